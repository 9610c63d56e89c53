//! Serde types that mirror `paginators-1.json` and `waiters-2.json`, and nothing more:
//! lowering reads typed fields, and a file that does not fit names its JSON path.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Result};

/// A whole `paginators-1.json`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaginatorsFile {
    /// By operation key.
    #[serde(default)]
    pub pagination: BTreeMap<String, PaginatorConfig>,
}

/// `pagination.<Operation>`.
#[derive(Debug, Clone, Deserialize)]
pub struct PaginatorConfig {
    pub input_token: Option<Keys>,
    pub output_token: Option<Keys>,
    pub limit_key: Option<String>,
    pub result_key: Option<Keys>,
    pub more_results: Option<String>,
    #[serde(default)]
    pub non_aggregate_keys: Vec<String>,
}

/// One member path, or several: botocore writes either.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Keys {
    One(String),
    Many(Vec<String>),
}

impl Keys {
    /// The one path, when there is exactly one.
    pub fn one(&self) -> Option<&str> {
        match self {
            Keys::One(key) => Some(key),
            Keys::Many(keys) if keys.len() == 1 => Some(&keys[0]),
            Keys::Many(_) => None,
        }
    }

    /// Every path, in the file's order.
    pub fn all(&self) -> Vec<&str> {
        match self {
            Keys::One(key) => vec![key],
            Keys::Many(keys) => keys.iter().map(String::as_str).collect(),
        }
    }
}

/// A whole `waiters-2.json`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WaitersFile {
    /// By waiter name.
    #[serde(default)]
    pub waiters: BTreeMap<String, WaiterConfig>,
}

/// `waiters.<Name>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaiterConfig {
    /// The operation's key in the model.
    pub operation: String,
    /// Seconds between attempts.
    pub delay: u64,
    pub max_attempts: u32,
    #[serde(default)]
    pub acceptors: Vec<AcceptorConfig>,
    pub description: Option<String>,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, Deserialize)]
pub struct AcceptorConfig {
    pub state: AcceptorState,
    pub matcher: MatcherKind,
    /// The JMESPath expression of a path matcher.
    pub argument: Option<String>,
    /// A string, boolean or number, as the matcher compares.
    pub expected: serde_json::Value,
}

/// What a matching acceptor does to the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

/// How an acceptor looks at a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatcherKind {
    Path,
    PathAll,
    PathAny,
    Error,
    Status,
}

/// Reads an already-parsed JSON value as `T`; `file` names it in errors, with the path.
pub fn from_value<T: DeserializeOwned>(file: &str, value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| Error::Schema {
        file: file.to_string(),
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })
}
