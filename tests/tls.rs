//! HTTPS through rustls: a loopback server with a certificate from a private CA is refused
//! until the client trusts that CA, and mutual TLS presents a client certificate.

mod support;

use soapkit::Client;
use support::person::{PersonAgent, PersonAgentClient, TemporaryKeyDomain};
use support::tls::{pki, serve};

async fn delete(client: Client) -> soapkit::Result<()> {
    PersonAgentClient::new(client).delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1).await
}

#[tokio::test]
async fn a_private_ca_is_refused_until_trusted() {
    let pki = pki();
    let url = serve(&pki, false).await;
    let untrusting = Client::builder(&url).build().unwrap();
    let error = delete(untrusting).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    let trusting = Client::builder(&url).add_root_certificate_pem(pki.ca_pem.clone()).build().unwrap();
    delete(trusting).await.unwrap();
}

#[tokio::test]
async fn mutual_tls_presents_the_client_certificate() {
    let pki = pki();
    let url = serve(&pki, true).await;
    let anonymous = Client::builder(&url).add_root_certificate_pem(pki.ca_pem.clone()).build().unwrap();
    assert!(delete(anonymous).await.unwrap_err().is_transport());
    let identified = Client::builder(&url)
        .add_root_certificate_pem(pki.ca_pem.clone())
        .identity_pem(pki.client_identity_pem.clone())
        .build()
        .unwrap();
    delete(identified).await.unwrap();
    let builder = Client::builder(&url).identity_pem(pki.client_identity_pem.clone());
    assert!(!format!("{builder:?}").contains("PRIVATE KEY"));
}

#[test]
fn bad_pem_is_a_builder_error() {
    let error = Client::builder("https://127.0.0.1/x").add_root_certificate_pem("not pem").build().unwrap_err();
    assert!(error.is_builder(), "{error}");
}
