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
    let options = ChangelogOptions {
        date: "2019/02/11".into(),
        note: Some("Update appstream client to latest version".into()),
        ..Default::default()
    };
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
    ChangelogOptions { date: "2026/11/28".into(), ..Default::default() }
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
            runtime: None,
        };
        let files = generate(&root, &target).unwrap();
        let session = files.iter().find(|f| f.path == "src/types/session.rs").unwrap();
        let name = format!("session_from_botocore_{}", version.replace('.', "_"));
        insta::assert_snapshot!(name, session.contents.replace(&root.display().to_string(), "<repo>"));
    }
}

/// The fixture revisions `fixtures/models/lock.json` lists, oldest first.
fn fixture_versions() -> Vec<String> {
    let lock: serde_json::Value = serde_json::from_str(include_str!("fixtures/models/lock.json")).expect("the fixture lock is JSON");
    let mut versions: Vec<String> =
        lock["files"].as_object().unwrap().values().map(|f| f["botocore"].as_str().unwrap().to_string()).collect();
    versions.sort_by_key(|v| v.split('.').map(|n| n.parse::<u64>().unwrap()).collect::<Vec<_>>());
    versions
}

/// AppStream's models from before botocore 1.10 have no `serviceId`; botocore loads them,
/// and so does every stage here, down to a generated crate.
#[test]
fn every_fixture_revision_loads_lowers_and_generates() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().into();
    let versions = fixture_versions();
    assert_eq!(versions[0], "1.4.81", "the first release with AppStream 2.0 is a fixture");
    for version in &versions {
        let target = Target {
            crate_name: "appstream".into(),
            model: root.join(format!("tests/fixtures/models/appstream/{version}/service-2.json")),
            out: root.join("target/diff-snapshots/appstream-revision"),
            operations: None,
            standalone: true,
            protocol: None,
            runtime: None,
        };
        let files = generate(&root, &target).unwrap_or_else(|e| panic!("botocore {version}: {e}"));
        assert!(files.iter().any(|f| f.path == "src/client.rs"), "botocore {version}");
    }
    let oldest = fixture("1.4.81");
    assert_eq!(oldest.metadata.service_id, None);
    assert_eq!((oldest.metadata.service_id(), oldest.metadata.full_name()), ("Amazon AppStream", "Amazon AppStream"));
}

/// One entry of AppStream's API-changes page, from two fixture revisions, dated as the
/// newer release; snapshotted with its `--format json` changes.
fn entry(old: &str, new: &str, date: &str) -> String {
    let (a, b) = (fixture(old), fixture(new));
    let changes = diff(&a, &b);
    let text = changelog(&a, &b, &changes, &ChangelogOptions { date: date.into(), ..Default::default() });
    let name = format!("{}_to_{}", old.replace('.', "_"), new.replace('.', "_"));
    insta::assert_json_snapshot!(format!("history_changes_{name}"), changes);
    insta::assert_snapshot!(format!("history_changelog_{name}"), text);
    text
}

/// Asserts that `text` holds `lines` one after another.
#[track_caller]
fn assert_lines(text: &str, lines: &str) {
    assert!(text.contains(lines), "missing:\n{lines}\n\nin:\n{text}");
}

/// The oldest change: both sides of DescribeSessions changed, with a newly added enum
/// member shown whole.
#[test]
fn the_first_change_of_appstream_2_0() {
    let text = entry("1.4.81", "1.5.43", "2017/04/21");
    assert_lines(&text, "2017/04/21 - Amazon AppStream - 5 updated api methods\n");
    assert_lines(
        &text,
        "DescribeSessions (updated)\nChanges (request, response)\nRequest\n{'AuthenticationType': 'API | SAML'}\nResponse\n{'Sessions': {'AuthenticationType': 'API | SAML'}}\n",
    );
    assert_lines(&text, "DescribeImages (updated)\nChanges (response)\n{'Images': {'ImageBuilderSupported': 'boolean'}}\n");
}

/// Request and response both changed: one heading, two labelled parts. A newly added
/// member of list type is shown in brackets.
#[test]
fn request_and_response_changes_share_one_heading() {
    let text = entry("1.8.15", "1.8.39", "2018/02/08");
    assert_lines(
        &text,
        "CreateStack (updated)\nChanges (request, response)\nRequest\n{'RedirectURL': 'string'}\nResponse\n{'Stack': {'RedirectURL': 'string'}}\n",
    );
    assert_lines(&text, "DescribeStacks (updated)\nChanges (response)\n{'Stacks': {'RedirectURL': 'string'}}\n");
    assert_lines(&text, "Request\n{'AttributesToDelete': ['STORAGE_CONNECTORS | REDIRECT_URL'],\n 'RedirectURL': 'string'}\n");
    assert!(!text.contains("Changes (both)") && text.matches("CreateStack (updated)").count() == 1, "{text}");
}

/// Values added to an existing enum are the set of added values, also inside an existing
/// list (`StorageConnectors`), which keeps the dict form.
#[test]
fn values_added_to_an_enum_are_a_set() {
    let text = entry("1.10.45", "1.10.55", "2018/07/10");
    assert_lines(
        &text,
        "CreateStack (updated)\nChanges (request, response)\nRequest\n{'StorageConnectors': {'ConnectorType': {'ONE_DRIVE'}}}\nResponse\n{'Stack': {'StorageConnectors': {'ConnectorType': {'ONE_DRIVE'}}}}\n",
    );
    assert_lines(
        &text,
        "{'AttributesToDelete': {'STORAGE_CONNECTOR_ONE_DRIVE'},\n 'StorageConnectors': {'ConnectorType': {'ONE_DRIVE'}}}\n",
    );
}

/// New and updated operations in one entry; the title counts both without a comma.
#[test]
fn new_and_updated_operations_in_one_entry() {
    let text = entry("1.10.55", "1.10.58", "2018/07/13");
    assert_lines(&text, "2018/07/13 - Amazon AppStream - 3 new 6 updated api methods\n");
    for new_operation in ["DeleteImagePermissions", "DescribeImagePermissions", "UpdateImagePermissions"] {
        // Each new operation is documented in full: syntax and response structure.
        let heading = format!("{new_operation} (new)");
        let mut lines = text.lines().skip_while(|l| *l != heading);
        assert_eq!(lines.next(), Some(heading.as_str()), "{new_operation} is not listed as new");
        let is_heading = |l: &str| l.ends_with(" (new)") || l.ends_with(" (updated)");
        let section: String = lines.take_while(|l| !is_heading(l)).map(|l| format!("{l}\n")).collect();
        for part in ["Request Syntax", "Response Syntax", "Response Structure"] {
            assert!(section.contains(part), "{new_operation} lacks {part}:\n{section}");
        }
    }
    assert_lines(&text, "Request\n{'Arns': ['string'], 'Type': 'PUBLIC | PRIVATE | SHARED'}\n");
}

/// A newly added member of map type is a one-entry dict.
#[test]
fn a_new_map_member_is_a_one_entry_dict() {
    let text = entry("1.12.27", "1.12.83", "2019/01/21");
    assert_lines(&text, "2019/01/21 - Amazon AppStream - 3 updated api methods\n");
    assert_lines(&text, "CreateFleet (updated)\nChanges (request)\n{'Tags': {'string': 'string'}}\n");
}
