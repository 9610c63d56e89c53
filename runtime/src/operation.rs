//! The sans-I/O core: an operation turns an input into an HTTP request and an HTTP
//! response into an output or a typed error, with no network in between. The async
//! client is a thin layer on top, and tests can drive this layer directly.

use crate::byte_stream::ByteStream;
use crate::endpoint::Endpoint;
use crate::error::{BuildError, ErrorMetadata, SdkError};
use crate::schema::{Member, Schema};
use crate::shape::{ReadError, ShapeReader, ShapeWriter, Wire, WriteError, WriteMembers, WriteResult};

/// An HTTP request or response as the sans-I/O layer sees it: the body fully in memory.
pub type HttpRequest = http::Request<Vec<u8>>;
/// See [`HttpRequest`].
pub type HttpResponse = http::Response<Vec<u8>>;

/// What every operation of a service shares: how to address, sign and name it. Built with
/// [`ServiceInfo::new`] and the protocol's setter, so a setting a new protocol adds
/// breaks no generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceInfo {
    /// `metadata.serviceId`, e.g. `AppStream`.
    pub service_id: &'static str,
    /// The first label of the endpoint host, e.g. `appstream2`.
    pub endpoint_prefix: &'static str,
    /// The SigV4 service name, e.g. `appstream` (not always the endpoint prefix).
    pub signing_name: &'static str,
    /// AWS JSON: the `X-Amz-Target` prefix, e.g. `PhotonAdminProxyService`.
    pub target_prefix: &'static str,
    /// AWS JSON: `1.0` or `1.1`.
    pub json_version: &'static str,
    /// The model's API version.
    pub api_version: &'static str,
}

impl ServiceInfo {
    /// A service's names; protocol settings start empty.
    pub const fn new(
        service_id: &'static str,
        endpoint_prefix: &'static str,
        signing_name: &'static str,
        api_version: &'static str,
    ) -> Self {
        ServiceInfo { service_id, endpoint_prefix, signing_name, target_prefix: "", json_version: "", api_version }
    }

    /// AWS JSON's `X-Amz-Target` prefix and version.
    pub const fn with_aws_json(mut self, target_prefix: &'static str, json_version: &'static str) -> Self {
        self.target_prefix = target_prefix;
        self.json_version = json_version;
        self
    }
}

/// Where a REST protocol sends an operation: the model's `http` trait. RPC protocols
/// ignore it (every call is `POST /`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpBinding {
    /// `GET`, `POST`, `PUT`, …
    pub method: &'static str,
    /// The `requestUri` template: `/things/{Id}/{Key+}?x-id=Get`.
    pub uri: &'static str,
    /// The status code of a success (`responseCode`).
    pub status: u16,
}

impl HttpBinding {
    /// `POST /`, answered with 200.
    pub const RPC: HttpBinding = HttpBinding::new("POST", "/");

    /// A binding answered with 200.
    pub const fn new(method: &'static str, uri: &'static str) -> Self {
        HttpBinding { method, uri, status: 200 }
    }

    /// Sets the status code of a success.
    pub const fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
}

/// How one protocol puts operations on the wire.
pub trait Protocol {
    /// Builds the request for `input`, addressed to `endpoint`; not yet signed.
    fn build_request<O: Operation>(input: &O::Input, endpoint: &Endpoint) -> Result<HttpRequest, BuildError>;
    /// Reads a response into the output or the operation's error.
    fn parse_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>>;

    /// As [`Protocol::build_request`], but a streaming payload that is a file or a stream
    /// comes back beside the request, whose own body is then empty, for the client to send.
    fn build_streaming_request<O: Operation>(
        input: &O::Input,
        endpoint: &Endpoint,
    ) -> Result<(HttpRequest, Option<ByteStream>), BuildError> {
        Self::build_request::<O>(input, endpoint).map(|request| (request, None))
    }

    /// Reads a request into the input, as a server would. The property tests check with
    /// it that a request carries everything its input holds.
    #[doc(hidden)]
    fn parse_request<O: Operation>(request: &HttpRequest) -> Result<O::Input, ReadError> {
        let _ = request;
        Err(ReadError::new("this protocol cannot read requests"))
    }

    /// Writes an output as a server would answer with it, for the property tests.
    #[doc(hidden)]
    fn build_response<O: Operation>(output: &O::Output) -> Result<HttpResponse, WriteError> {
        let _ = output;
        Err(WriteError::new("this protocol cannot write responses"))
    }

    /// Reads a successful response whose streaming payload is `body`, still arriving;
    /// `head` has the status and headers, and no body.
    fn parse_streaming_response<O: Operation>(head: &HttpResponse, body: ByteStream) -> Result<O::Output, SdkError<O::Error>> {
        let _ = body;
        Err(crate::protocol::malformed::<O>(head, "this protocol has no streaming payloads".into()))
    }
}

/// One operation of a service; generated code implements it on a unit struct per operation.
pub trait Operation: Sized {
    /// The input shape.
    type Input: Wire + Clone;
    /// The output shape.
    type Output: Wire + SetRequestId + RequestId;
    /// The operation's error enum.
    type Error: OperationError;
    /// The protocol the service speaks.
    type Protocol: Protocol;
    /// The operation's name in the model.
    const NAME: &'static str;
    /// The service it belongs to.
    const SERVICE: &'static ServiceInfo;

    /// The operation's HTTP binding; REST protocols read it.
    const HTTP: HttpBinding = HttpBinding::RPC;

    /// Why this client cannot call the operation, for operations it generates but does
    /// not support yet (event streams): building its request fails with this reason.
    const UNSUPPORTED: Option<&'static str> = None;

    /// Whether the output's payload streams (a download): the client hands the output
    /// over once the headers are in, and its payload member reads the body as it arrives.
    const STREAMING_OUTPUT: bool = false;

    /// Whether the payload may go unsigned (the model's `authtype: v4-unsigned-body`), so
    /// that a stream is sent without being read twice.
    const UNSIGNED_PAYLOAD: bool = false;

    /// Encodings the service accepts for compressed request bodies (the model's
    /// `requestcompression`), in preference order.
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];

    /// The input member the model marks `idempotencyToken`, if any.
    const IDEMPOTENCY_TOKEN: Option<IdempotencyToken<Self::Input>> = None;

    /// The host prefix from the model's `endpoint.hostPrefix`, labels filled in.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, BuildError> {
        Ok(None)
    }

    /// Builds the (unsigned) request for `input`, with a fresh idempotency token when the
    /// operation has one and the caller left it unset. The client builds once per call and
    /// resends that request on every retry, so the service sees one token per call: that
    /// is what lets it tell a retry from a second request.
    fn build_request(input: &Self::Input, endpoint: &Endpoint) -> Result<HttpRequest, BuildError> {
        Self::Protocol::build_request::<Self>(&*Self::prepared(input)?, endpoint)
    }

    /// As [`Operation::build_request`], with a streaming payload read from a file or a
    /// stream returned beside the request, for the client to send.
    fn build_streaming_request(input: &Self::Input, endpoint: &Endpoint) -> Result<(HttpRequest, Option<ByteStream>), BuildError> {
        Self::Protocol::build_streaming_request::<Self>(&*Self::prepared(input)?, endpoint)
    }

    /// The input as it is sent: refused when the operation is not supported, and with a
    /// fresh idempotency token when it has one the caller left unset.
    fn prepared(input: &Self::Input) -> Result<std::borrow::Cow<'_, Self::Input>, BuildError> {
        if let Some(reason) = Self::UNSUPPORTED {
            return Err(BuildError { operation: Self::NAME, message: reason.to_string() });
        }
        Ok(match Self::IDEMPOTENCY_TOKEN {
            Some(token) if (token.get)(input).is_none() => {
                let mut filled = input.clone();
                (token.set)(&mut filled, crate::random::idempotency_token());
                std::borrow::Cow::Owned(filled)
            }
            _ => std::borrow::Cow::Borrowed(input),
        })
    }

    /// Reads a response into the output or a typed error.
    fn parse_response(response: &HttpResponse) -> Result<Self::Output, SdkError<Self::Error>> {
        Self::Protocol::parse_response::<Self>(response)
    }

    /// Reads a successful response of a [`Operation::STREAMING_OUTPUT`] operation: `head`
    /// without its body, and the body still arriving.
    fn parse_streaming_response(head: &HttpResponse, body: ByteStream) -> Result<Self::Output, SdkError<Self::Error>> {
        Self::Protocol::parse_streaming_response::<Self>(head, body)
    }
}

/// How to read and fill an input's idempotency token: a `String` member the SDK fills
/// with a UUID when the caller does not, as botocore does. Such a member is optional in
/// Rust even when the model requires it.
#[non_exhaustive]
pub struct IdempotencyToken<I> {
    /// The member's value; `None` when unset.
    pub get: fn(&I) -> Option<&str>,
    /// Sets the member.
    pub set: fn(&mut I, String),
}

impl<I> IdempotencyToken<I> {
    /// The token member's accessors.
    pub const fn new(get: fn(&I) -> Option<&str>, set: fn(&mut I, String)) -> Self {
        IdempotencyToken { get, set }
    }
}

impl<I> Clone for IdempotencyToken<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for IdempotencyToken<I> {}

impl<I> std::fmt::Debug for IdempotencyToken<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdempotencyToken")
    }
}

/// An operation's error enum: one variant per modeled exception and a catch-all.
pub trait OperationError: Sized + std::fmt::Debug + std::fmt::Display {
    /// Reads the modeled exception named `code` from `body`; `None` when the operation
    /// has no exception by that name. `meta` fills what the body names differently
    /// from the model (`message` for a member `Message`).
    fn modeled(code: &str, body: &mut dyn ShapeReader, meta: &ErrorMetadata) -> Option<Result<Self, ReadError>>;
    /// The catch-all for errors the model does not list.
    fn unhandled(meta: ErrorMetadata) -> Self;

    /// `Some(throttling)` for errors the model marks `retryable`.
    fn retryable(&self) -> Option<bool> {
        None
    }
}

/// An exception shape. Services spell the message key `message`, `Message` or
/// `errorMessage` whatever the model says; the protocol layer reads all three into
/// [`ErrorMetadata`] and hands the message over here when the shape's own member is empty.
pub trait ModeledError {
    /// Sets the message member from `message` if the body left it empty.
    fn fill_message(&mut self, message: Option<&str>);
}

/// Parses a modeled exception and fills its message; generated error enums call this.
pub fn parse_modeled<T: Wire + ModeledError>(body: &mut dyn ShapeReader, meta: &ErrorMetadata) -> Result<T, ReadError> {
    let mut err = T::read_value(body, &Member::ROOT)?;
    err.fill_message(meta.message.as_deref());
    Ok(err)
}

/// Outputs carry the request id of the response they came from.
pub trait RequestId {
    /// `x-amzn-RequestId` of the response, if it had one.
    fn request_id(&self) -> Option<&str>;
}

/// Lets the protocol layer record the request id on a freshly parsed output.
#[doc(hidden)]
pub trait SetRequestId {
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// The input of an operation that the model gives none: sent as `{}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmptyInput {}

/// The output of an operation that the model gives none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmptyOutput {
    request_id: Option<String>,
}

static EMPTY: Schema = Schema::structure("Empty", &[]);

impl WriteMembers for EmptyInput {
    fn write_members(&self, _w: &mut dyn ShapeWriter) -> WriteResult {
        Ok(())
    }
}

impl Wire for EmptyInput {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_struct(m, &EMPTY, self)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        r.read_struct(m, &EMPTY, &mut |_, _| Ok(()))?;
        Ok(EmptyInput {})
    }
}

impl WriteMembers for EmptyOutput {
    fn write_members(&self, _w: &mut dyn ShapeWriter) -> WriteResult {
        Ok(())
    }
}

impl Wire for EmptyOutput {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_struct(m, &EMPTY, self)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        r.read_struct(m, &EMPTY, &mut |_, _| Ok(()))?;
        Ok(EmptyOutput::default())
    }
}

impl RequestId for EmptyOutput {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl SetRequestId for EmptyOutput {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

/// Checks a value bound for a host label (`{Name}` in a host prefix): 1 to 63 letters,
/// digits and hyphens, not starting with a hyphen, so it cannot redirect the request.
pub fn host_label<'a>(operation: &'static str, member: &str, value: &'a str) -> Result<&'a str, BuildError> {
    let valid =
        !value.is_empty() && value.len() <= 63 && !value.starts_with('-') && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if valid {
        Ok(value)
    } else {
        Err(BuildError { operation, message: format!("{member} {value:?} is not a valid host label") })
    }
}

/// A host label member that is optional in the model but needed for the host.
pub fn required_host_label<'a>(operation: &'static str, member: &str, value: Option<&'a str>) -> Result<&'a str, BuildError> {
    let value = value.ok_or_else(|| BuildError { operation, message: format!("{member} is required: it is part of the host name") })?;
    host_label(operation, member, value)
}
