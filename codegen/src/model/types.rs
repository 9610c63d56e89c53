//! Serde types that mirror botocore's `service-2.json`, and nothing more.
//!
//! Field names follow the JSON; no Rust naming or code-generation choice lives here, so
//! the loader can be checked against botocore alone. Keys botocore uses only for other
//! protocols or for endpoint rules are kept too: a model diff must see them change.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ordered::OrderedMap;

/// A whole `service-2.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceModel {
    pub version: Option<String>,
    /// botocore reads a missing `metadata` as empty; validation then names what is missing.
    #[serde(default)]
    pub metadata: Metadata,
    #[serde(default)]
    pub operations: BTreeMap<String, Operation>,
    #[serde(default)]
    pub shapes: BTreeMap<String, Shape>,
    pub documentation: Option<String>,
    #[serde(default)]
    pub client_context_params: BTreeMap<String, ClientContextParam>,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    /// Examples rarely ship inline (they live in `examples-1.json`); kept opaque.
    pub examples: Option<serde_json::Value>,
}

/// `metadata`: how to reach and speak to the service.
///
/// botocore loads a model whatever its metadata holds and reads each field when it needs
/// it, so every field is optional here too; the accessors apply botocore's fallbacks.
/// Models from before 2018 (botocore < 1.10) have no `serviceId`, and the models in
/// protocol-test suites have little more than a protocol.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub api_version: Option<String>,
    pub endpoint_prefix: Option<String>,
    /// The protocol older botocore releases understood; `protocols` supersedes it.
    #[serde(default)]
    pub protocol: String,
    /// Supported protocols in the service's order of preference.
    #[serde(default)]
    pub protocols: Vec<String>,
    pub json_version: Option<String>,
    pub target_prefix: Option<String>,
    pub service_full_name: Option<String>,
    pub service_id: Option<String>,
    pub service_abbreviation: Option<String>,
    pub signature_version: Option<String>,
    pub signing_name: Option<String>,
    pub uid: Option<String>,
    #[serde(default)]
    pub auth: Vec<String>,
    pub xml_namespace: Option<String>,
    pub global_endpoint: Option<String>,
    pub protocol_settings: Option<BTreeMap<String, serde_json::Value>>,
    pub aws_query_compatible: Option<serde_json::Value>,
    pub checksum_format: Option<String>,
    pub rip_service_name: Option<String>,
}

impl Metadata {
    /// The service's id: `serviceId`, else `serviceAbbreviation`, else `serviceFullName`
    /// (the name older botocore releases gave a service without an id), else
    /// `endpointPrefix`; empty when the model names the service nowhere.
    pub fn service_id(&self) -> &str {
        [&self.service_id, &self.service_abbreviation, &self.service_full_name, &self.endpoint_prefix]
            .into_iter()
            .find_map(|v| v.as_deref())
            .unwrap_or_default()
    }

    /// The name people know the service by: `serviceFullName`, else the id.
    pub fn full_name(&self) -> &str {
        self.service_full_name.as_deref().unwrap_or_else(|| self.service_id())
    }
}

/// `clientContextParams.<name>`: a client setting that feeds endpoint rules.
#[derive(Debug, Clone, Deserialize)]
pub struct ClientContextParam {
    #[serde(rename = "type")]
    pub kind: String,
    pub documentation: Option<String>,
}

/// `operations.<name>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The wire name; the loader fills it from the operation's key when absent.
    #[serde(default)]
    pub name: String,
    /// botocore sends `POST /` for an operation without `http`, as some older models and
    /// protocol-test suites have.
    #[serde(default)]
    pub http: Http,
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    pub documentation: Option<String>,
    pub documentation_url: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    pub deprecated_since: Option<String>,
    #[serde(default)]
    pub idempotent: bool,
    #[serde(default)]
    pub readonly: bool,
    pub endpoint: Option<OperationEndpoint>,
    #[serde(rename = "requestcompression")]
    pub request_compression: Option<RequestCompression>,
    /// Legacy auth override (`none`, `v4-unsigned-body`, …).
    #[serde(rename = "authtype")]
    pub auth_type: Option<String>,
    /// Smithy auth scheme ids, in preference order.
    #[serde(default)]
    pub auth: Vec<String>,
    #[serde(default)]
    pub unsigned_payload: bool,
    #[serde(rename = "endpointdiscovery")]
    pub endpoint_discovery: Option<serde_json::Value>,
    #[serde(rename = "endpointoperation", default)]
    pub endpoint_operation: bool,
    #[serde(default)]
    pub static_context_params: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub operation_context_params: BTreeMap<String, serde_json::Value>,
    pub http_checksum: Option<serde_json::Value>,
    #[serde(default)]
    pub http_checksum_required: bool,
}

/// `operations.<name>.http`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    /// botocore's serializers default to `POST`.
    #[serde(default = "Http::default_method")]
    pub method: String,
    /// botocore's REST serializers need one; RPC protocols ignore it. Absent means `/`.
    #[serde(default = "Http::default_request_uri")]
    pub request_uri: String,
    pub response_code: Option<u16>,
}

impl Http {
    fn default_method() -> String {
        "POST".into()
    }
    fn default_request_uri() -> String {
        "/".into()
    }
}

impl Default for Http {
    fn default() -> Self {
        Http { method: Http::default_method(), request_uri: Http::default_request_uri(), response_code: None }
    }
}

/// `operations.<name>.endpoint`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationEndpoint {
    /// A host label template such as `{Name}.data-`, prepended to the endpoint host.
    pub host_prefix: Option<String>,
}

/// `operations.<name>.requestcompression`.
#[derive(Debug, Clone, Deserialize)]
pub struct RequestCompression {
    #[serde(default)]
    pub encodings: Vec<String>,
}

/// A reference to a shape from an operation: input, output or an error.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    pub shape: String,
    pub documentation: Option<String>,
    pub result_wrapper: Option<String>,
    pub location_name: Option<String>,
    pub xml_namespace: Option<serde_json::Value>,
    /// Only on some error references of query services.
    #[serde(default)]
    pub exception: bool,
    pub error: Option<ErrorTrait>,
    /// Older models name an input's payload on the reference rather than the shape.
    pub payload: Option<String>,
}

/// The type a shape has in botocore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    Structure,
    List,
    Map,
    /// Older models also say `character`: a string of one character.
    #[serde(alias = "character")]
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
}

/// `timestampFormat` on a shape or member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
pub enum TimestampFormat {
    #[serde(rename = "unixTimestamp")]
    UnixTimestamp,
    #[serde(rename = "iso8601")]
    Iso8601,
    #[serde(rename = "rfc822")]
    Rfc822,
}

/// `shapes.<name>`. One struct for every type, as in the JSON: which fields matter
/// depends on `type`, and validation checks the combinations.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: ShapeType,
    pub documentation: Option<String>,

    // structure
    pub members: Option<OrderedMap<Member>>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub union: bool,
    #[serde(default)]
    pub document: bool,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    pub error: Option<ErrorTrait>,
    pub retryable: Option<Retryable>,
    pub payload: Option<String>,
    #[serde(default)]
    pub event: bool,
    #[serde(default)]
    pub eventstream: bool,
    #[serde(default)]
    pub wrapper: bool,
    #[serde(default)]
    pub synthetic: bool,
    pub xml_order: Option<Vec<String>>,

    // list and map
    pub member: Option<Member>,
    pub key: Option<Member>,
    pub value: Option<Member>,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub sparse: bool,

    // scalars
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    pub timestamp_format: Option<TimestampFormat>,
    #[serde(default)]
    pub streaming: bool,
    /// Older models bind a header on the shape instead of on the member; members
    /// targeting it inherit it unless they name their own.
    pub location: Option<Location>,
    #[serde(default)]
    pub requires_length: bool,
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
    pub pattern: Option<String>,

    // any type
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default, rename = "box")]
    pub boxed: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    pub deprecated_since: Option<String>,
    pub location_name: Option<String>,
    pub xml_namespace: Option<serde_json::Value>,
}

/// `error` on an exception shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    pub code: Option<String>,
    pub http_status_code: Option<u16>,
    #[serde(default)]
    pub sender_fault: bool,
}

/// `retryable` on an exception shape.
#[derive(Debug, Clone, Deserialize)]
pub struct Retryable {
    #[serde(default)]
    pub throttling: bool,
}

/// A structure member, or the `member`/`key`/`value` of a list or map.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub shape: String,
    pub documentation: Option<String>,
    pub location: Option<Location>,
    pub location_name: Option<String>,
    pub query_name: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub jsonvalue: bool,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default, rename = "box")]
    pub boxed: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    pub deprecated_since: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub eventpayload: bool,
    #[serde(default)]
    pub host_label: bool,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub xml_attribute: bool,
    pub xml_namespace: Option<serde_json::Value>,
    pub context_param: Option<ContextParam>,
    /// A handful of members carry an inline enum; the target shape's enum governs.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
}

/// Where a member travels in an HTTP message (REST protocols).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    Uri,
    Querystring,
    Header,
    Headers,
    StatusCode,
}

/// `contextParam` on a member: feeds an endpoint rule parameter.
#[derive(Debug, Clone, Deserialize)]
pub struct ContextParam {
    pub name: String,
}

impl Shape {
    /// The members of a structure in model order; empty for other types.
    pub fn members(&self) -> &[(String, Member)] {
        self.members.as_ref().map_or(&[], |m| m.entries())
    }

    /// Whether the shape is an error a service can return.
    pub fn is_error(&self) -> bool {
        self.exception || self.error.is_some() || self.fault
    }
}
