//! Everything the domain refuses, as typed values (act, role, status,
//! field, ids, dates), rendered in either language by one exhaustive
//! `message`: a missing translation is a compile error.

use chrono::NaiveDate;

use super::records::Status;
use super::types::*;
use super::workflow::Act;

/// Everything the domain refuses, each with a message a clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    UnknownValue {
        what: Field,
        value: String,
    },
    BadOfficeCode(String),
    BadPeriod(String),
    BadDate(String),
    BadTime(String),
    BadAmount(String),
    AmountPrecision(String),
    EmptyField(Field),
    TextTooLong {
        field: Field,
        bytes: usize,
    },
    CalendarFile {
        file: String,
        line: usize,
        problem: CalendarProblem,
    },
    NotFound {
        what: Field,
        id: String,
    },
    UnknownOffice(String),
    NotAllowed {
        role: Role,
        act: Act,
    },
    NeedsOperator(Act),
    WrongState {
        id: String,
        status: Status,
        step: Step,
    },
    Published(String),
    AlreadySigned {
        id: String,
        role: Role,
    },
    OtherOffice(String),
    DuplicateOperator(String),
    /// A storage failure met while the rules read the records, rendered by
    /// the store in both languages (the domain does not know its type).
    Storage {
        en: String,
        zh: String,
    },
    /// A word that could mean several values: asks which.
    Ambiguous(super::types::Ambiguous),
    /// An amount above `money::MAX_AMOUNT`, as written.
    AmountTooLarge(String),
    /// A rule of the workflow.
    Rule(Rule),
    /// A setting refused (unknown key, value not allowed).
    Setting(super::settings::SettingError),
}

impl From<Rule> for DomainError {
    fn from(r: Rule) -> DomainError {
        DomainError::Rule(r)
    }
}

/// The field and record names messages speak of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    OfficeLevel,
    Role,
    Category,
    Basis,
    Scope,
    Form,
    Channel,
    OpinionKind,
    Routing,
    ReplyForm,
    ReplyOutcome,
    Failing,
    Aspect,
    Frequency,
    LineCategory,
    Status,
    Amendments,
    Body,
    Explanation,
    Finding,
    LineDescription,
    Members,
    Name,
    Note,
    OfficeName,
    OperatorName,
    OpinionText,
    Reason,
    ReplyText,
    RequiredCorrection,
    Seal,
    Summary,
    Title,
    Signature,
    CorrectionNote,
    RecordedBy,
    RepliedBy,
    BoxOpening,
    Check,
    Disclosure,
    Operator,
    Opinion,
    Statement,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::OfficeLevel,
        Field::Role,
        Field::Category,
        Field::Basis,
        Field::Scope,
        Field::Form,
        Field::Channel,
        Field::OpinionKind,
        Field::Routing,
        Field::ReplyForm,
        Field::ReplyOutcome,
        Field::Failing,
        Field::Aspect,
        Field::Frequency,
        Field::LineCategory,
        Field::Status,
        Field::Amendments,
        Field::Body,
        Field::Explanation,
        Field::Finding,
        Field::LineDescription,
        Field::Members,
        Field::Name,
        Field::Note,
        Field::OfficeName,
        Field::OperatorName,
        Field::OpinionText,
        Field::Reason,
        Field::ReplyText,
        Field::RequiredCorrection,
        Field::Seal,
        Field::Summary,
        Field::Title,
        Field::Signature,
        Field::CorrectionNote,
        Field::RecordedBy,
        Field::RepliedBy,
        Field::BoxOpening,
        Field::Check,
        Field::Disclosure,
        Field::Operator,
        Field::Opinion,
        Field::Statement,
    ];

    /// The name in the UI language.
    pub fn label(self, zh: bool) -> &'static str {
        use Field::*;
        let (en, cn) = match self {
            OfficeLevel => ("office level", "单位级别"),
            Role => ("role", "角色"),
            Category => ("category", "类别"),
            Basis => ("basis", "公开依据"),
            Scope => ("scope", "公开范围"),
            Form => ("form", "公开形式"),
            Channel => ("channel", "渠道"),
            OpinionKind => ("opinion kind", "意见类型"),
            Routing => ("routing", "转交对象"),
            ReplyForm => ("reply form", "答复方式"),
            ReplyOutcome => ("reply outcome", "答复结果"),
            Failing => ("failing", "“十防”项"),
            Aspect => ("aspect", "检查方面"),
            Frequency => ("frequency", "频率"),
            LineCategory => ("finance line category", "收支类别"),
            Status => ("status", "状态"),
            Amendments => ("amendments", "修改意见"),
            Body => ("body", "正文"),
            Explanation => ("explanation", "更正说明"),
            Finding => ("finding", "问题"),
            LineDescription => ("line description", "摘要"),
            Members => ("members", "参加人员"),
            Name => ("name", "姓名"),
            Note => ("note", "备注"),
            OfficeName => ("office name", "单位名称"),
            OperatorName => ("operator name", "操作员姓名"),
            OpinionText => ("opinion text", "意见内容"),
            Reason => ("reason", "原因"),
            ReplyText => ("reply text", "答复内容"),
            RequiredCorrection => ("required correction", "整改要求"),
            Seal => ("seal", "盖章"),
            Summary => ("summary", "检查情况"),
            Title => ("title", "标题"),
            Signature => ("signature", "签字人"),
            CorrectionNote => ("correction note", "更正备注"),
            RecordedBy => ("recorded by", "登记人"),
            RepliedBy => ("replied by", "答复人"),
            BoxOpening => ("box opening", "开箱记录"),
            Check => ("check", "检查"),
            Disclosure => ("disclosure", "公开事项"),
            Operator => ("operator", "操作员"),
            Opinion => ("opinion", "意见"),
            Statement => ("statement", "财务报表"),
        };
        if zh { cn } else { en }
    }

    /// The labels of the values a field of an enumeration accepts.
    fn choices(self, zh: bool) -> Option<String> {
        fn of<T: Copy>(
            all: &[T],
            en: fn(T) -> &'static str,
            cn: fn(T) -> &'static str,
            zh: bool,
        ) -> String {
            let label = if zh { cn } else { en };
            all.iter()
                .map(|x| label(*x))
                .collect::<Vec<_>>()
                .join(if zh { "、" } else { ", " })
        }
        use super::money::LineCategory as Lc;
        Some(match self {
            Field::OfficeLevel => of(Level::ALL, Level::as_str, Level::zh, zh),
            Field::Role => of(Role::ALL, Role::as_str, Role::zh, zh),
            Field::Category => of(Category::ALL, Category::as_str, Category::zh, zh),
            Field::Basis => of(Basis::ALL, Basis::as_str, Basis::zh, zh),
            Field::Scope => of(Scope::ALL, Scope::as_str, Scope::zh, zh),
            Field::Form => of(Form::ALL, Form::as_str, Form::zh, zh),
            Field::Channel => of(Channel::ALL, Channel::as_str, Channel::zh, zh),
            Field::OpinionKind => of(OpinionKind::ALL, OpinionKind::as_str, OpinionKind::zh, zh),
            Field::Routing => of(RouteTo::ALL, RouteTo::as_str, RouteTo::zh, zh),
            Field::ReplyForm => of(ReplyForm::ALL, ReplyForm::as_str, ReplyForm::zh, zh),
            Field::ReplyOutcome => of(Outcome::ALL, Outcome::as_str, Outcome::zh, zh),
            Field::Failing => of(Failing::ALL, Failing::as_str, Failing::zh, zh),
            Field::Aspect => of(Aspect::ALL, Aspect::as_str, Aspect::zh, zh),
            Field::Frequency => of(Frequency::ALL, Frequency::as_str, Frequency::zh, zh),
            Field::LineCategory => of(Lc::ALL, Lc::as_str, Lc::zh, zh),
            Field::Status => of(Status::ALL, Status::as_str, Status::zh, zh),
            Field::Amendments
            | Field::Body
            | Field::Explanation
            | Field::Finding
            | Field::LineDescription
            | Field::Members
            | Field::Name
            | Field::Note
            | Field::OfficeName
            | Field::OperatorName
            | Field::OpinionText
            | Field::Reason
            | Field::ReplyText
            | Field::RequiredCorrection
            | Field::Seal
            | Field::Summary
            | Field::Title
            | Field::Signature
            | Field::CorrectionNote
            | Field::RecordedBy
            | Field::RepliedBy
            | Field::BoxOpening
            | Field::Check
            | Field::Disclosure
            | Field::Operator
            | Field::Opinion
            | Field::Statement => return None,
        })
    }
}

/// A step of a disclosure's workflow, in `WrongState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Revise,
    Sign,
    Submit,
    Approve,
    Return,
    Publish,
    Correct,
    Archive,
}

impl Step {
    pub const ALL: &'static [Step] = &[
        Step::Revise,
        Step::Sign,
        Step::Submit,
        Step::Approve,
        Step::Return,
        Step::Publish,
        Step::Correct,
        Step::Archive,
    ];

    pub fn label(self, zh: bool) -> &'static str {
        let (en, cn) = match self {
            Step::Revise => ("revise", "修改"),
            Step::Sign => ("sign", "签字"),
            Step::Submit => ("submit", "提交审核"),
            Step::Approve => ("approve", "审核同意"),
            Step::Return => ("return", "退回修改"),
            Step::Publish => ("publish", "公开"),
            Step::Correct => (
                "correct (only a published item in force can be corrected)",
                "更正（只有现行有效的已公开事项才能更正）",
            ),
            Step::Archive => ("archive", "归档"),
        };
        if zh { cn } else { en }
    }
}

/// What happened on a date that cannot be after today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Happened {
    Submission,
    Publication,
    Archiving,
    BoxOpening,
    Receipt,
    Reply,
    Pause,
    Resumption,
    Verification,
    Check,
    Correction,
}

impl Happened {
    pub const ALL: &'static [Happened] = &[
        Happened::Submission,
        Happened::Publication,
        Happened::Archiving,
        Happened::BoxOpening,
        Happened::Receipt,
        Happened::Reply,
        Happened::Pause,
        Happened::Resumption,
        Happened::Verification,
        Happened::Check,
        Happened::Correction,
    ];

    pub fn label(self, zh: bool) -> &'static str {
        let (en, cn) = match self {
            Happened::Submission => ("submission", "提交审核"),
            Happened::Publication => ("publication", "公开"),
            Happened::Archiving => ("archiving", "归档"),
            Happened::BoxOpening => ("box opening", "开箱"),
            Happened::Receipt => ("receipt", "收到意见"),
            Happened::Reply => ("reply", "答复"),
            Happened::Pause => ("pause", "暂停"),
            Happened::Resumption => ("resumption", "恢复计时"),
            Happened::Verification => ("verification", "核实"),
            Happened::Check => ("check", "检查"),
            Happened::Correction => ("correction", "整改"),
        };
        if zh { cn } else { en }
    }
}

/// What is wrong on a line of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    /// The TOML reader's own words (a parser's message, shown as given).
    Syntax(String),
    NotADate(String),
    NotInYear {
        date: String,
        year: i32,
    },
    BadOff {
        holiday: String,
    },
    OffBackwards {
        holiday: String,
    },
}

/// The rules of the workflow, one variant each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    NoOffice,
    OwnOffice,
    DueDays,
    TitleTooLong,
    StatementNeedsFinanceItem,
    NotADisclosureRequest {
        id: String,
    },
    OnApplicationNeedsRequest,
    NeedsSignatures {
        id: String,
        missing: Vec<Role>,
    },
    NeedsPlannedDate,
    PlannedBefore {
        planned: NaiveDate,
        on: NaiveDate,
    },
    NoForm,
    StatementCorrectedTwice {
        old: String,
        by: String,
    },
    AlreadyCorrected {
        id: String,
    },
    NeverPublished {
        id: String,
    },
    CorrectedBy {
        id: String,
        by: String,
    },
    NeedsPublicationDate {
        status: Status,
    },
    NoPublicationDate {
        status: Status,
    },
    FuturePublication {
        on: NaiveDate,
    },
    UnpublishedCorrection,
    NeedsArchiveDate,
    ArchivedBeforePublished {
        archived: NaiveDate,
        published: NaiveDate,
    },
    GrantedNeedsItem,
    GrantedNeedsFields,
    GrantedFromReplyForm,
    ReplyBeforeReceipt {
        replied: NaiveDate,
        received: NaiveDate,
    },
    ComplaintNotVerified {
        id: String,
    },
    ComplaintHolds {
        id: String,
    },
    CorrectedNeedsId,
    NotACorrection {
        id: String,
    },
    CorrectionUnpublished {
        id: String,
    },
    OutcomeDoesNotFit {
        outcome: Outcome,
        id: String,
        kind: OpinionKind,
    },
    ReferredNeedsOffice,
    BoxNeedsTwo,
    SlipNotFromBox,
    BoxFull {
        id: String,
        slips: u32,
    },
    AlreadyRouted {
        id: String,
        to: RouteTo,
    },
    AlreadyAnswered {
        id: String,
    },
    AlreadyPaused {
        id: String,
    },
    PauseTooEarly {
        on: NaiveDate,
    },
    NotPaused {
        id: String,
    },
    ResumeBeforePause {
        on: NaiveDate,
        from: NaiveDate,
    },
    NotAComplaint {
        id: String,
        kind: OpinionKind,
    },
    AlreadyVerified {
        id: String,
    },
    SupervisorRepliesToCommittee,
    AlreadySuperseded {
        id: String,
    },
    NegativeAmount {
        line: usize,
    },
    FindingsNumbered,
    AlreadyResolved {
        check: String,
        finding: u32,
    },
    AfterToday {
        what: Happened,
        on: NaiveDate,
        today: NaiveDate,
    },
}

impl Rule {
    /// The rule in the UI language.
    pub fn message(&self, zh: bool) -> String {
        use Rule::*;
        let roles = |missing: &[Role]| {
            missing
                .iter()
                .map(|r| if zh { r.zh() } else { r.as_str() })
                .collect::<Vec<_>>()
                .join(if zh { "、" } else { ", " })
        };
        let (en, cn): (String, String) = match self {
            NoOffice => (
                "this database has no office yet: run `juwu init` first".into(),
                "此数据库尚未建立单位：请先运行 `juwu init`".into(),
            ),
            OwnOffice => (
                "that is this database's own office".into(),
                "这是本数据库自己的单位".into(),
            ),
            DueDays => (
                "due days must be between 1 and 28".into(),
                "期限日须在 1 到 28 之间".into(),
            ),
            TitleTooLong => (
                "title is longer than 200 characters".into(),
                "标题超过 200 字".into(),
            ),
            StatementNeedsFinanceItem => (
                "a statement is disclosed through a finance item".into(),
                "财务报表只能通过“财务”类事项公开".into(),
            ),
            NotADisclosureRequest { id } => (
                format!("{id} is not a disclosure request"),
                format!("{id} 不是申请公开"),
            ),
            OnApplicationNeedsRequest => (
                "an on_application item must link the disclosure request".into(),
                "依申请公开的事项须关联该申请".into(),
            ),
            NeedsSignatures { id, missing } => (
                format!("{id} still needs the signature of: {}", roles(missing)),
                format!("{id} 还需以下人员签字：{}", roles(missing)),
            ),
            NeedsPlannedDate => (
                "give the planned publication date before submitting for review".into(),
                "提交审核前请填写拟公开日期".into(),
            ),
            PlannedBefore { planned, on } => (
                format!("the planned publication date {planned} is before {on}"),
                format!("拟公开日期 {planned} 早于 {on}"),
            ),
            NoForm => (
                "choose at least one form of publication".into(),
                "请至少选择一种公开形式".into(),
            ),
            StatementCorrectedTwice { old, by } => (
                format!("statement {old} has already been corrected: {by} cannot correct it again"),
                format!("财务报表 {old} 已经更正过，{by} 不能再更正它"),
            ),
            AlreadyCorrected { id } => (
                format!("{id} has already been corrected"),
                format!("{id} 已经更正过"),
            ),
            NeverPublished { id } => (
                format!("{id} was never published, so it cannot be corrected"),
                format!("{id} 未公开过，不能更正"),
            ),
            CorrectedBy { id, by } => (
                format!("{id} has already been corrected by {by}"),
                format!("{id} 已被 {by} 更正"),
            ),
            NeedsPublicationDate { status } => (
                format!("a {status} item needs its publication date"),
                format!("状态为{}的事项须填写公开日期", status.zh()),
            ),
            NoPublicationDate { status } => (
                format!("a {status} item has no publication date: leave it empty"),
                format!("状态为{}的事项没有公开日期：请留空", status.zh()),
            ),
            FuturePublication { on } => (
                format!("the publication date {on} is in the future"),
                format!("公开日期 {on} 晚于今天"),
            ),
            UnpublishedCorrection => (
                "an unpublished correction cannot be imported; draft it in juwu with `correct`"
                    .into(),
                "未公开的更正不能导入：请在本系统中起草更正".into(),
            ),
            NeedsArchiveDate => (
                "an archived item needs its archiving date".into(),
                "已归档的事项须填写归档日期".into(),
            ),
            ArchivedBeforePublished {
                archived,
                published,
            } => (
                format!("the archiving date {archived} is before the publication date {published}"),
                format!("归档日期 {archived} 早于公开日期 {published}"),
            ),
            GrantedNeedsItem => (
                "a granted request needs the item it led to (import the disclosures first)".into(),
                "同意公开的答复须填写同意公开事项（请先导入公开事项）".into(),
            ),
            GrantedNeedsFields => (
                "a granted request needs the new item's title and content".into(),
                "同意公开的申请须填写新事项的标题和内容".into(),
            ),
            GrantedFromReplyForm => (
                "a granted request is answered from the reply form".into(),
                "同意公开的申请请在答复表中答复".into(),
            ),
            ReplyBeforeReceipt { replied, received } => (
                format!("the reply date {replied} is before the opinion was received ({received})"),
                format!("答复日期 {replied} 早于收到意见的日期（{received}）"),
            ),
            ComplaintNotVerified { id } => (
                format!(
                    "{id} is a complaint: the supervision team verifies it before it is answered"
                ),
                format!("{id} 是投诉：须先由监督小组核实，再作答复"),
            ),
            ComplaintHolds { id } => (
                format!(
                    "the complaint {id} was found to hold: answer it with the published correction (outcome 'corrected')"
                ),
                format!("投诉 {id} 经核实属实：须以已公开的更正答复（结果“已更正”）"),
            ),
            CorrectedNeedsId => (
                "outcome 'corrected' needs the correction's disclosure id".into(),
                "结果为“已更正”时，须填写更正事项的编号".into(),
            ),
            NotACorrection { id } => (
                format!("{id} is not a correction (it supersedes nothing)"),
                format!("{id} 不是更正版本（没有取代任何事项）"),
            ),
            CorrectionUnpublished { id } => (
                format!("the correction {id} is not published yet: publish it, then reply"),
                format!("更正 {id} 尚未公开：请先公开，再答复"),
            ),
            OutcomeDoesNotFit { outcome, id, kind } => (
                format!(
                    "outcome '{outcome}' answers a disclosure request or file access request; {id} is a {kind}"
                ),
                format!(
                    "结果“{}”只用于申请公开或查阅档案；{id} 是“{}”",
                    outcome.zh(),
                    kind.zh()
                ),
            ),
            ReferredNeedsOffice => (
                "outcome 'referred' needs an office to refer to (this office has no parent)".into(),
                "结果为“转上级”时须有上级单位（本单位没有上级）".into(),
            ),
            BoxNeedsTwo => (
                "a suggestion box is opened by at least two people: name both".into(),
                "意见箱须至少两人在场开启：请填写两人姓名".into(),
            ),
            SlipNotFromBox => (
                "only suggestion-box slips are logged under a box opening".into(),
                "只有意见箱里的意见才登记在开箱记录下".into(),
            ),
            BoxFull { id, slips } => (
                format!("all {slips} slips of box opening {id} are already logged"),
                format!("开箱 {id} 的 {slips} 张意见已全部登记"),
            ),
            AlreadyRouted { id, to } => (
                format!("{id} is already routed to the {to}"),
                format!("{id} 已转交{}", to.zh()),
            ),
            AlreadyAnswered { id } => (format!("{id} is already answered"), format!("{id} 已答复")),
            AlreadyPaused { id } => (
                format!("{id} is already waiting for the resident"),
                format!("{id} 已在等待居民补充"),
            ),
            PauseTooEarly { on } => (
                format!("the pause date {on} is too early"),
                format!("暂停日期 {on} 太早"),
            ),
            NotPaused { id } => (
                format!("{id} is not waiting for the resident"),
                format!("{id} 没有在等待居民补充"),
            ),
            ResumeBeforePause { on, from } => (
                format!("{on} is before the pause began ({from})"),
                format!("{on} 早于暂停开始的日期（{from}）"),
            ),
            NotAComplaint { id, kind } => (
                format!("{id} is a {kind}, not a complaint"),
                format!("{id} 是“{}”，不是投诉", kind.zh()),
            ),
            AlreadyVerified { id } => (
                format!("{id} has already been verified"),
                format!("{id} 已核实过"),
            ),
            SupervisorRepliesToCommittee => (
                "a supervisor may not reply to an opinion routed to the committee".into(),
                "监督小组成员不能答复转交居委会的意见".into(),
            ),
            AlreadySuperseded { id } => (
                format!("{id} has already been superseded"),
                format!("{id} 已被取代"),
            ),
            NegativeAmount { line } => (
                format!("line {line}: amounts are not negative"),
                format!("第 {line} 行：金额不能为负数"),
            ),
            FindingsNumbered => (
                "findings are numbered 1, 2, 3, …".into(),
                "问题须按 1、2、3… 编号".into(),
            ),
            AlreadyResolved { check, finding } => (
                format!("finding {check} #{finding} is already resolved"),
                format!("{check} 第 {finding} 项问题已整改"),
            ),
            AfterToday { what, on, today } => (
                format!(
                    "the {} date {on} is after today ({today}): record it on or after the day it happens",
                    what.label(false)
                ),
                format!(
                    "{}日期 {on} 晚于今天（{today}）：请在当天或之后登记",
                    what.label(true)
                ),
            ),
        };
        if zh { cn } else { en }
    }
}

impl CalendarProblem {
    fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (CalendarProblem::Syntax(m), false) => m.clone(),
            (CalendarProblem::Syntax(m), true) => format!("格式错误：{}", m.trim()),
            (CalendarProblem::NotADate(s), false) => format!("'{s}' is not a date (YYYY-MM-DD)"),
            (CalendarProblem::NotADate(s), true) => format!("“{s}”不是日期（格式 YYYY-MM-DD）"),
            (CalendarProblem::NotInYear { date, year }, false) => {
                format!("{date} is not in {year}")
            }
            (CalendarProblem::NotInYear { date, year }, true) => {
                format!("{date} 不在 {year} 年内")
            }
            (CalendarProblem::BadOff { holiday }, false) => {
                format!("holiday '{holiday}': off must be one date or [first, last]")
            }
            (CalendarProblem::BadOff { holiday }, true) => {
                format!("假日“{holiday}”：off 须为一个日期或 [首日, 末日]")
            }
            (CalendarProblem::OffBackwards { holiday }, false) => {
                format!("holiday '{holiday}': off range ends before it starts")
            }
            (CalendarProblem::OffBackwards { holiday }, true) => {
                format!("假日“{holiday}”：off 的末日早于首日")
            }
        }
    }
}

impl std::fmt::Display for DomainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl std::error::Error for DomainError {}

impl DomainError {
    /// The message in the UI language (`Display` is the English one).
    pub fn message(&self, zh: bool) -> String {
        use DomainError::*;
        match (self, zh) {
            (UnknownValue { what, value }, false) => format!(
                "unknown {} '{value}' (expected one of: {})",
                what.label(false),
                what.choices(false).unwrap_or_default()
            ),
            (UnknownValue { what, value }, true) => format!(
                "未知的{}“{value}”（可选：{}）",
                what.label(true),
                what.choices(true).unwrap_or_default()
            ),
            (BadOfficeCode(s), false) => {
                format!("'{s}' is not an office code (2–8 letters or digits, e.g. QH01)")
            }
            (BadOfficeCode(s), true) => format!("“{s}”不是单位代码（2–8 位字母或数字，如 QH01）"),
            (BadPeriod(s), false) => format!(
                "'{s}' is not a period (use 2026-10, 2026-Q3, 2026 or 2026-01-05..2026-02-01)"
            ),
            (BadPeriod(s), true) => {
                format!("“{s}”不是有效期间（如 2026-10、2026-Q3、2026 或 2026-01-05..2026-02-01）")
            }
            (BadDate(s), false) => format!("'{s}' is not a valid date (use YYYY-MM-DD)"),
            (BadDate(s), true) => format!("“{s}”不是有效日期（格式 YYYY-MM-DD）"),
            (BadTime(s), false) => format!("'{s}' is not a valid time (use YYYY-MM-DD HH:MM)"),
            (BadTime(s), true) => format!("“{s}”不是有效时间（格式 YYYY-MM-DD HH:MM）"),
            (BadAmount(s), false) => {
                format!("'{s}' is not an amount of yuan (digits, e.g. 1234.50)")
            }
            (BadAmount(s), true) => format!("“{s}”不是金额（元，数字，如 1234.50）"),
            (AmountPrecision(s), false) => {
                format!("'{s}' has more than two decimal places (amounts are in yuan and fen)")
            }
            (AmountPrecision(s), true) => format!("“{s}”超过两位小数（金额以元、分计）"),
            (EmptyField(f), false) => format!("{} must not be empty", f.label(false)),
            (EmptyField(f), true) => format!("{}不能为空", f.label(true)),
            (TextTooLong { field, bytes }, false) => format!(
                "{} is too long: {bytes} bytes (at most 65536)",
                field.label(false)
            ),
            (TextTooLong { field, bytes }, true) => {
                format!("{}太长：{bytes} 字节（最多 65536）", field.label(true))
            }
            (
                CalendarFile {
                    file,
                    line,
                    problem,
                },
                false,
            ) => format!(
                "{file}:{line}: {} (calendar file, line {line})",
                problem.message(false)
            ),
            (
                CalendarFile {
                    file,
                    line,
                    problem,
                },
                true,
            ) => format!(
                "{file}:{line}: {}（日历文件第 {line} 行）",
                problem.message(true)
            ),
            (NotFound { what, id }, false) => format!("no {} '{id}'", what.label(false)),
            (NotFound { what, id }, true) => format!("没有{}“{id}”", what.label(true)),
            (UnknownOffice(c), false) => format!("unknown office '{c}'"),
            (UnknownOffice(c), true) => format!("未知单位“{c}”"),
            (NotAllowed { role, act }, false) => format!("a {role} may not {}", act.label(false)),
            (NotAllowed { role, act }, true) => format!("{}不能{}", role.zh(), act.label(true)),
            (NeedsOperator(a), false) => {
                format!("this needs a signed-in operator: {}", a.label(false))
            }
            (NeedsOperator(a), true) => format!("此操作需要登录的操作员：{}", a.label(true)),
            (WrongState { id, status, step }, false) => {
                format!("cannot {} {id}: it is {status}", step.label(false))
            }
            (WrongState { id, status, step }, true) => {
                format!("不能{} {id}：当前状态为{}", step.label(true), status.zh())
            }
            (Published(id), false) => format!(
                "{id} is published: a published record is never edited; publish a correction instead"
            ),
            (Published(id), true) => format!("{id} 已公开：公开后不能修改，请发布更正"),
            (AlreadySigned { id, role }, false) => {
                format!("{id} is already signed by the {role}")
            }
            (AlreadySigned { id, role }, true) => format!("{id} 已有{}的签字", role.zh()),
            (OtherOffice(id), false) => {
                format!("{id} belongs to another office; only its own office may change it")
            }
            (OtherOffice(id), true) => format!("{id} 属于其他单位：只有该单位可以修改"),
            (DuplicateOperator(n), false) => format!("operator '{n}' already exists"),
            (DuplicateOperator(n), true) => format!("操作员“{n}”已存在"),
            (Storage { en, .. }, false) => en.clone(),
            (Storage { zh, .. }, true) => zh.clone(),
            (Ambiguous(a), zh) => a.message(zh),
            (AmountTooLarge(s), zh) => super::money::too_large(s, zh),
            (Rule(r), zh) => r.message(zh),
            (Setting(e), zh) => e.message(zh),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_chinese() {
        let e = "触屏".parse::<super::super::Form>().unwrap_err();
        let zh = e.message(true);
        assert!(
            zh.contains("公开形式") && zh.contains("公开栏、触摸屏"),
            "{zh}"
        );
        assert!(e.message(false).contains("touch_screen"));
        let e = DomainError::NotAllowed {
            role: Role::Clerk,
            act: Act::Sign,
        };
        assert_eq!(e.message(true), "办事员不能签字");
        let e = DomainError::AmountPrecision("12.345".into());
        assert!(e.message(true).contains("超过两位小数"));
        let e = DomainError::WrongState {
            id: "QH01-2026-0001".into(),
            status: Status::InReview,
            step: Step::Sign,
        };
        assert_eq!(e.message(true), "不能签字 QH01-2026-0001：当前状态为审核中");
        assert_eq!(
            DomainError::EmptyField(Field::OpinionText).message(true),
            "意见内容不能为空"
        );
    }
}
