//! Hidden `juwu stress-append`: appends opinions one transaction each and
//! prints the sequence number after each commit. The crash test kills it.

use std::io::Write;

use crate::domain::workflow::OpinionDraft;
use crate::domain::{Channel, Command, OpinionKind};

use super::{Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, default_value_t = 1000)]
    pub count: u32,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let mut out = std::io::stdout();
    for i in 0..a.count {
        let now = ctx.now();
        let draft = OpinionDraft {
            received_at: now.naive_utc(),
            channel: Channel::Phone,
            from: None,
            kind: OpinionKind::Question,
            about: None,
            text: format!("stress {i}"),
            routed_to: None,
            box_opening: None,
        };
        let ev = store.execute(
            &actor,
            &Command::LogOpinion {
                draft,
                on_the_spot: None,
            },
            now,
        )?;
        if let Some(e) = ev.last() {
            let _ = writeln!(out, "committed {}", e.seq);
            let _ = out.flush();
        }
    }
    Ok(())
}
