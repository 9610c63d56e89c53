//! Any provider of the `aws-credential-types` crate as a botogen credentials source, so
//! aws-config's whole default chain (SSO, web identity, container and instance metadata,
//! `credential_process`, assumed roles) plugs into generated clients:
//!
//! ```ignore
//! let sdk_config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//! let provider = AwsCredentialsProvider::new(sdk_config.credentials_provider().unwrap());
//! let client = appstream::Client::new(&appstream::Config::new(provider).with_region("eu-west-1"))?;
//! ```
//!
//! Behind the off-by-default `aws-credential-types` feature, which needs Rust 1.94.

use aws_credential_types::provider::{ProvideCredentials as AwsProvideCredentials, SharedCredentialsProvider};

use crate::credentials::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};

/// Wraps an `aws-credential-types` provider.
#[derive(Debug, Clone)]
pub struct AwsCredentialsProvider(SharedCredentialsProvider);

impl AwsCredentialsProvider {
    /// Wraps `provider`, e.g. `SdkConfig::credentials_provider()` from aws-config.
    pub fn new(provider: impl AwsProvideCredentials + 'static) -> Self {
        AwsCredentialsProvider(SharedCredentialsProvider::new(provider))
    }
}

impl ProvideCredentials for AwsCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let creds = self.0.provide_credentials().await.map_err(|e| {
                let mut message = format!("credentials provider failed: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                CredentialsError::new(message)
            })?;
            let mut out = Credentials::new(creds.access_key_id(), creds.secret_access_key(), creds.session_token().map(str::to_string));
            if let Some(expiry) = creds.expiry() {
                out = out.with_expiry(expiry);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_credentials_become_botogen_credentials() {
        let expiry = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(2_000_000_000);
        let source = aws_credential_types::Credentials::new("AKIDAWS", "secret", Some("token".into()), Some(expiry), "test");
        let provider = AwsCredentialsProvider::new(source);
        let creds = futures_lite_block_on(provider.provide_credentials()).unwrap();
        assert_eq!((creds.access_key_id(), creds.secret_access_key(), creds.session_token()), ("AKIDAWS", "secret", Some("token")));
        assert_eq!(creds.expiry(), Some(expiry));
    }

    /// Polls a future that is ready at once (static credentials), without an executor.
    fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("static credentials resolve at once"),
        }
    }
}
