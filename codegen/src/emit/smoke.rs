//! `tests/smoke.rs`: every operation driven once without I/O, and every structure with
//! sensitive members checked for leaks.

use proc_macro2::TokenStream;
use quote::quote;

use super::service::ProtocolEmitter;
use crate::ident::to_ident;
use crate::ir::{CrateIr, HostPart, Location, OperationIr, TypeIr};

/// `tests/smoke.rs`: every operation's request builder and response parser, exercised
/// once with a minimal input, an empty response and each modeled error.
/// Statements that set every host-label and URI-label string member of `input` to a
/// valid label, without which a generated input is refused before its request is built.
pub(super) fn label_assignments(ir: &CrateIr, op: &OperationIr) -> Vec<TokenStream> {
    let mut fields: Vec<(String, bool)> = op
        .host_prefix
        .iter()
        .flatten()
        .filter_map(|part| match part {
            HostPart::Label { field, required, .. } => Some((field.clone(), *required)),
            HostPart::Literal(_) => None,
        })
        .collect();
    let input = op.input.as_ref().and_then(|r| ir.shapes.iter().find(|s| s.module == r.module && s.rust_name == r.name));
    if let Some(crate::ir::ShapeKind::Struct(s)) = input.map(|s| &s.kind) {
        let uri_label = |m: &&crate::ir::MemberIr| matches!(m.wire.location.get(), Location::Label | Location::GreedyLabel);
        for m in s.members.iter().filter(uri_label).filter(|m| m.ty == TypeIr::String) {
            if !fields.iter().any(|(f, _)| *f == m.rust_name) {
                fields.push((m.rust_name.clone(), m.required));
            }
        }
    }
    fields
        .into_iter()
        .map(|(field, required)| {
            let field = to_ident(&field);
            if required {
                quote!(input.#field = "label".into();)
            } else {
                quote!(input.#field = ::std::option::Option::Some("label".into());)
            }
        })
        .collect()
}

pub fn smoke_tests(ir: &CrateIr, protocol: &dyn ProtocolEmitter) -> TokenStream {
    let crate_ident = to_ident(&ir.crate_name);
    let tests = ir.operations.iter().map(|op| {
        let test = to_ident(&op.fn_name);
        let marker = to_ident(&op.rust_name);
        let error = to_ident(&op.error_name);
        let checks = protocol.smoke_checks(op);
        let input = match &op.input {
            Some(r) => {
                let (module, name) = (to_ident(r.module.name()), to_ident(&r.name));
                quote!(<#crate_ident::#module::#name as ::botogen_runtime::correction::ErrorCorrection>::correction_default())
            }
            None => quote!(::botogen_runtime::operation::EmptyInput {}),
        };
        let labels = label_assignments(ir, op);
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
                let request = exercise::<#marker>(&input);
                #checks
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
        fn exercise<O: ::botogen_runtime::Operation>(input: &O::Input) -> ::botogen_runtime::operation::HttpRequest {
            let request = O::build_request(input, &endpoint()).unwrap();
            let output = O::parse_response(&response(200, "{}")).unwrap();
            assert_eq!(::botogen_runtime::RequestId::request_id(&output), ::std::option::Option::Some("smoke"));
            request
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
