//! `juwu report supervision|overdue|compliance|finance [--period P]
//! [--office CODE] [--format text|csv|html|xlsx] [--out FILE]`.

use std::path::PathBuf;

use chrono::Datelike;

use crate::domain::{OfficeCode, Period};
use crate::report::data::{OfficeData, offices_for};
use crate::report::doc::{Doc, Format};
use crate::store::Reader;

use super::{CliError, Ctx, Result};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The report to the residents' meeting for a period.
    Supervision,
    /// Unanswered opinions past their due date.
    Overdue,
    /// Each schedule rule met or not, per office.
    Compliance,
    /// The finance statement of a period.
    Finance,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(value_enum)]
    pub which: Which,
    /// 2026-10, 2026-Q3, 2026 or 2026-01-05..2026-02-01 (default: this year).
    #[arg(long)]
    pub period: Option<String>,
    /// Only this office (default: this office, or for compliance and overdue
    /// every community held, imported ones included).
    #[arg(long)]
    pub office: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write to this file instead of standard output (needed for xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if a.format == Format::Xlsx && a.out.is_none() {
        return Err(CliError::Msg("an xlsx report needs --out FILE.xlsx".into()));
    }
    let today = ctx.today();
    let period = match &a.period {
        Some(p) => Period::parse(p)?,
        None => Period::Year { year: today.year() },
    };
    let office = a.office.as_deref().map(OfficeCode::parse).transpose()?;
    let store = ctx.open()?;
    let cal = ctx.calendar()?;
    let r = store.read()?;
    let doc = build(
        &r,
        a.which,
        &period,
        office.as_ref(),
        &cal,
        today,
        ctx.lang.zh(),
    )?;
    let mut doc = doc;
    if let Some(w) = cal.warning_in(period.start(), period.end().max(today), ctx.lang.zh()) {
        doc.subtitle.push(w);
    }
    let bytes = doc
        .render(a.format)
        .map_err(|e| CliError::Msg(e.to_string()))?;
    crate::service::files::write_out(a.out.as_deref(), &bytes)?;
    if let Some(p) = &a.out {
        eprintln!("{} {}", ctx.lang.pick("wrote", "已写入"), p.display());
    }
    Ok(())
}

/// Builds a report as a document (the TUI's Reports screen can do the same).
pub fn build(
    r: &Reader,
    which: Which,
    period: &Period,
    office: Option<&OfficeCode>,
    cal: &crate::domain::Calendar,
    today: chrono::NaiveDate,
    zh: bool,
) -> Result<Doc> {
    let load = |codes: &[OfficeCode]| -> Result<Vec<OfficeData>> {
        let mut out = vec![];
        for c in codes {
            match OfficeData::load(r, c, cal, today)? {
                Some(d) => out.push(d),
                None => return Err(CliError::Msg(format!("unknown office '{c}'"))),
            }
        }
        Ok(out)
    };
    let own_or = |o: Option<&OfficeCode>| -> Result<Vec<OfficeCode>> {
        match o.or(r.own_code()) {
            Some(c) => Ok(vec![c.clone()]),
            None => Err(CliError::Msg("name an office with --office CODE".into())),
        }
    };
    Ok(match which {
        Which::Compliance => {
            let ds = load(&offices_for(r, office)?)?;
            crate::report::compliance::compliance(&ds, period, cal, today).doc(zh)
        }
        Which::Overdue => {
            let ds = load(&offices_for(r, office)?)?;
            crate::report::overdue::overdue(&ds, Some(period), today).doc(zh)
        }
        Which::Supervision => {
            let ds = load(&own_or(office)?)?;
            let mut doc = None;
            for d in &ds {
                doc = Some(crate::report::supervision::supervision(d, period, cal, today).doc(zh));
            }
            doc.ok_or_else(|| CliError::Msg("no office".into()))?
        }
        Which::Finance => {
            let ds = load(&own_or(office)?)?;
            let mut doc = None;
            for d in &ds {
                let by = |id: &str| r.statement_locked_by(id).ok().flatten();
                doc = Some(crate::report::finance::finance(d, period, by).doc(zh));
            }
            doc.ok_or_else(|| CliError::Msg("no office".into()))?
        }
    })
}
