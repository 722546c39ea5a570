use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "Services 88")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self) -> soapkit::Result<()>;
}
fn main() {}
