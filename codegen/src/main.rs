//! `soapkit-codegen <WSDL>... -o <OUT>`: one WSDL into one Rust file, or several into a
//! directory of modules with their shared types once.

use std::path::Path;
use std::process::ExitCode;

const USAGE: &str =
    "usage: soapkit-codegen [--server] [--secret-name NAME]... [--no-default-secret-names] [--ignore-policy] <WSDL>... -o <OUT>

  <WSDL>   a WSDL 1.1 file's path, or an http(s) URL (https://host/Service.svc?wsdl)
  -o OUT   one WSDL: the Rust file to write (OUT.rs)
           several WSDLs, or OUT ending in '/': a directory for mod.rs, types.rs and
           one module per WSDL
  --server also generate each trait's server ({Trait}Server; soapkit feature `server`)
  --secret-name NAME
           also keep values secret whose names end in NAME (`pin code`, `PinCode`)
  --no-default-secret-names
           do not treat password, token, ticket, secret, credentials, api key, ...
           as secret (see the crate docs for the list)
  --ignore-policy
           do not declare the WS-Addressing and WS-Security a binding's WS-Policy
           asks for (by default the traits say `ws_addressing`/`ws_security`, which
           need the soapkit features `wsa`/`wsse`)

Warnings (what was mapped to a fallback) go to stderr; the exit status is 0 on success.";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("soapkit-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut wsdls = Vec::new();
    let mut out = None;
    let mut options = soapkit_codegen::Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "-V" | "--version" => {
                println!("soapkit-codegen {}", env!("CARGO_PKG_VERSION"));
                return Ok(());
            }
            "-o" | "--out" => out = Some(args.next().ok_or("-o needs a path")?),
            "--server" => options.server = true,
            "--secret-name" => {
                let name = args.next().ok_or("--secret-name needs a name")?;
                options.secret_names = options.secret_names.with(name);
            }
            "--ignore-policy" => options.ignore_policy = true,
            "--no-default-secret-names" => options.secret_names = options.secret_names.defaults(false),
            flag if flag.starts_with('-') && flag.len() > 1 => return Err(format!("unknown option {flag}\n\n{USAGE}")),
            _ => wsdls.push(arg),
        }
    }
    let out = out.ok_or(format!("missing -o <OUT>\n\n{USAGE}"))?;
    if wsdls.is_empty() {
        return Err(format!("no WSDL given\n\n{USAGE}"));
    }
    if wsdls.len() == 1 && !out.ends_with('/') && !Path::new(&out).is_dir() {
        let generated = soapkit_codegen::generate_with(&wsdls[0], &options).map_err(|e| report(&e))?;
        for warning in &generated.warnings {
            eprintln!("{warning}");
        }
        generated.write_to(&out).map_err(|e| report(&e))?;
        eprintln!("wrote {out}: {} operations", generated.operations);
        return Ok(());
    }
    let refs: Vec<&str> = wsdls.iter().map(String::as_str).collect();
    let sdk = soapkit_codegen::generate_sdk_with(&refs, &options).map_err(|e| report(&e))?;
    for warning in &sdk.warnings {
        eprintln!("{warning}");
    }
    sdk.write_to(&out).map_err(|e| report(&e))?;
    eprintln!("wrote {} files in {out}: {} operations", sdk.files.len(), sdk.operations);
    Ok(())
}

/// `error`, then each of its causes on a line of its own, as a command line tool reports
/// them.
fn report(error: &soapkit_codegen::Error) -> String {
    std::iter::successors(std::error::Error::source(error), |cause| cause.source())
        .fold(error.to_string(), |text, cause| format!("{text}\n  caused by: {cause}"))
}
