//! Stage one: botocore's JSON, loaded and validated.

mod extras;
mod load;
mod ordered;
mod types;
mod validate;

pub use extras::{
    from_value, AcceptorConfig, AcceptorState, Keys, MatcherKind, PaginatorConfig, PaginatorsFile, WaiterConfig, WaitersFile,
};
pub(crate) use load::parse_json;
pub use load::{load_service, load_service_from_str, read_maybe_gz, LoadedModel};
pub use ordered::OrderedMap;
pub use types::*;
pub use validate::validate;
