use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Notify", one_way = "true")]
    async fn notify(&self) -> soapkit::Result<()>;
}
fn main() {}
