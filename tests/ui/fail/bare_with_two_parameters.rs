use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Key", bare)]
    async fn key(&self, a: String, b: String) -> soapkit::Result<()>;
}
fn main() {}
