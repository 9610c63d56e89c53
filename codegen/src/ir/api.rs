//! A generated crate's public API as sorted lines, one per item a user can name: types,
//! fields with their Rust types and optionality, enum variants, client methods, error
//! variants. Comparing two listings says what a regeneration did to users whatever caused
//! it, a model update or a generator change: a line gone or changed breaks them, a line
//! added does not.

use super::{CrateIr, ShapeKind, TypeIr};
use crate::diff::Impact;

/// The listing of `ir`, sorted, one item per line.
pub fn api_listing(ir: &CrateIr) -> String {
    let mut lines = Vec::new();
    for shape in &ir.shapes {
        let path = format!("{}::{}", shape.module.name(), shape.rust_name);
        match &shape.kind {
            ShapeKind::Struct(s) => {
                lines.push(format!("struct {path}"));
                for m in &s.members {
                    let ty = rust_type(&m.ty);
                    let ty = if m.required { ty } else { format!("Option<{ty}>") };
                    lines.push(format!("field {path}.{}: {ty}", m.rust_name));
                }
            }
            ShapeKind::Enum(e) => {
                lines.push(format!("enum {path}"));
                lines.extend(e.variants.iter().map(|v| format!("variant {path}::{} = {:?}", v.rust_name, v.value)));
            }
            ShapeKind::Union(u) => {
                lines.push(format!("union {path}"));
                lines.extend(u.members.iter().map(|m| format!("variant {path}::{}({})", m.rust_name, rust_type(&m.ty))));
            }
        }
    }
    for op in &ir.operations {
        let ty = |t: &Option<super::TypeRef>| t.as_ref().map_or_else(|| "()".to_string(), |t| format!("{}::{}", t.module.name(), t.name));
        lines.push(format!("fn Client::{}({}) -> {}", op.fn_name, ty(&op.input), ty(&op.output)));
        if op.paginator.is_some() {
            lines.push(format!("fn Client::{}_pages({})", op.fn_name, ty(&op.input)));
        }
        lines.push(format!("enum operation::{}", op.error_name));
        lines.extend(
            op.errors
                .iter()
                .map(|e| format!("variant operation::{}::{}({}::{})", op.error_name, e.variant, e.shape.module.name(), e.shape.name)),
        );
    }
    for w in &ir.waiters {
        lines.push(format!("fn Client::{}", w.fn_name));
    }
    lines.sort();
    lines.dedup();
    lines.join("\n") + "\n"
}

/// What going from listing `old` to `new` does to users: `None` when nothing changed.
/// Also the lines removed and added, for the changelog.
pub fn compare(old: &str, new: &str) -> (Option<Impact>, Vec<String>, Vec<String>) {
    let (a, b): (std::collections::BTreeSet<&str>, std::collections::BTreeSet<&str>) = (old.lines().collect(), new.lines().collect());
    let removed: Vec<String> = a.difference(&b).map(|l| l.to_string()).collect();
    let added: Vec<String> = b.difference(&a).map(|l| l.to_string()).collect();
    let impact = if !removed.is_empty() {
        Some(Impact::Breaking)
    } else if !added.is_empty() {
        Some(Impact::Additive)
    } else {
        None
    };
    (impact, removed, added)
}

fn rust_type(ty: &TypeIr) -> String {
    match ty {
        TypeIr::String => "String".into(),
        TypeIr::Bool => "bool".into(),
        TypeIr::I32 => "i32".into(),
        TypeIr::I64 => "i64".into(),
        TypeIr::F32 => "f32".into(),
        TypeIr::F64 => "f64".into(),
        TypeIr::DateTime(_) => "DateTime".into(),
        TypeIr::Blob => "Blob".into(),
        TypeIr::Stream => "ByteStream".into(),
        TypeIr::Document => "Document".into(),
        TypeIr::Named { module, name } => format!("{}::{name}", module.name()),
        TypeIr::List(item) => format!("Vec<{}>", rust_type(item)),
        TypeIr::Map(key, value) => format!("Map<{}, {}>", rust_type(key), rust_type(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use crate::diff::Impact;

    #[test]
    fn removed_lines_break_and_added_lines_add() {
        let old = "struct types::A\nfield types::A.x: Option<String>\n";
        assert_eq!(compare(old, old).0, None);
        let added = "struct types::A\nfield types::A.x: Option<String>\nfield types::A.y: Option<i32>\n";
        assert_eq!(compare(old, added), (Some(Impact::Additive), vec![], vec!["field types::A.y: Option<i32>".to_string()]));
        // A member that became required is a changed line: breaking.
        let required = "struct types::A\nfield types::A.x: String\n";
        assert_eq!(compare(old, required).0, Some(Impact::Breaking));
    }
}
