//! The schedule rules of DOMAIN.md: which scheduled disclosures fall due in
//! a period and whether each was published on time, late, or is missing.
//! Finance statements (monthly or quarterly, by the office's setting) are
//! due by the `finance_due_day` of the next month or quarter; the quarterly
//! work report (a published `government` item covering that quarter) by the
//! `work_due_day` of the next quarter. Periods that ended before the office
//! started (`office_start`) are not due. Also here, once: what counts as
//! disclosed (`discloses_scheduled`) and the review lead time
//! (`review_lead_days`, `short_review`). Used by the submit form, Today and
//! every report.

use chrono::{Datelike, NaiveDate};

use super::calendar::Calendar;
use super::records::{Disclosure, Settings};
use super::types::{Category, Form, Frequency, Period, Scope};

/// Can residents see an item of `category` with `scope`? `public` always;
/// `residents` only for finance (the localities that put finance detail
/// before residents only); `internal` never.
pub fn scope_reaches_residents(scope: Scope, category: Category) -> bool {
    match scope {
        Scope::Public => true,
        Scope::Residents => category == Category::Finance,
        Scope::Internal => false,
    }
}

/// Is `form` one residents see? (Every form juwu knows today is; a new
/// form must be decided here.)
pub fn form_reaches_residents(form: Form) -> bool {
    match form {
        Form::Board
        | Form::TouchScreen
        | Form::Display
        | Form::Website
        | Form::Meeting
        | Form::MailboxLeaflet => true,
    }
}

/// Does the published item `x` disclose the scheduled `category`
/// disclosure covering `covers` (a month or quarter)? The one rule used by
/// Today and every report (DOMAIN.md "Schedule and deadlines"): residents
/// must be able to see it — scope `public` (or `residents` for finance),
/// through a form residents see (as published, or as drafted when the
/// publication names none) — and it must cover that period: a finance item
/// through the statement it discloses (`statement_period`, the period of
/// its statement: a finance item without one discloses nothing), any other
/// item through its own period. An internal item, or a finance item for a
/// year or a date range, is not the scheduled disclosure.
pub fn discloses_scheduled(
    x: &Disclosure,
    category: Category,
    covers: &Period,
    statement_period: Option<Period>,
) -> bool {
    let f = &x.fields;
    let forms = x
        .publication
        .as_ref()
        .map(|p| p.forms.as_slice())
        .filter(|fs| !fs.is_empty())
        .unwrap_or(f.forms.as_slice());
    f.category == category
        && scope_reaches_residents(f.scope, f.category)
        && forms.iter().any(|x| form_reaches_residents(*x))
        && if category == Category::Finance {
            statement_period == Some(*covers)
        } else {
            f.period == Some(*covers)
        }
}

/// The review lead time: working days from submission for review to the
/// planned publication date as it stood when the item was submitted.
/// Publishing earlier than planned, once approved, does not shorten it.
pub fn review_lead_days(cal: &Calendar, submitted_on: NaiveDate, planned_on: NaiveDate) -> u32 {
    cal.working_days_between(submitted_on, planned_on)
}

/// The lead time in working days if it is shorter than `required`
/// (submitting on `submitted_on` for publication on `planned_on` is late).
/// The one rule of the submit form's warning, Today and every report.
pub fn short_review(
    cal: &Calendar,
    submitted_on: NaiveDate,
    planned_on: NaiveDate,
    required: u32,
) -> Option<u32> {
    let days = review_lead_days(cal, submitted_on, planned_on);
    (days < required).then_some(days)
}

/// What a period with nothing due reads, in reports and on Today: never
/// 100 % compliant, never "all done".
pub fn nothing_due(zh: bool) -> &'static str {
    if zh {
        "无应公开事项"
    } else {
        "nothing due"
    }
}

/// The day an office is assessed from: the day it started keeping juwu
/// (`first_event`, its `init`), moved back to the earliest date of the
/// earlier registers it imported (`imported`: publication dates of
/// imported items, receipt dates of imported opinions).
pub fn office_start(
    first_event: NaiveDate,
    imported: impl IntoIterator<Item = NaiveDate>,
) -> NaiveDate {
    imported.into_iter().fold(first_event, NaiveDate::min)
}

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
