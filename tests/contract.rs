//! The README's quickstart declaration (the Services88 Person agent), exactly as a user
//! writes it, run against a Person.svc stand-in on 127.0.0.1.

mod support;

use serde::{Deserialize, Serialize};
use soapkit::{Client, Header, SoapVersion, soap_operation, soap_service};

pub const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

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
    #[soap_operation(
        ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
        action = "CreateTemporaryKeyWithPayload"
    )]
    async fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Result<String>;

    /// Deletes all temporary keys of a domain for a person.
    #[soap_operation(
        ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
        action = "DeleteTemporaryKeysOfDomain"
    )]
    async fn delete_temporary_keys_of_domain(&self, domain: TemporaryKeyDomain, person_id: i32) -> soapkit::Result<()>;
}

async fn app(endpoint: &str) -> soapkit::Result<()> {
    let client = Client::builder(endpoint)
        .soap_version(SoapVersion::Soap11) // the default; Soap12 switches the whole envelope and HTTP binding
        .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876")?)
        .header(Header::new(NS, "Credentials", &Credentials { ticket: "7T:1234abcxyzExample==".into() })?)
        .build()?;
    let person = PersonAgentClient::new(client); // generated: `{Trait}Client`, Clone + Send + Sync
    let expires = "2025-09-19T01:40:55Z".parse().unwrap();
    let key: String = person
        .create_temporary_key_with_payload(
            TemporaryKeyDomain::LoginCustomerCenter,
            0,
            123,
            expires,
            "<hello & bye>".into(),
        )
        .await?;
    person.delete_temporary_keys_of_domain(TemporaryKeyDomain::LoginCustomerCenter, 123).await?;
    // Not in the contract's text: what the stand-in answered, checked.
    assert_eq!(key, "LoginCustomerCenter|0|123|2025-09-19T01:40:55Z|<hello & bye>");
    Ok(())
}

#[tokio::test]
async fn the_contract_runs_against_a_person_svc_stand_in() {
    let server = support::server::TestServer::serving(support::person_svc::server()).await;
    app(&server.url("/Remote/Services88/Person.svc")).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("soapaction"),
        Some("\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/DeleteTemporaryKeysOfDomain\"")
    );
}
