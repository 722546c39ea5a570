//! WS-Security between soapkit's client and soapkit's server over real HTTP on 127.0.0.1:
//! a UsernameToken (digest or text) and a Timestamp on every request, the user it
//! authenticates seen by the implementation, and every refusal the WS-Security fault for
//! it; a header block marked `mustUnderstand` that the server does not understand is a
//! MustUnderstand fault. X.509 signatures: requests signed by the client and checked by
//! the server, replies signed by the server and checked by the client. (zeep's tokens against soapkit's server: `tests/interop.rs`; the
//! password in no log, error or `Debug` output: `tests/secrets.rs`.)

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use soapkit::server::{Server, authenticated_user};
use soapkit::transport::TransportRequest;
use soapkit::wsse::{PasswordType, Signer, Trust, UsernameTokens, WsSecurity};
use soapkit::{Call, Client, Secret, SoapVersion, soap_operation, soap_service};
use support::server::TestServer;
use tower::ServiceExt;

const PASSWORD: &str = "wonder&land<1>";

#[soap_service(ns = "urn:soapkit:wsse", server)]
pub trait Accounts {
    /// The user the request authenticated.
    #[soap_operation(action = "WhoAmI")]
    async fn who_am_i(&self) -> soapkit::Result<String>;

    /// The certificate that signed the request, in hex.
    #[soap_operation(action = "SignedBy")]
    async fn signed_by(&self) -> soapkit::Result<String>;
}

struct AccountsSvc;

impl Accounts for AccountsSvc {
    fn who_am_i(&self) -> Call<'_, String> {
        Call::ready(Ok(authenticated_user().unwrap_or_else(|| "nobody".into())))
    }

    fn signed_by(&self) -> Call<'_, String> {
        let der = soapkit::server::signed_by().unwrap_or_default();
        Call::ready(Ok(der.iter().map(|b| format!("{b:02x}")).collect()))
    }
}

fn tokens() -> UsernameTokens {
    UsernameTokens::new(|user| (user == "alice").then(|| Secret::new(PASSWORD.to_owned())))
}

async fn serve(server: Server) -> TestServer {
    TestServer::serving(server).await
}

fn client(url: &str, version: SoapVersion, security: Option<WsSecurity>) -> AccountsClient {
    let builder = Client::builder(url).soap_version(version);
    let builder = match security {
        Some(security) => builder.ws_security(security),
        None => builder,
    };
    AccountsClient::new(builder.build().unwrap())
}

/// The fault's WS-Security subcode (SOAP 1.2) and its reason.
fn ws_fault(error: &soapkit::Error) -> (Option<String>, String) {
    let fault = error.fault().unwrap_or_else(|| panic!("not a fault: {error:?}"));
    assert!(fault.is_sender(), "{fault:?}");
    let subcode = fault.subcodes().first().map(|code| {
        assert_eq!(code.namespace(), soapkit::wsse::WSSE);
        code.local_name().to_owned()
    });
    (subcode, fault.reason().to_owned())
}

#[tokio::test]
async fn a_username_token_reaches_the_implementation_as_its_user() {
    let server = serve(AccountsServer::new(AccountsSvc).ws_security(tokens().require_timestamp(true))).await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        for kind in [PasswordType::Digest, PasswordType::Text] {
            let security =
                WsSecurity::new().username_token("alice", PASSWORD, kind).timestamp(Duration::from_secs(300));
            let accounts = client(&server.url("/a"), version, Some(security));
            // Two calls: each has its own nonce, so the second is no replay.
            assert_eq!(accounts.who_am_i().await.unwrap(), "alice", "{version} {kind:?}");
            assert_eq!(accounts.who_am_i().await.unwrap(), "alice", "{version} {kind:?}");
        }
    }
    let sent = &server.requests()[0].body;
    assert!(sent.contains("s:mustUnderstand=\"1\"") && sent.contains("#PasswordDigest"), "{sent}");
    assert!(!sent.contains("wonder"), "a digest never carries the password: {sent}");
}

#[tokio::test]
async fn wrong_passwords_replays_and_missing_tokens_are_ws_security_faults() {
    let server = serve(AccountsServer::new(AccountsSvc).ws_security(tokens().accept_text(false))).await;
    let url = server.url("/a");
    let failed = "The security token could not be authenticated or authorized";
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let subcode = |name: &str| (version == SoapVersion::Soap12).then(|| name.to_owned());
        let wrong = WsSecurity::new().username_token("alice", "looking-glass", PasswordType::Digest);
        let error = client(&url, version, Some(wrong)).who_am_i().await.unwrap_err();
        assert_eq!(ws_fault(&error), (subcode("FailedAuthentication"), failed.to_owned()));
        let text = WsSecurity::new().username_token("alice", PASSWORD, PasswordType::Text);
        let error = client(&url, version, Some(text)).who_am_i().await.unwrap_err();
        assert_eq!(ws_fault(&error).0, subcode("FailedAuthentication"));
        let error = client(&url, version, None).who_am_i().await.unwrap_err();
        assert_eq!(ws_fault(&error).0, subcode("InvalidSecurity"));
    }

    // The same request twice: a layer keeps what the client sent and sends it again.
    let kept: Arc<Mutex<Option<TransportRequest>>> = Arc::default();
    let keep = Arc::clone(&kept);
    let replaying = Client::builder(&url)
        .ws_security(WsSecurity::new().username_token("alice", PASSWORD, PasswordType::Digest))
        .layer(tower::layer::layer_fn(move |inner: soapkit::transport::Transport| {
            let keep = Arc::clone(&keep);
            tower::service_fn(move |request: TransportRequest| {
                let (keep, inner) = (Arc::clone(&keep), inner.clone());
                async move {
                    let mut copy = http::Request::new(request.body().clone());
                    *copy.uri_mut() = request.uri().clone();
                    *copy.headers_mut() = request.headers().clone();
                    *keep.lock().unwrap() = Some(copy);
                    inner.oneshot(request).await
                }
            })
        }))
        .build()
        .unwrap();
    assert_eq!(AccountsClient::new(replaying).who_am_i().await.unwrap(), "alice");
    let again = kept.lock().unwrap().take().unwrap();
    let replay = reqwest::Client::new()
        .post(again.uri().to_string())
        .headers(again.headers().clone())
        .body(again.into_body())
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 500);
    let body = replay.text().await.unwrap();
    assert!(body.contains(failed) && !body.contains("alice"), "{body}");
}

#[tokio::test]
async fn a_security_header_nobody_understands_is_a_must_understand_fault() {
    // This server checks no WS-Security, so the client's Security block, which must be
    // understood, is not.
    let server = serve(AccountsServer::new(AccountsSvc)).await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let security = WsSecurity::new().username_token("alice", PASSWORD, PasswordType::Digest);
        let error = client(&server.url("/a"), version, Some(security)).who_am_i().await.unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{error:?}"));
        assert_eq!(fault.code().local_name(), "MustUnderstand", "{version}");
        assert!(fault.reason().contains(&format!("{{{}}}Security", soapkit::wsse::WSSE)), "{fault:?}");
    }
    // Without a Security block the same server answers.
    assert_eq!(client(&server.url("/a"), SoapVersion::Soap11, None).who_am_i().await.unwrap(), "nobody");
}

const CA: &str = include_str!("data/x509/ca.pem");
const CLIENT_KEY: &str = include_str!("data/x509/client.key");
const CLIENT: &str = include_str!("data/x509/client.pem");
const SERVER_KEY: &str = include_str!("data/x509/server.key");
const SERVER: &str = include_str!("data/x509/server.pem");
const STRANGER_KEY: &str = include_str!("data/x509/stranger.key");
const STRANGER: &str = include_str!("data/x509/stranger.pem");

fn ca() -> Trust {
    Trust::new().authority_pem(CA).unwrap()
}

#[tokio::test]
async fn signed_requests_and_signed_replies_verify_both_ways() {
    let server = AccountsServer::new(AccountsSvc)
        .ws_security(tokens())
        .require_signatures(ca())
        .sign_replies(Signer::from_pem(SERVER_KEY, SERVER).unwrap());
    let server = serve(server).await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let security = WsSecurity::new()
            .username_token("alice", PASSWORD, PasswordType::Digest)
            .timestamp(Duration::from_secs(300))
            .sign_with(Signer::from_pem(CLIENT_KEY, CLIENT).unwrap())
            .verify_replies(Trust::new().certificate_pem(SERVER).unwrap());
        let accounts = client(&server.url("/a"), version, Some(security));
        assert_eq!(accounts.who_am_i().await.unwrap(), "alice");
        // The implementation sees the certificate that signed the request.
        use rustls::pki_types::{CertificateDer, pem::PemObject as _};
        let der = CertificateDer::from_pem_slice(CLIENT.as_bytes()).unwrap();
        let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(accounts.signed_by().await.unwrap(), hex);
    }
    let sent = &server.requests()[0].body;
    assert!(sent.contains("<ds:SignatureValue>") && sent.contains("wsu:Id=\"Body\""), "{sent}");

    // A client that trusts another certificate refuses the server's signed reply.
    let security = WsSecurity::new()
        .username_token("alice", PASSWORD, PasswordType::Digest)
        .sign_with(Signer::from_pem(CLIENT_KEY, CLIENT).unwrap())
        .verify_replies(Trust::new().certificate_pem(STRANGER).unwrap());
    let error = client(&server.url("/a"), SoapVersion::Soap11, Some(security)).who_am_i().await.unwrap_err();
    assert!(error.is_reply() && error.to_string().contains("signature is refused"), "{error}");
}

#[tokio::test]
async fn unsigned_and_untrusted_requests_get_the_failed_check_fault() {
    let server = serve(AccountsServer::new(AccountsSvc).require_signatures(ca())).await;
    let stranger = WsSecurity::new().sign_with(Signer::from_pem(STRANGER_KEY, STRANGER).unwrap());
    let timestamp_only = WsSecurity::new().timestamp(Duration::from_secs(60));
    for (security, version) in [(stranger, SoapVersion::Soap12), (timestamp_only, SoapVersion::Soap12)] {
        let error = client(&server.url("/a"), version, Some(security)).who_am_i().await.unwrap_err();
        assert_eq!(ws_fault(&error), (Some("FailedCheck".into()), "The signature or decryption was invalid".into()));
    }
    // A reply that must be signed and is not is refused before its value is read.
    let plain = serve(AccountsServer::new(AccountsSvc)).await;
    let security = WsSecurity::new().verify_replies(ca());
    let error = client(&plain.url("/a"), SoapVersion::Soap11, Some(security)).who_am_i().await.unwrap_err();
    assert!(error.is_reply() && error.to_string().contains("no signature"), "{error}");
}

/// A service whose every call must carry a UsernameToken, as a WSDL's `sp:UsernameToken`
/// assertion makes the generator declare it.
#[soap_service(ns = "urn:soapkit:wsse", server, ws_security = "username_token")]
pub trait Guarded {
    #[soap_operation(action = "WhoAmI")]
    async fn who_am_i(&self) -> soapkit::Result<String>;
}

impl Guarded for AccountsSvc {
    fn who_am_i(&self) -> Call<'_, String> {
        Call::ready(Ok(authenticated_user().unwrap_or_else(|| "nobody".into())))
    }
}

#[tokio::test]
async fn a_service_that_declares_a_username_token_is_never_called_without_one() {
    let server = serve(GuardedServer::new(AccountsSvc).ws_security(tokens())).await;
    let guarded = |security: Option<WsSecurity>| {
        let builder = Client::builder(server.url("/g"));
        let builder = match security {
            Some(security) => builder.ws_security(security),
            None => builder,
        };
        GuardedClient::new(builder.build().unwrap())
    };
    // A client without one refuses the call before sending anything, and says how to fix it.
    let error = guarded(None).who_am_i().await.unwrap_err();
    assert_eq!(error.kind(), soapkit::ErrorKind::Builder, "{error}");
    assert!(error.to_string().contains("UsernameToken") && error.to_string().contains("ws_security"), "{error}");
    let timestamp_only = WsSecurity::new().timestamp(Duration::from_secs(60));
    assert!(guarded(Some(timestamp_only)).who_am_i().await.is_err());
    assert!(server.requests().is_empty(), "nothing was sent");
    let alice = WsSecurity::new().username_token("alice", PASSWORD, PasswordType::Digest);
    assert_eq!(guarded(Some(alice.clone())).who_am_i().await.unwrap(), "alice");
    // A server not configured to check tokens refuses every call rather than serve it
    // unauthenticated.
    let unchecked = serve(GuardedServer::new(AccountsSvc)).await;
    let client = GuardedClient::new(Client::builder(unchecked.url("/g")).ws_security(alice).build().unwrap());
    let fault = client.who_am_i().await.unwrap_err();
    assert!(fault.fault().is_some_and(|f| !f.is_sender()), "{fault:?}");
}

/// A WSDL whose policy asks for a UsernameToken and WS-Addressing generates a service that
/// sends and requires both: `codegen/tests/wsdl/secured.wsdl`, generated with its server.
#[tokio::test]
async fn generated_code_follows_the_wsdl_policy() {
    use soapkit_generated_tests::secured::{IVault, IVaultClient, IVaultServer};
    struct Vault;
    impl IVault for Vault {
        fn open(&self, r#box: Option<String>) -> Call<'_, Option<String>> {
            Call::ready(Ok(Some(format!("{} for {}", r#box.unwrap_or_default(), authenticated_user().unwrap()))))
        }
    }
    let server = serve(IVaultServer::new(Vault).ws_security(tokens())).await;
    let vault = |security: Option<WsSecurity>| {
        let builder = Client::builder(server.url("/v")).soap_version(SoapVersion::Soap12);
        let builder = match security {
            Some(security) => builder.ws_security(security),
            None => builder,
        };
        IVaultClient::new(builder.build().unwrap())
    };
    let error = vault(None).open(Some("gold".into())).await.unwrap_err();
    assert_eq!(error.kind(), soapkit::ErrorKind::Builder, "{error}");
    let alice = WsSecurity::new().username_token("alice", PASSWORD, PasswordType::Digest);
    assert_eq!(vault(Some(alice)).open(Some("gold".into())).await.unwrap().as_deref(), Some("gold for alice"));
    let sent = &server.requests()[0].body;
    assert!(sent.contains("http://www.w3.org/2005/08/addressing") && sent.contains("UsernameToken"), "{sent}");
}

/// Header blocks the user names are signed with the Body: an application's token and the
/// WS-Addressing `To`, and a token changed on the way is refused.
#[tokio::test]
async fn named_header_blocks_are_signed_and_changing_one_is_refused() {
    const NS: &str = "urn:soapkit:app";
    let server = serve(AccountsServer::new(AccountsSvc).require_signatures(ca())).await;
    let security = || {
        WsSecurity::new()
            .timestamp(Duration::from_secs(60))
            .sign_with(Signer::from_pem(CLIENT_KEY, CLIENT).unwrap())
            .sign_header(NS, "ApplicationToken")
            .sign_header(soapkit::wsa::WSA_2005, "To")
    };
    let builder = |tamper: bool| {
        let builder = Client::builder(server.url("/a"))
            .header(soapkit::Header::new(NS, "ApplicationToken", "app-1").unwrap())
            .ws_addressing(soapkit::wsa::WsAddressing::new())
            .ws_security(security());
        let builder = if tamper {
            builder.layer(tower::layer::layer_fn(|inner: soapkit::transport::Transport| {
                tower::service_fn(move |mut request: TransportRequest| {
                    let body = String::from_utf8(request.body().to_vec()).unwrap();
                    *request.body_mut() = body.replace(">app-1<", ">app-2<").into();
                    inner.clone().oneshot(request)
                })
            }))
        } else {
            builder
        };
        AccountsClient::new(builder.build().unwrap())
    };
    assert_eq!(builder(false).who_am_i().await.unwrap(), "nobody");
    let sent = &server.requests()[0].body;
    for id in ["#TS-1", "#H-1", "#H-2", "#Body"] {
        assert!(sent.contains(&format!("<ds:Reference URI=\"{id}\">")), "{id}: {sent}");
    }
    let error = builder(true).who_am_i().await.unwrap_err();
    assert_eq!(ws_fault(&error).0, None, "SOAP 1.1 has no subcode");
    assert!(error.fault().unwrap().reason().contains("signature"), "{error}");
}
