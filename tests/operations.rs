//! The sans-I/O layer: requests built from inputs and responses parsed into outputs or
//! typed errors, with no network.

use appstream::input::DescribeSessionsRequest;
use appstream::operation::{DescribeSessions, DescribeSessionsError};
use botogen_runtime::operation::HttpResponse;
use botogen_runtime::{Endpoint, EndpointOptions, Operation, RequestId, SdkError};
use obstacle_course::input::RunCourseInput;
use obstacle_course::operation::{Empty, RunCourse, RunCourseError};

const RESPONSE: &str = include_str!("fixtures/describe_sessions_response.json");

fn endpoint() -> Endpoint {
    Endpoint::for_region(&appstream::SERVICE, "us-east-1", EndpointOptions::default()).unwrap()
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

#[test]
fn describe_sessions_request_is_aws_json_1_1() {
    let input = DescribeSessionsRequest::new("stack", "fleet").with_limit(10);
    let request = DescribeSessions::build_request(&input, &endpoint()).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().to_string(), "https://appstream2.us-east-1.amazonaws.com/");
    let header = |name: &str| request.headers().get(name).unwrap().to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "application/x-amz-json-1.1");
    assert_eq!(header("x-amz-target"), "PhotonAdminProxyService.DescribeSessions");
    assert_eq!(header("host"), "appstream2.us-east-1.amazonaws.com");
    assert_eq!(request.body().as_slice(), br#"{"StackName":"stack","FleetName":"fleet","Limit":10}"#);
    assert_eq!((appstream::SERVICE.signing_name, appstream::SERVICE.endpoint_prefix), ("appstream", "appstream2"));
}

#[test]
fn an_operation_without_input_sends_an_empty_object() {
    let request = Empty::build_request(&Default::default(), &Endpoint::from_url("http://127.0.0.1:9").unwrap()).unwrap();
    assert_eq!(request.body().as_slice(), b"{}");
    assert_eq!(request.headers()["x-amz-target"], "ObstacleCourse_20240101.Empty");
    let out = Empty::parse_response(&response(200, &[("x-amzn-RequestId", "r")], "")).unwrap();
    assert_eq!(out.request_id(), Some("r"));
}

#[test]
fn responses_parse_with_the_request_id() {
    let out = DescribeSessions::parse_response(&response(200, &[("x-amzn-RequestId", "req-123")], RESPONSE)).unwrap();
    assert_eq!(out.request_id(), Some("req-123"));
    assert_eq!(out.sessions.unwrap().len(), 2);
}

#[test]
fn malformed_responses_name_the_operation_and_member() {
    let body = r#"{"Sessions":[{"Id":"s","StartTime":"yesterday"}]}"#;
    let err = DescribeSessions::parse_response(&response(200, &[], body)).unwrap_err();
    let SdkError::Response(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.operation, "DescribeSessions");
    assert!(e.message.starts_with("Sessions[0].StartTime: "), "{}", e.message);
    let err = DescribeSessions::parse_response(&response(200, &[], "{\"Sessions\": [")).unwrap_err();
    assert!(err.to_string().starts_with("malformed DescribeSessions response (HTTP 200)"), "{err}");
    assert!(DescribeSessions::parse_response(&response(200, &[], "{} trailing")).is_err());
}

#[test]
fn modeled_errors_are_typed_whatever_the_code_form() {
    for (headers, body) in [
        (vec![], r#"{"__type":"InvalidParameterCombinationException","message":"bad combo"}"#),
        (vec![], r#"{"__type":"com.amazonaws.appstream#InvalidParameterCombinationException","Message":"bad combo"}"#),
        (
            vec![("X-Amzn-Errortype", "InvalidParameterCombinationException:http://internal.amazon.com/coral/com.amazonaws.appstream/")],
            r#"{"message":"bad combo"}"#,
        ),
        (vec![], r#"{"code":"InvalidParameterCombinationException","message":"bad combo"}"#),
    ] {
        let mut headers = headers;
        headers.push(("x-amzn-RequestId", "req-9"));
        let err = DescribeSessions::parse_response(&response(400, &headers, body)).unwrap_err();
        let service = err.service_error().unwrap_or_else(|| panic!("{err:?}"));
        match &service.err {
            DescribeSessionsError::InvalidParameterCombinationException(e) => assert_eq!(e.message.as_deref(), Some("bad combo")),
            other => panic!("{other:?}"),
        }
        assert_eq!(err.code(), Some("InvalidParameterCombinationException"));
        assert_eq!(err.request_id(), Some("req-9"));
        assert_eq!(service.meta.status, 400);
    }
}

#[test]
fn unmodeled_errors_keep_code_message_status_and_request_id() {
    let err = DescribeSessions::parse_response(&response(
        400,
        &[("x-amzn-RequestId", "req-7")],
        r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
    ))
    .unwrap_err();
    match &err.service_error().unwrap().err {
        DescribeSessionsError::Unhandled(meta) => {
            assert_eq!(meta.code.as_deref(), Some("ThrottlingException"));
            assert_eq!(meta.message.as_deref(), Some("Rate exceeded"));
            assert_eq!(meta.status, 400);
            assert_eq!(meta.request_id.as_deref(), Some("req-7"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "ThrottlingException: Rate exceeded (HTTP 400, request id req-7)");
    // A gateway's HTML error page still ends in a typed error, with no code.
    let err = DescribeSessions::parse_response(&response(502, &[], "<html>Bad Gateway</html>")).unwrap_err();
    assert!(
        matches!(&err.service_error().unwrap().err, DescribeSessionsError::Unhandled(meta) if meta.code.is_none() && meta.status == 502)
    );
}

#[test]
fn host_prefixes_take_checked_labels() {
    let endpoint = Endpoint::from_url("https://obstacle.us-east-1.amazonaws.com").unwrap();
    let request = RunCourse::build_request(&RunCourseInput::new("t", "lane7"), &endpoint).unwrap();
    assert_eq!(request.uri().host(), Some("lane7.obstacle.us-east-1.amazonaws.com"));
    assert_eq!(request.headers()["host"], "lane7.obstacle.us-east-1.amazonaws.com");
    for bad in ["", "evil.com/", "a.b", "-x", &"x".repeat(64)] {
        let err = RunCourse::build_request(&RunCourseInput::new("t", bad), &endpoint).unwrap_err();
        assert!(err.to_string().contains("is not a valid host label"), "{err}");
    }
}

#[test]
fn an_exception_named_error_is_a_variant_too() {
    let err = RunCourse::parse_response(&response(400, &[], r#"{"__type":"Error","Message":"m"}"#)).unwrap_err();
    assert!(matches!(&err.service_error().unwrap().err, RunCourseError::Error(e) if e.message.as_deref() == Some("m")));
    let err = RunCourse::parse_response(&response(500, &[], r#"{"__type":"Box","message":"slow down"}"#)).unwrap_err();
    assert!(matches!(&err.service_error().unwrap().err, RunCourseError::Box(e) if e.message == "slow down"));
    assert_eq!(err.to_string(), "Box: slow down (HTTP 500)");
}

#[test]
fn rest_json_errors_without_a_code_are_named_by_their_status() {
    use mediastore_data::operation::{GetObject, GetObjectError};
    let err = GetObject::parse_response(&response(502, &[("x-amzn-RequestId", "r-1")], "<html>bad gateway</html>")).unwrap_err();
    let service = err.service_error().expect("a service error");
    assert!(matches!(&service.err, GetObjectError::Unhandled(_)), "{:?}", service.err);
    assert_eq!(service.meta.code.as_deref(), Some("502"));
    assert_eq!(service.meta.request_id.as_deref(), Some("r-1"));
    let err = GetObject::parse_response(&response(404, &[], r#"{"Code":"ObjectNotFoundException","Message":"gone"}"#)).unwrap_err();
    let service = err.service_error().expect("a service error");
    assert!(matches!(&service.err, GetObjectError::ObjectNotFoundException(_)), "{:?}", service.err);
    assert_eq!(service.meta.message.as_deref(), Some("gone"));
}

#[test]
fn a_streaming_upload_from_a_file_is_left_to_the_client() {
    use mediastore_data::input::PutObjectRequest;
    use mediastore_data::operation::PutObject;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip");
    std::fs::write(&path, b"0123456789").unwrap();
    let endpoint = Endpoint::from_url("https://data.mediastore.example.com").unwrap();
    let input = PutObjectRequest::new(botogen_runtime::ByteStream::from_path(&path).unwrap(), "a/b c.txt");
    // Without I/O there is nobody to read the file: the sans-I/O builder says so.
    let err = PutObject::build_request(&input, &endpoint).unwrap_err();
    assert!(err.message.contains("send it through the client"), "{err}");
    let (request, stream) = PutObject::build_streaming_request(&input, &endpoint).unwrap();
    assert_eq!(request.uri().path(), "/a/b%20c.txt");
    assert_eq!(request.headers()["content-length"], "10");
    assert!(request.body().is_empty());
    assert_eq!(stream.and_then(|s| s.len()), Some(10));
    // From bytes, the same request carries its body.
    let input = PutObjectRequest::new(botogen_runtime::ByteStream::from(b"0123456789".to_vec()), "a/b c.txt");
    assert_eq!(PutObject::build_request(&input, &endpoint).unwrap().body(), b"0123456789");
}
