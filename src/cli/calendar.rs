//! `juwu calendar due DATE N` and `juwu calendar show YEAR`.

use clap::Subcommand;

use crate::domain::calendar::{CalendarNote, statutory_holidays};
use crate::domain::types::parse_date;

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// The date N working days after DATE (DATE is day 0).
    Due { date: String, days: u32 },
    /// The official off days and make-up working days of a year (a year with
    /// no official file: the statutory holidays computed from the national rules).
    Show { year: i32 },
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let cal = ctx.calendar()?;
    let l = ctx.lang;
    match c {
        Cmd::Due { date, days } => {
            let d = parse_date(&date)?;
            let due = cal.add_working_days_marked(d, days);
            if let Some(w) = cal.warning_in(d, due.date, l.zh()) {
                eprintln!("{}: {w}", l.pick("warning", "注意"));
            }
            println!("{}", due.label(l.zh()));
        }
        Cmd::Show { year } => match cal.year(year) {
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
            None => {
                println!("{}", CalendarNote::ComputedYear(year).message(l.zh()));
                println!("{}", l.pick("off days:", "放假："));
                for (d, h) in statutory_holidays(year) {
                    println!("  {d} {}  {}", d.format("%a"), h.name(l.zh()));
                }
                println!("{}", l.pick("make-up working days:", "调休上班："));
                println!("{}", CalendarNote::MakeUpDaysUnknown.message(l.zh()));
                let whole_year = (
                    chrono::NaiveDate::from_ymd_opt(year, 1, 1),
                    chrono::NaiveDate::from_ymd_opt(year, 12, 31),
                );
                if let (Some(a), Some(b)) = whole_year
                    && let Some(w) = cal.warning_in(a, b, l.zh())
                {
                    eprintln!("{}: {w}", l.pick("warning", "注意"));
                }
            }
        },
    }
    Ok(())
}
