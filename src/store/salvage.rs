//! Reading what is still intact out of a damaged database: per office, the
//! log from #1 up to the first event that does not read, is not where it
//! says, or does not continue the chain (`juwu salvage`).

use std::collections::BTreeMap;
use std::path::Path;

use redb::{ReadableDatabase, ReadableTable};

use super::guard::guard;
use super::tables::{EVENTS, HEADS};
use super::{Db, Head, LogFault, Store, StoreError, codec};
use crate::domain::{Envelope, OfficeCode};

/// One office's log as far as it is intact.
#[derive(Debug, Clone)]
pub struct SalvagedLog {
    pub office: OfficeCode,
    /// Events #1.. in order, their exact stored bytes.
    pub events: Vec<Vec<u8>>,
    /// The head the database recorded for this log, when it still reads.
    pub head: Option<Head>,
    /// Where the log stopped being intact and why (`None`: all of it).
    pub stop: Option<(u64, LogFault)>,
}

/// Everything `salvage` could read.
#[derive(Debug)]
pub struct Salvage {
    pub own: OfficeCode,
    pub logs: Vec<SalvagedLog>,
    /// Trust, peers and alerts, when those tables still read.
    pub sync: Option<super::sync::SyncState>,
}

impl Store {
    /// Reads every intact log prefix of the database at `path`, opened
    /// read-only: nothing in the damaged file is changed. Fails only when
    /// the file is not a juwu database or its own office cannot be read.
    pub fn salvage(path: &Path) -> Result<Salvage, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let db = guard(|| {
            redb::Database::builder()
                .open_read_only(path)
                .map_err(|e| super::open_err(path, e))
        })?;
        let (_, own) = guard(|| super::read_meta(&db, path))?;
        let own = own.ok_or(StoreError::NoOffice)?;
        let txn = guard(|| Ok(db.begin_read()?))?;

        // The offices: from the heads, then from the events themselves (a
        // damaged heads table must not hide a log). Each scan keeps what it
        // read before a damaged page.
        let mut heads: BTreeMap<String, Option<Head>> = BTreeMap::new();
        let _ = guard(|| {
            for item in txn.open_table(HEADS)?.iter()? {
                let (k, v) = item?;
                heads.insert(
                    k.value().to_string(),
                    serde_json::from_slice(v.value()).ok(),
                );
            }
            Ok(())
        });
        let _ = guard(|| {
            let events = txn.open_table(EVENTS)?;
            let mut from = String::new();
            // One lookup per office: jump past each office's events.
            while let Some(item) = events.range((from.as_str(), 0u64)..)?.next() {
                let (k, _) = item?;
                let office = k.value().0.to_string();
                heads.entry(office.clone()).or_insert(None);
                from = office + "\u{0}";
            }
            Ok(())
        });
        if !heads.contains_key(own.as_str()) {
            heads.insert(own.to_string(), None);
        }

        let mut logs = vec![];
        for (office, head) in heads {
            let Ok(code) = OfficeCode::parse(&office) else {
                continue;
            };
            let mut events: Vec<Vec<u8>> = vec![];
            let mut prev = String::new();
            let mut stop = None;
            let r = guard(|| {
                let table = txn.open_table(EVENTS)?;
                for item in table.range((office.as_str(), 1u64)..=(office.as_str(), u64::MAX))? {
                    let (k, v) = item?;
                    let seq = k.value().1;
                    let expect = events.len() as u64 + 1;
                    let fault = if seq != expect {
                        Some((expect, LogFault::Missing))
                    } else {
                        match serde_json::from_slice::<Envelope>(v.value()) {
                            Err(_) => Some((seq, LogFault::Unreadable)),
                            Ok(env) if env.office != code || env.seq != seq => {
                                Some((seq, LogFault::WrongPlace))
                            }
                            Ok(env) if env.prev_hash != prev => Some((seq, LogFault::BrokenChain)),
                            Ok(_) => None,
                        }
                    };
                    if let Some((at, f)) = fault {
                        // A broken link may be the altered event before it
                        // (its hash changed) as well as this one: keep
                        // neither, rather than a copy that forks the log.
                        stop = Some(if f == LogFault::BrokenChain {
                            events.pop();
                            (at - 1, f)
                        } else {
                            (at, f)
                        });
                        break;
                    }
                    prev = codec::hash_hex(v.value());
                    events.push(v.value().to_vec());
                }
                Ok(())
            });
            if let Err(e) = r {
                let detail = match e {
                    StoreError::Damaged(d) => d,
                    e => e.to_string(),
                };
                stop = Some((events.len() as u64 + 1, LogFault::PageDamaged(detail)));
            }
            // The head names the last event: more events than were read are
            // missing; a different hash means the last one read was altered.
            if stop.is_none()
                && let Some(h) = &head
            {
                let n = events.len() as u64;
                if h.seq > n {
                    stop = Some((n + 1, LogFault::Missing));
                } else if h.seq == n && n > 0 && h.hash != prev {
                    events.pop();
                    stop = Some((n, LogFault::HeadMismatch));
                }
            }
            logs.push(SalvagedLog {
                office: code,
                events,
                head,
                stop,
            });
        }
        drop(txn);
        let store = Store {
            db: std::sync::Arc::new(Db::Ro(db, path.to_path_buf())),
            path: path.to_path_buf(),
            own: Some(own.clone()),
        };
        let sync = guard(|| store.sync_state()).ok();
        Ok(Salvage { own, logs, sync })
    }
}
