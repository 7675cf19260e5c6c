//! Workflow rules: a `Command` from an actor, checked against the current
//! records (through `View`), becomes the events to append — or a typed
//! refusal with a readable message.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::DomainError;
use super::events::EventBody;
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
    /// The act a command is.
    pub fn of(cmd: &Command) -> Act {
        match cmd {
            Command::AddOperator { .. } | Command::ChangeOperator { .. } => Act::ManageOperators,
            Command::RegisterOffice { .. } => Act::RegisterOffices,
            Command::ChangeSettings { .. } => Act::ChangeSettings,
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

    /// What the act is, in a refusal ("a clerk may not …").
    pub fn what(self) -> &'static str {
        match self {
            Act::ManageOperators => "manage operators",
            Act::RegisterOffices => "register offices",
            Act::ChangeSettings => "change the office settings",
            Act::DraftDisclosure => "draft or revise a disclosure",
            Act::Sign => "sign a disclosure",
            Act::Submit => "submit a disclosure for review",
            Act::Review => "record a review",
            Act::Publish => "publish a disclosure",
            Act::Archive => "archive a disclosure",
            Act::ImportRegister => "import an earlier register",
            Act::LogOpinion => "log opinions",
            Act::RouteOrPause => "route or pause an opinion",
            Act::VerifyComplaint => "verify a complaint",
            Act::Reply => "reply to an opinion",
            Act::PrepareStatement => "prepare a finance statement",
            Act::RecordCheck => "record a supervision check",
            Act::ResolveFinding => "resolve a finding",
        }
    }

    /// The same in Chinese.
    pub fn what_zh(self) -> &'static str {
        match self {
            Act::ManageOperators => "管理操作员",
            Act::RegisterOffices => "登记单位",
            Act::ChangeSettings => "修改本单位设置",
            Act::DraftDisclosure => "起草或修改公开事项",
            Act::Sign => "签字",
            Act::Submit => "提交审核",
            Act::Review => "审核公开事项",
            Act::Publish => "公开事项",
            Act::Archive => "归档",
            Act::ImportRegister => "导入原有登记簿",
            Act::LogOpinion => "登记意见",
            Act::RouteOrPause => "转交或暂停意见",
            Act::VerifyComplaint => "核实投诉",
            Act::Reply => "答复意见",
            Act::PrepareStatement => "编制财务报表",
            Act::RecordCheck => "登记监督检查",
            Act::ResolveFinding => "登记整改完成",
        }
    }
}

/// May an operator of `role` do `act`? The one table of permissions.
pub fn may(role: Role, act: Act) -> bool {
    use Role::*;
    let ok: &[Role] = match act {
        Act::ManageOperators | Act::RegisterOffices | Act::ChangeSettings => &[Director, Secretary],
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

fn allowed(role: Option<Role>, cmd: &Command) -> Result<(), DomainError> {
    let act = Act::of(cmd);
    match role {
        // The system may administer, nothing else.
        None => match act {
            Act::ManageOperators | Act::RegisterOffices | Act::ChangeSettings => Ok(()),
            _ => Err(DomainError::NeedsOperator(act.what())),
        },
        Some(r) if may(r, act) => Ok(()),
        Some(r) => Err(DomainError::NotAllowed {
            role: r.to_string(),
            action: act.what(),
        }),
    }
}

fn check_fields(f: &DraftFields) -> Result<(), DomainError> {
    check_text("title", &f.title, true)?;
    check_text("body", &f.body, false)?;
    if f.title.chars().count() > 200 {
        return Err(DomainError::rule(
            "title is longer than 200 characters",
            "标题超过 200 字",
        ));
    }
    Ok(())
}

fn need<T>(what: &'static str, id: &str, v: Option<T>) -> Result<T, DomainError> {
    v.ok_or_else(|| DomainError::NotFound {
        what,
        id: id.to_string(),
    })
}

fn own(view: &dyn View) -> Result<Office, DomainError> {
    view.own_office()?.ok_or_else(|| {
        DomainError::rule(
            "this database has no office yet: run `juwu init` first",
            "此数据库尚未建立单位：请先运行 `juwu init`",
        )
    })
}

fn wrong(d: &Disclosure, action: &'static str) -> DomainError {
    if d.status.was_published() {
        DomainError::Published(d.id.clone())
    } else {
        DomainError::WrongState {
            id: d.id.clone(),
            status: d.status.to_string(),
            action,
        }
    }
}

fn own_disclosure(view: &dyn View, office: &Office, id: &str) -> Result<Disclosure, DomainError> {
    let d = need("disclosure", id, view.disclosure(id)?)?;
    if d.office != office.code {
        return Err(DomainError::OtherOffice(id.to_string()));
    }
    Ok(d)
}

fn own_opinion(view: &dyn View, office: &Office, id: &str) -> Result<Opinion, DomainError> {
    let o = need("opinion", id, view.opinion(id)?)?;
    if o.office != office.code {
        return Err(DomainError::OtherOffice(id.to_string()));
    }
    Ok(o)
}

fn check_statement_ref(
    view: &dyn View,
    office: &Office,
    f: &DraftFields,
) -> Result<(), DomainError> {
    if let Some(sid) = &f.statement {
        let s = need("statement", sid, view.statement(sid)?)?;
        if s.office != office.code {
            return Err(DomainError::OtherOffice(sid.clone()));
        }
        if f.category != Category::Finance {
            return Err(DomainError::rule(
                "a statement is disclosed through a finance item",
                "财务报表只能通过“财务”类事项公开",
            ));
        }
    }
    Ok(())
}

fn next_id(
    view: &dyn View,
    office: &Office,
    kind: IdKind,
    year: i32,
) -> Result<String, DomainError> {
    Ok(kind.make(&office.code, year, view.next_number(kind, year)?))
}

fn check_reply(
    view: &dyn View,
    office: &Office,
    opinion: &Opinion,
    r: &ReplyDraft,
) -> Result<(), DomainError> {
    check_reply_as(view, office, opinion, r, false)
}

/// `imported`: a reply of an earlier register, whose complaint was
/// verified on paper (the registers carry no verification record).
fn check_reply_as(
    view: &dyn View,
    office: &Office,
    opinion: &Opinion,
    r: &ReplyDraft,
    imported: bool,
) -> Result<(), DomainError> {
    check_text("reply text", &r.text, true)?;
    if r.replied_on < opinion.received_on() {
        return Err(DomainError::rule(
            format!(
                "the reply date {} is before the opinion was received ({})",
                r.replied_on,
                opinion.received_on()
            ),
            format!(
                "答复日期 {} 早于收到意见的日期（{}）",
                r.replied_on,
                opinion.received_on()
            ),
        ));
    }
    // A complaint of omission or untruth is verified by the supervision
    // team (DOMAIN.md, plans: "the supervision team shall conduct a
    // verification investigation"); only then is it answered, and if it
    // holds, the answer is the published correction. Referring it upward
    // needs no verification.
    if !imported && opinion.kind.is_complaint() && r.outcome != Outcome::Referred {
        match &opinion.verification {
            None => {
                return Err(DomainError::rule(
                    format!(
                        "{} is a complaint: the supervision team verifies it before it is answered",
                        opinion.id
                    ),
                    format!("{} 是投诉：须先由监督小组核实，再作答复", opinion.id),
                ));
            }
            Some(v) if v.holds && r.outcome != Outcome::Corrected => {
                return Err(DomainError::rule(
                    format!(
                        "the complaint {} was found to hold: answer it with the published correction (outcome 'corrected')",
                        opinion.id
                    ),
                    format!(
                        "投诉 {} 经核实属实：须以已公开的更正答复（结果“已更正”）",
                        opinion.id
                    ),
                ));
            }
            _ => {}
        }
    }
    match r.outcome {
        Outcome::Corrected => {
            let cid = r.correction.as_deref().ok_or_else(|| {
                DomainError::rule(
                    "outcome 'corrected' needs the correction's disclosure id",
                    "结果为“已更正”时，须填写更正事项的编号",
                )
            })?;
            let c = need("disclosure", cid, view.disclosure(cid)?)?;
            if c.supersedes.is_none() {
                return Err(DomainError::rule(
                    format!("{cid} is not a correction (it supersedes nothing)"),
                    format!("{cid} 不是更正版本（没有取代任何事项）"),
                ));
            }
            if !c.status.was_published() {
                return Err(DomainError::rule(
                    format!("the correction {cid} is not published yet: publish it, then reply"),
                    format!("更正 {cid} 尚未公开：请先公开，再答复"),
                ));
            }
        }
        Outcome::Granted | Outcome::Declined
            if opinion.kind != OpinionKind::DisclosureRequest
                && opinion.kind != OpinionKind::FileAccess =>
        {
            return Err(DomainError::rule(
                format!(
                    "outcome '{}' answers a disclosure request or file access request; {} is a {}",
                    r.outcome, opinion.id, opinion.kind
                ),
                format!(
                    "结果“{}”只用于申请公开或查阅档案；{} 是“{}”",
                    r.outcome.zh(),
                    opinion.id,
                    opinion.kind.zh()
                ),
            ));
        }
        Outcome::Referred => {
            let to = r.referred_to.clone().or_else(|| office.parent.clone()).ok_or_else(|| {
                DomainError::rule("outcome 'referred' needs an office to refer to (this office has no parent)", "结果为“转上级”时须有上级单位（本单位没有上级）")
            })?;
            if view.office(&to)?.is_none() {
                return Err(DomainError::UnknownOffice(to.to_string()));
            }
        }
        _ => {}
    }
    Ok(())
}

fn make_reply(
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

/// Checks `cmd` by `actor` against the records and returns the events to
/// append. `now` is the wall clock; dates typed by users travel in the
/// command.
pub fn decide(
    view: &dyn View,
    actor: &Actor,
    cmd: &Command,
    now: DateTime<Utc>,
) -> Result<Vec<EventBody>, DomainError> {
    allowed(actor.role(), cmd)?;
    let today = now.date_naive();
    let civil = civil_today(now);
    let office = own(view)?;
    let ev = match cmd {
        Command::AddOperator {
            name,
            role,
            pin_hash,
        } => {
            check_text("operator name", name, true)?;
            if view.operator(name.trim())?.is_some() {
                return Err(DomainError::DuplicateOperator(name.trim().to_string()));
            }
            vec![EventBody::OperatorAdded {
                operator: Operator {
                    name: name.trim().to_string(),
                    role: *role,
                    pin_hash: pin_hash.clone(),
                    active: true,
                },
            }]
        }
        Command::ChangeOperator {
            name,
            role,
            pin_hash,
            active,
        } => {
            need("operator", name, view.operator(name)?)?;
            vec![EventBody::OperatorChanged {
                operator: Operator {
                    name: name.clone(),
                    role: *role,
                    pin_hash: pin_hash.clone(),
                    active: *active,
                },
            }]
        }
        Command::RegisterOffice { office: o } => {
            check_text("office name", &o.name, true)?;
            if o.code == office.code {
                return Err(DomainError::rule(
                    "that is this database's own office",
                    "这是本数据库自己的单位",
                ));
            }
            vec![EventBody::OfficeRegistered { office: o.clone() }]
        }
        Command::ChangeSettings { settings } => {
            if !(1..=28).contains(&settings.finance_due_day)
                || !(1..=28).contains(&settings.work_due_day)
            {
                return Err(DomainError::rule(
                    "due days must be between 1 and 28",
                    "期限日须在 1 到 28 之间",
                ));
            }
            vec![EventBody::SettingsChanged {
                settings: settings.clone(),
            }]
        }

        Command::Draft {
            fields,
            basis,
            request,
        } => {
            check_fields(fields)?;
            check_statement_ref(view, &office, fields)?;
            if let Some(r) = request {
                let o = need("opinion", r, view.opinion(r)?)?;
                if o.kind != OpinionKind::DisclosureRequest {
                    return Err(DomainError::rule(
                        format!("{r} is not a disclosure request"),
                        format!("{r} 不是申请公开"),
                    ));
                }
            }
            if *basis == Basis::OnApplication && request.is_none() {
                return Err(DomainError::rule(
                    "an on_application item must link the disclosure request",
                    "依申请公开的事项须关联该申请",
                ));
            }
            vec![EventBody::DisclosureDrafted {
                id: next_id(view, &office, IdKind::Disclosure, today.year())?,
                fields: fields.clone(),
                basis: *basis,
                request: request.clone(),
                supersedes: None,
                correction_note: None,
            }]
        }
        Command::Revise { id, fields } => {
            let d = own_disclosure(view, &office, id)?;
            if !d.status.editable() {
                return Err(wrong(&d, "revise"));
            }
            check_fields(fields)?;
            check_statement_ref(view, &office, fields)?;
            vec![EventBody::DisclosureRevised {
                id: id.clone(),
                fields: fields.clone(),
            }]
        }
        Command::Sign { id } => {
            let d = own_disclosure(view, &office, id)?;
            if !matches!(d.status, Status::Draft | Status::Returned) {
                return Err(wrong(&d, "sign"));
            }
            let role = actor
                .role()
                .ok_or(DomainError::NeedsOperator("sign a disclosure"))?;
            if d.signed_by(role) {
                return Err(DomainError::AlreadySigned {
                    id: id.clone(),
                    role: role.to_string(),
                });
            }
            vec![EventBody::DisclosureSigned {
                id: id.clone(),
                role,
            }]
        }
        Command::Submit { id, on, planned_on } => {
            let d = own_disclosure(view, &office, id)?;
            if d.status != Status::Signed {
                return Err(if d.status.editable() && !d.fully_signed() {
                    let missing: Vec<&str> = SIGNING_ROLES
                        .iter()
                        .filter(|r| !d.signed_by(**r))
                        .map(|r| r.as_str())
                        .collect();
                    DomainError::rule(
                        format!("{id} still needs the signature of: {}", missing.join(", ")),
                        format!(
                            "{id} 还需以下人员签字：{}",
                            SIGNING_ROLES
                                .iter()
                                .filter(|r| !d.signed_by(**r))
                                .map(|r| r.zh())
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    )
                } else {
                    wrong(&d, "submit")
                });
            }
            let planned = planned_on.or(d.fields.planned_on).ok_or_else(|| {
                DomainError::rule(
                    "give the planned publication date before submitting for review",
                    "提交审核前请填写拟公开日期",
                )
            })?;
            not_after_today(("submission", "提交审核"), *on, civil)?;
            if planned < *on {
                return Err(DomainError::rule(
                    format!("the planned publication date {planned} is before {on}"),
                    format!("拟公开日期 {planned} 早于 {on}"),
                ));
            }
            vec![EventBody::DisclosureSubmitted {
                id: id.clone(),
                on: *on,
                planned_on: planned,
            }]
        }
        Command::Approve { id, note } => {
            let d = own_or_reviewable(view, &office, id)?;
            if d.status != Status::InReview {
                return Err(wrong(&d, "approve"));
            }
            check_text("note", note, false)?;
            vec![EventBody::DisclosureApproved {
                id: id.clone(),
                note: note.clone(),
            }]
        }
        Command::Return { id, amendments } => {
            let d = own_or_reviewable(view, &office, id)?;
            if d.status != Status::InReview {
                return Err(wrong(&d, "return"));
            }
            check_text("amendments", amendments, true)?;
            vec![EventBody::DisclosureReturned {
                id: id.clone(),
                amendments: amendments.clone(),
            }]
        }
        Command::Publish {
            id,
            on,
            forms,
            seal,
        } => {
            let d = own_disclosure(view, &office, id)?;
            if d.status != Status::Approved {
                return Err(wrong(&d, "publish"));
            }
            let forms = forms.clone().unwrap_or_else(|| d.fields.forms.clone());
            if forms.is_empty() {
                return Err(DomainError::rule(
                    "choose at least one form of publication",
                    "请至少选择一种公开形式",
                ));
            }
            check_text("seal", seal, true)?;
            not_after_today(("publication", "公开"), *on, civil)?;
            if let Some(sid) = &d.fields.statement
                && let Some(st) = view.statement(sid)?
                && let Some(old) = &st.supersedes
                && let Some(o) = view.statement(old)?
                && o.superseded_by.is_some()
            {
                return Err(DomainError::rule(
                    format!(
                        "statement {old} has already been corrected: {sid} cannot correct it again"
                    ),
                    format!("财务报表 {old} 已经更正过，{sid} 不能再更正它"),
                ));
            }
            if let Some(old) = &d.supersedes {
                let o = need("disclosure", old, view.disclosure(old)?)?;
                if o.superseded_by.is_some() {
                    return Err(DomainError::rule(
                        format!("{old} has already been corrected"),
                        format!("{old} 已经更正过"),
                    ));
                }
            }
            vec![EventBody::DisclosurePublished {
                id: id.clone(),
                on: *on,
                forms,
                seal: seal.clone(),
            }]
        }
        Command::Correct {
            id,
            fields,
            explanation,
        } => {
            let d = own_disclosure(view, &office, id)?;
            if !d.status.was_published() || d.superseded_by.is_some() {
                return Err(DomainError::WrongState {
                    id: id.clone(),
                    status: d.status.to_string(),
                    action: "correct (only a published item in force can be corrected)",
                });
            }
            check_fields(fields)?;
            check_statement_ref(view, &office, fields)?;
            check_text("explanation", explanation, true)?;
            vec![EventBody::DisclosureDrafted {
                id: next_id(view, &office, IdKind::Disclosure, today.year())?,
                fields: fields.clone(),
                basis: d.basis,
                request: d.request.clone(),
                supersedes: Some(id.clone()),
                correction_note: Some(explanation.clone()),
            }]
        }
        Command::Archive { id, on } => {
            let d = own_disclosure(view, &office, id)?;
            if !matches!(d.status, Status::Published | Status::Superseded) {
                return Err(DomainError::WrongState {
                    id: id.clone(),
                    status: d.status.to_string(),
                    action: "archive",
                });
            }
            not_after_today(("archiving", "归档"), *on, civil)?;
            vec![EventBody::DisclosureArchived {
                id: id.clone(),
                on: *on,
            }]
        }
        Command::ImportDisclosure {
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
        } => {
            check_fields(fields)?;
            check_statement_ref(view, &office, fields)?;
            if let Some(old) = supersedes {
                let o = own_disclosure(view, &office, old)?;
                if !o.status.was_published() {
                    return Err(DomainError::rule(
                        format!("{old} was never published, so it cannot be corrected"),
                        format!("{old} 未公开过，不能更正"),
                    ));
                }
                if let Some(by) = &o.superseded_by {
                    return Err(DomainError::rule(
                        format!("{old} has already been corrected by {by}"),
                        format!("{old} 已被 {by} 更正"),
                    ));
                }
            }
            // An item not yet published comes in at its stage of the
            // workflow (with its signatures) and goes on from there.
            let published_on = match (status.was_published(), published_on) {
                (true, None) => {
                    return Err(DomainError::Invalid(format!(
                        "a {status} item needs its publication date"
                    )));
                }
                (false, Some(_)) => {
                    return Err(DomainError::Invalid(format!(
                        "a {status} item has no publication date: leave it empty"
                    )));
                }
                (_, Some(p)) if *p > civil => {
                    return Err(DomainError::Invalid(format!(
                        "the publication date {p} is in the future"
                    )));
                }
                (_, p) => *p,
            };
            if supersedes.is_some() && !status.was_published() {
                // A correction not yet published supersedes nothing yet.
                return Err(DomainError::Invalid(
                    "an unpublished correction cannot be imported; draft it in juwu with \
                     `correct`"
                        .into(),
                ));
            }
            match (status, archived_on) {
                (Status::Archived, None) => {
                    return Err(DomainError::Invalid(
                        "an archived item needs its archiving date".into(),
                    ));
                }
                (_, Some(a)) if published_on.is_some_and(|p| *a < p) => {
                    return Err(DomainError::Invalid(format!(
                        "the archiving date {a} is before the publication date {}",
                        published_on.unwrap_or_default()
                    )));
                }
                _ => {}
            }
            if forms.is_empty() {
                return Err(DomainError::Invalid(
                    "choose at least one form of publication".into(),
                ));
            }
            check_text("seal", seal, true)?;
            for s in signers {
                check_text("signature", &s.name, true)?;
            }
            if let Some(n) = correction_note {
                check_text("correction note", n, false)?;
            }
            vec![EventBody::DisclosureImported {
                id: next_id(
                    view,
                    &office,
                    IdKind::Disclosure,
                    published_on.unwrap_or(today).year(),
                )?,
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
            }]
        }
        Command::ImportOpinion {
            draft,
            recorded_by,
            source_ref,
        } => {
            let log = Command::LogOpinion {
                draft: draft.clone(),
                on_the_spot: None,
            };
            let mut evs = decide(view, actor, &log, now)?;
            for e in &mut evs {
                if let EventBody::OpinionReceived { opinion } = e {
                    if let Some(r) = recorded_by.as_ref().filter(|r| !r.trim().is_empty()) {
                        check_text("recorded by", r, true)?;
                        opinion.recorded_by = r.trim().to_string();
                    }
                    opinion.source_ref = source_ref.clone().filter(|s| !s.trim().is_empty());
                }
            }
            evs
        }
        Command::ImportReply {
            opinion,
            draft,
            replied_by,
            granted_item,
        } => {
            let by = replied_by.as_ref().filter(|r| !r.trim().is_empty());
            if let Some(r) = by {
                check_text("replied by", r, true)?;
            }
            let mut evs = if draft.outcome == Outcome::Granted {
                let o = own_opinion(view, &office, opinion)?;
                check_reply_as(view, &office, &o, draft, true)?;
                if o.kind != OpinionKind::DisclosureRequest {
                    return Err(DomainError::rule(
                        format!("{opinion} is not a disclosure request"),
                        format!("{opinion} 不是申请公开"),
                    ));
                }
                let gid = granted_item.as_deref().ok_or_else(|| {
                    DomainError::rule(
                        "a granted request needs the item it led to (import the disclosures first)",
                        "同意公开的答复须填写同意公开事项（请先导入公开事项）",
                    )
                })?;
                let g = own_disclosure(view, &office, gid)?;
                let rid = next_id(view, &office, IdKind::Reply, draft.replied_on.year())?;
                vec![EventBody::ReplyRecorded {
                    reply: make_reply(rid, &office, opinion, actor, draft, Some(g.id)),
                }]
            } else {
                let o = need("opinion", opinion, view.opinion(opinion)?)?;
                check_reply_as(view, &office, &o, draft, true)?;
                let rid = next_id(view, &office, IdKind::Reply, draft.replied_on.year())?;
                vec![EventBody::ReplyRecorded {
                    reply: make_reply(rid, &office, opinion, actor, draft, None),
                }]
            };
            for e in &mut evs {
                if let (EventBody::ReplyRecorded { reply }, Some(r)) = (e, by) {
                    reply.replied_by = r.trim().to_string();
                }
            }
            evs
        }

        Command::OpenBox {
            opened_on,
            witnesses,
            slips,
        } => {
            let w: Vec<String> = witnesses
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            not_after_today(("box opening", "开箱"), *opened_on, civil)?;
            let distinct: std::collections::BTreeSet<&String> = w.iter().collect();
            if distinct.len() < 2 {
                return Err(DomainError::rule(
                    "a suggestion box is opened by at least two people: name both",
                    "意见箱须至少两人在场开启：请填写两人姓名",
                ));
            }
            vec![EventBody::BoxOpened {
                opening: BoxOpening {
                    id: next_id(view, &office, IdKind::BoxOpening, opened_on.year())?,
                    office: office.code.clone(),
                    opened_on: *opened_on,
                    witnesses: w,
                    slips: *slips,
                    recorded_by: actor.name().to_string(),
                },
            }]
        }
        Command::LogOpinion { draft, on_the_spot } => {
            check_text("opinion text", &draft.text, true)?;
            not_after_today(("receipt", "收到意见"), draft.received_at.date(), civil)?;
            if let Some(r) = on_the_spot {
                not_after_today(("reply", "答复"), r.replied_on, civil)?;
            }
            if let Some(r) = &draft.from {
                check_text("name", &r.name, true)?;
            }
            if let Some(a) = &draft.about {
                need("disclosure", a, view.disclosure(a)?)?;
            }
            if let Some(b) = &draft.box_opening {
                let bo = need("box opening", b, view.box_opening(b)?)?;
                if draft.channel != Channel::SuggestionBox {
                    return Err(DomainError::rule(
                        "only suggestion-box slips are logged under a box opening",
                        "只有意见箱里的意见才登记在开箱记录下",
                    ));
                }
                if view.box_logged(b)? >= bo.slips {
                    return Err(DomainError::rule(
                        format!(
                            "all {} slips of box opening {b} are already logged",
                            bo.slips
                        ),
                        format!("开箱 {b} 的 {} 张意见已全部登记", bo.slips),
                    ));
                }
            }
            let routed_to = draft.routed_to.unwrap_or(
                if draft.kind.is_complaint() || draft.kind == OpinionKind::FileAccess {
                    RouteTo::SupervisionTeam
                } else {
                    RouteTo::Committee
                },
            );
            let id = next_id(view, &office, IdKind::Opinion, draft.received_at.year())?;
            let opinion = Opinion {
                id: id.clone(),
                office: office.code.clone(),
                received_at: draft.received_at,
                channel: draft.channel,
                from: draft.from.clone(),
                kind: draft.kind,
                about: draft.about.clone(),
                text: draft.text.clone(),
                recorded_by: actor.name().to_string(),
                routed_to,
                box_opening: draft.box_opening.clone(),
                pauses: vec![],
                verification: None,
                source_ref: None,
            };
            let mut out = vec![];
            if let Some(r) = on_the_spot {
                check_reply(view, &office, &opinion, r)?;
                if matches!(r.outcome, Outcome::Granted) {
                    return Err(DomainError::rule(
                        "a granted request is answered from the reply form",
                        "同意公开的申请请在答复表中答复",
                    ));
                }
                let rid = next_id(view, &office, IdKind::Reply, r.replied_on.year())?;
                let reply = make_reply(rid, &office, &id, actor, r, None);
                out.push(EventBody::OpinionReceived { opinion });
                out.push(EventBody::ReplyRecorded { reply });
            } else {
                out.push(EventBody::OpinionReceived { opinion });
            }
            out
        }
        Command::Reroute { id, to } => {
            let o = own_opinion(view, &office, id)?;
            if o.routed_to == *to {
                return Err(DomainError::rule(
                    format!("{id} is already routed to the {to}"),
                    format!("{id} 已转交{}", to.zh()),
                ));
            }
            vec![EventBody::OpinionRerouted {
                id: id.clone(),
                to: *to,
            }]
        }
        Command::Pause { id, on, reason } => {
            let o = own_opinion(view, &office, id)?;
            if view.reply_count(id)? > 0 {
                return Err(DomainError::rule(
                    format!("{id} is already answered"),
                    format!("{id} 已答复"),
                ));
            }
            if o.is_paused() {
                return Err(DomainError::rule(
                    format!("{id} is already waiting for the resident"),
                    format!("{id} 已在等待居民补充"),
                ));
            }
            if *on < o.received_on() || o.pauses.last().and_then(|p| p.to).is_some_and(|t| *on < t)
            {
                return Err(DomainError::rule(
                    format!("the pause date {on} is too early"),
                    format!("暂停日期 {on} 太早"),
                ));
            }
            check_text("reason", reason, true)?;
            not_after_today(("pause", "暂停"), *on, civil)?;
            vec![EventBody::OpinionPaused {
                id: id.clone(),
                on: *on,
                reason: reason.clone(),
            }]
        }
        Command::Resume { id, on } => {
            let o = own_opinion(view, &office, id)?;
            let p = o.pauses.last().filter(|p| p.to.is_none()).ok_or_else(|| {
                DomainError::rule(
                    format!("{id} is not waiting for the resident"),
                    format!("{id} 没有在等待居民补充"),
                )
            })?;
            if *on < p.from {
                return Err(DomainError::rule(
                    format!("{on} is before the pause began ({})", p.from),
                    format!("{on} 早于暂停开始的日期（{}）", p.from),
                ));
            }
            not_after_today(("resumption", "恢复计时"), *on, civil)?;
            vec![EventBody::OpinionResumed {
                id: id.clone(),
                on: *on,
            }]
        }
        Command::VerifyComplaint {
            id,
            holds,
            on,
            note,
        } => {
            let o = need("opinion", id, view.opinion(id)?)?;
            if !o.kind.is_complaint() {
                return Err(DomainError::rule(
                    format!("{id} is a {}, not a complaint", o.kind),
                    format!("{id} 是“{}”，不是投诉", o.kind.zh()),
                ));
            }
            if o.verification.is_some() {
                return Err(DomainError::rule(
                    format!("{id} has already been verified"),
                    format!("{id} 已核实过"),
                ));
            }
            check_text("note", note, true)?;
            if o.office != office.code {
                return Err(DomainError::OtherOffice(id.clone()));
            }
            not_after_today(("verification", "核实"), *on, civil)?;
            vec![EventBody::ComplaintVerified {
                id: id.clone(),
                holds: *holds,
                on: *on,
                note: note.clone(),
            }]
        }
        Command::Reply {
            opinion,
            draft,
            granted,
        } => {
            let o = need("opinion", opinion, view.opinion(opinion)?)?;
            if actor.role() == Some(Role::Supervisor) && o.routed_to != RouteTo::SupervisionTeam {
                return Err(DomainError::NotAllowed {
                    role: "supervisor".into(),
                    action: "reply to an opinion routed to the committee",
                });
            }
            check_reply(view, &office, &o, draft)?;
            not_after_today(("reply", "答复"), draft.replied_on, civil)?;
            let mut out = vec![];
            let mut granted_item = None;
            if draft.outcome == Outcome::Granted {
                if o.kind != OpinionKind::DisclosureRequest {
                    return Err(DomainError::rule(
                        format!("{opinion} is not a disclosure request"),
                        format!("{opinion} 不是申请公开"),
                    ));
                }
                if o.office != office.code {
                    return Err(DomainError::OtherOffice(opinion.clone()));
                }
                let fields = granted.clone().ok_or_else(|| {
                    DomainError::rule(
                        "a granted request needs the new item's title and content",
                        "同意公开的申请须填写新事项的标题和内容",
                    )
                })?;
                check_fields(&fields)?;
                let did = next_id(view, &office, IdKind::Disclosure, today.year())?;
                out.push(EventBody::DisclosureDrafted {
                    id: did.clone(),
                    fields,
                    basis: Basis::OnApplication,
                    request: Some(opinion.clone()),
                    supersedes: None,
                    correction_note: None,
                });
                granted_item = Some(did);
            }
            let rid = next_id(view, &office, IdKind::Reply, draft.replied_on.year())?;
            out.push(EventBody::ReplyRecorded {
                reply: make_reply(rid, &office, opinion, actor, draft, granted_item),
            });
            out
        }

        Command::DraftStatement {
            period,
            lines,
            opening_balance,
            supersedes,
        } => {
            check_lines(lines)?;
            if let Some(old) = supersedes {
                let s = need("statement", old, view.statement(old)?)?;
                if s.office != office.code {
                    return Err(DomainError::OtherOffice(old.clone()));
                }
                if s.superseded_by.is_some() {
                    return Err(DomainError::rule(
                        format!("{old} has already been superseded"),
                        format!("{old} 已被取代"),
                    ));
                }
            }
            vec![EventBody::StatementDrafted {
                statement: Statement {
                    id: next_id(view, &office, IdKind::Statement, period.start().year())?,
                    office: office.code.clone(),
                    period: *period,
                    lines: lines.clone(),
                    opening_balance: *opening_balance,
                    supersedes: supersedes.clone(),
                    superseded_by: None,
                    prepared_by: actor.name().to_string(),
                    revision: 1,
                    frozen_carried: None,
                },
            }]
        }
        Command::ReviseStatement {
            id,
            lines,
            opening_balance,
        } => {
            let s = need("statement", id, view.statement(id)?)?;
            if s.office != office.code {
                return Err(DomainError::OtherOffice(id.clone()));
            }
            if view.statement_locked(id)? {
                return Err(DomainError::Published(id.clone()));
            }
            check_lines(lines)?;
            vec![EventBody::StatementRevised {
                id: id.clone(),
                lines: lines.clone(),
                opening_balance: *opening_balance,
            }]
        }

        Command::RecordCheck {
            target,
            period,
            checked_on,
            members,
            aspects,
            findings,
            summary,
        } => {
            let target = target.clone().unwrap_or_else(|| office.code.clone());
            if target != office.code && view.office(&target)?.is_none() {
                return Err(DomainError::UnknownOffice(target.to_string()));
            }
            not_after_today(("check", "检查"), *checked_on, civil)?;
            if members.iter().all(|m| m.trim().is_empty()) {
                return Err(DomainError::EmptyField("members"));
            }
            check_text("summary", summary, false)?;
            for (i, f) in findings.iter().enumerate() {
                check_text("finding", &f.description, true)?;
                check_text("required correction", &f.correction_required, true)?;
                if f.n != i as u32 + 1 {
                    return Err(DomainError::rule(
                        "findings are numbered 1, 2, 3, …",
                        "问题须按 1、2、3… 编号",
                    ));
                }
            }
            vec![EventBody::CheckRecorded {
                check: Check {
                    id: next_id(view, &office, IdKind::Check, checked_on.year())?,
                    office: office.code.clone(),
                    target,
                    period: *period,
                    checked_on: *checked_on,
                    members: members.clone(),
                    aspects: aspects.clone(),
                    findings: findings.clone(),
                    summary: summary.clone(),
                    recorded_by: actor.name().to_string(),
                },
            }]
        }
        Command::ResolveFinding {
            check,
            finding,
            on,
            note,
        } => {
            let c = need("check", check, view.check(check)?)?;
            if !c.findings.iter().any(|f| f.n == *finding) {
                return Err(DomainError::NotFound {
                    what: "finding",
                    id: format!("{check} #{finding}"),
                });
            }
            if view.resolution(check, *finding)?.is_some() {
                return Err(DomainError::rule(
                    format!("finding {check} #{finding} is already resolved"),
                    format!("{check} 第 {finding} 项问题已整改"),
                ));
            }
            check_text("note", note, true)?;
            not_after_today(("correction", "整改"), *on, civil)?;
            vec![EventBody::FindingResolved {
                resolution: Resolution {
                    check: check.clone(),
                    finding: *finding,
                    on: *on,
                    by: actor.name().to_string(),
                    office: office.code.clone(),
                    note: note.clone(),
                },
            }]
        }
    };
    Ok(ev)
}

/// Today's date in the register's civil time. The register keeps the dates
/// of its offices, which are all in China (one time zone, UTC+8, no daylight
/// saving): a clerk in Beijing at 07:00 records today's date although the
/// UTC date is still yesterday's.
pub fn civil_today(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(8)).date_naive()
}

/// An act that records something that happened (submitted, received,
/// replied, published, …) cannot be dated after today; planned dates and
/// deadlines can.
fn not_after_today(what: (&str, &str), on: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if on > today {
        return Err(DomainError::rule(
            format!(
                "the {} date {on} is after today ({today}): record it on or after the day it happens",
                what.0
            ),
            format!(
                "{}日期 {on} 晚于今天（{today}）：请在当天或之后登记",
                what.1
            ),
        ));
    }
    Ok(())
}

/// Reviews are recorded by the office's own supervision team.
fn own_or_reviewable(
    view: &dyn View,
    office: &Office,
    id: &str,
) -> Result<Disclosure, DomainError> {
    own_disclosure(view, office, id)
}

fn check_lines(lines: &[Line]) -> Result<(), DomainError> {
    for (i, l) in lines.iter().enumerate() {
        check_text("line description", &l.description, false)?;
        if l.amount.is_sign_negative() {
            return Err(DomainError::rule(
                format!("line {}: amounts are not negative", i + 1),
                format!("第 {} 行：金额不能为负数", i + 1),
            ));
        }
        if l.amount.scale() > 2 && l.amount.normalize().scale() > 2 {
            return Err(DomainError::AmountPrecision(l.amount.to_string()));
        }
    }
    Ok(())
}

/// The status part of `decide` for an act on disclosure `d`, so a screen can
/// say at once why a form or a question would be refused (publishing an
/// unsigned draft, archiving an archived item) instead of after it is
/// filled in. Acts that do not depend on the status pass.
pub fn disclosure_ready(d: &Disclosure, act: Act) -> Result<(), DomainError> {
    let ok = match act {
        Act::Submit => d.status == Status::Signed,
        Act::Review => d.status == Status::InReview,
        Act::Publish => d.status == Status::Approved,
        Act::Archive => matches!(d.status, Status::Published | Status::Superseded),
        _ => true,
    };
    if ok {
        return Ok(());
    }
    if act == Act::Submit && d.status.editable() && !d.fully_signed() {
        let missing = |zh: bool| -> String {
            SIGNING_ROLES
                .iter()
                .filter(|r| !d.signed_by(**r))
                .map(|r| if zh { r.zh() } else { r.as_str() })
                .collect::<Vec<_>>()
                .join(if zh { "、" } else { ", " })
        };
        return Err(DomainError::rule(
            format!("{} still needs the signature of: {}", d.id, missing(false)),
            format!("{} 还需以下人员签字：{}", d.id, missing(true)),
        ));
    }
    let action = match act {
        Act::Submit => "submit",
        Act::Review => "review",
        Act::Publish => "publish",
        _ => "archive",
    };
    Err(if act == Act::Archive {
        DomainError::WrongState {
            id: d.id.clone(),
            status: d.status.to_string(),
            action,
        }
    } else {
        wrong(d, action)
    })
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
