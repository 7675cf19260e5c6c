//! A disclosure's workflow: draft, revise, sign, submit, review, publish,
//! correct, archive.

use chrono::{Datelike, NaiveDate};

use super::super::DomainError;
use super::super::error::{Field, Happened, Rule, Step};
use super::super::events::EventBody;
use super::super::records::*;
use super::super::types::*;
use super::super::workflow::IdKind;
use super::{Cx, disclosure_ready as ready, need};

pub(super) fn draft(
    cx: &Cx,
    fields: &DraftFields,
    basis: Basis,
    request: &Option<String>,
) -> Result<Vec<EventBody>, DomainError> {
    cx.check_fields(fields)?;
    if let Some(r) = request {
        let o = need(Field::Opinion, r, cx.view.opinion(r)?)?;
        if o.kind != OpinionKind::DisclosureRequest {
            return Err(Rule::NotADisclosureRequest { id: r.clone() }.into());
        }
    }
    if basis == Basis::OnApplication && request.is_none() {
        return Err(Rule::OnApplicationNeedsRequest.into());
    }
    Ok(vec![EventBody::DisclosureDrafted {
        id: cx.next_id(IdKind::Disclosure, cx.today.year())?,
        fields: fields.clone(),
        basis,
        request: request.clone(),
        supersedes: None,
        correction_note: None,
    }])
}

pub(super) fn revise(
    cx: &Cx,
    id: &str,
    fields: &DraftFields,
) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Revise)?;
    cx.check_fields(fields)?;
    Ok(vec![EventBody::DisclosureRevised {
        id: id.to_string(),
        fields: fields.clone(),
    }])
}

pub(super) fn sign(cx: &Cx, id: &str) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Sign)?;
    let role = cx
        .actor
        .role()
        .ok_or(DomainError::NeedsOperator(super::Act::Sign))?;
    if d.signed_by(role) {
        return Err(DomainError::AlreadySigned {
            id: id.to_string(),
            role,
        });
    }
    Ok(vec![EventBody::DisclosureSigned {
        id: id.to_string(),
        role,
    }])
}

pub(super) fn submit(
    cx: &Cx,
    id: &str,
    on: NaiveDate,
    planned_on: Option<NaiveDate>,
) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Submit)?;
    let planned = planned_on
        .or(d.fields.planned_on)
        .ok_or(DomainError::Rule(Rule::NeedsPlannedDate))?;
    cx.not_after_today(Happened::Submission, on)?;
    if planned < on {
        return Err(Rule::PlannedBefore { planned, on }.into());
    }
    Ok(vec![EventBody::DisclosureSubmitted {
        id: id.to_string(),
        on,
        planned_on: planned,
    }])
}

pub(super) fn approve(cx: &Cx, id: &str, note: &str) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Approve)?;
    check_text(Field::Note, note, false)?;
    Ok(vec![EventBody::DisclosureApproved {
        id: id.to_string(),
        note: note.to_string(),
    }])
}

/// Returns an item in review for amendment.
pub(super) fn give_back(
    cx: &Cx,
    id: &str,
    amendments: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Return)?;
    check_text(Field::Amendments, amendments, true)?;
    Ok(vec![EventBody::DisclosureReturned {
        id: id.to_string(),
        amendments: amendments.to_string(),
    }])
}

pub(super) fn publish(
    cx: &Cx,
    id: &str,
    on: NaiveDate,
    forms: &Option<Vec<Form>>,
    seal: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Publish)?;
    let forms = forms.clone().unwrap_or_else(|| d.fields.forms.clone());
    if forms.is_empty() {
        return Err(Rule::NoForm.into());
    }
    check_text(Field::Seal, seal, true)?;
    cx.not_after_today(Happened::Publication, on)?;
    if let Some(sid) = &d.fields.statement
        && let Some(st) = cx.view.statement(sid)?
        && let Some(old) = &st.supersedes
        && let Some(o) = cx.view.statement(old)?
        && o.superseded_by.is_some()
    {
        return Err(Rule::StatementCorrectedTwice {
            old: old.clone(),
            by: sid.clone(),
        }
        .into());
    }
    if let Some(old) = &d.supersedes {
        let o = need(Field::Disclosure, old, cx.view.disclosure(old)?)?;
        if o.superseded_by.is_some() {
            return Err(Rule::AlreadyCorrected { id: old.clone() }.into());
        }
    }
    Ok(vec![EventBody::DisclosurePublished {
        id: id.to_string(),
        on,
        forms,
        seal: seal.to_string(),
    }])
}

pub(super) fn correct(
    cx: &Cx,
    id: &str,
    fields: &DraftFields,
    explanation: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Correct)?;
    if d.superseded_by.is_some() {
        // Only the version in force is corrected.
        return Err(DomainError::WrongState {
            id: id.to_string(),
            status: d.status,
            step: Step::Correct,
        });
    }
    cx.check_fields(fields)?;
    check_text(Field::Explanation, explanation, true)?;
    Ok(vec![EventBody::DisclosureDrafted {
        id: cx.next_id(IdKind::Disclosure, cx.today.year())?,
        fields: fields.clone(),
        basis: d.basis,
        request: d.request.clone(),
        supersedes: Some(id.to_string()),
        correction_note: Some(explanation.to_string()),
    }])
}

pub(super) fn archive(cx: &Cx, id: &str, on: NaiveDate) -> Result<Vec<EventBody>, DomainError> {
    let d = cx.own_disclosure(id)?;
    ready(&d, Step::Archive)?;
    cx.not_after_today(Happened::Archiving, on)?;
    Ok(vec![EventBody::DisclosureArchived {
        id: id.to_string(),
        on,
    }])
}
