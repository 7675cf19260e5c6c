//! The bundle steps both front ends take, once: export this office's log
//! to a file (only for an office this register knows), read bundle files,
//! and import them — verified as a whole, applied in one transaction, and
//! the database compacted after a large import. `juwu bundle` and the Sync
//! screen call these; they only word the outcome (`sync::describe`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Error, Result};
use crate::domain::{DomainError, OfficeCode};
use crate::store::Store;
use crate::store::sync::TrustEntry;
use crate::sync::keys::fingerprint;
use crate::sync::verify::Loaded;
use crate::sync::{self, ExportOptions, ExportSummary, ImportOutcome, SyncError};

/// An import adding at least this many events gives the freed pages back
/// to the file system afterwards (redb reuses freed pages but never shrinks
/// the file by itself: a street office's database would keep ~50 % slack).
pub const COMPACT_AFTER: u64 = 20_000;

/// Whether an import with this outcome compacts the database afterwards.
pub fn compacts(out: &ImportOutcome) -> bool {
    out.applied && !out.refused && out.events_added() >= COMPACT_AFTER
}

/// Writes this office's log (by `opts`) to the bundle file `out`. The
/// recipient must be an office this register knows (registered, or a
/// trusted peer), not this office: a typo would otherwise be kept as a
/// peer in the bundle status.
pub fn export(
    store: &Store,
    opts: &ExportOptions,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<ExportSummary> {
    if let Some(code) = &opts.to {
        let known =
            store.read()?.office(code)?.is_some() || store.trusted()?.contains_key(code.as_str());
        if !known || store.own_code() == Some(code) {
            return Err(DomainError::UnknownOffice(code.to_string()).into());
        }
    }
    let key = sync::load_own_key(store)?;
    Ok(sync::export_bundle(store, &key, opts, out, now)?)
}

/// Reads and structurally checks bundle files; the first that cannot be
/// read stops it.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<Loaded>> {
    files
        .iter()
        .map(|f| sync::load(f).map_err(Error::from))
        .collect()
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    pub outcome: ImportOutcome,
    /// The file size before and after, when the import was large enough to
    /// compact the database (`COMPACT_AFTER`).
    pub compacted: Option<(u64, u64)>,
}

/// Imports bundles already read: every one verified and the whole set
/// checked against this database before anything is applied (a refused
/// import records only its fork alerts), then all new events in one
/// transaction; after `COMPACT_AFTER` events or more, the database is
/// compacted.
pub fn import(
    store: &mut Store,
    bundles: Vec<Loaded>,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported> {
    import_skipping(store, bundles, &[], now, progress)
}

/// `import`, leaving out the logs of the offices in `skip` (the importing
/// office's choice, e.g. an office whose log forked). Every other log that
/// verifies applies; a log with a problem of its own is left out whole.
pub fn import_skipping(
    store: &mut Store,
    bundles: Vec<Loaded>,
    skip: &[OfficeCode],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported> {
    let skip = skip.iter().map(|c| c.to_string()).collect();
    let outcome = sync::import_skipping(store, bundles, &skip, now, progress)?;
    let compacted = if compacts(&outcome) {
        Some(store.compact()?)
    } else {
        None
    };
    Ok(Imported { outcome, compacted })
}

/// Trusts `key` (hex) as the key of `office`, after its fingerprint was
/// compared by phone. Not this office's own; an office already trusted
/// with another key keeps it (it must be removed first: a key rotation in
/// its log needs no new trust). Returns `false` when that very key was
/// already trusted.
pub fn trust(store: &Store, office: &OfficeCode, key: &str, now: DateTime<Utc>) -> Result<bool> {
    if store.own_code() == Some(office) {
        return Err(SyncError::TrustSelf(office.clone()).into());
    }
    let existing = store.trusted()?.remove(office.as_str());
    if let Some(e) = existing.filter(|e| e.removed_at.is_none()) {
        if e.key == key {
            return Ok(false);
        }
        return Err(SyncError::TrustedOtherKey {
            office: office.clone(),
            fingerprint: fingerprint(&e.key),
        }
        .into());
    }
    store.put_trust(&TrustEntry {
        office: office.to_string(),
        key: key.to_string(),
        since_seq: 0,
        added_at: now,
        how: crate::store::sync::TrustHow::ByHand,
        removed_at: None,
    })?;
    Ok(true)
}

/// This office as the writer of its own log (`domain::claims`).
fn own_office(store: &Store) -> Result<crate::domain::Office> {
    let own = store
        .own_code()
        .cloned()
        .ok_or(crate::store::StoreError::NoOffice)?;
    store
        .read()?
        .office(&own)?
        .ok_or_else(|| crate::store::StoreError::NoOffice.into())
}

/// Puts an office below this one on its roster (its own log): code, name,
/// level and, if known (compared by phone), its key. The roster travels by
/// bundle; offices that trust this one trust the keys on it.
pub fn roster_add(
    store: &Store,
    code: &OfficeCode,
    name: &str,
    level: crate::domain::Level,
    key: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let me = own_office(store)?;
    let office = crate::domain::Office {
        code: code.clone(),
        name: name.trim().to_string(),
        level,
        parent: Some(me.code.clone()),
        public_key: key,
    };
    let writer = crate::domain::claims::Writer {
        code: &me.code,
        level: Some(me.level),
        parent: me.parent.as_ref(),
    };
    if crate::domain::claims::registration(&writer, &office)
        != Ok(crate::domain::claims::Standing::Roster)
    {
        return Err(SyncError::NotBelow {
            office: code.clone(),
            level: level.as_str().to_string(),
        }
        .into());
    }
    store.execute(
        &crate::domain::Actor::System,
        &crate::domain::Command::RegisterOffice { office },
        now,
    )?;
    Ok(())
}

/// Records on this office's roster the new key of an office below it
/// (after comparing its fingerprint by phone: it lost its key). Offices
/// that trust this one follow it, with an alert; so does this one.
pub fn roster_rekey(store: &Store, code: &OfficeCode, key: &str, now: DateTime<Utc>) -> Result<()> {
    let me = own_office(store)?;
    let Some((office, _)) = store
        .read()?
        .roster(&me.code)?
        .into_iter()
        .find(|(o, _)| &o.code == code)
    else {
        return Err(SyncError::NotOnRoster(code.clone()).into());
    };
    roster_add(
        store,
        code,
        &office.name,
        office.level,
        Some(key.to_string()),
        now,
    )?;
    if let Some(r) = store.read()?.roster_keys()?.get(code.as_str()) {
        sync::follow_roster(store, code.as_str(), r, now)?;
    }
    Ok(())
}
