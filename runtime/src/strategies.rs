//! proptest strategies and checks for the property tests generated with every crate
//! (`tests/roundtrip.rs`): values of the runtime's types, and the round trips a
//! generated shape must survive. Behind the `proptest` feature, which only
//! dev-dependencies turn on.
//!
//! Runs are deterministic: each test draws from a seed fixed by its name, so CI sees the
//! same cases every time. Set `BOTOGEN_PROPTEST_SEED` to another number to explore new
//! ones, and `PROPTEST_CASES` to change how many values each test tries (64 by default).

use std::collections::BTreeMap;
use std::fmt::Debug;

use crate::codec::json;
use crate::shape::Wire;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use crate::datetime::{MAX_SECS, MIN_SECS};
use crate::operation::{Operation, Protocol as _, SetRequestId};
use crate::{Blob, DateTime, Document, Endpoint, RequestId};

/// How deep generated values nest structures; enough for every non-recursive AppStream
/// shape, and a bound for recursive ones.
pub const DEPTH: u32 = 4;

/// Longest list or map a strategy makes.
const MAX_LEN: usize = 3;

/// Any string, control characters and all of Unicode included, up to 12 characters.
pub fn string() -> BoxedStrategy<String> {
    vec(any::<char>(), 0..12).prop_map(String::from_iter).boxed()
}

/// Any `bool`.
pub fn boolean() -> BoxedStrategy<bool> {
    any::<bool>().boxed()
}

/// Any `i32`.
pub fn int32() -> BoxedStrategy<i32> {
    any::<i32>().boxed()
}

/// Any `i64`.
pub fn int64() -> BoxedStrategy<i64> {
    any::<i64>().boxed()
}

/// Any `f32` but NaN, which equals nothing; the protocol tests cover its wire form.
pub fn float32() -> BoxedStrategy<f32> {
    use proptest::num::f32::{INFINITE, NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    (POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO | INFINITE).boxed()
}

/// Any `f64` but NaN, which equals nothing; the protocol tests cover its wire form.
pub fn float64() -> BoxedStrategy<f64> {
    use proptest::num::f64::{INFINITE, NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    (POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO | INFINITE).boxed()
}

/// Any bytes, up to 16.
pub fn blob() -> BoxedStrategy<Blob> {
    vec(any::<u8>(), 0..16).prop_map(Blob::new).boxed()
}

/// A streaming body held in memory, as a response's reads back without a client.
pub fn byte_stream() -> BoxedStrategy<crate::ByteStream> {
    vec(any::<u8>(), 0..16).prop_map(crate::ByteStream::from).boxed()
}

/// Any JSON document, nested up to three levels.
pub fn document() -> BoxedStrategy<Document> {
    let leaf = prop_oneof![
        Just(Document::Null),
        any::<bool>().prop_map(Document::Bool),
        any::<i64>().prop_map(Document::from),
        float64().prop_filter_map("JSON numbers are finite", |f| serde_json::Number::from_f64(f).map(Document::Number)),
        string().prop_map(Document::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Document::Array),
            btree_map(string(), inner, 0..4).prop_map(|m| Document::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A document as a member holds it: never JSON `null` at the top, which AWS JSON reads as
/// an absent member, so `Some(null)` cannot cross the wire.
pub fn member_document() -> BoxedStrategy<Document> {
    document().prop_filter("null is an absent member", |d| !d.is_null()).boxed()
}

/// Instants as epoch seconds carry them: a JSON number, which every parser reads as an
/// `f64`. Between 1901 and 2106 that keeps microseconds exactly, and that is the range
/// and precision drawn here; [`epoch_seconds_precision`] checks the rest of the range.
pub fn epoch_seconds() -> BoxedStrategy<DateTime> {
    (-(1i64 << 31)..(1i64 << 32), 0u32..1_000_000).prop_map(|(s, us)| DateTime::from_secs_and_nanos(s, us * 1_000)).boxed()
}

/// Instants as RFC 3339 carries them: any in years 1–9999, to the nanosecond.
pub fn rfc3339() -> BoxedStrategy<DateTime> {
    (MIN_SECS..=MAX_SECS, 0u32..1_000_000_000).prop_map(|(s, ns)| DateTime::from_secs_and_nanos(s, ns)).boxed()
}

/// Instants as HTTP-dates carry them: any in years 1–9999, to the millisecond.
pub fn http_date() -> BoxedStrategy<DateTime> {
    (MIN_SECS..=MAX_SECS, 0u32..1_000).prop_map(|(s, ms)| DateTime::from_secs_and_nanos(s, ms * 1_000_000)).boxed()
}

/// A value or `None`.
pub fn optional<T: Debug + Clone + 'static>(inner: BoxedStrategy<T>) -> BoxedStrategy<Option<T>> {
    proptest::option::of(inner).boxed()
}

/// Up to three values.
pub fn list<T: Debug + 'static>(inner: BoxedStrategy<T>) -> BoxedStrategy<Vec<T>> {
    vec(inner, 0..=MAX_LEN).boxed()
}

/// Up to three entries.
pub fn map<K: Ord + Debug + 'static, V: Debug + 'static>(key: BoxedStrategy<K>, value: BoxedStrategy<V>) -> BoxedStrategy<BTreeMap<K, V>> {
    btree_map(key, value, 0..=MAX_LEN).boxed()
}

/// Values in a `Box`, for members on a cycle of structures.
pub fn boxed<T: Debug + 'static>(inner: BoxedStrategy<T>) -> BoxedStrategy<Box<T>> {
    inner.prop_map(Box::new).boxed()
}

/// `empty` at depth 0; otherwise `deeper`, one level down. How generated strategies stop
/// recursive shapes.
pub fn nested<T: Clone + Debug + 'static>(depth: u32, empty: T, deeper: impl FnOnce(u32) -> BoxedStrategy<T>) -> BoxedStrategy<T> {
    match depth.checked_sub(1) {
        Some(below) => deeper(below),
        None => Just(empty).boxed(),
    }
}

/// A generated string enum: a value the model knows, or any other string, which
/// `From<String>` keeps as the `Unknown` variant.
pub fn enum_value<T: From<String> + Debug + 'static>(known: &'static [&'static str]) -> BoxedStrategy<T> {
    let known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
    let known = if known.is_empty() { string().boxed() } else { proptest::sample::select(known).boxed() };
    prop_oneof![known, string()].prop_map(T::from).boxed()
}

/// Runs `test` on values of `strategy`, drawn from a seed fixed by `name`; panics with
/// the smallest failing value found.
pub fn check<T: Debug>(name: &str, strategy: impl Strategy<Value = T>, test: impl Fn(T) -> Result<(), TestCaseError>) {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let extra = std::env::var("BOTOGEN_PROPTEST_SEED").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed(name, extra)));
    match runner.run(&strategy, test) {
        Ok(()) => {}
        Err(TestError::Fail(why, value)) => panic!("{name}: {why}\nsmallest failing value: {value:#?}"),
        Err(TestError::Abort(why)) => panic!("{name}: gave up: {why}"),
    }
}

/// 32 bytes from FNV-1a over `name`, stable across platforms and Rust versions.
fn seed(name: &str, extra: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ extra ^ (i as u64);
        for b in name.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        chunk.copy_from_slice(&h.to_le_bytes());
    }
    out
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

/// A value written as JSON and read back is equal to itself.
pub fn roundtrip<T: Wire + PartialEq + Debug>(value: &T) -> Result<(), TestCaseError> {
    let bytes = json::to_vec(value).map_err(|e| fail(format!("does not serialize: {e}")))?;
    let wire = String::from_utf8_lossy(&bytes);
    let back: T = json::from_slice(&bytes).map_err(|e| fail(format!("cannot read back {wire}: {e}")))?;
    if &back != value {
        return Err(fail(format!("changed on the wire {wire}: read back as {back:#?}")));
    }
    Ok(())
}

/// A string the model does not know survives as itself: parsed, compared and written back.
pub fn unknown_enum_value<T>(text: String) -> Result<(), TestCaseError>
where
    T: From<String> + AsRef<str> + Wire + PartialEq + Debug,
{
    let value = T::from(text.clone());
    if value.as_ref() != text {
        return Err(fail(format!("{text:?} became {:?}", value.as_ref())));
    }
    roundtrip(&value)?;
    let quoted = serde_json::Value::String(text.clone()).to_string();
    let parsed: T = json::from_slice(quoted.as_bytes()).map_err(|e| fail(e.to_string()))?;
    if parsed.as_ref() != text {
        return Err(fail(format!("{text:?} was read as {:?}", parsed.as_ref())));
    }
    Ok(())
}

/// A union member the model does not know is read as `Unknown` with its name, when
/// `unknown` recognises that.
pub fn unknown_union_member<T: Wire + Debug>(
    name: String,
    known: &[&str],
    unknown: impl Fn(&T) -> Option<&str>,
) -> Result<(), TestCaseError> {
    if known.contains(&name.as_str()) || name == "__type" {
        return Ok(());
    }
    let mut object = serde_json::Map::new();
    object.insert(name.clone(), serde_json::json!({ "any": [1, "two"] }));
    let text = serde_json::Value::Object(object).to_string();
    let parsed: T = json::from_slice(text.as_bytes()).map_err(|e| fail(format!("member {name:?}: {e}")))?;
    match unknown(&parsed) {
        Some(got) if got == name => Ok(()),
        _ => Err(fail(format!("member {name:?} was read as {parsed:?}"))),
    }
}

/// A request built from `input` carries all of it: read back as a server reads it (the
/// JSON body, or every HTTP binding of a REST protocol), it gives `input` again (with
/// the idempotency token the request filled in). Where the wire cannot tell two inputs
/// apart (an empty list sent as no header at all), the one read back must at least
/// build the very same request.
pub fn operation_input<O: Operation>(mut input: O::Input) -> Result<(), TestCaseError>
where
    O::Input: PartialEq + Debug,
{
    let endpoint = Endpoint::from_url("https://roundtrip.example.com").expect("a valid URL");
    let request = match O::build_request(&input, &endpoint) {
        Ok(request) => request,
        // A header cannot hold control characters: such an input is refused before it is
        // sent, which is all a client can do with it.
        Err(e) if e.message.contains("is not valid in HTTP") => return Ok(()),
        Err(e) => return Err(fail(format!("{}: {e}", O::NAME))),
    };
    let shown = || format!("{} {}\n{:?}\n{}", request.method(), request.uri(), request.headers(), String::from_utf8_lossy(request.body()));
    let back = O::Protocol::parse_request::<O>(&request).map_err(|e| fail(format!("{}: cannot read back {}: {e}", O::NAME, shown())))?;
    if let Some(token) = O::IDEMPOTENCY_TOKEN.filter(|t| (t.get)(&input).is_none()) {
        match (token.get)(&back) {
            Some(filled) if crate::random::is_uuid_v4(filled) => (token.set)(&mut input, filled.to_string()),
            other => return Err(fail(format!("{}: the unset idempotency token was sent as {other:?}, not a fresh UUID", O::NAME))),
        }
    }
    if back == input {
        return Ok(());
    }
    let again = O::build_request(&back, &endpoint).map_err(|e| fail(format!("{}: {e}", O::NAME)))?;
    let same = again.method() == request.method()
        && again.uri() == request.uri()
        && again.headers() == request.headers()
        && again.body() == request.body();
    if !same {
        return Err(fail(format!("{}: request {} read back as {back:#?}", O::NAME, shown())));
    }
    Ok(())
}

/// An output written as a server would answer with it is parsed back equal, with the
/// response's request id; or, where the wire cannot tell the two apart, as one that
/// writes the very same response.
pub fn operation_output<O: Operation>(mut output: O::Output) -> Result<(), TestCaseError>
where
    O::Output: PartialEq + Debug,
{
    let mut response = match O::Protocol::build_response::<O>(&output) {
        Ok(response) => response,
        // No server could answer with it (a control character in a header, a status
        // member that is no success): nothing to read back.
        Err(e) if e.message.contains("is not valid in HTTP") => return Ok(()),
        Err(e) => return Err(fail(format!("{}: does not serialize: {e}", O::NAME))),
    };
    response.headers_mut().insert("x-amzn-requestid", http::HeaderValue::from_static("roundtrip-request"));
    let shown = || format!("{} {:?}\n{}", response.status(), response.headers(), String::from_utf8_lossy(response.body()));
    let back = O::parse_response(&response).map_err(|e| fail(format!("{}: cannot read back {}: {e}", O::NAME, shown())))?;
    if back.request_id() != Some("roundtrip-request") {
        return Err(fail(format!("{}: request id lost", O::NAME)));
    }
    output.set_request_id(Some("roundtrip-request".into()));
    if back == output {
        return Ok(());
    }
    let mut again = O::Protocol::build_response::<O>(&back).map_err(|e| fail(format!("{}: does not serialize: {e}", O::NAME)))?;
    again.headers_mut().insert("x-amzn-requestid", http::HeaderValue::from_static("roundtrip-request"));
    if again.status() != response.status() || again.headers() != response.headers() || again.body() != response.body() {
        return Err(fail(format!("{}: response {} read back as {back:#?}", O::NAME, shown())));
    }
    Ok(())
}

/// Epoch seconds are an `f64` on the wire: the instant read back is the nearest
/// microsecond the `f64` can tell apart, so it is off by at most half a microsecond
/// plus half the `f64`'s spacing at that magnitude.
pub fn epoch_seconds_precision(value: DateTime) -> Result<(), TestCaseError> {
    let bytes = json::to_vec(&value).map_err(|e| fail(e.to_string()))?;
    let wire = String::from_utf8_lossy(&bytes);
    let back: DateTime = json::from_slice(&bytes).map_err(|e| fail(format!("{wire}: {e}")))?;
    let diff = nanos_between(value, back);
    let spacing = value.as_secs_f64().abs().max(1.0) * f64::EPSILON * 1e9;
    let allowed = 500.0 + spacing / 2.0 + 1.0;
    if diff as f64 > allowed {
        return Err(fail(format!("{value:?} became {back:?} via {wire}: {diff} ns off, {allowed} allowed")));
    }
    if value.subsec_nanos() == 0 && back != value {
        return Err(fail(format!("whole second {value:?} became {back:?}")));
    }
    Ok(())
}

fn nanos_between(a: DateTime, b: DateTime) -> i128 {
    let n = |t: DateTime| i128::from(t.secs()) * 1_000_000_000 + i128::from(t.subsec_nanos());
    (n(a) - n(b)).abs()
}

/// The three timestamp formats, each fed any instant to the nanosecond (what RFC 3339
/// carries) and each keeping the precision it carries: RFC 3339 keeps
/// nanoseconds, HTTP-dates milliseconds (truncated), epoch seconds what an `f64` holds.
pub fn check_timestamp_precision() {
    check("epoch_seconds_precision", rfc3339(), epoch_seconds_precision);
    check("rfc3339_precision", rfc3339(), |t| {
        let back = DateTime::from_rfc3339(&t.to_rfc3339()).map_err(|e| fail(e.to_string()))?;
        prop_assert_eq!(back, t);
        Ok(())
    });
    check("http_date_precision", rfc3339(), |t| {
        let back = DateTime::from_http_date(&t.to_http_date()).map_err(|e| fail(e.to_string()))?;
        prop_assert_eq!(back, t.truncated_to_millis());
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_the_precision_their_format_carries() {
        check_timestamp_precision();
    }

    #[test]
    fn the_range_strategies_round_trip_exactly() {
        check("epoch_seconds", epoch_seconds(), |t| {
            let back: DateTime = json::from_slice(&json::to_vec(&t).unwrap()).unwrap();
            prop_assert_eq!(back, t);
            Ok(())
        });
        check("document", document(), |d| roundtrip(&d));
    }

    #[test]
    fn a_failing_property_is_reported() {
        let result = std::panic::catch_unwind(|| check("fails", int32(), |n| if n > 1000 { Err(fail("too big".into())) } else { Ok(()) }));
        let message = *result.unwrap_err().downcast::<String>().unwrap();
        // Shrinking finds the boundary.
        assert!(message.contains("1001"), "{message}");
    }

    #[test]
    fn seeds_differ_by_name_and_extra() {
        assert_ne!(seed("a", 0), seed("b", 0));
        assert_ne!(seed("a", 0), seed("a", 1));
        assert_eq!(seed("a", 7), seed("a", 7));
    }
}
