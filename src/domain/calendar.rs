//! The working-day calendar: official off days and make-up working days (调休)
//! per year, parsed from one TOML file per year. A year with no file is
//! *provisional*: its statutory holidays are computed from the national rules
//! (`statutory_holidays`: the lunar dates and the Qingming solar term come
//! from the `tyme4rs` crate), weekends are off, and the make-up working days
//! are unknown. Every date reckoned across such a year is marked provisional
//! (`Calendar::provisional_between`, `MarkedDate`) and the warning says how to
//! add the official file (`CalendarNote`).
//!
//! Deadline rule: the receiving day is day 0; "within N working days" ends on
//! the N-th working day after it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

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

/// A statutory holiday of the national rules (全国年节及纪念日放假办法, in
/// force from 2025): 元旦 1 day, 春节 4 (New Year's Eve to the 3rd day of the
/// lunar year), 清明 1 (the solar term's day), 劳动节 2, 端午 1, 中秋 1, 国庆 3.
/// Earlier years follow the rules then in force (`Rules::of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Statutory {
    NewYear,
    SpringFestival,
    Qingming,
    LabourDay,
    DragonBoat,
    MidAutumn,
    NationalDay,
}

impl Statutory {
    /// The name in the user's language.
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Statutory::NewYear, true) => "元旦",
            (Statutory::NewYear, false) => "New Year's Day",
            (Statutory::SpringFestival, true) => "春节",
            (Statutory::SpringFestival, false) => "Spring Festival",
            (Statutory::Qingming, true) => "清明节",
            (Statutory::Qingming, false) => "Qingming",
            (Statutory::LabourDay, true) => "劳动节",
            (Statutory::LabourDay, false) => "Labour Day",
            (Statutory::DragonBoat, true) => "端午节",
            (Statutory::DragonBoat, false) => "Dragon Boat Festival",
            (Statutory::MidAutumn, true) => "中秋节",
            (Statutory::MidAutumn, false) => "Mid-Autumn Festival",
            (Statutory::NationalDay, true) => "国庆节",
            (Statutory::NationalDay, false) => "National Day",
        }
    }

    /// The name as the official calendar files write it (both languages).
    pub fn file_name(self) -> &'static str {
        match self {
            Statutory::NewYear => "元旦 New Year",
            Statutory::SpringFestival => "春节 Spring Festival",
            Statutory::Qingming => "清明节 Qingming",
            Statutory::LabourDay => "劳动节 Labour Day",
            Statutory::DragonBoat => "端午节 Dragon Boat",
            Statutory::MidAutumn => "中秋节 Mid-Autumn",
            Statutory::NationalDay => "国庆节 National Day",
        }
    }
}

/// The years `tyme4rs` computes lunar dates and solar terms for; outside
/// them no holiday is computed (weekends only, still provisional).
const COMPUTABLE: std::ops::RangeInclusive<i32> = 1..=9999;

/// The national rules in force in a year: what `statutory_holidays` counts.
struct Rules {
    /// New Year's Eve is off.
    eve: bool,
    /// Days off from the 1st day of the lunar year on.
    spring: i64,
    /// 1 May and the days after it.
    labour: u32,
    /// 清明, 端午 and 中秋 are holidays.
    lunar_festivals: bool,
}

impl Rules {
    fn of(year: i32) -> Rules {
        match year {
            // The 2024 amendment, in force from 2025: 春节 and 劳动节 one day longer.
            2025.. => Rules {
                eve: true,
                spring: 3,
                labour: 2,
                lunar_festivals: true,
            },
            // 国务院令第644号 (2013): New Year's Eve no longer a holiday.
            2014..=2024 => Rules {
                eve: false,
                spring: 3,
                labour: 1,
                lunar_festivals: true,
            },
            // 国务院令第513号 (2007): 清明, 端午, 中秋 added; 劳动节 1 day.
            2008..=2013 => Rules {
                eve: true,
                spring: 2,
                labour: 1,
                lunar_festivals: true,
            },
            // The 1999 rules (and, for lack of better, any year before).
            _ => Rules {
                eve: false,
                spring: 3,
                labour: 3,
                lunar_festivals: false,
            },
        }
    }
}

/// The statutory holidays of `year` computed from the national rules in
/// force that year: the days off by law, without the bridging days and
/// make-up working days (调休) that only the State Council's yearly notice
/// fixes. When two fall on one day (中秋 on 1 October) the day counts once.
pub fn statutory_holidays(year: i32) -> BTreeMap<NaiveDate, Statutory> {
    let mut out = BTreeMap::new();
    if !COMPUTABLE.contains(&year) {
        return out;
    }
    let rules = Rules::of(year);
    let y = year as isize;
    let solar = |s: SolarDay| {
        NaiveDate::from_ymd_opt(
            s.get_year() as i32,
            s.get_month() as u32,
            s.get_day() as u32,
        )
    };
    // `LunarDay::new` validates (a day past the month's end is an error,
    // not a panic); month 5 and 8 are the ordinary, not the leap, months.
    let lunar = |month: isize, day: usize| {
        LunarDay::new(y, month, day)
            .ok()
            .and_then(|l| solar(l.get_solar_day()))
    };
    let mut put = |d: Option<NaiveDate>, h: Statutory| {
        if let Some(d) = d.filter(|d| d.year() == year) {
            out.entry(d).or_insert(h);
        }
    };
    put(NaiveDate::from_ymd_opt(year, 1, 1), Statutory::NewYear);
    // New Year's Eve is the last day of the 12th month (29th or 30th): the
    // day before the 1st of the 1st month.
    if let Some(first) = lunar(1, 1) {
        let from = if rules.eve { -1 } else { 0 };
        for k in from..rules.spring {
            put(Some(first + Duration::days(k)), Statutory::SpringFestival);
        }
    }
    if rules.lunar_festivals {
        // Solar term 7 of the year counted from the winter solstice before
        // it (index 0) is 清明.
        put(
            solar(SolarTerm::from_index(y, 7).get_solar_day()),
            Statutory::Qingming,
        );
    }
    for d in 1..=rules.labour {
        put(NaiveDate::from_ymd_opt(year, 5, d), Statutory::LabourDay);
    }
    if rules.lunar_festivals {
        put(lunar(5, 5), Statutory::DragonBoat);
        put(lunar(8, 15), Statutory::MidAutumn);
    }
    for d in 1..=3 {
        put(NaiveDate::from_ymd_opt(year, 10, d), Statutory::NationalDay);
    }
    out
}

/// `statutory_holidays`, computed once per year per process (it is a pure
/// function of the year; lists ask for it on every row).
fn computed(year: i32) -> Arc<BTreeMap<NaiveDate, Statutory>> {
    static MEMO: Mutex<BTreeMap<i32, Arc<BTreeMap<NaiveDate, Statutory>>>> =
        Mutex::new(BTreeMap::new());
    let mut memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
    memo.entry(year)
        .or_insert_with(|| Arc::new(statutory_holidays(year)))
        .clone()
}

impl YearCalendar {
    /// The provisional calendar of a year with no official file: the
    /// statutory holidays, no make-up working days (unknown).
    pub fn provisional(year: i32) -> YearCalendar {
        YearCalendar {
            year,
            source: String::new(),
            off: computed(year)
                .iter()
                .map(|(d, h)| (*d, h.file_name().to_string()))
                .collect(),
            work: BTreeMap::new(),
        }
    }
}

/// A reckoned date and whether it was reckoned across a provisional year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedDate {
    pub date: NaiveDate,
    pub provisional: bool,
}

impl MarkedDate {
    /// "2027-01-15（暂定）" / "2027-01-15 (provisional)"; a date on official
    /// calendars is the bare date.
    pub fn label(&self, zh: bool) -> String {
        if self.provisional {
            format!("{}{}", self.date, CalendarNote::ProvisionalMark.message(zh))
        } else {
            self.date.to_string()
        }
    }
}

/// What juwu says about its calendars, in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarNote {
    /// After a provisional date.
    ProvisionalMark,
    /// A computation touched these years, which have no official file.
    ProvisionalYears(Vec<i32>),
    /// The heading of a year shown from the national rules.
    ComputedYear(i32),
    /// In place of a provisional year's make-up working days.
    MakeUpDaysUnknown,
}

impl CalendarNote {
    pub fn message(&self, zh: bool) -> String {
        match self {
            CalendarNote::ProvisionalMark => if zh { "（暂定）" } else { " (provisional)" }.into(),
            CalendarNote::ProvisionalYears(years) => {
                let file = match years.as_slice() {
                    [one] => format!("{one}.toml"),
                    _ => if zh { "<年份>.toml" } else { "<year>.toml" }.to_string(),
                };
                let ys: Vec<String> = years.iter().map(|y| y.to_string()).collect();
                if zh {
                    format!(
                        "没有 {} 年的官方节假日安排：相关日期为暂定，按国家法定节假日规则推算（调休上班日未知）；官方安排公布后，请将 {file} 放入数据库旁的 calendars 文件夹（格式同 sample-data/calendars）",
                        ys.join("、")
                    )
                } else {
                    format!(
                        "no holiday calendar for {}: dates there are provisional, computed from the national holiday rules (make-up working days unknown); when the official arrangement is published, put {file} in the calendars folder beside the database (format as in sample-data/calendars)",
                        ys.join(", ")
                    )
                }
            }
            CalendarNote::ComputedYear(year) => {
                if zh {
                    format!("{year}（暂定：按国家法定节假日规则推算）")
                } else {
                    format!("{year} (provisional: computed from the national holiday rules)")
                }
            }
            CalendarNote::MakeUpDaysUnknown => if zh {
                "  未知（由国务院办公厅每年的通知确定）"
            } else {
                "  unknown (the State Council's yearly notice sets them)"
            }
            .into(),
        }
    }
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
    /// otherwise Monday to Friday, except, in a year with no official file,
    /// the statutory holidays computed from the national rules.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.off.contains(&d) {
            return false;
        }
        if self.work.contains(&d) {
            return true;
        }
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        self.years.contains_key(&d.year()) || !computed(d.year()).contains_key(&d)
    }

    /// Does `year` have an official calendar file? If not, its working days
    /// are provisional.
    pub fn is_official(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Is `d` in a year with no official file?
    pub fn is_provisional(&self, d: NaiveDate) -> bool {
        !self.is_official(d.year())
    }

    /// Does a reckoning from `from` to `to` (either order) cross a year with
    /// no official file? Then its result is provisional.
    pub fn provisional_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let (a, b) = (from.min(to), from.max(to));
        (a.year()..=b.year()).any(|y| !self.is_official(y))
    }

    /// `date`, reckoned from `from`, with its provisional mark: what a
    /// screen, slip or report shows for a due date.
    pub fn marked(&self, from: NaiveDate, date: NaiveDate) -> MarkedDate {
        MarkedDate {
            date,
            provisional: self.provisional_between(from, date),
        }
    }

    /// `add_working_days` with the provisional mark.
    pub fn add_working_days_marked(&self, from: NaiveDate, n: u32) -> MarkedDate {
        self.marked(from, self.add_working_days(from, n))
    }

    /// The year's official calendar, or the provisional one computed from
    /// the national rules (`is_official` tells which).
    pub fn year_or_provisional(&self, year: i32) -> YearCalendar {
        match self.years.get(&year) {
            Some(y) => y.clone(),
            None => YearCalendar::provisional(year),
        }
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
        let provisional_off: i64 = (from.year().max(*COMPUTABLE.start())
            ..=to.year().min(*COMPUTABLE.end()))
            .filter(|y| !self.years.contains_key(y))
            .map(|y| computed(y).range(range).filter(|(d, _)| weekday(d)).count() as i64)
            .sum();
        (n - off - provisional_off + work).max(0) as u32
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
    /// dates reckoned there are provisional.
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
            Some(CalendarNote::ProvisionalYears(missing).message(zh))
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
    fn missing_year_is_provisional_with_computed_holidays_and_warns() {
        let c = Calendar::builtin();
        // 2027-01-01 is a Friday; without a file it is 元旦 all the same.
        assert!(!c.is_working_day(d("2027-01-01")));
        assert!(c.is_working_day(d("2027-01-04")));
        assert!(!c.is_working_day(d("2027-01-02"))); // weekends still off
        // Received Monday 2026-12-28: 12-29 d1, 12-30 d2, 12-31 d3, (01-01
        // off, weekend) 01-04 d4, 01-05 d5.
        let due = c.add_working_days_marked(d("2026-12-28"), 5);
        assert_eq!(due.date, d("2027-01-05"));
        assert!(due.provisional);
        assert_eq!(due.label(true), "2027-01-05（暂定）");
        assert_eq!(due.label(false), "2027-01-05 (provisional)");
        let official = c.add_working_days_marked(d("2026-12-01"), 5);
        assert!(!official.provisional);
        assert_eq!(official.label(true), official.date.to_string());
        assert!(c.is_official(2026) && !c.is_official(2027));
        assert!(c.is_provisional(d("2027-03-01")) && !c.is_provisional(d("2026-03-01")));
        assert!(c.provisional_between(d("2027-01-05"), d("2026-12-28")));
        assert!(!c.provisional_between(d("2025-01-05"), d("2026-12-28")));
        let w = c.warning_for(d("2026-12-28"), d("2027-01-08")).unwrap();
        assert!(
            w.contains("no holiday calendar for 2027")
                && w.contains("provisional")
                && w.contains("2027.toml")
                && w.contains("calendars folder beside the database"),
            "{w}"
        );
        let w = c
            .warning_in(d("2026-12-28"), d("2027-01-08"), true)
            .unwrap();
        assert!(w.contains("暂定") && w.contains("2027.toml"), "{w}");
        assert!(c.warning_for(d("2026-01-01"), d("2026-12-31")).is_none());
    }

    #[test]
    fn spring_festival_2027_is_computed_from_the_lunar_calendar() {
        let c = Calendar::builtin();
        // Lunar new year 2027 is Saturday 2027-02-06; its eve (the 30th of
        // the 12th month, 2027-02-05) to the 3rd day (02-08) are off.
        let h = statutory_holidays(2027);
        let spring: Vec<NaiveDate> = h
            .iter()
            .filter(|(_, x)| **x == Statutory::SpringFestival)
            .map(|(d, _)| *d)
            .collect();
        assert_eq!(
            spring,
            vec![
                d("2027-02-05"),
                d("2027-02-06"),
                d("2027-02-07"),
                d("2027-02-08")
            ]
        );
        for day in ["2027-02-05", "2027-02-08"] {
            assert!(!c.is_working_day(d(day)), "{day}");
        }
        assert!(c.is_working_day(d("2027-02-04")) && c.is_working_day(d("2027-02-09")));
        // The other holidays of 2027: 清明 is the solar term's day.
        for (day, want) in [
            ("2027-04-05", Statutory::Qingming),
            ("2027-05-03", Statutory::LabourDay),
            ("2027-06-09", Statutory::DragonBoat),
            ("2027-09-15", Statutory::MidAutumn),
            ("2027-10-01", Statutory::NationalDay),
        ] {
            if want == Statutory::LabourDay {
                assert!(!h.contains_key(&d(day)), "{day}: 劳动节 is May 1-2");
                assert!(h.get(&d("2027-05-01")) == Some(&want));
            } else {
                assert_eq!(h.get(&d(day)), Some(&want), "{day}");
            }
        }
        assert_eq!(h.len(), 13);
        assert!(!c.is_working_day(d("2027-04-05"))); // a Monday
        assert!(!c.is_working_day(d("2027-06-09"))); // a Wednesday
        let shown = c.year_or_provisional(2027);
        assert_eq!(shown.off.len(), 13);
        assert!(shown.work.is_empty());
    }

    /// The statutory days computed for a year with an official file are
    /// days off in that file, and the file's other weekday off days are
    /// exactly paid for by its make-up working days, or stand in for a
    /// statutory day that fell on a weekend (补休): nothing else differs.
    #[test]
    fn computed_holidays_equal_the_official_files_2025_and_2026() {
        for (name, text) in BUILTIN {
            let file = YearCalendar::parse(name, text).unwrap();
            let computed = statutory_holidays(file.year);
            assert_eq!(computed.len(), 13, "{}", file.year);
            for (day, h) in &computed {
                assert!(
                    file.off.contains_key(day),
                    "{day} ({h:?}) is not off in {name}"
                );
                // Same holiday (国庆 and 中秋 share a block in 2025).
                let file_name = &file.off[day];
                let first_word = h.file_name().split(' ').next().unwrap();
                assert!(
                    file_name.contains(first_word.trim_end_matches('节')),
                    "{day}: {file_name} vs {first_word}"
                );
            }
            let weekday = |d: &NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            let extra_weekdays = file
                .off
                .keys()
                .filter(|d| weekday(d) && !computed.contains_key(d))
                .count();
            let on_weekends = computed.keys().filter(|d| !weekday(d)).count();
            assert_eq!(
                extra_weekdays,
                file.work.len() + on_weekends,
                "{name}: bridging days other than make-up swaps and 补休"
            );
        }
    }

    /// Before 2025 the rules then in force apply. Checked against the
    /// official arrangements 2002-2024 as tabulated by tyme4rs
    /// (`LEGAL_HOLIDAY_DATA`: `YYYYMMDD`, `1` off / `0` worked, ...).
    #[test]
    fn computed_holidays_follow_the_rules_in_force_2002_to_2024() {
        let data = tyme4rs::tyme::holiday::LEGAL_HOLIDAY_DATA;
        let mut off: BTreeSet<NaiveDate> = BTreeSet::new();
        for rec in data.as_bytes().chunks(13) {
            let rec = std::str::from_utf8(rec).unwrap();
            if &rec[8..9] == "1" {
                off.insert(NaiveDate::parse_from_str(&rec[..8], "%Y%m%d").unwrap());
            }
        }
        assert!(off.len() > 400);
        // The bridging days of those years followed no one pattern (a
        // 元旦 swap worked in December, 补休 rules, 2015's 抗战胜利日, the 2020
        // extension): the days computed are the right number and all off.
        for year in 2002..=2024 {
            let computed = statutory_holidays(year);
            let want = match year {
                2008..=2024 => 11,
                _ => 10,
            };
            // 中秋 on 1-3 October (2009) counts once.
            let shared = 3 - computed
                .values()
                .filter(|h| **h == Statutory::NationalDay)
                .count();
            assert_eq!(computed.len(), want - shared, "{year}");
            for (day, h) in &computed {
                assert!(off.contains(day), "{day} ({h:?}) is not off in {year}");
            }
        }
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
