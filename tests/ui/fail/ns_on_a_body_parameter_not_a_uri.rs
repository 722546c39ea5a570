use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self, #[soap(ns = "not a uri")] id: i32) -> soapkit::Result<()>;
}
fn main() {}
