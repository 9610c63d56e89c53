//! The async layer: sign, send over HTTPS (hyper + rustls), read the whole response, and
//! hand it to the sans-I/O operation. Generated clients hold a [`Handle`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::credentials::{default_region, CredentialsError, DefaultCredentialsChain, Env, ProvideCredentials};
use crate::endpoint::{Endpoint, EndpointError, EndpointOptions};
use crate::error::{DispatchError, SdkError};
use crate::operation::{HttpResponse, Operation, ServiceInfo};
use crate::sigv4::{sign_http_request, SigningParams};
use crate::DateTime;

/// Connect timeout unless configured: long enough for a cold TLS handshake across an ocean.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Whole-call timeout unless configured: request, response and body.
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
    operation_timeout: Duration,
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
            .field("operation_timeout", &self.operation_timeout)
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
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
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

    /// Limits how long a whole call may take, response body included.
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

type HttpsClient = hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A configured connection to one service; generated clients wrap it.
#[derive(Clone)]
pub struct Handle {
    service: &'static ServiceInfo,
    region: String,
    endpoint: Endpoint,
    credentials: Arc<dyn ProvideCredentials>,
    operation_timeout: Duration,
    clock: Clock,
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
        let region = config.region.clone().ok_or_else(|| {
            ConfigError("no AWS region: set AWS_REGION, a profile's region, or configure one".into())
        })?;
        let endpoint = match &config.endpoint_url {
            Some(url) => Endpoint::from_url(url)?,
            None => Endpoint::for_region(service, &region, config.endpoint_options)?,
        };
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(config.connect_timeout));
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let http = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(https);
        Ok(Handle {
            service,
            region,
            endpoint,
            credentials: config.credentials.clone(),
            operation_timeout: config.operation_timeout,
            clock: config.clock.clone(),
            http,
        })
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Calls operation `O`: build, sign, send, parse.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        let mut request = O::build_request(input, &self.endpoint).map_err(SdkError::Build)?;
        let credentials = self.credentials.provide_credentials().await.map_err(SdkError::Credentials)?;
        request.headers_mut().insert(
            http::header::USER_AGENT,
            http::HeaderValue::from_static(concat!("botogen/", env!("CARGO_PKG_VERSION"))),
        );
        let params = SigningParams {
            credentials: &credentials,
            region: &self.region,
            service: O::SERVICE.signing_name,
            time: DateTime::from((self.clock)()),
        };
        sign_http_request(&mut request, &params).map_err(|e| {
            SdkError::Dispatch(DispatchError { message: format!("cannot sign the request: {e}"), timeout: false, source: None })
        })?;
        let response = match tokio::time::timeout(self.operation_timeout, self.send(request)).await {
            Ok(result) => result.map_err(SdkError::Dispatch)?,
            Err(_) => {
                return Err(SdkError::Dispatch(DispatchError {
                    message: format!("{} timed out after {:?}", O::NAME, self.operation_timeout),
                    timeout: true,
                    source: None,
                }))
            }
        };
        O::parse_response(&response)
    }

    async fn send(&self, request: http::Request<Vec<u8>>) -> Result<HttpResponse, DispatchError> {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
        let dispatch = |what: &str, e: Box<dyn std::error::Error + Send + Sync>| DispatchError {
            message: format!("{what} {}: {e}", self.endpoint.url()),
            timeout: false,
            source: Some(e),
        };
        let response = self.http.request(request).await.map_err(|e| dispatch("cannot reach", Box::new(e)))?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map_err(|e| dispatch("lost the response from", Box::new(e)))?.to_bytes();
        Ok(HttpResponse::from_parts(parts, body.to_vec()))
    }
}
