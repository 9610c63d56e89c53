//! One Rust item (plus its impls) per shape: structs, string enums and unions.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::format::doc_attrs;
use super::schema::{enum_wire, struct_wire, union_wire};
use super::types::{boxed_type, field_type};
use crate::ident::to_ident;
use crate::ir::{EnumIr, MemberIr, ProtocolIr, ShapeIr, StructIr, TypeIr, UnionIr};

/// The items of one shape's file: the type, its constructors, and its schema.
pub fn shape_items(shape: &ShapeIr, protocol: &ProtocolIr) -> TokenStream {
    match &shape.kind {
        crate::ir::ShapeKind::Struct(s) => {
            let wire = struct_wire(shape, s, protocol);
            let items = struct_items(shape, s);
            quote!(#items #wire)
        }
        crate::ir::ShapeKind::Enum(e) => {
            let wire = enum_wire(shape);
            let items = enum_items(shape, e);
            quote!(#items #wire)
        }
        crate::ir::ShapeKind::Union(u) => {
            let wire = union_wire(shape, u, protocol);
            let items = union_items(shape, u);
            quote!(#items #wire)
        }
    }
}

/// `#[deprecated]`, with the model's note when it has one.
pub(super) fn deprecated_attr(note: &Option<String>) -> TokenStream {
    match note.as_deref() {
        None => quote!(),
        Some("") => quote!(#[deprecated]),
        Some(note) => quote!(#[deprecated(note = #note)]),
    }
}

fn shape_docs(shape: &ShapeIr) -> TokenStream {
    let mut lines = shape.docs.clone();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Shape `{}` in the service model.", shape.wire_name));
    doc_attrs(&lines)
}

/// The parameter type a constructor or setter takes, and how to turn it into the field.
fn param(member: &MemberIr) -> (TokenStream, TokenStream) {
    let name = to_ident(&member.rust_name);
    let (ty, mut value) = match &member.ty {
        TypeIr::String => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(#name.into())),
        other => (super::types::rust_type(other), quote!(#name)),
    };
    if member.boxed {
        value = quote!(::std::boxed::Box::new(#value));
    }
    (ty, value)
}

fn struct_items(shape: &ShapeIr, s: &StructIr) -> TokenStream {
    let name = to_ident(&shape.rust_name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(&shape.deprecated);
    let needs_debug_impl = s.redact_all || s.members.iter().any(|m| m.redact);
    let has_required = s.members.iter().any(|m| m.required);
    let mut derives = vec![quote!(::std::clone::Clone), quote!(::std::cmp::PartialEq)];
    if !needs_debug_impl {
        derives.push(quote!(::std::fmt::Debug));
    }
    if !has_required {
        derives.push(quote!(::std::default::Default));
    }

    let fields = s.members.iter().map(struct_field);
    let request_id_field = s.is_output.then(|| {
        quote! {
            _request_id: ::std::option::Option<::std::string::String>,
        }
    });
    let request_id_init = s.is_output.then(|| quote!(_request_id: ::std::option::Option::None,));
    let request_id_impls = s.is_output.then(|| {
        quote! {
            impl ::botogen_runtime::RequestId for #name {
                fn request_id(&self) -> ::std::option::Option<&str> {
                    self._request_id.as_deref()
                }
            }

            impl ::botogen_runtime::operation::SetRequestId for #name {
                fn set_request_id(&mut self, request_id: ::std::option::Option<::std::string::String>) {
                    self._request_id = request_id;
                }
            }
        }
    });
    let ctor = constructor(s, request_id_init.clone());
    let setters = s.members.iter().filter(|m| !m.required).map(setter);
    let correction = quote!(::botogen_runtime::correction::ErrorCorrection);
    let correction_fields = s.members.iter().map(|m| {
        let field = to_ident(&m.rust_name);
        if m.required {
            quote!(#field: #correction::correction_default())
        } else {
            quote!(#field: ::std::option::Option::None)
        }
    });
    let debug = needs_debug_impl.then(|| debug_struct(shape, s));
    let display = s.is_error.then(|| error_display(shape, s.message_member.map(|i| &s.members[i])));
    let modeled_error = s.is_error.then(|| modeled_error(shape, s.message_member.map(|i| &s.members[i])));

    quote! {
        #docs
        #deprecated
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #request_id_field
        }

        impl #name {
            #ctor
            #(#setters)*
        }

        impl #correction for #name {
            fn correction_default() -> Self {
                Self { #(#correction_fields,)* #request_id_init }
            }
        }

        #request_id_impls
        #debug
        #display
        #modeled_error
    }
}

fn struct_field(m: &MemberIr) -> TokenStream {
    let field = to_ident(&m.rust_name);
    let ty = field_type(m);
    let docs = doc_attrs(&m.docs);
    let deprecated = deprecated_attr(&m.deprecated);
    quote! {
        #docs
        #deprecated
        pub #field: #ty,
    }
}

fn constructor(s: &StructIr, extra_init: Option<TokenStream>) -> TokenStream {
    let required: Vec<&MemberIr> = s.members.iter().filter(|m| m.required).collect();
    let params = required.iter().map(|m| {
        let name = to_ident(&m.rust_name);
        let (ty, _) = param(m);
        quote!(#name: #ty)
    });
    let inits = s.members.iter().map(|m| {
        let name = to_ident(&m.rust_name);
        if m.required {
            let (_, value) = param(m);
            let shorthand = !m.boxed && m.ty != TypeIr::String;
            if shorthand {
                quote!(#name)
            } else {
                quote!(#name: #value)
            }
        } else {
            quote!(#name: ::std::option::Option::None)
        }
    });
    let doc = if required.is_empty() {
        " Creates a value with every member unset."
    } else {
        " Creates a value from its required members; optional members start unset."
    };
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #doc]
        #allow
        #[inline]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* #extra_init }
        }
    }
}

fn setter(m: &MemberIr) -> TokenStream {
    let field = to_ident(&m.rust_name);
    let method = format_ident!("with_{}", m.rust_name.trim_start_matches("r#"));
    let (ty, value) = param(m);
    let doc = format!(" Sets `{}` (`{}` on the wire).", m.rust_name.trim_start_matches("r#"), m.wire_name);
    let deprecated = deprecated_attr(&m.deprecated);
    quote! {
        #[doc = #doc]
        #deprecated
        #[inline]
        pub fn #method(mut self, #field: #ty) -> Self {
            self.#field = ::std::option::Option::Some(#value);
            self
        }
    }
}

fn debug_struct(shape: &ShapeIr, s: &StructIr) -> TokenStream {
    let name = to_ident(&shape.rust_name);
    let label = &shape.rust_name;
    let body = if s.redact_all {
        quote!(f.debug_tuple(#label).field(&::botogen_runtime::Redacted).finish())
    } else {
        let fields = s.members.iter().map(|m| {
            let field = to_ident(&m.rust_name);
            let key = m.rust_name.trim_start_matches("r#");
            if m.redact {
                quote!(.field(#key, &::botogen_runtime::Redacted))
            } else {
                quote!(.field(#key, &self.#field))
            }
        });
        let request_id = s.is_output.then(|| quote!(.field("request_id", &self._request_id)));
        quote!(f.debug_struct(#label) #(#fields)* #request_id .finish())
    };
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

/// Lets the protocol fill the message member from wherever the body put the message.
fn modeled_error(shape: &ShapeIr, message: Option<&MemberIr>) -> TokenStream {
    let name = to_ident(&shape.rust_name);
    let body = match message {
        None => quote!(let _ = message;),
        Some(m) => {
            let field = to_ident(&m.rust_name);
            if m.required {
                quote! {
                    if self.#field.is_empty() {
                        if let ::std::option::Option::Some(message) = message {
                            self.#field = message.to_owned();
                        }
                    }
                }
            } else {
                quote! {
                    if self.#field.is_none() {
                        self.#field = message.map(str::to_owned);
                    }
                }
            }
        }
    };
    quote! {
        impl ::botogen_runtime::operation::ModeledError for #name {
            fn fill_message(&mut self, message: ::std::option::Option<&str>) {
                #body
            }
        }
    }
}

/// Errors print their shape name and message, unless the message is sensitive or the
/// shape has none.
fn error_display(shape: &ShapeIr, message: Option<&MemberIr>) -> TokenStream {
    let name = to_ident(&shape.rust_name);
    let label = &shape.wire_name;
    let with_message = format!("{}: {{}}", label.replace('{', "{{").replace('}', "}}"));
    let body = match message {
        None => quote!(f.write_str(#label)),
        Some(message) => message_display(message, label, &with_message),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }

        impl ::std::error::Error for #name {}
    }
}

fn message_display(message: &MemberIr, label: &str, with_message: &str) -> TokenStream {
    let field = to_ident(&message.rust_name);
    if message.redact {
        quote!(f.write_str(#label))
    } else if message.required {
        quote!(if self.#field.is_empty() { f.write_str(#label) } else { ::std::write!(f, #with_message, self.#field) })
    } else {
        quote!(match &self.#field {
            ::std::option::Option::Some(message) => ::std::write!(f, #with_message, message),
            ::std::option::Option::None => f.write_str(#label),
        })
    }
}

/// Enums and unions both correct to their `Unknown` variant with an empty value: there is
/// no zero value among the known ones.
fn unknown_correction(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::botogen_runtime::correction::ErrorCorrection for #name {
            fn correction_default() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }
    }
}

fn enum_items(shape: &ShapeIr, e: &EnumIr) -> TokenStream {
    let name = to_ident(&shape.rust_name);
    let correction = unknown_correction(&name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(&shape.deprecated);
    let variants: Vec<_> = e.variants.iter().map(|v| to_ident(&v.rust_name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| Literal::string(&v.value)).collect();
    let variant_docs = e.variants.iter().map(|v| {
        let doc = format!(" `{}`", v.value.replace('`', "'"));
        quote!(#[doc = #doc])
    });
    quote! {
        #docs
        #deprecated
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the model does not know, kept verbatim so that it
            /// round-trips. Build values with `From<&str>`, which never puts a known value here.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the model knows, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    #(#values => ::std::option::Option::Some(Self::#variants),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::known(&value) {
                    ::std::option::Option::Some(known) => known,
                    ::std::option::Option::None => Self::Unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Compared by wire value, so `Unknown("X")` equals `X` should one be built by hand.
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        #correction
    }
}

fn union_items(shape: &ShapeIr, u: &UnionIr) -> TokenStream {
    let name = to_ident(&shape.rust_name);
    let correction = unknown_correction(&name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(&shape.deprecated);
    let redacts = u.members.iter().any(|m| m.redact);
    let mut derives = vec![quote!(::std::clone::Clone), quote!(::std::cmp::PartialEq)];
    if !redacts {
        derives.push(quote!(::std::fmt::Debug));
    }
    let variants = u.members.iter().map(|m| {
        let variant = to_ident(&m.rust_name);
        let ty = boxed_type(m);
        let docs = doc_attrs(&m.docs);
        let deprecated = deprecated_attr(&m.deprecated);
        quote!(#docs #deprecated #variant(#ty),)
    });
    let debug = redacts.then(|| {
        let arms = u.members.iter().map(|m| {
            let variant = to_ident(&m.rust_name);
            let label = &m.rust_name;
            if m.redact {
                quote!(Self::#variant(_) => f.debug_tuple(#label).field(&::botogen_runtime::Redacted).finish(),)
            } else {
                quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(member) => f.debug_tuple("Unknown").field(member).finish(),
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the model does not know; holds its name. Its value
            /// is not kept, so such a union cannot be sent back.
            Unknown(::std::string::String),
        }

        #correction

        #debug
    }
}
