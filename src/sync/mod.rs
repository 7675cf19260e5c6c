//! Sync between offices by signed bundle files carried on USB drives.
//!
//! The library API the CLI (and later the Sync screen) calls:
//! - [`export_bundle`] writes this office's log (by default what the
//!   recipient has not acknowledged), optionally relaying the logs of the
//!   offices below it, each still signed by its own office;
//! - [`inspect`] is the dry run: who made a bundle, for whom, what it
//!   holds, whether every signature verifies, what is new, what is missing;
//! - [`import`] verifies every given bundle before applying anything, then
//!   applies all their new events in one transaction.
//!
//! `format` is the file layout, `verify` the trust and planning rules,
//! `keys` the office keys.

pub mod describe;
pub mod format;
pub mod keys;
pub mod status;
pub mod verify;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::domain::{EventBody, OfficeCode};
use crate::i18n::Lang;
use crate::store::sync::{Alert, Sent};
use crate::store::{Head, Store, StoreError};
use format::{FormatError, Header, LogHeader, SignedHead};
use keys::{KeyError, OfficeKey, checkpoint_message, key_path};
pub use verify::{Inspection, LogReport, Problem, SigStatus};

#[derive(Debug, Error)]
pub enum SyncError {
    #[error("{0}: {1}")]
    Io(PathBuf, String),
    #[error("{file}: {err}")]
    Format { file: String, err: FormatError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The bundle could not be encoded (the encoder's own words).
    #[error("{0}")]
    Encode(String),
    #[error("nothing inspected")]
    NothingInspected,
    #[error(
        "the key file {} does not match the public key of {office} in its log: bundles signed with it would be refused",
        path.display()
    )]
    KeyMismatch { path: PathBuf, office: OfficeCode },
    #[error("{0} is this office: name the office the bundle is for")]
    ToSelf(OfficeCode),
    #[error("{err}: the log held here is damaged; run `juwu verify` before exporting")]
    DamagedLog { err: FormatError },
    #[error(
        "the log of {office} held here does not end at its head #{head}: run `juwu verify` before exporting"
    )]
    LogNotAtHead { office: String, head: u64 },
    #[error("{0} is this office: its own key needs no trust")]
    TrustSelf(OfficeCode),
    #[error(
        "{office} is already trusted with another key ({fingerprint}): run `juwu trust remove --office {office}` first if {office} really has a new key (a key rotation in its log needs no new trust)"
    )]
    TrustedOtherKey {
        office: OfficeCode,
        fingerprint: String,
    },
    #[error(
        "no key is trusted for {0}: compare its fingerprint by phone with what `juwu key show` prints there, then run `juwu trust add --office {0} --key KEY` (or ask its parent office to put its key on its roster: `juwu office add --key`)"
    )]
    NotTrusted(OfficeCode),
    #[error("{office} ({level}) is not below this office: only offices below it go on its roster")]
    NotBelow { office: OfficeCode, level: String },
    #[error(
        "{0} is not on this office's roster: add it first with `juwu office add --code {0} --name NAME --level LEVEL`"
    )]
    NotOnRoster(OfficeCode),
}

impl SyncError {
    /// The message in `l`: one exhaustive wording of every sync error
    /// (English: as `Display` says it).
    pub fn message(&self, l: Lang) -> String {
        use SyncError::*;
        if l == Lang::En {
            return match self {
                Store(e) => e.message(false),
                e => e.to_string(),
            };
        }
        match self {
            Io(p, e) => format!("{}：{e}", p.display()),
            Format { file, err } => format!("{file}：{}", err.message(l)),
            Store(e) => e.message(true),
            Key(e) => e.message(true),
            Encode(m) => format!("无法写出数据包：{m}"),
            NothingInspected => "没有检查任何数据包".into(),
            KeyMismatch { path, office } => format!(
                "密钥文件 {} 与日志中 {office} 的公钥不符：用它签名的数据包会被拒绝",
                path.display()
            ),
            ToSelf(o) => format!("{o} 就是本单位：请指明数据包的接收单位"),
            DamagedLog { err } => format!(
                "{}：本处保存的日志已损坏；导出前请运行 `juwu verify`",
                err.message(l)
            ),
            LogNotAtHead { office, head } => format!(
                "本处保存的 {office} 日志没有在其末条 #{head} 结束：导出前请运行 `juwu verify`"
            ),
            TrustSelf(o) => format!("{o} 就是本单位：自己的密钥无需信任"),
            TrustedOtherKey {
                office,
                fingerprint,
            } => format!(
                "{office} 已以另一个密钥被信任（{fingerprint}）：如 {office} 确实换了新密钥，请先运行 `juwu trust remove --office {office}`（其日志中的密钥更换无需重新信任）"
            ),
            NotTrusted(o) => format!(
                "没有信任 {o} 的密钥：请电话核对 {o} 处 `juwu key show` 显示的指纹，然后运行 `juwu trust add --office {o} --key 密钥`（或请其上级单位用 `juwu office add --key` 把它的密钥登记在名册上）"
            ),
            NotBelow { office, level } => {
                format!("{office}（{level}）不是本单位的下级单位：名册上只登记下级单位")
            }
            NotOnRoster(o) => format!(
                "{o} 不在本单位的名册上：请先运行 `juwu office add --code {o} --name 名称 --level 级别`"
            ),
        }
    }
}

/// What to put in a bundle.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// The recipient; `None`: any office (then everything is sent).
    pub to: Option<OfficeCode>,
    /// Send the whole log, not only what the recipient has not acknowledged.
    pub all: bool,
    /// Add the logs of the offices below this one that it holds.
    pub relay: bool,
}

/// Why the log of an office below this one was left out of a relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRelayed {
    /// No head of its log signed by it is held here.
    NoSignedHead,
    /// The recipient already holds all of it.
    AlreadyHeld,
}

/// What `export_bundle` wrote.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub hash: String,
    pub size: u64,
    pub header: Header,
    /// Logs below this office left out, with the reason.
    pub skipped: Vec<(String, NotRelayed)>,
    /// The recipient acknowledged this office's log up to this head.
    pub acknowledged: Option<u64>,
}

/// The outcome of an import.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub inspections: Vec<Inspection>,
    /// Whether anything was written (events, or a newer peer state).
    pub applied: bool,
    /// Refused: nothing was applied (fork alerts may have been recorded).
    pub refused: bool,
    /// Events added per office.
    pub added: BTreeMap<String, u64>,
    /// Fork alerts newly recorded.
    pub alerts_recorded: usize,
    /// Events added that speak for another office: kept, not applied.
    pub claims: Vec<crate::store::sync::ClaimAlert>,
    /// Logs left out whole (a problem of their own, or skipped by choice);
    /// the others applied.
    pub left_out: BTreeSet<String>,
    /// Offices re-keyed on a trusted parent's roster: now trusted with the
    /// new key (office, parent, key).
    pub rekeyed: Vec<(String, String, String)>,
}

impl ImportOutcome {
    pub fn events_added(&self) -> u64 {
        self.added.values().sum()
    }
}

/// Loads the office key beside the database and checks it is the key this
/// office's log names (its first event, or its latest rotation). Finishes a
/// rotation interrupted after its event was committed.
pub fn load_own_key(store: &Store) -> Result<OfficeKey, SyncError> {
    let own = store.own_code().cloned().ok_or(StoreError::NoOffice)?;
    let path = key_path(store.path());
    let pending = keys::pending_key_path(store.path());
    let want = store
        .read()?
        .office(&own)?
        .and_then(|o| o.public_key)
        .unwrap_or_default();
    if pending.exists()
        && let Ok(k) = OfficeKey::load(&pending)
        && k.public_hex() == want
    {
        keys::retire_and_promote(store.path())?;
    }
    let key = OfficeKey::load(&path)?;
    if !want.is_empty() && key.public_hex() != want {
        return Err(SyncError::KeyMismatch { path, office: own });
    }
    Ok(key)
}

fn hash_at(store: &Store, office: &str, seq: u64) -> Result<String, SyncError> {
    if seq == 0 {
        return Ok(String::new());
    }
    store
        .event_hash(office, seq)?
        .ok_or_else(|| SyncError::Store(StoreError::Corrupt(format!("{office} #{seq} is missing"))))
}

/// Offices below `own` (children, their children, …) as the registers know them.
fn offices_below(store: &Store, own: &OfficeCode) -> Result<Vec<OfficeCode>, SyncError> {
    let offices = store.read()?.offices()?;
    let mut out = vec![];
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([own.clone()]);
    while let Some(p) = queue.pop_front() {
        for o in &offices {
            if o.parent.as_ref() == Some(&p) && o.code != *own && seen.insert(o.code.clone()) {
                out.push(o.code.clone());
                queue.push_back(o.code.clone());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Writes a bundle to `out` (through a temporary name, synced, then
/// renamed, so an interrupted copy never looks complete).
pub fn export_bundle(
    store: &Store,
    key: &OfficeKey,
    opts: &ExportOptions,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<ExportSummary, SyncError> {
    let own = store.own_code().cloned().ok_or(StoreError::NoOffice)?;
    if opts.to.as_ref() == Some(&own) {
        return Err(SyncError::ToSelf(own));
    }
    let reader = store.read()?;
    let heads = reader.heads()?;
    let peer = match &opts.to {
        Some(t) => store.peers()?.remove(t.as_str()),
        None => None,
    };
    // What the recipient said it holds, if it matches the log here.
    let acked = |office: &str| -> Result<u64, SyncError> {
        if opts.all {
            return Ok(0);
        }
        let Some(h) = peer.as_ref().and_then(|p| p.holds.get(office)) else {
            return Ok(0);
        };
        match store.event_hash(office, h.seq)? {
            Some(x) if x == h.hash => Ok(h.seq),
            _ => Ok(0),
        }
    };
    let mut logs = vec![];
    let mut events = vec![];
    let mut skipped = vec![];
    let own_head = heads
        .get(own.as_str())
        .cloned()
        .ok_or(StoreError::NoOffice)?;
    let own_ack = acked(own.as_str())?.min(own_head.seq);
    let from = own_ack + 1;
    let sig = key.sign(&checkpoint_message(
        own.as_str(),
        own_head.seq,
        &own_head.hash,
    ));
    logs.push(LogHeader {
        office: own.clone(),
        from,
        to: own_head.seq,
        prev_hash: hash_at(store, own.as_str(), from - 1)?,
        raw_len: 0,
        checkpoint: SignedHead {
            seq: own_head.seq,
            hash: own_head.hash.clone(),
            key: key.public_hex(),
            signature: sig,
        },
    });
    events.push(reader.event_bytes(own.as_str(), from, own_head.seq)?);
    if opts.relay {
        let cps = store.checkpoints()?;
        for office in offices_below(store, &own)? {
            if opts.to.as_ref() == Some(&office) {
                continue;
            }
            let code = office.as_str();
            let Some(cp) = cps.get(code) else {
                if heads.contains_key(code) {
                    skipped.push((code.to_string(), NotRelayed::NoSignedHead));
                }
                continue;
            };
            let from = acked(code)?.min(cp.seq) + 1;
            if from > cp.seq {
                skipped.push((code.to_string(), NotRelayed::AlreadyHeld));
                continue;
            }
            logs.push(LogHeader {
                office: office.clone(),
                from,
                to: cp.seq,
                prev_hash: hash_at(store, code, from - 1)?,
                raw_len: 0,
                checkpoint: SignedHead {
                    seq: cp.seq,
                    hash: cp.hash.clone(),
                    key: cp.key.clone(),
                    signature: cp.signature.clone(),
                },
            });
            events.push(reader.event_bytes(code, from, cp.seq)?);
        }
    }
    let holds: BTreeMap<String, Head> = heads;
    let header = Header {
        format: format::FORMAT_VERSION,
        exporter: own.clone(),
        exporter_key: key.public_hex(),
        recipient: opts.to.clone(),
        created_at: now,
        relay: opts.relay,
        raw_len: 0,
        logs,
        holds,
        // Every event kind and value so far is read by juwu 0.1.
        needs: None,
    };
    // What is signed must be what is sent: each log's events continue its
    // chain from the hash the header names and end at the head signed for
    // it (an importer checks the same and more; this finds a damaged
    // database here, before a bundle of it leaves the office).
    for (l, ev) in header.logs.iter().zip(&events) {
        let office = l.office.as_str();
        let last = format::check_links(office, l.from, &l.prev_hash, ev)
            .map_err(|err| SyncError::DamagedLog { err })?;
        if ev.len() as u64 != l.count() || last != l.checkpoint.hash {
            return Err(SyncError::LogNotAtHead {
                office: office.to_string(),
                head: l.to,
            });
        }
    }
    let written = format::write_full(header, &events, key).map_err(SyncError::Encode)?;
    drop(events);
    let bytes = written.bytes;
    crate::files::write_atomic(out, &bytes)
        .map_err(|e| SyncError::Io(e.path, e.source.to_string()))?;
    if let Some(to) = &opts.to {
        store.record_sent(
            to.as_str(),
            Sent {
                at: now,
                file: file_name(out),
                bundle_hash: written.hash.clone(),
                logs: written
                    .header
                    .logs
                    .iter()
                    .map(|l| (l.office.to_string(), l.from, l.to))
                    .collect(),
            },
        )?;
    }
    Ok(ExportSummary {
        path: out.to_path_buf(),
        hash: written.hash,
        size: bytes.len() as u64,
        header: written.header,
        skipped,
        acknowledged: (own_ack > 0).then_some(own_ack),
    })
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| p.display().to_string())
}

/// Reads and structurally checks a bundle file.
pub fn load(path: &Path) -> Result<verify::Loaded, SyncError> {
    let meta =
        std::fs::metadata(path).map_err(|e| SyncError::Io(path.to_path_buf(), e.to_string()))?;
    if meta.len() > format::MAX_FILE {
        return Err(SyncError::Format {
            file: path.display().to_string(),
            err: FormatError::FileTooLarge(meta.len()),
        });
    }
    let bytes =
        std::fs::read(path).map_err(|e| SyncError::Io(path.to_path_buf(), e.to_string()))?;
    load_bytes(&file_name(path), &bytes)
}

/// Reads a bundle from memory (`file` names it in messages).
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<verify::Loaded, SyncError> {
    let parsed = format::read(bytes).map_err(|err| SyncError::Format {
        file: file.to_string(),
        err,
    })?;
    Ok(verify::Loaded {
        file: file.to_string(),
        parsed,
    })
}

/// The dry run of importing one bundle file.
pub fn inspect(store: &Store, path: &Path, now: DateTime<Utc>) -> Result<Inspection, SyncError> {
    let loaded = load(path)?;
    let mut plan = verify::plan(store, vec![loaded], now)?;
    plan.inspections.pop().ok_or(SyncError::NothingInspected)
}

/// Imports bundles: every file is read and verified, and the whole set
/// checked against this database, before anything is applied; then all new
/// events go in one transaction. A refused import changes nothing except
/// recording fork alerts.
pub fn import(
    store: &Store,
    paths: &[PathBuf],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportOutcome, SyncError> {
    let mut loaded = vec![];
    for p in paths {
        loaded.push(load(p)?);
    }
    import_loaded(store, loaded, now, progress)
}

/// `import` for bundles already read (the TUI, tests).
pub fn import_loaded(
    store: &Store,
    loaded: Vec<verify::Loaded>,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportOutcome, SyncError> {
    import_skipping(store, loaded, &BTreeSet::new(), now, progress)
}

/// `import_loaded`, leaving out the logs of the offices in `skip`. Each log
/// is all or nothing: a log that forks or fails is left out with its
/// evidence (fork alerts), every other log that verifies still applies.
pub fn import_skipping(
    store: &Store,
    loaded: Vec<verify::Loaded>,
    skip: &BTreeSet<String>,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportOutcome, SyncError> {
    let plan = verify::plan_with(store, loaded, skip, now)?;
    let alerts: Vec<Alert> = plan
        .inspections
        .iter()
        .flat_map(|i| i.forks.iter().cloned())
        .collect();
    let alerts_recorded = if alerts.is_empty() {
        0
    } else {
        store.add_alerts(&alerts)?
    };
    if plan.refused() {
        return Ok(ImportOutcome {
            inspections: plan.inspections,
            applied: false,
            refused: true,
            added: BTreeMap::new(),
            alerts_recorded,
            claims: vec![],
            left_out: plan.left_out,
            rekeyed: vec![],
        });
    }
    let applied = !plan.batch.is_empty();
    let roster_before = store.read()?.roster_keys()?;
    let added = if applied {
        store.apply_import(&plan.batch, progress)?
    } else {
        BTreeMap::new()
    };
    let mut rekeyed = vec![];
    for (office, r) in store.read()?.roster_keys()? {
        if roster_before.get(&office).is_some_and(|b| b.key != r.key)
            && follow_roster(store, &office, &r, now)?
        {
            rekeyed.push((office, r.parent, r.key));
        }
    }
    let mut claims = vec![];
    for (office, events) in &plan.batch.chains {
        if let (Some(a), Some(b)) = (events.first(), events.last()) {
            claims.extend(store.claims_in(office.as_str(), a.env.seq, b.env.seq)?);
        }
    }
    store.record_claims(&claims)?;
    Ok(ImportOutcome {
        inspections: plan.inspections,
        applied,
        refused: false,
        added,
        alerts_recorded,
        claims,
        left_out: plan.left_out,
        rekeyed,
    })
}

/// Follows a re-key on a parent's roster: when the parent is this office
/// or trusted here and `office` is trusted with another key, the key on
/// the roster replaces it (from the office's log head held here on).
/// Returns whether the trusted key changed.
pub fn follow_roster(
    store: &Store,
    office: &str,
    r: &crate::store::project::RosterKey,
    now: DateTime<Utc>,
) -> Result<bool, SyncError> {
    let trust = store.trusted()?;
    let parent_trusted = store.own_code().is_some_and(|o| o.as_str() == r.parent)
        || trust.get(&r.parent).is_some_and(|t| t.removed_at.is_none());
    let Some(held) = trust.get(office) else {
        return Ok(false);
    };
    if !parent_trusted || held.key == r.key {
        return Ok(false);
    }
    let since = store
        .read()?
        .heads()?
        .get(office)
        .map(|h| h.seq)
        .unwrap_or(0);
    store.put_trust(&crate::store::sync::TrustEntry {
        office: office.to_string(),
        key: r.key.clone(),
        since_seq: since,
        added_at: now,
        how: crate::store::sync::TrustHow::Rekeyed {
            parent: r.parent.to_string(),
        },
        removed_at: None,
    })?;
    Ok(true)
}

/// Rotates this office's key: a new key pair, and a `KeyRotated` event in
/// its own log signed by the old key, so offices that trust the old key
/// move to the new one when they import it.
pub fn rotate_key(store: &Store, now: DateTime<Utc>) -> Result<(String, u64), SyncError> {
    let own = store.own_code().cloned().ok_or(StoreError::NoOffice)?;
    let old = load_own_key(store)?;
    let new = OfficeKey::generate()?;
    let pending = keys::pending_key_path(store.path());
    if pending.exists() {
        std::fs::remove_file(&pending)
            .map_err(|e| SyncError::Io(pending.clone(), e.to_string()))?;
    }
    new.save_new(&pending)?;
    let sig = old.sign(&keys::rotation_message(own.as_str(), &new.public_hex()));
    let env = store.record_key_rotation(&new.public_hex(), &sig, now)?;
    keys::retire_and_promote(store.path())?;
    debug_assert!(matches!(env.body, EventBody::KeyRotated { .. }));
    Ok((new.public_hex(), env.seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal of the sync layer has Chinese words of its own.
    #[test]
    fn each_refusal_speaks_chinese() {
        let code = OfficeCode::parse("QH01").unwrap();
        let all = [
            SyncError::Format {
                file: "a.juwu".into(),
                err: FormatError::NotBundle,
            },
            SyncError::Format {
                file: "a.juwu".into(),
                err: FormatError::Truncated { len: 1, want: 2 },
            },
            SyncError::Format {
                file: "a.juwu".into(),
                err: FormatError::HashMismatch,
            },
            SyncError::KeyMismatch {
                path: PathBuf::from("a.key"),
                office: code.clone(),
            },
            SyncError::ToSelf(code.clone()),
            SyncError::DamagedLog {
                err: FormatError::HashMismatch,
            },
            SyncError::LogNotAtHead {
                office: "QH01".into(),
                head: 3,
            },
            SyncError::TrustSelf(code.clone()),
            SyncError::TrustedOtherKey {
                office: code.clone(),
                fingerprint: "ABCD".into(),
            },
            SyncError::NotTrusted(code.clone()),
            SyncError::NotBelow {
                office: code.clone(),
                level: "district".into(),
            },
            SyncError::NotOnRoster(code),
        ];
        for e in &all {
            let (en, zh) = (e.message(Lang::En), e.message(Lang::Zh));
            assert_eq!(en, e.to_string());
            assert_ne!(en, zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
