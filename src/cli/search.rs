//! `juwu search QUERY [--limit N]`: the app's search on the command line —
//! fuzzy over titles, text, names and ids of every register; Chinese also by
//! pinyin, full and initials. Results are grouped by register.

use crate::search::Index;

use crate::service::{Error, Result};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to look for (words, ids, or pinyin such as `caiwu` or `cwgk`).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let query = a.query.join(" ");
    if query.trim().is_empty() {
        return Err(Error::NeedsQuery);
    }
    let store = ctx.open()?;
    let r = store.read()?;
    let ix = Index::build(&r)?;
    let hits = ix.search(&query, a.limit);
    let l = ctx.lang;
    if hits.is_empty() {
        println!("{}", l.pick("No matches.", "没有找到。"));
        return Ok(());
    }
    let mut last = None;
    for h in hits {
        if last != Some(h.register) {
            println!("── {}", h.register.label(l));
            last = Some(h.register);
        }
        // Titles are cleaned when indexed; ids are ours.
        println!("  {}  {}", h.id, h.title);
    }
    Ok(())
}
