//! What the integration tests share: a real HTTP server on 127.0.0.1 that records what it
//! receives and answers what a test tells it to, and a namespace-aware XML comparison.
#![allow(dead_code, unreachable_pub)]

pub mod echo;
pub mod person;
pub mod person_svc;
pub mod raw;
pub mod server;
pub mod xml;

pub const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
