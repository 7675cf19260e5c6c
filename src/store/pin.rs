//! Operators' PINs: checked and hashed (argon2id, random salt) into a PHC
//! string; the clear PIN is never stored. Here, not in a front end, so the
//! command line, the app and the kiosk (and tests) share one rule of what a
//! PIN is.
//!
//! The hashes are kept in a LOCAL table of this database ([`LOCAL_PINS`]),
//! never in the office log: the log travels in every bundle and export, and
//! a 4-digit PIN's hash is guessed offline in seconds. The local table goes
//! into backups and comes back with `restore`; nothing else copies it. Hashes
//! that older versions of juwu wrote into the log are copied into it when
//! the database is upgraded, marked `exposed`: the operator is asked for a
//! new PIN at the next sign-in.
//!
//! Wrong PINs are slowed down ([`Throttle`]): a growing delay after a few,
//! then a lockout, kept in [`LOCAL_THROTTLE`] and timed by the caller's
//! clock, so tests move time instead of sleeping.

use std::collections::BTreeMap;

use argon2::password_hash::PasswordHasher;
use chrono::{DateTime, Duration, Utc};
use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// Why a PIN was not hashed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is 4 to 12 digits")]
    Malformed,
    /// The hasher's own words.
    #[error("could not hash the PIN: {0}")]
    Hash(String),
}

impl PinError {
    /// The message in the UI language.
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (_, false) => self.to_string(),
            (PinError::Malformed, true) => "PIN 为 4 到 12 位数字".into(),
            (PinError::Hash(e), true) => format!("无法生成 PIN 的散列：{e}"),
        }
    }
}

/// Checks a PIN (4 to 12 digits, surrounding spaces ignored) and hashes it
/// with argon2id and a random salt into a PHC string.
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    let p = pin.trim();
    if !(4..=12).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinError::Malformed);
    }
    argon2::Argon2::default()
        .hash_password(p.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Does `pin` match `hash` (an argon2 PHC string)? An empty PIN never does.
pub fn pin_matches(pin: &str, hash: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    use argon2::password_hash::phc::PasswordHash;
    if pin.is_empty() {
        return false;
    }
    match PasswordHash::new(hash) {
        Ok(h) => argon2::Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// Operator name → [`LocalPin`] (JSON). Local: never in a log or bundle.
pub const LOCAL_PINS: TableDefinition<&str, &[u8]> = TableDefinition::new("local_pins");
/// Who is being slowed down ("op\x1fNAME", "kiosk") → [`Throttle`] (JSON).
pub const LOCAL_THROTTLE: TableDefinition<&str, &[u8]> = TableDefinition::new("local_pin_throttle");

/// One operator's PIN as this office keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalPin {
    /// argon2 PHC string.
    pub hash: String,
    /// The hash was once written into the office log (an older juwu), so
    /// it travelled in bundles: the PIN must change.
    #[serde(default)]
    pub exposed: bool,
}

/// Wrong PINs without a pause before the delay starts.
pub const FREE_TRIES: u32 = 3;
/// Wrong PINs after which each further one locks for [`LOCKOUT_SECS`].
pub const LOCK_AFTER: u32 = 10;
/// The first delay, doubled at each further wrong PIN.
pub const FIRST_DELAY_SECS: i64 = 5;
pub const LOCKOUT_SECS: i64 = 15 * 60;

/// Wrong PINs in a row and when the next try is allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttle {
    pub failures: u32,
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
}

/// A try refused before the PIN is even looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub until: DateTime<Utc>,
    /// The lockout (after [`LOCK_AFTER`] wrong PINs), not a short delay.
    pub locked: bool,
}

impl Throttle {
    /// May a PIN be tried at `now`?
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Wait> {
        match self.until {
            Some(until) if now < until => Err(Wait {
                until,
                locked: self.failures >= LOCK_AFTER,
            }),
            _ => Ok(()),
        }
    }

    /// Records a wrong PIN at `now`: the wait before the next try, if any.
    pub fn failed(&mut self, now: DateTime<Utc>) -> Option<Wait> {
        self.failures = self.failures.saturating_add(1);
        let secs = if self.failures < FREE_TRIES {
            0
        } else if self.failures < LOCK_AFTER {
            FIRST_DELAY_SECS << (self.failures - FREE_TRIES)
        } else {
            LOCKOUT_SECS
        };
        if secs == 0 {
            self.until = None;
            return None;
        }
        let until = now + Duration::seconds(secs);
        self.until = Some(until);
        Some(Wait {
            until,
            locked: self.failures >= LOCK_AFTER,
        })
    }
}

/// The throttle key of an operator's sign-in.
pub fn operator_scope(name: &str) -> String {
    format!("op{}{name}", super::tables::SEP)
}

/// The throttle key of the kiosk's exit.
pub const KIOSK_SCOPE: &str = "kiosk";

fn decode<T: serde::de::DeserializeOwned>(key: &str, v: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(v).map_err(|_| StoreError::ProjectionUnreadable {
        table: "local_pins".into(),
        key: key.to_string(),
    })
}

fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Sets (or with `None` removes) `name`'s PIN inside a write transaction.
/// The same hash as held keeps its `exposed` mark; a new one is clean.
pub(crate) fn put_pin_in(
    txn: &WriteTransaction,
    name: &str,
    hash: Option<&str>,
) -> Result<(), StoreError> {
    let mut t = txn.open_table(LOCAL_PINS)?;
    match hash {
        None => {
            t.remove(name)?;
        }
        Some(h) => {
            let held: Option<LocalPin> = match t.get(name)? {
                Some(v) => serde_json::from_slice(v.value()).ok(),
                None => None,
            };
            if held.as_ref().is_some_and(|p| p.hash == h) {
                return Ok(());
            }
            let v = encode(&LocalPin {
                hash: h.to_string(),
                exposed: false,
            })?;
            t.insert(name, v.as_slice())?;
        }
    }
    Ok(())
}

/// Copies into the local table, marked exposed, the PIN hash the log gave
/// each operator of `own` who has no local entry yet (an upgrade from a
/// juwu that wrote hashes into the log, or a restore from such a backup).
pub(crate) fn adopt_log_pins_in(
    txn: &WriteTransaction,
    own: &str,
    skip: &BTreeMap<String, LocalPin>,
) -> Result<usize, StoreError> {
    use super::tables::T;
    let ops = txn.open_table(T::Operators.def())?;
    let prefix = format!("{own}{}", super::tables::SEP);
    let mut found = vec![];
    for item in ops.range(prefix.as_str()..)? {
        let (k, v) = item?;
        let Some(name) = k.value().strip_prefix(prefix.as_str()).map(str::to_string) else {
            break;
        };
        if let Ok(op) = serde_json::from_slice::<crate::domain::Operator>(v.value())
            && let Some(h) = op.pin_hash
            && !skip.contains_key(&name)
        {
            found.push((name, h));
        }
    }
    drop(ops);
    let mut t = txn.open_table(LOCAL_PINS)?;
    for (name, hash) in &found {
        if t.get(name.as_str())?.is_none() {
            let v = encode(&LocalPin {
                hash: hash.clone(),
                exposed: true,
            })?;
            t.insert(name.as_str(), v.as_slice())?;
        }
    }
    Ok(found.len())
}

/// The local PIN table as a reader sees it; `None` when the file has none
/// (an older database opened read-only).
pub(crate) fn read_pins(
    txn: &redb::ReadTransaction,
) -> Result<Option<BTreeMap<String, LocalPin>>, StoreError> {
    let t = match txn.open_table(LOCAL_PINS) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut out = BTreeMap::new();
    for item in t.iter()? {
        let (k, v) = item?;
        out.insert(k.value().to_string(), decode(k.value(), v.value())?);
    }
    Ok(Some(out))
}

impl Store {
    /// Every operator's PIN held here (for a backup).
    pub fn local_pins(&self) -> Result<BTreeMap<String, LocalPin>, StoreError> {
        super::guard::guard(|| {
            let txn = self.db.begin_read()?;
            Ok(read_pins(&txn)?.unwrap_or_default())
        })
    }

    /// One operator's PIN held here.
    pub fn local_pin(&self, name: &str) -> Result<Option<LocalPin>, StoreError> {
        Ok(self.local_pins()?.remove(name))
    }

    /// Replaces the whole local PIN table (a restore from a backup that
    /// holds one).
    pub fn replace_local_pins(&self, pins: &BTreeMap<String, LocalPin>) -> Result<(), StoreError> {
        super::guard::guard(|| {
            let txn = self.db.begin_write()?;
            txn.delete_table(LOCAL_PINS)?;
            {
                let mut t = txn.open_table(LOCAL_PINS)?;
                for (name, p) in pins {
                    t.insert(name.as_str(), encode(p)?.as_slice())?;
                }
            }
            txn.commit()?;
            Ok(())
        })
    }

    /// Sets `name`'s PIN hash (a new PIN, not exposed), or removes it.
    pub fn set_local_pin(&self, name: &str, hash: Option<&str>) -> Result<(), StoreError> {
        super::guard::guard(|| {
            let txn = self.db.begin_write()?;
            put_pin_in(&txn, name, hash)?;
            txn.commit()?;
            Ok(())
        })
    }

    /// How `scope` ([`operator_scope`], [`KIOSK_SCOPE`]) is slowed down.
    pub fn throttle(&self, scope: &str) -> Result<Throttle, StoreError> {
        super::guard::guard(|| {
            let txn = self.db.begin_read()?;
            let t = match txn.open_table(LOCAL_THROTTLE) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Throttle::default()),
                Err(e) => return Err(e.into()),
            };
            Ok(match t.get(scope)? {
                Some(v) => serde_json::from_slice(v.value()).unwrap_or_default(),
                None => Throttle::default(),
            })
        })
    }

    /// Keeps how `scope` is slowed down (a default one is removed).
    pub fn put_throttle(&self, scope: &str, th: &Throttle) -> Result<(), StoreError> {
        super::guard::guard(|| {
            let txn = self.db.begin_write()?;
            {
                let mut t = txn.open_table(LOCAL_THROTTLE)?;
                if th == &Throttle::default() {
                    t.remove(scope)?;
                } else {
                    t.insert(scope, encode(th)?.as_slice())?;
                }
            }
            txn.commit()?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrong_pins_wait_longer_then_lock() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-20T01:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut th = Throttle::default();
        assert_eq!(th.failed(t0), None);
        assert_eq!(th.failed(t0), None);
        let w = th.failed(t0).unwrap();
        assert_eq!(w.until, t0 + Duration::seconds(5));
        assert!(!w.locked);
        assert!(th.check(t0 + Duration::seconds(4)).is_err());
        assert!(th.check(t0 + Duration::seconds(5)).is_ok());
        let w = th.failed(t0).unwrap();
        assert_eq!(w.until, t0 + Duration::seconds(10));
        for _ in 5..=LOCK_AFTER {
            th.failed(t0);
        }
        let w = th.check(t0).unwrap_err();
        assert!(w.locked);
        assert_eq!(w.until, t0 + Duration::seconds(LOCKOUT_SECS));
    }

    use super::*;

    #[test]
    fn a_pin_is_four_to_twelve_digits_and_says_so_in_both_languages() {
        for bad in ["123", "1234567890123", "12a4", ""] {
            assert_eq!(hash_pin(bad), Err(PinError::Malformed), "{bad:?}");
        }
        assert_eq!(PinError::Malformed.message(true), "PIN 为 4 到 12 位数字");
        assert_eq!(
            PinError::Malformed.message(false),
            "a PIN is 4 to 12 digits"
        );
    }
}
