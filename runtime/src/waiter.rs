//! Waiters, generated from `waiters-2.json`: call an operation until an acceptor says the
//! resource reached a state, or failed to, or the time runs out.

use std::fmt;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::client::Handle;
use crate::error::SdkError;
use crate::jmespath::{same, Expression, ParseError};
use crate::operation::Operation;

/// What a matching acceptor means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Success,
    Failure,
    Retry,
}

/// An acceptor's expected value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expected {
    Str(&'static str),
    Bool(bool),
    Int(i64),
}

impl Expected {
    fn to_json(self) -> Value {
        match self {
            Expected::Str(s) => Value::from(s),
            Expected::Bool(b) => Value::from(b),
            Expected::Int(n) => Value::from(n),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

/// How an acceptor looks at a response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Matcher {
    /// The expression's value equals the expected one.
    Path(&'static str, Expected),
    /// Every element of the expression's (non-empty) list equals it.
    PathAll(&'static str, Expected),
    /// Some element of the expression's list equals it.
    PathAny(&'static str, Expected),
    /// The call failed with this error code; `Bool(true)`/`Bool(false)`: failed at all / did not.
    Error(Expected),
    /// The response had this HTTP status.
    Status(u16),
}

/// One acceptor of a waiter. Built with [`Acceptor::new`], so that a field added later
/// breaks no generated crate.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Acceptor {
    pub state: State,
    pub matcher: Matcher,
}

impl Acceptor {
    /// An acceptor moving the waiter to `state` when `matcher` matches.
    pub const fn new(state: State, matcher: Matcher) -> Self {
        Acceptor { state, matcher }
    }
}

impl fmt::Display for Acceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.matcher {
            Matcher::Path(e, x) => write!(f, "path {e} == {x}"),
            Matcher::PathAll(e, x) => write!(f, "pathAll {e} == {x}"),
            Matcher::PathAny(e, x) => write!(f, "pathAny {e} == {x}"),
            Matcher::Error(x) => write!(f, "error {x}"),
            Matcher::Status(s) => write!(f, "status {s}"),
        }
    }
}

/// How long to wait: the model's `delay` and `maxAttempts`, overridable, and a bound on
/// the total wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterConfig {
    pub delay: Duration,
    pub max_attempts: u32,
    /// The whole wait, calls included; never more than `delay × max_attempts` plus the
    /// calls unless set higher.
    pub max_wait: Duration,
}

impl WaiterConfig {
    /// `max_attempts` calls, `delay` apart.
    pub fn new(delay: Duration, max_attempts: u32) -> Self {
        WaiterConfig { delay, max_attempts, max_wait: delay.saturating_mul(max_attempts.max(1)) + Duration::from_secs(60) }
    }

    /// Bounds the whole wait.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }
}

/// How a wait ended, short of success.
#[derive(Debug)]
pub enum WaiterError<E> {
    /// A failure acceptor matched: the resource will not reach the state.
    Failure { waiter: &'static str, acceptor: String },
    /// The attempts or the time ran out.
    Timeout { waiter: &'static str, attempts: u32, elapsed: Duration },
    /// The call failed in a way no acceptor expects.
    Unexpected { waiter: &'static str, error: SdkError<E> },
    /// An acceptor's expression does not parse (a generator bug).
    Expression(ParseError),
}

impl<E: fmt::Display> fmt::Display for WaiterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failure { waiter, acceptor } => write!(f, "waiter {waiter} failed: acceptor `{acceptor}` matched"),
            WaiterError::Timeout { waiter, attempts, elapsed } => {
                write!(f, "waiter {waiter} timed out after {attempts} attempts ({elapsed:?})")
            }
            WaiterError::Unexpected { waiter, error } => write!(f, "waiter {waiter} stopped on an unexpected error: {error}"),
            WaiterError::Expression(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for WaiterError<E> {}

fn matches<T>(matcher: &Matcher, parsed: Option<&Expression>, result: &Result<T, SdkError<impl Sized>>, json: Option<&Value>) -> bool {
    match (matcher, result) {
        (Matcher::Path(_, expected), Ok(_)) => parsed.zip(json).is_some_and(|(e, j)| same(&e.search(j), &expected.to_json())),
        (Matcher::PathAll(_, expected), Ok(_)) => parsed.zip(json).is_some_and(|(e, j)| match e.search(j) {
            Value::Array(items) => !items.is_empty() && items.iter().all(|i| same(i, &expected.to_json())),
            _ => false,
        }),
        (Matcher::PathAny(_, expected), Ok(_)) => parsed.zip(json).is_some_and(|(e, j)| match e.search(j) {
            Value::Array(items) => items.iter().any(|i| same(i, &expected.to_json())),
            _ => false,
        }),
        (Matcher::Error(Expected::Bool(failed)), r) => r.is_err() == *failed,
        (Matcher::Error(Expected::Str(code)), Err(e)) => e.code() == Some(code),
        (Matcher::Status(status), Ok(_)) => *status == 200,
        (Matcher::Status(status), Err(e)) => e.service_error().is_some_and(|s| s.meta.status == *status),
        _ => false,
    }
}

/// Calls `O` with `input` until an acceptor decides. `Ok(Some(output))` when a success
/// acceptor matched a response, `Ok(None)` when it matched an error (a "deleted" waiter).
pub async fn wait<O: Operation>(
    handle: &Handle,
    input: &O::Input,
    waiter: &'static str,
    acceptors: &[Acceptor],
    config: WaiterConfig,
) -> Result<Option<O::Output>, WaiterError<O::Error>> {
    let mut parsed = Vec::with_capacity(acceptors.len());
    for acceptor in acceptors {
        parsed.push(match acceptor.matcher {
            Matcher::Path(e, _) | Matcher::PathAll(e, _) | Matcher::PathAny(e, _) => {
                Some(Expression::parse(e).map_err(WaiterError::Expression)?)
            }
            _ => None,
        });
    }
    let start = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = match tokio::time::timeout(config.max_wait.saturating_sub(start.elapsed()), handle.call::<O>(input)).await {
            Ok(result) => result,
            Err(_) => return Err(WaiterError::Timeout { waiter, attempts, elapsed: start.elapsed() }),
        };
        // Expressions name the model's members, as botocore evaluates them, not the wire's keys.
        let json = result.as_ref().ok().and_then(|o| crate::codec::document::to_document_unredacted(o).ok());
        let decided = acceptors.iter().zip(&parsed).find(|(a, p)| matches(&a.matcher, p.as_ref(), &result, json.as_ref()));
        match decided.map(|(a, _)| a) {
            Some(a) if a.state == State::Success => {
                tracing::debug!(waiter, attempts, acceptor = %a, "waiter succeeded");
                return Ok(result.ok());
            }
            Some(a) if a.state == State::Failure => {
                return Err(WaiterError::Failure { waiter, acceptor: a.to_string() });
            }
            Some(_) => {}
            None => {
                if let Err(error) = result {
                    return Err(WaiterError::Unexpected { waiter, error });
                }
            }
        }
        if attempts >= config.max_attempts || start.elapsed() + config.delay > config.max_wait {
            return Err(WaiterError::Timeout { waiter, attempts, elapsed: start.elapsed() });
        }
        tracing::debug!(waiter, attempts, delay = ?config.delay, "waiting");
        tokio::time::sleep(config.delay).await;
    }
}
