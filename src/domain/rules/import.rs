//! Bringing in the office's earlier registers: items published before
//! juwu kept them, opinions of the earlier book, replies of the earlier log.

use chrono::Datelike;

use super::super::DomainError;
use super::super::error::{Field, Rule};
use super::super::events::EventBody;
use super::super::records::*;
use super::super::types::*;
use super::super::workflow::{Command, IdKind, OpinionDraft, ReplyDraft};
use super::opinion::{check_reply, make_reply};
use super::{Cx, need};

/// An item of the earlier register. `decide` calls this with an
/// `ImportDisclosure` only (its twelve fields travel in the command).
pub(super) fn disclosure(cx: &Cx, cmd: &Command) -> Result<Vec<EventBody>, DomainError> {
    let Command::ImportDisclosure {
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
    } = cmd
    else {
        return Ok(vec![]);
    };
    cx.check_fields(fields)?;
    if let Some(old) = supersedes {
        let o = cx.own_disclosure(old)?;
        if !o.status.was_published() {
            return Err(Rule::NeverPublished { id: old.clone() }.into());
        }
        if let Some(by) = &o.superseded_by {
            return Err(Rule::CorrectedBy {
                id: old.clone(),
                by: by.clone(),
            }
            .into());
        }
    }
    // An item not yet published comes in at its stage of the
    // workflow (with its signatures) and goes on from there.
    let published_on = match (status.was_published(), published_on) {
        (true, None) => {
            return Err(Rule::NeedsPublicationDate { status: *status }.into());
        }
        (false, Some(_)) => {
            return Err(Rule::NoPublicationDate { status: *status }.into());
        }
        (_, Some(p)) if *p > cx.today => {
            return Err(Rule::FuturePublication { on: *p }.into());
        }
        (_, p) => *p,
    };
    if supersedes.is_some() && !status.was_published() {
        // A correction not yet published supersedes nothing yet.
        return Err(Rule::UnpublishedCorrection.into());
    }
    match (status, archived_on, published_on) {
        (Status::Archived, None, _) => {
            return Err(Rule::NeedsArchiveDate.into());
        }
        (_, Some(a), Some(p)) if *a < p => {
            return Err(Rule::ArchivedBeforePublished {
                archived: *a,
                published: p,
            }
            .into());
        }
        _ => {}
    }
    if forms.is_empty() {
        return Err(Rule::NoForm.into());
    }
    check_text(Field::Seal, seal, true)?;
    for s in signers {
        check_text(Field::Signature, &s.name, true)?;
    }
    if let Some(n) = correction_note {
        check_text(Field::CorrectionNote, n, false)?;
    }
    Ok(vec![EventBody::DisclosureImported {
        id: cx.next_id(IdKind::Disclosure, published_on.unwrap_or(cx.today).year())?,
        fields: fields.clone(),
        basis: *basis,
        status: *status,
        published_on,
        forms: forms.clone(),
        seal: seal.trim().to_string(),
        archived_on: if *status == Status::Archived {
            *archived_on
        } else {
            None
        },
        signers: signers.clone(),
        approved_by: approved_by.clone().filter(|s| !s.trim().is_empty()),
        correction_note: correction_note.clone().filter(|s| !s.trim().is_empty()),
        source_ref: source_ref.clone().filter(|s| !s.trim().is_empty()),
        supersedes: supersedes.clone(),
    }])
}

/// An opinion of the office's earlier book, with who recorded it there and
/// its number there.
pub(super) fn opinion(
    cx: &Cx,
    draft: &OpinionDraft,
    recorded_by: &Option<String>,
    source_ref: &Option<String>,
) -> Result<Vec<EventBody>, DomainError> {
    let mut evs = super::opinion::log(cx, draft, &None)?;
    for e in &mut evs {
        if let EventBody::OpinionReceived { opinion } = e {
            if let Some(r) = recorded_by.as_ref().filter(|r| !r.trim().is_empty()) {
                check_text(Field::RecordedBy, r, true)?;
                opinion.recorded_by = r.trim().to_string();
            }
            opinion.source_ref = source_ref.clone().filter(|s| !s.trim().is_empty());
        }
    }
    Ok(evs)
}

/// A reply of the office's earlier log: who replied, and for a granted
/// request the item (already imported) it led to.
pub(super) fn reply(
    cx: &Cx,
    opinion: &str,
    draft: &ReplyDraft,
    replied_by: &Option<String>,
    granted_item: &Option<String>,
) -> Result<Vec<EventBody>, DomainError> {
    let by = replied_by.as_ref().filter(|r| !r.trim().is_empty());
    if let Some(r) = by {
        check_text(Field::RepliedBy, r, true)?;
    }
    let granted = if draft.outcome == Outcome::Granted {
        let o = cx.own_opinion(opinion)?;
        check_reply(cx, &o, draft, true)?;
        let gid = granted_item
            .as_deref()
            .ok_or(DomainError::Rule(Rule::GrantedNeedsItem))?;
        Some(cx.own_disclosure(gid)?.id)
    } else {
        let o = need(Field::Opinion, opinion, cx.view.opinion(opinion)?)?;
        check_reply(cx, &o, draft, true)?;
        None
    };
    let rid = cx.next_id(IdKind::Reply, draft.replied_on.year())?;
    let mut reply = make_reply(rid, &cx.office, opinion, cx.actor, draft, granted);
    if let Some(r) = by {
        reply.replied_by = r.trim().to_string();
    }
    Ok(vec![EventBody::ReplyRecorded { reply }])
}
