//! A response body that never ends: the client reads up to its cap, fails the call with a
//! typed error naming the operation and the cap, does not retry, and its memory stays
//! bounded. Without the cap, `describe-sessions` once grew to 9 GB against such a server.
//!
//! Its own test binary, with one test, so that the process's peak memory is this test's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use appstream::input::DescribeSessionsRequest;
use appstream::{Client, Config, Credentials, RetryConfig, SdkError};

/// Peak resident memory of this process so far, from `/proc/self/status` (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Answers every request with a chunked body that goes on until the client hangs up, or
/// for at most 30 s or 2 GiB, so the server always stops by itself.
fn endless_server(requests: Arc<AtomicUsize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { return };
            let requests = requests.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                requests.fetch_add(1, Ordering::SeqCst);
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-RequestId: endless\r\ntransfer-encoding: chunked\r\n\r\n";
                let item = r#"{"Id":"session","UserId":"user","StackName":"stack","FleetName":"fleet","State":"ACTIVE"},"#;
                let chunk = item.repeat(64 << 10 >> 7);
                let chunk = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                let start = Instant::now();
                let mut sent = 0usize;
                if stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(b"d\r\n{\"Sessions\":[\r\n")).is_err() {
                    return;
                }
                while sent < 2 << 30 && start.elapsed() < Duration::from_secs(30) {
                    if stream.write_all(chunk.as_bytes()).is_err() {
                        return;
                    }
                    sent += chunk.len();
                }
            });
        }
    });
    url
}

#[test]
fn an_endless_body_fails_at_the_cap_without_retrying_or_growing() {
    let requests = Arc::new(AtomicUsize::new(0));
    let url = endless_server(requests.clone());
    const LIMIT: usize = 4 << 20;
    let config = Config::new(Credentials::new("AKID", "secret", None))
        .with_region("us-east-1")
        .with_endpoint_url(url)
        .with_max_response_size(LIMIT)
        .with_retry(RetryConfig { max_attempts: 3, initial_backoff: Duration::from_millis(5), ..RetryConfig::standard() })
        .with_attempt_timeout(Duration::from_secs(20));
    let client = Client::new(&config).unwrap();
    let before = peak_rss_kib();
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let err = runtime.block_on(client.describe_sessions(DescribeSessionsRequest::new("stack", "fleet"))).unwrap_err();
    let SdkError::TooLarge(e) = &err else { panic!("expected TooLarge, got {err:?}") };
    assert_eq!((e.operation, e.limit, e.status, e.request_id.as_deref()), ("DescribeSessions", LIMIT, 200, Some("endless")));
    let text = err.to_string();
    assert!(text.contains("DescribeSessions") && text.contains(&LIMIT.to_string()), "{text}");
    assert_eq!(requests.load(Ordering::SeqCst), 1, "a body past the cap is not retried");
    assert!(started.elapsed() < Duration::from_secs(10), "the cap, not a timeout, ended the call: {:?}", started.elapsed());
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        // The body is held at most a few times over while it is collected and copied.
        let grown_mib = after.saturating_sub(before) / 1024;
        assert!(grown_mib < 48, "peak memory grew by {grown_mib} MiB reading a body capped at 4 MiB");
    }
}
