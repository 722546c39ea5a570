use soapkit::{soap_operation, soap_service};

pub struct NotSerializable;

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self, id: i32, value: NotSerializable) -> soapkit::Result<()>;
}
fn main() {}
