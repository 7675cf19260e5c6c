//! The bundle status of this database, as data: this office's own log,
//! every other office known here (registered, a peer, trusted, or with a
//! log held here) with what it sent, received and acknowledged and its
//! key, and the fork alerts. `juwu bundle status` and the Sync screen read
//! it; `describe` words it.

use std::collections::{BTreeMap, BTreeSet};

use super::describe::OfficeSync;
use crate::domain::OfficeCode;
use crate::store::sync::{Alert, ClaimAlert, Peer, TrustEntry};
use crate::store::{Store, StoreError};

/// One other office as a sync partner.
#[derive(Debug, Clone)]
pub struct Partner {
    pub code: String,
    /// Its name, when it is registered here.
    pub name: Option<String>,
    /// The last event of its log held here, and of its signed head.
    pub held: Option<u64>,
    pub signed_head: Option<u64>,
    pub peer: Peer,
    pub trust: Option<TrustEntry>,
    /// Fork alerts about its log.
    pub alerts: usize,
}

impl Partner {
    /// What `describe::office_status` words, for this office against the
    /// own office `own` whose log ends at `own_head`.
    pub fn view<'a>(&'a self, own: &'a str, own_head: u64) -> OfficeSync<'a> {
        OfficeSync {
            held: self.held,
            signed_head: self.signed_head,
            peer: &self.peer,
            trust: self.trust.as_ref(),
            own,
            own_head,
        }
    }
}

/// The bundle status of a database.
#[derive(Debug, Clone, Default)]
pub struct SyncStatus {
    pub own: Option<OfficeCode>,
    /// The last event of this office's own log.
    pub own_head: u64,
    /// Every other office known here, by code.
    pub partners: Vec<Partner>,
    pub alerts: Vec<Alert>,
    /// Events found speaking for another office when they were imported
    /// (kept, not applied; `juwu verify` finds them all from the logs).
    pub claims: Vec<ClaimAlert>,
}

/// Reads the bundle status of `store`.
pub fn status(store: &Store) -> Result<SyncStatus, StoreError> {
    let r = store.read()?;
    let own = store.own_code().cloned();
    let heads = r.heads()?;
    let own_head = own
        .as_ref()
        .and_then(|o| heads.get(o.as_str()))
        .map(|h| h.seq)
        .unwrap_or(0);
    let peers = store.peers()?;
    let trust = store.trusted()?;
    let cps = store.checkpoints()?;
    let alerts = store.alerts()?;
    let names: BTreeMap<String, String> = r
        .offices()?
        .into_iter()
        .map(|o| (o.code.to_string(), o.name))
        .collect();
    let mut codes: BTreeSet<String> = names.keys().cloned().collect();
    codes.extend(peers.keys().cloned());
    codes.extend(trust.keys().cloned());
    codes.extend(heads.keys().cloned());
    if let Some(o) = &own {
        codes.remove(o.as_str());
    }
    let partners = codes
        .into_iter()
        .map(|code| Partner {
            name: names.get(&code).cloned(),
            held: heads.get(&code).map(|h| h.seq),
            signed_head: cps.get(&code).map(|c| c.seq),
            peer: peers.get(&code).cloned().unwrap_or_default(),
            trust: trust.get(&code).cloned(),
            alerts: alerts.iter().filter(|a| a.office == code).count(),
            code,
        })
        .collect();
    Ok(SyncStatus {
        own,
        own_head,
        partners,
        alerts,
        claims: store.recorded_claims()?,
    })
}
