//! AWS's SigV4 test suite (botocore's copy, see `aws4_testsuite/SOURCE.md`): every case's
//! canonical request, string to sign and `Authorization` header must match.

use std::fs;
use std::path::{Path, PathBuf};

use botogen_runtime::sigv4::{parse_query, sha256_hex, sign, SignableRequest, SigningParams};
use botogen_runtime::{Credentials, DateTime};

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws4_testsuite")
}

/// Every directory holding a `.req` file, as `(case name, path prefix)`.
fn cases(dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.join(format!("{name}.req")).exists() {
                out.push((path.strip_prefix(suite()).unwrap().display().to_string(), path.join(&name)));
            }
            cases(&path, out);
        }
    }
}

/// Parses the suite's raw HTTP/1.1 requests: the path may hold raw spaces and UTF-8, and
/// indented lines continue the previous header (obs-fold).
fn parse_raw(text: &str) -> SignableRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h, b),
        None => (text, ""),
    };
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let (method, rest) = request_line.split_once(' ').unwrap();
    let target = rest.rsplit_once(' ').unwrap().0;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().unwrap();
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else {
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_string(), value.to_string()));
        }
    }
    SignableRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: parse_query(query),
        headers,
        payload_hash: sha256_hex(body.as_bytes()),
    }
}

#[test]
fn every_case_of_the_suite_passes() {
    let mut all = Vec::new();
    cases(&suite(), &mut all);
    assert!(all.len() >= 30, "suite not found or incomplete: {} cases", all.len());
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let long_term = Credentials::new("AKIDEXAMPLE", SECRET, None);
    // The token the suite's `context.json` gives this one case (aws-c-auth's copy carries
    // it; botocore's copy has only the expected outputs).
    let temporary =
        Credentials::new("AKIDEXAMPLE", SECRET, Some("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267".into()));
    let read = |prefix: &Path, ext: &str| fs::read_to_string(prefix.with_extension(ext)).unwrap();
    let mut failures = Vec::new();
    for (name, prefix) in &all {
        let request = parse_raw(&read(prefix, "req"));
        let credentials = if name == "get-vanilla-with-session-token" { &temporary } else { &long_term };
        let params = SigningParams {
            credentials,
            region: "us-east-1",
            service: "service",
            time: DateTime::from_rfc3339("2015-08-30T12:36:00Z").unwrap(),
        };
        let signature = sign(&request, &params);
        for (part, actual, expected) in [
            ("canonical request", &signature.canonical_request, read(prefix, "creq")),
            ("string to sign", &signature.string_to_sign, read(prefix, "sts")),
            ("authorization", &signature.authorization, read(prefix, "authz")),
        ] {
            if *actual != expected {
                failures.push(format!("{name}: {part}\n  actual:   {actual:?}\n  expected: {expected:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), all.len(), failures.join("\n"));
    println!("{} passed, 0 failed", all.len());
}
