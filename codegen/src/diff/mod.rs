//! Semantic diffs of two service models: every change, with its path, old and new value,
//! and its impact on the generated Rust crate. Compares models, not generated output.

mod changelog;
pub mod pprint;

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Member, ServiceModel, Shape, ShapeType};

pub use changelog::{changelog, changelog_entry, ChangelogOptions};
pub use pprint::{pformat, PyValue};

/// What a change means for users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code that compiled against the old crate may not compile, or may behave differently.
    Breaking,
    /// New API surface; existing code keeps compiling.
    Additive,
    /// Same API; behaviour at the edges changes (validation, wire details, `Debug`).
    Patch,
    /// Nothing for code: documentation, metadata.
    Note,
}

/// Whether something appeared, disappeared or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        })
    }
}

/// One change between two models.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where, as a JSON path into the model: `shapes.Session.members.ConnectionState`.
    pub path: String,
    pub kind: ChangeKind,
    /// What changed: `operation`, `shape`, `member`, `enum value`, `required`, …
    pub what: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    pub impact: Impact,
    /// Why the impact is what it is, for people.
    pub reason: &'static str,
}

/// Where a shape is used, which decides the impact of some changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// Reachable from an operation input: users build values of it.
    Input,
    /// Only read from responses.
    OutputOnly,
}

/// The rules, written once: the impact of a change on the generated crate, and why.
fn impact(what: &str, kind: ChangeKind, usage: Usage) -> (Impact, &'static str) {
    use ChangeKind::*;
    match (what, kind) {
        ("operation", Added) => (Impact::Additive, "a new client method and operation type"),
        ("operation", Removed) => (Impact::Breaking, "the client method and operation type disappear"),
        ("operation input", Changed) | ("operation output", Changed) => (Impact::Breaking, "the method takes or returns another type"),
        ("operation error", Added) => (Impact::Additive, "a new variant of a #[non_exhaustive] error enum"),
        ("operation error", Removed) => (Impact::Breaking, "an error enum loses a variant"),
        ("shape", Added) => (Impact::Additive, "a new type"),
        ("shape", Removed) => (Impact::Breaking, "a type disappears"),
        ("shape type", Changed) => (Impact::Breaking, "the Rust type of the shape changes"),
        ("member", Added) if usage == Usage::Input => {
            (Impact::Additive, "a new optional field with a with_* setter; structs are #[non_exhaustive]")
        }
        ("member", Added) => (Impact::Additive, "a new field; structs are #[non_exhaustive]"),
        ("member", Removed) => (Impact::Breaking, "a field and its setter disappear"),
        ("member target", Changed) => (Impact::Breaking, "the field's Rust type changes"),
        ("member target (same Rust type)", Changed) => (Impact::Patch, "the target shape is renamed; the Rust type stays"),
        ("required", Added) if usage == Usage::Input => {
            (Impact::Breaking, "new() takes another argument and the field is no longer Option")
        }
        ("required", Added) => (Impact::Breaking, "the field is no longer Option"),
        ("required", Removed) => (Impact::Breaking, "the field becomes Option and leaves new()"),
        ("enum value", Added) => (Impact::Additive, "a new variant; enums are #[non_exhaustive] and keep unknown values"),
        ("enum value", Removed) => (Impact::Breaking, "a variant disappears; the value would now arrive as Unknown"),
        ("union member", Added) => (Impact::Additive, "a new variant of a #[non_exhaustive] enum"),
        ("union member", Removed) => (Impact::Breaking, "a variant disappears"),
        ("wire name", Changed) | ("timestamp format", Changed) => (Impact::Patch, "the same Rust API, another wire encoding"),
        ("constraint", _) => (Impact::Patch, "min, max and pattern are not checked client-side; the service's validation changes"),
        ("sensitive", _) => (Impact::Patch, "Debug output redacts differently"),
        // RFC 1105 counts a new deprecation as a minor change, and cargo-semver-checks asks
        // for a minor version: it warns code that compiled without warnings.
        ("deprecated", Added) => (Impact::Additive, "#[deprecated] warnings appear; code still compiles"),
        ("deprecated", _) => (Impact::Note, "#[deprecated] warnings go; code still compiles"),
        ("documentation", _) => (Impact::Note, "rustdoc changes only"),
        ("protocol", _) => (Impact::Note, "a transport change, not an API change"),
        ("host prefix", _) => (Impact::Patch, "requests go to another host"),
        _ => (Impact::Note, "no effect on the generated API"),
    }
}

struct Differ<'a> {
    old: &'a ServiceModel,
    new: &'a ServiceModel,
    input_shapes: BTreeSet<String>,
    changes: Vec<Change>,
}

/// Every change from `old` to `new`, in path order.
pub fn diff(old: &ServiceModel, new: &ServiceModel) -> Vec<Change> {
    let mut input_shapes = reachable_from_inputs(old);
    input_shapes.extend(reachable_from_inputs(new));
    let mut d = Differ { old, new, input_shapes, changes: Vec::new() };
    d.metadata();
    d.operations();
    d.shapes();
    d.changes.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.what.cmp(b.what)));
    d.changes
}

/// `model` with only `operations` and the shapes they reach (inputs, outputs, errors and
/// everything those hold): a sliced crate's view, so that its diff holds only what its
/// users can see.
pub fn slice(model: &ServiceModel, operations: &[String]) -> ServiceModel {
    let mut sliced = model.clone();
    sliced.operations.retain(|name, _| operations.contains(name));
    let roots = sliced.operations.values().flat_map(|o| o.input.iter().chain(&o.output).chain(&o.errors)).map(|r| r.shape.as_str());
    let seen = reachable(model, roots.collect());
    sliced.shapes.retain(|name, _| seen.contains(name));
    sliced
}

/// The greatest impact among `changes`; `None` when there are none.
pub fn overall_impact(changes: &[Change]) -> Option<Impact> {
    changes.iter().map(|c| c.impact).min()
}

/// Shapes reachable from any operation input.
fn reachable_from_inputs(model: &ServiceModel) -> BTreeSet<String> {
    reachable(model, model.operations.values().filter_map(|o| o.input.as_ref()).map(|r| r.shape.as_str()).collect())
}

/// The shapes `roots` name and every shape their members, items, keys and values reach.
fn reachable<'a>(model: &'a ServiceModel, mut stack: Vec<&'a str>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.to_string()) {
            continue;
        }
        if let Some(shape) = model.shapes.get(name) {
            stack.extend(shape.members().iter().map(|(_, m)| m.shape.as_str()));
            stack.extend([&shape.member, &shape.key, &shape.value].into_iter().flatten().map(|m| m.shape.as_str()));
        }
    }
    seen
}

fn json<T: Serialize>(value: T) -> Option<Value> {
    serde_json::to_value(value).ok()
}

impl Differ<'_> {
    fn push(&mut self, path: String, kind: ChangeKind, what: &'static str, old: Option<Value>, new: Option<Value>, usage: Usage) {
        let (impact, reason) = impact(what, kind, usage);
        self.changes.push(Change { path, kind, what, old, new, impact, reason });
    }

    fn usage(&self, shape: &str) -> Usage {
        if self.input_shapes.contains(shape) {
            Usage::Input
        } else {
            Usage::OutputOnly
        }
    }

    fn metadata(&mut self) {
        let old = serde_json::to_value(MetadataView::of(self.old)).unwrap_or_default();
        let new = serde_json::to_value(MetadataView::of(self.new)).unwrap_or_default();
        let keys: BTreeSet<&String> =
            old.as_object().into_iter().flatten().chain(new.as_object().into_iter().flatten()).map(|(k, _)| k).collect();
        for key in keys {
            let (a, b) = (old.get(key).cloned().unwrap_or(Value::Null), new.get(key).cloned().unwrap_or(Value::Null));
            if a != b {
                let what = if key == "protocol" || key == "protocols" || key == "jsonVersion" { "protocol" } else { "metadata" };
                self.push(format!("metadata.{key}"), ChangeKind::Changed, what, Some(a), Some(b), Usage::OutputOnly);
            }
        }
    }

    fn operations(&mut self) {
        let names: BTreeSet<&String> = self.old.operations.keys().chain(self.new.operations.keys()).collect();
        for name in names {
            let path = format!("operations.{name}");
            match (self.old.operations.get(name), self.new.operations.get(name)) {
                (None, Some(_)) => self.push(path, ChangeKind::Added, "operation", None, None, Usage::Input),
                (Some(_), None) => self.push(path, ChangeKind::Removed, "operation", None, None, Usage::Input),
                (Some(a), Some(b)) => {
                    let shape = |r: &Option<crate::model::ShapeRef>| r.as_ref().map(|r| r.shape.clone());
                    for (field, what, x, y) in [
                        ("input", "operation input", shape(&a.input), shape(&b.input)),
                        ("output", "operation output", shape(&a.output), shape(&b.output)),
                    ] {
                        if x != y {
                            self.push(format!("{path}.{field}"), ChangeKind::Changed, what, json(x), json(y), Usage::Input);
                        }
                    }
                    let errs = |o: &crate::model::Operation| o.errors.iter().map(|e| e.shape.clone()).collect::<BTreeSet<_>>();
                    let (ea, eb) = (errs(a), errs(b));
                    for e in eb.difference(&ea) {
                        self.push(format!("{path}.errors.{e}"), ChangeKind::Added, "operation error", None, None, Usage::Input);
                    }
                    for e in ea.difference(&eb) {
                        self.push(format!("{path}.errors.{e}"), ChangeKind::Removed, "operation error", None, None, Usage::Input);
                    }
                    self.scalar(&format!("{path}.documentation"), "documentation", &a.documentation, &b.documentation, Usage::Input);
                    self.scalar(&format!("{path}.deprecated"), "deprecated", &a.deprecated, &b.deprecated, Usage::Input);
                    let host = |o: &crate::model::Operation| o.endpoint.as_ref().and_then(|e| e.host_prefix.clone());
                    self.scalar(&format!("{path}.endpoint.hostPrefix"), "host prefix", &host(a), &host(b), Usage::Input);
                }
                (None, None) => {}
            }
        }
    }

    fn scalar<T: Serialize + PartialEq>(&mut self, path: &str, what: &'static str, a: &T, b: &T, usage: Usage) {
        if a != b {
            let kind = match (
                json(a).filter(|v| !v.is_null() && *v != Value::Bool(false)),
                json(b).filter(|v| !v.is_null() && *v != Value::Bool(false)),
            ) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            self.push(path.to_string(), kind, what, json(a), json(b), usage);
        }
    }

    fn shapes(&mut self) {
        let names: BTreeSet<&String> = self.old.shapes.keys().chain(self.new.shapes.keys()).collect();
        for name in names {
            let path = format!("shapes.{name}");
            let usage = self.usage(name);
            match (self.old.shapes.get(name), self.new.shapes.get(name)) {
                (None, Some(_)) => self.push(path, ChangeKind::Added, "shape", None, None, usage),
                (Some(_), None) => self.push(path, ChangeKind::Removed, "shape", None, None, usage),
                (Some(a), Some(b)) => self.shape(&path, a, b, usage),
                (None, None) => {}
            }
        }
    }

    fn shape(&mut self, path: &str, a: &Shape, b: &Shape, usage: Usage) {
        if a.kind != b.kind || a.union != b.union || a.document != b.document {
            let describe =
                |s: &Shape| format!("{:?}{}{}", s.kind, if s.union { " (union)" } else { "" }, if s.document { " (document)" } else { "" });
            self.push(format!("{path}.type"), ChangeKind::Changed, "shape type", json(describe(a)), json(describe(b)), usage);
            return;
        }
        self.scalar(&format!("{path}.documentation"), "documentation", &a.documentation, &b.documentation, usage);
        self.scalar(&format!("{path}.deprecated"), "deprecated", &a.deprecated, &b.deprecated, usage);
        self.scalar(&format!("{path}.sensitive"), "sensitive", &a.sensitive, &b.sensitive, usage);
        self.scalar(&format!("{path}.timestampFormat"), "timestamp format", &a.timestamp_format, &b.timestamp_format, usage);
        for (field, x, y) in [("min", &a.min, &b.min), ("max", &a.max, &b.max)] {
            self.scalar(&format!("{path}.{field}"), "constraint", x, y, usage);
        }
        self.scalar(&format!("{path}.pattern"), "constraint", &a.pattern, &b.pattern, usage);
        // Enum values, in either direction.
        let values = |s: &Shape| s.enum_values.clone().unwrap_or_default();
        let (va, vb) = (values(a), values(b));
        for v in vb.iter().filter(|v| !va.contains(v)) {
            self.push(format!("{path}.enum.{v}"), ChangeKind::Added, "enum value", None, json(v), usage);
        }
        for v in va.iter().filter(|v| !vb.contains(v)) {
            self.push(format!("{path}.enum.{v}"), ChangeKind::Removed, "enum value", json(v), None, usage);
        }
        // List and map element targets.
        for (field, x, y) in [("member", &a.member, &b.member), ("key", &a.key, &b.key), ("value", &a.value, &b.value)] {
            if let (Some(x), Some(y)) = (x, y) {
                self.member_target(&format!("{path}.{field}"), x, y, usage);
            }
        }
        // Structure members.
        let member_what = if b.union { "union member" } else { "member" };
        let names: BTreeSet<&String> = a.members().iter().chain(b.members()).map(|(n, _)| n).collect();
        for member in names {
            let mpath = format!("{path}.members.{member}");
            let find = |s: &'_ Shape| s.members().iter().find(|(n, _)| n == member).map(|(_, m)| m.clone());
            match (find(a), find(b)) {
                (None, Some(m)) => self.push(mpath, ChangeKind::Added, member_what, None, json(&m.shape), usage),
                (Some(m), None) => self.push(mpath, ChangeKind::Removed, member_what, json(&m.shape), None, usage),
                (Some(x), Some(y)) => {
                    self.member_target(&mpath, &x, &y, usage);
                    self.scalar(&format!("{mpath}.documentation"), "documentation", &x.documentation, &y.documentation, usage);
                    self.scalar(&format!("{mpath}.deprecated"), "deprecated", &x.deprecated, &y.deprecated, usage);
                    self.scalar(&format!("{mpath}.sensitive"), "sensitive", &x.sensitive, &y.sensitive, usage);
                    self.scalar(&format!("{mpath}.locationName"), "wire name", &x.location_name, &y.location_name, usage);
                    self.scalar(&format!("{mpath}.timestampFormat"), "timestamp format", &x.timestamp_format, &y.timestamp_format, usage);
                }
                (None, None) => {}
            }
            let (ra, rb) = (a.required.contains(member), b.required.contains(member));
            if ra != rb && find(b).is_some() {
                let kind = if rb { ChangeKind::Added } else { ChangeKind::Removed };
                self.push(format!("{path}.required.{member}"), kind, "required", json(ra), json(rb), usage);
            }
        }
    }

    /// A member's target: a change of Rust type is breaking, a rename to a shape of the
    /// same Rust type is not.
    fn member_target(&mut self, path: &str, x: &Member, y: &Member, usage: Usage) {
        if x.shape == y.shape {
            return;
        }
        let what =
            if rust_type(self.old, &x.shape) == rust_type(self.new, &y.shape) { "member target (same Rust type)" } else { "member target" };
        self.push(format!("{path}.shape"), ChangeKind::Changed, what, json(&x.shape), json(&y.shape), usage);
    }
}

/// What a shape becomes in Rust: named types by name, scalars by kind.
fn rust_type(model: &ServiceModel, name: &str) -> String {
    match model.shapes.get(name) {
        None => format!("?{name}"),
        Some(s) => match s.kind {
            ShapeType::Structure if !s.document => format!("struct {name}"),
            ShapeType::String if s.enum_values.is_some() => format!("enum {name}"),
            ShapeType::List => format!("Vec<{}>", s.member.as_ref().map_or_else(String::new, |m| rust_type(model, &m.shape))),
            ShapeType::Map => format!(
                "Map<{}, {}>",
                s.key.as_ref().map_or_else(String::new, |m| rust_type(model, &m.shape)),
                s.value.as_ref().map_or_else(String::new, |m| rust_type(model, &m.shape))
            ),
            other => format!("{other:?}{}", if s.document { " document" } else { "" }),
        },
    }
}

/// The metadata fields compared, with botocore's names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MetadataView<'a> {
    api_version: &'a Option<String>,
    endpoint_prefix: &'a Option<String>,
    protocol: &'a str,
    protocols: &'a [String],
    json_version: &'a Option<String>,
    target_prefix: &'a Option<String>,
    service_full_name: &'a Option<String>,
    service_id: &'a Option<String>,
    signing_name: &'a Option<String>,
    signature_version: &'a Option<String>,
    auth: &'a [String],
    uid: &'a Option<String>,
}

impl<'a> MetadataView<'a> {
    fn of(model: &'a ServiceModel) -> Self {
        let m = &model.metadata;
        MetadataView {
            api_version: &m.api_version,
            endpoint_prefix: &m.endpoint_prefix,
            protocol: &m.protocol,
            protocols: &m.protocols,
            json_version: &m.json_version,
            target_prefix: &m.target_prefix,
            service_full_name: &m.service_full_name,
            service_id: &m.service_id,
            signing_name: &m.signing_name,
            signature_version: &m.signature_version,
            auth: &m.auth,
            uid: &m.uid,
        }
    }
}
