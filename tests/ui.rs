//! The macros' compile errors, one file per mistake under `tests/ui/fail/`, with the
//! expected messages in `.stderr` files beside them; correct forms under `tests/ui/pass/`.
//!
//! rustc's message layout changes between releases, so the `.stderr` files hold for the
//! toolchain they were made with, [`MADE_WITH`]. On any other toolchain the test fails
//! and says so, rather than passing without having compared anything: refresh them with
//! `TRYBUILD=overwrite cargo test --test ui`, review the diff by hand, and update
//! `MADE_WITH`.

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
    let overwriting = std::env::var_os("TRYBUILD").is_some_and(|v| v == "overwrite");
    assert!(
        overwriting || version.starts_with(&format!("{MADE_WITH} ")),
        "the UI tests' .stderr files were made with {MADE_WITH}, and this is {}: refresh them with \
         `TRYBUILD=overwrite cargo test --test ui`, review the diff, and set MADE_WITH in tests/ui.rs",
        version.trim()
    );
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
