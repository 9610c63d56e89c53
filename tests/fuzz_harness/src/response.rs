//! Responses in, outputs or typed errors out: the generated parsers of AppStream's
//! DescribeSessions, of every obstacle-course operation, and of rest-json operations
//! whose outputs take headers, the status code and a raw payload (MediaStore Data's
//! GetObject) or page (EKS's ListClusters), and the paginator logic that reads tokens.

// The obstacle course deprecates an operation on purpose; it is fuzzed all the same.
#![allow(deprecated)]

use botogen_runtime::error::SdkError;
use botogen_runtime::operation::{HttpResponse, Protocol as _};
use botogen_runtime::paginate::{advance, Paginated};
use botogen_runtime::Operation;

/// The fuzzer's bytes as one HTTP response to one operation, written like HTTP so that
/// seeds and saved crashes read as what they are:
///
/// ```text
/// DescribeSessions 200 sent-token
/// x-amzn-requestid: 1234
///
/// {"Sessions": []}
/// ```
///
/// The first line names the operation, the status and, optionally, the token its
/// request sent (for the paginator's repeated-token check); header lines follow, then a
/// blank line and the body, taken as raw bytes.
pub fn response(data: &[u8]) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &b""[..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n');
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (Some(operation), Some(Ok(status))) = (first.next(), first.next().map(str::parse::<u16>)) else { return };
    let sent = first.next();
    let Ok(mut response) = http::Response::builder().status(status).body(body.to_vec()) else { return };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        if let (Ok(name), Ok(value)) = (http::HeaderName::try_from(name.trim()), http::HeaderValue::try_from(value.trim())) {
            response.headers_mut().append(name, value);
        }
    }
    match operation {
        "DescribeSessions" => paged::<appstream::operation::DescribeSessions>(&response, sent.map(str::to_string)),
        "ListThings" => paged::<obstacle_course::operation::ListThings>(&response, sent.map(str::to_string)),
        // A key-map token; the envelope's text token is a key's only value.
        "ScanThings" => paged::<obstacle_course::operation::ScanThings>(
            &response,
            sent.map(|s| [("Id".to_string(), obstacle_course::types::Choice::Text(s.to_string()))].into()),
        ),
        "RunCourse" => drop(parse::<obstacle_course::operation::RunCourse>(&response)),
        "Describe" => drop(parse::<obstacle_course::operation::Describe>(&response)),
        "Empty" => drop(parse::<obstacle_course::operation::Empty>(&response)),
        "Launch" => drop(parse::<obstacle_course::operation::Launch>(&response)),
        "GetObject" => drop(parse::<mediastore_data::operation::GetObject>(&response)),
        "DescribeCluster" => drop(parse::<eks::operation::DescribeCluster>(&response)),
        "ListClusters" => paged::<eks::operation::ListClusters>(&response, sent.map(str::to_string)),
        _ => {}
    }
}

/// Parses, then checks what came out: an output written back as a server would answer
/// with it reads back as one that writes the same response again, and an error names
/// the operation and formats without panicking.
fn parse<O: Operation>(response: &HttpResponse) -> Option<O::Output> {
    match O::parse_response(response) {
        Ok(output) => {
            let wire = match O::Protocol::build_response::<O>(&output) {
                Ok(wire) => wire,
                // A union member the model does not know keeps only its name, so it cannot
                // be sent back; that is the one thing an output may refuse.
                Err(e) if e.to_string().contains("it is unknown to this client") => return Some(output),
                Err(e) => panic!("{} output does not serialize: {e}", O::NAME),
            };
            let reparsed = O::parse_response(&wire)
                .unwrap_or_else(|e| panic!("{} cannot read its own output {}: {e}", O::NAME, String::from_utf8_lossy(wire.body())));
            let rewire = O::Protocol::build_response::<O>(&reparsed).expect("outputs serialize");
            assert_eq!(wire.status(), rewire.status(), "{} status changed on a second round trip", O::NAME);
            assert_eq!(wire.headers(), rewire.headers(), "{} headers changed on a second round trip", O::NAME);
            assert_eq!(
                String::from_utf8_lossy(wire.body()),
                String::from_utf8_lossy(rewire.body()),
                "{} output changed on a second round trip",
                O::NAME
            );
            Some(output)
        }
        Err(error) => {
            let text = error.to_string();
            let _ = format!("{error:?}");
            if let SdkError::Response(e) = &error {
                assert_eq!(e.operation, O::NAME);
                assert!(text.contains(O::NAME), "{text}");
            }
            None
        }
    }
}

/// [`parse`], then what a paginator does with the page.
fn paged<O: Paginated>(response: &HttpResponse, sent: Option<O::Token>)
where
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    let Some(output) = parse::<O>(response) else { return };
    let token = O::next_token(&output).cloned();
    let more = O::more_results(&output);
    let _ = advance(sent.as_ref(), token.as_ref(), more);
    let _ = O::items(output);
}
