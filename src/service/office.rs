//! The office and its people: creating an office (database, key pair,
//! first events) and the PIN rule (hashing one, checking one), the same
//! for `juwu init`, `juwu demo`, `juwu operator`, sign-in and the kiosk.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::{Actor, Command, Level, Office};
use crate::store::Store;
use crate::sync::keys::{OfficeKey, key_path};

use super::error::{Error, Result};

/// Creates the office's database at `db`, a new key pair beside it, and
/// registers its parent office.
pub fn create(
    db: &Path,
    office: Office,
    parent_name: Option<String>,
    now: DateTime<Utc>,
) -> Result<(Store, OfficeKey)> {
    create_with_key(db, office, parent_name, now, OfficeKey::generate()?)
}

/// `create` with a given key (the sample offices' published keys).
pub fn create_with_key(
    db: &Path,
    office: Office,
    parent_name: Option<String>,
    now: DateTime<Utc>,
    key: OfficeKey,
) -> Result<(Store, OfficeKey)> {
    let kp = key_path(db);
    if db.exists() && std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) > 0 {
        // Opening tells apart "already a juwu office", "locked" and "not juwu".
        let s = Store::open(db)?;
        if let Some(c) = s.own_code() {
            return Err(Error::DbHoldsOffice {
                db: db.to_path_buf(),
                office: c.clone(),
            });
        }
    }
    if kp.exists() {
        return Err(Error::KeyFileExists(kp));
    }
    let mut store = Store::create(db)?;
    let mut office = office;
    office.public_key = Some(key.public_hex());
    key.save_new(&kp)?;
    store.init(office.clone(), now)?;
    if let Some(parent) = &office.parent {
        let level = match office.level {
            Level::Community | Level::Workstation => Level::Street,
            _ => Level::District,
        };
        let name = parent_name.unwrap_or_else(|| parent.to_string());
        store.execute(
            &Actor::System,
            &Command::RegisterOffice {
                office: Office {
                    code: parent.clone(),
                    name,
                    level,
                    parent: None,
                    public_key: None,
                },
            },
            now,
        )?;
    }
    Ok((store, key))
}

/// The PIN rule lives in `store::pin`, below every front end.
pub use crate::store::pin::{hash_pin, pin_matches};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_hashes_and_matches_only_itself() {
        let h = hash_pin(" 2468 ").unwrap();
        assert!(pin_matches("2468", &h));
        assert!(!pin_matches("2469", &h));
        assert!(!pin_matches("", &h));
        assert!(!pin_matches("2468", "not a hash"));
        assert!(hash_pin("12").is_err());
        assert!(hash_pin("12ab").is_err());
    }
}
