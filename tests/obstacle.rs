//! The obstacle-course crate compiles (it is a workspace member) and behaves: keywords,
//! prelude names, odd enum values, unions, cycles, redaction and every timestamp format.

use botogen_runtime::codec::json;
use botogen_runtime::shape::{ReadError, Wire, WriteError};
use botogen_runtime::{Blob, DateTime};
use obstacle_course::error::{Box as BoxError, Error as ErrorShape, SecretFailure};
use obstacle_course::input::RunCourseInput;
use obstacle_course::output::Result as ResultShape;
use obstacle_course::types::{ChainA, ChainB, Choice, Option as OptionShape, SecretThing, Tree, Unknown, Version};
use serde_json::json;

/// A value as the JSON wire writes it.
fn to_value<T: Wire>(value: &T) -> Result<serde_json::Value, WriteError> {
    json::to_vec(value).map(|bytes| serde_json::from_slice(&bytes).expect("the codec writes JSON"))
}

/// A value read from the JSON wire.
fn from_value<T: Wire>(value: serde_json::Value) -> Result<T, ReadError> {
    json::from_slice(value.to_string().as_bytes())
}

fn to_string<T: Wire>(value: &T) -> Result<String, WriteError> {
    json::to_vec(value).map(|bytes| String::from_utf8(bytes).expect("the codec writes UTF-8"))
}

#[test]
fn keyword_and_case_colliding_members_serialize_under_their_wire_names() {
    let input = RunCourseInput::new("t", "lane")
        .with_self_(1)
        .with_match(true)
        .with_self_2(2)
        .with_value(1.5)
        .with_value_2(2.5)
        .with_payload(Blob::new(*b"hi"));
    assert_eq!(input.r#type, "t");
    assert_eq!(
        to_value(&input).unwrap(),
        json!({"type": "t", "self": 1, "match": true, "Self": 2, "Lane": "lane", "Value": 1.5, "value": 2.5, "Payload": "aGk="})
    );
    let back: RunCourseInput = from_value(to_value(&input).unwrap()).unwrap();
    assert_eq!(back, input);
}

#[test]
fn shapes_named_like_the_prelude_are_usable() {
    let option = OptionShape::new().with_some("s");
    assert_eq!(to_value(&option).unwrap(), json!({"Some": "s"}));
    let parsed: OptionShape = from_value(json!({"None": "n", "Ok": "o", "Err": "e"})).unwrap();
    assert_eq!((parsed.none.as_deref(), parsed.ok.as_deref(), parsed.err.as_deref()), (Some("n"), Some("o"), Some("e")));
}

#[test]
fn odd_enum_values_get_distinct_variants_and_round_trip() {
    let cases = [
        (Version::V1_0, "1.0"),
        (Version::V10, "10"),
        (Version::AB, "a-b"),
        (Version::AB2, "a_b"),
        (Version::Lowercase, "lowercase"),
        (Version::Unknown2, "UNKNOWN"),
        (Version::Self_, "Self"),
        (Version::Type, "type"),
        (Version::Value, ""),
    ];
    for (variant, wire) in &cases {
        assert_eq!(variant.as_str(), *wire);
        assert_eq!(&Version::from(*wire), variant);
        assert_eq!(wire.parse::<Version>().unwrap(), *variant);
        assert_eq!(to_value(variant).unwrap(), json!(wire));
        assert_eq!(from_value::<Version>(json!(wire)).unwrap(), *variant);
    }
    assert_eq!(Version::VALUES, ["1.0", "10", "a-b", "a_b", "lowercase", "UNKNOWN", "Self", "type", ""]);
    let future = Version::from("2.0");
    assert_eq!(future, Version::Unknown("2.0".into()));
    assert_eq!(future.to_string(), "2.0");
    assert_eq!(to_string(&future).unwrap(), "\"2.0\"");
    // Equality is by wire value, so a hand-built Unknown of a known value still matches.
    assert_eq!(Version::Unknown("1.0".into()), Version::V1_0);
    // An enum shape named Unknown with a value named Unknown.
    assert_eq!(Unknown::from("Unknown"), Unknown::Unknown2);
    assert_eq!(Unknown::from("other"), Unknown::Unknown("other".into()));
}

#[test]
fn enum_keyed_maps_and_nested_lists() {
    let json = json!({"type": "t", "Lane": "l", "ByVersion": {"1.0": ["a-b"], "zzz": []}, "Versions": ["lowercase", "new"]});
    let input: RunCourseInput = from_value(json.clone()).unwrap();
    let map = input.by_version.as_ref().unwrap();
    assert_eq!(map[&Version::V1_0], vec![Version::AB]);
    assert!(map.contains_key(&Version::Unknown("zzz".into())));
    assert_eq!(to_value(&input).unwrap(), json);
}

#[test]
fn unions_take_exactly_one_member_and_keep_unknown_names() {
    let read = |v: serde_json::Value| from_value::<Choice>(v);
    assert_eq!(read(json!({"Text": "x"})).unwrap(), Choice::Text("x".into()));
    assert_eq!(read(json!({"Nested": {"Number": 3}})).unwrap(), Choice::Nested(Box::new(Choice::Number(3))));
    assert_eq!(read(json!({"Text": null, "Number": 2})).unwrap(), Choice::Number(2));
    assert_eq!(read(json!({"Unknown": "member named Unknown"})).unwrap(), Choice::Unknown2("member named Unknown".into()));
    assert_eq!(read(json!({"Future": {"a": 1}})).unwrap(), Choice::Unknown("Future".into()));
    assert!(read(json!({"Text": "x", "Number": 2})).unwrap_err().to_string().contains("more than one member"));
    assert!(read(json!({})).unwrap_err().to_string().contains("no member set"));
    assert!(to_string(&Choice::Unknown("Future".into())).unwrap_err().to_string().contains("unknown to this client"));
    let when = Choice::When(DateTime::from_rfc3339("2024-01-02T03:04:05.5Z").unwrap());
    assert_eq!(to_value(&when).unwrap(), json!({"When": "2024-01-02T03:04:05.500Z"}));
    assert_eq!(read(json!({"When": "2024-01-02T03:04:05.500Z"})).unwrap(), when);
}

#[test]
fn each_timestamp_format_is_honoured() {
    let t = DateTime::from_secs_and_nanos(1_549_909_800, 123_000_000);
    let mut result = ResultShape::new(t, 7);
    result.iso = Some(t);
    result.http = Some(DateTime::from_secs(1_549_909_800));
    result.iso_list = Some(vec![t]);
    result.iso_map = Some([("k".to_string(), t)].into());
    let json = json!({
        "At": 1549909800.123,
        "Iso": "2019-02-11T18:30:00.123Z",
        "Http": "Mon, 11 Feb 2019 18:30:00 GMT",
        "IsoList": ["2019-02-11T18:30:00.123Z"],
        "IsoMap": {"k": "2019-02-11T18:30:00.123Z"},
        "Count": 7
    });
    assert_eq!(to_value(&result).unwrap(), json);
    assert_eq!(from_value::<ResultShape>(json).unwrap(), result);
    // Required members a response leaves out are corrected, not fatal.
    let empty: ResultShape = from_value(json!({})).unwrap();
    assert_eq!((empty.at, empty.count), (DateTime::UNIX_EPOCH, 0));
}

#[test]
fn sensitive_values_never_reach_debug_or_display() {
    const SECRET: &str = "hunter2-very-secret";
    let input = RunCourseInput::new("t", "lane")
        .with_password(SECRET)
        .with_secret_list(vec![SECRET.to_string()])
        .with_secret(SecretThing::new().with_pin(SECRET))
        .with_choice(Choice::Secret(SECRET.into()));
    let debug = format!("{input:?} {:#?}", input);
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("*** Sensitive Data Redacted ***"));
    assert!(debug.contains("lane"), "non-sensitive members stay visible: {debug}");
    let failure = SecretFailure::new().with_message(SECRET);
    assert_eq!(failure.to_string(), "SecretFailure");
    assert!(!format!("{failure:?}").contains(SECRET));
}

#[test]
fn errors_display_their_message() {
    let error = ErrorShape::new().with_message("boom");
    assert_eq!(error.to_string(), "Error: boom");
    assert_eq!(ErrorShape::new().to_string(), "Error");
    assert_eq!(BoxError::new("too fast").to_string(), "Box: too fast");
    let as_dyn: &dyn std::error::Error = &error;
    assert!(as_dyn.source().is_none());
}

#[test]
fn cycles_through_structures_are_boxed_and_through_lists_are_not() {
    let chain = ChainA::new().with_next(ChainB::new(ChainA::new().with_myself(ChainA::new())));
    let json = to_value(&chain).unwrap();
    assert_eq!(json, json!({"Next": {"Back": {"Myself": {}}}}));
    assert_eq!(from_value::<ChainA>(json).unwrap(), chain);
    let tree = Tree::new().with_children(vec![Tree::new().with_label("leaf")]);
    let back: Tree = from_value(to_value(&tree).unwrap()).unwrap();
    assert_eq!(back, tree);
}

#[test]
fn documents_hold_any_json() {
    let doc = json!({"nested": [1, "two", null, {"three": 3.5}]});
    let input: RunCourseInput = from_value(json!({"type": "t", "Lane": "l", "Anything": doc})).unwrap();
    assert_eq!(input.anything, Some(doc));
}
