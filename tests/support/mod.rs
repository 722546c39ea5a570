//! What the integration tests share: a real HTTP server on 127.0.0.1 that records what it
//! receives and answers what a test tells it to, and a namespace-aware XML comparison.
#![allow(dead_code, unreachable_pub)]

pub mod echo;
pub mod logs;
pub mod person;
pub mod person_svc;
pub mod raw;
pub mod server;
pub mod tls;
pub mod xml;

pub const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// An error and its causes, as an error reporter prints them: each link of the
/// `source()` chain once, joined by `": "`.
pub fn report(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(link) = cause {
        text.push_str(": ");
        text.push_str(&link.to_string());
        cause = link.source();
    }
    text
}
