//! Any bytes as a request's WS-Security header, checked as a server checks it: the XML
//! signature against a trusted CA or a pinned certificate, which a signature may name by
//! issuer and serial, key identifier or thumbprint (canonicalization, references, digests,
//! the certificate and the RSA signature) and the UsernameToken against a password lookup. A refusal or an
//! acceptance, never a panic, a hang or an unbounded allocation. The corpus starts from
//! envelopes soapkit's client signed.
#![no_main]

use std::sync::LazyLock;

use soapkit_runtime::Secret;
use soapkit_runtime::fuzzing::check_security;
use soapkit_runtime::wsse::{Trust, UsernameTokens};

static TRUST: LazyLock<Trust> = LazyLock::new(|| {
    Trust::new()
        .authority_pem(include_str!("../../tests/data/x509/ca.pem"))
        .unwrap()
        .certificate_pem(include_str!("../../tests/data/x509/client.pem"))
        .unwrap()
        .allow_sha1(true)
});
static TOKENS: LazyLock<UsernameTokens> =
    LazyLock::new(|| UsernameTokens::new(|user| (user == "alice").then(|| Secret::new("wonder&land<1>".to_owned()))));

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = check_security(data.to_vec(), &TRUST, &TOKENS);
});
