use soapkit::{soap_operation, soap_service};

#[soap_service(ns = "urn:x")]
pub trait Person {
    #[soap_operation]
    async fn get(&self) -> soapkit::Result<()>;
}

// The client is still generated: using it adds no second error.
fn _use(client: soapkit::Client) {
    let _ = PersonClient::new(client).get();
}
fn main() {}
