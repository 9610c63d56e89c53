//! A message read into its structure: members bound to headers, prefix headers and the
//! status code from the HTTP message, the payload member from the whole body, and the
//! rest from the body through the protocol's codec. Responses are read this way into
//! outputs and errors; requests, with their URI, into inputs, as a server would.

use std::marker::PhantomData;

use super::text::TextReader;
use super::uri::{QueryMap, QueryValues, UriValues};
use super::RestCodec;
use crate::operation::HttpResponse;
use crate::schema::{Location, Member, Schema};
use crate::shape::{Field, OnField, ReadError, ShapeReader};
use crate::{Blob, ByteStream};

/// The [`ShapeReader`] a REST message is read through. It reads one structure: the
/// output, error or input shape.
pub struct RestMessageReader<'a, C> {
    headers: &'a http::HeaderMap,
    body: &'a [u8],
    /// A response's status.
    status: Option<u16>,
    /// A request's URI, read against its template.
    uri: Option<UriValues>,
    /// The body still arriving, for a streaming payload; `body` is then empty.
    stream: Option<ByteStream>,
    codec: PhantomData<C>,
}

impl<'a, C: RestCodec> RestMessageReader<'a, C> {
    /// A reader over `response`.
    pub fn response(response: &'a HttpResponse) -> Self {
        Self::over(response.headers(), response.body(), Some(response.status().as_u16()), None)
    }

    /// A reader over `head`, whose streaming payload is `body`, still arriving.
    pub fn streaming(head: &'a HttpResponse, body: ByteStream) -> Self {
        RestMessageReader { stream: Some(body), ..Self::response(head) }
    }

    /// A reader over a request to an operation whose URI template is `template`, as a
    /// server reads it.
    pub fn request(request: &'a crate::operation::HttpRequest, template: &str) -> Result<Self, ReadError> {
        let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let uri = super::uri::parse_uri(template, path)?;
        Ok(Self::over(request.headers(), request.body(), None, Some(uri)))
    }

    fn over(headers: &'a http::HeaderMap, body: &'a [u8], status: Option<u16>, uri: Option<UriValues>) -> Self {
        RestMessageReader { headers, body, status, uri, stream: None, codec: PhantomData }
    }

    /// Every value of header `name` (case-insensitive), joined with `, ` as HTTP allows.
    fn header(&self, name: &str) -> Result<Option<String>, ReadError> {
        let mut values = self.headers.get_all(name).iter().peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        let texts = values.map(|v| header_text(v.as_bytes())).collect::<Result<Vec<_>, _>>()?;
        Ok(Some(texts.join(", ")))
    }

    /// The query parameters no member names, grouped by key, for a query map.
    fn unclaimed_query(&self, schema: &Schema) -> Vec<(&str, Vec<&str>)> {
        let mut entries: Vec<(&str, Vec<&str>)> = Vec::new();
        let claimed = |key: &str| schema.members.iter().any(|m| m.location == Location::Query && m.wire == key);
        for (key, value) in self.uri.iter().flat_map(|u| &u.query).filter(|(k, _)| !claimed(k)) {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, values)) => values.push(value),
                None => entries.push((key, vec![value])),
            }
        }
        entries
    }
}

/// A header's value as text: UTF-8, as the writer sends it.
fn header_text(bytes: &[u8]) -> Result<&str, ReadError> {
    std::str::from_utf8(bytes).map_err(|_| ReadError::new("the header is not UTF-8"))
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

impl<C: RestCodec> ShapeReader for RestMessageReader<'_, C> {
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
                    let mut reader = PrefixHeaders { headers: self.headers, prefix: member.wire };
                    if reader.any() {
                        at(member.wire, on_field(&mut reader, Field::Member(i)))?;
                    }
                }
                Location::StatusCode => {
                    if let Some(status) = self.status {
                        let status = status.to_string();
                        on_field(&mut TextReader { text: &status, location: Location::StatusCode }, Field::Member(i))?;
                    }
                }
                Location::Label | Location::GreedyLabel => {
                    let value = self.uri.as_ref().and_then(|u| u.labels.iter().find(|(name, _)| name == member.wire));
                    if let Some((_, text)) = value {
                        at(member.wire, on_field(&mut TextReader { text, location: member.location }, Field::Member(i)))?;
                    }
                }
                Location::Query => {
                    let values: Vec<&str> =
                        self.uri.iter().flat_map(|u| &u.query).filter(|(k, _)| k == member.wire).map(|(_, v)| v.as_str()).collect();
                    if !values.is_empty() {
                        at(member.wire, on_field(&mut QueryValues { values }, Field::Member(i)))?;
                    }
                }
                Location::QueryMap => {
                    let entries = self.unclaimed_query(schema);
                    if !entries.is_empty() {
                        at(member.wire, on_field(&mut QueryMap { entries }, Field::Member(i)))?;
                    }
                }
                Location::Payload | Location::UnionPayload | Location::RawPayload => payload = Some((i, member)),
                _ => {}
            }
        }
        let body = self.body;
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
    headers: &'a http::HeaderMap,
    prefix: &'static str,
}

impl PrefixHeaders<'_> {
    fn entries(&self) -> impl Iterator<Item = (&str, &http::HeaderValue)> {
        let prefix = self.prefix;
        self.headers.iter().filter_map(move |(name, value)| {
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
            let text = header_text(value.as_bytes()).map_err(|e| ReadError::new(format!("header {}{key}: {}", self.prefix, e.message)))?;
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
