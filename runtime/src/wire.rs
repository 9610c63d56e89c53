//! How generated types meet the AWS JSON wire.
//!
//! Most members serialize through their type's own serde impls. Where the model asks for
//! something else — a timestamp in another format, a required member that a response may
//! leave out — the generated field names a [`Codec`] here instead of carrying the logic:
//!
//! ```text
//! #[serde(
//!     serialize_with = "::botogen_runtime::wire::serialize::<_, Opt<Rfc3339>, _>",
//!     deserialize_with = "::botogen_runtime::wire::deserialize::<_, Opt<Rfc3339>, _>",
//! )]
//! ```
//!
//! Codecs compose (`Opt<List<HttpDate>>`), so a list of timestamps in a non-default format
//! needs no hand-written code either.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::correction::ErrorCorrection;
use crate::{Blob, DateTime};

/// A way to put a `T` on the wire and read it back.
pub trait Codec<T> {
    /// Writes `value`.
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// Serializes `value` with codec `C`; named in `serialize_with` attributes.
pub fn serialize<T, C: Codec<T>, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    C::serialize(value, serializer)
}

/// Deserializes a `T` with codec `C`; named in `deserialize_with` attributes.
pub fn deserialize<'de, T, C: Codec<T>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    C::deserialize(deserializer)
}

/// Reads a required member whose type's own serde is right: `Required<Plain>`, named
/// briefly because most required members need nothing else.
pub fn required<'de, D: Deserializer<'de>, T: ErrorCorrection + DeserializeOwned>(deserializer: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_else(T::correction_default))
}

/// The type's own serde impls.
pub struct Plain;

impl<T: Serialize + DeserializeOwned> Codec<T> for Plain {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// Fractional seconds since the epoch — the AWS JSON default, also [`DateTime`]'s own serde.
pub struct EpochSeconds;
/// An RFC 3339 string (botocore's `iso8601`).
pub struct Rfc3339;
/// An IMF-fixdate string (botocore's `rfc822`).
pub struct HttpDate;

impl Codec<DateTime> for EpochSeconds {
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        if value.subsec_nanos() == 0 {
            serializer.serialize_i64(value.secs())
        } else {
            serializer.serialize_f64(value.as_secs_f64())
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

impl Codec<DateTime> for Rfc3339 {
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_rfc3339())
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

impl Codec<DateTime> for HttpDate {
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_http_date())
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// Reads any of the three formats, as botocore's parsers do: the format a model names
/// governs what a client sends, while services are known to answer in another.
struct TimestampVisitor;

impl de::Visitor<'_> for TimestampVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp (epoch seconds, RFC 3339 or HTTP-date)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
        DateTime::from_secs_f64(v as f64).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
        DateTime::from_secs_f64(v as f64).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
        DateTime::from_secs_f64(v).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        if let Ok(secs) = v.parse::<f64>() {
            return DateTime::from_secs_f64(secs).map_err(E::custom);
        }
        if v.as_bytes().get(3) == Some(&b',') {
            DateTime::from_http_date(v).map_err(E::custom)
        } else {
            DateTime::from_rfc3339(v).map_err(E::custom)
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EpochSeconds::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        EpochSeconds::deserialize(deserializer)
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Blob, E> {
                Blob::from_base64(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A float as AWS JSON carries it: a number, or the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`, which JSON numbers cannot express.
pub struct Float;

macro_rules! float_codec {
    ($t:ty) => {
        impl Codec<$t> for Float {
            fn serialize<S: Serializer>(value: &$t, serializer: S) -> Result<S::Ok, S::Error> {
                if value.is_nan() {
                    serializer.serialize_str("NaN")
                } else if value.is_infinite() {
                    serializer.serialize_str(if *value > 0.0 { "Infinity" } else { "-Infinity" })
                } else {
                    value.serialize(serializer)
                }
            }
            fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$t, D::Error> {
                struct V;
                impl de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        match v {
                            "NaN" => Ok(<$t>::NAN),
                            "Infinity" => Ok(<$t>::INFINITY),
                            "-Infinity" => Ok(<$t>::NEG_INFINITY),
                            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                        }
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

float_codec!(f32);
float_codec!(f64);

/// An optional member: `null` reads as `None`; `None` is left out by the struct's
/// `skip_serializing_if`, never written as `null`.
pub struct Opt<C>(PhantomData<C>);

impl<T, C: Codec<T>> Codec<Option<T>> for Opt<C> {
    fn serialize<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => C::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Wrap<T, C>>::deserialize(deserializer)?.map(|w| w.0))
    }
}

/// A list whose elements go through `C`.
pub struct List<C>(PhantomData<C>);

impl<T, C: Codec<T>> Codec<Vec<T>> for List<C> {
    fn serialize<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(With::<T, C>::new))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        Ok(Vec::<Wrap<T, C>>::deserialize(deserializer)?.into_iter().map(|w| w.0).collect())
    }
}

/// A map whose values go through `C`; keys use their own serde.
pub struct Map<C>(PhantomData<C>);

impl<K, T, C> Codec<BTreeMap<K, T>> for Map<C>
where
    K: Ord + Serialize + DeserializeOwned,
    C: Codec<T>,
{
    fn serialize<S: Serializer>(value: &BTreeMap<K, T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(value.iter().map(|(k, v)| (k, With::<T, C>::new(v))))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error> {
        Ok(BTreeMap::<K, Wrap<T, C>>::deserialize(deserializer)?.into_iter().map(|(k, w)| (k, w.0)).collect())
    }
}

/// A member boxed to break a cycle of structures.
pub struct Boxed<C>(PhantomData<C>);

impl<T, C: Codec<T>> Codec<Box<T>> for Boxed<C> {
    fn serialize<S: Serializer>(value: &Box<T>, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(value, serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<T>, D::Error> {
        C::deserialize(deserializer).map(Box::new)
    }
}

/// A required member. Smithy's client error correction: a response that sends `null`
/// where the model promised a value gets the type's zero value, not a failed call.
/// (A member missing altogether is filled by [`crate::correction::default`].)
pub struct Required<C>(PhantomData<C>);

impl<T: ErrorCorrection, C: Codec<T>> Codec<T> for Required<C> {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(value, serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        Ok(Option::<Wrap<T, C>>::deserialize(deserializer)?.map_or_else(T::correction_default, |w| w.0))
    }
}

/// Borrows a value so that it serializes through codec `C`.
pub struct With<'a, T, C>(&'a T, PhantomData<C>);

impl<'a, T, C> With<'a, T, C> {
    /// Wraps `value`.
    pub fn new(value: &'a T) -> Self {
        With(value, PhantomData)
    }
}

impl<T, C: Codec<T>> Serialize for With<'_, T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(self.0, serializer)
    }
}

/// An owned value read through codec `C`.
struct Wrap<T, C>(T, PhantomData<C>);

impl<'de, T, C: Codec<T>> Deserialize<'de> for Wrap<T, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::deserialize(deserializer).map(|v| Wrap(v, PhantomData))
    }
}

/// A [`DeserializeSeed`] reading a `T` through codec `C`, for hand-driven map access.
pub struct Seed<T, C>(PhantomData<(T, C)>);

impl<T, C> Default for Seed<T, C> {
    fn default() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T, C: Codec<T>> DeserializeSeed<'de> for Seed<T, C> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        C::deserialize(deserializer)
    }
}

/// Reads a string enum: any string is accepted, unknown values included, so that a
/// service adding a value never breaks a client.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T: From<String>>(deserializer: D) -> Result<T, D::Error> {
    String::deserialize(deserializer).map(T::from)
}

/// A generated union: a JSON object with exactly one member set.
pub trait Union: Sized {
    /// The shape's name in the model, for error messages.
    const SHAPE: &'static str;

    /// Reads the value of member `name` from `map`; `None` when the value is `null`,
    /// which the JSON protocol treats as absent.
    fn read_member<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Option<Self>, A::Error>;
}

/// Reads a union member's value through codec `C`.
pub fn read_union_member<'de, A: MapAccess<'de>, T, C: Codec<T>>(map: &mut A) -> Result<Option<T>, A::Error> {
    map.next_value_seed(Seed::<Option<T>, Opt<C>>::default())
}

/// Skips the value of a member this version of the model does not know; `true` when
/// it was set (not `null`), so the union can report the member's name.
pub fn skip_unknown_union_member<'de, A: MapAccess<'de>>(map: &mut A) -> Result<bool, A::Error> {
    Ok(map.next_value::<Option<IgnoredAny>>()?.is_some())
}

/// Deserializes a union, requiring exactly one member that is set.
pub fn deserialize_union<'de, D: Deserializer<'de>, U: Union>(deserializer: D) -> Result<U, D::Error> {
    struct V<U>(PhantomData<U>);
    impl<'de, U: Union> de::Visitor<'de> for V<U> {
        type Value = U;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object with one member of union {}", U::SHAPE)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
            let mut found: Option<U> = None;
            while let Some(name) = map.next_key::<String>()? {
                // Some services echo the union's shape id as `__type`; it is not a member.
                if name == "__type" {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                if let Some(value) = U::read_member(&name, &mut map)? {
                    if found.is_some() {
                        return Err(de::Error::custom(format_args!(
                            "union {} has more than one member set",
                            U::SHAPE
                        )));
                    }
                    found = Some(value);
                }
            }
            found.ok_or_else(|| de::Error::custom(format_args!("union {} has no member set", U::SHAPE)))
        }
    }
    deserializer.deserialize_map(V(PhantomData))
}

/// Writes the one member of a union through codec `C`.
pub fn serialize_union_member<S: Serializer, T, C: Codec<T>>(
    serializer: S,
    name: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, &With::<T, C>::new(value))?;
    map.end()
}

/// A union member this version of the model does not know cannot be sent: its value
/// was not kept, only its name.
pub fn serialize_unknown_union_member<S: Serializer>(shape: &str, name: &str) -> Result<S::Ok, S::Error> {
    Err(serde::ser::Error::custom(format_args!(
        "cannot serialize member {name:?} of union {shape}: it is unknown to this client"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_read_back_exactly() {
        // Found by the property tests: without serde_json's `float_roundtrip`, these read
        // back one bit off.
        for value in [-2.702541159772777e-87_f64, 90071992547.58665, 5e-324, f64::MAX] {
            let wire = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<f64>(&wire).unwrap().to_bits(), value.to_bits(), "{wire}");
        }
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sample {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "serialize::<_, Opt<List<Rfc3339>>, _>",
            deserialize_with = "deserialize::<_, Opt<List<Rfc3339>>, _>"
        )]
        iso_list: Option<Vec<DateTime>>,
        #[serde(
            default = "crate::correction::default",
            serialize_with = "serialize::<_, Required<HttpDate>, _>",
            deserialize_with = "deserialize::<_, Required<HttpDate>, _>"
        )]
        http: DateTime,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        epoch: Option<DateTime>,
        #[serde(
            default = "crate::correction::default",
            deserialize_with = "deserialize::<_, Required<Plain>, _>"
        )]
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<Blob>,
    }

    #[test]
    fn codecs_compose_and_round_trip() {
        let json = r#"{"iso_list":["2019-02-11T18:30:00.123Z"],"http":"Mon, 11 Feb 2019 18:30:00 GMT","epoch":1549909800.5,"name":"n","data":"aGk="}"#;
        let v: Sample = serde_json::from_str(json).unwrap();
        assert_eq!(v.iso_list.as_ref().unwrap()[0].subsec_nanos(), 123_000_000);
        assert_eq!(v.data.as_ref().unwrap().as_ref(), b"hi");
        assert_eq!(serde_json::to_string(&v).unwrap(), json);
    }

    #[test]
    fn required_members_are_corrected_when_missing_or_null() {
        let v: Sample = serde_json::from_str(r#"{"http":null,"name":null}"#).unwrap();
        assert_eq!((v.http, v.name.as_str()), (DateTime::UNIX_EPOCH, ""));
        let v: Sample = serde_json::from_str("{}").unwrap();
        assert_eq!(v.iso_list, None);
        assert_eq!(v.epoch, None);
    }

    #[test]
    fn floats_carry_their_special_values_as_strings() {
        let write = |v: f64| serde_json::to_string(&With::<f64, Float>::new(&v)).unwrap();
        assert_eq!((write(f64::NAN), write(f64::INFINITY), write(f64::NEG_INFINITY), write(1.5)), ("\"NaN\"".into(), "\"Infinity\"".into(), "\"-Infinity\"".into(), "1.5".into()));
        let read = |j: &str| Float::deserialize(&mut serde_json::Deserializer::from_str(j)).map(|v: f32| v);
        assert!(read("\"NaN\"").unwrap().is_nan());
        assert_eq!(read("\"-Infinity\"").unwrap(), f32::NEG_INFINITY);
        assert_eq!(read("7").unwrap(), 7.0);
        assert!(read("\"nan\"").is_err());
    }

    #[test]
    fn timestamps_accept_every_format_and_reject_junk() {
        let read = |j: &str| serde_json::from_str::<DateTime>(j);
        assert_eq!(read("1549909800").unwrap().secs(), 1_549_909_800);
        assert_eq!(read("\"1549909800.25\"").unwrap().subsec_nanos(), 250_000_000);
        assert_eq!(read("\"2019-02-11T18:30:00Z\"").unwrap().secs(), 1_549_909_800);
        assert_eq!(read("\"Mon, 11 Feb 2019 18:30:00 GMT\"").unwrap().secs(), 1_549_909_800);
        assert!(read("\"yesterday\"").is_err());
        assert!(read("true").is_err());
        assert_eq!(serde_json::to_string(&DateTime::from_secs(5)).unwrap(), "5");
    }
}
