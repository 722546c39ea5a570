//! Calls the SuperOffice Services88 Person agent through a `#[soap_service]` trait.
//!
//! ```text
//! cargo run --example person_agent
//! ```
//! starts a Person.svc stand-in on 127.0.0.1 and calls both operations, printing each
//! envelope that crosses the wire and the results. To call a real NetServer instead:
//! ```text
//! SOAPKIT_ENDPOINT=https://…/Remote/Services88/Person.svc \
//! SUPEROFFICE_APP_TOKEN=… SUPEROFFICE_TICKET=… cargo run --example person_agent
//! ```

#[path = "../tests/support/mod.rs"]
mod support;

use serde::{Deserialize, Serialize};
use soapkit::{Client, Header, SoapVersion, soap_operation, soap_service};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// What a temporary key is for (Services88 `TemporaryKeyDomain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemporaryKeyDomain {
    Unknown,
    MailingRecipient,
    FormSubmitterRecipient,
    ViewTicketInCustomerCenter,
    LoginCustomerCenter,
    PublicFaq,
    ChangePasswordCustomerCenter,
    RegisterCustomerCenterEmailVerification,
}

/// The `Credentials` header: the ticket from SoPrincipal.svc.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Credentials {
    pub ticket: String,
}

/// The Person agent of NetServer Services88.
#[soap_service(
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait PersonAgent {
    /// Creates a temporary key that carries a payload.
    #[soap_operation(action = "CreateTemporaryKeyWithPayload")]
    async fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Result<String>;

    /// Deletes all temporary keys of a domain for a person.
    #[soap_operation(action = "DeleteTemporaryKeysOfDomain")]
    async fn delete_temporary_keys_of_domain(&self, domain: TemporaryKeyDomain, person_id: i32) -> soapkit::Result<()>;
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the stand-in alive for the whole run when there is no real endpoint.
    let (endpoint, _stand_in) = match std::env::var("SOAPKIT_ENDPOINT") {
        Ok(endpoint) => (endpoint, None),
        Err(_) => {
            let server = support::server::TestServer::start(|request| {
                println!(
                    "--> {} {}\n    SOAPAction: {}\n{}\n",
                    request.method,
                    request.path,
                    request.header("soapaction").unwrap_or("-"),
                    request.body
                );
                let reply = support::person_svc::respond(request);
                println!("<-- HTTP {}\n{}\n", reply.status, reply.body);
                reply
            })
            .await;
            (server.url("/Remote/Services88/Person.svc"), Some(server))
        }
    };
    let token = std::env::var("SUPEROFFICE_APP_TOKEN").unwrap_or_else(|_| "1234567-1234-9876".into());
    let ticket = std::env::var("SUPEROFFICE_TICKET").unwrap_or_else(|_| "7T:1234abcxyzExample==".into());

    let client = Client::builder(&endpoint)
        .soap_version(SoapVersion::Soap11)
        .header(Header::new(NS, "ApplicationToken", &token)?)
        .header(Header::new(NS, "Credentials", &Credentials { ticket })?)
        .build()?;
    let person = PersonAgentClient::new(client);
    println!("calling {endpoint}\n");

    let expires = "2025-09-19T01:40:55Z".parse()?;
    let key = person
        .create_temporary_key_with_payload(
            TemporaryKeyDomain::LoginCustomerCenter,
            0,
            123,
            expires,
            "<hello & bye>".into(),
        )
        .await?;
    println!("CreateTemporaryKeyWithPayload returned {key:?}");

    person.delete_temporary_keys_of_domain(TemporaryKeyDomain::LoginCustomerCenter, 123).await?;
    println!("DeleteTemporaryKeysOfDomain succeeded");
    Ok(())
}

/// The declaration above is checked against the service's WSDL (`cargo test --example
/// person_agent`, which `cargo test --workspace` runs): a hand-written declaration that
/// drifts from the vendor's contract fails the build's tests, listing every difference.
#[cfg(test)]
mod drift {
    #[test]
    fn the_declaration_matches_the_wsdl() {
        let drift =
            soapkit_codegen::drift::check("interop/person.wsdl", super::PersonAgentClient::description()).unwrap();
        assert!(drift.is_empty(), "{drift}");
    }
}
