//! Values as the text of a URI label, a query parameter or a header, and back.
//!
//! Booleans are `true`/`false`, numbers as JSON writes them (`NaN`, `Infinity` and
//! `-Infinity` for the specials), blobs base64. Timestamps take the member's format,
//! else the location's: HTTP-date in headers, RFC 3339 elsewhere. A `jsonvalue` header
//! is base64 of its JSON text.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::schema::{Location, Member, Schema, TimestampFormat};
use crate::shape::{ReadError, ShapeReader, ShapeWriter, WriteError, WriteMembers, WriteResult};
use crate::{Blob, DateTime, Document};

/// The text of a float, with JSON's names for the specials.
pub(super) fn float_text(value: f64, as_f32: Option<f32>) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        match as_f32 {
            Some(v) => v.to_string(),
            None => value.to_string(),
        }
    }
}

/// The timestamp format of `m` at `location`: the model's, else the location's default.
fn timestamp_format(m: &Member, location: Location) -> TimestampFormat {
    m.timestamp_format.unwrap_or(match location {
        Location::Header | Location::PrefixHeaders => TimestampFormat::HttpDate,
        _ => TimestampFormat::DateTime,
    })
}

fn timestamp_text(value: DateTime, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::EpochSeconds if value.subsec_nanos() == 0 => value.secs().to_string(),
        TimestampFormat::EpochSeconds => float_text(value.as_secs_f64(), None),
        TimestampFormat::DateTime => value.to_rfc3339(),
        TimestampFormat::HttpDate => value.to_http_date(),
    }
}

/// Collects the text of scalar values bound to `location`: one for a scalar, one per
/// item for a list, and `(key, value)` pairs for a map (a map of lists repeats its key).
#[derive(Debug)]
pub(super) struct TextWriter {
    location: Location,
    key: Option<String>,
    /// Inside a list: a header's string items get quoted where they would split.
    in_list: bool,
    pub(super) values: Vec<(Option<String>, String)>,
}

impl TextWriter {
    pub(super) fn new(location: Location) -> Self {
        TextWriter { location, key: None, in_list: false, values: Vec::new() }
    }

    fn push(&mut self, text: String) -> WriteResult {
        self.values.push((self.key.clone(), text));
        Ok(())
    }
}

impl ShapeWriter for TextWriter {
    fn write_struct(&mut self, m: &Member, schema: &Schema, _value: &dyn WriteMembers) -> WriteResult {
        Err(WriteError::new(format!("{}: a {} cannot be bound to {:?}", m.name, schema.shape, self.location)))
    }
    fn write_list(&mut self, _m: &Member, _len: usize, items: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.in_list = true;
        items(self)
    }
    fn write_map(&mut self, _m: &Member, _len: usize, entries: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        entries(self)
    }
    fn write_key(&mut self, _m: &Member, key: &str) -> WriteResult {
        self.key = Some(key.to_string());
        Ok(())
    }
    fn write_string(&mut self, m: &Member, value: &str) -> WriteResult {
        if m.json_value {
            return self.push(STANDARD.encode(value));
        }
        if self.in_list && self.location == Location::Header {
            return self.push(quote_header_item(value));
        }
        self.push(value.to_string())
    }
    fn write_bool(&mut self, _m: &Member, value: bool) -> WriteResult {
        self.push(value.to_string())
    }
    fn write_i32(&mut self, _m: &Member, value: i32) -> WriteResult {
        self.push(value.to_string())
    }
    fn write_i64(&mut self, _m: &Member, value: i64) -> WriteResult {
        self.push(value.to_string())
    }
    fn write_f32(&mut self, _m: &Member, value: f32) -> WriteResult {
        self.push(float_text(f64::from(value), Some(value)))
    }
    fn write_f64(&mut self, _m: &Member, value: f64) -> WriteResult {
        self.push(float_text(value, None))
    }
    fn write_timestamp(&mut self, m: &Member, value: DateTime) -> WriteResult {
        self.push(timestamp_text(value, timestamp_format(m, self.location)))
    }
    fn write_blob(&mut self, _m: &Member, value: &Blob) -> WriteResult {
        self.push(value.to_base64())
    }
    fn write_document(&mut self, m: &Member, value: &Document) -> WriteResult {
        let json = value.to_string();
        self.push(if m.json_value { STANDARD.encode(json) } else { json })
    }
}

/// A string item of a header list: quoted, with its `"` escaped, when it holds `,` or
/// `"`, so that the list splits back into the same items. The items are joined with `,`.
fn quote_header_item(item: &str) -> String {
    if item.contains([',', '"']) {
        format!("\"{}\"", item.replace('"', "\\\""))
    } else {
        item.to_string()
    }
}

/// Splits a header list as the writer joins it, trimming each item. An
/// HTTP-date holds a comma of its own (`Mon, 16 Dec 2019 …`): a lone weekday is joined
/// back to what follows it.
pub(super) fn split_header_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
            // Anything between the closing quote and the next comma is dropped.
            let ended = chars.by_ref().any(|c| c == ',');
            items.push(item);
            if !ended {
                break;
            }
        } else {
            let mut ended = false;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = true;
                    break;
                }
                item.push(c);
            }
            items.push(item.trim().to_string());
            if !ended {
                break;
            }
        }
    }
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut joined: Vec<String> = Vec::with_capacity(items.len());
    let mut pieces = items.into_iter();
    while let Some(item) = pieces.next() {
        match pieces.as_slice().first() {
            Some(_) if WEEKDAYS.contains(&item.as_str()) => joined.push(format!("{item}, {}", pieces.next().unwrap_or_default())),
            _ => joined.push(item),
        }
    }
    joined
}

/// Reads one value from the text of a label, query parameter, header or status code.
#[derive(Debug)]
pub(super) struct TextReader<'a> {
    pub(super) text: &'a str,
    pub(super) location: Location,
}

impl TextReader<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, ReadError> {
        self.text.trim().parse().map_err(|_| ReadError::new(format!("expected {what}, found {:?}", self.text)))
    }
}

impl ShapeReader for TextReader<'_> {
    fn read_list(&mut self, _m: &Member, on_item: &mut dyn FnMut(&mut dyn ShapeReader) -> Result<(), ReadError>) -> Result<(), ReadError> {
        for item in split_header_list(self.text) {
            on_item(&mut TextReader { text: &item, location: self.location })?;
        }
        Ok(())
    }
    fn read_string(&mut self, m: &Member) -> Result<String, ReadError> {
        if m.json_value {
            let bytes = STANDARD.decode(self.text.trim()).map_err(|e| ReadError::new(format!("jsonvalue header is not base64: {e}")))?;
            return String::from_utf8(bytes).map_err(|_| ReadError::new("jsonvalue header is not UTF-8"));
        }
        Ok(self.text.to_string())
    }
    fn read_bool(&mut self, _m: &Member) -> Result<bool, ReadError> {
        match self.text.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(ReadError::new(format!("expected true or false, found {other:?}"))),
        }
    }
    fn read_i32(&mut self, _m: &Member) -> Result<i32, ReadError> {
        self.parse("a 32-bit integer")
    }
    fn read_i64(&mut self, _m: &Member) -> Result<i64, ReadError> {
        self.parse("a 64-bit integer")
    }
    fn read_f32(&mut self, m: &Member) -> Result<f32, ReadError> {
        self.read_f64(m).map(|v| v as f32)
    }
    fn read_f64(&mut self, _m: &Member) -> Result<f64, ReadError> {
        match self.text.trim() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => self.parse("a number"),
        }
    }
    /// Any of the three formats, whatever the model names, as botocore reads them.
    fn read_timestamp(&mut self, _m: &Member) -> Result<DateTime, ReadError> {
        let text = self.text.trim();
        let parsed = if let Ok(secs) = text.parse::<f64>() {
            DateTime::from_secs_f64(secs).map_err(|e| e.to_string())
        } else if text.as_bytes().get(3) == Some(&b',') {
            DateTime::from_http_date(text).map_err(|e| e.to_string())
        } else {
            DateTime::from_rfc3339(text).map_err(|e| e.to_string())
        };
        parsed.map_err(ReadError::new)
    }
    fn read_blob(&mut self, _m: &Member) -> Result<Blob, ReadError> {
        Blob::from_base64(self.text.trim()).map_err(|e| ReadError::new(e.to_string()))
    }
    fn read_document(&mut self, m: &Member) -> Result<Document, ReadError> {
        let text = self.read_string(m)?;
        serde_json::from_str(&text).map_err(|e| ReadError::new(format!("not JSON: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists_quote_what_would_split_and_split_back() {
        let items = vec!["a".to_string(), "b,c".to_string(), "say \"hi\"".to_string(), String::new()];
        let joined = items.iter().map(|i| quote_header_item(i)).collect::<Vec<_>>().join(",");
        assert_eq!(joined, r#"a,"b,c","say \"hi\"","#);
        assert_eq!(split_header_list(&joined), items);
        assert_eq!(split_header_list(" a , b "), ["a", "b"]);
        assert_eq!(split_header_list(r#""b,c" , d"#), ["b,c", "d"]);
    }

    #[test]
    fn http_dates_in_a_list_keep_their_comma() {
        let list = "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT";
        assert_eq!(split_header_list(list), ["Mon, 16 Dec 2019 23:48:18 GMT", "Tue, 17 Dec 2019 23:48:18 GMT"]);
    }

    #[test]
    fn timestamps_take_the_location_default() {
        let m = Member::named("T");
        let t = DateTime::from_secs(1_576_540_098);
        let mut w = TextWriter::new(Location::Header);
        w.write_timestamp(&m, t).unwrap();
        let mut q = TextWriter::new(Location::Query);
        q.write_timestamp(&m, t).unwrap();
        q.write_timestamp(&m.timestamp(TimestampFormat::EpochSeconds), t).unwrap();
        assert_eq!(w.values[0].1, "Mon, 16 Dec 2019 23:48:18 GMT");
        assert_eq!(q.values[0].1, "2019-12-16T23:48:18Z");
        assert_eq!(q.values[1].1, "1576540098");
    }
}
