//! Rules that a declaration must follow, each reported on the narrowest span.

use syn::spanned::Spanned;
use syn::{FnArg, LitStr, Pat, ReturnType, Signature, Type};

use crate::ctxt::Errors;

pub(crate) use crate::ncname::is_ncname;

/// Whether `name` can name a parameter's or a result's element: an NCName, or a wrapped
/// array `Outer/Item` (`Outer/{namespace}Item`), whose items are the children `<Item>` of
/// `<Outer>`.
pub(crate) fn is_element_name(name: &str) -> bool {
    let Some((outer, item)) = name.split_once('/') else { return is_ncname(name) };
    let item = match item.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
        Some((ns, local)) if ns.is_empty() || is_namespace_name(ns) => local,
        Some(_) => return false,
        None => item,
    };
    is_ncname(outer) && is_ncname(item)
}

/// Whether `uri` is an absolute URI: a scheme, a colon, and no whitespace.
pub(crate) fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !uri.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
}

/// Whether `ns` can be a namespace name: XML allows any URI reference (real WSDLs use
/// `"urn:x"`, `"http://..."`, and relative ones like `"SAMPLE"`); what cannot stand in an
/// attribute value or a URI is refused.
pub(crate) fn is_namespace_name(ns: &str) -> bool {
    !ns.is_empty() && !ns.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
}

/// Whether `action` can be written in a quoted `SOAPAction` header or a `Content-Type`
/// parameter.
pub(crate) fn is_header_safe(action: &str) -> bool {
    !action.chars().any(|c| c.is_control() || c == '"' || c == '\\' || !c.is_ascii())
}

/// A wrapper's namespace may be empty: a schema without a target namespace puts its
/// elements in none (a header block's may not: SOAP requires header blocks qualified).
pub(crate) fn wrapper_namespace(ns: &LitStr, errors: &mut Errors) {
    if !ns.value().is_empty() {
        namespace(ns, errors);
    }
}

pub(crate) fn namespace(ns: &LitStr, errors: &mut Errors) {
    if !is_namespace_name(&ns.value()) {
        errors.push(syn::Error::new(
            ns.span(),
            format_args!(
                "`ns` must be a namespace URI without spaces, quotes or angle brackets, like \"http://example.com/ns\"; found {:?}",
                ns.value()
            ),
        ));
    }
}

pub(crate) fn ncname(lit: &LitStr, what: &str, errors: &mut Errors) -> bool {
    name(lit, what, is_ncname, errors)
}

/// A parameter's or result's element: an NCName or a wrapped array's `Outer/Item`.
pub(crate) fn element_name(lit: &LitStr, what: &str, errors: &mut Errors) -> bool {
    name(lit, what, is_element_name, errors)
}

fn name(lit: &LitStr, what: &str, rule: fn(&str) -> bool, errors: &mut Errors) -> bool {
    let ok = rule(&lit.value());
    if !ok {
        errors.push(syn::Error::new(
            lit.span(),
            format_args!(
                "{what} {:?} is not an XML element name (letters, digits, `_`, `-`, `.`; not starting with a digit; no spaces or colons)",
                lit.value()
            ),
        ));
    }
    ok
}

/// Two operations may not share both their request element and their SOAP action: the
/// server could not tell them apart. Either alone may be shared: WSDLs give several
/// operations one action (the server dispatches on the body) or one element (it
/// dispatches on the action). A hash map keeps this linear for APIs of hundreds of
/// operations. Each operation is `(method, namespace, action, soap action, where)`.
pub(crate) fn unique_operations<'o>(
    operations: impl Iterator<Item = (String, &'o str, &'o str, &'o str, proc_macro2::Span)>,
    errors: &mut Errors,
) {
    use std::collections::HashMap;
    let mut seen: HashMap<(&str, &str, &str), String> = HashMap::new();
    for (method, namespace, action, soap_action, span) in operations {
        if let Some(first) = seen.get(&(namespace, action, soap_action)) {
            errors.error(
                span,
                format_args!(
                    "`{first}` and `{method}` both send the request element <{action}> with the SOAP action {soap_action:?}: the server could not tell them apart",
                ),
            );
        } else {
            seen.insert((namespace, action, soap_action), method);
        }
    }
}

/// What a service's calls must carry: `ws_addressing = "1.0" | "2004/08"` and
/// `ws_security = "username_token" | "signature" | "username_token signature"`.
#[derive(Default)]
pub(crate) struct Policy {
    /// The `WsaVersion` variant.
    pub(crate) addressing: Option<&'static str>,
    pub(crate) username_token: bool,
    pub(crate) signature: bool,
}

pub(crate) fn policy(addressing: Option<&LitStr>, security: Option<&LitStr>, errors: &mut Errors) -> Policy {
    let mut policy = Policy::default();
    if let Some(lit) = addressing {
        policy.addressing = match lit.value().as_str() {
            "1.0" => Some("W3c2005"),
            "2004/08" => Some("Submission2004"),
            _ => {
                errors.push(syn::Error::new(
                    lit.span(),
                    "`ws_addressing` is the WS-Addressing version: \"1.0\" (W3C, 2005/08) or \"2004/08\" (the member submission)",
                ));
                None
            }
        };
    }
    if let Some(lit) = security {
        let value = lit.value();
        for token in value.split([' ', ',']).filter(|t| !t.is_empty()) {
            match token {
                "username_token" => policy.username_token = true,
                "signature" => policy.signature = true,
                other => errors.push(syn::Error::new(
                    lit.span(),
                    format_args!(
                        "unknown `ws_security` requirement `{other}`, expected `username_token`, `signature` or both"
                    ),
                )),
            }
        }
        if value.trim().is_empty() {
            errors.push(syn::Error::new(
                lit.span(),
                "`ws_security` names what every request carries: `username_token`, `signature` or both",
            ));
        }
    }
    policy
}

/// `action_base` is the start of each SOAP action: an absolute URI.
pub(crate) fn action_base(base: &LitStr, errors: &mut Errors) {
    if !is_absolute_uri(&base.value()) {
        errors.push(syn::Error::new(
            base.span(),
            "`action_base` must be an absolute URI, like \"http://example.com/Service\"",
        ));
    }
}

/// `result` names a child of the wrapper, `whole_response` makes the wrapper the result:
/// one or the other.
pub(crate) fn result_or_whole(whole_response: bool, result: Option<&LitStr>, errors: &mut Errors) {
    if let (true, Some(lit)) = (whole_response, result) {
        errors.push(syn::Error::new(lit.span(), "`result` names a child of the reply wrapper; with `whole_response` the wrapper itself is the result, so give one or the other"));
    }
}

/// A `bare` operation's body is its one body parameter.
pub(crate) fn bare_body(body_params: usize, attr: &syn::Path, errors: &mut Errors) {
    if body_params != 1 {
        errors.spanned(
            attr,
            format_args!("a `bare` operation sends one body element: it takes exactly one parameter besides headers, found {body_params}"),
        );
    }
}

/// A `one_way` operation reads no reply, so returns `()`.
pub(crate) fn one_way_output(output: &Type, errors: &mut Errors) {
    if !matches!(output, Type::Tuple(t) if t.elems.is_empty()) {
        errors.spanned(output, "a `one_way` operation has no reply to read: it returns `soapkit::Result<()>`");
    }
}

/// A `soap_action` goes into an HTTP header.
pub(crate) fn soap_action(lit: &LitStr, errors: &mut Errors) {
    if !is_header_safe(&lit.value()) {
        errors.push(syn::Error::new(lit.span(), "`soap_action` must be printable ASCII without quotes or backslashes"));
    }
}

/// `ns` on a body parameter: its element's namespace, or `""` for none.
pub(crate) fn param_namespace(ns: &LitStr, errors: &mut Errors) {
    if !ns.value().is_empty() && !is_namespace_name(&ns.value()) {
        errors.push(syn::Error::new(
            ns.span(),
            "`ns` on a parameter is its element's namespace: a URI without spaces, or \"\" for none",
        ));
    }
}

/// Checks an operation's signature: `async fn name(&self, a: A, ...) -> soapkit::Result<T>`,
/// and returns `T`.
pub(crate) fn signature(sig: &Signature, has_body: bool, errors: &mut Errors) -> Option<Type> {
    if let Some(constness) = &sig.constness {
        errors.spanned(constness, "a SOAP operation cannot be `const`");
    }
    if let Some(unsafety) = &sig.unsafety {
        errors.spanned(unsafety, "a SOAP operation cannot be `unsafe`");
    }
    if let Some(abi) = &sig.abi {
        errors.spanned(abi, "a SOAP operation cannot have an `extern` ABI");
    }
    if sig.asyncness.is_none() {
        errors.spanned(
            sig.fn_token,
            format_args!("SOAP operations are async: write `async fn {}(&self, ...)`", sig.ident),
        );
    }
    if !sig.generics.params.is_empty() {
        errors.spanned(
            &sig.generics.params,
            "a SOAP operation cannot be generic: its message has one fixed shape; use concrete types",
        );
    }
    if let Some(where_clause) = &sig.generics.where_clause {
        errors.spanned(where_clause, "a SOAP operation cannot have a `where` clause; use concrete types");
    }
    if let Some(variadic) = &sig.variadic {
        errors.spanned(variadic, "a SOAP operation cannot be variadic");
    }
    if has_body {
        errors.error(sig.ident.span(), "remove the body: the generated client implements SOAP operations");
    }
    receiver(sig, errors);
    for input in sig.inputs.iter().skip(1) {
        if let FnArg::Typed(typed) = input {
            match &*typed.pat {
                Pat::Ident(p) if p.by_ref.is_none() && p.mutability.is_none() && p.subpat.is_none() => {}
                other => {
                    errors.spanned(other, "a parameter of a SOAP operation must be a plain name, like `person_id: i32`")
                }
            }
        }
    }
    output(&sig.output, sig.ident.span(), errors)
}

fn receiver(sig: &Signature, errors: &mut Errors) {
    match sig.inputs.first() {
        Some(FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none() && r.colon_token.is_none() => {}
        Some(FnArg::Receiver(r)) if r.mutability.is_some() => {
            errors.spanned(r, "a SOAP operation takes `&self`, not `&mut self`: one client serves concurrent calls");
        }
        Some(FnArg::Receiver(r)) => errors.spanned(r, "a SOAP operation takes `&self`"),
        _ => errors.error(
            sig.ident.span(),
            format_args!("a SOAP operation takes `&self` first: `async fn {}(&self, ...)`", sig.ident),
        ),
    }
}

/// `soapkit::Result<T>`, `Result<T>` or `Result<T, soapkit::Error>`: the `T`.
fn output(output: &ReturnType, fallback: proc_macro2::Span, errors: &mut Errors) -> Option<Type> {
    const EXPECTED: &str = "a SOAP operation returns `soapkit::Result<T>` (or `Result<T, soapkit::Error>`)";
    let ty = match output {
        ReturnType::Default => {
            errors.error(fallback, EXPECTED);
            return None;
        }
        ReturnType::Type(_, ty) => ty,
    };
    let found = result_value(ty).cloned();
    if found.is_none() {
        errors.error(ty.span(), EXPECTED);
    }
    found
}

/// The `T` of `soapkit::Result<T>`, `Result<T>` or `Result<T, soapkit::Error>`: the one rule
/// for what an operation returns, in the trait and under `#[soap_impl]` alike.
pub(crate) fn result_value(ty: &Type) -> Option<&Type> {
    let value = type_argument(ty, "Result")?;
    let Type::Path(path) = ty else { return None };
    let args = match &path.path.segments.last()?.arguments {
        syn::PathArguments::AngleBracketed(args) => &args.args,
        _ => return None,
    };
    let error_is_soapkit_s = |arg: &syn::GenericArgument| matches!(arg, syn::GenericArgument::Type(Type::Path(e)) if e.path.segments.last().is_some_and(|s| s.ident == "Error"));
    match args.len() {
        1 => Some(value),
        2 if error_is_soapkit_s(&args[1]) => Some(value),
        _ => None,
    }
}

/// The first type argument of a path type whose last segment is named `name` (`Option<T>`,
/// `Vec<T>`, `Reply<T>`, `Result<T, E>`), whatever path leads to it.
pub(crate) fn type_argument<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last().filter(|last| last.ident == name)?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        syn::GenericArgument::Type(value) => Some(value),
        _ => None,
    }
}

/// Whether an operation's result value (`T` of `Result<T>`) is `()` or `Reply<()>`: its
/// reply wrapper has no child to write or read.
pub(crate) fn returns_nothing(output: &Type) -> bool {
    let value = type_argument(output, "Reply").unwrap_or(output);
    matches!(value, Type::Tuple(unit) if unit.elems.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert!(is_ncname("CreateTemporaryKeyWithPayload"));
        for good in ["Ids/int", "Ids/{http://schemas.microsoft.com/2003/10/Serialization/Arrays}int", "Ids/{}int"] {
            assert!(is_element_name(good), "{good}");
        }
        for bad in ["Ids/", "/int", "Ids/{urn:x", "Ids/{a b}int", "Ids/int/more", "1/int"] {
            assert!(!is_element_name(bad), "{bad}");
        }
        for bad in ["", "Create Key", "1Key", "a:b"] {
            assert!(!is_ncname(bad), "{bad}");
        }
        assert!(is_absolute_uri("http://www.superoffice.net/ws/crm/NetServer/Services88"));
        assert!(is_absolute_uri("urn:example:person"));
        for bad in ["", "Services88", "http://a b", "1http://x", ":x"] {
            assert!(!is_absolute_uri(bad), "{bad}");
        }
        assert!(is_header_safe("http://x/Person/Create"));
        assert!(!is_header_safe("a\"b"));
    }
}
