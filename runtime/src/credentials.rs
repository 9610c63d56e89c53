//! AWS credentials and region: static, from the standard environment variables, or from
//! the shared `credentials` and `config` files with profiles, as every AWS SDK reads them.
//!
//! Secrets never reach `Debug`, `Display` or errors.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::SystemTime;

/// An access key, its secret and, for temporary credentials, a session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-term or temporary credentials.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>, session_token: Option<String>) -> Self {
        Credentials { access_key_id: access_key_id.into(), secret_access_key: secret_access_key.into(), session_token, expiry: None }
    }

    /// Sets when temporary credentials stop working.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The access key id (`AKIA…`, `ASIA…`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials expire.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &crate::Redacted)
            .field("session_token", &self.session_token.as_ref().map(|_| crate::Redacted))
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Why no credentials could be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// An error with a message for people; it must not contain secrets.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError { message: message.into() }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// A boxed future, so providers can be stored behind `dyn`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that yields credentials, possibly after I/O (files, a metadata service).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Credentials for the next request.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// Where environment variables come from: the process, or a fixed map in tests.
#[derive(Debug, Clone, Default)]
pub struct Env {
    fixed: Option<BTreeMap<String, String>>,
}

impl Env {
    /// The process environment.
    pub fn real() -> Self {
        Env { fixed: None }
    }

    /// A fixed set of variables; nothing else is visible.
    pub fn from_vars<'a>(vars: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Env { fixed: Some(vars.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()) }
    }

    /// A variable's value; empty values count as unset, as in the AWS SDKs.
    pub fn get(&self, key: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(map) => map.get(key).cloned(),
            None => std::env::var(key).ok(),
        };
        value.filter(|v| !v.trim().is_empty())
    }
}

/// The standard chain: environment variables, then the shared files' profile.
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChain {
    env: Env,
    profile: Option<String>,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        DefaultCredentialsChain { env: Env::real(), profile: None }
    }

    /// The chain over a given environment (tests, or embedding).
    pub fn with_env(env: Env) -> Self {
        DefaultCredentialsChain { env, profile: None }
    }

    /// Uses this profile instead of `AWS_PROFILE` or `default`.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// Resolves credentials now.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        if let Some(creds) = from_env(&self.env)? {
            return Ok(creds);
        }
        let files = ProfileFiles::load(&self.env)?;
        let name = self.profile.clone().unwrap_or_else(|| profile_name(&self.env));
        match files.profile(&name) {
            Some(profile) => from_profile(&name, &profile),
            None => Err(CredentialsError::new(format!(
                "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile \"{name}\" to {}",
                files.describe()
            ))),
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.resolve() })
    }
}

fn from_env(env: &Env) -> Result<Option<Credentials>, CredentialsError> {
    match (env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::new(id, secret, env.get("AWS_SESSION_TOKEN")))),
        (Some(_), None) => Err(CredentialsError::new("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
        (None, Some(_)) => Err(CredentialsError::new("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")),
        (None, None) => Ok(None),
    }
}

fn from_profile(name: &str, profile: &BTreeMap<String, String>) -> Result<Credentials, CredentialsError> {
    match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, profile.get("aws_session_token").cloned())),
        _ => {
            let other = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"]
                .into_iter()
                .find(|k| profile.contains_key(*k));
            Err(CredentialsError::new(match other {
                Some(key) => format!(
                    "profile \"{name}\" uses {key}, which this client does not resolve; enable the \
                     `aws-credential-types` feature and pass aws-config's provider"
                ),
                None => format!("profile \"{name}\" has no aws_access_key_id and aws_secret_access_key"),
            }))
        }
    }
}

fn profile_name(env: &Env) -> String {
    env.get("AWS_PROFILE").unwrap_or_else(|| "default".into())
}

/// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`.
pub fn default_region(env: &Env) -> Result<Option<String>, CredentialsError> {
    if let Some(region) = env.get("AWS_REGION").or_else(|| env.get("AWS_DEFAULT_REGION")) {
        return Ok(Some(region));
    }
    let files = ProfileFiles::load(env)?;
    Ok(files.profile(&profile_name(env)).and_then(|p| p.get("region").cloned()))
}

/// Profiles by name, each a map of lowercase keys to values.
pub type Profiles = BTreeMap<String, BTreeMap<String, String>>;

/// The shared `config` and `credentials` files, parsed, with the path each came from.
#[derive(Debug, Default)]
struct ProfileFiles {
    config: Option<(PathBuf, Profiles)>,
    credentials: Option<(PathBuf, Profiles)>,
}

impl ProfileFiles {
    fn load(env: &Env) -> Result<Self, CredentialsError> {
        let home = env.get("HOME").or_else(|| env.get("USERPROFILE")).map(PathBuf::from);
        let path =
            |var: &str, default: &str| env.get(var).map(PathBuf::from).or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)));
        let read = |path: Option<PathBuf>, config: bool| -> Result<_, CredentialsError> {
            let Some(path) = path else { return Ok(None) };
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(Some((path, parse_profiles(&text, config)))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(CredentialsError::new(format!("cannot read {}: {e}", path.display()))),
            }
        };
        Ok(ProfileFiles {
            config: read(path("AWS_CONFIG_FILE", "config"), true)?,
            credentials: read(path("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false)?,
        })
    }

    /// A profile's keys; the credentials file wins over the config file for each key.
    fn profile(&self, name: &str) -> Option<BTreeMap<String, String>> {
        let from_config = self.config.as_ref().and_then(|(_, p)| p.get(name));
        let from_credentials = self.credentials.as_ref().and_then(|(_, p)| p.get(name));
        if from_config.is_none() && from_credentials.is_none() {
            return None;
        }
        let mut merged = from_config.cloned().unwrap_or_default();
        merged.extend(from_credentials.cloned().unwrap_or_default());
        Some(merged)
    }

    fn describe(&self) -> String {
        let names: Vec<String> =
            [&self.credentials, &self.config].iter().filter_map(|f| f.as_ref().map(|(p, _)| p.display().to_string())).collect();
        if names.is_empty() {
            "the shared credentials file (none found)".into()
        } else {
            names.join(" or ")
        }
    }
}

/// Parses an AWS profile file. In the config file, sections are `[default]` and
/// `[profile NAME]`; in the credentials file, `[NAME]`. Indented lines continue a
/// sub-section and are skipped; `#` and `;` start comments. Public so that tools read
/// the files as the credential chain does; any text gives profiles, never an error.
pub fn parse_profiles(text: &str, config: bool) -> Profiles {
    let mut profiles = Profiles::new();
    let mut current: Option<String> = None;
    for raw in text.lines() {
        if raw.starts_with([' ', '\t']) {
            continue;
        }
        let line = raw.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = line.strip_prefix('[') {
            let section = section.split(']').next().unwrap_or("").trim();
            current = if config {
                match section.strip_prefix("profile") {
                    Some(rest) if rest.starts_with([' ', '\t']) => Some(rest.trim().to_string()),
                    _ if section == "default" => Some("default".into()),
                    _ => None, // sso-session and services sections hold no profile
                }
            } else {
                Some(section.to_string())
            };
            if let Some(name) = &current {
                profiles.entry(name.clone()).or_default();
            }
            continue;
        }
        let (Some(name), Some((key, value))) = (&current, line.split_once('=')) else { continue };
        let value = value.split([' ', '\t']).collect::<Vec<_>>();
        // Inline comments need whitespace before `#` or `;`.
        let end = value.iter().position(|w| w.starts_with(['#', ';'])).unwrap_or(value.len());
        let value = value[..end].iter().filter(|w| !w.is_empty()).copied().collect::<Vec<_>>().join(" ");
        profiles.entry(name.clone()).or_default().insert(key.trim().to_lowercase(), value);
    }
    profiles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_variables_come_first() {
        let env = Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "SECRET"), ("AWS_SESSION_TOKEN", "TOKEN")]);
        let creds = DefaultCredentialsChain::with_env(env).resolve().unwrap();
        assert_eq!((creds.access_key_id(), creds.secret_access_key(), creds.session_token()), ("AKID", "SECRET", Some("TOKEN")));
        let half = Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID")]);
        assert!(DefaultCredentialsChain::with_env(half).resolve().unwrap_err().to_string().contains("AWS_SECRET_ACCESS_KEY"));
    }

    #[test]
    fn profiles_merge_credentials_over_config() {
        let dir = std::env::temp_dir().join(format!("botogen-profiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("config");
        let credentials = dir.join("credentials");
        std::fs::write(
            &config,
            "[default]\nregion = us-west-2\n[profile dev]\nregion=eu-west-1 # inline comment\naws_access_key_id = FROMCONFIG\ns3 =\n  max_concurrent_requests = 10\n[sso-session x]\nregion = nope\n",
        )
        .unwrap();
        std::fs::write(&credentials, "; comment\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = SECRETDEV\n[assume]\nrole_arn = arn:aws:iam::1:role/r\n").unwrap();
        let (c, k) = (config.to_str().unwrap(), credentials.to_str().unwrap());
        let env =
            |profile: &'static str| Env::from_vars([("AWS_CONFIG_FILE", c), ("AWS_SHARED_CREDENTIALS_FILE", k), ("AWS_PROFILE", profile)]);
        let creds = DefaultCredentialsChain::with_env(env("dev")).resolve().unwrap();
        assert_eq!((creds.access_key_id(), creds.secret_access_key()), ("AKIDDEV", "SECRETDEV"));
        assert_eq!(default_region(&env("dev")).unwrap().as_deref(), Some("eu-west-1"));
        assert_eq!(default_region(&env("default")).unwrap().as_deref(), Some("us-west-2"));
        let err = DefaultCredentialsChain::with_env(env("assume")).resolve().unwrap_err().to_string();
        assert!(err.contains("role_arn"), "{err}");
        let err = DefaultCredentialsChain::with_env(env("missing")).resolve().unwrap_err().to_string();
        assert!(err.starts_with("no AWS credentials"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let creds = Credentials::new("AKID", "TOPSECRET", Some("TOKENSECRET".into()));
        let debug = format!("{creds:?}");
        assert!(debug.contains("AKID") && !debug.contains("TOPSECRET") && !debug.contains("TOKENSECRET"), "{debug}");
    }
}
