//! Secrets never leave the process except in the request itself: not in `Debug`, not in
//! errors, not in tracing at any level, while the rest of the envelope is logged at TRACE.

mod support;

use serde::Serialize;
use soapkit::{Client, Header, soap_operation, soap_service};
use support::NS;
use support::logs::capture_logs;
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

/// Answers the create operation with the request's `Payload`, as Person.svc's key does.
fn echo_payload(request: &support::server::Recorded) -> support::server::Canned {
    let payload = request.body.split_once("<Payload>").and_then(|(_, rest)| rest.split_once("</Payload>"));
    let payload = payload.map_or("", |(payload, _)| payload);
    support::server::Canned::soap11(
        200,
        format!(
            r#"<s:Envelope xmlns:s="{}"><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response>key {payload}</Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#,
            soapkit::SOAP11_ENVELOPE
        ),
    )
}

#[tokio::test]
async fn secrets_are_absent_from_every_log_line_and_the_rest_is_there() {
    let (captured, _guard) = capture_logs();

    // The server echoes the payload (the password) back in its reply.
    let server = TestServer::start(echo_payload).await;
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

    let logs = captured.text();
    for secret in [TICKET, PASSWORD, TOKEN] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        assert!(!format!("{client:?}").contains(secret));
        assert!(!format!("{error} {error:?} {}", support::report(&error)).contains(secret));
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

/// Servers echo secrets back, and not as the client wrote them: a ticket quoted in a
/// fault's reason (unescaped), in its detail, in an attribute of a reply, in an HTML error
/// page. None of it reaches the error's `Display` and `Debug` or the TRACE log, whatever
/// the secret's length; the fault's accessors still hand the server's words out as sent.
#[tokio::test]
async fn secrets_a_server_echoes_stay_hidden() {
    const TICKET: &str = "7T:a&b<c-Echoed";
    const PIN: &str = "Xq9";
    let (captured, _guard) = capture_logs();
    let server = TestServer::start(|request| {
        let env = soapkit::SOAP11_ENVELOPE;
        if request.body.contains("<Domain>fault</Domain>") {
            support::server::Canned::soap11(
                500,
                format!(
                    r#"<s:Envelope xmlns:s="{env}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>invalid ticket 7T:a&#38;b&lt;c-Echoed, pin Xq9</faultstring><detail><Info xmlns="urn:x" t="7T:a&amp;b&lt;c-Echoed">Xq9</Info></detail></s:Fault></s:Body></s:Envelope>"#
                ),
            )
        } else if request.body.contains("<Domain>html</Domain>") {
            support::server::Canned::html(502, "<html><body>Bad gateway for ticket 7T:a&amp;b&lt;c-Echoed and Xq9</body></html>")
        } else {
            support::server::Canned::soap11(
                200,
                format!(
                    r#"<s:Envelope xmlns:s="{env}"><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response t='7T:a&amp;b&lt;c-Echoed'>not a number Xq9</Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#
                ),
            )
        }
    })
    .await;
    let client = Client::builder(server.url("/p"))
        .header(Header::secret(NS, "Credentials", &Credentials { ticket: TICKET.into() }).unwrap())
        .build()
        .unwrap();
    let principal = PrincipalClient::new(client);
    let mut errors = Vec::new();
    for domain in ["fault", "html"] {
        errors.push(principal.login(domain.into(), "token".into(), PIN.into()).await.unwrap_err());
    }
    // A reply that does not decode quotes the value it could not read.
    #[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
    pub trait Numbers {
        #[soap_operation(action = "CreateTemporaryKeyWithPayload")]
        async fn number(&self, domain: String, #[soap(rename = "Payload", secret)] pin: String)
        -> soapkit::Result<i32>;
    }
    let numbers = NumbersClient::new(
        Client::builder(server.url("/p"))
            .header(Header::secret(NS, "Credentials", &Credentials { ticket: TICKET.into() }).unwrap())
            .build()
            .unwrap(),
    );
    errors.push(numbers.number("decode".into(), PIN.into()).await.unwrap_err());

    let logs = captured.text();
    for error in &errors {
        // The causes too: an error reporter prints each link of the `source()` chain.
        let shown = format!("{error} {error:?} {error:#?} {}", support::report(error));
        for secret in [TICKET, "7T:a&amp;b&lt;c-Echoed", PIN] {
            assert!(!shown.contains(secret), "{secret} shown in: {shown}");
        }
        assert!(shown.contains("***"), "{shown}");
    }
    for secret in [TICKET, "7T:a&amp;b&lt;c-Echoed", PIN] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
    }
    // The application asked for the fault: its accessors give the server's words.
    let fault = errors[0].fault().unwrap();
    assert_eq!(fault.reason(), format!("invalid ticket {TICKET}, pin {PIN}"));
    assert!(errors[1].is_status() && errors[2].is_reply(), "{:?}", errors);
    // The value that did not decode is the cause, redacted, not a copy in the message.
    let cause = std::error::Error::source(&errors[2]).expect("a decode error has its cause");
    assert!(cause.to_string().contains("not a number ***"), "{cause}");
}

/// A bare operation's one parameter is the body element: marked secret, its value is
/// hidden in the request's log like any other's (the mark follows the element's real name).
#[tokio::test]
async fn a_secret_bare_parameter_is_hidden_in_the_request_log() {
    #[soap_service(ns = "urn:keys")]
    pub trait Keys {
        #[soap_operation(action = "LookupKey", bare, one_way)]
        async fn lookup(&self, #[soap(secret)] key: String) -> soapkit::Result<()>;
    }
    let (captured, _guard) = capture_logs();
    let server = TestServer::start(|_| support::server::Canned::of(202, "text/plain", String::new())).await;
    KeysClient::new(Client::builder(server.url("/k")).build().unwrap()).lookup(PASSWORD.into()).await.unwrap();
    let logs = captured.text();
    assert!(!logs.contains(PASSWORD), "{logs}");
    assert!(logs.contains(r#"<LookupKey xmlns="urn:keys">***</LookupKey>"#), "{logs}");
    assert!(server.requests()[0].body.contains(PASSWORD));
}

/// Code generated from a WSDL of SoPrincipal's shape keeps its credentials secret without
/// being told: the password and access token (body parameters), the application token (a
/// header block) and the ticket the server returns (a member of the reply's
/// `Credentials`) appear in no log line, no error and no `Debug`, on the client's side and
/// the server's, while the caller reads the ticket and the server reads the password.
#[tokio::test]
async fn generated_code_keeps_passwords_tokens_and_returned_tickets_secret() {
    use soapkit_generated_tests::principal::{
        AuthenticateResponse, PrincipalService, PrincipalServiceClient, PrincipalServiceHeaders,
        PrincipalServiceServer, SoCredentials,
    };
    const WRONG: &str = "Wrong-pw-7731";
    const ACCESS: &str = "AccessTokenSecret-5150";

    struct Principals;
    #[soapkit::soap_impl]
    impl PrincipalService for Principals {
        async fn authenticate_username_password(
            &self,
            _user: Option<String>,
            password: Option<String>,
        ) -> soapkit::Result<AuthenticateResponse> {
            match password.as_deref() {
                Some(PASSWORD) => Ok(AuthenticateResponse {
                    credentials: Some(SoCredentials { ticket: Some(TICKET.into()) }),
                    authentication_succeeded: Some(true),
                    ..Default::default()
                }),
                // Servers quote what they were sent.
                other => Err(soapkit::Fault::sender(format!("wrong password {}", other.unwrap_or(""))).into()),
            }
        }

        async fn authenticate_with_access_token(&self, token: Option<String>) -> soapkit::Result<AuthenticateResponse> {
            Err(soapkit::Fault::sender(format!("the access token {} has expired", token.unwrap_or_default())).into())
        }
    }

    let (captured, _guard) = capture_logs();
    let server = TestServer::serving(PrincipalServiceServer::new(Principals)).await;
    let headers = PrincipalServiceHeaders { application_token: Some(TOKEN.into()) };
    let client = headers.apply(Client::builder(server.url("/Principal.svc"))).unwrap().build().unwrap();
    let principal = PrincipalServiceClient::new(client);

    let reply = principal.authenticate_username_password(Some("sam".into()), Some(PASSWORD.into())).await.unwrap();
    let ticket = reply.credentials.as_ref().and_then(|c| c.ticket.as_ref()).expect("a ticket");
    assert_eq!(ticket.expose(), TICKET, "the caller reads the ticket");
    let mut errors = Vec::new();
    errors.push(principal.authenticate_username_password(Some("sam".into()), Some(WRONG.into())).await.unwrap_err());
    errors.push(principal.authenticate_with_access_token(Some(ACCESS.into())).await.unwrap_err());

    let logs = captured.text();
    let shown: Vec<String> = errors
        .iter()
        .map(|error| format!("{error} {error:?} {error:#?} {}", support::report(error)))
        .chain([format!("{reply:?} {reply:#?} {headers:?}")])
        .collect();
    for secret in [PASSWORD, WRONG, ACCESS, TICKET, TOKEN] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        for shown in &shown {
            assert!(!shown.contains(secret), "{secret} shown in: {shown}");
        }
    }
    assert!(
        shown[0].contains("wrong password ***") && shown[1].contains("the access token *** has expired"),
        "{shown:?}"
    );
    // The envelopes are logged, with each secret in its place as `***`.
    for expected in [
        "<Password>***</Password>",
        "<AccessToken>***</AccessToken>",
        "<Ticket>***</Ticket>",
        "<UserName>sam</UserName>",
    ] {
        assert!(logs.contains(expected), "{expected} missing from the logs:\n{logs}");
    }
    // The application still has the fault's words as the server sent them.
    assert_eq!(errors[0].fault().unwrap().reason(), format!("wrong password {WRONG}"));
}

/// A service whose server checks WS-Security UsernameTokens.
mod accounts {
    use soapkit::server::authenticated_user;
    use soapkit::wsse::{UsernameTokens, WsSecurity};
    use soapkit::{Call, Client, Secret, soap_operation, soap_service};

    pub const PASSWORD: &str = "wonder&land<1>";

    #[soap_service(ns = "urn:soapkit:wsse", server)]
    pub trait Accounts {
        #[soap_operation(action = "WhoAmI")]
        async fn who_am_i(&self) -> soapkit::Result<String>;
    }

    pub struct AccountsSvc;

    impl Accounts for AccountsSvc {
        fn who_am_i(&self) -> Call<'_, String> {
            Call::ready(Ok(authenticated_user().unwrap_or_default()))
        }
    }

    pub fn tokens() -> UsernameTokens {
        UsernameTokens::new(|user| (user == "alice").then(|| Secret::new(PASSWORD.to_owned())))
    }

    pub fn accounts_client(url: &str, security: WsSecurity) -> AccountsClient {
        AccountsClient::new(Client::builder(url).ws_security(security).build().unwrap())
    }
}

#[tokio::test]
async fn ws_security_passwords_are_in_no_log_error_or_debug_output() {
    use accounts::{Accounts, AccountsServer, AccountsSvc, PASSWORD, accounts_client, tokens};
    use soapkit::wsse::{PasswordType, WsSecurity};
    let (captured, _guard) = capture_logs();
    let server = TestServer::serving(AccountsServer::new(AccountsSvc).ws_security(tokens())).await;
    let security = WsSecurity::new().username_token("alice", PASSWORD, PasswordType::Text);
    let accounts = accounts_client(&server.url("/a"), security.clone());
    assert_eq!(accounts.who_am_i().await.unwrap(), "alice");
    let wrong = WsSecurity::new().username_token("alice", "looking-glass", PasswordType::Text);
    let error = accounts_client(&server.url("/a"), wrong.clone()).who_am_i().await.unwrap_err();
    let logs = captured.text();
    assert!(logs.contains("<wsse:Password") && logs.contains(">***</wsse:Password>"), "{logs}");
    let shown = format!("{logs}{error}{error:?}{security:?}{wrong:?}{:?}", tokens());
    for secret in ["wonder&amp;land", "wonder&land", "looking-glass"] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }
}

/// A signing key is in no `Debug` output, no error (not even the PEM parser's, which may
/// quote a line) and no log line of a signed call.
#[tokio::test]
async fn signing_keys_are_in_no_log_error_or_debug_output() {
    use accounts::{Accounts, AccountsServer, AccountsSvc, accounts_client};
    use soapkit::wsse::{Signer, Trust, WsSecurity};
    const KEY: &str = include_str!("data/x509/client.key");
    const CERTIFICATE: &str = include_str!("data/x509/client.pem");
    let (captured, _guard) = capture_logs();
    let key_lines: Vec<&str> = KEY.lines().filter(|line| !line.starts_with("-----")).collect();

    let signer = Signer::from_pem(KEY, CERTIFICATE).unwrap();
    let trust = Trust::new().authority_pem(include_str!("data/x509/ca.pem")).unwrap();
    let server = TestServer::serving(AccountsServer::new(AccountsSvc).require_signatures(trust)).await;
    let security = WsSecurity::new().sign_with(signer.clone());
    accounts_client(&server.url("/a"), security.clone()).who_am_i().await.unwrap();

    // A key with one line broken: the parser's error is not passed on.
    let broken = KEY.replacen(key_lines[3], &format!("{}!", &key_lines[3][1..]), 1);
    let error = Signer::from_pem(&broken, CERTIFICATE).unwrap_err();
    let shown = format!("{}{signer:?}{security:?}{error}{error:?}{}", captured.text(), support::report(&error));
    assert!(shown.contains("BinarySecurityToken"), "the signed request is logged");
    for line in &key_lines {
        assert!(!shown.contains(line), "a line of the key is shown: {line}");
    }
}

/// HTTP credentials (feature `http-auth`): a server that quotes the Basic password, its
/// base64 form or a Bearer token back, in a fault or an error page, shows them to no error,
/// log or `Debug` output.
#[tokio::test]
async fn http_credentials_a_server_echoes_are_in_no_log_error_or_debug_output() {
    use soapkit::auth::HttpAuth;
    const PASSWORD: &str = "Basic&Secret<9>";
    const BEARER: &str = "eyJ.BearerSecret.77";
    let (captured, _guard) = capture_logs();
    let server = TestServer::start(|request| {
        let authorization = request.header("authorization").unwrap_or("").to_owned();
        // A Basic password reaches the server: it may quote that too, as it is or escaped.
        let (password, escaped) =
            if authorization.starts_with("Basic") { (PASSWORD, "Basic&amp;Secret&lt;9&gt;") } else { ("", "") };
        let env = soapkit::SOAP11_ENVELOPE;
        if request.body.contains("<Domain>html</Domain>") {
            return support::server::Canned::html(401, format!("<html>denied: {authorization}, {password}</html>"));
        }
        support::server::Canned::soap11(
            500,
            format!(
                r#"<s:Envelope xmlns:s="{env}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>bad {authorization} {escaped}</faultstring></s:Fault></s:Body></s:Envelope>"#
            ),
        )
    })
    .await;
    let mut shown = Vec::new();
    for auth in [HttpAuth::basic("alice", PASSWORD).unwrap(), HttpAuth::bearer(BEARER).unwrap()] {
        shown.push(format!("{auth:?}"));
        let client = Client::builder(server.url("/p")).layer(auth).build().unwrap();
        shown.push(format!("{client:?}"));
        let principal = PrincipalClient::new(client);
        for domain in ["fault", "html"] {
            let error = principal.login(domain.into(), "token".into(), "pw".into()).await.unwrap_err();
            shown.push(format!("{error} {error:?} {error:#?} {}", support::report(&error)));
            if let Some(fault) = error.fault() {
                shown.push(fault.reason().to_owned());
            }
        }
    }
    assert!(server.requests()[0].header("authorization").unwrap().starts_with("Basic "), "sent as it is");
    let basic = "YWxpY2U6QmFzaWMmU2VjcmV0PDk+";
    let logs = captured.text();
    for text in shown.iter().chain([&logs]) {
        for secret in [PASSWORD, "Basic&amp;Secret&lt;9&gt;", basic, BEARER] {
            assert!(!text.contains(secret), "{secret} shown in: {text}");
        }
    }
    assert!(shown.iter().any(|s| s.contains("bad Basic ***")), "{shown:?}");
}

/// Proxy credentials, in the proxy's URL or given apart, are in no `Debug` output or error,
/// even when the proxy cannot be reached.
#[tokio::test]
async fn proxy_credentials_are_in_no_debug_output_or_error() {
    const PROXY_PASSWORD: &str = "ProxySecret-314";
    let (captured, _guard) = capture_logs();
    // A port nothing listens on: the call fails at the proxy.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let builders = [
        Client::builder("http://127.0.0.1:9/p").proxy(format!("http://alice:{PROXY_PASSWORD}@{closed}")),
        Client::builder("http://127.0.0.1:9/p")
            .proxy(format!("http://{closed}"))
            .proxy_credentials("alice", PROXY_PASSWORD),
    ];
    let mut shown = Vec::new();
    for builder in builders {
        shown.push(format!("{builder:?}"));
        let client = builder.build().unwrap();
        let error = PrincipalClient::new(client).login("x".into(), "t".into(), "p".into()).await.unwrap_err();
        shown.push(format!("{error} {error:?} {error:#?} {}", support::report(&error)));
    }
    let invalid = Client::builder("http://127.0.0.1:9/p").proxy(format!("http://alice:{PROXY_PASSWORD}@[bad")).build();
    shown.push(format!("{:?}", invalid.unwrap_err()));
    shown.push(captured.text());
    for text in &shown {
        assert!(!text.contains(PROXY_PASSWORD), "shown in: {text}");
    }
}

/// An NTLM password (feature `ntlm`) is in no `Debug` output, error or log line: the
/// handshake proves it with a keyed hash and never sends it.
#[tokio::test]
async fn ntlm_passwords_are_in_no_log_error_or_debug_output() {
    use soapkit::ntlm::NtlmCredentials;
    const NTLM_PASSWORD: &str = "NtlmSecret-2718";
    let (captured, _guard) = capture_logs();
    // A server that refuses every request with a challenge soapkit cannot answer.
    let server = TestServer::start(|_| {
        support::server::Canned::html(401, "denied").with(b"denied".to_vec(), "www-authenticate", "NTLM")
    })
    .await;
    let credentials = NtlmCredentials::new("CORP", "alice", NTLM_PASSWORD);
    let builder = Client::builder(server.url("/p")).ntlm(credentials.clone());
    let mut shown = vec![format!("{credentials:?}"), format!("{builder:?}")];
    let client = builder.build().unwrap();
    shown.push(format!("{client:?}"));
    let error = PrincipalClient::new(client).login("x".into(), "t".into(), "p".into()).await.unwrap_err();
    shown.push(format!("{error} {error:?} {error:#?} {}", support::report(&error)));
    assert_eq!(error.status(), Some(401), "{error:?}");
    let sent: Vec<String> = server.requests().iter().map(|r| format!("{:?} {}", r.headers, r.body)).collect();
    shown.extend(sent);
    shown.push(captured.text());
    for text in &shown {
        assert!(!text.contains(NTLM_PASSWORD), "shown in: {text}");
    }
}
