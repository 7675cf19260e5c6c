//! `juwu receipt OPINION-ID --out FILE.html [--contact TEXT]`: the slip for
//! the resident.

use std::path::PathBuf;

use crate::report::receipt::Receipt;

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
    let rc = Receipt {
        office,
        due_on: st.due_on,
        due_provisional: cal.provisional_between(st.opinion.received_on(), st.due_on),
        answered_on: st.first_reply,
        opinion: st.opinion,
        contact: a.contact.filter(|c| !c.trim().is_empty()),
    };
    crate::service::files::write_out(Some(&a.out), rc.to_html(ctx.lang.zh()).as_bytes())?;
    println!(
        "{} {id} → {} ({} {})",
        ctx.lang.pick("receipt for", "回执"),
        a.out.display(),
        ctx.lang.pick("answer due", "答复期限"),
        rc.due_label(ctx.lang.zh())
    );
    Ok(())
}
