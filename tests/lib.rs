//! Shared helpers of the cross-crate tests, which live in `tests/*.rs` beside this file.

pub mod fake_appstream;
pub mod http_wire;
pub mod moto_server;
pub mod scripted_server;
