//! `juwu report supervision|overdue|compliance|finance [--period P]
//! [--office CODE] [--format text|csv|html|xlsx] [--out FILE]`.

use std::path::PathBuf;

use chrono::Datelike;

use crate::domain::{OfficeCode, Period};
use crate::report::doc::Format;
use crate::service::error::{Error, Output, Result};
use crate::service::files;
use crate::service::reports::{Which, build};

use super::Ctx;

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
        return Err(Error::XlsxNeedsOut(Output::Report));
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
    let doc = build(&r, a.which, &period, office.as_ref(), &cal, today, ctx.lang)?;
    let bytes = doc.render(a.format).map_err(|e| Error::Xlsx(e.0))?;
    files::write_out(a.out.as_deref(), &bytes)?;
    if let Some(p) = &a.out {
        eprintln!("{} {}", ctx.lang.pick("wrote", "已写入"), p.display());
    }
    Ok(())
}
