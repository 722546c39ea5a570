//! Writing the items as Rust: each type path with its box, namespace and occurrence, the
//! structs, enums and namespace markers, and the small token helpers the service code uses.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

use crate::items::{Card, Field, Item, ItemKind, Items, Ty};

impl Items {
    /// Whether a struct can reach `target` through members that are not `Vec`s: a member of
    /// that type must then be boxed.
    fn reaches(&self, from: usize, target: usize, seen: &mut BTreeSet<usize>) -> bool {
        if from == target {
            return true;
        }
        if !seen.insert(from) {
            return false;
        }
        match &self.items[from].kind {
            ItemKind::Struct(fields) => fields.iter().any(|f| {
                f.card != Card::Many
                    && f.wrapped.is_none()
                    && matches!(f.ty, Ty::Item(next) if self.reaches(next, target, seen))
            }),
            ItemKind::Derived(variants) | ItemKind::Choice(variants) => {
                variants.iter().any(|(_, _, ty)| matches!(ty, Ty::Item(next) if self.reaches(*next, target, seen)))
            }
            ItemKind::Enum(_) => false,
        }
    }

    /// The path of a type.
    pub(crate) fn path(&self, ty: &Ty) -> String {
        match ty {
            Ty::Path(path) => path.clone(),
            Ty::Item(index) => self.items[*index].ident.clone(),
            Ty::List(item) => format!("::soapkit::xsd::List<{}>", self.path(item)),
        }
    }

    /// The full type of a field of struct `owner` (or of a parameter, with `owner` `None`):
    /// boxed where recursive, wrapped in its namespace where it needs one, then its occurrence.
    pub(crate) fn field_type(&self, field: &Field, owner: Option<usize>) -> TokenStream {
        let mut inner = self.path(&field.ty);
        if field.secret {
            inner = format!("::soapkit::Secret<{inner}>");
        }
        if let (Some(owner), Ty::Item(target), false) = (owner, &field.ty, field.card == Card::Many)
            && field.wrapped.is_none()
            && self.reaches(*target, owner, &mut BTreeSet::new())
        {
            inner = format!("Box<{inner}>");
        }
        if field.wrapped.is_some() {
            inner = format!("Vec<{inner}>");
        }
        let wrap = |t: String| -> String {
            if !field.explicit_ns {
                t
            } else if field.ns.is_empty() {
                format!("::soapkit::xsd::Unqualified<{t}>")
            } else {
                format!("::soapkit::xsd::InNamespace<{}, {t}>", self.markers[&field.ns])
            }
        };
        let full = match field.card {
            Card::One => wrap(inner),
            Card::Optional => format!("Option<{}>", wrap(inner)),
            Card::Nillable => wrap(format!("::soapkit::xsd::Nillable<{inner}>")),
            Card::Many => format!("Vec<{}>", wrap(inner)),
        };
        tokens(&full)
    }

    /// Every item as Rust code.
    pub(crate) fn emit(&self) -> Vec<(String, TokenStream)> {
        let mut out: Vec<(String, TokenStream)> = self
            .markers
            .iter()
            .map(|(uri, name)| {
                let ident = format_ident!("{}", name);
                let doc = format!("The namespace `{uri}`.");
                let tokens = quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                    pub struct #ident;
                    impl ::soapkit::xsd::Namespace for #ident {
                        const URI: &'static str = #uri;
                    }
                };
                (name.clone(), tokens)
            })
            .collect();
        for (index, item) in self.items.iter().enumerate() {
            out.push((item.ident.clone(), self.emit_item(index, item)));
        }
        out
    }

    fn emit_item(&self, index: usize, item: &Item) -> TokenStream {
        let ident = syn::Ident::new(&item.ident, proc_macro2::Span::call_site());
        let doc = item.doc.as_deref().map(doc_attr);
        match &item.kind {
            ItemKind::Enum(variants) => {
                let variants = variants.iter().map(|(name, value, doc)| {
                    let ident = format_ident!("{}", name);
                    let doc = doc.as_deref().map(doc_attr);
                    let rename = (name != value).then(|| quote!(#[serde(rename = #value)]));
                    quote! { #doc #rename #ident }
                });
                quote! {
                    #doc
                    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
                    pub enum #ident { #(#variants,)* }
                }
            }
            ItemKind::Derived(variants) | ItemKind::Choice(variants) => {
                let by_type =
                    matches!(item.kind, ItemKind::Derived(_)).then(|| quote!(#[serde(rename = "$soapkit::xsi_type")]));
                let variants = variants.iter().map(|(name, rename, ty)| {
                    let ident = format_ident!("{}", name);
                    let ty = tokens(&self.path(ty));
                    quote! { #[serde(rename = #rename)] #ident(#ty) }
                });
                // Alternatives differ in size by nature; boxing every variant to please
                // clippy would make each value harder to build.
                quote! {
                    #doc
                    #[allow(clippy::large_enum_variant)]
                    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                    #by_type
                    pub enum #ident { #(#variants,)* }
                }
            }
            ItemKind::Struct(fields_of) => {
                let fields = fields_of.iter().map(|field| {
                    let name = raw_ident(&field.ident);
                    let ty = self.field_type(field, Some(index));
                    let doc = field.doc.as_deref().map(doc_attr);
                    let rename = field.wire_name();
                    let default = (field.card == Card::Many).then(|| quote!(default,));
                    quote! { #doc #[serde(#default rename = #rename)] pub #name: #ty }
                });
                // All optional (WCF's every member): `..Default::default()` fills the rest.
                let all_optional = fields_of.iter().all(|f| f.card != Card::One);
                let default = all_optional.then(|| quote!(Default,));
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
                    pub struct #ident { #(#fields,)* }
                }
            }
        }
    }
}

/// A type path built by the generator as text, as tokens: lexed, not parsed, because the
/// whole file is parsed once when it is formatted (and lexing is a tenth of the cost).
pub(crate) fn tokens(path: &str) -> TokenStream {
    path.parse().expect("generated type paths are made of identifiers, `::`, `<`, `>` and `,`")
}

/// `#[doc = "..."]` with a leading space, as `///` would write it.
pub(crate) fn doc_attr(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {}", l.replace("\\", "\\\\")));
    quote! { #(#[doc = #lines])* }
}

/// An identifier that may be raw (`r#type`).
pub(crate) fn raw_ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => syn::Ident::new(name, proc_macro2::Span::call_site()),
    }
}
