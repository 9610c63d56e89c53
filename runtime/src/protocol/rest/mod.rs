//! HTTP bindings, shared by the REST protocols (rest-json now, rest-xml next): members
//! bound to URI labels, the query string, headers and the status code, and the one
//! member that can be the whole body. Only what goes in the body differs between the
//! protocols; that is the [`RestCodec`] each of them supplies.
//!
//! The rules are botocore's `BaseRestSerializer` and `BaseRestParser`.

mod read;
mod text;
pub mod uri;
mod write;

pub use read::RestMessageReader;
pub use write::{bind_request, BoundRequest, Payload};

use crate::schema::{Member, Schema};
use crate::shape::{OnField, ReadError, ShapeReader, ShapeWriter, WriteError};

/// What a REST protocol's body codec provides to the shared bindings.
pub trait RestCodec {
    /// The codec's writer.
    type Writer: ShapeWriter;
    /// A writer already inside the body's top-level object, to which the bindings hand
    /// the body members one at a time.
    fn members_writer() -> Self::Writer;
    /// A writer for one whole value: a structure payload.
    fn value_writer() -> Self::Writer;
    /// The bytes written.
    fn finish(writer: Self::Writer) -> Result<Vec<u8>, WriteError>;
    /// The `Content-Type` of a body the codec wrote.
    const CONTENT_TYPE: &'static str;
    /// Reads the members of `schema` that a response body holds, reporting each to
    /// `on_field`; an empty body holds none.
    fn read_members(body: &[u8], m: &Member, schema: &Schema, on_field: &mut OnField<'_>) -> Result<(), ReadError>;
    /// Lets `read` read one whole value from `body` (a structure, union or document
    /// payload), then checks that nothing follows it.
    fn read_value(body: &[u8], read: &mut dyn FnMut(&mut dyn ShapeReader) -> Result<(), ReadError>) -> Result<(), ReadError>;
}

/// Percent-encodes `text` for a URI: letters, digits and `-._~` stay as they are, and `/`
/// too when `keep_slash` (greedy labels); everything else becomes `%XX` of its UTF-8
/// bytes, space included.
pub fn percent_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn only_unreserved_characters_stay_as_they_are() {
        assert_eq!(percent_encode("a-b_c.d~e", false), "a-b_c.d~e");
        assert_eq!(percent_encode("arn:aws:lambda:us-east-1:1:function/f", false), "arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%2Ff");
        assert_eq!(percent_encode("a b/c", true), "a%20b/c");
        assert_eq!(percent_encode("é+&=?", false), "%C3%A9%2B%26%3D%3F");
    }
}
