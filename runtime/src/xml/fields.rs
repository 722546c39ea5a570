//! Struct field names that do not name one element, as the writer and the reader both
//! tell them apart: open content, an `xs:choice` (a field renamed `$choice:A|B|C`, an enum
//! whose variants are the alternative elements) or an `xs:any` wildcard (`$any`, the
//! elements no other field names); and a wrapped array (`Outer/Item` or
//! `Outer/{namespace}Item`, a sequence of `<Item>` children of one `<Outer>`).

/// The field of the elements no other field names.
pub(crate) const ANY: &str = "$any";
/// The prefix of a choice field, before its alternatives' names separated by `|`.
const CHOICE: &str = "$choice:";

/// Whether a struct field is open content.
pub(crate) fn is_open(field: &str) -> bool {
    field == ANY || field.starts_with(CHOICE)
}

/// The choice field among `fields` that has an alternative named `name`.
pub(crate) fn choice_of(fields: &'static [&'static str], name: &str) -> Option<&'static str> {
    fields.iter().copied().find(|f| f.strip_prefix(CHOICE).is_some_and(|alts| alts.split('|').any(|a| a == name)))
}

/// Whether a struct field is a choice, written through [`ChoiceSerializer`].
pub(crate) fn is_choice(field: &str) -> bool {
    field.starts_with(CHOICE)
}

/// The element and item of a wrapped-array field name, if `field` is one.
pub(crate) fn split_wrapped(field: &str) -> Option<(&str, &str)> {
    // A plain loop: names are short, and this runs for every element written.
    let at = field.bytes().position(|b| b == b'/')?;
    Some((&field[..at], &field[at + 1..]))
}

/// The element of `name`: the wrapper's for a wrapped array, else `name` itself.
pub(crate) fn element(name: &str) -> &str {
    split_wrapped(name).map_or(name, |(outer, _)| outer)
}

/// The wrapper field among a struct's `fields` whose element is `name`.
pub(crate) fn wrapped_field_of(fields: &'static [&'static str], name: &str) -> Option<&'static str> {
    fields.iter().copied().find(|f| split_wrapped(f).is_some_and(|(outer, _)| outer == name))
}
