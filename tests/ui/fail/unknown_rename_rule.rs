use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x", rename_all = "Title Case")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self, person_id: i32) -> soapkit::Result<()>;
}
fn main() {}
