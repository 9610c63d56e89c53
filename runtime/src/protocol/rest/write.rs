//! A request's members placed where the model binds them: one pass of the input through
//! [`Bindings`], which routes each top-level member by its [`Location`] and hands body
//! members to the protocol's codec.

use std::marker::PhantomData;

use super::text::TextWriter;
use super::{percent_encode, RestCodec};
use crate::error::BuildError;
use crate::operation::HttpBinding;
use crate::schema::{Location, Member, Schema};
use crate::shape::{ShapeWriter, Wire, WriteError, WriteMembers, WriteResult};
use crate::{Blob, ByteStream, DateTime, Document};

/// What a request's body is.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body at all.
    Empty,
    /// A blob or string payload member: the bytes as they are, and the `Content-Type`
    /// they go with unless a member sets one (`application/octet-stream` for a blob,
    /// `text/plain` for a string).
    Raw(Vec<u8>, &'static str),
    /// Written by the codec: the body members, or a structure payload.
    Encoded(Vec<u8>),
    /// A streaming payload read from a file or a stream, which the client sends.
    Stream(ByteStream),
}

/// A request with its members bound: the rendered path and query, the headers the
/// members set, and the body.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundRequest {
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub payload: Payload,
    /// The value of a status-code member: only an output has one, written as a server
    /// would answer.
    pub status: Option<u16>,
}

/// Binds `input`'s members for an operation with `http`: labels into the URI template,
/// query members after the template's own query, headers, and the body.
pub fn bind_request<C: RestCodec, T: Wire>(operation: &'static str, http: &HttpBinding, input: &T) -> Result<BoundRequest, BuildError> {
    let fail = |message: String| BuildError { operation, message };
    let mut bindings = Bindings::<C> {
        started: false,
        wants_object: false,
        body: None,
        labels: Vec::new(),
        query: Vec::new(),
        query_map: Vec::new(),
        headers: Vec::new(),
        payload: None,
        status: None,
        codec: PhantomData,
    };
    input.write_value(&mut bindings, &Member::ROOT).map_err(|e| fail(e.message))?;
    let path_and_query = render_uri(http.uri, &bindings.labels, &bindings.query, &bindings.query_map).map_err(fail)?;
    let payload = match (bindings.payload, bindings.body) {
        (Some(payload), _) => payload,
        (None, Some(body)) => Payload::Encoded(C::finish(body).map_err(|e| fail(e.message))?),
        (None, None) if bindings.wants_object => Payload::Encoded(C::finish(C::members_writer()).map_err(|e| fail(e.message))?),
        (None, None) => Payload::Empty,
    };
    Ok(BoundRequest { path_and_query, headers: bindings.headers, payload, status: bindings.status })
}

/// The [`ShapeWriter`] the input is written through. Its first call is the input
/// structure itself; every later call is one of its members, which it routes.
struct Bindings<C: RestCodec> {
    /// Whether the input structure's write began.
    started: bool,
    /// Whether a body with nothing set is an empty object rather than nothing: when the
    /// input has body members, or a structure payload.
    wants_object: bool,
    body: Option<C::Writer>,
    /// Label values by wire name, not yet encoded.
    labels: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    /// Entries of query maps, which give way to the members bound to the same key.
    query_map: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    payload: Option<Payload>,
    status: Option<u16>,
    codec: PhantomData<C>,
}

impl<C: RestCodec> Bindings<C> {
    fn body(&mut self) -> &mut C::Writer {
        self.body.get_or_insert_with(C::members_writer)
    }

    /// Routes a scalar, list or map member: into the body, or as text to where it is
    /// bound. `write` writes the value to whichever writer it is given.
    fn route(&mut self, m: &Member, write: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        match m.location {
            Location::Body => write(self.body()),
            Location::StatusCode => {
                let mut text = TextWriter::new(Location::StatusCode);
                write(&mut text)?;
                let value = text.values.pop().map(|(_, v)| v).unwrap_or_default();
                let status = value.parse::<u16>().ok().filter(|s| (100..1000).contains(s));
                self.status =
                    Some(status.ok_or_else(|| WriteError::new(format!("{}: {value:?} is not valid in HTTP as a status", m.name)))?);
                Ok(())
            }
            Location::Payload | Location::UnionPayload | Location::RawPayload => {
                Err(WriteError::new(format!("{}: this kind of value cannot be a payload", m.name)))
            }
            location => {
                let mut text = TextWriter::new(location);
                write(&mut text)?;
                self.bind_text(m, location, text.values)
            }
        }
    }

    fn bind_text(&mut self, m: &Member, location: Location, values: Vec<(Option<String>, String)>) -> WriteResult {
        match location {
            Location::Label | Location::GreedyLabel => {
                let value = values.into_iter().next().map(|(_, v)| v).unwrap_or_default();
                self.labels.push((m.wire, value));
            }
            Location::Query => self.query.extend(values.into_iter().map(|(_, v)| (m.wire.to_string(), v))),
            Location::QueryMap => self.query_map.extend(values.into_iter().filter_map(|(k, v)| Some((k?, v)))),
            Location::Header if values.is_empty() => {}
            Location::Header => {
                let items: Vec<String> = values.into_iter().map(|(_, v)| v).collect();
                // botocore's separator; HTTP allows space after it too.
                self.headers.push((m.wire.to_string(), items.join(",")));
            }
            Location::PrefixHeaders => {
                self.headers.extend(values.into_iter().filter_map(|(k, v)| Some((format!("{}{}", m.wire, k?), v))));
            }
            _ => {}
        }
        Ok(())
    }
}

impl<C: RestCodec> ShapeWriter for Bindings<C> {
    fn write_struct(&mut self, m: &Member, schema: &Schema, value: &dyn WriteMembers) -> WriteResult {
        if !self.started {
            // The input itself; its members come next.
            self.started = true;
            let has = |location: Location| schema.members.iter().any(|m| m.location == location);
            self.wants_object =
                has(Location::Payload) || (!has(Location::RawPayload) && !has(Location::UnionPayload) && has(Location::Body));
            return value.write_members(self);
        }
        match m.location {
            Location::Payload | Location::UnionPayload => {
                let mut writer = C::value_writer();
                writer.write_struct(m, schema, value)?;
                self.payload = Some(Payload::Encoded(C::finish(writer)?));
                Ok(())
            }
            Location::Body => self.body().write_struct(m, schema, value),
            _ => Err(WriteError::new(format!("{}: a {} cannot be bound to {:?}", m.name, schema.shape, m.location))),
        }
    }
    fn write_list(&mut self, m: &Member, len: usize, items: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.route(m, &|w| w.write_list(m, len, items))
    }
    fn write_map(&mut self, m: &Member, len: usize, entries: &dyn Fn(&mut dyn ShapeWriter) -> WriteResult) -> WriteResult {
        self.route(m, &|w| w.write_map(m, len, entries))
    }
    fn write_key(&mut self, m: &Member, _key: &str) -> WriteResult {
        Err(WriteError::new(format!("{}: a map key outside a map", m.name)))
    }
    fn write_string(&mut self, m: &Member, value: &str) -> WriteResult {
        if m.location == Location::RawPayload {
            self.payload = Some(Payload::Raw(value.as_bytes().to_vec(), "text/plain"));
            return Ok(());
        }
        self.route(m, &|w| w.write_string(m, value))
    }
    fn write_bool(&mut self, m: &Member, value: bool) -> WriteResult {
        self.route(m, &|w| w.write_bool(m, value))
    }
    fn write_i32(&mut self, m: &Member, value: i32) -> WriteResult {
        self.route(m, &|w| w.write_i32(m, value))
    }
    fn write_i64(&mut self, m: &Member, value: i64) -> WriteResult {
        self.route(m, &|w| w.write_i64(m, value))
    }
    fn write_f32(&mut self, m: &Member, value: f32) -> WriteResult {
        self.route(m, &|w| w.write_f32(m, value))
    }
    fn write_f64(&mut self, m: &Member, value: f64) -> WriteResult {
        self.route(m, &|w| w.write_f64(m, value))
    }
    fn write_timestamp(&mut self, m: &Member, value: DateTime) -> WriteResult {
        self.route(m, &|w| w.write_timestamp(m, value))
    }
    fn write_blob(&mut self, m: &Member, value: &Blob) -> WriteResult {
        if m.location == Location::RawPayload {
            self.payload = Some(Payload::Raw(value.as_ref().to_vec(), "application/octet-stream"));
            return Ok(());
        }
        self.route(m, &|w| w.write_blob(m, value))
    }
    fn write_stream(&mut self, m: &Member, value: &ByteStream) -> WriteResult {
        match value.as_bytes() {
            _ if m.location != Location::RawPayload => self.route(m, &|w| w.write_stream(m, value)),
            Some(bytes) => {
                self.payload = Some(Payload::Raw(bytes.to_vec(), "application/octet-stream"));
                Ok(())
            }
            None => {
                self.payload = Some(Payload::Stream(value.clone()));
                Ok(())
            }
        }
    }
    fn write_document(&mut self, m: &Member, value: &Document) -> WriteResult {
        if m.location == Location::Payload {
            let mut writer = C::value_writer();
            writer.write_document(m, value)?;
            self.payload = Some(Payload::Encoded(C::finish(writer)?));
            return Ok(());
        }
        self.route(m, &|w| w.write_document(m, value))
    }
}

/// Renders `template` (`/things/{Id}/{Key+}?x-id=Get`) with the labels encoded, then
/// appends the query members and the query-map entries no member overrides.
fn render_uri(
    template: &str,
    labels: &[(&str, String)],
    query: &[(String, String)],
    query_map: &[(String, String)],
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| format!("unclosed label in {template:?}"))?;
        let label = &rest[open + 1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let value = labels.iter().find(|(wire, _)| *wire == name).map(|(_, v)| v.as_str());
        match value {
            Some(value) if !value.is_empty() => out.push_str(&percent_encode(value, greedy)),
            _ => return Err(format!("{name} is required and must not be empty: it is part of the URI")),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    let explicit = query.iter();
    let from_maps = query_map.iter().filter(|(k, _)| !query.iter().any(|(q, _)| q == k));
    let mut separator = if out.contains('?') { '&' } else { '?' };
    for (key, value) in explicit.chain(from_maps) {
        out.push(separator);
        separator = '&';
        out.push_str(&percent_encode(key, false));
        out.push('=');
        out.push_str(&percent_encode(value, false));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::render_uri;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn labels_are_encoded_and_greedy_ones_keep_their_slashes() {
        let labels = [("FunctionName", "arn:aws:lambda:us-east-1:1:function:f".to_string()), ("Key", "a b/c.txt".to_string())];
        let uri = render_uri("/functions/{FunctionName}/objects/{Key+}", &labels, &[], &[]).unwrap();
        assert_eq!(uri, "/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/objects/a%20b/c.txt");
    }

    #[test]
    fn query_follows_the_template_and_members_win_over_map_entries() {
        let query = pairs(&[("a", "1 2"), ("list", "x"), ("list", "y")]);
        let map = pairs(&[("a", "from-map"), ("b", "&")]);
        let uri = render_uri("/things?x-id=Get", &[], &query, &map).unwrap();
        assert_eq!(uri, "/things?x-id=Get&a=1%202&list=x&list=y&b=%26");
        assert_eq!(render_uri("/things", &[], &pairs(&[("k", "")]), &[]).unwrap(), "/things?k=");
    }

    #[test]
    fn a_missing_or_empty_label_is_an_error_not_a_wrong_uri() {
        let err = render_uri("/things/{Id}", &[], &[], &[]).unwrap_err();
        assert!(err.contains("Id is required"), "{err}");
        assert!(render_uri("/things/{Id}", &[("Id", String::new())], &[], &[]).is_err());
    }
}
