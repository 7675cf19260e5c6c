//! The registers' records as projections hold them. Deadlines and late flags
//! are computed here from the records and the calendar, at read time.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::money::{Line, Totals};
use super::settings::{Cadence, DayCount, DayUnit, SettingChange};
use super::types::*;

/// An office this database knows: its own, its parent, or one imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub code: OfficeCode,
    pub name: String,
    pub level: Level,
    pub parent: Option<OfficeCode>,
    /// ed25519 public key, hex; absent for an office only named so far.
    pub public_key: Option<String>,
}

/// The schedule and deadline settings of an office (DOMAIN.md defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub finance_frequency: Frequency,
    /// Finance statements are due by this day of the next month / quarter.
    pub finance_due_day: u32,
    /// Work plan and progress are due by this day of the next quarter.
    pub work_due_day: u32,
    /// Working days between submission for review and publication.
    pub review_lead_days: u32,
    /// Calendar days a board posting stays up.
    pub posting_days: u32,
    /// Days to answer an opinion (in `reply_unit`, working by default).
    pub reply_days: u32,
    #[serde(default = "super::settings::default_working")]
    pub reply_unit: DayUnit,
    /// Days to answer a disclosure request or a direct appeal (plan 3 §6).
    #[serde(default = "super::settings::default_ten")]
    pub request_reply_days: u32,
    #[serde(default = "super::settings::default_calendar")]
    pub request_reply_unit: DayUnit,
    /// Plan 3's monthly disclosure of general affairs (off by default).
    #[serde(default)]
    pub general_cadence: Cadence,
    #[serde(default = "super::settings::default_ten")]
    pub general_due_day: u32,
    /// Printed on receipt slips.
    #[serde(default)]
    pub office_phone: String,
    /// The channel quick entry starts with.
    #[serde(default = "super::settings::default_channel")]
    pub intake_channel: Channel,
    /// Every change, oldest first (a projection; see `settings`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<SettingChange>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            finance_frequency: Frequency::Monthly,
            finance_due_day: 10,
            work_due_day: 10,
            review_lead_days: 5,
            posting_days: 10,
            reply_days: 10,
            reply_unit: DayUnit::Working,
            request_reply_days: 10,
            request_reply_unit: DayUnit::Calendar,
            general_cadence: Cadence::Off,
            general_due_day: 10,
            office_phone: String::new(),
            intake_channel: Channel::InPerson,
            history: vec![],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub name: String,
    pub role: Role,
    /// argon2 (or other PHC string) hash of the operator's PIN, if set.
    #[serde(default)]
    pub pin_hash: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Signed,
    InReview,
    Approved,
    Returned,
    Published,
    Superseded,
    Archived,
}

impl Status {
    pub const ALL: &'static [Status] = &[
        Status::Draft,
        Status::Signed,
        Status::InReview,
        Status::Approved,
        Status::Returned,
        Status::Published,
        Status::Superseded,
        Status::Archived,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Signed => "signed",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Returned => "returned",
            Status::Published => "published",
            Status::Superseded => "superseded",
            Status::Archived => "archived",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Signed => "已签字",
            Status::InReview => "审核中",
            Status::Approved => "已审核",
            Status::Returned => "退回修改",
            Status::Published => "已公开",
            Status::Superseded => "已更正",
            Status::Archived => "已归档",
        }
    }
    pub fn label(self, zh: bool) -> &'static str {
        if zh {
            self.zh()
        } else if self == Status::InReview {
            "in review"
        } else {
            self.as_str()
        }
    }
    /// Can the draft fields still be changed?
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Signed | Status::Returned)
    }
    /// Has it been made public (now or before)?
    pub fn was_published(self) -> bool {
        matches!(
            self,
            Status::Published | Status::Superseded | Status::Archived
        )
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = super::DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .iter()
            .copied()
            .find(|x| x.as_str().eq_ignore_ascii_case(s.trim()) || x.zh() == s.trim())
            .ok_or_else(|| super::DomainError::UnknownValue {
                what: super::error::Field::Status,
                value: s.to_string(),
            })
    }
}

/// The fields of a disclosure that a clerk types and may revise while it is
/// a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFields {
    pub title: String,
    pub body: String,
    pub period: Option<Period>,
    pub category: Category,
    pub scope: Scope,
    pub forms: Vec<Form>,
    pub major: bool,
    /// Planned publication date (used for the review lead time).
    pub planned_on: Option<NaiveDate>,
    /// The finance statement disclosed by this item.
    #[serde(default)]
    pub statement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub role: Role,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub on: NaiveDate,
    pub by: String,
    pub planned_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub approved: bool,
    pub by: String,
    pub at: DateTime<Utc>,
    /// Approval note, or the amendments asked for when returned.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub on: NaiveDate,
    pub by: String,
    pub forms: Vec<Form>,
    /// How the seal was affixed (e.g. "居委会公章").
    pub seal: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub id: String,
    pub office: OfficeCode,
    pub fields: DraftFields,
    pub basis: Basis,
    /// The disclosure request (opinion id) this answers, for `on_application`.
    pub request: Option<String>,
    /// The published item this corrects.
    pub supersedes: Option<String>,
    /// Why the correction was needed.
    pub correction_note: Option<String>,
    /// The correction that replaced this item.
    pub superseded_by: Option<String>,
    pub status: Status,
    pub drafted_by: String,
    pub drafted_at: DateTime<Utc>,
    pub revision: u32,
    pub signatures: Vec<Signature>,
    pub submission: Option<Submission>,
    /// Every review, oldest first.
    pub reviews: Vec<Review>,
    pub publication: Option<Publication>,
    pub archived_on: Option<NaiveDate>,
    /// Set for an item brought in from an office's earlier (paper or
    /// spreadsheet) register: it was published before juwu kept the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
}

/// Where an imported historical item came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The number it had in the old register, if any.
    pub source_ref: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A signature recorded on a paper register, brought in by an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedSigner {
    pub role: Role,
    pub name: String,
}

/// Roles whose signatures make a draft "signed".
pub const SIGNING_ROLES: [Role; 3] = [Role::Secretary, Role::Director, Role::Finance];

impl Disclosure {
    pub fn signed_by(&self, role: Role) -> bool {
        self.signatures.iter().any(|s| s.role == role)
    }
    pub fn fully_signed(&self) -> bool {
        SIGNING_ROLES.iter().all(|r| self.signed_by(*r))
    }
    /// Submitted later than `review_lead_days` working days before the
    /// planned publication date.
    /// (`domain::schedule::short_review`, the one lead-time rule.)
    pub fn late_submission(&self, cal: &Calendar, lead_days: u32) -> bool {
        self.submission.as_ref().is_some_and(|s| {
            super::schedule::short_review(cal, s.on, s.planned_on, lead_days).is_some()
        })
    }
    /// The first day a board posting may come down.
    pub fn posting_until(&self, posting_days: u32) -> Option<NaiveDate> {
        self.publication
            .as_ref()
            .map(|p| p.on + chrono::Duration::days(posting_days as i64))
    }
    /// Public on `day`: published with the board form, public scope, and
    /// `day` within the posting period or later while not superseded.
    pub fn on_board(&self, day: NaiveDate) -> bool {
        self.fields.scope == Scope::Public
            && self.status == Status::Published
            && self
                .publication
                .as_ref()
                .is_some_and(|p| p.on <= day && p.forms.contains(&Form::Board))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub name: String,
    #[serde(default)]
    pub contact: Option<String>,
    /// Building / unit.
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub holds: bool,
    pub by: String,
    pub on: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub id: String,
    pub office: OfficeCode,
    pub received_at: NaiveDateTime,
    pub channel: Channel,
    /// `None` is anonymous.
    pub from: Option<Resident>,
    pub kind: OpinionKind,
    /// The disclosure it is about, if any.
    pub about: Option<String>,
    pub text: String,
    pub recorded_by: String,
    pub routed_to: RouteTo,
    pub box_opening: Option<String>,
    pub pauses: Vec<Pause>,
    pub verification: Option<Verification>,
    /// Its number in the earlier register it was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
}

/// Where an opinion stands, computed with its replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpinionStatus {
    Open,
    Paused,
    Overdue,
    Answered,
}

impl OpinionStatus {
    pub const ALL: &'static [OpinionStatus] = &[
        OpinionStatus::Open,
        OpinionStatus::Paused,
        OpinionStatus::Overdue,
        OpinionStatus::Answered,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OpinionStatus::Open => "open",
            OpinionStatus::Paused => "paused",
            OpinionStatus::Overdue => "overdue",
            OpinionStatus::Answered => "answered",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            OpinionStatus::Open => "待答复",
            OpinionStatus::Paused => "待补充",
            OpinionStatus::Overdue => "已逾期",
            OpinionStatus::Answered => "已答复",
        }
    }
    pub fn label(self, zh: bool) -> &'static str {
        if zh { self.zh() } else { self.as_str() }
    }
}

impl Opinion {
    pub fn received_on(&self) -> NaiveDate {
        self.received_at.date()
    }
    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.to.is_none())
    }
    /// The answer's due date: `rule` (working or calendar days) after
    /// receipt, moved by the working days spent paused (an open pause counts
    /// up to `today`). The rule is the one in force when it was received.
    pub fn due_on(&self, cal: &Calendar, rule: DayCount, today: NaiveDate) -> NaiveDate {
        let paused: u32 = self
            .pauses
            .iter()
            .map(|p| cal.working_days_between(p.from, p.to.unwrap_or(today).max(p.from)))
            .sum();
        match rule.unit {
            DayUnit::Working => cal.add_working_days(self.received_on(), rule.n + paused),
            DayUnit::Calendar => {
                let end = self.received_on() + chrono::Duration::days(rule.n as i64);
                if paused == 0 {
                    end
                } else {
                    cal.add_working_days(end, paused)
                }
            }
        }
    }
    /// Status given its replies (the earliest reply date, if any).
    pub fn status(
        &self,
        first_reply: Option<NaiveDate>,
        cal: &Calendar,
        rule: DayCount,
        today: NaiveDate,
    ) -> OpinionStatus {
        if first_reply.is_some() {
            OpinionStatus::Answered
        } else if self.is_paused() {
            OpinionStatus::Paused
        } else if today > self.due_on(cal, rule, today) {
            OpinionStatus::Overdue
        } else {
            OpinionStatus::Open
        }
    }
    /// Working days late (positive) or left (negative) on `today`; for an
    /// answered opinion, on the day of the reply.
    pub fn days_late(&self, cal: &Calendar, rule: DayCount, on: NaiveDate) -> i64 {
        let due = self.due_on(cal, rule, on);
        if on > due {
            cal.working_days_between(due, on) as i64
        } else {
            -(cal.working_days_between(on, due) as i64)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: String,
    pub office: OfficeCode,
    pub opinion: String,
    pub replied_on: NaiveDate,
    pub replied_by: String,
    pub form: ReplyForm,
    pub text: String,
    pub outcome: Outcome,
    /// The correction (disclosure id) for outcome `corrected`.
    pub correction: Option<String>,
    /// The new `on_application` item for outcome `granted`.
    pub granted_item: Option<String>,
    /// The parent office for outcome `referred`.
    pub referred_to: Option<OfficeCode>,
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxOpening {
    pub id: String,
    pub office: OfficeCode,
    pub opened_on: NaiveDate,
    pub witnesses: Vec<String>,
    pub slips: u32,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub office: OfficeCode,
    pub period: Period,
    pub lines: Vec<Line>,
    /// Opening balance, only for an office's first statement; later ones
    /// carry the previous closing balance forward.
    #[serde(default, with = "super::money::opt_str")]
    pub opening_balance: Option<Decimal>,
    pub supersedes: Option<String>,
    /// Set when the correcting statement is published (not when it is
    /// drafted): a draft correction changes nothing.
    pub superseded_by: Option<String>,
    pub prepared_by: String,
    pub revision: u32,
    /// The balance carried forward, frozen when the statement was first
    /// published: the figures of a published statement never change, even
    /// when an earlier statement is corrected later. A projection, never in
    /// an event (a drafted statement has none).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::money::opt_str"
    )]
    pub frozen_carried: Option<Decimal>,
}

/// A statement with its computed totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementView {
    pub statement: Statement,
    pub totals: Totals,
}

/// Computes totals for every statement of one office. A published
/// statement keeps the balance carried forward it was published with
/// (`frozen_carried`); any other carries forward the closing balance of the
/// latest earlier statement in force. A statement is in force unless a
/// published correction superseded it; a correction is in force only once
/// published (until then the statement it corrects still is).
pub fn statement_views(mut statements: Vec<Statement>) -> Vec<StatementView> {
    statements.sort_by(|a, b| {
        (a.period.start(), a.period.end(), &a.id).cmp(&(b.period.start(), b.period.end(), &b.id))
    });
    let superseded_by: std::collections::HashMap<String, Option<String>> = statements
        .iter()
        .map(|s| (s.id.clone(), s.superseded_by.clone()))
        .collect();
    let pending_correction = |s: &Statement| {
        s.supersedes.as_ref().is_some_and(|old| {
            superseded_by
                .get(old)
                .is_some_and(|by| by.as_deref() != Some(s.id.as_str()))
        })
    };
    let mut out = Vec::with_capacity(statements.len());
    // (end of period, closing balance) of the statements in force so far.
    let mut in_force: Vec<(chrono::NaiveDate, Decimal)> = vec![];
    for s in statements {
        let cf = match (s.frozen_carried, s.opening_balance) {
            (Some(f), _) => f,
            (None, Some(o)) => o,
            (None, None) => in_force
                .iter()
                .rev()
                .find(|(end, _)| *end < s.period.start())
                .map(|(_, c)| *c)
                .unwrap_or(Decimal::ZERO),
        };
        let t = super::money::totals(cf, &s.lines);
        if s.superseded_by.is_none() && !pending_correction(&s) {
            in_force.push((s.period.end(), t.closing));
        }
        out.push(StatementView {
            statement: s,
            totals: t,
        });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AspectResult {
    pub aspect: Aspect,
    pub ok: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub n: u32,
    pub failing: Option<Failing>,
    /// A record the finding is about (disclosure or opinion id), if any.
    pub about: Option<String>,
    pub description: String,
    pub correction_required: String,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub check: String,
    pub finding: u32,
    pub on: NaiveDate,
    pub by: String,
    pub office: OfficeCode,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: String,
    /// The office that recorded the check.
    pub office: OfficeCode,
    /// The office checked (itself, or one below for a street inspection).
    pub target: OfficeCode,
    pub period: Period,
    pub checked_on: NaiveDate,
    pub members: Vec<String>,
    pub aspects: Vec<AspectResult>,
    pub findings: Vec<Finding>,
    pub summary: String,
    pub recorded_by: String,
}
