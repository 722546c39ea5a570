//! Declarations generated from WSDLs by `build.rs`, compiled as a user's crate compiles
//! them (CI denies warnings).

/// `interop/person.wsdl`: a Services88-like Person agent.
pub mod person {
    include!(concat!(env!("OUT_DIR"), "/person.rs"));
}

/// `codegen/tests/wsdl/features.wsdl`: every schema construct the generator maps.
pub mod features {
    include!(concat!(env!("OUT_DIR"), "/features.rs"));
}

/// `codegen/tests/wsdl/rpc.wsdl`: rpc/literal.
pub mod rpc {
    include!(concat!(env!("OUT_DIR"), "/rpc.rs"));
}
