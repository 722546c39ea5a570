//! A user crate that depends on soapkit under another name (`soap`), so a path to
//! `::soapkit` in the expansion would not compile here.
#![deny(warnings, missing_docs)]

use serde::{Deserialize, Serialize};

/// A domain.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum Domain {
    /// One.
    PublicFaq,
}

/// A service declared through the renamed facade.
#[soap::soap_service(crate = "::soap", ns = "urn:example:renamed")]
pub trait Renamed {
    /// Deletes keys.
    #[soap::soap_operation(action = "DeleteTemporaryKeysOfDomain")]
    async fn delete(&self, domain: Domain, person_id: i32) -> soap::Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_client_is_generated_and_calls_out() {
        // A port that was free a moment ago: the call must fail in transport, which proves
        // the generated method ran the runtime end to end.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let client = soap::Client::builder(format!("http://127.0.0.1:{port}/x")).build().unwrap();
        let error = RenamedClient::new(client).delete(Domain::PublicFaq, 1).await.unwrap_err();
        assert!(error.is_transport(), "{error}");
    }
}
