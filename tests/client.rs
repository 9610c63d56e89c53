//! The async client end to end against the fake AppStream on 127.0.0.1.

use std::time::Duration;

use appstream::input::DescribeSessionsRequest;
use appstream::operation::DescribeSessionsError;
use appstream::types::{AuthenticationType, SessionConnectionState};
use appstream::{Client, Config, RequestId, SdkError};
use botogen_runtime::Credentials;
use integration_tests::fake_appstream::{FakeAppStream, ACCESS_KEY, SECRET_KEY};

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

fn client(fake: &FakeAppStream, secret: &str) -> Client {
    let config = Config::new(Credentials::new(ACCESS_KEY, secret, None))
        .with_region("eu-west-1")
        .with_endpoint_url(fake.url())
        .with_operation_timeout(Duration::from_secs(20));
    Client::new(&config).unwrap()
}

#[test]
fn describe_sessions_pages_through_a_signed_fake() {
    let fake = FakeAppStream::start("eu-west-1");
    let client = client(&fake, SECRET_KEY);
    run(async {
        let mut sessions = Vec::new();
        let mut token = None;
        loop {
            let mut input = DescribeSessionsRequest::new("stack", "fleet").with_limit(2);
            if let Some(t) = token.take() {
                input = input.with_next_token(t);
            }
            let out = client.describe_sessions(input).await.unwrap();
            assert!(out.request_id().is_some_and(|id| id.starts_with("fake-")));
            sessions.extend(out.sessions.clone().unwrap_or_default());
            match out.next_token {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        assert_eq!(sessions.len(), 5);
        assert_eq!(sessions[0].connection_state, Some(SessionConnectionState::Connected));
        assert_eq!(sessions[1].connection_state, Some(SessionConnectionState::Unknown("RECONNECTING".into())));
        assert_eq!(sessions[0].start_time.unwrap().to_rfc3339(), "2019-02-11T18:30:00.123Z");
        assert_eq!(sessions[4].max_expiration_time.unwrap().to_rfc3339(), "2019-02-12T06:30:04Z");
    });
    let seen = fake.seen();
    assert_eq!(seen.len(), 3, "three pages of two");
    assert!(seen.iter().all(|s| s.target == "PhotonAdminProxyService.DescribeSessions"));
    assert_eq!(seen[1].body["NextToken"], "page-2");
}

#[test]
fn modeled_and_unmodeled_errors_come_back_typed() {
    let fake = FakeAppStream::start("eu-west-1");
    let client = client(&fake, SECRET_KEY);
    run(async {
        let err = client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet").with_user_id("u")).await.unwrap_err();
        let service = err.service_error().expect("a service error");
        assert!(matches!(&service.err, DescribeSessionsError::InvalidParameterCombinationException(e)
            if e.message.as_deref() == Some("UserId requires AuthenticationType")));
        assert!(err.request_id().is_some());

        let err = client.describe_sessions(DescribeSessionsRequest::new("throttled", "fleet")).await.unwrap_err();
        assert!(
            matches!(&err.service_error().unwrap().err, DescribeSessionsError::Unhandled(m) if m.code.as_deref() == Some("ThrottlingException"))
        );

        let ok = client
            .describe_sessions(
                DescribeSessionsRequest::new("stack", "fleet")
                    .with_user_id("user0@example.com")
                    .with_authentication_type(AuthenticationType::Api),
            )
            .await
            .unwrap();
        assert_eq!(ok.sessions.unwrap().len(), 1);
    });
}

#[test]
fn a_wrong_secret_is_refused_and_never_printed() {
    let fake = FakeAppStream::start("eu-west-1");
    let client = client(&fake, "wrong-secret-value");
    let err = run(client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet"))).unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    let shown = format!("{err} {err:?} {client:?}");
    assert!(!shown.contains("wrong-secret-value"), "{shown}");
    assert_eq!(fake.refused(), 1, "a bad signature from a right clock is not retried");
}

#[test]
fn a_clock_an_hour_slow_is_corrected_from_the_date_header_and_stays_corrected() {
    let fake = FakeAppStream::start("eu-west-1");
    let config = Config::new(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .with_region("eu-west-1")
        .with_endpoint_url(fake.url())
        .with_retry(botogen_runtime::retry::RetryConfig {
            initial_backoff: Duration::from_millis(5),
            ..botogen_runtime::retry::RetryConfig::standard()
        })
        .with_clock(|| std::time::SystemTime::now() - Duration::from_secs(3600));
    let client = Client::new(&config).unwrap();
    run(async {
        client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet")).await.unwrap();
        client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet")).await.unwrap();
    });
    assert_eq!(fake.refused(), 1, "only the first attempt, before the client knew its clock was off");
    assert_eq!(fake.seen().len(), 2);
}

#[test]
fn unreachable_endpoints_and_timeouts_are_dispatch_errors() {
    // A port nothing listens on: bind, learn the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = Config::new(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .with_region("eu-west-1")
        .with_endpoint_url(format!("http://127.0.0.1:{port}"));
    let err = run(Client::new(&config).unwrap().describe_sessions(DescribeSessionsRequest::new("s", "f"))).unwrap_err();
    assert!(matches!(err, SdkError::Dispatch(ref e) if !e.timeout), "{err:?}");

    // A server that accepts and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = Config::new(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .with_region("eu-west-1")
        .with_endpoint_url(format!("http://{}", silent.local_addr().unwrap()))
        .with_operation_timeout(Duration::from_millis(300));
    let err = run(Client::new(&config).unwrap().describe_sessions(DescribeSessionsRequest::new("s", "f"))).unwrap_err();
    assert!(matches!(err, SdkError::Dispatch(ref e) if e.timeout), "{err:?}");
    drop(silent);
}

#[test]
fn configuration_errors_are_clear() {
    let err = Client::new(&Config::new(Credentials::new("a", "b", None))).unwrap_err();
    assert!(err.to_string().starts_with("no AWS region"), "{err}");
    let err =
        Client::new(&Config::new(Credentials::new("a", "b", None)).with_region("us-east-1").with_endpoint_url("ftp://x")).unwrap_err();
    assert!(err.to_string().contains("must use http or https"), "{err}");
}

#[test]
fn the_generated_paginator_walks_three_pages_and_their_items() {
    let fake = FakeAppStream::start("eu-west-1");
    let client = client(&fake, SECRET_KEY);
    run(async {
        let mut pages = client.describe_sessions_pages(DescribeSessionsRequest::new("stack", "fleet")).page_size(2);
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            sizes.push(page.unwrap().sessions.unwrap_or_default().len());
        }
        assert_eq!(sizes, [2, 2, 1]);
        assert!(pages.next().await.is_none(), "a finished paginator stays finished");

        let mut items = client.describe_sessions_pages(DescribeSessionsRequest::new("stack", "fleet").with_limit(2)).items();
        let mut ids = Vec::new();
        while let Some(session) = items.next().await {
            ids.push(session.unwrap().id);
        }
        assert_eq!(ids, ["session-0", "session-1", "session-2", "session-3", "session-4"]);
    });
    let tokens: Vec<_> = fake.seen().iter().map(|s| s.body["NextToken"].clone()).collect();
    assert_eq!(tokens[..3], [serde_json::Value::Null, "page-2".into(), "page-4".into()]);
}

#[test]
fn a_paginator_stops_with_an_error_when_the_service_repeats_a_token() {
    use integration_tests::scripted_server::{ScriptedServer, Step};
    let page = || Step::Respond(200, vec![], r#"{"Sessions":[{"Id":"s","State":"ACTIVE"}],"NextToken":"same"}"#.into());
    let server = ScriptedServer::start(vec![page(), page(), page(), page()]);
    let config = Config::new(Credentials::new(ACCESS_KEY, SECRET_KEY, None)).with_region("eu-west-1").with_endpoint_url(server.url());
    let client = Client::new(&config).unwrap();
    run(async {
        let mut pages = client.describe_sessions_pages(DescribeSessionsRequest::new("s", "f"));
        assert!(pages.next().await.unwrap().is_ok());
        // The second response hands back the token just sent: an error, not a loop.
        let err = pages.next().await.unwrap().unwrap_err();
        assert!(err.to_string().contains("repeated pagination token \"same\""), "{err}");
        assert!(pages.next().await.is_none());
    });
    assert_eq!(server.requests().len(), 2, "no request after the repeat is seen");
}

mod waiters {
    use std::time::Duration;

    use appstream::input::DescribeFleetsRequest;
    use appstream::{Client, Config};
    use botogen_runtime::waiter::{WaiterConfig, WaiterError};
    use botogen_runtime::Credentials;
    use integration_tests::scripted_server::{error, ScriptedServer, Step};

    fn fleets(states: &[&str]) -> Step {
        let fleets: Vec<String> = states.iter().map(|s| format!(r#"{{"Name":"f","State":"{s}"}}"#)).collect();
        Step::Respond(200, vec![], format!(r#"{{"Fleets":[{}]}}"#, fleets.join(",")))
    }

    fn client(server: &ScriptedServer) -> Client {
        let config = Config::new(Credentials::new("AKID", "secret", None)).with_region("us-east-1").with_endpoint_url(server.url());
        Client::new(&config).unwrap()
    }

    fn fast(attempts: u32) -> WaiterConfig {
        WaiterConfig::new(Duration::from_millis(1), attempts)
    }

    #[test]
    fn fleet_started_succeeds_once_every_fleet_runs() {
        let server = ScriptedServer::start(vec![fleets(&["STARTING", "RUNNING"]), fleets(&["RUNNING", "RUNNING"])]);
        let out = super::run(client(&server).wait_until_fleet_started_with(DescribeFleetsRequest::new(), fast(5))).unwrap();
        assert_eq!(out.unwrap().fleets.unwrap().len(), 2);
        assert_eq!(server.requests(), ["PhotonAdminProxyService.DescribeFleets"; 2]);
    }

    #[test]
    fn fleet_started_fails_naming_the_acceptor() {
        let server = ScriptedServer::start(vec![fleets(&["STARTING"]), fleets(&["STOPPING", "RUNNING"])]);
        let err = super::run(client(&server).wait_until_fleet_started_with(DescribeFleetsRequest::new(), fast(5))).unwrap_err();
        assert!(
            matches!(&err, WaiterError::Failure { waiter: "FleetStarted", acceptor } if acceptor == "pathAny Fleets[].State == \"STOPPING\""),
            "{err}"
        );
        assert_eq!(err.to_string(), "waiter FleetStarted failed: acceptor `pathAny Fleets[].State == \"STOPPING\"` matched");
    }

    #[test]
    fn a_waiter_times_out_after_its_attempts() {
        let server = ScriptedServer::start((0..10).map(|_| fleets(&["STARTING"])).collect());
        let err = super::run(client(&server).wait_until_fleet_started_with(DescribeFleetsRequest::new(), fast(3))).unwrap_err();
        assert!(matches!(err, WaiterError::Timeout { attempts: 3, .. }), "{err}");
        assert_eq!(server.requests().len(), 3);
        // The whole wait is bounded too, whatever the attempts.
        let server = ScriptedServer::start((0..10).map(|_| fleets(&["STARTING"])).collect());
        let config = WaiterConfig::new(Duration::from_millis(200), 100).with_max_wait(Duration::from_millis(500));
        let start = std::time::Instant::now();
        let err = super::run(client(&server).wait_until_fleet_started_with(DescribeFleetsRequest::new(), config)).unwrap_err();
        assert!(matches!(err, WaiterError::Timeout { .. }), "{err}");
        assert!(start.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn an_error_no_acceptor_expects_stops_the_wait() {
        let server = ScriptedServer::start(vec![error(400, "AccessDeniedException", "no")]);
        let err = super::run(client(&server).wait_until_fleet_stopped_with(DescribeFleetsRequest::new(), fast(5))).unwrap_err();
        assert!(
            matches!(&err, WaiterError::Unexpected { waiter: "FleetStopped", error } if error.code() == Some("AccessDeniedException")),
            "{err}"
        );
    }
}

mod obstacle_paging {
    use botogen_runtime::paginate::{Items, Paginated};
    use botogen_runtime::waiter::WaiterConfig;
    use botogen_runtime::Credentials;
    use integration_tests::scripted_server::{error, ScriptedServer, Step};
    use obstacle_course::input::{ListShardsInput, ListThingsInput, ScanThingsInput};
    use obstacle_course::types::Tree;
    use obstacle_course::{Client, Config};

    fn client(server: &ScriptedServer) -> Client {
        let config = Config::new(Credentials::new("AKID", "secret", None)).with_region("us-east-1").with_endpoint_url(server.url());
        Client::new(&config).unwrap()
    }

    /// Every item of every page; any error fails the test.
    fn every_item<O: Paginated>(mut items: Items<O>) -> Vec<O::Item>
    where
        O::Input: Clone + Send + Sync + 'static,
        O::Output: Send + 'static,
        O::Error: Send + 'static,
    {
        super::run(async {
            let mut out = Vec::new();
            while let Some(item) = items.next().await {
                out.push(item.unwrap());
            }
            out
        })
    }

    #[test]
    fn items_are_the_first_result_key_and_more_results_ends_paging() {
        let server = ScriptedServer::start(vec![
            Step::Respond(200, vec![], r#"{"Things":[{"Label":"a"}],"Others":["1.0"],"Page":{"Next":"t2"},"IsTruncated":true}"#.into()),
            Step::Respond(200, vec![], r#"{"Things":[{"Label":"b"}],"Others":[],"Page":{"Next":"t3"},"IsTruncated":false}"#.into()),
        ]);
        let items = every_item(client(&server).list_things_pages(ListThingsInput::new()).page_size(5).items());
        // `Others`, the second result key, stays on the pages, as DynamoDB's `Count` does.
        assert_eq!(items, [Tree::new().with_label("a"), Tree::new().with_label("b")]);
        assert_eq!(server.requests().len(), 2, "IsTruncated=false ends paging despite a token");
    }

    #[test]
    fn waiters_name_members_not_their_wire_keys() {
        // `Status` travels as `status`; the waiter's expression says `Status`, as botocore's
        // do, and matches.
        let server = ScriptedServer::start(vec![
            Step::Respond(200, vec![], r#"{"status":"PENDING"}"#.into()),
            Step::Respond(200, vec![], r#"{"status":"SETTLED"}"#.into()),
        ]);
        let fast = WaiterConfig::new(std::time::Duration::from_millis(1), 3);
        let out = super::run(client(&server).wait_until_things_settled_with(ListThingsInput::new(), fast)).unwrap();
        assert_eq!(out.unwrap().status.as_deref(), Some("SETTLED"));
        assert_eq!(server.requests().len(), 2);
    }

    #[test]
    fn error_and_path_matchers_decide_waits() {
        let server = ScriptedServer::start(vec![
            Step::Respond(200, vec![], r#"{"Things":[{"Label":"x"}],"Others":["a-b"]}"#.into()),
            error(400, "Error", "gone"),
        ]);
        let fast = WaiterConfig::new(std::time::Duration::from_millis(1), 3);
        let out = super::run(client(&server).wait_until_things_gone_with(ListThingsInput::new(), fast)).unwrap();
        assert!(out.is_none(), "success on an expected error carries no output");
        let server = ScriptedServer::start(vec![Step::Respond(200, vec![], r#"{"Things":[]}"#.into())]);
        let out = super::run(client(&server).wait_until_things_gone_with(ListThingsInput::new(), fast)).unwrap();
        assert!(out.is_some());
    }

    #[test]
    fn key_map_tokens_page_as_dynamodb_scan_does() {
        let server = ScriptedServer::start(vec![
            Step::Respond(200, vec![], r#"{"Items":[{"Label":"a"}],"LastEvaluatedKey":{"Id":{"Text":"k1"},"Rank":{"Number":2}}}"#.into()),
            Step::Respond(200, vec![], r#"{"Items":[{"Label":"b"}],"LastEvaluatedKey":{"Id":{"Text":"k2"}}}"#.into()),
            // An empty key ends paging as a missing one does.
            Step::Respond(200, vec![], r#"{"Items":[{"Label":"c"}],"LastEvaluatedKey":{}}"#.into()),
        ]);
        let items = every_item(client(&server).scan_things_pages(ScanThingsInput::new()).page_size(7).items());
        assert_eq!(items, [Tree::new().with_label("a"), Tree::new().with_label("b"), Tree::new().with_label("c")]);
        let bodies: Vec<serde_json::Value> = server.bodies().iter().map(|b| serde_json::from_slice(b).unwrap()).collect();
        assert_eq!(bodies.len(), 3);
        assert_eq!(bodies[0].get("ExclusiveStartKey"), None);
        assert_eq!(bodies[1]["ExclusiveStartKey"], serde_json::json!({"Id":{"Text":"k1"},"Rank":{"Number":2}}));
        assert_eq!(bodies[2]["ExclusiveStartKey"], serde_json::json!({"Id":{"Text":"k2"}}));
        assert!(bodies.iter().all(|b| b["Limit"] == 7));
    }

    #[test]
    fn the_last_items_id_is_the_token_as_kinesis_describe_stream_pages() {
        let page = |ids: &[&str], more: bool| {
            let shards: Vec<String> = ids.iter().map(|id| format!(r#"{{"ShardId":"{id}"}}"#)).collect();
            Step::Respond(200, vec![], format!(r#"{{"Stream":{{"Shards":[{}],"HasMoreShards":{more}}}}}"#, shards.join(",")))
        };
        let server = ScriptedServer::start(vec![page(&["s-1", "s-2"], true), page(&["s-3"], true), page(&["s-4"], false)]);
        let shards: Vec<String> =
            every_item(client(&server).list_shards_pages(ListShardsInput::new()).items()).into_iter().map(|s| s.shard_id).collect();
        assert_eq!(shards, ["s-1", "s-2", "s-3", "s-4"]);
        let sent: Vec<serde_json::Value> = server
            .bodies()
            .iter()
            .map(|b| serde_json::from_slice::<serde_json::Value>(b).unwrap()["ExclusiveStartShardId"].clone())
            .collect();
        assert_eq!(sent, [serde_json::Value::Null, "s-2".into(), "s-3".into()]);
    }

    #[test]
    fn a_repeated_key_map_stops_paging_without_showing_the_key() {
        let page = || Step::Respond(200, vec![], r#"{"Items":[],"LastEvaluatedKey":{"Id":{"Text":"customer-4711"}}}"#.into());
        let server = ScriptedServer::start(vec![page(), page(), page()]);
        super::run(async {
            let mut pages = client(&server).scan_things_pages(ScanThingsInput::new());
            assert!(pages.next().await.unwrap().is_ok());
            let err = pages.next().await.unwrap().unwrap_err();
            let text = format!("{err} {err:?}");
            assert!(text.contains("repeated pagination token (a key map of 1 entries)"), "{text}");
            assert!(!text.contains("customer-4711"), "{text}");
            assert!(pages.next().await.is_none());
        });
        assert_eq!(server.requests().len(), 2);
    }
}

mod obstacle_idempotency {
    use std::time::Duration;

    use botogen_runtime::random::is_uuid_v4;
    use botogen_runtime::retry::RetryConfig;
    use botogen_runtime::Credentials;
    use integration_tests::scripted_server::{error, ScriptedServer, Step};
    use obstacle_course::input::LaunchInput;
    use obstacle_course::{Client, Config};

    fn client(server: &ScriptedServer) -> Client {
        let config = Config::new(Credentials::new("AKID", "secret", None))
            .with_region("us-east-1")
            .with_endpoint_url(server.url())
            .with_retry(RetryConfig { initial_backoff: Duration::from_millis(5), ..RetryConfig::standard() });
        Client::new(&config).unwrap()
    }

    fn launched(id: &str) -> Step {
        Step::Respond(200, vec![], format!(r#"{{"Id":"{id}"}}"#))
    }

    fn sent_tokens(server: &ScriptedServer) -> Vec<Option<String>> {
        let token = |body: Vec<u8>| serde_json::from_slice::<serde_json::Value>(&body).unwrap()["ClientToken"].as_str().map(str::to_string);
        server.bodies().into_iter().map(token).collect()
    }

    #[test]
    fn an_unset_token_is_filled_once_per_call_and_resent_on_every_retry() {
        let server = ScriptedServer::start(vec![error(500, "InternalFailure", "retry me"), launched("l-1"), launched("l-2")]);
        let client = client(&server);
        let first = super::run(client.launch(LaunchInput::new("rocket"))).unwrap();
        assert_eq!(first.id.as_deref(), Some("l-1"));
        super::run(client.launch(LaunchInput::new("rocket"))).unwrap();
        let tokens: Vec<String> = sent_tokens(&server).into_iter().map(|t| t.expect("every request carries a token")).collect();
        assert!(tokens.iter().all(|t| is_uuid_v4(t)), "{tokens:?}");
        assert_eq!(tokens[0], tokens[1], "a retry resends its call's token");
        assert_ne!(tokens[1], tokens[2], "a new call gets a new token");
    }

    #[test]
    fn a_token_the_caller_sets_is_sent_as_given() {
        let server = ScriptedServer::start(vec![launched("l-1")]);
        super::run(client(&server).launch(LaunchInput::new("rocket").with_client_token("my-own-token"))).unwrap();
        assert_eq!(sent_tokens(&server), [Some("my-own-token".to_string())]);
    }
}
