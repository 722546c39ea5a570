//! The drift check: hand-written declarations compared with `interop/person.wsdl`, and a
//! declaration with a mistake of every kind, all of them reported at once.

mod support;

use soapkit::{soap_operation, soap_service};
use support::person::{PersonAgentClient, PersonAgentWithHeadersClient, TemporaryKeyDomain};

const WSDL: &str = "interop/person.wsdl";

#[test]
fn the_hand_written_person_declarations_match_the_wsdl() {
    let drift = soapkit_codegen::drift::check::<PersonAgentClient>(WSDL).unwrap();
    assert!(drift.is_empty(), "{drift}");
    assert_eq!(drift.undeclared(), ["SavePerson", "AuthenticateWithPassword", "Fail"]);
}

#[test]
fn a_wrong_soap_action_is_drift() {
    // This declaration overrides the action on purpose (a test of `soap_action`).
    let drift = soapkit_codegen::drift::check::<PersonAgentWithHeadersClient>(WSDL).unwrap();
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
    let drift = soapkit_codegen::drift::check::<DriftedClient>(WSDL).unwrap();
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

/// interop/person.wsdl's `PersonEntity` written by hand with one mistake of each kind in
/// its members: each would drop or refuse data silently, and each is reported.
mod types {
    use serde::{Deserialize, Serialize};
    use soapkit::xsd::{InNamespace, Namespace};

    pub struct Elsewhere;
    impl Namespace for Elsewhere {
        const URI: &'static str = "urn:elsewhere";
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct DriftedPerson {
        /// Renamed: the schema says `PersonId`.
        #[serde(rename = "PersonID")]
        pub person_id: Option<i32>,
        /// Moved: the schema has `Firstname` first.
        pub middle_name: Option<String>,
        pub firstname: Option<String>,
        /// A wrapped array as the schema has it, with a renamed member inside.
        #[serde(rename = "Emails/EntityElement")]
        pub emails: Option<Vec<Email>>,
        /// Single where the schema repeats (`ArrayOfint`).
        pub interests: Option<i32>,
        /// In another namespace than the schema's.
        pub active: Option<InNamespace<Elsewhere, bool>>,
        /// Required where the schema has `minOccurs="0"`.
        pub rank: f64,
        pub picture: Option<soapkit::xsd::Base64Binary>,
        /// Repeated where the schema has one.
        pub born: Vec<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Email {
        #[serde(rename = "Address")]
        pub value: Option<String>,
        pub description: Option<String>,
    }
}

#[soap_service(
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait DriftedTypes {
    #[soap_operation(action = "SavePerson")]
    async fn save_person(&self, person: Option<types::DriftedPerson>) -> soapkit::Result<Option<types::DriftedPerson>>;
}

#[test]
fn members_that_differ_from_the_schema_are_reported() {
    let drift = soapkit_codegen::drift::check::<DriftedTypesClient>(WSDL).unwrap();
    let sent = "`save_person`: parameter `person` <Person> (DriftedPerson; the schema's PersonEntity)";
    let received = "`save_person`: the result <Response> (DriftedPerson; the schema's PersonEntity)";
    let expected = [
        format!("{sent} declares <PersonID>, which the schema's type does not have: the server does not expect it"),
        format!("{received} declares <PersonID>, which the schema's type does not have: nothing ever fills it"),
        format!("{received} does not declare the schema's <PersonId>: its value is dropped"),
        format!("{sent} declares <Firstname> after <MiddleName>; the schema has it before"),
        format!("{sent} <Interests> is declared single; the schema repeats it: items after the first are lost"),
        format!("{sent} puts <Active> in \"urn:elsewhere\"; the schema in its parent's namespace"),
        format!(
            "{received} <Rank> is required in the declaration; the schema lets the server leave it out, and a reply without it does not decode"
        ),
        format!("{sent} <Born> is declared repeated; the schema has one"),
        format!(
            "{received} <Emails> (Email; the schema's EntityElement) declares <Address>, which the schema's type does not have: nothing ever fills it"
        ),
        format!(
            "{received} <Emails> (Email; the schema's EntityElement) does not declare the schema's <Value>: its value is dropped"
        ),
    ];
    for line in &expected {
        assert!(drift.differences().contains(line), "missing: {line}\n{drift}");
    }
    // Nothing else: the wrapped array, the optional members and the base64 member match.
    assert_eq!(drift.differences().len(), 15, "{drift}");
}
