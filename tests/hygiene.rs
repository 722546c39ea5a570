//! The expansion names everything through `::soapkit::__private`, so it compiles when the
//! calling module shadows the names it might otherwise lean on, and it adds no warnings.
#![deny(warnings, unused_qualifications, unreachable_pub, missing_docs)]
//! (Crate docs, for `missing_docs`.)

mod support;

/// Types the services use, declared where the usual names are intact.
pub mod types {
    use serde::{Deserialize, Serialize};

    /// A domain.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Domain {
        /// One.
        PublicFaq,
    }
}

/// A module that shadows `Result`, `Option`, `core`, `std`, `serde` and the marker traits.
#[allow(dead_code, non_camel_case_types, clippy::all)]
pub mod decoys {
    use super::types::Domain;
    use soapkit::{soap_operation, soap_service};

    struct Result;
    struct Option;
    struct Send;
    struct Sync;
    struct Future;
    struct Clone;
    struct Debug;
    struct String;
    struct Box;
    struct Vec;
    mod core {}
    mod std {}
    mod serde {}
    mod soapkit_runtime {}
    struct Arc;
    struct usize;
    struct Ok;
    struct Err;

    /// A service declared among decoys.
    #[soap_service(server, ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
    pub trait Shadowed {
        /// Deletes keys.
        #[soap_operation(action = "DeleteTemporaryKeysOfDomain")]
        async fn delete(&self, domain: Domain, person_id: i32) -> ::soapkit::Result<()>;
    }
}

/// A service in a plain module, where `unused_qualifications` would see any needless path.
pub mod plain {
    use soapkit::{soap_operation, soap_service};

    /// Echo.
    #[soap_service(server, ns = "http://www.superoffice.net/ws/crm/NetServer/Services88", rename_all = "camelCase")]
    pub trait Plain {
        /// Deletes keys.
        #[soap_operation(action = "DeleteTemporaryKeysOfDomain")]
        async fn delete(&self, domain: super::types::Domain, person_id: i32) -> soapkit::Result<()>;
    }
}

#[tokio::test]
async fn a_service_declared_among_decoys_works() {
    use decoys::Shadowed;
    let server = support::server::TestServer::serving(support::person_svc::server()).await;
    let client = soapkit::Client::builder(server.url("/p")).build().unwrap();
    decoys::ShadowedClient::new(client).delete(types::Domain::PublicFaq, 4).await.unwrap();
}

#[tokio::test]
async fn rename_all_camel_case_names_the_elements() {
    use plain::Plain;
    // The elements are camelCase, so the Person.svc stand-in would refuse them: a canned
    // reply answers.
    let reply = format!(
        r#"<s:Envelope xmlns:s="{}"><s:Body><DeleteTemporaryKeysOfDomainResponse xmlns="{}"/></s:Body></s:Envelope>"#,
        soapkit::SOAP11_ENVELOPE,
        support::NS
    );
    let server = support::server::TestServer::replying(support::server::Canned::soap11(200, reply)).await;
    let client = soapkit::Client::builder(server.url("/p")).build().unwrap();
    plain::PlainClient::new(client).delete(types::Domain::PublicFaq, 4).await.unwrap();
    let body = &server.requests()[0].body;
    assert!(body.contains("<domain>PublicFaq</domain><personId>4</personId>"), "{body}");
}
