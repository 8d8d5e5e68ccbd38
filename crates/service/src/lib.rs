//! What the Orbit and Axon binaries share: JSON logging, the HTTP server
//! loop, shutdown signals, correlation ids and key loading.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod correlation;
pub mod keys;
pub mod logging;
pub mod serve;
pub mod shutdown;
