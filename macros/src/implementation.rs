//! `#[soap_impl]`: an implementation of a `#[soap_service]` trait written with `async fn`s.
//!
//! The trait's methods return `soapkit::Call<'_, T>` (a named future: one hidden type per
//! operation in a trait made large services slow to build). An implementation wants to
//! write `async fn op(&self, ..) -> soapkit::Result<T> { .. }`; this rewrites each such
//! method into `fn op(&self, ..) -> soapkit::Call<'_, T> { Call::from_future(async move { .. }) }`.
//! Only the implementation's own methods pay for a state machine, as an `async fn` would.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItem, ItemImpl, ReturnType};

use crate::ctxt::Errors;

pub(crate) fn implementation(args: TokenStream, mut item: ItemImpl, errors: &mut Errors) -> TokenStream {
    let args = crate::attr::parse_macro_args(args, "soap_impl", crate::attr::IMPL_KEYS, errors);
    let krate = crate::ast::crate_path(&args, errors);
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else { continue };
        if method.sig.asyncness.is_none() {
            continue;
        }
        let block = &method.block;
        let value = match &method.sig.output {
            ReturnType::Type(_, output) => crate::valid::result_value(output).cloned(),
            ReturnType::Default => None,
        };
        let (output, body) = match value {
            Some(output) => (output, quote_spanned!(block.span()=> async move #block)),
            None => {
                errors.spanned(
                    &method.sig.output,
                    "an `async fn` under #[soap_impl] returns `soapkit::Result<T>`, as the operation is declared",
                );
                // Rewritten as if it returned `Result` of what it names, so that the error
                // above is the only one.
                let output = match &method.sig.output {
                    ReturnType::Type(_, ty) => (**ty).clone(),
                    ReturnType::Default => syn::parse_quote!(()),
                };
                (output, quote_spanned!(block.span()=> async move { #krate::__private::Ok(#block) }))
            }
        };
        let span = output.span();
        method.sig.asyncness = None;
        method.sig.output = syn::parse_quote_spanned!(span=> -> #krate::Call<'_, #output>);
        method.block = syn::parse_quote_spanned!(span=> {
            #krate::Call::from_future(#body)
        });
    }
    quote!(#item)
}

/// What an item that is not an impl block gets.
pub(crate) fn not_an_impl(input: &TokenStream) -> TokenStream {
    let span = input.clone().into_iter().next().map_or_else(proc_macro2::Span::call_site, |t| t.span());
    let error = quote_spanned!(span=> ::core::compile_error!(
        "#[soap_impl] goes on an implementation of a #[soap_service] trait: `impl PersonAgent for MyService { ... }`"
    ););
    quote!(#error #input)
}
