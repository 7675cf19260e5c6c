//! Who may say what: an event in office X's log speaks only for X (its
//! records, operators, settings and its own registration), plus the
//! cross-office acts DOMAIN.md names ("Sync by bundles"): a parent's roster
//! of the offices below it with their keys, its reply to a referral and its
//! check of an office below. The rule lives here once; the projection
//! (`store::project::apply`), the import plan and `juwu verify` all ask it.
//!
//! An event outside the rule is a *claim*: kept in its log (refusing it
//! would block the log for good) but never applied to the registers.

use serde::{Deserialize, Serialize};

use super::events::EventBody;
use super::records::Office;
use super::types::{Level, OfficeCode, office_of_id};

/// What the writer of a log is, from its own registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Writer<'a> {
    pub code: &'a OfficeCode,
    /// `None`: not known (its own registration is not held).
    pub level: Option<Level>,
    /// The writer's parent, as its own registration says.
    pub parent: Option<&'a OfficeCode>,
}

/// Why an event speaks beyond its own office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Claim {
    /// A record (id or `office` field) of another office.
    Record { office: OfficeCode, id: String },
    /// Another office's first event ("office created") in this log.
    Created { office: OfficeCode },
    /// A registration of an office that is neither below the writer nor
    /// its parent.
    Registration { office: OfficeCode },
    /// A reply to an opinion of an office that is not below the writer.
    Reply { office: OfficeCode, opinion: String },
    /// A check of an office that is not below the writer.
    Check { office: OfficeCode, check: String },
}

impl Claim {
    /// The office the event claimed to speak for.
    pub fn office(&self) -> &OfficeCode {
        match self {
            Claim::Record { office, .. }
            | Claim::Created { office }
            | Claim::Registration { office }
            | Claim::Reply { office, .. }
            | Claim::Check { office, .. } => office,
        }
    }
}

/// How much a registration of an office weighs: its own word first, then
/// its parent's roster, then the name a child wrote about its parent at
/// `init` (a hint that never overrides either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    Own,
    Roster,
    Hint,
}

/// The rank of a level in the hierarchy (a parent's is higher).
pub fn rank(l: Level) -> u8 {
    match l {
        Level::Community | Level::Workstation => 0,
        Level::Street => 1,
        Level::District => 2,
    }
}

/// The standing of `office` as registered in `writer`'s log, or the claim
/// when the writer has no word about it.
pub fn registration(writer: &Writer, office: &Office) -> Result<Standing, Claim> {
    if &office.code == writer.code {
        return Ok(Standing::Own);
    }
    let below = office.parent.as_ref() == Some(writer.code)
        && writer.level.is_some_and(|w| rank(w) > rank(office.level));
    if below {
        return Ok(Standing::Roster);
    }
    if writer.parent == Some(&office.code) {
        return Ok(Standing::Hint);
    }
    Err(Claim::Registration {
        office: office.code.clone(),
    })
}

/// The standing of a registration held in the registers, from who wrote it
/// (`source`): the same rule as `registration`, for the projection.
pub fn standing_of(source: &str, office: &Office) -> Standing {
    if office.code.as_str() == source {
        Standing::Own
    } else if office.parent.as_ref().is_some_and(|p| p.as_str() == source) {
        Standing::Roster
    } else {
        Standing::Hint
    }
}

fn own_record(writer: &Writer, id: &str, office: Option<&OfficeCode>) -> Result<(), Claim> {
    let by_id = office_of_id(id);
    if by_id != writer.code.as_str() {
        let office = OfficeCode::parse(by_id).unwrap_or_else(|_| writer.code.clone());
        return Err(Claim::Record {
            office,
            id: id.to_string(),
        });
    }
    match office {
        Some(o) if o != writer.code => Err(Claim::Record {
            office: o.clone(),
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Whether `below` is an office below the writer: `parent_of` says whose
/// child an office is as the registers know it (`None`: not known yet,
/// which is allowed, as the office's own log may come later).
fn is_below(
    writer: &Writer,
    office: &str,
    parent_of: &dyn Fn(&str) -> Option<Option<OfficeCode>>,
) -> bool {
    if office == writer.code.as_str() {
        return true;
    }
    match parent_of(office) {
        None => writer.level.is_some_and(|l| rank(l) > 0),
        Some(p) => p.as_ref() == Some(writer.code),
    }
}

/// Whether `writer`'s log may say `body`. `parent_of(code)` gives the
/// parent of an office known here (`None` if the office is not known,
/// `Some(None)` if it has no parent).
pub fn may_claim(
    writer: &Writer,
    body: &EventBody,
    parent_of: &dyn Fn(&str) -> Option<Option<OfficeCode>>,
) -> Result<(), Claim> {
    use EventBody as E;
    match body {
        E::OfficeCreated { office } => {
            if &office.code == writer.code {
                Ok(())
            } else {
                Err(Claim::Created {
                    office: office.code.clone(),
                })
            }
        }
        E::OfficeRegistered { office } => registration(writer, office).map(|_| ()),
        E::SettingsChanged { .. }
        | E::SettingChanged { .. }
        | E::OperatorAdded { .. }
        | E::OperatorChanged { .. }
        | E::KeyRotated { .. } => Ok(()),
        E::DisclosureDrafted { id, supersedes, .. }
        | E::DisclosureImported { id, supersedes, .. } => {
            own_record(writer, id, None)?;
            match supersedes {
                Some(s) => own_record(writer, s, None),
                None => Ok(()),
            }
        }
        E::DisclosureRevised { id, .. }
        | E::DisclosureSigned { id, .. }
        | E::DisclosureSubmitted { id, .. }
        | E::DisclosureApproved { id, .. }
        | E::DisclosureReturned { id, .. }
        | E::DisclosurePublished { id, .. }
        | E::DisclosureArchived { id, .. }
        | E::OpinionRerouted { id, .. }
        | E::OpinionPaused { id, .. }
        | E::OpinionResumed { id, .. }
        | E::ComplaintVerified { id, .. }
        | E::StatementRevised { id, .. } => own_record(writer, id, None),
        E::BoxOpened { opening } => own_record(writer, &opening.id, Some(&opening.office)),
        E::OpinionReceived { opinion } => {
            own_record(writer, &opinion.id, Some(&opinion.office))?;
            match &opinion.box_opening {
                Some(b) => own_record(writer, b, None),
                None => Ok(()),
            }
        }
        E::ReplyRecorded { reply } => {
            own_record(writer, &reply.id, Some(&reply.office))?;
            let of = office_of_id(&reply.opinion);
            if is_below(writer, of, parent_of) {
                Ok(())
            } else {
                Err(Claim::Reply {
                    office: OfficeCode::parse(of).unwrap_or_else(|_| writer.code.clone()),
                    opinion: reply.opinion.clone(),
                })
            }
        }
        E::StatementDrafted { statement } => {
            own_record(writer, &statement.id, Some(&statement.office))?;
            match &statement.supersedes {
                Some(s) => own_record(writer, s, None),
                None => Ok(()),
            }
        }
        E::CheckRecorded { check } => {
            own_record(writer, &check.id, Some(&check.office))?;
            if is_below(writer, check.target.as_str(), parent_of) {
                Ok(())
            } else {
                Err(Claim::Check {
                    office: check.target.clone(),
                    check: check.id.clone(),
                })
            }
        }
        E::FindingResolved { resolution } => {
            if &resolution.office == writer.code {
                Ok(())
            } else {
                Err(Claim::Record {
                    office: resolution.office.clone(),
                    id: format!("{}#{}", resolution.check, resolution.finding),
                })
            }
        }
    }
}
