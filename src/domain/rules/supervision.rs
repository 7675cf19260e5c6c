//! The supervision team's checks and the corrections of their findings.

use chrono::{Datelike, NaiveDate};

use super::super::DomainError;
use super::super::error::{Field, Happened, Rule};
use super::super::events::EventBody;
use super::super::records::*;
use super::super::types::*;
use super::super::workflow::{Command, IdKind};
use super::{Cx, need};

/// `decide` calls this with a `RecordCheck` only.
pub(super) fn record_check(cx: &Cx, cmd: &Command) -> Result<Vec<EventBody>, DomainError> {
    let Command::RecordCheck {
        target,
        period,
        checked_on,
        members,
        aspects,
        findings,
        summary,
    } = cmd
    else {
        return Ok(vec![]);
    };
    let target = target.clone().unwrap_or_else(|| cx.office.code.clone());
    if target != cx.office.code && cx.view.office(&target)?.is_none() {
        return Err(DomainError::UnknownOffice(target.to_string()));
    }
    cx.not_after_today(Happened::Check, *checked_on)?;
    if members.iter().all(|m| m.trim().is_empty()) {
        return Err(DomainError::EmptyField(Field::Members));
    }
    check_text(Field::Summary, summary, false)?;
    for (i, f) in findings.iter().enumerate() {
        check_text(Field::Finding, &f.description, true)?;
        check_text(Field::RequiredCorrection, &f.correction_required, true)?;
        if f.n != i as u32 + 1 {
            return Err(Rule::FindingsNumbered.into());
        }
    }
    Ok(vec![EventBody::CheckRecorded {
        check: Check {
            id: cx.next_id(IdKind::Check, checked_on.year())?,
            office: cx.office.code.clone(),
            target,
            period: *period,
            checked_on: *checked_on,
            members: members.clone(),
            aspects: aspects.clone(),
            findings: findings.clone(),
            summary: summary.clone(),
            recorded_by: cx.actor.name().to_string(),
        },
    }])
}

pub(super) fn resolve(
    cx: &Cx,
    check: &str,
    finding: u32,
    on: NaiveDate,
    note: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let c = need(Field::Check, check, cx.view.check(check)?)?;
    if !c.findings.iter().any(|f| f.n == finding) {
        return Err(DomainError::NotFound {
            what: Field::Finding,
            id: format!("{check} #{finding}"),
        });
    }
    if cx.view.resolution(check, finding)?.is_some() {
        return Err(Rule::AlreadyResolved {
            check: check.to_string(),
            finding,
        }
        .into());
    }
    check_text(Field::Note, note, true)?;
    cx.not_after_today(Happened::Correction, on)?;
    Ok(vec![EventBody::FindingResolved {
        resolution: Resolution {
            check: check.to_string(),
            finding,
            on,
            by: cx.actor.name().to_string(),
            office: cx.office.code.clone(),
            note: note.to_string(),
        },
    }])
}
