//! `juwu export --format json [--out FILE]` (everything, canonical) and
//! `juwu export --register disclosures|opinions|replies|statements
//! --format csv|xlsx --out FILE` (one register as a spreadsheet), and
//! `juwu export --format lines` (one record per line, for search comparisons).

use std::path::PathBuf;

use crate::exchange::registers::Register;
use crate::report::doc::Format as DocFormat;

use super::{CliError, Ctx, Result};

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
            return Err(CliError::Msg(
                "--format lines writes every register; leave out --register".into(),
            ));
        }
        (Format::Json, Some(_)) => {
            return Err(CliError::Msg(
                "--format json writes everything; use --format csv or xlsx with --register".into(),
            ));
        }
        (Format::Csv, Some(r)) => Some((r, DocFormat::Csv)),
        (Format::Xlsx, Some(r)) => Some((r, DocFormat::Xlsx)),
        (Format::Csv | Format::Xlsx, None) => {
            return Err(CliError::Msg(
                "name the register: --register disclosures|opinions|replies|statements".into(),
            ));
        }
    };
    if matches!(a.format, Format::Xlsx) && a.out.is_none() {
        return Err(CliError::Msg("an xlsx export needs --out FILE.xlsx".into()));
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
                    crate::exchange::export::ExportError::Store(e) => CliError::Store(e),
                    e => CliError::Msg(e.message(zh)),
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
    write_out(a.out.as_deref(), &bytes)
}

/// Windows refuses to replace a file another program holds open (a sheet
/// open in Excel or WPS): say so, the system's words alone don't.
fn open_elsewhere_hint(e: &std::io::Error) -> &'static str {
    // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
    if cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33)) {
        " (is the file open in another program, e.g. Excel or WPS? close it there and try again)"
    } else {
        ""
    }
}

/// Writes to a file (through a temporary name, then renamed) or stdout.
pub fn write_out(out: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => {
            let tmp = p.with_extension("part");
            std::fs::write(&tmp, bytes)
                .map_err(|e| CliError::Msg(format!("{}: {e}", tmp.display())))?;
            std::fs::rename(&tmp, p).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                CliError::Msg(format!("{}: {e}{}", p.display(), open_elsewhere_hint(&e)))
            })?;
            Ok(())
        }
        None => {
            use std::io::Write;
            let mut o = std::io::stdout();
            o.write_all(bytes)
                .and_then(|_| o.flush())
                .map_err(|e| CliError::Msg(e.to_string()))
        }
    }
}
