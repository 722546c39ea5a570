//! Several WSDLs as one SDK: the items two or more of them generate identically shared in
//! `types`, the rest in a module per WSDL.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Options;
use super::module::{format, header, module};
use crate::error::{Error, Warning};
use crate::names::{self, Scope};

/// Several WSDLs generated together: `(file name, source)` pairs for `mod.rs`, `types.rs`
/// (the types the WSDLs share) and one module per WSDL.
#[derive(Debug, Clone)]
pub struct Sdk {
    /// File names (relative to the output directory) and their formatted sources.
    pub files: Vec<(String, String)>,
    /// How many operations they declare.
    pub operations: usize,
    /// Fallbacks taken, each with its place in the input.
    pub warnings: Vec<Warning>,
}

/// The idents an item's tokens name.
fn idents(tokens: &TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens.clone() {
        match tree {
            TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            TokenTree::Group(group) => idents(&group.stream(), out),
            _ => {}
        }
    }
}

/// Generates several WSDLs as one SDK: a module per WSDL (named after its file), and
/// `types` with every item that two or more WSDLs generate identically (same name, same
/// definition, and everything it names shared too), so a value from one service can be
/// passed to another. Items of the same name that differ stay in their modules.
pub fn generate_sdk(wsdls: &[&str]) -> Result<Sdk, Error> {
    generate_sdk_with(wsdls, &Options::default())
}

/// [`generate_sdk`] with `options`.
pub fn generate_sdk_with(wsdls: &[&str], options: &Options) -> Result<Sdk, Error> {
    let modules = wsdls.iter().map(|w| module(w, options)).collect::<Result<Vec<_>, _>>()?;
    // name → (text → modules defining it so)
    let mut texts: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for module in &modules {
        for (name, tokens) in &module.items {
            *texts.entry(name).or_default().entry(tokens.to_string()).or_default() += 1;
        }
    }
    let mut shared: BTreeSet<String> = texts
        .iter()
        .filter(|(_, variants)| variants.len() == 1 && variants.values().all(|&n| n >= 2))
        .map(|(name, _)| name.to_string())
        .collect();
    let all_names: BTreeSet<String> = texts.keys().map(|n| n.to_string()).collect();
    // An item is shared only if everything it names is: its meaning must not depend on
    // which module it came from.
    loop {
        let mut changed = false;
        for module in &modules {
            for (name, tokens) in &module.items {
                if !shared.contains(name) {
                    continue;
                }
                let mut named = BTreeSet::new();
                idents(tokens, &mut named);
                if named.iter().any(|n| n != name && all_names.contains(n) && !shared.contains(n)) {
                    shared.remove(name);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut emitted = BTreeSet::new();
    let mut shared_items = Vec::new();
    let mut mod_scope = Scope::with(["types".to_owned(), "mod".to_owned()]);
    let mut mods = Vec::new();
    let mut operations = 0;
    for module in modules {
        operations += module.operations;
        for (name, tokens) in &module.items {
            if shared.contains(name) && emitted.insert(name.clone()) {
                shared_items.push(tokens.clone());
            }
        }
        let stem = Path::new(module.wsdl.split(['?', '#']).next().unwrap_or(&module.wsdl))
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "service".into());
        let mod_name = mod_scope.claim(names::snake(&stem).trim_start_matches("r#").to_owned());
        let own = module.items.iter().filter(|(name, _)| !shared.contains(name)).map(|(_, tokens)| tokens);
        let services = &module.services;
        let code = format(quote! {
            #[allow(unused_imports)]
            use super::types::*;
            #services
            #(#own)*
        })?;
        files.push((format!("{mod_name}.rs"), header(&[&module.wsdl], module.doc.as_deref()) + &code));
        mods.push(mod_name);
        warnings.extend(module.warnings);
    }
    files.push(("types.rs".into(), header(wsdls, None) + &format(quote! { #(#shared_items)* })?));
    let mod_idents = mods.iter().map(|m| syn::Ident::new(m, proc_macro2::Span::call_site()));
    let mod_rs = format(quote! {
        pub mod types;
        #(pub mod #mod_idents;)*
    })?;
    files.push(("mod.rs".into(), header(wsdls, None) + &mod_rs));
    files.sort();
    Ok(Sdk { files, operations, warnings })
}
