//! `juwu operator add|list`.

use clap::Subcommand;

use crate::domain::{Actor, Command, Role};

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Add an operator (the people who sign in and act).
    Add {
        #[arg(long)]
        name: String,
        /// clerk | director | secretary | finance | supervisor
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the operators of this office.
    List,
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    s.parse()
        .map_err(|e: crate::domain::DomainError| e.to_string())
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let store = ctx.open()?;
    let l = ctx.lang;
    match c {
        Cmd::Add { name, role } => {
            store.execute(
                &Actor::System,
                &Command::AddOperator {
                    name: name.clone(),
                    role,
                    pin_hash: None,
                },
                ctx.now(),
            )?;
            println!(
                "{} {} ({})",
                l.pick("Added operator", "已添加操作员"),
                name.trim(),
                role.label(l.zh())
            );
        }
        Cmd::List => {
            let ops = store.read()?.operators()?;
            if ops.is_empty() {
                println!(
                    "{}",
                    l.pick(
                        "No operators yet: juwu operator add --name NAME --role clerk",
                        "还没有操作员：juwu operator add --name 姓名 --role clerk"
                    )
                );
            }
            for o in ops {
                println!(
                    "{}\t{}\t{}",
                    crate::domain::text::clean_line(&o.name),
                    o.role.label(l.zh()),
                    if o.active {
                        ""
                    } else {
                        l.pick("(inactive)", "（已停用）")
                    }
                );
            }
        }
    }
    Ok(())
}
