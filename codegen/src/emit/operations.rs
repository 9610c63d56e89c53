//! One file per operation: a unit struct implementing the runtime's `Operation`, and the
//! operation's error enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::format::doc_attrs;
use super::shapes::deprecated_attr;
use crate::ident::to_ident;
use crate::ir::{CrateIr, FieldStep, HostPart, OperationIr, PaginatorIr, ProtocolIr, TypeIr, TypeRef};

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
    let idempotency_token = op.idempotency_token.as_ref().map(|field| {
        let field = to_ident(field);
        quote! {
            const IDEMPOTENCY_TOKEN: ::std::option::Option<::botogen_runtime::operation::IdempotencyToken<Self::Input>> =
                ::std::option::Option::Some(::botogen_runtime::operation::IdempotencyToken {
                    get: |input| input.#field.as_deref(),
                    set: |input, token| input.#field = ::std::option::Option::Some(token),
                });
        }
    });

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
    let paginated = op.paginator.as_ref().map(|p| paginated_impl(op, p));

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
            fn modeled<'de, D: ::serde::Deserializer<'de>>(#code_param: &str, #body_param: D, #meta_param: &::botogen_runtime::ErrorMetadata) -> ::std::option::Option<::std::result::Result<Self, D::Error>> {
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

/// A borrowed path: `Some(&output)` through optional and boxed steps.
fn borrow_path(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote!(::std::option::Option::Some(output));
    for step in steps {
        let field = to_ident(&step.field);
        expr = match (step.required, step.boxed) {
            (true, false) => quote!(#expr.map(|v| &v.#field)),
            (true, true) => quote!(#expr.map(|v| &*v.#field)),
            (false, false) => quote!(#expr.and_then(|v| v.#field.as_ref())),
            (false, true) => quote!(#expr.and_then(|v| v.#field.as_deref())),
        };
        if step.last {
            expr = quote!(#expr.and_then(|v| v.last()));
        }
    }
    expr
}

/// An owned path: `Some(output)` moved through optional and boxed steps.
fn owned_path(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote!(::std::option::Option::Some(output));
    for step in steps {
        let field = to_ident(&step.field);
        expr = match (step.required, step.boxed) {
            (true, false) => quote!(#expr.map(|v| v.#field)),
            (true, true) => quote!(#expr.map(|v| *v.#field)),
            (false, false) => quote!(#expr.and_then(|v| v.#field)),
            (false, true) => quote!(#expr.and_then(|v| v.#field).map(|v| *v)),
        };
        if step.last {
            expr = quote!(#expr.and_then(|v| v.into_iter().last()));
        }
    }
    expr
}

/// `impl Paginated`, for operations `paginators-1.json` pages.
fn paginated_impl(op: &OperationIr, paginator: &PaginatorIr) -> TokenStream {
    let marker = to_ident(&op.rust_name);
    let token_field = to_ident(&paginator.input_token.field);
    let set_token = if paginator.input_token.required {
        quote!(input.#token_field = token.unwrap_or_default();)
    } else {
        quote!(input.#token_field = token;)
    };
    let next_token = borrow_path(&paginator.output_token);
    let token_type = super::types::rust_type(&paginator.token_type);
    let page_size = paginator.limit_key.as_ref().map(|(step, ty)| {
        let field = to_ident(&step.field);
        let value = if *ty == TypeIr::I64 { quote!(i64::from(size)) } else { quote!(size) };
        let value = if step.required { value } else { quote!(::std::option::Option::Some(#value)) };
        quote! {
            fn set_page_size(input: &mut Self::Input, size: i32) {
                input.#field = #value;
            }
        }
    });
    let more_results = paginator.more_results.as_ref().map(|steps| {
        let path = borrow_path(steps);
        quote! {
            fn more_results(output: &Self::Output) -> bool {
                #path.copied().unwrap_or(false)
            }
        }
    });
    let (item, items, item_enum) = match (paginator.result_keys.as_slice(), &paginator.item_enum) {
        ([], _) => (quote!(::std::convert::Infallible), quote!({ let _ = output; ::std::vec::Vec::new() }), quote!()),
        ([key], _) => {
            let path = owned_path(&key.path);
            let items = if key.is_list { quote!(#path.unwrap_or_default()) } else { quote!(#path.into_iter().collect()) };
            (super::types::rust_type(&key.item), items, quote!())
        }
        (keys, Some(name)) => {
            let name = to_ident(name);
            let variants = keys.iter().map(|k| {
                let variant = to_ident(&k.variant);
                let ty = super::types::rust_type(&k.item);
                quote!(#variant(#ty),)
            });
            // Each key's path moves out of its own clone: the keys may share a parent.
            let collect = keys.iter().map(|k| {
                let variant = to_ident(&k.variant);
                let path = owned_path(&k.path);
                let values = if k.is_list { quote!(#path.unwrap_or_default()) } else { quote!(#path.into_iter().collect::<::std::vec::Vec<_>>()) };
                quote!(items.extend({ let output = output.clone(); #values }.into_iter().map(#name::#variant));)
            });
            let doc = format!(" An item of a `{}` page: the model names several result keys.", op.wire_name);
            (
                quote!(#name),
                quote!({
                    let mut items = ::std::vec::Vec::new();
                    #(#collect)*
                    items
                }),
                quote! {
                    #[doc = #doc]
                    #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
                    #[non_exhaustive]
                    pub enum #name {
                        #(#variants)*
                    }
                },
            )
        }
        (_, None) => (quote!(::std::convert::Infallible), quote!(::std::vec::Vec::new()), quote!()),
    };
    quote! {
        #item_enum

        #[cfg(feature = "client")]
        impl ::botogen_runtime::paginate::Paginated for #marker {
            type Item = #item;
            type Token = #token_type;

            fn set_token(input: &mut Self::Input, token: ::std::option::Option<Self::Token>) {
                #set_token
            }

            fn next_token(output: &Self::Output) -> ::std::option::Option<&Self::Token> {
                #next_token
            }

            #page_size
            #more_results

            fn items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {
                #items
            }
        }
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

/// `src/client.rs`: one async method per operation over the runtime's `Handle`.
pub fn client_items(ir: &CrateIr) -> TokenStream {
    let methods = ir.operations.iter().map(|op| {
        let method = to_ident(&op.fn_name);
        let marker = to_ident(&op.rust_name);
        let error = to_ident(&op.error_name);
        let output = op.output.as_ref().map_or_else(|| quote!(::botogen_runtime::operation::EmptyOutput), type_path);
        let docs = doc_attrs(&op.docs);
        let deprecated = deprecated_attr(&op.deprecated);
        let (param, arg) = match &op.input {
            Some(input) => {
                let ty = type_path(input);
                (quote!(input: #ty), quote!(&input))
            }
            None => (quote!(), quote!(&::botogen_runtime::operation::EmptyInput {})),
        };
        let pages = op.paginator.as_ref().zip(op.input.as_ref()).map(|(_, input)| {
            let pages_method = quote::format_ident!("{}_pages", op.fn_name.trim_start_matches("r#"));
            let ty = type_path(input);
            let doc = format!(" Every page of `{}`, following its pagination token; `.items()` for the items.", op.fn_name);
            quote! {
                #[doc = #doc]
                #deprecated
                pub fn #pages_method(&self, input: #ty) -> ::botogen_runtime::paginate::Pages<crate::operation::#marker> {
                    ::botogen_runtime::paginate::Pages::new(self.handle.clone(), input)
                }
            }
        });
        quote! {
            #docs
            #deprecated
            pub async fn #method(&self, #param) -> ::std::result::Result<#output, ::botogen_runtime::SdkError<crate::operation::#error>> {
                self.handle.call::<crate::operation::#marker>(#arg).await
            }

            #pages
        }
    });
    let waiters = ir.waiters.iter().map(|w| waiter_methods(ir, w));
    let doc = format!(" A client for {}: one method per operation, each signed, sent and parsed.", ir.service.full_name);
    quote! {
        //! The async client.

        #[doc = #doc]
        ///
        /// Inputs are built with `new` from their required members, then `with_*` for the
        /// optional ones, so a required member cannot be left out.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: ::botogen_runtime::client::Handle,
        }

        impl Client {
            /// A client with these settings.
            pub fn new(config: &::botogen_runtime::client::Config) -> ::std::result::Result<Self, ::botogen_runtime::client::ConfigError> {
                ::std::result::Result::Ok(Self { handle: ::botogen_runtime::client::Handle::new(&crate::SERVICE, config)? })
            }

            /// A client configured from the environment: the standard credential chain,
            /// `AWS_REGION` or the profile's region, and `AWS_ENDPOINT_URL` if set.
            pub fn from_env() -> ::std::result::Result<Self, ::botogen_runtime::client::ConfigError> {
                Self::new(&::botogen_runtime::client::Config::from_env()?)
            }

            /// The underlying handle: endpoint, credentials, HTTP client.
            pub fn handle(&self) -> &::botogen_runtime::client::Handle {
                &self.handle
            }

            #(#methods)*
            #(#waiters)*
        }
    }
}

/// `wait_until_<name>` with the model's timing, and `…_with` to choose it.
fn waiter_methods(ir: &CrateIr, waiter: &crate::ir::WaiterIr) -> TokenStream {
    let op = &ir.operations[waiter.operation];
    let marker = to_ident(&op.rust_name);
    let error = to_ident(&op.error_name);
    let (Some(input), Some(output)) = (&op.input, &op.output) else { return quote!() };
    let (input, output) = (type_path(input), type_path(output));
    let method = to_ident(&waiter.fn_name);
    let method_with = quote::format_ident!("{}_with", waiter.fn_name);
    let name = &waiter.name;
    let (delay, attempts) = (waiter.delay_secs, waiter.max_attempts);
    let acceptors = waiter.acceptors.iter().map(|a| {
        let state = match a.state.as_str() {
            "success" => quote!(Success),
            "failure" => quote!(Failure),
            _ => quote!(Retry),
        };
        let expected = match &a.expected {
            serde_json::Value::String(s) => quote!(::botogen_runtime::waiter::Expected::Str(#s)),
            serde_json::Value::Bool(b) => quote!(::botogen_runtime::waiter::Expected::Bool(#b)),
            other => {
                let n = other.as_i64().unwrap_or_default();
                quote!(::botogen_runtime::waiter::Expected::Int(#n))
            }
        };
        let argument = a.argument.clone().unwrap_or_default();
        let matcher = match a.matcher.as_str() {
            "path" => quote!(Path(#argument, #expected)),
            "pathAll" => quote!(PathAll(#argument, #expected)),
            "pathAny" => quote!(PathAny(#argument, #expected)),
            "status" => {
                let status = a.expected.as_u64().unwrap_or_default() as u16;
                quote!(Status(#status))
            }
            _ => quote!(Error(#expected)),
        };
        quote! {
            ::botogen_runtime::waiter::Acceptor {
                state: ::botogen_runtime::waiter::State::#state,
                matcher: ::botogen_runtime::waiter::Matcher::#matcher,
            }
        }
    });
    let doc = format!(
        " Waits until `{name}`: calls `{}` every {delay} s, at most {attempts} times. `Ok(Some(output))` on\n success, `Ok(None)` when success is an expected error.",
        op.fn_name
    );
    let doc_lines = doc.split('\n').map(|l| l.to_string());
    let doc_with = format!(" `{}`, with your own delay, attempts and bound on the whole wait.", waiter.fn_name);
    quote! {
        #(#[doc = #doc_lines])*
        pub async fn #method(
            &self,
            input: #input,
        ) -> ::std::result::Result<::std::option::Option<#output>, ::botogen_runtime::waiter::WaiterError<crate::operation::#error>> {
            self.#method_with(input, ::botogen_runtime::waiter::WaiterConfig::new(::std::time::Duration::from_secs(#delay), #attempts)).await
        }

        #[doc = #doc_with]
        pub async fn #method_with(
            &self,
            input: #input,
            config: ::botogen_runtime::waiter::WaiterConfig,
        ) -> ::std::result::Result<::std::option::Option<#output>, ::botogen_runtime::waiter::WaiterError<crate::operation::#error>> {
            const ACCEPTORS: &[::botogen_runtime::waiter::Acceptor] = &[#(#acceptors),*];
            ::botogen_runtime::waiter::wait::<crate::operation::#marker>(&self.handle, &input, #name, ACCEPTORS, config).await
        }
    }
}

/// `tests/smoke.rs`: every operation's request builder and response parser, exercised
/// once with a minimal input, an empty response and each modeled error.
/// Statements that set every host-label member of `input` to a valid DNS label, without
/// which a generated input is refused before its request is built.
pub(super) fn label_assignments(op: &OperationIr) -> Vec<TokenStream> {
    op.host_prefix
        .iter()
        .flatten()
        .filter_map(|part| match part {
            HostPart::Label { field, required, .. } => {
                let field = to_ident(field);
                Some(if *required { quote!(input.#field = "label".into();) } else { quote!(input.#field = ::std::option::Option::Some("label".into());) })
            }
            HostPart::Literal(_) => None,
        })
        .collect()
}

pub fn smoke_tests(ir: &CrateIr) -> TokenStream {
    let crate_ident = to_ident(&ir.crate_name);
    let (target_prefix, _) = protocol_emitter(&ir.protocol).service_fields();
    let tests = ir.operations.iter().map(|op| {
        let test = to_ident(&op.fn_name);
        let marker = to_ident(&op.rust_name);
        let error = to_ident(&op.error_name);
        let target = format!("{target_prefix}.{}", op.wire_name);
        let input = match &op.input {
            Some(r) => {
                let (module, name) = (to_ident(r.module.name()), to_ident(&r.name));
                quote!(<#crate_ident::#module::#name as ::botogen_runtime::correction::ErrorCorrection>::correction_default())
            }
            None => quote!(::botogen_runtime::operation::EmptyInput {}),
        };
        let labels = label_assignments(op);
        let mutable = !labels.is_empty();
        let binding = if mutable { quote!(let mut input) } else { quote!(let input) };
        let errors = op.errors.iter().map(|e| {
            let variant = to_ident(&e.variant);
            let body = format!("{{\"__type\":\"{}\",\"message\":\"smoke\"}}", e.codes[0]);
            quote! {
                let err = #marker::parse_response(&response(400, #body)).unwrap_err();
                assert!(matches!(&err.service_error().unwrap().err, #crate_ident::operation::#error::#variant(_)), "{err:?}");
            }
        });
        quote! {
            #[test]
            fn #test() {
                #binding = #input;
                #(#labels)*
                exercise::<#marker>(&input, #target);
                let err = #marker::parse_response(&response(500, "{\"__type\":\"SmokeUnmodeled\"}")).unwrap_err();
                assert!(matches!(&err.service_error().unwrap().err, #crate_ident::operation::#error::Unhandled(_)), "{err:?}");
                #(#errors)*
            }
        }
    });
    let markers = ir.operations.iter().map(|op| to_ident(&op.rust_name));
    let secrets = secret_tests(ir);
    quote! {
        //! One smoke test per operation: the request builder and the response and error
        //! parsers, driven without I/O.
        #![allow(deprecated)]

        use ::botogen_runtime::Operation as _;
        use #crate_ident::operation::{#(#markers),*};

        fn endpoint() -> ::botogen_runtime::Endpoint {
            ::botogen_runtime::Endpoint::from_url("https://smoke.example.com").unwrap()
        }

        /// What every operation must do: build its request, and read an empty response
        /// into an output that carries the request id.
        fn exercise<O: ::botogen_runtime::Operation>(input: &O::Input, target: &str) {
            let request = O::build_request(input, &endpoint()).unwrap();
            assert_eq!(request.headers()["x-amz-target"], target);
            assert!(request.body().starts_with(b"{"));
            let output = O::parse_response(&response(200, "{}")).unwrap();
            assert_eq!(::botogen_runtime::RequestId::request_id(&output), ::std::option::Option::Some("smoke"));
        }

        fn response(status: u16, body: &str) -> ::botogen_runtime::operation::HttpResponse {
            ::botogen_runtime::http::Response::builder()
                .status(status)
                .header("x-amzn-RequestId", "smoke")
                .body(body.as_bytes().to_vec())
                .unwrap()
        }

        #(#tests)*

        #secrets
    }
}

/// One test per structure with `sensitive` members: a secret put in each such member
/// must not appear in `Debug`, nor in `Display` for errors.
fn secret_tests(ir: &CrateIr) -> TokenStream {
    const SECRET: &str = "s3cr3t-value-that-must-never-print";
    let crate_ident = to_ident(&ir.crate_name);
    let tests = ir.shapes.iter().filter_map(|shape| {
        let crate::ir::ShapeKind::Struct(s) = &shape.kind else { return None };
        let targets: Vec<&crate::ir::MemberIr> = s.members.iter().filter(|m| m.redact || s.redact_all).collect();
        let assignments: Vec<TokenStream> = targets
            .iter()
            .filter_map(|m| {
                let field = to_ident(&m.rust_name);
                let value = match &m.ty {
                    TypeIr::String => quote!(::std::string::String::from(SECRET)),
                    TypeIr::List(inner) if **inner == TypeIr::String => quote!(::std::vec![::std::string::String::from(SECRET)]),
                    TypeIr::Blob => quote!(::botogen_runtime::Blob::new(SECRET.as_bytes().to_vec())),
                    _ => return None,
                };
                let value = if m.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
                Some(if m.required { quote!(value.#field = #value;) } else { quote!(value.#field = ::std::option::Option::Some(#value);) })
            })
            .collect();
        if assignments.is_empty() {
            return None;
        }
        let module = to_ident(shape.module.name());
        let name = to_ident(&shape.rust_name);
        let test = quote::format_ident!("secrets_stay_out_of_{}", shape.file_stem.trim_start_matches("r#"));
        let shown = if s.is_error {
            quote!(let shown = ::std::format!("{:?} {:#?} {}", value, value, value);)
        } else {
            quote!(let shown = ::std::format!("{:?} {:#?}", value, value);)
        };
        Some(quote! {
            #[test]
            fn #test() {
                let mut value = <#crate_ident::#module::#name as ::botogen_runtime::correction::ErrorCorrection>::correction_default();
                #(#assignments)*
                #shown
                assert!(!shown.contains(SECRET), "a sensitive member leaked: {shown}");
            }
        })
    });
    let tests: Vec<TokenStream> = tests.collect();
    if tests.is_empty() {
        return quote!();
    }
    quote! {
        const SECRET: &str = #SECRET;
        #(#tests)*
    }
}
