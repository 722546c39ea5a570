//! Any bytes as a SOAP reply: a value or an error, never a panic, a hang or an unbounded
//! allocation.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    soapkit_runtime::__private::fuzz_reply(data);
});
