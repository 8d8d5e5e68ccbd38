//! Fuzzes the whole verifier with arbitrary request heads: it must reject
//! (this key never signed anything) without panicking.
#![no_main]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use agentsec_sigv4::{NoReplayProtection, SecretKey, StaticKeys, VerificationKey, Verifier, VerifierConfig};
use libfuzzer_sys::fuzz_target;

fn ready<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let target = lines.next().unwrap_or("/");
    let mut builder = http::Request::builder().uri(target);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            builder = builder.header(name.trim(), value.trim());
        }
    }
    let Ok(request) = builder.body(bytes::Bytes::new()) else {
        return;
    };
    let keys = StaticKeys::new([VerificationKey::new("AKIDEXAMPLE", "fuzz", SecretKey::new("secret"))]);
    let verifier = Verifier::new(VerifierConfig::new(["us-east-1"], ["service"]), keys).with_replay_store(NoReplayProtection);
    let (parts, body) = request.into_parts();
    if let Some(result) = ready(verifier.verify(&parts, &body)) {
        assert!(result.is_err(), "an unsigned fuzz input verified");
    }
});
