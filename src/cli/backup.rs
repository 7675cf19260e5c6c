//! `juwu backup --out DIR [--include-key]`: a verifiable copy of the
//! database on removable media (the steps: `service::backup`).

use std::path::PathBuf;

use super::{Ctx, Result};
use crate::service::backup;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to write (new, or empty).
    #[arg(long)]
    pub out: PathBuf,
    /// Also copy the office's private signing key (keep the drive safe).
    #[arg(long)]
    pub include_key: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let done = backup::backup(&store, &ctx.db, &a.out, a.include_key, ctx.now())?;
    let (own, heads) = (&done.office, &done.heads);
    let l = ctx.lang;
    let own_head = heads.get(own.as_str()).map(|h| h.seq).unwrap_or(0);
    println!(
        "{} {} → {} ({} {}, {} #{}{})",
        l.pick("backed up", "已备份"),
        own,
        a.out.display(),
        heads.len(),
        l.pick("logs", "个日志"),
        own,
        own_head,
        if done.includes_key {
            l.pick(", with the office key", "，含单位密钥")
        } else {
            ""
        }
    );
    Ok(())
}
