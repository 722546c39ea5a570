//! `xs:dateTime` as servers send it: with an offset (`Z`, `+02:00`) or without one. WCF
//! writes a `DateTime` of unspecified kind with no offset, which chrono's own serde form
//! (RFC 3339) refuses, so generated code uses this type.

use chrono::{FixedOffset, NaiveDateTime, TimeZone};
use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use std::fmt;

/// An `xs:dateTime`: a local date and time, and its offset from UTC when the value has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// The date and time as written.
    pub local: NaiveDateTime,
    /// The offset written after it, if any (`Z` is zero).
    pub offset: Option<FixedOffset>,
}

impl DateTime {
    /// The instant, when the value has an offset.
    pub fn to_fixed(&self) -> Option<chrono::DateTime<FixedOffset>> {
        self.offset.and_then(|offset| offset.from_local_datetime(&self.local).single())
    }
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        let fixed = value.fixed_offset();
        DateTime { local: fixed.naive_local(), offset: Some(*fixed.offset()) }
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(local: NaiveDateTime) -> Self {
        DateTime { local, offset: None }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.local.format("%Y-%m-%dT%H:%M:%S%.f"))?;
        match self.offset {
            Some(offset) if offset.local_minus_utc() == 0 => f.write_str("Z"),
            Some(offset) => write!(f, "{offset}"),
            None => Ok(()),
        }
    }
}

impl std::str::FromStr for DateTime {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        // The offset is `Z` or `±hh:mm` at the end; a `-` of the date never stands there.
        let (local, offset) = if let Some(rest) = text.strip_suffix('Z') {
            (rest, Some(FixedOffset::east_opt(0).expect("zero is a valid offset")))
        } else if text.len() > 6 && matches!(text.as_bytes()[text.len() - 6], b'+' | b'-') {
            let (local, offset) = text.split_at(text.len() - 6);
            (local, Some(offset.parse::<FixedOffset>()?))
        } else {
            (text, None)
        };
        Ok(DateTime { local: NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S%.f")?, offset })
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(|e| de::Error::custom(format!("invalid xs:dateTime `{text}`: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_with_and_without_an_offset_and_writes_back_the_same() {
        for text in
            ["2025-09-19T01:40:55", "2025-09-19T01:40:55Z", "2025-09-19T01:40:55.125+02:00", "0001-01-01T00:00:00"]
        {
            let value: DateTime = text.parse().unwrap();
            assert_eq!(value.to_string(), text);
        }
        let zoned: DateTime = "2025-09-19T01:40:55-05:30".parse().unwrap();
        assert_eq!(zoned.to_fixed().unwrap().to_rfc3339(), "2025-09-19T01:40:55-05:30");
        for bad in ["", "2025-09-19", "2025-13-19T01:40:55", "2025-09-19T01:40:55+25:00", "x2025-09-19T01:40:55"] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad}");
        }
    }
}
