//! Tokens for member types and the wire codecs they need.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident::to_ident;
use crate::ir::{MemberIr, TimestampFormat, TypeIr};

/// The Rust type of `ty`, with full paths so model names cannot shadow std ones.
pub fn rust_type(ty: &TypeIr) -> TokenStream {
    match ty {
        TypeIr::String => quote!(::std::string::String),
        TypeIr::Bool => quote!(bool),
        TypeIr::I32 => quote!(i32),
        TypeIr::I64 => quote!(i64),
        TypeIr::F32 => quote!(f32),
        TypeIr::F64 => quote!(f64),
        TypeIr::DateTime(_) => quote!(::botogen_runtime::DateTime),
        TypeIr::Blob => quote!(::botogen_runtime::Blob),
        TypeIr::Document => quote!(::botogen_runtime::Document),
        TypeIr::Named { module, name } => {
            let module = to_ident(module.name());
            let name = to_ident(name);
            quote!(crate::#module::#name)
        }
        TypeIr::List(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeIr::Map(key, value) => {
            let (key, value) = (rust_type(key), rust_type(value));
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// A member's type as its field holds it: boxed and/or optional as the IR says.
pub fn field_type(member: &MemberIr) -> TokenStream {
    let ty = boxed_type(member);
    if member.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

/// A member's type, boxed where a cycle passes, but never optional.
pub fn boxed_type(member: &MemberIr) -> TokenStream {
    let ty = rust_type(&member.ty);
    if member.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// The codec a value of `ty` needs on the JSON wire, or `None` when its own serde is right.
pub fn codec(ty: &TypeIr) -> Option<TokenStream> {
    match ty {
        TypeIr::DateTime(Some(TimestampFormat::Iso8601)) => Some(quote!(::botogen_runtime::wire::Rfc3339)),
        TypeIr::DateTime(Some(TimestampFormat::Rfc822)) => Some(quote!(::botogen_runtime::wire::HttpDate)),
        TypeIr::F32 | TypeIr::F64 => Some(quote!(::botogen_runtime::wire::Float)),
        TypeIr::List(inner) => codec(inner).map(|c| quote!(::botogen_runtime::wire::List<#c>)),
        TypeIr::Map(_, value) => codec(value).map(|c| quote!(::botogen_runtime::wire::Map<#c>)),
        _ => None,
    }
}

/// The codec of a member value (not its `Option`), boxed where the member is.
pub fn member_codec(member: &MemberIr) -> Option<TokenStream> {
    codec(&member.ty).map(|c| if member.boxed { quote!(::botogen_runtime::wire::Boxed<#c>) } else { c })
}

/// The codec as a type path, `Plain` when the type's own serde serves.
pub fn member_codec_or_plain(member: &MemberIr) -> TokenStream {
    member_codec(member).unwrap_or_else(|| quote!(::botogen_runtime::wire::Plain))
}
