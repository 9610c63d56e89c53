//! Semantic model diffs against real AppStream history (models in `fixtures/models/`,
//! pulled from the botocore releases `fixtures/models/lock.json` names).

use std::path::{Path, PathBuf};

use codegen::diff::{changelog, diff, Change, ChangeKind, ChangelogOptions, Impact};
use codegen::model::{load_service, ServiceModel};
use codegen::project::{generate, Target};

fn fixture(version: &str) -> ServiceModel {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/models/appstream/{version}/service-2.json"));
    load_service(&path).unwrap().service
}

fn vendored() -> ServiceModel {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().into();
    load_service(&root.join("models/appstream/2016-12-01/service-2.json")).unwrap().service
}

/// Lines with all whitespace removed, blank lines dropped: "ignoring only whitespace".
fn normalized(text: &str) -> Vec<String> {
    text.lines().map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>()).filter(|l| !l.is_empty()).collect()
}

#[test]
fn the_seed_entry_is_reproduced_from_the_two_models() {
    let (old, new) = (fixture("1.12.91"), fixture("1.12.92"));
    let changes = diff(&old, &new);
    let options = ChangelogOptions { date: "2019/02/11".into(), note: Some("Update appstream client to latest version".into()) };
    let ours = changelog(&old, &new, &changes, &options);
    let seed = include_str!("fixtures/seed/appstream-describe-sessions-2019-02-11.txt");
    // The seed was copied from a web page: the operation's heading carries the page's
    // "Link ¶" anchor, mis-decoded. That residue is all that is dropped.
    let seed: String = seed.lines().map(|l| format!("{}\n", l.trim_end().strip_suffix("Link ΒΆ").unwrap_or(l))).collect();
    let (ours_n, seed_n) = (normalized(&ours), normalized(&seed));
    if ours_n != seed_n {
        let first = ours_n.iter().zip(&seed_n).position(|(a, b)| a != b).unwrap_or(ours_n.len().min(seed_n.len()));
        panic!(
            "line {} differs (whitespace ignored):\n ours: {:?}\n seed: {:?}\n\nours:\n{ours}",
            first + 1,
            ours_n.get(first),
            seed_n.get(first)
        );
    }
    insta::assert_snapshot!("changelog_1_12_91_to_1_12_92", ours);
}

fn options() -> ChangelogOptions {
    ChangelogOptions { date: "2026/11/28".into(), note: None }
}

fn find<'a>(changes: &'a [Change], path: &str) -> &'a Change {
    changes.iter().find(|c| c.path == path).unwrap_or_else(|| panic!("no change at {path}"))
}

#[test]
fn the_seed_pair_is_additive_only() {
    let changes = diff(&fixture("1.12.91"), &fixture("1.12.92"));
    for path in ["shapes.Session.members.ConnectionState", "shapes.Session.members.StartTime", "shapes.Session.members.MaxExpirationTime"] {
        let c = find(&changes, path);
        assert_eq!((c.kind, c.impact), (ChangeKind::Added, Impact::Additive), "{path}");
    }
    assert!(changes.iter().all(|c| c.impact != Impact::Breaking), "{changes:#?}");
    insta::assert_json_snapshot!("changes_1_12_91_to_1_12_92", changes);
}

/// botocore 1.31.49 rolled back the multi-session fleets feature 1.31.48 shipped the day
/// before: members and an enum value disappeared and a member became required again.
#[test]
fn the_2023_rollback_is_breaking() {
    let (old, new) = (fixture("1.31.48"), fixture("1.31.49"));
    let changes = diff(&old, &new);
    for (path, kind) in [
        ("shapes.Session.members.InstanceId", ChangeKind::Removed),
        ("shapes.Fleet.members.MaxSessionsPerInstance", ChangeKind::Removed),
        ("shapes.FleetAttribute.enum.MAX_SESSIONS_PER_INSTANCE", ChangeKind::Removed),
        ("shapes.ComputeCapacity.required.DesiredInstances", ChangeKind::Added),
    ] {
        let c = find(&changes, path);
        assert_eq!((c.kind, c.impact), (kind, Impact::Breaking), "{path}");
    }
    let text = changelog(&old, &new, &changes, &options());
    assert!(text.contains("Breaking changes\n"), "{text}");
    assert!(text.contains("- shapes.FleetAttribute.enum.MAX_SESSIONS_PER_INSTANCE (removed enum value): "), "{text}");
    insta::assert_json_snapshot!("changes_1_31_48_to_1_31_49", changes);
    insta::assert_snapshot!("changelog_1_31_48_to_1_31_49", text);
}

#[test]
fn a_year_of_history_up_to_the_vendored_model() {
    let (old, new) = (fixture("1.41.0"), vendored());
    let changes = diff(&old, &new);
    assert!(!changes.is_empty());
    insta::assert_json_snapshot!("changes_1_41_0_to_vendored", changes);
    insta::assert_snapshot!("changelog_1_41_0_to_vendored", changelog(&old, &new, &changes, &options()));
}

#[test]
fn identical_models_have_no_changes() {
    assert!(diff(&vendored(), &vendored()).is_empty());
}

/// The generated `Session` before and after 2019-02-11: the snapshot diff between these
/// two files shows the three new members as a reviewer sees them.
#[test]
fn generated_session_before_and_after_the_seed_change() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().into();
    for version in ["1.12.91", "1.12.92"] {
        let target = Target {
            crate_name: "appstream".into(),
            model: root.join(format!("tests/fixtures/models/appstream/{version}/service-2.json")),
            out: root.join("target/diff-snapshots/appstream"),
            operations: Some(vec!["DescribeSessions".into()]),
            standalone: true,
            protocol: None,
        };
        let files = generate(&root, &target).unwrap();
        let session = files.iter().find(|f| f.path == "src/types/session.rs").unwrap();
        let name = format!("session_from_botocore_{}", version.replace('.', "_"));
        insta::assert_snapshot!(name, session.contents.replace(&root.display().to_string(), "<repo>"));
    }
}
