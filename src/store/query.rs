//! Reading the registers: a snapshot (`Reader`) over one read transaction.
//! Lists can be read a page at a time, so screens read only the rows they show.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata};
use serde::de::DeserializeOwned;

use crate::domain::records::*;
use crate::domain::{Calendar, Envelope, OfficeCode};

use super::project::{OfficeEntry, k2};
use super::tables::{EVENTS, HEADS, SEP, T};
use super::{Head, StoreError, StoredEvent, codec};

pub struct Reader {
    txn: std::cell::RefCell<ReadTransaction>,
    /// The database, when a register entry that does not read may be
    /// repaired by rebuilding the registers from the logs (once).
    repair: std::cell::RefCell<Option<std::sync::Arc<super::Db>>>,
    own: Option<OfficeCode>,
    /// Projection tables opened by `get`, kept for the next lookup (a
    /// screen reads hundreds of records; opening the table each time was a
    /// tenth of a first frame).
    open: std::cell::RefCell<
        Vec<Option<redb::ReadOnlyTable<&'static str, super::codec::RecordBytes>>>,
    >,
    /// Records decoded from the projection tables by this reader
    /// ([`Reader::records_read`]).
    read: std::cell::Cell<u64>,
}

fn decode<R: DeserializeOwned>(table: T, key: &str, b: &[u8]) -> Result<R, StoreError> {
    serde_json::from_slice(b).map_err(|_| StoreError::ProjectionUnreadable {
        table: table.name().to_string(),
        key: super::printable(key),
    })
}

/// An opinion with what is computed at read time.
#[derive(Debug, Clone)]
pub struct OpinionState {
    pub opinion: Opinion,
    pub status: OpinionStatus,
    pub due_on: NaiveDate,
    pub first_reply: Option<NaiveDate>,
    /// Working days late (positive) or left (negative), on the reply date
    /// if answered, else today.
    pub days_late: i64,
}

impl Reader {
    pub(crate) fn new(txn: ReadTransaction, own: Option<OfficeCode>) -> Reader {
        Reader {
            txn: std::cell::RefCell::new(txn),
            repair: std::cell::RefCell::new(None),
            own,
            open: std::cell::RefCell::new((0..T::ALL.len()).map(|_| None).collect()),
            read: std::cell::Cell::new(0),
        }
    }

    /// How many records this reader has decoded from the projection
    /// tables so far: what a report costs, whatever the shape of the
    /// database (the reports read each office's records once).
    pub fn records_read(&self) -> u64 {
        self.read.get()
    }

    fn decode<R: DeserializeOwned>(&self, t: T, key: &str, b: &[u8]) -> Result<R, StoreError> {
        self.read.set(self.read.get() + 1);
        decode(t, key, b)
    }

    pub fn own_code(&self) -> Option<&OfficeCode> {
        self.own.as_ref()
    }

    /// Lets this reader rebuild the registers from the logs when an entry
    /// does not read (see [`Reader::repairing`]).
    pub(crate) fn repairing_with(self, db: std::sync::Arc<super::Db>) -> Reader {
        *self.repair.borrow_mut() = Some(db);
        self
    }

    /// Runs `f`; when it meets a register entry that does not read, the
    /// registers are rebuilt from the logs (when the chains hold), the
    /// reader moves to the repaired snapshot, `f` runs again, and a note
    /// says so ([`super::take_notes`]). Once per reader.
    fn repairing<X>(&self, f: impl Fn() -> Result<X, StoreError>) -> Result<X, StoreError> {
        match f() {
            Err(StoreError::ProjectionUnreadable { table, key }) => {
                let db = self.repair.borrow_mut().take();
                let fixed = db.and_then(|db| {
                    let report = db.try_rebuild().ok().filter(|r| r.rebuilt)?;
                    let fresh = db.begin_read().ok()?;
                    let mut txn = self.txn.try_borrow_mut().ok()?;
                    let mut open = self.open.try_borrow_mut().ok()?;
                    *txn = fresh;
                    open.iter_mut().for_each(|t| *t = None);
                    Some(report.projection_errors.len())
                });
                match fixed {
                    Some(repaired) => {
                        super::note(super::StoreNote::ProjectionsRebuilt {
                            table,
                            key,
                            repaired,
                        });
                        f()
                    }
                    None => Err(StoreError::ProjectionUnreadable { table, key }),
                }
            }
            r => r,
        }
    }

    fn get<R: DeserializeOwned>(&self, t: T, key: &str) -> Result<Option<R>, StoreError> {
        self.repairing(|| self.get_once(t, key))
    }

    fn get_once<R: DeserializeOwned>(&self, t: T, key: &str) -> Result<Option<R>, StoreError> {
        super::guard::guard(|| {
            let mut open = self.open.borrow_mut();
            let slot = &mut open[t as usize];
            if slot.is_none() {
                match self.txn.borrow().open_table(t.def()) {
                    Ok(table) => *slot = Some(table),
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(e.into()),
                }
            }
            let Some(table) = slot.as_ref() else {
                return Ok(None);
            };
            match table.get(key)? {
                Some(v) => Ok(Some(self.decode(t, key, v.value())?)),
                None => Ok(None),
            }
        })
    }

    /// Values of `t` in key order, skipping `offset`, at most `limit`.
    pub fn scan<R: DeserializeOwned>(
        &self,
        t: T,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<R>, StoreError> {
        self.repairing(|| self.scan_once(t, offset, limit))
    }

    fn scan_once<R: DeserializeOwned>(
        &self,
        t: T,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<R>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(t.def())?;
            let mut out = vec![];
            for item in table.iter()?.skip(offset).take(limit) {
                let (k, v) = item?;
                out.push(self.decode(t, k.value(), v.value())?);
            }
            Ok(out)
        })
    }

    /// Values of `t` in reverse key order (newest ids first), a page at a time.
    pub fn scan_rev<R: DeserializeOwned>(
        &self,
        t: T,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<R>, StoreError> {
        self.repairing(|| self.scan_rev_once(t, offset, limit))
    }

    fn scan_rev_once<R: DeserializeOwned>(
        &self,
        t: T,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<R>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(t.def())?;
            let mut out = vec![];
            for item in table.iter()?.rev().skip(offset).take(limit) {
                let (k, v) = item?;
                out.push(self.decode(t, k.value(), v.value())?);
            }
            Ok(out)
        })
    }

    /// Values of `t` whose keys start with `prefix`, in key order: a range
    /// scan, nothing else read.
    pub fn scan_prefix<R: DeserializeOwned>(
        &self,
        t: T,
        prefix: &str,
    ) -> Result<Vec<R>, StoreError> {
        self.repairing(|| self.scan_prefix_once(t, prefix))
    }

    fn scan_prefix_once<R: DeserializeOwned>(
        &self,
        t: T,
        prefix: &str,
    ) -> Result<Vec<R>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(t.def())?;
            let mut out = vec![];
            for item in table.range(prefix..)? {
                let (k, v) = item?;
                if !k.value().starts_with(prefix) {
                    break;
                }
                out.push(self.decode(t, k.value(), v.value())?);
            }
            Ok(out)
        })
    }

    pub fn all<R: DeserializeOwned>(&self, t: T) -> Result<Vec<R>, StoreError> {
        self.scan(t, 0, usize::MAX)
    }

    fn has_table(&self, t: T) -> Result<bool, StoreError> {
        super::guard::guard(|| match self.txn.borrow().open_table(t.def()) {
            Ok(_) => Ok(true),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(false),
            Err(e) => Err(e.into()),
        })
    }

    pub fn count(&self, t: T) -> Result<u64, StoreError> {
        super::guard::guard(|| Ok(self.txn.borrow().open_table(t.def())?.len()?))
    }

    /// Keys of an index table that start with `prefix`, without the prefix.
    pub fn index(&self, t: T, prefix: &str) -> Result<Vec<String>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(t.def())?;
            let mut out = vec![];
            for item in table.range(prefix..)? {
                let (k, _) = item?;
                let k = k.value();
                if !k.starts_with(prefix) {
                    break;
                }
                out.push(k[prefix.len()..].to_string());
            }
            Ok(out)
        })
    }

    pub fn own_office(&self) -> Result<Option<Office>, StoreError> {
        match &self.own {
            Some(c) => self.office(c),
            None => Ok(None),
        }
    }

    pub fn office(&self, code: &OfficeCode) -> Result<Option<Office>, StoreError> {
        Ok(self
            .get::<OfficeEntry>(T::Offices, code.as_str())?
            .map(|e| e.office))
    }

    pub fn offices(&self) -> Result<Vec<Office>, StoreError> {
        Ok(self
            .all::<OfficeEntry>(T::Offices)?
            .into_iter()
            .map(|e| e.office)
            .collect())
    }

    /// The roster of `parent`: the offices below it (each as the registers
    /// know it), with the key `parent`'s own roster gives it, if any.
    pub fn roster(&self, parent: &OfficeCode) -> Result<Vec<(Office, Option<String>)>, StoreError> {
        Ok(self
            .all::<OfficeEntry>(T::Offices)?
            .into_iter()
            .filter(|e| e.office.parent.as_ref() == Some(parent))
            .map(|e| {
                let key = e
                    .roster
                    .filter(|r| r.parent == parent.as_str())
                    .map(|r| r.key);
                (e.office, key)
            })
            .collect())
    }

    /// Every key a parent put on its roster, by office.
    pub fn roster_keys(&self) -> Result<BTreeMap<String, super::project::RosterKey>, StoreError> {
        Ok(self
            .all::<OfficeEntry>(T::Offices)?
            .into_iter()
            .filter_map(|e| Some((e.office.code.to_string(), e.roster?)))
            .collect())
    }

    pub fn settings(&self, office: &OfficeCode) -> Result<Settings, StoreError> {
        Ok(self.get(T::Settings, office.as_str())?.unwrap_or_default())
    }

    /// Settings of the office that owns record `id`.
    pub fn settings_for_id(&self, id: &str) -> Result<Settings, StoreError> {
        let code = crate::domain::types::office_of_id(id);
        Ok(self.get(T::Settings, code)?.unwrap_or_default())
    }

    pub fn operator(&self, name: &str) -> Result<Option<Operator>, StoreError> {
        let op: Option<Operator> = match &self.own {
            Some(c) => self.get(T::Operators, &k2(c.as_str(), name))?,
            None => None,
        };
        let Some(mut op) = op else {
            return Ok(None);
        };
        if let Some(pins) = self.local_pins()? {
            op.pin_hash = pins.get(&op.name).map(|p| p.hash.clone());
        }
        Ok(Some(op))
    }

    /// This office's local PIN table (`None` in an older file opened
    /// read-only, whose PINs are still the log's).
    fn local_pins(
        &self,
    ) -> Result<Option<std::collections::BTreeMap<String, super::pin::LocalPin>>, StoreError> {
        super::guard::guard(|| super::pin::read_pins(&self.txn.borrow()))
    }

    /// `name`'s PIN as kept here: its hash (the operator record's
    /// `pin_hash` is this one) and whether it was exposed in the log.
    pub fn pin(&self, name: &str) -> Result<Option<super::pin::LocalPin>, StoreError> {
        Ok(self.local_pins()?.and_then(|mut m| m.remove(name)))
    }

    /// Operators of this database's own office.
    pub fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        let Some(c) = &self.own else {
            return Ok(vec![]);
        };
        let prefix = k2(c.as_str(), "");
        let pins = self.local_pins()?;
        let mut out = vec![];
        for name in self.index(T::Operators, &prefix)? {
            if let Some(mut o) = self.get::<Operator>(T::Operators, &k2(c.as_str(), &name))? {
                if let Some(pins) = &pins {
                    o.pin_hash = pins.get(&o.name).map(|p| p.hash.clone());
                }
                out.push(o);
            }
        }
        Ok(out)
    }

    pub fn disclosure(&self, id: &str) -> Result<Option<Disclosure>, StoreError> {
        self.get(T::Disclosures, id)
    }

    pub fn disclosures(&self) -> Result<Vec<Disclosure>, StoreError> {
        self.all(T::Disclosures)
    }

    /// The items of one office, in id order: a range scan of the ids that
    /// begin with its code (a record's id begins with the code of the
    /// office whose log made it), not of every office's items.
    pub fn disclosures_of(&self, office: &OfficeCode) -> Result<Vec<Disclosure>, StoreError> {
        let mut out: Vec<Disclosure> = self.scan_prefix(T::Disclosures, &id_prefix(office))?;
        out.retain(|d| &d.office == office);
        Ok(out)
    }

    pub fn disclosures_with_status(&self, s: Status) -> Result<Vec<Disclosure>, StoreError> {
        let mut out = vec![];
        for id in self.index(T::XDisclosureStatus, &format!("{}{SEP}", s.as_str()))? {
            if let Some(d) = self.disclosure(&id)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The newest `limit` items of `office` in state `s`, in id order.
    pub fn disclosures_with_status_newest(
        &self,
        s: Status,
        office: &OfficeCode,
        limit: usize,
    ) -> Result<Vec<Disclosure>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(T::XDisclosureStatus.def())?;
            let from = format!("{}{SEP}{office}-", s.as_str());
            let to = format!("{}{SEP}{office}.", s.as_str());
            let skip = format!("{}{SEP}", s.as_str()).len();
            let mut ids = vec![];
            for item in table.range(from.as_str()..to.as_str())?.rev().take(limit) {
                let (k, _) = item?;
                ids.push(k.value()[skip..].to_string());
            }
            drop(table);
            let mut out = vec![];
            for id in ids.into_iter().rev() {
                if let Some(d) = self.disclosure(&id)? {
                    out.push(d);
                }
            }
            Ok(out)
        })
    }

    /// How many records of `kind` an office has made: the sum of its
    /// per-year id counters (ids are given in sequence and never reused
    /// or deleted, so this equals the number of records), read from the
    /// small counters table instead of scanning the records.
    pub fn record_count(
        &self,
        office: &OfficeCode,
        kind: crate::domain::workflow::IdKind,
    ) -> Result<u64, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(T::Counters.def())?;
            let prefix = format!("{}:{}:", office, kind.as_str());
            let mut n = 0u64;
            for item in table.range(prefix.as_str()..)? {
                let (k, v) = item?;
                if !k.value().starts_with(&prefix) {
                    break;
                }
                n += decode::<u32>(T::Counters, k.value(), v.value())? as u64;
            }
            Ok(n)
        })
    }

    /// Items now published on the board, with their publication dates, in
    /// id order: read from an index, nothing decoded.
    pub fn board_postings(&self) -> Result<Vec<(String, NaiveDate)>, StoreError> {
        super::guard::guard(|| {
            let table = match self.txn.borrow().open_table(T::XBoardPosted.def()) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(vec![]),
                Err(e) => return Err(e.into()),
            };
            let mut out = vec![];
            for item in table.iter()? {
                let (k, v) = item?;
                let on = std::str::from_utf8(v.value())
                    .ok()
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                    .ok_or_else(|| {
                        StoreError::Corrupt(format!("x_board_posted/{}: not a date", k.value()))
                    })?;
                out.push((k.value().to_string(), on));
            }
            Ok(out)
        })
    }

    /// The item of `office` that disclosed the scheduled `category`
    /// disclosure covering `period` (`domain::schedule::discloses_scheduled`,
    /// the rule the reports use), the first published if several. Reads the
    /// category index newest id first and stops at items drafted more than
    /// a year before the period began (ids carry the year).
    pub fn published_for(
        &self,
        office: &OfficeCode,
        category: crate::domain::Category,
        period: &crate::domain::Period,
    ) -> Result<Option<Disclosure>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(T::XDisclosureCategory.def())?;
            let from = format!("{}{SEP}{}-", category.as_str(), office);
            let to = format!("{}{SEP}{}.", category.as_str(), office);
            let oldest = chrono::Datelike::year(&period.start()) - 1;
            let mut first: Option<Disclosure> = None;
            for item in table.range(from.as_str()..to.as_str())?.rev() {
                let (k, _) = item?;
                let Some((_, id)) = k.value().split_once(SEP) else {
                    continue;
                };
                if let Some((_, year, _)) = crate::domain::workflow::IdKind::parse(id)
                    && year < oldest
                {
                    break;
                }
                let Some(d) = self.disclosure(id)? else {
                    continue;
                };
                if !d.status.was_published() {
                    continue;
                }
                let statement_period = match &d.fields.statement {
                    Some(s) => self.statement(s)?.map(|s| s.period),
                    None => None,
                };
                if !crate::domain::schedule::discloses_scheduled(
                    &d,
                    category,
                    period,
                    statement_period,
                ) {
                    continue;
                }
                let on = |x: &Disclosure| (x.publication.as_ref().map(|p| p.on), x.id.clone());
                if first.as_ref().is_none_or(|f| on(&d) < on(f)) {
                    first = Some(d);
                }
            }
            Ok(first)
        })
    }

    /// The chain of versions of an item: oldest first, through `supersedes`
    /// and `superseded_by`, ending with a correction not yet published.
    pub fn version_chain(&self, id: &str) -> Result<Vec<Disclosure>, StoreError> {
        super::guard::guard(|| {
            let Some(mut first) = self.disclosure(id)? else {
                return Ok(vec![]);
            };
            let mut guard = 0;
            while let Some(prev) = first.supersedes.clone() {
                match self.disclosure(&prev)? {
                    Some(p) if guard < 1000 => first = p,
                    _ => break,
                }
                guard += 1;
            }
            let mut out = vec![first];
            while let Some(next) = out.last().and_then(|d| d.superseded_by.clone()) {
                match self.disclosure(&next)? {
                    Some(n) if out.len() < 1000 => out.push(n),
                    _ => break,
                }
            }
            // A correction in progress names the item it supersedes, but the
            // item is linked forward only when the correction is published:
            // find it among the office's items that are not published yet.
            if let Some(last) = out.last()
                && last.superseded_by.is_none()
                && last.status.was_published()
            {
                let last_id = last.id.clone();
                let office = crate::domain::types::office_of_id(&last_id).to_string();
                let table = self.txn.borrow().open_table(T::XDisclosureStatus.def())?;
                let mut ids = vec![];
                for s in [
                    Status::Draft,
                    Status::Signed,
                    Status::InReview,
                    Status::Approved,
                    Status::Returned,
                ] {
                    let from = format!("{}{SEP}{office}-", s.as_str());
                    let to = format!("{}{SEP}{office}.", s.as_str());
                    let skip = format!("{}{SEP}", s.as_str()).len();
                    for item in table.range(from.as_str()..to.as_str())? {
                        let (k, _) = item?;
                        ids.push(k.value()[skip..].to_string());
                    }
                }
                drop(table);
                ids.sort();
                for id in ids {
                    if let Some(d) = self.disclosure(&id)?
                        && d.supersedes.as_deref() == Some(last_id.as_str())
                    {
                        out.push(d);
                    }
                }
            }
            Ok(out)
        })
    }

    pub fn opinion(&self, id: &str) -> Result<Option<Opinion>, StoreError> {
        self.get(T::Opinions, id)
    }

    pub fn opinions(&self) -> Result<Vec<Opinion>, StoreError> {
        self.all(T::Opinions)
    }

    /// The opinions of one office, in id order (a range scan by office).
    pub fn opinions_of(&self, office: &OfficeCode) -> Result<Vec<Opinion>, StoreError> {
        let mut out: Vec<Opinion> = self.scan_prefix(T::Opinions, &id_prefix(office))?;
        out.retain(|o| &o.office == office);
        Ok(out)
    }

    /// The opinions of one office with their states on `today`, as
    /// [`Reader::opinion_state`] gives them, given `replies`, the replies
    /// to the office's opinions ([`Reader::replies_to`]): the office's
    /// settings and each reply are read once, not once per opinion.
    pub fn opinion_states_of(
        &self,
        office: &OfficeCode,
        replies: &[Reply],
        cal: &Calendar,
        today: NaiveDate,
    ) -> Result<Vec<OpinionState>, StoreError> {
        let settings = self.settings(office)?;
        let mut first: std::collections::HashMap<&str, NaiveDate> =
            std::collections::HashMap::new();
        for r in replies {
            first
                .entry(r.opinion.as_str())
                .and_modify(|d| *d = (*d).min(r.replied_on))
                .or_insert(r.replied_on);
        }
        let mut out = vec![];
        for o in self.opinions_of(office)? {
            let first_reply = first.get(o.id.as_str()).copied();
            out.push(opinion_state_with(o, &settings, first_reply, cal, today));
        }
        Ok(out)
    }

    /// The replies to one office's opinions (whoever recorded them), in
    /// reply id order: read through the replies-by-opinion index, whose
    /// keys begin with the opinion's id and so with the office's code.
    pub fn replies_to(&self, office: &OfficeCode) -> Result<Vec<Reply>, StoreError> {
        let mut ids = vec![];
        for k in self.index(T::XRepliesByOpinion, &id_prefix(office))? {
            if let Some((_, reply)) = k.split_once(SEP) {
                ids.push(reply.to_string());
            }
        }
        ids.sort();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = self.reply(&id)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Ids of opinions with no reply yet, oldest first.
    pub fn open_opinion_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .index(T::XOpinionsOpen, "")?
            .into_iter()
            .filter_map(|k| k.split_once(SEP).map(|(_, id)| id.to_string()))
            .collect())
    }

    /// Complaints of this office the supervision team found to hold and
    /// that are not answered yet: the committee must correct and
    /// re-announce them (DOMAIN.md). Oldest first.
    pub fn corrections_due(&self) -> Result<Vec<Opinion>, StoreError> {
        let mut out = vec![];
        for id in self.open_opinion_ids()? {
            if let Some(o) = self.opinion(&id)?
                && Some(&o.office) == self.own.as_ref()
                && o.verification.as_ref().is_some_and(|v| v.holds)
            {
                out.push(o);
            }
        }
        Ok(out)
    }

    pub fn reply(&self, id: &str) -> Result<Option<Reply>, StoreError> {
        self.get(T::Replies, id)
    }

    pub fn replies(&self) -> Result<Vec<Reply>, StoreError> {
        self.all(T::Replies)
    }

    pub fn replies_of(&self, opinion: &str) -> Result<Vec<Reply>, StoreError> {
        let mut out = vec![];
        for rid in self.index(T::XRepliesByOpinion, &k2(opinion, ""))? {
            if let Some(r) = self.reply(&rid)? {
                out.push(r);
            }
        }
        out.sort_by(|a, b| (a.replied_on, &a.id).cmp(&(b.replied_on, &b.id)));
        Ok(out)
    }

    /// The opinion with its status, due date and lateness on `today`.
    pub fn opinion_state(
        &self,
        o: Opinion,
        cal: &Calendar,
        today: NaiveDate,
    ) -> Result<OpinionState, StoreError> {
        let settings = self.settings(&o.office)?;
        let first_reply = self.replies_of(&o.id)?.iter().map(|r| r.replied_on).min();
        Ok(opinion_state_with(o, &settings, first_reply, cal, today))
    }

    pub fn box_opening(&self, id: &str) -> Result<Option<BoxOpening>, StoreError> {
        self.get(T::Boxes, id)
    }

    pub fn box_openings(&self) -> Result<Vec<BoxOpening>, StoreError> {
        self.all(T::Boxes)
    }

    /// Opinion ids logged under a box opening.
    pub fn box_slips(&self, id: &str) -> Result<Vec<String>, StoreError> {
        self.index(T::XOpinionsByBox, &k2(id, ""))
    }

    pub fn statement(&self, id: &str) -> Result<Option<Statement>, StoreError> {
        self.get(T::Statements, id)
    }

    pub fn statements(&self) -> Result<Vec<Statement>, StoreError> {
        self.all(T::Statements)
    }

    /// The statements of one office, in id order (a range scan by office).
    pub fn statements_of(&self, office: &OfficeCode) -> Result<Vec<Statement>, StoreError> {
        let mut out: Vec<Statement> = self.scan_prefix(T::Statements, &id_prefix(office))?;
        out.retain(|s| &s.office == office);
        Ok(out)
    }

    /// Statements of one office with computed totals, in period order.
    pub fn statement_views(&self, office: &OfficeCode) -> Result<Vec<StatementView>, StoreError> {
        Ok(statement_views(self.statements_of(office)?))
    }

    /// The published item that discloses (and locks) a statement.
    pub fn statement_locked_by(&self, id: &str) -> Result<Option<String>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(T::XStatementLocked.def())?;
            Ok(table
                .get(id)?
                .map(|v| String::from_utf8_lossy(v.value()).to_string()))
        })
    }

    pub fn check(&self, id: &str) -> Result<Option<Check>, StoreError> {
        self.get(T::Checks, id)
    }

    pub fn checks(&self) -> Result<Vec<Check>, StoreError> {
        self.all(T::Checks)
    }

    /// The checks whose target is `office` (its own and those of the
    /// offices above it), in id order, through `x_checks_by_target`.
    pub fn checks_of(&self, office: &OfficeCode) -> Result<Vec<Check>, StoreError> {
        if !self.has_table(T::XChecksByTarget)? {
            // A database opened read-only before its index was built.
            let mut all = self.checks()?;
            all.retain(|c| &c.target == office);
            return Ok(all);
        }
        let mut ids = self.index(T::XChecksByTarget, &format!("{office}{SEP}"))?;
        ids.sort();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = self.check(&id)?
                && &c.target == office
            {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// The resolutions of the findings of one check, in key order.
    pub fn resolutions_of(&self, check: &str) -> Result<Vec<Resolution>, StoreError> {
        self.scan_prefix(T::Resolutions, &format!("{check}#"))
    }

    pub fn resolution(&self, check: &str, finding: u32) -> Result<Option<Resolution>, StoreError> {
        self.get(T::Resolutions, &format!("{check}#{finding}"))
    }

    pub fn resolutions(&self) -> Result<Vec<Resolution>, StoreError> {
        self.all(T::Resolutions)
    }

    /// The head (last seq and hash) of every log held.
    pub fn heads(&self) -> Result<BTreeMap<String, Head>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(HEADS)?;
            let mut out = BTreeMap::new();
            for item in table.iter()? {
                let (k, v) = item?;
                let h: Head = serde_json::from_slice(v.value())
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                out.insert(k.value().to_string(), h);
            }
            Ok(out)
        })
    }

    /// The stored bytes of events `from..=to` of an office's log, in seq
    /// order, without decoding them (bundle export and backups need only
    /// the bytes: decoding 100,000 envelopes was a third of an export).
    pub fn event_bytes(
        &self,
        office: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(EVENTS)?;
            let mut out =
                Vec::with_capacity(to.saturating_sub(from).saturating_add(1).min(1 << 20) as usize);
            for item in table.range((office, from)..=(office, to))? {
                let (_, v) = item?;
                out.push(v.value().to_vec());
            }
            Ok(out)
        })
    }

    /// Events `from..=to` of an office's log, as stored.
    pub fn events(&self, office: &str, from: u64, to: u64) -> Result<Vec<StoredEvent>, StoreError> {
        super::guard::guard(|| {
            let table = self.txn.borrow().open_table(EVENTS)?;
            let mut out = vec![];
            for item in table.range((office, from)..=(office, to))? {
                let (_, v) = item?;
                let bytes = v.value().to_vec();
                let env: Envelope = serde_json::from_slice(&bytes)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let hash = codec::hash_hex(&bytes);
                out.push(StoredEvent { env, bytes, hash });
            }
            Ok(out)
        })
    }

    /// Space used by each table: (name, rows, stored bytes of keys and
    /// values, B-tree metadata bytes, fragmented bytes). For `juwu space`.
    #[allow(clippy::type_complexity)]
    pub fn space(&self) -> Result<Vec<(String, u64, u64, u64, u64)>, StoreError> {
        super::guard::guard(|| {
            let mut out = vec![];
            let mut add = |name: &str, st: redb::TableStats, rows: u64| {
                out.push((
                    name.to_string(),
                    rows,
                    st.stored_bytes(),
                    st.metadata_bytes(),
                    st.fragmented_bytes(),
                ));
            };
            let ev = self.txn.borrow().open_table(EVENTS)?;
            add("events", ev.stats()?, ev.len()?);
            let hd = self.txn.borrow().open_table(HEADS)?;
            add("heads", hd.stats()?, hd.len()?);
            for t in T::ALL {
                let tb = self.txn.borrow().open_table(t.def())?;
                add(t.name(), tb.stats()?, tb.len()?);
            }
            Ok(out)
        })
    }

    /// Number of events held, all logs.
    pub fn event_count(&self) -> Result<u64, StoreError> {
        super::guard::guard(|| Ok(self.txn.borrow().open_table(EVENTS)?.len()?))
    }
    /// Ids of the disclosures in state `s`, in id order.
    pub fn disclosure_ids_with_status(&self, s: Status) -> Result<Vec<String>, StoreError> {
        self.index(T::XDisclosureStatus, &format!("{}{SEP}", s.as_str()))
    }

    /// Ids of the disclosures of category `c`, in id order.
    pub fn disclosure_ids_in_category(
        &self,
        c: crate::domain::Category,
    ) -> Result<Vec<String>, StoreError> {
        self.index(T::XDisclosureCategory, &format!("{}{SEP}", c.as_str()))
    }

    /// Ids of the records of `office` in register `t` (`T::Disclosures`,
    /// `T::Opinions`, `T::Replies`, `T::Statements`), in id order: their
    /// ids start with `OFFICE-`.
    pub fn ids_of_office(&self, t: T, office: &OfficeCode) -> Result<Vec<String>, StoreError> {
        let prefix = format!("{office}-");
        // `index` strips the prefix it was given: put it back.
        Ok(self
            .index(t, &prefix)?
            .into_iter()
            .map(|rest| format!("{prefix}{rest}"))
            .collect())
    }
}

/// The start of the ids of the records `office`'s log makes
/// (`IdKind::make`: `CODE-…`); office codes are letters and digits.
fn id_prefix(office: &OfficeCode) -> String {
    format!("{office}-")
}

/// An opinion's status, due date and lateness on `today`, given its
/// office's settings and its first reply: the one computation behind
/// [`Reader::opinion_state`] and [`Reader::opinion_states_of`].
pub fn opinion_state_with(
    o: Opinion,
    settings: &Settings,
    first_reply: Option<NaiveDate>,
    cal: &Calendar,
    today: NaiveDate,
) -> OpinionState {
    // The rule in force when it was received: receipts stay true.
    let rule = settings.on(o.received_on()).reply_rule(o.kind, o.routed_to);
    let status = o.status(first_reply, cal, rule, today);
    let on = first_reply.unwrap_or(today);
    let due_on = o.due_on(cal, rule, on);
    let days_late = o.days_late(cal, rule, on);
    OpinionState {
        opinion: o,
        status,
        due_on,
        first_reply,
        days_late,
    }
}
