//! The working-day calendar: official off days and make-up working days (调休)
//! per year, parsed from one TOML file per year. A year with no file falls back
//! to Monday–Friday and says so (`Calendar::missing_years`).
//!
//! Deadline rule: the receiving day is day 0; "within N working days" ends on
//! the N-th working day after it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::DomainError;
use super::error::CalendarProblem;

/// One year's official arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearCalendar {
    pub year: i32,
    pub source: String,
    /// Off days with the holiday's name.
    pub off: BTreeMap<NaiveDate, String>,
    /// Make-up working days (weekend days that are worked) with the holiday's name.
    pub work: BTreeMap<NaiveDate, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileYear {
    year: i32,
    #[serde(default)]
    source: String,
    #[serde(default)]
    holiday: Vec<FileHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileHoliday {
    name: String,
    /// Either one date or `[first, last]` inclusive.
    off: Vec<String>,
    #[serde(default)]
    work: Vec<String>,
}

impl YearCalendar {
    /// Parses a calendar file. `file` names it in error messages, which give
    /// the line of the problem.
    pub fn parse(file: &str, text: &str) -> Result<YearCalendar, DomainError> {
        let err = |line: usize, problem: CalendarProblem| DomainError::CalendarFile {
            file: file.to_string(),
            line,
            problem,
        };
        let fy: FileYear = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            err(line, CalendarProblem::Syntax(e.message().to_string()))
        })?;
        let mut cal = YearCalendar {
            year: fy.year,
            source: fy.source,
            ..Default::default()
        };
        // Locate a date string's line for messages about dates.
        let find_line = |needle: &str| text.find(needle).map(|i| line_of(text, i)).unwrap_or(1);
        let parse = |s: &str| -> Result<NaiveDate, DomainError> {
            let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| err(find_line(s), CalendarProblem::NotADate(s.to_string())))?;
            if d.year() != fy.year {
                return Err(err(
                    find_line(s),
                    CalendarProblem::NotInYear {
                        date: s.to_string(),
                        year: fy.year,
                    },
                ));
            }
            Ok(d)
        };
        for h in &fy.holiday {
            let (first, last) = match h.off.as_slice() {
                [one] => (parse(one)?, parse(one)?),
                [a, b] => (parse(a)?, parse(b)?),
                _ => {
                    return Err(err(
                        find_line(&h.name),
                        CalendarProblem::BadOff {
                            holiday: h.name.clone(),
                        },
                    ));
                }
            };
            if last < first {
                return Err(err(
                    find_line(&h.name),
                    CalendarProblem::OffBackwards {
                        holiday: h.name.clone(),
                    },
                ));
            }
            let mut d = first;
            while d <= last {
                cal.off.insert(d, h.name.clone());
                d = match d.succ_opt() {
                    Some(n) => n,
                    None => break,
                };
            }
            for w in &h.work {
                let d = parse(w)?;
                cal.work.insert(d, h.name.clone());
            }
        }
        Ok(cal)
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// The calendars known to this installation.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearCalendar>,
    off: BTreeSet<NaiveDate>,
    work: BTreeSet<NaiveDate>,
}

/// The official calendars shipped with juwu (from `sample-data/calendars`).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "calendars/2025.toml",
        include_str!("../../sample-data/calendars/2025.toml"),
    ),
    (
        "calendars/2026.toml",
        include_str!("../../sample-data/calendars/2026.toml"),
    ),
];

impl Calendar {
    /// The calendars shipped with juwu.
    pub fn builtin() -> Calendar {
        let mut c = Calendar::default();
        for (name, text) in BUILTIN {
            // The shipped files are parsed by a test; a broken one is a build bug.
            if let Ok(y) = YearCalendar::parse(name, text) {
                c.add(y);
            }
        }
        c
    }

    /// Adds (or replaces) a year.
    pub fn add(&mut self, y: YearCalendar) {
        if let Some(old) = self.years.remove(&y.year) {
            for d in old.off.keys() {
                self.off.remove(d);
            }
            for d in old.work.keys() {
                self.work.remove(d);
            }
        }
        self.off.extend(y.off.keys().copied());
        self.work.extend(y.work.keys().copied());
        self.years.insert(y.year, y);
    }

    pub fn year(&self, year: i32) -> Option<&YearCalendar> {
        self.years.get(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = &YearCalendar> {
        self.years.values()
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Is `d` a working day? Official off days are not, make-up days are;
    /// otherwise Monday to Friday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.off.contains(&d) {
            return false;
        }
        if self.work.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The N-th working day after `from` (day 0). `n = 0` gives `from` itself.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = match d.succ_opt() {
                Some(x) => x,
                None => return d,
            };
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days strictly after `from` up to and including `to`
    /// (0 when `to <= from`). Counts weekdays by arithmetic and corrects
    /// for the holidays and make-up days in the range, so it costs the
    /// same for a day as for years (an opinion years overdue is common in
    /// an old register, and lists compute this for every row).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let weekday = |d: &NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let days = (to - from).num_days();
        let mut n = (days / 7) * 5;
        let mut d = from + chrono::Duration::days((days / 7) * 7);
        while d < to {
            d = match d.succ_opt() {
                Some(x) => x,
                None => break,
            };
            if weekday(&d) {
                n += 1;
            }
        }
        let range = (
            std::ops::Bound::Excluded(from),
            std::ops::Bound::Included(to),
        );
        let off = self.off.range(range).filter(|d| weekday(d)).count() as i64;
        let work = self
            .work
            .range(range)
            .filter(|d| !weekday(d) && !self.off.contains(d))
            .count() as i64;
        (n - off + work).max(0) as u32
    }

    /// The day-by-day count `working_days_between` must equal (tests).
    #[doc(hidden)]
    pub fn working_days_between_slow(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = match d.succ_opt() {
                Some(x) => x,
                None => break,
            };
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }

    /// Years between `from` and `to` (inclusive) that have no calendar file:
    /// deadlines there fall back to Monday–Friday.
    pub fn missing_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        (from.year()..=to.year())
            .filter(|y| !self.years.contains_key(y))
            .collect()
    }

    /// The warning to show when a computation touched a year with no file.
    pub fn warning_for(&self, from: NaiveDate, to: NaiveDate) -> Option<String> {
        self.warning_in(from, to, false)
    }

    /// The same in Chinese when `zh`.
    pub fn warning_in(&self, from: NaiveDate, to: NaiveDate, zh: bool) -> Option<String> {
        let missing = self.missing_years(from, to);
        if missing.is_empty() {
            None
        } else {
            let ys: Vec<String> = missing.iter().map(|y| y.to_string()).collect();
            Some(if zh {
                format!(
                    "没有 {} 年的节假日日历：按周一至周五计算工作日（请添加 calendars/<年份>.toml）",
                    ys.join("、")
                )
            } else {
                format!(
                    "no holiday calendar for {}: counting Monday–Friday as working days (add calendars/<year>.toml)",
                    ys.join(", ")
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn builtin_files_parse() {
        for (name, text) in BUILTIN {
            YearCalendar::parse(name, text).unwrap();
        }
        let c = Calendar::builtin();
        assert!(c.has_year(2025) && c.has_year(2026));
    }

    #[test]
    fn official_off_and_make_up_days_2026() {
        let c = Calendar::builtin();
        // Spring Festival 2026: 02-15 .. 02-23 off, 02-14 (Sat) and 02-28 (Sat) worked.
        assert!(!c.is_working_day(d("2026-02-16"))); // a Monday, off
        assert!(!c.is_working_day(d("2026-02-23"))); // Monday, last day off
        assert!(c.is_working_day(d("2026-02-14"))); // Saturday, make-up day
        assert!(c.is_working_day(d("2026-02-28")));
        assert!(c.is_working_day(d("2026-01-04"))); // Sunday, make-up day
        assert!(!c.is_working_day(d("2026-10-07")));
        assert!(c.is_working_day(d("2026-10-10"))); // Saturday make-up
        assert!(c.is_working_day(d("2026-09-20"))); // Sunday make-up
        assert!(!c.is_working_day(d("2026-09-19"))); // plain Saturday
    }

    #[test]
    fn official_off_and_make_up_days_2025() {
        let c = Calendar::builtin();
        assert!(!c.is_working_day(d("2025-01-28")));
        assert!(c.is_working_day(d("2025-01-26"))); // Sunday make-up
        assert!(c.is_working_day(d("2025-02-08"))); // Saturday make-up
        assert!(!c.is_working_day(d("2025-10-08")));
        assert!(c.is_working_day(d("2025-10-11")));
        assert!(c.is_working_day(d("2025-04-27")));
    }

    #[test]
    fn deadline_rule_receiving_day_is_day_zero() {
        let c = Calendar::builtin();
        // Monday 2026-11-02 + 10 working days = Monday 2026-11-16.
        assert_eq!(c.add_working_days(d("2026-11-02"), 10), d("2026-11-16"));
        // Received Friday 2026-02-13: 02-14 (Sat, make-up) is day 1, then the
        // festival; 02-24 day 2 ... 02-28 (Sat, make-up) day 6, 03-02 day 7,
        // 03-03 day 8, 03-04 day 9, 03-05 day 10.
        assert_eq!(c.add_working_days(d("2026-02-13"), 10), d("2026-03-05"));
        // Across National Day 2026: received 09-30 (Wed).
        // 10-08 day1, 10-09 day2, 10-10 (Sat make-up) day3, 10-12 d4 .. 10-16 d8, 10-19 d9, 10-20 d10.
        assert_eq!(c.add_working_days(d("2026-09-30"), 10), d("2026-10-20"));
        assert_eq!(c.add_working_days(d("2026-09-30"), 0), d("2026-09-30"));
        assert_eq!(c.working_days_between(d("2026-09-30"), d("2026-10-20")), 10);
    }

    #[test]
    fn missing_year_falls_back_and_warns() {
        let c = Calendar::builtin();
        // 2027-01-01 is a Friday; without a file it counts as a working day.
        assert!(c.is_working_day(d("2027-01-01")));
        assert!(
            c.warning_for(d("2026-12-28"), d("2027-01-08"))
                .unwrap()
                .contains("2027")
        );
        assert!(c.warning_for(d("2026-01-01"), d("2026-12-31")).is_none());
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let text = "year = 2026\n\n[[holiday]]\nname = \"x\"\noff = [\"2026-01-01\"\n";
        let e = YearCalendar::parse("calendars/2026.toml", text)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("calendars/2026.toml") && e.contains("line"),
            "{e}"
        );
        let text = "year = 2026\n[[holiday]]\nname = \"x\"\noff = [\"2026-02-30\"]\n";
        let e = YearCalendar::parse("c.toml", text).unwrap_err().to_string();
        assert!(e.contains("c.toml:4") || e.contains("line 4"), "{e}");
    }
    #[test]
    fn working_days_between_equals_counting_day_by_day() {
        let cal = Calendar::builtin();
        let base = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
        let mut x: u64 = 7;
        for _ in 0..3000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = base + chrono::Duration::days(((x >> 33) % 800) as i64);
            let len = ((x >> 13) % 900) as i64 - 20;
            let b = a + chrono::Duration::days(len);
            assert_eq!(
                cal.working_days_between(a, b),
                cal.working_days_between_slow(a, b),
                "{a} .. {b}"
            );
        }
    }
}
