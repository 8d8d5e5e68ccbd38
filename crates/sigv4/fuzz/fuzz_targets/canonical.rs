//! Fuzzes the canonicalizer: path normalization and encoding, query
//! decoding, sorting and re-encoding. Also checks that normalization is
//! idempotent.
#![no_main]

use agentsec_sigv4::canonical::{self, PathStyle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let mut out = String::new();
    canonical::push_canonical_path(&mut out, path, PathStyle::NormalizedDoubleEncoded);
    canonical::push_canonical_path(&mut out, path, PathStyle::AsSent);
    canonical::push_canonical_query(&mut out, query, false);
    canonical::push_canonical_query(&mut out, query, true);

    let once = canonical::normalize_path(path).into_owned();
    let twice = canonical::normalize_path(&once).into_owned();
    assert_eq!(once, twice, "normalization is not idempotent");
});
