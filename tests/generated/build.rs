//! Generates every test WSDL into OUT_DIR the way a user's build script would.

fn main() {
    let mut builder = soapkit_codegen::Builder::new();
    for wsdl in
        ["../../interop/person.wsdl", "../../codegen/tests/wsdl/features.wsdl", "../../codegen/tests/wsdl/rpc.wsdl"]
    {
        builder = builder.wsdl(wsdl);
    }
    if let Err(e) = builder.generate() {
        panic!("{e}");
    }
}
