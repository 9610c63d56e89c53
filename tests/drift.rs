//! Generated code must match the models: the same check as `cargo xtask codegen --check`.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::project::{run, run_with, Mode};
use integration_tests::copy_tree;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn committed_generated_code_is_fresh() {
    let report = run(&root(), Mode::Check).expect("generation succeeds");
    assert!(
        report.stale.is_empty(),
        "stale generated files:\n  {}\nrun `cargo xtask codegen` to regenerate them",
        report.stale.join("\n  ")
    );
}

/// A scratch copy of the repository's inputs and outputs.
fn scratch_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["models", "generated", "tests/models", "tests/obstacle_course"] {
        let to = tmp.path().join(dir);
        fs::create_dir_all(&to).unwrap();
        copy_tree(&root().join(dir), &to);
    }
    tmp
}

#[test]
fn a_changed_doc_string_names_exactly_the_stale_file() {
    let repo = scratch_repo();
    let model = repo.path().join("models/appstream/2016-12-01/service-2.json");
    let text = fs::read_to_string(&model).unwrap();
    let old = r#""documentation":"<p>Describes a streaming session.</p>""#;
    assert_eq!(text.matches(old).count(), 1, "the vendored model changed; pick another doc string");
    fs::write(&model, text.replace(old, r#""documentation":"<p>Describes one streaming session.</p>""#)).unwrap();

    // The model the crates were generated from, as the download cache would hold it.
    let old = |_: &str, _: &str| Ok(root().join("models/appstream/2016-12-01/service-2.json"));
    let report = run_with(repo.path(), Mode::Check, &old).unwrap();
    // Both generated crates hold Session: the whole service and the DescribeSessions slice.
    // A documentation change bumps each one's patch version, with a changelog entry.
    let mut expected = Vec::new();
    for name in ["appstream", "appstream_sessions"] {
        for file in ["CHANGELOG.md", "Cargo.toml", "src/types/session.rs"] {
            expected.push(format!("generated/{name}/{file}"));
        }
        expected.push(format!("models/botocore.lock.json (crates.{name}: the version must follow the model)"));
    }
    expected.sort();
    assert_eq!(report.stale, expected);
    // Checking writes nothing.
    assert!(!fs::read_to_string(repo.path().join("generated/appstream/src/types/session.rs")).unwrap().contains("one streaming"));

    let written = run_with(repo.path(), Mode::Write, &old).unwrap();
    assert_eq!(written.stale, report.stale);
    assert!(fs::read_to_string(repo.path().join("generated/appstream/Cargo.toml")).unwrap().contains("\nversion = \"0.1.1\"\n"));
    assert!(fs::read_to_string(repo.path().join("generated/appstream/src/types/session.rs"))
        .unwrap()
        .contains("Describes one streaming session."));
    assert!(run(repo.path(), Mode::Check).unwrap().stale.is_empty());
}

#[test]
fn a_broken_model_names_the_json_path_and_writes_nothing() {
    let repo = scratch_repo();
    let model = repo.path().join("models/appstream/2016-12-01/service-2.json");
    let mut json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&model).unwrap()).unwrap();
    json["shapes"]["Session"]["members"]["State"]["shape"] = "SessionStat".into();
    fs::write(&model, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let err = run(repo.path(), Mode::Write).unwrap_err().to_string();
    assert!(err.ends_with(r#"service-2.json: shapes.Session.members.State.shape: no shape named "SessionStat""#), "{err}");
    let session = repo.path().join("generated/appstream/src/types/session.rs");
    assert_eq!(fs::read(&session).unwrap(), fs::read(root().join("generated/appstream/src/types/session.rs")).unwrap());
}

#[test]
fn generation_is_deterministic() {
    let root = root();
    for target in codegen::project::targets(&root).unwrap() {
        let first = codegen::project::generate(&root, &target).unwrap();
        let second = codegen::project::generate(&root, &target).unwrap();
        assert_eq!(first, second, "{} differs between runs", target.crate_name);
    }
}

#[test]
fn files_are_the_same_on_one_thread_as_on_several() {
    let root = root();
    for model in ["models/appstream/2016-12-01/service-2.json", "tests/models/obstacle-course/service-2.json"] {
        let loaded = codegen::model::load_service(&root.join(model)).unwrap();
        let options = codegen::ir::LowerOptions {
            crate_name: "same".into(),
            runtime: codegen::ir::RuntimeDep::Path("../runtime".into()),
            standalone: false,
            model_label: model.into(),
            operations: None,
            tests: codegen::ir::CrateTests::Generated,
            protocol: None,
        };
        let ir = codegen::ir::lower(&loaded, &options).unwrap();
        let one = codegen::emit::emit_crate_on(&ir, 1).unwrap();
        for threads in [2, 7] {
            assert!(one == codegen::emit::emit_crate_on(&ir, threads).unwrap(), "{model} differs on {threads} threads");
        }
    }
}
