//! The moto emulator for the end-to-end tests: a Python virtual environment under
//! `target/moto/` holding exactly `tests/moto/requirements.txt`, made when missing or when
//! the requirements changed. The tests start `moto_server` themselves, on 127.0.0.1.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The pinned requirements, relative to the repository root.
const REQUIREMENTS: &str = "tests/moto/requirements.txt";

/// The `moto_server` of the environment, installing it first when needed.
pub fn ensure(root: &Path) -> Result<PathBuf> {
    let venv = root.join("target").join("moto");
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    let server = bin.join(if cfg!(windows) { "moto_server.exe" } else { "moto_server" });
    let requirements = fs::read(root.join(REQUIREMENTS)).with_context(|| format!("cannot read {REQUIREMENTS}"))?;
    // A copy of what was installed: the environment is current when it matches.
    let installed = venv.join("installed-requirements.txt");
    if server.exists() && fs::read(&installed).ok().as_deref() == Some(&requirements[..]) {
        return Ok(server);
    }
    let python = if cfg!(windows) { "python" } else { "python3" };
    let need = "the end-to-end tests need Python 3 with its venv module (Debian: apt-get install python3 python3-venv)";
    match Command::new(python).arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => bail!("{python} was not found: {need}"),
    }
    eprintln!("==> installing the moto emulator into target/moto ({REQUIREMENTS})");
    let _ = fs::remove_dir_all(&venv);
    let out = Command::new(python).args(["-m", "venv"]).arg(&venv).output().with_context(|| format!("cannot run {python} -m venv"))?;
    if !out.status.success() {
        bail!("{python} -m venv failed ({}): {need}", last_line(&out.stderr));
    }
    let pip = Command::new(bin.join(if cfg!(windows) { "python.exe" } else { "python" }))
        .args(["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--requirement"])
        .arg(root.join(REQUIREMENTS))
        .output()
        .context("cannot run pip in target/moto")?;
    if !pip.status.success() {
        bail!("pip could not install {REQUIREMENTS}: {}", last_line(&pip.stderr));
    }
    if !server.exists() {
        bail!("{REQUIREMENTS} was installed but holds no moto_server");
    }
    fs::write(&installed, &requirements)?;
    Ok(server)
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output").trim().to_string()
}
