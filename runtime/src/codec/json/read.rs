//! Reads shapes from JSON: a pull parser that the generated shapes drive through
//! [`ShapeReader`], so a response is read straight into its types, with no tree between.

use std::borrow::Cow;

use crate::schema::{Location, Member, Schema, SchemaKind};
use crate::shape::{Field, OnField, ReadError, ShapeReader, Wire};
use crate::{Blob, DateTime, Document};

/// How deeply values may nest before the reader refuses them: deep enough for any real
/// response, shallow enough that a hostile one cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// Reads a `T` from a whole JSON document; anything after it but white space is an error.
pub fn from_slice<T: Wire>(bytes: &[u8]) -> Result<T, ReadError> {
    let mut reader = JsonReader::new(bytes)?;
    let value = T::read_value(&mut reader, &Member::ROOT)?;
    reader.end()?;
    Ok(value)
}

/// The bytes that end the plain run of a string: the quote, a backslash, and the control
/// characters JSON forbids unescaped. One lookup per byte instead of three comparisons.
static STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The index of the first byte from `i` on that ends a plain run of a string (see
/// [`STOPS`]), or `bytes.len()`. Eight bytes at a time while none can stop the run: most
/// of a response is string contents, and this is where a parse spends its time.
fn plain_run(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n <= 128) sets its high bit in `(w - n) & !w`; a word with none
    // has no such byte. Bytes equal to `b` are the zero bytes of `w ^ b`.
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if below(w, 0x20) | below(w ^ (ONES * u64::from(b'"')), 1) | below(w ^ (ONES * u64::from(b'\\')), 1) != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !STOPS[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// What [`JsonReader::object`] calls with each key; it must consume the value.
type OnEntry<'f, 'a> = dyn FnMut(&mut JsonReader<'a>, Cow<'a, str>) -> Result<(), ReadError> + 'f;

/// One step of the path to the value being read, for error messages.
#[derive(Debug, Clone)]
enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

/// A [`ShapeReader`] over a JSON document.
#[derive(Debug)]
pub struct JsonReader<'a> {
    text: &'a str,
    pos: usize,
    /// The path to the value being read, for error messages.
    path: Vec<Step<'a>>,
    /// Objects and arrays open around the position.
    depth: usize,
    /// Whether the top-level object is a REST body: its keys name only members bound to
    /// no header, label or the like (see [`JsonReader::rest_body`]).
    rest_body: bool,
}

impl<'a> JsonReader<'a> {
    /// A reader over `bytes`, which must be UTF-8.
    pub fn new(bytes: &'a [u8]) -> Result<Self, ReadError> {
        let text = std::str::from_utf8(bytes).map_err(|e| ReadError::new(format!("the body is not UTF-8: {e}")))?;
        Ok(JsonReader { text, pos: 0, path: Vec::new(), depth: 0, rest_body: false })
    }

    /// A reader over a REST body: a key of its top-level object that happens to share the
    /// name of a member bound elsewhere (a header, a label) is no value of that member.
    pub fn rest_body(bytes: &'a [u8]) -> Result<Self, ReadError> {
        Ok(JsonReader { rest_body: true, ..JsonReader::new(bytes)? })
    }

    /// Checks that nothing but white space follows the value read.
    pub fn end(&mut self) -> Result<(), ReadError> {
        self.skip_ws();
        if self.pos < self.text.len() {
            return Err(self.error("trailing characters after the JSON value"));
        }
        Ok(())
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn error(&self, message: impl Into<String>) -> ReadError {
        let mut path = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) if path.is_empty() => path.push_str(key),
                Step::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        let message = message.into();
        let message = if self.pos >= self.text.len() { message } else { format!("{message} at byte {}", self.pos) };
        ReadError { path, message }
    }

    fn skip_ws(&mut self) {
        let bytes = self.bytes();
        while self.pos < bytes.len() && matches!(bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes().get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), ReadError> {
        match self.peek() {
            Some(b) if b == byte => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(self.error(format!("expected `{}`", byte as char))),
            None => Err(self.error(format!("unexpected end of input, expected `{}`", byte as char))),
        }
    }

    /// `null` is next; consumes it.
    fn null(&mut self) -> Result<bool, ReadError> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    fn literal(&mut self, word: &str) -> Result<(), ReadError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("invalid literal"))
        }
    }

    /// Runs `read` with `step` on the path, so that its errors say where they are.
    fn at(&mut self, step: Step<'a>, read: impl FnOnce(&mut Self) -> Result<(), ReadError>) -> Result<(), ReadError> {
        self.path.push(step);
        let result = read(self);
        self.path.pop();
        result
    }

    /// Runs `walk` one object or array deeper; every container is entered through here,
    /// so no input can nest past [`MAX_DEPTH`].
    fn nested(&mut self, walk: impl FnOnce(&mut Self) -> Result<(), ReadError>) -> Result<(), ReadError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("values nest more than {MAX_DEPTH} deep")));
        }
        self.depth += 1;
        let result = walk(self);
        self.depth -= 1;
        result
    }

    /// What kind of value is next, for "expected X, found Y" messages.
    fn found(&mut self) -> &'static str {
        match self.peek() {
            Some(b'"') => "a string",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(_) => "an invalid character",
            None => "the end of input",
        }
    }

    fn mismatch(&mut self, expected: &str) -> ReadError {
        let found = self.found();
        self.error(format!("expected {expected}, found {found}"))
    }

    /// A string value, unescaped.
    fn string(&mut self) -> Result<String, ReadError> {
        self.string_cow().map(Cow::into_owned)
    }

    /// A string value, borrowed from the input when it holds no escape: object keys are
    /// read this way, so that matching a member allocates nothing.
    fn string_cow(&mut self) -> Result<Cow<'a, str>, ReadError> {
        if self.peek() != Some(b'"') {
            return Err(self.mismatch("a string"));
        }
        self.pos += 1;
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        // The common case: no escape before the closing quote.
        let end = plain_run(bytes, start);
        let plain_end = (end < bytes.len()).then_some(end);
        match plain_end {
            Some(end) if bytes[end] == b'"' => {
                self.pos = end + 1;
                return Ok(Cow::Borrowed(&text[start..end]));
            }
            Some(end) => self.pos = end,
            None => {
                self.pos = bytes.len();
                return Err(self.error("unterminated string"));
            }
        }
        let mut out = String::from(&text[start..self.pos]);
        let mut from = self.pos;
        loop {
            let Some(&b) = bytes.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            match b {
                b'"' => {
                    out.push_str(&text[from..self.pos]);
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(&text[from..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    from = self.pos;
                }
                0x00..=0x1f => return Err(self.error("control character in string")),
                _ => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ReadError> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return Err(self.error("unterminated escape"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                match high {
                    0xD800..=0xDBFF => {
                        if !self.text[self.pos..].starts_with("\\u") {
                            return Err(self.error("lone leading surrogate in \\u escape"));
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("invalid trailing surrogate in \\u escape"));
                        }
                        let code = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
                    }
                    0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in \\u escape")),
                    code => char::from_u32(u32::from(code)).ok_or_else(|| self.error("invalid \\u escape"))?,
                }
            }
            _ => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, ReadError> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or_else(|| self.error("truncated \\u escape"))?;
        let value = u16::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error("invalid \\u escape"));
        }
        self.pos += 4;
        Ok(value)
    }

    /// The text of a number token, checked against JSON's grammar.
    fn number_token(&mut self) -> Result<&'a str, ReadError> {
        self.skip_ws();
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = self.pos;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        let int_start = i;
        let int_digits = digits(&mut i);
        if int_digits == 0 || (int_digits > 1 && bytes[int_start] == b'0') {
            return Err(self.mismatch("a number"));
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                self.pos = i;
                return Err(self.error("invalid number"));
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                self.pos = i;
                return Err(self.error("invalid number"));
            }
        }
        self.pos = i;
        Ok(&self.text[start..i])
    }

    fn integer<T: std::str::FromStr>(&mut self, what: &str) -> Result<T, ReadError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.mismatch(what));
        }
        let start = self.pos;
        let token = self.number_token()?;
        token.parse::<T>().map_err(|_| {
            self.pos = start;
            self.error(format!("expected {what}, found {token}"))
        })
    }

    /// A float: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"` as strings.
    fn float(&mut self) -> Result<f64, ReadError> {
        match self.peek() {
            Some(b'"') => match self.string()?.as_str() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => Err(self.error(format!("expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found {other:?}"))),
            },
            Some(b'-' | b'0'..=b'9') => {
                let token = self.number_token()?;
                token.parse::<f64>().map_err(|_| self.error(format!("invalid number {token}")))
            }
            _ => Err(self.mismatch("a number")),
        }
    }

    /// Skips any value.
    fn skip(&mut self) -> Result<(), ReadError> {
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => self.object(&mut |r, _| r.skip()),
            Some(b'[') => self.array(&mut |r, _| r.skip()),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number_token().map(drop),
            _ => Err(self.mismatch("a JSON value")),
        }
    }

    /// Walks an object, calling `entry` with each key; it must consume the value.
    fn object(&mut self, entry: &mut OnEntry<'_, 'a>) -> Result<(), ReadError> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        self.nested(|r| loop {
            let key = r.string_cow()?;
            r.expect(b':')?;
            entry(r, key)?;
            match r.peek() {
                Some(b',') => r.pos += 1,
                Some(b'}') => {
                    r.pos += 1;
                    return Ok(());
                }
                _ => return Err(r.error("expected `,` or `}`")),
            }
        })
    }

    /// Walks an array, calling `item` with each index; it must consume the value.
    fn array(&mut self, item: &mut dyn FnMut(&mut Self, usize) -> Result<(), ReadError>) -> Result<(), ReadError> {
        self.expect(b'[')?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        let mut i = 0;
        self.nested(|r| loop {
            item(r, i)?;
            i += 1;
            match r.peek() {
                Some(b',') => r.pos += 1,
                Some(b']') => {
                    r.pos += 1;
                    return Ok(());
                }
                _ => return Err(r.error("expected `,` or `]`")),
            }
        })
    }

    /// A document: any JSON value, as a tree.
    fn document(&mut self) -> Result<Document, ReadError> {
        Ok(match self.peek() {
            Some(b'"') => Document::String(self.string()?),
            Some(b'{') => {
                let mut map = serde_json::Map::new();
                self.object(&mut |r, key| {
                    let value = r.document()?;
                    map.insert(key.into_owned(), value);
                    Ok(())
                })?;
                Document::Object(map)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.array(&mut |r, _| {
                    items.push(r.document()?);
                    Ok(())
                })?;
                Document::Array(items)
            }
            Some(b't') => {
                self.literal("true")?;
                Document::Bool(true)
            }
            Some(b'f') => {
                self.literal("false")?;
                Document::Bool(false)
            }
            Some(b'n') => {
                self.literal("null")?;
                Document::Null
            }
            Some(b'-' | b'0'..=b'9') => {
                let token = self.number_token()?;
                let number = if let Ok(n) = token.parse::<u64>() {
                    serde_json::Number::from(n)
                } else if let Ok(n) = token.parse::<i64>() {
                    serde_json::Number::from(n)
                } else {
                    token
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .ok_or_else(|| self.error(format!("number {token} is out of range")))?
                };
                Document::Number(number)
            }
            _ => return Err(self.mismatch("a JSON value")),
        })
    }
}

impl ShapeReader for JsonReader<'_> {
    fn read_struct(&mut self, _m: &Member, schema: &Schema, on_field: &mut OnField<'_>) -> Result<(), ReadError> {
        if self.peek() != Some(b'{') {
            return Err(self.mismatch(&format!("an object ({})", schema.shape)));
        }
        // Services write members in model order, so the member after the last one found
        // is tried first: matching a key is then one comparison, not a search.
        let mut next = 0;
        let top = self.rest_body && self.depth == 0;
        self.object(&mut |r, key| {
            let index = match schema.members.get(next) {
                Some(m) if m.wire == key => Some(next),
                _ => schema.by_wire(&key),
            }
            .filter(|&i| !top || schema.members[i].location == Location::Body);
            if let Some(i) = index {
                next = i + 1;
            }
            r.at(Step::Key(key.clone()), |r| {
                if r.null()? {
                    return Ok(());
                }
                if let Some(i) = index {
                    return on_field(r, Field::Member(i));
                }
                r.skip()?;
                // Some services echo a union's shape id as `__type`; it is no member.
                match schema.kind {
                    SchemaKind::Union if key != "__type" => on_field(r, Field::Unknown(&key)),
                    _ => Ok(()),
                }
            })
        })
    }

    fn read_list(&mut self, _m: &Member, on_item: &mut dyn FnMut(&mut dyn ShapeReader) -> Result<(), ReadError>) -> Result<(), ReadError> {
        if self.peek() != Some(b'[') {
            return Err(self.mismatch("an array"));
        }
        self.array(&mut |r, i| r.at(Step::Index(i), |r| if r.null()? { Ok(()) } else { on_item(r) }))
    }

    fn read_map(
        &mut self,
        _m: &Member,
        on_entry: &mut dyn FnMut(&mut dyn ShapeReader, String) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        if self.peek() != Some(b'{') {
            return Err(self.mismatch("an object"));
        }
        self.object(&mut |r, key| r.at(Step::Key(key.clone()), |r| if r.null()? { Ok(()) } else { on_entry(r, key.into_owned()) }))
    }

    fn read_string(&mut self, _m: &Member) -> Result<String, ReadError> {
        self.string()
    }

    fn read_bool(&mut self, _m: &Member) -> Result<bool, ReadError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.mismatch("a boolean")),
        }
    }

    fn read_i32(&mut self, _m: &Member) -> Result<i32, ReadError> {
        self.integer("a 32-bit integer")
    }

    fn read_i64(&mut self, _m: &Member) -> Result<i64, ReadError> {
        self.integer("a 64-bit integer")
    }

    fn read_f32(&mut self, _m: &Member) -> Result<f32, ReadError> {
        self.float().map(|v| v as f32)
    }

    fn read_f64(&mut self, _m: &Member) -> Result<f64, ReadError> {
        self.float()
    }

    /// Any of the three formats, whatever the model names: botocore reads them all, and
    /// services are known to answer in another format than the one they are sent.
    fn read_timestamp(&mut self, _m: &Member) -> Result<DateTime, ReadError> {
        let parsed = match self.peek() {
            Some(b'"') => parse_timestamp(&self.string()?),
            Some(b'-' | b'0'..=b'9') => {
                let token = self.number_token()?;
                token.parse::<f64>().map_err(|e| e.to_string()).and_then(|secs| DateTime::from_secs_f64(secs).map_err(|e| e.to_string()))
            }
            _ => return Err(self.mismatch("a timestamp (epoch seconds, RFC 3339 or HTTP-date)")),
        };
        parsed.map_err(|e| self.error(e))
    }

    fn read_blob(&mut self, _m: &Member) -> Result<Blob, ReadError> {
        let text = self.string()?;
        Blob::from_base64(&text).map_err(|e| self.error(e.to_string()))
    }

    fn read_document(&mut self, _m: &Member) -> Result<Document, ReadError> {
        self.document()
    }
}

/// A timestamp in a string: epoch seconds, an HTTP-date or RFC 3339.
fn parse_timestamp(text: &str) -> Result<DateTime, String> {
    if let Ok(secs) = text.parse::<f64>() {
        return DateTime::from_secs_f64(secs).map_err(|e| e.to_string());
    }
    if text.as_bytes().get(3) == Some(&b',') {
        DateTime::from_http_date(text).map_err(|e| e.to_string())
    } else {
        DateTime::from_rfc3339(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_runs_stop_at_every_stop_byte_wherever_it_falls() {
        for stop in [b'"', b'\\', 0x00, 0x1f] {
            for at in 0..20 {
                let mut text = "abcdefghijklmnopqrstuvwxyz".as_bytes().to_vec();
                text[at] = stop;
                assert_eq!(plain_run(&text, 0), at, "stop {stop:#x} at {at}");
            }
        }
        // Multi-byte UTF-8 (bytes of 0x80 and up) never stops a run.
        let text = "aé€𝄞bcdefghijklmnopq\"".as_bytes();
        assert_eq!(plain_run(text, 0), text.len() - 1);
        assert_eq!(plain_run(b"no stop in here at all", 3), 22);
    }
}
