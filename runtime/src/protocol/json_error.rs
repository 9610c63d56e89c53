//! Errors in JSON bodies, as AWS JSON and rest-json send them: a code in the
//! `X-Amzn-Errortype` header or the body, and a message in the body.

use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;
use crate::protocol::{error_code, request_id};

/// A body with nothing in it reads as `{}`: services answer some calls with no payload.
pub fn json_body(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

/// Reads code, message and request id of an error response. The code comes from the
/// `X-Amzn-Errortype` header, else a `code` or `Code`, else a `__type` member of the body.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let body = match serde_json::from_slice::<serde_json::Value>(response.body()) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let text = |key: &str| body.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let code = error_code(response, text("code").or_else(|| text("Code")).or_else(|| text("__type")));
    // A proxy's or load balancer's page carries no message: the reason phrase says at least
    // what kind of failure it was, as botocore reports it.
    let message = text("message")
        .or_else(|| text("Message"))
        .or_else(|| text("errorMessage"))
        .or_else(|| response.status().canonical_reason().filter(|_| body.is_empty()).map(str::to_string));
    ErrorMetadata { code, message, request_id: request_id(response), status: response.status().as_u16() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut b = http::Response::builder().status(status);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn error_codes_come_from_header_then_code_then_type() {
        let r = response(400, &[("X-Amzn-Errortype", "FooError:http://internal.amazon.com/coral/x/")], r#"{"__type":"Bar"}"#);
        assert_eq!(error_metadata(&r).code.as_deref(), Some("FooError"));
        let r = response(400, &[], r#"{"Code":"FooError","__type":"Bar"}"#);
        assert_eq!(error_metadata(&r).code.as_deref(), Some("FooError"));
        let r = response(400, &[("x-amzn-RequestId", "req-1")], r#"{"__type":"aws.protocoltests.restjson#FooError","Message":"hi"}"#);
        let meta = error_metadata(&r);
        assert_eq!(
            meta,
            ErrorMetadata { code: Some("FooError".into()), message: Some("hi".into()), request_id: Some("req-1".into()), status: 400 }
        );
        let r = response(500, &[], "<html>bad gateway</html>");
        assert_eq!(error_metadata(&r).code, None);
    }
}
