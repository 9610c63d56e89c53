//! The crates this repository generates, and writing or checking them on disk.
//!
//! One function serves `cargo xtask codegen`, its `--check` and the test that runs the
//! check, so the three cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::emit::{emit_crate, GeneratedFile};
use crate::error::{Error, Result};
use crate::ir::{lower, LowerOptions};
use crate::model::load_service;

/// A crate generated from one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub crate_name: String,
    /// The model, relative to the repository root where the target is the repository's.
    pub model: PathBuf,
    /// Where the crate goes, likewise.
    pub out: PathBuf,
    /// Only these operations; `None` for all.
    pub operations: Option<Vec<String>>,
    /// Whether the crate needs its own `[workspace]` (it is not a member of ours).
    pub standalone: bool,
    /// A protocol the service lists, instead of the one botocore would choose.
    pub protocol: Option<String>,
    /// Where the crate gets the runtime; `None`: the path to this checkout's `runtime/`,
    /// with the version requirement.
    pub runtime: Option<crate::ir::RuntimeDep>,
}

/// Test fixtures generated alongside the services: `(model, crate directory, crate name)`.
const FIXTURES: &[(&str, &str, &str)] = &[("tests/models/obstacle-course/service-2.json", "tests/obstacle_course", "obstacle_course")];

/// One crate's entry in `models/crates/<crate>.json`: which service, which operations
/// (all when absent), and which of the protocols the service lists (botocore's choice
/// when absent).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateConfig {
    service: String,
    operations: Option<Vec<String>>,
    protocol: Option<String>,
}

/// Every crate the repository generates: one per file of `models/crates/` (the crate is
/// named after the file), one for each other service under `models/` (all operations),
/// each from the service's newest API version; plus the test fixtures.
pub fn targets(root: &Path) -> Result<Vec<Target>> {
    let models = root.join("models");
    let newest_model = |service: &str| -> Result<Option<PathBuf>> {
        let versions = sorted_dirs(&models.join(service))?;
        Ok(versions
            .iter()
            .rev()
            .find(|v| {
                let dir = models.join(service).join(v);
                dir.join("service-2.json").exists() || dir.join("service-2.json.gz").exists()
            })
            .map(|v| PathBuf::from("models").join(service).join(v).join("service-2.json")))
    };
    let mut targets = Vec::new();
    let mut configured = std::collections::BTreeSet::new();
    let crates_dir = models.join("crates");
    if crates_dir.is_dir() {
        let mut files: Vec<PathBuf> = fs::read_dir(&crates_dir)
            .map_err(|source| Error::Io { path: crates_dir.clone(), source })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let label = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|source| Error::Io { path: file.clone(), source })?;
            let config: CrateConfig = crate::model::parse_json(&label, &text)?;
            let crate_name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if crate_name.is_empty() || !crate_name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                return Err(Error::Schema {
                    file: label,
                    path: "(file name)".into(),
                    message: "a crate name is lowercase letters, digits and _".into(),
                });
            }
            let model = newest_model(&config.service)?.ok_or_else(|| Error::Schema {
                file: label.clone(),
                path: "service".into(),
                message: format!("no model vendored for {:?} under models/", config.service),
            })?;
            configured.insert(config.service.clone());
            targets.push(Target {
                out: PathBuf::from("generated").join(&crate_name),
                crate_name,
                model,
                operations: config.operations,
                standalone: false,
                protocol: config.protocol,
                runtime: None,
            });
        }
    }
    for service in sorted_dirs(&models)? {
        if service == "crates" || configured.contains(&service) {
            continue;
        }
        if let Some(model) = newest_model(&service)? {
            targets.push(Target {
                crate_name: service.replace('-', "_"),
                model,
                out: PathBuf::from("generated").join(&service),
                operations: None,
                standalone: false,
                protocol: None,
                runtime: None,
            });
        }
    }
    // Fixtures belong to this repository; a root without them (a test's scratch copy)
    // generates only its services.
    for (model, out, name) in FIXTURES.iter().filter(|(model, _, _)| root.join(model).exists()) {
        targets.push(Target {
            crate_name: name.to_string(),
            model: PathBuf::from(model),
            out: PathBuf::from(out),
            operations: None,
            standalone: false,
            protocol: None,
            runtime: None,
        });
    }
    Ok(targets)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<String>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path: dir.to_path_buf(), source }),
    };
    let mut names = BTreeSet::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        if entry.path().is_dir() {
            names.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names.into_iter().collect())
}

/// Generates the files of `target` at the first version; paths in it are taken relative
/// to `root`.
pub fn generate(root: &Path, target: &Target) -> Result<Vec<GeneratedFile>> {
    emit_crate(&lower_target(root, target)?)
}

/// The IR of `target`, at the first version.
fn lower_target(root: &Path, target: &Target) -> Result<crate::ir::CrateIr> {
    let model = load_service(&root.join(&target.model))?;
    let out_abs = absolute(&root.join(&target.out));
    let runtime_abs = absolute(&root.join("runtime"));
    let options = LowerOptions {
        crate_name: target.crate_name.clone(),
        runtime: target.runtime.clone().unwrap_or_else(|| crate::ir::RuntimeDep::Path(slash_path(&relative(&out_abs, &runtime_abs)))),
        standalone: target.standalone,
        model_label: slash_path(&target.model),
        operations: target.operations.clone(),
        tests: crate::ir::CrateTests::Generated,
        protocol: target.protocol.clone(),
    };
    lower(&model, &options)
}

/// Writes `files` as the whole contents of `dir`, or reports what differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a run found: files that were (or, checking, would be) changed, added or removed.
#[derive(Debug, Default)]
pub struct Report {
    /// Paths relative to the repository root, `/`-separated, sorted.
    pub stale: Vec<String>,
}

/// Regenerates or checks every target of the repository at `root`, looking for the models
/// crates were last generated from in the download cache only.
pub fn run(root: &Path, mode: Mode) -> Result<Report> {
    run_with(root, mode, &crate::release::cached_old_model(root))
}

/// [`run`], finding old models with `old_models` (`cargo xtask codegen` downloads them).
/// Each crate of a vendored service gets the version and `CHANGELOG.md` its model's
/// history decides ([`crate::release`]); checking, a version that does not follow the
/// model is stale like a file.
pub fn run_with(root: &Path, mode: Mode, old_models: &crate::release::OldModels) -> Result<Report> {
    let mut report = Report::default();
    let mut lock = crate::release::read_lock(root)?;
    let mut lock_changed = false;
    for target in targets(root)? {
        let mut ir = lower_target(root, &target)?;
        let api = crate::ir::api::api_listing(&ir);
        let release = crate::release::plan(root, &target, &lock, &api, old_models)?;
        if let Some(release) = &release {
            ir.version.clone_from(&release.version);
        }
        let mut files = emit_crate(&ir)?;
        if let Some(release) = &release {
            files.push(GeneratedFile { path: "CHANGELOG.md".into(), contents: release.changelog.clone() });
            files.push(GeneratedFile { path: crate::release::API_FILE.into(), contents: api });
            files.sort_by(|a, b| a.path.cmp(&b.path));
            if release.changed {
                report.stale.push(format!("{} (crates.{}: the version must follow the model)", crate::release::LOCK, target.crate_name));
                if !lock["crates"].is_object() {
                    lock["crates"] = serde_json::json!({});
                }
                lock["crates"][&target.crate_name] = release.record.clone();
                lock_changed = true;
            }
        }
        let out = root.join(&target.out);
        let stale = stale_files(&out, &files)?;
        report.stale.extend(stale.iter().map(|p| slash_path(&target.out.join(p))));
        if mode == Mode::Write && !stale.is_empty() {
            write_crate(&out, &files)?;
        }
    }
    // Last, so that a failure above leaves the lock describing the crates on disk.
    if mode == Mode::Write && lock_changed {
        crate::release::write_lock(root, &lock)?;
    }
    report.stale.sort();
    Ok(report)
}

/// Files of `dir` that differ from `files`, are missing, or should not be there.
/// Build output (`target/`, `Cargo.lock`) of a standalone crate is not counted.
pub fn stale_files(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<String>> {
    let on_disk = list_files(dir)?;
    let wanted: BTreeMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.contents.as_str())).collect();
    let mut stale = BTreeSet::new();
    for (path, contents) in &wanted {
        match fs::read(dir.join(path)) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            _ => {
                stale.insert(path.to_string());
            }
        }
    }
    for path in on_disk {
        if !wanted.contains_key(path.as_str()) {
            stale.insert(path);
        }
    }
    Ok(stale.into_iter().collect())
}

const KEPT: &[&str] = &["target", "Cargo.lock"];

fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let entries = match fs::read_dir(dir.join(&rel)) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(Error::Io { path: dir.join(&rel), source }),
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io { path: dir.join(&rel), source })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if rel.as_os_str().is_empty() && KEPT.contains(&name.as_str()) {
                continue;
            }
            let path = rel.join(&name);
            if entry.path().is_dir() {
                pending.push(path);
            } else {
                out.push(slash_path(&path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Replaces `dir` with exactly `files`. The new tree is written beside it first and
/// swapped in by renames, so a failure part-way leaves the old files as they were.
pub fn write_crate(dir: &Path, files: &[GeneratedFile]) -> Result<()> {
    write_crate_with(dir, files, |_| Ok(()))
}

/// [`write_crate`] with a hook called before each file is written, so tests can inject
/// a failure mid-way.
pub fn write_crate_with(dir: &Path, files: &[GeneratedFile], mut before_each: impl FnMut(&str) -> std::io::Result<()>) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io(parent))?;
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "crate".into());
    let fresh = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    for leftover in [&fresh, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io(leftover))?;
        }
    }
    let written = (|| {
        for file in files {
            before_each(&file.path).map_err(io(&fresh.join(&file.path)))?;
            let path = fresh.join(&file.path);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p).map_err(io(p))?;
            }
            fs::write(&path, &file.contents).map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if dir.exists() {
        fs::rename(dir, &old).map_err(io(dir))?;
        for kept in KEPT {
            if old.join(kept).exists() {
                let _ = fs::rename(old.join(kept), fresh.join(kept));
            }
        }
        if let Err(source) = fs::rename(&fresh, dir) {
            for kept in KEPT {
                let _ = fs::rename(fresh.join(kept), old.join(kept));
            }
            let _ = fs::rename(&old, dir);
            return Err(Error::Io { path: dir.to_path_buf(), source });
        }
        fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        fs::rename(&fresh, dir).map_err(io(dir))?;
    }
    Ok(())
}

/// `path` made absolute against the current directory, with `.` and `..` resolved
/// lexically (the path need not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path from directory `from` to `to`, both absolute.
pub fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.iter().collect();
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    out
}

/// A path with `/` separators, for file headers and messages that must not depend on the OS.
pub fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::RootDir => out.push('/'),
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn slash_paths_keep_the_root() {
        assert_eq!(slash_path(Path::new("/work/main/x.json")), "/work/main/x.json");
        assert_eq!(slash_path(Path::new("models/a/b")), "models/a/b");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/r/generated/appstream"), Path::new("/r/runtime")), PathBuf::from("../../runtime"));
        assert_eq!(relative(Path::new("/tmp/x"), Path::new("/r/runtime")), PathBuf::from("../../r/runtime"));
    }

    #[test]
    fn write_then_check_finds_changes_missing_and_extra_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("crate");
        let files = vec![file("Cargo.toml", "a"), file("src/lib.rs", "b")];
        write_crate(&dir, &files).unwrap();
        assert!(stale_files(&dir, &files).unwrap().is_empty());
        fs::write(dir.join("src/extra.rs"), "x").unwrap();
        fs::create_dir_all(dir.join("target")).unwrap();
        let changed = vec![file("Cargo.toml", "a2"), file("src/lib.rs", "b"), file("src/new.rs", "c")];
        assert_eq!(stale_files(&dir, &changed).unwrap(), ["Cargo.toml", "src/extra.rs", "src/new.rs"]);
        write_crate(&dir, &changed).unwrap();
        assert!(stale_files(&dir, &changed).unwrap().is_empty());
        assert!(dir.join("target").is_dir(), "build output survives regeneration");
    }

    #[test]
    fn a_failed_write_leaves_the_old_files_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("crate");
        let old = vec![file("Cargo.toml", "old"), file("src/lib.rs", "old lib")];
        write_crate(&dir, &old).unwrap();
        let new = vec![file("Cargo.toml", "new"), file("src/a.rs", "a"), file("src/lib.rs", "new lib")];
        let mut count = 0;
        let err = write_crate_with(&dir, &new, |_| {
            count += 1;
            if count == 2 {
                Err(std::io::Error::other("injected failure"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(err.to_string().contains("injected failure"), "{err}");
        assert!(stale_files(&dir, &old).unwrap().is_empty(), "old output must be untouched");
        assert!(!tmp.path().join(".crate.new").exists(), "no half-written tree is left behind");
    }
}
