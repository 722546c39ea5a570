//! Putting the pieces together: one file per WSDL, a directory for several, and the
//! `build.rs` builder.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Warning};
use crate::names::{self, Scope};
use crate::read::{self, Input};
use crate::secret_names::SecretNames;
use crate::service::{self, ServiceGen};
use crate::types::Types;

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

impl Generated {
    /// Writes the code to `path`, through a temporary file: a failure leaves nothing
    /// half-written.
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write_atomically(path.as_ref(), &self.code)
    }
}

impl Sdk {
    /// Writes every file into `dir`, creating it if needed.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::new(None, format!("cannot create {}", dir.display())).with_source(e))?;
        self.files.iter().try_for_each(|(name, code)| write_atomically(&dir.join(name), code))
    }
}

/// A WSDL's items: each named item with its tokens, then the traits and header types.
struct Module {
    wsdl: String,
    /// The files read for it, the WSDL first.
    sources: Vec<String>,
    /// The WSDL's own `wsdl:documentation`.
    doc: Option<String>,
    items: Vec<(String, TokenStream)>,
    services: TokenStream,
    operations: usize,
    warnings: Vec<Warning>,
}

fn module(wsdl: &str, options: &Options) -> Result<Module, Error> {
    let Input { files, schemas, definitions } = read::read(wsdl)?;
    let mut types = Types::new(&schemas, &definitions.target_namespace, options.secret_names.clone());
    let mut traits = Vec::new();
    for (port_type, binding) in service::bound_port_types(&definitions) {
        let name = trait_name(&port_type.name.local, &mut types.scope)?;
        traits.push((port_type, binding, name));
    }
    types.all_named();
    let mut services = TokenStream::new();
    let mut warnings = Vec::new();
    let mut operations = 0;
    for (port_type, binding, name) in &traits {
        let mut generator = ServiceGen::new(&definitions, &schemas, &mut types, options.server);
        services.extend(generator.service(port_type, binding, name)?);
        operations += generator.operations;
        warnings.append(&mut generator.warnings);
    }
    types.settle_namespaces();
    if !types.clashes.is_empty() {
        return Err(Error::new(
            None,
            format!("{wsdl}: names soapkit-codegen cannot keep apart: {}", types.clashes.join("; ")),
        ));
    }
    warnings.append(&mut types.warnings);
    warnings.sort();
    warnings.dedup();
    Ok(Module {
        wsdl: wsdl.to_owned(),
        sources: files,
        doc: definitions.doc.clone(),
        items: types.out.emit(),
        services,
        operations,
        warnings,
    })
}

/// The trait of port type `local`: named after it, unless a schema type already has that
/// name or one of the names generated with the trait (`{Name}Client`, `{Name}Server`,
/// `{Name}Headers`, `{Name}ReplyHeaders`); then `{Name}Service`. The schema's types keep
/// their names: they are what users handle most.
fn trait_name(local: &str, scope: &mut Scope) -> Result<String, Error> {
    let base = names::type_name(local);
    let with = |name: &str| ["", "Client", "Server", "Headers", "ReplyHeaders"].map(|suffix| format!("{name}{suffix}"));
    for name in [base.clone(), format!("{base}Service")] {
        let items = with(&name);
        if items.iter().all(|item| !scope.contains(item)) {
            for item in items {
                scope.claim(item);
            }
            return Ok(name);
        }
    }
    Err(Error::new(
        None,
        format!(
            "port type {local}: schema types already have the names of both {base} and {base}Service and their clients"
        ),
    ))
}

/// The comment a file starts with: where it came from, and the WSDL's documentation.
/// Comments, not `//!` docs: a file that `include!` pulls in cannot have inner attributes.
fn header(sources: &[&str], doc: Option<&str>) -> String {
    let mut out = format!(
        "// Generated by soapkit-codegen {} from {}.\n// Do not edit: generate it again instead.\n",
        env!("CARGO_PKG_VERSION"),
        sources.join(", ")
    );
    if let Some(doc) = doc {
        out.push_str("//\n");
        for line in doc.lines() {
            out.push_str(format!("// {line}").trim_end());
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

fn format(tokens: TokenStream) -> Result<String, Error> {
    syn::parse2::<syn::File>(tokens).map(|file| prettyplease::unparse(&file)).map_err(|e| {
        Error::new(None, "soapkit-codegen built code that does not parse; please report this with the WSDL")
            .with_source(e)
    })
}

/// How to generate: [`Options::default`] gives client declarations.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Declare each trait `#[soap_service(server, ...)]`, so that `{Trait}Server` serves
    /// an implementation of it (the `soapkit` feature `server`).
    pub server: bool,
    /// The names whose values are kept secret ([`SecretNames`]: the defaults unless
    /// changed).
    pub secret_names: SecretNames,
}

impl Options {
    /// Sets [`secret_names`](Options::secret_names).
    pub fn secret_names(mut self, names: SecretNames) -> Self {
        self.secret_names = names;
        self
    }

    /// Sets [`server`](Options::server).
    pub fn server(mut self, server: bool) -> Self {
        self.server = server;
        self
    }
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

/// Generates declarations from `build.rs` into `OUT_DIR`, in the style of prost-build:
/// each WSDL becomes `OUT_DIR/{file stem in snake_case}.rs`, for
/// `include!(concat!(env!("OUT_DIR"), "/person.rs"))`. Warnings go to cargo.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    wsdls: Vec<String>,
    out_dir: Option<PathBuf>,
    options: Options,
}

impl Builder {
    /// A builder with no WSDL yet.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Adds a WSDL (a path, relative to the crate's root as build scripts run there, or a URL).
    pub fn wsdl(mut self, wsdl: impl Into<String>) -> Self {
        self.wsdls.push(wsdl.into());
        self
    }

    /// Declares the traits `server` too ([`Options::server`]).
    pub fn server(mut self, server: bool) -> Self {
        self.options.server = server;
        self
    }

    /// Which names are credentials, kept secret in the generated code
    /// ([`Options::secret_names`]).
    pub fn secret_names(mut self, names: SecretNames) -> Self {
        self.options.secret_names = names;
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates every WSDL; returns the files written.
    pub fn generate(self) -> Result<Vec<PathBuf>, Error> {
        let out_dir = match self.out_dir.or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)) {
            Some(dir) => dir,
            None => return Err(Error::new(None, "OUT_DIR is not set: run from build.rs, or call out_dir")),
        };
        let mut written = Vec::new();
        for wsdl in &self.wsdls {
            let generated = generate_with(wsdl, &self.options)?;
            // The imported and included schemas too: a change to any of them changes the code.
            for source in generated.sources.iter().filter(|s| !s.contains("://")) {
                println!("cargo:rerun-if-changed={source}");
            }
            for warning in &generated.warnings {
                println!("cargo:warning={warning}");
            }
            let stem = Path::new(wsdl).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let path = out_dir.join(format!("{}.rs", names::snake(&stem).trim_start_matches("r#")));
            generated.write_to(&path)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Writes through a temporary file and a rename, so a failed run leaves no half-written file.
fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("rs.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Error::new(None, format!("cannot write {}", path.display())).with_source(e))
}
