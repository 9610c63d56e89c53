//! A response read into its output or error structure: members bound to headers, prefix
//! headers and the status code from the HTTP message, the payload member from the whole
//! body, and the rest from the body through the protocol's codec.

use std::marker::PhantomData;

use super::text::TextReader;
use super::RestCodec;
use crate::operation::HttpResponse;
use crate::schema::{Location, Member, Schema};
use crate::shape::{Field, OnField, ReadError, ShapeReader};
use crate::{Blob, ByteStream};

/// The [`ShapeReader`] a REST response is read through. It reads one structure: the
/// output or error shape.
pub struct RestResponseReader<'a, C> {
    response: &'a HttpResponse,
    /// The body still arriving, for a streaming payload; `response` then has none.
    stream: Option<ByteStream>,
    codec: PhantomData<C>,
}

impl<'a, C: RestCodec> RestResponseReader<'a, C> {
    /// A reader over `response`.
    pub fn new(response: &'a HttpResponse) -> Self {
        RestResponseReader { response, stream: None, codec: PhantomData }
    }

    /// A reader over `head`, whose streaming payload is `body`, still arriving.
    pub fn streaming(head: &'a HttpResponse, body: ByteStream) -> Self {
        RestResponseReader { response: head, stream: Some(body), codec: PhantomData }
    }

    /// Every value of header `name` (case-insensitive), joined with `, ` as HTTP allows.
    fn header(&self, name: &str) -> Result<Option<String>, ReadError> {
        let mut values = self.response.headers().get_all(name).iter().peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        let texts =
            values.map(|v| v.to_str().map_err(|_| ReadError::new("the header is not visible ASCII"))).collect::<Result<Vec<_>, _>>()?;
        Ok(Some(texts.join(", ")))
    }
}

/// Names the member a binding error is about, when the error names nothing yet.
fn at(wire: &str, result: Result<(), ReadError>) -> Result<(), ReadError> {
    result.map_err(|mut e| {
        if e.path.is_empty() {
            e.path = wire.to_string();
        }
        e
    })
}

impl<C: RestCodec> ShapeReader for RestResponseReader<'_, C> {
    fn read_struct(&mut self, m: &Member, schema: &Schema, on_field: &mut OnField<'_>) -> Result<(), ReadError> {
        let mut payload = None;
        for (i, member) in schema.members.iter().enumerate() {
            match member.location {
                Location::Header => {
                    let read = self.header(member.wire).and_then(|text| match text {
                        Some(text) => on_field(&mut TextReader { text: &text, location: Location::Header }, Field::Member(i)),
                        None => Ok(()),
                    });
                    at(member.wire, read)?;
                }
                Location::PrefixHeaders => {
                    let mut reader = PrefixHeaders { response: self.response, prefix: member.wire };
                    if reader.any() {
                        at(member.wire, on_field(&mut reader, Field::Member(i)))?;
                    }
                }
                Location::StatusCode => {
                    let status = self.response.status().as_u16().to_string();
                    on_field(&mut TextReader { text: &status, location: Location::StatusCode }, Field::Member(i))?;
                }
                Location::Payload | Location::UnionPayload | Location::RawPayload => payload = Some((i, member)),
                _ => {}
            }
        }
        let body = self.response.body();
        if let (Some(stream), Some((i, member))) = (self.stream.take(), payload) {
            return at(member.wire, on_field(&mut RawBody { body, stream: Some(stream) }, Field::Member(i)));
        }
        match payload {
            // An empty body leaves the payload unset, whatever its kind.
            Some(_) if body.is_empty() => Ok(()),
            Some((i, member)) if member.location == Location::RawPayload => {
                at(member.wire, on_field(&mut RawBody { body, stream: None }, Field::Member(i)))
            }
            Some(_) if body.iter().all(u8::is_ascii_whitespace) => Ok(()),
            Some((i, _)) => C::read_value(body, &mut |r| on_field(r, Field::Member(i))),
            // Nothing to read from the body (no output, or every member bound elsewhere):
            // whatever it holds is ignored, as botocore ignores it.
            None if !schema.members.iter().any(|m| m.location == Location::Body) => Ok(()),
            None => C::read_members(body, m, schema, on_field),
        }
    }
}

/// The headers whose names start with a prefix (`x-amz-meta-`), read as a map from the
/// rest of the name (lower case, as HTTP/2 and the `http` crate keep names) to the value.
struct PrefixHeaders<'a> {
    response: &'a HttpResponse,
    prefix: &'static str,
}

impl PrefixHeaders<'_> {
    fn entries(&self) -> impl Iterator<Item = (&str, &http::HeaderValue)> {
        let prefix = self.prefix;
        self.response.headers().iter().filter_map(move |(name, value)| {
            let name = name.as_str();
            (name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix)).then(|| (&name[prefix.len()..], value))
        })
    }

    fn any(&self) -> bool {
        self.entries().next().is_some()
    }
}

impl ShapeReader for PrefixHeaders<'_> {
    fn read_map(
        &mut self,
        _m: &Member,
        on_entry: &mut dyn FnMut(&mut dyn ShapeReader, String) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        for (key, value) in self.entries() {
            let text = value.to_str().map_err(|_| ReadError::new(format!("header {}{key} is not visible ASCII", self.prefix)))?;
            on_entry(&mut TextReader { text, location: Location::PrefixHeaders }, key.to_string())?;
        }
        Ok(())
    }
}

/// A blob or string payload: the body as it is, or as it arrives.
struct RawBody<'a> {
    body: &'a [u8],
    stream: Option<ByteStream>,
}

impl ShapeReader for RawBody<'_> {
    fn read_blob(&mut self, _m: &Member) -> Result<Blob, ReadError> {
        Ok(Blob::new(self.body.to_vec()))
    }
    fn read_string(&mut self, _m: &Member) -> Result<String, ReadError> {
        String::from_utf8(self.body.to_vec()).map_err(|_| ReadError::new("the body is not UTF-8"))
    }
    fn read_stream(&mut self, _m: &Member) -> Result<ByteStream, ReadError> {
        Ok(self.stream.take().unwrap_or_else(|| ByteStream::new(self.body.to_vec())))
    }
}
