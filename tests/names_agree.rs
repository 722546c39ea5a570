//! The generator predicts the element name the macros derive from each parameter it
//! writes (`rename_all = "PascalCase"`, the default), and writes `#[soap(rename)]` only
//! where the two differ. The rules live in two crates (a proc-macro crate cannot be a
//! library of the generator), so this test holds them together: both files are compiled
//! here, and for every name the test WSDLs and the public corpus hold, the generator's
//! prediction is what the macros' rule gives.

#[allow(dead_code)]
#[path = "../macros/src/case.rs"]
mod case;
#[path = "../macros/src/ncname.rs"]
mod macro_ncname;
#[allow(dead_code)]
#[path = "../codegen/src/names.rs"]
mod names;
#[path = "../runtime/src/xml/ncname.rs"]
mod runtime_ncname;

use std::path::Path;

/// Every `name="..."` value of the XML files at or below `path`.
fn names_in(path: &Path, out: &mut Vec<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            names_in(&entry.unwrap().path(), out);
        }
    } else if matches!(path.extension().and_then(|e| e.to_str()), Some("wsdl" | "xsd" | "xml")) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        out.extend(text.split("name=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned));
    }
}

#[test]
fn the_generator_predicts_the_element_names_the_macros_derive() {
    let mut all = Vec::new();
    names_in(Path::new("codegen/tests"), &mut all);
    names_in(Path::new("interop/person.wsdl"), &mut all);
    all.sort();
    all.dedup();
    assert!(all.len() > 1000, "only {} names found", all.len());
    let mut differ = Vec::new();
    for name in &all {
        let ident = names::snake(name);
        let macro_name = case::RenameRule::Pascal.apply(&ident);
        if names::macro_pascal(&ident) != macro_name {
            differ.push(format!(
                "{name}: parameter `{ident}`, generator {} / macro {macro_name}",
                names::macro_pascal(&ident)
            ));
        }
    }
    assert!(differ.is_empty(), "{} names disagree:\n{}", differ.len(), differ.join("\n"));
}

/// The macros refuse a declared name the runtime would refuse to write, and accept every
/// name it writes: over every name of the corpus and names made to sit on the rule's edges.
#[test]
fn the_macros_and_the_runtime_agree_on_what_an_xml_name_is() {
    let mut all = Vec::new();
    names_in(Path::new("codegen/tests"), &mut all);
    let edges =
        ["", "a", "_", "1a", "-a", ".a", "a-b.c_d", "a:b", "a b", "å", "Ωmega", "a\u{300}", "a\u{2028}", "ab\u{FFFD}"];
    all.extend(edges.iter().map(|s| s.to_string()));
    for name in &all {
        assert_eq!(macro_ncname::is_ncname(name), runtime_ncname::is_ncname(name), "{name:?}");
    }
    assert!(all.len() > 1000, "{}", all.len());
}
