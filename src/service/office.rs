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
pub use crate::store::pin::{LocalPin, Throttle, Wait, hash_pin, pin_matches};

use crate::domain::Operator;
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::store::pin::{KIOSK_SCOPE, operator_scope};

/// What a PIN typed at sign-in or at the kiosk led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    /// The right PIN. `exposed`: its hash once travelled in the office log,
    /// so a new PIN must be chosen now.
    Right { exposed: bool },
    /// A wrong PIN, and the wait it brings before the next try.
    Wrong(Option<Wait>),
    /// Not even checked: the wait after earlier wrong PINs is not over.
    Refused(Wait),
}

/// One try against `throttle`: refused while it says wait, else `check`
/// decides (`Some(exposed)` for the right PIN) and the throttle learns.
fn attempt(
    throttle: &mut Throttle,
    now: DateTime<Utc>,
    check: impl FnOnce() -> Option<bool>,
) -> PinOutcome {
    if let Err(w) = throttle.check(now) {
        return PinOutcome::Refused(w);
    }
    match check() {
        Some(exposed) => {
            *throttle = Throttle::default();
            PinOutcome::Right { exposed }
        }
        None => PinOutcome::Wrong(throttle.failed(now)),
    }
}

/// Keeps a throttle; a read-only file cannot, and still checks PINs.
fn keep(store: &Store, scope: &str, t: &Throttle) -> Result<()> {
    match store.put_throttle(scope, t) {
        Ok(()) | Err(StoreError::ReadOnly(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Checks `pin` for operator `name` at sign-in, slowed down after wrong
/// PINs (kept in the database's local table, timed by `now`).
pub fn try_operator_pin(
    store: &Store,
    name: &str,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<PinOutcome> {
    let scope = operator_scope(name);
    let mut th = store.throttle(&scope)?;
    let held = store.read()?.pin(name)?;
    let out = attempt(&mut th, now, || {
        held.filter(|p| pin_matches(pin.trim(), &p.hash))
            .map(|p| p.exposed)
    });
    if !matches!(out, PinOutcome::Refused(_)) {
        keep(store, &scope, &th)?;
    }
    Ok(out)
}

/// Checks `pin` to leave the kiosk: any active operator's PIN, an exposed
/// one too (someone must always be able to leave). Slowed down as sign-in
/// is; kept in `store` when there is one, else in `mem`. The kiosk asks no
/// new PIN, so a right one is always `Right { exposed: false }`.
pub fn try_kiosk_pin(
    store: Option<&Store>,
    ops: &[Operator],
    mem: &mut Throttle,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<PinOutcome> {
    if let Some(s) = store {
        *mem = s.throttle(KIOSK_SCOPE)?;
    }
    let out = attempt(mem, now, || {
        ops.iter()
            .filter(|o| o.active)
            .any(|o| o.pin_hash.as_deref().is_some_and(|h| pin_matches(pin, h)))
            .then_some(false)
    });
    if let Some(s) = store
        && !matches!(out, PinOutcome::Refused(_))
    {
        keep(s, KIOSK_SCOPE, mem)?;
    }
    Ok(out)
}

/// Sets operator `name`'s PIN (kept in this office only, never in its
/// log), or removes it with an empty `pin`. Earlier wrong tries are
/// forgotten.
pub fn set_pin(store: &Store, name: &str, pin: &str) -> Result<()> {
    let op = store
        .read()?
        .operator(name.trim())?
        .ok_or_else(|| StoreError::UnknownOperator(name.to_string()))?;
    let hash = if pin.is_empty() {
        None
    } else {
        Some(hash_pin(pin)?)
    };
    store.set_local_pin(&op.name, hash.as_deref())?;
    keep(store, &operator_scope(&op.name), &Throttle::default())
}

/// What sign-in and the kiosk say about PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinNote {
    Wrong,
    /// Wait before the next try (a delay, or the lockout).
    Wait(Wait),
    /// The PIN was in the log of an older juwu: choose a new one.
    MustChange,
    /// The new PIN typed twice differs.
    Differ,
}

impl PinNote {
    /// The note for a try's outcome (`None` for the right PIN).
    pub fn of(o: PinOutcome) -> Option<PinNote> {
        match o {
            PinOutcome::Right { exposed: true } => Some(PinNote::MustChange),
            PinOutcome::Right { exposed: false } => None,
            PinOutcome::Wrong(None) => Some(PinNote::Wrong),
            PinOutcome::Wrong(Some(w)) | PinOutcome::Refused(w) => Some(PinNote::Wait(w)),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let at = |w: &Wait| {
            super::clock::local_of(w.until)
                .format("%H:%M:%S")
                .to_string()
        };
        match (self, lang.zh()) {
            (PinNote::Wrong, false) => "Wrong PIN".into(),
            (PinNote::Wrong, true) => "密码错误".into(),
            (PinNote::Wait(w), false) if w.locked => format!(
                "Too many wrong PINs: locked until {} (Beijing time)",
                at(w)
            ),
            (PinNote::Wait(w), true) if w.locked => {
                format!("密码错误次数过多：已锁定，{} 后再试（北京时间）", at(w))
            }
            (PinNote::Wait(w), false) => {
                format!("Wrong PIN: wait until {} to try again", at(w))
            }
            (PinNote::Wait(w), true) => format!("密码错误：请等到 {} 再试", at(w)),
            (PinNote::MustChange, false) => "Your PIN was stored in the office log by an older juwu and travelled in every bundle, where it can be guessed: choose a new PIN".into(),
            (PinNote::MustChange, true) => "旧版 juwu 把您的密码散列记入了本单位日志，随每个数据包传出，可被离线猜出：请设置新密码".into(),
            (PinNote::Differ, false) => "The two PINs differ".into(),
            (PinNote::Differ, true) => "两次输入的密码不一致".into(),
        }
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
        assert!(hash_pin("12").is_err());
        assert!(hash_pin("12ab").is_err());
    }
}
