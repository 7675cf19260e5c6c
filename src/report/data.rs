//! What the reports read about one office, gathered from a `Reader`, and the
//! schedule rules of DOMAIN.md computed from it at read time: which
//! scheduled disclosures fell due in a period and whether each was published
//! on time, late, or is missing.

use chrono::NaiveDate;

use crate::domain::records::*;
use crate::domain::{Calendar, Level, OfficeCode, Period};
use crate::store::query::OpinionState;
use crate::store::{Reader, StoreError};

/// One office's records as the reports need them.
#[derive(Debug, Clone)]
pub struct OfficeData {
    pub office: Office,
    pub settings: Settings,
    /// The day it is assessed from (`started_on`): its `init`, or the
    /// earliest date of the earlier registers it imported. Periods before
    /// it are not due.
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
        let started = crate::domain::schedule::office_start(
            first_event_on(r, code, today)?,
            imported_dates(&disclosures, opinions.iter().map(|o| &o.opinion)),
        );
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

/// The day office `code` is assessed from (`domain::schedule::office_start`):
/// the day of the first event of its log (`today` if it has none), moved
/// back to the earliest date of the earlier registers it imported. Periods
/// before it are not due.
pub fn started_on(
    r: &Reader,
    code: &OfficeCode,
    today: NaiveDate,
) -> Result<NaiveDate, StoreError> {
    let disclosures: Vec<Disclosure> = r
        .disclosures()?
        .into_iter()
        .filter(|d| &d.office == code && d.imported.is_some())
        .collect();
    let opinions: Vec<Opinion> = r
        .opinions()?
        .into_iter()
        .filter(|o| &o.office == code && o.source_ref.is_some())
        .collect();
    Ok(crate::domain::schedule::office_start(
        first_event_on(r, code, today)?,
        imported_dates(&disclosures, opinions.iter()),
    ))
}

/// The day of the first event of `code`'s log (`today` if it has none).
fn first_event_on(
    r: &Reader,
    code: &OfficeCode,
    today: NaiveDate,
) -> Result<NaiveDate, StoreError> {
    Ok(r.events(code.as_str(), 1, 1)?
        .first()
        .map(|e| e.env.recorded_at.date_naive())
        .unwrap_or(today))
}

/// The dates of the records brought in from earlier registers: imported
/// items' publication dates and imported opinions' receipt dates.
fn imported_dates<'a>(
    disclosures: &'a [Disclosure],
    opinions: impl Iterator<Item = &'a Opinion> + 'a,
) -> impl Iterator<Item = NaiveDate> + 'a {
    disclosures
        .iter()
        .filter(|d| d.imported.is_some())
        .filter_map(|d| d.publication.as_ref().map(|p| p.on))
        .chain(
            opinions
                .filter(|o| o.source_ref.is_some())
                .map(|o| o.received_on()),
        )
}

fn has_log(r: &Reader, code: &OfficeCode) -> bool {
    r.heads()
        .map(|h| h.contains_key(code.as_str()))
        .unwrap_or(false)
}

pub use crate::domain::schedule::{Sched, SchedState};

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

/// The scheduled disclosures of `d` whose due date falls inside `period`
/// (`domain::schedule`), each with the item that disclosed it.
pub fn scheduled(d: &OfficeData, period: &Period, today: NaiveDate) -> Vec<Scheduled> {
    let stmt_period = |id: &str| {
        d.statements
            .iter()
            .find(|s| s.statement.id == id)
            .map(|s| s.statement.period)
    };
    crate::domain::schedule::due_in(&d.settings, d.started, period)
        .into_iter()
        .map(|due| {
            let published = d
                .disclosures
                .iter()
                .filter(|x| x.status.was_published())
                .filter(|x| {
                    crate::domain::schedule::discloses_scheduled(
                        x,
                        due.kind.category(),
                        &due.covers,
                        x.fields.statement.as_deref().and_then(stmt_period),
                    )
                })
                .filter_map(|x| x.publication.as_ref().map(|p| (x.id.clone(), p.on)))
                .min_by_key(|(id, on)| (*on, id.clone()));
            Scheduled {
                kind: due.kind,
                covers: due.covers,
                due_on: due.due_on,
                state: SchedState::of(due.due_on, published.as_ref().map(|p| p.1), today),
                published,
            }
        })
        .collect()
}

/// The review lead time of an item submitted through juwu, in working days
/// (`domain::schedule::review_lead_days`: from submission to the planned
/// date as it stood then; publishing earlier never shortens it).
pub fn review_lead(x: &Disclosure, cal: &Calendar) -> Option<u32> {
    let s = x.submission.as_ref()?;
    Some(crate::domain::schedule::review_lead_days(
        cal,
        s.on,
        s.planned_on,
    ))
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
