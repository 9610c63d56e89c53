//! The changelog format: boto3's "updated api methods" entries, as the seed document shows
//! one, followed by a section listing breaking changes.
//!
//! Deltas list additions the way the public changelog does: new members rendered by type
//! (lists in brackets, maps as one-entry dicts), values added to an existing enum as a set,
//! changes inside existing members under their parents, keys sorted, laid out by
//! [`pformat`](super::pprint::pformat) at width 80. The rest of each entry is the
//! operation's documentation in boto3's style, rendered from the new model.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use super::pprint::{pformat, PyValue};
use super::{Change, Impact};
use crate::docs::html_to_text;
use crate::model::{Member, ServiceModel, Shape, ShapeType};

/// Choices the models do not carry.
#[derive(Debug, Clone, Default)]
pub struct ChangelogOptions {
    /// `YYYY/MM/DD`, as the entry's date.
    pub date: String,
    /// The `Changes  …` line, if any.
    pub note: Option<String>,
    /// Leave out each operation's documentation, request syntax and response structure,
    /// as a crate's CHANGELOG.md does.
    pub omit_docs: bool,
    /// Put the breaking changes right after the title, named as such, rather than last.
    pub breaking_first: bool,
}

/// Renders the changelog for `old` → `new`: the service's name, then its entry;
/// `changes` supplies the breaking section.
pub fn changelog(old: &ServiceModel, new: &ServiceModel, changes: &[Change], options: &ChangelogOptions) -> String {
    format!("{}\n\n{}", new.metadata.full_name(), changelog_entry(old, new, changes, options))
}

/// One entry of a service's API-changes page: the dated title, each new or updated
/// operation with its delta and documentation, and the breaking changes.
pub fn changelog_entry(old: &ServiceModel, new: &ServiceModel, changes: &[Change], options: &ChangelogOptions) -> String {
    let mut out: Vec<String> = Vec::new();
    let full_name = new.metadata.full_name();
    let entries = entries(old, new);
    out.push(format!("{} - {full_name} - {}", options.date, title_counts(&entries)));
    out.push(String::new());
    let breaking: Vec<&Change> = changes.iter().filter(|c| c.impact == Impact::Breaking).collect();
    if options.breaking_first {
        breaking_section(&breaking, &mut out);
    }
    if let Some(note) = &options.note {
        out.push(format!("Changes  {note}"));
        out.push(String::new());
    }

    for (name, entry) in &entries {
        out.push(format!("{name} ({})", if entry.new { "new" } else { "updated" }));
        match (&entry.request, &entry.response) {
            (Some(request), Some(response)) => {
                out.push("Changes (request, response)".into());
                out.push("Request".into());
                out.push(pformat(request, 80));
                out.push("Response".into());
                out.push(pformat(response, 80));
            }
            (Some(delta), None) | (None, Some(delta)) => {
                out.push(format!("Changes ({})", if entry.request.is_some() { "request" } else { "response" }));
                out.push(pformat(delta, 80));
            }
            (None, None) => {}
        }
        out.push(String::new());
        if !options.omit_docs {
            operation_docs(new, name, &mut out);
        }
    }
    if !options.breaking_first {
        breaking_section(&breaking, &mut out);
    }
    let mut text = out.join("\n");
    while text.ends_with("\n\n") {
        text.pop();
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// `Breaking changes`, then one line per change, when there are any.
fn breaking_section(breaking: &[&Change], out: &mut Vec<String>) {
    if breaking.is_empty() {
        return;
    }
    out.push("Breaking changes".into());
    out.push(String::new());
    for c in breaking {
        out.push(format!("- {} ({} {}): {}", c.path, c.kind, c.what, c.reason));
    }
    out.push(String::new());
}

/// Every operation that is new, or whose request or response gained something.
fn entries<'a>(old: &ServiceModel, new: &'a ServiceModel) -> BTreeMap<&'a str, Entry> {
    let mut entries = BTreeMap::new();
    for (name, op) in &new.operations {
        match old.operations.get(name) {
            None => {
                entries.insert(name.as_str(), Entry { new: true, request: None, response: None });
            }
            Some(before) => {
                let delta = |a: &Option<crate::model::ShapeRef>, b: &Option<crate::model::ShapeRef>| match (a, b) {
                    (Some(a), Some(b)) => value_delta(old, new, &a.shape, &b.shape, &mut BTreeSet::new()),
                    (None, Some(b)) => Some(render_new(new, &b.shape, &mut BTreeSet::new())),
                    _ => None,
                };
                let (request, response) = (delta(&before.input, &op.input), delta(&before.output, &op.output));
                if request.is_some() || response.is_some() {
                    entries.insert(name.as_str(), Entry { new: false, request, response });
                }
            }
        }
    }
    entries
}

/// `3 new api methods`, `6 updated api methods`, or `3 new 6 updated api methods`.
fn title_counts(entries: &BTreeMap<&str, Entry>) -> String {
    let added = entries.values().filter(|e| e.new).count();
    let updated = entries.len() - added;
    match (added, updated) {
        (0, 0) => "no api method changes".into(),
        (added, 0) => format!("{added} new api methods"),
        (0, updated) => format!("{updated} updated api methods"),
        (added, updated) => format!("{added} new {updated} updated api methods"),
    }
}

struct Entry {
    new: bool,
    request: Option<PyValue>,
    response: Option<PyValue>,
}

fn shape<'a>(model: &'a ServiceModel, name: &str) -> Option<&'a Shape> {
    model.shapes.get(name)
}

/// What changed between two shapes, as additions: `None` when nothing was added.
fn value_delta(old: &ServiceModel, new: &ServiceModel, a: &str, b: &str, seen: &mut BTreeSet<String>) -> Option<PyValue> {
    let (sa, sb) = (shape(old, a)?, shape(new, b)?);
    if sa.kind != sb.kind {
        return Some(render_new(new, b, &mut BTreeSet::new()));
    }
    match sb.kind {
        ShapeType::Structure => {
            if !seen.insert(b.to_string()) {
                return None;
            }
            let mut delta = BTreeMap::new();
            for (name, member) in sb.members() {
                match sa.members().iter().find(|(n, _)| n == name) {
                    None => {
                        delta.insert(name.clone(), render_new(new, &member.shape, &mut BTreeSet::new()));
                    }
                    Some((_, before)) => {
                        if let Some(d) = value_delta(old, new, &before.shape, &member.shape, seen) {
                            delta.insert(name.clone(), d);
                        }
                    }
                }
            }
            seen.remove(b);
            (!delta.is_empty()).then_some(PyValue::Dict(delta))
        }
        ShapeType::List => value_delta(old, new, &sa.member.as_ref()?.shape, &sb.member.as_ref()?.shape, seen),
        ShapeType::Map => value_delta(old, new, &sa.value.as_ref()?.shape, &sb.value.as_ref()?.shape, seen),
        ShapeType::String => {
            let (va, vb) = (sa.enum_values.clone().unwrap_or_default(), sb.enum_values.clone().unwrap_or_default());
            let added: BTreeSet<String> = vb.into_iter().filter(|v| !va.contains(v)).collect();
            (!added.is_empty()).then_some(PyValue::Set(added))
        }
        _ => None,
    }
}

/// A new member by type: structures as dicts, lists as one-item lists, maps as one-entry
/// dicts, enums as `'A | B'`, other scalars by type name.
fn render_new(model: &ServiceModel, name: &str, seen: &mut BTreeSet<String>) -> PyValue {
    let Some(s) = shape(model, name) else { return PyValue::Str(name.to_string()) };
    match s.kind {
        ShapeType::Structure if s.document => PyValue::Str("document".into()),
        ShapeType::Structure => {
            if !seen.insert(name.to_string()) {
                return PyValue::Str("structure".into());
            }
            let members = s.members().iter().map(|(n, m)| (n.clone(), render_new(model, &m.shape, seen))).collect();
            seen.remove(name);
            PyValue::Dict(members)
        }
        ShapeType::List => {
            PyValue::List(vec![s.member.as_ref().map_or(PyValue::Str("string".into()), |m| render_new(model, &m.shape, seen))])
        }
        ShapeType::Map => {
            let key = match s.key.as_ref().map(|k| render_new(model, &k.shape, seen)) {
                Some(PyValue::Str(key)) => key,
                _ => "string".into(),
            };
            let value = s.value.as_ref().map_or(PyValue::Str("string".into()), |m| render_new(model, &m.shape, seen));
            PyValue::Dict(BTreeMap::from([(key, value)]))
        }
        ShapeType::String => match &s.enum_values {
            Some(values) => PyValue::Str(values.join(" | ")),
            None => PyValue::Str("string".into()),
        },
        other => PyValue::Str(format!("{other:?}").to_lowercase()),
    }
}

/// boto3's name for a type in parameter and response docs.
fn doc_type(s: &Shape) -> &'static str {
    match s.kind {
        ShapeType::Structure | ShapeType::Map => "dict",
        ShapeType::List => "list",
        ShapeType::String => "string",
        ShapeType::Integer | ShapeType::Long => "integer",
        ShapeType::Float | ShapeType::Double => "float",
        ShapeType::Boolean => "boolean",
        ShapeType::Timestamp => "datetime",
        ShapeType::Blob => "bytes",
    }
}

fn paragraphs(html: Option<&str>, out: &mut Vec<String>, indent: usize) {
    for p in html_to_text(html.unwrap_or("")) {
        out.push(format!("{}{p}", " ".repeat(indent)));
        out.push(String::new());
    }
}

fn operation_docs(model: &ServiceModel, name: &str, out: &mut Vec<String>) {
    let Some(op) = model.operations.get(name) else { return };
    paragraphs(op.documentation.as_deref(), out, 0);
    out.push("See also: AWS API Documentation".into());
    out.push(String::new());
    out.push("Request Syntax".into());
    out.push(String::new());
    let method = name.to_snake_case();
    let input = op.input.as_ref().and_then(|r| shape(model, &r.shape));
    match input.filter(|s| !s.members().is_empty()) {
        None => out.push(format!("client.{method}()")),
        Some(s) => {
            out.push(format!("client.{method}("));
            let last = s.members().len() - 1;
            for (i, (member, m)) in s.members().iter().enumerate() {
                let value = syntax(model, &m.shape, 4, &mut BTreeSet::new());
                out.push(format!("    {member}={value}{}", if i == last { "" } else { "," }));
            }
            out.push(")".into());
        }
    }
    if let Some(s) = input {
        for (member, m) in s.members() {
            let Some(target) = shape(model, &m.shape) else { continue };
            out.push(format!("type {member}:"));
            out.push(String::new());
            out.push(doc_type(target).into());
            out.push(String::new());
            out.push(format!("param {member}:"));
            out.push(String::new());
            if s.required.contains(member) {
                out.push("[REQUIRED]".into());
                out.push(String::new());
            }
            paragraphs(m.documentation.as_deref(), out, 0);
            children(model, m, 1, out, &mut BTreeSet::new());
        }
    }
    out.push("rtype:".into());
    out.push(String::new());
    out.push("dict".into());
    out.push(String::new());
    out.push("returns:".into());
    out.push(String::new());
    out.push("Response Syntax".into());
    out.push(String::new());
    let output = op.output.as_ref().map(|r| r.shape.as_str());
    out.push(output.map_or_else(|| "{}".to_string(), |o| syntax(model, o, 0, &mut BTreeSet::new())));
    out.push(String::new());
    out.push("Response Structure".into());
    out.push(String::new());
    out.push("  • (dict) --".into());
    out.push(String::new());
    if let Some(s) = output.and_then(|o| shape(model, o)) {
        for (member, m) in s.members() {
            bullet(model, member, m, 2, out, &mut BTreeSet::new());
        }
    }
}

/// The example value boto3 shows for a shape, at `indent` spaces.
fn syntax(model: &ServiceModel, name: &str, indent: usize, seen: &mut BTreeSet<String>) -> String {
    let Some(s) = shape(model, name) else { return "'string'".into() };
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    match s.kind {
        ShapeType::String => match &s.enum_values {
            Some(values) => values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join("|"),
            None => "'string'".into(),
        },
        ShapeType::Integer | ShapeType::Long => "123".into(),
        ShapeType::Float | ShapeType::Double => "123.0".into(),
        ShapeType::Boolean => "True|False".into(),
        ShapeType::Timestamp => "datetime(2015, 1, 1)".into(),
        ShapeType::Blob => "b'bytes'".into(),
        ShapeType::Structure if s.document => "{...}|[...]|123|123.4|'string'|True|None".into(),
        ShapeType::Structure => {
            if !seen.insert(name.to_string()) {
                return "{'... recursive ...'}".into();
            }
            let members = s.members();
            let lines: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(i, (member, m))| {
                    let comma = if i + 1 == members.len() { "" } else { "," };
                    format!("{inner}'{member}': {}{comma}", syntax(model, &m.shape, indent + 4, seen))
                })
                .collect();
            seen.remove(name);
            if lines.is_empty() {
                "{}".into()
            } else {
                format!("{{\n{}\n{pad}}}", lines.join("\n"))
            }
        }
        ShapeType::List => {
            let item = s.member.as_ref().map_or_else(|| "'string'".into(), |m| syntax(model, &m.shape, indent + 4, seen));
            format!("[\n{inner}{item},\n{pad}]")
        }
        ShapeType::Map => {
            let value = s.value.as_ref().map_or_else(|| "'string'".into(), |m| syntax(model, &m.shape, indent + 4, seen));
            format!("{{\n{inner}'string': {value}\n{pad}}}")
        }
    }
}

/// `• Name (type) --`, its documentation, and what it holds.
fn bullet(model: &ServiceModel, name: &str, m: &Member, depth: usize, out: &mut Vec<String>, seen: &mut BTreeSet<String>) {
    let Some(target) = shape(model, &m.shape) else { return };
    out.push(format!("{}• {name} ({}) --", "  ".repeat(depth), doc_type(target)));
    out.push(String::new());
    paragraphs(m.documentation.as_deref(), out, depth * 2 + 2);
    children(model, m, depth + 1, out, seen);
}

/// The members of a structure, the item of a list, the key and value of a map.
fn children(model: &ServiceModel, m: &Member, depth: usize, out: &mut Vec<String>, seen: &mut BTreeSet<String>) {
    let Some(target) = shape(model, &m.shape) else { return };
    match target.kind {
        ShapeType::Structure if !target.document => {
            if !seen.insert(m.shape.clone()) {
                return;
            }
            for (name, member) in target.members() {
                bullet(model, name, member, depth, out, seen);
            }
            seen.remove(&m.shape);
        }
        ShapeType::List => {
            if let Some(item) = &target.member {
                anonymous(model, item, depth, out, seen);
            }
        }
        ShapeType::Map => {
            if let (Some(key), Some(value)) = (&target.key, &target.value) {
                anonymous(model, key, depth, out, seen);
                anonymous(model, value, depth + 1, out, seen);
            }
        }
        _ => {}
    }
}

/// `• (type) --` for a list item or map key or value, with the item shape's documentation.
fn anonymous(model: &ServiceModel, m: &Member, depth: usize, out: &mut Vec<String>, seen: &mut BTreeSet<String>) {
    let Some(target) = shape(model, &m.shape) else { return };
    out.push(format!("{}• ({}) --", "  ".repeat(depth), doc_type(target)));
    out.push(String::new());
    let docs = m.documentation.as_deref().or(target.documentation.as_deref().filter(|_| target.kind == ShapeType::Structure));
    paragraphs(docs, out, depth * 2 + 2);
    children(model, m, depth + 1, out, seen);
}
