use soapkit::{soap_operation, soap_service};

#[soap_service]
pub trait Person {
    #[soap_operation(action = "Get")]
    async fn get(&self) -> soapkit::Result<()>;
}
fn main() {}
