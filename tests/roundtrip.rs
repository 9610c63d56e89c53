//! The DescribeSessions response of the seed document (boto3's changelog entry of
//! 2019-02-11), read into the generated AppStream types and written back.

use appstream::output::DescribeSessionsResult;
use appstream::types::{AuthenticationType, Session, SessionConnectionState, SessionState};
use botogen_runtime::codec::json;
use botogen_runtime::DateTime;

const RESPONSE: &str = include_str!("fixtures/describe_sessions_response.json");

fn parse(json: &str) -> DescribeSessionsResult {
    json::from_slice(json.as_bytes()).expect("response parses")
}

#[test]
fn members_added_on_2019_02_11_are_typed() {
    let out = parse(RESPONSE);
    let sessions = out.sessions.as_deref().expect("sessions present");
    assert_eq!(sessions.len(), 2);
    let first = &sessions[0];
    assert_eq!(first.state, SessionState::Active);
    assert_eq!(first.connection_state, Some(SessionConnectionState::Connected));
    assert_eq!(first.start_time, Some(DateTime::from_secs_and_nanos(1_549_909_800, 123_000_000)));
    assert_eq!(first.start_time.unwrap().to_rfc3339(), "2019-02-11T18:30:00.123Z");
    assert_eq!(first.max_expiration_time, Some(DateTime::from_secs(1_549_953_000)));
    assert_eq!(first.authentication_type, Some(AuthenticationType::Api));
    let network = first.network_access_configuration.as_ref().expect("network details");
    assert_eq!(network.eni_id.as_deref(), Some("eni-0a1b2c3d"));
    assert_eq!(out.next_token.as_deref(), Some("eyJwYWdlIjoyfQ=="));
}

#[test]
fn an_enum_value_the_model_does_not_know_is_kept() {
    let out = parse(RESPONSE);
    let second = &out.sessions.as_deref().unwrap()[1];
    assert_eq!(second.connection_state, Some(SessionConnectionState::Unknown("RECONNECTING".into())));
    assert_eq!(second.connection_state.as_ref().unwrap().as_str(), "RECONNECTING");
    assert_eq!(second.max_expiration_time.unwrap().subsec_nanos(), 750_000_000);
}

#[test]
fn the_response_is_written_back_unchanged() {
    let out = parse(RESPONSE);
    let written: serde_json::Value = serde_json::from_slice(&json::to_vec(&out).unwrap()).unwrap();
    let original: serde_json::Value = serde_json::from_str(RESPONSE).unwrap();
    // Value equality is strict about numbers: 1549953000 (an integer) differs from
    // 1549953000.0, and 1549909800.123 must come back as the same f64.
    assert_eq!(written, original);
    // Byte for byte too: members are written in model order, which is also the order the
    // seed lists them in, and numbers keep their exact text.
    let compact: String = RESPONSE.split_whitespace().collect();
    assert_eq!(String::from_utf8(json::to_vec(&parse(&compact)).unwrap()).unwrap(), compact);
}

#[test]
fn unknown_members_are_ignored_and_missing_required_ones_corrected() {
    let out = parse(r#"{"Sessions":[{"Id":"s","State":"EXPIRED","NewMember":{"x":[1,2]},"UserId":null}],"Extra":true}"#);
    let s = &out.sessions.unwrap()[0];
    assert_eq!(s.id, "s");
    assert_eq!(s.state, SessionState::Expired);
    // StackName, FleetName are required but missing; UserId is null: Smithy's client error
    // correction gives them zero values instead of failing the call.
    assert_eq!((s.user_id.as_str(), s.stack_name.as_str(), s.fleet_name.as_str()), ("", "", ""));
    assert_eq!(parse("{}").sessions, None);
}

#[test]
fn malformed_members_are_errors_not_panics() {
    for bad in [
        r#"{"Sessions":[{"Id":"s","StartTime":"yesterday"}]}"#,
        r#"{"Sessions":{"Id":"s"}}"#,
        r#"{"Sessions":[{"Id":7}]}"#,
        r#"{"NextToken":"#,
    ] {
        let err = json::from_slice::<DescribeSessionsResult>(bad.as_bytes()).unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    // The error names the member, by its path on the wire.
    let err = json::from_slice::<DescribeSessionsResult>(br#"{"Sessions":[{"Id":"s"},{"Id":"t","StartTime":"yesterday"}]}"#).unwrap_err();
    assert_eq!(err.path, "Sessions[1].StartTime");
    {}
}

#[test]
fn inputs_are_built_from_required_members_then_options() {
    use appstream::input::DescribeSessionsRequest;
    let request = DescribeSessionsRequest::new("stack", "fleet")
        .with_user_id("jdoe")
        .with_limit(25)
        .with_authentication_type(AuthenticationType::from("SAML"));
    assert_eq!(
        String::from_utf8(json::to_vec(&request).unwrap()).unwrap(),
        r#"{"StackName":"stack","FleetName":"fleet","UserId":"jdoe","Limit":25,"AuthenticationType":"SAML"}"#
    );
    let session =
        Session::new("id", "user", "stack", "fleet", SessionState::Pending).with_connection_state(SessionConnectionState::NotConnected);
    let back: Session = json::from_slice(&json::to_vec(&session).unwrap()).unwrap();
    assert_eq!(back, session);
}
