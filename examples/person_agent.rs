//! Calls the SuperOffice Services88 Person agent through a `#[soap_service]` trait.
//!
//! ```text
//! cargo run --example person_agent
//! ```
//! serves a Person.svc stand-in on 127.0.0.1, made from the same trait by soapkit's server,
//! and calls both operations, printing each envelope that crosses the wire (through a tower
//! layer on the client's transport) and the results. To call a real NetServer instead:
//! ```text
//! SOAPKIT_ENDPOINT=https://…/Remote/Services88/Person.svc \
//! SUPEROFFICE_APP_TOKEN=… SUPEROFFICE_TICKET=… cargo run --example person_agent
//! ```

use serde::{Deserialize, Serialize};
use soapkit::transport::{Transport, TransportRequest};
use soapkit::{Client, Fault, Header, SoapVersion, soap_impl, soap_operation, soap_service};
use tower::ServiceExt;

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

/// The Person agent of NetServer Services88. `server` makes `PersonAgentServer` too.
#[soap_service(
    server,
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

/// The stand-in: what NetServer would answer, for a run without a real endpoint.
struct StandIn;

/// `#[soap_impl]` lets the methods be written as the `async fn`s the trait declares.
#[soap_impl]
impl PersonAgent for StandIn {
    async fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Result<String> {
        // NetServer refuses a call without an application token; so does the stand-in.
        let headers = soapkit::server::request_headers();
        if headers.and_then(|h| h.get::<String>(NS, "ApplicationToken").ok().flatten()).is_none() {
            return Err(Fault::sender("no ApplicationToken header").into());
        }
        soapkit::server::add_reply_header(Header::new(NS, "Succeeded", &true)?);
        Ok(format!("key-for-{domain:?}-{target_id}-{person_id}-{}-{}", expires.timestamp(), payload.len()))
    }

    async fn delete_temporary_keys_of_domain(&self, _: TemporaryKeyDomain, _: i32) -> soapkit::Result<()> {
        Ok(())
    }
}

/// Prints each request and reply envelope as the client's transport sends and receives it.
fn print_envelopes(
    inner: Transport,
) -> impl tower::Service<
    TransportRequest,
    Response = soapkit::transport::TransportResponse,
    Error = soapkit::Error,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: TransportRequest| {
        let inner = inner.clone();
        async move {
            let action = request.headers().get("soapaction").and_then(|v| v.to_str().ok()).unwrap_or("-");
            println!(
                "--> POST {}\n    SOAPAction: {action}\n{}\n",
                request.uri(),
                String::from_utf8_lossy(request.body())
            );
            let response = inner.oneshot(request).await?;
            println!("<-- HTTP {}\n{}\n", response.status(), String::from_utf8_lossy(response.body()));
            Ok(response)
        }
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the stand-in alive for the whole run when there is no real endpoint.
    let (endpoint, _stand_in) = match std::env::var("SOAPKIT_ENDPOINT") {
        Ok(endpoint) => (endpoint, None),
        Err(_) => {
            let serving = PersonAgentServer::new(StandIn).bind("127.0.0.1:0").await?;
            (serving.url("/Remote/Services88/Person.svc"), Some(serving))
        }
    };
    let token = std::env::var("SUPEROFFICE_APP_TOKEN").unwrap_or_else(|_| "1234567-1234-9876".into());
    let ticket = std::env::var("SUPEROFFICE_TICKET").unwrap_or_else(|_| "7T:1234abcxyzExample==".into());

    let mut builder = Client::builder(&endpoint)
        .soap_version(SoapVersion::Soap11)
        .header(Header::new(NS, "ApplicationToken", &token)?)
        .header(Header::secret(NS, "Credentials", &Credentials { ticket })?);
    // The raw envelopes carry the ticket: they are printed for the stand-in's placeholder
    // credentials only, never for a real endpoint's.
    if _stand_in.is_some() {
        builder = builder.layer(tower::layer::layer_fn(print_envelopes));
    }
    let client = builder.build()?;
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
        let drift = soapkit_codegen::drift::check::<super::PersonAgentClient>("interop/person.wsdl").unwrap();
        assert!(drift.is_empty(), "{drift}");
    }
}
