//! Tokens for member types, and the one helper that writes a generated type's path.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident::to_ident;
use crate::ir::{MemberIr, Module, TypeIr, TypeRef};

/// `root::module::Name`: a generated type, from inside its crate (`root` = `crate`) or
/// from a test of it (the crate's name).
pub fn type_path(root: &TokenStream, module: Module, name: &str) -> TokenStream {
    let module = to_ident(module.name());
    let name = to_ident(name);
    quote!(#root::#module::#name)
}

/// The path of a type an operation names, from inside the crate.
pub fn type_ref_path(r: &TypeRef) -> TokenStream {
    type_path(&quote!(crate), r.module, &r.name)
}

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
        TypeIr::Stream => quote!(::botogen_runtime::ByteStream),
        TypeIr::Document => quote!(::botogen_runtime::Document),
        TypeIr::Named { module, name } => type_path(&quote!(crate), *module, name),
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
