use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Notify", one_way)]
    async fn notify(&self, id: i32) -> soapkit::Result<String>;
}
fn main() {}
