use soapkit::{soap_impl, soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Lookup {
    #[soap_operation(action = "Get")]
    async fn get(&self, id: i32) -> soapkit::Result<String>;
}

struct Impl;

#[soap_impl]
impl Lookup for Impl {
    async fn get(&self, id: i32) -> String {
        id.to_string()
    }
}

fn main() {}
