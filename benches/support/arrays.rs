//! The array replies the codec and large-reply benches decode: `Vec<Item>` of three
//! members, the `List` operation, and its reply of any length.

use serde::{Deserialize, Serialize};
use soapkit_runtime::fuzzing::Operation;

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Item {
    pub id: i32,
    pub name: String,
    pub active: bool,
}

pub static LIST: Operation = Operation::example("List", NS, "ListResponse");

/// A reply of `items` items: with `long` names about 190 bytes an item (the codec
/// bench's array), else about 95 (the growth bench's), with as many tags.
pub fn array_reply(items: usize, long: bool) -> String {
    let mut body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><ListResponse xmlns="{NS}"><Response>"#
    );
    for i in 0..items {
        let name = if long {
            format!(
                "Person number {i} with a name long enough to be realistic for a CRM listing, and more text to reach two hundred bytes per item"
            )
        } else {
            format!("Person number {i} with a longer name")
        };
        body.push_str(&format!("<Item><Id>{i}</Id><Name>{name}</Name><Active>{}</Active></Item>", i % 2 == 0));
    }
    body.push_str("</Response></ListResponse></s:Body></s:Envelope>");
    body
}
