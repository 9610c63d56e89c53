//! `src/client.rs`: the async client, with its paginator and waiter methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::format::doc_attrs;
use super::shapes::deprecated_attr;
use super::types::type_ref_path;
use crate::ident::to_ident;
use crate::ir::{AcceptorState, CrateIr, ExpectedIr, MatcherKind};

/// `src/client.rs`: one async method per operation over the runtime's `Handle`.
pub fn client_items(ir: &CrateIr) -> TokenStream {
    let methods = ir.operations.iter().map(|op| {
        let method = to_ident(&op.fn_name);
        let marker = to_ident(&op.rust_name);
        let error = to_ident(&op.error_name);
        let output = op.output.as_ref().map_or_else(|| quote!(::botogen_runtime::operation::EmptyOutput), type_ref_path);
        let docs = doc_attrs(&op.docs);
        let deprecated = deprecated_attr(&op.deprecated);
        let (param, arg) = match &op.input {
            Some(input) => {
                let ty = type_ref_path(input);
                (quote!(input: #ty), quote!(&input))
            }
            None => (quote!(), quote!(&::botogen_runtime::operation::EmptyInput {})),
        };
        let pages = op.paginator.as_ref().zip(op.input.as_ref()).map(|(_, input)| {
            let pages_method = quote::format_ident!("{}_pages", op.fn_name.trim_start_matches("r#"));
            let ty = type_ref_path(input);
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
    let (input, output) = (type_ref_path(input), type_ref_path(output));
    let method = to_ident(&waiter.fn_name);
    let method_with = quote::format_ident!("{}_with", waiter.fn_name);
    let name = &waiter.name;
    let (delay, attempts) = (waiter.delay_secs, waiter.max_attempts);
    let acceptors = waiter.acceptors.iter().map(|a| {
        let state = match a.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let expected = match &a.expected {
            ExpectedIr::Str(s) => quote!(::botogen_runtime::waiter::Expected::Str(#s)),
            ExpectedIr::Bool(b) => quote!(::botogen_runtime::waiter::Expected::Bool(#b)),
            ExpectedIr::Int(n) => quote!(::botogen_runtime::waiter::Expected::Int(#n)),
        };
        let argument = a.argument.clone().unwrap_or_default();
        let matcher = match a.matcher {
            MatcherKind::Path => quote!(Path(#argument, #expected)),
            MatcherKind::PathAll => quote!(PathAll(#argument, #expected)),
            MatcherKind::PathAny => quote!(PathAny(#argument, #expected)),
            MatcherKind::Status => {
                // Lowering checked that a status is a u16.
                let status = match a.expected {
                    ExpectedIr::Int(n) => u16::try_from(n).unwrap_or_default(),
                    _ => 0,
                };
                quote!(Status(#status))
            }
            MatcherKind::Error => quote!(Error(#expected)),
        };
        quote! {
            ::botogen_runtime::waiter::Acceptor::new(
                ::botogen_runtime::waiter::State::#state,
                ::botogen_runtime::waiter::Matcher::#matcher,
            )
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
