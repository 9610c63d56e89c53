//! Where requests go: `https://{prefix}.{region}.{dnsSuffix}` by partition, as botocore's
//! endpoint rule sets resolve it for regional services, or a URL the user gives.

use std::fmt;

use crate::operation::ServiceInfo;

/// A resolved endpoint: scheme, authority and base path.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

/// Why an endpoint could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError(String);

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EndpointError {}

/// Variants of the regional endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EndpointOptions {
    /// Use the FIPS 140 endpoint (`{prefix}-fips.{region}…`).
    pub fips: bool,
    /// Use the dual-stack (IPv6) endpoint.
    pub dual_stack: bool,
}

/// A partition: the regions it holds and the DNS suffixes of its endpoints
/// (botocore's `partitions.json`).
struct Partition {
    /// Region name prefixes; the rest of the name is `-<word>-<digits>`.
    prefixes: &'static [&'static str],
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
}

const PARTITIONS: &[Partition] = &[
    Partition { prefixes: &["cn"], dns_suffix: "amazonaws.com.cn", dual_stack_dns_suffix: "api.amazonwebservices.com.cn" },
    Partition { prefixes: &["eusc-de"], dns_suffix: "amazonaws.eu", dual_stack_dns_suffix: "api.amazonwebservices.eu" },
    Partition { prefixes: &["us-iso"], dns_suffix: "c2s.ic.gov", dual_stack_dns_suffix: "api.aws.ic.gov" },
    Partition { prefixes: &["us-isob"], dns_suffix: "sc2s.sgov.gov", dual_stack_dns_suffix: "api.aws.scloud" },
    Partition { prefixes: &["eu-isoe"], dns_suffix: "cloud.adc-e.uk", dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk" },
    Partition { prefixes: &["us-isof"], dns_suffix: "csp.hci.ic.gov", dual_stack_dns_suffix: "api.aws.hci.ic.gov" },
    Partition { prefixes: &["us-gov"], dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws" },
];

/// The commercial partition, which also takes regions no pattern matches, as botocore does.
const AWS: Partition = Partition { prefixes: &[], dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws" };

fn partition(region: &str) -> &'static Partition {
    PARTITIONS
        .iter()
        .find(|p| {
            p.prefixes.iter().any(|prefix| {
                region.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('-')).is_some_and(|rest| {
                    // `<word>-<digits>`
                    rest.split_once('-').is_some_and(|(word, digits)| {
                        !word.is_empty()
                            && word.bytes().all(|b| b.is_ascii_alphanumeric())
                            && !digits.is_empty()
                            && digits.bytes().all(|b| b.is_ascii_digit())
                    })
                })
            })
        })
        .unwrap_or(&AWS)
}

impl Endpoint {
    /// The regional endpoint of `service` in `region`.
    pub fn for_region(service: &ServiceInfo, region: &str, options: EndpointOptions) -> Result<Self, EndpointError> {
        let valid = !region.is_empty()
            && region.len() <= 63
            && !region.starts_with('-')
            && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(EndpointError(format!("{region:?} is not a valid region name")));
        }
        let p = partition(region);
        let prefix = if options.fips { format!("{}-fips", service.endpoint_prefix) } else { service.endpoint_prefix.to_string() };
        let suffix = if options.dual_stack { p.dual_stack_dns_suffix } else { p.dns_suffix };
        Ok(Endpoint { scheme: "https".into(), host: format!("{prefix}.{region}.{suffix}"), port: None, path: "/".into() })
    }

    /// An endpoint from a URL such as `http://127.0.0.1:8080` or `https://vpce-1.example/`.
    pub fn from_url(url: &str) -> Result<Self, EndpointError> {
        let bad = |why: &str| EndpointError(format!("endpoint URL {url:?} {why}"));
        let uri: http::Uri = url.parse().map_err(|_| bad("is not a valid URL"))?;
        let scheme = uri.scheme_str().ok_or_else(|| bad("has no scheme"))?;
        if scheme != "http" && scheme != "https" {
            return Err(bad("must use http or https"));
        }
        let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(|| bad("has no host"))?;
        if !valid_host(host) {
            return Err(bad("has an invalid host"));
        }
        if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            return Err(bad("must not carry user information"));
        }
        if uri.query().is_some() {
            return Err(bad("must not have a query"));
        }
        let mut path = uri.path().to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(Endpoint { scheme: scheme.to_string(), host: host.to_string(), port: uri.port_u16(), path })
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host name, without port.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// `host` or `host:port`, as the `Host` header carries it.
    pub fn authority(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }

    /// The base path, ending in `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole URL.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority(), self.path)
    }
}

/// An IPv6 literal in brackets, or an RFC 3986 reg-name (DNS names and IPv4 addresses
/// among them). `http::Uri` is more lenient: it takes `1[::1]` as a host.
fn valid_host(host: &str) -> bool {
    match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(inner) => inner.parse::<std::net::Ipv6Addr>().is_ok(),
        None => host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(&b)),
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({})", self.url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPSTREAM: ServiceInfo =
        ServiceInfo::new("AppStream", "appstream2", "appstream", "2016-12-01").with_aws_json("PhotonAdminProxyService", "1.1");

    #[test]
    fn regions_resolve_by_partition() {
        let url = |region: &str| Endpoint::for_region(&APPSTREAM, region, EndpointOptions::default()).unwrap().url();
        assert_eq!(url("us-east-1"), "https://appstream2.us-east-1.amazonaws.com/");
        assert_eq!(url("cn-north-1"), "https://appstream2.cn-north-1.amazonaws.com.cn/");
        assert_eq!(url("us-gov-west-1"), "https://appstream2.us-gov-west-1.amazonaws.com/");
        assert_eq!(url("us-iso-east-1"), "https://appstream2.us-iso-east-1.c2s.ic.gov/");
        assert_eq!(url("us-isob-east-1"), "https://appstream2.us-isob-east-1.sc2s.sgov.gov/");
        assert_eq!(url("eu-isoe-west-1"), "https://appstream2.eu-isoe-west-1.cloud.adc-e.uk/");
        assert_eq!(url("us-isof-south-1"), "https://appstream2.us-isof-south-1.csp.hci.ic.gov/");
        assert_eq!(url("eusc-de-east-1"), "https://appstream2.eusc-de-east-1.amazonaws.eu/");
        assert_eq!(url("mars-west-1"), "https://appstream2.mars-west-1.amazonaws.com/");
        let fips = Endpoint::for_region(&APPSTREAM, "us-gov-west-1", EndpointOptions { fips: true, dual_stack: true }).unwrap();
        assert_eq!(fips.url(), "https://appstream2-fips.us-gov-west-1.api.aws/");
        assert!(Endpoint::for_region(&APPSTREAM, "us-east-1.evil.com/", EndpointOptions::default()).is_err());
        assert!(Endpoint::for_region(&APPSTREAM, "", EndpointOptions::default()).is_err());
    }

    #[test]
    fn urls_keep_port_and_path() {
        let e = Endpoint::from_url("http://127.0.0.1:8080").unwrap();
        assert_eq!((e.scheme(), e.authority(), e.path()), ("http", "127.0.0.1:8080".to_string(), "/"));
        assert_eq!(Endpoint::from_url("https://vpce.example/base").unwrap().url(), "https://vpce.example/base/");
        for bad in ["127.0.0.1:80", "ftp://x", "http://", "http://x/?a=b", "not a url"] {
            assert!(Endpoint::from_url(bad).is_err(), "{bad}");
        }
        // Found by fuzzing (fuzz/regressions/runtime_text): hosts `http::Uri` lets through
        // that would print as another URL, or carry credentials that would be dropped.
        for bad in ["https://1[::1]:443", "https://[zz]/", "http://user:pw@host/"] {
            assert!(Endpoint::from_url(bad).is_err(), "{bad}");
        }
        assert_eq!(Endpoint::from_url("https://[::1]:8443").unwrap().url(), "https://[::1]:8443/");
    }
}
