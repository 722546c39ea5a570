//! Writing text and attribute values: escaping, and refusing what XML 1.0 cannot carry.

use std::fmt;

/// A character that XML 1.0 cannot carry, found in a caller's value.
///
/// XML 1.0 (section 2.2, `Char`) allows tab, LF, CR and everything from U+0020 up except
/// the surrogates (which `str` cannot hold) and U+FFFE/U+FFFF. Escaping does not help:
/// `&#0;` is just as illegal, so such a string is refused before any byte is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidChar {
    /// The refused character.
    pub ch: char,
    /// Its byte offset in the value.
    pub offset: usize,
}

impl fmt::Display for InvalidChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "character U+{:04X} at byte {} cannot be carried by XML 1.0", self.ch as u32, self.offset)
    }
}

impl std::error::Error for InvalidChar {}

/// Where a value is written: the two contexts differ in what must be escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Text,
    Attribute,
}

/// Appends `value` to `out`, escaped for `context`.
///
/// `>` is escaped too, so `]]>` never appears in text. CR is written as `&#13;` because
/// a parser turns a raw CR (or CRLF) into LF; in attributes tab and LF are written as
/// references too, since attribute normalization turns them into spaces. With these,
/// every string XML can carry comes back exactly as it was sent.
pub(crate) fn escape_into(out: &mut Vec<u8>, value: &str, context: Context) -> Result<(), InvalidChar> {
    let bytes = value.as_bytes();
    let mut clean_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'"' if context == Context::Attribute => b"&quot;",
            b'\r' => b"&#13;",
            b'\n' if context == Context::Attribute => b"&#10;",
            b'\t' if context == Context::Attribute => b"&#9;",
            b'\t' | b'\n' => continue,
            0..=0x1F => return Err(invalid_at(value, i)),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
            0xEF if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => {
                return Err(invalid_at(value, i));
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[clean_from..i]);
        out.extend_from_slice(replacement);
        clean_from = i + 1;
    }
    out.extend_from_slice(&bytes[clean_from..]);
    Ok(())
}

/// [`escape_into`] for XML built as a `String` (the WS-Security, WS-Addressing and server-written header
/// blocks); on an error nothing is appended.
#[cfg(any(feature = "wsse", feature = "wsa", feature = "server", feature = "http-auth"))]
pub(crate) fn escape_into_string(out: &mut String, value: &str, context: Context) -> Result<(), InvalidChar> {
    let mut bytes = Vec::with_capacity(value.len());
    escape_into(&mut bytes, value, context)?;
    out.push_str(std::str::from_utf8(&bytes).expect("escaping keeps UTF-8"));
    Ok(())
}

/// Checks `value` without writing it.
pub(crate) fn check(value: &str) -> Result<(), InvalidChar> {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let bad = match b {
            b'\t' | b'\n' | b'\r' => false,
            0..=0x1F => true,
            0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
            _ => false,
        };
        if bad {
            return Err(invalid_at(value, i));
        }
    }
    Ok(())
}

#[cold]
fn invalid_at(value: &str, offset: usize) -> InvalidChar {
    let ch = value[offset..].chars().next().unwrap_or('\0');
    InvalidChar { ch, offset }
}

pub(crate) use super::ncname::is_ncname;

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Result<String, InvalidChar> {
        let mut out = Vec::new();
        escape_into(&mut out, s, Context::Text)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn escapes_markup_and_cdata_end() {
        assert_eq!(text("<a & b> ]]> 'q\"").unwrap(), "&lt;a &amp; b&gt; ]]&gt; 'q\"");
    }

    #[test]
    fn keeps_cr_through_a_parser() {
        assert_eq!(text("a\r\nb\tc").unwrap(), "a&#13;\nb\tc");
        let mut out = Vec::new();
        escape_into(&mut out, "a\n\t\"", Context::Attribute).unwrap();
        assert_eq!(out, b"a&#10;&#9;&quot;");
    }

    #[test]
    fn refuses_controls_and_nonchars() {
        assert_eq!(text("ab\0").unwrap_err(), InvalidChar { ch: '\0', offset: 2 });
        assert_eq!(text("\u{1b}").unwrap_err().ch, '\u{1b}');
        assert_eq!(text("x\u{FFFE}").unwrap_err().ch, '\u{FFFE}');
        assert_eq!(check("\u{FFFF}").unwrap_err().ch, '\u{FFFF}');
        assert!(text("\u{FFFD}\u{10FFFF}😀é").is_ok());
        assert!(check("tab\tcr\rlf\n").is_ok());
    }

    #[test]
    fn ncnames() {
        assert!(is_ncname("CreateTemporaryKey"));
        assert!(is_ncname("_a-b.c1"));
        for bad in ["", "Create Key", "1Key", "a:b", "-a"] {
            assert!(!is_ncname(bad), "{bad}");
        }
    }
}
