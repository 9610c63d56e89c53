//! The bodies of botogen's fuzz targets.
//!
//! Each function takes the fuzzer's bytes and must return, whatever they are: no panic,
//! no abort, no hang, no unbounded allocation. The targets in `fuzz/` are one-line
//! wrappers; `tests/replay.rs` runs the same functions over the committed seed corpus
//! and over every input that once crashed them, so a regression fails `cargo test`
//! without a fuzzer or a nightly toolchain.

mod model;
mod mutate;
mod response;
mod text;

pub use model::model_json;
pub use mutate::model_mutate;
pub use response::response;
pub use text::{jmespath, runtime_text};

/// A target body: takes any bytes, returns only if they were handled.
pub type Body = fn(&[u8]);

/// Every target, by the name its directories under `fuzz/` use.
pub const TARGETS: &[(&str, Body)] = &[
    ("jmespath", jmespath),
    ("model_json", model_json),
    ("model_mutate", model_mutate),
    ("response", response),
    ("runtime_text", runtime_text),
];
