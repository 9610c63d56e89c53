//! Every Rust identifier the generator writes is made here.
//!
//! Names from models are arbitrary strings (`type`, `Self`, `1.0`, `a-b`, `Foo` beside
//! `foo`), so one module turns them into identifiers by fixed rules, the way prost-build
//! does: heck for case, `r#` for keywords, a `_` suffix where `r#` cannot serve, a prefix
//! for a leading digit, and [`Scope`] for collisions, so no ad hoc renames creep in.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords (strict and reserved, all editions up to 2024) that need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern",
    "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A `snake_case` name for a field, function or module: `r#type`, `self_`, `_3d_config`.
pub fn snake(raw: &str) -> String {
    let mut name = join_words(raw, |w| w.to_snake_case(), "_").to_lowercase();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// An `UpperCamelCase` name for a type or variant: `Session`, `V1_0`, `Self_`.
pub fn camel(raw: &str) -> String {
    let mut name = join_words(raw, |w| w.to_upper_camel_case(), "");
    if name.is_empty() {
        name.push_str("Value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    escape_keyword(name)
}

/// Splits `raw` at every character that cannot be in an identifier, converts each piece
/// with `case`, and joins them. Where two pieces meet digit to digit (`1.0`, `python3.8`)
/// a `_` keeps them apart, so `1.0` and `10` stay distinct.
fn join_words(raw: &str, case: impl Fn(&str) -> String, sep: &str) -> String {
    let mut out = String::new();
    for piece in raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let piece = case(piece);
        if piece.is_empty() {
            continue;
        }
        let digit_meets_digit = out.ends_with(|c: char| c.is_ascii_digit()) && piece.starts_with(|c: char| c.is_ascii_digit());
        if !out.is_empty() && (digit_meets_digit || !sep.is_empty()) {
            out.push('_');
        }
        out.push_str(&piece);
    }
    out
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Turns a name from this module into a token, raw where it carries `r#`.
pub fn to_ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// One namespace — a struct's fields, an enum's variants, a crate's types — in which
/// names must be distinct. Later claimants of a taken name get `2`, `3`, … (after a `_`
/// in snake case), in the order they ask, which the caller keeps deterministic.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken (e.g. `Unknown` in an enum).
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Scope { taken: reserved.into_iter().map(|s| bare(s).to_lowercase()).collect() }
    }

    /// Claims `name` or the first free numbered form of it.
    ///
    /// Names that differ only in case collide too: they would be confusing to read, and
    /// as file or module names they clash on case-insensitive file systems.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(bare(&name).to_lowercase()) {
            return name;
        }
        let base = bare(&name).trim_end_matches('_').to_string();
        let sep = if base.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.to_lowercase()))
            .expect("an unbounded range always yields a free name")
    }
}

fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str, &str)] = &[
            // (model name, snake, camel)
            ("Session", "session", "Session"),
            ("ConnectionState", "connection_state", "ConnectionState"),
            ("NOT_CONNECTED", "not_connected", "NotConnected"),
            ("EniPrivateIpAddress", "eni_private_ip_address", "EniPrivateIpAddress"),
            ("ARN", "arn", "Arn"),
            ("type", "r#type", "Type"),
            ("match", "r#match", "Match"),
            ("self", "self_", "Self_"),
            ("Self", "self_", "Self_"),
            ("super", "super_", "Super"),
            ("crate", "crate_", "Crate"),
            ("async", "r#async", "Async"),
            ("gen", "r#gen", "Gen"),
            ("Result", "result", "Result"),
            ("Option", "option", "Option"),
            ("1.0", "_1_0", "V1_0"),
            ("10", "_10", "V10"),
            ("python3.8", "python3_8", "Python3_8"),
            ("3DConfig", "_3d_config", "V3dConfig"),
            ("a-b", "a_b", "AB"),
            ("t2.micro", "t2_micro", "T2Micro"),
            ("lowercase", "lowercase", "Lowercase"),
            ("", "value", "Value"),
            ("-", "value", "Value"),
            ("ünïcode", "n_code", "NCode"),
        ];
        for (raw, snake_expected, camel_expected) in cases {
            assert_eq!(snake(raw), *snake_expected, "snake({raw:?})");
            assert_eq!(camel(raw), *camel_expected, "camel({raw:?})");
            // Every result must be a valid identifier.
            let _ = to_ident(&snake(raw));
            let _ = to_ident(&camel(raw));
        }
    }

    #[test]
    fn scopes_number_collisions_including_case_only_ones() {
        let mut fields = Scope::default();
        assert_eq!(fields.claim(snake("Foo")), "foo");
        assert_eq!(fields.claim(snake("foo")), "foo_2");
        assert_eq!(fields.claim(snake("FOO")), "foo_3");
        assert_eq!(fields.claim(snake("type")), "r#type");
        assert_eq!(fields.claim(snake("Type")), "type_2");

        let mut variants = Scope::with_reserved(["Unknown"]);
        assert_eq!(variants.claim(camel("UNKNOWN")), "Unknown2");
        assert_eq!(variants.claim(camel("a-b")), "AB");
        assert_eq!(variants.claim(camel("a_b")), "AB2");
        assert_eq!(variants.claim(camel("AB")), "Ab3");

        let mut types = Scope::default();
        assert_eq!(types.claim(camel("Foo")), "Foo");
        assert_eq!(types.claim(camel("foo")), "Foo2");
    }
}
