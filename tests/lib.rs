//! Shared helpers of the cross-crate tests, which live in `tests/*.rs` beside this file.

pub mod fake_appstream;
pub mod http_wire;
pub mod moto_server;
pub mod scripted_server;

use std::path::Path;

/// Copies the files under `from` over `to`, recursively, leaving out build output
/// (`target/` directories).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() == "target" {
                continue;
            }
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
