//! botogen's code generator: botocore service models in, Rust crates out.
//!
//! Three stages with clear borders, each testable alone:
//! [`model`] mirrors botocore's JSON and validates it; [`ir`] lowers it to Rust names and
//! types; [`emit`] renders the IR, and nothing else, as source files. [`project`] ties
//! them to the files of this repository for `cargo xtask codegen`.

pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ident;
pub mod ir;
pub mod model;
pub mod project;
pub mod protocol_tests;
pub mod release;

pub use error::{Error, Problem, Result};
