//! Wire facts: where each member travels and what it is called there, for every protocol
//! botocore knows. Lowering records the model's facts once; the rules that turn them into
//! names and formats per protocol live here, next to their tests, so emitters and codecs
//! never re-derive them.

use super::ProtocolIr;
use crate::model::{Location as ModelLocation, Member, Shape, ShapeType, TimestampFormat};

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The document body: every member of an RPC protocol, and unbound REST members.
    Body,
    /// `{Name}` in the request URI.
    Label,
    /// `{Name+}` in the request URI: keeps its `/`.
    GreedyLabel,
    /// A query-string parameter.
    Query,
    /// A map whose entries are query-string parameters.
    QueryMap,
    /// One header.
    Header,
    /// A map of headers sharing a prefix (`location: headers`).
    PrefixHeaders,
    /// The response's status code.
    StatusCode,
    /// The structure's `payload` member, when a structure or document: the whole body,
    /// written by the protocol's codec (an empty object when unset).
    Payload,
    /// A union `payload`: as [`Location::Payload`], but no body at all when unset.
    UnionPayload,
    /// The structure's `payload` member, when a blob or string: the whole body as is.
    RawPayload,
}

/// An XML namespace: `xmlns` or `xmlns:prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespaceIr {
    pub prefix: Option<String>,
    pub uri: String,
}

/// The wire facts of a member, or of a list's item or a map's key or value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WireIr {
    /// The member's name in the model (`member`, `key`, `value` for list and map parts).
    pub member_name: String,
    /// The model's `locationName`: JSON key, XML element, header, label or query key.
    pub location_name: Option<String>,
    /// ec2's `queryName`.
    pub query_name: Option<String>,
    pub location: LocationIr,
    /// `timestampFormat` on the member, else on its target.
    pub timestamp_format: Option<TimestampFormat>,
    /// XML: the list's or map's items stand in the parent without a wrapper.
    pub flattened: bool,
    pub xml_attribute: bool,
    pub xml_namespace: Option<XmlNamespaceIr>,
    /// A header holding base64 of JSON.
    pub json_value: bool,
    /// A blob or string payload streamed rather than buffered.
    pub streaming: bool,
    /// A list's item, when the member is a list.
    pub item: Option<Box<WireIr>>,
    /// A map's key and value, when the member is a map.
    pub key: Option<Box<WireIr>>,
    pub value: Option<Box<WireIr>>,
}

/// [`Location`], defaulting to the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LocationIr(pub Option<Location>);

impl LocationIr {
    /// The location, the body when the model names none.
    pub fn get(self) -> Location {
        self.0.unwrap_or(Location::Body)
    }
}

/// Which side of an exchange a name is for: ec2 writes `NextToken` and reads `nextToken`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Which family of codec a protocol uses for its bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    Xml,
    /// `application/x-www-form-urlencoded` requests, XML responses.
    Query,
    Cbor,
}

impl ProtocolIr {
    /// The codec family of the protocol's bodies.
    pub fn body_format(&self) -> BodyFormat {
        match self {
            ProtocolIr::AwsJson { .. } | ProtocolIr::RestJson => BodyFormat::Json,
            ProtocolIr::RestXml => BodyFormat::Xml,
            ProtocolIr::Query { .. } | ProtocolIr::Ec2 { .. } => BodyFormat::Query,
            ProtocolIr::Cbor { .. } => BodyFormat::Cbor,
        }
    }

    /// Whether operations bind members to URI, query and headers; RPC protocols put
    /// everything in the body of `POST /`.
    pub fn is_rest(&self) -> bool {
        matches!(self, ProtocolIr::RestJson | ProtocolIr::RestXml)
    }
}

impl WireIr {
    /// The facts of `member` (named `name`, targeting `target`), with those of its list
    /// item or map key and value from the target; `resolve` finds a shape by name.
    pub fn lower<'a>(name: &str, member: &Member, target: &'a Shape, resolve: &dyn Fn(&str) -> Option<&'a Shape>) -> WireIr {
        Self::lower_at(name, member, target, resolve, 0)
    }

    fn lower_at<'a>(name: &str, member: &Member, target: &'a Shape, resolve: &dyn Fn(&str) -> Option<&'a Shape>, depth: usize) -> WireIr {
        let location = member.location.or(target.location).map(|l| match l {
            ModelLocation::Uri => Location::Label,
            ModelLocation::Querystring if target.kind == ShapeType::Map => Location::QueryMap,
            ModelLocation::Querystring => Location::Query,
            ModelLocation::Header => Location::Header,
            ModelLocation::Headers => Location::PrefixHeaders,
            ModelLocation::StatusCode => Location::StatusCode,
        });
        // Lists of lists nest; validation caps nesting, this only guards the recursion.
        let part = |part: &Option<Member>, part_name: &str| {
            let part = part.as_ref()?;
            let shape = resolve(&part.shape)?;
            (depth < 64).then(|| Box::new(Self::lower_at(part_name, part, shape, resolve, depth + 1)))
        };
        let (item, key, value) = match target.kind {
            ShapeType::List => (part(&target.member, "member"), None, None),
            ShapeType::Map => (None, part(&target.key, "key"), part(&target.value, "value")),
            _ => (None, None, None),
        };
        WireIr {
            member_name: name.to_string(),
            location_name: member.location_name.clone(),
            query_name: member.query_name.clone(),
            location: LocationIr(location),
            timestamp_format: member.timestamp_format.or(target.timestamp_format),
            flattened: member.flattened || target.flattened,
            xml_attribute: member.xml_attribute,
            xml_namespace: namespace(member.xml_namespace.as_ref()).or_else(|| namespace(target.xml_namespace.as_ref())),
            json_value: member.jsonvalue,
            streaming: member.streaming || target.streaming,
            item,
            key,
            value,
        }
    }

    /// Marks the member a greedy label (`{Key+}` in the request URI).
    pub fn greedy(mut self) -> Self {
        if self.location.get() == Location::Label {
            self.location = LocationIr(Some(Location::GreedyLabel));
        }
        self
    }

    /// Marks the member the structure's payload, of `kind`: [`Location::Payload`],
    /// [`Location::UnionPayload`] or [`Location::RawPayload`].
    pub fn payload(mut self, kind: Location) -> Self {
        if self.location.get() == Location::Body {
            self.location = LocationIr(Some(kind));
        }
        self
    }

    /// The name in a body, label or header: `locationName`, else the member's name.
    pub fn name(&self) -> &str {
        self.location_name.as_deref().unwrap_or(&self.member_name)
    }

    /// The member's name on the wire under `protocol`, going in `direction`, as botocore's
    /// serializers and parsers compute it.
    pub fn name_in(&self, protocol: &ProtocolIr, direction: Direction) -> String {
        match (protocol, direction) {
            // ec2 requests: `queryName`, else `locationName` with its first letter upper-cased,
            // else the member's name.
            (ProtocolIr::Ec2 { .. }, Direction::Request) => match (&self.query_name, &self.location_name) {
                (Some(query), _) => query.clone(),
                (None, Some(location)) => upper_first(location),
                (None, None) => self.member_name.clone(),
            },
            _ => self.name().to_string(),
        }
    }

    /// The XML element of a list's items: the item's `locationName`, else `member`; a
    /// flattened list repeats the list member's own name instead.
    pub fn item_element(&self) -> Option<String> {
        let item = self.item.as_ref()?;
        Some(match (self.flattened, &item.location_name) {
            (_, Some(name)) => name.clone(),
            (true, None) => self.name().to_string(),
            (false, None) => "member".to_string(),
        })
    }

    /// The timestamp format that applies to this member under `protocol`: the model's,
    /// else the default of its location (headers HTTP-date, URI and query ISO 8601), else
    /// the body's (epoch seconds for JSON and CBOR, ISO 8601 for XML and query).
    pub fn timestamp_format_in(&self, protocol: &ProtocolIr) -> TimestampFormat {
        if let Some(format) = self.timestamp_format {
            return format;
        }
        match self.location.get() {
            Location::Header | Location::PrefixHeaders => TimestampFormat::Rfc822,
            Location::Label | Location::GreedyLabel | Location::Query | Location::QueryMap => TimestampFormat::Iso8601,
            Location::Body | Location::Payload | Location::UnionPayload | Location::RawPayload | Location::StatusCode => {
                match protocol.body_format() {
                    BodyFormat::Json | BodyFormat::Cbor => TimestampFormat::UnixTimestamp,
                    BodyFormat::Xml | BodyFormat::Query => TimestampFormat::Iso8601,
                }
            }
        }
    }
}

fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `xmlNamespace` is either a URI string or `{ "prefix": …, "uri": … }`.
fn namespace(value: Option<&serde_json::Value>) -> Option<XmlNamespaceIr> {
    match value? {
        serde_json::Value::String(uri) => Some(XmlNamespaceIr { prefix: None, uri: uri.clone() }),
        serde_json::Value::Object(map) => Some(XmlNamespaceIr {
            prefix: map.get("prefix").and_then(|p| p.as_str()).map(str::to_string),
            uri: map.get("uri").and_then(|u| u.as_str()).unwrap_or_default().to_string(),
        }),
        _ => None,
    }
}

/// An operation's HTTP binding. RPC protocols get `POST /`, so emitters never branch on
/// RPC against REST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpIr {
    pub method: String,
    /// The `requestUri` template, labels and literal query included: `/things/{Id}?x-id=Get`.
    pub request_uri: String,
    /// The status of a success.
    pub response_code: u16,
}

impl HttpIr {
    /// The binding of an operation whose model says `http` under `protocol`.
    pub fn lower(protocol: &ProtocolIr, http: &crate::model::Http) -> HttpIr {
        if protocol.is_rest() {
            let request_uri = if http.request_uri.is_empty() { "/".to_string() } else { http.request_uri.clone() };
            HttpIr { method: http.method.clone(), request_uri, response_code: http.response_code.unwrap_or(200) }
        } else {
            HttpIr { method: "POST".into(), request_uri: "/".into(), response_code: 200 }
        }
    }

    /// The labels the URI names, with whether each is greedy (`{Key+}`).
    pub fn labels(&self) -> Vec<(String, bool)> {
        let path = self.request_uri.split('?').next().unwrap_or_default();
        path.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(label, _)| label))
            .map(|label| match label.strip_suffix('+') {
                Some(name) => (name.to_string(), true),
                None => (label.to_string(), false),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::ir::{lower, CrateIr, LowerOptions, MemberIr, ShapeKind};
    use crate::model::load_service_from_str;

    /// Lowers a one-operation model (`Op`, input `In`, output `Out`) speaking `protocol`.
    fn lowered(protocol: &str, http: Value, shapes: Value) -> crate::error::Result<CrateIr> {
        let mut all = json!({"S": {"type": "string"}, "T": {"type": "timestamp"}, "N": {"type": "integer"}, "B": {"type": "blob"}});
        all.as_object_mut().unwrap().extend(shapes.as_object().unwrap().clone());
        let model = json!({
            "version": "2.0",
            "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "x", "protocol": protocol, "protocols": [protocol],
                         "serviceFullName": "X", "serviceId": "X", "targetPrefix": "XService", "jsonVersion": "1.0"},
            "operations": {"Op": {"name": "Op", "http": http, "input": {"shape": "In"}, "output": {"shape": "Out"}}},
            "shapes": all
        });
        let model = load_service_from_str("service-2.json", &model.to_string())?;
        let options = LowerOptions::for_tests();
        lower(&model, &options)
    }

    fn members<'a>(ir: &'a CrateIr, shape: &str) -> &'a [MemberIr] {
        match &ir.shapes.iter().find(|s| s.wire_name == shape).unwrap().kind {
            ShapeKind::Struct(s) => &s.members,
            ShapeKind::Union(u) => &u.members,
            ShapeKind::Enum(_) => &[],
        }
    }

    fn member<'a>(ir: &'a CrateIr, shape: &str, name: &str) -> &'a WireIr {
        &members(ir, shape).iter().find(|m| m.model_name == name).unwrap().wire
    }

    #[test]
    fn rest_json_binds_labels_query_headers_payload_and_status() {
        let http = json!({"method": "PUT", "requestUri": "/things/{Id}/{Key+}?x-id=Put", "responseCode": 201});
        let ir = lowered(
            "rest-json",
            http,
            json!({
                "In": {"type": "structure", "required": ["Id", "Key"], "payload": "Body", "members": {
                    "Id": {"shape": "S", "location": "uri", "locationName": "Id"},
                    "Key": {"shape": "S", "location": "uri", "locationName": "Key"},
                    "Limit": {"shape": "N", "location": "querystring", "locationName": "limit"},
                    "Filters": {"shape": "Filters", "location": "querystring"},
                    "Since": {"shape": "T", "location": "header", "locationName": "X-Since"},
                    "Until": {"shape": "T", "location": "querystring", "locationName": "until"},
                    "Meta": {"shape": "Filters", "location": "headers", "locationName": "x-amz-meta-"},
                    "Doc": {"shape": "S", "location": "header", "locationName": "X-Doc", "jsonvalue": true},
                    "Body": {"shape": "Stream"}
                }},
                "Out": {"type": "structure", "members": {"Code": {"shape": "N", "location": "statusCode"}, "When": {"shape": "T"}}},
                "Filters": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
                "Stream": {"type": "blob", "streaming": true}
            }),
        )
        .unwrap();
        let op = &ir.operations[0];
        assert_eq!(op.http, HttpIr { method: "PUT".into(), request_uri: "/things/{Id}/{Key+}?x-id=Put".into(), response_code: 201 });
        assert_eq!(op.http.labels(), [("Id".to_string(), false), ("Key".to_string(), true)]);
        let location = |name: &str| member(&ir, "In", name).location.get();
        assert_eq!(location("Id"), Location::Label);
        assert_eq!(location("Key"), Location::GreedyLabel);
        assert_eq!(location("Limit"), Location::Query);
        assert_eq!(location("Filters"), Location::QueryMap);
        assert_eq!(location("Since"), Location::Header);
        assert_eq!(location("Meta"), Location::PrefixHeaders);
        assert_eq!(location("Body"), Location::RawPayload);
        assert!(member(&ir, "In", "Body").streaming);
        assert!(member(&ir, "In", "Doc").json_value);
        assert_eq!(member(&ir, "Out", "Code").location.get(), Location::StatusCode);
        let protocol = &ir.protocol;
        assert_eq!(*protocol, ProtocolIr::RestJson);
        assert_eq!(member(&ir, "In", "Since").timestamp_format_in(protocol), TimestampFormat::Rfc822);
        assert_eq!(member(&ir, "In", "Until").timestamp_format_in(protocol), TimestampFormat::Iso8601);
        assert_eq!(member(&ir, "Out", "When").timestamp_format_in(protocol), TimestampFormat::UnixTimestamp);
        assert_eq!(member(&ir, "In", "Limit").name_in(protocol, Direction::Request), "limit");
    }

    #[test]
    fn rest_xml_keeps_flattening_attributes_namespaces_and_item_names() {
        let http = json!({"method": "GET", "requestUri": "/{Bucket}"});
        let ir = lowered(
            "rest-xml",
            http,
            json!({
                "In": {"type": "structure", "members": {"Bucket": {"shape": "S", "location": "uri", "locationName": "Bucket"}}},
                "Out": {"type": "structure", "members": {
                    "Contents": {"shape": "Objects"},
                    "Prefixes": {"shape": "Names", "locationName": "CommonPrefixes"},
                    "Owner": {"shape": "Owner", "xmlNamespace": {"prefix": "xsi", "uri": "http://www.w3.org/2001/XMLSchema-instance"}},
                    "Modified": {"shape": "T"}
                }},
                "Objects": {"type": "list", "member": {"shape": "S"}, "flattened": true},
                "Names": {"type": "list", "member": {"shape": "S", "locationName": "Prefix"}},
                "Owner": {"type": "structure", "members": {"Type": {"shape": "S", "locationName": "xsi:type", "xmlAttribute": true}}}
            }),
        )
        .unwrap();
        assert_eq!(ir.operations[0].http.method, "GET");
        let contents = member(&ir, "Out", "Contents");
        assert!(contents.flattened);
        assert_eq!(contents.item_element().as_deref(), Some("Contents"));
        let prefixes = member(&ir, "Out", "Prefixes");
        assert_eq!((prefixes.name(), prefixes.item_element().as_deref()), ("CommonPrefixes", Some("Prefix")));
        let owner = member(&ir, "Out", "Owner");
        assert_eq!(
            owner.xml_namespace,
            Some(XmlNamespaceIr { prefix: Some("xsi".into()), uri: "http://www.w3.org/2001/XMLSchema-instance".into() })
        );
        let kind = member(&ir, "Owner", "Type");
        assert!(kind.xml_attribute);
        assert_eq!(kind.name(), "xsi:type");
        assert_eq!(member(&ir, "Out", "Modified").timestamp_format_in(&ir.protocol), TimestampFormat::Iso8601);
    }

    #[test]
    fn query_posts_to_the_root_and_names_list_items_member() {
        // The model's HTTP binding does not count for an RPC protocol.
        let ir = lowered(
            "query",
            json!({"method": "GET", "requestUri": "/ignored"}),
            json!({
                "In": {"type": "structure", "members": {"Names": {"shape": "Names"}, "Tags": {"shape": "Tags", "locationName": "Tag"}}},
                "Out": {"type": "structure", "members": {"When": {"shape": "T"}}},
                "Names": {"type": "list", "member": {"shape": "S"}},
                "Tags": {"type": "list", "member": {"shape": "S", "locationName": "item"}, "flattened": true}
            }),
        )
        .unwrap();
        assert_eq!(ir.protocol, ProtocolIr::Query { api_version: "2020-01-01".into() });
        assert_eq!(ir.operations[0].http, HttpIr { method: "POST".into(), request_uri: "/".into(), response_code: 200 });
        assert_eq!(member(&ir, "In", "Names").item_element().as_deref(), Some("member"));
        let tags = member(&ir, "In", "Tags");
        assert_eq!((tags.name_in(&ir.protocol, Direction::Request), tags.item_element().as_deref()), ("Tag".into(), Some("item")));
        assert_eq!(member(&ir, "Out", "When").timestamp_format_in(&ir.protocol), TimestampFormat::Iso8601);
    }

    #[test]
    fn ec2_writes_query_names_and_upper_cases_location_names_but_reads_them_as_they_are() {
        let ir = lowered(
            "ec2",
            json!({"method": "POST", "requestUri": "/"}),
            json!({
                "In": {"type": "structure", "members": {
                    "DryRun": {"shape": "S", "locationName": "dryRun"},
                    "InstanceIds": {"shape": "S", "locationName": "InstanceId", "queryName": "InstanceId.N"},
                    "Plain": {"shape": "S"}
                }},
                "Out": {"type": "structure", "members": {"NextToken": {"shape": "S", "locationName": "nextToken"}}}
            }),
        )
        .unwrap();
        let protocol = &ir.protocol;
        assert_eq!(member(&ir, "In", "DryRun").name_in(protocol, Direction::Request), "DryRun");
        assert_eq!(member(&ir, "In", "InstanceIds").name_in(protocol, Direction::Request), "InstanceId.N");
        assert_eq!(member(&ir, "In", "Plain").name_in(protocol, Direction::Request), "Plain");
        assert_eq!(member(&ir, "Out", "NextToken").name_in(protocol, Direction::Response), "nextToken");
    }

    #[test]
    fn cbor_takes_its_service_name_and_epoch_timestamps() {
        let ir = lowered(
            "smithy-rpc-v2-cbor",
            json!({"method": "POST", "requestUri": "/"}),
            json!({
                "In": {"type": "structure", "members": {"When": {"shape": "T"}}},
                "Out": {"type": "structure", "members": {"At": {"shape": "T", "timestampFormat": "iso8601"}}}
            }),
        )
        .unwrap();
        assert_eq!(ir.protocol, ProtocolIr::Cbor { service: "XService".into() });
        assert_eq!(ir.operations[0].http.request_uri, "/");
        assert_eq!(member(&ir, "In", "When").timestamp_format_in(&ir.protocol), TimestampFormat::UnixTimestamp);
        assert_eq!(member(&ir, "Out", "At").timestamp_format_in(&ir.protocol), TimestampFormat::Iso8601);
    }

    #[test]
    fn json_posts_to_the_root_and_one_key_per_member_holds_only_for_keyed_bodies() {
        let shapes = json!({
            "In": {"type": "structure", "members": {"A": {"shape": "S", "locationName": "Same"}, "B": {"shape": "S", "locationName": "Same"}}},
            "Out": {"type": "structure", "members": {}}
        });
        let http = json!({"method": "POST", "requestUri": "/"});
        // Two members under one XML name are fine in XML (flattened lists do it)...
        assert!(lowered("rest-xml", http.clone(), shapes.clone()).is_ok());
        // ...but a JSON object cannot hold both.
        let err = lowered("json", http, shapes).unwrap_err().to_string();
        assert!(err.contains("shapes.In.members.B.locationName"), "{err}");
        let ir = lowered(
            "json",
            json!({"method": "GET", "requestUri": "/x"}),
            json!({
                "In": {"type": "structure", "members": {"A": {"shape": "S", "location": "header", "locationName": "x-a"}}},
                "Out": {"type": "structure", "members": {}}
            }),
        )
        .unwrap();
        assert_eq!(ir.operations[0].http.method, "POST");
        assert_eq!(member(&ir, "In", "A").location.get(), Location::Body, "RPC protocols bind nothing outside the body");
    }

    #[test]
    fn event_stream_operations_are_generated_but_marked_unsupported() {
        let ir = lowered(
            "rest-json",
            json!({"method": "POST", "requestUri": "/invoke"}),
            json!({
                "In": {"type": "structure", "members": {}},
                "Out": {"type": "structure", "members": {"Events": {"shape": "Events"}}, "payload": "Events"},
                "Events": {"type": "structure", "eventstream": true, "members": {"Chunk": {"shape": "Chunk"}}},
                "Chunk": {"type": "structure", "event": true, "members": {"Bytes": {"shape": "B", "eventpayload": true}}}
            }),
        )
        .unwrap();
        let why = ir.operations[0].unsupported.as_deref().expect("marked unsupported");
        assert!(why.contains("streams events (`Events`)"), "{why}");
        let files = crate::emit::emit_crate(&ir).unwrap();
        let lib = &files.iter().find(|f| f.path == "src/lib.rs").unwrap().contents;
        assert!(lib.contains("## Not supported yet") && lib.contains("- `Op`"), "{lib}");
    }
}
