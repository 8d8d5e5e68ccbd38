//! Loads cases of the official AWS SigV4 test suite (the `v4` folder shipped
//! by awslabs/aws-c-auth) into `http` requests.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde::Deserialize;

/// Where the suite lives: `SIGV4_TEST_SUITE`, or `shared/` beside the repository.
pub fn suite_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("SIGV4_TEST_SUITE") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sigv4-test-suite/v4")
}

#[derive(Debug, Deserialize)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Context {
    pub credentials: Credentials,
    pub expiration_in_seconds: u64,
    pub normalize: bool,
    pub region: String,
    pub service: String,
    pub sign_body: bool,
    pub timestamp: String,
    #[serde(default)]
    pub omit_session_token: bool,
}

impl Context {
    pub fn time(&self) -> SystemTime {
        let compact: String = self.timestamp.chars().filter(|c| !matches!(c, '-' | ':')).collect();
        let date = agentsec_sigv4::AmzDate::parse(&compact).expect("suite timestamp");
        date.to_system_time()
    }

    pub fn expires(&self) -> Duration {
        Duration::from_secs(self.expiration_in_seconds)
    }
}

/// One suite case.
pub struct Case {
    pub name: String,
    dir: PathBuf,
    pub context: Context,
}

/// A request parsed from a suite file.
pub struct ParsedRequest {
    pub request: http::Request<Bytes>,
    /// Whether the request target had bytes (space, UTF-8) that HTTP/1.1
    /// cannot carry raw and that were percent-encoded for the wire.
    pub target_was_encoded: bool,
}

impl Case {
    pub fn load(name: &str) -> Case {
        let dir = suite_dir().join(name);
        let context: Context = serde_json::from_str(&std::fs::read_to_string(dir.join("context.json")).unwrap_or_else(|error| {
            panic!("cannot read {}: {error}", dir.join("context.json").display())
        }))
        .expect("context.json parses");
        Case { name: name.to_owned(), dir, context }
    }

    pub fn text(&self, file: &str) -> String {
        let path = self.dir.join(file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: cannot read {}: {error}", self.name, path.display()))
            .replace("\r\n", "\n")
    }

    pub fn request(&self, file: &str) -> ParsedRequest {
        parse_request(&self.text(file))
    }
}

/// Parses `METHOD target HTTP/1.1`, header lines (with obs-fold continuation
/// lines replaced by one space, as RFC 9112 allows a recipient to do), a
/// blank line and the body.
pub fn parse_request(text: &str) -> ParsedRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((head, body)) => (head, body),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().expect("request line");
    let method = request_line.split(' ').next().expect("method");
    let target = request_line[method.len() + 1..request_line.len() - " HTTP/1.1".len()].to_owned();

    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("continuation after a header");
            last.1.push(' ');
            last.1.push_str(line.trim_start_matches([' ', '\t']));
            continue;
        }
        let (name, value) = line.split_once(':').expect("header line has ':'");
        headers.push((name.to_owned(), value.to_owned()));
    }

    let (wire_target, target_was_encoded) = encode_for_wire(&target);
    let mut builder = http::Request::builder().method(method).uri(wire_target);
    for (name, value) in &headers {
        builder = builder.header(name.as_str(), value.trim_matches([' ', '\t']));
    }
    let request = builder.body(Bytes::from(body.to_owned())).expect("suite request builds");
    ParsedRequest { request, target_was_encoded }
}

fn encode_for_wire(target: &str) -> (String, bool) {
    let mut out = String::with_capacity(target.len());
    for byte in target.bytes() {
        if byte == b' ' || !byte.is_ascii() {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    let changed = out != target;
    (out, changed)
}

/// Epoch helper for tests that need a fixed time.
pub fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}
