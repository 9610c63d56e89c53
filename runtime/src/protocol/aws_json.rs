//! AWS JSON 1.0 and 1.1: `POST /` with the operation in `X-Amz-Target` and the input as
//! a JSON body; errors named by the `X-Amzn-Errortype` header, a `code` or a `__type`.

use crate::codec::json::{self, JsonReader};
use crate::endpoint::Endpoint;
use crate::error::{BuildError, SdkError};
use crate::operation::{HttpRequest, HttpResponse, Operation, Protocol, SetRequestId};
use crate::protocol::json_error::{error_metadata, json_body};
use crate::protocol::{assemble, malformed, request_id, service_error, RequestParts};

/// The AWS JSON protocol, either version (the service's `jsonVersion` picks it).
#[derive(Debug, Clone, Copy)]
pub struct AwsJson;

impl Protocol for AwsJson {
    fn build_request<O: Operation>(input: &O::Input, endpoint: &Endpoint) -> Result<HttpRequest, BuildError> {
        let body = json::to_vec(input).map_err(|e| BuildError { operation: O::NAME, message: e.to_string() })?;
        let parts = RequestParts {
            method: http::Method::POST,
            path_and_query: "/".into(),
            headers: vec![
                ("content-type".into(), format!("application/x-amz-json-{}", O::SERVICE.json_version)),
                ("x-amz-target".into(), format!("{}.{}", O::SERVICE.target_prefix, O::NAME)),
            ],
            body,
        };
        assemble::<O>(input, endpoint, parts)
    }

    fn parse_request<O: Operation>(request: &HttpRequest) -> Result<O::Input, crate::shape::ReadError> {
        json::from_slice(request.body())
    }

    fn build_response<O: Operation>(output: &O::Output) -> Result<HttpResponse, crate::shape::WriteError> {
        let body = json::to_vec(output)?;
        Ok(http::Response::builder().status(200).body(body).expect("a 200 with a body is a valid response"))
    }

    fn parse_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
        if response.status().is_success() {
            let mut output: O::Output =
                json::from_slice(json_body(response.body())).map_err(|e| malformed::<O>(response, e.to_string()))?;
            output.set_request_id(request_id(response));
            return Ok(output);
        }
        let meta = error_metadata(response);
        Err(service_error::<O>(response, meta, || Ok(Box::new(JsonReader::new(json_body(response.body()))?))))
    }
}
