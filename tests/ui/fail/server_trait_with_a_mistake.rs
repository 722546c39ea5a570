use soapkit::{soap_operation, soap_service};

#[soap_service(server, ns = "urn:x")]
pub trait Person {
    #[soap_operation]
    async fn get(&self) -> soapkit::Result<()>;
}

struct People;

impl Person for People {
    fn get(&self) -> soapkit::Call<'_, ()> {
        soapkit::Call::ready(Ok(()))
    }
}

// Everything the expansion makes is still there: using it adds no second error.
fn _use(client: soapkit::Client) {
    let _ = PersonClient::new(client).get();
    let _ = PersonClient::description();
    let _ = <PersonClient as soapkit::description::Declaration>::shapes::<()>();
    let _ = PersonServer::new(People);
}
fn main() {}
