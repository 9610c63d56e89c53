//! Random numbers for what needs spread and uniqueness, not secrecy: retry jitter and
//! idempotency tokens.
//!
//! No `rand` or `getrandom` in every client: std's `RandomState` already draws SipHash keys
//! from the operating system (once per thread, then a new key per call), and SipHash of a
//! process-wide counter under such a key is as unpredictable as that key. The AWS SDK for
//! Rust makes its idempotency tokens from a non-cryptographic generator too.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// A uniformly distributed `u64`, different on every call.
pub fn u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

thread_local! {
    static FIXED_TOKEN: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with [`idempotency_token`] giving `token` on this thread, as botocore's
/// protocol tests fix `uuid4` so that a request with a filled-in token can be compared
/// byte for byte. For tests only.
#[doc(hidden)]
pub fn with_fixed_idempotency_token<R>(token: &'static str, f: impl FnOnce() -> R) -> R {
    let previous = FIXED_TOKEN.with(|t| t.replace(Some(token)));
    let result = f();
    FIXED_TOKEN.with(|t| t.set(previous));
    result
}

/// A fresh version-4 UUID, lower-case and hyphenated, as botocore sends for a model's
/// `idempotencyToken` members the caller leaves unset.
pub fn idempotency_token() -> String {
    if let Some(token) = FIXED_TOKEN.with(std::cell::Cell::get) {
        return token.to_string();
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&u64().to_be_bytes());
    bytes[8..].copy_from_slice(&u64().to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Whether `token` has the form [`idempotency_token`] gives: a hyphenated, lower-case
/// version-4 UUID. Tests use it to check that a token was filled in.
pub fn is_uuid_v4(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { *c == b'-' } else { c.is_ascii_digit() || (b'a'..=b'f').contains(c) })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_version_4_uuids_and_do_not_repeat() {
        let tokens: std::collections::BTreeSet<String> = (0..10_000).map(|_| idempotency_token()).collect();
        assert_eq!(tokens.len(), 10_000);
        assert!(tokens.iter().all(|t| is_uuid_v4(t)), "{:?}", tokens.iter().find(|t| !is_uuid_v4(t)));
    }

    #[test]
    fn threads_draw_different_tokens() {
        let here = idempotency_token();
        let there = std::thread::spawn(idempotency_token).join().unwrap();
        assert_ne!(here, there);
    }

    #[test]
    fn every_bit_varies() {
        let (mut ones, mut zeros) = (0u64, 0u64);
        for _ in 0..256 {
            let n = u64();
            ones |= n;
            zeros |= !n;
        }
        assert_eq!((ones, zeros), (u64::MAX, u64::MAX));
    }

    #[test]
    fn the_uuid_check_rejects_other_forms() {
        assert!(is_uuid_v4("00000000-0000-4000-8000-000000000000"));
        for bad in [
            "00000000-0000-1000-8000-000000000000",
            "00000000-0000-4000-c000-000000000000",
            "00000000-0000-4000-8000-00000000000",
            "00000000-0000-4000-8000-00000000000G",
            "00000000-0000-4000-8000-00000000000A",
            "000000000000-4000-8000-0000000000000",
        ] {
            assert!(!is_uuid_v4(bad), "{bad}");
        }
    }
}
