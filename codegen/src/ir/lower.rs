//! From a validated model to the IR.
//!
//! The model was validated, so shape references resolve; lookups still go through
//! `Option` and report a model error rather than panic if that ever stops being true.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::cycles::edges_on_cycles;
use super::protocol::choose_protocol;
use super::wire::{HttpIr, Location, WireIr};
use super::{
    CrateIr, CrateTests, EnumIr, ErrorVariantIr, HostPart, MemberIr, Module, OperationIr, ProtocolIr, ServiceIr, ShapeIr, ShapeKind,
    StructIr, TypeIr, TypeRef, UnionIr, VariantIr,
};
use crate::docs::html_to_markdown;
use crate::error::{Error, Problem, Result};
use crate::ident::{camel, snake, Scope};
use crate::model::{LoadedModel, Member, Shape, ShapeType};

/// Documentation is wrapped to this width, before the `/// ` prefix and indentation.
const DOC_WIDTH: usize = 92;

/// Choices that are not in the model.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    pub crate_name: String,
    pub runtime: super::RuntimeDep,
    pub standalone: bool,
    pub model_label: String,
    /// Generate only these operations and the shapes they reach; `None` for all.
    pub operations: Option<Vec<String>>,
    /// Which tests the crate carries.
    pub tests: CrateTests,
    /// A protocol the service lists, instead of the one botocore would choose.
    pub protocol: Option<String>,
}

#[cfg(test)]
impl LowerOptions {
    /// A standalone crate of every operation, as unit tests lower small models.
    pub(crate) fn for_tests() -> Self {
        LowerOptions {
            crate_name: "x".into(),
            runtime: super::RuntimeDep::Path("r".into()),
            standalone: true,
            model_label: "m".into(),
            operations: None,
            tests: CrateTests::Generated,
            protocol: None,
        }
    }
}

/// Lowers `model` to the IR of one crate.
pub fn lower(model: &LoadedModel, options: &LowerOptions) -> Result<CrateIr> {
    let protocol = choose_protocol(&model.file, &model.service.metadata, options.protocol.as_deref())?;
    Lowering { model, shapes: &model.service.shapes, protocol }.run(options)
}

struct Lowering<'a> {
    model: &'a LoadedModel,
    shapes: &'a BTreeMap<String, Shape>,
    protocol: ProtocolIr,
}

impl<'a> Lowering<'a> {
    fn shape(&self, name: &str) -> Result<&'a Shape> {
        self.shapes.get(name).ok_or_else(|| Error::Invalid {
            file: self.model.file.clone(),
            problems: vec![Problem { path: format!("shapes.{name}"), message: "referenced but not defined".into() }],
        })
    }

    fn run(&self, options: &LowerOptions) -> Result<CrateIr> {
        let operations = self.select_operations(options.operations.as_deref())?;
        let reachable = self.closure(&operations)?;
        let modules = self.classify(&operations, &reachable)?;

        // Names: one crate-wide scope for types, one scope per module for file names.
        let mut type_scope = Scope::default();
        let mut rust_names: BTreeMap<&str, String> = BTreeMap::new();
        for name in modules.keys() {
            rust_names.insert(name, type_scope.claim(camel(name)));
        }
        let boxed_edges = self.boxed_edges(&modules)?;
        let outputs: BTreeSet<&str> =
            operations.iter().filter_map(|op| self.model.service.operations[*op].output.as_ref().map(|r| r.shape.as_str())).collect();

        let mut file_scopes: BTreeMap<Module, Scope> = BTreeMap::new();
        let mut shapes = Vec::new();
        for (&name, &module) in &modules {
            let shape = self.shape(name)?;
            let rust_name = rust_names[name].clone();
            let file_stem = file_scopes.entry(module).or_insert_with(|| Scope::with_reserved(["mod"])).claim(snake(&rust_name));
            let kind = self.kind(name, shape, &modules, &rust_names, &boxed_edges, &outputs)?;
            shapes.push(ShapeIr {
                wire_name: name.to_string(),
                rust_name,
                module,
                file_stem,
                docs: docs(shape.documentation.as_deref()),
                deprecated: deprecation(shape.deprecated, &shape.deprecated_message, &shape.deprecated_since),
                kind,
            });
        }
        shapes.sort_by(|a, b| (a.module, &a.rust_name).cmp(&(b.module, &b.rust_name)));
        let type_ref = |name: &str| match (modules.get(name), rust_names.get(name)) {
            (Some(&module), Some(rust_name)) => Ok(TypeRef { module, name: rust_name.clone() }),
            _ => Err(Error::Invalid {
                file: self.model.file.clone(),
                problems: vec![Problem { path: format!("shapes.{name}"), message: "used by an operation but generates no type".into() }],
            }),
        };
        let mut lowered_operations = self.operations(&operations, &type_ref)?;
        for op in &mut lowered_operations {
            match super::paginators::lower_paginator(self.model, &op.model_name, &shapes) {
                Ok(paginator) => op.paginator = paginator,
                // Token forms the runtime cannot page yet (DynamoDB's key maps, JMESPath
                // token expressions): the operation stays, without its paginator.
                Err(Error::Unsupported { message, .. }) => op.paginator_skipped = Some(message),
                Err(e) => return Err(e),
            }
        }
        let waiters = super::waiters::lower_waiters(self.model, &lowered_operations)?;

        let service = &self.model.service;
        // botocore loads a model without one but cannot call it: the prefix names the host.
        let endpoint_prefix = service.metadata.endpoint_prefix.clone().ok_or_else(|| Error::Invalid {
            file: self.model.file.clone(),
            problems: vec![Problem {
                path: "metadata.endpointPrefix".into(),
                message: "missing: a client needs it to name the service's host".into(),
            }],
        })?;
        Ok(CrateIr {
            crate_name: options.crate_name.clone(),
            version: super::INITIAL_VERSION.to_string(),
            runtime: options.runtime.clone(),
            standalone: options.standalone,
            model_label: options.model_label.clone(),
            tests: options.tests.clone(),
            service: ServiceIr {
                full_name: service.metadata.full_name().to_string(),
                service_id: service.metadata.service_id().to_string(),
                api_version: service.metadata.api_version.clone().unwrap_or_default(),
                endpoint_prefix: endpoint_prefix.clone(),
                signing_name: service.metadata.signing_name.clone().unwrap_or(endpoint_prefix),
                docs: docs(service.documentation.as_deref()),
                operations: operations.iter().map(|s| s.to_string()).collect(),
            },
            protocol: self.protocol.clone(),
            shapes,
            operations: lowered_operations,
            waiters,
        })
    }

    fn operations(&self, names: &[&str], type_ref: &dyn Fn(&str) -> Result<TypeRef>) -> Result<Vec<OperationIr>> {
        // Markers and error enums share the `operation` module's namespace.
        let mut types = Scope::default();
        let mut files = Scope::with_reserved(["mod"]);
        let mut fns = Scope::default();
        let mut out = Vec::new();
        for &name in names {
            let op = &self.model.service.operations[name];
            let rust_name = types.claim(camel(name));
            let error_name = types.claim(format!("{rust_name}Error"));
            let mut variants = Scope::with_reserved(["Unhandled"]);
            let mut errors = Vec::new();
            for r in &op.errors {
                let shape = self.shape(&r.shape)?;
                let mut codes = vec![r.shape.clone()];
                if let Some(code) = shape.error.as_ref().and_then(|e| e.code.clone()) {
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                }
                if errors.iter().any(|e: &ErrorVariantIr| e.codes.iter().any(|c| codes.contains(c))) {
                    continue; // listed twice
                }
                let shape_ref = type_ref(&r.shape)?;
                errors.push(ErrorVariantIr {
                    variant: variants.claim(shape_ref.name.clone()),
                    shape: shape_ref,
                    codes,
                    retryable: shape.retryable.as_ref().map(|r| r.throttling),
                });
            }
            let input_shape = op.input.as_ref().map(|r| r.shape.as_str());
            let host_prefix = match op.endpoint.as_ref().and_then(|e| e.host_prefix.as_deref()) {
                Some(template) => Some(self.host_prefix(name, template, input_shape)?),
                None => None,
            };
            let idempotency_token = match input_shape.map(|i| self.shape(i)).transpose()? {
                Some(shape) if !is_union(shape) => field_where(shape, |_, m| m.idempotency_token),
                _ => None,
            };
            out.push(OperationIr {
                model_name: name.to_string(),
                wire_name: op.name.clone(),
                file_stem: files.claim(snake(&rust_name)),
                fn_name: fns.claim(snake(name)),
                rust_name,
                error_name,
                docs: docs(op.documentation.as_deref()),
                deprecated: deprecation(op.deprecated, &op.deprecated_message, &op.deprecated_since),
                input: input_shape.map(type_ref).transpose()?,
                output: op.output.as_ref().map(|r| type_ref(&r.shape)).transpose()?,
                errors,
                host_prefix,
                request_compression: op.request_compression.as_ref().map(|c| c.encodings.clone()).unwrap_or_default(),
                http: HttpIr::lower(&self.protocol, &op.http),
                idempotency_token,
                streaming_output: self.streaming_payload(op.output.as_ref())?,
                unsigned_payload: op.unsigned_payload,
                unsupported: self
                    .event_stream(op)?
                    .map(|shape| format!("{name} streams events (`{shape}`), which this client does not support yet")),
                paginator: None,
                paginator_skipped: None,
            });
        }
        Ok(out)
    }

    /// Whether the shape `io` refers to has a streaming blob payload (in a REST protocol).
    fn streaming_payload(&self, io: Option<&crate::model::ShapeRef>) -> Result<bool> {
        let Some(io) = io else { return Ok(false) };
        let shape = self.shape(&io.shape)?;
        let Some(payload) = shape.payload.as_deref().filter(|_| self.protocol.is_rest()) else { return Ok(false) };
        let Some((_, member)) = shape.members().iter().find(|(name, _)| name == payload) else { return Ok(false) };
        let target = self.shape(&member.shape)?;
        Ok(target.kind == ShapeType::Blob && (member.streaming || target.streaming))
    }

    /// The event-stream shape the operation's input or output carries, if any.
    fn event_stream(&self, op: &crate::model::Operation) -> Result<Option<String>> {
        for io in [&op.input, &op.output].into_iter().flatten() {
            for (_, member) in self.shape(&io.shape)?.members() {
                if self.shape(&member.shape)?.eventstream {
                    return Ok(Some(member.shape.clone()));
                }
            }
        }
        Ok(None)
    }

    /// Splits `{Label}.rest-` into parts; validation made sure each label is a
    /// `hostLabel` member of the input.
    fn host_prefix(&self, op: &str, template: &str, input: Option<&str>) -> Result<Vec<HostPart>> {
        let invalid = |message: String| Error::Invalid {
            file: self.model.file.clone(),
            problems: vec![Problem { path: format!("operations.{op}.endpoint.hostPrefix"), message }],
        };
        let shape = input.map(|i| self.shape(i)).transpose()?;
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(HostPart::Literal(rest[..start].to_string()));
            }
            let end = rest[start..].find('}').ok_or_else(|| invalid(format!("unclosed label in {template:?}")))? + start;
            let label = &rest[start + 1..end];
            let shape = shape.ok_or_else(|| invalid(format!("label {{{label}}} but the operation has no input")))?;
            let field = field_where(shape, |name, _| name == label)
                .ok_or_else(|| invalid(format!("label {{{label}}} is not a member of the input")))?;
            parts.push(HostPart::Label { wire_name: label.to_string(), field, required: shape.required.iter().any(|r| r == label) });
            rest = &rest[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(HostPart::Literal(rest.to_string()));
        }
        Ok(parts)
    }

    fn select_operations(&self, wanted: Option<&[String]>) -> Result<Vec<&'a str>> {
        let all = &self.model.service.operations;
        let Some(wanted) = wanted else {
            return Ok(all.keys().map(String::as_str).collect());
        };
        let mut selected = BTreeSet::new();
        let mut problems = Vec::new();
        for name in wanted {
            match all.get_key_value(name.as_str()) {
                Some((key, _)) => {
                    selected.insert(key.as_str());
                }
                None => problems.push(Problem { path: "operations".into(), message: format!("no operation named {name:?}") }),
            }
        }
        if problems.is_empty() {
            Ok(selected.into_iter().collect())
        } else {
            Err(Error::Invalid { file: self.model.file.clone(), problems })
        }
    }

    /// Every shape the operations reach through inputs, outputs, errors and members.
    fn closure(&self, operations: &[&'a str]) -> Result<BTreeSet<&'a str>> {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<&str> = VecDeque::new();
        for op in operations {
            let op = &self.model.service.operations[*op];
            let refs = op.input.iter().chain(op.output.iter()).chain(op.errors.iter());
            queue.extend(refs.map(|r| r.shape.as_str()));
        }
        while let Some(name) = queue.pop_front() {
            let Some((key, shape)) = self.shapes.get_key_value(name) else {
                self.shape(name)?;
                continue;
            };
            if !seen.insert(key.as_str()) {
                continue;
            }
            let members = shape.members().iter().map(|(_, m)| m);
            let inner = [&shape.member, &shape.key, &shape.value].into_iter().flatten();
            queue.extend(members.chain(inner).map(|m| m.shape.as_str()));
        }
        Ok(seen)
    }

    /// Picks a module for every shape that becomes a Rust type.
    fn classify(&self, operations: &[&str], reachable: &BTreeSet<&'a str>) -> Result<BTreeMap<&'a str, Module>> {
        let mut inputs = BTreeSet::new();
        let mut outputs = BTreeSet::new();
        let mut errors = BTreeSet::new();
        for op in operations {
            let op = &self.model.service.operations[*op];
            inputs.extend(op.input.iter().map(|r| r.shape.as_str()));
            outputs.extend(op.output.iter().map(|r| r.shape.as_str()));
            errors.extend(op.errors.iter().map(|r| r.shape.as_str()));
        }
        let mut nested = BTreeSet::new();
        for name in reachable {
            let shape = self.shape(name)?;
            let members = shape.members().iter().map(|(_, m)| m);
            let inner = [&shape.member, &shape.key, &shape.value].into_iter().flatten();
            nested.extend(members.chain(inner).map(|m| m.shape.as_str()));
        }
        let mut modules = BTreeMap::new();
        for &name in reachable {
            let shape = self.shape(name)?;
            let generated = match shape.kind {
                ShapeType::Structure => !shape.document,
                ShapeType::String => shape.enum_values.is_some(),
                _ => false,
            };
            if !generated {
                continue;
            }
            let module = if shape.is_error() || errors.contains(name) {
                Module::Error
            } else if nested.contains(name) || (inputs.contains(name) && outputs.contains(name)) {
                Module::Types
            } else if inputs.contains(name) {
                Module::Input
            } else if outputs.contains(name) {
                Module::Output
            } else {
                Module::Types
            };
            modules.insert(name, module);
        }
        Ok(modules)
    }

    /// Members (as `(holder, target)` shape pairs) that need a `Box`.
    fn boxed_edges(&self, modules: &BTreeMap<&str, Module>) -> Result<BTreeSet<(String, String)>> {
        let mut edges = BTreeSet::new();
        for name in modules.keys() {
            let shape = self.shape(name)?;
            for (_, member) in shape.members() {
                let target = self.shape(&member.shape)?;
                if target.kind == ShapeType::Structure && !target.document {
                    edges.insert((name.to_string(), member.shape.clone()));
                }
            }
        }
        Ok(edges_on_cycles(&edges))
    }

    fn kind(
        &self,
        name: &str,
        shape: &Shape,
        modules: &BTreeMap<&str, Module>,
        rust_names: &BTreeMap<&str, String>,
        boxed: &BTreeSet<(String, String)>,
        outputs: &BTreeSet<&str>,
    ) -> Result<ShapeKind> {
        if shape.kind == ShapeType::String {
            let mut scope = Scope::with_reserved(["Unknown"]);
            let variants = shape
                .enum_values
                .iter()
                .flatten()
                .map(|value| VariantIr { value: value.clone(), rust_name: scope.claim(camel(value)) })
                .collect();
            return Ok(ShapeKind::Enum(EnumIr { variants }));
        }
        let is_union = is_union(shape);
        let mut members = Vec::new();
        let greedy = self.greedy_labels(name);
        for ((member_name, member), rust_name) in shape.members().iter().zip(member_names(shape)) {
            let mut wire = WireIr::lower(member_name, member, self.shape(&member.shape)?, &|n| self.shapes.get(n));
            if !self.protocol.is_rest() {
                // RPC protocols put every member in the body, whatever the model binds.
                wire.location = super::LocationIr(None);
            } else if greedy.contains(wire.name()) {
                wire = wire.greedy();
            }
            if shape.payload.as_deref() == Some(member_name.as_str()) && self.protocol.is_rest() {
                let target = self.shape(&member.shape)?;
                wire = wire.payload(match target.kind {
                    ShapeType::Blob | ShapeType::String => Location::RawPayload,
                    _ if self::is_union(target) => Location::UnionPayload,
                    _ => Location::Payload,
                });
            }
            let mut ty = self.type_of(member, modules, rust_names)?;
            // A streaming blob payload of a REST protocol need not fit in memory.
            if ty == TypeIr::Blob && wire.streaming && wire.location.get() == Location::RawPayload {
                ty = TypeIr::Stream;
            }
            members.push(MemberIr {
                model_name: member_name.clone(),
                wire_name: wire.name().to_string(),
                wire,
                rust_name,
                docs: member_docs(member),
                ty,
                // The SDK fills a token the caller leaves unset, so it is never a constructor
                // argument (see `OperationIr::idempotency_token`).
                required: !is_union && shape.required.contains(member_name) && !member.idempotency_token,
                boxed: boxed.contains(&(name.to_string(), member.shape.clone())),
                redact: member.sensitive || self.sensitive_target(&member.shape, &mut BTreeSet::new())?,
                deprecated: deprecation(member.deprecated, &member.deprecated_message, &member.deprecated_since),
            });
        }
        // JSON and CBOR objects have one value per key: two body members sharing a wire
        // name (legal in XML's flattened lists) cannot both be read back.
        let keyed_body = matches!(self.protocol.body_format(), super::BodyFormat::Json | super::BodyFormat::Cbor);
        let in_body = |m: &MemberIr| m.wire.location.get() == Location::Body;
        for (i, member) in members.iter().enumerate().filter(|(_, m)| keyed_body && in_body(m)) {
            if let Some(first) = members[..i].iter().filter(|m| in_body(m)).find(|m| m.wire_name == member.wire_name) {
                return Err(Error::Invalid {
                    file: self.model.file.clone(),
                    problems: vec![Problem {
                        path: format!("shapes.{name}.members.{}.locationName", member.model_name),
                        message: format!("JSON name {:?} is also member {}'s", member.wire_name, first.model_name),
                    }],
                });
            }
        }
        if is_union {
            return Ok(ShapeKind::Union(UnionIr { members }));
        }
        let message_member = members.iter().position(|m| m.wire_name.eq_ignore_ascii_case("message") && m.ty == TypeIr::String);
        let is_error = shape.is_error() || modules.get(name) == Some(&Module::Error);
        Ok(ShapeKind::Struct(StructIr {
            members,
            redact_all: shape.sensitive,
            message_member: message_member.filter(|_| is_error),
            is_output: outputs.contains(name),
            is_error,
        }))
    }

    /// The URI labels of `shape` that are greedy (`{Key+}`) in an operation taking it as
    /// input.
    fn greedy_labels(&self, shape: &str) -> BTreeSet<String> {
        self.model
            .service
            .operations
            .values()
            .filter(|op| op.input.as_ref().is_some_and(|i| i.shape == shape))
            .flat_map(|op| HttpIr::lower(&self.protocol, &op.http).labels())
            .filter_map(|(label, greedy)| greedy.then_some(label))
            .collect()
    }

    fn type_of(&self, member: &Member, modules: &BTreeMap<&str, Module>, rust_names: &BTreeMap<&str, String>) -> Result<TypeIr> {
        let shape = self.shape(&member.shape)?;
        let named = || match (modules.get(member.shape.as_str()), rust_names.get(member.shape.as_str())) {
            (Some(&module), Some(name)) => Ok(TypeIr::Named { module, name: name.clone() }),
            _ => Err(Error::Invalid {
                file: self.model.file.clone(),
                problems: vec![Problem { path: format!("shapes.{}", member.shape), message: "shape was not lowered".into() }],
            }),
        };
        let inner = |m: &Option<Member>| -> Result<Box<TypeIr>> {
            let m = m.as_ref().ok_or_else(|| Error::Invalid {
                file: self.model.file.clone(),
                problems: vec![Problem { path: format!("shapes.{}", member.shape), message: "incomplete list or map".into() }],
            })?;
            Ok(Box::new(self.type_of(m, modules, rust_names)?))
        };
        Ok(match shape.kind {
            ShapeType::String if shape.enum_values.is_some() => named()?,
            ShapeType::String => TypeIr::String,
            ShapeType::Integer => TypeIr::I32,
            ShapeType::Long => TypeIr::I64,
            ShapeType::Float => TypeIr::F32,
            ShapeType::Double => TypeIr::F64,
            ShapeType::Boolean => TypeIr::Bool,
            ShapeType::Blob => TypeIr::Blob,
            ShapeType::Timestamp => TypeIr::DateTime(member.timestamp_format.or(shape.timestamp_format)),
            ShapeType::Structure if shape.document => TypeIr::Document,
            ShapeType::Structure => named()?,
            ShapeType::List => TypeIr::List(inner(&shape.member)?),
            ShapeType::Map => TypeIr::Map(inner(&shape.key)?, inner(&shape.value)?),
        })
    }

    /// Whether values of shape `name` must be hidden wherever a member holds them.
    /// Structures hide their own sensitive parts in their `Debug`, so only scalars and
    /// the lists and maps around them count here.
    fn sensitive_target(&self, name: &str, seen: &mut BTreeSet<String>) -> Result<bool> {
        if !seen.insert(name.to_string()) {
            return Ok(false);
        }
        let shape = self.shape(name)?;
        if shape.kind == ShapeType::Structure {
            return Ok(false);
        }
        if shape.sensitive {
            return Ok(true);
        }
        for m in [&shape.member, &shape.key, &shape.value].into_iter().flatten() {
            if m.sensitive || self.sensitive_target(&m.shape, seen)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

fn is_union(shape: &Shape) -> bool {
    shape.union || shape.eventstream
}

/// The Rust names of a structure's members in model order: snake-case fields, or
/// variants for a union (where `Unknown` is taken by the catch-all).
fn member_names(shape: &Shape) -> Vec<String> {
    let union = is_union(shape);
    let mut scope = if union { Scope::with_reserved(["Unknown"]) } else { Scope::default() };
    shape.members().iter().map(|(name, _)| scope.claim(if union { camel(name) } else { snake(name) })).collect()
}

/// The Rust name of the first member `wanted` picks (given its model name and member), as
/// the structure's lowering names it.
fn field_where(shape: &Shape, wanted: impl Fn(&str, &Member) -> bool) -> Option<String> {
    shape.members().iter().zip(member_names(shape)).find(|((name, member), _)| wanted(name, member)).map(|(_, field)| field)
}

fn member_docs(member: &Member) -> Vec<String> {
    let mut lines = docs(member.documentation.as_deref());
    if member.idempotency_token {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("Left unset, it gets a fresh UUID on each call, which the call's retries resend.".into());
    }
    lines
}

fn docs(html: Option<&str>) -> Vec<String> {
    html.map(|h| html_to_markdown(h, DOC_WIDTH)).unwrap_or_default()
}

fn deprecation(deprecated: bool, message: &Option<String>, since: &Option<String>) -> Option<String> {
    if !deprecated && message.is_none() {
        return None;
    }
    let mut note = message.clone().unwrap_or_default();
    if let Some(since) = since {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(&format!("(deprecated since {since})"));
    }
    Some(note)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{lower, LowerOptions};
    use crate::model::load_service_from_str;

    /// Why each paginator of a small model was skipped, by operation (`None`: generated).
    fn skipped(pagination: serde_json::Value) -> Vec<(String, Option<String>)> {
        skipped_named("List", pagination)
    }

    /// [`skipped`], with the operation `List` named `wire` on the wire.
    fn skipped_named(wire: &str, pagination: serde_json::Value) -> Vec<(String, Option<String>)> {
        let model = json!({
            "version": "2.0",
            "metadata": {"apiVersion": "1", "endpointPrefix": "x", "protocol": "json", "jsonVersion": "1.1", "serviceFullName": "X", "serviceId": "X", "targetPrefix": "X"},
            "operations": {"List": {"name": wire, "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}, "output": {"shape": "Out"}}},
            "shapes": {
                "In": {"type": "structure", "members": {"Token": {"shape": "S"}, "Key": {"shape": "KeyMap"}, "Ids": {"shape": "Ids"}}},
                "Out": {"type": "structure", "members": {"Items": {"shape": "Items"}, "Next": {"shape": "S"}, "Key": {"shape": "KeyMap"}, "Count": {"shape": "N"}}},
                "Items": {"type": "list", "member": {"shape": "Item"}},
                "Item": {"type": "structure", "members": {"Id": {"shape": "S"}}},
                "Ids": {"type": "list", "member": {"shape": "S"}},
                "KeyMap": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
                "S": {"type": "string"},
                "N": {"type": "integer"}
            }
        });
        let mut model = load_service_from_str("service-2.json", &model.to_string()).unwrap();
        model.paginators = Some(serde_json::from_value(json!({ "pagination": { "List": pagination } })).unwrap());
        let options = LowerOptions::for_tests();
        lower(&model, &options).unwrap().operations.into_iter().map(|op| (op.wire_name, op.paginator_skipped)).collect()
    }

    /// botocore loads a model without `endpointPrefix`; a client for it cannot be built.
    #[test]
    fn a_model_without_an_endpoint_prefix_loads_but_does_not_lower() {
        let model = json!({"metadata": {"protocol": "json", "targetPrefix": "X"}, "operations": {}, "shapes": {}});
        let model = load_service_from_str("service-2.json", &model.to_string()).unwrap();
        let err = lower(&model, &LowerOptions::for_tests()).unwrap_err().to_string();
        assert!(err.contains("metadata.endpointPrefix: missing"), "{err}");
    }

    #[test]
    fn paginators_page_by_strings_key_maps_and_the_last_items_id() {
        for (input, output) in [("Token", "Next"), ("Key", "Key"), ("Token", "Items[-1].Id")] {
            let got = skipped(json!({"input_token": input, "output_token": output, "result_key": "Items"}));
            assert_eq!(got, [("List".to_string(), None)], "{input} / {output}");
        }
    }

    /// Found by fuzzing: lowering looked the paginator's operation up by its wire name,
    /// and panicked when no operation had that key.
    #[test]
    fn paginators_find_operations_by_key_not_by_wire_name() {
        let got = skipped_named("List2020_05_31", json!({"input_token": "Token", "output_token": "Next"}));
        assert_eq!(got, [("List2020_05_31".to_string(), None)]);
    }

    #[test]
    fn paginators_that_cannot_page_say_why() {
        let tokens = "tokens must be strings or maps, of one type in input and output (input: top-level)";
        for (input, output, why) in [
            ("Token", "Key", tokens.to_string()),
            ("Token", "Count", tokens.to_string()),
            ("Ids[-1]", "Next", tokens.to_string()),
            ("Token", "Next[-1]", "Next[-1]: Out.Next is not a list, so it has no [-1]".to_string()),
            ("Token", "Items.Id", "Items.Id: Out.Items is not a structure".to_string()),
            ("Token", "Items[-1].Nope", "Items[-1].Nope: Out.Items[-1] has no member Nope".to_string()),
        ] {
            let got = skipped(json!({"input_token": input, "output_token": output}));
            assert_eq!(got, [("List".to_string(), Some(why))], "{input} / {output}");
        }
    }
}
