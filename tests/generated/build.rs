//! Generates every test WSDL into OUT_DIR the way a user's build script would, and the
//! whole vendored corpus (`codegen/tests/corpus`), one module per WSDL, so that compiling
//! this crate proves every generated file compiles.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let mut builder = soapkit_codegen::Builder::new();
    for wsdl in [
        "../../interop/person.wsdl",
        "../../codegen/tests/wsdl/features.wsdl",
        "../../codegen/tests/wsdl/rpc.wsdl",
        "../../codegen/tests/wsdl/names.wsdl",
    ] {
        builder = builder.wsdl(wsdl);
    }
    if let Err(e) = builder.generate() {
        panic!("{e}");
    }
    // The Person agent once more, the SoPrincipal-like service and the one with WS-Policy,
    // with their servers
    // (`Builder::server`), into their own folder.
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("server");
    let served = soapkit_codegen::Builder::new()
        .server(true)
        .wsdl("../../interop/person.wsdl")
        .wsdl("../../codegen/tests/wsdl/principal.wsdl")
        .wsdl("../../codegen/tests/wsdl/names.wsdl")
        .wsdl("../../codegen/tests/wsdl/secured.wsdl")
        .out_dir(out);
    if let Err(e) = std::fs::create_dir_all(PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("server"))
        .map_err(|e| e.to_string())
        .and_then(|()| served.generate().map(|_| ()).map_err(|e| e.to_string()))
    {
        panic!("{e}");
    }
    corpus();
}

/// The corpus's WSDLs: `*.wsdl`, and savon's fixtures, which are WSDLs named `*.xml`.
fn wsdls(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            wsdls(&path, out);
        } else if is_wsdl(&path) {
            out.push(path);
        }
    }
}

fn is_wsdl(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("wsdl") => true,
        Some("xml") => path.parent().is_some_and(|p| p.ends_with("savon")),
        _ => false,
    }
}

fn corpus() {
    let root = Path::new("../../codegen/tests/corpus");
    println!("cargo:rerun-if-changed={}", root.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("corpus");
    std::fs::create_dir_all(&out).unwrap();
    let mut files = Vec::new();
    wsdls(root, &mut files);
    let mut modules = String::new();
    let mut table = String::new();
    let mut failures = Vec::new();
    for (i, wsdl) in files.iter().enumerate() {
        let name = wsdl.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        match soapkit_codegen::generate(wsdl.to_str().unwrap()) {
            Ok(generated) => {
                let file = out.join(format!("m{i}.rs"));
                std::fs::write(&file, &generated.code).unwrap();
                writeln!(modules, "pub mod m{i} {{ include!({:?}); }}", file.display().to_string()).unwrap();
                writeln!(table, "    ({name:?}, {}, {}),", generated.operations, generated.warnings.len()).unwrap();
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "corpus WSDLs that do not generate:\n{}", failures.join("\n"));
    let code = format!(
        "/// Each corpus WSDL (relative to `codegen/tests/corpus`), its operations and warnings.\n\
         pub const CORPUS: &[(&str, usize, usize)] = &[\n{table}];\n\n{modules}"
    );
    std::fs::write(out.join("mod.rs"), code).unwrap();
}
