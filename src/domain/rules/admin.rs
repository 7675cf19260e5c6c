//! Administration: operators, the offices known, the office's settings.

use super::super::DomainError;
use super::super::error::{Field, Rule};
use super::super::events::EventBody;
use super::super::records::*;
use super::super::settings::SettingKey;
use super::super::types::*;
use super::{Cx, need};

pub(super) fn add_operator(
    cx: &Cx,
    name: &str,
    role: Role,
    pin_hash: &Option<String>,
) -> Result<Vec<EventBody>, DomainError> {
    check_text(Field::OperatorName, name, true)?;
    if cx.view.operator(name.trim())?.is_some() {
        return Err(DomainError::DuplicateOperator(name.trim().to_string()));
    }
    Ok(vec![EventBody::OperatorAdded {
        operator: Operator {
            name: name.trim().to_string(),
            role,
            pin_hash: pin_hash.clone(),
            active: true,
        },
    }])
}

pub(super) fn change_operator(
    cx: &Cx,
    name: &str,
    role: Role,
    pin_hash: &Option<String>,
    active: bool,
) -> Result<Vec<EventBody>, DomainError> {
    need(Field::Operator, name, cx.view.operator(name)?)?;
    Ok(vec![EventBody::OperatorChanged {
        operator: Operator {
            name: name.to_string(),
            role,
            pin_hash: pin_hash.clone(),
            active,
        },
    }])
}

pub(super) fn register_office(cx: &Cx, o: &Office) -> Result<Vec<EventBody>, DomainError> {
    check_text(Field::OfficeName, &o.name, true)?;
    if o.code == cx.office.code {
        return Err(Rule::OwnOffice.into());
    }
    Ok(vec![EventBody::OfficeRegistered { office: o.clone() }])
}

pub(super) fn change_settings(settings: &Settings) -> Result<Vec<EventBody>, DomainError> {
    if !(1..=28).contains(&settings.finance_due_day) || !(1..=28).contains(&settings.work_due_day) {
        return Err(Rule::DueDays.into());
    }
    let mut settings = settings.clone();
    // The history is the projection's: never carried in the event.
    settings.history.clear();
    Ok(vec![EventBody::SettingsChanged { settings }])
}

/// One setting: the value must be one its key allows (the registry in
/// `settings`); in force from the start of the next period.
pub(super) fn change_setting(
    cx: &Cx,
    key: SettingKey,
    value: &str,
) -> Result<Vec<EventBody>, DomainError> {
    let v = key.parse_value(value)?;
    Ok(vec![EventBody::SettingChanged {
        key,
        value: v.canonical(),
        from: key.in_force_from(cx.today),
    }])
}
