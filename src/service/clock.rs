//! The one source of "now" and "today" for every command and screen.
//!
//! `JUWU_NOW` fixes the clock (tests, trials, a demo on a given day). It
//! accepts a date (`2026-11-20`, meaning its first minute), a date and time
//! with or without seconds (`2026-11-20 09:30`, `2026-11-20T09:30:15`),
//! both in Beijing time, or RFC 3339 with an offset
//! (`2026-11-20T01:30:00Z`). An empty value counts as unset; anything else
//! is refused: [`check`] says so, and every front end calls it first.
//!
//! "Today" is the civil date in China (UTC+8, no daylight saving) of now,
//! the same day the domain dates acts by ([`crate::domain::workflow::civil_today`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// The variable that fixes the clock.
pub const VAR: &str = "JUWU_NOW";

/// The register's civil time: China, UTC+8.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// `JUWU_NOW` holds something that is not a time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "JUWU_NOW='{0}' is not a time: give a date (2026-11-20), a date and time in Beijing time (2026-11-20 09:30 or 2026-11-20T09:30:15), or RFC 3339 with an offset (2026-11-20T01:30:00Z); leave it empty for the clock"
)]
pub struct ClockError(pub String);

impl ClockError {
    pub fn message(&self, zh: bool) -> String {
        if zh {
            format!(
                "JUWU_NOW='{}' 不是时间：请给日期（2026-11-20）、北京时间的日期和时间（2026-11-20 09:30 或 2026-11-20T09:30:15），或带时区的 RFC 3339（2026-11-20T01:30:00Z）；留空则用系统时钟",
                self.0
            )
        } else {
            self.to_string()
        }
    }
}

/// Reads a `JUWU_NOW` value: `Ok(None)` when empty (the wall clock).
pub fn parse(value: &str) -> Result<Option<DateTime<Utc>>, ClockError> {
    let s = value.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(d.with_timezone(&Utc)));
    }
    let naive = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Some(d.and_time(NaiveTime::MIN))
    } else {
        [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    };
    naive
        .and_then(|n| beijing().from_local_datetime(&n).single())
        .map(|d| Some(d.with_timezone(&Utc)))
        .ok_or_else(|| ClockError(value.to_string()))
}

/// The time `JUWU_NOW` fixes, if it is set and not empty.
pub fn fixed() -> Result<Option<DateTime<Utc>>, ClockError> {
    match std::env::var(VAR) {
        Ok(v) => parse(&v),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(v)) => Err(ClockError(v.to_string_lossy().into_owned())),
    }
}

/// Refuses a `JUWU_NOW` that is not a time. Front ends call it before
/// anything else, so [`now`] never meets one.
pub fn check() -> Result<(), ClockError> {
    fixed().map(|_| ())
}

/// Now: `JUWU_NOW` if set, else the wall clock.
pub fn now() -> DateTime<Utc> {
    fixed().ok().flatten().unwrap_or_else(Utc::now)
}

/// Now on the wall clocks of the offices (Beijing time).
pub fn local() -> NaiveDateTime {
    local_of(now())
}

/// A moment on the offices' wall clocks.
pub fn local_of(now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&beijing()).naive_local()
}

/// Today: the civil date in China of [`now`].
pub fn today() -> NaiveDate {
    crate::domain::workflow::civil_today(now())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(
            parse("2026-11-20").unwrap(),
            Some(at("2026-11-19T16:00:00Z"))
        );
        assert_eq!(
            parse("2026-11-20 09:30").unwrap(),
            Some(at("2026-11-20T01:30:00Z"))
        );
        assert_eq!(
            parse("2026-11-20T09:30").unwrap(),
            Some(at("2026-11-20T01:30:00Z"))
        );
        assert_eq!(
            parse("2026-11-20T09:30:15").unwrap(),
            Some(at("2026-11-20T01:30:15Z"))
        );
        assert_eq!(
            parse("2026-11-20 09:30:15").unwrap(),
            Some(at("2026-11-20T01:30:15Z"))
        );
        assert_eq!(
            parse("2026-11-20T09:30:00+08:00").unwrap(),
            Some(at("2026-11-20T01:30:00Z"))
        );
        assert_eq!(
            parse("2026-11-20T01:30:00Z").unwrap(),
            Some(at("2026-11-20T01:30:00Z"))
        );
    }

    #[test]
    fn empty_is_unset_and_garbage_is_refused() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("  ").unwrap(), None);
        for bad in [
            "tomorrow",
            "2026-13-01",
            "2026/11/20",
            "2026-11-20 25:00",
            "20261120",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.0, bad);
            assert!(e.message(true).contains("不是时间"), "{bad}");
        }
    }

    #[test]
    fn today_is_the_beijing_date() {
        // 17:00 UTC is 01:00 the next day in Beijing.
        let n = parse("2026-11-20T17:00:00Z").unwrap().unwrap();
        assert_eq!(
            crate::domain::workflow::civil_today(n),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
        assert_eq!(local_of(n).to_string(), "2026-11-21 01:00:00");
    }
}
