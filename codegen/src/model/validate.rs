//! Checks that a parsed model is coherent before anything is lowered from it, so that
//! later stages may index shapes without a way to panic.

use std::collections::{BTreeMap, BTreeSet};

use super::{Member, ServiceModel, ShapeType};
use crate::error::{Error, Problem, Result};
use crate::ir::cycles::edges_on_cycles;

/// How deeply lists and maps may nest without a structure between.
const MAX_COLLECTION_NESTING: usize = 32;

/// Checks every cross-reference and type-specific field of `model`; reports all problems
/// at once, each with its JSON path.
pub fn validate(file: &str, model: &ServiceModel) -> Result<()> {
    let mut v = Validator { model, problems: Vec::new() };
    v.metadata();
    v.operations();
    v.shapes();
    v.collection_cycles();
    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid { file: file.to_string(), problems: v.problems })
    }
}

struct Validator<'a> {
    model: &'a ServiceModel,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn problem(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }

    fn metadata(&mut self) {
        let m = &self.model.metadata;
        if m.protocol.is_empty() && m.protocols.is_empty() {
            self.problem("metadata.protocol".into(), "no protocol named".into());
        }
        if let Some(v) = &m.json_version {
            if !matches!(v.as_str(), "1.0" | "1.1") {
                self.problem("metadata.jsonVersion".into(), format!("unknown JSON version {v:?}"));
            }
        }
    }

    fn operations(&mut self) {
        for (name, op) in &self.model.operations {
            // `op.name` may differ from the key: CloudFront's wire names carry a version
            // suffix (`AssociateAlias2020_05_31` under `AssociateAlias`).
            let base = format!("operations.{name}");
            for (field, r) in [("input", &op.input), ("output", &op.output)] {
                if let Some(r) = r {
                    self.structure_ref(format!("{base}.{field}.shape"), &r.shape);
                }
            }
            for (i, e) in op.errors.iter().enumerate() {
                self.structure_ref(format!("{base}.errors[{i}].shape"), &e.shape);
            }
            if let Some(prefix) = op.endpoint.as_ref().and_then(|e| e.host_prefix.as_ref()) {
                self.host_prefix(&base, prefix, op.input.as_ref().map(|r| r.shape.as_str()));
            }
        }
    }

    /// Every `{Label}` of a host prefix must be a `hostLabel` member of the input.
    fn host_prefix(&mut self, base: &str, prefix: &str, input: Option<&str>) {
        let mut rest = prefix;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                self.problem(format!("{base}.endpoint.hostPrefix"), format!("unclosed '{{' in {prefix:?}"));
                return;
            };
            let label = &rest[start + 1..start + len];
            let member = input.and_then(|i| self.model.shapes.get(i)).and_then(|s| s.members.as_ref()?.get(label));
            if !member.is_some_and(|m| m.host_label) {
                self.problem(format!("{base}.endpoint.hostPrefix"), format!("label {{{label}}} is not a hostLabel member of the input"));
            }
            rest = &rest[start + len + 1..];
        }
    }

    fn structure_ref(&mut self, path: String, shape: &str) {
        match self.model.shapes.get(shape) {
            None => self.problem(path, format!("no shape named {shape:?}")),
            Some(s) if s.kind != ShapeType::Structure => self.problem(path, format!("shape {shape:?} is a {:?}, not a structure", s.kind)),
            // Found by fuzzing: a document has no members to send or read.
            Some(s) if s.document => self.problem(path, format!("shape {shape:?} is a document, not a structure")),
            Some(_) => {}
        }
    }

    fn member_ref(&mut self, path: &str, member: &Member) -> Option<ShapeType> {
        match self.model.shapes.get(&member.shape) {
            None => {
                self.problem(format!("{path}.shape"), format!("no shape named {:?}", member.shape));
                None
            }
            Some(target) => {
                if member.timestamp_format.is_some() && target.kind != ShapeType::Timestamp {
                    self.problem(format!("{path}.timestampFormat"), format!("member targets {:?}, which is not a timestamp", member.shape));
                }
                // The SDK fills it with a UUID; Smithy allows the trait on strings only.
                if member.idempotency_token && (target.kind != ShapeType::String || target.enum_values.is_some()) {
                    self.problem(
                        format!("{path}.idempotencyToken"),
                        format!("member targets {:?}, which is not a plain string", member.shape),
                    );
                }
                Some(target.kind)
            }
        }
    }

    /// Lists and maps that hold themselves with no structure in between: `Vec<Vec<…>>`
    /// without end, which no Rust type can be. Found by fuzzing, as a stack overflow.
    fn collection_cycles(&mut self) {
        let is_collection = |name: &str| self.model.shapes.get(name).is_some_and(|s| matches!(s.kind, ShapeType::List | ShapeType::Map));
        let mut slots = BTreeSet::new();
        for (name, shape) in &self.model.shapes {
            if !is_collection(name) {
                continue;
            }
            for (slot, r) in [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)] {
                if let Some(r) = r.as_ref().filter(|r| is_collection(&r.shape)) {
                    slots.insert((name.clone(), r.shape.clone(), slot));
                }
            }
        }
        let edges = slots.iter().map(|(from, to, _)| (from.clone(), to.clone())).collect();
        let cyclic = edges_on_cycles(&edges);
        for (from, to, slot) in &slots {
            if cyclic.contains(&(from.clone(), to.clone())) {
                self.problem(
                    format!("shapes.{from}.{slot}.shape"),
                    format!("{from:?} holds itself through lists and maps alone (via {to:?}); a structure must come between"),
                );
            }
        }
        if cyclic.is_empty() {
            self.collection_depth(&slots);
        }
    }

    /// Lists and maps nested deeper than [`MAX_COLLECTION_NESTING`] without a structure
    /// between: later stages recurse once per level. Real models nest three or four.
    /// `slots` holds acyclic edges, at most one per shape (a list's member or a map's
    /// value; keys are strings), so each chain is walked once.
    fn collection_depth(&mut self, slots: &BTreeSet<(String, String, &'static str)>) {
        let next: BTreeMap<&str, (&str, &str)> = slots.iter().map(|(from, to, slot)| (from.as_str(), (to.as_str(), *slot))).collect();
        let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
        for &start in next.keys() {
            if depth.contains_key(start) {
                continue;
            }
            let mut chain = vec![start];
            while let Some(&(to, _)) = next.get(chain[chain.len() - 1]) {
                if depth.contains_key(to) {
                    break;
                }
                chain.push(to);
            }
            let mut below = next.get(chain[chain.len() - 1]).and_then(|(to, _)| depth.get(to)).copied().unwrap_or(0);
            for &name in chain.iter().rev() {
                below += 1;
                depth.insert(name, below);
            }
        }
        // Reported where a chain starts, not at each of its levels.
        let targets: BTreeSet<&str> = next.values().map(|(to, _)| *to).collect();
        let starts: Vec<(&str, &str, usize)> = next
            .iter()
            .filter(|(name, _)| !targets.contains(**name))
            .filter_map(|(name, (_, slot))| depth.get(name).map(|d| (*name, *slot, *d)))
            .filter(|(_, _, d)| *d > MAX_COLLECTION_NESTING)
            .collect();
        for (name, slot, d) in starts {
            self.problem(
                format!("shapes.{name}.{slot}.shape"),
                format!("lists and maps nest {d} deep here without a structure between; at most {MAX_COLLECTION_NESTING} are supported"),
            );
        }
    }

    fn shapes(&mut self) {
        for (name, shape) in &self.model.shapes {
            let base = format!("shapes.{name}");
            let misplaced = |field: &str, present: bool, allowed: ShapeType| {
                (present && shape.kind != allowed).then(|| (format!("{base}.{field}"), format!("only a {allowed:?} may have {field:?}")))
            };
            let checks = [
                misplaced("members", shape.members.is_some(), ShapeType::Structure),
                misplaced("member", shape.member.is_some(), ShapeType::List),
                misplaced("key", shape.key.is_some(), ShapeType::Map),
                misplaced("value", shape.value.is_some(), ShapeType::Map),
                misplaced("enum", shape.enum_values.is_some(), ShapeType::String),
                misplaced("timestampFormat", shape.timestamp_format.is_some(), ShapeType::Timestamp),
            ];
            for (path, message) in checks.into_iter().flatten() {
                self.problem(path, message);
            }
            match shape.kind {
                ShapeType::Structure => {
                    for (member_name, member) in shape.members() {
                        self.member_ref(&format!("{base}.members.{member_name}"), member);
                    }
                    // One token per request is what the SDK fills and services expect.
                    for (member_name, _) in shape.members().iter().filter(|(_, m)| m.idempotency_token).skip(1) {
                        self.problem(
                            format!("{base}.members.{member_name}.idempotencyToken"),
                            "a structure has one idempotencyToken member at most".into(),
                        );
                    }
                    for (i, req) in shape.required.iter().enumerate() {
                        if !shape.members().iter().any(|(m, _)| m == req) {
                            self.problem(format!("{base}.required[{i}]"), format!("{req:?} is not a member of {name}"));
                        }
                    }
                    if let Some(payload) = &shape.payload {
                        if !shape.members().iter().any(|(m, _)| m == payload) {
                            self.problem(format!("{base}.payload"), format!("{payload:?} is not a member of {name}"));
                        }
                    }
                    if shape.union && shape.members().is_empty() {
                        self.problem(format!("{base}.members"), "a union needs at least one member".into());
                    }
                }
                ShapeType::List => match &shape.member {
                    Some(m) => {
                        self.member_ref(&format!("{base}.member"), m);
                    }
                    None => self.problem(format!("{base}.member"), "a list needs a member".into()),
                },
                ShapeType::Map => {
                    match &shape.key {
                        Some(k) => {
                            if let Some(kind) = self.member_ref(&format!("{base}.key"), k) {
                                if kind != ShapeType::String {
                                    self.problem(
                                        format!("{base}.key.shape"),
                                        format!("map keys must be strings, {:?} is a {kind:?}", k.shape),
                                    );
                                }
                            }
                        }
                        None => self.problem(format!("{base}.key"), "a map needs a key".into()),
                    }
                    match &shape.value {
                        Some(v) => {
                            self.member_ref(&format!("{base}.value"), v);
                        }
                        None => self.problem(format!("{base}.value"), "a map needs a value".into()),
                    }
                }
                ShapeType::String => {
                    if let Some(values) = &shape.enum_values {
                        let mut seen = BTreeSet::new();
                        for (i, v) in values.iter().enumerate() {
                            if !seen.insert(v) {
                                self.problem(format!("{base}.enum[{i}]"), format!("{v:?} is listed twice"));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::load_service_from_str;

    fn errors(model: &str) -> String {
        load_service_from_str("service-2.json", model).unwrap_err().to_string()
    }

    const META: &str =
        r#""metadata":{"apiVersion":"1","endpointPrefix":"x","protocol":"json","jsonVersion":"1.1","serviceFullName":"X","serviceId":"X"}"#;

    #[test]
    fn dangling_reference_names_file_and_path() {
        let m = format!(
            r#"{{{META},"operations":{{}},"shapes":{{"Session":{{"type":"structure","members":{{"State":{{"shape":"SessionStat"}}}}}},"SessionState":{{"type":"string"}}}}}}"#
        );
        assert_eq!(errors(&m), r#"service-2.json: shapes.Session.members.State.shape: no shape named "SessionStat""#);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let m = format!(
            r#"{{{META},"operations":{{"Op":{{"name":"Op","http":{{"method":"POST","requestUri":"/"}},"input":{{"shape":"L"}},"output":{{"shape":"D"}},"errors":[{{"shape":"Nope"}}]}}}},
            "shapes":{{"L":{{"type":"list"}},"D":{{"type":"structure","document":true,"members":{{}}}},"M":{{"type":"map","key":{{"shape":"I"}}}},"I":{{"type":"integer","enum":["a"]}},
            "S":{{"type":"structure","required":["Missing"],"members":{{"T":{{"shape":"I","timestampFormat":"iso8601"}},"Token":{{"shape":"I","idempotencyToken":true}},"Second":{{"shape":"K","idempotencyToken":true}}}}}},
            "E":{{"type":"string","enum":["a","a"]}},
            "C":{{"type":"list","member":{{"shape":"CM"}}}},"CM":{{"type":"map","key":{{"shape":"K"}},"value":{{"shape":"C"}}}},"K":{{"type":"string"}}}}}}"#
        );
        let text = errors(&m);
        for expected in [
            r#"service-2.json: operations.Op.input.shape: shape "L" is a List, not a structure"#,
            r#"service-2.json: operations.Op.errors[0].shape: no shape named "Nope""#,
            r#"service-2.json: operations.Op.output.shape: shape "D" is a document, not a structure"#,
            "service-2.json: shapes.L.member: a list needs a member",
            r#"service-2.json: shapes.M.key.shape: map keys must be strings, "I" is a Integer"#,
            "service-2.json: shapes.M.value: a map needs a value",
            r#"service-2.json: shapes.S.members.Token.idempotencyToken: member targets "I", which is not a plain string"#,
            "service-2.json: shapes.S.members.Second.idempotencyToken: a structure has one idempotencyToken member at most",
            r#"service-2.json: shapes.I.enum: only a String may have "enum""#,
            r#"service-2.json: shapes.S.required[0]: "Missing" is not a member of S"#,
            r#"service-2.json: shapes.S.members.T.timestampFormat: member targets "I", which is not a timestamp"#,
            r#"service-2.json: shapes.E.enum[1]: "a" is listed twice"#,
            r#"service-2.json: shapes.C.member.shape: "C" holds itself through lists and maps alone (via "CM"); a structure must come between"#,
            r#"service-2.json: shapes.CM.value.shape: "CM" holds itself through lists and maps alone (via "C"); a structure must come between"#,
        ] {
            assert!(text.lines().any(|l| l == expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn lists_nested_past_the_limit_are_reported_once() {
        let chain = |n: usize| {
            let mut shapes: Vec<String> =
                (0..n).map(|i| format!(r#""L{i}":{{"type":"list","member":{{"shape":"L{}"}}}}"#, i + 1)).collect();
            shapes.push(format!(r#""L{n}":{{"type":"string"}}"#));
            format!(r#"{{{META},"operations":{{}},"shapes":{{{}}}}}"#, shapes.join(","))
        };
        assert!(load_service_from_str("service-2.json", &chain(32)).is_ok());
        let text = errors(&chain(40));
        assert_eq!(
            text,
            "service-2.json: shapes.L0.member.shape: lists and maps nest 40 deep here without a structure between; at most 32 are supported"
        );
    }

    #[test]
    fn wrong_json_types_name_the_path() {
        let m = format!(r#"{{{META},"shapes":{{"A":{{"type":"strng"}}}}}}"#);
        let text = errors(&m);
        assert!(text.starts_with("service-2.json: shapes.A.type: unknown variant `strng`"), "{text}");
        let m = format!(r#"{{{META},"shapes":{{"A":{{"type":"structure","members":{{"X":{{"shape":7}}}}}}}}}}"#);
        assert!(errors(&m).starts_with("service-2.json: shapes.A.members.X.shape: invalid type"), "{}", errors(&m));
        let m = format!(r#"{{{META},"shapes":{{"A":{{"type":"structure","members":{{"X":{{"shape":"A"}},"X":{{"shape":"A"}}}}}}}}}}"#);
        assert!(errors(&m).contains("shapes.A.members"), "{}", errors(&m));
    }

    #[test]
    fn json_members_sharing_a_wire_name_are_rejected_when_lowering() {
        let m = format!(
            r#"{{{META},"operations":{{"Op":{{"name":"Op","http":{{"method":"POST","requestUri":"/"}},"input":{{"shape":"In"}}}}}},
            "shapes":{{"In":{{"type":"structure","members":{{"A":{{"shape":"S","locationName":"Same"}},"B":{{"shape":"S","locationName":"Same"}}}}}},"S":{{"type":"string"}}}}}}"#
        )
        .replace("\"jsonVersion\":\"1.1\",", "\"jsonVersion\":\"1.1\",\"targetPrefix\":\"T\",");
        let model = load_service_from_str("service-2.json", &m).unwrap();
        let options = crate::ir::LowerOptions::for_tests();
        let err = crate::ir::lower(&model, &options).unwrap_err().to_string();
        assert_eq!(err, r#"service-2.json: shapes.In.members.B.locationName: JSON name "Same" is also member A's"#);
    }

    #[test]
    fn broken_json_names_line_and_column() {
        assert_eq!(errors("{\n  \"metadata\": ,"), "service-2.json:2:15: not valid JSON: expected value");
        assert!(errors("").starts_with("service-2.json:1:0: not valid JSON: EOF"));
        assert!(errors(&format!("{{{META}}} trailing")).contains("trailing characters"));
    }
}
