//! The environment's proxies (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`), which a client
//! uses unless it is given one or told `no_proxy`. Its own test binary: the environment is
//! the process's, and no other test may see it changed. Needs tinyproxy: `interop/run`.

mod support;

use soapkit::Client;
use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain};

#[tokio::test]
#[ignore = "needs tinyproxy: run interop/run"]
async fn the_environments_proxy_is_used_unless_told_otherwise() {
    let proxy = std::env::var("SOAPKIT_PROXY").expect("SOAPKIT_PROXY: run interop/run");
    let server = support::server::TestServer::serving(support::person_svc::server()).await;
    let delete = |client: Client| async move {
        PersonAgentClient::new(client).delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1).await.unwrap()
    };
    // SAFETY (edition 2024 marks it unsafe): this binary has this one test, and nothing else
    // in the process reads or writes the environment while it runs.
    unsafe {
        std::env::set_var("HTTP_PROXY", &proxy);
        std::env::set_var("HTTPS_PROXY", &proxy);
        std::env::remove_var("NO_PROXY");
    }
    delete(Client::builder(server.url("/p")).build().unwrap()).await;
    delete(Client::builder(server.url("/p")).no_proxy().build().unwrap()).await;
    unsafe { std::env::set_var("NO_PROXY", "127.0.0.1") };
    delete(Client::builder(server.url("/p")).build().unwrap()).await;
    let via: Vec<bool> =
        server.requests().iter().map(|r| r.header("via").is_some_and(|v| v.contains("tinyproxy"))).collect();
    assert_eq!(via, [true, false, false], "through the proxy, then direct (no_proxy, NO_PROXY)");
}
