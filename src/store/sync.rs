//! Local sync tables of this database: trusted office keys, what each peer
//! office sent and acknowledged, the signed checkpoints received (so logs can
//! be relayed), where each received range of events came from, and fork
//! alerts with their evidence.
//!
//! These are facts about this copy, not projections of the logs: they are
//! never derived from events and `verify --rebuild` never touches them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::codec::RecordBytes;
use super::tables::EVENTS;
use super::{Head, Store, StoreError, StoredEvent, Writer, append_in, import_decoded};
use crate::domain::claims::{self, Claim};
use crate::domain::{Envelope, EventBody, OfficeCode};

/// office → `TrustEntry`
const TRUST: TableDefinition<&str, RecordBytes> = TableDefinition::new("sync_trust");
/// office → `Peer`
const PEERS: TableDefinition<&str, RecordBytes> = TableDefinition::new("sync_peers");
/// office → the newest `Checkpoint` of its log held here
const CHECKPOINTS: TableDefinition<&str, RecordBytes> = TableDefinition::new("sync_checkpoints");
/// (office, last seq) → `ReceivedRange`
const RANGES: TableDefinition<(&str, u64), RecordBytes> = TableDefinition::new("sync_ranges");
/// alert number → `Alert`
const ALERTS: TableDefinition<u64, RecordBytes> = TableDefinition::new("sync_alerts");
/// (office, seq) → `ClaimAlert`: events found speaking for another office
/// when they were imported (`verify` finds them all again from the logs).
const CLAIMS: TableDefinition<(&str, u64), RecordBytes> = TableDefinition::new("sync_claims");

/// An office key trusted here (added by hand after comparing the
/// fingerprint by phone, or moved on by a verified key rotation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustEntry {
    pub office: String,
    /// ed25519 public key, hex.
    pub key: String,
    /// The key signs that office's log heads from this seq on (0: from the start).
    pub since_seq: u64,
    pub added_at: DateTime<Utc>,
    /// How it came (typed; an older juwu's words read as their variant).
    #[serde(deserialize_with = "how_any")]
    pub how: TrustHow,
    pub removed_at: Option<DateTime<Utc>>,
}

/// How a key came to be trusted here, worded by `sync::describe::how`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrustHow {
    /// Added by hand after the fingerprint was compared by phone.
    ByHand,
    /// Moved on by a key rotation the office signed at `seq`.
    Rotated { seq: u64 },
    /// The key on the roster of the office's parent.
    Roster { parent: String },
    /// A new key the parent recorded on its roster (a lost key).
    Rekeyed { parent: String },
    /// Words of an older juwu that are none of the above: shown as stored.
    Text { text: String },
}

impl TrustHow {
    /// The sentences juwu 0.1 stored, read as what they said.
    fn from_legacy(s: &str) -> TrustHow {
        if s == "added by hand" {
            return TrustHow::ByHand;
        }
        if let Some(seq) = s.strip_prefix("rotated at #").and_then(|n| n.parse().ok()) {
            return TrustHow::Rotated { seq };
        }
        if let Some(p) = s.strip_prefix("re-keyed on the roster of ") {
            return TrustHow::Rekeyed { parent: p.into() };
        }
        if let Some(p) = s.strip_prefix("on the roster of ") {
            return TrustHow::Roster { parent: p.into() };
        }
        TrustHow::Text { text: s.into() }
    }
}

fn how_any<'de, D: serde::Deserializer<'de>>(d: D) -> Result<TrustHow, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Any {
        Typed(TrustHow),
        Old(String),
    }
    Ok(match Any::deserialize(d)? {
        Any::Typed(t) => t,
        Any::Old(s) => TrustHow::from_legacy(&s),
    })
}

/// The head of a log, signed by that log's own office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub office: String,
    pub seq: u64,
    pub hash: String,
    /// The public key that signed it (hex).
    pub key: String,
    /// ed25519 signature, hex.
    pub signature: String,
}

/// A bundle received from a peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    /// When the exporter made the bundle.
    pub created_at: DateTime<Utc>,
    pub imported_at: DateTime<Utc>,
    pub file: String,
    /// blake3 of the whole bundle file, hex.
    pub bundle_hash: String,
    pub events_added: u64,
}

/// A bundle exported to a peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub at: DateTime<Utc>,
    pub file: String,
    pub bundle_hash: String,
    /// (office, from, to) of each log included.
    pub logs: Vec<(String, u64, u64)>,
}

/// What this database knows of another office as a sync partner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peer {
    pub last_received: Option<Received>,
    pub last_sent: Option<Sent>,
    /// The log heads that office said it holds in its newest bundle here
    /// (its acknowledgement of what it has received).
    pub holds: BTreeMap<String, Head>,
    pub holds_as_of: Option<DateTime<Utc>>,
}

/// Where a range of another office's events came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedRange {
    pub office: String,
    pub from: u64,
    pub to: u64,
    pub exporter: String,
    pub bundle_hash: String,
    pub created_at: DateTime<Utc>,
    pub imported_at: DateTime<Utc>,
    pub file: String,
}

/// The same office and seq seen with two different hashes: someone
/// rewrote history. Kept with the evidence; never removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    #[serde(default)]
    pub n: u64,
    pub detected_at: DateTime<Utc>,
    pub office: String,
    pub seq: u64,
    pub held_hash: String,
    /// Where the held version came from (a received range, this office's
    /// own log, or another bundle of the same import).
    pub held_from: AlertSource,
    pub offered_hash: String,
    pub offered_from: AlertSource,
    /// The offering log's head signed by its office, when there was one:
    /// proof that the office itself signed the other history.
    pub offered_checkpoint: Option<Checkpoint>,
}

/// A bundle file as a fork alert names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleRef {
    pub file: String,
    /// The office that made it.
    pub exporter: String,
    pub created_at: DateTime<Utc>,
    /// blake3 of the whole bundle file, hex (the first 12 digits are shown).
    pub hash: String,
}

/// Where one version of a forked event came from: typed fields, put in
/// words in the UI language by `sync::describe::source`. Alerts recorded
/// before these were typed hold an English sentence: they still read, as
/// `Text`, and are shown as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertSource {
    /// This office's own log, written here.
    OwnLog,
    /// Held here, its source not recorded.
    Unrecorded,
    /// Held here since `since`, received in `bundle`.
    HeldSince {
        since: DateTime<Utc>,
        bundle: BundleRef,
    },
    /// Another bundle of the same import (`index`: 1 for the first file).
    SameImport { index: u64 },
    /// A bundle file (the one offering the other history).
    Bundle(BundleRef),
    /// An alert recorded as an English sentence by an older juwu.
    #[serde(untagged)]
    Text(String),
}

/// Everything one import writes, applied in one transaction.
#[derive(Debug, Default, Clone)]
pub struct ImportBatch {
    /// New events per office, in seq order, each continuing the held chain
    /// (decoded and hashed by the bundle reader: applied without decoding
    /// or hashing them again).
    pub chains: Vec<(OfficeCode, Vec<StoredEvent>)>,
    pub checkpoints: Vec<Checkpoint>,
    pub trust: Vec<TrustEntry>,
    pub peers: Vec<(String, Peer)>,
    pub ranges: Vec<ReceivedRange>,
}

impl ImportBatch {
    pub fn is_empty(&self) -> bool {
        self.chains.iter().all(|(_, e)| e.is_empty())
            && self.checkpoints.is_empty()
            && self.trust.is_empty()
            && self.peers.is_empty()
            && self.ranges.is_empty()
    }
    pub fn event_count(&self) -> u64 {
        self.chains.iter().map(|(_, e)| e.len() as u64).sum()
    }
}

fn enc<R: Serialize>(r: &R) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(r).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn dec<R: DeserializeOwned>(what: &str, b: &[u8]) -> Result<R, StoreError> {
    serde_json::from_slice(b).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Reads all of a string-keyed sync table; an absent table is empty.
fn read_all<R: DeserializeOwned>(
    store: &Store,
    def: TableDefinition<&str, RecordBytes>,
) -> Result<BTreeMap<String, R>, StoreError> {
    let txn = store.db.begin_read()?;
    let table = match txn.open_table(def) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(BTreeMap::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = BTreeMap::new();
    for item in table.iter()? {
        let (k, v) = item?;
        out.insert(k.value().to_string(), dec("sync table", v.value())?);
    }
    Ok(out)
}

fn put<R: Serialize>(
    txn: &WriteTransaction,
    def: TableDefinition<&str, RecordBytes>,
    key: &str,
    r: &R,
) -> Result<(), StoreError> {
    let b = enc(r)?;
    txn.open_table(def)?.insert(key, b.as_slice())?;
    Ok(())
}

/// What a backup keeps of the sync tables besides the logs: trust, the
/// peers (with their acknowledgements), signed heads and fork alerts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    pub trust: BTreeMap<String, TrustEntry>,
    pub peers: BTreeMap<String, Peer>,
    pub checkpoints: BTreeMap<String, Checkpoint>,
    pub alerts: Vec<Alert>,
}

impl Store {
    /// The sync tables, for a backup.
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        Ok(SyncState {
            trust: self.trusted()?,
            peers: self.peers()?,
            checkpoints: self.checkpoints()?,
            alerts: self.alerts()?,
        })
    }

    /// Puts back the sync tables of a backup (into a restored database), in
    /// one transaction.
    pub fn put_sync_state(&self, s: &SyncState) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        for (k, v) in &s.trust {
            put(&txn, TRUST, k, v)?;
        }
        for (k, v) in &s.peers {
            put(&txn, PEERS, k, v)?;
        }
        for (k, v) in &s.checkpoints {
            put(&txn, CHECKPOINTS, k, v)?;
        }
        {
            let mut table = txn.open_table(ALERTS)?;
            for a in &s.alerts {
                let b = enc(a)?;
                table.insert(a.n, b.as_slice())?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// Every trust entry, removed ones included, by office.
    pub fn trusted(&self) -> Result<BTreeMap<String, TrustEntry>, StoreError> {
        read_all(self, TRUST)
    }

    /// Adds, replaces or (with `removed_at`) withdraws trust in an office's key.
    pub fn put_trust(&self, entry: &TrustEntry) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        put(&txn, TRUST, &entry.office, entry)?;
        txn.commit()?;
        Ok(())
    }

    pub fn peers(&self) -> Result<BTreeMap<String, Peer>, StoreError> {
        read_all(self, PEERS)
    }

    pub fn checkpoints(&self) -> Result<BTreeMap<String, Checkpoint>, StoreError> {
        read_all(self, CHECKPOINTS)
    }

    /// Notes a bundle written for `peer`.
    pub fn record_sent(&self, peer: &str, sent: Sent) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        let mut p: Peer = {
            let t = txn.open_table(PEERS)?;
            match t.get(peer)? {
                Some(v) => dec("sync_peers", v.value())?,
                None => Peer::default(),
            }
        };
        p.last_sent = Some(sent);
        put(&txn, PEERS, peer, &p)?;
        txn.commit()?;
        Ok(())
    }

    /// The received range holding `office` #`seq`, if it came by bundle.
    pub fn received_range(
        &self,
        office: &str,
        seq: u64,
    ) -> Result<Option<ReceivedRange>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(RANGES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        // The first range whose last seq is at or after `seq`.
        let found = table.range((office, seq)..=(office, u64::MAX))?.next();
        if let Some(item) = found {
            let (_, v) = item?;
            let r: ReceivedRange = dec("sync_ranges", v.value())?;
            if r.from <= seq {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }

    pub fn alerts(&self) -> Result<Vec<Alert>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(ALERTS) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(vec![]),
            Err(e) => return Err(e.into()),
        };
        let mut out = vec![];
        for item in table.iter()? {
            let (k, v) = item?;
            let mut a: Alert = dec("sync_alerts", v.value())?;
            a.n = k.value();
            out.push(a);
        }
        Ok(out)
    }

    /// Records fork alerts (alone: the import that found them is refused).
    /// An alert already recorded (same office, seq and both hashes) is not
    /// recorded twice. Returns how many were new.
    pub fn add_alerts(&self, alerts: &[Alert]) -> Result<usize, StoreError> {
        let existing = self.alerts()?;
        let txn = self.db.begin_write()?;
        let mut added = 0;
        {
            let mut table = txn.open_table(ALERTS)?;
            let mut next = table.last()?.map(|(k, _)| k.value() + 1).unwrap_or(1);
            for a in alerts {
                let dup = existing.iter().any(|e| {
                    e.office == a.office
                        && e.seq == a.seq
                        && e.held_hash == a.held_hash
                        && e.offered_hash == a.offered_hash
                });
                if dup {
                    continue;
                }
                let mut a = a.clone();
                a.n = next;
                let b = enc(&a)?;
                table.insert(next, b.as_slice())?;
                next += 1;
                added += 1;
            }
        }
        txn.commit()?;
        Ok(added)
    }

    /// Applies a verified import in one write transaction: the events of
    /// every chain (each must continue the chain held here, else nothing is
    /// applied), the checkpoints, trust moved on by key rotations, peers'
    /// states and where the events came from. `progress(done, total)` is
    /// called as events are applied. Returns the events added per office.
    pub fn apply_import(
        &self,
        batch: &ImportBatch,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BTreeMap<String, u64>, StoreError> {
        let total = batch.event_count();
        let mut done = 0u64;
        let mut added = BTreeMap::new();
        let txn = self.db.begin_write()?;
        {
            let mut w = Writer::new(&txn)?;
            for (office, events) in &batch.chains {
                if Some(office) == self.own.as_ref() {
                    return Err(StoreError::Corrupt(format!(
                        "refusing to import events into this office's own log ({office})"
                    )));
                }
                let mut n = 0;
                for chunk in events.chunks(64) {
                    n += import_decoded(&mut w, office, chunk)? as u64;
                    done += chunk.len() as u64;
                    progress(done, total);
                }
                *added.entry(office.to_string()).or_insert(0) += n;
            }
            w.finish()?;
        }
        for c in &batch.checkpoints {
            let newer = {
                let t = txn.open_table(CHECKPOINTS)?;
                match t.get(c.office.as_str())? {
                    Some(v) => dec::<Checkpoint>("sync_checkpoints", v.value())?.seq < c.seq,
                    None => true,
                }
            };
            if newer {
                put(&txn, CHECKPOINTS, &c.office, c)?;
            }
        }
        for t in &batch.trust {
            put(&txn, TRUST, &t.office, t)?;
        }
        for (code, p) in &batch.peers {
            put(&txn, PEERS, code, p)?;
        }
        {
            let mut table = txn.open_table(RANGES)?;
            for r in &batch.ranges {
                let b = enc(r)?;
                table.insert((r.office.as_str(), r.to), b.as_slice())?;
            }
        }
        txn.commit()?;
        Ok(added)
    }

    /// Appends this office's key rotation (the new public key, signed by
    /// the old key) to its own log.
    pub fn record_key_rotation(
        &self,
        public_key: &str,
        signature: &str,
        now: DateTime<Utc>,
    ) -> Result<Envelope, StoreError> {
        let own = self.own.clone().ok_or(StoreError::NoOffice)?;
        let txn = self.db.begin_write()?;
        let mut w = Writer::new(&txn)?;
        let env = append_in(
            &mut w,
            &own,
            "system",
            EventBody::KeyRotated {
                public_key: public_key.to_string(),
                signature: signature.to_string(),
            },
            now,
        )?;
        w.finish()?;
        txn.commit()?;
        Ok(env)
    }

    /// The hash of `office` #`seq` as held here.
    pub fn event_hash(&self, office: &str, seq: u64) -> Result<Option<String>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(EVENTS)?;
        Ok(table
            .get((office, seq))?
            .map(|v| super::codec::hash_hex(v.value())))
    }

    /// The events of `office`'s log from `from` to `to` that speak beyond
    /// their office (`domain::claims`): kept in the log, never applied.
    /// Judged with the registers as they stand now.
    pub fn claims_in(
        &self,
        office: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<ClaimAlert>, StoreError> {
        let r = self.read()?;
        let offices: BTreeMap<String, super::project::OfficeEntry> = r
            .all::<super::project::OfficeEntry>(super::tables::T::Offices)?
            .into_iter()
            .map(|e| (e.office.code.to_string(), e))
            .collect();
        let parent_of = |c: &str| offices.get(c).map(|e| e.office.parent.clone());
        let me = offices.get(office).filter(|e| e.source == office);
        let mut out = vec![];
        for e in r.events(office, from, to)? {
            let writer = claims::Writer {
                code: &e.env.office,
                level: me.map(|m| m.office.level),
                parent: me.and_then(|m| m.office.parent.as_ref()),
            };
            if let Err(claim) = claims::may_claim(&writer, &e.env.body, &parent_of) {
                out.push(ClaimAlert {
                    office: office.to_string(),
                    seq: e.env.seq,
                    claim,
                });
            }
        }
        Ok(out)
    }

    /// Records the claims an import found (once each).
    pub fn record_claims(&self, claims: &[ClaimAlert]) -> Result<(), StoreError> {
        if claims.is_empty() {
            return Ok(());
        }
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(CLAIMS)?;
            for c in claims {
                let b = enc(c)?;
                table.insert((c.office.as_str(), c.seq), b.as_slice())?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// The claims recorded by imports, by office and seq.
    pub fn recorded_claims(&self) -> Result<Vec<ClaimAlert>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(CLAIMS) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(vec![]),
            Err(e) => return Err(e.into()),
        };
        let mut out = vec![];
        for item in table.iter()? {
            let (_, v) = item?;
            out.push(dec("sync_claims", v.value())?);
        }
        Ok(out)
    }

    /// Every claim in the logs held here (`claims_in` over every log).
    pub fn claims(&self) -> Result<Vec<ClaimAlert>, StoreError> {
        let heads = self.read()?.heads()?;
        let mut out = vec![];
        for (office, h) in heads {
            out.extend(self.claims_in(&office, 1, h.seq)?);
        }
        Ok(out)
    }
}

/// An event of `office`'s log (#`seq`) that speaks for another office
/// beyond what DOMAIN.md allows: kept with its chain, never applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimAlert {
    pub office: String,
    pub seq: u64,
    pub claim: Claim,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trust entries stored by juwu 0.1 said how in English sentences: they
    /// still read, as the typed value they meant (so they are worded in the
    /// user's language), and words of no known kind are kept as stored.
    #[test]
    fn an_older_trust_entry_reads_as_its_kind() {
        let old = |how: &str| {
            let j = format!(
                r#"{{"office":"LY01","key":"ab","since_seq":0,"added_at":"2026-11-01T00:00:00Z","how":"{how}","removed_at":null}}"#
            );
            serde_json::from_str::<TrustEntry>(&j).unwrap().how
        };
        assert_eq!(old("added by hand"), TrustHow::ByHand);
        assert_eq!(old("rotated at #12"), TrustHow::Rotated { seq: 12 });
        assert_eq!(
            old("something else"),
            TrustHow::Text {
                text: "something else".into()
            }
        );
        let new = TrustEntry {
            office: "LY01".into(),
            key: "ab".into(),
            since_seq: 0,
            added_at: chrono::DateTime::UNIX_EPOCH,
            how: TrustHow::Rotated { seq: 3 },
            removed_at: None,
        };
        let j = serde_json::to_string(&new).unwrap();
        assert!(!j.contains("rotated at"), "{j}");
        assert_eq!(serde_json::from_str::<TrustEntry>(&j).unwrap(), new);
    }
}
