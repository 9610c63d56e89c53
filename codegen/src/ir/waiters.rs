//! Waiters: `waiters-2.json` for the operations the crate generates, every expression
//! parsed at generation time.

use super::OperationIr;
use crate::error::{Error, Result};
use crate::ident::{snake, Scope};
use crate::model::LoadedModel;
pub use crate::model::{AcceptorState, MatcherKind};

/// A waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterIr {
    pub name: String,
    /// `wait_until_fleet_started`.
    pub fn_name: String,
    /// Index into [`super::CrateIr::operations`].
    pub operation: usize,
    pub delay_secs: u64,
    pub max_attempts: u32,
    pub acceptors: Vec<AcceptorIr>,
}

/// One acceptor: its state, matcher, argument and expected value.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptorIr {
    pub state: AcceptorState,
    pub matcher: MatcherKind,
    /// The JMESPath expression of a path matcher, checked to parse.
    pub argument: Option<String>,
    pub expected: ExpectedIr,
}

/// What an acceptor compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedIr {
    Str(String),
    Bool(bool),
    Int(i64),
}

/// The waiters whose operation is generated. Every acceptor's expression is parsed now,
/// so a waiter can only fail at run time on the service's answer.
pub(super) fn lower_waiters(model: &LoadedModel, operations: &[OperationIr]) -> Result<Vec<WaiterIr>> {
    let Some(file) = &model.waiters else { return Ok(Vec::new()) };
    let path = model.file.replace("service-2.json", "waiters-2.json");
    let bad = |at: String, message: String| Error::Unsupported { file: path.clone(), path: at, message };
    let mut out = Vec::new();
    let mut names = Scope::default();
    for (name, waiter) in &file.waiters {
        let Some(operation) = operations.iter().position(|o| o.model_name == waiter.operation) else {
            continue; // the operation was sliced out
        };
        let mut acceptors = Vec::new();
        for (i, a) in waiter.acceptors.iter().enumerate() {
            let at = format!("waiters.{name}.acceptors[{i}]");
            if matches!(a.matcher, MatcherKind::Path | MatcherKind::PathAll | MatcherKind::PathAny) {
                let expr = a.argument.as_deref().ok_or_else(|| bad(at.clone(), "a path matcher needs an argument".into()))?;
                botogen_runtime::jmespath::Expression::parse(expr).map_err(|e| bad(at.clone(), e.to_string()))?;
            }
            let expected = match &a.expected {
                serde_json::Value::String(s) => ExpectedIr::Str(s.clone()),
                serde_json::Value::Bool(b) => ExpectedIr::Bool(*b),
                other => match other.as_i64() {
                    Some(n) if a.matcher != MatcherKind::Status || u16::try_from(n).is_ok() => ExpectedIr::Int(n),
                    _ => return Err(bad(at, format!("unsupported expected value {other}"))),
                },
            };
            acceptors.push(AcceptorIr { state: a.state, matcher: a.matcher, argument: a.argument.clone(), expected });
        }
        out.push(WaiterIr {
            name: name.clone(),
            fn_name: names.claim(format!("wait_until_{}", snake(name).trim_start_matches("r#"))),
            operation,
            delay_secs: waiter.delay,
            max_attempts: waiter.max_attempts,
            acceptors,
        });
    }
    Ok(out)
}
