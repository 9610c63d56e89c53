//! How generated values meet a codec: each generated shape writes itself through a
//! [`ShapeWriter`] and reads itself from a [`ShapeReader`], one call per member, with the
//! member's [`Member`] schema. Codecs (JSON, documents, and the other protocols' as they
//! come) implement the two traits; the generated code never names a format.
//!
//! Both traits are object-safe and generated code takes `&mut dyn`, so each shape's code
//! is compiled once, in its own crate, whatever number of codecs use it.

use std::collections::BTreeMap;
use std::fmt;

use crate::correction::ErrorCorrection;
use crate::schema::{Member, Schema, SchemaKind};
use crate::{Blob, ByteStream, DateTime, Document};

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub message: String,
}

impl WriteError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        WriteError { message: message.into() }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WriteError {}

/// Why a value could not be read: where (`Sessions[0].StartTime`) and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The wire path to the value; empty at the top.
    pub path: String,
    pub message: String,
}

impl ReadError {
    /// An error with this message, at a path the reader fills in.
    pub fn new(message: impl Into<String>) -> Self {
        ReadError { path: String::new(), message: message.into() }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

/// The result of a write.
pub type WriteResult = Result<(), WriteError>;

/// A structure or union that writes its members.
pub trait WriteMembers {
    /// Writes every member that is set, each with its schema.
    fn write_members(&self, w: &mut dyn ShapeWriter) -> WriteResult;
}

/// A codec's output side. Every call names the member it writes: inside a structure the
/// codec writes the member's key, inside a list or map only the value.
pub trait ShapeWriter {
    /// A structure or union; the codec opens it, lets `value` write its members, closes it.
    fn write_struct(&mut self, m: &Member, schema: &Schema, value: &dyn WriteMembers) -> WriteResult;
    /// A list of `len` items; `items` writes each with `m.item()`.
    fn write_list(&mut self, m: &Member, len: usize, items: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult;
    /// A map of `len` entries; `entries` calls [`ShapeWriter::write_key`] then writes the
    /// value with `m.value()`, for each entry.
    fn write_map(&mut self, m: &Member, len: usize, entries: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult;
    /// The key of the map entry whose value is written next.
    fn write_key(&mut self, m: &Member, key: &str) -> WriteResult;
    fn write_string(&mut self, m: &Member, value: &str) -> WriteResult;
    fn write_bool(&mut self, m: &Member, value: bool) -> WriteResult;
    fn write_i32(&mut self, m: &Member, value: i32) -> WriteResult;
    fn write_i64(&mut self, m: &Member, value: i64) -> WriteResult;
    fn write_f32(&mut self, m: &Member, value: f32) -> WriteResult;
    fn write_f64(&mut self, m: &Member, value: f64) -> WriteResult;
    fn write_timestamp(&mut self, m: &Member, value: DateTime) -> WriteResult;
    fn write_blob(&mut self, m: &Member, value: &Blob) -> WriteResult;
    fn write_document(&mut self, m: &Member, value: &Document) -> WriteResult;
    /// A streaming body. Codecs write one in memory as a blob; only the HTTP bindings
    /// can send a file or a stream, which they hand to the client.
    fn write_stream(&mut self, m: &Member, value: &ByteStream) -> WriteResult {
        match value.as_bytes() {
            Some(bytes) => self.write_blob(m, &Blob::new(bytes.to_vec())),
            None => Err(WriteError::new(format!(
                "{}: a body streamed from a file or a stream is sent by the client; build the request from bytes instead",
                m.name
            ))),
        }
    }
}

/// Which member of a structure the reader found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    /// The member at this index of the schema; its value is next.
    Member(usize),
    /// A union member the schema does not know, set to something; its value is already
    /// skipped. Structures never see this: their unknown members are skipped silently.
    Unknown(&'a str),
}

/// The callback [`ShapeReader::read_struct`] calls for each member it finds.
pub type OnField<'a> = dyn FnMut(&mut dyn ShapeReader, Field<'_>) -> Result<(), ReadError> + 'a;

/// A codec's input side. Each method's default refuses the value: a reader over a
/// header or a raw body implements only the kinds of value it can hold.
pub trait ShapeReader {
    /// A structure or union: calls `on_field` once per member present. Members that are
    /// absent, or `null` where the codec has one, are never reported.
    fn read_struct(&mut self, m: &Member, schema: &Schema, on_field: &mut OnField<'_>) -> Result<(), ReadError> {
        let _ = (m, on_field);
        Err(cannot_read(&format!("a structure ({})", schema.shape)))
    }
    /// A list: calls `on_item` for each item, which reads it with `m.item()`. Items that
    /// are `null` are skipped, as Smithy clients do for dense lists.
    fn read_list(&mut self, m: &Member, on_item: &mut dyn FnMut(&mut dyn ShapeReader) -> Result<(), ReadError>) -> Result<(), ReadError> {
        let _ = (m, on_item);
        Err(cannot_read("a list"))
    }
    /// A map: calls `on_entry` with each key; it reads the value with `m.value()`. Entries
    /// whose value is `null` are skipped.
    fn read_map(
        &mut self,
        m: &Member,
        on_entry: &mut dyn FnMut(&mut dyn ShapeReader, String) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let _ = (m, on_entry);
        Err(cannot_read("a map"))
    }
    fn read_string(&mut self, _m: &Member) -> Result<String, ReadError> {
        Err(cannot_read("a string"))
    }
    fn read_bool(&mut self, _m: &Member) -> Result<bool, ReadError> {
        Err(cannot_read("a boolean"))
    }
    fn read_i32(&mut self, _m: &Member) -> Result<i32, ReadError> {
        Err(cannot_read("an integer"))
    }
    fn read_i64(&mut self, _m: &Member) -> Result<i64, ReadError> {
        Err(cannot_read("an integer"))
    }
    fn read_f32(&mut self, _m: &Member) -> Result<f32, ReadError> {
        Err(cannot_read("a number"))
    }
    fn read_f64(&mut self, _m: &Member) -> Result<f64, ReadError> {
        Err(cannot_read("a number"))
    }
    fn read_timestamp(&mut self, _m: &Member) -> Result<DateTime, ReadError> {
        Err(cannot_read("a timestamp"))
    }
    fn read_blob(&mut self, _m: &Member) -> Result<Blob, ReadError> {
        Err(cannot_read("a blob"))
    }
    fn read_document(&mut self, _m: &Member) -> Result<Document, ReadError> {
        Err(cannot_read("a document"))
    }
    /// A streaming body: a blob read into memory, unless the reader streams it.
    fn read_stream(&mut self, m: &Member) -> Result<ByteStream, ReadError> {
        self.read_blob(m).map(ByteStream::from)
    }
}

fn cannot_read(what: &str) -> ReadError {
    ReadError::new(format!("{what} cannot be read from here"))
}

/// A value that can travel on the wire: every member type, generated ones included.
pub trait Wire: Sized {
    /// Writes the value as member `m`.
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult;
    /// Reads a value of member `m`.
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError>;
}

macro_rules! scalar {
    ($($t:ty => $write:ident, $read:ident;)*) => {
        $(impl Wire for $t {
            fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
                w.$write(m, *self)
            }
            fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
                r.$read(m)
            }
        })*
    };
}

scalar! {
    bool => write_bool, read_bool;
    i32 => write_i32, read_i32;
    i64 => write_i64, read_i64;
    f32 => write_f32, read_f32;
    f64 => write_f64, read_f64;
    DateTime => write_timestamp, read_timestamp;
}

impl Wire for String {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_string(m, self)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        r.read_string(m)
    }
}

impl Wire for Blob {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_blob(m, self)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        r.read_blob(m)
    }
}

impl Wire for ByteStream {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_stream(m, self)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        r.read_stream(m)
    }
}

impl Wire for Document {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_document(m, self)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        r.read_document(m)
    }
}

impl<T: Wire> Wire for Box<T> {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        (**self).write_value(w, m)
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        T::read_value(r, m).map(Box::new)
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_list(m, self.len(), &|w| {
            let item = m.item();
            self.iter().try_for_each(|value| value.write_value(w, item))
        })
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        let mut items = Vec::new();
        r.read_list(m, &mut |r| {
            items.push(T::read_value(r, m.item())?);
            Ok(())
        })?;
        Ok(items)
    }
}

/// A map key: a string, or a generated enum (which keeps any string).
pub trait MapKey: Ord + Sized {
    /// The key as written.
    fn key_str(&self) -> &str;
    /// The key as read.
    fn from_key(key: String) -> Self;
}

impl<T: Ord + AsRef<str> + From<String>> MapKey for T {
    fn key_str(&self) -> &str {
        self.as_ref()
    }
    fn from_key(key: String) -> Self {
        T::from(key)
    }
}

impl<K: MapKey, V: Wire> Wire for BTreeMap<K, V> {
    fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
        w.write_map(m, self.len(), &|w| {
            let (key, value) = (m.key(), m.value());
            self.iter().try_for_each(|(k, v)| {
                w.write_key(key, k.key_str())?;
                v.write_value(w, value)
            })
        })
    }
    fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
        let mut map = BTreeMap::new();
        r.read_map(m, &mut |r, key| {
            map.insert(K::from_key(key), V::read_value(r, m.value())?);
            Ok(())
        })?;
        Ok(map)
    }
}

/// Writes a required member; generated `write_members` call it once per member.
pub fn write<T: Wire>(w: &mut dyn ShapeWriter, m: &Member, value: &T) -> WriteResult {
    value.write_value(w, m)
}

/// Writes an optional member when it is set.
pub fn write_opt<T: Wire>(w: &mut dyn ShapeWriter, m: &Member, value: &Option<T>) -> WriteResult {
    match value {
        Some(value) => value.write_value(w, m),
        None => Ok(()),
    }
}

/// Reads a required member into its field.
pub fn read<T: Wire>(r: &mut dyn ShapeReader, m: &Member, field: &mut T) -> Result<(), ReadError> {
    *field = T::read_value(r, m)?;
    Ok(())
}

/// Reads an optional member into its field.
pub fn read_opt<T: Wire>(r: &mut dyn ShapeReader, m: &Member, field: &mut Option<T>) -> Result<(), ReadError> {
    *field = Some(T::read_value(r, m)?);
    Ok(())
}

/// Reads a structure: starts from its error-correction value (required members zero,
/// optional ones unset) and lets `member` fill in each member the reader finds.
pub fn read_struct<T: ErrorCorrection>(
    r: &mut dyn ShapeReader,
    m: &Member,
    schema: &Schema,
    member: fn(&mut T, &mut dyn ShapeReader, usize) -> Result<(), ReadError>,
) -> Result<T, ReadError> {
    let mut value = T::correction_default();
    r.read_struct(m, schema, &mut |r, field| match field {
        Field::Member(i) => member(&mut value, r, i),
        Field::Unknown(_) => Ok(()),
    })?;
    Ok(value)
}

/// Reads a union: exactly one member must be set. A member the schema does not know
/// becomes `unknown(name)`.
pub fn read_union<T>(
    r: &mut dyn ShapeReader,
    m: &Member,
    schema: &Schema,
    member: fn(&mut dyn ShapeReader, usize) -> Result<T, ReadError>,
    unknown: fn(String) -> T,
) -> Result<T, ReadError> {
    debug_assert_eq!(schema.kind, SchemaKind::Union);
    let mut found: Option<T> = None;
    r.read_struct(m, schema, &mut |r, field| {
        let value = match field {
            Field::Member(i) => member(r, i)?,
            Field::Unknown(name) => unknown(name.to_owned()),
        };
        if found.replace(value).is_some() {
            return Err(ReadError::new(format!("union {} has more than one member set", schema.shape)));
        }
        Ok(())
    })?;
    found.ok_or_else(|| ReadError::new(format!("union {} has no member set", schema.shape)))
}

/// The error a union's unknown member gives when written: its value was not kept.
pub fn unknown_union_member(schema: &Schema, name: &str) -> WriteError {
    WriteError::new(format!("cannot write member {name:?} of union {}: it is unknown to this client", schema.shape))
}
