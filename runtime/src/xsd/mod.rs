//! XML Schema forms that serde has no single convention for, as types and `with` modules.
//!
//! - [`Nillable<T>`]: `None` is sent as `xsi:nil="true"` (plain `Option` omits the element);
//! - [`base64`]: `Vec<u8>` as `xs:base64Binary` (`#[serde(with = "soapkit::xsd::base64")]`);
//! - [`list`]: a `Vec` as an `xs:list`, space-separated, the form of WCF flag enums;
//! - [`duration`]: `std::time::Duration` as `xs:duration` (`PT1H2M3.5S`);
//! - [`KeyValue`]: one `{Key, Value}` pair of a dictionary;
//! - [`List`], [`Base64Binary`]: the `list` and `base64` forms as types, so they nest in
//!   `Option` and `Vec` (what generated code uses);
//! - [`Unqualified<T>`]: an element in no namespace (`elementFormDefault="unqualified"`);
//! - [`RawXml`]: an element kept as the XML the server wrote (`xs:any`, `xs:anyType`).
//!
//! Dates and times need nothing from soapkit: chrono's serde forms (`DateTime<Utc>`,
//! `DateTime<FixedOffset>`, `NaiveDate`, `NaiveTime`, `NaiveDateTime`) are the
//! `xs:dateTime`/`xs:date`/`xs:time` lexical forms; with `time`, use its `rfc3339` serde
//! module. Decimal types that serialize as strings (`rust_decimal`) work as they are.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

#[cfg(feature = "chrono")]
mod datetime;
mod values;

#[cfg(feature = "chrono")]
pub use datetime::DateTime;

pub use values::{AnyElement, Base64Binary, List, RawXml, Unqualified, XSI_TYPED};

/// An optional value sent as `xsi:nil="true"` when absent, for services that tell
/// "null" from "not given" (WCF `nillable="true"` members). Reads like `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Nillable<T>(pub Option<T>);

/// Nil, whatever `T` is (derived `Default` would ask `T: Default`).
impl<T> Default for Nillable<T> {
    fn default() -> Self {
        Nillable(None)
    }
}

impl<T> From<Option<T>> for Nillable<T> {
    fn from(value: Option<T>) -> Self {
        Nillable(value)
    }
}

impl<T: Serialize> Serialize for Nillable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(value) => value.serialize(serializer),
            None => serializer.serialize_unit_struct(crate::xml::markers::NIL),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nillable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nillable)
    }
}

/// `Vec<u8>` as `xs:base64Binary`: `#[serde(with = "soapkit::xsd::base64")]`.
pub mod base64 {
    use super::*;

    /// Writes the bytes as base64 text.
    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    /// Reads base64 text (line breaks allowed).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        struct Bytes;
        impl de::Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("base64Binary")
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

/// A `Vec` as an `xs:list`: items as text, separated by spaces. WCF writes flag
/// enumerations this way (`<Rights>Read Write</Rights>`): `#[serde(with = "soapkit::xsd::list")]`.
pub mod list {
    use super::*;
    use serde::de::IntoDeserializer;

    /// Writes the items' text forms separated by single spaces.
    pub fn serialize<T: Serialize, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = String::new();
        for item in items {
            let word = crate::xml::ser::to_text(item).map_err(serde::ser::Error::custom)?;
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(serde::ser::Error::custom(format!("xs:list item {word:?} is empty or holds a space")));
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&word);
        }
        serializer.serialize_str(&text)
    }

    /// Reads whitespace-separated items.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.split_ascii_whitespace()
            .map(|word| T::deserialize(word.to_owned().into_deserializer()))
            .collect::<Result<_, de::value::Error>>()
            .map_err(de::Error::custom)
    }
}

/// `std::time::Duration` as `xs:duration` (`PT1H2M3.5S`):
/// `#[serde(with = "soapkit::xsd::duration")]`. Years and months have no fixed length and
/// are refused on read; days are 24 hours.
pub mod duration {
    use super::*;
    use std::time::Duration;

    /// Writes `PT{h}H{m}M{s}S`, leaving out zero parts.
    pub fn serialize<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(*duration))
    }

    /// Reads `P[nD][T[nH][nM][n[.n]S]]`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(text.trim()).ok_or_else(|| de::Error::custom(format!("invalid xs:duration `{text}`")))
    }

    pub(crate) fn format(duration: Duration) -> String {
        let total = duration.as_secs();
        let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
        let nanos = duration.subsec_nanos();
        let mut out = String::from("PT");
        if hours > 0 {
            out.push_str(&format!("{hours}H"));
        }
        if minutes > 0 {
            out.push_str(&format!("{minutes}M"));
        }
        if seconds > 0 || nanos > 0 || out == "PT" {
            out.push_str(&seconds.to_string());
            if nanos > 0 {
                let fraction = format!("{nanos:09}");
                out.push('.');
                out.push_str(fraction.trim_end_matches('0'));
            }
            out.push('S');
        }
        out
    }

    pub(crate) fn parse(text: &str) -> Option<Duration> {
        let rest = text.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return None,
            None => (rest, None),
        };
        let mut seconds = 0f64;
        let mut any = false;
        let mut number = String::new();
        for c in date.chars() {
            match c {
                '0'..='9' => number.push(c),
                'D' => {
                    seconds += number.parse::<f64>().ok()? * 86_400.0;
                    number.clear();
                    any = true;
                }
                _ => return None,
            }
        }
        if !number.is_empty() {
            return None;
        }
        for c in time.unwrap_or("").chars() {
            let unit = match c {
                '0'..='9' | '.' => {
                    number.push(c);
                    continue;
                }
                'H' => 3600.0,
                'M' => 60.0,
                'S' => 1.0,
                _ => return None,
            };
            seconds += number.parse::<f64>().ok()? * unit;
            number.clear();
            any = true;
        }
        // `from_secs_f64` panics on a value too large for a Duration (`P300000000000000D`,
        // a number of 400 digits): a reply must not panic the client.
        if !(any && number.is_empty()) {
            return None;
        }
        Duration::try_from_secs_f64(seconds).ok()
    }
}

/// A namespace, for [`InNamespace`]: `struct Common; impl Namespace for Common { const URI: &'static str = "urn:common"; }`.
pub trait Namespace {
    /// The namespace URI.
    const URI: &'static str;
}

/// A value whose element is in namespace `N` rather than the enclosing element's, for
/// members that a schema imports from elsewhere: `address: InNamespace<Common, Address>`
/// writes `<Address xmlns="urn:common">…</Address>`, children included. Reading ignores
/// namespaces (elements match by local name), so it reads like `T`.
pub struct InNamespace<N, T> {
    /// The value.
    pub value: T,
    namespace: std::marker::PhantomData<N>,
}

impl<N, T> InNamespace<N, T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        InNamespace { value, namespace: std::marker::PhantomData }
    }
}

impl<N, T: Default> Default for InNamespace<N, T> {
    fn default() -> Self {
        InNamespace::new(T::default())
    }
}

impl<N, T: Clone> Clone for InNamespace<N, T> {
    fn clone(&self) -> Self {
        InNamespace::new(self.value.clone())
    }
}

impl<N, T: std::fmt::Debug> std::fmt::Debug for InNamespace<N, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<N, T: PartialEq> PartialEq for InNamespace<N, T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<N: Namespace, T: Serialize> Serialize for InNamespace<N, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTupleStruct;
        // The URI and the value as a marked pair: the XML writer takes the first as the
        // element's namespace (checked like every other value), other serializers see a
        // plain pair.
        let mut pair = serializer.serialize_tuple_struct(crate::xml::markers::NAMESPACE, 2)?;
        pair.serialize_field(N::URI)?;
        pair.serialize_field(&self.value)?;
        pair.end()
    }
}

impl<'de, N: Namespace, T: Deserialize<'de>> Deserialize<'de> for InNamespace<N, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Named by its URI, which no Rust type's name can be: the XML reader reads `T`
        // (elements match by local name), and the drift check's tracing sees the namespace.
        crate::xml::markers::newtype(deserializer, N::URI).map(InNamespace::new)
    }
}

/// One entry of a dictionary as WCF and many Java services send it:
/// `<Item><Key>k</Key><Value>v</Value></Item>`. A field `Vec<KeyValue<K, V>>` renamed to the
/// item element holds the whole dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct KeyValue<K, V> {
    /// The key.
    #[serde(rename = "Key")]
    pub key: K,
    /// The value.
    #[serde(rename = "Value")]
    pub value: V,
}

#[cfg(test)]
mod tests {
    use super::duration::{format, parse};
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(format(Duration::from_secs(3723)), "PT1H2M3S");
        assert_eq!(format(Duration::from_millis(1500)), "PT1.5S");
        assert_eq!(format(Duration::ZERO), "PT0S");
        assert_eq!(parse("PT1H2M3.5S"), Some(Duration::from_millis(3_723_500)));
        assert_eq!(parse("P1DT1S"), Some(Duration::from_secs(86_401)));
        for bad in ["", "P", "PT", "P1Y", "PT1X", "1H", "P300000000000000D"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let huge = format!("PT{}S", "9".repeat(400));
        assert_eq!(parse(&huge), None);
    }
}
