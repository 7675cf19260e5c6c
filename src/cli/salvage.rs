//! `juwu salvage DB --out DIR`: the logs still intact in a damaged
//! database, written as a backup folder that `juwu restore DIR --db NEW`
//! accepts. Per office: events from #1 up to the first one that does not
//! read or does not continue the chain.
//!
//! The steps are `service::backup::salvage` (one backup format, one
//! writer); this file parses and prints.

use std::path::PathBuf;

use super::{Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The damaged database file (opened read-only, left as it is).
    #[arg(value_name = "DB")]
    pub damaged: PathBuf,
    /// The backup directory to write (new, or empty).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let l = ctx.lang;
    let (s, _) = crate::service::backup::salvage(&a.damaged, &a.out, ctx.now())?;
    for log in &s.logs {
        let kept = log.events.len();
        let held = log.head.as_ref().map(|h| h.seq);
        let mut line = format!("  {}: {} #1–#{kept}", log.office, l.pick("kept", "保留"));
        if let Some(h) = held {
            line.push_str(&if l.zh() {
                format!("（原日志至 #{h}）")
            } else {
                format!(" (the log held #{h})")
            });
        }
        match &log.stop {
            None => line.push_str(&format!(" — {}", l.pick("intact", "完好"))),
            Some((seq, fault)) => line.push_str(&format!(
                " — {} #{seq}{}{}",
                l.pick("stopped at", "止于"),
                l.pick(": ", "："),
                fault.message(l.zh())
            )),
        }
        println!("{line}");
    }
    println!(
        "{}juwu restore {} --db NEW.redb",
        l.pick("next: ", "下一步："),
        a.out.display()
    );
    Ok(())
}
