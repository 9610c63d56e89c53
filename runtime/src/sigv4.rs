//! AWS Signature Version 4, on `hmac` and `sha2` alone.
//!
//! A small signer instead of the aws-sigv4 crate: that crate brings much of the smithy
//! runtime with it, while these ~250 lines pass AWS's own test suite (the copy botocore
//! ships, vendored under `runtime/tests/aws4_testsuite`), including the cases botocore
//! itself skips.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::credentials::Credentials;
use crate::DateTime;

type HmacSha256 = Hmac<Sha256>;

/// Headers never signed: proxies, clients and tracers change them. botocore 1.44.8's
/// `SIGNED_HEADERS_BLACKLIST`, plus `authorization` itself and `content-length`, which
/// botocore adds only after signing (the payload hash covers the body anyway).
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "baggage",
    "connection",
    "content-length",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// What a signature is made with.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    pub credentials: &'a Credentials,
    pub region: &'a str,
    /// The signing name, e.g. `appstream` (not the endpoint prefix `appstream2`).
    pub service: &'a str,
    pub time: DateTime,
}

/// A request reduced to what SigV4 reads.
#[derive(Debug, Clone, Default)]
pub struct SignableRequest {
    pub method: String,
    /// The path as sent, before normalisation and encoding.
    pub path: String,
    /// Decoded query parameters, in any order.
    pub query: Vec<(String, String)>,
    /// Header names and values, in order, duplicates allowed.
    pub headers: Vec<(String, String)>,
    /// Hex SHA-256 of the body.
    pub payload_hash: String,
}

/// Everything a signing produced; the intermediate strings help debug a mismatch.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A signature is a credential for as long as the request is valid.
        f.debug_struct("Signature").field("signature", &crate::Redacted).finish_non_exhaustive()
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Hex SHA-256, as the payload hash.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `20150830T123600Z`.
pub fn amz_date(time: DateTime) -> String {
    let (y, mo, d, h, mi, s) = time.civil();
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// RFC 3986 encoding of everything but unreserved characters (and `/` where asked).
fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Removes `.` and `..` segments and empty segments, keeping a leading and trailing `/`.
fn normalize_path(path: &str) -> String {
    if path.is_empty() {
        return "/".into();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::from("/");
    out.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// Trims and folds runs of spaces, as the canonical form of a header value requires.
fn canonical_header_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical request and the `SignedHeaders` list.
pub fn canonical_request(request: &SignableRequest) -> (String, String) {
    let mut query: Vec<(String, String)> = request.query.iter().map(|(k, v)| (uri_encode(k, false), uri_encode(v, false))).collect();
    query.sort();
    let query = query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");

    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in &request.headers {
        let name = name.to_ascii_lowercase();
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let value = canonical_header_value(value);
        match headers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            None => headers.push((name, value)),
        }
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let signed = headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(";");
    let canonical_headers: String = headers.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        uri_encode(&normalize_path(&request.path), true),
        query,
        canonical_headers,
        signed,
        request.payload_hash
    );
    (canonical, signed)
}

/// Signs `request`, which must already carry `Host` and `X-Amz-Date`. The session token of
/// temporary credentials is signed too (the caller sends it as `X-Amz-Security-Token`).
pub fn sign(request: &SignableRequest, params: &SigningParams<'_>) -> Signature {
    let has_token_header = request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("x-amz-security-token"));
    let (canonical_request, signed_headers) = match params.credentials.session_token() {
        Some(token) if !has_token_header => {
            let mut with_token = request.clone();
            with_token.headers.push(("x-amz-security-token".into(), token.into()));
            canonical_request(&with_token)
        }
        _ => canonical_request(request),
    };
    let date = amz_date(params.time);
    let day = &date[..8];
    let scope = format!("{day}/{}/{}/aws4_request", params.region, params.service);
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", sha256_hex(canonical_request.as_bytes()));
    let key = hmac(format!("AWS4{}", params.credentials.secret_access_key()).as_bytes(), day.as_bytes());
    let key = hmac(&key, params.region.as_bytes());
    let key = hmac(&key, params.service.as_bytes());
    let key = hmac(&key, b"aws4_request");
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        params.credentials.access_key_id()
    );
    Signature { canonical_request, string_to_sign, signature, authorization }
}

/// Percent-decodes a query component (`+` is left alone: it is not a space here).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_digit = |c: u8| (c as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a query string into decoded pairs; a key without `=` has an empty value.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(pair), String::new()),
        })
        .collect()
}

/// Signs an HTTP request in place: sets `X-Amz-Date`, `X-Amz-Security-Token` for
/// temporary credentials, and `Authorization`. `Host` must be set already.
pub fn sign_http_request(request: &mut http::Request<Vec<u8>>, params: &SigningParams<'_>) -> Result<Signature, http::Error> {
    let payload_hash = sha256_hex(request.body());
    sign_http_request_with_payload(request, params, &payload_hash)
}

/// The payload hash of a body that is not signed: the operations the model marks
/// `v4-unsigned-body` accept it, so that a stream need not be read twice.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Signs `request` as [`sign_http_request`] does, for a body sent apart from it (a
/// stream) whose hash is `payload_hash`: its hex SHA-256, or [`UNSIGNED_PAYLOAD`].
pub fn sign_http_request_with_payload<B>(
    request: &mut http::Request<B>,
    params: &SigningParams<'_>,
    payload_hash: &str,
) -> Result<Signature, http::Error> {
    use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
    let headers = request.headers_mut();
    headers.insert(HeaderName::from_static("x-amz-date"), HeaderValue::from_str(&amz_date(params.time))?);
    if let Some(token) = params.credentials.session_token() {
        let mut value = HeaderValue::from_str(token)?;
        value.set_sensitive(true);
        headers.insert(HeaderName::from_static("x-amz-security-token"), value);
    }
    let signable = SignableRequest {
        method: request.method().as_str().to_string(),
        path: request.uri().path().to_string(),
        query: request.uri().query().map(parse_query).unwrap_or_default(),
        headers: request
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        payload_hash: payload_hash.to_string(),
    };
    let signature = sign(&signable, params);
    let mut value = HeaderValue::from_str(&signature.authorization)?;
    value.set_sensitive(true);
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_like_the_suite() {
        assert_eq!(normalize_path("/example1/example2/../.."), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/./"), "/");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(uri_encode("/example space/ሴ", true), "/example%20space/%E1%88%B4");
    }

    #[test]
    fn rest_paths_are_encoded_again_and_queries_sorted() {
        // A URI label holding an ARN is sent encoded once; a non-S3 service signs the
        // path encoded once more, and the query sorted with its values encoded.
        let path = "/clusters/arn%3Aaws%3Aeks%3Aus-east-1%3A1%3Acluster%2Fc1/tags";
        let request = SignableRequest {
            method: "DELETE".into(),
            path: path.into(),
            query: parse_query("tagKeys=team&tagKeys=cost%20center"),
            headers: vec![("host".into(), "eks.us-east-1.amazonaws.com".into())],
            payload_hash: UNSIGNED_PAYLOAD.into(),
        };
        let (canonical, _) = canonical_request(&request);
        let lines: Vec<&str> = canonical.lines().collect();
        assert_eq!(lines[1], "/clusters/arn%253Aaws%253Aeks%253Aus-east-1%253A1%253Acluster%252Fc1/tags");
        assert_eq!(lines[2], "tagKeys=cost%20center&tagKeys=team");
        assert_eq!(*lines.last().unwrap(), "UNSIGNED-PAYLOAD");
    }

    #[test]
    fn query_decoding_is_total() {
        assert_eq!(
            parse_query("a=%41&b&c=%zz&d=%4"),
            [("a".into(), "A".into()), ("b".into(), String::new()), ("c".into(), "%zz".into()), ("d".into(), "%4".into())]
        );
    }
}
