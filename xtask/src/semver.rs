//! `cargo xtask semver-check`: an independent check of the diff's impact rules. For pairs
//! of real AppStream models, it generates the crate from each side, asks cargo-semver-checks
//! whether the second breaks users of the first, and sets its verdict beside the one
//! `codegen::diff` gives. A disagreement means a rule or the generator is wrong.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use codegen::diff::{diff, overall_impact, Impact};
use codegen::model::load_service;
use codegen::project::{generate, write_crate, Target};

use crate::pull;

/// The AppStream model pairs checked by default: `(old, new, what happened)`.
pub const PAIRS: &[(&str, &str, &str)] = &[
    ("1.12.91", "1.12.92", "2019-02-11: three new Session members"),
    ("1.31.48", "1.31.49", "2023-09-15: multi-session fleets rolled back"),
    ("1.10.45", "1.10.55", "2018-07-10: ONE_DRIVE added to enums"),
    ("1.12.27", "1.12.83", "2019-01-21: Tags maps on create requests"),
    ("1.8.15", "1.8.39", "2018-02-08: RedirectURL, AttributesToDelete"),
    ("1.4.81", "1.5.43", "2017-04-21: the first update of AppStream 2.0"),
    ("1.41.0", "1.44.8", "2025-11 to 2026-11: a year, up to the vendored model"),
];

/// What cargo-semver-checks says a release needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Nothing it checks changed, or only what a patch release may change.
    Patch,
    /// Minor-level lints fired (new deprecations, …): not breaking.
    Minor,
    /// Major-level lints fired: breaking.
    Major,
}

/// One pair's verdicts.
struct Row {
    old: String,
    new: String,
    what: String,
    ours: Option<Impact>,
    needs: Needs,
    seconds: f64,
    findings: Vec<String>,
}

/// The model of AppStream in botocore `version`: a test fixture when there is one, else
/// the download cache (downloading if needed).
fn model(root: &Path, version: &str) -> Result<PathBuf> {
    let fixture = root.join("tests/fixtures/models/appstream").join(version).join("service-2.json");
    if fixture.exists() {
        return Ok(fixture);
    }
    pull::cached_model(root, "appstream", version)
}

/// Checks every pair and prints the table; fails when a verdict disagrees.
pub fn run(root: &Path, pairs: &[(String, String, String)]) -> Result<bool> {
    which_semver_checks()?;
    let work = root.join("target").join("semver");
    let mut rows = Vec::new();
    for (old, new, what) in pairs {
        let start = Instant::now();
        let (old_model, new_model) = (model(root, old)?, model(root, new)?);
        let changes = diff(&load_service(&old_model)?.service, &load_service(&new_model)?.service);
        let pair = work.join(format!("{old}-{new}"));
        for (side, model) in [("old", &old_model), ("new", &new_model)] {
            let out = pair.join(side).join("appstream");
            let target = Target {
                crate_name: "appstream".into(),
                model: model.clone(),
                out: out.clone(),
                operations: None,
                standalone: true,
                protocol: None,
                runtime: None,
            };
            let files = generate(root, &target).with_context(|| format!("cannot generate AppStream from botocore {old}"))?;
            write_crate(&out, &files)?;
        }
        let (needs, findings) = semver_checks(&pair)?;
        rows.push(Row {
            old: old.clone(),
            new: new.clone(),
            what: what.clone(),
            ours: overall_impact(&changes),
            needs,
            seconds: start.elapsed().as_secs_f64(),
            findings,
        });
    }
    println!("| botocore | change | `diff` impact | cargo-semver-checks | agree | time |");
    println!("| --- | --- | --- | --- | --- | ---: |");
    let mut all_agree = true;
    for row in &rows {
        let ours_breaking = row.ours == Some(Impact::Breaking);
        let agree = ours_breaking == (row.needs == Needs::Major);
        all_agree &= agree;
        println!(
            "| {} → {} | {} | {} | {} | {} | {:.0} s |",
            row.old,
            row.new,
            row.what,
            row.ours.map_or_else(|| "none".to_string(), |i| format!("{i:?}").to_lowercase()),
            match row.needs {
                Needs::Major => "breaking (major)",
                Needs::Minor => "not breaking (minor)",
                Needs::Patch => "not breaking",
            },
            if agree { "yes" } else { "NO" },
            row.seconds
        );
    }
    for row in rows.iter().filter(|r| !r.findings.is_empty()) {
        println!("\ncargo-semver-checks on {} → {}:", row.old, row.new);
        for finding in &row.findings {
            println!("  {finding}");
        }
    }
    Ok(all_agree)
}

fn which_semver_checks() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if !crate::tool_installed(&cargo, "semver-checks") {
        bail!("cargo-semver-checks is not installed: run `cargo install cargo-semver-checks --locked` (about 6 minutes on 2 cores)");
    }
    Ok(())
}

/// Runs cargo-semver-checks on `pair/new/appstream` against `pair/old/appstream`, as a
/// patch release, so that every lint that fires is reported; its summary says whether they
/// need a major version (breaking) or a minor one. Returns that, and the lints that fired.
fn semver_checks(pair: &Path) -> Result<(Needs, Vec<String>)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args(["semver-checks", "check-release", "--release-type", "patch", "--manifest-path"])
        .arg(pair.join("new/appstream/Cargo.toml"))
        .arg("--baseline-root")
        .arg(pair.join("old/appstream"))
        // One target directory for every pair: the runtime and its dependencies build once.
        .env("CARGO_TARGET_DIR", pair.parent().unwrap_or(pair).join("target"))
        .output()
        .context("cannot run cargo semver-checks")?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let findings: Vec<String> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("--- failure"))
        .map(|l| l.trim().trim_start_matches("--- ").to_string())
        .collect();
    fs::write(pair.join("semver-checks.txt"), &text)?;
    match needs(output.status.success(), &text) {
        Some(needs) => Ok((needs, findings)),
        None => bail!("cargo-semver-checks failed without a verdict on {}:\n{text}", pair.display()),
    }
}

/// The verdict in cargo-semver-checks' output: its summary line when it failed.
fn needs(success: bool, text: &str) -> Option<Needs> {
    if success {
        return Some(Needs::Patch);
    }
    let summary = text.lines().find(|l| l.contains("semver requires new"))?;
    if summary.contains("requires new major version") {
        Some(Needs::Major)
    } else if summary.contains("requires new minor version") {
        Some(Needs::Minor)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{needs, Needs};

    // Summary lines as cargo-semver-checks 0.51.0 printed them for AppStream pairs.
    #[test]
    fn verdicts_come_from_the_summary() {
        let major = "     Summary semver requires new major version: 4 major and 0 minor checks failed\n";
        let minor = "     Summary semver requires new minor version: 0 major and 2 minor checks failed\n";
        assert_eq!(needs(false, major), Some(Needs::Major));
        assert_eq!(needs(false, minor), Some(Needs::Minor));
        assert_eq!(needs(true, "     Summary no semver update required\n"), Some(Needs::Patch));
        assert_eq!(needs(false, "error: could not compile `appstream`"), None);
    }
}
