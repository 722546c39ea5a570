use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get", whole_response, result = "Response")]
    async fn get(&self) -> soapkit::Result<String>;
}
fn main() {}
