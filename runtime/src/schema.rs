//! Static descriptions of generated shapes: what every codec needs to know about a member
//! besides its value. Generated code builds them with the `const` constructors below, so
//! a setting added here for a new protocol breaks no crate generated before it.
//!
//! One schema serves every protocol: the JSON codec reads [`Member::wire`], the query
//! codec [`Member::query_name`], the XML codec the namespace and flattening, the HTTP
//! bindings [`Member::location`]. Documents and waiters use [`Member::name`].

/// How a timestamp is written, as botocore's `timestampFormat` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `unixTimestamp`: fractional seconds since the epoch.
    EpochSeconds,
    /// `iso8601`: RFC 3339.
    DateTime,
    /// `rfc822`: an IMF-fixdate (HTTP-date).
    HttpDate,
}

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// The document body (every member of an RPC protocol).
    Body,
    /// A `{Label}` of the request URI.
    Label,
    /// A `{Label+}` of the request URI, which keeps its `/`.
    GreedyLabel,
    /// One query-string parameter (or one per list item).
    Query,
    /// A map whose entries are merged into the query string.
    QueryMap,
    /// One header (lists joined with `,`).
    Header,
    /// A map of headers sharing a prefix (`x-amz-meta-`).
    PrefixHeaders,
    /// The HTTP status code of a response.
    StatusCode,
    /// The whole body (`payload` of the structure): a structure or document, written by
    /// the protocol's codec; an empty object when unset.
    Payload,
    /// A union `payload`, written by the codec; no body at all when unset.
    UnionPayload,
    /// The whole body as it is: a blob or string `payload`.
    RawPayload,
}

/// An XML namespace declared on an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct XmlNamespace {
    /// `xmlns:prefix`, or `None` for the default namespace.
    pub prefix: Option<&'static str>,
    pub uri: &'static str,
}

impl XmlNamespace {
    /// A namespace; `prefix` empty for the default one.
    pub const fn new(prefix: &'static str, uri: &'static str) -> Self {
        XmlNamespace { prefix: if prefix.is_empty() { None } else { Some(prefix) }, uri }
    }
}

/// A member of a structure or union, or the item, key or value of a list or map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Member {
    /// The member's name in the model: what documents, waiters and paths use.
    pub name: &'static str,
    /// Its name on the wire: `locationName`, else the model name. The JSON key, XML
    /// element, header, URI label or query key.
    pub wire: &'static str,
    /// Its key in a query-protocol request, where that differs from [`Member::wire`]
    /// (ec2's `queryName` or upper-cased first letter).
    pub query_name: Option<&'static str>,
    pub location: Location,
    /// The format the model names, if any; each codec and location has its default.
    pub timestamp_format: Option<TimestampFormat>,
    /// Required by the model: a response that leaves it out gets its zero value.
    pub required: bool,
    /// `sensitive` in the model: never shown in clear.
    pub sensitive: bool,
    /// XML: the list's or map's items stand directly in the parent, unwrapped.
    pub flattened: bool,
    /// XML: written as an attribute of the parent element.
    pub xml_attribute: bool,
    /// A header whose value is base64 of compact JSON (`jsonvalue`).
    pub json_value: bool,
    pub xml_namespace: Option<&'static XmlNamespace>,
    /// A list's item.
    pub item: Option<&'static Member>,
    /// A map's key and value.
    pub key: Option<&'static Member>,
    pub value: Option<&'static Member>,
}

impl Member {
    /// The member a whole request or response body stands for.
    pub const ROOT: Member = Member::new("", "");
    /// A list item no schema describes further.
    pub const ITEM: Member = Member::new("member", "member");
    /// A map key no schema describes further.
    pub const KEY: Member = Member::new("key", "key");
    /// A map value no schema describes further.
    pub const VALUE: Member = Member::new("value", "value");

    /// A member in the body, named `wire` on the wire.
    pub const fn new(name: &'static str, wire: &'static str) -> Self {
        Member {
            name,
            wire,
            query_name: None,
            location: Location::Body,
            timestamp_format: None,
            required: false,
            sensitive: false,
            flattened: false,
            xml_attribute: false,
            json_value: false,
            xml_namespace: None,
            item: None,
            key: None,
            value: None,
        }
    }

    /// A member whose wire name is its model name.
    pub const fn named(name: &'static str) -> Self {
        Member::new(name, name)
    }

    /// Marks the member required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Marks the member sensitive.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Sets the timestamp format.
    pub const fn timestamp(mut self, format: TimestampFormat) -> Self {
        self.timestamp_format = Some(format);
        self
    }

    /// Sets where the member travels.
    pub const fn located(mut self, location: Location) -> Self {
        self.location = location;
        self
    }

    /// Sets the query-protocol key.
    pub const fn query(mut self, name: &'static str) -> Self {
        self.query_name = Some(name);
        self
    }

    /// Marks the list or map flattened (XML).
    pub const fn flattened(mut self) -> Self {
        self.flattened = true;
        self
    }

    /// Marks the member an XML attribute.
    pub const fn xml_attribute(mut self) -> Self {
        self.xml_attribute = true;
        self
    }

    /// Marks a header's value as base64 of JSON.
    pub const fn json_value(mut self) -> Self {
        self.json_value = true;
        self
    }

    /// Sets the XML namespace.
    pub const fn namespace(mut self, namespace: &'static XmlNamespace) -> Self {
        self.xml_namespace = Some(namespace);
        self
    }

    /// Describes a list's items.
    pub const fn list(mut self, item: &'static Member) -> Self {
        self.item = Some(item);
        self
    }

    /// Describes a map's keys and values.
    pub const fn map(mut self, key: &'static Member, value: &'static Member) -> Self {
        self.key = Some(key);
        self.value = Some(value);
        self
    }

    /// The list's item, or a plain one.
    pub fn item(&self) -> &Member {
        self.item.unwrap_or(&Member::ITEM)
    }

    /// The map's key, or a plain one.
    pub fn key(&self) -> &Member {
        self.key.unwrap_or(&Member::KEY)
    }

    /// The map's value, or a plain one.
    pub fn value(&self) -> &Member {
        self.value.unwrap_or(&Member::VALUE)
    }

    /// The key a query-protocol request uses.
    pub fn query_key(&self) -> &'static str {
        match self.query_name {
            Some(name) => name,
            None => self.wire,
        }
    }
}

/// Whether a shape holds all of its members or exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaKind {
    Structure,
    Union,
}

/// A structure or union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Schema {
    /// The shape's name in the model.
    pub shape: &'static str,
    pub kind: SchemaKind,
    /// In model order; generated code refers to them by index.
    pub members: &'static [Member],
    /// The whole shape is `sensitive`.
    pub sensitive: bool,
    pub xml_namespace: Option<&'static XmlNamespace>,
}

impl Schema {
    /// A structure.
    pub const fn structure(shape: &'static str, members: &'static [Member]) -> Self {
        Schema { shape, kind: SchemaKind::Structure, members, sensitive: false, xml_namespace: None }
    }

    /// A union.
    pub const fn union(shape: &'static str, members: &'static [Member]) -> Self {
        Schema { shape, kind: SchemaKind::Union, members, sensitive: false, xml_namespace: None }
    }

    /// Marks the whole shape sensitive.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Sets the XML namespace.
    pub const fn namespace(mut self, namespace: &'static XmlNamespace) -> Self {
        self.xml_namespace = Some(namespace);
        self
    }

    /// The member with this wire name.
    pub fn by_wire(&self, wire: &str) -> Option<usize> {
        self.members.iter().position(|m| m.wire == wire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ITEM: Member = Member::new("member", "item").timestamp(TimestampFormat::DateTime);
    static MEMBERS: [Member; 2] = [Member::named("Id").required(), Member::new("Times", "times").list(&ITEM).query("Times").flattened()];
    static SCHEMA: Schema = Schema::structure("Thing", &MEMBERS);

    #[test]
    fn schemas_are_built_in_const_context() {
        assert_eq!(SCHEMA.by_wire("times"), Some(1));
        assert!(SCHEMA.members[0].required);
        assert_eq!(SCHEMA.members[1].item().timestamp_format, Some(TimestampFormat::DateTime));
        assert_eq!(SCHEMA.members[1].query_key(), "Times");
        assert_eq!(SCHEMA.members[0].query_key(), "Id");
        assert_eq!(SCHEMA.members[0].item().wire, "member");
    }
}
