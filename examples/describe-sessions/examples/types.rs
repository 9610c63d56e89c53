//! Builds a DescribeSessions request and reads a response like the one in boto3's
//! changelog entry of 2019-02-11, with the members added that day.
//!
//! `cargo run -p describe-sessions --example types`

use appstream::input::DescribeSessionsRequest;
use appstream::operation::DescribeSessions;
use appstream::types::{AuthenticationType, SessionConnectionState};
use appstream::{Endpoint, Operation};

const BODY: &str = include_str!("../../../tests/fixtures/describe_sessions_response.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The sans-I/O layer: a request built, and a response read, with no network.
    let input = DescribeSessionsRequest::new("engineering-stack", "engineering-fleet")
        .with_user_id("jdoe@example.com")
        .with_authentication_type(AuthenticationType::Api);
    let request = DescribeSessions::build_request(&input, &Endpoint::from_url("https://appstream2.us-east-1.amazonaws.com")?)?;
    println!("request body: {}", String::from_utf8_lossy(request.body()));

    let response = appstream::http::Response::builder().status(200).body(BODY.as_bytes().to_vec())?;
    let out = DescribeSessions::parse_response(&response)?;
    for s in out.sessions.as_deref().unwrap_or_default() {
        let connected = s.connection_state == Some(SessionConnectionState::Connected);
        let state = s.connection_state.as_ref().map_or("-", |c| c.as_str());
        let start = s.start_time.map(|t| t.to_string()).unwrap_or_default();
        let expires = s.max_expiration_time.map(|t| t.to_string()).unwrap_or_default();
        println!("{} {} connected={connected} ({state}) started {start} expires {expires}", s.id, s.state);
    }
    Ok(())
}
