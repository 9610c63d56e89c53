//! Generated source as insta snapshots, so that a model or generator change shows up as a
//! reviewable diff. Review with `cargo insta review`, or set `INSTA_UPDATE=always` and
//! read the diff in git.

use std::path::{Path, PathBuf};

use codegen::emit::GeneratedFile;
use codegen::project::{generate, targets};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generated(crate_name: &str) -> Vec<GeneratedFile> {
    let root = root();
    let target = targets(&root).unwrap().into_iter().find(|t| t.crate_name == crate_name).unwrap();
    generate(&root, &target).unwrap()
}

fn snapshot_name(path: &str) -> String {
    path.trim_start_matches("src/").trim_end_matches(".rs").replace(['/', '.'], "__")
}

#[test]
fn describe_sessions_shapes() {
    let files = generated("appstream");
    let wanted = [
        "src/input/describe_sessions_request.rs",
        "src/output/describe_sessions_result.rs",
        "src/types/session.rs",
        "src/types/session_state.rs",
        "src/types/session_connection_state.rs",
        "src/types/authentication_type.rs",
        "src/types/network_access_configuration.rs",
        "src/operation/describe_sessions.rs",
        "src/error/invalid_parameter_combination_exception.rs",
    ];
    for path in wanted {
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} was not generated"));
        insta::assert_snapshot!(format!("appstream__{}", snapshot_name(path)), file.contents);
    }
}

#[test]
fn obstacle_course_crate() {
    for file in generated("obstacle_course") {
        insta::assert_snapshot!(format!("obstacle_course__{}", snapshot_name(&file.path)), file.contents);
    }
}
