//! Projections: how each event changes the registers as users read them.
//! One function serves incremental appends and full rebuilds. Events from
//! different offices' logs commute (each touches records of its own office,
//! or separate tables keyed by the acting office), so the state after a set
//! of logs does not depend on the order in which offices' logs arrived.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::claims;
use crate::domain::records::*;
use crate::domain::types::{OfficeCode, office_of_id};
use crate::domain::workflow::{IdKind, View};
use crate::domain::{DomainError, Envelope, EventBody, Form};

use super::StoreError;
use super::tables::{SEP, T, Tables};

pub fn get_json<X: Tables + ?Sized, R: DeserializeOwned>(
    t: &mut X,
    table: T,
    key: &str,
) -> Result<Option<R>, StoreError> {
    match t.get(table, key)? {
        Some(b) => Ok(Some(serde_json::from_slice(&b).map_err(|e| {
            StoreError::Corrupt(format!("{}/{key}: {e}", table.name()))
        })?)),
        None => Ok(None),
    }
}

pub fn put_json<X: Tables + ?Sized, R: Serialize>(
    t: &mut X,
    table: T,
    key: &str,
    r: &R,
) -> Result<(), StoreError> {
    let b = serde_json::to_vec(r).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    t.put(table, key, &b)
}

pub fn k2(a: &str, b: &str) -> String {
    format!("{a}{SEP}{b}")
}

/// An office record together with who said so: an office's own log is
/// authoritative; otherwise the registration from the smallest office code.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct OfficeEntry {
    pub office: Office,
    pub source: String,
    /// The key its parent's roster gives it (`domain::claims::Standing::
    /// Roster`), kept even when its own registration is the one shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterKey>,
}

/// A key an office's parent put on its roster: the parent and the key.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RosterKey {
    pub parent: String,
    pub key: String,
}

fn put_disclosure<X: Tables + ?Sized>(
    t: &mut X,
    old: Option<&Disclosure>,
    d: &Disclosure,
) -> Result<(), StoreError> {
    if let Some(o) = old {
        if o.status != d.status {
            t.del(T::XDisclosureStatus, &k2(o.status.as_str(), &o.id))?;
        }
        if o.fields.category != d.fields.category {
            t.del(
                T::XDisclosureCategory,
                &k2(o.fields.category.as_str(), &o.id),
            )?;
        }
    }
    let on_board = |x: &Disclosure| {
        x.status == Status::Published
            && x.publication
                .as_ref()
                .is_some_and(|p| p.forms.contains(&Form::Board))
    };
    if on_board(d) {
        if let Some(p) = &d.publication {
            t.put(T::XBoardPosted, &d.id, p.on.to_string().as_bytes())?;
        }
    } else if old.is_some_and(on_board) {
        t.del(T::XBoardPosted, &d.id)?;
    }
    t.put(T::XDisclosureStatus, &k2(d.status.as_str(), &d.id), b"")?;
    t.put(
        T::XDisclosureCategory,
        &k2(d.fields.category.as_str(), &d.id),
        b"",
    )?;
    t.put_disclosure(d)
}

fn bump_counter<X: Tables + ?Sized>(t: &mut X, id: &str) -> Result<(), StoreError> {
    if let Some((kind, year, n)) = IdKind::parse(id) {
        let key = format!("{}:{}:{}", office_of_id(id), kind.as_str(), year);
        let cur: u32 = get_json(t, T::Counters, &key)?.unwrap_or(0);
        if n > cur {
            put_json(t, T::Counters, &key, &n)?;
        }
    }
    Ok(())
}

/// Mutates a disclosure of the event's own office; events about other
/// offices' records are ignored (they cannot come from a valid log).
fn with_disclosure<X: Tables + ?Sized>(
    t: &mut X,
    env: &Envelope,
    id: &str,
    f: impl FnOnce(&mut Disclosure),
) -> Result<Option<Disclosure>, StoreError> {
    if office_of_id(id) != env.office.as_str() {
        return Ok(None);
    }
    let Some(old) = t.disclosure(id)? else {
        return Ok(None);
    };
    let mut d = old.clone();
    f(&mut d);
    put_disclosure(t, Some(&old), &d)?;
    Ok(Some(d))
}

fn with_opinion<X: Tables + ?Sized>(
    t: &mut X,
    env: &Envelope,
    id: &str,
    f: impl FnOnce(&mut Opinion),
) -> Result<(), StoreError> {
    if office_of_id(id) != env.office.as_str() {
        return Ok(());
    }
    if let Some(mut o) = t.opinion(id)? {
        f(&mut o);
        t.put_opinion(&o)?;
    }
    Ok(())
}

fn opinion_open_key(o: &Opinion) -> String {
    k2(
        &o.received_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        &o.id,
    )
}

/// Applies one event to the projections.
pub fn apply<X: Tables + ?Sized>(t: &mut X, env: &Envelope) -> Result<(), StoreError> {
    if claim_of(t, env)?.is_some() {
        // Kept in its log, never applied (see `domain::claims`).
        return Ok(());
    }
    let by = env.operator.clone();
    let at = env.recorded_at;
    let own = env.office.as_str();
    match &env.body {
        EventBody::OfficeCreated { office } => {
            if office.code.as_str() == own {
                let roster = get_json::<_, OfficeEntry>(t, T::Offices, own)?.and_then(|e| e.roster);
                put_json(
                    t,
                    T::Offices,
                    own,
                    &OfficeEntry {
                        office: office.clone(),
                        source: own.to_string(),
                        roster,
                    },
                )?;
            }
        }
        EventBody::OfficeRegistered { office } => {
            let code = office.code.as_str();
            // Its own word first, then its parent's roster, then a child's
            // hint; among equals, the same log's later word, else the
            // smallest code (so the order logs arrive in does not matter).
            let new = claims::standing_of(own, office);
            let held = get_json::<_, OfficeEntry>(t, T::Offices, code)?;
            let keep = match &held {
                None => true,
                Some(e) => {
                    let held = claims::standing_of(&e.source, &e.office);
                    new < held || (new == held && own <= e.source.as_str())
                }
            };
            let mut roster = held.as_ref().and_then(|e| e.roster.clone());
            if new == claims::Standing::Roster
                && let Some(key) = &office.public_key
            {
                roster = Some(RosterKey {
                    parent: own.to_string(),
                    key: key.clone(),
                });
            }
            if code != own {
                let entry = match (keep, held) {
                    (false, Some(mut e)) => {
                        e.roster = roster;
                        e
                    }
                    _ => OfficeEntry {
                        office: office.clone(),
                        source: own.to_string(),
                        roster,
                    },
                };
                put_json(t, T::Offices, code, &entry)?;
            }
        }
        EventBody::KeyRotated { public_key, .. } => {
            if let Some(mut e) = get_json::<_, OfficeEntry>(t, T::Offices, own)? {
                e.office.public_key = Some(public_key.clone());
                put_json(t, T::Offices, own, &e)?;
            }
        }
        EventBody::SettingsChanged { settings } => {
            let mut s: Settings = get_json(t, T::Settings, own)?.unwrap_or_default();
            s.replace(settings, &by, at, crate::domain::rules::civil_today(at));
            put_json(t, T::Settings, own, &s)?
        }
        EventBody::SettingChanged { key, value, from } => {
            // A value this build cannot read (a newer build's) changes nothing.
            if let Ok(v) = key.parse_value(value) {
                let mut s: Settings = get_json(t, T::Settings, own)?.unwrap_or_default();
                s.record(*key, &v, &by, at, *from);
                put_json(t, T::Settings, own, &s)?
            }
        }
        EventBody::OperatorAdded { operator } | EventBody::OperatorChanged { operator } => {
            put_json(t, T::Operators, &k2(own, &operator.name), operator)?
        }

        EventBody::DisclosureDrafted {
            id,
            fields,
            basis,
            request,
            supersedes,
            correction_note,
        } => {
            if office_of_id(id) != own || t.get(T::Disclosures, id)?.is_some() {
                return Ok(());
            }
            let d = Disclosure {
                id: id.clone(),
                office: env.office.clone(),
                fields: fields.clone(),
                basis: *basis,
                request: request.clone(),
                supersedes: supersedes.clone(),
                correction_note: correction_note.clone(),
                superseded_by: None,
                status: Status::Draft,
                drafted_by: by,
                drafted_at: at,
                revision: 1,
                signatures: vec![],
                submission: None,
                reviews: vec![],
                publication: None,
                archived_on: None,
                imported: None,
            };
            bump_counter(t, id)?;
            put_disclosure(t, None, &d)?;
        }
        EventBody::DisclosureRevised { id, fields } => {
            with_disclosure(t, env, id, |d| {
                d.fields = fields.clone();
                d.revision += 1;
                // A change to the draft clears the signatures.
                d.signatures.clear();
                d.status = Status::Draft;
            })?;
        }
        EventBody::DisclosureSigned { id, role } => {
            with_disclosure(t, env, id, |d| {
                if !d.signed_by(*role) {
                    d.signatures.push(Signature {
                        role: *role,
                        by,
                        at,
                    });
                }
                if d.fully_signed() {
                    d.status = Status::Signed;
                }
            })?;
        }
        EventBody::DisclosureSubmitted { id, on, planned_on } => {
            with_disclosure(t, env, id, |d| {
                d.submission = Some(Submission {
                    on: *on,
                    by,
                    planned_on: *planned_on,
                });
                d.status = Status::InReview;
            })?;
        }
        EventBody::DisclosureApproved { id, note } => {
            with_disclosure(t, env, id, |d| {
                d.reviews.push(Review {
                    approved: true,
                    by,
                    at,
                    note: note.clone(),
                });
                d.status = Status::Approved;
            })?;
        }
        EventBody::DisclosureReturned { id, amendments } => {
            with_disclosure(t, env, id, |d| {
                d.reviews.push(Review {
                    approved: false,
                    by,
                    at,
                    note: amendments.clone(),
                });
                d.status = Status::Returned;
                d.signatures.clear();
            })?;
        }
        EventBody::DisclosurePublished {
            id,
            on,
            forms,
            seal,
        } => {
            let d = with_disclosure(t, env, id, |d| {
                d.publication = Some(Publication {
                    on: *on,
                    by,
                    forms: forms.clone(),
                    seal: seal.clone(),
                });
                d.status = Status::Published;
            })?;
            if let Some(d) = d {
                if let Some(old) = &d.supersedes {
                    let new_id = d.id.clone();
                    with_disclosure(t, env, old, |o| {
                        o.superseded_by = Some(new_id);
                        if o.status == Status::Published {
                            o.status = Status::Superseded;
                        }
                    })?;
                }
                if let Some(s) = &d.fields.statement {
                    lock_statement(t, s, &d.id)?;
                }
            }
        }
        EventBody::DisclosureArchived { id, on } => {
            with_disclosure(t, env, id, |d| {
                d.archived_on = Some(*on);
                d.status = Status::Archived;
            })?;
        }
        EventBody::DisclosureImported {
            id,
            fields,
            basis,
            status,
            published_on,
            forms,
            seal,
            archived_on,
            signers,
            approved_by,
            correction_note,
            source_ref,
            supersedes,
        } => {
            if office_of_id(id) != own || t.get(T::Disclosures, id)?.is_some() {
                return Ok(());
            }
            let d = Disclosure {
                id: id.clone(),
                office: env.office.clone(),
                fields: fields.clone(),
                basis: *basis,
                request: None,
                supersedes: supersedes.clone(),
                correction_note: correction_note.clone(),
                superseded_by: None,
                status: *status,
                drafted_by: by.clone(),
                drafted_at: at,
                revision: 1,
                signatures: signers
                    .iter()
                    .map(|s| Signature {
                        role: s.role,
                        by: s.name.clone(),
                        at,
                    })
                    .collect(),
                submission: None,
                reviews: approved_by
                    .iter()
                    .map(|a| Review {
                        approved: true,
                        by: a.clone(),
                        at,
                        note: String::new(),
                    })
                    .collect(),
                publication: published_on.map(|on| Publication {
                    on,
                    by: by.clone(),
                    forms: forms.clone(),
                    seal: seal.clone(),
                }),
                archived_on: *archived_on,
                imported: Some(Imported {
                    source_ref: source_ref.clone(),
                    by,
                    at,
                }),
            };
            bump_counter(t, id)?;
            put_disclosure(t, None, &d)?;
            if let Some(s) = &d.fields.statement {
                lock_statement(t, s, &d.id)?;
            }
            if let Some(old) = supersedes {
                let new_id = d.id.clone();
                with_disclosure(t, env, old, |o| {
                    o.superseded_by = Some(new_id);
                    if o.status == Status::Published {
                        o.status = Status::Superseded;
                    }
                })?;
            }
        }

        EventBody::BoxOpened { opening } => {
            if office_of_id(&opening.id) == own {
                bump_counter(t, &opening.id)?;
                put_json(t, T::Boxes, &opening.id, opening)?;
            }
        }
        EventBody::OpinionReceived { opinion } => {
            if office_of_id(&opinion.id) != own || t.get(T::Opinions, &opinion.id)?.is_some() {
                return Ok(());
            }
            bump_counter(t, &opinion.id)?;
            t.put_opinion(opinion)?;
            if t.keys_with_prefix(T::XRepliesByOpinion, &k2(&opinion.id, ""))?
                .is_empty()
            {
                t.put(T::XOpinionsOpen, &opinion_open_key(opinion), b"")?;
            }
            if let Some(b) = &opinion.box_opening {
                t.put(T::XOpinionsByBox, &k2(b, &opinion.id), b"")?;
            }
        }
        EventBody::OpinionRerouted { id, to } => with_opinion(t, env, id, |o| o.routed_to = *to)?,
        EventBody::OpinionPaused { id, on, reason } => with_opinion(t, env, id, |o| {
            o.pauses.push(Pause {
                from: *on,
                to: None,
                reason: reason.clone(),
            })
        })?,
        EventBody::OpinionResumed { id, on } => with_opinion(t, env, id, |o| {
            if let Some(p) = o.pauses.last_mut() {
                p.to = Some(*on);
            }
        })?,
        EventBody::ComplaintVerified {
            id,
            holds,
            on,
            note,
        } => with_opinion(t, env, id, |o| {
            o.verification = Some(Verification {
                holds: *holds,
                by,
                on: *on,
                note: note.clone(),
            })
        })?,
        EventBody::ReplyRecorded { reply } => {
            if office_of_id(&reply.id) != own {
                return Ok(());
            }
            bump_counter(t, &reply.id)?;
            put_json(t, T::Replies, &reply.id, reply)?;
            t.put(T::XRepliesByOpinion, &k2(&reply.opinion, &reply.id), b"")?;
            if let Some(o) = t.opinion(&reply.opinion)? {
                t.del(T::XOpinionsOpen, &opinion_open_key(&o))?;
            }
        }

        EventBody::StatementDrafted { statement } => {
            if office_of_id(&statement.id) != own {
                return Ok(());
            }
            bump_counter(t, &statement.id)?;
            put_json(t, T::Statements, &statement.id, statement)?;
            // A correction of a published statement supersedes it only when
            // it is published in turn (`lock_statement`): a draft changes
            // nothing published. One of a statement never published (e.g.
            // imported registers) supersedes it at once.
            if let Some(old) = &statement.supersedes
                && office_of_id(old) == own
                && t.get(T::XStatementLocked, old)?.is_none()
                && let Some(mut s) = get_json::<_, Statement>(t, T::Statements, old)?
            {
                s.superseded_by = Some(statement.id.clone());
                put_json(t, T::Statements, old, &s)?;
            }
        }
        EventBody::StatementRevised {
            id,
            lines,
            opening_balance,
        } => {
            if office_of_id(id) == own
                && let Some(mut s) = get_json::<_, Statement>(t, T::Statements, id)?
            {
                s.lines = lines.clone();
                s.opening_balance = *opening_balance;
                s.revision += 1;
                put_json(t, T::Statements, id, &s)?;
            }
        }

        EventBody::CheckRecorded { check } => {
            if office_of_id(&check.id) == own {
                bump_counter(t, &check.id)?;
                if let Some(old) = get_json::<_, Check>(t, T::Checks, &check.id)? {
                    t.del(T::XChecksByTarget, &k2(old.target.as_str(), &old.id))?;
                }
                put_json(t, T::Checks, &check.id, check)?;
                t.put(
                    T::XChecksByTarget,
                    &k2(check.target.as_str(), &check.id),
                    b"",
                )?;
            }
        }
        EventBody::FindingResolved { resolution } => {
            let key = format!("{}#{}", resolution.check, resolution.finding);
            // First resolution wins, whichever office's log brought it.
            let keep = match get_json::<_, Resolution>(t, T::Resolutions, &key)? {
                None => true,
                Some(r) => (resolution.on, resolution.office.as_str()) < (r.on, r.office.as_str()),
            };
            if keep {
                put_json(t, T::Resolutions, &key, resolution)?;
            }
        }
    }
    Ok(())
}

/// Whether `env` speaks beyond its own office (`domain::claims`), judged
/// with the registers as they stand: the writer from its own registration,
/// other offices' parents as known here.
pub fn claim_of<X: Tables + ?Sized>(
    t: &mut X,
    env: &Envelope,
) -> Result<Option<claims::Claim>, StoreError> {
    let entry = get_json::<_, OfficeEntry>(t, T::Offices, env.office.as_str())?;
    let me = entry.filter(|e| e.source == env.office.as_str());
    let writer = claims::Writer {
        code: &env.office,
        level: me.as_ref().map(|e| e.office.level),
        parent: me.as_ref().and_then(|e| e.office.parent.as_ref()),
    };
    let cell = std::cell::RefCell::new(t);
    let parent_of = |code: &str| {
        get_json::<_, OfficeEntry>(&mut **cell.borrow_mut(), T::Offices, code)
            .ok()
            .flatten()
            .map(|e| e.office.parent)
    };
    Ok(claims::may_claim(&writer, &env.body, &parent_of).err())
}

/// The rules' view of the projections inside a transaction.
pub struct TablesView<'a, X: Tables> {
    pub t: std::cell::RefCell<&'a mut X>,
    pub own: Option<OfficeCode>,
}

fn de(e: StoreError) -> DomainError {
    DomainError::Storage {
        en: format!("storage: {e}"),
        zh: format!("存储：{}", e.message(true)),
    }
}

impl<X: Tables> TablesView<'_, X> {
    fn json<R: DeserializeOwned>(&self, table: T, key: &str) -> Result<Option<R>, DomainError> {
        get_json(&mut **self.t.borrow_mut(), table, key).map_err(de)
    }
    fn count_prefix(&self, table: T, prefix: &str) -> Result<usize, DomainError> {
        Ok(self
            .t
            .borrow_mut()
            .keys_with_prefix(table, prefix)
            .map_err(de)?
            .len())
    }
}

impl<X: Tables> View for TablesView<'_, X> {
    fn own_office(&self) -> Result<Option<Office>, DomainError> {
        match &self.own {
            Some(c) => self.office(c),
            None => Ok(None),
        }
    }
    fn office(&self, code: &OfficeCode) -> Result<Option<Office>, DomainError> {
        Ok(self
            .json::<OfficeEntry>(T::Offices, code.as_str())?
            .map(|e| e.office))
    }
    fn settings(&self) -> Result<Settings, DomainError> {
        match &self.own {
            Some(c) => Ok(self.json(T::Settings, c.as_str())?.unwrap_or_default()),
            None => Ok(Settings::default()),
        }
    }
    fn operator(&self, name: &str) -> Result<Option<Operator>, DomainError> {
        match &self.own {
            Some(c) => self.json(T::Operators, &k2(c.as_str(), name)),
            None => Ok(None),
        }
    }
    fn disclosure(&self, id: &str) -> Result<Option<Disclosure>, DomainError> {
        self.t.borrow_mut().disclosure(id).map_err(de)
    }
    fn opinion(&self, id: &str) -> Result<Option<Opinion>, DomainError> {
        self.t.borrow_mut().opinion(id).map_err(de)
    }
    fn reply_count(&self, opinion: &str) -> Result<usize, DomainError> {
        self.count_prefix(T::XRepliesByOpinion, &k2(opinion, ""))
    }
    fn box_opening(&self, id: &str) -> Result<Option<BoxOpening>, DomainError> {
        self.json(T::Boxes, id)
    }
    fn box_logged(&self, id: &str) -> Result<u32, DomainError> {
        Ok(self.count_prefix(T::XOpinionsByBox, &k2(id, ""))? as u32)
    }
    fn statement(&self, id: &str) -> Result<Option<Statement>, DomainError> {
        self.json(T::Statements, id)
    }
    fn statement_locked(&self, id: &str) -> Result<bool, DomainError> {
        Ok(self
            .t
            .borrow_mut()
            .get(T::XStatementLocked, id)
            .map_err(de)?
            .is_some())
    }
    fn check(&self, id: &str) -> Result<Option<Check>, DomainError> {
        self.json(T::Checks, id)
    }
    fn resolution(&self, check: &str, finding: u32) -> Result<Option<Resolution>, DomainError> {
        self.json(T::Resolutions, &format!("{check}#{finding}"))
    }
    fn next_number(&self, kind: IdKind, year: i32) -> Result<u32, DomainError> {
        let Some(c) = &self.own else { return Ok(1) };
        let cur: u32 = self
            .json(T::Counters, &format!("{}:{}:{}", c, kind.as_str(), year))?
            .unwrap_or(0);
        Ok(cur + 1)
    }
}

/// A statement is published through the finance item `by`: it is locked,
/// the statement it corrects (if any) is now superseded, and its balance
/// carried forward is frozen as it stands, so its published figures never
/// change afterwards.
fn lock_statement<X: Tables + ?Sized>(t: &mut X, sid: &str, by: &str) -> Result<(), StoreError> {
    t.put(T::XStatementLocked, sid, by.as_bytes())?;
    let Some(mut s) = get_json::<_, Statement>(t, T::Statements, sid)? else {
        return Ok(());
    };
    if let Some(old) = &s.supersedes
        && let Some(mut o) = get_json::<_, Statement>(t, T::Statements, old)?
        && o.superseded_by.is_none()
    {
        o.superseded_by = Some(s.id.clone());
        put_json(t, T::Statements, old, &o)?;
    }
    if s.frozen_carried.is_none() {
        let prefix = format!("{}-{}", s.office, IdKind::Statement.prefix());
        let mut all = vec![];
        for k in t.keys_with_prefix(T::Statements, &prefix)? {
            if let Some(x) = get_json::<_, Statement>(t, T::Statements, &k)? {
                all.push(x);
            }
        }
        if let Some(v) = statement_views(all)
            .into_iter()
            .find(|v| v.statement.id == s.id)
        {
            s.frozen_carried = Some(v.totals.carried_forward);
            put_json(t, T::Statements, sid, &s)?;
        }
    }
    Ok(())
}
