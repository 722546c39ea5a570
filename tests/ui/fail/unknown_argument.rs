use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get", namespace = "urn:y")]
    async fn get(&self) -> soapkit::Result<()>;
}
fn main() {}
