//! What the reports read about one office, gathered from a `Reader`, and the
//! schedule rules of DOMAIN.md computed from it at read time: which
//! scheduled disclosures fell due in a period and whether each was published
//! on time, late, or is missing.

use chrono::{Datelike, NaiveDate};

use crate::domain::records::*;
use crate::domain::{Calendar, Category, Frequency, Level, OfficeCode, Period};
use crate::store::query::OpinionState;
use crate::store::{Reader, StoreError};

/// One office's records as the reports need them.
#[derive(Debug, Clone)]
pub struct OfficeData {
    pub office: Office,
    pub settings: Settings,
    /// The day of the first event of its log: periods before it are not
    /// counted as missing (the office did not keep juwu then).
    pub started: NaiveDate,
    pub disclosures: Vec<Disclosure>,
    pub opinions: Vec<OpinionState>,
    pub replies: Vec<Reply>,
    pub statements: Vec<StatementView>,
    /// Checks whose target is this office, with the resolutions of findings.
    pub checks: Vec<Check>,
    pub resolutions: Vec<Resolution>,
}

impl OfficeData {
    pub fn load(
        r: &Reader,
        code: &OfficeCode,
        cal: &Calendar,
        today: NaiveDate,
    ) -> Result<Option<OfficeData>, StoreError> {
        let Some(office) = r.office(code)? else {
            return Ok(None);
        };
        let started = r
            .events(code.as_str(), 1, 1)?
            .first()
            .map(|e| e.env.recorded_at.date_naive())
            .unwrap_or(today);
        let mine = |id: &str| crate::domain::types::office_of_id(id) == code.as_str();
        let disclosures: Vec<Disclosure> = r
            .disclosures()?
            .into_iter()
            .filter(|d| &d.office == code)
            .collect();
        let mut opinions = vec![];
        for o in r.opinions()?.into_iter().filter(|o| &o.office == code) {
            opinions.push(r.opinion_state(o, cal, today)?);
        }
        let replies = r
            .replies()?
            .into_iter()
            .filter(|x| mine(&x.opinion))
            .collect();
        let checks = r
            .checks()?
            .into_iter()
            .filter(|c| &c.target == code)
            .collect();
        Ok(Some(OfficeData {
            settings: r.settings(code)?,
            started,
            disclosures,
            opinions,
            replies,
            statements: r.statement_views(code)?,
            checks,
            resolutions: r.resolutions()?,
            office,
        }))
    }

    pub fn resolution(&self, check: &str, n: u32) -> Option<&Resolution> {
        self.resolutions
            .iter()
            .find(|r| r.check == check && r.finding == n)
    }
}

/// The offices a cross-office report covers: `only` if given, else every
/// community and workstation this database holds (its own and those
/// imported from bundles), else its own office.
pub fn offices_for(r: &Reader, only: Option<&OfficeCode>) -> Result<Vec<OfficeCode>, StoreError> {
    if let Some(c) = only {
        return Ok(vec![c.clone()]);
    }
    let mut out: Vec<OfficeCode> = r
        .offices()?
        .into_iter()
        .filter(|o| matches!(o.level, Level::Community | Level::Workstation))
        .filter(|o| r.own_code() == Some(&o.code) || has_log(r, &o.code))
        .map(|o| o.code)
        .collect();
    if out.is_empty()
        && let Some(c) = r.own_code()
    {
        out.push(c.clone());
    }
    Ok(out)
}

fn has_log(r: &Reader, code: &OfficeCode) -> bool {
    r.heads()
        .map(|h| h.contains_key(code.as_str()))
        .unwrap_or(false)
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

/// One scheduled disclosure that fell due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub kind: Sched,
    pub covers: Period,
    pub due_on: NaiveDate,
    /// The item that disclosed it (the first published) and when.
    pub published: Option<(String, NaiveDate)>,
    pub state: SchedState,
}

fn with_day(p: &Period, day: u32) -> NaiveDate {
    let s = p.start();
    NaiveDate::from_ymd_opt(s.year(), s.month(), day.clamp(1, 28)).unwrap_or(s)
}

/// The scheduled disclosures of `d` whose due date falls inside `period`:
/// finance statements (monthly or quarterly, by the office's setting) due by
/// the `finance_due_day` of the next month or quarter, and the quarterly
/// work report (a published `government` item covering that quarter) due by
/// the `work_due_day` of the next quarter.
pub fn scheduled(d: &OfficeData, period: &Period, today: NaiveDate) -> Vec<Scheduled> {
    let mut out = vec![];
    // Candidate covered periods: from a year before the report period.
    let first = period.start() - chrono::Duration::days(400);
    let mut m = Period::month_of(first);
    let mut q = Period::quarter_of(first);
    let mut fin: Vec<Period> = vec![];
    let mut work: Vec<Period> = vec![];
    while m.start() <= period.end() {
        if d.settings.finance_frequency == Frequency::Monthly {
            fin.push(m);
        }
        m = m.next();
    }
    while q.start() <= period.end() {
        if d.settings.finance_frequency == Frequency::Quarterly {
            fin.push(q);
        }
        work.push(q);
        q = q.next();
    }
    let stmt_period = |id: &str| {
        d.statements
            .iter()
            .find(|s| s.statement.id == id)
            .map(|s| s.statement.period)
    };
    let mut add = |kind: Sched, covers: Period, due_day: u32| {
        let due_on = with_day(&covers.next(), due_day);
        if !period.contains(due_on) || covers.end() < d.started {
            return;
        }
        let published = d
            .disclosures
            .iter()
            .filter(|x| x.status.was_published())
            .filter(|x| {
                let category = match kind {
                    Sched::Finance => Category::Finance,
                    Sched::Work => Category::Government,
                };
                crate::domain::records::discloses_scheduled(
                    &x.fields,
                    category,
                    &covers,
                    x.fields.statement.as_deref().and_then(stmt_period),
                )
            })
            .filter_map(|x| x.publication.as_ref().map(|p| (x.id.clone(), p.on)))
            .min_by_key(|(id, on)| (*on, id.clone()));
        let state = match &published {
            Some((_, on)) if *on <= due_on => SchedState::OnTime,
            Some(_) => SchedState::Late,
            None if today > due_on => SchedState::Missing,
            None => SchedState::Pending,
        };
        out.push(Scheduled {
            kind,
            covers,
            due_on,
            published,
            state,
        });
    };
    for p in fin {
        add(Sched::Finance, p, d.settings.finance_due_day);
    }
    for p in work {
        add(Sched::Work, p, d.settings.work_due_day);
    }
    out.sort_by_key(|a| (a.due_on, a.kind));
    out
}

/// Working days between submission for review and publication (the actual
/// date, or the planned one if earlier), for an item submitted through juwu.
pub fn review_lead(x: &Disclosure, cal: &Calendar) -> Option<u32> {
    let s = x.submission.as_ref()?;
    let until = match &x.publication {
        Some(p) => p.on.min(s.planned_on),
        None => s.planned_on,
    };
    Some(cal.working_days_between(s.on, until))
}

/// The day a correction superseded `x`, if it did.
pub fn superseded_on(d: &OfficeData, x: &Disclosure) -> Option<NaiveDate> {
    let by = x.superseded_by.as_deref()?;
    d.disclosures
        .iter()
        .find(|c| c.id == by)
        .and_then(|c| c.publication.as_ref().map(|p| p.on))
}

/// When a published item stopped being posted: archived or superseded.
pub fn taken_down_on(d: &OfficeData, x: &Disclosure) -> Option<NaiveDate> {
    match (x.archived_on, superseded_on(d, x)) {
        (Some(a), Some(s)) => Some(a.min(s)),
        (a, s) => a.or(s),
    }
}
