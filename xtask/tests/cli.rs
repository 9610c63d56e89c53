//! `cargo xtask` as a maintainer runs it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(root()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_on_a_fresh_checkout() {
    let out = xtask(&["codegen", "--check"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "generated code is up to date");
}

#[test]
fn a_broken_model_prints_its_json_path_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("service-2.json");
    fs::write(
        &model,
        r#"{"metadata":{"apiVersion":"1","endpointPrefix":"x","protocol":"json","serviceFullName":"X","serviceId":"X"},
            "operations":{},"shapes":{"Session":{"type":"structure","members":{"State":{"shape":"SessionStat"}}}}}"#,
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = xtask(&["codegen", "--model", model.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains(r#"service-2.json: shapes.Session.members.State.shape: no shape named "SessionStat""#), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out_dir.exists(), "nothing is written for a broken model");
}

#[test]
fn unknown_commands_and_flags_are_refused_with_usage() {
    for args in [&["codegen", "--frobnicate", "x"][..], &["generate"][..], &["codegen", "--model", "m"][..]] {
        let out = xtask(args);
        assert!(!out.status.success(), "{args:?}");
        assert!(text(&out.stderr).starts_with("error: "), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn help_prints_usage_and_succeeds() {
    for args in [&["--help"][..], &["-h"][..], &["help"][..]] {
        let out = xtask(args);
        assert!(out.status.success(), "{args:?}");
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with("usage:\n") && stdout.contains("cargo xtask survey DIR"), "{args:?}: {stdout}");
    }
    // A command's help shows that command alone.
    for (args, has, lacks) in [
        (&["diff", "--help"][..], "cargo xtask diff --history", "cargo xtask survey"),
        (&["model", "pull", "-h"][..], "cargo xtask model pull --from", "cargo xtask model check"),
        (&["help", "codegen"][..], "--runtime path|version|git=URL[#REV]", "cargo xtask diff"),
    ] {
        let out = xtask(args);
        let stdout = text(&out.stdout);
        assert!(out.status.success() && stdout.contains(has) && !stdout.contains(lacks), "{args:?}: {stdout}");
    }
}

#[test]
fn an_unknown_flag_names_the_valid_ones() {
    let out = xtask(&["diff", "a.json", "b.json", "--fromat", "json"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "unknown flag --fromat: `cargo xtask diff a.json b.json` takes --date, --fail-on, --format, --history, --note, --service"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--help"), "it says what to do next: {stderr}");
}

/// `--model PATH --out DIR` makes a crate that builds where it was written, with its
/// runtime dependency pointing back at this checkout.
#[test]
fn a_crate_generated_elsewhere_builds_there() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("appstream_sessions");
    let model = root().join("models/appstream/2016-12-01/service-2.json");
    let out = xtask(&[
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--name",
        "appstream_sessions",
        "--operations",
        "DescribeSessions",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let manifest = fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"appstream_sessions\""));
    assert!(manifest.contains("[workspace]"), "a crate outside the workspace is its own workspace");
    // Only what DescribeSessions reaches.
    assert!(out_dir.join("src/types/session.rs").exists());
    assert!(!out_dir.join("src/types/fleet.rs").exists());

    // Pin the workspace's versions so the build needs no network.
    fs::copy(root().join("Cargo.lock"), out_dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--manifest-path"])
        .arg(out_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/standalone-check"))
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", text(&build.stderr));
}

#[test]
fn vendored_models_match_the_lock() {
    let lock: serde_json::Value = serde_json::from_str(&fs::read_to_string(root().join("models/botocore.lock.json")).unwrap()).unwrap();
    let services = lock["services"].as_object().unwrap();
    assert!(services.contains_key("appstream"));
    for (service, entry) in services {
        assert!(entry["botocore"].as_str().is_some_and(|v| !v.is_empty()), "{service} names no botocore version");
        for (file, sha) in entry["files"].as_object().unwrap() {
            let bytes = fs::read(root().join("models").join(file)).unwrap();
            let actual: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(sha.as_str().unwrap(), actual, "models/{file} differs from the lock: re-run `cargo xtask model pull`");
        }
    }
}

#[test]
fn vendored_protocol_tests_match_their_lock() {
    let lock: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root().join("tests/protocol/botocore.lock.json")).unwrap()).unwrap();
    let models: serde_json::Value = serde_json::from_str(&fs::read_to_string(root().join("models/botocore.lock.json")).unwrap()).unwrap();
    assert_eq!(lock["botocore"], models["services"]["appstream"]["botocore"], "protocol tests and model come from one botocore");
    let files = lock["files"].as_object().unwrap();
    // Every suite vendored is locked: input/, output/ and legacy/.
    let mut suites = Vec::new();
    for dir in ["input", "output", "legacy/input", "legacy/output"] {
        for entry in fs::read_dir(root().join("tests/protocol").join(dir)).unwrap() {
            suites.push(format!("tests/protocol/{dir}/{}", entry.unwrap().file_name().to_string_lossy()));
        }
    }
    suites.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), suites);
    for (file, sha) in files {
        let actual: String = Sha256::digest(fs::read(root().join(file)).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sha.as_str().unwrap(), actual, "{file} differs from the lock: re-run `cargo xtask protocol-tests pull`");
    }
}

#[test]
fn diff_fails_on_breaking_changes_only_when_asked() {
    let fixture = |v: &str| root().join(format!("tests/fixtures/models/appstream/{v}/service-2.json")).display().to_string();
    let out = xtask(&["diff", &fixture("1.31.48"), &fixture("1.31.49"), "--fail-on", "breaking", "--date", "2023/09/15"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Amazon AppStream\n\n2023/09/15 - Amazon AppStream - "), "{stdout}");
    assert!(stdout.contains("\nBreaking changes\n"), "{stdout}");

    let out = xtask(&["diff", &fixture("1.12.91"), &fixture("1.12.92"), "--fail-on", "breaking", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let changes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = changes.as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"shapes.Session.members.ConnectionState"), "{paths:?}");

    let out = xtask(&["diff", &fixture("1.12.91"), "/nonexistent/service-2.json"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("/nonexistent/service-2.json"), "{}", text(&out.stderr));
}
