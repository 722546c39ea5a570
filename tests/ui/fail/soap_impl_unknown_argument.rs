use soapkit::{soap_impl, soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Lookup {
    #[soap_operation(action = "Get")]
    async fn get(&self, id: i32) -> soapkit::Result<String>;
}

struct Impl;

// `#[soap_impl]` has one declared list of arguments, like the other attributes: an unknown
// one is named, and the implementation is still rewritten (no second error).
#[soap_impl(crate = "soapkit", server)]
impl Lookup for Impl {
    async fn get(&self, id: i32) -> soapkit::Result<String> {
        Ok(id.to_string())
    }
}

fn main() {}
