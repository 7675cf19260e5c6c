//! `juwu demo [--no-tui]`: a database filled from sample-data/ (built by
//! `crate::sample`), then the app.

use std::path::PathBuf;

use crate::sample::{SampleError, build_sample_bundles, demo_db, ensure_office};
use crate::store::Store;

use super::{CliError, Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print a summary instead of opening the app (`juwu demo` opens it).
    #[arg(long)]
    pub no_tui: bool,
    /// Which sample office: QH01 (清河社区, a full year), LY01 (柳荫社区) or
    /// DC (东城街道办, the street office that receives both communities'
    /// bundles from sample-data/bundles/).
    #[arg(long, default_value = "QH01")]
    pub office: String,
    /// Build all three sample offices in DIR and write the sample bundles
    /// there (how sample-data/bundles/ is made).
    #[arg(long, value_name = "DIR", hide = true)]
    pub sample_bundles: Option<PathBuf>,
}

/// A sample error as the command line reports it: store, domain, key and
/// bundle errors keep their type, the rest reads in the UI language.
pub fn sample_error(e: SampleError, lang: crate::i18n::Lang) -> CliError {
    match e {
        SampleError::Store(e) => CliError::Store(e),
        SampleError::Domain(e) => CliError::Domain(e),
        SampleError::Key(e) => CliError::Key(e),
        SampleError::Sync(e) => CliError::Sync(e),
        e => CliError::Msg(e.message(lang.zh())),
    }
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let mut ctx2 = Ctx {
        db: ctx.db.clone(),
        db_given: ctx.db_given,
        lang: ctx.lang,
        operator: ctx.operator.clone(),
        keymap: ctx.keymap.clone(),
    };
    if let Some(dir) = &a.sample_bundles {
        for f in build_sample_bundles(dir).map_err(|e| sample_error(e, ctx.lang))? {
            println!("{}", f.display());
        }
        return Ok(());
    }
    if !ctx.db_given {
        ctx2.db = demo_db();
        if !a.office.eq_ignore_ascii_case("QH01") {
            ctx2.db = ctx2
                .db
                .with_file_name(format!("juwu-demo-{}.redb", a.office.to_ascii_uppercase()));
        }
    }
    let (store, created) =
        ensure_office(&ctx2.db, &a.office).map_err(|e| sample_error(e, ctx.lang))?;
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
