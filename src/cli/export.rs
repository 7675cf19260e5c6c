//! `juwu export --format json [--out FILE]` (everything, canonical) and
//! `juwu export --register disclosures|opinions|replies|statements
//! --format csv|xlsx --out FILE` (one register as a spreadsheet), and
//! `juwu export --format lines` (one record per line, for search comparisons).

use std::path::PathBuf;

use crate::exchange::registers::Register;
use crate::report::doc::Format as DocFormat;

use crate::service::error::{Error, Output, Result};
use crate::service::files;

use super::Ctx;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Everything this database holds, as canonical JSON.
    Json,
    /// One register as CSV (UTF-8 with BOM, opens in Excel).
    Csv,
    /// One register as an Excel workbook.
    Xlsx,
    /// One record per line: id, title, text excerpt, names (tab-separated).
    Lines,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// The register to export as CSV or XLSX.
    #[arg(long, value_enum)]
    pub register: Option<Register>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let sheet = match (a.format, a.register) {
        (Format::Json | Format::Lines, None) => None,
        (Format::Lines, Some(_)) => {
            return Err(Error::LinesWithRegister);
        }
        (Format::Json, Some(_)) => {
            return Err(Error::JsonWithRegister);
        }
        (Format::Csv, Some(r)) => Some((r, DocFormat::Csv)),
        (Format::Xlsx, Some(r)) => Some((r, DocFormat::Xlsx)),
        (Format::Csv | Format::Xlsx, None) => {
            return Err(Error::NeedsRegister);
        }
    };
    if matches!(a.format, Format::Xlsx) && a.out.is_none() {
        return Err(Error::XlsxNeedsOut(Output::Export));
    }
    let store = ctx.open()?;
    let cal = ctx.calendar()?;
    let r = store.read()?;
    let bytes = match sheet {
        None if a.format == Format::Lines => crate::report::lines::lines(&r)?.into_bytes(),
        None => crate::report::json::to_text(&crate::report::json::export(&r, &cal, ctx.today())?)
            .into_bytes(),
        Some((reg, f)) => {
            let zh = ctx.lang.zh();
            let sheet = crate::exchange::export::register(reg, &r, &cal, ctx.today(), zh, f)
                .map_err(|e| match e {
                    crate::exchange::export::ExportError::Store(e) => Error::Store(e),
                    crate::exchange::export::ExportError::Write(m) => Error::Xlsx(m),
                })?;
            let (b, n) = (sheet.bytes, sheet.rows);
            if let Some(p) = &a.out {
                eprintln!(
                    "{} {n} {} → {}",
                    reg.title(ctx.lang.zh()),
                    ctx.lang.pick("rows", "行"),
                    p.display()
                );
            }
            b
        }
    };
    Ok(files::write_out(a.out.as_deref(), &bytes)?)
}
