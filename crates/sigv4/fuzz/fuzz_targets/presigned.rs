//! Fuzzes the presigned-URL query parser.
#![no_main]

use agentsec_sigv4::presigned::PresignedQuery;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PresignedQuery::is_present(text);
        let _ = PresignedQuery::parse(text);
    }
});
