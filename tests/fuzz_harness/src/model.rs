//! Model text in, crate out: load, validate, lower, emit.

use codegen::emit::emit_crate_on;
use codegen::ir::{lower, LowerOptions};
use codegen::model::load_service_from_str;
use codegen::Error;
use serde_json::Value;

/// The name fuzzed models go by in errors.
pub(crate) const FILE: &str = "fuzzed/service-2.json";

/// Arbitrary bytes as the text of `service-2.json`.
pub fn model_json(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        generate(text, None, None, None);
    }
}

/// Runs the whole pipeline; every outcome must be files or an error that says where.
pub(crate) fn generate(service: &str, paginators: Option<Value>, waiters: Option<Value>, operations: Option<Vec<String>>) {
    let mut model = match load_service_from_str(FILE, service) {
        Ok(model) => model,
        Err(e) => return check_error(&e),
    };
    // The mutated files go through the same typed parse as files read from disk.
    let paginators = paginators.map(|p| codegen::model::from_value(&FILE.replace("service-2", "paginators-1"), p)).transpose();
    let waiters = waiters.map(|w| codegen::model::from_value(&FILE.replace("service-2", "waiters-2"), w)).transpose();
    match (paginators, waiters) {
        (Ok(paginators), Ok(waiters)) => (model.paginators, model.waiters) = (paginators, waiters),
        (Err(e), _) | (_, Err(e)) => return check_error(&e),
    }
    let options = LowerOptions {
        crate_name: "fuzzed".into(),
        runtime: codegen::ir::RuntimeDep::Path("../../runtime".into()),
        standalone: false,
        model_label: FILE.into(),
        operations,
        tests: codegen::ir::CrateTests::Generated,
        protocol: None,
    };
    let ir = match lower(&model, &options) {
        Ok(ir) => ir,
        Err(e) => return check_error(&e),
    };
    match emit_crate_on(&ir, 1) {
        Ok(files) => {
            assert!(files.iter().any(|f| f.path == "src/lib.rs"), "no src/lib.rs among {} files", files.len());
            for file in &files {
                assert!(!file.contents.trim().is_empty(), "{} is empty", file.path);
            }
        }
        Err(e) => check_error(&e),
    }
}

/// A model error must name the file and say something; an emit error is a generator bug.
fn check_error(error: &Error) {
    if let Error::Emit { .. } = error {
        panic!("valid model, invalid Rust: {error}");
    }
    if let Error::Invalid { problems, .. } = error {
        assert!(!problems.is_empty(), "an Invalid error without problems");
    }
    let text = error.to_string();
    let file = ["service-2.json", "paginators-1.json", "waiters-2.json"]
        .iter()
        .map(|f| format!("fuzzed/{f}:"))
        .find(|f| text.starts_with(f.as_str()));
    let Some(file) = file else { panic!("error does not name a model file: {text}") };
    assert!(text.len() > file.len() + 2, "error says nothing: {text}");
}
