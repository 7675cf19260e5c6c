//! The one registry of an office's settings (DOMAIN.md "Schedule and
//! deadlines", replies, the board): every key with its type, its allowed
//! values, its labels in both languages and when a change comes into force.
//! The command line, the settings screen, validation and the projection all
//! read this table; nothing of it lives in `config.toml`.
//!
//! A change is an event (`SettingChanged`) recorded with who and when; it
//! comes into force from the next period (`SettingKey::in_force_from`), so
//! the projection keeps a dated history and `Settings::on` /
//! `Settings::settings_for` give the settings in force on a day or for a
//! period. A reply's due date follows the rule in force on the day the
//! opinion was received.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::records::Settings;
use super::types::{Channel, Frequency, OpinionKind, Period, RouteTo, halfwidth};

/// Working or calendar days: part of a deadline setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    Working,
    Calendar,
}

/// A number of days with their unit: how long a reply may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayCount {
    pub n: u32,
    pub unit: DayUnit,
}

impl DayCount {
    pub fn working(n: u32) -> DayCount {
        DayCount {
            n,
            unit: DayUnit::Working,
        }
    }
    pub fn calendar(n: u32) -> DayCount {
        DayCount {
            n,
            unit: DayUnit::Calendar,
        }
    }
}

/// Whether plan 3's monthly disclosure of general community affairs is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Not a scheduled disclosure (plans 1, 2, 4 and 5).
    #[default]
    Off,
    /// The previous month's, by the due day (plan 3).
    Monthly,
}

/// The keys of the registry, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    FinanceFrequency,
    FinanceDueDay,
    WorkDueDay,
    GeneralCadence,
    GeneralDueDay,
    ReplyDaysOpinion,
    ReplyDaysRequest,
    PostingDays,
    ReviewLeadDays,
    OfficePhone,
    IntakeChannel,
}

/// What a key's value is, with its bounds: the allowed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    Frequency,
    /// A day of the month.
    Day {
        min: u32,
        max: u32,
    },
    /// A number of calendar days.
    Days {
        min: u32,
        max: u32,
    },
    /// A number of working days.
    WorkingDays {
        min: u32,
        max: u32,
    },
    /// A number of days with the unit.
    DaysWithUnit {
        min: u32,
        max: u32,
    },
    Cadence,
    Phone,
    Channel,
}

/// A setting's value, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingValue {
    Frequency(Frequency),
    Number(u32),
    Days(DayCount),
    Cadence(Cadence),
    Text(String),
    Channel(Channel),
}

/// A refused setting, rendered in the UI language by `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingError {
    /// No such key: the message lists the keys.
    UnknownKey(String),
    /// A value the key does not allow: the message lists what it allows.
    BadValue { key: SettingKey, value: String },
}

/// One change in the history: who, when, what, from when in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingChange {
    pub key: SettingKey,
    /// The new value, canonical (`SettingValue::canonical`).
    pub value: String,
    /// The value before, canonical.
    pub old: String,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The first day the new value is in force.
    pub from: NaiveDate,
}

impl SettingKey {
    pub const ALL: &'static [SettingKey] = &[
        SettingKey::FinanceFrequency,
        SettingKey::FinanceDueDay,
        SettingKey::WorkDueDay,
        SettingKey::GeneralCadence,
        SettingKey::GeneralDueDay,
        SettingKey::ReplyDaysOpinion,
        SettingKey::ReplyDaysRequest,
        SettingKey::PostingDays,
        SettingKey::ReviewLeadDays,
        SettingKey::OfficePhone,
        SettingKey::IntakeChannel,
    ];

    /// The stable name (CLI, events).
    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::FinanceFrequency => "finance_frequency",
            SettingKey::FinanceDueDay => "finance_due_day",
            SettingKey::WorkDueDay => "work_due_day",
            SettingKey::GeneralCadence => "general_cadence",
            SettingKey::GeneralDueDay => "general_due_day",
            SettingKey::ReplyDaysOpinion => "reply_days_opinion",
            SettingKey::ReplyDaysRequest => "reply_days_request",
            SettingKey::PostingDays => "posting_days",
            SettingKey::ReviewLeadDays => "review_lead_days",
            SettingKey::OfficePhone => "office_phone",
            SettingKey::IntakeChannel => "intake_channel",
        }
    }

    /// What the setting is, in the UI language.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (SettingKey::FinanceFrequency, false) => "finance statements",
            (SettingKey::FinanceFrequency, true) => "财务公开周期",
            (SettingKey::FinanceDueDay, false) => "finance due day",
            (SettingKey::FinanceDueDay, true) => "财务公开截止日",
            (SettingKey::WorkDueDay, false) => "work report due day",
            (SettingKey::WorkDueDay, true) => "工作进展截止日",
            (SettingKey::GeneralCadence, false) => "general affairs monthly",
            (SettingKey::GeneralCadence, true) => "一般居务公开",
            (SettingKey::GeneralDueDay, false) => "general affairs due day",
            (SettingKey::GeneralDueDay, true) => "一般居务截止日",
            (SettingKey::ReplyDaysOpinion, false) => "opinion reply within",
            (SettingKey::ReplyDaysOpinion, true) => "意见答复期限",
            (SettingKey::ReplyDaysRequest, false) => "request/appeal reply within",
            (SettingKey::ReplyDaysRequest, true) => "申请答复期限",
            (SettingKey::PostingDays, false) => "board posting days",
            (SettingKey::PostingDays, true) => "公开栏张贴天数",
            (SettingKey::ReviewLeadDays, false) => "review lead days",
            (SettingKey::ReviewLeadDays, true) => "审核提前天数",
            (SettingKey::OfficePhone, false) => "office phone",
            (SettingKey::OfficePhone, true) => "办公电话",
            (SettingKey::IntakeChannel, false) => "usual intake channel",
            (SettingKey::IntakeChannel, true) => "常用收集渠道",
        }
    }

    /// The type and bounds of the value.
    pub fn allowed(self) -> Allowed {
        match self {
            SettingKey::FinanceFrequency => Allowed::Frequency,
            SettingKey::FinanceDueDay | SettingKey::WorkDueDay | SettingKey::GeneralDueDay => {
                Allowed::Day { min: 1, max: 28 }
            }
            SettingKey::GeneralCadence => Allowed::Cadence,
            SettingKey::ReplyDaysOpinion | SettingKey::ReplyDaysRequest => {
                Allowed::DaysWithUnit { min: 1, max: 60 }
            }
            // The plans: kept on the board for at least 10 days.
            SettingKey::PostingDays => Allowed::Days { min: 10, max: 365 },
            // DOMAIN.md: at least 5 working days before publication.
            SettingKey::ReviewLeadDays => Allowed::WorkingDays { min: 5, max: 30 },
            SettingKey::OfficePhone => Allowed::Phone,
            SettingKey::IntakeChannel => Allowed::Channel,
        }
    }

    /// The first day a change recorded on `recorded_on` is in force: the
    /// start of the next period. A change of the finance cadence waits for
    /// the next quarter, so that every month is covered exactly once (a
    /// switch to quarterly in November keeps November and December monthly;
    /// the first quarterly statement covers the first quarter). The office
    /// phone and the usual intake channel are no period's rule: at once.
    pub fn in_force_from(self, recorded_on: NaiveDate) -> NaiveDate {
        match self {
            SettingKey::OfficePhone | SettingKey::IntakeChannel => recorded_on,
            SettingKey::FinanceFrequency => Period::quarter_of(recorded_on).next().start(),
            _ => Period::month_of(recorded_on).next().start(),
        }
    }

    /// Reads a value typed by a user (either language, full-width digits
    /// too) into the key's type, within its bounds.
    pub fn parse_value(self, s: &str) -> Result<SettingValue, SettingError> {
        let t = halfwidth(s.trim());
        let bad = || SettingError::BadValue {
            key: self,
            value: s.to_string(),
        };
        let within = |n: u32, min: u32, max: u32| (min..=max).contains(&n).then_some(n);
        match self.allowed() {
            Allowed::Frequency => Frequency::from_str(&t)
                .map(SettingValue::Frequency)
                .map_err(|_| bad()),
            Allowed::Day { min, max }
            | Allowed::Days { min, max }
            | Allowed::WorkingDays { min, max } => {
                let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                let suffix_ok = matches!(
                    t[end..].trim().to_lowercase().as_str(),
                    "" | "day"
                        | "days"
                        | "working days"
                        | "日"
                        | "天"
                        | "号"
                        | "工作日"
                        | "个工作日"
                );
                t[..end]
                    .parse::<u32>()
                    .ok()
                    .filter(|_| suffix_ok)
                    .and_then(|n| within(n, min, max))
                    .map(SettingValue::Number)
                    .ok_or_else(bad)
            }
            Allowed::DaysWithUnit { min, max } => {
                let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                let n = t[..end]
                    .parse::<u32>()
                    .ok()
                    .and_then(|n| within(n, min, max))
                    .ok_or_else(bad)?;
                let unit = match t[end..].trim().to_lowercase().as_str() {
                    "w" | "working" | "working days" | "working day" | "工作日" | "个工作日" => {
                        DayUnit::Working
                    }
                    "c" | "calendar" | "calendar days" | "calendar day" | "日" | "天"
                    | "自然日" | "日（自然日）" => DayUnit::Calendar,
                    _ => return Err(bad()),
                };
                Ok(SettingValue::Days(DayCount { n, unit }))
            }
            Allowed::Cadence => match t.to_lowercase().as_str() {
                "off" | "关闭" | "不设" => Ok(SettingValue::Cadence(Cadence::Off)),
                "monthly" | "每月" => Ok(SettingValue::Cadence(Cadence::Monthly)),
                _ => Err(bad()),
            },
            Allowed::Phone => {
                let ok_chars = t
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
                let digits = t.chars().filter(char::is_ascii_digit).count();
                if ok_chars && t.chars().count() <= 24 && (t.is_empty() || digits >= 3) {
                    Ok(SettingValue::Text(t))
                } else {
                    Err(bad())
                }
            }
            Allowed::Channel => Channel::from_str(&t)
                .map(SettingValue::Channel)
                .map_err(|_| bad()),
        }
    }
}

impl fmt::Display for SettingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SettingKey {
    type Err = SettingError;
    fn from_str(s: &str) -> Result<SettingKey, SettingError> {
        let t = s.trim().replace(['-', '.'], "_");
        SettingKey::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(&t) || k.label(true) == s.trim())
            .ok_or_else(|| SettingError::UnknownKey(s.to_string()))
    }
}

impl DayUnit {
    fn show(self, n: u32, zh: bool) -> String {
        match (self, zh) {
            (DayUnit::Working, false) => format!("{n} working days"),
            (DayUnit::Working, true) => format!("{n} 个工作日"),
            (DayUnit::Calendar, false) => format!("{n} calendar days"),
            (DayUnit::Calendar, true) => format!("{n} 日（自然日）"),
        }
    }
}

impl Cadence {
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Cadence::Off, false) => "off",
            (Cadence::Off, true) => "关闭",
            (Cadence::Monthly, false) => "monthly",
            (Cadence::Monthly, true) => "每月",
        }
    }
}

impl Allowed {
    /// The allowed values, in the UI language.
    pub fn describe(self, zh: bool) -> String {
        let list = |zh: bool, xs: &[(&str, &str)]| {
            xs.iter()
                .map(|(en, cn)| if zh { *cn } else { *en })
                .collect::<Vec<_>>()
                .join(if zh { "、" } else { ", " })
        };
        match (self, zh) {
            (Allowed::Frequency, _) => list(
                zh,
                &Frequency::ALL
                    .iter()
                    .map(|f| (f.as_str(), f.zh()))
                    .collect::<Vec<_>>(),
            ),
            (Allowed::Day { min, max }, false) => format!("a day of the month from {min} to {max}"),
            (Allowed::Day { min, max }, true) => format!("每月 {min} 日至 {max} 日之间的一天"),
            (Allowed::Days { min, max }, false) => format!("{min} to {max} days"),
            (Allowed::Days { min, max }, true) => format!("{min} 至 {max} 日"),
            (Allowed::WorkingDays { min, max }, false) => format!("{min} to {max} working days"),
            (Allowed::WorkingDays { min, max }, true) => format!("{min} 至 {max} 个工作日"),
            (Allowed::DaysWithUnit { min, max }, false) => format!(
                "a number from {min} to {max} with its unit: working or calendar (e.g. 10 working, 10 calendar)"
            ),
            (Allowed::DaysWithUnit { min, max }, true) => {
                format!("{min} 至 {max} 的天数加单位：工作日或自然日（如 10工作日、10自然日）")
            }
            (Allowed::Cadence, _) => list(
                zh,
                &[
                    ("off", Cadence::Off.label(true)),
                    ("monthly", Cadence::Monthly.label(true)),
                ],
            ),
            (Allowed::Phone, false) => {
                "a phone number: digits, spaces, - + ( ), at most 24 characters; empty to clear"
                    .into()
            }
            (Allowed::Phone, true) => {
                "电话号码：数字、空格及 - + ( )，最多 24 个字符；留空即清除".into()
            }
            (Allowed::Channel, _) => list(
                zh,
                &Channel::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.zh()))
                    .collect::<Vec<_>>(),
            ),
        }
    }
}

impl SettingValue {
    /// The stable text stored in events; `parse_value` reads it back.
    pub fn canonical(&self) -> String {
        match self {
            SettingValue::Frequency(f) => f.as_str().to_string(),
            SettingValue::Number(n) => n.to_string(),
            SettingValue::Days(d) => match d.unit {
                DayUnit::Working => format!("{} working", d.n),
                DayUnit::Calendar => format!("{} calendar", d.n),
            },
            SettingValue::Cadence(c) => c.label(false).to_string(),
            SettingValue::Text(t) => t.clone(),
            SettingValue::Channel(c) => c.as_str().to_string(),
        }
    }

    /// The value for people, in the UI language, with `key`'s unit.
    pub fn show(&self, key: SettingKey, zh: bool) -> String {
        match self {
            SettingValue::Frequency(f) => f.label(zh).to_string(),
            SettingValue::Number(n) => match (key.allowed(), zh) {
                (Allowed::Day { .. }, false) => format!("day {n}"),
                (Allowed::Day { .. }, true) => format!("{n} 日"),
                (Allowed::WorkingDays { .. }, _) => DayUnit::Working.show(*n, zh),
                (_, false) => format!("{n} days"),
                (_, true) => format!("{n} 日"),
            },
            SettingValue::Days(d) => d.unit.show(d.n, zh),
            SettingValue::Cadence(c) => c.label(zh).to_string(),
            SettingValue::Text(t) if t.is_empty() => {
                if zh { "（未设）" } else { "(not set)" }.to_string()
            }
            SettingValue::Text(t) => t.clone(),
            SettingValue::Channel(c) => c.label(zh).to_string(),
        }
    }
}

impl From<SettingError> for super::DomainError {
    fn from(e: SettingError) -> Self {
        super::DomainError::Setting(e)
    }
}

impl SettingError {
    /// The refusal in the UI language, with what is allowed.
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (SettingError::UnknownKey(k), false) => format!(
                "unknown setting '{k}' (settings: {})",
                SettingKey::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (SettingError::UnknownKey(k), true) => format!(
                "没有设置项“{k}”（可设置：{}）",
                SettingKey::ALL
                    .iter()
                    .map(|k| k.label(true))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            (SettingError::BadValue { key, value }, false) => format!(
                "{} ({key}): '{value}' is not allowed (allowed: {})",
                key.label(false),
                key.allowed().describe(false)
            ),
            (SettingError::BadValue { key, value }, true) => format!(
                "{}不能设为“{value}”（允许：{}）",
                key.label(true),
                key.allowed().describe(true)
            ),
        }
    }
}

pub(super) fn default_ten() -> u32 {
    10
}
pub(super) fn default_working() -> DayUnit {
    DayUnit::Working
}
pub(super) fn default_calendar() -> DayUnit {
    DayUnit::Calendar
}
pub(super) fn default_channel() -> Channel {
    Channel::InPerson
}

impl Settings {
    /// The value of `key`.
    pub fn get(&self, key: SettingKey) -> SettingValue {
        match key {
            SettingKey::FinanceFrequency => SettingValue::Frequency(self.finance_frequency),
            SettingKey::FinanceDueDay => SettingValue::Number(self.finance_due_day),
            SettingKey::WorkDueDay => SettingValue::Number(self.work_due_day),
            SettingKey::GeneralCadence => SettingValue::Cadence(self.general_cadence),
            SettingKey::GeneralDueDay => SettingValue::Number(self.general_due_day),
            SettingKey::ReplyDaysOpinion => SettingValue::Days(DayCount {
                n: self.reply_days,
                unit: self.reply_unit,
            }),
            SettingKey::ReplyDaysRequest => SettingValue::Days(DayCount {
                n: self.request_reply_days,
                unit: self.request_reply_unit,
            }),
            SettingKey::PostingDays => SettingValue::Number(self.posting_days),
            SettingKey::ReviewLeadDays => SettingValue::Number(self.review_lead_days),
            SettingKey::OfficePhone => SettingValue::Text(self.office_phone.clone()),
            SettingKey::IntakeChannel => SettingValue::Channel(self.intake_channel),
        }
    }

    /// Sets `key` to `v`; a value of another type than the key's is ignored
    /// (values come from `parse_value` of the same key).
    pub fn set(&mut self, key: SettingKey, v: &SettingValue) {
        match (key, v) {
            (SettingKey::FinanceFrequency, SettingValue::Frequency(f)) => {
                self.finance_frequency = *f
            }
            (SettingKey::FinanceDueDay, SettingValue::Number(n)) => self.finance_due_day = *n,
            (SettingKey::WorkDueDay, SettingValue::Number(n)) => self.work_due_day = *n,
            (SettingKey::GeneralCadence, SettingValue::Cadence(c)) => self.general_cadence = *c,
            (SettingKey::GeneralDueDay, SettingValue::Number(n)) => self.general_due_day = *n,
            (SettingKey::ReplyDaysOpinion, SettingValue::Days(d)) => {
                self.reply_days = d.n;
                self.reply_unit = d.unit;
            }
            (SettingKey::ReplyDaysRequest, SettingValue::Days(d)) => {
                self.request_reply_days = d.n;
                self.request_reply_unit = d.unit;
            }
            (SettingKey::PostingDays, SettingValue::Number(n)) => self.posting_days = *n,
            (SettingKey::ReviewLeadDays, SettingValue::Number(n)) => self.review_lead_days = *n,
            (SettingKey::OfficePhone, SettingValue::Text(t)) => self.office_phone = t.clone(),
            (SettingKey::IntakeChannel, SettingValue::Channel(c)) => self.intake_channel = *c,
            _ => {}
        }
    }

    /// The settings in force on `day`: these (the latest recorded) with the
    /// changes not yet in force on `day` undone. The result has no history.
    pub fn on(&self, day: NaiveDate) -> Settings {
        let mut s = self.clone();
        for c in self.history.iter().rev().filter(|c| c.from > day) {
            if let Ok(v) = c.key.parse_value(&c.old) {
                s.set(c.key, &v);
            }
        }
        s.history.clear();
        s
    }

    /// The settings in force for period `p`: those on its first day.
    pub fn settings_for(&self, p: &Period) -> Settings {
        self.on(p.start())
    }

    /// Records a change of `key` by `by` at `at`, in force from `from`.
    pub fn record(
        &mut self,
        key: SettingKey,
        v: &SettingValue,
        by: &str,
        at: DateTime<Utc>,
        from: NaiveDate,
    ) {
        let old = self.get(key).canonical();
        self.set(key, v);
        self.history.push(SettingChange {
            key,
            value: v.canonical(),
            old,
            by: by.to_string(),
            at,
            from,
        });
    }

    /// Takes every value of `new` at once (the older whole-settings event,
    /// whose meaning is "in force now"), recording each key that changed.
    pub fn replace(&mut self, new: &Settings, by: &str, at: DateTime<Utc>, on: NaiveDate) {
        for &k in SettingKey::ALL {
            let v = new.get(k);
            if v != self.get(k) {
                self.record(k, &v, by, at, on);
            }
        }
    }

    /// The changes recorded but not yet in force on `today`, by key.
    pub fn pending(&self, key: SettingKey, today: NaiveDate) -> Option<&SettingChange> {
        self.history
            .iter()
            .rev()
            .find(|c| c.key == key && c.from > today)
    }

    /// The reply rule for an opinion of `kind` routed to `to`: disclosure
    /// requests and appeals made directly to the committee (plan 3 §6) have
    /// their own; every other opinion the opinions' one (plan 3 §4).
    pub fn reply_rule(&self, kind: OpinionKind, to: RouteTo) -> DayCount {
        let direct_appeal = kind.is_complaint() && to == RouteTo::Committee;
        if kind == OpinionKind::DisclosureRequest || direct_appeal {
            DayCount {
                n: self.request_reply_days,
                unit: self.request_reply_unit,
            }
        } else {
            DayCount {
                n: self.reply_days,
                unit: self.reply_unit,
            }
        }
    }
}

/// One line of the settings list: the value in force on a day and the
/// change waiting for the next period, if any. Shared by the command line
/// and the settings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingRow {
    pub key: SettingKey,
    pub now: SettingValue,
    /// The value recorded for later and the day it comes into force.
    pub next: Option<(SettingValue, NaiveDate)>,
}

impl SettingRow {
    /// "from 2027-01-01: quarterly", in the UI language ("" if none).
    pub fn next_label(&self, zh: bool) -> String {
        match &self.next {
            Some((v, from)) if zh => format!("{from} 起：{}", v.show(self.key, zh)),
            Some((v, from)) => format!("from {from}: {}", v.show(self.key, zh)),
            None => String::new(),
        }
    }
}

impl SettingChange {
    /// "2026-11-15 09:30 王主任 finance statements: monthly → quarterly
    /// (in force from 2027-01-01)" in the UI language, Beijing time.
    pub fn describe(&self, zh: bool) -> String {
        let show = |t: &str| match self.key.parse_value(t) {
            Ok(v) => v.show(self.key, zh),
            Err(_) => t.to_string(),
        };
        let at = (self.at + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M");
        if zh {
            format!(
                "{at} {} 修改{}：{} → {}（{} 起施行）",
                self.by,
                self.key.label(true),
                show(&self.old),
                show(&self.value),
                self.from
            )
        } else {
            format!(
                "{at} {} changed {}: {} → {} (in force from {})",
                self.by,
                self.key.label(false),
                show(&self.old),
                show(&self.value),
                self.from
            )
        }
    }
}

impl Settings {
    /// Every key with its value in force on `today` and any change
    /// waiting, in the registry's order.
    pub fn rows(&self, today: NaiveDate) -> Vec<SettingRow> {
        let now = self.on(today);
        SettingKey::ALL
            .iter()
            .map(|&key| {
                let next = self
                    .pending(key, today)
                    .and_then(|c| key.parse_value(&c.value).ok().map(|v| (v, c.from)));
                SettingRow {
                    key,
                    now: now.get(key),
                    next,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_key_reads_back_its_own_canonical_value() {
        let s = Settings::default();
        for &k in SettingKey::ALL {
            let v = s.get(k);
            assert_eq!(k.parse_value(&v.canonical()), Ok(v.clone()), "{k}");
            assert_eq!(k.as_str().parse::<SettingKey>(), Ok(k));
        }
    }

    #[test]
    fn bounds_and_units() {
        use SettingKey as K;
        assert!(K::PostingDays.parse_value("9").is_err());
        assert_eq!(
            K::PostingDays.parse_value("14"),
            Ok(SettingValue::Number(14))
        );
        assert!(K::FinanceDueDay.parse_value("0").is_err());
        assert!(K::FinanceDueDay.parse_value("40").is_err());
        assert_eq!(
            K::ReplyDaysRequest.parse_value("15个工作日"),
            Ok(SettingValue::Days(DayCount::working(15)))
        );
        assert_eq!(
            K::ReplyDaysOpinion.parse_value("１０ calendar"),
            Ok(SettingValue::Days(DayCount::calendar(10)))
        );
        assert!(K::ReplyDaysOpinion.parse_value("10").is_err());
        assert!(K::OfficePhone.parse_value("call me").is_err());
        assert_eq!(
            K::IntakeChannel.parse_value("电话"),
            Ok(SettingValue::Channel(Channel::Phone))
        );
    }

    #[test]
    fn a_change_waits_for_the_next_period() {
        let mut s = Settings::default();
        let at = Utc::now();
        let nov = ymd(2026, 11, 15);
        s.record(
            SettingKey::FinanceFrequency,
            &SettingValue::Frequency(Frequency::Quarterly),
            "王主任",
            at,
            SettingKey::FinanceFrequency.in_force_from(nov),
        );
        s.record(
            SettingKey::PostingDays,
            &SettingValue::Number(14),
            "王主任",
            at,
            SettingKey::PostingDays.in_force_from(nov),
        );
        let month = |m| Period::month_of(ymd(2026, m, 1));
        assert_eq!(
            s.settings_for(&month(11)).finance_frequency,
            Frequency::Monthly
        );
        assert_eq!(
            s.settings_for(&month(12)).finance_frequency,
            Frequency::Monthly
        );
        assert_eq!(
            s.on(ymd(2027, 1, 1)).finance_frequency,
            Frequency::Quarterly
        );
        assert_eq!(s.settings_for(&month(11)).posting_days, 10);
        assert_eq!(s.settings_for(&month(12)).posting_days, 14);
        assert!(s.pending(SettingKey::PostingDays, nov).is_some());
    }
}
