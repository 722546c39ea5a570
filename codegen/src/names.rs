//! How XML names become Rust names. The rules, which the crate docs repeat for users:
//!
//! - types and enum variants are UpperCamelCase, fields, parameters and methods
//!   snake_case; words are split at `_`, `-`, `.`, spaces and lower-to-upper changes,
//!   and characters that are not ASCII letters or digits are dropped;
//! - a name that starts with a digit, or is empty after that, gets a `V`/`v_` prefix (`1` →
//!   `V1`, `v_1`);
//! - a Rust keyword becomes a raw identifier (`type` → `r#type`); `self`, `Self`, `super`
//!   and `crate`, which cannot be raw, get a trailing `_`;
//! - a type named like a prelude item (`Option`, `Result`, `String`, …) gets a `Type`
//!   suffix, so generated code can name the prelude's;
//! - two items that would share a name are told apart by a number (`Guid`, `Guid2`), given
//!   in a fixed order that the caller chooses, so output never depends on hash order.

use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Identifiers that cannot be raw.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Prelude and derive names generated code uses unqualified.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "ToString",
    "ToOwned",
    "Unpin",
    "Serialize",
    "Deserialize",
];

/// The words of an XML name.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let boundary = match (i.checked_sub(1).map(|p| chars[p]), chars.get(i + 1)) {
            // `personId` → person|Id; `HTMLPage` → HTML|Page; `Services88` stays whole.
            (Some(prev), next) if c.is_ascii_uppercase() => {
                prev.is_ascii_lowercase()
                    || (prev.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                    || prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_lowercase())
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `UpperCamelCase` of an XML name.
pub(crate) fn upper_camel(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase()).into_iter();
            first.chain(chars).collect::<String>()
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `snake_case` of an XML name, as a legal identifier (raw where it is a keyword).
pub(crate) fn snake(name: &str) -> String {
    let mut out = words(name).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_");
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "v_");
    }
    legal(out)
}

/// A type name that does not hide what generated code names.
pub(crate) fn type_name(name: &str) -> String {
    let out = upper_camel(name);
    if RESERVED_TYPES.contains(&out.as_str()) { format!("{out}Type") } else { legal(out) }
}

/// `name` as an identifier Rust accepts.
fn legal(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// What soapkit's `rename_all = "PascalCase"` default makes of a parameter identifier:
/// the same rule as the macros', so a parameter needs `#[soap(rename)]` only when it
/// does not give back the element's name.
pub(crate) fn macro_pascal(ident: &str) -> String {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    ident
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// Hands out names unique within one scope (a module's items, a struct's fields), adding
/// `2`, `3`, … in the order names are asked for.
#[derive(Default)]
pub(crate) struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub(crate) fn with(reserved: impl IntoIterator<Item = String>) -> Self {
        Scope { taken: reserved.into_iter().collect() }
    }

    /// Whether `name` is taken.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `wanted`, or the first of `wanted2`, `wanted3`, … that is free.
    pub(crate) fn claim(&mut self, wanted: String) -> String {
        // A numbered name is never a keyword, so it drops the `r#`.
        let base = wanted.strip_prefix("r#").unwrap_or(&wanted).to_owned();
        let mut candidate = wanted;
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate =
                if base.ends_with(|c: char| c.is_ascii_digit()) { format!("{base}_{n}") } else { format!("{base}{n}") };
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(upper_camel("ArrayOfint"), "ArrayOfint");
        assert_eq!(upper_camel("soCredentials"), "SoCredentials");
        assert_eq!(upper_camel("person-entity.v2"), "PersonEntityV2");
        assert_eq!(upper_camel("1st"), "V1st");
        assert_eq!(snake("PersonId"), "person_id");
        assert_eq!(snake("HTMLPage"), "html_page");
        assert_eq!(snake("Services88Agent"), "services88_agent");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("2x"), "v_2x");
        assert_eq!(type_name("Option"), "OptionType");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(macro_pascal("person_id"), "PersonId");
        assert_eq!(macro_pascal("r#type"), "Type");
    }

    #[test]
    fn scopes_number_what_is_taken() {
        let mut scope = Scope::with(["PersonClient".to_owned()]);
        assert_eq!(scope.claim("Guid".into()), "Guid");
        assert_eq!(scope.claim("Guid".into()), "Guid2");
        assert_eq!(scope.claim("PersonClient".into()), "PersonClient2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type2");
        assert_eq!(scope.claim("V1".into()), "V1");
        assert_eq!(scope.claim("V1".into()), "V1_2");
    }
}
