//! Backup and restore, the steps: a verifiable copy of the database on
//! removable media (every log as its exact stored bytes, the settings, the
//! sync state, the calendars and kiosk settings beside the database, the
//! office key only when asked, and a manifest with blake3 hashes of every
//! file and the head of every log), and a backup restored into a new
//! database, every file and chain checked.
//!
//! Restoring an older backup must not silently fork the office's history:
//! if another record (the street office's database or JSON export, a newer
//! backup, or the damaged database itself) shows this office's log longer
//! than the backup, the missing events are taken from it when it holds them
//! and they continue the backup's chain; otherwise the restore is refused
//! with how to recover. `juwu backup` and `juwu restore` print the outcome.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Error, Result, workspace};
use crate::domain::{Envelope, OfficeCode};
use crate::store::{Head, Store};

pub const MANIFEST: &str = "manifest.json";
/// The sync tables in a backup.
pub const SYNC_STATE: &str = "sync/state.json";
pub const FORMAT: &str = "juwu-backup";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub blake3: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    pub juwu: String,
    pub office: String,
    pub heads: BTreeMap<String, Head>,
    pub includes_key: bool,
    pub files: Vec<FileEntry>,
}

fn io(p: &Path, e: std::io::Error) -> Error {
    Error::Msg(format!("{}: {e}", p.display()))
}

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct BackedUp {
    pub office: OfficeCode,
    /// The head of every log backed up.
    pub heads: BTreeMap<String, Head>,
    pub includes_key: bool,
}

/// Backs the database `store` (opened from `db`) up into `out`, a new or
/// empty directory; the office key too when `include_key`. The manifest is
/// written last and everything read back before it returns.
pub fn backup(
    store: &Store,
    db: &Path,
    out: &Path,
    include_key: bool,
    now: DateTime<Utc>,
) -> Result<BackedUp> {
    let own = store
        .own_code()
        .cloned()
        .ok_or_else(|| Error::Msg("this database has no office yet".into()))?;
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| io(out, e))?
            .next()
            .is_some()
    {
        return Err(Error::Msg(format!(
            "{} is not empty: back up into a new directory",
            out.display()
        )));
    }
    let r = store.read()?;
    let heads = r.heads()?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (office, h) in &heads {
        let mut buf = Vec::new();
        for e in r.events(office, 1, h.seq)? {
            buf.extend_from_slice(&e.bytes);
            buf.push(b'\n');
        }
        files.insert(format!("logs/{office}.jsonl"), buf);
    }
    let mut settings = BTreeMap::new();
    for o in r.offices()? {
        settings.insert(o.code.to_string(), r.settings(&o.code)?);
    }
    files.insert(
        "settings.json".into(),
        serde_json::to_vec_pretty(&settings).map_err(|e| Error::Msg(e.to_string()))?,
    );
    // Trust, peers (and what they acknowledged), signed heads and fork
    // alerts: without them a restored street office refuses every bundle.
    files.insert(
        SYNC_STATE.into(),
        serde_json::to_vec_pretty(&store.sync_state()?).map_err(|e| Error::Msg(e.to_string()))?,
    );
    if let Ok(rd) = std::fs::read_dir(workspace::calendar_dir(db)) {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(n) = p.file_name().and_then(|n| n.to_str())
            {
                files.insert(
                    format!("config/calendars/{n}"),
                    std::fs::read(&p).map_err(|e| io(&p, e))?,
                );
            }
        }
    }
    let kiosk = workspace::kiosk_config(db);
    if kiosk.exists() {
        files.insert(
            "config/kiosk.toml".into(),
            std::fs::read(&kiosk).map_err(|e| io(&kiosk, e))?,
        );
    }
    if include_key {
        let kp = workspace::key_path(db);
        files.insert(
            "key/office.key".into(),
            std::fs::read(&kp).map_err(|e| io(&kp, e))?,
        );
    }
    drop(r);
    // Write every file, then the manifest last: a backup without a manifest
    // is visibly unfinished.
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let mut entries = vec![];
    for (rel, bytes) in &files {
        let p = out.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        if rel.starts_with("key/") {
            crate::service::files::write_private(&p, bytes)?;
        } else {
            std::fs::write(&p, bytes).map_err(|e| io(&p, e))?;
        }
        entries.push(FileEntry {
            path: rel.clone(),
            bytes: bytes.len() as u64,
            blake3: blake3::hash(bytes).to_hex().to_string(),
        });
    }
    let m = Manifest {
        format: FORMAT.into(),
        version: 1,
        created_at: now.to_rfc3339(),
        juwu: env!("CARGO_PKG_VERSION").into(),
        office: own.to_string(),
        heads: heads.clone(),
        includes_key: include_key,
        files: entries,
    };
    let mp = out.join(MANIFEST);
    std::fs::write(
        &mp,
        serde_json::to_vec_pretty(&m).map_err(|e| Error::Msg(e.to_string()))?,
    )
    .map_err(|e| io(&mp, e))?;
    // Read it all back: the copy on the drive must verify.
    let (_, problems) = check_dir(out)?;
    if !problems.is_empty() {
        return Err(Error::Failed(format!(
            "the backup in {} does not read back: {}",
            out.display(),
            problems.join("; ")
        )));
    }
    Ok(BackedUp {
        office: own,
        heads,
        includes_key: include_key,
    })
}

/// A manifest path names a file inside the backup: relative, `/`-separated,
/// no `..`, and nothing Windows reads as a drive or a separator (`C:x`
/// would resolve against drive C's current folder, not the backup).
fn inside_backup(path: &str) -> bool {
    path.split('/')
        .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains([':', '\\']))
}

/// Reads a backup's manifest and checks every file's size and hash.
/// Returns the manifest and the problems found (empty: verified).
pub fn check_dir(dir: &Path) -> Result<(Manifest, Vec<String>)> {
    let mp = dir.join(MANIFEST);
    let text = std::fs::read(&mp).map_err(|e| {
        Error::Msg(format!(
            "{}: {e} (not a juwu backup, or it was not finished)",
            mp.display()
        ))
    })?;
    let m: Manifest = serde_json::from_slice(&text)
        .map_err(|e| Error::Msg(format!("{}: damaged manifest ({e})", mp.display())))?;
    if m.format != FORMAT || m.version != 1 {
        return Err(Error::Msg(format!(
            "{}: not a juwu backup this version reads",
            mp.display()
        )));
    }
    let mut problems = vec![];
    for f in &m.files {
        if !inside_backup(&f.path) {
            problems.push(format!("{}: not a path inside the backup", f.path));
            continue;
        }
        match std::fs::read(dir.join(&f.path)) {
            Ok(b)
                if b.len() as u64 == f.bytes && blake3::hash(&b).to_hex().as_str() == f.blake3 => {}
            Ok(_) => problems.push(format!("{}: altered or damaged (hash differs)", f.path)),
            Err(e) => problems.push(format!("{}: {e}", f.path)),
        }
    }
    Ok((m, problems))
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
            return Err(Error::Msg(format!("{source}: {}", problems.join("; "))));
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
    let bytes = std::fs::read(path).map_err(|e| Error::Msg(format!("{source}: {e}")))?;
    if bytes.starts_with(b"{") || bytes.starts_with(b"\xef\xbb\xbf{") {
        let v: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Msg(format!("{source}: not a juwu JSON export ({e})")))?;
        let Some(h) = v.get("heads").and_then(|h| h.get(office.as_str())) else {
            return Ok(None);
        };
        let head: Head =
            serde_json::from_value(h.clone()).map_err(|e| Error::Msg(format!("{source}: {e}")))?;
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
    let b = std::fs::read(p).map_err(|e| Error::Msg(format!("{}: {e}", p.display())))?;
    Ok(b.split(|c| *c == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| l.to_vec())
        .collect())
}

/// What a record given with `--against` said.
#[derive(Debug, Clone)]
pub enum Compared {
    /// It holds nothing of this office's log.
    HoldsNothing(PathBuf),
    /// Its copy of the log is not longer than the backup's.
    NotLonger { source: String, seq: u64 },
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub office: OfficeCode,
    pub events: u64,
    pub offices: usize,
    /// Each `--against` record that did not extend the backup.
    pub compared: Vec<Compared>,
    /// Older-backup warnings accepted with `accept_older`.
    pub accepted: Vec<String>,
    /// The record the later events were recovered from, and the head it
    /// brought the log to.
    pub extended_from: Option<(String, u64)>,
    /// The office's head in the restored database, and its last event.
    pub head: Head,
    pub last: Option<Envelope>,
    /// No office key beside the restored database: where it belongs.
    pub missing_key: Option<PathBuf>,
}

/// Restores the backup in `from` into the new database `db`, compared with
/// the records `against`.
pub fn restore(
    db: &Path,
    from: &Path,
    against: &[PathBuf],
    accept_older: bool,
) -> Result<Restored> {
    if db.exists() {
        return Err(Error::Msg(format!(
            "{} already exists: restore into a new file (--db NEW.redb)",
            db.display()
        )));
    }
    let (m, problems) = check_dir(from)?;
    if !problems.is_empty() {
        return Err(Error::BackupDamaged {
            dir: from.to_path_buf(),
            problems,
        });
    }
    let own = OfficeCode::parse(&m.office)?;
    let mut chains = vec![];
    for office in m.heads.keys() {
        let code = OfficeCode::parse(office)?;
        let events = read_log(&from.join(format!("logs/{office}.jsonl")))?;
        chains.push((code, events));
    }
    let backup_head = m
        .heads
        .get(own.as_str())
        .cloned()
        .ok_or_else(|| Error::Msg(format!("the backup holds no log of its office {own}")))?;
    // Compare with every other record of this office's log.
    let mut extended_from = None;
    let mut compared = vec![];
    let mut accepted = vec![];
    for p in against {
        let Some(ev) = evidence(p, &own)? else {
            compared.push(Compared::HoldsNothing(p.clone()));
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
            return Err(Error::Failed(format!(
                "{}: {own}'s log there differs from this backup's at or before #{}: the two are different histories of the office (a fork). Nothing restored; compare the two with the street office before choosing one.",
                ev.source, ev.head.seq
            )));
        }
        if ev.head.seq <= backup_head.seq {
            compared.push(Compared::NotLonger {
                source: ev.source.clone(),
                seq: ev.head.seq,
            });
            continue;
        }
        // Longer: use its events if they continue the backup's chain.
        let own_chain = chains
            .iter_mut()
            .find(|(c, _)| c == &own)
            .map(|(_, e)| e)
            .ok_or_else(|| Error::Msg("backup without its own log".into()))?;
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
            if accept_older {
                ""
            } else {
                " Only if those events are lost for good, add --accept-older."
            }
        );
        if accept_older {
            accepted.push(msg);
        } else {
            return Err(Error::Failed(msg));
        }
    }
    let store = Store::restore_from_logs(db, &own, &chains)?;
    let report = store.verify(false)?;
    if !report.ok() {
        return Err(Error::Failed(format!(
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
    if m.files.iter().any(|f| f.path == SYNC_STATE) {
        let p = from.join(SYNC_STATE);
        let bytes = std::fs::read(&p).map_err(|e| Error::Msg(format!("{}: {e}", p.display())))?;
        let st: crate::store::sync::SyncState = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Msg(format!("{}: {e}", p.display())))?;
        store.put_sync_state(&st)?;
    }
    // Configuration beside the new database; the key only if it was backed
    // up and none is there yet.
    for f in &m.files {
        let src = from.join(&f.path);
        let dst = if let Some(n) = f.path.strip_prefix("config/calendars/") {
            workspace::calendar_dir(db).join(n)
        } else if f.path == "config/kiosk.toml" {
            workspace::kiosk_config(db)
        } else if f.path == "key/office.key" {
            workspace::key_path(db)
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
                    .map_err(|e| Error::Msg(format!("{}: {e}", d.display())))?;
            }
            std::fs::copy(&src, &dst).map_err(|e| Error::Msg(format!("{}: {e}", dst.display())))?;
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
    let key = workspace::key_path(db);
    Ok(Restored {
        office: own,
        events: report.events,
        offices: report.offices,
        compared,
        accepted,
        extended_from,
        head,
        last,
        missing_key: (!key.exists()).then_some(key),
    })
}
