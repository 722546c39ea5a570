//! What a failed expansion still emits beside its errors: the trait as written, a client
//! whose methods are `unimplemented!()`, its `description()` and `Declaration`, and with
//! `server` the `{Trait}Server`, so that one mistake in a declaration does not turn every
//! use of what the expansion makes into a second error.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ItemTrait, TraitItem};

use crate::ast::Service;
use crate::expand;

pub(crate) fn service(service: &Service) -> TokenStream {
    let item = strip(&service.item, &service.krate);
    let ident = &item.ident;
    let client = expand::client_type(service);
    let client_ident = expand::client_ident(service);
    let methods = item.items.iter().filter_map(|trait_item| match trait_item {
        TraitItem::Fn(method) => {
            let sig = &method.sig;
            Some(quote!(#[allow(unused_variables)] #sig { ::core::unimplemented!() }))
        }
        _ => None,
    });
    let uses = expand::operation_uses(service);
    let description = description(service);
    let server = service.server.then(|| server(service));
    quote! {
        #item
        #uses
        #client
        impl #ident for #client_ident {
            #(#methods)*
        }
        #description
        #server
    }
}

/// `description()` and `Declaration`, describing no operation.
fn description(service: &Service) -> TokenStream {
    let (krate, vis, name) = (&service.krate, &service.item.vis, service.item.ident.to_string());
    let client = expand::client_ident(service);
    quote! {
        impl #client {
            /// What this declaration sends and expects (nothing: it has an error).
            #vis fn description() -> &'static #krate::__private::ServiceDescription {
                static DESCRIPTION: #krate::__private::ServiceDescription =
                    #krate::__private::ServiceDescription { name: #name, operations: &[] };
                &DESCRIPTION
            }
        }
        impl #krate::__private::Declaration for #client {
            fn description() -> &'static #krate::__private::ServiceDescription {
                #client::description()
            }
            fn shapes<Lazy>() -> #krate::__private::Vec<#krate::__private::OperationShapes> {
                #krate::__private::Vec::new()
            }
        }
    }
}

/// `{Trait}Server` and its `new`, which serves nothing.
fn server(service: &Service) -> TokenStream {
    let (krate, vis, ident) = (&service.krate, &service.item.vis, &service.item.ident);
    let server = quote::format_ident!("{}Server", ident);
    quote! {
        /// Serves an implementation (not generated: the declaration has an error).
        #vis struct #server;
        impl #server {
            /// Serves `service` (not generated: the declaration has an error).
            #[allow(unused_variables)]
            #vis fn new<S: #ident + ::core::marker::Send + ::core::marker::Sync + 'static>(
                service: S,
            ) -> #krate::__private::enable_the_server_feature_of_soapkit::Server {
                ::core::unimplemented!()
            }
        }
    }
}

/// The trait without method bodies (an operation with a body is one of the errors) and
/// with `_` for parameter patterns (another), so rustc does not report those again; each
/// `async fn op(..) -> soapkit::Result<T>` returns `soapkit::Call<'_, T>`, as the
/// expansion makes it, so that implementations written for the trait still fit.
fn strip(item: &ItemTrait, krate: &syn::Path) -> ItemTrait {
    let mut item = item.clone();
    for trait_item in &mut item.items {
        if let TraitItem::Fn(method) = trait_item {
            // Only behind `&self`: `Call<'_, T>` borrows from it (a method without it is
            // one of the errors, and keeps its `async fn`).
            let by_ref = matches!(method.sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.reference.is_some());
            if method.sig.asyncness.is_some()
                && by_ref
                && let syn::ReturnType::Type(_, output) = &method.sig.output
                && let Some(value) = crate::valid::result_value(output)
            {
                method.sig.asyncness = None;
                method.sig.output = syn::parse_quote!(-> #krate::Call<'_, #value>);
            }
            for input in &mut method.sig.inputs {
                if let syn::FnArg::Typed(typed) = input
                    && !matches!(*typed.pat, syn::Pat::Ident(_))
                {
                    *typed.pat = syn::parse_quote!(_);
                }
            }
            method.default = None;
            method.semi_token = Some(Default::default());
        }
    }
    item
}
