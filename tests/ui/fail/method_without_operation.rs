use soapkit::soap_service;

#[soap_service(ns = "urn:x")]
pub trait Person {
    async fn get(&self) -> soapkit::Result<()>;
}
fn main() {}
