//! Parsing the macros' arguments: `#[soap_service(...)]`, `#[soap_operation(...)]`,
//! `#[soap_impl(...)]` and the parameter attribute `#[soap(...)]`. Each has one declared list of keys; every value is
//! a string literal, checked for its meaning in `ast.rs` and `valid.rs`.

use proc_macro2::TokenStream;
use syn::LitStr;
use syn::meta::ParseNestedMeta;

use crate::ctxt::Errors;

/// Keys of `#[soap_service]`.
pub(crate) const SERVICE_KEYS: &[&str] =
    &["ns", "action_base", "rename_all", "crate", "server", "ws_addressing", "ws_security"];
/// Keys of `#[soap_operation]`.
pub(crate) const OPERATION_KEYS: &[&str] =
    &["ns", "action", "soap_action", "response", "result", "whole_response", "fault", "one_way", "bare", "rename_all"];
/// Keys of `#[soap_impl]`.
pub(crate) const IMPL_KEYS: &[&str] = &["crate"];
/// Keys of `#[soap(...)]` on a parameter.
pub(crate) const PARAM_KEYS: &[&str] = &["rename", "header", "ns", "secret"];
/// The keys above that are flags, written without a value.
const FLAGS: &[&str] = &["whole_response", "one_way", "bare", "header", "secret", "server"];

/// `key = "value"` pairs, in order, each key once.
#[derive(Default)]
pub(crate) struct Args {
    values: Vec<(String, LitStr)>,
    /// Keys given with a value of the wrong kind (already reported).
    invalid: Vec<String>,
    flags: Vec<String>,
}

impl Args {
    /// The value of `key`, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&LitStr> {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the flag `key` was given.
    pub(crate) fn flag(&self, key: &str) -> bool {
        self.flags.iter().any(|k| k == key)
    }

    /// Whether `key` was given at all, even with a wrong value: a missing-argument error
    /// would then repeat the one already reported.
    pub(crate) fn given(&self, key: &str) -> bool {
        self.get(key).is_some() || self.invalid.iter().any(|k| k == key)
    }
}

/// Parses the arguments of a macro attribute (`#[soap_service(...)]`). Syntax errors stop
/// the parse; unknown, duplicate and wrongly typed arguments are collected.
pub(crate) fn parse_macro_args(tokens: TokenStream, owner: &str, keys: &[&str], errors: &mut Errors) -> Args {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| parse_one(&meta, owner, keys, &mut args, errors));
    if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
        errors.push(e);
    }
    args
}

/// Parses an attribute found on an item, like `#[soap_operation(...)]` on a method.
pub(crate) fn parse_attr_args(attr: &syn::Attribute, owner: &str, keys: &[&str], errors: &mut Errors) -> Args {
    let mut args = Args::default();
    if matches!(attr.meta, syn::Meta::Path(_)) {
        return args;
    }
    if let Err(e) = attr.parse_nested_meta(|meta| parse_one(&meta, owner, keys, &mut args, errors)) {
        errors.push(e);
    }
    args
}

fn parse_one(
    meta: &ParseNestedMeta<'_>,
    owner: &str,
    keys: &[&str],
    args: &mut Args,
    errors: &mut Errors,
) -> syn::Result<()> {
    let key = meta.path.get_ident().map(ToString::to_string).or_else(|| {
        // `crate` is a keyword, so it is not an `Ident`.
        (meta.path.segments.len() == 1 && meta.path.leading_colon.is_none())
            .then(|| meta.path.segments[0].ident.to_string())
    });
    let key = key.unwrap_or_else(|| quote::ToTokens::to_token_stream(&meta.path).to_string());
    if !keys.contains(&key.as_str()) {
        errors.spanned(
            &meta.path,
            format_args!("unknown {owner} argument `{key}`, expected one of: {}", keys.join(", ")),
        );
        if meta.input.peek(syn::Token![=]) {
            let _ = meta.value()?;
            let _: syn::Expr = meta.input.parse()?;
        }
        return Ok(());
    }
    if FLAGS.contains(&key.as_str()) {
        if !meta.input.peek(syn::Token![=]) {
            if args.flag(&key) {
                errors.spanned(&meta.path, format_args!("duplicate {owner} argument `{key}`"));
            }
            args.flags.push(key);
            return Ok(());
        }
        let _ = meta.value()?;
        let value: syn::Expr = meta.input.parse()?;
        errors.spanned(value, format_args!("`{key}` is a flag: write `{key}` without a value"));
        args.invalid.push(key);
        return Ok(());
    }
    let value_stream = meta.value()?;
    let value: syn::Expr = value_stream.parse()?;
    let lit = match value {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(lit), .. }) => lit,
        other => {
            errors.spanned(other, format_args!("`{key}` takes a string literal: `{key} = \"...\"`"));
            args.invalid.push(key);
            return Ok(());
        }
    };
    if args.get(&key).is_some() {
        errors.spanned(&meta.path, format_args!("duplicate {owner} argument `{key}`"));
        return Ok(());
    }
    args.values.push((key, lit));
    Ok(())
}
