//! `juwu receipt OPINION-ID --out FILE.html [--contact TEXT] [--paper a6|a4]`: the slip for
//! the resident.

use std::path::PathBuf;

use crate::report::receipt::SlipPaper;

use crate::service::{Error, Result};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The opinion's id (e.g. QH01-YJ2026-0012).
    pub id: String,
    /// The HTML file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// How to ask about it: a phone number or office hours to print.
    #[arg(long)]
    pub contact: Option<String>,
    /// The sheet: an A6 page, or the A6 slip on an A4 sheet with cut lines.
    #[arg(long, value_enum, default_value = "a6")]
    pub paper: SlipPaper,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let r = store.read()?;
    let cal = ctx.calendar()?;
    let id = a.id.trim().to_ascii_uppercase();
    let o = r
        .opinion(&id)?
        .ok_or_else(|| Error::NoOpinion(a.id.trim().to_string()))?;
    let office = r
        .office(&o.office)?
        .ok_or_else(|| Error::UnknownOffice(o.office.clone()))?;
    let st = r.opinion_state(o, &cal, ctx.today())?;
    let settings = r.settings(&office.code)?;
    let rc = crate::service::reports::receipt(office, &settings, st, &cal, a.contact);
    crate::service::files::write_out(
        Some(&a.out),
        rc.to_html_on(ctx.lang.zh(), a.paper).as_bytes(),
    )?;
    println!(
        "{} {id} → {} ({} {})",
        ctx.lang.pick("receipt for", "回执"),
        a.out.display(),
        ctx.lang.pick("answer due", "答复期限"),
        rc.due_label(ctx.lang.zh())
    );
    Ok(())
}
