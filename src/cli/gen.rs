//! `juwu gen --db PATH --offices N --events M [--seed S]`: a new database
//! of realistic registers for benchmarks and trials (the generator is
//! `crate::sample::gen`).

use std::io::IsTerminal;

use crate::sample::generate;

use super::{CliError, Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Offices whose logs the database holds: 1 makes a community's own
    /// database; N > 1 makes a street office's database holding the logs of
    /// N communities (plus the street's own).
    #[arg(long, default_value_t = 1)]
    pub offices: u32,
    /// Events in each office's log (about; at least 50).
    #[arg(long, default_value_t = 2000)]
    pub events: u64,
    /// The same seed gives the same database, byte for byte in its logs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if !ctx.db_given {
        return Err(CliError::Msg(
            ctx.lang
                .pick(
                    "name the new database with --db PATH (gen never writes the office's own register)",
                    "请用 --db PATH 指定新数据库（gen 从不写入本单位的登记簿）",
                )
                .into(),
        ));
    }
    let started = std::time::Instant::now();
    let progress = std::io::stderr().is_terminal();
    let s = generate(&ctx.db, a.offices, a.events, a.seed, progress)
        .map_err(|e| super::demo_cmd::sample_error(e, ctx.lang))?;
    let l = ctx.lang;
    println!(
        "{} {}: {} {}, {} {} ({} {}, {} {}, {} {}, {} {}, {} {}) {} {:.1} s",
        l.pick("Generated", "已生成"),
        ctx.db.display(),
        s.offices,
        l.pick("offices", "个单位"),
        s.events,
        l.pick("events", "条事件"),
        s.disclosures,
        l.pick("items", "公开事项"),
        s.opinions,
        l.pick("opinions", "意见"),
        s.replies,
        l.pick("replies", "答复"),
        s.statements,
        l.pick("statements", "财务报表"),
        s.checks,
        l.pick("checks", "检查"),
        l.pick("in", "用时"),
        started.elapsed().as_secs_f64()
    );
    if s.refused > 0 {
        let first = s.first_refusal.as_deref().unwrap_or("?");
        match l.zh() {
            true => eprintln!(
                "juwu: 注意：生成的命令中有 {} 条被规则拒绝（第一条：{first}）",
                s.refused
            ),
            false => eprintln!(
                "juwu: note: {} generated commands were refused by the rules (first: {first})",
                s.refused
            ),
        }
    }
    Ok(())
}
