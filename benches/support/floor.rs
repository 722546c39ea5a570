//! The floor a hand-written client reaches with quick-xml: the Services88 reply read with
//! one `NsReader` pass into the key and the `Succeeded` header, building nothing else.
//! Shared by the codec bench (decode against decode) and the round trip bench (a whole
//! call against plain reqwest plus this decode).

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// What the Services88 reply decodes to: the key and the `Succeeded` header.
#[derive(Debug, PartialEq)]
pub struct KeyReply {
    pub key: String,
    pub succeeded: bool,
}

pub fn decode_services88_by_hand(body: &[u8]) -> KeyReply {
    let text = std::str::from_utf8(body).unwrap();
    let mut reader = NsReader::from_str(text);
    let (mut key, mut succeeded, mut current) = (String::new(), false, 0u8);
    loop {
        match reader.read_resolved_event().unwrap() {
            (ns, Event::Start(e)) => {
                current = match (ns, e.local_name().as_ref()) {
                    (ResolveResult::Bound(n), "Succeeded") if n.as_ref() == NS => 1,
                    (ResolveResult::Bound(n), "Response") if n.as_ref() == NS => 2,
                    _ => 0,
                }
            }
            (_, Event::Text(t)) => match current {
                1 => succeeded = t.xml10_content() == "true",
                2 => key.push_str(&t.xml10_content()),
                _ => {}
            },
            (_, Event::End(_)) => current = 0,
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    KeyReply { key, succeeded }
}
