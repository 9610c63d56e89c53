//! What a call can fail with. Errors carry the operation and what the service said,
//! never credentials, signatures or request bodies.

use std::fmt;

/// What the service said about a failed call, whatever the error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The error code, namespace and URI stripped (`InvalidParameterCombinationException`).
    pub code: Option<String>,
    /// The human-readable message, if the service sent one.
    pub message: Option<String>,
    /// `x-amzn-RequestId`, to quote when asking AWS support.
    pub request_id: Option<String>,
    /// The HTTP status code.
    pub status: u16,
}

/// Code and message; [`ServiceError`] adds the status and request id.
impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_deref().unwrap_or("unknown error"))?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// An input that cannot become a request, e.g. a host label that is not a valid DNS label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The operation being built.
    pub operation: &'static str,
    /// What is wrong with the input.
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build a {} request: {}", self.operation, self.message)
    }
}

impl std::error::Error for BuildError {}

/// A response that does not match the model: malformed JSON, a wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    /// The operation whose response it was.
    pub operation: &'static str,
    /// What could not be read, naming the member where the parser knows it.
    pub message: String,
    /// The HTTP status code.
    pub status: u16,
    /// `x-amzn-RequestId`, if the response had one.
    pub request_id: Option<String>,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed {} response (HTTP {}): {}", self.operation, self.status, self.message)
    }
}

impl std::error::Error for ResponseError {}

/// An error the service returned: the operation's typed error and what came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError<E> {
    /// The typed error: a modeled exception or the operation's `Unhandled` variant.
    pub err: E,
    /// Code, message, request id and status.
    pub meta: ErrorMetadata,
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.err, self.meta.status)?;
        if let Some(id) = &self.meta.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ServiceError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.err)
    }
}

/// Everything a call can fail with; `E` is the operation's error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input could not become a request.
    Build(BuildError),
    /// No credentials, or they could not be loaded.
    Credentials(crate::credentials::CredentialsError),
    /// The request did not reach the service or no response came back.
    Dispatch(DispatchError),
    /// The response could not be read.
    Response(ResponseError),
    /// The service answered with an error.
    Service(ServiceError<E>),
    /// The response body was larger than the client reads; the call was not retried.
    TooLarge(ResponseTooLarge),
}

impl<E> SdkError<E> {
    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The error code the service sent, if any.
    pub fn code(&self) -> Option<&str> {
        self.service_error().and_then(|e| e.meta.code.as_deref())
    }

    /// The request id, when a response came back.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.meta.request_id.as_deref(),
            SdkError::Response(e) => e.request_id.as_deref(),
            SdkError::TooLarge(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Build(e) => e.fmt(f),
            SdkError::Credentials(e) => e.fmt(f),
            SdkError::Dispatch(e) => e.fmt(f),
            SdkError::Response(e) => e.fmt(f),
            SdkError::Service(e) => e.fmt(f),
            SdkError::TooLarge(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Build(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            SdkError::Dispatch(e) => Some(e),
            SdkError::Response(e) => Some(e),
            SdkError::Service(e) => Some(e),
            SdkError::TooLarge(e) => Some(e),
        }
    }
}

/// A response body past the client's cap (`Config::with_max_response_size`). Reading on
/// would let one endless or hostile response take all of the process's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseTooLarge {
    /// The operation whose response it was.
    pub operation: &'static str,
    /// The cap, in bytes.
    pub limit: usize,
    /// The HTTP status code.
    pub status: u16,
    /// `x-amzn-RequestId`, if the response had one.
    pub request_id: Option<String>,
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response (HTTP {}) is larger than the client's limit of {} bytes; raise it with Config::with_max_response_size",
            self.operation, self.status, self.limit
        )
    }
}

impl std::error::Error for ResponseTooLarge {}

/// The request did not complete: connection refused, TLS failure, timeout.
#[derive(Debug)]
pub struct DispatchError {
    /// What went wrong, for people.
    pub message: String,
    /// Whether a time limit ran out.
    pub timeout: bool,
    /// The underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DispatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}
