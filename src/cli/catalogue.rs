//! `juwu catalogue list`: the disclosure catalogue (公开目录), the shipped
//! default from the plans' content lists, with how often and by when each
//! entry is due (finance entries by the office's settings in force today).

use clap::Subcommand;

use crate::domain::catalogue::DEFAULT;
use crate::service::Result;

use super::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Every entry: category, item, how often and by when.
    List,
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let zh = ctx.lang.zh();
    match c {
        Cmd::List => {
            let store = ctx.open()?;
            let r = store.read()?;
            let settings = match r.own_code() {
                Some(code) => r.settings(code)?.on(ctx.today()),
                None => crate::domain::Settings::default(),
            };
            for e in DEFAULT {
                println!(
                    "{}\t{}\t{}\t{}",
                    e.code,
                    e.category.label(zh),
                    e.label(zh),
                    e.every.label(&settings, zh)
                );
            }
        }
    }
    Ok(())
}
