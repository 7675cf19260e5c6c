//! `juwu salvage DB --out DIR`: the logs still intact in a damaged
//! database, written as a backup folder that `juwu restore DIR --db NEW`
//! accepts. Per office: events from #1 up to the first one that does not
//! read or does not continue the chain.
//!
//! The intact prefixes are restored into a temporary database beside the
//! damaged one (so the calendars and kiosk settings there come along), and
//! `juwu backup` writes the folder from it: one backup format, one writer.

use std::path::{Path, PathBuf};

use crate::store::Store;

use super::{CliError, Ctx, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The damaged database file (opened read-only, left as it is).
    #[arg(value_name = "DB")]
    pub damaged: PathBuf,
    /// The backup directory to write (new, or empty).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let l = ctx.lang;
    if a.out.exists()
        && std::fs::read_dir(&a.out)
            .map_err(|e| CliError::Msg(format!("{}: {e}", a.out.display())))?
            .next()
            .is_some()
    {
        return Err(CliError::Msg(format!(
            "{} {}",
            a.out.display(),
            l.pick(
                "is not empty: salvage into a new directory",
                "不是空目录：请保存到新目录"
            )
        )));
    }
    let s = Store::salvage(&a.damaged)?;
    for log in &s.logs {
        let kept = log.events.len();
        let held = log.head.as_ref().map(|h| h.seq);
        let mut line = format!("  {}: {} #1–#{kept}", log.office, l.pick("kept", "保留"));
        if let Some(h) = held {
            line.push_str(&if l.zh() {
                format!("（原日志至 #{h}）")
            } else {
                format!(" (the log held #{h})")
            });
        }
        match &log.stop {
            None => line.push_str(&format!(" — {}", l.pick("intact", "完好"))),
            Some((seq, fault)) => line.push_str(&format!(
                " — {} #{seq}{}{}",
                l.pick("stopped at", "止于"),
                l.pick(": ", "："),
                fault.message(l.zh())
            )),
        }
        println!("{line}");
    }
    let own_kept = s
        .logs
        .iter()
        .find(|g| g.office == s.own)
        .map(|g| g.events.len())
        .unwrap_or(0);
    if own_kept == 0 {
        return Err(CliError::Failed(format!(
            "{}{}",
            s.own,
            l.pick(
                ": nothing of this office's own log is intact; restore a backup instead",
                "：本单位日志没有完好的部分，请改为恢复备份"
            )
        )));
    }
    let tmp = temporary_db(&a.damaged);
    let res = (|| {
        let chains: Vec<_> = s
            .logs
            .iter()
            .filter(|g| !g.events.is_empty())
            .map(|g| (g.office.clone(), g.events.clone()))
            .collect();
        let store = Store::restore_from_logs(&tmp, &s.own, &chains)?;
        if let Some(st) = &s.sync {
            store.put_sync_state(st)?;
        }
        drop(store);
        let bctx = Ctx {
            db: tmp.clone(),
            db_given: true,
            lang: ctx.lang,
            operator: None,
            keymap: None,
        };
        super::backup::run(
            &bctx,
            super::backup::Args {
                out: a.out.clone(),
                include_key: false,
            },
        )
    })();
    let _ = std::fs::remove_file(&tmp);
    res?;
    println!(
        "{}juwu restore {} --db NEW.redb",
        l.pick("next: ", "下一步："),
        a.out.display()
    );
    Ok(())
}

/// A new file beside the damaged database (else in the temporary folder).
fn temporary_db(damaged: &Path) -> PathBuf {
    let name = format!("juwu-salvage-{}.redb", std::process::id());
    let beside = damaged
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = beside.join(&name);
    if std::fs::write(&probe, b"").is_ok() {
        let _ = std::fs::remove_file(&probe);
        probe
    } else {
        std::env::temp_dir().join(name)
    }
}
