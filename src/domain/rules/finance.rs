//! Finance statements: drafting and revising until an item discloses them.

use chrono::Datelike;
use rust_decimal::Decimal;

use super::super::DomainError;
use super::super::error::{Field, Rule};
use super::super::events::EventBody;
use super::super::money::Line;
use super::super::records::*;
use super::super::types::*;
use super::super::workflow::IdKind;
use super::{Cx, need};

pub(super) fn draft(
    cx: &Cx,
    period: &Period,
    lines: &[Line],
    opening_balance: Option<Decimal>,
    supersedes: &Option<String>,
) -> Result<Vec<EventBody>, DomainError> {
    check_lines(lines)?;
    if let Some(old) = supersedes {
        let s = need(Field::Statement, old, cx.view.statement(old)?)?;
        if s.office != cx.office.code {
            return Err(DomainError::OtherOffice(old.clone()));
        }
        if s.superseded_by.is_some() {
            return Err(Rule::AlreadySuperseded { id: old.clone() }.into());
        }
    }
    Ok(vec![EventBody::StatementDrafted {
        statement: Statement {
            id: cx.next_id(IdKind::Statement, period.start().year())?,
            office: cx.office.code.clone(),
            period: *period,
            lines: lines.to_vec(),
            opening_balance,
            supersedes: supersedes.clone(),
            superseded_by: None,
            prepared_by: cx.actor.name().to_string(),
            revision: 1,
            frozen_carried: None,
        },
    }])
}

pub(super) fn revise(
    cx: &Cx,
    id: &str,
    lines: &[Line],
    opening_balance: Option<Decimal>,
) -> Result<Vec<EventBody>, DomainError> {
    let s = need(Field::Statement, id, cx.view.statement(id)?)?;
    if s.office != cx.office.code {
        return Err(DomainError::OtherOffice(id.to_string()));
    }
    if cx.view.statement_locked(id)? {
        return Err(DomainError::Published(id.to_string()));
    }
    check_lines(lines)?;
    Ok(vec![EventBody::StatementRevised {
        id: id.to_string(),
        lines: lines.to_vec(),
        opening_balance,
    }])
}

fn check_lines(lines: &[Line]) -> Result<(), DomainError> {
    for (i, l) in lines.iter().enumerate() {
        check_text(Field::LineDescription, &l.description, false)?;
        if l.amount.is_sign_negative() {
            return Err(Rule::NegativeAmount { line: i + 1 }.into());
        }
        if l.amount.scale() > 2 && l.amount.normalize().scale() > 2 {
            return Err(DomainError::AmountPrecision(l.amount.to_string()));
        }
    }
    Ok(())
}
