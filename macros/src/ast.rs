//! The model of a `#[soap_service]` trait: what each operation sends and expects, built
//! from the `syn` tree, keeping the user's tokens for spans.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::{Attribute, FnArg, Ident, ItemTrait, LitStr, Pat, TraitItem, TraitItemFn, Type};

use crate::attr::{self, Args};
use crate::case::RenameRule;
use crate::ctxt::Errors;
use crate::valid;

/// A service trait with its operations.
pub(crate) struct Service {
    /// The trait as written, with soapkit's attributes removed.
    pub(crate) item: ItemTrait,
    /// Path of the facade crate (`::soapkit` unless `crate = "..."`).
    pub(crate) krate: syn::Path,
    /// The distinct paths the operation attributes were written with (`soap_operation`,
    /// `soapkit::soap_operation`), re-imported as `_` so the user's import counts as used.
    pub(crate) operation_paths: Vec<syn::Path>,
    pub(crate) operations: Vec<Operation>,
    /// `{Trait}Server` is generated too (`#[soap_service(server)]`).
    pub(crate) server: bool,
    /// What every call must carry (`ws_addressing`, `ws_security`).
    pub(crate) policy: valid::Policy,
}

/// The service-wide defaults.
struct Defaults {
    namespace: Option<LitStr>,
    action_base: Option<LitStr>,
    rename_all: RenameRule,
}

/// One operation.
pub(crate) struct Operation {
    /// Index of the method in the trait's items.
    pub(crate) index: usize,
    /// The request wrapper's local name.
    pub(crate) action: String,
    /// Where `action` was written, for errors about it.
    pub(crate) action_span: proc_macro2::Span,
    pub(crate) namespace: String,
    pub(crate) response: String,
    pub(crate) result: Option<String>,
    pub(crate) soap_action: String,
    pub(crate) params: Vec<Param>,
    /// The `T` of `soapkit::Result<T>`, and its span (taken once: see `Param::span`).
    pub(crate) output: Type,
    pub(crate) output_span: proc_macro2::Span,
    /// The result is the whole reply wrapper, read as a struct of its children.
    pub(crate) whole_response: bool,
    /// No reply body is expected.
    pub(crate) one_way: bool,
    /// document/literal bare: the one body parameter is the body element, named `action`.
    pub(crate) bare: bool,
    /// The fault contract: the type a fault's detail decodes into.
    pub(crate) fault: Option<Type>,
}

/// One parameter: a child element of the request wrapper.
pub(crate) struct Param {
    pub(crate) ident: Ident,
    /// The type's span, where errors about the parameter's type go. Kept instead of the
    /// type: `Spanned::span` walks the type's tokens, so it is taken once, here.
    pub(crate) span: proc_macro2::Span,
    pub(crate) element: String,
    /// `Some(namespace)` for a per-call header block (`#[soap(header)]`).
    pub(crate) header: Option<String>,
    /// The body element's own namespace (`#[soap(ns = "...")]` without `header`), when it
    /// is not the wrapper's: `""` for an unqualified element (rpc/literal parts).
    pub(crate) namespace: Option<String>,
    /// Shown as `***` in logs (`#[soap(secret)]`).
    pub(crate) secret: bool,
}

/// Whether `attr` is `#[soap_operation]`, by the last segment of its path so that
/// `#[soapkit::soap_operation]` counts too.
pub(crate) fn is_operation_attr(attr: &Attribute) -> bool {
    attr.path().segments.last().is_some_and(|s| s.ident == "soap_operation")
}

fn is_param_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("soap")
}

impl Service {
    /// Builds the model, collecting every error. `item` comes back with soapkit's
    /// attributes removed, ready to be emitted in any case.
    pub(crate) fn from_syn(args: TokenStream, mut item: ItemTrait, errors: &mut Errors) -> Service {
        let args = attr::parse_macro_args(args, "soap_service", attr::SERVICE_KEYS, errors);
        let defaults = defaults(&args, errors);
        let krate = crate_path(&args, errors);
        if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
            errors.spanned(&item.generics, "a #[soap_service] trait cannot be generic");
        }
        let mut operations = Vec::new();
        let mut operation_paths: Vec<syn::Path> = Vec::new();
        for (index, trait_item) in item.items.iter_mut().enumerate() {
            match trait_item {
                TraitItem::Fn(method) => {
                    for attr in method.attrs.iter().filter(|a| is_operation_attr(a)) {
                        if !operation_paths.iter().any(|p| same_path(p, attr.path())) {
                            operation_paths.push(attr.path().clone());
                        }
                    }
                    if let Some(op) = Operation::from_method(index, method, &defaults, errors) {
                        operations.push(op);
                    }
                }
                other => errors.spanned(
                    &*other,
                    "a #[soap_service] trait holds only operations (`async fn` with #[soap_operation])",
                ),
            }
        }
        let methods = operations.iter().map(|op| match &item.items[op.index] {
            TraitItem::Fn(m) => m.sig.ident.to_string(),
            _ => String::new(),
        });
        let keys = operations
            .iter()
            .map(|op| (op.namespace.as_str(), op.action.as_str(), op.soap_action.as_str(), op.action_span));
        valid::unique_operations(methods.zip(keys).map(|(m, (n, a, s, span))| (m, n, a, s, span)), errors);
        let policy = valid::policy(args.get("ws_addressing"), args.get("ws_security"), errors);
        Service { item, krate, operation_paths, operations, server: args.flag("server"), policy }
    }

    /// The method of `op`.
    pub(crate) fn method(&self, op: &Operation) -> &TraitItemFn {
        match &self.item.items[op.index] {
            TraitItem::Fn(method) => method,
            _ => unreachable!("operations are built from methods"),
        }
    }
}

/// Path equality without syn's `extra-traits` feature (which would slow every build).
fn same_path(a: &syn::Path, b: &syn::Path) -> bool {
    a.leading_colon.is_some() == b.leading_colon.is_some()
        && a.segments.len() == b.segments.len()
        && a.segments.iter().zip(&b.segments).all(|(x, y)| x.ident == y.ident)
}

fn defaults(args: &Args, errors: &mut Errors) -> Defaults {
    let namespace = args.get("ns").cloned();
    if let Some(ns) = &namespace {
        valid::wrapper_namespace(ns, errors);
    }
    let action_base = args.get("action_base").cloned();
    if let Some(base) = &action_base {
        valid::action_base(base, errors);
    }
    Defaults { namespace, action_base, rename_all: rename_rule(args.get("rename_all"), RenameRule::Pascal, errors) }
}

fn rename_rule(lit: Option<&LitStr>, default: RenameRule, errors: &mut Errors) -> RenameRule {
    let Some(lit) = lit else { return default };
    RenameRule::from_name(&lit.value()).unwrap_or_else(|| {
        errors.push(syn::Error::new(
            lit.span(),
            format_args!("unknown `rename_all` rule, expected one of: {}", RenameRule::NAMES),
        ));
        default
    })
}

impl Operation {
    fn from_method(
        index: usize,
        method: &mut TraitItemFn,
        defaults: &Defaults,
        errors: &mut Errors,
    ) -> Option<Operation> {
        let position = method.attrs.iter().position(is_operation_attr);
        let Some(position) = position else {
            errors.error(
                method.sig.ident.span(),
                format_args!(
                    "method `{}` needs #[soap_operation(action = \"...\")]: every method of a #[soap_service] trait is a SOAP operation",
                    method.sig.ident
                ),
            );
            return None;
        };
        let attr = method.attrs.remove(position);
        for extra in method.attrs.iter().filter(|a| is_operation_attr(a)) {
            errors.spanned(extra, "a method takes one #[soap_operation]");
        }
        method.attrs.retain(|a| !is_operation_attr(a));
        let args = attr::parse_attr_args(&attr, "soap_operation", attr::OPERATION_KEYS, errors);
        let output = valid::signature(&method.sig, method.default.is_some(), errors);
        let rename_all = rename_rule(args.get("rename_all"), defaults.rename_all, errors);
        let default_ns = args.get("ns").or(defaults.namespace.as_ref()).map(LitStr::value);
        let params = params(method, rename_all, default_ns.as_deref(), errors);

        let action = args.get("action").cloned();
        if !args.given("action") {
            errors.spanned(
                attr.path(),
                format_args!(
                    "missing `action`: the operation's name on the wire, e.g. #[soap_operation(action = \"{}\")]",
                    RenameRule::Pascal.apply(&method.sig.ident.to_string())
                ),
            );
        }
        let namespace = args.get("ns").or(defaults.namespace.as_ref());
        match (args.get("ns"), namespace) {
            (Some(ns), _) => valid::wrapper_namespace(ns, errors),
            (None, None) if !args.given("ns") => errors.spanned(
                attr.path(),
                "missing `ns`: give the operation's namespace here or a default in #[soap_service(ns = \"...\")]",
            ),
            (None, _) => {}
        }
        let action_ok = action.as_ref().is_some_and(|a| valid::ncname(a, "`action`", errors));
        let response = match args.get("response") {
            Some(lit) => valid::ncname(lit, "`response`", errors).then(|| lit.value()),
            None => action.as_ref().map(|a| format!("{}Response", a.value())),
        };
        let result = match args.get("result") {
            Some(lit) => valid::element_name(lit, "`result`", errors).then(|| Some(lit.value())),
            None => Some(None),
        };
        let whole_response = args.flag("whole_response");
        valid::result_or_whole(whole_response, args.get("result"), errors);
        let one_way = args.flag("one_way");
        let bare = args.flag("bare");
        if bare {
            valid::bare_body(params.iter().filter(|p| p.header.is_none()).count(), attr.path(), errors);
        }
        if let (true, Some(ty)) = (one_way, &output) {
            valid::one_way_output(ty, errors);
        }
        let fault = args.get("fault").and_then(|lit| match lit.parse::<Type>() {
            Ok(ty) => Some(syn::parse_quote_spanned!(lit.span()=> #ty)),
            Err(_) => {
                errors.push(syn::Error::new(
                    lit.span(),
                    "`fault` names the fault contract type, like fault = \"SoapFaultDetail\"",
                ));
                None
            }
        });
        let soap_action = match (args.get("soap_action"), &defaults.action_base, &action) {
            (Some(lit), _, _) => {
                valid::soap_action(lit, errors);
                lit.value()
            }
            (None, Some(base), Some(action)) => format!("{}/{}", base.value().trim_end_matches('/'), action.value()),
            // Without `action_base` or `soap_action`, the action is empty: legal in both
            // versions and what JAX-WS sends by default; the server dispatches on the
            // body's wrapper element.
            _ => String::new(),
        };
        let (action, namespace, response, result, output) = (action?, namespace?, response?, result?, output?);
        if !action_ok {
            return None;
        }
        Some(Operation {
            index,
            action: action.value(),
            action_span: action.span(),
            namespace: namespace.value(),
            response,
            result,
            soap_action,
            params,
            output_span: output.span(),
            output,
            whole_response,
            one_way,
            bare,
            fault,
        })
    }
}

fn params(method: &mut TraitItemFn, rule: RenameRule, op_namespace: Option<&str>, errors: &mut Errors) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    for input in method.sig.inputs.iter_mut() {
        let FnArg::Typed(typed) = input else { continue };
        let attrs = std::mem::take(&mut typed.attrs);
        let (soap, others): (Vec<_>, Vec<_>) = attrs.into_iter().partition(is_param_attr);
        typed.attrs = others;
        let Pat::Ident(pat) = &*typed.pat else { continue };
        let ident = pat.ident.clone();
        let mut element = rule.apply(&ident.to_string());
        let mut span = ident.span();
        let mut header = None;
        let mut namespace = None;
        let mut secret = false;
        for attr in &soap {
            let args = attr::parse_attr_args(attr, "soap", attr::PARAM_KEYS, errors);
            if let Some(rename) = args.get("rename")
                && valid::element_name(rename, "`rename`", errors)
            {
                element = rename.value();
                span = rename.span();
            }
            secret |= args.flag("secret");
            match (args.flag("header"), args.get("ns")) {
                (true, Some(ns)) => {
                    valid::namespace(ns, errors);
                    header = Some(ns.value());
                }
                (true, None) => header = Some(op_namespace.unwrap_or_default().to_owned()),
                (false, Some(ns)) => {
                    valid::param_namespace(ns, errors);
                    namespace = Some(ns.value());
                }
                (false, None) => {}
            }
        }
        if !valid::is_element_name(&element) {
            errors.error(span, format_args!("parameter `{ident}` becomes {element:?}, which is not an XML element name; add #[soap(rename = \"...\")]"));
        }
        if let Some(first) = params.iter().find(|p| p.element == element && p.header.is_some() == header.is_some()) {
            errors.error(
                span,
                format_args!("parameters `{}` and `{ident}` both become the element <{element}>", first.ident),
            );
        }
        params.push(Param { ident, span: typed.ty.span(), element, header, namespace, secret });
    }
    params
}

/// `crate = "path"`: the facade's path where it is renamed, `::soapkit` otherwise.
pub(crate) fn crate_path(args: &attr::Args, errors: &mut Errors) -> syn::Path {
    match args.get("crate") {
        Some(lit) => lit.parse::<syn::Path>().unwrap_or_else(|e| {
            errors.push(syn::Error::new(lit.span(), format_args!("`crate` must name a path: {e}")));
            syn::parse_quote!(::soapkit)
        }),
        None => syn::parse_quote!(::soapkit),
    }
}
