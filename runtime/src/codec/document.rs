//! Any generated value as a [`Document`] keyed by the model's member names, whatever the
//! wire calls them: what waiters' JMESPath expressions search, as botocore's do, and a
//! way to hand a value to any serde format.

use crate::schema::{Member, Schema};
use crate::sensitive::Redacted;
use crate::shape::{ShapeWriter, Wire, WriteError, WriteMembers, WriteResult};
use crate::{Blob, DateTime, Document};

/// `value` as a document with member names as keys, timestamps as RFC 3339 strings and
/// blobs as base64. Every `sensitive` value shows as `*** Sensitive Data Redacted ***`,
/// so the result is safe to log or serialize.
pub fn to_document<T: Wire>(value: &T) -> Result<Document, WriteError> {
    build(value, true)
}

/// As [`to_document`], sensitive values included: for evaluating waiters, never for
/// showing.
pub fn to_document_unredacted<T: Wire>(value: &T) -> Result<Document, WriteError> {
    build(value, false)
}

fn build<T: Wire>(value: &T, redact: bool) -> Result<Document, WriteError> {
    let mut writer = DocumentWriter { redact, frames: Vec::new(), result: Document::Null };
    value.write_value(&mut writer, &Member::ROOT)?;
    Ok(writer.result)
}

enum Frame {
    /// A structure's or map's entries, and the key of the map entry whose value comes
    /// next (structures key by member name).
    Object(serde_json::Map<String, Document>, Option<String>),
    Array(Vec<Document>),
}

struct DocumentWriter {
    redact: bool,
    frames: Vec<Frame>,
    result: Document,
}

impl DocumentWriter {
    fn put(&mut self, m: &Member, value: Document) -> WriteResult {
        let value = if self.redact && m.sensitive { Document::String(Redacted::TEXT.into()) } else { value };
        match self.frames.last_mut() {
            Some(Frame::Object(map, key)) => {
                map.insert(key.take().unwrap_or_else(|| m.name.to_owned()), value);
            }
            Some(Frame::Array(items)) => items.push(value),
            None => self.result = value,
        }
        Ok(())
    }

    fn nested(&mut self, m: &Member, frame: Frame, body: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.frames.push(frame);
        body(self)?;
        let value = match self.frames.pop() {
            Some(Frame::Object(map, _)) => Document::Object(map),
            Some(Frame::Array(items)) => Document::Array(items),
            None => unreachable!("pushed above"),
        };
        self.put(m, value)
    }
}

impl ShapeWriter for DocumentWriter {
    fn write_struct(&mut self, m: &Member, schema: &Schema, value: &dyn WriteMembers) -> WriteResult {
        if self.redact && schema.sensitive {
            return self.put(m, Document::String(Redacted::TEXT.into()));
        }
        self.nested(m, Frame::Object(serde_json::Map::new(), None), &|w| value.write_members(w))
    }

    fn write_list(&mut self, m: &Member, len: usize, items: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.nested(m, Frame::Array(Vec::with_capacity(len)), items)
    }

    fn write_map(&mut self, m: &Member, _len: usize, entries: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.nested(m, Frame::Object(serde_json::Map::new(), None), entries)
    }

    fn write_key(&mut self, _m: &Member, key: &str) -> WriteResult {
        match self.frames.last_mut() {
            Some(Frame::Object(_, pending)) => *pending = Some(key.to_owned()),
            _ => return Err(WriteError::new("a map key outside a map")),
        }
        Ok(())
    }

    fn write_string(&mut self, m: &Member, value: &str) -> WriteResult {
        self.put(m, Document::String(value.to_owned()))
    }

    fn write_bool(&mut self, m: &Member, value: bool) -> WriteResult {
        self.put(m, Document::Bool(value))
    }

    fn write_i32(&mut self, m: &Member, value: i32) -> WriteResult {
        self.put(m, Document::from(value))
    }

    fn write_i64(&mut self, m: &Member, value: i64) -> WriteResult {
        self.put(m, Document::from(value))
    }

    fn write_f32(&mut self, m: &Member, value: f32) -> WriteResult {
        self.write_f64(m, f64::from(value))
    }

    fn write_f64(&mut self, m: &Member, value: f64) -> WriteResult {
        let value = match serde_json::Number::from_f64(value) {
            Some(n) => Document::Number(n),
            None if value.is_nan() => Document::String("NaN".into()),
            None if value > 0.0 => Document::String("Infinity".into()),
            None => Document::String("-Infinity".into()),
        };
        self.put(m, value)
    }

    fn write_timestamp(&mut self, m: &Member, value: DateTime) -> WriteResult {
        self.put(m, Document::String(value.to_rfc3339()))
    }

    fn write_blob(&mut self, m: &Member, value: &Blob) -> WriteResult {
        self.put(m, Document::String(value.to_base64()))
    }

    fn write_document(&mut self, m: &Member, value: &Document) -> WriteResult {
        self.put(m, value.clone())
    }

    /// A body in memory is a blob; one still arriving, or in a file, is not read for a
    /// document: it shows as `null`.
    fn write_stream(&mut self, m: &Member, value: &crate::ByteStream) -> WriteResult {
        match value.as_bytes() {
            Some(bytes) => self.write_blob(m, &Blob::new(bytes.to_vec())),
            None => self.put(m, Document::Null),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn maps_nest_under_their_keys() {
        let inner: BTreeMap<String, Vec<String>> = [("a".to_string(), vec!["x".to_string()])].into();
        let outer: BTreeMap<String, BTreeMap<String, Vec<String>>> =
            [("k".to_string(), inner.clone()), ("l".to_string(), BTreeMap::new())].into();
        assert_eq!(to_document(&outer).unwrap(), serde_json::json!({"k": {"a": ["x"]}, "l": {}}));
        assert_eq!(to_document(&vec![inner]).unwrap(), serde_json::json!([{"a": ["x"]}]));
    }
}
