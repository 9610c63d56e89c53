//! AWS JSON 1.0 and 1.1: `POST /` with the operation in `X-Amz-Target` and the input as
//! a JSON body; errors named by the `X-Amzn-Errortype` header, a `code` or a `__type`.

use http::header::{HeaderValue, CONTENT_TYPE, HOST};

use crate::endpoint::Endpoint;
use crate::error::{BuildError, ErrorMetadata, ResponseError, SdkError, ServiceError};
use crate::operation::{HttpRequest, HttpResponse, Operation, OperationError, Protocol, SetRequestId};

/// The AWS JSON protocol, either version (the service's `jsonVersion` picks it).
#[derive(Debug, Clone, Copy)]
pub struct AwsJson;

impl Protocol for AwsJson {
    fn build_request<O: Operation>(input: &O::Input, endpoint: &Endpoint) -> Result<HttpRequest, BuildError> {
        let body = serde_json::to_vec(input).map_err(|e| BuildError { operation: O::NAME, message: e.to_string() })?;
        let (body, content_encoding) = compress::<O>(body)?;
        let host = match O::host_prefix(input)? {
            Some(prefix) => format!("{prefix}{}", endpoint.authority()),
            None => endpoint.authority(),
        };
        let uri = format!("{}://{host}{}", endpoint.scheme(), endpoint.path());
        let build = |e: http::Error| BuildError { operation: O::NAME, message: e.to_string() };
        http::Request::builder()
            .method(http::Method::POST)
            .uri(uri)
            .header(HOST, HeaderValue::from_str(&host).map_err(|e| build(e.into()))?)
            .header(CONTENT_TYPE, format!("application/x-amz-json-{}", O::SERVICE.json_version))
            .header("x-amz-target", format!("{}.{}", O::SERVICE.target_prefix, O::NAME))
            .header(http::header::CONTENT_LENGTH, body.len())
            .body(body)
            .map_err(build)
            .map(|mut request| {
                if let Some(encoding) = content_encoding {
                    request.headers_mut().insert(http::header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
                }
                request
            })
    }

    fn parse_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
        let status = response.status().as_u16();
        let request_id = request_id(response);
        let malformed = |message: String| {
            SdkError::Response(ResponseError { operation: O::NAME, message, status, request_id: request_id.clone() })
        };
        if response.status().is_success() {
            let mut de = serde_json::Deserializer::from_slice(json_body(response.body()));
            let mut output: O::Output = serde_path_to_error::deserialize(&mut de).map_err(|e| malformed(describe(e)))?;
            de.end().map_err(|e| malformed(e.to_string()))?;
            output.set_request_id(request_id.clone());
            return Ok(output);
        }
        let meta = error_metadata(response);
        let err = match meta.code.as_deref() {
            Some(code) => {
                let mut de = serde_json::Deserializer::from_slice(json_body(response.body()));
                match O::Error::modeled(code, &mut de, &meta) {
                    Some(Ok(err)) => err,
                    Some(Err(e)) => return Err(malformed(format!("error {code}: {e}"))),
                    None => O::Error::unhandled(meta.clone()),
                }
            }
            None => O::Error::unhandled(meta.clone()),
        };
        Err(SdkError::Service(ServiceError { err, meta }))
    }
}

/// Bodies smaller than this are sent as they are: compressing them costs more than it
/// saves (botocore's and Smithy's default `request_min_compression_size_bytes`).
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// Gzips the body when the operation allows it and the body is large enough.
fn compress<O: Operation>(body: Vec<u8>) -> Result<(Vec<u8>, Option<&'static str>), BuildError> {
    if body.len() < MIN_COMPRESSION_SIZE || !O::REQUEST_COMPRESSION.contains(&"gzip") {
        return Ok((body, None));
    }
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    encoder
        .write_all(&body)
        .and_then(|()| encoder.finish())
        .map(|compressed| (compressed, Some("gzip")))
        .map_err(|e| BuildError { operation: O::NAME, message: format!("cannot gzip the body: {e}") })
}

/// Names the member a parse error is at: `Sessions[0].StartTime: invalid type…`.
fn describe(e: serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if path == "." || path.is_empty() {
        inner.to_string()
    } else {
        format!("{path}: {inner}")
    }
}

/// A body with nothing in it reads as `{}`: services answer some calls with no payload.
fn json_body(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

/// `x-amzn-RequestId`, or `x-amz-request-id` as some services send it.
pub fn request_id(response: &HttpResponse) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"]
        .iter()
        .find_map(|h| response.headers().get(*h))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Reads code, message and request id of an error response. The code comes from the
/// `X-Amzn-Errortype` header, else a `code`, else a `__type` member of the body.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let body: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(response.body()).unwrap_or_default();
    let text = |key: &str| body.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let header = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(str::to_string);
    let code = header.or_else(|| text("code")).or_else(|| text("__type")).map(|c| sanitize_code(&c).to_string());
    // A proxy's or load balancer's page carries no message: the reason phrase says at least
    // what kind of failure it was, as botocore reports it.
    let message = text("message")
        .or_else(|| text("Message"))
        .or_else(|| text("errorMessage"))
        .or_else(|| response.status().canonical_reason().filter(|_| body.is_empty()).map(str::to_string));
    ErrorMetadata {
        code: code.filter(|c| !c.is_empty()),
        message,
        request_id: request_id(response),
        status: response.status().as_u16(),
    }
}

/// `aws.protocoltests#FooError` → `FooError`; `FooError:http://internal.amazon.com/…` → `FooError`.
pub fn sanitize_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).trim()
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
        let r = response(400, &[], r#"{"code":"FooError","__type":"Bar"}"#);
        assert_eq!(error_metadata(&r).code.as_deref(), Some("FooError"));
        let r = response(400, &[("x-amzn-RequestId", "req-1")], r#"{"__type":"aws.protocoltests.restjson#FooError","Message":"hi"}"#);
        let meta = error_metadata(&r);
        assert_eq!(meta, ErrorMetadata { code: Some("FooError".into()), message: Some("hi".into()), request_id: Some("req-1".into()), status: 400 });
        let r = response(500, &[], "<html>bad gateway</html>");
        assert_eq!(error_metadata(&r).code, None);
    }
}
