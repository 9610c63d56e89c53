//! Smithy's client error correction: the zero value a required member takes when a
//! response leaves it out.
//!
//! Services do break the promises of their models, and an SDK that fails the whole call
//! for a missing member punishes the user for the service's bug (rusoto's users hit this
//! for years). Smithy specifies these defaults for exactly that case.

use std::collections::BTreeMap;

use crate::{Blob, DateTime, Document};

/// The value a required member gets when a response does not carry it.
pub trait ErrorCorrection {
    /// Smithy's default for this type: empty, zero, false, the epoch.
    fn correction_default() -> Self;
}

/// [`ErrorCorrection::correction_default`] as a function, for `#[serde(default = "…")]`.
pub fn default<T: ErrorCorrection>() -> T {
    T::correction_default()
}

macro_rules! zero {
    ($($t:ty => $v:expr),* $(,)?) => {
        $(impl ErrorCorrection for $t {
            fn correction_default() -> Self { $v }
        })*
    };
}

zero! {
    String => String::new(),
    bool => false,
    i8 => 0, i16 => 0, i32 => 0, i64 => 0,
    f32 => 0.0, f64 => 0.0,
    DateTime => DateTime::UNIX_EPOCH,
    Blob => Blob::default(),
    crate::ByteStream => crate::ByteStream::default(),
    Document => Document::Null,
}

impl<T> ErrorCorrection for Vec<T> {
    fn correction_default() -> Self {
        Vec::new()
    }
}

impl<K, V> ErrorCorrection for BTreeMap<K, V> {
    fn correction_default() -> Self {
        BTreeMap::new()
    }
}

impl<T> ErrorCorrection for Option<T> {
    fn correction_default() -> Self {
        None
    }
}

impl<T: ErrorCorrection> ErrorCorrection for Box<T> {
    fn correction_default() -> Self {
        Box::new(T::correction_default())
    }
}
