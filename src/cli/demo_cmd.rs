//! `juwu demo [--no-tui]`: a database filled from sample-data/, then the app.

use std::path::{Path, PathBuf};

use crate::domain::{Office, OfficeCode};
use crate::store::Store;
use crate::sync::keys::OfficeKey;

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

/// When the sample bundles were made: after the sample year ends.
pub const SAMPLE_BUNDLE_TIME: &str = "2026-11-28T08:00:00Z";

/// The sample offices trust each other's published sample keys: the
/// street its communities and parent, a community its street.
fn trust_sample_neighbours(
    store: &Store,
    code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    for o in super::demo::SAMPLE_OFFICES {
        let related = o.code != code
            && (o.parent.map(|p| p.0) == Some(code)
                || super::demo::sample_office(code)
                    .and_then(|me| me.parent)
                    .map(|p| p.0)
                    == Some(o.code));
        if related {
            store.put_trust(&crate::store::sync::TrustEntry {
                office: o.code.to_string(),
                key: OfficeKey::sample(o.code).public_hex(),
                since_seq: 0,
                added_at: now,
                how: "added by hand".into(),
                removed_at: None,
            })?;
        }
    }
    Ok(())
}

/// Creates and fills the database of a sample office at `ctx.db`.
pub fn create_sample(ctx: &Ctx, code: &str) -> Result<Store> {
    let o = super::demo::sample_office(code).ok_or_else(|| {
        CliError::Msg(format!(
            "no sample office '{code}' (the samples are QH01, LY01 and DC)"
        ))
    })?;
    let parent = o.parent.map(|p| OfficeCode::parse(p.0)).transpose()?;
    let office = Office {
        code: OfficeCode::parse(o.code)?,
        name: o.name.into(),
        level: o.level,
        parent,
        public_key: None,
    };
    // The story begins at its first act, so the log is in time order.
    let start = chrono::DateTime::parse_from_rfc3339(o.start)
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| ctx.now());
    let (store, _key) = super::init::create_office_with_key(
        ctx,
        office,
        o.parent.map(|p| p.1.to_string()),
        start,
        OfficeKey::sample(o.code),
    )?;
    super::demo::populate_sample(&store, o)?;
    trust_sample_neighbours(&store, o.code, start)?;
    Ok(store)
}

/// Builds QH01, LY01 and DC in `dir` and writes the communities' bundles
/// for the street office (`QH01-to-DC.juwu`, `LY01-to-DC.juwu`).
pub fn build_sample_bundles(dir: &Path, lang: crate::i18n::Lang) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| CliError::Msg(format!("{}: {e}", dir.display())))?;
    let at = chrono::DateTime::parse_from_rfc3339(SAMPLE_BUNDLE_TIME)
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|e| CliError::Msg(e.to_string()))?;
    let mut out = vec![];
    for code in ["QH01", "LY01", "DC"] {
        let ctx = Ctx {
            db: dir.join(format!("{code}.redb")),
            db_given: true,
            lang,
            operator: None,
            keymap: None,
        };
        let store = create_sample(&ctx, code)?;
        if code != "DC" {
            let file = dir.join(format!("{code}-to-DC.juwu"));
            crate::sync::export_bundle(
                &store,
                &OfficeKey::sample(code),
                &crate::sync::ExportOptions {
                    to: Some(OfficeCode::parse("DC")?),
                    all: true,
                    relay: false,
                },
                &file,
                at,
            )?;
            out.push(file);
        }
    }
    Ok(out)
}

/// Where the demo database lives unless --db names one: apart from the
/// office's real register.
pub fn demo_db() -> PathBuf {
    directories::ProjectDirs::from("org", "juwu", "juwu")
        .map(|d| d.data_local_dir().join("demo").join("juwu-demo.redb"))
        .unwrap_or_else(|| PathBuf::from("juwu-demo.redb"))
}

/// Opens the demo database, creating and filling it if absent.
pub fn ensure(ctx: &Ctx) -> Result<(Store, bool)> {
    ensure_office(ctx, "QH01")
}

/// `ensure` for any sample office.
pub fn ensure_office(ctx: &Ctx, code: &str) -> Result<(Store, bool)> {
    if ctx.db.exists() {
        return Ok((ctx.open()?, false));
    }
    Ok((create_sample(ctx, code)?, true))
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
        for f in build_sample_bundles(dir, ctx.lang)? {
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
    let (store, created) = ensure_office(&ctx2, &a.office)?;
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
