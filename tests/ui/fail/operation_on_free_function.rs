use soapkit::soap_operation;

#[soap_operation(ns = "urn:x", action = "Get")]
async fn get() -> soapkit::Result<()> {
    Ok(())
}
fn main() {}
