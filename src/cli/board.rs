//! `juwu board [--office CODE] [--on DATE] [--paper a4|a3] --out FILE.html`:
//! the printable notice board page.

use std::path::PathBuf;

use crate::domain::{OfficeCode, parse_date};
use crate::report::board::{Paper, board};

use crate::service::{Error, Result};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The office (default: this database's own).
    #[arg(long)]
    pub office: Option<String>,
    /// The day the page shows (default: today).
    #[arg(long)]
    pub on: Option<String>,
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: Paper,
    /// The HTML file to write.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let on = match &a.on {
        Some(s) => parse_date(s)?,
        None => ctx.today(),
    };
    let store = ctx.open()?;
    let r = store.read()?;
    let code = match &a.office {
        Some(c) => OfficeCode::parse(c)?,
        None => r.own_code().cloned().ok_or(Error::NeedsOffice)?,
    };
    let office = r
        .office(&code)?
        .ok_or_else(|| Error::UnknownOffice(code.clone()))?;
    let ds: Vec<_> = r
        .disclosures()?
        .into_iter()
        .filter(|d| d.office == code)
        .collect();
    let b = board(
        &office,
        &r.settings(&code)?,
        &ds,
        &r.statement_views(&code)?,
        on,
    );
    let html = b.to_html(ctx.lang.zh(), a.paper);
    crate::service::files::write_out(Some(&a.out), html.as_bytes())?;
    let n = b.items().count();
    println!(
        "{} {} {} → {}",
        n,
        ctx.lang
            .pick("public item(s) posted on", "件公开事项，公开日期"),
        on,
        a.out.display()
    );
    Ok(())
}
