//! Running a report, once for both front ends: which offices it covers,
//! their data, the document, and the calendar warning in the user's
//! language (`juwu report` and the Reports screen call the same code, so
//! they cannot drift apart).

use chrono::NaiveDate;

use crate::domain::{Calendar, OfficeCode, Period};
use crate::i18n::Lang;
use crate::report::data::{OfficeData, offices_for};
use crate::report::doc::Doc;
use crate::store::{Reader, StoreError};

use super::error::{Error, Result};

/// The reports, in the order the Reports screen steps through them.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Which {
    /// The report to the residents' meeting for a period.
    #[default]
    Supervision,
    /// Unanswered opinions past their due date.
    Overdue,
    /// Each schedule rule met or not, per office.
    Compliance,
    /// The finance statement of a period.
    Finance,
}

impl Which {
    pub const ALL: [Which; 4] = [
        Which::Supervision,
        Which::Overdue,
        Which::Compliance,
        Which::Finance,
    ];

    /// As `juwu report NAME` spells it (and the file name starts).
    pub fn name(self) -> &'static str {
        match self {
            Which::Supervision => "supervision",
            Which::Overdue => "overdue",
            Which::Compliance => "compliance",
            Which::Finance => "finance",
        }
    }

    /// Reports over every office held unless one is named.
    pub fn cross_office(self) -> bool {
        matches!(self, Which::Overdue | Which::Compliance)
    }
}

/// The offices a report covers: every community held for the
/// cross-office reports, else `office` or this office (none: empty).
pub fn offices(
    r: &Reader,
    which: Which,
    office: Option<&OfficeCode>,
) -> Result<Vec<OfficeCode>, StoreError> {
    if which.cross_office() {
        offices_for(r, office)
    } else {
        Ok(office.or(r.own_code()).into_iter().cloned().collect())
    }
}

/// The report of `ds` (the covered offices' data) as a document, with the
/// calendar warning of the period in `lang`; `None` for a one-office
/// report without an office.
pub fn doc(
    r: &Reader,
    which: Which,
    ds: &[OfficeData],
    period: &Period,
    cal: &Calendar,
    today: NaiveDate,
    lang: Lang,
) -> Option<Doc> {
    let zh = lang.zh();
    let doc = match which {
        Which::Compliance => {
            Some(crate::report::compliance::compliance(ds, period, cal, today).doc(zh))
        }
        Which::Overdue => Some(crate::report::overdue::overdue(ds, Some(period), today).doc(zh)),
        Which::Supervision => ds
            .first()
            .map(|d| crate::report::supervision::supervision(d, period, cal, today).doc(zh)),
        Which::Finance => ds.first().map(|d| {
            let by = |id: &str| r.statement_locked_by(id).ok().flatten();
            crate::report::finance::finance(d, period, by).doc(zh)
        }),
    }?;
    Some(warned(doc, period, cal, today, lang))
}

/// `doc` with the calendar warning of the period, if any.
fn warned(mut doc: Doc, period: &Period, cal: &Calendar, today: NaiveDate, lang: Lang) -> Doc {
    if let Some(w) = calendar_warning(cal, period.start(), period.end().max(today), lang) {
        doc.subtitle.push(w);
    }
    doc
}

/// Builds a report as `juwu report` prints it: an office named that is not
/// held is refused.
pub fn build(
    r: &Reader,
    which: Which,
    period: &Period,
    office: Option<&OfficeCode>,
    cal: &Calendar,
    today: NaiveDate,
    lang: Lang,
) -> Result<Doc> {
    let codes = offices(r, which, office)?;
    if codes.is_empty() && !which.cross_office() {
        return Err(Error::NeedsOffice);
    }
    let load = |c: &OfficeCode| match OfficeData::load(r, c, cal, today)? {
        Some(d) => Ok(d),
        None => Err(Error::UnknownOffice(c.clone())),
    };
    // The cross-office reports are built an office at a time: one
    // office's records in memory, never the whole street's.
    let one = std::slice::from_ref;
    let doc = match which {
        Which::Compliance => {
            let mut all = crate::report::compliance::compliance(&[], period, cal, today);
            for c in &codes {
                let d = load(c)?;
                let part = crate::report::compliance::compliance(one(&d), period, cal, today);
                all.offices.extend(part.offices);
            }
            all.doc(lang.zh())
        }
        Which::Overdue => {
            let mut parts = vec![];
            for c in &codes {
                parts.push(crate::report::overdue::overdue(
                    one(&load(c)?),
                    Some(period),
                    today,
                ));
            }
            crate::report::overdue::Overdue::merge(today, Some(period), parts).doc(lang.zh())
        }
        Which::Supervision | Which::Finance => {
            let ds = codes.iter().map(load).collect::<Result<Vec<_>>>()?;
            return doc(r, which, &ds, period, cal, today, lang).ok_or(Error::NeedsOffice);
        }
    };
    Ok(warned(doc, period, cal, today, lang))
}

/// The warning that working days between `from` and `to` are counted
/// Monday to Friday for want of a holiday calendar, in `lang`.
pub fn calendar_warning(
    cal: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Option<String> {
    cal.warning_in(from, to, lang.zh())
}
