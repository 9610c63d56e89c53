//! `cargo xtask survey DIR [--compile]`: runs codegen over every service of a botocore data
//! directory and prints a table, so a new botocore release is checked in one command.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};
use codegen::emit::emit_crate_on;
use codegen::ir::{lower, LowerOptions};
use codegen::model::load_service;
use codegen::project::{relative, slash_path, stale_files, write_crate};

/// How one service fared.
enum Status {
    Generated,
    Unsupported(String),
    Failed(String),
}

struct Row {
    service: String,
    protocol: String,
    operations: usize,
    shapes: usize,
    lines: usize,
    millis: f64,
    status: Status,
    files: Vec<codegen::emit::GeneratedFile>,
}

impl Row {
    /// A service that produced no crate.
    fn not_generated(service: &str, millis: f64, status: Status) -> Self {
        Row { service: service.to_string(), protocol: "-".into(), operations: 0, shapes: 0, lines: 0, millis, status, files: Vec::new() }
    }
}

/// The newest API version's model of every service under `dir` (`botocore/data`, or a
/// directory holding it).
fn models(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let dir = if dir.join("botocore").join("data").is_dir() { dir.join("botocore").join("data") } else { dir.to_path_buf() };
    let mut out = Vec::new();
    let mut services: Vec<_> = fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    services.sort();
    for service in services {
        let mut versions: Vec<_> = fs::read_dir(&service)?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        versions.sort();
        if let Some(version) = versions.iter().rev().find(|v| v.join("service-2.json").exists() || v.join("service-2.json.gz").exists()) {
            let name = service.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push((name, version.join("service-2.json")));
        }
    }
    Ok(out)
}

/// The scratch crate's name for a service directory: `appstream-1.4.81` (as `diff
/// --history --revisions` writes them) becomes `svc_appstream_1_4_81`.
fn crate_name_of(service: &str) -> String {
    format!("svc_{}", service.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>())
}

/// Surveys `dir`; with `compile`, also `cargo check`s every generated crate.
pub fn run(root: &Path, dir: &Path, compile: bool) -> Result<bool> {
    let models = models(dir)?;
    // One scratch workspace per surveyed directory, so two surveys never share one.
    let name = dir.file_name().map_or_else(|| "data".into(), |n| n.to_string_lossy().into_owned());
    let work = root.join("target").join("survey").join(name);
    let start = Instant::now();
    // Both halves of the list at once: codegen is CPU-bound and needs no coordination.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = models.len().div_ceil(threads).max(1);
    let mut rows: Vec<Row> = std::thread::scope(|scope| {
        let handles: Vec<_> = models.chunks(chunk).map(|part| scope.spawn(|| survey_part(root, &work, part))).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    rows.sort_by(|a, b| a.service.cmp(&b.service));
    let total = start.elapsed();
    finish(root, &work, rows, total, compile)
}

fn survey_part(root: &Path, work: &Path, models: &[(String, PathBuf)]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (service, path) in models {
        let crate_name = crate_name_of(service);
        let t = Instant::now();
        let result = load_service(path).and_then(|model| {
            let options = LowerOptions {
                crate_name: crate_name.clone(),
                runtime: codegen::ir::RuntimeDep::Path(slash_path(&relative(&work.join(&crate_name), &root.join("runtime")))),
                standalone: false,
                model_label: format!("{service}/service-2.json"),
                operations: None,
                tests: codegen::ir::CrateTests::Generated,
                protocol: None,
            };
            let ir = lower(&model, &options)?;
            let protocol = ir.protocol.name().to_string();
            Ok((ir.operations.len(), ir.shapes.len(), protocol, emit_crate_on(&ir, 1)?))
        });
        let millis = t.elapsed().as_secs_f64() * 1000.0;
        let row = match result {
            Ok((operations, shapes, protocol, files)) => Row {
                service: service.clone(),
                protocol,
                operations,
                shapes,
                lines: files.iter().map(|f| f.contents.lines().count()).sum(),
                millis,
                status: Status::Generated,
                files,
            },
            Err(codegen::Error::Unsupported { path, message, .. }) if path == "metadata.protocols" => {
                Row::not_generated(service, millis, Status::Unsupported(message))
            }
            Err(e) => Row::not_generated(service, millis, Status::Failed(e.to_string())),
        };
        rows.push(row);
    }
    rows
}

fn finish(root: &Path, work: &Path, rows: Vec<Row>, total: std::time::Duration, compile: bool) -> Result<bool> {
    let mut compiled: Option<(usize, Vec<String>)> = None;
    if compile {
        compiled = Some(check(root, work, &rows)?);
    }

    println!("{:<32} {:<8} {:>6} {:>7} {:>9} {:>9}  status", "service", "protocol", "ops", "shapes", "lines", "ms");
    for row in &rows {
        let status = match &row.status {
            Status::Generated => match &compiled {
                Some((_, broken)) if broken.contains(&row.service) => "generated; cargo check FAILED".to_string(),
                Some(_) => "generated, compiles".to_string(),
                None => "generated".to_string(),
            },
            Status::Unsupported(why) => format!("unsupported: {why}"),
            Status::Failed(why) => format!("FAILED: {why}"),
        };
        println!(
            "{:<32} {:<8} {:>6} {:>7} {:>9} {:>9.1}  {status}",
            row.service, row.protocol, row.operations, row.shapes, row.lines, row.millis
        );
    }
    let generated = rows.iter().filter(|r| matches!(r.status, Status::Generated)).count();
    let unsupported = rows.iter().filter(|r| matches!(r.status, Status::Unsupported(_))).count();
    let failed = rows.iter().filter(|r| matches!(r.status, Status::Failed(_))).count();
    let lines: usize = rows.iter().map(|r| r.lines).sum();
    print!(
        "{} models: {generated} generated ({lines} lines), {unsupported} with no supported protocol, {failed} failed; codegen {:.2} s",
        rows.len(),
        total.as_secs_f64()
    );
    if let Some((ok, broken)) = &compiled {
        print!("; {ok} compiled without warnings, {} did not", broken.len());
    }
    println!();
    Ok(failed == 0 && compiled.is_none_or(|(_, broken)| broken.is_empty()))
}

/// Writes every generated crate into a scratch workspace and `cargo check`s it with
/// warnings denied; returns how many passed and which services did not.
fn check(root: &Path, work: &Path, rows: &[Row]) -> Result<(usize, Vec<String>)> {
    fs::create_dir_all(work)?;
    let mut members = Vec::new();
    for row in rows.iter().filter(|r| matches!(r.status, Status::Generated)) {
        let crate_name = crate_name_of(&row.service);
        let dir = work.join(&crate_name);
        if !stale_files(&dir, &row.files)?.is_empty() {
            write_crate(&dir, &row.files)?;
        }
        members.push((crate_name, row.service.clone()));
    }
    let manifest = format!(
        "# Written by `cargo xtask survey --compile`.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.iter().map(|(m, _)| format!("    {m:?},\n")).collect::<String>()
    );
    fs::write(work.join("Cargo.toml"), manifest)?;
    fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock"))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--workspace", "--keep-going", "--message-format", "short", "--manifest-path"])
        .arg(work.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .context("cannot run cargo check")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut broken = Vec::new();
    for (crate_name, service) in &members {
        let failed = stderr.lines().any(|l| {
            l.starts_with(&format!("{crate_name}/"))
                || l.contains(&format!("could not compile `{}`", codegen::emit::package_name(crate_name)))
        });
        if failed {
            broken.push(service.clone());
            for line in stderr.lines().filter(|l| l.starts_with(&format!("{crate_name}/"))).take(5) {
                eprintln!("{line}");
            }
        }
    }
    Ok((members.len() - broken.len(), broken))
}
