//! `juwu verify [--rebuild]`.

use crate::service::{Error, Result};

use super::Ctx;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Replace the projections with ones rebuilt from the logs.
    #[arg(long)]
    pub rebuild: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let store = crate::store::Store::open_to_inspect(&ctx.db)?;
    let r = store.verify(a.rebuild)?;
    let l = ctx.lang;
    for e in r
        .chain_errors
        .iter()
        .chain(r.projection_errors.iter().take(50))
    {
        println!("  ✗ {e}");
    }
    if r.projection_errors.len() > 50 {
        println!("  … {} more", r.projection_errors.len() - 50);
    }
    println!(
        "{}: {} {}, {} {}",
        l.pick("checked", "已检查"),
        r.events,
        l.pick("events", "条事件"),
        r.offices,
        l.pick("logs", "个日志")
    );
    if !r.chain_errors.is_empty() {
        return Err(Error::ChainBroken(r.chain_errors.len()));
    }
    let claims = store.claims()?;
    if !claims.is_empty() {
        println!("{}", crate::sync::describe::claims_heading(l, claims.len()));
        for c in &claims {
            println!("  {}", crate::sync::describe::claim_line(l, c).0);
        }
    }
    if r.rebuilt {
        println!(
            "{}",
            l.pick("projections rebuilt from the logs", "已从日志重建各登记簿")
        );
        if !r.projection_errors.is_empty() {
            println!(
                "{} {}",
                r.projection_errors.len(),
                l.pick("differences were repaired", "处差异已修复")
            );
        }
        return Ok(());
    }
    if !r.projection_errors.is_empty() {
        return Err(Error::ProjectionsDiffer(r.projection_errors.len()));
    }
    println!(
        "{}",
        l.pick(
            "ok: every link holds and the registers match the logs",
            "正常：链条完整，登记簿与日志一致"
        )
    );
    Ok(())
}
