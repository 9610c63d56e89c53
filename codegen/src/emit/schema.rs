//! Each shape's static schema and its `Wire` impl: how it writes itself to any codec
//! and reads itself back, one runtime call per member. Only the facts the crate's
//! protocol reads are written, so an AWS JSON crate carries no XML names.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens as _};

use crate::ident::to_ident;
use crate::ir::{BodyFormat, Direction, Location, MemberIr, ProtocolIr, ShapeIr, StructIr, TimestampFormat, UnionIr, WireIr};

fn rt() -> TokenStream {
    quote!(::botogen_runtime)
}

/// `::botogen_runtime::schema::TimestampFormat::…`.
fn timestamp_format(format: TimestampFormat) -> TokenStream {
    let rt = rt();
    match format {
        TimestampFormat::UnixTimestamp => quote!(#rt::schema::TimestampFormat::EpochSeconds),
        TimestampFormat::Iso8601 => quote!(#rt::schema::TimestampFormat::DateTime),
        TimestampFormat::Rfc822 => quote!(#rt::schema::TimestampFormat::HttpDate),
    }
}

fn location(location: Location) -> TokenStream {
    let rt = rt();
    let variant = format_ident!(
        "{}",
        match location {
            Location::Body => "Body",
            Location::Label => "Label",
            Location::GreedyLabel => "GreedyLabel",
            Location::Query => "Query",
            Location::QueryMap => "QueryMap",
            Location::Header => "Header",
            Location::PrefixHeaders => "PrefixHeaders",
            Location::StatusCode => "StatusCode",
            Location::Payload => "Payload",
            Location::UnionPayload => "UnionPayload",
            Location::RawPayload => "RawPayload",
        }
    );
    quote!(#rt::schema::Location::#variant)
}

/// The schema items of a structure or union: `MEMBERS`, the list and map parts they
/// describe, and `SCHEMA`.
struct SchemaWriter<'a> {
    protocol: &'a ProtocolIr,
    /// Statics for list items and map keys and values, named after their member.
    parts: Vec<TokenStream>,
}

impl SchemaWriter<'_> {
    /// `Member::named("Id").required()…` for one member; `path` names its part statics.
    fn member(&mut self, name: &str, wire: &WireIr, path: &str, required: bool, sensitive: bool) -> TokenStream {
        let settings = self.settings(wire, path, required, sensitive);
        built(name, wire.name(), &settings)
    }

    /// The builder calls after `Member::new`: only what differs from a plain member.
    fn settings(&mut self, wire: &WireIr, path: &str, required: bool, sensitive: bool) -> Vec<TokenStream> {
        let rt = rt();
        let mut settings = Vec::new();
        if required {
            settings.push(quote!(required()));
        }
        if sensitive {
            settings.push(quote!(sensitive()));
        }
        if let Some(format) = wire.timestamp_format {
            let format = timestamp_format(format);
            settings.push(quote!(timestamp(#format)));
        }
        if self.protocol.is_rest() && wire.location.get() != Location::Body {
            let location = location(wire.location.get());
            settings.push(quote!(located(#location)));
        }
        let format = self.protocol.body_format();
        if format == BodyFormat::Query {
            let query = wire.name_in(self.protocol, Direction::Request);
            if query != wire.name() {
                settings.push(quote!(query(#query)));
            }
        }
        if matches!(format, BodyFormat::Xml | BodyFormat::Query) {
            if wire.flattened {
                settings.push(quote!(flattened()));
            }
            if wire.xml_attribute {
                settings.push(quote!(xml_attribute()));
            }
        }
        if wire.json_value && self.protocol.is_rest() {
            settings.push(quote!(json_value()));
        }
        if let Some(item) = &wire.item {
            if let Some(part) = self.part(item, &format!("{path}_ITEM")) {
                settings.push(quote!(list(&#part)));
            }
        }
        if let (Some(key), Some(value)) = (&wire.key, &wire.value) {
            let key_part = self.part(key, &format!("{path}_KEY"));
            let value_part = self.part(value, &format!("{path}_VALUE"));
            if key_part.is_some() || value_part.is_some() {
                let key_part = key_part.unwrap_or_else(|| quote!(#rt::schema::Member::KEY));
                let value_part = value_part.unwrap_or_else(|| quote!(#rt::schema::Member::VALUE));
                settings.push(quote!(map(&#key_part, &#value_part)));
            }
        }
        settings
    }

    /// A static for a list item or map part, when it says more than the plain one
    /// (`member`, `key` or `value`, named as such on the wire). Its own parts come first.
    fn part(&mut self, wire: &WireIr, path: &str) -> Option<TokenStream> {
        let settings = self.settings(wire, path, false, false);
        if settings.is_empty() && wire.location_name.is_none() {
            return None;
        }
        let expr = built(&wire.member_name, wire.name(), &settings);
        let ident = format_ident!("{path}");
        self.parts.push(quote!(static #ident: ::botogen_runtime::schema::Member = #expr;));
        Some(quote!(#ident))
    }
}

/// `Member::named(name)` or `Member::new(name, wire)`, then `settings`.
fn built(name: &str, wire_name: &str, settings: &[TokenStream]) -> TokenStream {
    let rt = rt();
    let base =
        if wire_name == name { quote!(#rt::schema::Member::named(#name)) } else { quote!(#rt::schema::Member::new(#name, #wire_name)) };
    quote!(#base #(.#settings)*)
}

/// `MEMBERS`, their parts and `SCHEMA` for a structure or union.
fn schema_statics(shape: &ShapeIr, members: &[MemberIr], protocol: &ProtocolIr, union: bool, sensitive: bool) -> TokenStream {
    let rt = rt();
    let mut writer = SchemaWriter { protocol, parts: Vec::new() };
    let exprs: Vec<TokenStream> = members
        .iter()
        .enumerate()
        .map(|(i, m)| writer.member(&m.model_name, &m.wire, &format!("MEMBER_{i}"), m.required, m.redact))
        .collect();
    let count = Literal::usize_unsuffixed(members.len());
    let name = &shape.wire_name;
    let constructor = if union { quote!(union) } else { quote!(structure) };
    let sensitive = sensitive.then(|| quote!(.sensitive()));
    let parts = &writer.parts;
    quote! {
        #(#parts)*
        static MEMBERS: [#rt::schema::Member; #count] = [#(#exprs),*];
        static SCHEMA: #rt::schema::Schema = #rt::schema::Schema::#constructor(#name, &MEMBERS) #sensitive;
    }
}

/// A structure's schema, `WriteMembers` and `Wire`.
pub fn struct_wire(shape: &ShapeIr, s: &StructIr, protocol: &ProtocolIr) -> TokenStream {
    let rt = rt();
    let name = to_ident(&shape.rust_name);
    let statics = schema_statics(shape, &s.members, protocol, false, s.redact_all);
    let writes = s.members.iter().enumerate().map(|(i, m)| {
        let field = to_ident(&m.rust_name);
        let i = Literal::usize_unsuffixed(i);
        if m.required {
            quote!(#rt::shape::write(w, &MEMBERS[#i], &self.#field)?;)
        } else {
            quote!(#rt::shape::write_opt(w, &MEMBERS[#i], &self.#field)?;)
        }
    });
    let reads: Vec<TokenStream> = s
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let field = to_ident(&m.rust_name);
            let i = Literal::usize_unsuffixed(i);
            let read = if m.required { quote!(read) } else { quote!(read_opt) };
            quote!(#i => #rt::shape::#read(r, &MEMBERS[#i], &mut v.#field),)
        })
        .collect();
    let (w, read_body) = if s.members.is_empty() {
        (quote!(_w), quote!(#rt::shape::read_struct(r, m, &SCHEMA, |_: &mut Self, _, _| ::std::result::Result::Ok(()))))
    } else {
        (
            quote!(w),
            quote! {
                #rt::shape::read_struct(r, m, &SCHEMA, |v: &mut Self, r, i| match i {
                    #(#reads)*
                    _ => ::std::result::Result::Ok(()),
                })
            },
        )
    };
    quote! {
        #statics

        impl #rt::shape::WriteMembers for #name {
            fn write_members(&self, #w: &mut dyn #rt::shape::ShapeWriter) -> #rt::shape::WriteResult {
                #(#writes)*
                ::std::result::Result::Ok(())
            }
        }

        impl #rt::shape::Wire for #name {
            fn write_value(&self, w: &mut dyn #rt::shape::ShapeWriter, m: &#rt::schema::Member) -> #rt::shape::WriteResult {
                w.write_struct(m, &SCHEMA, self)
            }

            fn read_value(r: &mut dyn #rt::shape::ShapeReader, m: &#rt::schema::Member) -> ::std::result::Result<Self, #rt::shape::ReadError> {
                #read_body
            }
        }
    }
}

/// A union's schema, `WriteMembers` and `Wire`.
pub fn union_wire(shape: &ShapeIr, u: &UnionIr, protocol: &ProtocolIr) -> TokenStream {
    let rt = rt();
    let name = to_ident(&shape.rust_name);
    let statics = schema_statics(shape, &u.members, protocol, true, false);
    let writes = u.members.iter().enumerate().map(|(i, m)| {
        let variant = to_ident(&m.rust_name);
        let i = Literal::usize_unsuffixed(i);
        quote!(Self::#variant(value) => #rt::shape::write(w, &MEMBERS[#i], value),)
    });
    let last = u.members.len().saturating_sub(1);
    let empty = u.members.is_empty().then(|| {
        let message = format!("union {} has no members", shape.wire_name);
        quote!(_ => ::std::result::Result::Err(#rt::shape::ReadError::new(#message)),)
    });
    let reads: Vec<TokenStream> = u
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let variant = to_ident(&m.rust_name);
            let pattern = if i == last { quote!(_) } else { Literal::usize_unsuffixed(i).into_token_stream() };
            let i = Literal::usize_unsuffixed(i);
            quote!(#pattern => #rt::shape::Wire::read_value(r, &MEMBERS[#i]).map(Self::#variant),)
        })
        .collect();
    // One member needs no match on the index.
    let read_member = match u.members.as_slice() {
        [only] => {
            let variant = to_ident(&only.rust_name);
            quote!(|r, _| #rt::shape::Wire::read_value(r, &MEMBERS[0]).map(Self::#variant))
        }
        _ => quote!(|r, i| match i { #(#reads)* #empty }),
    };
    quote! {
        #statics

        impl #rt::shape::WriteMembers for #name {
            fn write_members(&self, w: &mut dyn #rt::shape::ShapeWriter) -> #rt::shape::WriteResult {
                match self {
                    #(#writes)*
                    Self::Unknown(member) => ::std::result::Result::Err(#rt::shape::unknown_union_member(&SCHEMA, member)),
                }
            }
        }

        impl #rt::shape::Wire for #name {
            fn write_value(&self, w: &mut dyn #rt::shape::ShapeWriter, m: &#rt::schema::Member) -> #rt::shape::WriteResult {
                w.write_struct(m, &SCHEMA, self)
            }

            fn read_value(r: &mut dyn #rt::shape::ShapeReader, m: &#rt::schema::Member) -> ::std::result::Result<Self, #rt::shape::ReadError> {
                #rt::shape::read_union(r, m, &SCHEMA, #read_member, Self::Unknown)
            }
        }
    }
}

/// A string enum's `Wire`: the value as a string, any string read back.
pub fn enum_wire(shape: &ShapeIr) -> TokenStream {
    let rt = rt();
    let name = to_ident(&shape.rust_name);
    quote! {
        impl #rt::shape::Wire for #name {
            fn write_value(&self, w: &mut dyn #rt::shape::ShapeWriter, m: &#rt::schema::Member) -> #rt::shape::WriteResult {
                w.write_string(m, self.as_str())
            }

            fn read_value(r: &mut dyn #rt::shape::ShapeReader, m: &#rt::schema::Member) -> ::std::result::Result<Self, #rt::shape::ReadError> {
                r.read_string(m).map(Self::from)
            }
        }
    }
}
