//! Any bytes as a request to a soapkit server: a reply, a fault or an HTTP error, never a
//! panic, a hang or an unbounded allocation. The first byte picks the content type (SOAP
//! 1.1, SOAP 1.2 with or without an action, or another) and whether a `SOAPAction` is
//! sent; the rest is the body. The service decodes its parameters into every form soapkit
//! offers and writes them back, so both the request decoder and the reply writer run on
//! whatever the decoder accepted. Bit 3 of the first byte picks a second server that
//! checks WS-Security UsernameTokens and whose operations require WS-Addressing, so that
//! the security header reader, the WS-Addressing reader and the policy checks run too. Bit
//! 4 sends the body with a `Content-Encoding` (bits 5 and 6: gzip, deflate, br, zstd), so
//! the server's decompression within its limit runs on whatever the fuzzer makes.
#![no_main]

use std::sync::LazyLock;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use soapkit_runtime::fuzzing::read_params_both_ways;
use soapkit_runtime::fuzzing::{Operation, Policy, ResultElement};
use soapkit_runtime::server::{BodyParam, Dispatch, Handled, Param, RoutedRequest, Server};
use soapkit_runtime::wcf::ArrayOf;
use soapkit_runtime::wsse::UsernameTokens;
use soapkit_runtime::xsd::{self, Base64Binary, List, Nillable, RawXml};
use soapkit_runtime::{Secret, WsaVersion};

#[derive(Debug, Serialize, Deserialize)]
enum Color {
    Red,
    #[serde(rename = "dark-green")]
    DarkGreen,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entity {
    #[serde(rename = "@id")]
    id: Option<u32>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Small")]
    small: Option<i8>,
    #[serde(rename = "Big")]
    big: Option<u64>,
    #[serde(rename = "Ratio")]
    ratio: Option<f64>,
    #[serde(rename = "Flag")]
    flag: Option<bool>,
    #[serde(rename = "Color")]
    color: Option<Color>,
    #[serde(rename = "Colors")]
    colors: Option<List<Color>>,
    #[serde(rename = "When")]
    when: Option<xsd::DateTime>,
    #[serde(rename = "Born")]
    born: Option<chrono::NaiveDate>,
    #[serde(rename = "Wait", with = "xsd::duration", default)]
    wait: std::time::Duration,
    #[serde(rename = "Picture")]
    picture: Option<Base64Binary>,
    #[serde(rename = "Note")]
    note: Nillable<String>,
    #[serde(rename = "Numbers")]
    numbers: Option<ArrayOf<i32>>,
    #[serde(rename = "Child", default)]
    children: Vec<Entity>,
    #[serde(rename = "Raw")]
    raw: Option<RawXml>,
}

static OPERATIONS: [Operation; 3] = [
    Operation {
        method: "",
        name: "Save",
        namespace: "urn:fuzz",
        response: "SaveResponse",
        result: ResultElement::Named("Saved"),
        soap_action: "urn:fuzz/Save",
        one_way: false,
        bare: false,
        params: &[],
        policy: Policy::NONE,
    },
    Operation {
        method: "",
        name: "Entity",
        namespace: "urn:fuzz",
        response: "EntityResponse",
        result: ResultElement::Wrapper,
        soap_action: "",
        one_way: false,
        bare: true,
        params: &[],
        policy: Policy::NONE,
    },
    Operation {
        method: "",
        name: "Notify",
        namespace: "urn:fuzz",
        response: "NotifyResponse",
        result: ResultElement::First,
        soap_action: "urn:fuzz/Notify",
        one_way: true,
        bare: false,
        params: &[],
        policy: Policy::NONE,
    },
];

/// The same operations, each requiring a UsernameToken and WS-Addressing 1.0.
static SECURED: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    let policy = Policy { addressing: Some(WsaVersion::W3c2005), username_token: true, signature: false };
    OPERATIONS.iter().map(|op| Operation { policy, ..*op }).collect()
});

struct Service {
    operations: &'static [Operation],
}

impl Dispatch for Service {
    fn operations(&self) -> &'static [Operation] {
        self.operations
    }

    fn dispatch(&self, index: usize, mut request: RoutedRequest) -> Handled {
        let decoded = (|| -> Result<(Entity, Option<String>, Vec<i64>), soapkit_runtime::server::BadRequest> {
            let (mut entity, mut count) = (Param::new("Entity"), Param::new("Count"));
            request.read_params(&mut [&mut entity, &mut count])?;
            Ok((entity.take("Save")?, request.header("Token", "urn:fuzz")?, count.take("Save")?))
        })();
        match (index, decoded) {
            (_, Err(error)) => request.refuse(error),
            (2, Ok(_)) => request.answer(async { Ok(()) }),
            (_, Ok((entity, _, _))) => request.answer(async move { Ok(entity) }),
        }
    }
}

static RUNTIME: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap());
static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::new(Service { operations: &OPERATIONS }).max_request_size(65_536));
static SECURED_SERVER: LazyLock<Server> = LazyLock::new(|| {
    let tokens = UsernameTokens::new(|user| (user == "alice").then(|| Secret::new("wonder".to_owned())));
    Server::new(Service { operations: SECURED.as_slice() }).max_request_size(65_536).ws_security(tokens)
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let content_type = match selector % 4 {
        0 => "text/xml; charset=utf-8",
        1 => "application/soap+xml; charset=utf-8",
        2 => "application/soap+xml; action=\"urn:fuzz/Save\"",
        _ => "application/json",
    };
    let mut request = http::Request::post("/fuzz").header("content-type", content_type);
    if selector & 4 != 0 {
        request = request.header("soapaction", "\"urn:fuzz/Notify\"");
    }
    if selector & 16 != 0 {
        let coding = ["gzip", "deflate", "br", "zstd"][usize::from((selector >> 5) & 3)];
        request = request.header("content-encoding", coding);
    }
    let request = request.body(http_body_util::Full::new(Bytes::copy_from_slice(body))).unwrap();
    let server = if selector & 8 != 0 { &*SECURED_SERVER } else { &*SERVER };
    let response = RUNTIME.block_on(server.handle(request));
    assert!(response.status().as_u16() >= 200);
    // The server's one pass over the parameters reads what the tree reads.
    let (mut entity, mut count, mut note) =
        (Param::<Entity>::new("Entity"), Param::<Vec<i64>>::new("Count"), Param::<Option<String>>::new("Items/Note"));
    let (mut entity2, mut count2, mut note2) =
        (Param::<Entity>::new("Entity"), Param::<Vec<i64>>::new("Count"), Param::<Option<String>>::new("Items/Note"));
    // A bare operation has one parameter.
    let bare = selector & 128 != 0;
    let params = if bare { 1 } else { 3 };
    let (streamed, tree) = read_params_both_ways(
        body,
        bare,
        &mut [&mut entity as &mut dyn BodyParam, &mut count, &mut note][..params],
        &mut [&mut entity2 as &mut dyn BodyParam, &mut count2, &mut note2][..params],
    );
    if streamed {
        assert!(tree, "the stream read parameters the tree refuses");
        let shown = |e: Param<Entity>, c: Param<Vec<i64>>, n: Param<Option<String>>| {
            format!("{:?}", (e.take("").ok(), c.take("").ok(), n.take("").ok()))
        };
        assert_eq!(shown(entity, count, note), shown(entity2, count2, note2));
    }
});
