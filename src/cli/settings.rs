//! `juwu settings show [--history]` and `juwu settings set KEY VALUE`: the
//! office's settings (the registry in `domain::settings`). Only the
//! director changes them (`--as`); each change is an event in the log and
//! comes into force from the next period.

use clap::Subcommand;

use crate::domain::Command;
use crate::domain::settings::SettingKey;
use crate::service::Result;

use super::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// The settings in force today, with any change waiting for the next
    /// period.
    Show {
        /// Also every change: who, when, from when in force.
        #[arg(long)]
        history: bool,
    },
    /// Change one setting (director only, `--as NAME`). Keys:
    /// finance_frequency, finance_due_day, work_due_day, general_cadence,
    /// general_due_day, reply_days_opinion, reply_days_request,
    /// posting_days, review_lead_days, office_phone, intake_channel.
    Set {
        key: String,
        /// The value, e.g. quarterly, 15, "10 working", "10 calendar".
        value: String,
    },
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let store = ctx.open()?;
    let zh = ctx.lang.zh();
    match c {
        Cmd::Show { history } => {
            let r = store.read()?;
            let own = r.own_office()?.ok_or(crate::domain::DomainError::Rule(
                crate::domain::error::Rule::NoOffice,
            ))?;
            let s = r.settings(&own.code)?;
            for row in s.rows(ctx.today()) {
                let next = row.next_label(zh);
                println!(
                    "{}\t{}\t{}{}",
                    row.key.as_str(),
                    row.key.label(zh),
                    row.now.show(row.key, zh),
                    if next.is_empty() {
                        String::new()
                    } else if zh {
                        format!("\t（{next}）")
                    } else {
                        format!("\t({next})")
                    }
                );
            }
            if history {
                println!();
                println!("{}", ctx.lang.pick("Changes:", "修改记录："));
                if s.history.is_empty() {
                    println!("{}", ctx.lang.pick("(none)", "（无）"));
                }
                for c in &s.history {
                    println!("{}", crate::domain::text::clean_line(&c.describe(zh)));
                }
            }
        }
        Cmd::Set { key, value } => {
            let key: SettingKey = key.parse().map_err(crate::domain::DomainError::from)?;
            let actor = ctx.actor(&store)?;
            store.execute(
                &actor,
                &Command::ChangeSetting {
                    key,
                    value: value.clone(),
                },
                ctx.now(),
            )?;
            let v = key
                .parse_value(&value)
                .map_err(crate::domain::DomainError::from)?;
            let from = key.in_force_from(ctx.today());
            if zh {
                println!(
                    "已修改{}：{}（{from} 起施行）",
                    key.label(true),
                    v.show(key, true)
                );
            } else {
                println!(
                    "changed {} → {} (in force from {from})",
                    key.label(false),
                    v.show(key, false)
                );
            }
        }
    }
    Ok(())
}
