//! `cargo xtask`: parses arguments and calls the `codegen` library; nothing else lives here.

mod history;
mod moto;
mod protocol;
mod pull;
mod semver;
mod survey;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use codegen::project::{self, Mode, Target};

/// Codegen spends a third of its time in malloc and free (quote → syn → prettyplease
/// allocate per token); mimalloc makes those cheaper. See BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask test                         every check CI runs: codegen freshness, clippy, docs, tests
  cargo xtask codegen                      regenerate every crate from models/
  cargo xtask codegen --check              fail if any generated file is stale; write nothing
  cargo xtask codegen --model PATH --out DIR [--name CRATE] [--operations A,B] [--protocol NAME]
                    [--runtime path|version|git=URL[#REV]]
                                           generate one crate from any service-2.json; --runtime says
                                           where it gets botogen-runtime (default: this checkout's
                                           runtime/ by path, with the version for its package)
  cargo xtask diff OLD NEW [--format changelog|json] [--date YYYY/MM/DD] [--note TEXT]
                    [--fail-on breaking] [--service NAME]
                                           what changed between two models (paths or botocore@VERSION)
  cargo xtask diff --history botocore@A botocore@B [--format changelog|json] [--service NAME]
                    [--revisions DIR] [--stride N]
                                           one entry per release from A to B that changed the model,
                                           newest first, found by bisection (--stride N: also probe
                                           every Nth release); --revisions copies each revision to DIR
  cargo xtask model check [--botocore VERSION|latest] [--service NAME]
                                           compare the vendored model with upstream; exit 1 if they differ
  cargo xtask survey DIR [--compile]       codegen over a botocore data directory, as a table
  cargo xtask semver-check [--pairs OLD:NEW,...]
                                           generate AppStream from pairs of botocore releases and set
                                           cargo-semver-checks' verdict beside the diff's impact
  cargo xtask protocol-tests FILE...       run botocore-format protocol tests (tests/protocol/*/json.json)
  cargo xtask protocol-tests pull --botocore VERSION
                                           re-vendor the AWS JSON and rest-json protocol tests from that release
  cargo xtask model pull --botocore VERSION [--service NAME]
                                           vendor a service's model from that botocore release
  cargo xtask model pull --from DATA_DIR --botocore VERSION [--service NAME]
                                           vendor it from an unpacked botocore data directory";

/// The usage lines of the commands that start with `words` (`diff`, `model pull`), or all
/// of them when no command matches.
fn usage_for(words: &[String]) -> String {
    // One block per command: its `cargo xtask` line and the lines indented under it.
    let blocks: Vec<String> = USAGE.lines().skip(1).fold(Vec::new(), |mut blocks, line| {
        if line.starts_with("  cargo xtask ") || blocks.is_empty() {
            blocks.push(String::new());
        }
        let block = blocks.last_mut().expect("a block was pushed");
        block.push_str(line);
        block.push('\n');
        blocks
    });
    let prefix = format!("  cargo xtask {}", words.join(" "));
    let matching: Vec<&String> = blocks.iter().filter(|b| !words.is_empty() && b.starts_with(&prefix)).collect();
    let chosen = if matching.is_empty() { blocks.iter().collect() } else { matching };
    format!("usage:\n{}", chosen.into_iter().map(String::as_str).collect::<String>().trim_end())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: xtask lives one level below it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the repository").to_path_buf()
}

fn run(args: &[String]) -> Result<ExitCode> {
    let mut flags = Flags::parse(args)?;
    let words = flags.words.clone();
    if flags.switch("--help") || words.first().is_some_and(|w| w == "help") {
        let command = if words.first().is_some_and(|w| w == "help") { &words[1..] } else { &words[..] };
        println!("{}", usage_for(command));
        return Ok(ExitCode::SUCCESS);
    }
    flags.command = words.join(" ");
    match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["codegen"] => codegen(&mut flags),
        ["test"] => {
            flags.finish()?;
            test_everything()
        }
        ["model", "pull"] => {
            let botocore = flags.value("--botocore")?;
            let from = flags.value("--from")?.map(PathBuf::from);
            let service = flags.value("--service")?.unwrap_or_else(|| "appstream".into());
            flags.finish()?;
            let Some(version) = botocore else { bail!("model pull needs --botocore VERSION\n{USAGE}") };
            let summary = pull::pull(&root(), &service, &version, from.as_deref())?;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        ["diff", old, new] if flags.switch("--history") => {
            let format = flags.value("--format")?.unwrap_or_else(|| "changelog".into());
            let service = flags.value("--service")?.unwrap_or_else(|| "appstream".into());
            let revisions = flags.value("--revisions")?.map(PathBuf::from);
            let stride = match flags.value("--stride")? {
                None => None,
                Some(n) => Some(
                    n.parse::<usize>().ok().filter(|&n| n > 0).with_context(|| format!("--stride takes a positive number, not {n:?}"))?,
                ),
            };
            flags.finish()?;
            let options = history::HistoryOptions { service: &service, format: &format, revisions: revisions.as_deref(), stride };
            history::run(&root(), old, new, &options)?;
            Ok(ExitCode::SUCCESS)
        }
        ["diff", old, new] => {
            let format = flags.value("--format")?.unwrap_or_else(|| "changelog".into());
            let date = flags.value("--date")?;
            let note = flags.value("--note")?;
            let fail_on = flags.value("--fail-on")?;
            let service = flags.value("--service")?.unwrap_or_else(|| "appstream".into());
            flags.finish()?;
            let (old, new) = (old.to_string(), new.to_string());
            model_diff(&old, &new, &service, &format, date, note, fail_on.as_deref())
        }
        ["semver-check"] => {
            let pairs = flags.value("--pairs")?;
            flags.finish()?;
            let pairs: Vec<(String, String, String)> = match pairs {
                None => semver::PAIRS.iter().map(|(a, b, what)| (a.to_string(), b.to_string(), what.to_string())).collect(),
                Some(list) => list
                    .split(',')
                    .map(|pair| {
                        let (a, b) = pair.split_once(':').with_context(|| format!("--pairs takes OLD:NEW,…, not {pair:?}"))?;
                        Ok((a.to_string(), b.to_string(), String::new()))
                    })
                    .collect::<Result<_>>()?,
            };
            let agree = semver::run(&root(), &pairs)?;
            Ok(if agree { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        ["survey", dir] => {
            let compile = flags.switch("--compile");
            flags.finish()?;
            let ok = survey::run(&root(), Path::new(dir), compile)?;
            Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        ["model", "check"] => {
            let botocore = flags.value("--botocore")?.unwrap_or_else(|| "latest".into());
            let service = flags.value("--service")?.unwrap_or_else(|| "appstream".into());
            flags.finish()?;
            model_check(&service, &botocore)
        }
        ["protocol-tests", "pull"] => {
            let botocore = flags.value("--botocore")?;
            flags.finish()?;
            let Some(version) = botocore else { bail!("protocol-tests pull needs --botocore VERSION\n{USAGE}") };
            println!("{}", protocol::pull(&root(), &version)?);
            Ok(ExitCode::SUCCESS)
        }
        ["protocol-tests", files @ ..] => {
            flags.finish()?;
            let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
            let (_, failed) = protocol::run(&root(), &files)?;
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        [] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            // The commands, in USAGE's order, as USAGE names them.
            let mut known: Vec<&str> = Vec::new();
            for command in USAGE.lines().filter_map(|l| l.strip_prefix("  cargo xtask ")?.split_whitespace().next()) {
                if !known.contains(&command) {
                    known.push(command);
                }
            }
            bail!(
                "unknown command {:?}: the commands are {}; run `cargo xtask --help` for their usage",
                flags.words.join(" "),
                known.join(", ")
            )
        }
    }
}

fn codegen(flags: &mut Flags) -> Result<ExitCode> {
    let check = flags.switch("--check");
    let model = flags.value("--model")?;
    let out = flags.value("--out")?;
    let name = flags.value("--name")?;
    let operations = flags.value("--operations")?;
    let protocol = flags.value("--protocol")?;
    let runtime = flags.value("--runtime")?;
    flags.finish()?;
    let root = root();
    match (model, out) {
        (None, None) => {
            if name.is_some() || operations.is_some() || protocol.is_some() || runtime.is_some() {
                bail!("--name, --operations, --protocol and --runtime go with --model and --out");
            }
            let mode = if check { Mode::Check } else { Mode::Write };
            // Writing, a crate whose model changed needs the model it was last generated
            // from, downloaded if the cache lacks it; checking never downloads.
            let download = |service: &str, botocore: &str| {
                pull::cached_model(&root, service, botocore).map_err(|e| codegen::Error::Release { message: format!("{e:#}") })
            };
            let report = match mode {
                Mode::Write => project::run_with(&root, mode, &download),
                Mode::Check => project::run(&root, mode),
            }
            .context("code generation failed")?;
            if report.stale.is_empty() {
                println!("generated code is up to date");
                return Ok(ExitCode::SUCCESS);
            }
            if check {
                eprintln!("stale generated files:");
                for path in &report.stale {
                    eprintln!("  {path}");
                }
                eprintln!("run `cargo xtask codegen` to regenerate them");
                return Ok(ExitCode::FAILURE);
            }
            println!("regenerated {} file(s)", report.stale.len());
            Ok(ExitCode::SUCCESS)
        }
        (Some(model), Some(out)) => {
            let model = project::absolute(Path::new(&model));
            let out = project::absolute(Path::new(&out));
            let members = project::targets(&root)?;
            let member = members.iter().find(|t| root.join(&t.out) == out);
            let target = Target {
                crate_name: name.or_else(|| member.map(|t| t.crate_name.clone())).unwrap_or_else(|| default_crate_name(&model)),
                model,
                out: out.clone(),
                operations: operations.map(|ops| ops.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()),
                standalone: member.is_none(),
                protocol,
                runtime: match runtime {
                    None => None,
                    // `path` is the default; the generator works the relative path out.
                    Some(spec) if spec == "path" => None,
                    Some(spec) => Some(
                        codegen::ir::RuntimeDep::parse(&spec, String::new)
                            .with_context(|| format!("--runtime takes path, version, git=URL or git=URL#REV, not {spec:?}"))?,
                    ),
                },
            };
            let files = project::generate(&root, &target)?;
            if check {
                let stale = project::stale_files(&out, &files)?;
                if stale.is_empty() {
                    println!("{} is up to date", out.display());
                    return Ok(ExitCode::SUCCESS);
                }
                eprintln!("stale files in {}:\n  {}", out.display(), stale.join("\n  "));
                return Ok(ExitCode::FAILURE);
            }
            project::write_crate(&out, &files)?;
            println!("wrote {} files to {}", files.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!("--model and --out go together\n{USAGE}"),
    }
}

/// Loads one side of a diff: a path, or `botocore@VERSION`.
fn diff_side(spec: &str, service: &str) -> Result<codegen::model::ServiceModel> {
    let path = match spec.strip_prefix("botocore@") {
        Some(version) => pull::cached_model(&root(), service, version)?,
        None => PathBuf::from(spec),
    };
    Ok(codegen::model::load_service(&path).with_context(|| format!("cannot load {spec}"))?.service)
}

fn model_diff(
    old: &str,
    new: &str,
    service: &str,
    format: &str,
    date: Option<String>,
    note: Option<String>,
    fail_on: Option<&str>,
) -> Result<ExitCode> {
    let (a, b) = (diff_side(old, service)?, diff_side(new, service)?);
    let changes = codegen::diff::diff(&a, &b);
    match format {
        "changelog" => {
            let date = date.unwrap_or_else(|| {
                let today = codegen_today();
                today.replace('-', "/")
            });
            print!("{}", codegen::diff::changelog(&a, &b, &changes, &codegen::diff::ChangelogOptions { date, note, ..Default::default() }));
        }
        "json" => println!("{}", serde_json::to_string_pretty(&changes)?),
        other => bail!("unknown format {other:?}: use changelog or json"),
    }
    match fail_on {
        None => Ok(ExitCode::SUCCESS),
        Some("breaking") => {
            let breaking = changes.iter().filter(|c| c.impact == codegen::diff::Impact::Breaking).count();
            if breaking > 0 {
                eprintln!("{breaking} breaking change(s)");
                Ok(ExitCode::FAILURE)
            } else {
                Ok(ExitCode::SUCCESS)
            }
        }
        Some(other) => bail!("--fail-on takes `breaking`, not {other:?}"),
    }
}

/// Today's date, `YYYY-MM-DD`, UTC.
fn codegen_today() -> String {
    botogen_runtime::DateTime::from(std::time::SystemTime::now()).to_rfc3339()[..10].to_string()
}

/// `model check`: the vendored model against upstream botocore.
fn model_check(service: &str, botocore: &str) -> Result<ExitCode> {
    let root = root();
    let version = if botocore == "latest" { pull::latest_version()? } else { botocore.to_string() };
    let lock: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join(pull::LOCK))?)?;
    let vendored_version = lock["services"][service]["botocore"].as_str().unwrap_or("?").to_string();
    let vendored = codegen::project::targets(&root)?
        .into_iter()
        .find(|t| t.crate_name == service.replace('-', "_"))
        .with_context(|| format!("{service} is not vendored"))?;
    let a = codegen::model::load_service(&root.join(&vendored.model))?.service;
    let b = diff_side(&format!("botocore@{version}"), service)?;
    let changes = codegen::diff::diff(&a, &b);
    if changes.is_empty() {
        println!("{service}: the vendored model (botocore {vendored_version}) matches botocore {version}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{service}: botocore {version} differs from the vendored model (botocore {vendored_version}):\n");
    let date = codegen_today().replace('-', "/");
    print!("{}", codegen::diff::changelog(&a, &b, &changes, &codegen::diff::ChangelogOptions { date, ..Default::default() }));
    for c in &changes {
        println!("{:?} {} {} ({})", c.impact, c.kind, c.path, c.what);
    }
    println!("\nto update: cargo xtask model pull --botocore {version} && cargo xtask codegen");
    Ok(ExitCode::FAILURE)
}

/// Runs every check in CI's order, cheapest first, stopping at the first failure. The
/// tests run last so that their summary closes the output.
fn test_everything() -> Result<ExitCode> {
    let root = root();
    eprintln!("==> cargo xtask codegen --check");
    let report = project::run(&root, Mode::Check).context("code generation failed")?;
    if !report.stale.is_empty() {
        bail!("stale generated files:\n  {}\nrun `cargo xtask codegen` to regenerate them", report.stale.join("\n  "));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let cargo_step = |args: &[&str], deny_doc_warnings: bool| {
        eprintln!("==> cargo {}", args.join(" "));
        let mut command = std::process::Command::new(&cargo);
        command.args(args).current_dir(&root);
        if deny_doc_warnings {
            command.env("RUSTDOCFLAGS", "-D warnings");
        }
        command
    };

    // Formatting, lints and docs first: cheapest to fail. Generated crates are laid out by
    // prettyplease and left out; so are the fuzz and bench workspaces' own checks.
    let fmt: Vec<&str> = ["fmt", "--check"].into_iter().chain(HAND_WRITTEN.iter().flat_map(|p| ["-p", *p])).collect();
    let checks: [(&[&str], bool); 6] = [
        (&fmt, false),
        (&["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"], false),
        (&["doc", "--no-deps", "--workspace", "--locked"], true),
        (
            &["clippy", "-p", "botogen-runtime", "--all-targets", "--features", "aws-credential-types", "--locked", "--", "-D", "warnings"],
            false,
        ),
        // The fuzz targets are a workspace of their own, fuzzed by hand; they must still build.
        (&["check", "--manifest-path", "fuzz/Cargo.toml", "--target-dir", "target/fuzz-check", "--locked"], false),
        // The runtime and the AppStream crate package as crates.io takes them, and each
        // builds from its `.crate` alone: cargo verifies AppStream against the runtime's
        // package, not the checkout. (`cargo publish --dry-run` also asks the registry,
        // which tests never reach; README.md says how to run it.)
        (
            &[
                "package",
                "-p",
                "botogen-runtime",
                "-p",
                "botogen-appstream",
                "--offline",
                "--allow-dirty",
                "--target-dir",
                "target/package",
            ],
            false,
        ),
    ];
    for (args, deny_doc_warnings) in checks {
        let status = cargo_step(args, deny_doc_warnings).status().with_context(|| format!("cannot run {cargo}"))?;
        if !status.success() {
            if let Some(tool) = ["clippy", "fmt"].into_iter().find(|t| args[0] == *t).filter(|t| !tool_installed(&cargo, t)) {
                let component = if tool == "fmt" { "rustfmt" } else { tool };
                bail!("{component} is not installed: run `rustup component add {component}`");
            }
            if args[0] == "fmt" {
                bail!(
                    "hand-written code is not formatted: run `cargo fmt {}`",
                    HAND_WRITTEN.iter().map(|p| format!("-p {p}")).collect::<Vec<_>>().join(" ")
                );
            }
            bail!("`cargo {}` failed", args.join(" "));
        }
    }

    // A sample of services with unusual shapes and bindings, and AppStream's oldest model
    // (botocore 1.4.81, without serviceId), must generate and compile without warnings.
    let sample = root.join("tests").join("fixtures").join("sample-services");
    eprintln!("==> cargo xtask survey {} --compile", project::slash_path(sample.strip_prefix(&root).unwrap_or(&sample)));
    if !survey::run(&root, &sample, true)? {
        bail!("the sample services did not all generate and compile");
    }

    // Then every test, counted together: botocore's protocol tests, then cargo's.
    let files = protocol::vendored(&root);
    eprintln!(
        "==> cargo xtask protocol-tests {}",
        files.iter().map(|p| project::slash_path(p.strip_prefix(&root).unwrap_or(p))).collect::<Vec<_>>().join(" ")
    );
    let (p, f) = protocol::run(&root, &files)?;
    let (mut passed, mut failed) = (p as u64, f as u64);
    // The end-to-end tests run the generated crates against moto, which plain `cargo
    // test` leaves out (`#[ignore]`): installed here, started by the tests.
    let moto_server = moto::ensure(&root)?;
    let tests: [&[&str]; 3] = [
        &["test", "--workspace", "--locked"],
        &["test", "-p", "botogen-runtime", "--features", "aws-credential-types", "--locked", "--lib"],
        &["test", "-p", "integration-tests", "--test", "moto", "--locked", "--", "--ignored"],
    ];
    let mut broken = None;
    if failed > 0 {
        broken = Some("protocol tests failed".to_string());
    }
    for args in tests {
        if broken.is_some() {
            break;
        }
        let mut command = cargo_step(args, false);
        command.env("BOTOGEN_MOTO_SERVER", &moto_server);
        let (status, p, f) = run_tests(command)?;
        passed += p;
        failed += f;
        if !status.success() {
            broken = Some(format!("`cargo {}` failed", args.join(" ")));
        }
    }
    println!("tests: {passed} passed, {failed} failed");
    match broken {
        Some(why) => bail!(why),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Runs `cargo test`, passing its output through, and adds up every harness's summary:
/// cargo's own last line only speaks of the last test binary.
fn run_tests(mut command: std::process::Command) -> Result<(std::process::ExitStatus, u64, u64)> {
    use std::io::BufRead;
    let mut child = command.stdout(std::process::Stdio::piped()).spawn().context("cannot run cargo test")?;
    let (mut passed, mut failed) = (0u64, 0u64);
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.context("cannot read cargo test's output")?;
        println!("{line}");
        if let Some(summary) = line.strip_prefix("test result: ") {
            for part in summary.split(['.', ';']) {
                let mut words = part.split_whitespace();
                match (words.next().and_then(|n| n.parse::<u64>().ok()), words.next()) {
                    (Some(n), Some("passed")) => passed += n,
                    (Some(n), Some("failed")) => failed += n,
                    _ => {}
                }
            }
        }
    }
    let status = child.wait().context("cargo test did not finish")?;
    Ok((status, passed, failed))
}

fn tool_installed(cargo: &str, tool: &str) -> bool {
    std::process::Command::new(cargo).args([tool, "--version"]).output().is_ok_and(|o| o.status.success())
}

/// The workspace's hand-written packages: `cargo fmt --check` covers these, not the
/// generated crates.
const HAND_WRITTEN: &[&str] =
    &["codegen", "botogen-runtime", "xtask", "integration-tests", "describe-sessions", "protocol-test-support", "fuzz-harness"];

/// `models/<service>/<version>/service-2.json` → `<service>`, as a crate name.
fn default_crate_name(model: &Path) -> String {
    let service = model.parent().and_then(Path::parent).and_then(Path::file_name);
    let name = service.map(|s| s.to_string_lossy().replace('-', "_")).unwrap_or_default();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        "service".into()
    } else {
        name
    }
}

/// Hand-rolled flag parsing: four flags do not justify a dependency on every build.
struct Flags {
    words: Vec<String>,
    flags: Vec<(String, Option<String>)>,
    /// The flags the command asked for, to name them when it is given another.
    asked: Vec<String>,
    /// The command's words, for messages.
    command: String,
}

impl Flags {
    fn parse(args: &[String]) -> Result<Self> {
        let mut words = Vec::new();
        let mut flags = Vec::new();
        let mut iter = args.iter().peekable();
        while let Some(arg) = iter.next() {
            if let Some(flag) = arg.strip_prefix("--") {
                if let Some((k, v)) = flag.split_once('=') {
                    flags.push((format!("--{k}"), Some(v.to_string())));
                } else if matches!(arg.as_str(), "--check" | "--compile" | "--history" | "--help") {
                    flags.push((arg.clone(), None));
                } else {
                    let value = iter.next().with_context(|| format!("{arg} needs a value\n{USAGE}"))?;
                    flags.push((arg.clone(), Some(value.clone())));
                }
            } else if arg == "-h" {
                flags.push(("--help".to_string(), None));
            } else {
                words.push(arg.clone());
            }
        }
        Ok(Flags { words, flags, asked: Vec::new(), command: String::new() })
    }

    fn switch(&mut self, name: &str) -> bool {
        self.asked.push(name.to_string());
        let before = self.flags.len();
        self.flags.retain(|(k, _)| k != name);
        self.flags.len() != before
    }

    fn value(&mut self, name: &str) -> Result<Option<String>> {
        self.asked.push(name.to_string());
        let found: Vec<_> = self.flags.iter().filter(|(k, _)| k == name).cloned().collect();
        self.flags.retain(|(k, _)| k != name);
        match found.as_slice() {
            [] => Ok(None),
            [(_, Some(v))] => Ok(Some(v.clone())),
            [(_, None)] => bail!("{name} needs a value"),
            _ => bail!("{name} given more than once"),
        }
    }

    /// Fails on any flag the command did not ask for, naming the ones it takes.
    fn finish(&self) -> Result<()> {
        if let Some((k, _)) = self.flags.first() {
            let mut valid: Vec<&str> = self.asked.iter().map(String::as_str).filter(|f| *f != "--help").collect();
            valid.sort_unstable();
            valid.dedup();
            let takes = if valid.is_empty() { "takes no flags".to_string() } else { format!("takes {}", valid.join(", ")) };
            bail!("unknown flag {k}: `cargo xtask {}` {takes}; run `cargo xtask {} --help` for its usage", self.command, self.command);
        }
        Ok(())
    }
}
