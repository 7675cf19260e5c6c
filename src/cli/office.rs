//! `juwu office add|list|rekey`: the roster of the offices below this one,
//! kept in its own log and carried by bundle.

use clap::Subcommand;

use crate::domain::text::clean_line;
use crate::domain::{Level, OfficeCode};
use crate::service::bundles;
use crate::sync::keys::{fingerprint, parse_public};

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Put an office below this one on its roster.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// community, workstation or street.
        #[arg(long)]
        level: String,
        /// Its key, exactly as `juwu key show` prints it there (compare the
        /// fingerprint by phone). Offices that trust this one trust it.
        #[arg(long)]
        key: Option<String>,
    },
    /// The offices on this office's roster.
    List,
    /// Record the new key of an office below that lost its key, after
    /// comparing the new fingerprint by phone.
    Rekey {
        #[arg(long)]
        code: String,
        #[arg(long)]
        key: String,
    },
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let l = ctx.lang;
    let store = ctx.open()?;
    let own = store
        .own_code()
        .cloned()
        .ok_or(crate::store::StoreError::NoOffice)?;
    match c {
        Cmd::Add {
            code,
            name,
            level,
            key,
        } => {
            let code = OfficeCode::parse(&code)?;
            let level: Level = level.parse()?;
            let key = key.as_deref().map(parse_public).transpose()?;
            bundles::roster_add(&store, &code, &name, level, key.clone(), ctx.now())?;
            println!(
                "{} {code} {}",
                l.pick("Added", "已将"),
                l.pick("to this office's roster", "登记在本单位名册上")
            );
            if let Some(k) = key {
                println!(
                    "  {} {}",
                    l.pick("key fingerprint", "密钥指纹"),
                    fingerprint(&k)
                );
            }
        }
        Cmd::List => {
            let roster = store.read()?.roster(&own)?;
            if roster.is_empty() {
                println!(
                    "{}",
                    l.pick(
                        "no office is on this office's roster yet",
                        "本单位名册上尚无单位"
                    )
                );
            }
            for (o, key) in roster {
                let fp = key
                    .as_deref()
                    .map(fingerprint)
                    .unwrap_or_else(|| l.pick("no key", "无密钥").to_string());
                println!(
                    "{}\t{}\t{}\t{fp}",
                    o.code,
                    clean_line(&o.name),
                    o.level.label(l == crate::i18n::Lang::Zh)
                );
            }
        }
        Cmd::Rekey { code, key } => {
            let code = OfficeCode::parse(&code)?;
            let key = parse_public(&key)?;
            bundles::roster_rekey(&store, &code, &key, ctx.now())?;
            println!(
                "{}",
                crate::sync::describe::rekeyed(l, code.as_str(), own.as_str(), &key)
            );
        }
    }
    Ok(())
}
