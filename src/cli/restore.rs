//! `juwu restore FROM --db NEW [--against FILE]... [--accept-older]`:
//! a backup restored into a new database, every file and chain checked
//! (the steps, and how an older backup is kept from forking the office's
//! history: `service::backup`).

use std::path::PathBuf;

use super::{Ctx, Result};
use crate::service::backup::{self, Compared};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The backup directory (with manifest.json).
    pub from: PathBuf,
    /// Other records of this office's log to compare with: a juwu database
    /// (e.g. the street office's), a `juwu export --format json` file, or
    /// another backup directory. May be repeated.
    #[arg(long)]
    pub against: Vec<PathBuf>,
    /// Restore even though a longer log of this office exists elsewhere
    /// (only when those later events are known to be lost for good).
    #[arg(long)]
    pub accept_older: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let l = ctx.lang;
    let done = match backup::restore(&ctx.db, &a.from, &a.against, a.accept_older) {
        Ok(done) => done,
        Err(e) => {
            if let crate::service::Error::Backup(backup::BackupError::Damaged {
                problems, ..
            }) = &e
            {
                for p in problems {
                    eprintln!("  ✗ {}", p.message(l));
                }
            }
            return Err(e);
        }
    };
    let own = &done.office;
    for c in &done.compared {
        match c {
            Compared::HoldsNothing(p) => println!(
                "  {}: {} {own}",
                p.display(),
                l.pick("holds nothing of", "没有以下单位的记录：")
            ),
            Compared::NotLonger { source, seq } => println!(
                "  {source}: {own} #{seq} — {}",
                l.pick("not longer than the backup", "不比备份新")
            ),
        }
    }
    for msg in &done.accepted {
        eprintln!("  ! {}", msg.message(l));
    }
    let (head, last) = (&done.head, done.last.clone());
    println!(
        "{} {own} → {} ({} {}, {} {})",
        l.pick("restored", "已恢复"),
        ctx.db.display(),
        done.events,
        l.pick("events", "条事件"),
        done.offices,
        l.pick("logs; verify: ok", "个日志；校验通过")
    );
    if let Some((src, seq)) = &done.extended_from {
        println!(
            "  {} #{} {} {src}",
            own,
            seq,
            l.pick(
                "— later events recovered from",
                "— 已从以下来源补回后续事件："
            )
        );
    }
    println!(
        "  {own} #{}{}",
        head.seq,
        last.map(|e| format!(
            ", {} {}",
            l.pick("last recorded", "最后记录于"),
            e.recorded_at
        ))
        .unwrap_or_default()
    );
    if let Some(key) = &done.missing_key {
        // Without the office key the register reads and prints, but this
        // office can sign no bundle and show no key; `key rotate` needs the
        // old key too (the new key is signed by it), so it cannot stand in.
        println!(
            "  {}",
            if l.zh() {
                format!(
                    "注意：备份中没有本单位密钥（备份时未加 --include-key）。请把旧电脑上与数据库同名的 .key 文件复制为 {}。没有它，本单位无法签发数据包（bundle export）或显示公钥（key show）；`juwu key rotate` 也需要旧密钥，不能代替。如旧密钥已遗失，请联系街道办：新的密钥须经街道电话核对指纹后重新信任。",
                    key.display()
                )
            } else {
                format!(
                    "Note: the backup has no office key (it was made without --include-key). Copy the .key file beside the database on the old PC to {}. Without it this office cannot sign bundles (bundle export) or show its key (key show); `juwu key rotate` needs the old key too, so it cannot replace it. If the old key is lost, ask the street office: they must trust a new key after checking its fingerprint by phone.",
                    key.display()
                )
            }
        );
    }
    if a.against.is_empty() {
        println!(
            "  {}",
            l.pick(
                "If this office recorded anything after the backup, or sent a later bundle to the street office, those events are not here: before recording anything new, compare with the street office (juwu restore … --against their database or export).",
                "如本单位在备份之后还有记录，或已向街道报送过更新的数据包，这些事件不在备份中：在新增任何记录之前，请先与街道核对（juwu restore … --against 街道的数据库或导出文件）。"
            )
        );
    }
    Ok(())
}
