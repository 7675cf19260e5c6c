//! The schedule rules of DOMAIN.md: which scheduled disclosures fall due in
//! a period and whether each was published on time, late, or is missing.
//! Finance statements (monthly or quarterly, by the office's setting) are
//! due by the `finance_due_day` of the next month or quarter; the quarterly
//! work report (a published `government` item covering that quarter) by the
//! `work_due_day` of the next quarter. Periods that ended before the office
//! started keeping juwu are not due. Used by Today and by every report.

use chrono::{Datelike, NaiveDate};

use super::records::Settings;
use super::types::{Category, Frequency, Period};

/// What kind of scheduled disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sched {
    /// The finance statement of a month or quarter.
    Finance,
    /// The work plan and progress report of a quarter.
    Work,
}

impl Sched {
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Sched::Finance, true) => "财务收支公开",
            (Sched::Finance, false) => "finance statement",
            (Sched::Work, true) => "季度工作计划及进展",
            (Sched::Work, false) => "quarterly work report",
        }
    }

    /// The category of the item that discloses it.
    pub fn category(self) -> Category {
        match self {
            Sched::Finance => Category::Finance,
            Sched::Work => Category::Government,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchedState {
    OnTime,
    Late,
    Missing,
    /// Not published yet and not yet due.
    Pending,
}

impl SchedState {
    /// How a disclosure due on `due_on`, first published on `published`,
    /// stands on `today`.
    pub fn of(due_on: NaiveDate, published: Option<NaiveDate>, today: NaiveDate) -> SchedState {
        match published {
            Some(on) if on <= due_on => SchedState::OnTime,
            Some(_) => SchedState::Late,
            None if today > due_on => SchedState::Missing,
            None => SchedState::Pending,
        }
    }

    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (SchedState::OnTime, true) => "按时",
            (SchedState::OnTime, false) => "on time",
            (SchedState::Late, true) => "逾期公开",
            (SchedState::Late, false) => "late",
            (SchedState::Missing, true) => "未公开",
            (SchedState::Missing, false) => "missing",
            (SchedState::Pending, true) => "未到期",
            (SchedState::Pending, false) => "not yet due",
        }
    }
}

/// One scheduled disclosure falling due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub kind: Sched,
    pub covers: Period,
    pub due_on: NaiveDate,
}

fn with_day(p: &Period, day: u32) -> NaiveDate {
    let s = p.start();
    NaiveDate::from_ymd_opt(s.year(), s.month(), day.clamp(1, 28)).unwrap_or(s)
}

/// The scheduled disclosures of an office with `settings`, which started
/// keeping juwu on `started`, whose due date falls inside `period`, by due
/// date.
pub fn due_in(settings: &Settings, started: NaiveDate, period: &Period) -> Vec<Due> {
    // Candidate covered periods: from a year before the period.
    let first = period.start() - chrono::Duration::days(400);
    let mut m = Period::month_of(first);
    let mut q = Period::quarter_of(first);
    let mut fin: Vec<Period> = vec![];
    let mut work: Vec<Period> = vec![];
    while m.start() <= period.end() {
        if settings.settings_for(&m).finance_frequency == Frequency::Monthly {
            fin.push(m);
        }
        m = m.next();
    }
    while q.start() <= period.end() {
        if settings.settings_for(&q).finance_frequency == Frequency::Quarterly {
            fin.push(q);
        }
        work.push(q);
        q = q.next();
    }
    let due = |kind: Sched, covers: Period, due_day: u32| {
        let due_on = with_day(&covers.next(), due_day);
        (period.contains(due_on) && covers.end() >= started).then_some(Due {
            kind,
            covers,
            due_on,
        })
    };
    let mut out: Vec<Due> = fin
        .into_iter()
        .filter_map(|p| due(Sched::Finance, p, settings.settings_for(&p).finance_due_day))
        .chain(
            work.into_iter()
                .filter_map(|p| due(Sched::Work, p, settings.settings_for(&p).work_due_day)),
        )
        .collect();
    out.sort_by_key(|a| (a.due_on, a.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_before_the_start_are_not_due() {
        let s = Settings::default();
        let nov = Period::month_of(ymd(2026, 11, 1));
        // Started in November: October's statement is not due in November.
        let due = due_in(&s, ymd(2026, 11, 20), &nov);
        assert!(
            due.iter().all(|d| d.covers.end() >= ymd(2026, 11, 20)),
            "{due:?}"
        );
        let due = due_in(&s, ymd(2026, 1, 5), &nov);
        assert!(due.iter().any(|d| d.kind == Sched::Finance), "{due:?}");
    }
}
