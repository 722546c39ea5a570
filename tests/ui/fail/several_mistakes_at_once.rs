use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x", rename_all = "Title Case")]
pub trait Person {
    #[soap_operation(action = "Create Key")]
    async fn create(&self) -> soapkit::Result<()>;
    #[soap_operation(action = "Get", colour = "blue")]
    async fn get(&mut self) -> soapkit::Result<()>;
    #[soap_operation(action = "Fetch")]
    fn fetch(&self, (a, b): (i32, i32)) -> String;
}
fn main() {}
