//! What every protocol does the same way around its codec: addressing the host (with the
//! model's host prefix), compressing and measuring the body, reading request ids, and
//! extracting and cleaning error codes. Each protocol module only decides the method,
//! path, headers and body of a request, and which codec reads a response.

#[cfg(feature = "json")]
pub mod aws_json;
#[cfg(feature = "json")]
pub mod json_error;
pub mod rest;
#[cfg(feature = "json")]
pub mod rest_json;

use http::header::{HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH, HOST};

use crate::endpoint::Endpoint;
use crate::error::{BuildError, ErrorMetadata, ResponseError, SdkError, ServiceError};
use crate::operation::{HttpRequest, HttpResponse, Operation, OperationError};
use crate::shape::{ReadError, ShapeReader};

/// A request as a protocol lays it out, before the shared steps.
#[derive(Debug)]
pub struct RequestParts {
    pub method: http::Method,
    /// Path and query, appended to the endpoint's path: `/` for RPC protocols.
    pub path_and_query: String,
    pub headers: Vec<(std::borrow::Cow<'static, str>, String)>,
    pub body: Vec<u8>,
}

/// Finishes `parts` into a request to `endpoint`: host prefix, `Host`, compression
/// where the operation allows it, and `Content-Length`.
pub fn assemble<O: Operation>(input: &O::Input, endpoint: &Endpoint, parts: RequestParts) -> Result<HttpRequest, BuildError> {
    let build = |message: String| BuildError { operation: O::NAME, message };
    let (body, content_encoding) = compress::<O>(parts.body)?;
    let host = match O::host_prefix(input)? {
        Some(prefix) => format!("{prefix}{}", endpoint.authority()),
        None => endpoint.authority(),
    };
    let uri = format!("{}://{host}{}", endpoint.scheme(), join_path(endpoint.path(), &parts.path_and_query));
    let mut request = http::Request::builder()
        .method(parts.method.clone())
        .uri(uri)
        .header(HOST, HeaderValue::from_str(&host).map_err(|e| build(e.to_string()))?);
    let mut headers = parts.headers;
    if let Some(encoding) = content_encoding {
        // The SDK's encoding comes last: the service undoes the encodings in reverse.
        match headers.iter_mut().find(|(name, _)| name.eq_ignore_ascii_case("content-encoding")) {
            Some((_, value)) => *value = format!("{value}, {encoding}"),
            None => headers.push((CONTENT_ENCODING.as_str().into(), encoding.into())),
        }
    }
    for (name, value) in headers {
        let header = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| build(format!("{name:?} is not a valid header name")))?;
        // UTF-8 beyond ASCII goes as it is, as botocore sends it; control characters cannot.
        let value =
            HeaderValue::from_bytes(value.as_bytes()).map_err(|_| build(format!("the value of header {name} is not valid in HTTP")))?;
        request = request.header(header, value);
    }
    // As botocore: a GET, HEAD or OPTIONS without a body says nothing about its length.
    let bodiless = body.is_empty() && matches!(parts.method, http::Method::GET | http::Method::HEAD | http::Method::OPTIONS);
    if !bodiless {
        request = request.header(CONTENT_LENGTH, body.len());
    }
    request.body(body).map_err(|e| build(e.to_string()))
}

/// Sets the length headers of a request whose body streams: `Content-Length` when the
/// stream's length is known, else `Transfer-Encoding: chunked`.
pub fn streaming_length(request: &mut HttpRequest, stream: &crate::ByteStream) {
    let headers = request.headers_mut();
    match stream.len() {
        Some(len) => {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
        }
        None => {
            headers.remove(CONTENT_LENGTH);
            headers.insert(http::header::TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
        }
    }
}

/// The endpoint's path joined with an operation's, as botocore's `_urljoin` does: `/`
/// alone keeps the endpoint's path as it is.
pub fn join_path(endpoint_path: &str, path_and_query: &str) -> String {
    if path_and_query.is_empty() || path_and_query == "/" {
        return if endpoint_path.is_empty() { "/".into() } else { endpoint_path.into() };
    }
    match endpoint_path.strip_suffix('/') {
        Some(base) if path_and_query.starts_with('/') => format!("{base}{path_and_query}"),
        _ => format!("{endpoint_path}{path_and_query}"),
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

/// `x-amzn-RequestId`, or `x-amz-request-id` as some services send it.
pub fn request_id(response: &HttpResponse) -> Option<String> {
    request_id_in(response.headers())
}

/// [`request_id`] from headers alone, for a response whose body was not kept.
pub fn request_id_in(headers: &http::HeaderMap) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"].iter().find_map(|h| headers.get(*h)).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The error code of a response: the `X-Amzn-Errortype` header wins over whatever the
/// body names (`body_code`), and either is cleaned with [`sanitize_code`].
pub fn error_code(response: &HttpResponse, body_code: Option<String>) -> Option<String> {
    let header = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(str::to_string);
    header.or(body_code).map(|c| sanitize_code(&c).to_string()).filter(|c| !c.is_empty())
}

/// `aws.protocoltests#FooError` → `FooError`; `FooError:http://internal.amazon.com/…` → `FooError`.
pub fn sanitize_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).trim()
}

/// A response that does not read as the operation's output or error: names the
/// operation and, through the read error's path, the member.
pub fn malformed<O: Operation>(response: &HttpResponse, message: String) -> SdkError<O::Error> {
    SdkError::Response(ResponseError { operation: O::NAME, message, status: response.status().as_u16(), request_id: request_id(response) })
}

/// The error of a failed response: the modeled exception `meta.code` names, read by
/// `reader` from the body, or the catch-all.
pub fn service_error<'a, O: Operation>(
    response: &HttpResponse,
    meta: ErrorMetadata,
    reader: impl FnOnce() -> Result<Box<dyn ShapeReader + 'a>, ReadError>,
) -> SdkError<O::Error> {
    let unhandled = |meta: ErrorMetadata| SdkError::Service(ServiceError { err: O::Error::unhandled(meta.clone()), meta });
    let Some(code) = meta.code.clone() else { return unhandled(meta) };
    // A body no codec can read is no modeled error: the catch-all keeps its status and code.
    let Ok(mut reader) = reader() else { return unhandled(meta) };
    match O::Error::modeled(&code, &mut *reader, &meta).transpose() {
        Ok(Some(err)) => SdkError::Service(ServiceError { err, meta }),
        Ok(None) => unhandled(meta),
        Err(e) => malformed::<O>(response, format!("error {code}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_as_botocore_joins_them() {
        assert_eq!(join_path("/", "/"), "/");
        assert_eq!(join_path("", "/"), "/");
        assert_eq!(join_path("/custom", "/"), "/custom");
        assert_eq!(join_path("/custom/", "/things/1"), "/custom/things/1");
        assert_eq!(join_path("/", "/things?x=1"), "/things?x=1");
    }

    #[test]
    fn codes_are_cleaned_and_the_header_wins() {
        let response = |headers: &[(&str, &str)]| {
            let mut b = http::Response::builder().status(400);
            for (k, v) in headers {
                b = b.header(*k, *v);
            }
            b.body(Vec::new()).unwrap()
        };
        let r = response(&[("X-Amzn-Errortype", "FooError:http://internal.amazon.com/coral/x/")]);
        assert_eq!(error_code(&r, Some("Bar".into())).as_deref(), Some("FooError"));
        assert_eq!(error_code(&response(&[]), Some("aws.protocoltests.restjson#FooError".into())).as_deref(), Some("FooError"));
        assert_eq!(error_code(&response(&[]), Some(" ".into())), None);
    }
}
