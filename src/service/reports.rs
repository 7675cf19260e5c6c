//! Running a report, once for both front ends: which offices it covers,
//! their data, the document, and the calendar warning in the user's
//! language (`juwu report` and the Reports screen call the same code, so
//! they cannot drift apart).

use chrono::NaiveDate;

use crate::domain::records::{Office, Settings};
use crate::domain::types::office_of_id;
use crate::domain::{Calendar, OfficeCode, Period};
use crate::exchange::registers::Register;
use crate::i18n::Lang;
use crate::report::data::{OfficeData, offices_for};
use crate::report::doc::{Cell, Doc, Table};
use crate::report::print::{BookHead, book_html};
use crate::report::receipt::Receipt;
use crate::store::query::OpinionState;
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

/// The office's phone as the receipt slip prints it, from the office's
/// settings. The settings hold no phone number yet, so there is none to
/// print: the slip then says the office set none instead of showing a blank.
pub fn office_phone(settings: &Settings) -> Option<String> {
    let _ = settings;
    None
}

/// The receipt slip of an opinion as of its state, for the command line and
/// the app alike: due date (provisional or not), first reply, the office's
/// phone from its settings and the contact line typed for this slip.
pub fn receipt(
    office: Office,
    settings: &Settings,
    st: OpinionState,
    cal: &Calendar,
    contact: Option<String>,
) -> Receipt {
    Receipt {
        office,
        due_on: st.due_on,
        due_provisional: cal.provisional_between(st.opinion.received_on(), st.due_on),
        answered_on: st.first_reply,
        phone: office_phone(settings),
        opinion: st.opinion,
        contact: contact
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
    }
}

/// The columns of each register that fit its printed book (A4 landscape),
/// by their English header names.
fn print_columns(reg: Register) -> &'static [&'static str] {
    match reg {
        Register::Disclosures => &[
            "id",
            "title",
            "category",
            "period",
            "forms",
            "status",
            "secretary signed",
            "director signed",
            "submitted on",
            "approved by",
            "published on",
            "posted until",
            "corrected by",
        ],
        Register::Opinions => &[
            "id",
            "received at",
            "channel",
            "from",
            "kind",
            "text",
            "recorded by",
            "due on",
            "status",
            "first reply",
        ],
        Register::Replies => &[
            "id",
            "opinion",
            "replied on",
            "replied by",
            "form",
            "text",
            "outcome",
            "public",
        ],
        Register::Statements => &[
            "statement",
            "period",
            "opening balance",
            "direction",
            "category",
            "description",
            "amount",
            "prepared by",
        ],
    }
}

/// The day a row of `reg` belongs to a period by (a disclosure: published,
/// else submitted), or for statements the period they cover.
fn row_in(reg: Register, t: &Table, row: &[Cell], p: &Period) -> bool {
    let cell = |name: &str| {
        t.columns
            .iter()
            .position(|c| c.en == name)
            .and_then(|i| row.get(i))
    };
    let day = |name: &str| match cell(name) {
        Some(Cell::Date(d)) => Some(*d),
        Some(Cell::DateTime(d)) => Some(d.date()),
        _ => None,
    };
    match reg {
        Register::Disclosures => day("published on")
            .or_else(|| day("submitted on"))
            .is_some_and(|d| p.contains(d)),
        Register::Opinions => day("received at").is_some_and(|d| p.contains(d)),
        Register::Replies => day("replied on").is_some_and(|d| p.contains(d)),
        Register::Statements => match cell("period") {
            Some(Cell::Text(s)) => Period::parse(s)
                .map(|s| s.start() <= p.end() && s.end() >= p.start())
                .unwrap_or(false),
            _ => false,
        },
    }
}

/// A register printed as its paper book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedBook {
    pub html: String,
    pub rows: usize,
    /// The file name it is written under in the reports folder.
    pub file_name: String,
}

/// `reg` of `office` (default: this database's own) for `period` (default:
/// every record) as the printable book, for `juwu print` and the register
/// screens alike.
pub fn print_book(
    r: &Reader,
    reg: Register,
    office: Option<&OfficeCode>,
    period: Option<&Period>,
    cal: &Calendar,
    today: NaiveDate,
    lang: Lang,
) -> Result<PrintedBook> {
    let zh = lang.zh();
    let code = office.or(r.own_code()).cloned().ok_or(Error::NeedsOffice)?;
    let o = r
        .office(&code)?
        .ok_or_else(|| Error::UnknownOffice(code.clone()))?;
    let all = crate::exchange::registers::table(reg, r, cal, today, zh)?;
    let keep: Vec<usize> = print_columns(reg)
        .iter()
        .filter_map(|n| all.columns.iter().position(|c| c.en == *n))
        .collect();
    let mut t = Table::new(
        all.title.clone(),
        keep.iter().map(|&i| all.columns[i].clone()).collect(),
    );
    for row in &all.rows {
        let id = match row.first() {
            Some(Cell::Text(id)) => id.as_str(),
            _ => "",
        };
        if office_of_id(id) != code.as_str() {
            continue;
        }
        if period.is_some_and(|p| !row_in(reg, &all, row, p)) {
            continue;
        }
        t.rows.push(
            keep.iter()
                .map(|&i| row.get(i).cloned().unwrap_or(Cell::Empty))
                .collect(),
        );
    }
    let head = BookHead {
        register: reg.title(zh).to_string(),
        office_code: code.to_string(),
        office_name: o.name.clone(),
        period: period.map(|p| p.to_string()),
        printed_on: today,
    };
    let file_name = format!(
        "register-{}-{}{}.html",
        reg.as_str(),
        code,
        period
            .map(|p| format!("-{}", p.to_string().replace("..", "_")))
            .unwrap_or_default()
    );
    Ok(PrintedBook {
        html: book_html(&head, &t, zh),
        rows: t.rows.len(),
        file_name,
    })
}

/// `print_book` written into the reports folder beside the database
/// (`folder`: the database's folder): the path written.
#[allow(clippy::too_many_arguments)]
pub fn print_book_to_reports(
    r: &Reader,
    folder: Option<&std::path::Path>,
    reg: Register,
    office: Option<&OfficeCode>,
    period: Option<&Period>,
    cal: &Calendar,
    today: NaiveDate,
    lang: Lang,
) -> Result<(std::path::PathBuf, usize)> {
    let b = print_book(r, reg, office, period, cal, today, lang)?;
    let path = super::workspace::reports_dir(folder).join(&b.file_name);
    super::files::write_out(Some(&path), b.html.as_bytes())?;
    Ok((path, b.rows))
}
