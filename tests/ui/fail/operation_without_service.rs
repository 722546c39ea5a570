use soapkit::soap_operation;

/// A trait someone forgot to mark.
pub trait Person {
    #[soap_operation(ns = "urn:x", action = "Get")]
    async fn get(&self) -> soapkit::Result<()>;
}
fn main() {}
