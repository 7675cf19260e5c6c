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
        /// A PIN asked at sign-in (4 to 12 digits); stored argon2-hashed.
        #[arg(long)]
        pin: Option<String>,
    },
    /// Set, change or (with an empty --pin "") remove an operator's PIN.
    SetPin {
        #[arg(long)]
        name: String,
        #[arg(long)]
        pin: String,
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
        Cmd::Add { name, role, pin } => {
            let pin_hash = match pin {
                Some(p) => Some(hash_pin(&p)?),
                None => None,
            };
            store.execute(
                &Actor::System,
                &Command::AddOperator {
                    name: name.clone(),
                    role,
                    pin_hash,
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
        Cmd::SetPin { name, pin } => {
            let op = store
                .read()?
                .operator(name.trim())?
                .ok_or_else(|| crate::store::StoreError::UnknownOperator(name.clone()))?;
            let pin_hash = if pin.is_empty() {
                None
            } else {
                Some(hash_pin(&pin)?)
            };
            store.execute(
                &Actor::System,
                &Command::ChangeOperator {
                    name: op.name.clone(),
                    role: op.role,
                    pin_hash,
                    active: op.active,
                },
                ctx.now(),
            )?;
            println!("{}", l.pick("PIN changed", "密码已修改"));
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

/// Checks a PIN (4 to 12 digits) and hashes it with argon2id and a random
/// salt into a PHC string.
pub fn hash_pin(pin: &str) -> Result<String> {
    use argon2::password_hash::PasswordHasher;
    let p = pin.trim();
    if !(4..=12).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()) {
        return Err(super::CliError::Msg("a PIN is 4 to 12 digits".into()));
    }
    argon2::Argon2::default()
        .hash_password(p.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| super::CliError::Msg(format!("could not hash the PIN: {e}")))
}
