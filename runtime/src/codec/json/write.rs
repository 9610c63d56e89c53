//! Writes shapes as JSON, the body of AWS JSON 1.0/1.1 and rest-json.

use serde_json::ser::Formatter as _;

use crate::schema::{Member, Schema, TimestampFormat};
use crate::shape::{ShapeWriter, Wire, WriteError, WriteMembers, WriteResult};
use crate::{Blob, DateTime, Document};

/// Writes `value` as a JSON document.
pub fn to_vec<T: Wire>(value: &T) -> Result<Vec<u8>, WriteError> {
    let mut writer = JsonWriter::default();
    value.write_value(&mut writer, &Member::ROOT)?;
    Ok(writer.out)
}

/// What the writer is inside of, which decides what comes before a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Values are members: each gets its key.
    Object,
    /// Values are items.
    Array,
    /// The key is written; the value comes next.
    MapValue,
}

/// A [`ShapeWriter`] producing compact JSON with the members' wire names as keys.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
    frames: Vec<Frame>,
}

impl JsonWriter {
    /// A writer already inside an object: each value written is a member of it. REST
    /// protocols write a request's body members this way, one at a time, as the HTTP
    /// bindings hand them over.
    pub fn object_members() -> Self {
        JsonWriter { out: vec![b'{'], frames: vec![Frame::Object] }
    }

    /// The JSON written so far, with an object opened by [`JsonWriter::object_members`]
    /// closed.
    pub fn into_bytes(mut self) -> Vec<u8> {
        if self.frames.first() == Some(&Frame::Object) {
            self.out.push(b'}');
        }
        self.out
    }

    /// A comma after a sibling, nothing after an opening bracket.
    fn separate(&mut self) {
        if !matches!(self.out.last(), Some(b'{' | b'[') | None) {
            self.out.push(b',');
        }
    }

    fn string(&mut self, text: &str) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.out, text);
    }

    /// Whatever must precede a value of member `m` here: its key inside an object.
    fn begin(&mut self, m: &Member) {
        match self.frames.last().copied() {
            Some(Frame::Object) => {
                self.separate();
                self.string(m.wire);
                self.out.push(b':');
            }
            Some(Frame::Array) => self.separate(),
            Some(Frame::MapValue) => {
                self.frames.pop();
            }
            None => {}
        }
    }

    fn raw(&mut self, m: &Member, text: &str) -> WriteResult {
        self.begin(m);
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn float(&mut self, m: &Member, value: f64, f32_digits: Option<f32>) -> WriteResult {
        self.begin(m);
        if value.is_nan() {
            self.string("NaN");
        } else if value.is_infinite() {
            self.string(if value > 0.0 { "Infinity" } else { "-Infinity" });
        } else {
            let mut formatter = serde_json::ser::CompactFormatter;
            // Writing to a Vec cannot fail.
            let _ = match f32_digits {
                Some(v) => formatter.write_f32(&mut self.out, v),
                None => formatter.write_f64(&mut self.out, value),
            };
        }
        Ok(())
    }

    fn container(
        &mut self,
        m: &Member,
        open: u8,
        close: u8,
        frame: Frame,
        body: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult,
    ) -> WriteResult {
        self.begin(m);
        self.out.push(open);
        self.frames.push(frame);
        body(self)?;
        self.frames.pop();
        self.out.push(close);
        Ok(())
    }
}

impl ShapeWriter for JsonWriter {
    fn write_struct(&mut self, m: &Member, _schema: &Schema, value: &dyn WriteMembers) -> WriteResult {
        self.container(m, b'{', b'}', Frame::Object, &|w| value.write_members(w))
    }

    fn write_list(&mut self, m: &Member, _len: usize, items: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.container(m, b'[', b']', Frame::Array, items)
    }

    fn write_map(&mut self, m: &Member, _len: usize, entries: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.container(m, b'{', b'}', Frame::Array, entries)
    }

    fn write_key(&mut self, _m: &Member, key: &str) -> WriteResult {
        self.separate();
        self.string(key);
        self.out.push(b':');
        self.frames.push(Frame::MapValue);
        Ok(())
    }

    fn write_string(&mut self, m: &Member, value: &str) -> WriteResult {
        self.begin(m);
        self.string(value);
        Ok(())
    }

    fn write_bool(&mut self, m: &Member, value: bool) -> WriteResult {
        self.raw(m, if value { "true" } else { "false" })
    }

    fn write_i32(&mut self, m: &Member, value: i32) -> WriteResult {
        self.raw(m, &value.to_string())
    }

    fn write_i64(&mut self, m: &Member, value: i64) -> WriteResult {
        self.raw(m, &value.to_string())
    }

    fn write_f32(&mut self, m: &Member, value: f32) -> WriteResult {
        self.float(m, f64::from(value), Some(value))
    }

    fn write_f64(&mut self, m: &Member, value: f64) -> WriteResult {
        self.float(m, value, None)
    }

    fn write_timestamp(&mut self, m: &Member, value: DateTime) -> WriteResult {
        match m.timestamp_format.unwrap_or(TimestampFormat::EpochSeconds) {
            TimestampFormat::EpochSeconds if value.subsec_nanos() == 0 => self.raw(m, &value.secs().to_string()),
            TimestampFormat::EpochSeconds => self.float(m, value.as_secs_f64(), None),
            TimestampFormat::DateTime => self.write_string(m, &value.to_rfc3339()),
            TimestampFormat::HttpDate => self.write_string(m, &value.to_http_date()),
        }
    }

    fn write_blob(&mut self, m: &Member, value: &Blob) -> WriteResult {
        self.write_string(m, &value.to_base64())
    }

    fn write_document(&mut self, m: &Member, value: &Document) -> WriteResult {
        self.begin(m);
        serde_json::to_writer(&mut self.out, value).map_err(|e| WriteError::new(e.to_string()))
    }
}
