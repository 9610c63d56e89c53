//! Stage two: the model lowered to what Rust needs — names, types, modules, boxes.
//!
//! Emitters read only this. Every collection is a sorted `Vec` or model-ordered list,
//! so the same model always gives the same IR and the same bytes.

pub mod api;
pub(crate) mod cycles;
mod lower;
mod paginators;
mod protocol;
mod waiters;
mod wire;

pub use lower::{lower, LowerOptions};
pub use paginators::{FieldStep, PaginatorIr, ResultKeyIr};
pub use protocol::{choose_protocol, ProtocolIr, PRIORITY, SUPPORTED_PROTOCOLS};
pub use waiters::{AcceptorIr, AcceptorState, ExpectedIr, MatcherKind, WaiterIr};
pub use wire::{BodyFormat, Direction, HttpIr, Location, LocationIr, WireIr, XmlNamespaceIr};

pub use crate::model::TimestampFormat;

/// A crate to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateIr {
    /// Package name, e.g. `appstream`.
    pub crate_name: String,
    /// Package version: [`INITIAL_VERSION`] until the repository's lock records another.
    pub version: String,
    /// How its Cargo.toml names `botogen-runtime`.
    pub runtime: RuntimeDep,
    /// Whether the crate gets its own `[workspace]`: true when it is not a member of ours.
    pub standalone: bool,
    /// The model file, as named in every file's header.
    pub model_label: String,
    /// Which tests the crate carries.
    pub tests: CrateTests,
    pub service: ServiceIr,
    /// How the service puts operations on the wire.
    pub protocol: ProtocolIr,
    /// Sorted by module, then Rust name.
    pub shapes: Vec<ShapeIr>,
    /// In name order.
    pub operations: Vec<OperationIr>,
    /// From `waiters-2.json`, in name order.
    pub waiters: Vec<WaiterIr>,
}

/// The version a generated crate starts at.
pub const INITIAL_VERSION: &str = "0.1.0";

/// The version requirement generated crates put on `botogen-runtime`: the runtime's minor
/// version, since a 0.x runtime may change its API from one minor version to the next.
pub const RUNTIME_VERSION_REQ: &str = "0.1";

/// Where a generated crate gets `botogen-runtime` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDep {
    /// A path from the crate's directory, with the version requirement beside it: the
    /// crate builds from this checkout, and its package depends on the published runtime.
    Path(String),
    /// The published runtime alone, for a crate written outside the checkout.
    Version,
    /// A git repository holding the runtime, at a branch, tag or commit when given.
    Git { url: String, rev: Option<String> },
}

impl RuntimeDep {
    /// Parses the command line's `--runtime`: `path`, `version`, `git=URL` or
    /// `git=URL#REV`. `path` needs the relative path, which the caller knows.
    pub fn parse(spec: &str, path: impl FnOnce() -> String) -> Option<RuntimeDep> {
        match spec {
            "path" => Some(RuntimeDep::Path(path())),
            "version" => Some(RuntimeDep::Version),
            _ => {
                let git = spec.strip_prefix("git=").filter(|url| !url.is_empty())?;
                let (url, rev) = match git.split_once('#') {
                    Some((url, rev)) if !rev.is_empty() => (url, Some(rev.to_string())),
                    Some(_) => return None,
                    None => (git, None),
                };
                Some(RuntimeDep::Git { url: url.to_string(), rev })
            }
        }
    }

    /// The keys of its entry in a Cargo.toml dependency table, before `default-features`.
    pub fn toml_keys(&self) -> String {
        match self {
            RuntimeDep::Path(path) => format!("path = {path:?}, version = {RUNTIME_VERSION_REQ:?}"),
            RuntimeDep::Version => format!("version = {RUNTIME_VERSION_REQ:?}"),
            RuntimeDep::Git { url, rev: None } => format!("git = {url:?}"),
            RuntimeDep::Git { url, rev: Some(rev) } => format!("git = {url:?}, rev = {rev:?}"),
        }
    }
}

/// Which tests a generated crate carries: the generator's own, or ones its caller writes
/// beside it (the protocol-test suites), which need other dev-dependencies and make the
/// generator's own a slower build that checks nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrateTests {
    /// `tests/smoke.rs` and `tests/roundtrip.rs`, with proptest as a dev-dependency.
    Generated,
    /// No tests of its own; the caller's tests need these dev-dependencies, by package name
    /// to a TOML value (`"1"`, `{ path = "..." }`).
    Supplied { dev_dependencies: std::collections::BTreeMap<String, String> },
}

/// What the crate says about its service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceIr {
    pub full_name: String,
    pub service_id: String,
    pub api_version: String,
    /// First label of the endpoint host (`appstream2`).
    pub endpoint_prefix: String,
    /// SigV4 service name (`appstream`).
    pub signing_name: String,
    pub docs: Vec<String>,
    /// The operations generated, in name order.
    pub operations: Vec<String>,
}

/// Where a shape lives in the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// The input of one or more operations, and nothing else.
    Input,
    /// The output of one or more operations, and nothing else.
    Output,
    /// An error an operation can return.
    Error,
    /// Everything else: shapes used inside others.
    Types,
}

impl Module {
    /// The module's name, also its directory under `src/`.
    pub fn name(self) -> &'static str {
        match self {
            Module::Input => "input",
            Module::Output => "output",
            Module::Error => "error",
            Module::Types => "types",
        }
    }
}

/// A shape that becomes a Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeIr {
    pub wire_name: String,
    pub rust_name: String,
    pub module: Module,
    /// File and private module name, unique within the module.
    pub file_stem: String,
    pub docs: Vec<String>,
    /// `Some(note)` when the model deprecates the shape.
    pub deprecated: Option<String>,
    pub kind: ShapeKind,
}

/// What kind of Rust type a shape becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Struct(StructIr),
    Enum(EnumIr),
    Union(UnionIr),
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct StructIr {
    /// In model order.
    pub members: Vec<MemberIr>,
    /// The whole shape is `sensitive`: its `Debug` shows nothing of it.
    pub redact_all: bool,
    /// Index of the member `Display` shows, for error shapes.
    pub message_member: Option<usize>,
    /// The output of an operation: carries the response's request id.
    pub is_output: bool,
    /// An exception an operation can return.
    pub is_error: bool,
}

/// A reference to a generated type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    pub module: Module,
    pub name: String,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    /// The operation's key in the model, by which paginators and waiters name it.
    pub model_name: String,
    /// The operation's name on the wire (`X-Amz-Target`): its `name`, which may differ
    /// from the key (CloudFront's carry a version suffix).
    pub wire_name: String,
    /// The unit struct implementing `Operation`.
    pub rust_name: String,
    /// The error enum.
    pub error_name: String,
    /// The client method.
    pub fn_name: String,
    /// File and private module name under `src/operation/`.
    pub file_stem: String,
    pub docs: Vec<String>,
    pub deprecated: Option<String>,
    pub input: Option<TypeRef>,
    pub output: Option<TypeRef>,
    /// Modeled errors, in the model's order.
    pub errors: Vec<ErrorVariantIr>,
    /// The `endpoint.hostPrefix` template, if any.
    pub host_prefix: Option<Vec<HostPart>>,
    /// `requestcompression.encodings`: how the body may be compressed.
    pub request_compression: Vec<String>,
    /// The HTTP binding: the model's for REST protocols, `POST /` for RPC ones.
    pub http: HttpIr,
    /// The input field (an `Option<String>`) the model marks `idempotencyToken`: the SDK
    /// fills it with a UUID when the caller leaves it unset, as botocore does.
    pub idempotency_token: Option<String>,
    /// The output's payload streams: the client hands it over as it arrives.
    pub streaming_output: bool,
    /// The model's `authtype: v4-unsigned-body`: the payload may go unsigned.
    pub unsigned_payload: bool,
    /// Why the generated client cannot call the operation yet (it streams events), if
    /// it cannot: its request builder fails with this reason.
    pub unsupported: Option<String>,
    /// From `paginators-1.json`, when the operation pages.
    pub paginator: Option<PaginatorIr>,
    /// Why the model's paginator for this operation was not generated, if it was not.
    pub paginator_skipped: Option<String>,
}

/// A modeled error of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariantIr {
    pub variant: String,
    pub shape: TypeRef,
    /// Codes that select it: the shape name, and the `error.code` where it differs.
    pub codes: Vec<String>,
    /// `Some(throttling)` when the model marks the shape `retryable`.
    pub retryable: Option<bool>,
}

/// A piece of a host prefix template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPart {
    Literal(String),
    /// `{Member}`: the value of an input member, checked to be a DNS label.
    Label {
        wire_name: String,
        field: String,
        required: bool,
    },
}

/// A member of a structure, or a variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberIr {
    /// The member's name in the model.
    pub model_name: String,
    /// Its name in bodies, labels and headers: `locationName`, else the model name.
    pub wire_name: String,
    /// Where it travels and what it is called there, for every protocol.
    pub wire: WireIr,
    /// Field name for structures, variant name for unions.
    pub rust_name: String,
    pub docs: Vec<String>,
    pub ty: TypeIr,
    /// Required members are not `Option`; in responses they get Smithy's error correction.
    pub required: bool,
    /// Boxed because a cycle of structures passes through it.
    pub boxed: bool,
    /// Hidden from `Debug`: the member or its target is `sensitive`.
    pub redact: bool,
    pub deprecated: Option<String>,
}

/// A string enum; the catch-all `Unknown` variant is implied.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumIr {
    /// In model order.
    pub variants: Vec<VariantIr>,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantIr {
    pub value: String,
    pub rust_name: String,
}

/// A union; the catch-all `Unknown` variant is implied.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionIr {
    /// In model order; `required` is always false.
    pub members: Vec<MemberIr>,
}

/// The Rust type of a member.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeIr {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// With the wire format the model names, if any.
    DateTime(Option<TimestampFormat>),
    Blob,
    /// A streaming blob payload (`botogen_runtime::ByteStream`): sent from a file or a
    /// stream, read as it arrives.
    Stream,
    Document,
    /// A generated type.
    Named {
        module: Module,
        name: String,
    },
    List(Box<TypeIr>),
    Map(Box<TypeIr>, Box<TypeIr>),
}

#[cfg(test)]
mod tests {
    use super::RuntimeDep;

    /// Every form `--runtime` takes, and the Cargo.toml keys each gives.
    #[test]
    fn runtime_dependencies_parse_and_render() {
        let path = || "../../runtime".to_string();
        for (spec, keys) in [
            ("path", Some(r#"path = "../../runtime", version = "0.1""#)),
            ("version", Some(r#"version = "0.1""#)),
            ("git=https://example.com/botogen.git", Some(r#"git = "https://example.com/botogen.git""#)),
            ("git=file:///srv/botogen#v0.1.0", Some(r#"git = "file:///srv/botogen", rev = "v0.1.0""#)),
            ("git=", None),
            ("git=file:///srv/botogen#", None),
            ("crates.io", None),
        ] {
            assert_eq!(RuntimeDep::parse(spec, path).map(|r| r.toml_keys()).as_deref(), keys, "{spec}");
        }
    }
}
