use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self, (a, b): (i32, i32)) -> soapkit::Result<()>;
}
fn main() {}
