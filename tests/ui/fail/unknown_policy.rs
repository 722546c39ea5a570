use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x", ws_addressing = "2.0", ws_security = "username_token kerberos")]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self, person_id: i32) -> soapkit::Result<()>;
}
fn main() {}
