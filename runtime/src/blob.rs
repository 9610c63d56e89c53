//! Binary data, which the JSON wire carries as base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// Bytes of a `blob` member.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Blob(Vec<u8>);

/// A base64 string that does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error(String);

impl std::fmt::Display for Base64Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid base64: {}", self.0)
    }
}

impl std::error::Error for Base64Error {}

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes, giving up the wrapper.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Standard base64 with padding, as AWS JSON protocols send blobs.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Decodes standard base64, padded or not.
    pub fn from_base64(text: &str) -> Result<Self, Base64Error> {
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new().with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        engine.decode(text).map(Blob).map_err(|e| Base64Error(e.to_string()))
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob(bytes.to_vec())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_with_or_without_padding() {
        assert_eq!(Blob::new(*b"hi").to_base64(), "aGk=");
        assert_eq!(Blob::from_base64("aGk=").unwrap().as_ref(), b"hi");
        assert_eq!(Blob::from_base64("aGk").unwrap().as_ref(), b"hi");
        assert!(Blob::from_base64("a*b").is_err());
    }
}
