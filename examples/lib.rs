//! Examples live beside this file: `cargo run -p examples --example describe_sessions_types`.
