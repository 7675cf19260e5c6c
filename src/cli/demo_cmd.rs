//! `juwu demo [--no-tui]`: a database filled from sample-data/, then the app.

use std::path::PathBuf;

use crate::domain::{Level, Office, OfficeCode};
use crate::store::Store;

use super::{Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print a summary instead of opening the app (`juwu demo` opens it).
    #[arg(long)]
    pub no_tui: bool,
}

/// Where the demo database lives unless --db names one: apart from the
/// office's real register.
pub fn demo_db() -> PathBuf {
    directories::ProjectDirs::from("org", "juwu", "juwu")
        .map(|d| d.data_dir().join("demo").join("juwu-demo.redb"))
        .unwrap_or_else(|| PathBuf::from("juwu-demo.redb"))
}

/// Opens the demo database, creating and filling it if absent.
pub fn ensure(ctx: &Ctx) -> Result<(Store, bool)> {
    if ctx.db.exists() {
        return Ok((ctx.open()?, false));
    }
    let office = Office {
        code: OfficeCode::parse("QH01")?,
        name: "清河社区居委会".into(),
        level: Level::Community,
        parent: Some(OfficeCode::parse("DC")?),
        public_key: None,
    };
    // The story begins on 2025-11-01 (08:00 in Beijing), so the log is in time order.
    let start = chrono::DateTime::parse_from_rfc3339("2025-11-01T00:00:00Z")
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| ctx.now());
    let (store, _key) = super::init::create_office(ctx, office, Some("东城街道办".into()), start)?;
    super::demo::populate(&store)?;
    Ok((store, true))
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let mut ctx2 = Ctx {
        db: ctx.db.clone(),
        db_given: ctx.db_given,
        lang: ctx.lang,
        operator: ctx.operator.clone(),
        keymap: ctx.keymap.clone(),
    };
    if !ctx.db_given {
        ctx2.db = demo_db();
    }
    let (store, created) = ensure(&ctx2)?;
    let l = ctx.lang;
    if created {
        println!(
            "{} {}",
            l.pick("Created the demo database", "已创建演示数据库"),
            ctx2.db.display()
        );
    }
    if a.no_tui {
        return print_summary(&ctx2, &store);
    }
    super::open_app(&ctx2, store)
}

pub fn print_summary(ctx: &Ctx, store: &Store) -> Result<()> {
    let r = store.read()?;
    let cal = ctx.calendar()?;
    let today = ctx.today();
    let l = ctx.lang;
    let office = r.own_office()?;
    if let Some(o) = office {
        println!("{} ({}) — {}", o.name, o.code, ctx.db.display());
    }
    let ds = r.disclosures()?;
    println!("{}: {}", l.pick("disclosures", "公开事项"), ds.len());
    for s in crate::domain::Status::ALL {
        let n = ds.iter().filter(|d| d.status == *s).count();
        if n > 0 {
            println!("  {:<12} {n}", s.label(l.zh()));
        }
    }
    let ops = r.opinions()?;
    println!("{}: {}", l.pick("opinions", "意见建议"), ops.len());
    let mut by = std::collections::BTreeMap::new();
    for o in ops {
        *by.entry(r.opinion_state(o, &cal, today)?.status)
            .or_insert(0) += 1;
    }
    for (s, n) in by {
        println!("  {:<12} {n}", s.label(l.zh()));
    }
    println!(
        "{}: {}",
        l.pick("replies", "答复"),
        r.count(crate::store::tables::T::Replies)?
    );
    println!(
        "{}: {}",
        l.pick("finance statements", "财务报表"),
        r.count(crate::store::tables::T::Statements)?
    );
    println!(
        "{}: {}",
        l.pick("supervision checks", "监督检查"),
        r.count(crate::store::tables::T::Checks)?
    );
    println!("{}: {}", l.pick("events", "事件"), r.event_count()?);
    Ok(())
}
