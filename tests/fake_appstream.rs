//! A fake AppStream endpoint on 127.0.0.1 for end-to-end tests.
//!
//! It checks what a real endpoint checks before answering: the SigV4 signature
//! (recomputed from the secret it was given, over the bytes received), the credential
//! scope (`appstream`, not `appstream2`), the clock skew, `X-Amz-Target`, the content
//! type and the JSON body. It serves DescribeSessions in pages, and answers with a
//! modeled or an unmodeled error on request.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use botogen_runtime::sigv4::{amz_date, parse_query, sha256_hex, sign, SignableRequest, SigningParams};
use botogen_runtime::{Credentials, DateTime};
use serde_json::{json, Value};

use crate::http_wire::{read_request, Request};

/// The credentials the fake accepts.
pub const ACCESS_KEY: &str = "AKIDFAKEAPPSTREAM";
/// The secret it verifies signatures with.
pub const SECRET_KEY: &str = "fake/secret/key/for/tests/only";

/// A request as the server saw it, for assertions.
#[derive(Debug, Clone)]
pub struct Seen {
    pub target: String,
    pub body: Value,
    pub authorization: String,
}

/// A running fake; it stops when dropped.
pub struct FakeAppStream {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    refused: Arc<AtomicUsize>,
    stop: Arc<Mutex<bool>>,
}

impl FakeAppStream {
    /// Starts a server for `region` on a free port of 127.0.0.1, holding [`sessions`] for
    /// stack `stack` and fleet `fleet`; a page holds `Limit` sessions (2 by default).
    pub fn start(region: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking listener");
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(Mutex::new(false));
        let (seen2, refused2, stop2) = (seen.clone(), refused.clone(), stop.clone());
        thread::spawn(move || {
            let deadline = SystemTime::now() + Duration::from_secs(120);
            while !*stop2.lock().unwrap() && SystemTime::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (seen, refused) = (seen2.clone(), refused2.clone());
                        thread::spawn(move || serve(stream, region, &seen, &refused));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FakeAppStream { addr, seen, refused, stop }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request answered so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests were refused for their signature, which [`seen`](Self::seen)
    /// leaves out.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::SeqCst)
    }
}

impl Drop for FakeAppStream {
    fn drop(&mut self) {
        *self.stop.lock().unwrap() = true;
    }
}

/// The sessions the fake holds: 5 of them, the second with an unknown ConnectionState.
pub fn sessions() -> Vec<Value> {
    (0..5)
        .map(|i| {
            let mut s = json!({
                "Id": format!("session-{i}"),
                "UserId": format!("user{i}@example.com"),
                "StackName": "stack",
                "FleetName": "fleet",
                "State": if i == 4 { "PENDING" } else { "ACTIVE" },
                "ConnectionState": if i == 1 { "RECONNECTING" } else if i % 2 == 0 { "CONNECTED" } else { "NOT_CONNECTED" },
                "StartTime": 1_549_909_800.123 + f64::from(i),
                "MaxExpirationTime": 1_549_953_000 + i64::from(i),
                "AuthenticationType": "API",
            });
            if i == 0 {
                s["NetworkAccessConfiguration"] = json!({"EniPrivateIpAddress": "10.0.0.5", "EniId": "eni-0a1b2c3d"});
            }
            s
        })
        .collect()
}

fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        _ => "Error",
    };
    // Like AWS, every response says what time the service thinks it is.
    let date = DateTime::from(SystemTime::now()).to_http_date();
    let mut out = format!("HTTP/1.1 {status} {reason}\r\ncontent-length: {}\r\nconnection: close\r\ndate: {date}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    let _ = stream.write_all(out.as_bytes());
}

/// Checks the signature; `Err` holds the reason the real service would give.
fn verify(request: &Request, region: &str) -> Result<(), String> {
    let auth = request.header("authorization").ok_or("missing Authorization")?;
    let rest = auth.strip_prefix("AWS4-HMAC-SHA256 Credential=").ok_or("not SigV4")?;
    let (credential, rest) = rest.split_once(", SignedHeaders=").ok_or("no SignedHeaders")?;
    let (signed_headers, _) = rest.split_once(", Signature=").ok_or("no Signature")?;
    let scope: Vec<&str> = credential.split('/').collect();
    let date = request.header("x-amz-date").ok_or("missing X-Amz-Date")?;
    if scope.len() != 5
        || scope[0] != ACCESS_KEY
        || scope[1] != &date[..8.min(date.len())]
        || scope[2] != region
        || scope[3] != "appstream"
        || scope[4] != "aws4_request"
    {
        return Err(format!("bad credential scope {credential}"));
    }
    let time = DateTime::from_rfc3339(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[9..11],
        &date[11..13],
        &date[13..15]
    ))
    .map_err(|e| e.to_string())?;
    let skew = (time.secs() - DateTime::from(SystemTime::now()).secs()).abs();
    if skew > 300 {
        return Err(format!("signature time {date} is {skew} s off"));
    }
    for required in ["host", "x-amz-date", "x-amz-target", "content-type"] {
        if !signed_headers.split(';').any(|h| h == required) {
            return Err(format!("{required} is not signed"));
        }
    }
    let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
    let signable = SignableRequest {
        method: request.method.clone(),
        path: path.to_string(),
        query: parse_query(query),
        headers: request.headers.iter().filter(|(n, _)| signed_headers.split(';').any(|h| h.eq_ignore_ascii_case(n))).cloned().collect(),
        payload_hash: sha256_hex(&request.body),
    };
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, None);
    let expected = sign(&signable, &SigningParams { credentials: &credentials, region, service: "appstream", time });
    if expected.authorization != auth {
        return Err("The request signature we calculated does not match the signature you provided.".into());
    }
    debug_assert_eq!(amz_date(time), date);
    Ok(())
}

fn serve(mut stream: TcpStream, region: &str, seen: &Mutex<Vec<Seen>>, refused: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&stream) else { return };
    let request_id = format!("fake-{}", seen.lock().unwrap().len() + 1);
    let rid = ("x-amzn-RequestId", request_id.clone());
    let error = |stream: &mut TcpStream, status: u16, code: &str, message: &str| {
        respond(
            stream,
            status,
            &[rid.clone(), ("content-type", "application/x-amz-json-1.1".into())],
            &json!({"__type": code, "message": message}).to_string(),
        );
    };
    if let Err(why) = verify(&request, region) {
        refused.fetch_add(1, Ordering::SeqCst);
        return error(&mut stream, 403, "InvalidSignatureException", &why);
    }
    if request.header("content-type") != Some("application/x-amz-json-1.1") || request.method != "POST" || request.path != "/" {
        return error(&mut stream, 400, "SerializationException", "expected POST / with application/x-amz-json-1.1");
    }
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return error(&mut stream, 400, "SerializationException", "body is not JSON");
    };
    let target = request.header("x-amz-target").unwrap_or("").to_string();
    seen.lock().unwrap().push(Seen {
        target: target.clone(),
        body: body.clone(),
        authorization: request.header("authorization").unwrap_or("").into(),
    });
    if target != "PhotonAdminProxyService.DescribeSessions" {
        return error(&mut stream, 400, "UnknownOperationException", &format!("unknown target {target}"));
    }
    let (Some(stack), Some(fleet)) = (body["StackName"].as_str(), body["FleetName"].as_str()) else {
        return error(&mut stream, 400, "ValidationException", "StackName and FleetName are required");
    };
    if stack == "throttled" {
        return error(&mut stream, 400, "ThrottlingException", "Rate exceeded");
    }
    if body.get("UserId").is_some() && body.get("AuthenticationType").is_none() {
        return error(&mut stream, 400, "InvalidParameterCombinationException", "UserId requires AuthenticationType");
    }
    let all: Vec<Value> = sessions()
        .into_iter()
        .filter(|s| s["StackName"] == stack && s["FleetName"] == fleet)
        .filter(|s| body.get("UserId").is_none_or(|u| s["UserId"] == *u))
        .collect();
    let limit = body["Limit"].as_u64().unwrap_or(2).clamp(1, 50) as usize;
    let start: usize = body["NextToken"].as_str().and_then(|t| t.strip_prefix("page-")).and_then(|n| n.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = all.iter().skip(start).take(limit).cloned().collect();
    let mut out = json!({ "Sessions": page });
    if start + limit < all.len() {
        out["NextToken"] = json!(format!("page-{}", start + limit));
    }
    respond(&mut stream, 200, &[rid, ("content-type", "application/x-amz-json-1.1".into())], &out.to_string());
}
