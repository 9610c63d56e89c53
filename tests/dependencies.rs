//! What a user's build of a generated crate compiles: no proc-macro crate at all (no
//! serde_derive, no syn), in the default build and in the sans-I/O one. Checked with
//! cargo's own resolver, for the packages as a user's `cargo build -p` selects them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo).args(args).current_dir(root()).output().expect("cargo runs");
    assert!(out.status.success(), "cargo {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("cargo prints UTF-8")
}

/// `name version` of every package in the workspace's lock whose library is a proc macro.
fn proc_macros() -> BTreeSet<String> {
    let metadata: serde_json::Value = serde_json::from_str(&cargo(&["metadata", "--format-version", "1", "--locked"])).unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["targets"].as_array().unwrap().iter().any(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "proc-macro")))
        .map(|p| format!("{} v{}", p["name"].as_str().unwrap(), p["version"].as_str().unwrap()))
        .collect()
}

/// The packages a normal (not dev, not build-script) build of `package` compiles.
fn normal_build(package: &str, extra: &[&str]) -> BTreeSet<String> {
    let mut args = vec!["tree", "--locked", "-e", "normal", "-p", package, "--prefix", "none", "-f", "{p}"];
    args.extend_from_slice(extra);
    cargo(&args).lines().map(|l| l.split(" (").next().unwrap_or(l).trim().to_string()).filter(|l| !l.is_empty()).collect()
}

#[test]
fn generated_crates_build_no_proc_macro() {
    let macros = proc_macros();
    assert!(macros.iter().any(|m| m.starts_with("serde_derive ")), "the check must see the workspace's own proc macros: {macros:?}");
    for package in ["botogen-appstream", "botogen-appstream-sessions"] {
        for features in [&[][..], &["--no-default-features"][..]] {
            let built = normal_build(package, features);
            assert!(built.iter().any(|p| p.starts_with("botogen-runtime ")), "{built:?}");
            let found: Vec<&String> = built.iter().filter(|p| macros.contains(*p)).collect();
            assert!(found.is_empty(), "{package} {features:?} compiles proc macros: {found:?}");
        }
    }
}
