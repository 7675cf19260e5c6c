//! Table definitions and a small key/value façade (`Tables`) over either a
//! redb write transaction or memory, so projections are computed by one
//! function whether appended incrementally or rebuilt for `verify`.

use std::collections::{BTreeMap, HashMap};

use redb::{ReadableTable, Table, TableDefinition, WriteTransaction};

use super::StoreError;
use super::codec::{EventBytes, RecordBytes};
use super::project::{get_json, put_json};
use crate::domain::records::{Disclosure, Opinion};

pub const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
/// (office, seq) → the exact stored bytes of the event.
pub const EVENTS: TableDefinition<(&str, u64), EventBytes> = TableDefinition::new("events");
/// office → JSON `Head` of its log.
pub const HEADS: TableDefinition<&str, RecordBytes> = TableDefinition::new("heads");

/// Every projection table: derived from the logs, rebuilt by `verify --rebuild`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T {
    Offices,
    Settings,
    Operators,
    Disclosures,
    Opinions,
    Replies,
    Boxes,
    Statements,
    Checks,
    Resolutions,
    Counters,
    /// "status\x1fid"
    XDisclosureStatus,
    /// "category\x1fid"
    XDisclosureCategory,
    /// "opinion\x1freply"
    XRepliesByOpinion,
    /// "received_at\x1fid" of opinions with no reply yet
    XOpinionsOpen,
    /// "box\x1fopinion"
    XOpinionsByBox,
    /// statement id → the published disclosure that locks it
    XStatementLocked,
    /// id → publication date of items now published on the board (for
    /// "postings that may come down" without decoding every item)
    XBoardPosted,
}

pub const SEP: char = '\x1f';

impl T {
    pub const ALL: &'static [T] = &[
        T::Offices,
        T::Settings,
        T::Operators,
        T::Disclosures,
        T::Opinions,
        T::Replies,
        T::Boxes,
        T::Statements,
        T::Checks,
        T::Resolutions,
        T::Counters,
        T::XDisclosureStatus,
        T::XDisclosureCategory,
        T::XRepliesByOpinion,
        T::XOpinionsOpen,
        T::XOpinionsByBox,
        T::XStatementLocked,
        T::XBoardPosted,
    ];
    pub fn name(self) -> &'static str {
        match self {
            T::Offices => "p_offices",
            T::Settings => "p_settings",
            T::Operators => "p_operators",
            T::Disclosures => "p_disclosures",
            T::Opinions => "p_opinions",
            T::Replies => "p_replies",
            T::Boxes => "p_boxes",
            T::Statements => "p_statements",
            T::Checks => "p_checks",
            T::Resolutions => "p_resolutions",
            T::Counters => "p_counters",
            T::XDisclosureStatus => "x_disclosure_status",
            T::XDisclosureCategory => "x_disclosure_category",
            T::XRepliesByOpinion => "x_replies_by_opinion",
            T::XOpinionsOpen => "x_opinions_open",
            T::XOpinionsByBox => "x_opinions_by_box",
            T::XStatementLocked => "x_statement_locked",
            T::XBoardPosted => "x_board_posted",
        }
    }
    pub fn def(self) -> TableDefinition<'static, &'static str, RecordBytes> {
        TableDefinition::new(self.name())
    }
}

/// What projections need from storage.
pub trait Tables {
    fn get(&mut self, t: T, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn put(&mut self, t: T, key: &str, val: &[u8]) -> Result<(), StoreError>;
    fn del(&mut self, t: T, key: &str) -> Result<(), StoreError>;
    /// Keys starting with `prefix`, in order.
    fn keys_with_prefix(&mut self, t: T, prefix: &str) -> Result<Vec<String>, StoreError>;

    /// The records most events change (an item goes through a dozen steps),
    /// decoded. Storage keeps them as JSON; a rebuild in memory keeps them
    /// decoded until it is done, instead of decoding and encoding the JSON
    /// again at every step.
    fn disclosure(&mut self, id: &str) -> Result<Option<Disclosure>, StoreError> {
        get_json(self, T::Disclosures, id)
    }
    fn put_disclosure(&mut self, d: &Disclosure) -> Result<(), StoreError> {
        put_json(self, T::Disclosures, &d.id, d)
    }
    fn opinion(&mut self, id: &str) -> Result<Option<Opinion>, StoreError> {
        get_json(self, T::Opinions, id)
    }
    fn put_opinion(&mut self, o: &Opinion) -> Result<(), StoreError> {
        put_json(self, T::Opinions, &o.id, o)
    }
}

/// Projections written inside a redb write transaction.
///
/// Each table is opened once, on first use, and kept open until this is
/// dropped: opening a redb table looks its name up in the table tree and
/// writes its root back on close, which cost more than the get or put
/// itself when it was done on every call (up to a dozen times per event).
///
/// Items and opinions written through the typed accessors are held decoded
/// (`Hot`) and written once by [`TxnTables::flush`], which the store calls
/// before every commit: an import or a batch that takes an item through its
/// dozen steps decodes and encodes its JSON once instead of at every step.
///
/// Every other write is held too (`pending`, per table in key order) and
/// written by `flush` in key order: an import of 100,000 events moves each
/// item's status and category index entries at each step and bumps the id
/// counters at each record; held, those become one write each (or none,
/// when a key put is deleted again), and redb gets its inserts sorted.
pub struct TxnTables<'a> {
    txn: &'a WriteTransaction,
    open: Vec<Option<Table<'a, &'static str, RecordBytes>>>,
    hot: Hot,
    /// Writes not yet in redb, per table: `None` deletes the key.
    pending: Vec<BTreeMap<String, Option<Vec<u8>>>>,
    pending_len: usize,
}

/// Records held decoded, newer than what the tables hold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Hot {
    disclosures: HashMap<String, Disclosure>,
    opinions: HashMap<String, Opinion>,
}

impl Hot {
    fn bytes(&self, t: T, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let enc = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
        Ok(match t {
            T::Disclosures => match self.disclosures.get(key) {
                Some(d) => Some(serde_json::to_vec(d).map_err(enc)?),
                None => None,
            },
            T::Opinions => match self.opinions.get(key) {
                Some(o) => Some(serde_json::to_vec(o).map_err(enc)?),
                None => None,
            },
            _ => None,
        })
    }

    fn forget(&mut self, t: T, key: &str) {
        match t {
            T::Disclosures => {
                self.disclosures.remove(key);
            }
            T::Opinions => {
                self.opinions.remove(key);
            }
            _ => {}
        }
    }

    /// Adds the held keys of `t` that start with `prefix` to `keys`.
    fn merge_keys(&self, t: T, prefix: &str, keys: &mut Vec<String>) {
        let held: Vec<&String> = match t {
            T::Disclosures => self.disclosures.keys().collect(),
            T::Opinions => self.opinions.keys().collect(),
            _ => return,
        };
        let before = keys.len();
        for k in held {
            if k.starts_with(prefix) && !keys[..before].contains(k) {
                keys.push(k.clone());
            }
        }
        keys.sort();
    }

    fn len(&self) -> usize {
        self.disclosures.len() + self.opinions.len()
    }

    /// Everything held, encoded, by table; empties the cache.
    fn drain(&mut self) -> Result<Vec<(T, String, Vec<u8>)>, StoreError> {
        let enc = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
        let mut out = Vec::with_capacity(self.len());
        for (k, d) in self.disclosures.drain() {
            let b = serde_json::to_vec(&d).map_err(enc)?;
            out.push((T::Disclosures, k, b));
        }
        for (k, o) in self.opinions.drain() {
            let b = serde_json::to_vec(&o).map_err(enc)?;
            out.push((T::Opinions, k, b));
        }
        Ok(out)
    }
}

/// Records held decoded before they are written anyway (bounds memory).
const HOT_MAX: usize = 50_000;
/// Other writes held before they are written anyway (bounds memory: an
/// entry is a key and a small value, index values are empty).
const PENDING_MAX: usize = 200_000;

impl<'a> TxnTables<'a> {
    /// The write transaction (for the local tables beside the projections).
    pub(crate) fn txn(&self) -> &'a WriteTransaction {
        self.txn
    }

    pub fn new(txn: &'a WriteTransaction) -> TxnTables<'a> {
        TxnTables {
            txn,
            open: (0..T::ALL.len()).map(|_| None).collect(),
            hot: Hot::default(),
            pending: (0..T::ALL.len()).map(|_| BTreeMap::new()).collect(),
            pending_len: 0,
        }
    }

    fn table(&mut self, t: T) -> Result<&mut Table<'a, &'static str, RecordBytes>, StoreError> {
        let slot = &mut self.open[t as usize];
        match slot {
            Some(table) => Ok(table),
            None => Ok(slot.insert(self.txn.open_table(t.def())?)),
        }
    }

    /// Writes everything held, table by table in key order. Must run
    /// before the commit.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        self.flush_pending()?;
        let mut rows = self.hot.drain()?;
        rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        for (t, k, b) in rows {
            self.table(t)?.insert(k.as_str(), b.as_slice())?;
        }
        Ok(())
    }

    fn flush_pending(&mut self) -> Result<(), StoreError> {
        for t in T::ALL {
            let rows = std::mem::take(&mut self.pending[*t as usize]);
            if rows.is_empty() {
                continue;
            }
            let table = self.table(*t)?;
            for (k, v) in rows {
                match v {
                    Some(v) => {
                        table.insert(k.as_str(), v.as_slice())?;
                    }
                    None => {
                        table.remove(k.as_str())?;
                    }
                }
            }
        }
        self.pending_len = 0;
        Ok(())
    }

    fn held(&mut self) -> Result<(), StoreError> {
        if self.hot.len() >= HOT_MAX {
            self.flush()?;
        }
        Ok(())
    }

    fn hold(&mut self, t: T, key: &str, val: Option<&[u8]>) -> Result<(), StoreError> {
        let v = val.map(<[u8]>::to_vec);
        match self.pending[t as usize].get_mut(key) {
            Some(slot) => *slot = v,
            None => {
                self.pending[t as usize].insert(key.to_string(), v);
                self.pending_len += 1;
                if self.pending_len >= PENDING_MAX {
                    self.flush_pending()?;
                }
            }
        }
        Ok(())
    }
}

impl Tables for TxnTables<'_> {
    fn get(&mut self, t: T, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(b) = self.hot.bytes(t, key)? {
            return Ok(Some(b));
        }
        if let Some(v) = self.pending[t as usize].get(key) {
            return Ok(v.clone());
        }
        let table = self.table(t)?;
        Ok(table.get(key)?.map(|v| v.value().to_vec()))
    }
    fn put(&mut self, t: T, key: &str, val: &[u8]) -> Result<(), StoreError> {
        self.hot.forget(t, key);
        self.hold(t, key, Some(val))
    }
    fn del(&mut self, t: T, key: &str) -> Result<(), StoreError> {
        self.hot.forget(t, key);
        self.hold(t, key, None)
    }
    fn keys_with_prefix(&mut self, t: T, prefix: &str) -> Result<Vec<String>, StoreError> {
        let table = self.table(t)?;
        let mut out = vec![];
        for item in table.range(prefix..)? {
            let (k, _) = item?;
            let k = k.value();
            if !k.starts_with(prefix) {
                break;
            }
            out.push(k.to_string());
        }
        let held = &self.pending[t as usize];
        if !held.is_empty() {
            for (k, v) in held
                .range::<str, _>((
                    std::ops::Bound::Included(prefix),
                    std::ops::Bound::Unbounded,
                ))
                .take_while(|(k, _)| k.starts_with(prefix))
            {
                match (v, out.binary_search(k)) {
                    (Some(_), Err(at)) => out.insert(at, k.clone()),
                    (None, Ok(at)) => {
                        out.remove(at);
                    }
                    _ => {}
                }
            }
        }
        self.hot.merge_keys(t, prefix, &mut out);
        Ok(out)
    }

    fn disclosure(&mut self, id: &str) -> Result<Option<Disclosure>, StoreError> {
        if let Some(d) = self.hot.disclosures.get(id) {
            return Ok(Some(d.clone()));
        }
        get_json(self, T::Disclosures, id)
    }
    fn put_disclosure(&mut self, d: &Disclosure) -> Result<(), StoreError> {
        self.hot.disclosures.insert(d.id.clone(), d.clone());
        self.held()
    }
    fn opinion(&mut self, id: &str) -> Result<Option<Opinion>, StoreError> {
        if let Some(o) = self.hot.opinions.get(id) {
            return Ok(Some(o.clone()));
        }
        get_json(self, T::Opinions, id)
    }
    fn put_opinion(&mut self, o: &Opinion) -> Result<(), StoreError> {
        self.hot.opinions.insert(o.id.clone(), o.clone());
        self.held()
    }
}

/// Projections computed in memory (for `verify` and rebuilds). Items and
/// opinions stay decoded until [`MemTables::finish`] encodes them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MemTables {
    pub tables: BTreeMap<T, BTreeMap<String, Vec<u8>>>,
    hot: Hot,
}

impl MemTables {
    /// Encodes the records kept decoded, so `tables` holds everything.
    pub fn finish(&mut self) -> Result<(), StoreError> {
        for (t, k, b) in self.hot.drain()? {
            self.tables.entry(t).or_default().insert(k, b);
        }
        Ok(())
    }
}

impl Tables for MemTables {
    fn get(&mut self, t: T, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(b) = self.hot.bytes(t, key)? {
            return Ok(Some(b));
        }
        Ok(self.tables.get(&t).and_then(|m| m.get(key)).cloned())
    }
    fn put(&mut self, t: T, key: &str, val: &[u8]) -> Result<(), StoreError> {
        self.hot.forget(t, key);
        self.tables
            .entry(t)
            .or_default()
            .insert(key.to_string(), val.to_vec());
        Ok(())
    }
    fn del(&mut self, t: T, key: &str) -> Result<(), StoreError> {
        self.hot.forget(t, key);
        if let Some(m) = self.tables.get_mut(&t) {
            m.remove(key);
        }
        Ok(())
    }
    fn keys_with_prefix(&mut self, t: T, prefix: &str) -> Result<Vec<String>, StoreError> {
        let mut keys: Vec<String> = self
            .tables
            .get(&t)
            .map(|m| {
                m.range(prefix.to_string()..)
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        self.hot.merge_keys(t, prefix, &mut keys);
        Ok(keys)
    }

    fn disclosure(&mut self, id: &str) -> Result<Option<Disclosure>, StoreError> {
        if let Some(d) = self.hot.disclosures.get(id) {
            return Ok(Some(d.clone()));
        }
        get_json(self, T::Disclosures, id)
    }
    fn put_disclosure(&mut self, d: &Disclosure) -> Result<(), StoreError> {
        if let Some(m) = self.tables.get_mut(&T::Disclosures) {
            m.remove(&d.id);
        }
        self.hot.disclosures.insert(d.id.clone(), d.clone());
        Ok(())
    }
    fn opinion(&mut self, id: &str) -> Result<Option<Opinion>, StoreError> {
        if let Some(o) = self.hot.opinions.get(id) {
            return Ok(Some(o.clone()));
        }
        get_json(self, T::Opinions, id)
    }
    fn put_opinion(&mut self, o: &Opinion) -> Result<(), StoreError> {
        if let Some(m) = self.tables.get_mut(&T::Opinions) {
            m.remove(&o.id);
        }
        self.hot.opinions.insert(o.id.clone(), o.clone());
        Ok(())
    }
}
