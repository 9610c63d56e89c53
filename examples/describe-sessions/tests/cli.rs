//! The command run as a new user would run it, against the fake AppStream on 127.0.0.1.

use std::process::{Command, Output};

use integration_tests::fake_appstream::{FakeAppStream, ACCESS_KEY, SECRET_KEY};
use serde_json::Value;

/// Runs the command with only the given environment (no real AWS config can leak in).
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let home = std::env::temp_dir().join("describe-sessions-empty-home");
    std::fs::create_dir_all(&home).unwrap();
    Command::new(env!("CARGO_BIN_EXE_describe-sessions"))
        .args(args)
        .env_clear()
        .env("HOME", &home)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn creds() -> Vec<(&'static str, &'static str)> {
    vec![("AWS_ACCESS_KEY_ID", ACCESS_KEY), ("AWS_SECRET_ACCESS_KEY", SECRET_KEY), ("AWS_REGION", "eu-west-1")]
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn lists_every_session_across_pages_with_the_2019_members() {
    let fake = FakeAppStream::start("eu-west-1");
    let out = run(&["--stack-name", "stack", "--fleet-name", "fleet", "--limit", "2", "--all", "--endpoint-url", &fake.url()], &creds());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sessions = lines(&out);
    assert_eq!(sessions.len(), 5);
    assert_eq!(fake.seen().len(), 3);
    let first = &sessions[0];
    assert_eq!(first["Id"], "session-0");
    assert_eq!(first["ConnectionState"], "CONNECTED");
    assert_eq!(first["StartTime"], "2019-02-11T18:30:00.123Z");
    assert_eq!(first["MaxExpirationTime"], "2019-02-12T06:30:00Z");
    assert_eq!(first["NetworkAccessConfiguration"]["EniId"], "eni-0a1b2c3d");
    assert_eq!(sessions[1]["ConnectionState"], "RECONNECTING");
    assert!(sessions[1].get("NetworkAccessConfiguration").is_none(), "absent members are left out");
    assert!(sessions[1].get("InstanceId").is_none());
}

#[test]
fn without_all_it_stops_after_one_page_and_says_so() {
    let fake = FakeAppStream::start("eu-west-1");
    let out = run(&["--stack-name", "stack", "--fleet-name", "fleet", "--limit", "2", "--endpoint-url", &fake.url()], &creds());
    assert!(out.status.success());
    assert_eq!(lines(&out).len(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--all"));
}

#[test]
fn a_service_error_prints_code_and_message_and_exits_1() {
    let fake = FakeAppStream::start("eu-west-1");
    let out = run(&["--stack-name", "stack", "--fleet-name", "fleet", "--user-id", "u", "--endpoint-url", &fake.url()], &creds());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: InvalidParameterCombinationException: UserId requires AuthenticationType"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_arguments_print_usage_and_exit_2() {
    for args in [
        &["--fleet-name", "f"][..],
        &["--stack-name", "s", "--fleet-name", "f", "--authentication-type", "PASSWORD"][..],
        &["--stack-name", "s", "--fleet-name", "f", "--limit", "ten"][..],
        &["--stack-name", "s", "--fleet-name", "f", "--frobnicate"][..],
        &["--stack-name"][..],
    ] {
        let out = run(args, &creds());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage: describe-sessions"), "{args:?}");
    }
}

#[test]
fn no_credentials_is_said_plainly_and_exits_1() {
    let fake = FakeAppStream::start("eu-west-1");
    let out = run(&["--stack-name", "s", "--fleet-name", "f", "--endpoint-url", &fake.url()], &[("AWS_REGION", "eu-west-1")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: no AWS credentials"), "{stderr}");
    assert!(fake.seen().is_empty(), "nothing unsigned is sent");
}

#[test]
fn profiles_from_the_shared_files_work_too() {
    let fake = FakeAppStream::start("eu-west-1");
    let dir = std::env::temp_dir().join(format!("describe-sessions-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("credentials"), format!("[work]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"))
        .unwrap();
    std::fs::write(dir.join("config"), "[profile work]\nregion = eu-west-1\n").unwrap();
    let (c, k) = (dir.join("config"), dir.join("credentials"));
    let out = run(
        &["--stack-name", "stack", "--fleet-name", "fleet", "--limit", "50", "--endpoint-url", &fake.url()],
        &[("AWS_PROFILE", "work"), ("AWS_CONFIG_FILE", c.to_str().unwrap()), ("AWS_SHARED_CREDENTIALS_FILE", k.to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(lines(&out).len(), 5);
    std::fs::remove_dir_all(&dir).unwrap();
}
