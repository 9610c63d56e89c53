//! Versions and changelogs that follow the model: a scratch repository vendors an
//! AppStream model from one botocore release, generates, then takes the next release's
//! model and regenerates, as `cargo xtask model pull` and `cargo xtask codegen` do.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::project::{run_with, Mode};
use codegen::release::LOCK;
use serde_json::json;

fn fixture(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/models/appstream/{version}/service-2.json"))
}

/// A scratch repository generating one crate, `name`, from AppStream.
struct Repo {
    dir: tempfile::TempDir,
    name: &'static str,
}

impl Repo {
    fn new(name: &'static str, operations: Option<&[&str]>) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("models/crates")).unwrap();
        let config = match operations {
            Some(ops) => json!({ "service": "appstream", "operations": ops }),
            None => json!({ "service": "appstream" }),
        };
        fs::write(dir.path().join(format!("models/crates/{name}.json")), config.to_string()).unwrap();
        Repo { dir, name }
    }

    /// Vendors the model of botocore `version`, built on `date`, as `model pull` does.
    fn vendor(&self, version: &str, date: &str) {
        let target = self.dir.path().join("models/appstream/2016-12-01");
        fs::create_dir_all(&target).unwrap();
        fs::copy(fixture(version), target.join("service-2.json")).unwrap();
        let lock_path = self.dir.path().join(LOCK);
        let mut lock = fs::read_to_string(&lock_path).map_or_else(|_| json!({}), |t| serde_json::from_str(&t).unwrap());
        lock["services"] = json!({ "appstream": { "botocore": version, "date": date, "files": {} } });
        fs::write(lock_path, serde_json::to_string_pretty(&lock).unwrap()).unwrap();
    }

    /// Runs codegen; old models come from the fixtures, as the download cache would hold them.
    fn codegen(&self, mode: Mode) -> Vec<String> {
        let old = |service: &str, botocore: &str| {
            assert_eq!(service, "appstream");
            Ok(fixture(botocore))
        };
        run_with(self.dir.path(), mode, &old).unwrap().stale
    }

    fn file(&self, path: &str) -> String {
        fs::read_to_string(self.dir.path().join("generated").join(self.name).join(path)).unwrap()
    }

    fn version(&self) -> String {
        let lock: serde_json::Value = serde_json::from_str(&fs::read_to_string(self.dir.path().join(LOCK)).unwrap()).unwrap();
        lock["crates"][self.name]["version"].as_str().unwrap().to_string()
    }
}

/// The 2019-02-11 update added three members to `Session`: additive, a patch version
/// while the crate is 0.x, with the seed's delta in the changelog.
#[test]
fn an_additive_model_update_bumps_the_patch_version_and_writes_the_changelog() {
    let repo = Repo::new("appstream_sessions", Some(&["DescribeSessions"]));
    repo.vendor("1.12.91", "2019-02-08");
    repo.codegen(Mode::Write);
    assert_eq!(repo.version(), "0.1.0");
    assert!(repo.codegen(Mode::Check).is_empty(), "generated once, the repository is up to date");

    repo.vendor("1.12.92", "2019-02-11");
    let stale = repo.codegen(Mode::Check);
    assert!(stale.iter().any(|s| s.starts_with("models/botocore.lock.json (crates.appstream_sessions")), "{stale:?}");
    repo.codegen(Mode::Write);
    assert_eq!(repo.version(), "0.1.1");
    assert!(repo.file("Cargo.toml").contains("\nversion = \"0.1.1\"\n"));
    assert!(repo.file("README.md").contains("botogen-appstream-sessions = \"0.1\""));
    let changelog = repo.file("CHANGELOG.md");
    assert!(changelog.contains("## 0.1.1 (2019-02-11)\n\nGenerated from botocore 1.12.92 (was 1.12.91): new API"), "{changelog}");
    assert!(changelog.contains("{'Sessions': {'ConnectionState': 'CONNECTED | NOT_CONNECTED',"), "{changelog}");
    assert!(changelog.find("## 0.1.1").unwrap() < changelog.find("## 0.1.0 (2019-02-08)").unwrap(), "newest first");
    assert!(repo.codegen(Mode::Check).is_empty());
    insta::assert_snapshot!("changelog_of_a_sliced_crate", changelog);

    // Regenerating without a model change changes nothing.
    repo.codegen(Mode::Write);
    assert_eq!((repo.version(), repo.file("CHANGELOG.md")), ("0.1.1".to_string(), changelog));
}

/// botocore 1.31.49 rolled back members 1.31.48 added and made one required again:
/// breaking, a minor version while 0.x, with the breaking changes first.
#[test]
fn a_breaking_model_update_bumps_the_minor_version_and_lists_breaks_first() {
    let repo = Repo::new("appstream", None);
    repo.vendor("1.31.48", "2023-09-14");
    repo.codegen(Mode::Write);
    repo.vendor("1.31.49", "2023-09-15");
    repo.codegen(Mode::Write);
    assert_eq!(repo.version(), "0.2.0");
    let changelog = repo.file("CHANGELOG.md");
    let entry = &changelog[changelog.find("## 0.2.0 (2023-09-15)").expect("a 0.2.0 entry")..];
    assert!(entry.contains("Generated from botocore 1.31.49 (was 1.31.48): breaking changes, listed first."), "{entry}");
    let breaking = entry.find("Breaking changes\n").expect("a breaking section");
    assert!(breaking < entry.find("## 0.1.0").unwrap());
    assert!(entry.contains("- shapes.Session.members.InstanceId (removed member)"), "{entry}");
    assert!(!entry.contains("Request Syntax"), "the changelog leaves out operation documentation");
}

/// A slice sees only what its operations reach: a model update that touches none of them
/// leaves its version alone.
#[test]
fn a_slice_untouched_by_the_update_keeps_its_version() {
    let repo = Repo::new("appstream_images", Some(&["DescribeImages"]));
    repo.vendor("1.12.91", "2019-02-08");
    repo.codegen(Mode::Write);
    repo.vendor("1.12.92", "2019-02-11");
    repo.codegen(Mode::Write);
    assert_eq!(repo.version(), "0.1.0");
    assert!(!repo.file("CHANGELOG.md").contains("0.1.1"));
    assert!(repo.codegen(Mode::Check).is_empty());
}

/// A generator change that alters the public API bumps the version like a model change:
/// the committed `PUBLIC_API.txt` is what the previous generator made. Here it is edited as
/// an older generator would have left it.
#[test]
fn a_generator_change_to_the_public_api_bumps_the_version() {
    let repo = Repo::new("appstream_sessions", Some(&["DescribeSessions"]));
    repo.vendor("1.12.92", "2019-02-11");
    repo.codegen(Mode::Write);
    let api_path = repo.dir.path().join("generated/appstream_sessions/PUBLIC_API.txt");
    let api = fs::read_to_string(&api_path).unwrap();
    assert!(api.contains("field types::Session.connection_state: Option<types::SessionConnectionState>\n"), "{api}");

    // An older generator without a client method: this one adds it (additive, a patch).
    let method = "fn Client::describe_sessions(input::DescribeSessionsRequest) -> output::DescribeSessionsResult\n";
    assert!(api.contains(method), "{api}");
    fs::write(&api_path, api.replace(method, "")).unwrap();
    assert!(!repo.codegen(Mode::Check).is_empty());
    repo.codegen(Mode::Write);
    assert_eq!(repo.version(), "0.1.1");
    let changelog = repo.file("CHANGELOG.md");
    assert!(changelog.contains("## 0.1.1 (2019-02-11)\n\nRegenerated from the same model (botocore 1.12.92) by a generator that changed the public API: new API"), "{changelog}");
    assert!(changelog.contains(&format!("+ {method}")), "{changelog}");

    // An older generator with a method this one dropped: breaking, a minor version.
    let api = fs::read_to_string(&api_path).unwrap();
    fs::write(&api_path, format!("fn Client::describe_all_sessions()\n{api}")).unwrap();
    repo.codegen(Mode::Write);
    assert_eq!(repo.version(), "0.2.0");
    assert!(repo.file("CHANGELOG.md").contains("- fn Client::describe_all_sessions()\n"));
    assert!(repo.codegen(Mode::Check).is_empty());
}
