//! `juwu demo`: the fictional 清河社区居委会 (QH01) under 东城街道办 (DC),
//! a year of registers from `sample-data/qinghe.toml`, replayed act by act
//! through the ordinary append path (`Store::execute`), each at its fictional
//! moment, so the log reads like the year it tells.
//!
//! The file names records by local keys (`fin-2026-03`, `yj-07`, …); the real
//! ids are assigned by the store as the acts are replayed and looked up here.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::domain::money::{Line, LineCategory, parse_amount};
use crate::domain::workflow::{OpinionDraft, ReplyDraft};
use crate::domain::{
    Actor, AspectResult, Basis, Category, Channel, Command, DraftFields, Envelope, EventBody,
    Failing, Finding, Form, Level, Office, OfficeCode, OpinionKind, Outcome, Period, ReplyForm,
    Resident, Role, RouteTo, Scope,
};
use crate::store::{Store, StoreError};

use super::SampleError;

/// What is wrong with a sample-data file: an authoring mistake in
/// `sample-data/`, found before or while it is replayed. The step names
/// (`draft`, `sign`, …) and keys are the file's own words.
#[derive(Debug)]
pub enum DataProblem {
    /// The TOML reader's own words.
    Toml(String),
    OtherOffice {
        name: String,
        code: String,
        own: String,
    },
    NotTime(String),
    KeyTwice(String),
    OpinionStepOnItem(&'static str),
    ItemMustBegin(String),
    ItemTwice(String),
    CorrectNeeds(String),
    CorrectFirst(String),
    ItemOutOfOrder(String),
    ItemStepOnOpinion(&'static str),
    OpinionOutOfOrder(String),
    CheckResolvedEarly(String),
    StepNeeds {
        act: &'static str,
        field: &'static str,
    },
    UnknownKey(String),
    NoRecord(String),
    NeedsExplanation(String),
    NotItemStep(&'static str),
    NoItem(String),
    GrantedNeedsGrants,
    GrantsWithoutGranted,
    NotOpinionStep(&'static str),
    /// The register refused an act of the file.
    Store(StoreError),
    /// One act of the file, and why it failed.
    Act {
        at: NaiveDateTime,
        what: ActWhat,
        problem: Box<DataProblem>,
    },
}

impl From<StoreError> for DataProblem {
    fn from(e: StoreError) -> Self {
        DataProblem::Store(e)
    }
}

/// Which act of a sample file (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActWhat {
    Parent,
    Operator(String),
    Statement(String),
    Box(String),
    Item {
        key: String,
        act: &'static str,
        by: String,
    },
    Opinion(String),
    OpinionStep {
        key: String,
        act: &'static str,
        by: String,
    },
    Check(String),
    Resolve {
        check: String,
        finding: u32,
    },
}

impl ActWhat {
    fn message(&self, at: NaiveDateTime, zh: bool) -> String {
        use ActWhat::*;
        let at = at.format("%Y-%m-%d %H:%M");
        match (self, zh) {
            (Parent, false) => format!("registering the parent office at {at}"),
            (Parent, true) => format!("登记上级单位（{at}）"),
            (Operator(n), false) => format!("adding operator {n} at {at}"),
            (Operator(n), true) => format!("添加经办人 {n}（{at}）"),
            (Statement(k), false) => format!("statement {k} at {at}"),
            (Statement(k), true) => format!("财务报表 {k}（{at}）"),
            (Box(k), false) => format!("box opening {k} at {at}"),
            (Box(k), true) => format!("意见箱开箱 {k}（{at}）"),
            (Item { key, act, by }, false) => format!("item {key}: {act} by {by} at {at}"),
            (Item { key, act, by }, true) => format!("事项 {key}：{by} 的 {act} 步骤（{at}）"),
            (Opinion(k), false) => format!("opinion {k} at {at}"),
            (Opinion(k), true) => format!("意见 {k}（{at}）"),
            (OpinionStep { key, act, by }, false) => {
                format!("opinion {key}: {act} by {by} at {at}")
            }
            (OpinionStep { key, act, by }, true) => {
                format!("意见 {key}：{by} 的 {act} 步骤（{at}）")
            }
            (Check(k), false) => format!("check {k} at {at}"),
            (Check(k), true) => format!("监督检查 {k}（{at}）"),
            (Resolve { check, finding }, false) => {
                format!("check {check}: resolving finding {finding} at {at}")
            }
            (Resolve { check, finding }, true) => {
                format!("监督检查 {check}：整改问题 {finding}（{at}）")
            }
        }
    }
}

impl DataProblem {
    /// The problem in the UI language (every variant has both).
    pub fn message(&self, zh: bool) -> String {
        use DataProblem::*;
        match (self, zh) {
            (Toml(e), _) => e.clone(),
            (OtherOffice { name, code, own }, false) => format!(
                "the sample data is for office {name} ({code}), this database belongs to {own}"
            ),
            (OtherOffice { name, code, own }, true) => {
                format!("示例数据属于 {name}（{code}），本数据库属于 {own}")
            }
            (NotTime(t), false) => format!("'{t}' is not a time (use YYYY-MM-DD HH:MM)"),
            (NotTime(t), true) => format!("“{t}”不是时间（格式：YYYY-MM-DD HH:MM）"),
            (KeyTwice(k), false) => format!("the key '{k}' is used twice"),
            (KeyTwice(k), true) => format!("键“{k}”用了两次"),
            (OpinionStepOnItem(a), false) => {
                format!("'{a}' is a step of an opinion, not of an item")
            }
            (OpinionStepOnItem(a), true) => format!("“{a}”是意见的步骤，不是事项的"),
            (ItemMustBegin(k), false) => format!(
                "item {k} must begin with a draft (or correct) step, or be granted by a reply"
            ),
            (ItemMustBegin(k), true) => {
                format!("事项 {k} 须以 draft（或 correct）步骤开始，或由答复同意而产生")
            }
            (ItemTwice(k), false) => format!("item {k} is created twice"),
            (ItemTwice(k), true) => format!("事项 {k} 被创建了两次"),
            (CorrectNeeds(k), false) => {
                format!("item {k}: a correct step needs `corrects` and `explanation`")
            }
            (CorrectNeeds(k), true) => {
                format!("事项 {k}：correct 步骤须有 `corrects` 和 `explanation`")
            }
            (CorrectFirst(k), false) => {
                format!("item {k} corrects another: its first step is `correct`")
            }
            (CorrectFirst(k), true) => format!("事项 {k} 更正另一事项：第一步应为 `correct`"),
            (ItemOutOfOrder(k), false) => format!("item {k}: steps are out of time order"),
            (ItemOutOfOrder(k), true) => format!("事项 {k}：步骤的时间顺序不对"),
            (ItemStepOnOpinion(a), false) => {
                format!("'{a}' is a step of an item, not of an opinion")
            }
            (ItemStepOnOpinion(a), true) => format!("“{a}”是事项的步骤，不是意见的"),
            (OpinionOutOfOrder(k), false) => format!("opinion {k}: steps are out of time order"),
            (OpinionOutOfOrder(k), true) => format!("意见 {k}：步骤的时间顺序不对"),
            (CheckResolvedEarly(k), false) => {
                format!("check {k}: resolved before it was recorded")
            }
            (CheckResolvedEarly(k), true) => format!("监督检查 {k}：整改早于检查登记"),
            (StepNeeds { act, field }, false) => format!("a {act} step needs `{field}`"),
            (StepNeeds { act, field }, true) => format!("{act} 步骤须有 `{field}`"),
            (UnknownKey(k), false) => format!(
                "unknown key '{k}' (not in the file, or used before the act that creates it)"
            ),
            (UnknownKey(k), true) => {
                format!("未知的键“{k}”（文件中没有，或用在创建它的步骤之前）")
            }
            (NoRecord(k), false) => format!("the store created no record for '{k}'"),
            (NoRecord(k), true) => format!("没有为“{k}”创建记录"),
            (NeedsExplanation(k), false) => format!("item {k} needs an `explanation`"),
            (NeedsExplanation(k), true) => format!("事项 {k} 须有 `explanation`"),
            (NotItemStep(a), false) => format!("'{a}' is not a step of an item"),
            (NotItemStep(a), true) => format!("“{a}”不是事项的步骤"),
            (NoItem(k), false) => format!("no item with key '{k}'"),
            (NoItem(k), true) => format!("没有键为“{k}”的事项"),
            (GrantedNeedsGrants, false) => {
                "a granted reply names the item it creates with `grants`".into()
            }
            (GrantedNeedsGrants, true) => "同意的答复须用 `grants` 写明它产生的事项".into(),
            (GrantsWithoutGranted, false) => "`grants` goes with outcome 'granted'".into(),
            (GrantsWithoutGranted, true) => "`grants` 只用于结果为 granted 的答复".into(),
            (NotOpinionStep(a), false) => format!("'{a}' is not a step of an opinion"),
            (NotOpinionStep(a), true) => format!("“{a}”不是意见的步骤"),
            (Store(e), zh) => e.message(zh),
            (Act { at, what, problem }, false) => {
                format!("{} — {}", what.message(*at, false), problem.message(false))
            }
            (Act { at, what, problem }, true) => {
                format!("{}：{}", what.message(*at, true), problem.message(true))
            }
        }
    }
}

/// The sample community: one year of disclosures, opinions, replies,
/// finance statements and a supervision check.
pub const SAMPLE: &str = include_str!("../../sample-data/qinghe.toml");

/// How the file is named in messages.
const FILE: &str = "sample-data/qinghe.toml";

/// What `populate` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub disclosures: usize,
    pub opinions: usize,
    pub replies: usize,
    pub statements: usize,
    pub checks: usize,
    /// Events in the database afterwards (all logs, the init event included).
    pub events: u64,
}

/// Replays the sample year into `store`, a fresh database already
/// initialised (`Store::init`) as office QH01 with parent DC (the tests').
#[cfg(test)]
fn populate(store: &Store) -> Result<DemoSummary, SampleError> {
    populate_from(store, SAMPLE)
}

#[cfg(test)]
fn populate_from(store: &Store, text: &str) -> Result<DemoSummary, SampleError> {
    populate_named(store, text, FILE)
}

/// The other sample offices: a second community and the street office.
pub const SAMPLE_LIUYIN: &str = include_str!("../../sample-data/liuyin.toml");
pub const SAMPLE_DONGCHENG: &str = include_str!("../../sample-data/dongcheng.toml");

/// A sample office: who it is and the file that tells its story.
pub struct SampleOffice {
    pub code: &'static str,
    pub name: &'static str,
    pub level: Level,
    pub parent: Option<(&'static str, &'static str)>,
    pub file: &'static str,
    pub text: &'static str,
    /// When its log begins (RFC 3339).
    pub start: &'static str,
}

/// The sample offices `juwu demo --office CODE` can build.
pub const SAMPLE_OFFICES: &[SampleOffice] = &[
    SampleOffice {
        code: "QH01",
        name: "清河社区居委会",
        level: Level::Community,
        parent: Some(("DC", "东城街道办")),
        file: FILE,
        text: SAMPLE,
        start: "2025-11-01T00:00:00Z",
    },
    SampleOffice {
        code: "LY01",
        name: "柳荫社区居委会",
        level: Level::Community,
        parent: Some(("DC", "东城街道办")),
        file: "sample-data/liuyin.toml",
        text: SAMPLE_LIUYIN,
        start: "2026-09-01T00:00:00Z",
    },
    SampleOffice {
        code: "DC",
        name: "东城街道办",
        level: Level::Street,
        parent: Some(("DQ", "东城区民政局")),
        file: "sample-data/dongcheng.toml",
        text: SAMPLE_DONGCHENG,
        start: "2026-09-01T00:00:00Z",
    },
];

pub fn sample_office(code: &str) -> Option<&'static SampleOffice> {
    SAMPLE_OFFICES
        .iter()
        .find(|o| o.code.eq_ignore_ascii_case(code))
}

/// Replays a sample office's file into `store`, initialised as that office.
pub fn populate_sample(store: &Store, o: &SampleOffice) -> Result<DemoSummary, SampleError> {
    populate_named(store, o.text, o.file)
}

fn populate_named(store: &Store, text: &str, file: &str) -> Result<DemoSummary, SampleError> {
    let data = |line: usize, problem: DataProblem| SampleError::Data {
        file: file.to_string(),
        line,
        problem: Box::new(problem),
    };
    let sample: Sample = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        data(line, DataProblem::Toml(e.message().trim().to_string()))
    })?;
    let own = store.own_code().ok_or(StoreError::NoOffice)?;
    if *own != sample.office.code {
        return Err(data(
            0,
            DataProblem::OtherOffice {
                name: sample.office.name.clone(),
                code: sample.office.code.to_string(),
                own: own.to_string(),
            },
        ));
    }
    let acts = schedule(&sample, text, file)?;
    let mut run = Replay {
        store,
        sample: &sample,
        ids: HashMap::new(),
        fields: HashMap::new(),
        actors: HashMap::new(),
    };
    for act in &acts {
        run.act(act).map_err(|e| {
            data(
                act.line,
                DataProblem::Act {
                    at: act.local,
                    what: act.what(),
                    problem: Box::new(e),
                },
            )
        })?;
    }
    let r = store.read()?;
    Ok(DemoSummary {
        disclosures: r.disclosures()?.len(),
        opinions: r.opinions()?.len(),
        replies: r.replies()?.len(),
        statements: r.statements()?.len(),
        checks: r.checks()?.len(),
        events: r.event_count()?,
    })
}

// ---------------------------------------------------------------- the file

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    office: OfficeDef,
    parent: ParentDef,
    #[serde(default, rename = "operator")]
    operators: Vec<OperatorDef>,
    #[serde(default, rename = "statement")]
    statements: Vec<StatementDef>,
    #[serde(default, rename = "box")]
    boxes: Vec<BoxDef>,
    #[serde(default, rename = "item")]
    items: Vec<ItemDef>,
    #[serde(default, rename = "opinion")]
    opinions: Vec<OpinionDef>,
    #[serde(default, rename = "check")]
    checks: Vec<CheckDef>,
}

/// The office the sample describes (initialised by the caller).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeDef {
    code: OfficeCode,
    name: String,
    /// The seal recorded when an item is published, unless a step names one.
    seal: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParentDef {
    code: OfficeCode,
    name: String,
    level: Level,
    at: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OperatorDef {
    name: String,
    role: Role,
    at: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementDef {
    key: String,
    #[serde(deserialize_with = "de_period")]
    period: Period,
    at: Spanned<String>,
    by: String,
    #[serde(default, deserialize_with = "de_opt_amount")]
    opening_balance: Option<Decimal>,
    /// Key of the statement this one replaces.
    #[serde(default)]
    supersedes: Option<String>,
    lines: Vec<LineDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineDef {
    category: LineCategory,
    text: String,
    #[serde(deserialize_with = "de_amount")]
    amount: Decimal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoxDef {
    key: String,
    at: Spanned<String>,
    by: String,
    witnesses: Vec<String>,
    slips: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemDef {
    key: String,
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default, deserialize_with = "de_opt_period")]
    period: Option<Period>,
    category: Category,
    #[serde(default)]
    basis: Option<Basis>,
    scope: Scope,
    forms: Vec<Form>,
    #[serde(default)]
    major: bool,
    #[serde(default)]
    planned_on: Option<NaiveDate>,
    /// Key of the finance statement the item discloses.
    #[serde(default)]
    statement: Option<String>,
    /// Key of the published item this one corrects.
    #[serde(default)]
    corrects: Option<String>,
    /// Why the correction was needed.
    #[serde(default)]
    explanation: Option<String>,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpinionDef {
    key: String,
    /// Received (and logged) at.
    at: Spanned<String>,
    /// Recorded by.
    by: String,
    channel: Channel,
    kind: OpinionKind,
    /// Absent: anonymous.
    #[serde(default)]
    from: Option<Resident>,
    /// Key of the item it is about.
    #[serde(default)]
    about: Option<String>,
    #[serde(default)]
    routed_to: Option<RouteTo>,
    /// Key of the box opening a slip was found at.
    #[serde(default, rename = "box")]
    box_opening: Option<String>,
    text: String,
    /// Answered there and then by the person who logged it.
    #[serde(default)]
    on_the_spot: Option<SpotDef>,
    #[serde(default)]
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpotDef {
    text: String,
    #[serde(default = "explained")]
    outcome: Outcome,
    #[serde(default)]
    public: bool,
}

fn explained() -> Outcome {
    Outcome::Explained
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckDef {
    key: String,
    at: Spanned<String>,
    by: String,
    #[serde(deserialize_with = "de_period")]
    period: Period,
    members: Vec<String>,
    #[serde(default)]
    summary: String,
    aspects: Vec<AspectResult>,
    #[serde(default)]
    findings: Vec<FindingDef>,
    #[serde(default)]
    resolved: Vec<ResolveDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FindingDef {
    #[serde(default)]
    failing: Option<Failing>,
    /// Key of the item or opinion the finding is about.
    #[serde(default)]
    about: Option<String>,
    description: String,
    correction: String,
    deadline: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveDef {
    at: Spanned<String>,
    by: String,
    finding: u32,
    note: String,
}

/// One step in the life of an item or an opinion. Which fields apply
/// depends on `act`; dates (`on`) default to the day of `at`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    at: Spanned<String>,
    by: String,
    act: StepAct,
    #[serde(default)]
    on: Option<NaiveDate>,
    // items
    #[serde(default)]
    planned_on: Option<NaiveDate>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    amendments: Option<String>,
    #[serde(default)]
    forms: Option<Vec<Form>>,
    #[serde(default)]
    seal: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    // opinions
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    holds: Option<bool>,
    #[serde(default)]
    to: Option<RouteTo>,
    #[serde(default)]
    form: Option<ReplyForm>,
    #[serde(default)]
    outcome: Option<Outcome>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    public: Option<bool>,
    /// Key of the correction (outcome `corrected`).
    #[serde(default)]
    correction: Option<String>,
    /// Key of the item a granted request creates (outcome `granted`).
    #[serde(default)]
    grants: Option<String>,
    #[serde(default)]
    referred_to: Option<OfficeCode>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StepAct {
    // items
    Draft,
    Correct,
    Revise,
    Sign,
    Submit,
    Approve,
    Return,
    Publish,
    Archive,
    // opinions
    Pause,
    Resume,
    Verify,
    Reroute,
    Reply,
}

impl StepAct {
    fn of_item(self) -> bool {
        use StepAct::*;
        matches!(
            self,
            Draft | Correct | Revise | Sign | Submit | Approve | Return | Publish | Archive
        )
    }
    fn name(self) -> &'static str {
        use StepAct::*;
        match self {
            Draft => "draft",
            Correct => "correct",
            Revise => "revise",
            Sign => "sign",
            Submit => "submit",
            Approve => "approve",
            Return => "return",
            Publish => "publish",
            Archive => "archive",
            Pause => "pause",
            Resume => "resume",
            Verify => "verify",
            Reroute => "reroute",
            Reply => "reply",
        }
    }
}

fn de_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let s = String::deserialize(d)?;
    parse_amount(&s).map_err(serde::de::Error::custom)
}

fn de_opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    de_amount(d).map(Some)
}

fn de_period<'de, D: Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
    let s = String::deserialize(d)?;
    Period::parse(&s).map_err(serde::de::Error::custom)
}

fn de_opt_period<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Period>, D::Error> {
    de_period(d).map(Some)
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

// ---------------------------------------------------------------- the acts

/// What one act does.
#[derive(Clone, Copy)]
enum What<'a> {
    Parent,
    Operator(&'a OperatorDef),
    Statement(&'a StatementDef),
    Box(&'a BoxDef),
    Item(&'a ItemDef, &'a Step),
    Opinion(&'a OpinionDef),
    OpinionStep(&'a OpinionDef, &'a Step),
    Check(&'a CheckDef),
    Resolve(&'a CheckDef, &'a ResolveDef),
}

struct Act<'a> {
    /// Beijing time, as written in the file.
    local: NaiveDateTime,
    line: usize,
    what: What<'a>,
}

impl Act<'_> {
    fn now(&self) -> DateTime<Utc> {
        beijing()
            .from_local_datetime(&self.local)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| self.local.and_utc())
    }
    fn day(&self) -> NaiveDate {
        self.local.date()
    }
    fn what(&self) -> ActWhat {
        match self.what {
            What::Parent => ActWhat::Parent,
            What::Operator(o) => ActWhat::Operator(o.name.clone()),
            What::Statement(s) => ActWhat::Statement(s.key.clone()),
            What::Box(b) => ActWhat::Box(b.key.clone()),
            What::Item(i, s) => ActWhat::Item {
                key: i.key.clone(),
                act: s.act.name(),
                by: s.by.clone(),
            },
            What::Opinion(o) => ActWhat::Opinion(o.key.clone()),
            What::OpinionStep(o, s) => ActWhat::OpinionStep {
                key: o.key.clone(),
                act: s.act.name(),
                by: s.by.clone(),
            },
            What::Check(c) => ActWhat::Check(c.key.clone()),
            What::Resolve(c, r) => ActWhat::Resolve {
                check: c.key.clone(),
                finding: r.finding,
            },
        }
    }
}

/// China Standard Time: the file's times are local office hours.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// Every act of the file, checked for shape and sorted by time (acts at the
/// same minute keep the order of the file).
fn schedule<'a>(s: &'a Sample, text: &str, file: &str) -> Result<Vec<Act<'a>>, SampleError> {
    let bad = |line: usize, problem: DataProblem| SampleError::Data {
        file: file.to_string(),
        line,
        problem: Box::new(problem),
    };
    let at = |sp: &Spanned<String>| -> Result<(NaiveDateTime, usize), SampleError> {
        let line = line_of(text, sp.span().start);
        NaiveDateTime::parse_from_str(sp.get_ref().trim(), "%Y-%m-%d %H:%M")
            .map(|t| (t, line))
            .map_err(|_| bad(line, DataProblem::NotTime(sp.get_ref().clone())))
    };

    // Keys are unique across the file.
    let mut keys: HashSet<&str> = HashSet::new();
    let mut all_keys: Vec<(&str, &Spanned<String>)> = vec![];
    all_keys.extend(s.statements.iter().map(|x| (x.key.as_str(), &x.at)));
    all_keys.extend(s.boxes.iter().map(|x| (x.key.as_str(), &x.at)));
    all_keys.extend(s.opinions.iter().map(|x| (x.key.as_str(), &x.at)));
    all_keys.extend(s.checks.iter().map(|x| (x.key.as_str(), &x.at)));
    for i in &s.items {
        if let Some(st) = i.steps.first() {
            all_keys.push((i.key.as_str(), &st.at));
        }
    }
    for (k, sp) in all_keys {
        if !keys.insert(k) {
            return Err(bad(
                line_of(text, sp.span().start),
                DataProblem::KeyTwice(k.to_string()),
            ));
        }
    }

    // Items created by granting a request have no draft step of their own.
    let granted: HashSet<&str> = s
        .opinions
        .iter()
        .flat_map(|o| o.steps.iter())
        .filter_map(|st| st.grants.as_deref())
        .collect();

    let mut acts = vec![];
    let (t, line) = at(&s.parent.at)?;
    acts.push(Act {
        local: t,
        line,
        what: What::Parent,
    });
    for o in &s.operators {
        let (t, line) = at(&o.at)?;
        acts.push(Act {
            local: t,
            line,
            what: What::Operator(o),
        });
    }
    for st in &s.statements {
        let (t, line) = at(&st.at)?;
        acts.push(Act {
            local: t,
            line,
            what: What::Statement(st),
        });
    }
    for b in &s.boxes {
        let (t, line) = at(&b.at)?;
        acts.push(Act {
            local: t,
            line,
            what: What::Box(b),
        });
    }
    for i in &s.items {
        let mut last: Option<NaiveDateTime> = None;
        for (n, st) in i.steps.iter().enumerate() {
            let (t, line) = at(&st.at)?;
            if !st.act.of_item() {
                return Err(bad(line, DataProblem::OpinionStepOnItem(st.act.name())));
            }
            let creates = matches!(st.act, StepAct::Draft | StepAct::Correct);
            if n == 0 && !creates && !granted.contains(i.key.as_str()) {
                return Err(bad(line, DataProblem::ItemMustBegin(i.key.clone())));
            }
            if creates && (n > 0 || granted.contains(i.key.as_str())) {
                return Err(bad(line, DataProblem::ItemTwice(i.key.clone())));
            }
            if st.act == StepAct::Correct && i.corrects.is_none() {
                return Err(bad(line, DataProblem::CorrectNeeds(i.key.clone())));
            }
            if st.act == StepAct::Draft && i.corrects.is_some() {
                return Err(bad(line, DataProblem::CorrectFirst(i.key.clone())));
            }
            if last.is_some_and(|l| t < l) {
                return Err(bad(line, DataProblem::ItemOutOfOrder(i.key.clone())));
            }
            last = Some(t);
            acts.push(Act {
                local: t,
                line,
                what: What::Item(i, st),
            });
        }
    }
    for o in &s.opinions {
        let (t0, line) = at(&o.at)?;
        acts.push(Act {
            local: t0,
            line,
            what: What::Opinion(o),
        });
        let mut last = t0;
        for st in &o.steps {
            let (t, line) = at(&st.at)?;
            if st.act.of_item() {
                return Err(bad(line, DataProblem::ItemStepOnOpinion(st.act.name())));
            }
            if t < last {
                return Err(bad(line, DataProblem::OpinionOutOfOrder(o.key.clone())));
            }
            last = t;
            acts.push(Act {
                local: t,
                line,
                what: What::OpinionStep(o, st),
            });
        }
    }
    for c in &s.checks {
        let (t0, line) = at(&c.at)?;
        acts.push(Act {
            local: t0,
            line,
            what: What::Check(c),
        });
        for r in &c.resolved {
            let (t, line) = at(&r.at)?;
            if t < t0 {
                return Err(bad(line, DataProblem::CheckResolvedEarly(c.key.clone())));
            }
            acts.push(Act {
                local: t,
                line,
                what: What::Resolve(c, r),
            });
        }
    }
    acts.sort_by_key(|a| a.local);
    Ok(acts)
}

// ---------------------------------------------------------------- replay

struct Replay<'a> {
    store: &'a Store,
    sample: &'a Sample,
    /// Local key → id given by the store.
    ids: HashMap<String, String>,
    /// The current draft fields of each item, by key.
    fields: HashMap<String, DraftFields>,
    actors: HashMap<String, Actor>,
}

/// Errors inside one act, before they are given the file's line.
type R<T> = Result<T, DataProblem>;

fn need<T: Clone>(v: &Option<T>, act: StepAct, field: &'static str) -> R<T> {
    v.clone().ok_or(DataProblem::StepNeeds {
        act: act.name(),
        field,
    })
}

impl<'a> Replay<'a> {
    fn id(&self, key: &str) -> R<String> {
        self.ids
            .get(key)
            .cloned()
            .ok_or_else(|| DataProblem::UnknownKey(key.to_string()))
    }

    fn opt_id(&self, key: &Option<String>) -> R<Option<String>> {
        key.as_deref().map(|k| self.id(k)).transpose()
    }

    fn actor(&mut self, name: &str) -> R<Actor> {
        if let Some(a) = self.actors.get(name) {
            return Ok(a.clone());
        }
        let a = self.store.actor(name)?;
        self.actors.insert(name.to_string(), a.clone());
        Ok(a)
    }

    fn exec(&mut self, by: Option<&str>, cmd: Command, act: &Act) -> R<Vec<Envelope>> {
        let actor = match by {
            Some(name) => self.actor(name)?,
            None => Actor::System,
        };
        Ok(self.store.execute(&actor, &cmd, act.now())?)
    }

    fn remember(&mut self, key: &str, id: Option<String>) -> R<()> {
        let id = id.ok_or_else(|| DataProblem::NoRecord(key.to_string()))?;
        self.ids.insert(key.to_string(), id);
        Ok(())
    }

    fn item_fields(&self, i: &ItemDef) -> R<DraftFields> {
        Ok(DraftFields {
            title: i.title.clone(),
            body: i.body.clone(),
            period: i.period,
            category: i.category,
            scope: i.scope,
            forms: i.forms.clone(),
            major: i.major,
            planned_on: i.planned_on,
            statement: self.opt_id(&i.statement)?,
        })
    }

    fn act(&mut self, act: &Act<'a>) -> R<()> {
        match act.what {
            What::Parent => {
                let p = &self.sample.parent;
                // `juwu demo` may have registered the parent already at init.
                if self.store.read()?.office(&p.code)?.is_some() {
                    return Ok(());
                }
                let office = Office {
                    code: p.code.clone(),
                    name: p.name.clone(),
                    level: p.level,
                    parent: None,
                    public_key: None,
                };
                self.exec(None, Command::RegisterOffice { office }, act)?;
            }
            What::Operator(o) => {
                let cmd = Command::AddOperator {
                    name: o.name.clone(),
                    role: o.role,
                    pin_hash: None,
                };
                self.exec(None, cmd, act)?;
            }
            What::Statement(s) => {
                let lines = s
                    .lines
                    .iter()
                    .map(|l| Line {
                        category: l.category,
                        description: l.text.clone(),
                        amount: l.amount,
                    })
                    .collect();
                let cmd = Command::DraftStatement {
                    period: s.period,
                    lines,
                    opening_balance: s.opening_balance,
                    supersedes: self.opt_id(&s.supersedes)?,
                };
                let out = self.exec(Some(&s.by), cmd, act)?;
                let id = out.iter().find_map(|e| match &e.body {
                    EventBody::StatementDrafted { statement } => Some(statement.id.clone()),
                    _ => None,
                });
                self.remember(&s.key, id)?;
            }
            What::Box(b) => {
                let cmd = Command::OpenBox {
                    opened_on: act.day(),
                    witnesses: b.witnesses.clone(),
                    slips: b.slips,
                };
                let out = self.exec(Some(&b.by), cmd, act)?;
                let id = out.iter().find_map(|e| match &e.body {
                    EventBody::BoxOpened { opening } => Some(opening.id.clone()),
                    _ => None,
                });
                self.remember(&b.key, id)?;
            }
            What::Item(i, st) => self.item_step(i, st, act)?,
            What::Opinion(o) => {
                let draft = OpinionDraft {
                    received_at: act.local,
                    channel: o.channel,
                    from: o.from.clone(),
                    kind: o.kind,
                    about: self.opt_id(&o.about)?,
                    text: o.text.clone(),
                    routed_to: o.routed_to,
                    box_opening: self.opt_id(&o.box_opening)?,
                };
                let on_the_spot = o.on_the_spot.as_ref().map(|s| ReplyDraft {
                    replied_on: act.day(),
                    form: ReplyForm::OnTheSpot,
                    text: s.text.clone(),
                    outcome: s.outcome,
                    correction: None,
                    referred_to: None,
                    public: s.public,
                });
                let out =
                    self.exec(Some(&o.by), Command::LogOpinion { draft, on_the_spot }, act)?;
                let id = out.iter().find_map(|e| match &e.body {
                    EventBody::OpinionReceived { opinion } => Some(opinion.id.clone()),
                    _ => None,
                });
                self.remember(&o.key, id)?;
            }
            What::OpinionStep(o, st) => self.opinion_step(o, st, act)?,
            What::Check(c) => {
                let mut findings = vec![];
                for (n, f) in c.findings.iter().enumerate() {
                    findings.push(Finding {
                        n: n as u32 + 1,
                        failing: f.failing,
                        about: self.opt_id(&f.about)?,
                        description: f.description.clone(),
                        correction_required: f.correction.clone(),
                        deadline: f.deadline,
                    });
                }
                let cmd = Command::RecordCheck {
                    target: None,
                    period: c.period,
                    checked_on: act.day(),
                    members: c.members.clone(),
                    aspects: c.aspects.clone(),
                    findings,
                    summary: c.summary.clone(),
                };
                let out = self.exec(Some(&c.by), cmd, act)?;
                let id = out.iter().find_map(|e| match &e.body {
                    EventBody::CheckRecorded { check } => Some(check.id.clone()),
                    _ => None,
                });
                self.remember(&c.key, id)?;
            }
            What::Resolve(c, r) => {
                let cmd = Command::ResolveFinding {
                    check: self.id(&c.key)?,
                    finding: r.finding,
                    on: act.day(),
                    note: r.note.clone(),
                };
                self.exec(Some(&r.by), cmd, act)?;
            }
        }
        Ok(())
    }

    fn item_step(&mut self, i: &ItemDef, st: &Step, act: &Act<'a>) -> R<()> {
        let on = st.on.unwrap_or(act.day());
        let cmd = match st.act {
            StepAct::Draft | StepAct::Correct => {
                let fields = self.item_fields(i)?;
                self.fields.insert(i.key.clone(), fields.clone());
                let cmd = match &i.corrects {
                    Some(old) => Command::Correct {
                        id: self.id(old)?,
                        fields,
                        explanation: i
                            .explanation
                            .clone()
                            .ok_or_else(|| DataProblem::NeedsExplanation(i.key.clone()))?,
                    },
                    None => Command::Draft {
                        fields,
                        basis: i.basis.unwrap_or(Basis::Active),
                        request: None,
                    },
                };
                let out = self.exec(Some(&st.by), cmd, act)?;
                let id = out.iter().find_map(|e| match &e.body {
                    EventBody::DisclosureDrafted { id, .. } => Some(id.clone()),
                    _ => None,
                });
                return self.remember(&i.key, id);
            }
            StepAct::Revise => {
                let mut f = match self.fields.get(&i.key) {
                    Some(f) => f.clone(),
                    None => self.item_fields(i)?,
                };
                if let Some(t) = &st.title {
                    f.title = t.clone();
                }
                if let Some(b) = &st.body {
                    f.body = b.clone();
                }
                if let Some(p) = st.planned_on {
                    f.planned_on = Some(p);
                }
                if let Some(fs) = &st.forms {
                    f.forms = fs.clone();
                }
                self.fields.insert(i.key.clone(), f.clone());
                Command::Revise {
                    id: self.id(&i.key)?,
                    fields: f,
                }
            }
            StepAct::Sign => Command::Sign {
                id: self.id(&i.key)?,
            },
            StepAct::Submit => Command::Submit {
                id: self.id(&i.key)?,
                on,
                planned_on: st.planned_on,
            },
            StepAct::Approve => Command::Approve {
                id: self.id(&i.key)?,
                note: st.note.clone().unwrap_or_default(),
            },
            StepAct::Return => Command::Return {
                id: self.id(&i.key)?,
                amendments: need(&st.amendments, st.act, "amendments")?,
            },
            StepAct::Publish => Command::Publish {
                id: self.id(&i.key)?,
                on,
                forms: st.forms.clone(),
                seal: st
                    .seal
                    .clone()
                    .unwrap_or_else(|| self.sample.office.seal.clone()),
            },
            StepAct::Archive => Command::Archive {
                id: self.id(&i.key)?,
                on,
            },
            other => {
                return Err(DataProblem::NotItemStep(other.name()));
            }
        };
        self.exec(Some(&st.by), cmd, act)?;
        Ok(())
    }

    fn opinion_step(&mut self, o: &OpinionDef, st: &Step, act: &Act<'a>) -> R<()> {
        let id = self.id(&o.key)?;
        let on = st.on.unwrap_or(act.day());
        let cmd = match st.act {
            StepAct::Pause => Command::Pause {
                id,
                on,
                reason: need(&st.reason, st.act, "reason")?,
            },
            StepAct::Resume => Command::Resume { id, on },
            StepAct::Verify => Command::VerifyComplaint {
                id,
                holds: need(&st.holds, st.act, "holds")?,
                on,
                note: need(&st.note, st.act, "note")?,
            },
            StepAct::Reroute => Command::Reroute {
                id,
                to: need(&st.to, st.act, "to")?,
            },
            StepAct::Reply => {
                let outcome = st.outcome.unwrap_or(Outcome::Explained);
                let granted = match (&st.grants, outcome) {
                    (Some(k), Outcome::Granted) => {
                        let item = self
                            .sample
                            .items
                            .iter()
                            .find(|i| &i.key == k)
                            .ok_or_else(|| DataProblem::NoItem(k.clone()))?;
                        let f = self.item_fields(item)?;
                        self.fields.insert(k.clone(), f.clone());
                        Some(f)
                    }
                    (None, Outcome::Granted) => {
                        return Err(DataProblem::GrantedNeedsGrants);
                    }
                    (Some(_), _) => {
                        return Err(DataProblem::GrantsWithoutGranted);
                    }
                    (None, _) => None,
                };
                let draft = ReplyDraft {
                    replied_on: on,
                    form: need(&st.form, st.act, "form")?,
                    text: need(&st.text, st.act, "text")?,
                    outcome,
                    correction: self.opt_id(&st.correction)?,
                    referred_to: st.referred_to.clone(),
                    public: st.public.unwrap_or(false),
                };
                let cmd = Command::Reply {
                    opinion: id,
                    draft,
                    granted,
                };
                let out = self.exec(Some(&st.by), cmd, act)?;
                if let Some(k) = &st.grants {
                    let id = out.iter().find_map(|e| match &e.body {
                        EventBody::DisclosureDrafted { id, .. } => Some(id.clone()),
                        _ => None,
                    });
                    self.remember(k, id)?;
                }
                return Ok(());
            }
            other => {
                return Err(DataProblem::NotOpinionStep(other.name()));
            }
        };
        self.exec(Some(&st.by), cmd, act)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::Datelike;

    use super::*;
    use crate::domain::{Calendar, OpinionStatus, Status};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fresh(dir: &tempfile::TempDir) -> Store {
        let mut store = Store::create(&dir.path().join("demo.redb")).unwrap();
        let start = beijing()
            .with_ymd_and_hms(2025, 11, 1, 8, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        store
            .init(
                Office {
                    code: OfficeCode::parse("QH01").unwrap(),
                    name: "清河社区居委会".into(),
                    level: Level::Community,
                    parent: Some(OfficeCode::parse("DC").unwrap()),
                    public_key: None,
                },
                start,
            )
            .unwrap();
        store
    }

    #[test]
    fn demo_year_covers_the_registers() {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh(&dir);
        let sum = populate(&store).unwrap();
        let r = store.read().unwrap();
        let cal = Calendar::builtin();
        let today = day("2026-11-29");

        // Counts.
        let ds = r.disclosures().unwrap();
        let ops = r.opinions().unwrap();
        let replies = r.replies().unwrap();
        assert_eq!(sum.disclosures, ds.len());
        assert_eq!(sum.opinions, ops.len());
        assert_eq!(sum.replies, replies.len());
        assert!(sum.opinions >= 55, "{sum:?}");
        assert!(sum.statements >= 13, "{sum:?}");
        assert_eq!(sum.checks, 1);
        assert_eq!(sum.events, r.event_count().unwrap());

        // Every workflow stage is present; exactly one item is superseded.
        let by_status: BTreeMap<Status, usize> = Status::ALL
            .iter()
            .map(|s| (*s, ds.iter().filter(|d| d.status == *s).count()))
            .collect();
        for (s, n) in &by_status {
            assert!(*n > 0, "no item is {s}: {by_status:?}");
        }
        assert_eq!(by_status[&Status::Superseded], 1);
        let old = ds.iter().find(|d| d.status == Status::Superseded).unwrap();
        let new = r
            .disclosure(old.superseded_by.as_ref().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(new.status, Status::Published);
        assert!(new.correction_note.is_some());
        assert_ne!(old.fields.statement, new.fields.statement);
        assert!(
            ds.iter()
                .any(|d| d.fields.major && d.status == Status::Published)
        );
        assert!(
            ds.iter()
                .any(|d| d.status == Status::Draft && !d.signatures.is_empty())
        );
        assert!(ds.iter().any(|d| d.status == Status::Returned));
        for scope in Scope::ALL {
            assert!(ds.iter().any(|d| d.fields.scope == *scope), "{scope}");
        }
        for cat in Category::ALL {
            assert!(ds.iter().any(|d| d.fields.category == *cat), "{cat}");
        }
        for form in Form::ALL {
            assert!(ds.iter().any(|d| d.fields.forms.contains(form)), "{form}");
        }

        // Monthly finance: 13 months from 2025-11, disclosed through finance
        // items; one submitted late, one published after the 10th; 2026-10
        // in review, 2026-11 not disclosed.
        let sts = r.statements().unwrap();
        let months: BTreeSet<String> = sts.iter().map(|s| s.period.to_string()).collect();
        assert_eq!(months.len(), 13, "{months:?}");
        assert!(sts.iter().filter(|s| s.opening_balance.is_some()).count() == 1);
        let fin: Vec<_> = ds
            .iter()
            .filter(|d| d.fields.statement.is_some() && d.status.was_published())
            .collect();
        let late_submitted: Vec<_> = fin
            .iter()
            .filter(|d| d.late_submission(&cal, 5))
            .map(|d| d.fields.title.clone())
            .collect();
        assert_eq!(late_submitted.len(), 1, "{late_submitted:?}");
        let late_published: Vec<_> = fin
            .iter()
            .filter(|d| {
                let p = d.fields.period.unwrap();
                let due = p.next().start().with_day(10).unwrap();
                d.publication.as_ref().unwrap().on > due && d.supersedes.is_none()
            })
            .map(|d| d.fields.title.clone())
            .collect();
        assert_eq!(late_published.len(), 1, "{late_published:?}");
        let in_review: Vec<_> = ds
            .iter()
            .filter(|d| d.status == Status::InReview)
            .map(|d| d.fields.period.map(|p| p.to_string()))
            .collect();
        assert_eq!(in_review, vec![Some("2026-10".to_string())]);
        let nov = sts
            .iter()
            .find(|s| s.period.to_string() == "2026-11")
            .unwrap();
        assert!(
            ds.iter()
                .all(|d| d.fields.statement.as_ref() != Some(&nov.id))
        );
        let views = r
            .statement_views(&OfficeCode::parse("QH01").unwrap())
            .unwrap();
        assert!(views.iter().all(|v| v.totals.closing > Decimal::ZERO));

        // Quarterly work reports.
        for q in ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"] {
            assert!(
                ds.iter().any(|d| d.fields.category == Category::Government
                    && d.fields.period.map(|p| p.to_string()).as_deref() == Some(q)
                    && d.status == Status::Published),
                "{q}"
            );
        }

        // Opinions over every channel and kind, some anonymous, box slips all logged.
        for c in Channel::ALL {
            assert!(ops.iter().any(|o| o.channel == *c), "{c}");
        }
        for k in OpinionKind::ALL {
            assert!(ops.iter().any(|o| o.kind == *k), "{k}");
        }
        assert!(ops.iter().any(|o| o.from.is_none()));
        let boxes = r.box_openings().unwrap();
        assert!(boxes.len() >= 2);
        for b in &boxes {
            assert_eq!(
                r.box_slips(&b.id).unwrap().len() as u32,
                b.slips,
                "{}",
                b.id
            );
        }

        // Where they stand on 29 November 2026.
        let states: Vec<_> = ops
            .iter()
            .map(|o| r.opinion_state(o.clone(), &cal, today).unwrap())
            .collect();
        let count = |s: OpinionStatus| states.iter().filter(|x| x.status == s).count();
        assert!((2..=4).contains(&count(OpinionStatus::Overdue)), "overdue");
        assert!((1..=2).contains(&count(OpinionStatus::Open)), "open");
        let answered_late = states
            .iter()
            .filter(|s| s.status == OpinionStatus::Answered && s.days_late > 0)
            .count();
        assert!((2..=5).contains(&answered_late), "late {answered_late}");
        assert!(
            ops.iter()
                .any(|o| o.pauses.len() == 1 && o.pauses[0].to.is_some())
        );

        // Replies: every form and outcome; one granted, one declined.
        let on_spot = replies
            .iter()
            .filter(|x| x.form == ReplyForm::OnTheSpot)
            .count();
        assert!(on_spot >= 3);
        for f in ReplyForm::ALL {
            assert!(replies.iter().any(|x| x.form == *f), "{f}");
        }
        for o in Outcome::ALL {
            assert!(replies.iter().any(|x| x.outcome == *o), "{o}");
        }
        let granted: Vec<_> = replies
            .iter()
            .filter(|x| x.outcome == Outcome::Granted)
            .collect();
        assert_eq!(granted.len(), 1);
        let item = r
            .disclosure(granted[0].granted_item.as_ref().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(item.basis, Basis::OnApplication);
        assert_eq!(item.status, Status::Published);
        assert_eq!(
            replies
                .iter()
                .filter(|x| x.outcome == Outcome::Declined)
                .count(),
            1
        );
        let corrected = replies
            .iter()
            .find(|x| x.outcome == Outcome::Corrected)
            .unwrap();
        assert_eq!(corrected.correction.as_deref(), Some(new.id.as_str()));
        let complaint = r.opinion(&corrected.opinion).unwrap().unwrap();
        assert!(complaint.verification.as_ref().unwrap().holds);
        let referred = replies
            .iter()
            .find(|x| x.outcome == Outcome::Referred)
            .unwrap();
        assert_eq!(
            referred.referred_to.as_ref().map(|c| c.as_str()),
            Some("DC")
        );
        let file_access = ops
            .iter()
            .find(|o| o.kind == OpinionKind::FileAccess)
            .unwrap();
        assert_eq!(file_access.routed_to, RouteTo::SupervisionTeam);
        let supervisors = ["孙德明", "吴秀兰"];
        assert!(
            r.replies_of(&file_access.id)
                .unwrap()
                .iter()
                .all(|x| supervisors.contains(&x.replied_by.as_str()))
        );

        // The supervision check.
        let check = &r.checks().unwrap()[0];
        assert_eq!(check.period.to_string(), "2026-Q3");
        assert!((2..=3).contains(&check.findings.len()));
        assert!(check.findings.iter().all(|f| f.failing.is_some()));
        assert_eq!(r.resolutions().unwrap().len(), 1);

        // The log tells the story in time order.
        let evs = r.events("QH01", 1, u64::MAX).unwrap();
        assert!(
            evs.windows(2)
                .all(|w| w[0].env.recorded_at <= w[1].env.recorded_at)
        );

        // Some English.
        assert!(
            ds.iter()
                .any(|d| d.fields.title.starts_with("Health station"))
        );
        assert!(ops.iter().any(|o| o.text.is_ascii()));

        let v = store.verify(false).unwrap();
        assert!(v.ok(), "{:?} {:?}", v.chain_errors, v.projection_errors);

        // For the record (cargo test -- --nocapture).
        println!("{sum:?}");
        println!("disclosures by status: {by_status:?}");
        let tally = |f: &dyn Fn(&crate::store::query::OpinionState) -> String| {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            for s in &states {
                *m.entry(f(s)).or_default() += 1;
            }
            m
        };
        println!(
            "opinions by kind: {:?}",
            tally(&|s| s.opinion.kind.to_string())
        );
        println!(
            "opinions by channel: {:?}",
            tally(&|s| s.opinion.channel.to_string())
        );
        println!(
            "opinions by status: {:?}",
            tally(&|s| s.status.as_str().to_string())
        );
        println!("answered late: {answered_late}");
        for s in states
            .iter()
            .filter(|s| s.status != OpinionStatus::Answered)
        {
            println!(
                "  {} {} due {} days {}",
                s.opinion.id,
                s.status.as_str(),
                s.due_on,
                s.days_late
            );
        }
    }

    #[test]
    fn parent_registered_at_init_is_not_registered_twice() {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh(&dir);
        let dc = Office {
            code: OfficeCode::parse("DC").unwrap(),
            name: "东城街道办".into(),
            level: Level::Street,
            parent: None,
            public_key: None,
        };
        store
            .execute(
                &Actor::System,
                &Command::RegisterOffice { office: dc },
                Utc::now(),
            )
            .unwrap();
        let before = store.read().unwrap().event_count().unwrap();
        let sum = populate(&store).unwrap();
        let r = store.read().unwrap();
        let registered = r
            .events("QH01", 1, u64::MAX)
            .unwrap()
            .iter()
            .filter(|e| matches!(e.env.body, EventBody::OfficeRegistered { .. }))
            .count();
        assert_eq!(registered, 1);
        assert!(sum.events > before);
    }

    #[test]
    fn errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh(&dir);
        // A syntax error.
        let bad = SAMPLE.replacen("slips = 5", "slips = five", 1);
        let line = bad
            .lines()
            .position(|l| l.contains("slips = five"))
            .unwrap()
            + 1;
        let e = populate_from(&store, &bad).unwrap_err().to_string();
        assert!(e.contains(&format!("qinghe.toml:{line}")), "{e}");
        // A bad amount.
        let bad = SAMPLE.replacen("\"21.37\"", "\"21.375\"", 1);
        let line = bad.lines().position(|l| l.contains("21.375")).unwrap() + 1;
        let e = populate_from(&store, &bad).unwrap_err().to_string();
        assert!(e.contains(&format!("qinghe.toml:{line}")), "{e}");
        // An act the rules refuse names its line and record.
        let bad = SAMPLE.replacen(
            "{ at = \"2025-12-05 15:00\", by = \"孙德明\", act = \"approve\"",
            "{ at = \"2025-12-05 15:00\", by = \"李晓燕\", act = \"approve\"",
            1,
        );
        let line = bad
            .lines()
            .position(|l| l.contains("\"2025-12-05 15:00\", by = \"李晓燕\""))
            .unwrap()
            + 1;
        let e = populate_from(&store, &bad).unwrap_err();
        let en = e.to_string();
        assert!(
            en.contains(&format!("qinghe.toml:{line}")) && en.contains("fin-2025-11"),
            "{en}"
        );
        // The same in Chinese: the line, the act and the refusal.
        let zh = e.message(true);
        assert!(
            zh.starts_with(&format!(
                "sample-data/qinghe.toml 第 {line} 行：事项 fin-2025-11：李晓燕 的 approve 步骤"
            )),
            "{zh}"
        );
        assert!(!zh.contains(" by ") && !zh.contains(" at "), "{zh}");
    }

    #[test]
    fn file_mistakes_read_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh(&dir);
        let bad = SAMPLE.replacen("2025-12-05 15:00", "2025-12-05 下午", 1);
        let line = bad.lines().position(|l| l.contains("下午")).unwrap() + 1;
        let e = populate_from(&store, &bad).unwrap_err();
        assert_eq!(
            e.message(true),
            format!(
                "sample-data/qinghe.toml 第 {line} 行：“2025-12-05 下午”不是时间（格式：YYYY-MM-DD HH:MM）"
            )
        );
    }
}
