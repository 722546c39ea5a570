//! The macros' compile errors, one file per mistake under `tests/ui/fail/`, with the
//! expected messages in `.stderr` files beside them; correct forms under `tests/ui/pass/`.
//!
//! rustc's message layout changes between releases, so the `.stderr` files hold for the
//! toolchain they were made with, [`MADE_WITH`]; on any other toolchain the suite is
//! skipped with a notice. To refresh them: `TRYBUILD=overwrite cargo test --test ui`, and
//! review the diff by hand.

/// `rustc --version` of the toolchain the `.stderr` files were made with.
const MADE_WITH: &str = "rustc 1.95.0";

#[test]
fn ui() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !version.starts_with(&format!("{MADE_WITH} ")) {
        eprintln!("skipping the UI tests: their .stderr files were made with {MADE_WITH}, this is {}", version.trim());
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
