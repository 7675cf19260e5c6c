//! `juwu restore FROM --db NEW [--against FILE]... [--accept-older]`:
//! a backup restored into a new database, every file and chain checked.
//!
//! Restoring an older backup must not silently fork the office's history:
//! if another record (the street office's database or JSON export, a newer
//! backup, or the damaged database itself) shows this office's log longer
//! than the backup, the missing events are taken from it when it holds them
//! and they continue the backup's chain; otherwise juwu refuses and says how
//! to recover.

use std::path::{Path, PathBuf};

use crate::domain::{Envelope, OfficeCode};
use crate::store::{Head, Store};

use super::backup::check_dir;
use super::{CliError, Ctx, Result};

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

/// What another record says about the office's log.
struct Evidence {
    source: String,
    head: Head,
    /// The events themselves, when the source holds them.
    events: Option<Vec<Vec<u8>>>,
}

fn evidence(path: &Path, office: &OfficeCode) -> Result<Option<Evidence>> {
    let source = path.display().to_string();
    if path.is_dir() {
        let (m, problems) = check_dir(path)?;
        if !problems.is_empty() {
            return Err(CliError::Msg(format!("{source}: {}", problems.join("; "))));
        }
        let Some(head) = m.heads.get(office.as_str()).cloned() else {
            return Ok(None);
        };
        let events = read_log(&path.join(format!("logs/{office}.jsonl")))?;
        return Ok(Some(Evidence {
            source,
            head,
            events: Some(events),
        }));
    }
    let bytes = std::fs::read(path).map_err(|e| CliError::Msg(format!("{source}: {e}")))?;
    if bytes.starts_with(b"{") || bytes.starts_with(b"\xef\xbb\xbf{") {
        let v: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| CliError::Msg(format!("{source}: not a juwu JSON export ({e})")))?;
        let Some(h) = v.get("heads").and_then(|h| h.get(office.as_str())) else {
            return Ok(None);
        };
        let head: Head = serde_json::from_value(h.clone())
            .map_err(|e| CliError::Msg(format!("{source}: {e}")))?;
        return Ok(Some(Evidence {
            source,
            head,
            events: None,
        }));
    }
    let store = Store::open(path)?;
    let r = store.read()?;
    let Some(head) = r.heads()?.get(office.as_str()).cloned() else {
        return Ok(None);
    };
    let events = r
        .events(office.as_str(), 1, head.seq)?
        .into_iter()
        .map(|e| e.bytes)
        .collect();
    Ok(Some(Evidence {
        source,
        head,
        events: Some(events),
    }))
}

fn read_log(p: &Path) -> Result<Vec<Vec<u8>>> {
    let b = std::fs::read(p).map_err(|e| CliError::Msg(format!("{}: {e}", p.display())))?;
    Ok(b.split(|c| *c == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| l.to_vec())
        .collect())
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let l = ctx.lang;
    if ctx.db.exists() {
        return Err(CliError::Msg(format!(
            "{} already exists: restore into a new file (--db NEW.redb)",
            ctx.db.display()
        )));
    }
    let (m, problems) = check_dir(&a.from)?;
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("  ✗ {p}");
        }
        return Err(CliError::Failed(format!(
            "the backup in {} does not verify: nothing restored",
            a.from.display()
        )));
    }
    let own = OfficeCode::parse(&m.office)?;
    let mut chains = vec![];
    for office in m.heads.keys() {
        let code = OfficeCode::parse(office)?;
        let events = read_log(&a.from.join(format!("logs/{office}.jsonl")))?;
        chains.push((code, events));
    }
    let backup_head = m
        .heads
        .get(own.as_str())
        .cloned()
        .ok_or_else(|| CliError::Msg(format!("the backup holds no log of its office {own}")))?;
    // Compare with every other record of this office's log.
    let mut extended_from = None;
    for p in &a.against {
        let Some(ev) = evidence(p, &own)? else {
            println!(
                "  {}: {} {own}",
                p.display(),
                l.pick("holds nothing of", "没有以下单位的记录：")
            );
            continue;
        };
        // Not longer: the same history only if the backup holds the very
        // event that copy ends with (compare hashes, not lengths).
        let same = |seq: u64, hash: &str| {
            chains
                .iter()
                .find(|(c, _)| c == &own)
                .and_then(|(_, e)| e.get((seq as usize).wrapping_sub(1)))
                .is_some_and(|b| blake3::hash(b).to_hex().as_str() == hash)
        };
        if ev.head.seq <= backup_head.seq && ev.head.seq > 0 && !same(ev.head.seq, &ev.head.hash) {
            return Err(CliError::Failed(format!(
                "{}: {own}'s log there differs from this backup's at or before #{}: the two are different histories of the office (a fork). Nothing restored; compare the two with the street office before choosing one.",
                ev.source, ev.head.seq
            )));
        }
        if ev.head.seq <= backup_head.seq {
            println!(
                "  {}: {own} #{} — {}",
                ev.source,
                ev.head.seq,
                l.pick("not longer than the backup", "不比备份新")
            );
            continue;
        }
        // Longer: use its events if they continue the backup's chain.
        let own_chain = chains
            .iter_mut()
            .find(|(c, _)| c == &own)
            .map(|(_, e)| e)
            .ok_or_else(|| CliError::Msg("backup without its own log".into()))?;
        let continues = ev.events.as_ref().is_some_and(|evs| {
            evs.len() as u64 == ev.head.seq
                && evs
                    .get(backup_head.seq as usize - 1)
                    .map(|b| blake3::hash(b).to_hex().to_string())
                    == Some(backup_head.hash.clone())
        });
        if continues {
            if let Some(evs) = ev.events {
                let extra = evs[backup_head.seq as usize..].to_vec();
                if extra.len() as u64 + backup_head.seq > own_chain.len() as u64 {
                    own_chain.truncate(backup_head.seq as usize);
                    own_chain.extend(extra);
                    extended_from = Some((ev.source.clone(), ev.head.seq));
                }
            }
            continue;
        }
        let msg = format!(
            "{}: {own}'s log reaches #{} there, but this backup ends at #{}. Restoring it would fork the office's history (new records would reuse numbers #{}… that other offices already hold). To recover: restore a newer backup, or get a copy that holds those events (the street office's database, or a bundle of {own}'s log from #{}) and run restore again with --against it.{}",
            ev.source,
            ev.head.seq,
            backup_head.seq,
            backup_head.seq + 1,
            backup_head.seq + 1,
            if a.accept_older {
                ""
            } else {
                " Only if those events are lost for good, add --accept-older."
            }
        );
        if a.accept_older {
            eprintln!("  ! {msg}");
        } else {
            return Err(CliError::Failed(msg));
        }
    }
    let store = Store::restore_from_logs(&ctx.db, &own, &chains)?;
    let report = store.verify(false)?;
    if !report.ok() {
        return Err(CliError::Failed(format!(
            "the restored database does not verify: {}",
            report
                .chain_errors
                .iter()
                .chain(report.projection_errors.iter())
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    // Trust, peers, signed heads and fork alerts (backups made before they
    // were kept have no such file).
    if m.files.iter().any(|f| f.path == super::backup::SYNC_STATE) {
        let p = a.from.join(super::backup::SYNC_STATE);
        let bytes =
            std::fs::read(&p).map_err(|e| CliError::Msg(format!("{}: {e}", p.display())))?;
        let st: crate::store::sync::SyncState = serde_json::from_slice(&bytes)
            .map_err(|e| CliError::Msg(format!("{}: {e}", p.display())))?;
        store.put_sync_state(&st)?;
    }
    // Configuration beside the new database; the key only if it was backed
    // up and none is there yet.
    for f in &m.files {
        let src = a.from.join(&f.path);
        let dst = if let Some(n) = f.path.strip_prefix("config/calendars/") {
            super::calendar_dir(&ctx.db).join(n)
        } else if f.path == "config/kiosk.toml" {
            crate::service::workspace::kiosk_config(&ctx.db)
        } else if f.path == "key/office.key" {
            crate::sync::keys::key_path(&ctx.db)
        } else {
            continue;
        };
        if dst.exists() {
            continue;
        }
        if f.path == "key/office.key" {
            let key = crate::sync::keys::OfficeKey::load(&src)?;
            key.save_new(&dst)?;
        } else {
            if let Some(d) = dst.parent() {
                std::fs::create_dir_all(d)
                    .map_err(|e| CliError::Msg(format!("{}: {e}", d.display())))?;
            }
            std::fs::copy(&src, &dst)
                .map_err(|e| CliError::Msg(format!("{}: {e}", dst.display())))?;
        }
    }
    let r = store.read()?;
    let head = r.heads()?.get(own.as_str()).cloned().unwrap_or(Head {
        seq: 0,
        hash: String::new(),
    });
    let last: Option<Envelope> = r
        .events(own.as_str(), head.seq, head.seq)?
        .into_iter()
        .next()
        .map(|e| e.env);
    println!(
        "{} {own} → {} ({} {}, {} {})",
        l.pick("restored", "已恢复"),
        ctx.db.display(),
        report.events,
        l.pick("events", "条事件"),
        report.offices,
        l.pick("logs; verify: ok", "个日志；校验通过")
    );
    if let Some((src, seq)) = extended_from {
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
    let key = crate::sync::keys::key_path(&ctx.db);
    if !key.exists() {
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
