//! The drift check: hand-written declarations compared with `interop/person.wsdl`, and a
//! declaration with a mistake of every kind, all of them reported at once.

mod support;

use soapkit::{soap_operation, soap_service};
use support::person::{PersonAgentClient, PersonAgentWithHeadersClient, TemporaryKeyDomain};

const WSDL: &str = "interop/person.wsdl";

#[test]
fn the_hand_written_person_declarations_match_the_wsdl() {
    let drift = soapkit_codegen::drift::check(WSDL, PersonAgentClient::description()).unwrap();
    assert!(drift.is_empty(), "{drift}");
    assert_eq!(drift.undeclared(), ["SavePerson", "AuthenticateWithPassword", "Fail"]);
}

#[test]
fn a_wrong_soap_action_is_drift() {
    // This declaration overrides the action on purpose (a test of `soap_action`).
    let drift = soapkit_codegen::drift::check(WSDL, PersonAgentWithHeadersClient::description()).unwrap();
    assert_eq!(
        drift.differences(),
        [
            "`create_key_with_headers`: the SOAP action is \"urn:create-with-headers\"; the WSDL says \"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload\""
        ]
    );
}

/// interop/person.wsdl declared with one mistake of each kind.
#[soap_service(
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait Drifted {
    /// Parameters swapped, one missing, one namespace wrong, a header the WSDL does not bind.
    #[soap_operation(action = "CreateTemporaryKeyWithPayload")]
    async fn create(
        &self,
        domain: TemporaryKeyDomain,
        person_id: i32,
        target_id: i32,
        #[soap(ns = "urn:elsewhere")] expires: String,
        #[soap(header)] session: String,
    ) -> soapkit::Result<String>;

    /// Declared one-way.
    #[soap_operation(action = "SavePerson", one_way)]
    async fn save(&self, person: String) -> soapkit::Result<()>;

    /// The reply is read as its first child only, and under another wrapper name.
    #[soap_operation(action = "AuthenticateWithPassword", response = "AuthenticateWithPasswordResponse")]
    async fn authenticate(&self, user_name: String, password: String) -> soapkit::Result<bool>;

    /// The result element named wrong.
    #[soap_operation(action = "Fail", result = "FailResult")]
    async fn fail(&self, reason: String) -> soapkit::Result<String>;

    /// Not in the WSDL at all, and one in another namespace.
    #[soap_operation(action = "Vanish")]
    async fn vanish(&self) -> soapkit::Result<()>;
    #[soap_operation(action = "DeleteTemporaryKeysOfDomain", ns = "urn:other")]
    async fn delete(&self, domain: TemporaryKeyDomain, person_id: i32) -> soapkit::Result<()>;
}

#[test]
fn every_difference_is_reported_at_once() {
    let drift = soapkit_codegen::drift::check(WSDL, DriftedClient::description()).unwrap();
    let expected = r#"Drifted differs from port type Person of interop/person.wsdl in 11 places:
  - `create`: parameter 2 (`person_id`) is <PersonId>; the WSDL has <TargetId> there
  - `create`: parameter 3 (`target_id`) is <TargetId>; the WSDL has <PersonId> there
  - `create`: parameter 4 <Expires> is in "urn:elsewhere"; the WSDL puts it in "http://www.superoffice.net/ws/crm/NetServer/Services88"
  - `create`: the WSDL's request has a parameter 5 <Payload>, an optional one that is not declared
  - `create`: header parameter `session` sends <Session> in http://www.superoffice.net/ws/crm/NetServer/Services88, which the WSDL does not bind to this operation
  - `save`: declared one-way; the WSDL has a reply
  - `authenticate`: the reply wrapper is <AuthenticateWithPasswordResponse>; the WSDL says <AuthenticateResponse>
  - `authenticate`: the WSDL's reply <AuthenticateResponse> is read whole (as AuthenticateResponse), but the declaration reads its first child: declare `whole_response`
  - `fail`: the result is read from <FailResult>; the WSDL's reply holds <Response>
  - `vanish`: the WSDL has no operation whose request element is <Vanish> in http://www.superoffice.net/ws/crm/NetServer/Services88
  - `delete`: the WSDL has no operation whose request element is <DeleteTemporaryKeysOfDomain> in urn:other (it has <DeleteTemporaryKeysOfDomain> in http://www.superoffice.net/ws/crm/NetServer/Services88)
  (not declared, which is no difference: DeleteTemporaryKeysOfDomain)"#;
    assert_eq!(drift.to_string(), expected);
}
