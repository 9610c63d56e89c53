//! Assertions the generated protocol-test cases call. They compare the way botocore's own
//! runner does: bodies as JSON values, expected headers present with equal values (names
//! case-insensitive), and every failure shows a readable diff.

use std::fmt::Debug;

use botogen_runtime::operation::{HttpRequest, HttpResponse};
use serde_json::Value;

/// A unified diff of two texts, `-` for expected and `+` for actual.
pub fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual).unified_diff().context_radius(3).header("expected", "actual").to_string()
}

/// Panics with a diff unless `actual` and `expected` print the same `Debug`. Comparing
/// the printed form treats `NaN` as equal to itself, as the protocol tests mean it.
pub fn assert_same<T: Debug>(actual: &T, expected: &T) {
    let (actual, expected) = (format!("{actual:#?}"), format!("{expected:#?}"));
    if actual != expected {
        panic!("parsed value differs:\n{}", diff(&expected, &actual));
    }
}

/// An HTTP response from a case's `response`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut builder = botogen_runtime::http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).expect("a case's response is valid HTTP")
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The items of a list header, however it was joined (`a,b` or `a, b`), quotes kept.
fn list_items(value: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        let item = items.last_mut().expect("never empty");
        match c {
            '"' => {
                quoted = !quoted;
                item.push(c);
            }
            '\\' => {
                item.push(c);
                item.extend(chars.next());
            }
            ',' if !quoted => items.push(String::new()),
            c => item.push(c),
        }
    }
    items.iter().map(|i| i.trim().to_string()).collect()
}

/// Checks `request` against a case's `serialized` (JSON text): method, URI, headers,
/// required and forbidden headers, body and host. The headers named in `lists` hold
/// lists, which compare item by item, as botocore's runner compares them: the suites
/// join items with `, `, botocore with `,`.
pub fn assert_request(request: &HttpRequest, serialized: &str, lists: &[&str]) {
    let expected: Value = serde_json::from_str(serialized).expect("`serialized` is JSON");
    let mut problems = Vec::new();
    if let Some(method) = expected["method"].as_str() {
        if request.method().as_str() != method {
            problems.push(format!("method: expected {method}, got {}", request.method()));
        }
    }
    let uri = request.uri().path_and_query().map_or("/", |p| p.as_str());
    if let Some(expected_uri) = expected["uri"].as_str() {
        if uri != expected_uri {
            problems.push(format!("URI: expected {expected_uri}, got {uri}"));
        }
    }
    for (name, value) in expected["headers"].as_object().into_iter().flatten() {
        let value = value.as_str().unwrap_or_default();
        let is_list = lists.iter().any(|l| l.eq_ignore_ascii_case(name));
        match header(request, name) {
            Some(actual) if actual == value => {}
            Some(actual) if is_list && list_items(actual) == list_items(value) => {}
            Some(actual) => problems.push(format!("header {name}: expected {value:?}, got {actual:?}")),
            None => problems.push(format!("header {name}: expected {value:?}, missing")),
        }
    }
    for name in expected["requireHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if header(request, name).is_none() {
            problems.push(format!("header {name}: required, missing"));
        }
    }
    for name in expected["forbidHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if let Some(actual) = header(request, name) {
            problems.push(format!("header {name}: forbidden, got {actual:?}"));
        }
    }
    // The host and the endpoint's own path, which the operation's path follows.
    if let Some(host) = expected["host"].as_str() {
        let (authority, base) = host.split_once('/').unwrap_or((host, ""));
        let actual = request.uri().authority().map_or("", |a| a.as_str());
        let path = request.uri().path().trim_start_matches('/');
        if actual != authority || !path.starts_with(base.trim_end_matches('/')) {
            problems.push(format!("host: expected {host}, got {actual}/{path}"));
        }
    }
    if let Some(body) = expected["body"].as_str() {
        let actual = String::from_utf8_lossy(request.body());
        match (serde_json::from_str::<Value>(body), serde_json::from_str::<Value>(&actual)) {
            (Ok(e), Ok(a)) if e == a => {}
            (Ok(e), Ok(a)) => problems.push(format!(
                "body (compared as JSON):\n{}",
                diff(&serde_json::to_string_pretty(&e).unwrap(), &serde_json::to_string_pretty(&a).unwrap())
            )),
            _ if body == actual => {}
            _ => problems.push(format!("body:\n{}", diff(body, &actual))),
        }
    }
    if !problems.is_empty() {
        panic!("request differs:\n- {}", problems.join("\n- "));
    }
}
