//! Which protocol a generated crate speaks, chosen as botocore chooses it.

use crate::error::{Error, Result};
use crate::model::Metadata;

/// botocore's preference order: the first of these that a service lists wins.
const PRIORITY: &[&str] = &["json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2"];

/// The protocols this generator implements.
pub const SUPPORTED_PROTOCOLS: &[&str] = &["json"];

/// A protocol and the settings it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolIr {
    /// AWS JSON 1.0 or 1.1.
    AwsJson { json_version: String, target_prefix: String },
}

/// Picks the protocol for `metadata`: among those the service lists (`protocols`, or the
/// older single `protocol`), the first in botocore's order. AppStream lists
/// `["smithy-rpc-v2-cbor", "json"]` and so speaks AWS JSON 1.1, as botocore does.
pub fn choose_protocol(file: &str, metadata: &Metadata) -> Result<ProtocolIr> {
    let listed: Vec<&str> = if metadata.protocols.is_empty() {
        vec![metadata.protocol.as_str()]
    } else {
        metadata.protocols.iter().map(String::as_str).collect()
    };
    let chosen = PRIORITY.iter().find(|p| listed.contains(p)).copied();
    let unsupported = |why: String| Error::Unsupported { file: file.to_string(), path: "metadata.protocols".into(), message: why };
    match chosen {
        Some("json") => {
            let target_prefix = metadata.target_prefix.clone().ok_or_else(|| Error::Unsupported {
                file: file.to_string(),
                path: "metadata.targetPrefix".into(),
                message: format!("service {} speaks AWS JSON but names no targetPrefix", metadata.service_id),
            })?;
            Ok(ProtocolIr::AwsJson { json_version: metadata.json_version.clone().unwrap_or_else(|| "1.0".into()), target_prefix })
        }
        _ => Err(unsupported(format!(
            "service {} speaks {:?}; this generator supports {:?}",
            metadata.service_id, listed, SUPPORTED_PROTOCOLS
        ))),
    }
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
        assert_eq!(choose_protocol("f", &metadata("smithy-rpc-v2-cbor", &["smithy-rpc-v2-cbor", "json"])).unwrap(), aws_json);
        assert_eq!(choose_protocol("f", &metadata("json", &[])).unwrap(), aws_json);
        let err = choose_protocol("service-2.json", &metadata("rest-xml", &["rest-xml"])).unwrap_err().to_string();
        assert_eq!(err, r#"service-2.json: metadata.protocols: service X speaks ["rest-xml"]; this generator supports ["json"]"#);
        // json wins wherever it is listed; otherwise the first supported choice decides.
        assert_eq!(choose_protocol("f", &metadata("rest-json", &["rest-json", "json"])).unwrap(), aws_json);
        assert!(choose_protocol("f", &metadata("query", &["query", "rest-json"])).unwrap_err().to_string().contains("rest-json"));
    }
}
