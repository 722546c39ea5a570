//! Property test: arbitrary values of a Person-like type (all of Unicode that XML allows,
//! extremes of every number) go through a real envelope to an echo server on 127.0.0.1
//! and come back exactly; strings XML cannot carry give the input error instead.

mod support;

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use soapkit::{Client, soap_operation, soap_service};
use support::server::TestServer;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Person {
    pub firstname: String,
    pub middle_name: Option<String>,
    #[serde(rename = "Email", default)]
    pub emails: Vec<String>,
    pub person_id: i32,
    pub big: i64,
    pub unsigned: u64,
    pub rank: f64,
    pub ratio: f32,
    pub active: bool,
}

impl PartialEq for Person {
    /// Floats compare by bits, so `-0.0` and `NaN` must come back as they went.
    fn eq(&self, other: &Self) -> bool {
        self.firstname == other.firstname
            && self.middle_name == other.middle_name
            && self.emails == other.emails
            && self.person_id == other.person_id
            && self.big == other.big
            && self.unsigned == other.unsigned
            && self.rank.to_bits() == other.rank.to_bits()
            && self.ratio.to_bits() == other.ratio.to_bits()
            && self.active == other.active
    }
}

#[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
pub trait Echo {
    #[soap_operation(action = "SavePerson")]
    async fn save_person(&self, person: Person) -> soapkit::Result<Person>;
}

/// Every character XML 1.0 allows.
fn xml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        Just('\t'),
        Just('\n'),
        Just('\r'),
        prop::char::range('\u{20}', '\u{D7FF}'),
        prop::char::range('\u{E000}', '\u{FFFD}'),
        prop::char::range('\u{10000}', '\u{10FFFF}'),
        prop::sample::select(vec!['<', '>', '&', '"', '\'', ']', ' ']),
    ]
}

fn xml_string() -> impl Strategy<Value = String> {
    prop::collection::vec(xml_char(), 0..24).prop_map(|chars| chars.into_iter().collect())
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX)
    ]
}

fn person() -> impl Strategy<Value = Person> {
    (
        xml_string(),
        prop::option::of(xml_string()),
        prop::collection::vec(xml_string(), 0..4),
        any::<i32>(),
        any::<i64>(),
        any::<u64>(),
        float(),
        any::<f32>(),
        any::<bool>(),
    )
        .prop_map(|(firstname, middle_name, emails, person_id, big, unsigned, rank, ratio, active)| Person {
            firstname,
            middle_name,
            emails,
            person_id,
            big,
            unsigned,
            rank,
            ratio,
            active,
        })
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    server: TestServer,
    client: EchoClient,
}

/// One runtime, server and client per test (`slot`), as tests run in parallel and one
/// counts the requests its server received.
fn harness(slot: usize) -> &'static Harness {
    static HARNESS: [std::sync::OnceLock<Harness>; 2] = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    HARNESS[slot].get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let server = runtime.block_on(TestServer::start(support::echo::echo));
        let client = EchoClient::new(Client::builder(server.url("/echo")).build().unwrap());
        Harness { runtime, server, client }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn values_round_trip_exactly(person in person()) {
        let h = harness(0);
        let back = h.runtime.block_on(h.client.save_person(person.clone())).unwrap();
        prop_assert_eq!(back, person);
    }

    #[test]
    fn strings_xml_cannot_carry_are_refused(prefix in xml_string(), bad in prop_oneof![prop::char::range('\u{0}', '\u{8}'), prop::char::range('\u{B}', '\u{C}'), prop::char::range('\u{E}', '\u{1F}'), Just('\u{FFFE}'), Just('\u{FFFF}')]) {
        let h = harness(1);
        let before = h.server.requests().len();
        let mut person = Person { firstname: String::new(), middle_name: None, emails: vec![], person_id: 0, big: 0, unsigned: 0, rank: 0.0, ratio: 0.0, active: false };
        person.firstname = format!("{prefix}{bad}");
        let error = h.runtime.block_on(h.client.save_person(person)).unwrap_err();
        prop_assert!(error.is_input(), "{}", error);
        prop_assert_eq!(h.server.requests().len(), before);
    }
}
