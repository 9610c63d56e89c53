//! A request URI read back against its template, as a server reads it: the labels'
//! values and the query parameters, decoded. The property tests read every request a
//! generated crate builds this way, to check that the bindings lose nothing.

use super::text::TextReader;
use crate::schema::{Location, Member};
use crate::shape::{ReadError, ShapeReader};

/// The values a request's URI gives its members.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UriValues {
    /// Label name (without `+`) to decoded value.
    pub labels: Vec<(String, String)>,
    /// The query's parameters, decoded, in order, without those the template fixes.
    pub query: Vec<(String, String)>,
}

/// Decodes `%XX` escapes (and nothing else: a `+` stays a `+`, as AWS sends spaces as
/// `%20`).
pub fn percent_decode(text: &str) -> Result<String, ReadError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or_else(|| ReadError::new(format!("truncated escape in {text:?}")))?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ReadError::new(format!("bad escape %{hex} in {text:?}")))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ReadError::new(format!("{text:?} does not decode to UTF-8")))
}

/// Matches `path_and_query` against `template` (`/things/{Id}/{Key+}?x-id=Get`).
pub fn parse_uri(template: &str, path_and_query: &str) -> Result<UriValues, ReadError> {
    let (template_path, template_query) = template.split_once('?').unwrap_or((template, ""));
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut values = UriValues::default();
    let mut rest = path;
    let mut pattern = template_path;
    while !pattern.is_empty() {
        match pattern.find('{') {
            Some(0) => {
                let close = pattern.find('}').ok_or_else(|| ReadError::new(format!("unclosed label in {template:?}")))?;
                let label = &pattern[1..close];
                pattern = &pattern[close + 1..];
                let (name, greedy) = match label.strip_suffix('+') {
                    Some(name) => (name, true),
                    None => (label, false),
                };
                // A label runs to the next literal of the template (or the end); one that
                // is not greedy stops at a `/` too.
                let next = pattern.find('{').map_or(pattern, |open| &pattern[..open]);
                let end = match (next.is_empty(), greedy) {
                    (true, true) => rest.len(),
                    (true, false) => rest.find('/').unwrap_or(rest.len()),
                    (false, true) => rest.rfind(next).ok_or_else(|| mismatch(template, path))?,
                    (false, false) => rest.find(next).ok_or_else(|| mismatch(template, path))?,
                };
                values.labels.push((name.to_string(), percent_decode(&rest[..end])?));
                rest = &rest[end..];
            }
            open => {
                let literal = &pattern[..open.unwrap_or(pattern.len())];
                rest = rest.strip_prefix(literal).ok_or_else(|| mismatch(template, path))?;
                pattern = &pattern[literal.len()..];
            }
        }
    }
    if !rest.is_empty() {
        return Err(mismatch(template, path));
    }
    let fixed: Vec<&str> = template_query.split('&').filter(|p| !p.is_empty()).collect();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        if fixed.contains(&pair) {
            continue;
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        values.query.push((percent_decode(key)?, percent_decode(value)?));
    }
    Ok(values)
}

fn mismatch(template: &str, path: &str) -> ReadError {
    ReadError::new(format!("path {path:?} does not match {template:?}"))
}

/// The values of one query parameter: a list reads each, anything else the first.
pub(super) struct QueryValues<'a> {
    pub(super) values: Vec<&'a str>,
}

impl ShapeReader for QueryValues<'_> {
    fn read_list(&mut self, _m: &Member, on_item: &mut dyn FnMut(&mut dyn ShapeReader) -> Result<(), ReadError>) -> Result<(), ReadError> {
        self.values.iter().try_for_each(|text| on_item(&mut TextReader { text, location: Location::Query }))
    }
    fn read_string(&mut self, m: &Member) -> Result<String, ReadError> {
        self.first().read_string(m)
    }
    fn read_bool(&mut self, m: &Member) -> Result<bool, ReadError> {
        self.first().read_bool(m)
    }
    fn read_i32(&mut self, m: &Member) -> Result<i32, ReadError> {
        self.first().read_i32(m)
    }
    fn read_i64(&mut self, m: &Member) -> Result<i64, ReadError> {
        self.first().read_i64(m)
    }
    fn read_f32(&mut self, m: &Member) -> Result<f32, ReadError> {
        self.first().read_f32(m)
    }
    fn read_f64(&mut self, m: &Member) -> Result<f64, ReadError> {
        self.first().read_f64(m)
    }
    fn read_timestamp(&mut self, m: &Member) -> Result<crate::DateTime, ReadError> {
        self.first().read_timestamp(m)
    }
    fn read_blob(&mut self, m: &Member) -> Result<crate::Blob, ReadError> {
        self.first().read_blob(m)
    }
    fn read_document(&mut self, m: &Member) -> Result<crate::Document, ReadError> {
        self.first().read_document(m)
    }
}

impl QueryValues<'_> {
    fn first(&self) -> TextReader<'_> {
        TextReader { text: self.values.first().copied().unwrap_or(""), location: Location::Query }
    }
}

/// Query parameters no member claims, as a query map: each key's values.
pub(super) struct QueryMap<'a> {
    pub(super) entries: Vec<(&'a str, Vec<&'a str>)>,
}

impl ShapeReader for QueryMap<'_> {
    fn read_map(
        &mut self,
        _m: &Member,
        on_entry: &mut dyn FnMut(&mut dyn ShapeReader, String) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        for (key, values) in &self.entries {
            on_entry(&mut QueryValues { values: values.clone() }, key.to_string())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_query_come_back_decoded() {
        let uri = parse_uri("/things/{Id}/{Key+}/end?x-id=Get", "/things/a%3Ab/c/d%20e/end?x-id=Get&k=1&list=a&list=b%26c&e=").unwrap();
        assert_eq!(uri.labels, [("Id".to_string(), "a:b".to_string()), ("Key".to_string(), "c/d e".to_string())]);
        let query: Vec<(&str, &str)> = uri.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(query, [("k", "1"), ("list", "a"), ("list", "b&c"), ("e", "")]);
        assert!(parse_uri("/things/{Id}", "/other/1").is_err());
        assert!(parse_uri("/things/{Id}", "/things/1/2").is_err());
        assert_eq!(parse_uri("/{Key+}", "/a/b/c").unwrap().labels[0].1, "a/b/c");
    }
}
