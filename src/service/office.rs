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

/// Checks a PIN (4 to 12 digits) and hashes it with argon2id and a random
/// salt into a PHC string.
pub fn hash_pin(pin: &str) -> Result<String> {
    use argon2::password_hash::PasswordHasher;
    let p = pin.trim();
    if !(4..=12).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::BadPin);
    }
    argon2::Argon2::default()
        .hash_password(p.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::PinHash(e.to_string()))
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
        assert!(matches!(hash_pin("12"), Err(Error::BadPin)));
        assert!(matches!(hash_pin("12ab"), Err(Error::BadPin)));
    }
}
