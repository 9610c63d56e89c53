//! Structure-aware mutations of real models: shapes dropped, renamed and retyped,
//! members pointed elsewhere (cycles), traits set where they make no sense, huge and odd
//! names, and any node of the service, paginator or waiter documents replaced.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value};

use crate::model::generate;

/// The fuzzer's bytes read as a `Plan` and carried out.
pub fn model_mutate(data: &[u8]) {
    let Ok(plan) = Plan::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let (mut service, mut paginators, mut waiters) = base(plan.base).clone();
    for mutation in plan.mutations.iter().take(32) {
        mutation.apply(&mut service, &mut paginators, &mut waiters);
    }
    // Emission is most of the time an input takes; a few operations at a time keep the
    // fuzzer fast. An empty choice means every operation of the small obstacle course,
    // or DescribeSessions of AppStream, whose whole model takes 250 ms to emit.
    let names: Vec<String> = service.get("operations").and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let chosen: Vec<String> = plan.operations.iter().take(3).filter_map(|i| pick(&names, usize::from(*i)).cloned()).collect();
    let operations = match (plan.base, chosen.is_empty()) {
        (_, false) => Some(chosen),
        (Base::ObstacleCourse, true) => None,
        (Base::AppStream, true) => Some(vec!["DescribeSessions".to_string()]),
    };
    let text = serde_json::to_string(&service).expect("a Value always serializes");
    generate(&text, Some(paginators), Some(waiters), operations);
}

/// Which real model to start from.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Base {
    ObstacleCourse,
    AppStream,
}

/// A base model, the operations to generate (indexes), and what to do to it.
#[derive(Debug, Arbitrary)]
pub struct Plan {
    pub base: Base,
    pub operations: Vec<u8>,
    pub mutations: Vec<Mutation>,
}

/// Which of the three documents a node mutation addresses.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Doc {
    Service,
    Paginators,
    Waiters,
}

/// One change to a model.
#[derive(Debug, Arbitrary)]
pub enum Mutation {
    RemoveShape(u16),
    /// `everywhere`: references follow, so the model stays consistent under the new name.
    RenameShape {
        shape: u16,
        name: Name,
        everywhere: bool,
    },
    RenameMember {
        shape: u16,
        member: u16,
        name: Name,
    },
    SetType {
        shape: u16,
        ty: TypeName,
    },
    /// Points a member (or a list's `member`, a map's `key`/`value`) at another shape.
    Retarget {
        shape: u16,
        member: u16,
        target: u16,
    },
    ToggleRequired {
        shape: u16,
        member: u16,
    },
    SetTrait {
        shape: u16,
        member: Option<u16>,
        set: Trait,
    },
    SetEnum {
        shape: u16,
        values: Vec<Name>,
    },
    SetDocs {
        shape: u16,
        html: String,
    },
    SetMetadata {
        key: MetaKey,
        value: Json,
    },
    RetargetOperation {
        operation: u16,
        slot: OpSlot,
        target: u16,
    },
    RemoveNode {
        doc: Doc,
        node: u32,
    },
    ReplaceNode {
        doc: Doc,
        node: u32,
        value: Json,
    },
    RenameKey {
        doc: Doc,
        node: u32,
        name: Name,
    },
}

/// A name that tends to break generators.
#[derive(Debug, Arbitrary)]
pub enum Name {
    Any(String),
    Tricky(u8),
    /// `len` copies of a string: names far longer than any real one.
    Huge {
        len: u16,
        unit: String,
    },
    /// Another shape's name in other case, to collide after case conversion.
    CaseTwin(u16),
}

/// Names Rust, botocore or case conversion treat specially.
const TRICKY: &[&str] = &[
    "",
    "type",
    "Self",
    "self",
    "crate",
    "super",
    "fn",
    "r#type",
    "_",
    "__",
    "___x",
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
    "mod",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "union",
    "Default",
    "Error",
    "Unknown",
    "123",
    "1st",
    "a-b",
    "a.b",
    "with space",
    "ÄÖÜß",
    "日本語",
    "🦀",
    "\u{200b}",
    "\u{0}",
    "x\u{301}",
    "İ",
    "ǅ",
    "ﬃ",
    "Σ",
    "ς",
    "A_B",
    "a__b",
    "ABCDef",
    "aBC",
    "MOD",
    "Mod",
    "SELF",
    "core",
    "std",
    "serde",
    "botogen_runtime",
    "input",
    "output",
    "error",
    "types",
    "lib",
    "client",
    "operation",
    "primitives",
    "\\",
    "\"",
    "*/",
    "/*",
    "#",
    "{Member}",
];

impl Name {
    fn text(&self, shapes: &[String]) -> String {
        match self {
            Name::Any(s) => s.clone(),
            Name::Tricky(i) => TRICKY[usize::from(*i) % TRICKY.len()].to_string(),
            Name::Huge { len, unit } => {
                let unit = if unit.is_empty() { "A" } else { unit.as_str() };
                unit.repeat(usize::from(*len).min(20_000 / unit.len().max(1)))
            }
            Name::CaseTwin(i) => pick(shapes, usize::from(*i)).map(|s| flip_case(s)).unwrap_or_default(),
        }
    }
}

fn flip_case(s: &str) -> String {
    s.chars().map(|c| if c.is_uppercase() { c.to_lowercase().collect::<String>() } else { c.to_uppercase().collect() }).collect()
}

/// A value for a shape's `type`.
#[derive(Debug, Arbitrary)]
pub enum TypeName {
    Known(u8),
    Other(String),
}

const TYPES: &[&str] = &[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "boolean",
    "blob",
    "timestamp",
    "float",
    "double",
    "union",
    "enum",
    "document",
    "byte",
    "short",
    "bigdecimal",
    "biginteger",
];

/// A trait set on a shape or member.
#[derive(Debug, Arbitrary)]
pub enum Trait {
    Sensitive,
    Error { code: Name, status: u16, sender_fault: bool },
    Exception,
    Fault,
    Union,
    Document,
    Box,
    Deprecated(Option<Name>),
    TimestampFormat(Name),
    Min(i64),
    Max(i64),
    Pattern(String),
    LocationName(Name),
    Location(Name),
    JsonValue,
    Retryable { throttling: bool },
    IdempotencyToken,
    HostLabel,
    Streaming,
    EventStream,
    Default(Json),
    Any { key: Name, value: Json },
}

/// A key of `metadata`.
#[derive(Debug, Arbitrary)]
pub enum MetaKey {
    Protocol,
    Protocols,
    JsonVersion,
    TargetPrefix,
    ServiceId,
    EndpointPrefix,
    SigningName,
    ApiVersion,
    ServiceFullName,
    Other(Name),
}

/// Where an operation refers to a shape.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum OpSlot {
    Input,
    Output,
    Error,
}

/// A JSON value, with shape names among its strings.
#[derive(Debug, Arbitrary)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Name),
    ShapeRef(u16),
    Array(Vec<Json>),
    Object(Vec<(Name, Json)>),
}

impl Json {
    fn value(&self, shapes: &[String], depth: usize) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
            Json::Str(name) => Value::String(name.text(shapes)),
            Json::ShapeRef(i) => serde_json::json!({ "shape": pick(shapes, usize::from(*i)).cloned().unwrap_or_default() }),
            _ if depth >= 16 => Value::Null,
            Json::Array(items) => Value::Array(items.iter().map(|j| j.value(shapes, depth + 1)).collect()),
            Json::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.text(shapes), v.value(shapes, depth + 1))).collect()),
        }
    }
}

fn pick<T>(items: &[T], index: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[index % items.len()])
}

type Docs = (Value, Value, Value);

fn base(which: Base) -> &'static Docs {
    static OBSTACLE: OnceLock<Docs> = OnceLock::new();
    static APPSTREAM: OnceLock<Docs> = OnceLock::new();
    let parse = |text: &str| serde_json::from_str::<Value>(text).expect("vendored models are JSON");
    match which {
        Base::ObstacleCourse => OBSTACLE.get_or_init(|| {
            (
                parse(include_str!("../../models/obstacle-course/service-2.json")),
                parse(include_str!("../../models/obstacle-course/paginators-1.json")),
                parse(include_str!("../../models/obstacle-course/waiters-2.json")),
            )
        }),
        Base::AppStream => APPSTREAM.get_or_init(|| {
            (
                parse(include_str!("../../../models/appstream/2016-12-01/service-2.json")),
                parse(include_str!("../../../models/appstream/2016-12-01/paginators-1.json")),
                parse(include_str!("../../../models/appstream/2016-12-01/waiters-2.json")),
            )
        }),
    }
}

fn shape_names(service: &Value) -> Vec<String> {
    service.get("shapes").and_then(Value::as_object).map(|s| s.keys().cloned().collect()).unwrap_or_default()
}

/// The object of the shape at `index`, with its name.
fn shape_mut(service: &mut Value, index: u16) -> Option<(String, &mut Map<String, Value>)> {
    let shapes = service.get_mut("shapes")?.as_object_mut()?;
    let name = pick(&shapes.keys().cloned().collect::<Vec<_>>(), usize::from(index))?.clone();
    let shape = shapes.get_mut(&name)?.as_object_mut()?;
    Some((name, shape))
}

/// The reference objects of a shape: members, or a list's member, or a map's key and value.
fn refs_mut(shape: &mut Map<String, Value>) -> Vec<&mut Map<String, Value>> {
    let mut refs = Vec::new();
    for (key, value) in shape.iter_mut() {
        match (key.as_str(), value) {
            ("members", Value::Object(members)) => refs.extend(members.values_mut().filter_map(Value::as_object_mut)),
            ("member" | "key" | "value", Value::Object(r)) => refs.push(r),
            _ => {}
        }
    }
    refs
}

impl Mutation {
    fn apply(&self, service: &mut Value, paginators: &mut Value, waiters: &mut Value) {
        let shapes = shape_names(service);
        match self {
            Mutation::RemoveShape(i) => {
                if let (Some(name), Some(all)) = (pick(&shapes, usize::from(*i)), service.get_mut("shapes").and_then(Value::as_object_mut))
                {
                    all.remove(name);
                }
            }
            Mutation::RenameShape { shape, name, everywhere } => {
                let new = name.text(&shapes);
                let Some(old) = pick(&shapes, usize::from(*shape)).cloned() else { return };
                let Some(all) = service.get_mut("shapes").and_then(Value::as_object_mut) else { return };
                if let Some(body) = all.remove(&old) {
                    all.insert(new.clone(), body);
                }
                if *everywhere {
                    rename_refs(service, &old, &new);
                }
            }
            Mutation::RenameMember { shape, member, name } => {
                let new = name.text(&shapes);
                let Some((_, s)) = shape_mut(service, *shape) else { return };
                let Some(members) = s.get_mut("members").and_then(Value::as_object_mut) else { return };
                let Some(old) = pick(&members.keys().cloned().collect::<Vec<_>>(), usize::from(*member)).cloned() else { return };
                if let Some(body) = members.remove(&old) {
                    members.insert(new, body);
                }
            }
            Mutation::SetType { shape, ty } => {
                let ty = match ty {
                    TypeName::Known(i) => TYPES[usize::from(*i) % TYPES.len()].to_string(),
                    TypeName::Other(s) => s.clone(),
                };
                if let Some((_, s)) = shape_mut(service, *shape) {
                    s.insert("type".into(), Value::String(ty));
                }
            }
            Mutation::Retarget { shape, member, target } => {
                let Some(target) = pick(&shapes, usize::from(*target)).cloned() else { return };
                let Some((_, s)) = shape_mut(service, *shape) else { return };
                let mut refs = refs_mut(s);
                let len = refs.len();
                if len > 0 {
                    refs[usize::from(*member) % len].insert("shape".into(), Value::String(target));
                }
            }
            Mutation::ToggleRequired { shape, member } => {
                let Some((_, s)) = shape_mut(service, *shape) else { return };
                let names: Vec<String> =
                    s.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
                let Some(name) = pick(&names, usize::from(*member)).cloned() else { return };
                let required = s.entry("required").or_insert_with(|| Value::Array(vec![]));
                if let Value::Array(list) = required {
                    match list.iter().position(|v| v.as_str() == Some(name.as_str())) {
                        Some(at) => {
                            list.remove(at);
                        }
                        None => list.push(Value::String(name)),
                    }
                }
            }
            Mutation::SetTrait { shape, member, set } => {
                let (key, value) = set.entry(&shapes);
                let Some((_, s)) = shape_mut(service, *shape) else { return };
                let target = match member {
                    None => Some(s),
                    Some(m) => {
                        let mut refs = refs_mut(s);
                        let len = refs.len();
                        (len > 0).then(|| refs.swap_remove(usize::from(*m) % len))
                    }
                };
                if let Some(target) = target {
                    target.insert(key, value);
                }
            }
            Mutation::SetEnum { shape, values } => {
                let values: Vec<Value> = values.iter().take(64).map(|n| Value::String(n.text(&shapes))).collect();
                if let Some((_, s)) = shape_mut(service, *shape) {
                    s.insert("enum".into(), Value::Array(values));
                }
            }
            Mutation::SetDocs { shape, html } => {
                if let Some((_, s)) = shape_mut(service, *shape) {
                    s.insert("documentation".into(), Value::String(html.clone()));
                }
            }
            Mutation::SetMetadata { key, value } => {
                let key = match key {
                    MetaKey::Protocol => "protocol".to_string(),
                    MetaKey::Protocols => "protocols".into(),
                    MetaKey::JsonVersion => "jsonVersion".into(),
                    MetaKey::TargetPrefix => "targetPrefix".into(),
                    MetaKey::ServiceId => "serviceId".into(),
                    MetaKey::EndpointPrefix => "endpointPrefix".into(),
                    MetaKey::SigningName => "signingName".into(),
                    MetaKey::ApiVersion => "apiVersion".into(),
                    MetaKey::ServiceFullName => "serviceFullName".into(),
                    MetaKey::Other(name) => name.text(&shapes),
                };
                let value = value.value(&shapes, 0);
                if let Some(meta) = service.get_mut("metadata").and_then(Value::as_object_mut) {
                    meta.insert(key, value);
                }
            }
            Mutation::RetargetOperation { operation, slot, target } => {
                let Some(target) = pick(&shapes, usize::from(*target)).cloned() else { return };
                let Some(ops) = service.get_mut("operations").and_then(Value::as_object_mut) else { return };
                let names: Vec<String> = ops.keys().cloned().collect();
                let Some(op) = pick(&names, usize::from(*operation)).and_then(|n| ops.get_mut(n)).and_then(Value::as_object_mut) else {
                    return;
                };
                let reference = serde_json::json!({ "shape": target });
                match slot {
                    OpSlot::Input => op.insert("input".into(), reference),
                    OpSlot::Output => op.insert("output".into(), reference),
                    OpSlot::Error => {
                        let errors = op.entry("errors").or_insert_with(|| Value::Array(vec![]));
                        if let Value::Array(list) = errors {
                            list.push(reference);
                        }
                        None
                    }
                };
            }
            Mutation::RemoveNode { doc, node } => {
                let root = choose(*doc, service, paginators, waiters);
                with_node(root, *node, &mut |parent, key| match parent {
                    Value::Object(map) => {
                        map.remove(key.as_str().unwrap_or_default());
                    }
                    Value::Array(list) => {
                        list.remove(key.as_u64().unwrap_or_default() as usize);
                    }
                    _ => {}
                });
            }
            Mutation::ReplaceNode { doc, node, value } => {
                let value = value.value(&shapes, 0);
                let root = choose(*doc, service, paginators, waiters);
                let mut value = Some(value);
                with_node(root, *node, &mut |parent, key| {
                    let slot = match parent {
                        Value::Object(map) => map.get_mut(key.as_str().unwrap_or_default()),
                        Value::Array(list) => list.get_mut(key.as_u64().unwrap_or_default() as usize),
                        _ => None,
                    };
                    if let (Some(slot), Some(value)) = (slot, value.take()) {
                        *slot = value;
                    }
                });
            }
            Mutation::RenameKey { doc, node, name } => {
                let new = name.text(&shapes);
                let root = choose(*doc, service, paginators, waiters);
                with_node(root, *node, &mut |parent, key| {
                    if let (Value::Object(map), Some(key)) = (parent, key.as_str()) {
                        if let Some(body) = map.remove(key) {
                            map.insert(new.clone(), body);
                        }
                    }
                });
            }
        }
    }
}

impl Trait {
    fn entry(&self, shapes: &[String]) -> (String, Value) {
        use serde_json::json;
        let (key, value) = match self {
            Trait::Sensitive => ("sensitive", json!(true)),
            Trait::Error { code, status, sender_fault } => {
                ("error", json!({ "code": code.text(shapes), "httpStatusCode": status, "senderFault": sender_fault }))
            }
            Trait::Exception => ("exception", json!(true)),
            Trait::Fault => ("fault", json!(true)),
            Trait::Union => ("union", json!(true)),
            Trait::Document => ("document", json!(true)),
            Trait::Box => ("box", json!(true)),
            Trait::Deprecated(message) => {
                return match message {
                    Some(m) => ("deprecatedMessage".into(), Value::String(m.text(shapes))),
                    None => ("deprecated".into(), json!(true)),
                }
            }
            Trait::TimestampFormat(f) => ("timestampFormat", Value::String(f.text(shapes))),
            Trait::Min(n) => ("min", json!(n)),
            Trait::Max(n) => ("max", json!(n)),
            Trait::Pattern(p) => ("pattern", json!(p)),
            Trait::LocationName(n) => ("locationName", Value::String(n.text(shapes))),
            Trait::Location(n) => ("location", Value::String(n.text(shapes))),
            Trait::JsonValue => ("jsonvalue", json!(true)),
            Trait::Retryable { throttling } => ("retryable", json!({ "throttling": throttling })),
            Trait::IdempotencyToken => ("idempotencyToken", json!(true)),
            Trait::HostLabel => ("hostLabel", json!(true)),
            Trait::Streaming => ("streaming", json!(true)),
            Trait::EventStream => ("eventstream", json!(true)),
            Trait::Default(v) => ("default", v.value(shapes, 0)),
            Trait::Any { key, value } => return (key.text(shapes), value.value(shapes, 0)),
        };
        (key.to_string(), value)
    }
}

fn choose<'a>(doc: Doc, service: &'a mut Value, paginators: &'a mut Value, waiters: &'a mut Value) -> &'a mut Value {
    match doc {
        Doc::Service => service,
        Doc::Paginators => paginators,
        Doc::Waiters => waiters,
    }
}

/// Replaces every `"shape": old` reference with `new`.
fn rename_refs(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "shape" && v.as_str() == Some(old) {
                    *v = Value::String(new.to_string());
                } else {
                    rename_refs(v, old, new);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, old, new)),
        _ => {}
    }
}

/// Calls `f(parent, key)` for the `index`-th node (pre-order, modulo the count) below
/// `root`; `key` is the node's key (a string) or position (a number) in its parent.
fn with_node(root: &mut Value, index: u32, f: &mut dyn FnMut(&mut Value, Value)) {
    let count = count_children(root);
    if count == 0 {
        return;
    }
    let mut target = index as usize % count;
    visit(root, &mut target, f);
}

fn count_children(value: &Value) -> usize {
    match value {
        Value::Object(map) => map.values().map(|v| 1 + count_children(v)).sum(),
        Value::Array(items) => items.iter().map(|v| 1 + count_children(v)).sum(),
        _ => 0,
    }
}

/// Returns true once `f` ran.
fn visit(parent: &mut Value, target: &mut usize, f: &mut dyn FnMut(&mut Value, Value)) -> bool {
    let keys: Vec<Value> = match parent {
        Value::Object(map) => map.keys().map(|k| Value::String(k.clone())).collect(),
        Value::Array(items) => (0..items.len()).map(Value::from).collect(),
        _ => return false,
    };
    for key in keys {
        if *target == 0 {
            f(parent, key);
            return true;
        }
        *target -= 1;
        let child = match (&mut *parent, &key) {
            (Value::Object(map), Value::String(k)) => map.get_mut(k),
            (Value::Array(items), Value::Number(n)) => items.get_mut(n.as_u64().unwrap_or_default() as usize),
            _ => None,
        };
        if let Some(child) = child {
            if visit(child, target, f) {
                return true;
            }
        }
    }
    false
}
