//! The macros of [soapkit](https://docs.rs/soapkit): `#[soap_service]` turns a trait of
//! `async fn`s into a SOAP client (and with `server`, a server), `#[soap_operation]`
//! describes each operation, and `#[soap_impl]` lets an implementation of the trait be
//! written with `async fn`s.
//!
//! Use them through the `soapkit` facade, whose documentation describes the arguments.
//! The stages are: `attr` (arguments) → `ast` (the model) with `valid` (rules) → `expand`
//! (code), or `fallback` when a declaration has errors.
#![forbid(unsafe_code)]

mod ast;
mod attr;
mod case;
mod ctxt;
mod expand;
mod fallback;
mod implementation;
mod ncname;
mod valid;

use proc_macro::TokenStream;

/// Declares a SOAP service: see the `soapkit` crate documentation.
#[proc_macro_attribute]
pub fn soap_service(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: syn::ItemTrait = match syn::parse(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let input = proc_macro2::TokenStream::from(input);
            let error = syn::Error::new(
                first_token_span(&input),
                "#[soap_service] goes on a trait: `pub trait PersonAgent { ... }`",
            )
            .to_compile_error();
            return quote::quote!(#error #input).into();
        }
    };
    let mut errors = ctxt::Errors::default();
    let service = ast::Service::from_syn(args.into(), item, &mut errors);
    match errors.take() {
        None => expand::service(service).into(),
        Some(error) => {
            let error = error.to_compile_error();
            let fallback = fallback::service(&service);
            quote::quote!(#error #fallback).into()
        }
    }
}

/// Describes one operation of a `#[soap_service]` trait: see the `soapkit` crate
/// documentation.
#[proc_macro_attribute]
pub fn soap_operation(args: TokenStream, input: TokenStream) -> TokenStream {
    // Inside a `#[soap_service]` trait this never runs: the service reads and removes
    // the operation attributes. Reaching here means there is no service around.
    let _ = args;
    let input = proc_macro2::TokenStream::from(input);
    // A method of an unmarked trait and a free function look alike from here, so one
    // message serves both.
    let message = "#[soap_operation] describes a method of a trait marked #[soap_service(...)]: \
                   put #[soap_service] on the trait, or move the method into one";
    // The call site of an attribute macro is the attribute itself.
    let error = syn::Error::new(proc_macro2::Span::call_site(), message).to_compile_error();
    quote::quote!(#error #input).into()
}

/// Implements a `#[soap_service]` trait with `async fn`s: see the `soapkit` crate
/// documentation.
#[proc_macro_attribute]
pub fn soap_impl(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: syn::ItemImpl = match syn::parse(input.clone()) {
        Ok(item) => item,
        Err(_) => return implementation::not_an_impl(&input.into()).into(),
    };
    let mut errors = ctxt::Errors::default();
    let expanded = implementation::implementation(args.into(), item, &mut errors);
    match errors.take() {
        None => expanded.into(),
        Some(error) => {
            let error = error.to_compile_error();
            quote::quote!(#error #expanded).into()
        }
    }
}

fn first_token_span(tokens: &proc_macro2::TokenStream) -> proc_macro2::Span {
    tokens.clone().into_iter().next().map_or_else(proc_macro2::Span::call_site, |t| t.span())
}
