//! Fuzzes the `Authorization` header, credential, date and signature
//! parsers: any input must give a value or an error, never a panic.
#![no_main]

use agentsec_sigv4::authorization::AuthorizationHeader;
use agentsec_sigv4::credential::Credential;
use agentsec_sigv4::signed_headers::SignedHeaders;
use agentsec_sigv4::{AmzDate, Signature};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = AuthorizationHeader::parse(text);
        let _ = Credential::parse(text);
        let _ = SignedHeaders::parse(text);
        let _ = AmzDate::parse(text);
        let _ = Signature::from_hex(text);
    }
});
