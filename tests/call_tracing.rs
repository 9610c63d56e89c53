//! The client's `tracing` output: what a call records, and that secrets and bodies never
//! appear in it.
//!
//! This is its own test binary, with one test, on purpose. `tracing` caches each callsite's
//! interest process-wide, and tracing-core 0.1 computes that cache from the dispatchers alive
//! when the callsite is first hit: a concurrent test hitting the `retrying` event first could
//! cache "never" a moment before this test's capturing subscriber registers, and the event
//! would be lost (it was, once, in CI). Alone in a process, nothing races the capture.

use std::sync::{Arc, Mutex};

use appstream::input::DescribeSessionsRequest;
use integration_tests::scripted_server::{error, ScriptedServer};

mod fault_client;
use fault_client::{client, ok_body, run, SECRET, TOKEN};

/// A `tracing` subscriber that writes every span field and event to a string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = self.0.lock().unwrap();
        text.push_str(&format!("\nspan {}", span.metadata().name()));
        span.record(&mut Fields(&mut text));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str("\nrecord");
        values.record(&mut Fields(&mut text));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str(&format!("\nevent {}", event.metadata().level()));
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn tracing_records_the_call_and_never_secrets_or_bodies() {
    let server = ScriptedServer::start(vec![error(500, "InternalFailure", "oops"), ok_body()]);
    let client = client(&server, 3);
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), || {
        run(client.describe_sessions(DescribeSessionsRequest::new("body-only-stack-name", "fleet"))).unwrap();
    });
    let log = capture.0.lock().unwrap().clone();
    for expected in [
        "span aws.call",
        "service=\"AppStream\"",
        "operation=\"DescribeSessions\"",
        "attempts=2",
        "status=200",
        "request_id=\"req-ok\"",
        "retrying",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in:{log}");
    }
    for secret in [SECRET, TOKEN, "Signature=", "AWS4-HMAC-SHA256", "body-only-stack-name", "\"Sessions\""] {
        assert!(!log.contains(secret), "{secret:?} leaked into:{log}");
    }
}
