//! `juwu space [--compact]` (hidden): the space each table of the database
//! takes.

use super::{Ctx, Result};

/// `juwu space [--compact]`: the space each table takes (to explain
/// database sizes); with `--compact`, gives freed space back first.
pub fn run(ctx: &Ctx, compact: bool) -> Result<()> {
    let mut store = ctx.open()?;
    if compact {
        let t = std::time::Instant::now();
        let (a, b) = store.compact()?;
        println!(
            "compacted {:.1} MB → {:.1} MB in {:.1} s",
            a as f64 / 1e6,
            b as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    let rows = store.read()?.space()?;
    let size = std::fs::metadata(&ctx.db).map(|m| m.len()).unwrap_or(0);
    println!(
        "{:<24} {:>10} {:>12} {:>12} {:>12}",
        "table", "rows", "stored MB", "metadata MB", "fragmented MB"
    );
    let mb = |b: u64| b as f64 / 1e6;
    let mut tot = (0, 0, 0);
    for (name, n, st, meta, frag) in rows {
        tot = (tot.0 + st, tot.1 + meta, tot.2 + frag);
        println!(
            "{name:<24} {n:>10} {:>12.1} {:>12.1} {:>12.1}",
            mb(st),
            mb(meta),
            mb(frag)
        );
    }
    println!(
        "{:<24} {:>10} {:>12.1} {:>12.1} {:>12.1}   file {:.1} MB",
        "total",
        "",
        mb(tot.0),
        mb(tot.1),
        mb(tot.2),
        mb(size)
    );
    Ok(())
}
