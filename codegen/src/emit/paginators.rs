//! `impl Paginated` for the operations `paginators-1.json` pages: how to carry the token
//! from a response to the next request, and which items a page holds.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rust_type;
use crate::ident::to_ident;
use crate::ir::{FieldStep, OperationIr, PaginatorIr, TypeIr};

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
pub(super) fn paginated_impl(op: &OperationIr, paginator: &PaginatorIr) -> TokenStream {
    let marker = to_ident(&op.rust_name);
    let token_field = to_ident(&paginator.input_token.field);
    let set_token = if paginator.input_token.required {
        quote!(input.#token_field = token.unwrap_or_default();)
    } else {
        quote!(input.#token_field = token;)
    };
    let next_token = borrow_path(&paginator.output_token);
    let token_type = rust_type(&paginator.token_type);
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
    let (item, items) = match &paginator.result_key {
        None => (
            quote!(::std::convert::Infallible),
            quote!({
                let _ = output;
                ::std::vec::Vec::new()
            }),
        ),
        Some(key) => {
            let path = owned_path(&key.path);
            let items = if key.is_list { quote!(#path.unwrap_or_default()) } else { quote!(#path.into_iter().collect()) };
            (rust_type(&key.item), items)
        }
    };
    let doc = (!paginator.other_result_keys.is_empty()).then(|| {
        let doc = format!(
            " `items()` yields the model's first result key; {} stay on the pages.",
            paginator.other_result_keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        );
        quote!(#[doc = #doc])
    });
    quote! {
        #doc
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
