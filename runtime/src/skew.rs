//! Clock-skew correction. AWS rejects a signature whose time is more than five minutes
//! off its own clock, so a machine with a wrong clock fails every call. Every response
//! carries the service's time in its `Date` header: a client that sees its own clock off
//! by more than [`THRESHOLD_SECS`] signs from then on with that offset added, and retries
//! a call that failed for its signature's time once the offset is learned.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use crate::datetime::DateTime;
use crate::error::SdkError;

/// Error codes AWS services return for a signature's time (among other signature faults).
pub const CLOCK_SKEW_CODES: &[&str] =
    &["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"];

/// Offsets below this are left alone: network delay and the `Date` header's one-second
/// resolution make small ones noise, and AWS accepts up to five minutes.
pub const THRESHOLD_SECS: i64 = 240;

/// The offset from the local clock to the service's, shared by every call of a client.
#[derive(Debug, Clone, Default)]
pub struct ClockSkew(Arc<AtomicI64>);

impl ClockSkew {
    /// Seconds to add to the local clock; 0 until a response shows it is off.
    pub fn offset_secs(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }

    /// The time to sign with: `local`, corrected.
    pub fn corrected(&self, local: SystemTime) -> DateTime {
        let local = DateTime::from(local);
        DateTime::from_secs_and_nanos(local.secs().saturating_add(self.offset_secs()), local.subsec_nanos())
    }

    /// Learns from a response's `Date` header, read at `local`. Returns the new offset
    /// when it changed; an unreadable or missing header changes nothing.
    pub fn observe(&self, local: SystemTime, date: Option<&str>) -> Option<i64> {
        let server = DateTime::from_http_date(date?.trim()).ok()?;
        let off = server.secs().saturating_sub(self.corrected(local).secs());
        if off.abs() <= THRESHOLD_SECS {
            return None;
        }
        let offset = self.offset_secs().saturating_add(off);
        self.0.store(offset, Ordering::Relaxed);
        Some(offset)
    }
}

/// Whether the service rejected the request with a code that a wrong clock causes.
pub fn is_clock_skew_error<E>(error: &SdkError<E>) -> bool {
    error.code().is_some_and(|code| CLOCK_SKEW_CODES.contains(&code))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const NOW: &str = "Sun, 29 Nov 2026 12:00:00 GMT";

    fn local(secs_from_now: i64) -> SystemTime {
        let server = DateTime::from_http_date(NOW).unwrap().secs();
        SystemTime::UNIX_EPOCH + Duration::from_secs((server + secs_from_now) as u64)
    }

    #[test]
    fn a_clock_an_hour_slow_is_corrected_and_stays_corrected() {
        let skew = ClockSkew::default();
        assert_eq!(skew.observe(local(-3600), Some(NOW)), Some(3600));
        assert_eq!(skew.corrected(local(-3600)), DateTime::from_http_date(NOW).unwrap());
        // The next response agrees with the corrected clock: nothing changes.
        assert_eq!(skew.observe(local(-3600), Some(NOW)), None);
        assert_eq!(skew.offset_secs(), 3600);
    }

    #[test]
    fn a_fast_clock_is_corrected_backwards_and_clones_share_the_offset() {
        let skew = ClockSkew::default();
        let shared = skew.clone();
        assert_eq!(skew.observe(local(900), Some(NOW)), Some(-900));
        assert_eq!(shared.offset_secs(), -900);
    }

    #[test]
    fn small_offsets_and_bad_headers_change_nothing() {
        let skew = ClockSkew::default();
        for (secs, date) in [(-240, Some(NOW)), (200, Some(NOW)), (-3600, None), (-3600, Some("yesterday")), (-3600, Some(""))] {
            assert_eq!(skew.observe(local(secs), date), None, "{secs} {date:?}");
        }
        assert_eq!(skew.offset_secs(), 0);
        assert_eq!(skew.observe(local(-241), Some(NOW)), Some(241));
    }
}
