//! A UTC instant with nanosecond resolution, and the three wire formats botocore models use.
//!
//! A small type of our own instead of a date-time crate: the generated crates need only
//! an instant and three fixed formats, and this keeps their build light. Convert to and
//! from [`std::time::SystemTime`] to reach any date-time library.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time, UTC, as seconds and nanoseconds since the Unix epoch.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    secs: i64,
    /// Always below 1_000_000_000, also for instants before the epoch.
    nanos: u32,
}

/// Why a date-time string or number could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: &'static str,
    reason: String,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} timestamp: {}", self.format, self.reason)
    }
}

impl std::error::Error for DateTimeParseError {}

fn parse_error(format: &'static str, reason: impl Into<String>) -> DateTimeParseError {
    DateTimeParseError { format, reason: reason.into() }
}

// Range kept to years 0001..=9999 so every instant has a four-digit RFC 3339 form.
pub(crate) const MIN_SECS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
pub(crate) const MAX_SECS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl DateTime {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: DateTime = DateTime { secs: 0, nanos: 0 };

    /// An instant a whole number of seconds from the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// An instant from seconds and a sub-second part; `nanos` beyond one second carries over.
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        DateTime { secs: secs + (nanos / 1_000_000_000) as i64, nanos: nanos % 1_000_000_000 }
    }

    /// An instant from fractional epoch seconds, as the JSON wire carries them.
    ///
    /// The fraction is rounded to the microsecond: an `f64` near today's epoch has a
    /// resolution of about 0.24 µs, so finer digits are noise from binary floating point.
    /// Any value with at most six decimals comes back exactly from [`Self::as_secs_f64`].
    pub fn from_secs_f64(value: f64) -> Result<Self, DateTimeParseError> {
        if !value.is_finite() {
            return Err(parse_error("epoch-seconds", format!("{value} is not finite")));
        }
        let floor = value.floor();
        if floor < MIN_SECS as f64 || floor > MAX_SECS as f64 {
            return Err(parse_error("epoch-seconds", format!("{value} is out of range")));
        }
        let micros = ((value - floor) * 1e6).round() as u32;
        Ok(DateTime::from_secs_and_nanos(floor as i64, micros * 1_000))
    }

    /// Whole seconds since the epoch (rounded toward negative infinity).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// The nanoseconds past [`Self::secs`], in `0..1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// This instant cut to whole milliseconds, all of it that an HTTP-date carries.
    pub const fn truncated_to_millis(&self) -> DateTime {
        DateTime { secs: self.secs, nanos: self.nanos / 1_000_000 * 1_000_000 }
    }

    /// Fractional seconds since the epoch; exact to the microsecond for present-day instants.
    pub fn as_secs_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    /// Reads an RFC 3339 / ISO 8601 date-time such as `2019-02-11T18:30:00.123Z` or
    /// `2019-02-11T20:30:00+02:00`. Fractions of any length are accepted; digits past
    /// nanoseconds are dropped.
    pub fn from_rfc3339(text: &str) -> Result<Self, DateTimeParseError> {
        const F: &str = "RFC 3339";
        let b = text.as_bytes();
        let err = |why: &str| parse_error(F, format!("{why} in {text:?}"));
        if b.len() < 20 {
            return Err(err("too short"));
        }
        let year = digits(b, 0, 4).ok_or_else(|| err("bad year"))?;
        expect(b, 4, b'-').ok_or_else(|| err("expected '-' after year"))?;
        let month = digits(b, 5, 2).ok_or_else(|| err("bad month"))?;
        expect(b, 7, b'-').ok_or_else(|| err("expected '-' after month"))?;
        let day = digits(b, 8, 2).ok_or_else(|| err("bad day"))?;
        if !matches!(b[10], b'T' | b't' | b' ') {
            return Err(err("expected 'T' between date and time"));
        }
        let hour = digits(b, 11, 2).ok_or_else(|| err("bad hour"))?;
        expect(b, 13, b':').ok_or_else(|| err("expected ':' after hour"))?;
        let minute = digits(b, 14, 2).ok_or_else(|| err("bad minute"))?;
        expect(b, 16, b':').ok_or_else(|| err("expected ':' after minute"))?;
        let second = digits(b, 17, 2).ok_or_else(|| err("bad second"))?;
        let mut pos = 19;
        let mut nanos: u32 = 0;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while pos < b.len() && b[pos].is_ascii_digit() {
                if pos - start < 9 {
                    nanos = nanos * 10 + u32::from(b[pos] - b'0');
                }
                pos += 1;
            }
            if pos == start {
                return Err(err("empty fraction"));
            }
            for _ in (pos - start).min(9)..9 {
                nanos *= 10;
            }
        }
        let offset_secs: i64 = match b.get(pos) {
            Some(b'Z' | b'z') if pos + 1 == b.len() => 0,
            Some(&sign @ (b'+' | b'-')) if pos + 6 == b.len() => {
                let oh = digits(b, pos + 1, 2).ok_or_else(|| err("bad offset hour"))?;
                expect(b, pos + 3, b':').ok_or_else(|| err("expected ':' in offset"))?;
                let om = digits(b, pos + 4, 2).ok_or_else(|| err("bad offset minute"))?;
                if oh > 23 || om > 59 {
                    return Err(err("offset out of range"));
                }
                let off = oh * 3600 + om * 60;
                if sign == b'+' {
                    off
                } else {
                    -off
                }
            }
            _ => return Err(err("expected 'Z' or a UTC offset at the end")),
        };
        let secs = civil_to_secs(year, month, day, hour, minute, second).map_err(|why| parse_error(F, format!("{why} in {text:?}")))?
            - offset_secs;
        Self::checked(secs, nanos, F)
    }

    /// Reads an IMF-fixdate (RFC 7231 HTTP-date), such as `Mon, 11 Feb 2019 18:30:00 GMT`.
    /// A fractional second (`18:30:00.123`) is accepted, as Smithy's protocol tests send it.
    pub fn from_http_date(text: &str) -> Result<Self, DateTimeParseError> {
        const F: &str = "HTTP-date";
        let err = |why: &str| parse_error(F, format!("{why} in {text:?}"));
        let rest = text.get(5..).filter(|_| text.get(3..5) == Some(", ")).ok_or_else(|| err("expected a weekday"))?;
        if !WEEKDAYS.contains(&&text[..3]) {
            return Err(err("unknown weekday"));
        }
        let mut parts = rest.split(' ');
        let (Some(d), Some(mon), Some(y), Some(time), Some("GMT"), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err("expected 'DD Mon YYYY HH:MM:SS GMT'"));
        };
        let day = parse_exact(d, 2).ok_or_else(|| err("bad day"))?;
        let month = MONTHS.iter().position(|m| *m == mon).ok_or_else(|| err("unknown month"))? as i64 + 1;
        let year = parse_exact(y, 4).ok_or_else(|| err("bad year"))?;
        let (hms, frac) = time.split_once('.').map_or((time, None), |(a, b)| (a, Some(b)));
        let tb = hms.as_bytes();
        if tb.len() != 8 || tb[2] != b':' || tb[5] != b':' {
            return Err(err("bad time of day"));
        }
        let hour = digits(tb, 0, 2).ok_or_else(|| err("bad hour"))?;
        let minute = digits(tb, 3, 2).ok_or_else(|| err("bad minute"))?;
        let second = digits(tb, 6, 2).ok_or_else(|| err("bad second"))?;
        let nanos = match frac {
            None => 0,
            Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|c| c.is_ascii_digit()) => {
                f.parse::<u32>().map_err(|_| err("bad fraction"))? * 10u32.pow(9 - f.len() as u32)
            }
            Some(_) => return Err(err("bad fraction")),
        };
        let secs = civil_to_secs(year, month, day, hour, minute, second).map_err(|why| parse_error(F, format!("{why} in {text:?}")))?;
        Self::checked(secs, nanos, F)
    }

    /// Formats as RFC 3339 in UTC: `2019-02-11T18:30:00Z`, with the shortest fraction of
    /// 3, 6 or 9 digits that is exact (`…00.123Z`).
    pub fn to_rfc3339(&self) -> String {
        let (year, month, day, hour, minute, second) = secs_to_civil(self.secs);
        let mut out = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
        push_fraction(&mut out, self.nanos);
        out.push('Z');
        out
    }

    /// Formats as an IMF-fixdate: `Mon, 11 Feb 2019 18:30:00 GMT`, with a millisecond
    /// fraction only when the instant has one.
    pub fn to_http_date(&self) -> String {
        let (year, month, day, hour, minute, second) = secs_to_civil(self.secs);
        let weekday = WEEKDAYS[self.secs.div_euclid(86_400).rem_euclid(7) as usize];
        let mut out = format!("{weekday}, {day:02} {} {year:04} {hour:02}:{minute:02}:{second:02}", MONTHS[month as usize - 1]);
        if self.nanos != 0 {
            out.push_str(&format!(".{:03}", self.nanos / 1_000_000));
        }
        out.push_str(" GMT");
        out
    }

    /// Year, month, day, hour, minute and second in UTC.
    pub(crate) fn civil(&self) -> (i64, i64, i64, i64, i64, i64) {
        secs_to_civil(self.secs)
    }

    fn checked(secs: i64, nanos: u32, format: &'static str) -> Result<Self, DateTimeParseError> {
        if !(MIN_SECS..=MAX_SECS).contains(&secs) {
            return Err(parse_error(format, "out of range (years 0001 to 9999)"));
        }
        Ok(DateTime { secs, nanos })
    }
}

fn push_fraction(out: &mut String, nanos: u32) {
    if nanos == 0 {
    } else if nanos % 1_000_000 == 0 {
        out.push_str(&format!(".{:03}", nanos / 1_000_000));
    } else if nanos % 1_000 == 0 {
        out.push_str(&format!(".{:06}", nanos / 1_000));
    } else {
        out.push_str(&format!(".{nanos:09}"));
    }
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0i64, |acc, c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
}

fn parse_exact(s: &str, len: usize) -> Option<i64> {
    (s.len() == len).then(|| digits(s.as_bytes(), 0, len)).flatten()
}

fn expect(b: &[u8], at: usize, c: u8) -> Option<()> {
    (b.get(at) == Some(&c)).then_some(())
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since the epoch for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn civil_to_secs(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Result<i64, &'static str> {
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("day out of range");
    }
    // A leap second (:60) is folded into the next second, as most platforms do.
    if hour > 23 || minute > 59 || second > 60 {
        return Err("time of day out of range");
    }
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn secs_to_civil(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime::from_secs_and_nanos(d.as_secs() as i64, d.subsec_nanos()),
            Err(before) => {
                let d = before.duration();
                let (secs, nanos) = (d.as_secs() as i64, d.subsec_nanos());
                if nanos == 0 {
                    DateTime::from_secs(-secs)
                } else {
                    DateTime::from_secs_and_nanos(-secs - 1, 1_000_000_000 - nanos)
                }
            }
        }
    }
}

impl From<DateTime> for SystemTime {
    fn from(time: DateTime) -> Self {
        if time.secs >= 0 {
            UNIX_EPOCH + Duration::new(time.secs as u64, time.nanos)
        } else {
            UNIX_EPOCH - Duration::from_secs(time.secs.unsigned_abs()) + Duration::from_nanos(u64::from(time.nanos))
        }
    }
}

impl std::str::FromStr for DateTime {
    type Err = DateTimeParseError;

    /// Parses RFC 3339, the format [`Display`](fmt::Display) writes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::from_rfc3339(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_and_normalises_offsets() {
        let t = DateTime::from_rfc3339("2019-02-11T18:30:00.123Z").unwrap();
        assert_eq!(t.secs(), 1_549_909_800);
        assert_eq!(t.subsec_nanos(), 123_000_000);
        assert_eq!(t.to_rfc3339(), "2019-02-11T18:30:00.123Z");
        let off = DateTime::from_rfc3339("2019-02-11T20:30:00.123+02:00").unwrap();
        assert_eq!(off, t);
        assert_eq!(DateTime::from_rfc3339("1969-12-31T23:59:59.5Z").unwrap().as_secs_f64(), -0.5);
        assert_eq!(DateTime::from_rfc3339("2000-02-29T00:00:00.000001Z").unwrap().to_rfc3339(), "2000-02-29T00:00:00.000001Z");
        assert_eq!(DateTime::from_rfc3339("2000-01-01T00:00:00.1234567891Z").unwrap().subsec_nanos(), 123_456_789);
    }

    #[test]
    fn rfc3339_rejects_bad_input_without_panicking() {
        for bad in [
            "",
            "2019-02-11",
            "2019-02-30T00:00:00Z",
            "2019-13-01T00:00:00Z",
            "2019-02-11T24:00:00Z",
            "2019-02-11T18:30:00",
            "2019-02-11T18:30:00.Z",
            "2019-02-11T18:30:00+2:00",
            "２０１９-02-11T18:30:00Z",
            "2019-02-11T18:30:00Zjunk",
        ] {
            assert!(DateTime::from_rfc3339(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn http_date_round_trips() {
        let t = DateTime::from_http_date("Mon, 11 Feb 2019 18:30:00 GMT").unwrap();
        assert_eq!(t.secs(), 1_549_909_800);
        assert_eq!(t.to_http_date(), "Mon, 11 Feb 2019 18:30:00 GMT");
        assert_eq!(DateTime::from_secs(0).to_http_date(), "Thu, 01 Jan 1970 00:00:00 GMT");
        let frac = DateTime::from_http_date("Tue, 29 Apr 2014 18:30:38.123 GMT").unwrap();
        assert_eq!(frac.to_http_date(), "Tue, 29 Apr 2014 18:30:38.123 GMT");
        assert!(DateTime::from_http_date("Mon, 11 Foo 2019 18:30:00 GMT").is_err());
        assert!(DateTime::from_http_date("Mon 11 Feb 2019 18:30:00 GMT").is_err());
        assert!(DateTime::from_http_date("Mo").is_err());
    }

    #[test]
    fn epoch_fractions_keep_microseconds() {
        let t = DateTime::from_secs_f64(1_549_909_800.123).unwrap();
        assert_eq!(t.subsec_nanos(), 123_000_000);
        assert_eq!(t.as_secs_f64(), 1_549_909_800.123);
        let t = DateTime::from_secs_f64(1_549_909_800.654321).unwrap();
        assert_eq!(t.as_secs_f64(), 1_549_909_800.654321);
        let neg = DateTime::from_secs_f64(-1.25).unwrap();
        assert_eq!((neg.secs(), neg.subsec_nanos()), (-2, 750_000_000));
        assert!(DateTime::from_secs_f64(f64::NAN).is_err());
        assert!(DateTime::from_secs_f64(1e300).is_err());
    }

    #[test]
    fn civil_conversion_agrees_over_four_centuries() {
        let mut days = days_from_civil(1800, 1, 1);
        for year in 1800..2200 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(civil_from_days(days), (year, month, day));
                    assert_eq!(days_from_civil(year, month, day), days);
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn system_time_round_trips_before_and_after_epoch() {
        for t in [DateTime::from_secs_and_nanos(1_549_909_800, 5), DateTime::from_secs_and_nanos(-10, 999_999_999)] {
            assert_eq!(DateTime::from(SystemTime::from(t)), t);
        }
    }
}
