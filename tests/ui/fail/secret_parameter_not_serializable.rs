use soapkit::{soap_operation, soap_service};

pub struct NotSerializable;

// Regression: the generated call's method name once carried the attribute's span, so the
// error pointed at #[soap_service] instead of this parameter.
#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self, #[soap(secret)] value: NotSerializable) -> soapkit::Result<()>;
}

fn main() {}
