//! Secrets never leave the process except in the request itself: not in `Debug`, not in
//! errors, not in tracing at any level, while the rest of the envelope is logged at TRACE.

mod support;

use serde::Serialize;
use soapkit::{Client, Header, soap_operation, soap_service};
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::NS;
use support::server::TestServer;

const TICKET: &str = "7T:TicketSecret-9f8e7d";
const PASSWORD: &str = "pw-Secret-4242";
const TOKEN: &str = "AppTokenSecret-1111";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Credentials {
    ticket: String,
}

#[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
pub trait Principal {
    #[soap_operation(action = "CreateTemporaryKeyWithPayload")]
    async fn login(
        &self,
        domain: String,
        #[soap(header, secret)] application_token: String,
        #[soap(rename = "Payload", secret)] password: String,
    ) -> soapkit::Result<String>;
}

/// Collects everything tracing writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_are_absent_from_every_log_line_and_the_rest_is_there() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // The stand-in echoes the payload (the password) back in its reply.
    let server = TestServer::start(support::person_svc::respond).await;
    let client = Client::builder(server.url("/p"))
        .header(Header::secret(NS, "Credentials", &Credentials { ticket: TICKET.into() }).unwrap())
        .build()
        .unwrap();
    let principal = PrincipalClient::new(client.clone());
    let key = principal.login("PublicFaq".into(), TOKEN.into(), PASSWORD.into()).await.unwrap();
    assert!(key.contains(PASSWORD), "the call itself carries the secret: {key}");

    // And a failing call, whose error is displayed and logged.
    let failing = PrincipalClient::new(
        Client::builder("http://127.0.0.1:9/x")
            .header(Header::secret(NS, "Credentials", &Credentials { ticket: TICKET.into() }).unwrap())
            .build()
            .unwrap(),
    );
    let error = failing.login("PublicFaq".into(), TOKEN.into(), PASSWORD.into()).await.unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for secret in [TICKET, PASSWORD, TOKEN] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        assert!(!format!("{client:?}").contains(secret));
        assert!(!format!("{error} {error:?}").contains(secret));
    }
    // What is not secret is logged: the span, the envelope around the secrets, the reply.
    for expected in [
        "soap_call",
        "operation=\"CreateTemporaryKeyWithPayload\"",
        "<Domain>PublicFaq</Domain>",
        "<Payload>***</Payload>",
        "<Credentials xmlns=",
        "***",
        "status=200",
        "bytes_in=",
        "CreateTemporaryKeyWithPayloadResponse",
    ] {
        assert!(logs.contains(expected), "{expected} missing from the logs:\n{logs}");
    }
    // The secrets did reach the server: redaction is for logs only.
    let body = &server.requests()[0].body;
    assert!(body.contains(TICKET) && body.contains(PASSWORD) && body.contains(TOKEN));
}
