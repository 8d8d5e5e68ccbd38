//! Requests that have tripped up SigV4 verifiers, shared by the botocore and
//! curl interoperability tests.

/// One request to sign: method, path and query as sent, extra headers, body.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: &'static str,
    pub method: &'static str,
    pub target: &'static str,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Vec<u8>,
}

fn get(name: &'static str, target: &'static str) -> Case {
    Case { name, method: "GET", target, headers: Vec::new(), body: Vec::new() }
}

/// A deterministic pseudo-random body of `len` bytes.
pub fn body(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state & 0xff) as u8
        })
        .collect()
}

fn post(name: &'static str, len: usize) -> Case {
    Case {
        name,
        method: "POST",
        target: "/reason",
        headers: vec![("Content-Type", "application/octet-stream")],
        body: body(len),
    }
}

/// The cases, for signers that follow AWS's canonicalization rules.
pub fn cases() -> Vec<Case> {
    vec![
        get("plain path", "/reason"),
        get("space in path", "/reason/a%20b"),
        get("unicode path", "/caf%C3%A9/%E1%88%B4"),
        get("reserved characters in path", "/a+b=c/d:e@f!$&'()*,;"),
        get("dot segments", "/a/./b/../c"),
        get("repeated slashes", "//a//b/"),
        get("repeated query keys", "/q?b=2&a=3&a=1&a=2"),
        get("query key without equals", "/q?flag&empty=&z=1"),
        get("reserved characters in query values", "/q?k=a%2Bb%3Dc%26d%2F%20e&plus=%2B&eq=%3D"),
        get("unicode query", "/q?%E1%88%B4=%C3%A9&%C3%A9=x"),
        Case {
            name: "repeated header lines",
            method: "GET",
            target: "/h",
            headers: vec![("X-Dup", "first"), ("X-Dup", "second value")],
            body: Vec::new(),
        },
        Case {
            name: "inner whitespace in header value",
            method: "GET",
            target: "/h",
            headers: vec![("X-Spaced", "a    b   c")],
            body: Vec::new(),
        },
        post("empty body", 0),
        post("1 KiB body", 1024),
        post("3 MiB body", 3 * 1024 * 1024),
    ]
}

/// Cases for curl against a service with AWS's default rules (double-encoded,
/// normalized path; sorted, re-encoded query).
///
/// curl 7.88 signs the path and query exactly as sent: it neither normalizes
/// nor re-encodes the path and does not sort the query (curl 8 does). Its
/// signature is then correct only when the request is already in canonical
/// form, so these targets are: plain paths, and queries already sorted and
/// strictly encoded, with `=` after every key.
pub fn curl_cases() -> Vec<Case> {
    vec![
        get("plain path", "/reason"),
        get("repeated query keys", "/q?a=1&a=2&a=3&b=2"),
        get("empty query values", "/q?empty=&flag=&z=1"),
        get("reserved characters in query values", "/q?eq=%3D&k=a%2Bb%3Dc%26d%2F%20e&plus=%2B"),
        get("unicode query", "/q?%C3%A9=x&%E1%88%B4=%C3%A9"),
        Case {
            name: "inner whitespace in header value",
            method: "GET",
            target: "/h",
            headers: vec![("X-Spaced", "a    b   c")],
            body: Vec::new(),
        },
        post("empty body", 0),
        post("1 KiB body", 1024),
        post("3 MiB body", 3 * 1024 * 1024),
    ]
}

/// Paths for curl against an S3-style service, whose path is signed as sent.
pub fn curl_s3_path_cases() -> Vec<Case> {
    vec![
        get("space in path", "/reason/a%20b"),
        get("unicode path", "/caf%C3%A9/%E1%88%B4"),
        get("reserved characters in path", "/a+b=c/d:e@f!$&'()*,;"),
        get("dot segments", "/a/./b/../c"),
        get("repeated slashes", "//a//b/"),
    ]
}
