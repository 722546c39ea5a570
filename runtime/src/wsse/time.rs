//! The instants WS-Security writes and reads: UTC, `xs:dateTime` with a `Z`.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

/// Now, in UTC.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

/// `2026-12-05T12:00:00.123Z`: milliseconds, as WCF and WSS4J write them.
pub(crate) fn format(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `instant` plus `lifetime`, saturating at the end of chrono's range.
pub(crate) fn add(instant: DateTime<Utc>, lifetime: Duration) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(lifetime)
        .ok()
        .and_then(|d| instant.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// An `xs:dateTime` with an offset, as an instant in UTC; `None` for anything else (a time
/// without an offset says no instant).
#[cfg(feature = "server")]
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|t| t.with_timezone(&Utc))
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn instants_are_written_in_utc_with_milliseconds_and_read_back() {
        let instant = parse("2026-12-05T13:00:00.5+01:00").unwrap();
        assert_eq!(format(instant), "2026-12-05T12:00:00.500Z");
        assert_eq!(format(add(instant, Duration::from_secs(300))), "2026-12-05T12:05:00.500Z");
        assert!(parse("2026-12-05T12:00:00").is_none());
        assert!(parse("yesterday").is_none());
    }
}
