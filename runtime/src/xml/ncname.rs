//! What an XML name without a colon (an NCName) is, for the names the writer is given (a
//! fault's subcode, a header block's name). The macros check declared names by the same
//! rule; `tests/names_agree.rs` compiles both files and proves they agree.

/// Whether `name` is an XML NCName (letters, digits, `_`, `-`, `.`; not starting with a
/// digit, `-` or `.`; no colon), in the form element names in SOAP contracts use.
pub(crate) fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    (first == '_' || first.is_alphabetic()) && chars.all(|c| matches!(c, '_' | '-' | '.') || c.is_alphanumeric())
}
