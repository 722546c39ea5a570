//! The `build.rs` entry point: every WSDL into `OUT_DIR`, with cargo's rerun and warning
//! lines.

use std::path::{Path, PathBuf};

use super::{Options, generate_with};
use crate::error::Error;
use crate::names;
use crate::secret_names::SecretNames;

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

    /// Leaves out what the bindings' WS-Policy asks ([`Options::ignore_policy`](crate::Options::ignore_policy)).
    pub fn ignore_policy(mut self, ignore: bool) -> Self {
        self.options.ignore_policy = ignore;
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
