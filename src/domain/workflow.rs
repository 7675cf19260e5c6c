//! Workflow rules: a `Command` from an actor, checked against the current
//! records (through `View`), becomes the events to append — or a typed
//! refusal with a readable message. The rules themselves are in `rules`.

pub use super::rules::{civil_today, decide, disclosure_ready, outcome_fits};

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::DomainError;
use super::money::Line;
use super::records::*;
use super::types::*;

/// Who acts: an operator of the office, or the system (administration from
/// the command line: init, adding operators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    System,
    Operator(Operator),
}

impl Actor {
    pub fn name(&self) -> &str {
        match self {
            Actor::System => "system",
            Actor::Operator(o) => &o.name,
        }
    }
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::System => None,
            Actor::Operator(o) => Some(o.role),
        }
    }
}

/// Storage reads the rules need. Implemented by the store over a transaction.
pub trait View {
    fn own_office(&self) -> Result<Option<Office>, DomainError>;
    fn office(&self, code: &OfficeCode) -> Result<Option<Office>, DomainError>;
    fn settings(&self) -> Result<Settings, DomainError>;
    fn operator(&self, name: &str) -> Result<Option<Operator>, DomainError>;
    fn disclosure(&self, id: &str) -> Result<Option<Disclosure>, DomainError>;
    fn opinion(&self, id: &str) -> Result<Option<Opinion>, DomainError>;
    fn reply_count(&self, opinion: &str) -> Result<usize, DomainError>;
    fn box_opening(&self, id: &str) -> Result<Option<BoxOpening>, DomainError>;
    fn box_logged(&self, id: &str) -> Result<u32, DomainError>;
    fn statement(&self, id: &str) -> Result<Option<Statement>, DomainError>;
    /// A statement is locked once a published item discloses it.
    fn statement_locked(&self, id: &str) -> Result<bool, DomainError>;
    fn check(&self, id: &str) -> Result<Option<Check>, DomainError>;
    fn resolution(&self, check: &str, finding: u32) -> Result<Option<Resolution>, DomainError>;
    /// The next free sequence number for ids of `kind` in `year` (1-based).
    fn next_number(&self, kind: IdKind, year: i32) -> Result<u32, DomainError>;
}

/// The kinds of record ids. Each has its own sequence per office and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Disclosure,
    Opinion,
    Reply,
    BoxOpening,
    Statement,
    Check,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Disclosure => "",
            IdKind::Opinion => "YJ",
            IdKind::Reply => "FK",
            IdKind::BoxOpening => "XH",
            IdKind::Statement => "CW",
            IdKind::Check => "JC",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Disclosure => "disclosure",
            IdKind::Opinion => "opinion",
            IdKind::Reply => "reply",
            IdKind::BoxOpening => "box",
            IdKind::Statement => "statement",
            IdKind::Check => "check",
        }
    }
    pub fn make(self, office: &OfficeCode, year: i32, n: u32) -> String {
        format!("{}-{}{}-{:04}", office, self.prefix(), year, n)
    }
    /// Splits an id into (kind, year, number) if it has the shape `make` gives.
    pub fn parse(id: &str) -> Option<(IdKind, i32, u32)> {
        let mut parts = id.split('-');
        let _office = parts.next()?;
        let mid = parts.next()?;
        let n: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        let digits = mid.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let prefix = &mid[..mid.len() - digits.len()];
        let year: i32 = digits.parse().ok()?;
        let kind = [
            IdKind::Disclosure,
            IdKind::Opinion,
            IdKind::Reply,
            IdKind::BoxOpening,
            IdKind::Statement,
            IdKind::Check,
        ]
        .into_iter()
        .find(|k| k.prefix() == prefix)?;
        Some((kind, year, n))
    }
}

/// A reply as typed in the reply form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDraft {
    pub replied_on: NaiveDate,
    pub form: ReplyForm,
    pub text: String,
    pub outcome: Outcome,
    /// For `corrected`: the correction's disclosure id.
    pub correction: Option<String>,
    /// For `referred`: the office referred to (default: the parent office).
    pub referred_to: Option<OfficeCode>,
    pub public: bool,
}

/// An opinion as typed in the quick-entry form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionDraft {
    pub received_at: NaiveDateTime,
    pub channel: Channel,
    pub from: Option<Resident>,
    pub kind: OpinionKind,
    pub about: Option<String>,
    pub text: String,
    /// Default: complaints go to the supervision team, the rest to the committee.
    pub routed_to: Option<RouteTo>,
    pub box_opening: Option<String>,
}

/// What a user asks for. Every command names all it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    AddOperator {
        name: String,
        role: Role,
        pin_hash: Option<String>,
    },
    ChangeOperator {
        name: String,
        role: Role,
        pin_hash: Option<String>,
        active: bool,
    },
    RegisterOffice {
        office: Office,
    },
    ChangeSettings {
        settings: Settings,
    },
    /// Change one setting (`settings::SettingKey`), the value as typed.
    ChangeSetting {
        key: super::settings::SettingKey,
        value: String,
    },

    Draft {
        fields: DraftFields,
        basis: Basis,
        request: Option<String>,
    },
    Revise {
        id: String,
        fields: DraftFields,
    },
    Sign {
        id: String,
    },
    Submit {
        id: String,
        on: NaiveDate,
        planned_on: Option<NaiveDate>,
    },
    Approve {
        id: String,
        note: String,
    },
    Return {
        id: String,
        amendments: String,
    },
    Publish {
        id: String,
        on: NaiveDate,
        forms: Option<Vec<Form>>,
        seal: String,
    },
    Correct {
        id: String,
        fields: DraftFields,
        explanation: String,
    },
    Archive {
        id: String,
        on: NaiveDate,
    },
    /// Brings in an item of the office's earlier register that was
    /// published before juwu kept it.
    ImportDisclosure {
        fields: DraftFields,
        basis: Basis,
        status: Status,
        /// Empty for an item not yet published.
        published_on: Option<NaiveDate>,
        forms: Vec<Form>,
        seal: String,
        archived_on: Option<NaiveDate>,
        signers: Vec<ImportedSigner>,
        approved_by: Option<String>,
        correction_note: Option<String>,
        source_ref: Option<String>,
        /// The item of this register it corrects (it becomes superseded).
        supersedes: Option<String>,
    },
    /// An opinion of the office's earlier book, with who recorded it there
    /// and its number there.
    ImportOpinion {
        draft: OpinionDraft,
        recorded_by: Option<String>,
        source_ref: Option<String>,
    },
    /// A reply of the office's earlier log: who replied, and for a granted
    /// request the item (already imported) it led to.
    ImportReply {
        opinion: String,
        draft: ReplyDraft,
        replied_by: Option<String>,
        granted_item: Option<String>,
    },

    OpenBox {
        opened_on: NaiveDate,
        witnesses: Vec<String>,
        slips: u32,
    },
    LogOpinion {
        draft: OpinionDraft,
        on_the_spot: Option<ReplyDraft>,
    },
    Reroute {
        id: String,
        to: RouteTo,
    },
    Pause {
        id: String,
        on: NaiveDate,
        reason: String,
    },
    Resume {
        id: String,
        on: NaiveDate,
    },
    VerifyComplaint {
        id: String,
        holds: bool,
        on: NaiveDate,
        note: String,
    },
    Reply {
        opinion: String,
        draft: ReplyDraft,
        granted: Option<DraftFields>,
    },

    DraftStatement {
        period: Period,
        lines: Vec<Line>,
        opening_balance: Option<Decimal>,
        supersedes: Option<String>,
    },
    ReviseStatement {
        id: String,
        lines: Vec<Line>,
        opening_balance: Option<Decimal>,
    },

    RecordCheck {
        target: Option<OfficeCode>,
        period: Period,
        checked_on: NaiveDate,
        members: Vec<String>,
        aspects: Vec<AspectResult>,
        findings: Vec<Finding>,
        summary: String,
    },
    ResolveFinding {
        check: String,
        finding: u32,
        on: NaiveDate,
        note: String,
    },
}

/// What the rules may do, by role. `None` is the system actor.
/// The kinds of act the roles are given (DOMAIN.md "Who uses it"): one
/// table, used by `decide` and by the screens to offer only what the
/// signed-in role may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Act {
    ManageOperators,
    RegisterOffices,
    ChangeSettings,
    DraftDisclosure,
    Sign,
    Submit,
    Review,
    Publish,
    Archive,
    ImportRegister,
    LogOpinion,
    RouteOrPause,
    VerifyComplaint,
    Reply,
    PrepareStatement,
    RecordCheck,
    ResolveFinding,
}

impl Act {
    pub const ALL: &'static [Act] = &[
        Act::ManageOperators,
        Act::RegisterOffices,
        Act::ChangeSettings,
        Act::DraftDisclosure,
        Act::Sign,
        Act::Submit,
        Act::Review,
        Act::Publish,
        Act::Archive,
        Act::ImportRegister,
        Act::LogOpinion,
        Act::RouteOrPause,
        Act::VerifyComplaint,
        Act::Reply,
        Act::PrepareStatement,
        Act::RecordCheck,
        Act::ResolveFinding,
    ];

    /// The act a command is.
    pub fn of(cmd: &Command) -> Act {
        match cmd {
            Command::AddOperator { .. } | Command::ChangeOperator { .. } => Act::ManageOperators,
            Command::RegisterOffice { .. } => Act::RegisterOffices,
            Command::ChangeSettings { .. } | Command::ChangeSetting { .. } => Act::ChangeSettings,
            Command::Draft { .. } | Command::Revise { .. } | Command::Correct { .. } => {
                Act::DraftDisclosure
            }
            Command::Sign { .. } => Act::Sign,
            Command::Submit { .. } => Act::Submit,
            Command::Approve { .. } | Command::Return { .. } => Act::Review,
            Command::Publish { .. } => Act::Publish,
            Command::Archive { .. } => Act::Archive,
            Command::ImportDisclosure { .. }
            | Command::ImportOpinion { .. }
            | Command::ImportReply { .. } => Act::ImportRegister,
            Command::OpenBox { .. } | Command::LogOpinion { .. } => Act::LogOpinion,
            Command::Reroute { .. } | Command::Pause { .. } | Command::Resume { .. } => {
                Act::RouteOrPause
            }
            Command::VerifyComplaint { .. } => Act::VerifyComplaint,
            Command::Reply { .. } => Act::Reply,
            Command::DraftStatement { .. } | Command::ReviseStatement { .. } => {
                Act::PrepareStatement
            }
            Command::RecordCheck { .. } => Act::RecordCheck,
            Command::ResolveFinding { .. } => Act::ResolveFinding,
        }
    }

    /// What the act is, in a refusal ("a clerk may not …"), in the UI
    /// language.
    pub fn label(self, zh: bool) -> &'static str {
        let (en, cn) = match self {
            Act::ManageOperators => ("manage operators", "管理操作员"),
            Act::RegisterOffices => ("register offices", "登记单位"),
            Act::ChangeSettings => ("change the office settings", "修改本单位设置"),
            Act::DraftDisclosure => ("draft or revise a disclosure", "起草或修改公开事项"),
            Act::Sign => ("sign a disclosure", "签字"),
            Act::Submit => ("submit a disclosure for review", "提交审核"),
            Act::Review => ("record a review", "审核公开事项"),
            Act::Publish => ("publish a disclosure", "公开事项"),
            Act::Archive => ("archive a disclosure", "归档"),
            Act::ImportRegister => ("import an earlier register", "导入原有登记簿"),
            Act::LogOpinion => ("log opinions", "登记意见"),
            Act::RouteOrPause => ("route or pause an opinion", "转交或暂停意见"),
            Act::VerifyComplaint => ("verify a complaint", "核实投诉"),
            Act::Reply => ("reply to an opinion", "答复意见"),
            Act::PrepareStatement => ("prepare a finance statement", "编制财务报表"),
            Act::RecordCheck => ("record a supervision check", "登记监督检查"),
            Act::ResolveFinding => ("resolve a finding", "登记整改完成"),
        };
        if zh { cn } else { en }
    }
}

/// May an operator of `role` do `act`? The one table of permissions.
pub fn may(role: Role, act: Act) -> bool {
    use Role::*;
    let ok: &[Role] = match act {
        Act::ManageOperators | Act::RegisterOffices => &[Director, Secretary],
        Act::ChangeSettings => &[Director],
        Act::DraftDisclosure | Act::Submit => &[Clerk, Director, Secretary, Finance],
        Act::Sign => &[Director, Secretary, Finance],
        Act::Review | Act::VerifyComplaint | Act::RecordCheck => &[Supervisor],
        Act::Publish | Act::Archive | Act::ImportRegister => &[Clerk, Director, Secretary],
        Act::LogOpinion | Act::Reply => &[Clerk, Director, Secretary, Finance, Supervisor],
        Act::RouteOrPause | Act::ResolveFinding => &[Clerk, Director, Secretary, Supervisor],
        Act::PrepareStatement => &[Finance, Director],
    };
    ok.contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let c = OfficeCode::parse("QH01").unwrap();
        let id = IdKind::Opinion.make(&c, 2026, 7);
        assert_eq!(id, "QH01-YJ2026-0007");
        assert_eq!(IdKind::parse(&id), Some((IdKind::Opinion, 2026, 7)));
        assert_eq!(
            IdKind::parse("QH01-2026-0042"),
            Some((IdKind::Disclosure, 2026, 42))
        );
        assert_eq!(IdKind::parse("nonsense"), None);
    }
}
