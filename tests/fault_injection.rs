//! The client against every failure a network can produce, on 127.0.0.1: each case ends
//! in success or a clear typed error, without a panic, in bounded time, after exactly the
//! attempts the retry configuration allows.

use std::time::{Duration, Instant};

use appstream::input::DescribeSessionsRequest;
use appstream::operation::DescribeSessionsError;
use appstream::{Client, Config, SdkError};
use botogen_runtime::retry::RetryConfig;
use botogen_runtime::Credentials;
use integration_tests::scripted_server::{error, ScriptedServer, Step};

mod fault_client;
use fault_client::{client, ok_body, run, SECRET};

fn call(client: &Client) -> (Result<appstream::output::DescribeSessionsResult, SdkError<DescribeSessionsError>>, Duration) {
    let start = Instant::now();
    let result = run(client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet")));
    (result, start.elapsed())
}

#[test]
fn a_500_then_200_succeeds_after_one_retry() {
    let server = ScriptedServer::start(vec![error(500, "InternalFailure", "oops"), ok_body()]);
    let (result, _) = call(&client(&server, 3));
    assert_eq!(result.unwrap().sessions.unwrap()[0].id, "s1");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn throttling_until_the_attempts_run_out_is_a_typed_error() {
    let steps = (0..10).map(|_| error(400, "ThrottlingException", "Rate exceeded")).collect();
    let server = ScriptedServer::start(steps);
    let (result, elapsed) = call(&client(&server, 4));
    let err = result.unwrap_err();
    assert!(
        matches!(&err.service_error().unwrap().err, DescribeSessionsError::Unhandled(m) if m.code.as_deref() == Some("ThrottlingException"))
    );
    assert_eq!(server.requests().len(), 4, "exactly the configured attempts");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn errors_that_retrying_cannot_fix_return_at_once() {
    for step in [
        error(400, "InvalidParameterCombinationException", "bad"),
        error(400, "SomethingNobodyModeled", "unknown code"),
        error(403, "AccessDeniedException", "no"),
    ] {
        let server = ScriptedServer::start(vec![step]);
        let (result, _) = call(&client(&server, 3));
        assert!(result.unwrap_err().service_error().is_some());
        assert_eq!(server.requests().len(), 1);
    }
}

#[test]
fn a_connection_reset_is_retried() {
    let server = ScriptedServer::start(vec![Step::Reset, ok_body()]);
    let (result, _) = call(&client(&server, 3));
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.requests().len(), 2);

    let server = ScriptedServer::start(vec![Step::Reset, Step::Reset, Step::Reset]);
    let (result, _) = call(&client(&server, 3));
    assert!(matches!(result, Err(SdkError::Dispatch(ref e)) if !e.timeout), "{result:?}");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_stalled_response_times_out_per_attempt_and_in_bounded_time() {
    let stall = Step::Stall(Duration::from_secs(3));
    let server = ScriptedServer::start(vec![stall.clone(), stall.clone(), stall]);
    let (result, elapsed) = call(&client(&server, 3));
    assert!(matches!(result, Err(SdkError::Dispatch(ref e)) if e.timeout), "{result:?}");
    assert_eq!(server.requests().len(), 3);
    assert!(elapsed < Duration::from_secs(3), "three 400 ms attempts, not three stalls: {elapsed:?}");

    // The whole-operation limit holds whatever the attempts would allow.
    let server = ScriptedServer::start(vec![Step::Stall(Duration::from_secs(3))]);
    let config = Config::new(Credentials::new("AKIDFAULT", SECRET, None))
        .with_region("us-east-1")
        .with_endpoint_url(server.url())
        .with_attempt_timeout(Duration::from_secs(5))
        .with_operation_timeout(Duration::from_millis(300));
    let start = Instant::now();
    let result = run(Client::new(&config).unwrap().describe_sessions(DescribeSessionsRequest::new("s", "f")));
    assert!(matches!(result, Err(SdkError::Dispatch(ref e)) if e.timeout && e.message.contains("timed out after 300ms")), "{result:?}");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_truncated_body_is_a_transient_dispatch_error() {
    let body = r#"{"Sessions":[{"Id":"s1","State":"ACTIVE"}]}"#.to_string();
    let server = ScriptedServer::start(vec![Step::Truncate(200, body.clone()), Step::Truncate(200, body)]);
    let (result, _) = call(&client(&server, 2));
    let err = result.unwrap_err();
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(err.to_string().contains("lost the response"), "{err}");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_non_json_success_body_names_the_operation_and_is_not_retried() {
    let server = ScriptedServer::start(vec![Step::Respond(200, vec![], "<html>hello</html>".into())]);
    let (result, _) = call(&client(&server, 3));
    let err = result.unwrap_err();
    assert!(matches!(&err, SdkError::Response(e) if e.operation == "DescribeSessions"), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_empty_success_body_is_an_empty_output() {
    let server = ScriptedServer::start(vec![Step::Respond(200, vec![], String::new())]);
    let (result, _) = call(&client(&server, 3));
    assert_eq!(result.unwrap().sessions, None);
}

#[test]
fn a_proxy_html_error_page_is_retried_then_typed() {
    let page = || Step::Respond(502, vec![("content-type", "text/html".into())], "<html><body>Bad Gateway</body></html>".into());
    let server = ScriptedServer::start(vec![page(), page(), page()]);
    let (result, _) = call(&client(&server, 3));
    let err = result.unwrap_err();
    assert!(matches!(&err.service_error().unwrap().err, DescribeSessionsError::Unhandled(m) if m.status == 502 && m.code.is_none()));
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn the_retry_quota_stops_retries_when_drained() {
    // 500 tokens at 5 a retry: 100 retries, then the bucket is empty and calls fail fast.
    let steps = (0..200).map(|_| error(503, "ServiceUnavailable", "down")).collect();
    let server = ScriptedServer::start(steps);
    let config = Config::new(Credentials::new("AKIDFAULT", SECRET, None))
        .with_region("us-east-1")
        .with_endpoint_url(server.url())
        .with_retry(RetryConfig {
            max_attempts: 1_000,
            initial_backoff: Duration::from_micros(100),
            max_backoff: Duration::from_millis(1),
            use_quota: true,
        });
    let client = Client::new(&config).unwrap();
    let (result, _) = call(&client);
    assert!(result.is_err());
    assert_eq!(server.requests().len(), 101, "the first attempt and the 100 retries the quota pays for");
    let (result, _) = call(&client);
    assert!(result.is_err());
    assert_eq!(server.requests().len(), 102, "an empty bucket allows no retry");
}
