//! The AppStream client and responses that `fault_injection.rs` and `call_tracing.rs` share;
//! each test binary includes this file as a module.

use std::time::Duration;

use appstream::{Client, Config};
use botogen_runtime::retry::RetryConfig;
use botogen_runtime::Credentials;
use integration_tests::scripted_server::{ScriptedServer, Step};

/// The secret key every test client signs with, so a test can search output for it.
pub const SECRET: &str = "fault/injection/SECRET/value";
/// The session token, which must stay out of logs just as the secret must.
pub const TOKEN: &str = "SESSION-TOKEN-never-logged";

/// Runs a future on a fresh single-threaded runtime, so each test's client tasks stay on
/// its own thread.
pub fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

/// A client of `server` with fast backoff and short timeouts, so failure cases end quickly.
pub fn client(server: &ScriptedServer, attempts: u32) -> Client {
    let config = Config::new(Credentials::new("AKIDFAULT", SECRET, Some(TOKEN.into())))
        .with_region("us-east-1")
        .with_endpoint_url(server.url())
        .with_retry(RetryConfig { max_attempts: attempts, initial_backoff: Duration::from_millis(5), ..RetryConfig::standard() })
        .with_attempt_timeout(Duration::from_millis(400))
        .with_operation_timeout(Duration::from_secs(10));
    Client::new(&config).unwrap()
}

/// A successful DescribeSessions response with one session and a request id.
pub fn ok_body() -> Step {
    Step::Respond(200, vec![("x-amzn-RequestId", "req-ok".into())], r#"{"Sessions":[{"Id":"s1","State":"ACTIVE"}]}"#.into())
}
