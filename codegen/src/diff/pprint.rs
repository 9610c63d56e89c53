//! Python's `pprint.pformat` for the values changelogs print: strings, and dicts, lists
//! and sets of them.
//!
//! A port of CPython's `PrettyPrinter._format` (3.8+, `sort_dicts=True`, `indent=1`) for
//! these types, so that deltas lay out exactly as boto3's changelog shows them.

use std::collections::{BTreeMap, BTreeSet};

/// A Python value as changelog deltas hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PyValue {
    Str(String),
    Dict(BTreeMap<String, PyValue>),
    List(Vec<PyValue>),
    /// Python's `repr` of a set follows hash order, which varies from run to run; these are
    /// printed sorted, as `pprint` prints a set too long for one line.
    Set(BTreeSet<String>),
}

/// `pprint.pformat(value, width=width)`.
pub fn pformat(value: &PyValue, width: usize) -> String {
    let mut out = String::new();
    format(value, &mut out, 0, 0, 0, width);
    out
}

/// Python's `repr` of a `str`: single quotes unless the text holds one and no double quote.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr` of the value, on one line.
fn repr(value: &PyValue) -> String {
    match value {
        PyValue::Str(s) => repr_str(s),
        PyValue::Dict(map) => {
            let items: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", repr_str(k), repr(v))).collect();
            format!("{{{}}}", items.join(", "))
        }
        PyValue::List(items) => format!("[{}]", items.iter().map(repr).collect::<Vec<_>>().join(", ")),
        PyValue::Set(items) if items.is_empty() => "set()".into(),
        PyValue::Set(items) => format!("{{{}}}", items.iter().map(|s| repr_str(s)).collect::<Vec<_>>().join(", ")),
    }
}

fn format(value: &PyValue, out: &mut String, indent: usize, allowance: usize, level: usize, width: usize) {
    let rep = repr(value);
    let max_width = width.saturating_sub(indent + allowance);
    if rep.chars().count() <= max_width {
        out.push_str(&rep);
        return;
    }
    match value {
        PyValue::Dict(map) => {
            out.push('{');
            let last = map.len().saturating_sub(1);
            let indent = indent + 1;
            for (i, (key, item)) in map.iter().enumerate() {
                let key_rep = repr_str(key);
                out.push_str(&key_rep);
                out.push_str(": ");
                let item_allowance = if i == last { allowance + 1 } else { 1 };
                format(item, out, indent + key_rep.chars().count() + 2, item_allowance, level + 1, width);
                if i != last {
                    out.push_str(",\n");
                    out.push_str(&" ".repeat(indent));
                }
            }
            out.push('}');
        }
        PyValue::Str(s) => format_str(s, out, indent, allowance, level + 1, width),
        PyValue::List(items) => {
            out.push('[');
            format_items(items, out, indent, allowance + 1, level + 1, width);
            out.push(']');
        }
        PyValue::Set(items) => {
            out.push('{');
            let items: Vec<PyValue> = items.iter().cloned().map(PyValue::Str).collect();
            format_items(&items, out, indent, allowance + 1, level + 1, width);
            out.push('}');
        }
    }
}

/// CPython's `_format_items` (not compact): one item per line, one column in.
fn format_items(items: &[PyValue], out: &mut String, indent: usize, allowance: usize, level: usize, width: usize) {
    let indent = indent + 1;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
            out.push_str(&" ".repeat(indent));
        }
        let last = i + 1 == items.len();
        format(item, out, indent, if last { allowance } else { 1 }, level, width);
    }
}

/// CPython's `_pprint_str`: a long string splits at whitespace into adjacent literals.
fn format_str(s: &str, out: &mut String, mut indent: usize, mut allowance: usize, level: usize, width: usize) {
    if s.is_empty() {
        out.push_str(&repr_str(s));
        return;
    }
    let mut chunks: Vec<String> = Vec::new();
    let lines: Vec<&str> = s.split_inclusive('\n').collect();
    if level == 1 {
        indent += 1;
        allowance += 1;
    }
    let max_width = width.saturating_sub(indent);
    let mut max_width1 = max_width;
    let mut last_rep = String::new();
    for (i, line) in lines.iter().enumerate() {
        let rep = repr_str(line);
        if i == lines.len() - 1 {
            max_width1 = max_width1.saturating_sub(allowance);
        }
        if rep.chars().count() <= max_width1 {
            chunks.push(rep.clone());
        } else {
            let parts = split_words(line);
            let mut max_width2 = max_width;
            let mut current = String::new();
            for (j, part) in parts.iter().enumerate() {
                let candidate = format!("{current}{part}");
                if j == parts.len() - 1 && i == lines.len() - 1 {
                    max_width2 = max_width2.saturating_sub(allowance);
                }
                if repr_str(&candidate).chars().count() > max_width2 {
                    if !current.is_empty() {
                        chunks.push(repr_str(&current));
                    }
                    current = part.to_string();
                } else {
                    current = candidate;
                }
            }
            if !current.is_empty() {
                chunks.push(repr_str(&current));
            }
        }
        last_rep = rep;
    }
    if chunks.len() == 1 {
        out.push_str(&last_rep);
        return;
    }
    if level == 1 {
        out.push('(');
    }
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(chunk);
    }
    if level == 1 {
        out.push(')');
    }
}

/// `re.findall(r'\S*\s*', line)` without the final empty match.
fn split_words(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && !bytes[i].1.is_whitespace() {
            i += 1;
        }
        while i < bytes.len() && bytes[i].1.is_whitespace() {
            i += 1;
        }
        let end = bytes.get(i).map_or(line.len(), |(pos, _)| *pos);
        parts.push(&line[start..end]);
        start = end;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(items: &[(&str, PyValue)]) -> PyValue {
        PyValue::Dict(items.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn s(text: &str) -> PyValue {
        PyValue::Str(text.to_string())
    }

    #[test]
    fn matches_cpython_for_the_seed_delta() {
        let delta = dict(&[(
            "Sessions",
            dict(&[
                ("ConnectionState", s("CONNECTED | NOT_CONNECTED")),
                ("StartTime", s("timestamp")),
                ("MaxExpirationTime", s("timestamp")),
            ]),
        )]);
        assert_eq!(
            pformat(&delta, 80),
            "{'Sessions': {'ConnectionState': 'CONNECTED | NOT_CONNECTED',\n              'MaxExpirationTime': 'timestamp',\n              'StartTime': 'timestamp'}}"
        );
        assert_eq!(pformat(&dict(&[("A", s("string"))]), 80), "{'A': 'string'}");
    }

    // Expected outputs produced by CPython 3.11's pprint.pformat(value, width=80).
    #[test]
    fn long_strings_split_like_cpython() {
        let long = "AAAA_1 | BBBB_2 | CCCC_3 | DDDD_4 | EEEE_5 | FFFF_6 | GGGG_7 | HHHH_8 | IIII_9 | JJJJ_10";
        assert_eq!(
            pformat(&dict(&[("Key", s(long))]), 80),
            "{'Key': 'AAAA_1 | BBBB_2 | CCCC_3 | DDDD_4 | EEEE_5 | FFFF_6 | GGGG_7 | HHHH_8 '\n        '| IIII_9 | JJJJ_10'}"
        );
        assert_eq!(
            pformat(&s(long), 80),
            "('AAAA_1 | BBBB_2 | CCCC_3 | DDDD_4 | EEEE_5 | FFFF_6 | GGGG_7 | HHHH_8 | '\n 'IIII_9 | JJJJ_10')"
        );
        let nested = dict(&[("A", dict(&[("B", dict(&[("C", s(long)), ("D", s("string"))])), ("E", s(&"x".repeat(70)))]))]);
        assert_eq!(
            pformat(&nested, 80),
            "{'A': {'B': {'C': 'AAAA_1 | BBBB_2 | CCCC_3 | DDDD_4 | EEEE_5 | FFFF_6 | '\n                  'GGGG_7 | HHHH_8 | IIII_9 | JJJJ_10',\n             'D': 'string'},\n       'E': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'}}"
        );
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a'b\"c"), "'a\\'b\"c'");
    }

    // Expected outputs produced by CPython 3.11's pprint.pformat(value, width=80).
    #[test]
    fn lists_and_sets_lay_out_like_cpython() {
        let list = |items: Vec<PyValue>| PyValue::List(items);
        let set = |items: &[&str]| PyValue::Set(items.iter().map(|s| s.to_string()).collect());
        let connector = |kind: &str| dict(&[("ConnectorType", s(kind)), ("ResourceIdentifier", s("string"))]);
        assert_eq!(
            pformat(&dict(&[("StorageConnectors", list(vec![connector("HOMEFOLDERS")]))]), 80),
            "{'StorageConnectors': [{'ConnectorType': 'HOMEFOLDERS',\n                        'ResourceIdentifier': 'string'}]}"
        );
        let nested = dict(&[(
            "Stack",
            dict(&[(
                "StorageConnectors",
                list(vec![dict(&[
                    ("ConnectorType", s("HOMEFOLDERS | GOOGLE_DRIVE | ONE_DRIVE")),
                    ("Domains", list(vec![s("string")])),
                    ("ResourceIdentifier", s("string")),
                ])]),
            )]),
        )]);
        assert_eq!(
            pformat(&nested, 80),
            "{'Stack': {'StorageConnectors': [{'ConnectorType': 'HOMEFOLDERS | GOOGLE_DRIVE '\n                                                   '| ONE_DRIVE',\n                                  'Domains': ['string'],\n                                  'ResourceIdentifier': 'string'}]}}"
        );
        assert_eq!(pformat(&dict(&[("ConnectorType", set(&["ONE_DRIVE"]))]), 80), "{'ConnectorType': {'ONE_DRIVE'}}");
        let long = set(&["CCCCCCCCCCCCCCCCCCCCCCCCCC", "AAAAAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"]);
        assert_eq!(
            pformat(&dict(&[("Fleet", dict(&[("Attributes", long)]))]), 80),
            "{'Fleet': {'Attributes': {'AAAAAAAAAAAAAAAAAAAAAAAAA',\n                          'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',\n                          'CCCCCCCCCCCCCCCCCCCCCCCCCC'}}}"
        );
        assert_eq!(
            pformat(&dict(&[("Tags", dict(&[("string", s("string"))])), ("EmbedHostDomains", list(vec![s("string")]))]), 80),
            "{'EmbedHostDomains': ['string'], 'Tags': {'string': 'string'}}"
        );
        let long = "AAAA_1 | BBBB_2 | CCCC_3 | DDDD_4 | EEEE_5 | FFFF_6 | GGGG_7 | HHHH_8 | IIII_9 | JJJJ_10";
        assert_eq!(
            pformat(&dict(&[("X", list(vec![s(long)]))]), 80),
            "{'X': ['AAAA_1 | BBBB_2 | CCCC_3 | DDDD_4 | EEEE_5 | FFFF_6 | GGGG_7 | HHHH_8 '\n       '| IIII_9 | JJJJ_10']}"
        );
        assert_eq!(pformat(&PyValue::Set(Default::default()), 80), "set()");
    }
}
