//! Table definitions and a small key/value façade (`Tables`) over either a
//! redb write transaction or memory, so projections are computed by one
//! function whether appended incrementally or rebuilt for `verify`.

use std::collections::BTreeMap;

use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::StoreError;
use super::codec::{EventBytes, RecordBytes};

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
}

/// Projections written inside a redb write transaction.
pub struct TxnTables<'a> {
    pub txn: &'a WriteTransaction,
}

impl Tables for TxnTables<'_> {
    fn get(&mut self, t: T, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let table = self.txn.open_table(t.def())?;
        Ok(table.get(key)?.map(|v| v.value().to_vec()))
    }
    fn put(&mut self, t: T, key: &str, val: &[u8]) -> Result<(), StoreError> {
        let mut table = self.txn.open_table(t.def())?;
        table.insert(key, val)?;
        Ok(())
    }
    fn del(&mut self, t: T, key: &str) -> Result<(), StoreError> {
        let mut table = self.txn.open_table(t.def())?;
        table.remove(key)?;
        Ok(())
    }
    fn keys_with_prefix(&mut self, t: T, prefix: &str) -> Result<Vec<String>, StoreError> {
        let table = self.txn.open_table(t.def())?;
        let mut out = vec![];
        for item in table.range(prefix..)? {
            let (k, _) = item?;
            let k = k.value();
            if !k.starts_with(prefix) {
                break;
            }
            out.push(k.to_string());
        }
        Ok(out)
    }
}

/// Projections computed in memory (for `verify` and rebuilds).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MemTables {
    pub tables: BTreeMap<T, BTreeMap<String, Vec<u8>>>,
}

impl Tables for MemTables {
    fn get(&mut self, t: T, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tables.get(&t).and_then(|m| m.get(key)).cloned())
    }
    fn put(&mut self, t: T, key: &str, val: &[u8]) -> Result<(), StoreError> {
        self.tables
            .entry(t)
            .or_default()
            .insert(key.to_string(), val.to_vec());
        Ok(())
    }
    fn del(&mut self, t: T, key: &str) -> Result<(), StoreError> {
        if let Some(m) = self.tables.get_mut(&t) {
            m.remove(key);
        }
        Ok(())
    }
    fn keys_with_prefix(&mut self, t: T, prefix: &str) -> Result<Vec<String>, StoreError> {
        Ok(self
            .tables
            .get(&t)
            .map(|m| {
                m.range(prefix.to_string()..)
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default())
    }
}
