//! Which protocol a generated crate speaks, chosen as botocore chooses it.

use crate::error::{Error, Result};
use crate::model::Metadata;

/// botocore's preference order: the first of these that a service lists wins.
pub const PRIORITY: &[&str] = &["json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2"];

/// The protocols whose codecs exist, so that a crate speaking them can be emitted. The
/// IR carries the wire facts of all of [`PRIORITY`].
pub const SUPPORTED_PROTOCOLS: &[&str] = &["json", "rest-json"];

/// A protocol and the settings it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolIr {
    /// AWS JSON 1.0 or 1.1: `POST /`, `X-Amz-Target: {target_prefix}.{Operation}`.
    AwsJson { json_version: String, target_prefix: String },
    /// REST bindings with JSON bodies.
    RestJson,
    /// REST bindings with XML bodies (S3, Route 53, CloudFront).
    RestXml,
    /// AWS query: form-encoded requests with `Action` and `Version`, XML responses.
    Query { api_version: String },
    /// EC2 query: as query, with its own naming rule and unwrapped responses.
    Ec2 { api_version: String },
    /// Smithy RPC v2 CBOR: `POST /service/{service}/operation/{Operation}`.
    Cbor { service: String },
}

impl ProtocolIr {
    /// botocore's name for the protocol.
    pub fn name(&self) -> &'static str {
        match self {
            ProtocolIr::AwsJson { .. } => "json",
            ProtocolIr::RestJson => "rest-json",
            ProtocolIr::RestXml => "rest-xml",
            ProtocolIr::Query { .. } => "query",
            ProtocolIr::Ec2 { .. } => "ec2",
            ProtocolIr::Cbor { .. } => "smithy-rpc-v2-cbor",
        }
    }

    /// Whether this generator has the codecs to emit a crate speaking it.
    pub fn is_supported(&self) -> bool {
        SUPPORTED_PROTOCOLS.contains(&self.name())
    }
}

/// Picks the protocol for `metadata`: among those the service lists (`protocols`, or the
/// older single `protocol`), the first in botocore's order, or `wanted` when a crate asks
/// for another one the service lists. AppStream lists `["smithy-rpc-v2-cbor", "json"]`
/// and so speaks AWS JSON 1.1, as botocore does.
pub fn choose_protocol(file: &str, metadata: &Metadata, wanted: Option<&str>) -> Result<ProtocolIr> {
    let listed: Vec<&str> = if metadata.protocols.is_empty() {
        vec![metadata.protocol.as_str()]
    } else {
        metadata.protocols.iter().map(String::as_str).collect()
    };
    let problem = |path: &str, message: String| Error::Unsupported { file: file.to_string(), path: path.into(), message };
    let chosen = match wanted {
        Some(wanted) if listed.contains(&wanted) => wanted,
        Some(wanted) => {
            return Err(problem(
                "metadata.protocols",
                format!("service {} does not speak {wanted:?}; it lists {listed:?}", metadata.service_id()),
            ))
        }
        None => PRIORITY.iter().find(|p| listed.contains(p)).copied().ok_or_else(|| {
            problem("metadata.protocols", format!("service {} speaks {listed:?}; botocore knows {PRIORITY:?}", metadata.service_id()))
        })?,
    };
    let target_prefix = || {
        metadata.target_prefix.clone().ok_or_else(|| {
            problem("metadata.targetPrefix", format!("service {} speaks {chosen} but names no targetPrefix", metadata.service_id()))
        })
    };
    Ok(match chosen {
        "json" => ProtocolIr::AwsJson {
            json_version: metadata.json_version.clone().unwrap_or_else(|| "1.0".into()),
            target_prefix: target_prefix()?,
        },
        "rest-json" => ProtocolIr::RestJson,
        "rest-xml" => ProtocolIr::RestXml,
        "query" | "ec2" => {
            // A missing version is a broken model, not an unsupported one: the protocol
            // sends it with every request.
            let api_version = metadata.api_version.clone().ok_or_else(|| Error::Invalid {
                file: file.to_string(),
                problems: vec![crate::error::Problem {
                    path: "metadata.apiVersion".into(),
                    message: format!("missing: {chosen} requests carry the API version"),
                }],
            })?;
            if chosen == "query" {
                ProtocolIr::Query { api_version }
            } else {
                ProtocolIr::Ec2 { api_version }
            }
        }
        "smithy-rpc-v2-cbor" => ProtocolIr::Cbor { service: target_prefix()? },
        other => {
            return Err(problem(
                "metadata.protocols",
                format!("service {} speaks {other:?}; botocore knows {PRIORITY:?}", metadata.service_id()),
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(protocol: &str, protocols: &[&str]) -> Metadata {
        let json = serde_json::json!({
            "apiVersion": "1", "endpointPrefix": "x", "protocol": protocol, "protocols": protocols,
            "serviceFullName": "X", "serviceId": "X", "jsonVersion": "1.1", "targetPrefix": "T"
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn botocore_order_decides() {
        let aws_json = ProtocolIr::AwsJson { json_version: "1.1".into(), target_prefix: "T".into() };
        assert_eq!(choose_protocol("f", &metadata("smithy-rpc-v2-cbor", &["smithy-rpc-v2-cbor", "json"]), None).unwrap(), aws_json);
        assert_eq!(choose_protocol("f", &metadata("json", &[]), None).unwrap(), aws_json);
        assert_eq!(choose_protocol("f", &metadata("rest-xml", &["rest-xml"]), None).unwrap(), ProtocolIr::RestXml);
        // json wins wherever it is listed; otherwise the first in botocore's order.
        assert_eq!(choose_protocol("f", &metadata("rest-json", &["rest-json", "json"]), None).unwrap(), aws_json);
        assert_eq!(choose_protocol("f", &metadata("query", &["query", "rest-json"]), None).unwrap(), ProtocolIr::RestJson);
        assert_eq!(choose_protocol("f", &metadata("ec2", &[]), None).unwrap(), ProtocolIr::Ec2 { api_version: "1".into() });
        let mut unversioned = metadata("query", &[]);
        unversioned.api_version = None;
        let err = choose_protocol("f", &unversioned, None).unwrap_err().to_string();
        assert!(err.contains("metadata.apiVersion: missing: query requests carry the API version"), "{err}");
        assert_eq!(
            choose_protocol("f", &metadata("smithy-rpc-v2-cbor", &["smithy-rpc-v2-cbor", "query"]), None).unwrap(),
            ProtocolIr::Cbor { service: "T".into() }
        );
        let err = choose_protocol("service-2.json", &metadata("soap", &["soap"]), None).unwrap_err().to_string();
        assert!(err.starts_with(r#"service-2.json: metadata.protocols: service X speaks ["soap"]"#), "{err}");
    }

    #[test]
    fn a_crate_may_ask_for_another_listed_protocol() {
        let both = metadata("smithy-rpc-v2-cbor", &["smithy-rpc-v2-cbor", "json"]);
        assert_eq!(choose_protocol("f", &both, Some("smithy-rpc-v2-cbor")).unwrap(), ProtocolIr::Cbor { service: "T".into() });
        let err = choose_protocol("f", &both, Some("query")).unwrap_err().to_string();
        assert_eq!(err, r#"f: metadata.protocols: service X does not speak "query"; it lists ["smithy-rpc-v2-cbor", "json"]"#);
    }
}
