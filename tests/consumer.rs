//! The generated AppStream crate used the way users will: from a project outside this
//! workspace, through a git dependency on a local clone (a `file://` URL) and through the
//! packaged `.crate` files, built and run against the fake AppStream endpoint. Nothing in
//! the project points back into this repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use integration_tests::copy_tree;
use integration_tests::fake_appstream::{FakeAppStream, ACCESS_KEY, SECRET_KEY};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs `command`, failing the test with its output if it fails.
#[track_caller]
fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{command:?} failed:\n{stdout}\n{stderr}");
    stdout.into_owned()
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir).args(["-c", "user.name=botogen tests", "-c", "user.email=tests@localhost", "-c", "commit.gpgsign=false"]);
    command
}

/// A project depending on `appstream` as `dependency` says, with `extra` appended to its
/// manifest. It starts from this workspace's lock file, so the versions it builds are the
/// ones the workspace tested and nothing is fetched from a registry.
fn consumer(dir: &Path, dependency: &str, extra: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nbotogen-appstream = {dependency}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n{extra}\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("tests/consumer/main.rs"), dir.join("src/main.rs")).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// Builds the project in `dir` into `target/consumer/<name>` (one directory per test, as
/// they run at once) and runs it against a fresh fake; returns what it printed.
fn build_and_run(dir: &Path, name: &str, offline: bool) -> String {
    let target = root().join("target/consumer").join(name);
    let mut build = Command::new(cargo());
    // A proxy that refuses every connection: were cargo to ask a registry anything, the
    // build would fail here rather than reach the internet.
    build.current_dir(dir).args(["build", "--quiet"]).env("CARGO_TARGET_DIR", &target).env("CARGO_HTTP_PROXY", "http://127.0.0.1:9");
    if offline {
        build.arg("--offline");
    }
    run(&mut build);
    let fake = FakeAppStream::start("eu-west-1");
    run(Command::new(target.join("debug").join(format!("consumer{}", std::env::consts::EXE_SUFFIX)))
        .env("FAKE_APPSTREAM_URL", fake.url())
        .env("FAKE_ACCESS_KEY", ACCESS_KEY)
        .env("FAKE_SECRET_KEY", SECRET_KEY))
}

const SESSIONS: &str = "session-0,session-1,session-2,session-3,session-4\n";

#[test]
fn an_outside_project_uses_appstream_through_git() {
    let work = tempfile::tempdir().unwrap();
    // A clone of this repository, with the working tree's runtime and generated crate
    // committed on top, so that what is tested is what is checked out.
    let clone = work.path().join("botogen");
    run(git(&root()).args(["clone", "--quiet", "--no-hardlinks", "."]).arg(&clone));
    for part in ["runtime", "generated/appstream"] {
        copy_tree(&root().join(part), &clone.join(part));
    }
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root().join(file), clone.join(file)).unwrap();
    }
    run(git(&clone).args(["add", "--all"]));
    if !run(git(&clone).args(["status", "--porcelain"])).is_empty() {
        run(git(&clone).args(["commit", "--quiet", "-m", "the working tree"]));
    }
    let url = format!("file://{}", clone.display().to_string().replace('\\', "/"));
    let project = work.path().join("app");
    consumer(&project, &format!("{{ git = {url:?} }}"), "");
    // Cargo fetches git sources, even local ones, only when online; the lock file keeps
    // it from asking a registry anything.
    assert_eq!(build_and_run(&project, "git", false), SESSIONS);
}

#[test]
fn an_outside_project_uses_appstream_through_its_package() {
    let work = tempfile::tempdir().unwrap();
    let packages = work.path().join("packages");
    run(Command::new(cargo())
        .current_dir(root())
        .args([
            "package",
            "--quiet",
            "-p",
            "botogen-runtime",
            "-p",
            "botogen-appstream",
            "--no-verify",
            "--offline",
            "--allow-dirty",
            "--target-dir",
        ])
        .arg(&packages));
    // Each `.crate` unpacked, as a registry would serve it.
    let unpacked = work.path().join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    for name in ["botogen-runtime-0.1.0.crate", "botogen-appstream-0.1.0.crate"] {
        run(Command::new("tar").arg("-xzf").arg(packages.join("package").join(name)).arg("-C").arg(&unpacked));
    }
    let slash = |p: PathBuf| p.display().to_string().replace('\\', "/");
    let patch = format!(
        "\n[patch.crates-io]\nbotogen-appstream = {{ path = {:?} }}\nbotogen-runtime = {{ path = {:?} }}\n",
        slash(unpacked.join("botogen-appstream-0.1.0")),
        slash(unpacked.join("botogen-runtime-0.1.0"))
    );
    let project = work.path().join("app");
    consumer(&project, "\"0.1\"", &patch);
    assert_eq!(build_and_run(&project, "package", true), SESSIONS);
}
