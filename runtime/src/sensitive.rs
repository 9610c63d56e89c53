//! Redaction of members the model marks `sensitive`.

use std::fmt;

/// Stands in for a sensitive value in `Debug` output, so that passwords and tokens
/// never reach logs, panics or error reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl Redacted {
    /// What is printed instead of the value.
    pub const TEXT: &'static str = "*** Sensitive Data Redacted ***";
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::TEXT)
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::TEXT)
    }
}
