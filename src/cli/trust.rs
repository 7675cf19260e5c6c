//! `juwu trust add|list|remove`: the keys of other offices trusted here.

use clap::Subcommand;

use crate::domain::OfficeCode;
use crate::domain::text::clean_line;
use crate::service::bundles;
use crate::sync::SyncError;
use crate::sync::keys::{fingerprint, parse_public};

use super::{Ctx, Result};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Trust an office's key (KEY exactly as `juwu key show` prints it there).
    Add {
        #[arg(long)]
        office: String,
        #[arg(long)]
        key: String,
    },
    /// The trusted keys, removed ones included.
    List,
    /// Stop trusting an office's key: its bundles are refused from now on.
    Remove {
        #[arg(long)]
        office: String,
    },
}

pub fn run(ctx: &Ctx, c: Cmd) -> Result<()> {
    let l = ctx.lang;
    let store = ctx.open()?;
    store.own_code().ok_or(crate::store::StoreError::NoOffice)?;
    match c {
        Cmd::Add { office, key } => {
            let code = OfficeCode::parse(&office)?;
            let key = parse_public(&key)?;
            if !bundles::trust(&store, &code, &key, ctx.now())? {
                println!(
                    "{code} {} {}",
                    l.pick("is already trusted with key", "已以此密钥被信任，指纹"),
                    fingerprint(&key)
                );
                return Ok(());
            }
            println!(
                "{} {code} {} {}",
                l.pick("Trusted", "已信任"),
                l.pick("with key fingerprint", "，密钥指纹"),
                fingerprint(&key)
            );
            println!(
                "{}",
                match l {
                    crate::i18n::Lang::En => format!(
                        "Compare it by phone with what `juwu key show` prints at {code}; if they differ, run `juwu trust remove --office {code}`."
                    ),
                    crate::i18n::Lang::Zh => format!(
                        "请电话核对 {code} 处 `juwu key show` 显示的指纹；如不一致，请运行 `juwu trust remove --office {code}`。"
                    ),
                }
            );
        }
        Cmd::List => {
            let all = store.trusted()?;
            if all.is_empty() {
                println!(
                    "{}",
                    l.pick("no office key is trusted yet", "尚未信任任何单位的密钥")
                );
            }
            let r = store.read()?;
            for (code, e) in all {
                let name = OfficeCode::parse(&code)
                    .ok()
                    .and_then(|c| r.office(&c).ok().flatten())
                    .map(|o| clean_line(&o.name))
                    .unwrap_or_default();
                let state = match e.removed_at {
                    Some(t) => format!("{} {}", l.pick("REMOVED", "已移除"), t.format("%Y-%m-%d")),
                    None => format!(
                        "{} {} ({})",
                        l.pick("trusted since", "信任自"),
                        e.added_at.format("%Y-%m-%d"),
                        crate::sync::describe::how(l, &e.how)
                    ),
                };
                println!("{code}\t{name}\t{}\t{state}", fingerprint(&e.key));
                println!("\t{}", e.key);
            }
        }
        Cmd::Remove { office } => {
            let code = OfficeCode::parse(&office)?;
            let Some(mut e) = store.trusted()?.remove(code.as_str()) else {
                return Err(SyncError::NotTrusted(code).into());
            };
            if e.removed_at.is_some() {
                println!("{code}: {}", l.pick("already removed", "早已移除"));
                return Ok(());
            }
            e.removed_at = Some(ctx.now());
            store.put_trust(&e)?;
            println!(
                "{} {code} ({}): {}",
                l.pick("Removed the key of", "已移除密钥："),
                fingerprint(&e.key),
                l.pick("its bundles will be refused", "今后其数据包将被拒绝")
            );
        }
    }
    Ok(())
}
