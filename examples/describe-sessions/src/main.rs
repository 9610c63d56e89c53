//! `describe-sessions`: lists the streaming sessions of an AppStream stack and fleet, one
//! JSON object per line, using the generated `appstream` crate as any user's crate would.
//!
//! Credentials and region come from the standard chain (environment variables, then the
//! shared config files' profile).

use std::process::ExitCode;

use appstream::input::DescribeSessionsRequest;
use appstream::types::{AuthenticationType, Session};
use appstream::{Client, Config, SdkError};
use serde_json::Value;

const USAGE: &str = "usage: describe-sessions --stack-name S --fleet-name F [--user-id U]
                         [--authentication-type API|SAML|USERPOOL|AWS_AD] [--limit N] [--all]
                         [--region R] [--endpoint-url URL]";

/// The parsed command line.
#[derive(Debug, Default)]
struct Args {
    stack: String,
    fleet: String,
    user_id: Option<String>,
    authentication_type: Option<AuthenticationType>,
    limit: Option<i32>,
    all: bool,
    region: Option<String>,
    endpoint_url: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let (mut stack, mut fleet) = (None, None);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if flag == "--all" {
            parsed.all = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value = || inline.clone().or_else(|| iter.next().cloned()).ok_or_else(|| format!("{flag} needs a value"));
        match flag {
            "--stack-name" => stack = Some(value()?),
            "--fleet-name" => fleet = Some(value()?),
            "--user-id" => parsed.user_id = Some(value()?),
            "--authentication-type" => {
                let v = value()?;
                if !AuthenticationType::VALUES.contains(&v.as_str()) {
                    return Err(format!("--authentication-type must be one of {}", AuthenticationType::VALUES.join("|")));
                }
                parsed.authentication_type = Some(AuthenticationType::from(v));
            }
            "--limit" => {
                let v = value()?;
                parsed.limit =
                    Some(v.parse().ok().filter(|n| *n > 0).ok_or_else(|| format!("--limit takes a positive number, not {v:?}"))?);
            }
            "--region" => parsed.region = Some(value()?),
            "--endpoint-url" => parsed.endpoint_url = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    parsed.stack = stack.ok_or("--stack-name is required")?;
    parsed.fleet = fleet.ok_or("--fleet-name is required")?;
    Ok(parsed)
}

/// A session as the model names its members, timestamps as RFC 3339 in UTC.
fn session_json(session: &Session) -> Value {
    appstream::to_document(session).expect("a Session always converts")
}

async fn list(args: &Args) -> Result<(), String> {
    let mut config = Config::from_env().map_err(|e| e.to_string())?;
    if let Some(region) = &args.region {
        config = config.with_region(region);
    }
    if let Some(url) = &args.endpoint_url {
        config = config.with_endpoint_url(url);
    }
    let client = Client::new(&config).map_err(|e| e.to_string())?;
    let mut input = DescribeSessionsRequest::new(&args.stack, &args.fleet);
    if let Some(user) = &args.user_id {
        input = input.with_user_id(user);
    }
    if let Some(kind) = &args.authentication_type {
        input = input.with_authentication_type(kind.clone());
    }
    if let Some(limit) = args.limit {
        input = input.with_limit(limit);
    }
    // The generated paginator follows NextToken, and stops if the service repeats one.
    let mut pages = client.describe_sessions_pages(input);
    while let Some(page) = pages.next().await {
        let out = page.map_err(|e| match &e {
            SdkError::Service(service) => format!(
                "{}: {}",
                service.meta.code.as_deref().unwrap_or("UnknownError"),
                service.meta.message.as_deref().unwrap_or("(no message)")
            ),
            other => other.to_string(),
        })?;
        for session in out.sessions.as_deref().unwrap_or_default() {
            println!("{}", session_json(session));
        }
        if !args.all {
            if out.next_token.as_deref().is_some_and(|t| !t.is_empty()) {
                eprintln!("more sessions follow; pass --all to list them all");
            }
            break;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("error: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(list(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
