//! `cargo xtask model pull`: vendors one service's model files from a botocore release
//! and records the release and each file's sha256 in `models/botocore.lock.json`.
//!
//! Everything is written beside `models/` first and renamed into place at the end, so a
//! missing pip, an unknown version or an unknown service leaves `models/` as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};

/// The files vendored per service; the first is required.
const FILES: &[&str] = &["service-2.json", "paginators-1.json", "waiters-2.json"];

/// The lock file, relative to the repository root; codegen reads the crates' versions
/// from it too.
pub use codegen::release::LOCK;

/// What the cache under `target/botocore/VERSION/` knows of one release for one service.
pub struct CachedRelease {
    /// The day the release was built, `YYYY/MM/DD`, from its wheel's file times; `None`
    /// when the wheel carries none (reproducible builds stamp 1980).
    pub date: Option<String>,
    /// The service's `service-2.json`, gunzipped; `None` when the release has no model
    /// for the service.
    pub model: Option<PathBuf>,
    /// Whether pip downloaded the wheel for this answer.
    pub downloaded: bool,
}

/// The model of `service` in botocore `version`, downloaded once and cached under
/// `target/botocore/VERSION/`; returns the cached `service-2.json`.
pub fn cached_model(root: &Path, service: &str, version: &str) -> Result<PathBuf> {
    cached_release(root, service, version)?.model.ok_or_else(|| anyhow!("botocore {version} has no service-2.json for {service}"))
}

/// Botocore `version` as the cache holds it for `service`, downloading the wheel (and
/// keeping only the release date and that service's model) when the cache has not seen
/// the pair yet.
pub fn cached_release(root: &Path, service: &str, version: &str) -> Result<CachedRelease> {
    // The layout codegen reads old models from: `target/botocore/VERSION/SERVICE/`.
    let model = codegen::release::cached_model_path(root, service, version);
    let cache = model.parent().expect("a cached model has a directory").to_path_buf();
    let release = cache.parent().expect("a service's cache has a release directory").to_path_buf();
    let (info, absent) = (release.join("release.json"), cache.join("absent"));
    if info.exists() && (model.exists() || absent.exists()) {
        let text = fs::read_to_string(&info).with_context(|| format!("cannot read {}", info.display()))?;
        let info: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("{} is not JSON", info.display()))?;
        let date = info["date"].as_str().map(String::from);
        return Ok(CachedRelease { date, model: model.exists().then_some(model), downloaded: false });
    }
    let scratch = root.join("target").join("botocore").join(format!(".{version}.download"));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch)?;
    let wheel = Wheel::download(version, &scratch)?;
    let date = wheel.built()?;
    let bytes = match wheel.newest_version(service) {
        Ok(api_version) => wheel.read(service, &api_version, "service-2.json")?,
        Err(_) => None,
    };
    fs::create_dir_all(&cache)?;
    match &bytes {
        Some(bytes) => write_atomically(&model, bytes)?,
        None => write_atomically(&absent, b"")?,
    }
    write_atomically(&info, (serde_json::json!({ "date": date }).to_string() + "\n").as_bytes())?;
    let _ = fs::remove_dir_all(&scratch);
    Ok(CachedRelease { date, model: bytes.is_some().then_some(model), downloaded: true })
}

/// Writes beside `path` and renames into place, so a cache file is whole or absent.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("new");
    fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// Vendors `service` from botocore `version`: from the Python package index, or from
/// `from`, an unpacked `botocore/data` directory of that release.
pub fn pull(root: &Path, service: &str, version: &str, from: Option<&Path>) -> Result<String> {
    if service.is_empty() || !service.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        bail!("{service:?} is not a botocore service name");
    }
    let scratch = root.join("target").join("model-pull");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).with_context(|| format!("cannot create {}", scratch.display()))?;
    let source: Box<dyn Source> = match from {
        Some(dir) => Box::new(DataDir::open(dir)?),
        None => Box::new(Wheel::download(version, &scratch)?),
    };
    let api_version = source.newest_version(service)?;

    let models = root.join("models");
    fs::create_dir_all(&models).with_context(|| format!("cannot create {}", models.display()))?;
    let staging = models.join(format!(".{service}.new"));
    let _ = fs::remove_dir_all(&staging);
    let mut hashes = BTreeMap::new();
    for (i, name) in FILES.iter().enumerate() {
        let Some(bytes) = source.read(service, &api_version, name)? else {
            if i == 0 {
                bail!("botocore {version} has no {name} for {service} {api_version}");
            }
            continue;
        };
        let path = staging.join(&api_version).join(name);
        fs::create_dir_all(path.parent().expect("joined path has a parent"))?;
        fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        hashes.insert(format!("{service}/{api_version}/{name}"), hex(&Sha256::digest(&bytes)));
    }

    let lock_path = root.join(LOCK);
    let mut lock = codegen::release::read_lock(root)?;
    stash_vendored(root, service, &lock)?;
    let date = source.date()?.map(|d| d.replace('/', "-"));
    let services = lock
        .as_object_mut()
        .and_then(|o| o.entry("services").or_insert_with(|| serde_json::json!({})).as_object_mut())
        .ok_or_else(|| anyhow!("{LOCK} is not a JSON object with a \"services\" object"))?;
    let mut entry = serde_json::json!({ "botocore": version, "files": hashes });
    if let Some(date) = date {
        entry["date"] = serde_json::json!(date);
    }
    services.insert(service.to_string(), entry);
    let lock_text = serde_json::to_string_pretty(&lock)? + "\n";
    let lock_new = lock_path.with_extension("json.new");
    fs::write(&lock_new, lock_text).with_context(|| format!("cannot write {}", lock_new.display()))?;

    // Swap in: the old service directory moves aside, the new one takes its place.
    let target = models.join(service);
    let old = models.join(format!(".{service}.old"));
    let _ = fs::remove_dir_all(&old);
    if target.exists() {
        fs::rename(&target, &old).with_context(|| format!("cannot move {} aside", target.display()))?;
    }
    if let Err(e) = fs::rename(&staging, &target) {
        let _ = fs::rename(&old, &target);
        return Err(e).with_context(|| format!("cannot move the new model into {}", target.display()));
    }
    fs::rename(&lock_new, &lock_path).with_context(|| format!("cannot write {}", lock_path.display()))?;
    let _ = fs::remove_dir_all(&old);
    let _ = fs::remove_dir_all(&scratch);
    Ok(format!(
        "vendored {service} {api_version} from botocore {version} ({} files); run `cargo xtask codegen` to regenerate",
        hashes.len()
    ))
}

/// Copies the vendored model of `service` into the download cache under its botocore
/// version, so that `cargo xtask codegen` can diff the new model against it without
/// downloading the old release.
fn stash_vendored(root: &Path, service: &str, lock: &serde_json::Value) -> Result<()> {
    let Some(old) = lock["services"][service]["botocore"].as_str() else { return Ok(()) };
    let Some(file) =
        lock["services"][service]["files"].as_object().and_then(|files| files.keys().find(|k| k.ends_with("/service-2.json")).cloned())
    else {
        return Ok(());
    };
    let cached = codegen::release::cached_model_path(root, service, old);
    if cached.exists() {
        return Ok(());
    }
    let vendored = root.join("models").join(&file);
    let Ok(bytes) = fs::read(&vendored) else { return Ok(()) };
    let cache = cached.parent().expect("a cached model has a directory");
    let release = cache.parent().expect("a service's cache has a release directory");
    fs::create_dir_all(cache)?;
    write_atomically(&cached, &bytes)?;
    let info = release.join("release.json");
    if !info.exists() {
        let date = lock["services"][service]["date"].as_str().map(|d| d.replace('-', "/"));
        write_atomically(&info, (serde_json::json!({ "date": date }).to_string() + "\n").as_bytes())?;
    }
    Ok(())
}

/// The newest botocore release on the package index, as pip sees it.
pub fn latest_version() -> Result<String> {
    releases()?.pop().ok_or_else(|| anyhow!("pip lists no botocore release"))
}

/// Every botocore release on the package index, oldest first.
pub fn releases() -> Result<Vec<String>> {
    let output = Command::new("python3")
        .args(["-m", "pip", "index", "versions", "botocore", "--disable-pip-version-check"])
        .output()
        .map_err(|e| anyhow!("cannot run python3 -m pip ({e}): listing botocore's releases needs pip"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let listed = text
        .lines()
        .find_map(|l| l.strip_prefix("Available versions:"))
        .filter(|_| output.status.success())
        .ok_or_else(|| anyhow!("pip could not list botocore's versions"))?;
    let mut versions: Vec<String> = listed.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    versions.sort_by_key(|v| version_key(v));
    Ok(versions)
}

/// A release number as numbers, so that 1.4.81 sorts before 1.10.0.
pub fn version_key(version: &str) -> Vec<u64> {
    version.split('.').map(|part| part.parse().unwrap_or(0)).collect()
}

/// Lowercase hex, as `sha256sum` prints it.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where botocore's data files come from.
trait Source {
    /// Every file under `data/` that exists, relative to it, `/`-separated.
    fn names(&self) -> &[String];
    /// The bytes of `data/<rel>`.
    fn read_raw(&self, rel: &str) -> Result<Vec<u8>>;
    /// The release's date, `YYYY/MM/DD`, when the source knows it.
    fn date(&self) -> Result<Option<String>> {
        Ok(None)
    }

    /// The newest API version of `service` that has a service model.
    fn newest_version(&self, service: &str) -> Result<String> {
        let prefix = format!("{service}/");
        let mut versions: Vec<String> = self
            .names()
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once('/'))
            .filter(|(_, file)| *file == "service-2.json" || *file == "service-2.json.gz")
            .map(|(v, _)| v.to_string())
            .collect();
        versions.sort();
        versions.pop().ok_or_else(|| anyhow!("botocore has no service named {service:?}"))
    }

    /// A file's bytes, gunzipped when only the `.gz` form exists; `None` when absent.
    fn read(&self, service: &str, api_version: &str, name: &str) -> Result<Option<Vec<u8>>> {
        let rel = format!("{service}/{api_version}/{name}");
        let names = self.names();
        if names.contains(&rel) {
            return self.read_raw(&rel).map(Some);
        }
        let gz = format!("{rel}.gz");
        if names.contains(&gz) {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&self.read_raw(&gz)?[..])
                .read_to_end(&mut out)
                .with_context(|| format!("{gz} is not valid gzip"))?;
            return Ok(Some(out));
        }
        Ok(None)
    }
}

/// A botocore wheel downloaded with pip.
struct Wheel {
    path: PathBuf,
    names: Vec<String>,
}

impl Wheel {
    fn download(version: &str, scratch: &Path) -> Result<Self> {
        let spec = format!("botocore=={version}");
        let output = Command::new("python3")
            .args(["-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--disable-pip-version-check", "-q", "-d"])
            .arg(scratch)
            .arg(&spec)
            .output()
            .map_err(|e| anyhow!("cannot run python3 -m pip ({e}): model pull needs Python with pip, or --from DATA_DIR"))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let reason = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output").trim();
            bail!("pip could not download {spec}: {reason}");
        }
        let path = fs::read_dir(scratch)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "whl"))
            .ok_or_else(|| anyhow!("pip downloaded no wheel for {spec}"))?;
        let archive = zip::ZipArchive::new(fs::File::open(&path)?).with_context(|| format!("{} is not a wheel", path.display()))?;
        let names = archive.file_names().filter_map(|n| n.strip_prefix("botocore/data/")).map(String::from).collect();
        Ok(Wheel { path, names })
    }
}

impl Wheel {
    /// The day the wheel was built, from its first entry's time: botocore builds and
    /// uploads a release the day it is tagged.
    fn built(&self) -> Result<Option<String>> {
        let mut archive = zip::ZipArchive::new(fs::File::open(&self.path)?)?;
        let entry = archive.by_index(0).with_context(|| format!("{} is empty", self.path.display()))?;
        Ok(entry.last_modified().filter(|t| t.year() > 1980).map(|t| format!("{:04}/{:02}/{:02}", t.year(), t.month(), t.day())))
    }
}

impl Source for Wheel {
    fn names(&self) -> &[String] {
        &self.names
    }
    fn date(&self) -> Result<Option<String>> {
        self.built()
    }
    fn read_raw(&self, rel: &str) -> Result<Vec<u8>> {
        let mut archive = zip::ZipArchive::new(fs::File::open(&self.path)?)?;
        let mut entry = archive.by_name(&format!("botocore/data/{rel}"))?;
        let mut out = Vec::new();
        entry.read_to_end(&mut out)?;
        Ok(out)
    }
}

/// An unpacked `botocore/data` directory.
struct DataDir {
    dir: PathBuf,
    names: Vec<String>,
}

impl DataDir {
    fn open(dir: &Path) -> Result<Self> {
        let dir = if dir.join("botocore").join("data").is_dir() { dir.join("botocore").join("data") } else { dir.to_path_buf() };
        if !dir.is_dir() {
            bail!("{} is not a directory", dir.display());
        }
        let mut names = Vec::new();
        for service in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let service = service?.path();
            let Ok(versions) = fs::read_dir(&service) else { continue };
            for version in versions {
                let version = version?.path();
                let Ok(files) = fs::read_dir(&version) else { continue };
                for file in files {
                    let file = file?.path();
                    if let Ok(rel) = file.strip_prefix(&dir) {
                        names.push(codegen::project::slash_path(rel));
                    }
                }
            }
        }
        Ok(DataDir { dir, names })
    }
}

impl Source for DataDir {
    fn names(&self) -> &[String] {
        &self.names
    }
    fn read_raw(&self, rel: &str) -> Result<Vec<u8>> {
        fs::read(self.dir.join(rel)).with_context(|| format!("cannot read {rel}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(d) = pending.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    pending.push(p);
                } else {
                    out.insert(p.strip_prefix(dir).unwrap().display().to_string(), fs::read(&p).unwrap());
                }
            }
        }
        out
    }

    fn fake_data_dir(root: &Path) -> PathBuf {
        let data = root.join("data");
        let v = data.join("demo").join("2020-01-01");
        fs::create_dir_all(&v).unwrap();
        fs::write(v.join("service-2.json"), "{\"v\":1}").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"{\"pagination\":{}}").unwrap();
        fs::write(v.join("paginators-1.json.gz"), gz.finish().unwrap()).unwrap();
        fs::create_dir_all(data.join("demo").join("2019-01-01")).unwrap();
        fs::write(data.join("demo").join("2019-01-01").join("service-2.json"), "old").unwrap();
        data
    }

    #[test]
    fn pulls_newest_version_gunzips_and_locks() {
        let tmp = tempfile::tempdir().unwrap();
        let data = fake_data_dir(tmp.path());
        let repo = tmp.path().join("repo");
        pull(&repo, "demo", "9.9.9", Some(&data)).unwrap();
        let v = repo.join("models/demo/2020-01-01");
        assert_eq!(fs::read_to_string(v.join("service-2.json")).unwrap(), "{\"v\":1}");
        assert_eq!(fs::read_to_string(v.join("paginators-1.json")).unwrap(), "{\"pagination\":{}}");
        assert!(!v.join("waiters-2.json").exists());
        let lock: serde_json::Value = serde_json::from_str(&fs::read_to_string(repo.join(LOCK)).unwrap()).unwrap();
        assert_eq!(lock["services"]["demo"]["botocore"], "9.9.9");
        assert_eq!(lock["services"]["demo"]["files"]["demo/2020-01-01/service-2.json"], hex(&Sha256::digest(b"{\"v\":1}")));
        // A second pull keeps the first model where codegen looks for the model a crate
        // was last generated from.
        pull(&repo, "demo", "9.9.10", Some(&data)).unwrap();
        assert_eq!(fs::read_to_string(repo.join("target/botocore/9.9.9/demo/service-2.json")).unwrap(), "{\"v\":1}");
        assert!(repo.join("target/botocore/9.9.9/release.json").exists());
    }

    #[test]
    fn failures_leave_models_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let data = fake_data_dir(tmp.path());
        let repo = tmp.path().join("repo");
        pull(&repo, "demo", "9.9.9", Some(&data)).unwrap();
        let before = snapshot(&repo.join("models"));
        let err = pull(&repo, "nope", "9.9.9", Some(&data)).unwrap_err();
        assert_eq!(err.to_string(), "botocore has no service named \"nope\"");
        let err = pull(&repo, "demo", "9.9.9", Some(&tmp.path().join("missing"))).unwrap_err();
        assert!(err.to_string().ends_with("is not a directory"), "{err}");
        assert_eq!(snapshot(&repo.join("models")), before);
    }
}
