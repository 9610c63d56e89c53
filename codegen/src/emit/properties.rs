//! `tests/roundtrip.rs` of a generated crate: property tests that every structure, enum
//! and union survives the wire, that unknown enum values and union members are kept,
//! and that every operation's request body and response read back as what was sent.
//!
//! One strategy function per shape; the values and checks come from
//! `botogen_runtime::strategies`, so this file only names types and fields.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ident::to_ident;
use crate::ir::{CrateIr, MemberIr, Module, ShapeIr, ShapeKind, TimestampFormat, TypeIr};

/// proptest implements `Strategy` for tuples of up to 12; wider structures nest.
const TUPLE_WIDTH: usize = 10;

/// Which generated types can hold others, and so must stop at a depth.
struct Kinds<'a> {
    ir: &'a CrateIr,
    by_name: BTreeMap<(Module, &'a str), &'a ShapeIr>,
}

impl<'a> Kinds<'a> {
    fn new(ir: &'a CrateIr) -> Self {
        Kinds { ir, by_name: ir.shapes.iter().map(|s| ((s.module, s.rust_name.as_str()), s)).collect() }
    }

    fn shape(&self, module: Module, name: &str) -> Option<&'a ShapeIr> {
        self.by_name.get(&(module, name)).copied()
    }

    /// Whether values of `ty` can contain structures or unions (and so, maybe, themselves).
    fn nests(&self, ty: &TypeIr) -> bool {
        match ty {
            TypeIr::Named { module, name } => self.shape(*module, name).is_some_and(|s| !matches!(s.kind, ShapeKind::Enum(_))),
            TypeIr::List(inner) => self.nests(inner),
            TypeIr::Map(key, value) => self.nests(key) || self.nests(value),
            _ => false,
        }
    }
}

fn strategies() -> TokenStream {
    quote!(::botogen_runtime::strategies)
}

fn type_path(crate_ident: &proc_macro2::Ident, module: Module, name: &str) -> TokenStream {
    super::types::type_path(&quote!(#crate_ident), module, name)
}

/// The strategy function of a shape: `arb_types_session`.
fn arb_fn(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("arb_{}_{}", shape.module.name(), shape.file_stem.trim_start_matches("r#"))
}

/// A strategy for `ty`; `depth` is the expression nested structures get.
fn type_strategy(kinds: &Kinds, crate_ident: &proc_macro2::Ident, ty: &TypeIr, depth: &TokenStream) -> TokenStream {
    let s = strategies();
    match ty {
        TypeIr::String => quote!(#s::string()),
        TypeIr::Bool => quote!(#s::boolean()),
        TypeIr::I32 => quote!(#s::int32()),
        TypeIr::I64 => quote!(#s::int64()),
        TypeIr::F32 => quote!(#s::float32()),
        TypeIr::F64 => quote!(#s::float64()),
        TypeIr::DateTime(Some(TimestampFormat::Iso8601)) => quote!(#s::rfc3339()),
        TypeIr::DateTime(Some(TimestampFormat::Rfc822)) => quote!(#s::http_date()),
        TypeIr::DateTime(_) => quote!(#s::epoch_seconds()),
        TypeIr::Blob => quote!(#s::blob()),
        TypeIr::Stream => quote!(#s::byte_stream()),
        TypeIr::Document => quote!(#s::document()),
        TypeIr::Named { module, name } => match kinds.shape(*module, name) {
            Some(shape) if !matches!(shape.kind, ShapeKind::Enum(_)) => {
                let f = arb_fn(shape);
                quote!(#f(#depth))
            }
            _ => {
                let path = type_path(crate_ident, *module, name);
                quote!(#s::enum_value::<#path>(#path::VALUES))
            }
        },
        TypeIr::List(inner) => {
            let inner = type_strategy(kinds, crate_ident, inner, depth);
            quote!(#s::list(#inner))
        }
        TypeIr::Map(key, value) => {
            let (key, value) = (type_strategy(kinds, crate_ident, key, depth), type_strategy(kinds, crate_ident, value, depth));
            quote!(#s::map(#key, #value))
        }
    }
}

/// A strategy for the value a structure member or union variant holds: as [`type_strategy`],
/// except that a document is never `null`, which AWS JSON reads as an unset member.
fn member_value_strategy(kinds: &Kinds, crate_ident: &proc_macro2::Ident, member: &MemberIr, depth: &TokenStream) -> TokenStream {
    match member.ty {
        TypeIr::Document => {
            let s = strategies();
            quote!(#s::member_document())
        }
        _ => type_strategy(kinds, crate_ident, &member.ty, depth),
    }
}

/// A strategy for a member's field: boxed and optional as the field is. Members that nest
/// stop at depth 0: optional ones are `None`, lists and maps empty; a required structure
/// goes on at depth 0, since models have no cycle of required members only.
fn member_strategy(kinds: &Kinds, crate_ident: &proc_macro2::Ident, member: &MemberIr) -> TokenStream {
    let s = strategies();
    let full = |depth: TokenStream| {
        let base = member_value_strategy(kinds, crate_ident, member, &depth);
        let base = if member.boxed { quote!(#s::boxed(#base)) } else { base };
        if member.required {
            base
        } else {
            quote!(#s::optional(#base))
        }
    };
    if !kinds.nests(&member.ty) {
        return full(quote!(0));
    }
    let empty = match (&member.ty, member.required) {
        (_, false) => quote!(::std::option::Option::None),
        (TypeIr::List(_), true) => quote!(::std::vec::Vec::new()),
        (TypeIr::Map(..), true) => quote!(::std::collections::BTreeMap::new()),
        _ => return full(quote!(depth.saturating_sub(1))),
    };
    let deeper = full(quote!(depth));
    quote!(#s::nested(depth, #empty, |depth| #deeper))
}

/// Nests `(strategy, binding)` pairs into tuples proptest accepts; returns the tuple
/// strategy and the pattern that takes it apart.
fn tuple_tree(mut items: Vec<(TokenStream, TokenStream)>) -> (TokenStream, TokenStream) {
    while items.len() > TUPLE_WIDTH {
        items = items
            .chunks(TUPLE_WIDTH)
            .map(|chunk| {
                let (strategies, patterns): (Vec<_>, Vec<_>) = chunk.iter().cloned().unzip();
                (quote!((#(#strategies,)*)), quote!((#(#patterns,)*)))
            })
            .collect();
    }
    let (strategies, patterns): (Vec<_>, Vec<_>) = items.into_iter().unzip();
    (quote!((#(#strategies,)*)), quote!((#(#patterns,)*)))
}

fn shape_strategy_fn(kinds: &Kinds, crate_ident: &proc_macro2::Ident, shape: &ShapeIr) -> Option<TokenStream> {
    let f = arb_fn(shape);
    let path = type_path(crate_ident, shape.module, &shape.rust_name);
    let body = match &shape.kind {
        ShapeKind::Enum(_) => return None,
        ShapeKind::Struct(st) if st.members.is_empty() => quote! {
            ::proptest::strategy::Strategy::boxed(::proptest::strategy::Just(
                <#path as ::botogen_runtime::correction::ErrorCorrection>::correction_default(),
            ))
        },
        ShapeKind::Struct(st) => {
            let items: Vec<(TokenStream, TokenStream)> = st
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let binding = format_ident!("m{i}");
                    (member_strategy(kinds, crate_ident, m), quote!(#binding))
                })
                .collect();
            let (strategy, pattern) = tuple_tree(items);
            let assignments = st.members.iter().enumerate().map(|(i, m)| {
                let (binding, field) = (format_ident!("m{i}"), to_ident(&m.rust_name));
                quote!(value.#field = #binding;)
            });
            quote! {
                ::proptest::strategy::Strategy::boxed(::proptest::strategy::Strategy::prop_map(#strategy, |#pattern| {
                    let mut value = <#path as ::botogen_runtime::correction::ErrorCorrection>::correction_default();
                    #(#assignments)*
                    value
                }))
            }
        }
        ShapeKind::Union(u) => {
            let variant = |m: &MemberIr, depth: TokenStream| {
                let base = member_value_strategy(kinds, crate_ident, m, &depth);
                let name = to_ident(&m.rust_name);
                let wrap = if m.boxed { quote!(|v| #path::#name(::std::boxed::Box::new(v))) } else { quote!(#path::#name) };
                quote!(::proptest::strategy::Strategy::boxed(::proptest::strategy::Strategy::prop_map(#base, #wrap)))
            };
            let deeper: Vec<TokenStream> = u.members.iter().map(|m| variant(m, quote!(depth - 1))).collect();
            let flat: Vec<TokenStream> = u.members.iter().filter(|m| !kinds.nests(&m.ty)).map(|m| variant(m, quote!(0))).collect();
            let at_zero = if flat.is_empty() { u.members.iter().map(|m| variant(m, quote!(0))).collect() } else { flat };
            quote! {
                let variants: ::std::vec::Vec<::proptest::strategy::BoxedStrategy<#path>> =
                    if depth == 0 { ::std::vec![#(#at_zero),*] } else { ::std::vec![#(#deeper),*] };
                ::proptest::strategy::Strategy::boxed(::proptest::strategy::Union::new(variants))
            }
        }
    };
    Some(quote! {
        #[allow(unused_variables)]
        fn #f(depth: u32) -> ::proptest::strategy::BoxedStrategy<#path> {
            #body
        }
    })
}

fn shape_test(crate_ident: &proc_macro2::Ident, shape: &ShapeIr) -> TokenStream {
    let s = strategies();
    let path = type_path(crate_ident, shape.module, &shape.rust_name);
    let test = format_ident!("{}_{}", shape.module.name(), shape.file_stem.trim_start_matches("r#"));
    let label = format!("{}::{}", shape.module.name(), shape.rust_name);
    let body = match &shape.kind {
        ShapeKind::Enum(_) => {
            let unknown = format!("{label} unknown values");
            quote! {
                #s::check(#label, #s::enum_value::<#path>(#path::VALUES), |value| #s::roundtrip(&value));
                #s::check(#unknown, #s::string(), #s::unknown_enum_value::<#path>);
            }
        }
        ShapeKind::Union(u) => {
            let f = arb_fn(shape);
            let unknown = format!("{label} unknown members");
            let known = u.members.iter().map(|m| m.wire_name.as_str());
            quote! {
                #s::check(#label, #f(#s::DEPTH), |value| #s::roundtrip(&value));
                #s::check(#unknown, #s::string(), |name| {
                    #s::unknown_union_member::<#path>(name, &[#(#known),*], |value| match value {
                        #path::Unknown(name) => ::std::option::Option::Some(name.as_str()),
                        _ => ::std::option::Option::None,
                    })
                });
            }
        }
        ShapeKind::Struct(_) => {
            let f = arb_fn(shape);
            quote!(#s::check(#label, #f(#s::DEPTH), |value| #s::roundtrip(&value));)
        }
    };
    quote! {
        #[test]
        fn #test() {
            #body
        }
    }
}

fn operation_test(kinds: &Kinds, crate_ident: &proc_macro2::Ident, op: &crate::ir::OperationIr) -> Option<TokenStream> {
    let s = strategies();
    let marker = to_ident(&op.rust_name);
    let input = op.input.as_ref().and_then(|r| kinds.shape(r.module, &r.name)).map(|shape| {
        let f = arb_fn(shape);
        let label = format!("{} request", op.wire_name);
        let labels = super::smoke::label_assignments(kinds.ir, op);
        let strategy = if labels.is_empty() {
            quote!(#f(#s::DEPTH))
        } else {
            quote!(::proptest::strategy::Strategy::prop_map(#f(#s::DEPTH), |mut input| { #(#labels)* input }))
        };
        quote!(#s::check(#label, #strategy, #s::operation_input::<#crate_ident::operation::#marker>);)
    });
    let output = op.output.as_ref().and_then(|r| kinds.shape(r.module, &r.name)).map(|shape| {
        let f = arb_fn(shape);
        let label = format!("{} response", op.wire_name);
        quote!(#s::check(#label, #f(#s::DEPTH), #s::operation_output::<#crate_ident::operation::#marker>);)
    });
    if input.is_none() && output.is_none() {
        return None;
    }
    let test = format_ident!("operation_{}", op.file_stem.trim_start_matches("r#"));
    Some(quote! {
        #[test]
        fn #test() {
            #input
            #output
        }
    })
}

/// The whole file.
pub fn property_tests(ir: &CrateIr) -> TokenStream {
    let kinds = Kinds::new(ir);
    let crate_ident = to_ident(&ir.crate_name);
    let strategies = ir.shapes.iter().filter_map(|shape| shape_strategy_fn(&kinds, &crate_ident, shape));
    let shape_tests = ir.shapes.iter().map(|shape| shape_test(&crate_ident, shape));
    let operation_tests = ir.operations.iter().filter_map(|op| operation_test(&kinds, &crate_ident, op));
    quote! {
        //! Property tests: every structure, enum and union of the model survives the wire;
        //! enum values and union members the model does not know are kept; every
        //! operation's request body and response read back as what was sent. Values come
        //! from `botogen_runtime::strategies`; runs are deterministic (see its docs).
        #![allow(deprecated)]

        #(#strategies)*
        #(#shape_tests)*
        #(#operation_tests)*
    }
}
