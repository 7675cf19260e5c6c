//! `juwu operator add|list`.

use clap::Subcommand;

use crate::domain::{Actor, Command, Role};

use crate::service::office::hash_pin;
use crate::service::{Error, Result};

use super::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Add an operator (the people who sign in and act).
    Add {
        #[arg(long)]
        name: String,
        /// clerk | director | secretary | finance | supervisor
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A PIN asked at sign-in (4 to 12 digits); kept argon2-hashed in
        /// this office only (never in its log or bundles).
        #[arg(long)]
        pin: Option<String>,
    },
    /// Set, change or (with an empty --pin "") remove an operator's PIN.
    /// Without --pin the PIN is asked twice at the terminal, not echoed.
    SetPin {
        #[arg(long)]
        name: String,
        /// The PIN on the command line, for scripts: it stays in the shell
        /// history and is visible to other users' process lists; prefer
        /// typing it at the prompt or --pin-stdin.
        #[arg(long, conflicts_with = "pin_stdin")]
        pin: Option<String>,
        /// Read the PIN from the first line of standard input.
        #[arg(long)]
        pin_stdin: bool,
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
        Cmd::SetPin {
            name,
            pin,
            pin_stdin,
        } => {
            let pin = match pin {
                Some(p) => p,
                None => read_pin(l, pin_stdin)?,
            };
            // Kept in this office's local table, never in its log.
            crate::service::office::set_pin(&store, &name, &pin)?;
            println!("{}", l.pick("PIN changed", "密码已修改"));
        }
        Cmd::List => {
            let r = store.read()?;
            let ops = r.operators()?;
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
                // A PIN an older juwu wrote into the log: to be changed.
                let exposed = r.pin(&o.name)?.is_some_and(|p| p.exposed);
                println!(
                    "{}\t{}\t{}{}",
                    crate::domain::text::clean_line(&o.name),
                    o.role.label(l.zh()),
                    if o.active {
                        ""
                    } else {
                        l.pick("(inactive)", "（已停用）")
                    },
                    if exposed {
                        l.pick(
                            " (PIN exposed in the log by an older juwu: set a new one)",
                            "（旧版 juwu 曾把密码散列记入日志：请设置新密码）",
                        )
                    } else {
                        ""
                    }
                );
            }
        }
    }
    Ok(())
}

/// The PIN from standard input (`--pin-stdin`, or stdin is not a
/// terminal), else typed twice at the terminal without echo.
fn read_pin(l: crate::i18n::Lang, from_stdin: bool) -> Result<String> {
    use std::io::IsTerminal;
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| Error::Stdin(e.to_string()))?;
        return Ok(crate::domain::types::halfwidth(line.trim()));
    }
    let first = prompt_hidden(l.pick("New PIN: ", "新密码："))?;
    let again = prompt_hidden(l.pick("Again: ", "再输一次："))?;
    if first != again {
        return Err(Error::PinsDiffer);
    }
    Ok(first)
}

/// Reads a line at the terminal without echoing it (raw mode, so the same
/// on Windows consoles and Unix terminals). Esc or Ctrl+C cancels.
fn prompt_hidden(prompt: &str) -> Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    use std::io::Write;
    let io = |e: std::io::Error| Error::Terminal(e.to_string());
    eprint!("{prompt}");
    std::io::stderr().flush().map_err(io)?;
    enable_raw_mode().map_err(io)?;
    let mut s = String::new();
    let res = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(Error::Cancelled),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(Error::Cancelled);
                }
                KeyCode::Backspace => {
                    s.pop();
                }
                KeyCode::Char(c) => s.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(_) => break Err(Error::NoTerminal),
        }
    };
    let _ = disable_raw_mode();
    eprintln!();
    res?;
    Ok(crate::domain::types::halfwidth(&s))
}
