//! What a failed expansion still emits beside its errors: the trait as written and a
//! client whose methods are `unimplemented!()`, so that one mistake in a declaration does
//! not turn every use of the trait and the client into a second error.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ItemTrait, TraitItem};

use crate::ast::Service;
use crate::expand;

pub(crate) fn service(service: &Service) -> TokenStream {
    let item = strip(&service.item);
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
    quote! {
        #item
        #uses
        #client
        impl #ident for #client_ident {
            #(#methods)*
        }
    }
}

/// The trait without method bodies (an operation with a body is one of the errors) and
/// with `_` for parameter patterns (another), so rustc does not report those again.
fn strip(item: &ItemTrait) -> ItemTrait {
    let mut item = item.clone();
    for trait_item in &mut item.items {
        if let TraitItem::Fn(method) = trait_item {
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
