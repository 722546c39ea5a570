use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x", soap_version = "1.2")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self) -> soapkit::Result<()>;
}
fn main() {}
