//! Putting the pieces together: one WSDL into one file (here), several into an SDK
//! directory (`sdk`), the `build.rs` builder (`builder`); `module` runs the generation of
//! one WSDL, `options` says what is asked for, `files` writes to disk.

mod builder;
mod files;
mod module;
mod options;
mod sdk;

use quote::quote;

pub use builder::Builder;
pub use options::Options;
pub use sdk::{Sdk, generate_sdk, generate_sdk_with};

use crate::error::{Error, Warning};
use module::{format, header, module};

/// One generated Rust file, and what the generator had to approximate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// How many operations it declares.
    pub operations: usize,
    /// Fallbacks taken, each with its place in the input.
    pub warnings: Vec<Warning>,
    /// Every file read (the WSDL first, then what it imports and includes), paths or URLs.
    pub sources: Vec<String>,
}

/// Generates the declarations of one WSDL (a path or an http(s) URL) as one Rust file.
pub fn generate(wsdl: &str) -> Result<Generated, Error> {
    generate_with(wsdl, &Options::default())
}

/// [`generate`] with `options`.
pub fn generate_with(wsdl: &str, options: &Options) -> Result<Generated, Error> {
    let module = module(wsdl, options)?;
    let items = module.items.iter().map(|(_, tokens)| tokens);
    let services = &module.services;
    let code = format(quote! { #services #(#items)* })?;
    Ok(Generated {
        code: header(&[&module.wsdl], module.doc.as_deref()) + &code,
        operations: module.operations,
        warnings: module.warnings,
        sources: module.sources,
    })
}
