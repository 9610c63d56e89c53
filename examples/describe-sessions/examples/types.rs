//! Builds a DescribeSessions request and reads a response like the one in boto3's
//! changelog entry of 2019-02-11, with the members added that day.
//!
//! `cargo run -p describe-sessions --example types`

use appstream::input::DescribeSessionsRequest;
use appstream::output::DescribeSessionsResult;
use appstream::types::{AuthenticationType, SessionConnectionState};

const BODY: &str = include_str!("../../../tests/fixtures/describe_sessions_response.json");

fn main() -> Result<(), serde_json::Error> {
    let request = DescribeSessionsRequest::new("engineering-stack", "engineering-fleet")
        .with_user_id("jdoe@example.com")
        .with_authentication_type(AuthenticationType::Api);
    println!("request body: {}", serde_json::to_string(&request)?);

    let out: DescribeSessionsResult = serde_json::from_str(BODY)?;
    for s in out.sessions.as_deref().unwrap_or_default() {
        let connected = s.connection_state == Some(SessionConnectionState::Connected);
        let state = s.connection_state.as_ref().map_or("-", |c| c.as_str());
        let start = s.start_time.map(|t| t.to_string()).unwrap_or_default();
        let expires = s.max_expiration_time.map(|t| t.to_string()).unwrap_or_default();
        println!("{} {} connected={connected} ({state}) started {start} expires {expires}", s.id, s.state);
    }
    Ok(())
}
