//! botocore as an independent oracle: `fixtures/botocore-oracle.json` holds what botocore
//! 1.44.8 did for fixed credentials, clock and inputs (recorded by
//! `oracle/record_botocore.py`, run by hand). The generated crate must build the same
//! requests, sign the same bytes to the same signature, and read the same responses.

use appstream::operation::{CreateStack, CreateStreamingUrl, DescribeFleets, DescribeSessions, DescribeStacks, ListTagsForResource};
use botogen_runtime::codec::{document, json};
use botogen_runtime::operation::HttpResponse;
use botogen_runtime::sigv4::{sign_http_request, SigningParams};
use botogen_runtime::{Credentials, DateTime, Endpoint, EndpointOptions, Operation, RequestId};
use serde_json::Value;

const ORACLE: &str = include_str!("fixtures/botocore-oracle.json");

fn oracle() -> Value {
    let oracle: Value = serde_json::from_str(ORACLE).unwrap();
    let lock: Value = serde_json::from_str(include_str!("../models/botocore.lock.json")).unwrap();
    assert_eq!(oracle["botocore"], lock["services"]["appstream"]["botocore"], "re-record the oracle for the vendored botocore");
    oracle
}

fn header<'a>(record: &'a Value, name: &str) -> &'a str {
    record["headers"].as_object().unwrap().iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).unwrap().1.as_str().unwrap()
}

/// Builds, then signs botocore's exact body bytes, and compares every step.
fn check_request<O: Operation>(oracle: &Value, record: &Value) {
    let case = format!("{} in {}", record["operation"], record["region"]);
    // botocore's parameters are keyed by member name, which AppStream's JSON keys are too.
    let input: O::Input = json::from_slice(record["params"].to_string().as_bytes()).unwrap();
    let endpoint = Endpoint::for_region(O::SERVICE, record["region"].as_str().unwrap(), EndpointOptions::default()).unwrap();
    let mut request = O::build_request(&input, &endpoint).unwrap();
    assert_eq!(request.method().as_str(), record["method"], "{case}");
    assert_eq!(request.uri().to_string(), record["url"], "{case}");
    for name in ["content-type", "x-amz-target"] {
        assert_eq!(request.headers()[name], header(record, name), "{case}: {name}");
    }
    // botocore writes `", "` separators and escapes non-ASCII; the JSON must be the same.
    let ours: Value = serde_json::from_slice(request.body()).unwrap();
    let theirs: Value = serde_json::from_str(record["body"].as_str().unwrap()).unwrap();
    assert_eq!(ours, theirs, "{case}: body");

    *request.body_mut() = record["body"].as_str().unwrap().as_bytes().to_vec();
    let token = record["session_token"].as_bool().unwrap().then(|| oracle["session_token"].as_str().unwrap().to_string());
    let credentials = Credentials::new(oracle["access_key"].as_str().unwrap(), oracle["secret_key"].as_str().unwrap(), token);
    let params = SigningParams {
        credentials: &credentials,
        region: record["region"].as_str().unwrap(),
        service: O::SERVICE.signing_name,
        time: DateTime::from_rfc3339(oracle["time"].as_str().unwrap()).unwrap(),
    };
    let signature = sign_http_request(&mut request, &params).unwrap();
    assert_eq!(signature.canonical_request, record["canonical_request"], "{case}");
    assert_eq!(signature.string_to_sign, record["string_to_sign"], "{case}");
    assert_eq!(signature.authorization, record["authorization"], "{case}");
}

#[test]
fn requests_and_signatures_match_botocore() {
    let oracle = oracle();
    let requests = oracle["requests"].as_array().unwrap();
    assert!(requests.len() >= 9);
    for record in requests {
        match record["operation"].as_str().unwrap() {
            "DescribeSessions" => check_request::<DescribeSessions>(&oracle, record),
            "DescribeStacks" => check_request::<DescribeStacks>(&oracle, record),
            "DescribeFleets" => check_request::<DescribeFleets>(&oracle, record),
            "CreateStreamingURL" => check_request::<CreateStreamingUrl>(&oracle, record),
            "ListTagsForResource" => check_request::<ListTagsForResource>(&oracle, record),
            "CreateStack" => check_request::<CreateStack>(&oracle, record),
            other => panic!("no check for {other}"),
        }
    }
}

fn response(record: &Value) -> HttpResponse {
    let mut builder = http::Response::builder().status(record["status"].as_u64().unwrap() as u16);
    for (name, value) in record["headers"].as_object().unwrap() {
        builder = builder.header(name, value.as_str().unwrap());
    }
    builder.body(record["body"].as_str().unwrap().as_bytes().to_vec()).unwrap()
}

/// Our output, as a document of member names, must hold what botocore parsed; timestamps
/// are RFC 3339 on both sides, though not always written alike.
fn same_output(ours: &Value, theirs: &Value, path: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{path}");
            for (k, v) in b {
                same_output(&a[k], v, &format!("{path}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_output(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            assert_eq!(DateTime::from_rfc3339(a).ok(), DateTime::from_rfc3339(b).ok(), "{path}: {a} against {b}");
            assert!(DateTime::from_rfc3339(a).is_ok(), "{path}: {a} against {b}");
        }
        _ => assert_eq!(ours, theirs, "{path}"),
    }
}

fn check_response<O: Operation>(record: &Value)
where
    O::Error: std::fmt::Debug,
{
    let name = record["name"].as_str().unwrap();
    let result = O::parse_response(&response(record));
    if let Some(expected) = record.get("output") {
        let out = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        same_output(&document::to_document_unredacted(&out).unwrap(), expected, name);
        assert_eq!(out.request_id(), record["request_id"].as_str(), "{name}");
        return;
    }
    let expected = &record["error"];
    let err = result.err().unwrap_or_else(|| panic!("{name}: expected an error"));
    let service = err.service_error().unwrap_or_else(|| panic!("{name}: {err:?}"));
    let modeled = !format!("{:?}", service.err).starts_with("Unhandled");
    assert_eq!(service.meta.status as u64, expected["status"].as_u64().unwrap(), "{name}");
    assert_eq!(service.meta.message.as_deref(), expected["message"].as_str(), "{name}");
    match name {
        // Deliberate differences, where Smithy's AWS JSON 1.1 spec and botocore part ways.
        "modeled-header" => {
            // botocore 1.44.8 ignores X-Amzn-Errortype for the JSON protocol and falls back
            // to the status as the code; Smithy's spec reads the header first (the
            // awsJson1_1 protocol test "AwsJson11FooErrorUsingXAmznErrorType").
            assert_eq!(expected["code"], "400");
            assert_eq!(service.meta.code.as_deref(), Some("InvalidParameterCombinationException"));
            assert!(modeled);
        }
        "server-error-html" => {
            // botocore reports the status as the code; it is not an AWS error code, so ours is
            // left empty. We keep the request id botocore drops for non-JSON bodies.
            assert_eq!(expected["code"], "503");
            assert_eq!(service.meta.code, None);
            assert_eq!(service.meta.request_id.as_deref(), Some("req-6"));
            assert!(!modeled);
        }
        _ => {
            assert_eq!(service.meta.code.as_deref(), expected["code"].as_str(), "{name}");
            assert_eq!(modeled, expected["modeled"].as_bool().unwrap(), "{name}");
            assert_eq!(service.meta.request_id.as_deref(), expected["request_id"].as_str(), "{name}");
        }
    }
}

#[test]
fn responses_and_errors_parse_as_botocore_parses_them() {
    let oracle = oracle();
    for record in oracle["responses"].as_array().unwrap() {
        match record["operation"].as_str().unwrap() {
            "DescribeSessions" => check_response::<DescribeSessions>(record),
            "DescribeStacks" => check_response::<DescribeStacks>(record),
            other => panic!("no check for {other}"),
        }
    }
}
