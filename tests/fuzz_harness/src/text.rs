//! Text the runtime parses: waiter expressions, timestamps, profile files, endpoint URLs.

use botogen_runtime::credentials::parse_profiles;
use botogen_runtime::jmespath::{same, Expression};
use botogen_runtime::{DateTime, Endpoint};
use serde_json::Value;

/// A JMESPath expression, a newline, then the JSON it is searched in (or, when that is
/// not JSON, a string of it).
pub fn jmespath(data: &[u8]) {
    let (expression, document) = match data.iter().position(|b| *b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let Ok(expression) = std::str::from_utf8(expression) else { return };
    let document = serde_json::from_slice(document).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(document).into_owned()));
    match Expression::parse(expression) {
        Ok(parsed) => {
            let result = parsed.search(&document);
            assert!(same(&result, &result), "{expression:?} gave a result unequal to itself: {result}");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The first byte picks a parser; the rest is its input. What parses must print as
/// text that parses back to the same value.
pub fn runtime_text(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    match which % 6 {
        0 => {
            if let Ok(t) = DateTime::from_rfc3339(&text) {
                let printed = t.to_rfc3339();
                assert_eq!(DateTime::from_rfc3339(&printed), Ok(t), "{text:?} printed as {printed:?}");
            }
        }
        1 => {
            if let Ok(t) = DateTime::from_http_date(&text) {
                let printed = t.to_http_date();
                let back = DateTime::from_http_date(&printed).unwrap_or_else(|e| panic!("{text:?} printed as {printed:?}: {e}"));
                // HTTP-dates carry milliseconds at most.
                assert_eq!(back, t.truncated_to_millis());
            }
        }
        2 => {
            if let Ok(t) = text.parse::<DateTime>() {
                assert_eq!(DateTime::from_rfc3339(&t.to_rfc3339()), Ok(t));
            }
        }
        3 => {
            let mut bytes = [0u8; 8];
            let n = rest.len().min(8);
            bytes[..n].copy_from_slice(&rest[..n]);
            if let Ok(t) = DateTime::from_secs_f64(f64::from_le_bytes(bytes)) {
                // Epoch seconds on the wire keep microseconds; the instant must survive.
                assert_eq!(DateTime::from_secs_f64(t.as_secs_f64()), Ok(t));
                assert_eq!(DateTime::from_rfc3339(&t.to_rfc3339()), Ok(t));
            }
        }
        4 => {
            for config in [true, false] {
                for (name, keys) in parse_profiles(&text, config) {
                    assert!(!name.contains('\n'));
                    assert!(keys.keys().all(|k| !k.contains('=') && !k.contains('\n')));
                }
            }
        }
        _ => {
            if let Ok(endpoint) = Endpoint::from_url(&text) {
                let url = endpoint.url();
                let again = Endpoint::from_url(&url).unwrap_or_else(|e| panic!("{text:?} became {url:?}: {e}"));
                assert_eq!(again.url(), url);
            }
        }
    }
}
