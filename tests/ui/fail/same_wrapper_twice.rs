use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get", soap_action = "urn:get")]
    async fn get(&self) -> soapkit::Result<()>;
    #[soap_operation(action = "Get", soap_action = "urn:get")]
    async fn get_again(&self) -> soapkit::Result<()>;
}
fn main() {}
