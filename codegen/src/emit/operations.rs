//! One file per operation: a unit struct implementing the runtime's `Operation`, and the
//! operation's error enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::format::doc_attrs;
use crate::ident::to_ident;
use crate::ir::{CrateIr, HostPart, OperationIr, ProtocolIr, TypeRef};

/// What differs between protocols when emitting operations. Each protocol is one
/// implementation; the rest of the emitter does not look at the protocol.
pub trait ProtocolEmitter {
    /// The runtime type implementing `botogen_runtime::operation::Protocol`.
    fn runtime_protocol(&self) -> TokenStream;
    /// `(target_prefix, json_version)` for the service constant.
    fn service_fields(&self) -> (String, String);
}

struct AwsJson<'a> {
    json_version: &'a str,
    target_prefix: &'a str,
}

impl ProtocolEmitter for AwsJson<'_> {
    fn runtime_protocol(&self) -> TokenStream {
        quote!(::botogen_runtime::aws_json::AwsJson)
    }
    fn service_fields(&self) -> (String, String) {
        (self.target_prefix.to_string(), self.json_version.to_string())
    }
}

/// The emitter for the crate's protocol.
pub fn protocol_emitter(protocol: &ProtocolIr) -> Box<dyn ProtocolEmitter + '_> {
    match protocol {
        ProtocolIr::AwsJson { json_version, target_prefix } => Box::new(AwsJson { json_version, target_prefix }),
    }
}

fn type_path(r: &TypeRef) -> TokenStream {
    let module = to_ident(r.module.name());
    let name = to_ident(&r.name);
    quote!(crate::#module::#name)
}

/// The `SERVICE` constant in `lib.rs`.
pub fn service_const(ir: &CrateIr) -> TokenStream {
    let (target_prefix, json_version) = protocol_emitter(&ir.protocol).service_fields();
    let (service_id, endpoint_prefix, signing_name, api_version) =
        (&ir.service.service_id, &ir.service.endpoint_prefix, &ir.service.signing_name, &ir.service.api_version);
    quote! {
        /// How to address, sign and name requests to this service.
        pub const SERVICE: ::botogen_runtime::ServiceInfo = ::botogen_runtime::ServiceInfo {
            service_id: #service_id,
            endpoint_prefix: #endpoint_prefix,
            signing_name: #signing_name,
            target_prefix: #target_prefix,
            json_version: #json_version,
            api_version: #api_version,
        };
    }
}

/// The items of `src/operation/<op>.rs`.
pub fn operation_items(ir: &CrateIr, op: &OperationIr) -> TokenStream {
    let protocol = protocol_emitter(&ir.protocol).runtime_protocol();
    let name = to_ident(&op.rust_name);
    let error = to_ident(&op.error_name);
    let wire = &op.wire_name;
    let input = op.input.as_ref().map_or_else(|| quote!(::botogen_runtime::operation::EmptyInput), type_path);
    let output = op.output.as_ref().map_or_else(|| quote!(::botogen_runtime::operation::EmptyOutput), type_path);
    let mut lines = op.docs.clone();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Operation `{wire}`. Call it through the `Client`, or drive it without I/O through"));
    lines.push("`Operation::build_request` and `Operation::parse_response`.".to_string());
    let docs = doc_attrs(&lines);
    let deprecated = match op.deprecated.as_deref() {
        None => quote!(),
        Some("") => quote!(#[deprecated]),
        Some(note) => quote!(#[deprecated(note = #note)]),
    };
    let host_prefix = op.host_prefix.as_ref().map(|parts| host_prefix_fn(parts));

    let variants = op.errors.iter().map(|e| {
        let variant = to_ident(&e.variant);
        let ty = type_path(&e.shape);
        let doc = format!(" The service returned `{}`.", e.codes[0]);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let modeled_arms = op.errors.iter().map(|e| {
        let variant = to_ident(&e.variant);
        let ty = type_path(&e.shape);
        let codes = e.codes.iter().map(|c| Literal::string(c));
        quote!(#(#codes)|* => ::std::option::Option::Some(::botogen_runtime::operation::parse_modeled::<#ty, D>(body, meta).map(Self::#variant)),)
    });
    let (code_param, body_param, meta_param) =
        if op.errors.is_empty() { (quote!(_code), quote!(_body), quote!(_meta)) } else { (quote!(code), quote!(body), quote!(meta)) };
    let modeled_body = if op.errors.is_empty() {
        quote!(::std::option::Option::None)
    } else {
        quote!(match code {
            #(#modeled_arms)*
            _ => ::std::option::Option::None,
        })
    };
    let display_arms = op.errors.iter().map(|e| {
        let variant = to_ident(&e.variant);
        quote!(Self::#variant(err) => ::std::fmt::Display::fmt(err, f),)
    });
    let error_doc = format!(" The errors `{wire}` can return: the ones the model lists, and any other.");

    quote! {
        #docs
        #deprecated
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
        pub struct #name;

        impl ::botogen_runtime::Operation for #name {
            type Input = #input;
            type Output = #output;
            type Error = #error;
            type Protocol = #protocol;
            const NAME: &'static str = #wire;
            const SERVICE: &'static ::botogen_runtime::ServiceInfo = &crate::SERVICE;
            #host_prefix
        }

        #[doc = #error_doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
            /// An error the model does not list for this operation: its code, message,
            /// HTTP status and request id.
            Unhandled(::botogen_runtime::ErrorMetadata),
        }

        impl ::botogen_runtime::OperationError for #error {
            fn modeled<'de, D: ::serde::Deserializer<'de>>(#code_param: &str, #body_param: D, #meta_param: &::botogen_runtime::ErrorMetadata) -> ::std::option::Option<::std::result::Result<Self, D::Error>> {
                #modeled_body
            }

            fn unhandled(meta: ::botogen_runtime::ErrorMetadata) -> Self {
                Self::Unhandled(meta)
            }
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Unhandled(meta) => ::std::fmt::Display::fmt(meta, f),
                }
            }
        }

        // `Display` already shows the modeled error, so it is not also a `source`.
        impl ::std::error::Error for #error {}
    }
}

/// `host_prefix`, filling each `{Label}` with its checked member value.
fn host_prefix_fn(parts: &[HostPart]) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    for part in parts {
        match part {
            HostPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            HostPart::Label { wire_name, field, required } => {
                template.push_str("{}");
                let field = to_ident(field);
                args.push(if *required {
                    quote!(::botogen_runtime::operation::host_label(Self::NAME, #wire_name, &input.#field)?)
                } else {
                    quote!(::botogen_runtime::operation::required_host_label(Self::NAME, #wire_name, input.#field.as_deref())?)
                });
            }
        }
    }
    quote! {
        fn host_prefix(input: &Self::Input) -> ::std::result::Result<::std::option::Option<::std::string::String>, ::botogen_runtime::BuildError> {
            ::std::result::Result::Ok(::std::option::Option::Some(::std::format!(#template, #(#args),*)))
        }
    }
}
