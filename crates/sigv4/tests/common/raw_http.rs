//! Raw HTTP/1.1 over TCP on loopback, so that a request reaches the server
//! byte for byte as a signer produced it (an HTTP client library could
//! normalize the path or reorder headers).

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as it goes on the wire.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A response as read off the wire.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!("response body is not JSON ({error}): {}", String::from_utf8_lossy(&self.body))
        })
    }

    /// The `reason` field of a rejection body.
    pub fn reason(&self) -> String {
        self.json()["reason"].as_str().unwrap_or("").to_owned()
    }
}

impl RawRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn set_header(&mut self, name: &str, value: &str) {
        let mut replaced = false;
        for (key, existing) in &mut self.headers {
            if key.eq_ignore_ascii_case(name) && !replaced {
                *existing = value.to_owned();
                replaced = true;
            }
        }
        if !replaced {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        if self.header("content-length").is_none() && self.header("transfer-encoding").is_none() {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"Connection: close\r\n\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    /// Parses a request captured off the wire (request line, headers, body
    /// by `Content-Length`).
    pub fn parse(bytes: &[u8]) -> RawRequest {
        let split = find(bytes, b"\r\n\r\n").expect("captured request has a blank line");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let body = bytes[split + 4..].to_vec();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().expect("request line");
        let mut fields = request_line.splitn(3, ' ');
        let method = fields.next().expect("method").to_owned();
        let target = fields.next().expect("target").to_owned();
        let headers = lines
            .map(|line| {
                let (name, value) = line.split_once(':').expect("header line");
                (name.to_owned(), value.trim_start().to_owned())
            })
            .filter(|(name, _)| !name.eq_ignore_ascii_case("connection"))
            .collect();
        RawRequest { method, target, headers, body }
    }

    pub async fn send(&self, addr: SocketAddr) -> RawResponse {
        send_bytes(addr, &self.to_bytes()).await
    }
}

pub async fn send_bytes(addr: SocketAddr, bytes: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(addr).await.expect("connect to test server");
    stream.write_all(bytes).await.expect("write request");
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut response))
        .await
        .expect("response within 30 s")
        .expect("read response");
    parse_response(&response)
}

fn parse_response(mut bytes: &[u8]) -> RawResponse {
    // Skip interim responses such as `100 Continue`.
    while bytes.starts_with(b"HTTP/1.1 1") {
        match find(bytes, b"\r\n\r\n") {
            Some(end) => bytes = &bytes[end + 4..],
            None => break,
        }
    }
    let split = find(bytes, b"\r\n\r\n").unwrap_or_else(|| panic!("incomplete response: {}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|line| line.split(' ').nth(1)).and_then(|code| code.parse().ok()).expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
        .collect();
    let mut body = bytes[split + 4..].to_vec();
    let chunked = headers.iter().any(|(name, value)| name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    RawResponse { status, headers, body }
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = find(bytes, b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&bytes[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&bytes[line_end + 2..line_end + 2 + size]);
        bytes = &bytes[line_end + 2 + size + 2..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Accepts one connection on 127.0.0.1, reads one request (headers, then
/// `Content-Length` bytes of body), answers 200 and returns the raw bytes.
pub async fn capture_one(listener: TcpListener) -> Vec<u8> {
    let (mut stream, _) = listener.accept().await.expect("accept");
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        let read = stream.read(&mut chunk).await.expect("read captured request");
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(split) = find(&buffer, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() >= split + 4 + length {
                break;
            }
        }
    }
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await.ok();
    buffer
}
