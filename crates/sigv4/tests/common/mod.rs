//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cases;
pub mod raw_http;
pub mod server;
pub mod signing;
pub mod suite;
