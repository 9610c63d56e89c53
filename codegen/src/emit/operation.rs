//! One file per operation: a unit struct implementing the runtime's `Operation`, and the
//! operation's error enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::format::doc_attrs;
use super::service::ProtocolEmitter;
use super::shapes::deprecated_attr;
use super::types::type_ref_path;
use crate::ident::to_ident;
use crate::ir::{HostPart, OperationIr};

/// The items of `src/operation/<op>.rs`.
pub fn operation_items(protocol: &dyn ProtocolEmitter, op: &OperationIr) -> TokenStream {
    let protocol = protocol.runtime_protocol();
    let name = to_ident(&op.rust_name);
    let error = to_ident(&op.error_name);
    let wire = &op.wire_name;
    let input = op.input.as_ref().map_or_else(|| quote!(::botogen_runtime::operation::EmptyInput), type_ref_path);
    let output = op.output.as_ref().map_or_else(|| quote!(::botogen_runtime::operation::EmptyOutput), type_ref_path);
    let mut lines = op.docs.clone();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Operation `{wire}`. Call it through the `Client`, or drive it without I/O through"));
    lines.push("`Operation::build_request` and `Operation::parse_response`.".to_string());
    if let Some(why) = &op.unsupported {
        lines.push(String::new());
        lines.push(format!("**Not supported yet:** {why}. The operation is generated so that the crate is complete,"));
        lines.push("and building its request fails with that reason.".to_string());
    }
    if let Some(why) = &op.paginator_skipped {
        lines.push(String::new());
        lines.push(format!("The model paginates this operation, but no paginator is generated: {why}."));
    }
    let docs = doc_attrs(&lines);
    let deprecated = deprecated_attr(&op.deprecated);
    let host_prefix = op.host_prefix.as_ref().map(|parts| host_prefix_fn(parts));
    let compression = (!op.request_compression.is_empty()).then(|| {
        let encodings = &op.request_compression;
        quote!(const REQUEST_COMPRESSION: &'static [&'static str] = &[#(#encodings),*];)
    });
    // RPC operations keep the runtime's `POST /`.
    let http = (op.http.method != "POST" || op.http.request_uri != "/" || op.http.response_code != 200).then(|| {
        let (method, uri) = (&op.http.method, &op.http.request_uri);
        let status = (op.http.response_code != 200).then(|| {
            let code = Literal::u16_unsuffixed(op.http.response_code);
            quote!(.with_status(#code))
        });
        quote!(const HTTP: ::botogen_runtime::operation::HttpBinding = ::botogen_runtime::operation::HttpBinding::new(#method, #uri) #status;)
    });
    let streaming_output = op.streaming_output.then(|| {
        quote!(
            const STREAMING_OUTPUT: bool = true;
        )
    });
    let unsigned_payload = op.unsigned_payload.then(|| {
        quote!(
            const UNSIGNED_PAYLOAD: bool = true;
        )
    });
    let unsupported = op
        .unsupported
        .as_ref()
        .map(|why| quote!(const UNSUPPORTED: ::std::option::Option<&'static str> = ::std::option::Option::Some(#why);));
    let idempotency_token = op.idempotency_token.as_ref().map(|field| {
        let field = to_ident(field);
        quote! {
            const IDEMPOTENCY_TOKEN: ::std::option::Option<::botogen_runtime::operation::IdempotencyToken<Self::Input>> =
                ::std::option::Option::Some(::botogen_runtime::operation::IdempotencyToken::new(
                    |input| input.#field.as_deref(),
                    |input, token| input.#field = ::std::option::Option::Some(token),
                ));
        }
    });

    let variants = op.errors.iter().map(|e| {
        let variant = to_ident(&e.variant);
        let ty = type_ref_path(&e.shape);
        let doc = format!(" The service returned `{}`.", e.codes[0]);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let modeled_arms = op.errors.iter().map(|e| {
        let variant = to_ident(&e.variant);
        let ty = type_ref_path(&e.shape);
        let codes = e.codes.iter().map(|c| Literal::string(c));
        quote!(#(#codes)|* => ::std::option::Option::Some(::botogen_runtime::operation::parse_modeled::<#ty>(body, meta).map(Self::#variant)),)
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
    let retryable_arms: Vec<_> = op
        .errors
        .iter()
        .filter_map(|e| {
            let variant = to_ident(&e.variant);
            e.retryable.map(|throttling| quote!(Self::#variant(_) => ::std::option::Option::Some(#throttling),))
        })
        .collect();
    let retryable = (!retryable_arms.is_empty()).then(|| {
        quote! {
            fn retryable(&self) -> ::std::option::Option<bool> {
                match self {
                    #(#retryable_arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    });
    let error_doc = format!(" The errors `{wire}` can return: the ones the model lists, and any other.");
    let paginated = op.paginator.as_ref().map(|p| super::paginators::paginated_impl(op, p));

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
            #http
            #streaming_output
            #unsigned_payload
            #unsupported
            #compression
            #idempotency_token
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
            fn modeled(#code_param: &str, #body_param: &mut dyn ::botogen_runtime::shape::ShapeReader, #meta_param: &::botogen_runtime::ErrorMetadata) -> ::std::option::Option<::std::result::Result<Self, ::botogen_runtime::shape::ReadError>> {
                #modeled_body
            }

            fn unhandled(meta: ::botogen_runtime::ErrorMetadata) -> Self {
                Self::Unhandled(meta)
            }

            #retryable
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

        #paginated
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
    let input = if args.is_empty() { quote!(_input) } else { quote!(input) };
    quote! {
        fn host_prefix(#input: &Self::Input) -> ::std::result::Result<::std::option::Option<::std::string::String>, ::botogen_runtime::BuildError> {
            ::std::result::Result::Ok(::std::option::Option::Some(::std::format!(#template, #(#args),*)))
        }
    }
}
