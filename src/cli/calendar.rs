//! `juwu calendar due DATE N` and `juwu calendar show YEAR`.

use clap::Subcommand;

use crate::domain::types::parse_date;

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// The date N working days after DATE (DATE is day 0).
    Due { date: String, days: u32 },
    /// The official off days and make-up working days of a year.
    Show { year: i32 },
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let cal = ctx.calendar()?;
    let l = ctx.lang;
    match c {
        Cmd::Due { date, days } => {
            let d = parse_date(&date)?;
            let due = cal.add_working_days(d, days);
            if let Some(w) = cal.warning_in(d, due, l.zh()) {
                eprintln!("{}: {w}", l.pick("warning", "注意"));
            }
            println!("{due}");
        }
        Cmd::Show { year } => match cal.year(year) {
            None => {
                println!(
                    "{}",
                    if l.zh() {
                        format!(
                            "没有 {year} 年的节假日安排：按周一至周五计算工作日（可添加 calendars/{year}.toml）"
                        )
                    } else {
                        format!(
                            "no holiday calendar for {year}: Monday–Friday are counted as working days (add calendars/{year}.toml)"
                        )
                    }
                );
            }
            Some(y) => {
                println!("{year} ({})", y.source);
                println!("{}", l.pick("off days:", "放假："));
                for (d, name) in &y.off {
                    println!("  {d} {}  {name}", d.format("%a"));
                }
                println!("{}", l.pick("make-up working days:", "调休上班："));
                for (d, name) in &y.work {
                    println!("  {d} {}  {name}", d.format("%a"));
                }
            }
        },
    }
    Ok(())
}
