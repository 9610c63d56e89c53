//! Versions that follow the model: each crate generated from a vendored service records,
//! in `models/botocore.lock.json` under `crates`, its version and the model (botocore
//! release and sha256) it was last generated from. When the model changes, the diff
//! between the two, seen through the crate's slice of operations, decides the next
//! version, and the crate's `CHANGELOG.md` gains an entry.
//!
//! Rules: a breaking change bumps the minor version while the crate is 0.x and the major
//! version after 1.0; anything else that changes the model as the diff sees it (new API,
//! edge behaviour, documentation) bumps the patch version while 0.x, and the minor version
//! after 1.0 for new API. A model that changed only in ways the diff does not see (key
//! order, formatting) keeps its version.
//!
//! The crate's `PUBLIC_API.txt` ([`crate::ir::api`]) backs the diff up: a regeneration
//! that removes or changes a line of it is breaking, one that only adds lines is additive,
//! whether the model or the generator changed. So a generator change that alters the
//! public API bumps the version too, and a model change the diff calls additive cannot
//! ship a break under a patch version.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::diff::{changelog_entry, diff, overall_impact, slice, ChangelogOptions, Impact};
use crate::error::{Error, Result};
use crate::ir::api::compare;
use crate::ir::INITIAL_VERSION;
use crate::model::{load_service_from_str, ServiceModel};
use crate::project::{slash_path, Target};

/// The lock file, relative to the repository root.
pub const LOCK: &str = "models/botocore.lock.json";

/// The public API listing each tracked crate carries, relative to the crate.
pub const API_FILE: &str = "PUBLIC_API.txt";

/// Finds the model a crate was last generated from: `(service, botocore version)` to the
/// path of that release's `service-2.json`.
pub type OldModels<'a> = dyn Fn(&str, &str) -> Result<PathBuf> + 'a;

/// Where the download cache keeps `service`'s model from botocore `version`, relative to
/// the repository root at `root`: `target/botocore/VERSION/SERVICE/service-2.json`.
pub fn cached_model_path(root: &Path, service: &str, version: &str) -> PathBuf {
    root.join("target").join("botocore").join(version).join(service).join("service-2.json")
}

/// Where [`crate::project::run`] looks for old models: the download cache
/// (`target/botocore/VERSION/SERVICE/service-2.json`) that `cargo xtask diff` and
/// `model pull` fill.
pub fn cached_old_model(root: &Path) -> impl Fn(&str, &str) -> Result<PathBuf> + '_ {
    move |service, botocore| {
        let path = cached_model_path(root, service, botocore);
        if path.exists() {
            Ok(path)
        } else {
            Err(Error::Release {
                message: format!(
                    "{service} changed since botocore {botocore}, and that model is not in {}: run `cargo xtask codegen`, which downloads it",
                    slash_path(path.strip_prefix(root).unwrap_or(&path))
                ),
            })
        }
    }
}

/// What one crate's version and changelog are to be.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub version: String,
    /// The whole `CHANGELOG.md`.
    pub changelog: String,
    /// The lock's entry for the crate, as it is to be.
    pub record: Value,
    /// Whether `record` differs from the lock.
    pub changed: bool,
}

/// The next version after `version` for a change of `impact`.
pub fn bump(version: &str, impact: Impact) -> Result<String> {
    let parts: Vec<u64> = version.split('.').map(|p| p.parse().ok()).collect::<Option<_>>().unwrap_or_default();
    let [major, minor, patch] = parts[..] else {
        return Err(Error::Release { message: format!("{version:?} is not a MAJOR.MINOR.PATCH version") });
    };
    Ok(match (major, impact) {
        (0, Impact::Breaking) => format!("0.{}.0", minor + 1),
        (0, _) => format!("0.{minor}.{}", patch + 1),
        (_, Impact::Breaking) => format!("{}.0.0", major + 1),
        (_, Impact::Additive) => format!("{major}.{}.0", minor + 1),
        (_, _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// The service a target's model is vendored as: `models/<service>/<api version>/...`.
fn service_of(target: &Target) -> Option<String> {
    let mut parts = target.model.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    (parts.next()? == "models").then(|| parts.next()).flatten()
}

/// Decides `target`'s release from the lock (`lock`, the parsed file) and the model on
/// disk; `None` for a crate whose model is not a vendored service (test fixtures).
pub fn plan(root: &Path, target: &Target, lock: &Value, api: &str, old_models: &OldModels) -> Result<Option<Release>> {
    let Some(service) = service_of(target) else { return Ok(None) };
    let Some(vendored) = lock["services"].get(&service) else { return Ok(None) };
    let botocore = vendored["botocore"].as_str().unwrap_or("unknown").to_string();
    let date = vendored["date"].as_str().map(String::from);
    let model_path = root.join(&target.model);
    let bytes = std::fs::read(&model_path).map_err(|source| Error::Io { path: model_path.clone(), source })?;
    let sha = botogen_runtime::sigv4::sha256_hex(&bytes);
    let on_disk = std::fs::read_to_string(root.join(&target.out).join("CHANGELOG.md")).ok();
    let earlier = on_disk.as_deref().map(entries_of).unwrap_or_default();
    // What the regeneration does to the public API; nothing to compare the first time.
    let old_api = std::fs::read_to_string(root.join(&target.out).join(API_FILE)).ok();
    let (api_impact, removed, added) = old_api.as_deref().map_or((None, Vec::new(), Vec::new()), |old| compare(old, api));
    // The lock's entry: the current model, under `version`, as vendored from `botocore`.
    let record = |version: &str, botocore: &str| json!({ "version": version, "botocore": botocore, "model": sha });
    let heading = |version: &str| format!("## {version} ({})", date.as_deref().unwrap_or("date unknown"));
    let first = |version: &str, botocore: &str| format!("{}\n\nFirst generated, from botocore {botocore}.\n", heading(version));
    // The changelog with `entry` on top of the ones already written.
    let with_entry = |entry: String| {
        let mut entries = vec![entry];
        entries.extend(earlier.iter().cloned());
        changelog_file(&target.crate_name, &entries)
    };

    let Some(last) = lock["crates"].get(&target.crate_name) else {
        // First generation: the crate starts at 0.1.0.
        let changelog = changelog_file(&target.crate_name, &[first(INITIAL_VERSION, &botocore)]);
        return Ok(Some(Release { version: INITIAL_VERSION.into(), changelog, record: record(INITIAL_VERSION, &botocore), changed: true }));
    };
    let last_version = last["version"].as_str().unwrap_or(INITIAL_VERSION).to_string();
    let last_botocore = last["botocore"].as_str().unwrap_or("unknown").to_string();
    if last["model"].as_str() == Some(sha.as_str()) {
        if let Some(impact) = api_impact {
            // The same model, another API: the generator changed.
            let version = bump(&last_version, impact)?;
            let entry = format!(
                "{}\n\nRegenerated from the same model (botocore {last_botocore}) by a generator that changed the public API: {}.\n\n{}",
                heading(&version),
                impact_words(impact),
                api_lines(&removed, &added)
            );
            let record = record(&version, &last_botocore);
            return Ok(Some(Release { version, changelog: with_entry(entry), record, changed: true }));
        }
        let entries = if earlier.is_empty() { vec![first(&last_version, &last_botocore)] } else { earlier.clone() };
        let changelog = changelog_file(&target.crate_name, &entries);
        return Ok(Some(Release { version: last_version, changelog, record: last.clone(), changed: false }));
    }

    // The model changed: diff it against the one the crate was last generated from. The
    // new model first, so that a broken one is reported as such.
    // Both parsed from the bytes already read for their hashes.
    let parse = |path: &Path, bytes: Vec<u8>| -> Result<ServiceModel> {
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::Io { path: path.to_path_buf(), source: std::io::Error::new(std::io::ErrorKind::InvalidData, e) })?;
        Ok(load_service_from_str(&path.display().to_string(), &text)?.service)
    };
    let new = parse(&model_path, bytes)?;
    let old_path = old_models(&service, &last_botocore)?;
    let old_bytes = std::fs::read(&old_path).map_err(|source| Error::Io { path: old_path.clone(), source })?;
    if last["model"].as_str() != Some(botogen_runtime::sigv4::sha256_hex(&old_bytes).as_str()) {
        return Err(Error::Release {
            message: format!(
                "{} is not the model {} was last generated from (its sha256 differs from the lock's)",
                old_path.display(),
                target.crate_name
            ),
        });
    }
    let old = parse(&old_path, old_bytes)?;
    let (old, new) = match &target.operations {
        Some(ops) => (slice(&old, ops), slice(&new, ops)),
        None => (old, new),
    };
    let changes = diff(&old, &new);
    // The more severe of the diff's verdict and the API listing's.
    let impact = [overall_impact(&changes), api_impact].into_iter().flatten().min();
    let Some(impact) = impact else {
        // Nothing a user can see: the version stays, the lock follows the model.
        let changelog = changelog_file(&target.crate_name, &earlier);
        let record = record(&last_version, &botocore);
        return Ok(Some(Release { version: last_version, changelog, record, changed: true }));
    };
    let version = bump(&last_version, impact)?;
    let what = impact_words(impact);
    // Items the listing lost that the diff did not call breaking: say so, and list them.
    let unforeseen = if api_impact == Some(Impact::Breaking) && overall_impact(&changes) != Some(Impact::Breaking) {
        format!("The generated API lost items the model diff did not call breaking:\n\n{}\n", api_lines(&removed, &[]))
    } else {
        String::new()
    };
    let options = ChangelogOptions {
        date: date.as_deref().unwrap_or("date unknown").replace('-', "/"),
        omit_docs: true,
        breaking_first: true,
        ..Default::default()
    };
    let entry = format!(
        "{}\n\nGenerated from botocore {botocore} (was {last_botocore}): {what}.\n\n{unforeseen}```text\n{}```\n",
        heading(&version),
        changelog_entry(&old, &new, &changes, &options)
    );
    Ok(Some(Release { record: record(&version, &botocore), version, changelog: with_entry(entry), changed: true }))
}

fn impact_words(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "breaking changes, listed first",
        Impact::Additive => "new API; code that compiled keeps compiling",
        Impact::Patch => "the same API, with behaviour at the edges changed",
        Impact::Note => "documentation only",
    }
}

/// Removed and added API lines as a diff block, at most 40 of each.
fn api_lines(removed: &[String], added: &[String]) -> String {
    let mut text = String::from("```diff\n");
    for (sign, lines) in [("-", removed), ("+", added)] {
        for line in lines.iter().take(40) {
            text.push_str(&format!("{sign} {line}\n"));
        }
        if lines.len() > 40 {
            text.push_str(&format!("{sign} … and {} more\n", lines.len() - 40));
        }
    }
    text + "```\n"
}

const CHANGELOG_HEAD: &str = "# Changelog\n";

/// `CHANGELOG.md` from its entries, newest first.
fn changelog_file(crate_name: &str, entries: &[String]) -> String {
    let mut text = format!(
        "{CHANGELOG_HEAD}\nEach version of `{crate_name}`, newest first: the botocore release it was generated from, and what changed for its users.\n"
    );
    for entry in entries {
        text.push('\n');
        text.push_str(entry);
    }
    text
}

/// The entries of an existing `CHANGELOG.md`: each `## ` heading with what follows it.
fn entries_of(text: &str) -> Vec<String> {
    let mut entries: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with("## ") {
            entries.push(String::new());
        }
        if let Some(entry) = entries.last_mut() {
            entry.push_str(line);
            entry.push('\n');
        }
    }
    for entry in &mut entries {
        while entry.ends_with("\n\n") {
            entry.pop();
        }
    }
    entries
}

/// Reads the lock, or an empty one.
pub fn read_lock(root: &Path) -> Result<Value> {
    let path = root.join(LOCK);
    match std::fs::read_to_string(&path) {
        Ok(text) => crate::model::parse_json(&slash_path(Path::new(LOCK)), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(json!({ "services": {} })),
        Err(source) => Err(Error::Io { path, source }),
    }
}

/// Writes the lock beside itself and renames it into place.
pub fn write_lock(root: &Path, lock: &Value) -> Result<()> {
    let path = root.join(LOCK);
    let tmp = path.with_extension("json.new");
    let text = serde_json::to_string_pretty(lock).unwrap_or_default() + "\n";
    std::fs::write(&tmp, text).map_err(|source| Error::Io { path: tmp.clone(), source })?;
    std::fs::rename(&tmp, &path).map_err(|source| Error::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::{bump, entries_of};
    use crate::diff::Impact;

    #[test]
    fn versions_bump_by_impact() {
        for (version, impact, next) in [
            ("0.1.0", Impact::Breaking, "0.2.0"),
            ("0.1.3", Impact::Additive, "0.1.4"),
            ("0.1.3", Impact::Patch, "0.1.4"),
            ("0.2.0", Impact::Note, "0.2.1"),
            ("1.4.2", Impact::Breaking, "2.0.0"),
            ("1.4.2", Impact::Additive, "1.5.0"),
            ("1.4.2", Impact::Patch, "1.4.3"),
            ("1.4.2", Impact::Note, "1.4.3"),
        ] {
            assert_eq!(bump(version, impact).unwrap(), next, "{version} {impact:?}");
        }
        assert!(bump("0.1", Impact::Patch).is_err());
    }

    #[test]
    fn changelog_entries_split_at_headings_outside_code() {
        let text = "# Changelog\n\nintro\n\n## 0.2.0 (2023-09-15)\n\nx\n\n```text\n## not a heading\n```\n\n## 0.1.0 (2019-02-11)\n\ny\n";
        assert_eq!(entries_of(text), ["## 0.2.0 (2023-09-15)\n\nx\n\n```text\n## not a heading\n```\n", "## 0.1.0 (2019-02-11)\n\ny\n"]);
    }
}
