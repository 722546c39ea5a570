//! The Services88 Person agent as the tests declare it (the contract's declaration, with a
//! client helper).

use serde::{Deserialize, Serialize};
use soapkit::{Client, Header, SoapVersion, soap_operation, soap_service};

use super::NS;

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
    server,
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait PersonAgent {
    /// Creates a temporary key that carries a payload.
    #[soap_operation(action = "CreateTemporaryKeyWithPayload", result = "Response")]
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

/// The create operation declared to return the reply's header blocks too, with an
/// explicit SOAP action.
#[soap_service(server, ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
pub trait PersonAgentWithHeaders {
    /// Creates a temporary key, with the reply headers.
    #[soap_operation(action = "CreateTemporaryKeyWithPayload", soap_action = "urn:create-with-headers")]
    async fn create_key_with_headers(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Result<soapkit::Reply<String>>;
}

/// A client with the two Services88 headers, for `version`.
pub fn client(endpoint: &str, version: SoapVersion) -> PersonAgentClient {
    PersonAgentClient::new(raw_client(endpoint, version))
}

/// The client under [`client`].
pub fn raw_client(endpoint: &str, version: SoapVersion) -> Client {
    Client::builder(endpoint)
        .soap_version(version)
        .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap())
        .header(Header::new(NS, "Credentials", &Credentials { ticket: "7T:1234abcxyzExample==".into() }).unwrap())
        .build()
        .unwrap()
}

pub fn expires() -> chrono::DateTime<chrono::Utc> {
    "2025-09-19T01:40:55Z".parse().unwrap()
}
