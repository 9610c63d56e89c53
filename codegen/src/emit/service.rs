//! The `SERVICE` constant and what differs between protocols when emitting operations:
//! each protocol is one implementation of [`ProtocolEmitter`]; no other emitter looks
//! at the protocol.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::ir::{CrateIr, OperationIr, ProtocolIr, SUPPORTED_PROTOCOLS};

/// What differs between protocols when emitting operations.
pub trait ProtocolEmitter: Sync {
    /// The runtime type implementing `botogen_runtime::operation::Protocol`.
    fn runtime_protocol(&self) -> TokenStream;
    /// The protocol's settings on `ServiceInfo`: `.with_aws_json(…)`.
    fn service_settings(&self) -> TokenStream;
    /// The runtime features the crate needs (its codec).
    fn runtime_features(&self) -> &'static [&'static str];
    /// Statements the smoke test runs on `request`, the operation's built request.
    fn smoke_checks(&self, op: &OperationIr) -> TokenStream;
}

struct AwsJson<'a> {
    json_version: &'a str,
    target_prefix: &'a str,
}

impl ProtocolEmitter for AwsJson<'_> {
    fn runtime_protocol(&self) -> TokenStream {
        quote!(::botogen_runtime::protocol::aws_json::AwsJson)
    }
    fn service_settings(&self) -> TokenStream {
        let (target_prefix, json_version) = (self.target_prefix, self.json_version);
        quote!(.with_aws_json(#target_prefix, #json_version))
    }
    fn runtime_features(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn smoke_checks(&self, op: &OperationIr) -> TokenStream {
        let target = format!("{}.{}", self.target_prefix, op.wire_name);
        quote! {
            assert_eq!(request.headers()["x-amz-target"], #target);
            assert!(request.body().starts_with(b"{"));
        }
    }
}

struct RestJson;

impl ProtocolEmitter for RestJson {
    fn runtime_protocol(&self) -> TokenStream {
        quote!(::botogen_runtime::protocol::rest_json::RestJson)
    }
    fn service_settings(&self) -> TokenStream {
        TokenStream::new()
    }
    fn runtime_features(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn smoke_checks(&self, op: &OperationIr) -> TokenStream {
        let method = &op.http.method;
        // The URI up to its first label is the same whatever the input.
        let fixed = op.http.request_uri.split(['{', '?']).next().unwrap_or("/");
        quote! {
            assert_eq!(request.method().as_str(), #method);
            assert!(request.uri().path().starts_with(#fixed), "{}", request.uri());
        }
    }
}

/// The emitter for the crate's protocol; an error for protocols whose codecs do not
/// exist yet, rather than a crate that would put the wrong bytes on the wire.
pub fn protocol_emitter<'a>(file: &str, protocol: &'a ProtocolIr) -> Result<Box<dyn ProtocolEmitter + Sync + 'a>> {
    match protocol {
        ProtocolIr::AwsJson { json_version, target_prefix } => Ok(Box::new(AwsJson { json_version, target_prefix })),
        ProtocolIr::RestJson => Ok(Box::new(RestJson)),
        other => Err(Error::Unsupported {
            file: file.to_string(),
            path: "metadata.protocols".into(),
            message: format!("the service speaks {}; this generator emits {SUPPORTED_PROTOCOLS:?}", other.name()),
        }),
    }
}

/// The `SERVICE` constant in `lib.rs`.
pub fn service_const(ir: &CrateIr, protocol: &dyn ProtocolEmitter) -> TokenStream {
    let settings = protocol.service_settings();
    let (service_id, endpoint_prefix, signing_name, api_version) =
        (&ir.service.service_id, &ir.service.endpoint_prefix, &ir.service.signing_name, &ir.service.api_version);
    quote! {
        /// How to address, sign and name requests to this service.
        pub const SERVICE: ::botogen_runtime::ServiceInfo =
            ::botogen_runtime::ServiceInfo::new(#service_id, #endpoint_prefix, #signing_name, #api_version) #settings;
    }
}
