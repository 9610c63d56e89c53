//! rest-json: the model's HTTP bindings, with JSON for the body members or a structure
//! payload; errors named by `X-Amzn-Errortype`, a `code`/`Code` or a `__type`.

use crate::byte_stream::ByteStream;
use crate::codec::json::{JsonReader, JsonWriter};
use crate::endpoint::Endpoint;
use crate::error::{BuildError, SdkError};
use crate::operation::{HttpBinding, HttpRequest, HttpResponse, Operation, Protocol, SetRequestId};
use crate::protocol::json_error::{error_metadata, json_body};
use crate::protocol::rest::{bind_request, Payload, RestCodec, RestMessageReader};
use crate::protocol::{assemble, malformed, request_id, service_error, streaming_length, RequestParts};
use crate::schema::{Member, Schema};
use crate::shape::{OnField, ReadError, ShapeReader, Wire, WriteError};

/// The rest-json protocol.
#[derive(Debug, Clone, Copy)]
pub struct RestJson;

/// JSON as rest-json's body codec.
#[derive(Debug, Clone, Copy)]
pub struct JsonBody;

impl RestCodec for JsonBody {
    type Writer = JsonWriter;
    const CONTENT_TYPE: &'static str = "application/json";

    fn members_writer() -> JsonWriter {
        JsonWriter::object_members()
    }
    fn value_writer() -> JsonWriter {
        JsonWriter::default()
    }
    fn finish(writer: JsonWriter) -> Result<Vec<u8>, WriteError> {
        Ok(writer.into_bytes())
    }
    fn read_members(body: &[u8], m: &Member, schema: &Schema, on_field: &mut OnField<'_>) -> Result<(), ReadError> {
        let mut reader = JsonReader::rest_body(json_body(body))?;
        reader.read_struct(m, schema, on_field)?;
        reader.end()
    }
    fn read_value(body: &[u8], read: &mut dyn FnMut(&mut dyn ShapeReader) -> Result<(), ReadError>) -> Result<(), ReadError> {
        let mut reader = JsonReader::new(body)?;
        read(&mut reader)?;
        reader.end()
    }
}

impl RestJson {
    /// The request, and its streaming payload when that is a file or a stream.
    fn build<O: Operation>(input: &O::Input, endpoint: &Endpoint) -> Result<(HttpRequest, Option<ByteStream>), BuildError> {
        let bound = bind_request::<JsonBody, _>(O::NAME, &O::HTTP, input)?;
        let mut headers: Vec<(std::borrow::Cow<'static, str>, String)> =
            bound.headers.into_iter().map(|(name, value)| (name.into(), value)).collect();
        let has_content_type = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        let mut content_type = |value: &'static str| {
            if !has_content_type {
                headers.push(("content-type".into(), value.into()));
            }
        };
        let (body, stream) = match bound.payload {
            Payload::Empty => (Vec::new(), None),
            Payload::Raw(bytes, kind) => {
                content_type(kind);
                (bytes, None)
            }
            Payload::Encoded(bytes) => {
                content_type(JsonBody::CONTENT_TYPE);
                (bytes, None)
            }
            Payload::Stream(stream) => {
                content_type("application/octet-stream");
                (Vec::new(), Some(stream))
            }
        };
        let method = http::Method::from_bytes(O::HTTP.method.as_bytes())
            .map_err(|_| BuildError { operation: O::NAME, message: format!("{:?} is not an HTTP method", O::HTTP.method) })?;
        let mut request = assemble::<O>(input, endpoint, RequestParts { method, path_and_query: bound.path_and_query, headers, body })?;
        if let Some(stream) = &stream {
            streaming_length(&mut request, stream);
        }
        Ok((request, stream))
    }
}

impl Protocol for RestJson {
    fn build_request<O: Operation>(input: &O::Input, endpoint: &Endpoint) -> Result<HttpRequest, BuildError> {
        match Self::build::<O>(input, endpoint)? {
            (request, None) => Ok(request),
            (_, Some(_)) => Err(BuildError {
                operation: O::NAME,
                message: "the payload streams from a file or a stream: send it through the client, or give it as bytes".into(),
            }),
        }
    }

    fn build_streaming_request<O: Operation>(
        input: &O::Input,
        endpoint: &Endpoint,
    ) -> Result<(HttpRequest, Option<ByteStream>), BuildError> {
        Self::build::<O>(input, endpoint)
    }

    fn parse_request<O: Operation>(request: &HttpRequest) -> Result<O::Input, ReadError> {
        O::Input::read_value(&mut RestMessageReader::<JsonBody>::request(request, O::HTTP.uri)?, &Member::ROOT)
    }

    fn build_response<O: Operation>(output: &O::Output) -> Result<HttpResponse, WriteError> {
        let bound = bind_request::<JsonBody, _>(O::NAME, &HttpBinding::RPC, output).map_err(|e| WriteError::new(e.message))?;
        let status = bound.status.unwrap_or(O::HTTP.status);
        if !(200..300).contains(&status) {
            return Err(WriteError::new(format!("{status} is not valid in HTTP for a success")));
        }
        let mut response = http::Response::builder().status(status);
        for (name, value) in &bound.headers {
            let value = http::HeaderValue::from_bytes(value.as_bytes())
                .map_err(|_| WriteError::new(format!("header {name} is not valid in HTTP")))?;
            response = response.header(name.as_str(), value);
        }
        let body = match bound.payload {
            Payload::Empty => Vec::new(),
            Payload::Raw(bytes, _) | Payload::Encoded(bytes) => bytes,
            Payload::Stream(_) => return Err(WriteError::new("a response body from a file or a stream is not written here")),
        };
        response.body(body).map_err(|e| WriteError::new(e.to_string()))
    }

    fn parse_streaming_response<O: Operation>(head: &HttpResponse, body: ByteStream) -> Result<O::Output, SdkError<O::Error>> {
        let mut reader = RestMessageReader::<JsonBody>::streaming(head, body);
        let mut output = O::Output::read_value(&mut reader, &Member::ROOT).map_err(|e| malformed::<O>(head, e.to_string()))?;
        output.set_request_id(request_id(head));
        Ok(output)
    }

    fn parse_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
        if response.status().is_success() {
            let mut reader = RestMessageReader::<JsonBody>::response(response);
            let mut output = O::Output::read_value(&mut reader, &Member::ROOT).map_err(|e| malformed::<O>(response, e.to_string()))?;
            output.set_request_id(request_id(response));
            return Ok(output);
        }
        let mut meta = error_metadata(response);
        // botocore's last resort for a rest-json error: its status names it (`404`).
        if meta.code.is_none() {
            meta.code = Some(response.status().as_u16().to_string());
        }
        Err(service_error::<O>(response, meta, || Ok(Box::new(RestMessageReader::<JsonBody>::response(response)))))
    }
}
