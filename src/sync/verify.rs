//! Deciding whether bundles may be imported: signatures against the keys
//! trusted here (moved on by key rotations signed by the old key), then the
//! logs against what this database holds (new events, gaps, forks). Nothing
//! here writes; `import` applies the plan only when no problem was found.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::format::{Parsed, bundle_message};
use super::keys::{checkpoint_message, fingerprint, rotation_message, verify};
use crate::domain::text::clean_line;
use crate::domain::{EventBody, OfficeCode, claims};
use crate::i18n::Lang;
use crate::store::sync::{
    Alert, AlertSource, BundleRef, Checkpoint, ImportBatch, Peer, Received, ReceivedRange,
    TrustEntry,
};
use crate::store::{Head, Store, StoreError, StoredEvent};

/// Whether a signature verified with a key trusted here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigStatus {
    Verified,
    /// No key is trusted here for that office.
    Unknown,
    /// The office's key was removed from the trusted keys.
    Removed,
    /// Signed by another key than the one trusted for the office.
    OtherKey {
        trusted: String,
    },
    /// The signature does not verify.
    Bad,
    /// This office's own log: checked event by event against the log itself.
    Own,
}

impl SigStatus {
    pub fn ok(&self) -> bool {
        matches!(self, SigStatus::Verified | SigStatus::Own)
    }
    pub fn text(&self, l: Lang) -> String {
        match self {
            SigStatus::Verified => l.pick("✓ verified", "✓ 验证通过").into(),
            SigStatus::Own => l.pick("this office's own log", "本单位自己的日志").into(),
            SigStatus::Unknown => l.pick("✗ unknown signer", "✗ 未知签名方").into(),
            SigStatus::Removed => l
                .pick(
                    "✗ signer removed from the trusted keys",
                    "✗ 签名方已被移出信任列表",
                )
                .into(),
            SigStatus::OtherKey { trusted } => format!(
                "{} {}",
                l.pick(
                    "✗ signed by another key than the one trusted here",
                    "✗ 签名密钥与本处信任的密钥不同，信任的指纹为"
                ),
                fingerprint(trusted)
            ),
            SigStatus::Bad => l.pick("✗ bad signature", "✗ 签名无效").into(),
        }
    }
}

/// A reason to refuse a bundle. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotForUs {
        recipient: String,
        own: String,
    },
    FromSelf,
    UnknownSigner {
        office: String,
        key: String,
    },
    RemovedSigner {
        office: String,
    },
    OtherKey {
        office: String,
        key: String,
        trusted: String,
    },
    BadSignature {
        office: String,
    },
    UnknownLog {
        office: String,
        key: String,
    },
    RemovedLog {
        office: String,
    },
    BadCheckpoint {
        office: String,
        seq: u64,
    },
    BadRotation {
        office: String,
        seq: u64,
    },
    Gap {
        office: String,
        held: u64,
        missing_from: u64,
        missing_to: u64,
    },
    Fork {
        office: String,
        seq: u64,
    },
    OwnLogForeign {
        office: String,
        from: u64,
        to: u64,
    },
}

impl Problem {
    /// The office whose log alone this problem leaves out (a fork, a gap,
    /// or a relayed log not signed by a key trusted here); `None` for a
    /// problem of the whole bundle (its signer, recipient, own log).
    pub fn log(&self, exporter: &str) -> Option<&str> {
        match self {
            Problem::Fork { office, .. } | Problem::Gap { office, .. } => Some(office),
            Problem::UnknownLog { office, .. }
            | Problem::RemovedLog { office }
            | Problem::BadCheckpoint { office, .. }
            | Problem::BadRotation { office, .. }
            | Problem::OtherKey { office, .. }
                if office != exporter =>
            {
                Some(office)
            }
            _ => None,
        }
    }

    /// The problem as `inspect` (or a dry run) tells it: nothing has been
    /// refused or recorded yet.
    pub fn preview(&self, l: Lang) -> String {
        match self {
            Problem::Fork { office, seq } => match l {
                Lang::En => format!(
                    "FORK: {office} #{seq} in the bundle differs from the event held here: someone rewrote {office}'s history. Importing it would be refused and recorded as an alert (see `juwu bundle status`)"
                ),
                Lang::Zh => format!(
                    "分叉：数据包中的 {office} #{seq} 与本处持有的不同，有人改写了 {office} 的历史。导入时将被拒绝并记录警报（见 `juwu bundle status`）"
                ),
            },
            _ => self.text(l),
        }
    }

    pub fn text(&self, l: Lang) -> String {
        match self {
            Problem::NotForUs { recipient, own } => match l {
                Lang::En => {
                    format!("addressed to {recipient}, not to this office ({own}): refused")
                }
                Lang::Zh => format!("此数据包是发给 {recipient} 的，不是本单位（{own}）：拒绝导入"),
            },
            Problem::FromSelf => l
                .pick(
                    "made by this office itself: nothing to import",
                    "此数据包由本单位自己导出：无需导入",
                )
                .into(),
            Problem::UnknownSigner { office, key } => match l {
                Lang::En => format!(
                    "signed by {office}, whose key is not trusted here (first contact). Fingerprint: {}. Compare it by phone with what `juwu key show` prints at {office}, then run: juwu trust add --office {office} --key {key}",
                    fingerprint(key)
                ),
                Lang::Zh => format!(
                    "签名方 {office} 的密钥尚未被本处信任（首次联系）。指纹：{}。请电话核对 {office} 处 `juwu key show` 显示的指纹，然后运行：juwu trust add --office {office} --key {key}",
                    fingerprint(key)
                ),
            },
            Problem::RemovedSigner { office } => match l {
                Lang::En => format!(
                    "signed by {office}, whose key was removed from the trusted keys: refused"
                ),
                Lang::Zh => format!("签名方 {office} 的密钥已被移出信任列表：拒绝导入"),
            },
            Problem::OtherKey {
                office,
                key,
                trusted,
            } => match l {
                Lang::En => format!(
                    "signed as {office} with key {}, but the key trusted here for {office} is {}: refused (ask {office} by phone)",
                    fingerprint(key),
                    fingerprint(trusted)
                ),
                Lang::Zh => format!(
                    "以 {office} 名义签名的密钥指纹为 {}，但本处信任的 {office} 密钥指纹为 {}：拒绝导入（请电话联系 {office}）",
                    fingerprint(key),
                    fingerprint(trusted)
                ),
            },
            Problem::BadSignature { office } => match l {
                Lang::En => format!(
                    "the signature of {office} does not verify: the bundle was altered or not made by {office}"
                ),
                Lang::Zh => format!("{office} 的签名无效：数据包被改动过，或并非 {office} 所制"),
            },
            Problem::UnknownLog { office, key } => match l {
                Lang::En => format!(
                    "carries the log of {office}, whose key is not trusted here. Fingerprint: {}. Compare it by phone with {office}, then run: juwu trust add --office {office} --key {key}",
                    fingerprint(key)
                ),
                Lang::Zh => format!(
                    "包含 {office} 的日志，但本处未信任其密钥。指纹：{}。请与 {office} 电话核对后运行：juwu trust add --office {office} --key {key}",
                    fingerprint(key)
                ),
            },
            Problem::RemovedLog { office } => match l {
                Lang::En => format!(
                    "carries the log of {office}, whose key was removed from the trusted keys"
                ),
                Lang::Zh => format!("包含 {office} 的日志，但其密钥已被移出信任列表"),
            },
            Problem::BadCheckpoint { office, seq } => match l {
                Lang::En => format!(
                    "the head #{seq} of {office}'s log is not signed by {office}'s trusted key: refused"
                ),
                Lang::Zh => {
                    format!("{office} 日志的末条 #{seq} 没有 {office} 可信密钥的有效签名：拒绝导入")
                }
            },
            Problem::BadRotation { office, seq } => match l {
                Lang::En => format!(
                    "{office} #{seq} changes {office}'s key, but the change is not signed by the key trusted here: refused"
                ),
                Lang::Zh => format!(
                    "{office} #{seq} 更换了密钥，但该更换没有本处信任的旧密钥签名：拒绝导入"
                ),
            },
            Problem::Gap {
                office,
                held,
                missing_from,
                missing_to,
            } => match l {
                Lang::En => format!(
                    "gap: this office holds {office}'s log up to #{held}, so events #{missing_from}..#{missing_to} are missing before the bundle's: ask {office} (or the office relaying it) for a bundle from #{missing_from}, e.g. made with `juwu bundle export --all`"
                ),
                Lang::Zh => format!(
                    "缺口：本处持有 {office} 的日志至 #{held}，数据包之前还缺 #{missing_from}..#{missing_to}：请向 {office}（或转送的单位）索取从 #{missing_from} 起的数据包（例如用 `juwu bundle export --all` 导出）"
                ),
            },
            Problem::Fork { office, seq } => match l {
                Lang::En => format!(
                    "FORK: {office} #{seq} in the bundle differs from the event held here: someone rewrote {office}'s history. Refused and recorded as an alert (see `juwu bundle status`)"
                ),
                Lang::Zh => format!(
                    "分叉：数据包中的 {office} #{seq} 与本处持有的不同，有人改写了 {office} 的历史。已拒绝并记录警报（见 `juwu bundle status`）"
                ),
            },
            Problem::OwnLogForeign { office, from, to } => match l {
                Lang::En => format!(
                    "carries events #{from}..#{to} of this office's own log ({office}) that were never written here: this database is behind its own history (restored from an old backup?). Refused; record nothing new here and recover with `juwu restore <backup> --db NEW --against <the database or backup holding #{to}>`"
                ),
                Lang::Zh => format!(
                    "包含本单位（{office}）日志中本处从未写过的事件 #{from}..#{to}：本数据库落后于本单位的历史（是否从旧备份恢复？）。已拒绝；请勿在此登记新内容，并用 `juwu restore <备份> --db 新文件 --against <持有 #{to} 的数据库或备份>` 恢复"
                ),
            },
        }
    }
}

/// What one log of a bundle means here.
#[derive(Debug, Clone)]
pub struct LogReport {
    pub office: String,
    /// The office's name as known here (cleaned for the terminal).
    pub name: Option<String>,
    pub from: u64,
    pub to: u64,
    /// Not the exporter's own log: relayed, signed by its own office.
    pub relayed: bool,
    pub checkpoint: SigStatus,
    /// The head of this log held here before the import.
    pub held: u64,
    /// Events of this log that are new here and would be added.
    pub new: u64,
    /// Key rotations in the new events (seq, new key), verified.
    pub rotations: Vec<(u64, String)>,
}

impl LogReport {
    pub fn events(&self) -> u64 {
        (self.to + 1).saturating_sub(self.from)
    }
}

/// A bundle examined against this database: the dry run of an import.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub file: String,
    pub parsed: Parsed,
    pub signer: SigStatus,
    pub logs: Vec<LogReport>,
    pub problems: Vec<Problem>,
    /// Forks found, with their evidence (recorded on import).
    pub forks: Vec<Alert>,
    /// Made after the last bundle received here from the same office.
    pub newer_than_last: bool,
    /// Dated more than a day after this PC's clock: one of the two clocks
    /// is wrong (the order of bundles goes by sequence, not by date).
    pub dated_in_future: bool,
    /// The head of this office's own log that the exporter holds.
    pub they_hold_ours: Option<Head>,
    pub own_head: u64,
}

impl Inspection {
    /// When the exporter holds more of this office's own log than this
    /// database does, this database is behind its own history (restored from
    /// an older backup, or a copy): it must not record new acts, or it would
    /// fork the office's log. Says so and how to recover.
    pub fn behind_warning(&self, l: Lang) -> Option<String> {
        let theirs = self.they_hold_ours.as_ref()?.seq;
        behind_text(
            l,
            self.parsed.header.exporter.as_str(),
            theirs,
            self.own_head,
        )
    }

    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
    pub fn new_events(&self) -> u64 {
        self.logs.iter().map(|l| l.new).sum()
    }
}

/// The warning when `ex` holds this office's own log up to `theirs` but
/// this database ends at `own` (restored from an old backup?): recording
/// anything new here would fork the office's history.
pub fn behind_text(l: Lang, ex: &str, theirs: u64, own: u64) -> Option<String> {
    if theirs <= own {
        return None;
    }
    Some(match l {
        Lang::En => format!(
            "WARNING: {ex} holds this office's log up to #{theirs}, but this database ends at #{own}: it is older than what this office already sent (restored from an old backup?). Record nothing new here, or the office's history forks. Recover: `juwu restore <newest backup> --db NEW --against <the database or backup that holds #{theirs}>`, or ask {ex} for a relay bundle with `--all`."
        ),
        Lang::Zh => format!(
            "警告：{ex} 持有本单位日志至 #{theirs}，而本数据库只到 #{own}：本数据库比本单位已发出的记录旧（是否从旧备份恢复？）。请勿在此登记新内容，否则本单位的历史会分叉。恢复办法：`juwu restore <最新备份> --db 新文件 --against <持有 #{theirs} 的数据库或备份>`，或请 {ex} 用 `--all` 导出转送数据包。"
        ),
    })
}

/// The warnings of every peer whose last acknowledgement holds more of
/// this office's own log than this database has.
pub fn behind_warnings(store: &Store, l: Lang) -> Result<Vec<String>, StoreError> {
    let Some(own) = store.own_code().cloned() else {
        return Ok(vec![]);
    };
    let own_head = store
        .read()?
        .heads()?
        .get(own.as_str())
        .map(|h| h.seq)
        .unwrap_or(0);
    Ok(store
        .peers()?
        .iter()
        .filter_map(|(ex, p)| {
            let theirs = p.holds.get(own.as_str())?.seq;
            behind_text(l, ex, theirs, own_head)
        })
        .collect())
}

/// The keys this database trusts, with its own.
pub struct KeyRing {
    pub own: Option<OfficeCode>,
    pub trust: BTreeMap<String, TrustEntry>,
}

impl KeyRing {
    /// The keys trusted by hand (or moved on by rotations), and besides
    /// them every key on the roster of a trusted parent: this office's own
    /// roster, or that of an office whose key is trusted here (so a
    /// district that trusts its streets trusts their communities' keys).
    pub fn load(store: &Store) -> Result<KeyRing, StoreError> {
        let own = store.own_code().cloned();
        let mut trust = store.trusted()?;
        let roster = store.read()?.roster_keys()?;
        loop {
            let mut more = vec![];
            for (office, r) in &roster {
                if trust.contains_key(office) || own.as_ref().is_some_and(|o| o.as_str() == office)
                {
                    continue;
                }
                let parent_trusted = own.as_ref().is_some_and(|o| o.as_str() == r.parent)
                    || trust.get(&r.parent).is_some_and(|t| t.removed_at.is_none());
                if parent_trusted {
                    more.push(TrustEntry {
                        office: office.clone(),
                        key: r.key.clone(),
                        since_seq: 0,
                        added_at: DateTime::<Utc>::MIN_UTC,
                        how: crate::store::sync::TrustHow::Roster {
                            parent: r.parent.to_string(),
                        },
                        removed_at: None,
                    });
                }
            }
            if more.is_empty() {
                break;
            }
            for t in more {
                trust.insert(t.office.clone(), t);
            }
        }
        Ok(KeyRing { own, trust })
    }
}

/// How far the logs a bundle's exporter holds had come: the sum of their
/// heads (they only grow), to order its bundles without its clock.
fn progress(holds: &BTreeMap<String, Head>) -> u64 {
    holds.values().map(|h| h.seq).sum()
}

/// Adds to `ring` the keys on the rosters the bundles themselves carry, in
/// logs that verify with the keys trusted so far (so a district that
/// trusts a street verifies the communities on the roster the same bundle
/// brings). A roster key that changed from the one held here (a re-key by
/// the parent) replaces a key trusted by hand; `import` then records it.
fn rosters_in(
    store: &Store,
    ring: &mut KeyRing,
    bundles: &[Loaded],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let reader = store.read()?;
    let held = reader.roster_keys()?;
    for _ in 0..3 {
        let mut more = vec![];
        for b in bundles {
            let s = check_signatures(ring, &b.parsed);
            for (li, (l, events)) in b.parsed.header.logs.iter().zip(&b.parsed.logs).enumerate() {
                if !s.checkpoints[li].ok() {
                    continue;
                }
                let created = events.iter().find_map(|e| match &e.env.body {
                    EventBody::OfficeCreated { office } if office.code == l.office => {
                        Some(office.clone())
                    }
                    _ => None,
                });
                let me = match created {
                    Some(o) => Some(o),
                    None => reader.office(&l.office)?,
                };
                let writer = claims::Writer {
                    code: &l.office,
                    level: me.as_ref().map(|o| o.level),
                    parent: me.as_ref().and_then(|o| o.parent.as_ref()),
                };
                // The latest roster entry of each office in this log.
                let mut latest: BTreeMap<&OfficeCode, &String> = BTreeMap::new();
                for e in events {
                    if let EventBody::OfficeRegistered { office } = &e.env.body
                        && let Some(key) = &office.public_key
                        && claims::registration(&writer, office) == Ok(claims::Standing::Roster)
                    {
                        latest.insert(&office.code, key);
                    }
                }
                for (office, key) in latest {
                    let code = office.to_string();
                    let changed = held.get(&code).is_some_and(|h| &h.key != key);
                    let known = ring.trust.get(&code);
                    if known.is_none_or(|t| changed && &t.key != key)
                        && ring.own.as_ref() != Some(office)
                    {
                        more.push(TrustEntry {
                            office: code,
                            key: key.clone(),
                            since_seq: heads_seq(store, office.as_str())?,
                            added_at: now,
                            how: crate::store::sync::TrustHow::Roster {
                                parent: l.office.to_string(),
                            },
                            removed_at: None,
                        });
                    }
                }
            }
        }
        if more.is_empty() {
            break;
        }
        for t in more {
            ring.trust.insert(t.office.clone(), t);
        }
    }
    Ok(())
}

fn heads_seq(store: &Store, office: &str) -> Result<u64, StoreError> {
    Ok(store
        .read()?
        .heads()?
        .get(office)
        .map(|h| h.seq)
        .unwrap_or(0))
}

/// The trusted key chain of one office's log: (key, valid from seq).
struct Chain {
    keys: Vec<(String, u64)>,
    rotations: Vec<(u64, String)>,
}

impl Chain {
    fn key_at(&self, seq: u64) -> &str {
        let mut k = self.keys[0].0.as_str();
        for (key, from) in &self.keys[1..] {
            if *from <= seq {
                k = key;
            }
        }
        k
    }
}

/// Follows the key rotations of a log from the trusted key. A rotation
/// not signed by the key current at that point is a problem.
fn chain(entry: &TrustEntry, events: &[StoredEvent]) -> Result<Chain, u64> {
    let mut keys = vec![(entry.key.clone(), 0u64)];
    let mut rotations = vec![];
    for StoredEvent { env, .. } in events {
        if env.seq <= entry.since_seq {
            continue;
        }
        if let EventBody::KeyRotated {
            public_key,
            signature,
        } = &env.body
        {
            let cur = keys.last().map(|k| k.0.clone()).unwrap_or_default();
            if *public_key == cur {
                continue;
            }
            if !verify(
                &cur,
                &rotation_message(env.office.as_str(), public_key),
                signature,
            ) {
                return Err(env.seq);
            }
            keys.push((public_key.clone(), env.seq));
            rotations.push((env.seq, public_key.clone()));
        }
    }
    Ok(Chain { keys, rotations })
}

/// Signature checks of one bundle, needing only the trusted keys.
struct Signed {
    signer: SigStatus,
    checkpoints: Vec<SigStatus>,
    rotations: Vec<Vec<(u64, String)>>,
    problems: Vec<Problem>,
}

fn check_signatures(ring: &KeyRing, p: &Parsed) -> Signed {
    let h = &p.header;
    let mut problems = vec![];
    let mut checkpoints = vec![];
    let mut rotations = vec![];
    let mut signer = SigStatus::Unknown;
    if ring.own.as_ref() == Some(&h.exporter) {
        problems.push(Problem::FromSelf);
    }
    if let (Some(r), Some(own)) = (&h.recipient, &ring.own)
        && r != own
    {
        problems.push(Problem::NotForUs {
            recipient: r.to_string(),
            own: own.to_string(),
        });
    }
    for (l, events) in h.logs.iter().zip(&p.logs) {
        let office = l.office.to_string();
        let is_exporter = l.office == h.exporter;
        if ring.own.as_ref() == Some(&l.office) {
            checkpoints.push(SigStatus::Own);
            rotations.push(vec![]);
            continue;
        }
        let status;
        let mut rot = vec![];
        match ring.trust.get(&office) {
            None => {
                status = SigStatus::Unknown;
                problems.push(if is_exporter {
                    Problem::UnknownSigner {
                        office: office.clone(),
                        key: h.exporter_key.clone(),
                    }
                } else {
                    Problem::UnknownLog {
                        office: office.clone(),
                        key: l.checkpoint.key.clone(),
                    }
                });
            }
            Some(t) if t.removed_at.is_some() => {
                status = SigStatus::Removed;
                problems.push(if is_exporter {
                    Problem::RemovedSigner {
                        office: office.clone(),
                    }
                } else {
                    Problem::RemovedLog {
                        office: office.clone(),
                    }
                });
            }
            Some(t) => match chain(t, events) {
                Err(seq) => {
                    status = SigStatus::Bad;
                    problems.push(Problem::BadRotation {
                        office: office.clone(),
                        seq,
                    });
                }
                Ok(c) => {
                    let key = c.key_at(l.to).to_string();
                    rot = c.rotations;
                    let msg = checkpoint_message(&office, l.to, &l.checkpoint.hash);
                    if verify(&key, &msg, &l.checkpoint.signature) {
                        status = SigStatus::Verified;
                    } else if l.checkpoint.key != key {
                        status = SigStatus::OtherKey {
                            trusted: key.clone(),
                        };
                        problems.push(Problem::OtherKey {
                            office: office.clone(),
                            key: l.checkpoint.key.clone(),
                            trusted: key.clone(),
                        });
                    } else {
                        status = SigStatus::Bad;
                        problems.push(Problem::BadCheckpoint {
                            office: office.clone(),
                            seq: l.to,
                        });
                    }
                    if is_exporter && status.ok() {
                        // The bundle itself is signed with the exporter's key
                        // at its head.
                        signer = if h.exporter_key != key {
                            problems.push(Problem::OtherKey {
                                office: office.clone(),
                                key: h.exporter_key.clone(),
                                trusted: key.clone(),
                            });
                            SigStatus::OtherKey { trusted: key }
                        } else if verify(&key, &bundle_message(&p.hash), &p.signature) {
                            SigStatus::Verified
                        } else {
                            problems.push(Problem::BadSignature {
                                office: office.clone(),
                            });
                            SigStatus::Bad
                        };
                    }
                }
            },
        }
        if is_exporter && !status.ok() {
            signer = status.clone();
        }
        checkpoints.push(status);
        rotations.push(rot);
    }
    Signed {
        signer,
        checkpoints,
        rotations,
        problems,
    }
}

/// One bundle as read from a file.
pub struct Loaded {
    pub file: String,
    pub parsed: Parsed,
}

/// The outcome of planning an import of one or more bundles.
pub struct Plan {
    pub inspections: Vec<Inspection>,
    pub batch: ImportBatch,
    /// Logs left out of the batch (a problem of their own, or skipped by
    /// choice); the others still apply.
    pub left_out: BTreeSet<String>,
}

impl Plan {
    pub fn ok(&self) -> bool {
        self.inspections.iter().all(|i| i.ok())
    }

    /// Refused whole: a bundle's own problem (signer, recipient, this
    /// office's own log), or logs left out and nothing else to apply.
    pub fn refused(&self) -> bool {
        let whole = self.inspections.iter().any(|i| {
            let ex = i.parsed.header.exporter.as_str();
            i.problems.iter().any(|p| p.log(ex).is_none())
        });
        whole || (!self.ok() && self.batch.event_count() == 0)
    }
}

fn describe_bundle(file: &str, p: &Parsed) -> AlertSource {
    AlertSource::Bundle(BundleRef {
        file: file.to_string(),
        exporter: p.header.exporter.to_string(),
        created_at: p.header.created_at,
        hash: p.hash.clone(),
    })
}

fn describe_held(store: &Store, own: Option<&OfficeCode>, office: &str, seq: u64) -> AlertSource {
    if own.is_some_and(|o| o.as_str() == office) {
        return AlertSource::OwnLog;
    }
    match store.received_range(office, seq) {
        Ok(Some(r)) => AlertSource::HeldSince {
            since: r.imported_at,
            bundle: BundleRef {
                file: r.file,
                exporter: r.exporter,
                created_at: r.created_at,
                hash: r.bundle_hash,
            },
        },
        _ => AlertSource::Unrecorded,
    }
}

/// Checks bundles against the trusted keys and this database, and plans
/// their import (nothing is written).
pub fn plan(store: &Store, bundles: Vec<Loaded>, now: DateTime<Utc>) -> Result<Plan, StoreError> {
    plan_with(store, bundles, &BTreeSet::new(), now)
}

/// `plan`, leaving out the logs of the offices in `skip` (the importing
/// office's choice). Each log is all or nothing: a log with a problem of
/// its own is left out, the others still apply.
pub fn plan_with(
    store: &Store,
    bundles: Vec<Loaded>,
    skip: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> Result<Plan, StoreError> {
    let mut ring = KeyRing::load(store)?;
    rosters_in(store, &mut ring, &bundles, now)?;
    let reader = store.read()?;
    let heads = reader.heads()?;
    let peers = store.peers()?;
    let own = ring.own.clone();
    let own_head = own
        .as_ref()
        .and_then(|o| heads.get(o.as_str()))
        .map(|h| h.seq)
        .unwrap_or(0);
    let names: BTreeMap<String, String> = reader
        .offices()?
        .into_iter()
        .map(|o| (o.code.to_string(), clean_line(&o.name)))
        .collect();

    // Offered new events per office: seq → (hash, bundle index, log index
    // in it, event index in that log). The events stay where they are
    // until the batch is made, then move into it (no copy of 100,000
    // events).
    type Offer = BTreeMap<u64, (String, usize, usize, usize)>;
    let mut offered: BTreeMap<String, Offer> = BTreeMap::new();
    let mut inspections = vec![];
    let mut batch = ImportBatch::default();

    for (bi, b) in bundles.into_iter().enumerate() {
        let s = check_signatures(&ring, &b.parsed);
        let p = &b.parsed;
        let mut problems = s.problems;
        let mut forks = vec![];
        let mut logs = vec![];
        let here = describe_bundle(&b.file, p);
        for (li, (l, events)) in p.header.logs.iter().zip(&p.logs).enumerate() {
            let office = l.office.to_string();
            let status = s.checkpoints[li].clone();
            let held = heads.get(&office).cloned().unwrap_or(Head {
                seq: 0,
                hash: String::new(),
            });
            let offered_cp = Checkpoint {
                office: office.clone(),
                seq: l.to,
                hash: l.checkpoint.hash.clone(),
                key: l.checkpoint.key.clone(),
                signature: l.checkpoint.signature.clone(),
            };
            let mut fork =
                |seq: u64, held_hash: String, held_from: AlertSource, offered_hash: String| {
                    problems.push(Problem::Fork {
                        office: office.clone(),
                        seq,
                    });
                    forks.push(Alert {
                        n: 0,
                        detected_at: now,
                        office: office.clone(),
                        seq,
                        held_hash,
                        held_from,
                        offered_hash,
                        offered_from: here.clone(),
                        offered_checkpoint: Some(offered_cp.clone()),
                    });
                };
            // The event before the bundle's first, and an empty log's head.
            let link = if l.count() == 0 {
                Some((l.to, l.checkpoint.hash.clone()))
            } else if l.from > 1 {
                Some((l.from - 1, l.prev_hash.clone()))
            } else {
                None
            };
            if let Some((seq, hash)) = link
                && seq >= 1
                && seq <= held.seq
                && let Some(h) = store.event_hash(&office, seq)?
                && h != hash
            {
                let from = describe_held(store, own.as_ref(), &office, seq);
                fork(seq, h, from, hash);
            }
            let mut new_here = 0u64;
            let overlap_to = l.to.min(held.seq);
            let held_hashes: BTreeMap<u64, String> = if l.from <= overlap_to {
                reader
                    .events(&office, l.from, overlap_to)?
                    .into_iter()
                    .map(|e| (e.env.seq, e.hash))
                    .collect()
            } else {
                BTreeMap::new()
            };
            let is_own = own.as_ref().is_some_and(|o| o.as_str() == office);
            let mut foreign: Option<(u64, u64)> = None;
            for (ei, StoredEvent { env, hash, .. }) in events.iter().enumerate() {
                let seq = env.seq;
                if seq <= held.seq {
                    let h = held_hashes.get(&seq).cloned().unwrap_or_default();
                    if &h != hash {
                        let from = describe_held(store, own.as_ref(), &office, seq);
                        fork(seq, h, from, hash.clone());
                    }
                    continue;
                }
                if is_own {
                    foreign = Some((foreign.map(|f| f.0).unwrap_or(seq), seq));
                    continue;
                }
                let slot = offered.entry(office.clone()).or_default();
                match slot.get(&seq) {
                    Some((h, other, _, _)) if h != hash => {
                        let h = h.clone();
                        let other = *other;
                        let from = AlertSource::SameImport {
                            index: other as u64 + 1,
                        };
                        fork(seq, h, from, hash.clone());
                    }
                    Some(_) => {}
                    None => {
                        slot.insert(seq, (hash.clone(), bi, li, ei));
                    }
                }
                if seq == held.seq + 1 + new_here {
                    new_here += 1;
                }
            }
            if let Some((from, to)) = foreign {
                problems.push(Problem::OwnLogForeign {
                    office: office.clone(),
                    from,
                    to,
                });
            }
            logs.push(LogReport {
                name: names.get(&office).cloned(),
                relayed: l.office != p.header.exporter,
                checkpoint: status,
                from: l.from,
                to: l.to,
                held: held.seq,
                new: new_here,
                rotations: s.rotations[li]
                    .iter()
                    .filter(|(seq, _)| *seq > held.seq)
                    .cloned()
                    .collect(),
                office,
            });
        }
        // Forks are evidence only when the offering log's own office signed
        // it, in a bundle whose signer is trusted here: an impostor's
        // bundle records nothing, and says nothing was recorded.
        let evidence = |office: &str| {
            s.signer.ok() && logs.iter().any(|l| l.office == office && l.checkpoint.ok())
        };
        let forks: Vec<Alert> = forks.into_iter().filter(|a| evidence(&a.office)).collect();
        problems.retain(|p| match p {
            Problem::Fork { office, .. } => evidence(office),
            _ => true,
        });
        let exporter = p.header.exporter.to_string();
        // Which of the exporter's bundles is newer goes by how far its
        // logs had come (sequences only grow), then by its clock: a wrong
        // clock on the sender's PC cannot freeze its acknowledgements.
        let last = peers.get(&exporter).and_then(|pr| {
            pr.last_received
                .as_ref()
                .map(|r| (progress(&pr.holds), r.created_at))
        });
        let this = (progress(&p.header.holds), p.header.created_at);
        let they_hold_ours = own
            .as_ref()
            .and_then(|o| p.header.holds.get(o.as_str()))
            .cloned();
        inspections.push(Inspection {
            file: b.file,
            newer_than_last: last.is_none_or(|t| t < this),
            dated_in_future: p.header.created_at > now + chrono::Duration::days(1),
            parsed: b.parsed,
            signer: s.signer,
            logs,
            problems,
            forks,
            they_hold_ours,
            own_head,
        });
    }

    // A log with a problem of its own is left out whole, with its
    // evidence; so is one the importing office chose to skip.
    let mut left_out: BTreeSet<String> = skip.clone();
    for i in &inspections {
        let ex = i.parsed.header.exporter.as_str();
        left_out.extend(
            i.problems
                .iter()
                .filter_map(|p| p.log(ex))
                .map(String::from),
        );
    }

    // New events per office must continue the held chain without a gap.
    // Each log of a bundle is moved out of its inspection at most once,
    // then its new events are taken one by one.
    let mut pool: BTreeMap<(usize, usize), Vec<Option<StoredEvent>>> = BTreeMap::new();
    for (office, offer) in &offered {
        if left_out.contains(office) {
            continue;
        }
        let held = heads.get(office).map(|h| h.seq).unwrap_or(0);
        let mut next = held + 1;
        let mut chain = vec![];
        let mut ranges: Vec<(usize, u64, u64)> = vec![];
        while let Some((_, bi, li, ei)) = offer.get(&next) {
            let log = pool.entry((*bi, *li)).or_insert_with(|| {
                std::mem::take(&mut inspections[*bi].parsed.logs[*li])
                    .into_iter()
                    .map(Some)
                    .collect()
            });
            let Some(e) = log.get_mut(*ei).and_then(Option::take) else {
                return Err(StoreError::Corrupt(format!(
                    "internal: {office} #{next} offered twice"
                )));
            };
            chain.push(e);
            match ranges.last_mut() {
                Some((b, _, to)) if b == bi => *to = next,
                _ => ranges.push((*bi, next, next)),
            }
            next += 1;
        }
        if let Some((&beyond, (_, bi, _, _))) = offer.range(next..).next() {
            inspections[*bi].problems.push(Problem::Gap {
                office: office.clone(),
                held: next - 1,
                missing_from: next,
                missing_to: beyond - 1,
            });
            left_out.insert(office.clone());
            continue;
        }
        if chain.is_empty() {
            continue;
        }
        let code = OfficeCode::parse(office).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        batch.chains.push((code, chain));
        for (bi, from, to) in ranges {
            let i = &inspections[bi];
            batch.ranges.push(ReceivedRange {
                office: office.clone(),
                from,
                to,
                exporter: i.parsed.header.exporter.to_string(),
                bundle_hash: i.parsed.hash.clone(),
                created_at: i.parsed.header.created_at,
                imported_at: now,
                file: i.file.clone(),
            });
        }
    }

    // Checkpoints, rotations and peers' states of bundles that are fine.
    let mut newest_peer: BTreeMap<String, ((u64, DateTime<Utc>), usize)> = BTreeMap::new();
    for (bi, i) in inspections.iter().enumerate() {
        let h = &i.parsed.header;
        for (l, r) in h.logs.iter().zip(&i.logs) {
            if left_out.contains(&r.office) {
                continue;
            }
            if r.checkpoint == SigStatus::Verified && l.to > 0 {
                batch.checkpoints.push(Checkpoint {
                    office: l.office.to_string(),
                    seq: l.to,
                    hash: l.checkpoint.hash.clone(),
                    key: l.checkpoint.key.clone(),
                    signature: l.checkpoint.signature.clone(),
                });
            }
            if let Some((seq, key)) = r.rotations.last() {
                batch.trust.push(TrustEntry {
                    office: r.office.clone(),
                    key: key.clone(),
                    since_seq: *seq,
                    added_at: now,
                    how: crate::store::sync::TrustHow::Rotated { seq: *seq },
                    removed_at: None,
                });
            }
        }
        if i.newer_than_last {
            let e = h.exporter.to_string();
            let this = (progress(&h.holds), h.created_at);
            if newest_peer.get(&e).is_none_or(|(t, _)| *t < this) {
                newest_peer.insert(e, (this, bi));
            }
        }
    }
    // Keep only checkpoints that are not older than what is held.
    let held_cps = store.checkpoints()?;
    batch
        .checkpoints
        .retain(|c| held_cps.get(&c.office).is_none_or(|h| h.seq < c.seq));
    for (code, (_, bi)) in newest_peer {
        let i = &inspections[bi];
        let mut p: Peer = peers.get(&code).cloned().unwrap_or_default();
        p.last_received = Some(Received {
            created_at: i.parsed.header.created_at,
            imported_at: now,
            file: i.file.clone(),
            bundle_hash: i.parsed.hash.clone(),
            events_added: i.new_events(),
        });
        p.holds = i.parsed.header.holds.clone();
        p.holds_as_of = Some(i.parsed.header.created_at);
        batch.peers.push((code, p));
    }
    Ok(Plan {
        inspections,
        batch,
        left_out,
    })
}
