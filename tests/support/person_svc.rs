//! A stand-in for SuperOffice's `Person.svc`, made by soapkit's server from the same
//! `PersonAgent` trait the tests' client uses: it answers the two Services88 Person
//! operations the way a WCF service does (reply headers `ExceptionInfo`, `ExtraInfo`,
//! `Succeeded`, `TimeZone`; the result in `Response`), in the SOAP version of the
//! request, with a fault for anything else.

use soapkit::server::{Server, add_reply_header};
use soapkit::xsd::Nillable;
use soapkit::{Call, Header};

use super::NS;
use super::person::{
    PersonAgent, PersonAgentServer, PersonAgentWithHeaders, PersonAgentWithHeadersServer, TemporaryKeyDomain,
};

/// The key the stand-in derives from a request, so tests can check each reply belongs to
/// its own request.
pub fn key_for(domain: &str, target_id: &str, person_id: &str, expires: &str, payload: &str) -> String {
    format!("{domain}|{target_id}|{person_id}|{expires}|{payload}")
}

struct PersonSvc;

/// The header blocks a WCF Services88 reply carries.
fn wcf_reply_headers() {
    for name in ["ExceptionInfo", "ExtraInfo"] {
        add_reply_header(Header::new(NS, name, &Nillable::<String>(None)).unwrap());
    }
    add_reply_header(Header::new(NS, "Succeeded", &true).unwrap());
    add_reply_header(Header::new(NS, "TimeZone", &Nillable::<String>(None)).unwrap());
}

impl PersonAgent for PersonSvc {
    fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> Call<'_, String> {
        wcf_reply_headers();
        let expires = expires.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        let key = key_for(&format!("{domain:?}"), &target_id.to_string(), &person_id.to_string(), &expires, &payload);
        Call::ready(Ok(key))
    }

    fn delete_temporary_keys_of_domain(&self, _: TemporaryKeyDomain, _: i32) -> Call<'_, ()> {
        wcf_reply_headers();
        Call::ready(Ok(()))
    }
}

/// The stand-in, to serve with `TestServer::serving`.
pub fn server() -> Server {
    PersonAgentServer::new(PersonSvc)
}

/// The create operation as `PersonAgentWithHeaders` declares it (its own SOAP action).
impl PersonAgentWithHeaders for PersonSvc {
    fn create_key_with_headers(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> Call<'_, soapkit::Reply<String>> {
        let key = PersonAgent::create_temporary_key_with_payload(self, domain, target_id, person_id, expires, payload);
        Call::from_future(async move { Ok(soapkit::Reply::from_value(key.await?)) })
    }
}

/// The stand-in as `PersonAgentWithHeaders`'s server.
pub fn server_with_headers() -> Server {
    PersonAgentWithHeadersServer::new(PersonSvc)
}
