//! JSON, as AWS JSON 1.0/1.1 and rest-json bodies carry it.

mod read;
mod write;

pub use read::{from_slice, JsonReader, MAX_DEPTH};
pub use write::{to_vec, JsonWriter};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Member, Schema, TimestampFormat};
    use crate::shape::{self, ReadError, ShapeReader, ShapeWriter, Wire, WriteMembers, WriteResult};
    use crate::{Blob, DateTime};

    /// What generated code writes for a structure, by hand.
    #[derive(Debug, PartialEq)]
    struct Sample {
        iso_list: Option<Vec<DateTime>>,
        http: DateTime,
        epoch: Option<DateTime>,
        name: String,
        data: Option<Blob>,
        ratio: Option<f64>,
    }

    static ISO: Member = Member::named("member").timestamp(TimestampFormat::DateTime);
    static MEMBERS: [Member; 6] = [
        Member::new("IsoList", "iso_list").list(&ISO),
        Member::new("Http", "http").timestamp(TimestampFormat::HttpDate).required(),
        Member::new("Epoch", "epoch"),
        Member::new("Name", "name").required(),
        Member::new("Data", "data"),
        Member::new("Ratio", "ratio"),
    ];
    static SCHEMA: Schema = Schema::structure("Sample", &MEMBERS);

    impl crate::correction::ErrorCorrection for Sample {
        fn correction_default() -> Self {
            Sample { iso_list: None, http: DateTime::UNIX_EPOCH, epoch: None, name: String::new(), data: None, ratio: None }
        }
    }

    impl WriteMembers for Sample {
        fn write_members(&self, w: &mut dyn ShapeWriter) -> WriteResult {
            shape::write_opt(w, &MEMBERS[0], &self.iso_list)?;
            shape::write(w, &MEMBERS[1], &self.http)?;
            shape::write_opt(w, &MEMBERS[2], &self.epoch)?;
            shape::write(w, &MEMBERS[3], &self.name)?;
            shape::write_opt(w, &MEMBERS[4], &self.data)?;
            shape::write_opt(w, &MEMBERS[5], &self.ratio)
        }
    }

    impl Wire for Sample {
        fn write_value(&self, w: &mut dyn ShapeWriter, m: &Member) -> WriteResult {
            w.write_struct(m, &SCHEMA, self)
        }
        fn read_value(r: &mut dyn ShapeReader, m: &Member) -> Result<Self, ReadError> {
            shape::read_struct(r, m, &SCHEMA, |v: &mut Self, r, i| match i {
                0 => shape::read_opt(r, &MEMBERS[0], &mut v.iso_list),
                1 => shape::read(r, &MEMBERS[1], &mut v.http),
                2 => shape::read_opt(r, &MEMBERS[2], &mut v.epoch),
                3 => shape::read(r, &MEMBERS[3], &mut v.name),
                4 => shape::read_opt(r, &MEMBERS[4], &mut v.data),
                _ => shape::read_opt(r, &MEMBERS[5], &mut v.ratio),
            })
        }
    }

    #[test]
    fn members_round_trip_in_their_formats() {
        let json = r#"{"iso_list":["2019-02-11T18:30:00.123Z"],"http":"Mon, 11 Feb 2019 18:30:00 GMT","epoch":1549909800.5,"name":"n\"\u0001é","data":"aGk=","ratio":"-Infinity"}"#;
        let v: Sample = from_slice(json.as_bytes()).unwrap();
        assert_eq!(v.iso_list.as_ref().unwrap()[0].subsec_nanos(), 123_000_000);
        assert_eq!(v.data.as_ref().unwrap().as_ref(), b"hi");
        assert_eq!(v.name, "n\"\u{1}é");
        assert_eq!(String::from_utf8(to_vec(&v).unwrap()).unwrap(), json);
    }

    #[test]
    fn required_members_are_corrected_and_unknown_ones_skipped() {
        let v: Sample = from_slice(br#"{"http":null,"name":null,"other":{"a":[1,{"b":null}]},"epoch":null}"#).unwrap();
        assert_eq!(v, crate::correction::ErrorCorrection::correction_default());
        let v: Sample = from_slice(b" {} ").unwrap();
        assert_eq!(v.iso_list, None);
    }

    #[test]
    fn errors_name_the_member_and_what_was_wrong() {
        let err = from_slice::<Sample>(br#"{"iso_list":["2019-02-11T18:30:00Z", 5, "x"]}"#).unwrap_err();
        assert_eq!(err.path, "iso_list[2]");
        assert!(err.message.contains("invalid"), "{err}");
        let err = from_slice::<Sample>(br#"{"name": 5}"#).unwrap_err().to_string();
        assert!(err.starts_with("name: expected a string, found a number"), "{err}");
        assert!(from_slice::<Sample>(b"{} x").is_err());
        assert!(from_slice::<Sample>(br#"{"name":"a""#).is_err());
        assert!(from_slice::<Sample>(br#"{"name":"\ud800"}"#).is_err());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = from_slice::<Sample>(format!(r#"{{"other":{deep}}}"#).as_bytes()).unwrap_err();
        assert!(err.message.contains("nest"), "{err}");
    }

    #[test]
    fn floats_and_timestamps_take_every_wire_form() {
        assert_eq!(String::from_utf8(to_vec(&f64::NAN).unwrap()).unwrap(), "\"NaN\"");
        assert_eq!(String::from_utf8(to_vec(&1.5f32).unwrap()).unwrap(), "1.5");
        assert_eq!(String::from_utf8(to_vec(&DateTime::from_secs(5)).unwrap()).unwrap(), "5");
        assert!(from_slice::<f32>(b"\"NaN\"").unwrap().is_nan());
        assert!(from_slice::<f32>(b"\"nan\"").is_err());
        for value in [-2.702541159772777e-87_f64, 90071992547.58665, 5e-324, f64::MAX] {
            let wire = to_vec(&value).unwrap();
            assert_eq!(from_slice::<f64>(&wire).unwrap().to_bits(), value.to_bits());
        }
        let read = |j: &str| from_slice::<DateTime>(j.as_bytes());
        assert_eq!(read("1549909800").unwrap().secs(), 1_549_909_800);
        assert_eq!(read("\"1549909800.25\"").unwrap().subsec_nanos(), 250_000_000);
        assert_eq!(read("\"Mon, 11 Feb 2019 18:30:00 GMT\"").unwrap().secs(), 1_549_909_800);
        assert!(read("\"yesterday\"").is_err());
        assert!(read("true").is_err());
        assert!(from_slice::<i32>(b"1.0").is_err());
        assert!(from_slice::<i32>(b"4294967296").is_err());
    }
}
