//! The async layer: sign, send over HTTPS (hyper + rustls), read the whole response, and
//! hand it to the sans-I/O operation. Generated clients hold a [`Handle`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::byte_stream::ByteStream;
use crate::credentials::{default_region, CredentialsError, DefaultCredentialsChain, Env, ProvideCredentials};
use crate::endpoint::{Endpoint, EndpointError, EndpointOptions};
use crate::error::{DispatchError, ResponseTooLarge, SdkError};
use crate::operation::{HttpResponse, Operation, ServiceInfo};
use crate::retry::{backoff, classify, RetryConfig, RetryKind, RetryQuota};
use crate::sigv4::{sha256_hex, sign_http_request_with_payload, SigningParams, UNSIGNED_PAYLOAD};
use crate::skew::{is_clock_skew_error, ClockSkew};

/// Connect timeout unless configured: long enough for a cold TLS handshake across an ocean.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Timeout of one attempt unless configured: request, response and body.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// The most a response body may hold unless configured. Well above the largest real AWS
/// responses (DynamoDB's `BatchGetItem` returns up to 16 MB of items; Kinesis's
/// `GetRecords` up to 10 MB of data, about 14 MB as base64 in JSON; Lambda's `Invoke` a
/// 6 MB payload), and small enough that an endless body cannot exhaust a small machine.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 << 20;
/// Whole-call timeout unless configured: every attempt and the waits between them.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(60);

/// Where the current time comes from; tests fix it to compare signatures.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Client settings: region, credentials, endpoint and timeouts.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Arc<dyn ProvideCredentials>,
    endpoint_url: Option<String>,
    endpoint_options: EndpointOptions,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    max_response_size: usize,
    retry: RetryConfig,
    clock: Clock,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("endpoint_options", &self.endpoint_options)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Why a client could not be configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl From<EndpointError> for ConfigError {
    fn from(e: EndpointError) -> Self {
        ConfigError(e.to_string())
    }
}

impl From<CredentialsError> for ConfigError {
    fn from(e: CredentialsError) -> Self {
        ConfigError(e.to_string())
    }
}

impl Config {
    /// Settings from the environment: credentials from the standard chain (resolved at
    /// each call), region from `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile, and
    /// `AWS_ENDPOINT_URL` if set.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from(Env::real())
    }

    /// Like [`Config::from_env`], over a given environment.
    pub fn from(env: Env) -> Result<Self, ConfigError> {
        let mut config = Config::new(DefaultCredentialsChain::with_env(env.clone()));
        config.region = default_region(&env)?;
        config.endpoint_url = env.get("AWS_ENDPOINT_URL");
        Ok(config)
    }

    /// Settings with these credentials and nothing else.
    pub fn new(credentials: impl ProvideCredentials + 'static) -> Self {
        Config {
            region: None,
            credentials: Arc::new(credentials),
            endpoint_url: None,
            endpoint_options: EndpointOptions::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            retry: RetryConfig::standard(),
            clock: Arc::new(SystemTime::now),
        }
    }

    /// Sets the region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the credentials provider.
    pub fn with_credentials(mut self, credentials: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Arc::new(credentials);
        self
    }

    /// Sends requests to this URL instead of the regional endpoint (a VPC endpoint, a
    /// local fake). The region is still needed for signing.
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses FIPS and/or dual-stack endpoints.
    pub fn with_endpoint_options(mut self, options: EndpointOptions) -> Self {
        self.endpoint_options = options;
        self
    }

    /// Limits how long establishing a connection may take.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limits how many bytes a response body may hold (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 64 MiB); a larger one fails the call with
    /// [`SdkError::TooLarge`], without retrying.
    pub fn with_max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Limits how long one attempt may take, response body included (default 20 s).
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Sets how failed attempts are retried (default: AWS standard mode, 3 attempts).
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Limits how long a whole call may take: every attempt and the waits between them
    /// (default 60 s).
    pub fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self
    }

    /// Replaces the clock used to sign requests.
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The region, if one is known.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
}

type HttpsClient = hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<HttpConnector>, crate::body::RequestBody>;

/// A configured connection to one service; generated clients wrap it.
#[derive(Clone)]
pub struct Handle {
    service: &'static ServiceInfo,
    region: String,
    endpoint: Endpoint,
    credentials: Arc<dyn ProvideCredentials>,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    max_response_size: usize,
    retry: RetryConfig,
    quota: RetryQuota,
    clock: Clock,
    /// Learned from responses' `Date` headers; shared by every call of the client.
    skew: ClockSkew,
    http: HttpsClient,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("service", &self.service.service_id)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Handle {
    /// Resolves the endpoint and builds the HTTPS client.
    pub fn new(service: &'static ServiceInfo, config: &Config) -> Result<Self, ConfigError> {
        let region = config
            .region
            .clone()
            .ok_or_else(|| ConfigError("no AWS region: set AWS_REGION, a profile's region, or configure one".into()))?;
        let endpoint = match &config.endpoint_url {
            Some(url) => Endpoint::from_url(url)?,
            None => Endpoint::for_region(service, &region, config.endpoint_options)?,
        };
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(config.connect_timeout));
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots().https_or_http().enable_http1().wrap_connector(http);
        let http = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(https);
        Ok(Handle {
            service,
            region,
            endpoint,
            credentials: config.credentials.clone(),
            attempt_timeout: config.attempt_timeout,
            operation_timeout: config.operation_timeout,
            max_response_size: config.max_response_size,
            retry: config.retry,
            quota: RetryQuota::default(),
            clock: config.clock.clone(),
            skew: ClockSkew::default(),
            http,
        })
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Calls operation `O`: build, then sign, send and parse each attempt, retrying as
    /// the retry configuration allows, all within the operation timeout.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        let span = tracing::info_span!(
            "aws.call",
            service = O::SERVICE.service_id,
            operation = O::NAME,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let call = tracing::Instrument::instrument(self.attempts::<O>(input, &span), span.clone());
        match tokio::time::timeout(self.operation_timeout, call).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(parent: &span, timeout = ?self.operation_timeout, "operation timed out");
                Err(SdkError::Dispatch(DispatchError {
                    message: format!("{} timed out after {:?}", O::NAME, self.operation_timeout),
                    timeout: true,
                    source: None,
                }))
            }
        }
    }

    async fn attempts<O: Operation>(&self, input: &O::Input, span: &tracing::Span) -> Result<O::Output, SdkError<O::Error>> {
        let (request, stream) = O::build_streaming_request(input, &self.endpoint).map_err(SdkError::Build)?;
        let payload_hash = match &stream {
            None => sha256_hex(request.body()),
            Some(stream) => self.stream_hash::<O>(stream).await?,
        };
        // A one-pass stream is gone after the first attempt: nothing to retry with.
        let replayable = stream.as_ref().is_none_or(ByteStream::is_replayable);
        let mut spent = 0;
        let mut attempt = 1;
        loop {
            let offset = self.skew.offset_secs();
            let result = self.attempt::<O>(request.clone(), stream.as_ref(), &payload_hash, attempt).await;
            let skew_corrected = self.skew.offset_secs() != offset;
            span.record("attempts", attempt);
            let (status, request_id) = match &result {
                Ok(_) => (200, None),
                Err(e) => (e.service_error().map_or(0, |s| s.meta.status), e.request_id().map(str::to_string)),
            };
            if status != 0 {
                span.record("status", status);
            }
            if let Some(id) = request_id.as_deref().or_else(|| result.as_ref().ok().and_then(|o| crate::RequestId::request_id(o))) {
                span.record("request_id", id);
            }
            let error = match result {
                Ok(output) => {
                    if self.retry.use_quota {
                        self.quota.release(spent);
                    }
                    return Ok(output);
                }
                Err(error) => error,
            };
            // A signature rejected for its time is worth one more try once the clock is fixed.
            let kind = classify(&error).or_else(|| (skew_corrected && is_clock_skew_error(&error)).then_some(RetryKind::Transient));
            let Some(kind) = kind.filter(|_| attempt < self.retry.max_attempts && replayable) else {
                return Err(error);
            };
            if self.retry.use_quota {
                match self.quota.acquire(kind) {
                    Some(cost) => spent += cost,
                    None => {
                        tracing::debug!(attempt, "retry quota exhausted");
                        return Err(error);
                    }
                }
            }
            let wait = backoff(&self.retry, attempt);
            tracing::debug!(attempt, ?kind, ?wait, error = %error, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// The payload hash to sign for a streaming body: `UNSIGNED-PAYLOAD` where the
    /// operation allows it, else the SHA-256 of a pass over the stream, which must then
    /// be replayable.
    async fn stream_hash<O: Operation>(&self, stream: &ByteStream) -> Result<String, SdkError<O::Error>> {
        let build = |message: String| SdkError::Build(crate::BuildError { operation: O::NAME, message });
        if O::UNSIGNED_PAYLOAD {
            return Ok(UNSIGNED_PAYLOAD.to_string());
        }
        if !stream.is_replayable() {
            return Err(build("the operation signs its payload, which a one-pass stream cannot give twice: send bytes or a file".into()));
        }
        crate::body::sha256_hex(stream).await.map_err(|e| build(format!("cannot read the payload to sign it: {e}")))
    }

    /// One attempt: sign now (the signature carries the time), send, read, parse.
    async fn attempt<O: Operation>(
        &self,
        mut request: http::Request<Vec<u8>>,
        stream: Option<&ByteStream>,
        payload_hash: &str,
        attempt: u32,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let credentials = self.credentials.provide_credentials().await.map_err(SdkError::Credentials)?;
        request
            .headers_mut()
            .insert(http::header::USER_AGENT, http::HeaderValue::from_static(concat!("botogen/", env!("CARGO_PKG_VERSION"))));
        let params = SigningParams {
            credentials: &credentials,
            region: &self.region,
            service: O::SERVICE.signing_name,
            time: self.skew.corrected((self.clock)()),
        };
        sign_http_request_with_payload(&mut request, &params, payload_hash).map_err(|e| {
            SdkError::Dispatch(DispatchError { message: format!("cannot sign the request: {e}"), timeout: false, source: None })
        })?;
        let (parts, bytes) = request.into_parts();
        let body = match stream {
            None => crate::body::full(bytes),
            Some(stream) => crate::body::streaming(stream).map_err(|e| {
                SdkError::Dispatch(DispatchError { message: format!("cannot read the payload: {e}"), timeout: false, source: None })
            })?,
        };
        let request = http::Request::from_parts(parts, body);
        tracing::debug!(attempt, "sending");
        let response = match tokio::time::timeout(self.attempt_timeout, self.send(request, O::STREAMING_OUTPUT)).await {
            Ok(Ok(response)) => response,
            Ok(Err(Sent::Failed(e))) => return Err(SdkError::Dispatch(e)),
            Ok(Err(Sent::TooLarge { status, request_id })) => {
                tracing::warn!(limit = self.max_response_size, "response body too large");
                return Err(SdkError::TooLarge(ResponseTooLarge { operation: O::NAME, limit: self.max_response_size, status, request_id }));
            }
            Err(_) => {
                return Err(SdkError::Dispatch(DispatchError {
                    message: format!("{} attempt {attempt} timed out after {:?}", O::NAME, self.attempt_timeout),
                    timeout: true,
                    source: None,
                }))
            }
        };
        let head = match &response {
            Received::Whole(response) | Received::Streaming(response, _) => response,
        };
        tracing::debug!(attempt, status = head.status().as_u16(), "received");
        let date = head.headers().get(http::header::DATE).and_then(|v| v.to_str().ok());
        if let Some(offset_secs) = self.skew.observe((self.clock)(), date) {
            tracing::warn!(offset_secs, "the local clock is off from the service's; signing with the service's time");
        }
        match response {
            Received::Whole(response) => O::parse_response(&response),
            Received::Streaming(head, body) => O::parse_streaming_response(&head, body),
        }
    }

    /// Sends `request` and reads the response: whole, up to the cap, or, for a success
    /// of an operation whose output streams (`streaming`), only its head, the body left
    /// to arrive as the caller reads it.
    async fn send(&self, request: http::Request<crate::body::RequestBody>, streaming: bool) -> Result<Received, Sent> {
        let dispatch = |what: &str, e: Box<dyn std::error::Error + Send + Sync>| DispatchError {
            message: format!("{what} {}: {e}", self.endpoint.url()),
            timeout: false,
            source: Some(e),
        };
        let response = self.http.request(request).await.map_err(|e| Sent::Failed(dispatch("cannot reach", Box::new(e))))?;
        let (parts, body) = response.into_parts();
        if streaming && parts.status.is_success() {
            let len = parts.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok());
            let head = HttpResponse::from_parts(parts, Vec::new());
            return Ok(Received::Streaming(head, crate::body::response_stream(body, len)));
        }
        // Read up to the cap and no further, whatever the body claims or keeps sending.
        let body = match Limited::new(body, self.max_response_size).collect().await {
            Ok(body) => body.to_bytes(),
            Err(e) if e.is::<LengthLimitError>() => {
                return Err(Sent::TooLarge { status: parts.status.as_u16(), request_id: crate::protocol::request_id_in(&parts.headers) });
            }
            Err(e) => return Err(Sent::Failed(dispatch("lost the response from", e))),
        };
        Ok(Received::Whole(HttpResponse::from_parts(parts, body.to_vec())))
    }
}

/// A response as [`Handle::send`] gives it.
enum Received {
    Whole(HttpResponse),
    /// The head of a success whose body streams, and that body.
    Streaming(HttpResponse, ByteStream),
}

/// Why [`Handle::send`] has no response to parse.
enum Sent {
    Failed(DispatchError),
    /// The body passed the cap.
    TooLarge {
        status: u16,
        request_id: Option<String>,
    },
}
