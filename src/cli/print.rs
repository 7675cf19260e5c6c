//! `juwu print --register disclosures|opinions|replies|statements
//! [--period P] [--office CODE] --out FILE.html`: a register as the paper
//! book it replaces (A4 landscape, to print from a browser).

use std::path::PathBuf;

use crate::domain::{OfficeCode, Period};
use crate::exchange::registers::Register;

use crate::service::Result;

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The register to print.
    #[arg(long, value_enum)]
    pub register: Register,
    /// The period it covers (2026-03, 2026-Q3, 2026, 2026-01-01..2026-06-30;
    /// default: every record).
    #[arg(long)]
    pub period: Option<String>,
    /// The office (default: this database's own).
    #[arg(long)]
    pub office: Option<String>,
    /// The HTML file to write.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let period = a.period.as_deref().map(Period::parse).transpose()?;
    let office = a.office.as_deref().map(OfficeCode::parse).transpose()?;
    let store = ctx.open()?;
    let r = store.read()?;
    let cal = ctx.calendar()?;
    let b = crate::service::reports::print_book(
        &r,
        a.register,
        office.as_ref(),
        period.as_ref(),
        &cal,
        ctx.today(),
        ctx.lang,
    )?;
    crate::service::files::write_out(Some(&a.out), b.html.as_bytes())?;
    println!(
        "{} {} {} → {}",
        a.register.title(ctx.lang.zh()),
        b.rows,
        ctx.lang.pick("row(s)", "行"),
        a.out.display()
    );
    Ok(())
}
