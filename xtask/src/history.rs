//! `cargo xtask diff --history botocore@A botocore@B`: a service's API-changes page,
//! generated: one entry per botocore release between A and B that changed the service's
//! model, newest first, each dated with its release.
//!
//! botocore ships a release most working days, each wheel ~13 MB, and most releases leave
//! any one service alone. So the releases that changed the model are found by bisection on
//! the model's hash: an interval whose two ends hold the same model is taken to hold no
//! change, one whose ends differ is split until the change sits between neighbours. A
//! change that a later release in the same interval undid exactly is not seen; every other
//! change is. Each probed release is cached under `target/botocore/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use codegen::diff::{changelog_entry, diff, ChangelogOptions};
use codegen::model::{load_service, ServiceModel};
use sha2::{Digest, Sha256};

use crate::pull::{self, CachedRelease};

/// How many releases are probed at once: pip spends most of a download waiting.
const PARALLEL_DOWNLOADS: usize = 4;

/// One release that changed the model.
struct Revision {
    version: String,
    date: Option<String>,
    /// The model before and after; `None` where the release had no model of the service.
    before: Option<PathBuf>,
    after: Option<PathBuf>,
}

/// Options of the history command.
pub struct HistoryOptions<'a> {
    pub service: &'a str,
    /// `changelog` or `json`.
    pub format: &'a str,
    /// Where to copy every distinct revision, as `DIR/SERVICE-VERSION/API_VERSION/`, so
    /// that `cargo xtask survey DIR --compile` checks them all.
    pub revisions: Option<&'a Path>,
    /// Probe every Nth release as well as bisecting.
    pub stride: Option<usize>,
}

/// Prints the history of `options.service` from botocore `from` to `to` (both
/// `botocore@VERSION`).
pub fn run(root: &Path, from: &str, to: &str, options: &HistoryOptions) -> Result<()> {
    let strip = |spec: &str| {
        spec.strip_prefix("botocore@")
            .map(String::from)
            .ok_or_else(|| anyhow!("--history compares botocore releases: give botocore@VERSION, not {spec:?}"))
    };
    let (from, to) = (strip(from)?, strip(to)?);
    // Before any download: a typo here should not cost minutes.
    if !matches!(options.format, "changelog" | "json") {
        bail!("unknown format {:?}: use changelog or json", options.format);
    }
    let all = pull::releases()?;
    let position = |v: &str| all.iter().position(|r| r == v).ok_or_else(|| anyhow!("botocore {v} is not on the package index"));
    let (a, b) = (position(&from)?, position(&to)?);
    if a >= b {
        bail!("botocore {from} is not older than {to}");
    }
    let span = &all[a..=b];
    let start = Instant::now();
    let downloads = AtomicUsize::new(0);
    let probe = |i: usize| -> Result<Option<String>> {
        let release = pull::cached_release(root, options.service, &span[i])?;
        if release.downloaded {
            let n = downloads.fetch_add(1, Ordering::Relaxed) + 1;
            eprintln!("downloaded botocore {} ({n} so far)", span[i]);
        }
        model_hash(&release)
    };
    let changed = changed_releases(span.len(), options.stride, &probe)?;
    let mut revisions = Vec::new();
    for i in changed {
        let (before, after) =
            (pull::cached_release(root, options.service, &span[i - 1])?, pull::cached_release(root, options.service, &span[i])?);
        revisions.push(Revision { version: span[i].clone(), date: after.date, before: before.model, after: after.model });
    }
    if let Some(dir) = options.revisions {
        let first = pull::cached_release(root, options.service, &span[0])?;
        let models = std::iter::once((&span[0], &first.model)).chain(revisions.iter().map(|r| (&r.version, &r.after)));
        save_revisions(dir, options.service, models)?;
    }
    let entries = render(&revisions, options.format)?;
    print!("{entries}");
    eprintln!(
        "{} releases from botocore {from} to {to}: {} changed {}'s model; {} downloads, {:.0} s",
        span.len(),
        revisions.len(),
        options.service,
        downloads.load(Ordering::Relaxed),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The sha256 of the release's model, `None` when it has none.
fn model_hash(release: &CachedRelease) -> Result<Option<String>> {
    release
        .model
        .as_ref()
        .map(|path| Ok(pull::hex(&Sha256::digest(fs::read(path).with_context(|| format!("cannot read {}", path.display()))?))))
        .transpose()
}

/// The indices in `0..len` whose probe differs from the one before, found by bisection:
/// both ends (and every `stride`th index) first, then the middle of every interval whose
/// ends differ, a round of midpoints at a time and several at once.
fn changed_releases<P>(len: usize, stride: Option<usize>, probe: &P) -> Result<Vec<usize>>
where
    P: Fn(usize) -> Result<Option<String>> + Sync,
{
    let mut known: BTreeMap<usize, Option<String>> = BTreeMap::new();
    if len < 2 {
        return Ok(Vec::new());
    }
    let step = stride.filter(|&s| s > 0).unwrap_or(len);
    let mut first: Vec<usize> = (0..len).step_by(step).collect();
    if first.last() != Some(&(len - 1)) {
        first.push(len - 1);
    }
    probe_all(&first, probe, &mut known)?;
    let mut pending: Vec<(usize, usize)> = first.windows(2).map(|w| (w[0], w[1])).collect();
    let mut changed = Vec::new();
    while !pending.is_empty() {
        let mut split = Vec::new();
        for (lo, hi) in pending {
            if known[&lo] == known[&hi] {
                continue;
            }
            if hi == lo + 1 {
                changed.push(hi);
            } else {
                split.push((lo, hi));
            }
        }
        let middles: Vec<usize> = split.iter().map(|(lo, hi)| lo + (hi - lo) / 2).collect();
        probe_all(&middles, probe, &mut known)?;
        pending = split.iter().zip(&middles).flat_map(|(&(lo, hi), &mid)| [(lo, mid), (mid, hi)]).collect();
    }
    changed.sort_unstable();
    Ok(changed)
}

/// Probes `indices`, `PARALLEL_DOWNLOADS` at a time, into `known`.
fn probe_all<P>(indices: &[usize], probe: &P, known: &mut BTreeMap<usize, Option<String>>) -> Result<()>
where
    P: Fn(usize) -> Result<Option<String>> + Sync,
{
    for batch in indices.chunks(PARALLEL_DOWNLOADS) {
        let results: Vec<Result<Option<String>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch.iter().map(|&i| scope.spawn(move || probe(i))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow!("a download thread panicked")))).collect()
        });
        for (&i, result) in batch.iter().zip(results) {
            known.insert(i, result?);
        }
    }
    Ok(())
}

fn load(path: &Option<PathBuf>) -> Result<ServiceModel> {
    match path {
        Some(path) => Ok(load_service(path).with_context(|| format!("cannot load {}", path.display()))?.service),
        // Before the service existed: nothing, so every operation reads as new.
        None => Ok(serde_json::from_str("{}").expect("an empty object is an empty model")),
    }
}

/// The entries, newest first; a release whose model changed only in ways the diff does
/// not see (formatting, key order) gives none. Each model is loaded once: between two
/// changes the model did not change, so one revision's model is the next one's "before".
fn render(revisions: &[Revision], format: &str) -> Result<String> {
    let mut texts = Vec::new();
    let mut json = Vec::new();
    let mut previous: Option<ServiceModel> = None;
    for revision in revisions {
        let old = match previous.take() {
            Some(model) => model,
            None => load(&revision.before)?,
        };
        let new = load(&revision.after)?;
        let changes = diff(&old, &new);
        if !changes.is_empty() {
            let date = revision.date.clone().unwrap_or_else(|| format!("botocore {}", revision.version));
            if format == "json" {
                json.push(serde_json::json!({ "botocore": revision.version, "date": revision.date, "changes": changes }));
            } else {
                texts.push(changelog_entry(&old, &new, &changes, &ChangelogOptions { date, ..Default::default() }));
            }
        }
        previous = Some(new);
    }
    json.reverse();
    texts.reverse();
    Ok(match format {
        "json" => serde_json::to_string_pretty(&json)? + "\n",
        _ => {
            let head = previous.map(|m| format!("{}\n\n", m.metadata.full_name())).unwrap_or_default();
            head + &texts.join("\n")
        }
    })
}

/// Copies each revision's model to `DIR/SERVICE-VERSION/API_VERSION/service-2.json`.
fn save_revisions<'a>(dir: &Path, service: &str, models: impl Iterator<Item = (&'a String, &'a Option<PathBuf>)>) -> Result<()> {
    for (version, model) in models {
        let Some(model) = model else { continue };
        let api_version = load(&Some(model.clone()))?.metadata.api_version.unwrap_or_else(|| "unknown".into());
        let target = dir.join(format!("{service}-{version}")).join(api_version);
        fs::create_dir_all(&target).with_context(|| format!("cannot create {}", target.display()))?;
        fs::copy(model, target.join("service-2.json")).with_context(|| format!("cannot write into {}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::changed_releases;

    /// Finds every change of a sequence while probing far fewer releases than it holds.
    #[test]
    fn bisection_finds_each_change_with_few_probes() {
        // Model revisions over 500 releases: changes at 3, 4, 120, 121, 377 and 499.
        let revision = |i: usize| [3, 4, 120, 121, 377, 499].iter().filter(|&&c| i >= c).count();
        let probed = Mutex::new(Vec::new());
        let probe = |i: usize| {
            probed.lock().unwrap().push(i);
            Ok(Some(format!("r{}", revision(i))))
        };
        assert_eq!(changed_releases(500, None, &probe).unwrap(), [3, 4, 120, 121, 377, 499]);
        let probed = probed.into_inner().unwrap();
        assert!(probed.len() < 60, "{} probes", probed.len());
        let mut unique = probed.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), probed.len(), "no release is probed twice");
    }

    #[test]
    fn a_service_that_appears_is_a_change_and_a_steady_one_is_not() {
        let appears = |i: usize| Ok((i >= 7).then(|| "a".to_string()));
        assert_eq!(changed_releases(20, None, &appears).unwrap(), [7]);
        let steady = |_: usize| Ok(Some("a".to_string()));
        assert_eq!(changed_releases(20, None, &steady).unwrap(), Vec::<usize>::new());
        assert_eq!(changed_releases(1, None, &steady).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn a_failed_probe_is_an_error() {
        let failing = |i: usize| if i == 5 { Err(anyhow::anyhow!("pip could not download")) } else { Ok(Some(i.to_string())) };
        assert!(changed_releases(10, None, &failing).is_err());
    }

    /// AppStream's 2023 rollback: a change one release undid the next day. Bisection alone
    /// cannot see it; a stride shorter than the gap between probes that straddle it can.
    #[test]
    fn a_stride_finds_a_change_undone_between_probes() {
        let reverted = |i: usize| Ok(Some(if i == 13 { "b" } else { "a" }.to_string()));
        assert_eq!(changed_releases(40, None, &reverted).unwrap(), Vec::<usize>::new());
        assert_eq!(changed_releases(40, Some(1), &reverted).unwrap(), [13, 14]);
        // Four releases carry the change; probing every fourth release lands in it.
        let probed = Mutex::new(0);
        let counting = |i: usize| {
            *probed.lock().unwrap() += 1;
            Ok(Some(if (13..17).contains(&i) { "b" } else { "a" }.to_string()))
        };
        assert_eq!(changed_releases(40, Some(4), &counting).unwrap(), [13, 17]);
        assert!(*probed.lock().unwrap() < 20);
    }
}
