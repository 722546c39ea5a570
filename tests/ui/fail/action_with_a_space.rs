use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Create Key")]
    async fn create(&self) -> soapkit::Result<()>;
}
fn main() {}
