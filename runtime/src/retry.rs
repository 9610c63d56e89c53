//! The AWS "standard" retry mode: which failures to retry, how long to wait between
//! attempts, and a token-bucket quota that stops a failing service from being hammered.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::SdkError;
use crate::operation::OperationError;

/// Retry settings; [`RetryConfig::standard`] gives the AWS SDKs' defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The backoff base: attempt `n` waits a random time up to `initial_backoff × 2ⁿ`.
    pub initial_backoff: Duration,
    /// No single wait exceeds this.
    pub max_backoff: Duration,
    /// Whether retries draw on the token bucket.
    pub use_quota: bool,
}

impl RetryConfig {
    /// 3 attempts, 1 s base, 20 s cap, quota on.
    pub const fn standard() -> Self {
        RetryConfig { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20), use_quota: true }
    }

    /// A single attempt.
    pub const fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..Self::standard() }
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Why a failure may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked to slow down.
    Throttling,
    /// A server error, a dropped connection, a timed-out attempt.
    Transient,
    /// A timed-out attempt; it costs the quota more, as in the AWS SDKs.
    Timeout,
}

/// Error codes the AWS SDKs treat as throttling.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes the AWS SDKs treat as transient.
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses retried whatever the body says.
pub const TRANSIENT_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// Classifies a failed attempt: `None` means return it at once.
pub fn classify<E: OperationError>(error: &SdkError<E>) -> Option<RetryKind> {
    match error {
        SdkError::Dispatch(e) if e.timeout => Some(RetryKind::Timeout),
        SdkError::Dispatch(_) => Some(RetryKind::Transient),
        SdkError::Service(e) => {
            if let Some(throttling) = e.err.retryable() {
                return Some(if throttling { RetryKind::Throttling } else { RetryKind::Transient });
            }
            let code = e.meta.code.as_deref().unwrap_or("");
            if THROTTLING_CODES.contains(&code) {
                Some(RetryKind::Throttling)
            } else if TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&e.meta.status) {
                Some(RetryKind::Transient)
            } else {
                None
            }
        }
        // A response cut short or garbled by a proxy under a 5xx is transient too.
        SdkError::Response(e) if TRANSIENT_STATUSES.contains(&e.status) => Some(RetryKind::Transient),
        _ => None,
    }
}

/// The retry quota: a bucket of tokens retries spend and successes refill, shared by every
/// call of one client, so that a failing service sees fewer and fewer retries.
#[derive(Debug, Clone)]
pub struct RetryQuota {
    tokens: Arc<Mutex<u32>>,
}

/// Tokens a client starts with.
pub const QUOTA_CAPACITY: u32 = 500;
/// Tokens a retry costs.
pub const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout costs.
pub const TIMEOUT_RETRY_COST: u32 = 10;

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota { tokens: Arc::new(Mutex::new(QUOTA_CAPACITY)) }
    }
}

impl RetryQuota {
    /// Takes the cost of a retry; `None` when the bucket cannot pay it.
    pub fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = if kind == RetryKind::Timeout { TIMEOUT_RETRY_COST } else { RETRY_COST };
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        (*tokens >= cost).then(|| {
            *tokens -= cost;
            cost
        })
    }

    /// A success gives back what its retries cost, or one token when it needed none.
    pub fn release(&self, spent: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        *tokens = (*tokens + spent.max(1)).min(QUOTA_CAPACITY);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The wait before retry number `retry` (1 for the first retry): full jitter,
/// a random time in `[0, min(max, base × 2^(retry-1))]`.
pub fn backoff(config: &RetryConfig, retry: u32) -> Duration {
    let ceiling = config.initial_backoff.saturating_mul(1u32 << (retry.saturating_sub(1)).min(20)).min(config.max_backoff);
    ceiling.mul_f64(random_unit())
}

/// A uniform number in [0, 1). Jitter needs spread, not secrecy.
fn random_unit() -> f64 {
    (crate::random::u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_exponential_and_capped() {
        let config = RetryConfig { initial_backoff: Duration::from_millis(100), ..RetryConfig::standard() };
        for retry in 1..=12 {
            let ceiling = Duration::from_millis(100 * (1 << (retry - 1))).min(Duration::from_secs(20));
            for _ in 0..50 {
                assert!(backoff(&config, retry) <= ceiling);
            }
        }
        let spread: std::collections::BTreeSet<u128> = (0..50).map(|_| backoff(&config, 5).as_micros()).collect();
        assert!(spread.len() > 10, "jitter must spread the waits");
        assert!(backoff(&config, 64) <= Duration::from_secs(20));
    }

    #[test]
    fn the_quota_drains_and_refills() {
        let quota = RetryQuota::default();
        let mut spent = 0;
        while let Some(cost) = quota.acquire(RetryKind::Transient) {
            spent += cost;
        }
        assert_eq!(spent, QUOTA_CAPACITY);
        assert_eq!(quota.acquire(RetryKind::Throttling), None);
        quota.release(RETRY_COST);
        assert_eq!(quota.acquire(RetryKind::Transient), Some(RETRY_COST));
        quota.release(0);
        assert_eq!(quota.available(), 1);
        for _ in 0..1000 {
            quota.release(TIMEOUT_RETRY_COST);
        }
        assert_eq!(quota.available(), QUOTA_CAPACITY);
    }
}
