use soapkit::{soap_operation, soap_service};

#[derive(serde::Deserialize)]
pub struct ReadOnly {
    pub id: i32,
}

#[soap_service(server, ns = "urn:x")]
pub trait Lookup {
    #[soap_operation(action = "Get")]
    async fn get(&self, id: i32) -> soapkit::Result<ReadOnly>;
}

fn main() {}
