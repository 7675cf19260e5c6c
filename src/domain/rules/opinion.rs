//! Residents' opinions: the suggestion box, logging, routing, pausing the
//! reply clock, verifying complaints, replies.

use chrono::{Datelike, NaiveDate};

use super::super::DomainError;
use super::super::error::{Field, Happened, Rule};
use super::super::events::EventBody;
use super::super::records::*;
use super::super::types::*;
use super::super::workflow::{Actor, IdKind, OpinionDraft, ReplyDraft};
use super::{Cx, need};

/// Is an opinion routed to `routed_to` one `role` answers (the opinions on
/// that operator's list)? The supervision team answers what is routed to
/// it; clerks and finance managers what is routed to the committee; the
/// director and the secretary everything.
pub fn is_for(role: Role, routed_to: RouteTo) -> bool {
    match role {
        Role::Supervisor => routed_to == RouteTo::SupervisionTeam,
        Role::Clerk | Role::Finance => routed_to == RouteTo::Committee,
        Role::Director | Role::Secretary => true,
    }
}

/// May a reply to an opinion of `kind` end with `outcome`? (Granted only
/// answers a disclosure request; declined also a file access request.)
pub fn outcome_fits(kind: OpinionKind, outcome: Outcome) -> bool {
    match outcome {
        Outcome::Granted => kind == OpinionKind::DisclosureRequest,
        Outcome::Declined => {
            matches!(
                kind,
                OpinionKind::DisclosureRequest | OpinionKind::FileAccess
            )
        }
        _ => true,
    }
}

/// `outcome_fits` for opinion `o`, with the refusal.
fn fits(o: &Opinion, outcome: Outcome) -> Result<(), DomainError> {
    if outcome_fits(o.kind, outcome) {
        return Ok(());
    }
    Err(if outcome == Outcome::Granted {
        Rule::NotADisclosureRequest { id: o.id.clone() }
    } else {
        Rule::OutcomeDoesNotFit {
            outcome,
            id: o.id.clone(),
            kind: o.kind,
        }
    }
    .into())
}

/// May the reply clock of `o` be paused, given how many replies it has?
/// (Screens ask before offering the form.)
pub fn pause_ready(o: &Opinion, replies: usize) -> Result<(), DomainError> {
    if replies > 0 {
        return Err(Rule::AlreadyAnswered { id: o.id.clone() }.into());
    }
    if o.is_paused() {
        return Err(Rule::AlreadyPaused { id: o.id.clone() }.into());
    }
    Ok(())
}

/// May `o` be verified as a complaint? (Screens ask before offering the
/// form.)
pub fn verify_ready(o: &Opinion) -> Result<(), DomainError> {
    if !o.kind.is_complaint() {
        return Err(Rule::NotAComplaint {
            id: o.id.clone(),
            kind: o.kind,
        }
        .into());
    }
    if o.verification.is_some() {
        return Err(Rule::AlreadyVerified { id: o.id.clone() }.into());
    }
    Ok(())
}

pub(super) fn open_box(
    cx: &Cx,
    opened_on: NaiveDate,
    witnesses: &[String],
    slips: u32,
) -> Result<Vec<EventBody>, DomainError> {
    let w: Vec<String> = witnesses
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    cx.not_after_today(Happened::BoxOpening, opened_on)?;
    let distinct: std::collections::BTreeSet<&String> = w.iter().collect();
    if distinct.len() < 2 {
        return Err(Rule::BoxNeedsTwo.into());
    }
    Ok(vec![EventBody::BoxOpened {
        opening: BoxOpening {
            id: cx.next_id(IdKind::BoxOpening, opened_on.year())?,
            office: cx.office.code.clone(),
            opened_on,
            witnesses: w,
            slips,
            recorded_by: cx.actor.name().to_string(),
        },
    }])
}

pub(super) fn log(
    cx: &Cx,
    draft: &OpinionDraft,
    on_the_spot: &Option<ReplyDraft>,
) -> Result<Vec<EventBody>, DomainError> {
    check_text(Field::OpinionText, &draft.text, true)?;
    cx.not_after_today(Happened::Receipt, draft.received_at.date())?;
    if let Some(r) = on_the_spot {
        cx.not_after_today(Happened::Reply, r.replied_on)?;
    }
    if let Some(r) = &draft.from {
        check_text(Field::Name, &r.name, true)?;
    }
    if let Some(a) = &draft.about {
        need(Field::Disclosure, a, cx.view.disclosure(a)?)?;
    }
    if let Some(b) = &draft.box_opening {
        let bo = need(Field::BoxOpening, b, cx.view.box_opening(b)?)?;
        if draft.channel != Channel::SuggestionBox {
            return Err(Rule::SlipNotFromBox.into());
        }
        if cx.view.box_logged(b)? >= bo.slips {
            return Err(Rule::BoxFull {
                id: b.clone(),
                slips: bo.slips,
            }
            .into());
        }
    }
    let routed_to = draft.routed_to.unwrap_or(
        if draft.kind.is_complaint() || draft.kind == OpinionKind::FileAccess {
            RouteTo::SupervisionTeam
        } else {
            RouteTo::Committee
        },
    );
    let id = cx.next_id(IdKind::Opinion, draft.received_at.year())?;
    let opinion = Opinion {
        id: id.clone(),
        office: cx.office.code.clone(),
        received_at: draft.received_at,
        channel: draft.channel,
        from: draft.from.clone(),
        kind: draft.kind,
        about: draft.about.clone(),
        text: draft.text.clone(),
        recorded_by: cx.actor.name().to_string(),
        routed_to,
        box_opening: draft.box_opening.clone(),
        pauses: vec![],
        verification: None,
        source_ref: None,
    };
    let mut out = vec![];
    if let Some(r) = on_the_spot {
        check_reply(cx, &opinion, r, false)?;
        if matches!(r.outcome, Outcome::Granted) {
            return Err(Rule::GrantedFromReplyForm.into());
        }
        let rid = cx.next_id(IdKind::Reply, r.replied_on.year())?;
        let reply = make_reply(rid, &cx.office, &id, cx.actor, r, None);
        out.push(EventBody::OpinionReceived { opinion });
        out.push(EventBody::ReplyRecorded { reply });
    } else {
        out.push(EventBody::OpinionReceived { opinion });
    }
    Ok(out)
}

pub(super) fn reroute(cx: &Cx, id: &str, to: RouteTo) -> Result<Vec<EventBody>, DomainError> {
    let o = cx.own_opinion(id)?;
    if o.routed_to == to {
        return Err(Rule::AlreadyRouted {
            id: id.to_string(),
            to,
        }
        .into());
    }
    Ok(vec![EventBody::OpinionRerouted {
        id: id.to_string(),
        to,
    }])
}

pub(super) fn pause(
    cx: &Cx,
    id: &str,
    on: NaiveDate,
    reason: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let o = cx.own_opinion(id)?;
    pause_ready(&o, cx.view.reply_count(id)?)?;
    if on < o.received_on() || o.pauses.last().and_then(|p| p.to).is_some_and(|t| on < t) {
        return Err(Rule::PauseTooEarly { on }.into());
    }
    check_text(Field::Reason, reason, true)?;
    cx.not_after_today(Happened::Pause, on)?;
    Ok(vec![EventBody::OpinionPaused {
        id: id.to_string(),
        on,
        reason: reason.to_string(),
    }])
}

pub(super) fn resume(cx: &Cx, id: &str, on: NaiveDate) -> Result<Vec<EventBody>, DomainError> {
    let o = cx.own_opinion(id)?;
    let p = o
        .pauses
        .last()
        .filter(|p| p.to.is_none())
        .ok_or_else(|| DomainError::Rule(Rule::NotPaused { id: id.to_string() }))?;
    if on < p.from {
        return Err(Rule::ResumeBeforePause { on, from: p.from }.into());
    }
    cx.not_after_today(Happened::Resumption, on)?;
    Ok(vec![EventBody::OpinionResumed {
        id: id.to_string(),
        on,
    }])
}

pub(super) fn verify(
    cx: &Cx,
    id: &str,
    holds: bool,
    on: NaiveDate,
    note: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let o = need(Field::Opinion, id, cx.view.opinion(id)?)?;
    verify_ready(&o)?;
    check_text(Field::Note, note, true)?;
    if o.office != cx.office.code {
        return Err(DomainError::OtherOffice(id.to_string()));
    }
    cx.not_after_today(Happened::Verification, on)?;
    Ok(vec![EventBody::ComplaintVerified {
        id: id.to_string(),
        holds,
        on,
        note: note.to_string(),
    }])
}

pub(super) fn reply(
    cx: &Cx,
    opinion: &str,
    draft: &ReplyDraft,
    granted: &Option<DraftFields>,
) -> Result<Vec<EventBody>, DomainError> {
    let o = need(Field::Opinion, opinion, cx.view.opinion(opinion)?)?;
    if cx.actor.role() == Some(Role::Supervisor) && o.routed_to != RouteTo::SupervisionTeam {
        return Err(Rule::SupervisorRepliesToCommittee.into());
    }
    check_reply(cx, &o, draft, false)?;
    cx.not_after_today(Happened::Reply, draft.replied_on)?;
    let mut out = vec![];
    let mut granted_item = None;
    if draft.outcome == Outcome::Granted {
        if o.office != cx.office.code {
            return Err(DomainError::OtherOffice(opinion.to_string()));
        }
        let fields = granted
            .clone()
            .ok_or(DomainError::Rule(Rule::GrantedNeedsFields))?;
        cx.check_fields(&fields)?;
        let did = cx.next_id(IdKind::Disclosure, cx.today.year())?;
        out.push(EventBody::DisclosureDrafted {
            id: did.clone(),
            fields,
            basis: Basis::OnApplication,
            request: Some(opinion.to_string()),
            supersedes: None,
            correction_note: None,
        });
        granted_item = Some(did);
    }
    let rid = cx.next_id(IdKind::Reply, draft.replied_on.year())?;
    out.push(EventBody::ReplyRecorded {
        reply: make_reply(rid, &cx.office, opinion, cx.actor, draft, granted_item),
    });
    Ok(out)
}

/// Checks a reply to `opinion`. `imported`: a reply of an earlier register,
/// whose complaint was verified on paper (the registers carry no
/// verification record).
pub(super) fn check_reply(
    cx: &Cx,
    opinion: &Opinion,
    r: &ReplyDraft,
    imported: bool,
) -> Result<(), DomainError> {
    check_text(Field::ReplyText, &r.text, true)?;
    if r.replied_on < opinion.received_on() {
        return Err(Rule::ReplyBeforeReceipt {
            replied: r.replied_on,
            received: opinion.received_on(),
        }
        .into());
    }
    // A complaint of omission or untruth is verified by the supervision
    // team (DOMAIN.md, plans: "the supervision team shall conduct a
    // verification investigation"); only then is it answered, and if it
    // holds, the answer is the published correction. Referring it upward
    // needs no verification.
    if !imported && opinion.kind.is_complaint() && r.outcome != Outcome::Referred {
        match &opinion.verification {
            None => {
                return Err(Rule::ComplaintNotVerified {
                    id: opinion.id.clone(),
                }
                .into());
            }
            Some(v) if v.holds && r.outcome != Outcome::Corrected => {
                return Err(Rule::ComplaintHolds {
                    id: opinion.id.clone(),
                }
                .into());
            }
            _ => {}
        }
    }
    fits(opinion, r.outcome)?;
    match r.outcome {
        Outcome::Corrected => {
            let cid = r
                .correction
                .as_deref()
                .ok_or(DomainError::Rule(Rule::CorrectedNeedsId))?;
            let c = need(Field::Disclosure, cid, cx.view.disclosure(cid)?)?;
            if c.supersedes.is_none() {
                return Err(Rule::NotACorrection {
                    id: cid.to_string(),
                }
                .into());
            }
            if !c.status.was_published() {
                return Err(Rule::CorrectionUnpublished {
                    id: cid.to_string(),
                }
                .into());
            }
        }
        Outcome::Referred => {
            let to = r
                .referred_to
                .clone()
                .or_else(|| cx.office.parent.clone())
                .ok_or(DomainError::Rule(Rule::ReferredNeedsOffice))?;
            if cx.view.office(&to)?.is_none() {
                return Err(DomainError::UnknownOffice(to.to_string()));
            }
        }
        _ => {}
    }
    Ok(())
}

pub(super) fn make_reply(
    id: String,
    office: &Office,
    opinion: &str,
    actor: &Actor,
    r: &ReplyDraft,
    granted_item: Option<String>,
) -> Reply {
    Reply {
        id,
        office: office.code.clone(),
        opinion: opinion.to_string(),
        replied_on: r.replied_on,
        replied_by: actor.name().to_string(),
        form: r.form,
        text: r.text.clone(),
        outcome: r.outcome,
        correction: if r.outcome == Outcome::Corrected {
            r.correction.clone()
        } else {
            None
        },
        granted_item,
        referred_to: if r.outcome == Outcome::Referred {
            r.referred_to.clone().or_else(|| office.parent.clone())
        } else {
            None
        },
        public: r.public,
    }
}
