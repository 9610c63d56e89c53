//! Replays the fuzz corpus and every saved crash through the fuzz target bodies.
//!
//! `fuzz/corpus/<target>/` holds the seed corpus and `fuzz/regressions/<target>/` the
//! inputs that once made a target panic, hang or abort; each must now run cleanly.
//! Run a grown local corpus with the fuzzer itself: `cargo fuzz run <target> -- -runs=0`.

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = fuzz_dir().join(kind).join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.expect("readable corpus entry").path()).filter(|p| p.is_file() && !fuzzer_added(p)).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    files.sort();
    files
}

/// Entries libFuzzer adds are named by their SHA-1; git ignores them, and so does this
/// test, which replays only what is committed.
fn fuzzer_added(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.len() == 40 && n.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn replay(kind: &str) -> usize {
    let mut ran = 0;
    for (target, body) in fuzz_harness::TARGETS {
        for path in inputs(kind, target) {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if let Err(panic) = std::panic::catch_unwind(|| body(&data)) {
                let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
                panic!("{target} fails on {}: {}", path.display(), message.unwrap_or_default());
            }
            ran += 1;
        }
    }
    ran
}

#[test]
fn seed_corpus_runs_cleanly() {
    let ran = replay("corpus");
    // Every target has seeds; an empty corpus would make this test vacuous.
    for (target, _) in fuzz_harness::TARGETS {
        assert!(!inputs("corpus", target).is_empty(), "no seeds for {target}");
    }
    assert!(ran >= fuzz_harness::TARGETS.len());
}

#[test]
fn saved_crashes_stay_fixed() {
    replay("regressions");
}
