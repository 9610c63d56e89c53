//! Codecs: each turns the shapes' [`crate::shape`] calls into one wire format, behind its
//! own cargo feature, so a crate compiles only the formats its protocol speaks.

pub mod document;
#[cfg(feature = "json")]
pub mod json;
