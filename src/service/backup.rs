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
use crate::i18n::{IoText, Lang};
use crate::store::{Head, Store};

pub const MANIFEST: &str = "manifest.json";
/// The sync tables in a backup.
pub const SYNC_STATE: &str = "sync/state.json";
/// The operators' PIN hashes (`store::pin`): local state, never in a log or
/// bundle, so kept in the backup beside the logs.
pub const LOCAL_PINS: &str = "local/pins.json";
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
    BackupError::Io(p.to_path_buf(), IoText::from(&e)).into()
}

fn json(e: serde_json::Error) -> Error {
    BackupError::Json(e.to_string()).into()
}

/// Why a file of a backup does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// The manifest names a path outside the backup.
    Outside,
    /// Its size or hash differs from the manifest's.
    Altered,
    /// It cannot be read (the system's words).
    Unreadable(String),
}

/// A file of a backup that does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub kind: FileProblem,
}

impl Problem {
    pub fn message(&self, l: Lang) -> String {
        let p = &self.path;
        match (&self.kind, l) {
            (FileProblem::Outside, Lang::En) => format!("{p}: not a path inside the backup"),
            (FileProblem::Outside, Lang::Zh) => format!("{p}：不是备份内的路径"),
            (FileProblem::Altered, Lang::En) => format!("{p}: altered or damaged (hash differs)"),
            (FileProblem::Altered, Lang::Zh) => format!("{p}：已被改动或损坏（摘要不符）"),
            (FileProblem::Unreadable(e), _) => format!("{p}: {e}"),
        }
    }
}

fn problems_text(problems: &[Problem], l: Lang) -> String {
    problems
        .iter()
        .map(|p| p.message(l))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a backup or a restore was refused, in typed fields; worded by
/// [`BackupError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupError {
    /// A file could not be read or written (the system's words and kind).
    Io(PathBuf, IoText),
    /// A part of the backup could not be written or read as JSON.
    Json(String),
    /// `--out` is a directory with files in it.
    OutNotEmpty(PathBuf),
    /// The backup just written does not read back.
    DoesNotReadBack {
        dir: PathBuf,
        problems: Vec<Problem>,
    },
    /// No manifest (not a backup, or an unfinished one).
    NoManifest {
        path: PathBuf,
        err: IoText,
    },
    DamagedManifest {
        path: PathBuf,
        err: String,
    },
    /// A manifest of another format or version.
    UnknownFormat(PathBuf),
    /// A salvage found nothing intact of the office's own log.
    NothingIntact(OfficeCode),
    /// Files of the backup are missing or altered.
    Damaged {
        dir: PathBuf,
        problems: Vec<Problem>,
    },
    /// A record given with `--against` is damaged or not a juwu export.
    BadEvidence {
        source: String,
        detail: String,
    },
    /// `--db` names a file that exists.
    DbExists(PathBuf),
    /// The backup holds no log of its own office.
    NoOwnLog(OfficeCode),
    /// Another record holds a different history of the office at or
    /// before the backup's end.
    Fork {
        source: String,
        office: OfficeCode,
        seq: u64,
    },
    /// Another record holds more of the office's log than the backup and
    /// not those events: restoring would fork the office's history.
    Older {
        source: String,
        office: OfficeCode,
        theirs: u64,
        backup: u64,
        accepted: bool,
    },
    /// The restored database does not verify (the first errors).
    RestoredDoesNotVerify(Vec<String>),
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for BackupError {}

impl BackupError {
    /// The message in `l`.
    pub fn message(&self, l: Lang) -> String {
        use BackupError::*;
        let en = l == Lang::En;
        match self {
            Io(p, e) if en => format!("{}: {}", p.display(), e.message(false)),
            Io(p, e) => format!("{}：{}", p.display(), e.message(true)),
            Json(e) => e.clone(),
            OutNotEmpty(p) if en => {
                format!("{} is not empty: back up into a new directory", p.display())
            }
            OutNotEmpty(p) => format!("{} 不是空文件夹：请备份到一个新的文件夹", p.display()),
            DoesNotReadBack { dir, problems } if en => format!(
                "the backup in {} does not read back: {}",
                dir.display(),
                problems_text(problems, l)
            ),
            DoesNotReadBack { dir, problems } => format!(
                "{} 中的备份读回校验不通过：{}",
                dir.display(),
                problems_text(problems, l)
            ),
            NoManifest { path, err } if en => format!(
                "{}: {err} (not a juwu backup, or it was not finished)",
                path.display()
            ),
            NoManifest { path, err } => {
                format!(
                    "{}：{}（不是 juwu 备份，或备份没有完成）",
                    path.display(),
                    err.message(true)
                )
            }
            DamagedManifest { path, err } if en => {
                format!("{}: damaged manifest ({err})", path.display())
            }
            DamagedManifest { path, err } => format!("{}：清单已损坏（{err}）", path.display()),
            UnknownFormat(p) if en => {
                format!("{}: not a juwu backup this version reads", p.display())
            }
            UnknownFormat(p) => format!("{}：不是本版本能读取的 juwu 备份", p.display()),
            NothingIntact(o) if en => {
                format!("{o}: nothing of this office's own log is intact; restore a backup instead")
            }
            NothingIntact(o) => format!("{o}：本单位日志没有完好的部分，请改为恢复备份"),
            Damaged { dir, .. } if en => format!(
                "the backup in {} does not verify: nothing restored",
                dir.display()
            ),
            Damaged { dir, .. } => {
                format!("{} 中的备份校验不通过：未恢复任何内容", dir.display())
            }
            BadEvidence { source, detail } => format!("{source}: {detail}"),
            DbExists(p) if en => format!(
                "{} already exists: restore into a new file (--db NEW.redb)",
                p.display()
            ),
            DbExists(p) => format!(
                "{} 已存在：请恢复到一个新文件（--db 新文件.redb）",
                p.display()
            ),
            NoOwnLog(o) if en => format!("the backup holds no log of its office {o}"),
            NoOwnLog(o) => format!("备份中没有其单位 {o} 的日志"),
            Fork {
                source,
                office,
                seq,
            } if en => format!(
                "{source}: {office}'s log there differs from this backup's at or before #{seq}: the two are different histories of the office (a fork). Nothing restored; compare the two with the street office before choosing one."
            ),
            Fork {
                source,
                office,
                seq,
            } => format!(
                "{source}：其中 {office} 的日志在 #{seq} 或之前与本备份不同：这是本单位的两种历史（分叉）。未恢复任何内容；请先与街道核对两者，再决定用哪一个。"
            ),
            Older {
                source,
                office,
                theirs,
                backup,
                accepted,
            } if en => format!(
                "{source}: {office}'s log reaches #{theirs} there, but this backup ends at #{backup}. Restoring it would fork the office's history (new records would reuse numbers #{}… that other offices already hold). To recover: restore a newer backup, or get a copy that holds those events (the street office's database, or a bundle of {office}'s log from #{}) and run restore again with --against it.{}",
                backup + 1,
                backup + 1,
                if *accepted {
                    ""
                } else {
                    " Only if those events are lost for good, add --accept-older."
                }
            ),
            Older {
                source,
                office,
                theirs,
                backup,
                accepted,
            } => format!(
                "{source}：其中 {office} 的日志已到 #{theirs}，而本备份只到 #{backup}。恢复它会使本单位的历史分叉（新记录会重用其他单位已持有的编号 #{}…）。恢复办法：恢复一个更新的备份，或取得持有这些事件的副本（街道的数据库，或 {office} 自 #{} 起的日志数据包），再用 --against 指明它重新恢复。{}",
                backup + 1,
                backup + 1,
                if *accepted {
                    ""
                } else {
                    "只有确认这些事件已永久丢失时，才可加 --accept-older。"
                }
            ),
            RestoredDoesNotVerify(errs) if en => {
                format!("the restored database does not verify: {}", errs.join("; "))
            }
            RestoredDoesNotVerify(errs) => format!("恢复出的数据库校验不通过：{}", errs.join("; ")),
        }
    }
}

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct BackedUp {
    pub office: OfficeCode,
    /// The head of every log backed up.
    pub heads: BTreeMap<String, Head>,
    pub includes_key: bool,
}

/// Writes what [`Store::salvage`] kept of the damaged database `damaged` as
/// a backup folder `out` that `restore` accepts: the intact prefixes are
/// restored into a temporary database beside the damaged one (so the
/// calendars and kiosk settings there come along) and backed up from it —
/// one backup format, one writer. The damaged file is only read.
pub fn salvage(
    damaged: &Path,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<(crate::store::salvage::Salvage, BackedUp)> {
    if out_is_full(out)? {
        return Err(BackupError::OutNotEmpty(out.to_path_buf()).into());
    }
    let s = Store::salvage(damaged)?;
    let own_kept = s
        .logs
        .iter()
        .find(|g| g.office == s.own)
        .map(|g| g.events.len())
        .unwrap_or(0);
    if own_kept == 0 {
        return Err(BackupError::NothingIntact(s.own.clone()).into());
    }
    let tmp = salvage_db(damaged);
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
        backup(&store, &tmp, out, false, now)
    })();
    let _ = std::fs::remove_file(&tmp);
    Ok((s, res?))
}

/// Does `out` exist with something in it?
fn out_is_full(out: &Path) -> Result<bool> {
    Ok(out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| io(out, e))?
            .next()
            .is_some())
}

/// A new database file beside the damaged one (else in the temporary
/// folder) for the salvaged logs.
fn salvage_db(damaged: &Path) -> PathBuf {
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
        .ok_or(crate::store::StoreError::NoOffice)?;
    if out_is_full(out)? {
        return Err(BackupError::OutNotEmpty(out.to_path_buf()).into());
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
        serde_json::to_vec_pretty(&settings).map_err(json)?,
    );
    // Trust, peers (and what they acknowledged), signed heads and fork
    // alerts: without them a restored street office refuses every bundle.
    files.insert(
        SYNC_STATE.into(),
        serde_json::to_vec_pretty(&store.sync_state()?).map_err(json)?,
    );
    files.insert(
        LOCAL_PINS.into(),
        serde_json::to_vec_pretty(&store.local_pins()?).map_err(json)?,
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
    // Owner-only files and folders (`files`): a backup holds the
    // residents' records and the PIN hashes.
    use crate::service::files;
    files::create_private_dir(out)?;
    let mut entries = vec![];
    for (rel, bytes) in &files {
        let p = out.join(rel);
        if let Some(dir) = p.parent() {
            files::create_private_dir(dir)?;
        }
        if rel.starts_with("key/") {
            files::write_private(&p, bytes)?;
        } else {
            files::write_atomic(&p, bytes)?;
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
    files::write_atomic(&mp, &serde_json::to_vec_pretty(&m).map_err(json)?)?;
    // Read it all back: the copy on the drive must verify.
    let (_, problems) = check_dir(out)?;
    if !problems.is_empty() {
        return Err(BackupError::DoesNotReadBack {
            dir: out.to_path_buf(),
            problems,
        }
        .into());
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
pub fn check_dir(dir: &Path) -> Result<(Manifest, Vec<Problem>)> {
    let mp = dir.join(MANIFEST);
    let text = std::fs::read(&mp).map_err(|e| BackupError::NoManifest {
        path: mp.clone(),
        err: IoText::from(&e),
    })?;
    let m: Manifest = serde_json::from_slice(&text).map_err(|e| BackupError::DamagedManifest {
        path: mp.clone(),
        err: e.to_string(),
    })?;
    if m.format != FORMAT || m.version != 1 {
        return Err(BackupError::UnknownFormat(mp).into());
    }
    let mut problems = vec![];
    for f in &m.files {
        let problem = |kind| Problem {
            path: f.path.clone(),
            kind,
        };
        if !inside_backup(&f.path) {
            problems.push(problem(FileProblem::Outside));
            continue;
        }
        match std::fs::read(dir.join(&f.path)) {
            Ok(b)
                if b.len() as u64 == f.bytes && blake3::hash(&b).to_hex().as_str() == f.blake3 => {}
            Ok(_) => problems.push(problem(FileProblem::Altered)),
            Err(e) => problems.push(problem(FileProblem::Unreadable(e.to_string()))),
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
            return Err(BackupError::Damaged {
                dir: path.to_path_buf(),
                problems,
            }
            .into());
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
    let bytes = std::fs::read(path).map_err(|e| io(path, e))?;
    if bytes.starts_with(b"{") || bytes.starts_with(b"\xef\xbb\xbf{") {
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| BackupError::BadEvidence {
                source: source.clone(),
                detail: e.to_string(),
            })?;
        let Some(h) = v.get("heads").and_then(|h| h.get(office.as_str())) else {
            return Ok(None);
        };
        let head: Head =
            serde_json::from_value(h.clone()).map_err(|e| BackupError::BadEvidence {
                source: source.clone(),
                detail: e.to_string(),
            })?;
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
    let b = std::fs::read(p).map_err(|e| io(p, e))?;
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
    pub accepted: Vec<BackupError>,
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
        return Err(BackupError::DbExists(db.to_path_buf()).into());
    }
    let (m, problems) = check_dir(from)?;
    if !problems.is_empty() {
        return Err(BackupError::Damaged {
            dir: from.to_path_buf(),
            problems,
        }
        .into());
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
        .ok_or_else(|| BackupError::NoOwnLog(own.clone()))?;
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
            return Err(BackupError::Fork {
                source: ev.source,
                office: own,
                seq: ev.head.seq,
            }
            .into());
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
            .ok_or_else(|| BackupError::NoOwnLog(own.clone()))?;
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
        let older = BackupError::Older {
            source: ev.source,
            office: own.clone(),
            theirs: ev.head.seq,
            backup: backup_head.seq,
            accepted: accept_older,
        };
        if accept_older {
            accepted.push(older);
        } else {
            return Err(older.into());
        }
    }
    let store = Store::restore_from_logs(db, &own, &chains)?;
    let report = store.verify(false)?;
    if !report.ok() {
        return Err(BackupError::RestoredDoesNotVerify(
            report
                .chain_errors
                .iter()
                .chain(report.projection_errors.iter())
                .take(3)
                .cloned()
                .collect(),
        )
        .into());
    }
    // Trust, peers, signed heads and fork alerts (backups made before they
    // were kept have no such file).
    if m.files.iter().any(|f| f.path == SYNC_STATE) {
        let p = from.join(SYNC_STATE);
        let bytes = std::fs::read(&p).map_err(|e| io(&p, e))?;
        let st: crate::store::sync::SyncState =
            serde_json::from_slice(&bytes).map_err(|e| BackupError::BadEvidence {
                source: p.display().to_string(),
                detail: e.to_string(),
            })?;
        store.put_sync_state(&st)?;
    }
    // The PIN hashes (backups made before they were kept locally have no
    // such file: the hashes their logs gave away were taken, as exposed).
    if m.files.iter().any(|f| f.path == LOCAL_PINS) {
        let p = from.join(LOCAL_PINS);
        let bytes = std::fs::read(&p).map_err(|e| io(&p, e))?;
        let pins: BTreeMap<String, crate::store::pin::LocalPin> = serde_json::from_slice(&bytes)
            .map_err(|e| BackupError::BadEvidence {
                source: p.display().to_string(),
                detail: e.to_string(),
            })?;
        store.replace_local_pins(&pins)?;
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
            let bytes = std::fs::read(&src).map_err(|e| io(&src, e))?;
            crate::service::files::write_atomic(&dst, &bytes)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every backup and restore refusal has Chinese words of its own.
    #[test]
    fn each_refusal_speaks_chinese() {
        let p = || PathBuf::from("usb/backup");
        let code = OfficeCode::parse("QH01").unwrap();
        let problems = vec![
            Problem {
                path: "logs/QH01.jsonl".into(),
                kind: FileProblem::Altered,
            },
            Problem {
                path: "../x".into(),
                kind: FileProblem::Outside,
            },
        ];
        let all = [
            BackupError::OutNotEmpty(p()),
            BackupError::NothingIntact("QH01".parse().unwrap()),
            BackupError::DoesNotReadBack {
                dir: p(),
                problems: problems.clone(),
            },
            BackupError::NoManifest {
                path: p(),
                err: IoText::from(&std::io::Error::other("x")),
            },
            BackupError::DamagedManifest {
                path: p(),
                err: "x".into(),
            },
            BackupError::UnknownFormat(p()),
            BackupError::Damaged { dir: p(), problems },
            BackupError::DbExists(p()),
            BackupError::NoOwnLog(code.clone()),
            BackupError::Fork {
                source: "x".into(),
                office: code.clone(),
                seq: 3,
            },
            BackupError::Older {
                source: "x".into(),
                office: code.clone(),
                theirs: 9,
                backup: 3,
                accepted: false,
            },
            BackupError::RestoredDoesNotVerify(vec!["x".into()]),
        ];
        for e in &all {
            let (en, zh) = (e.message(Lang::En), e.message(Lang::Zh));
            assert_eq!(en, e.to_string());
            assert_ne!(en, zh);
            assert!(
                !zh.contains(" the ") && zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
