//! Real data through a real envelope: user types with serde derives go out through the
//! client and come back from an echo server on 127.0.0.1, which answers each request
//! wrapper's children inside `{Operation}Response`.

mod support;

use serde::{Deserialize, Serialize};
use soapkit::wcf::{ARRAYS_NS, ArrayOf};
use soapkit::xsd::{InNamespace, KeyValue, Nillable};
use soapkit::{Client, soap_operation, soap_service};
use support::NS;
use support::echo::echo;
use support::server::{Canned, TestServer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Right {
    Read,
    Write,
    #[serde(rename = "DeleteAll")]
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntityElement {
    pub value: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Emails {
    #[serde(rename = "EntityElement", default)]
    pub items: Vec<EntityElement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExceptionInfo {
    pub message: String,
    pub inner_exception: Option<Box<ExceptionInfo>>,
}

/// A Services88-like entity with every kind of member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PersonEntity {
    #[serde(rename = "@version")]
    pub version: u32,
    pub person_id: i32,
    pub firstname: String,
    pub middle_name: Option<String>,
    pub title: Nillable<String>,
    pub emails: Emails,
    pub interests: ArrayOf<i32>,
    pub tags: ArrayOf<String>,
    #[serde(with = "soapkit::xsd::list")]
    pub rights: Vec<Right>,
    #[serde(with = "soapkit::xsd::base64")]
    pub picture: Vec<u8>,
    pub active: bool,
    pub rank: f64,
    pub ratio: f32,
    pub small: i8,
    pub big: u64,
    pub huge: i128,
    pub born: chrono::NaiveDate,
    pub alarm: chrono::NaiveTime,
    pub updated: chrono::DateTime<chrono::FixedOffset>,
    pub created: chrono::DateTime<chrono::Utc>,
    #[serde(with = "soapkit::xsd::duration")]
    pub session: std::time::Duration,
    #[serde(rename = "ExtraInfo", default)]
    pub extra: Vec<KeyValue<String, String>>,
    pub error: Option<ExceptionInfo>,
    pub balance: rust_decimal::Decimal,
    pub address: InNamespace<Common, Address>,
}

/// A namespace the entity imports a type from.
pub struct Common;

impl soapkit::xsd::Namespace for Common {
    const URI: &'static str = "urn:example:common";
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    pub city: String,
}

fn sample() -> PersonEntity {
    PersonEntity {
        version: 3,
        person_id: -7,
        firstname: "Åse <& \"O'Neil\" 😀".into(),
        middle_name: None,
        title: Nillable(None),
        emails: Emails {
            items: vec![
                EntityElement { value: "a@example.com".into(), description: Some("work".into()) },
                EntityElement { value: "b@example.com".into(), description: None },
            ],
        },
        interests: ArrayOf(vec![1, 2, 3]),
        tags: ArrayOf(vec!["x".into(), "y z".into()]),
        rights: vec![Right::Read, Right::Delete],
        picture: vec![0, 1, 2, 254, 255],
        active: true,
        rank: f64::INFINITY,
        ratio: -0.5,
        small: i8::MIN,
        big: u64::MAX,
        huge: i128::MIN,
        born: "1980-02-29".parse().unwrap(),
        alarm: "07:30:15.25".parse().unwrap(),
        updated: "2025-09-19T01:40:55.123+02:00".parse().unwrap(),
        created: "2025-09-19T01:40:55Z".parse().unwrap(),
        session: std::time::Duration::from_millis(3_723_500),
        extra: vec![KeyValue { key: "k".into(), value: "v".into() }],
        error: Some(ExceptionInfo {
            message: "outer".into(),
            inner_exception: Some(Box::new(ExceptionInfo { message: "inner".into(), inner_exception: None })),
        }),
        balance: "-12345678901234.5678".parse().unwrap(),
        address: InNamespace::new(Address { city: "Oslo".into() }),
    }
}

/// The AuthenticateResponse of SoPrincipal: several children read as one struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticateResponse {
    pub response: bool,
    pub credentials: Credentials,
    pub authentication_succeeded: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Credentials {
    pub ticket: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeZone {
    pub so_time_zone_id: i32,
    pub so_time_zone_location_code: String,
}

#[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
pub trait Data {
    #[soap_operation(action = "SavePerson")]
    async fn save_person(&self, person: PersonEntity) -> soapkit::Result<PersonEntity>;

    #[soap_operation(action = "Authenticate", whole_response)]
    async fn authenticate(
        &self,
        response: bool,
        credentials: Credentials,
        authentication_succeeded: bool,
    ) -> soapkit::Result<AuthenticateResponse>;

    #[soap_operation(action = "GetIds")]
    async fn get_ids(&self, #[soap(rename = "Ids")] ids: ArrayOf<i64>) -> soapkit::Result<Vec<i64>>;

    #[soap_operation(action = "Touch")]
    async fn touch(&self, #[soap(header)] time_zone: TimeZone, person_id: i32) -> soapkit::Result<i32>;

    #[soap_operation(action = "Maybe")]
    async fn maybe(&self, value: Option<String>) -> soapkit::Result<Option<String>>;
}

async fn client(server: &TestServer) -> DataClient {
    DataClient::new(Client::builder(server.url("/data")).build().unwrap())
}

#[tokio::test]
async fn a_rich_entity_round_trips() {
    let server = TestServer::start(echo).await;
    let data = client(&server).await;
    let person = sample();
    assert_eq!(data.save_person(person.clone()).await.unwrap(), person);

    // What went out, checked where a wrong form would be silently misread by a server.
    let sent = &server.requests()[0].body;
    let envelope = support::xml::parse(sent);
    let person_el = envelope.find("Person").unwrap();
    assert_eq!(person_el.namespace, NS);
    let interests = person_el.find("Interests").unwrap();
    assert_eq!(interests.namespace, NS);
    assert!(interests.children.iter().all(|c| c.namespace == ARRAYS_NS && c.local == "int"), "{sent}");
    assert_eq!(person_el.find("Title").unwrap().attributes.len(), 1, "xsi:nil on Title: {sent}");
    assert!(person_el.find("MiddleName").is_none(), "None is omitted");
    assert_eq!(person_el.find("Rights").unwrap().text, "Read DeleteAll");
    assert_eq!(person_el.find("Picture").unwrap().text, "AAEC/v8=");
    assert_eq!(person_el.find("Rank").unwrap().text, "INF");
    assert_eq!(person_el.find("Session").unwrap().text, "PT1H2M3.5S");
    assert_eq!(person_el.find("Emails").unwrap().children.len(), 2);
    assert!(!sent.contains("xsi:type"));
    assert_eq!(person_el.find("Balance").unwrap().text, "-12345678901234.5678");
    let address = person_el.find("Address").unwrap();
    assert_eq!(
        (address.namespace.as_str(), address.children[0].namespace.as_str()),
        ("urn:example:common", "urn:example:common")
    );
}

#[tokio::test]
async fn a_wrapper_with_several_children_is_one_struct() {
    let server = TestServer::start(echo).await;
    let reply = client(&server).await.authenticate(true, Credentials { ticket: "7T:abc".into() }, true).await.unwrap();
    assert_eq!(
        reply,
        AuthenticateResponse {
            response: true,
            credentials: Credentials { ticket: "7T:abc".into() },
            authentication_succeeded: true
        }
    );
}

#[tokio::test]
async fn a_wcf_array_result_reads_its_items() {
    let server = TestServer::start(echo).await;
    // The echo answers <GetIdsResponse><Ids xmlns:a=…><a:long>…</a:long></Ids>: the result
    // element's children, whatever their names, are the Vec.
    assert_eq!(client(&server).await.get_ids(ArrayOf(vec![5, -6])).await.unwrap(), vec![5, -6]);
}

#[tokio::test]
async fn a_header_parameter_goes_into_header() {
    let server = TestServer::start(echo).await;
    let tz = TimeZone { so_time_zone_id: 12, so_time_zone_location_code: "NO".into() };
    assert_eq!(client(&server).await.touch(tz, 9).await.unwrap(), 9);
    let envelope = support::xml::parse(&server.requests()[0].body);
    let header = envelope.children.iter().find(|c| c.local == "Header").expect("a Header");
    assert_eq!(header.children[0].local, "TimeZone");
    assert_eq!(header.children[0].namespace, NS);
    assert_eq!(header.children[0].find("SoTimeZoneId").unwrap().text, "12");
    let body = envelope.children.iter().find(|c| c.local == "Body").unwrap();
    assert_eq!(body.children[0].children.len(), 1, "only PersonId in the body");
}

#[tokio::test]
async fn options_are_omitted_and_read_back_as_none() {
    let server = TestServer::start(echo).await;
    let data = client(&server).await;
    assert_eq!(data.maybe(None).await.unwrap(), None);
    assert_eq!(data.maybe(Some(String::new())).await.unwrap(), Some(String::new()));
    assert_eq!(data.maybe(Some("x".into())).await.unwrap(), Some("x".into()));
}

/// A base type and what a server sends for a derived one.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Carrier {
    #[serde(rename = "@xsi:type")]
    pub kind: Option<String>,
    pub id: i32,
}

#[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
pub trait Entities {
    #[soap_operation(action = "GetCarrier")]
    async fn get_carrier(&self) -> soapkit::Result<Carrier>;
}

#[tokio::test]
async fn a_derived_type_reads_as_its_base_and_names_itself() {
    let body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetCarrierResponse xmlns="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Response i:type="PersonEntity"><Id>4</Id><Firstname>extra member</Firstname></Response></GetCarrierResponse></s:Body></s:Envelope>"#
    );
    let server = TestServer::replying(Canned::soap11(200, body)).await;
    let client = EntitiesClient::new(Client::builder(server.url("/e")).build().unwrap());
    assert_eq!(client.get_carrier().await.unwrap(), Carrier { kind: Some("PersonEntity".into()), id: 4 });
}

#[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
pub trait Notifications {
    #[soap_operation(action = "Notify", one_way)]
    async fn notify(&self, message: String) -> soapkit::Result<()>;
}

#[tokio::test]
async fn a_one_way_operation_accepts_202_with_no_body_and_still_reads_faults() {
    let accepted = TestServer::replying(Canned::of(202, "text/xml", String::new())).await;
    let client = NotificationsClient::new(Client::builder(accepted.url("/n")).build().unwrap());
    client.notify("hello".into()).await.unwrap();
    assert!(accepted.requests()[0].body.contains("<Notify xmlns="));

    let fault = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>down</faultstring></s:Fault></s:Body></s:Envelope>"#;
    let failing = TestServer::replying(Canned::soap11(500, fault)).await;
    let client = NotificationsClient::new(Client::builder(failing.url("/n")).build().unwrap());
    assert!(client.notify("hello".into()).await.unwrap_err().fault().unwrap().is_receiver());
}
