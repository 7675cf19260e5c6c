//! Small value types shared by every register: office codes, roles, the
//! enumerations of DOMAIN.md and periods. Pure: no I/O.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::DomainError;

/// Longest text (title, body, opinion, reply) accepted: 64 KiB.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Generates a plain enum with stable snake_case names, `FromStr`, `Display`,
/// `ALL`, and a Chinese label.
macro_rules! named_enum {
    (@en $s:literal) => { $s };
    (@en $s:literal $en:literal) => { $en };
    ($(#[$m:meta])* $name:ident, $what:ident { $($var:ident = $s:literal / $zh:literal $(/ $en:literal)?),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($var),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The stable name used in files, the CLI and exports.
            pub fn as_str(self) -> &'static str { match self { $($name::$var => $s),+ } }
            /// The Chinese label shown in the UI and on printed pages.
            pub fn zh(self) -> &'static str { match self { $($name::$var => $zh),+ } }
            /// The English label shown in the UI (words, not the stable name).
            pub fn en(self) -> &'static str { match self { $($name::$var => named_enum!(@en $s $($en)?)),+ } }
            /// The label in the chosen UI language.
            pub fn label(self, zh: bool) -> &'static str { if zh { self.zh() } else { self.en() } }
            /// The value written as its stable name, its English or Chinese
            /// label or a common synonym (`SYNONYMS`), in any case, with
            /// spaces, `-` or `_` alike (`in person`, `In-Person`).
            pub fn lookup(s: &str) -> Lookup<$name> {
                lookup_in(s, $name::ALL, |v| [v.as_str(), v.en(), v.zh()], $name::SYNONYMS)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, DomainError> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($s) || t == $zh { return Ok($name::$var); })+
                match $name::lookup(t) {
                    Lookup::Found(v) => return Ok(v),
                    Lookup::Ambiguous(c) => return Err(Ambiguous::of(s, c, |v| [v.as_str(), v.en(), v.zh()])),
                    Lookup::NotFound => {}
                }
                Err(DomainError::UnknownValue {
                    what: super::error::Field::$what,
                    value: s.to_string(),
                })
            }
        }
    };
}

named_enum!(
    /// The level of an office in the hierarchy.
    Level, OfficeLevel {
        Community = "community" / "社区",
        Workstation = "workstation" / "工作站",
        Street = "street" / "街道",
        District = "district" / "区",
    }
);

named_enum!(
    /// What an operator may do (see `workflow::may`).
    Role, Role {
        Clerk = "clerk" / "办事员",
        Director = "director" / "居委会主任",
        Secretary = "secretary" / "党组织书记",
        Finance = "finance" / "经办人" / "finance manager",
        Supervisor = "supervisor" / "监督小组成员" / "supervision team member",
    }
);

named_enum!(
    Category, Category {
        Government = "government" / "政务",
        Finance = "finance" / "财务",
        Party = "party" / "党务",
        Service = "service" / "服务",
        Workstation = "workstation" / "站务",
        Other = "other" / "其他",
    }
);

named_enum!(
    Basis, Basis {
        Statutory = "statutory" / "法定公开",
        Active = "active" / "主动公开",
        OnApplication = "on_application" / "依申请公开" / "on application",
    }
);

named_enum!(
    /// Who may see a disclosure. Kiosk and board show `Public` only.
    Scope, Scope {
        Public = "public" / "公开",
        Residents = "residents" / "居民",
        Internal = "internal" / "内部",
    }
);

named_enum!(
    Form, Form {
        Board = "board" / "公开栏" / "notice board",
        TouchScreen = "touch_screen" / "触摸屏" / "touch screen",
        Display = "display" / "电子显示屏" / "electronic display",
        Meeting = "meeting" / "会议",
        MailboxLeaflet = "mailbox_leaflet" / "入户资料" / "mailbox leaflet",
        Website = "website" / "网站",
    }
);

named_enum!(
    Channel, Channel {
        SuggestionBox = "suggestion_box" / "意见箱" / "suggestion box",
        InPerson = "in_person" / "来访" / "in person",
        Phone = "phone" / "电话",
        Letter = "letter" / "来信",
        Email = "email" / "电子邮件",
        Meeting = "meeting" / "会议",
        Hotline = "hotline" / "热线",
        Wechat = "wechat" / "微信" / "WeChat",
    }
);

named_enum!(
    OpinionKind, OpinionKind {
        Question = "question" / "询问",
        ComplaintOmission = "complaint_omission" / "投诉遗漏" / "omission complaint",
        ComplaintUntrue = "complaint_untrue" / "投诉不实" / "untruth complaint",
        Suggestion = "suggestion" / "建议",
        DisclosureRequest = "disclosure_request" / "申请公开" / "disclosure request",
        FileAccess = "file_access" / "查阅档案" / "file access",
    }
);

impl OpinionKind {
    /// Complaints are verified by the supervision team.
    pub fn is_complaint(self) -> bool {
        matches!(
            self,
            OpinionKind::ComplaintOmission | OpinionKind::ComplaintUntrue
        )
    }
}

named_enum!(
    RouteTo, Routing {
        Committee = "committee" / "居委会",
        SupervisionTeam = "supervision_team" / "监督小组" / "supervision team",
    }
);

named_enum!(
    ReplyForm, ReplyForm {
        OnTheSpot = "on_the_spot" / "当场答复" / "on the spot",
        Written = "written" / "书面答复",
        Phone = "phone" / "电话答复",
        PostedOnBoard = "posted_on_board" / "张贴公示" / "posted on the board",
        Meeting = "meeting" / "会议答复",
    }
);

named_enum!(
    Outcome, ReplyOutcome {
        Explained = "explained" / "已解释",
        Corrected = "corrected" / "已更正",
        Granted = "granted" / "同意公开",
        Declined = "declined" / "不予公开",
        Referred = "referred" / "转上级",
    }
);

named_enum!(
    /// The ten failings the supervision team guards against (十防).
    Failing, Failing {
        NotSpecific = "not_specific" / "防内容不具体" / "content not specific",
        NotTrue = "not_true" / "防内容不真实" / "content not true",
        WithoutFocus = "without_focus" / "防重点不突出" / "without focus",
        NotRegulated = "not_regulated" / "防公开不规范" / "not regulated",
        RulesIncomplete = "rules_incomplete" / "防制度不健全" / "rules incomplete",
        FilesNotSound = "files_not_sound" / "防档案不完善" / "files not sound",
        AfterTheFact = "after_the_fact" / "防只事后公开" / "after the fact only",
        WithoutFeedback = "without_feedback" / "防公开无反馈" / "without feedback",
        NotTimely = "not_timely" / "防公开不及时" / "not timely",
        NotSustained = "not_sustained" / "防公开不持久" / "not sustained",
    }
);

named_enum!(
    /// The aspects a supervision check looks at.
    Aspect, Aspect {
        Timeliness = "timeliness" / "及时性",
        Completeness = "completeness" / "完整性",
        Truthfulness = "truthfulness" / "真实性",
        Form = "form" / "形式",
        Procedure = "procedure" / "程序",
    }
);

named_enum!(
    /// How often finance statements are disclosed (a setting of the office).
    Frequency, Frequency {
        Monthly = "monthly" / "每月",
        Quarterly = "quarterly" / "每季度",
    }
);

/// How a value of an enumeration reads (`X::lookup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<T: 'static> {
    Found(T),
    /// A word that could mean any of these (`投诉`: which complaint?).
    Ambiguous(&'static [T]),
    NotFound,
}

/// A name folded for matching: full-width forms as ASCII, lower case,
/// without spaces, `-` or `_` (`In-Person`, `in person` and `in_person`
/// read alike).
pub fn fold_name(s: &str) -> String {
    halfwidth(s.trim())
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds `s` among the names of `all` and the `synonyms` (a word and the
/// values it may mean: one, or several when it is ambiguous).
pub fn lookup_in<T: Copy + PartialEq + 'static>(
    s: &str,
    all: &'static [T],
    names: impl Fn(T) -> [&'static str; 3],
    synonyms: &'static [(&'static str, &'static [T])],
) -> Lookup<T> {
    let f = fold_name(s);
    if f.is_empty() {
        return Lookup::NotFound;
    }
    if let Some(v) = all
        .iter()
        .copied()
        .find(|v| names(*v).iter().any(|n| fold_name(n) == f))
    {
        return Lookup::Found(v);
    }
    match synonyms.iter().find(|(w, _)| fold_name(w) == f) {
        Some((_, [one])) => Lookup::Found(*one),
        Some((_, many)) if !many.is_empty() => Lookup::Ambiguous(many),
        _ => Lookup::NotFound,
    }
}

/// One of the values an ambiguous word could mean: its stable name and
/// its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    pub name: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// A word that could mean several values (`投诉`: an omission complaint or
/// an untruth complaint): the clerk is asked which, with every choice named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    pub value: String,
    pub could_be: Vec<Meaning>,
}

impl Ambiguous {
    /// The refusal for `value`, which could mean any of `c`.
    pub fn of<T: Copy>(
        value: &str,
        c: &[T],
        names: impl Fn(T) -> [&'static str; 3],
    ) -> DomainError {
        DomainError::Ambiguous(Ambiguous {
            value: value.trim().to_string(),
            could_be: c
                .iter()
                .map(|v| {
                    let [name, en, zh] = names(*v);
                    Meaning { name, en, zh }
                })
                .collect(),
        })
    }

    /// The question in the UI language.
    pub fn message(&self, zh: bool) -> String {
        let v = &self.value;
        if zh {
            let c: Vec<String> = self
                .could_be
                .iter()
                .map(|m| format!("“{}”", m.zh))
                .collect();
            format!("“{v}”可指{}：请写明是哪一种", c.join("或"))
        } else {
            let c: Vec<String> = self
                .could_be
                .iter()
                .map(|m| format!("{} ({})", m.en, m.name))
                .collect();
            format!("'{v}' could mean {}: write which one", c.join(" or "))
        }
    }
}

/// The common other names of each value: words offices use in their own
/// registers, read by `lookup` beside the stable names and labels. A word
/// naming several values is ambiguous and asked about.
impl Level {
    pub const SYNONYMS: &'static [(&'static str, &'static [Level])] = &[
        ("社区居委会", &[Level::Community]),
        ("居委会", &[Level::Community]),
        ("居民委员会", &[Level::Community]),
        ("社区工作站", &[Level::Workstation]),
        ("街道办事处", &[Level::Street]),
        ("街道办", &[Level::Street]),
        ("乡镇", &[Level::Street]),
        ("区级", &[Level::District]),
        ("区县", &[Level::District]),
    ];
}

impl Role {
    pub const SYNONYMS: &'static [(&'static str, &'static [Role])] = &[
        ("书记员", &[Role::Clerk]),
        ("工作人员", &[Role::Clerk]),
        ("社区工作者", &[Role::Clerk]),
        ("社工", &[Role::Clerk]),
        ("文书", &[Role::Clerk]),
        ("主任", &[Role::Director]),
        ("社区主任", &[Role::Director]),
        ("居委主任", &[Role::Director]),
        ("书记", &[Role::Secretary]),
        ("党委书记", &[Role::Secretary]),
        ("党支部书记", &[Role::Secretary]),
        ("党总支书记", &[Role::Secretary]),
        ("社区书记", &[Role::Secretary]),
        ("会计", &[Role::Finance]),
        ("出纳", &[Role::Finance]),
        ("财务", &[Role::Finance]),
        ("财务人员", &[Role::Finance]),
        ("报账员", &[Role::Finance]),
        ("accountant", &[Role::Finance]),
        ("监督员", &[Role::Supervisor]),
        ("监督小组", &[Role::Supervisor]),
        ("监督小组组长", &[Role::Supervisor]),
        ("监委会成员", &[Role::Supervisor]),
        ("居务监督委员会成员", &[Role::Supervisor]),
    ];
}

impl Category {
    pub const SYNONYMS: &'static [(&'static str, &'static [Category])] = &[
        ("政务公开", &[Category::Government]),
        ("政务类", &[Category::Government]),
        ("居务", &[Category::Government]),
        ("居务公开", &[Category::Government]),
        ("财务公开", &[Category::Finance]),
        ("财务类", &[Category::Finance]),
        ("财务收支", &[Category::Finance]),
        ("financial", &[Category::Finance]),
        ("党务公开", &[Category::Party]),
        ("党务类", &[Category::Party]),
        ("党建", &[Category::Party]),
        ("party affairs", &[Category::Party]),
        ("服务公开", &[Category::Service]),
        ("服务类", &[Category::Service]),
        ("便民服务", &[Category::Service]),
        ("站务公开", &[Category::Workstation]),
        ("站务类", &[Category::Workstation]),
        ("其它", &[Category::Other]),
        ("其他事项", &[Category::Other]),
    ];
}

impl Basis {
    pub const SYNONYMS: &'static [(&'static str, &'static [Basis])] = &[
        ("法定", &[Basis::Statutory]),
        ("依法公开", &[Basis::Statutory]),
        ("主动", &[Basis::Active]),
        ("依申请", &[Basis::OnApplication]),
        ("申请公开", &[Basis::OnApplication]),
        ("on request", &[Basis::OnApplication]),
    ];
}

impl Scope {
    pub const SYNONYMS: &'static [(&'static str, &'static [Scope])] = &[
        ("向社会公开", &[Scope::Public]),
        ("社会公开", &[Scope::Public]),
        ("对外公开", &[Scope::Public]),
        ("全部公开", &[Scope::Public]),
        ("居民公开", &[Scope::Residents]),
        ("向居民公开", &[Scope::Residents]),
        ("本社区居民", &[Scope::Residents]),
        ("社区内公开", &[Scope::Residents]),
        ("内部公开", &[Scope::Internal]),
        ("仅内部", &[Scope::Internal]),
        ("不公开", &[Scope::Internal]),
    ];
}

impl Form {
    pub const SYNONYMS: &'static [(&'static str, &'static [Form])] = &[
        ("公示栏", &[Form::Board]),
        ("公告栏", &[Form::Board]),
        ("宣传栏", &[Form::Board]),
        ("居务公开栏", &[Form::Board]),
        ("公开栏公示", &[Form::Board]),
        ("张贴", &[Form::Board]),
        ("触摸查询屏", &[Form::TouchScreen]),
        ("查询机", &[Form::TouchScreen]),
        ("显示屏", &[Form::Display]),
        ("电子屏", &[Form::Display]),
        ("LED屏", &[Form::Display]),
        ("LED显示屏", &[Form::Display]),
        ("居民会议", &[Form::Meeting]),
        ("居民代表会议", &[Form::Meeting]),
        ("会议公开", &[Form::Meeting]),
        ("入户", &[Form::MailboxLeaflet]),
        ("入户发放", &[Form::MailboxLeaflet]),
        ("明白纸", &[Form::MailboxLeaflet]),
        ("宣传单", &[Form::MailboxLeaflet]),
        ("网上公开", &[Form::Website]),
        ("门户网站", &[Form::Website]),
        ("政务网站", &[Form::Website]),
    ];
}

impl Channel {
    pub const SYNONYMS: &'static [(&'static str, &'static [Channel])] = &[
        ("意见建议箱", &[Channel::SuggestionBox]),
        ("建议箱", &[Channel::SuggestionBox]),
        ("意见箱投递", &[Channel::SuggestionBox]),
        ("当面", &[Channel::InPerson]),
        ("到访", &[Channel::InPerson]),
        ("上门", &[Channel::InPerson]),
        ("面谈", &[Channel::InPerson]),
        ("来人", &[Channel::InPerson]),
        ("窗口", &[Channel::InPerson]),
        ("walk-in", &[Channel::InPerson]),
        ("visit", &[Channel::InPerson]),
        ("来电", &[Channel::Phone]),
        ("电话来访", &[Channel::Phone]),
        ("信件", &[Channel::Letter]),
        ("信函", &[Channel::Letter]),
        ("书信", &[Channel::Letter]),
        ("邮件", &[Channel::Email]),
        ("电邮", &[Channel::Email]),
        ("座谈会", &[Channel::Meeting]),
        ("居民会议", &[Channel::Meeting]),
        ("12345", &[Channel::Hotline]),
        ("12345热线", &[Channel::Hotline]),
        ("市民热线", &[Channel::Hotline]),
        ("便民热线", &[Channel::Hotline]),
        ("微信群", &[Channel::Wechat]),
        ("公众号", &[Channel::Wechat]),
        ("微信公众号", &[Channel::Wechat]),
    ];
}

impl OpinionKind {
    pub const SYNONYMS: &'static [(&'static str, &'static [OpinionKind])] = &[
        ("咨询", &[OpinionKind::Question]),
        ("提问", &[OpinionKind::Question]),
        ("询问咨询", &[OpinionKind::Question]),
        (
            "投诉",
            &[OpinionKind::ComplaintOmission, OpinionKind::ComplaintUntrue],
        ),
        (
            "complaint",
            &[OpinionKind::ComplaintOmission, OpinionKind::ComplaintUntrue],
        ),
        ("遗漏", &[OpinionKind::ComplaintOmission]),
        ("漏公开", &[OpinionKind::ComplaintOmission]),
        ("应公开未公开", &[OpinionKind::ComplaintOmission]),
        ("不实", &[OpinionKind::ComplaintUntrue]),
        ("内容不实", &[OpinionKind::ComplaintUntrue]),
        ("公开不实", &[OpinionKind::ComplaintUntrue]),
        ("意见建议", &[OpinionKind::Suggestion]),
        ("意见", &[OpinionKind::Suggestion]),
        ("依申请公开", &[OpinionKind::DisclosureRequest]),
        ("公开申请", &[OpinionKind::DisclosureRequest]),
        ("申请", &[OpinionKind::DisclosureRequest]),
        ("查档", &[OpinionKind::FileAccess]),
        ("查阅", &[OpinionKind::FileAccess]),
        ("档案查阅", &[OpinionKind::FileAccess]),
    ];
}

impl RouteTo {
    pub const SYNONYMS: &'static [(&'static str, &'static [RouteTo])] = &[
        ("社区居委会", &[RouteTo::Committee]),
        ("居民委员会", &[RouteTo::Committee]),
        ("居务监督委员会", &[RouteTo::SupervisionTeam]),
        ("监督委员会", &[RouteTo::SupervisionTeam]),
        ("监委会", &[RouteTo::SupervisionTeam]),
    ];
}

impl ReplyForm {
    pub const SYNONYMS: &'static [(&'static str, &'static [ReplyForm])] = &[
        ("当场", &[ReplyForm::OnTheSpot]),
        ("现场答复", &[ReplyForm::OnTheSpot]),
        ("口头答复", &[ReplyForm::OnTheSpot]),
        ("书面", &[ReplyForm::Written]),
        ("书面回复", &[ReplyForm::Written]),
        ("电话", &[ReplyForm::Phone]),
        ("电话回复", &[ReplyForm::Phone]),
        ("张贴", &[ReplyForm::PostedOnBoard]),
        ("公示", &[ReplyForm::PostedOnBoard]),
        ("公开栏公示", &[ReplyForm::PostedOnBoard]),
        ("会议", &[ReplyForm::Meeting]),
        ("会上答复", &[ReplyForm::Meeting]),
    ];
}

impl Outcome {
    pub const SYNONYMS: &'static [(&'static str, &'static [Outcome])] = &[
        ("解释", &[Outcome::Explained]),
        ("已说明", &[Outcome::Explained]),
        ("更正", &[Outcome::Corrected]),
        ("已纠正", &[Outcome::Corrected]),
        ("同意", &[Outcome::Granted]),
        ("不同意", &[Outcome::Declined]),
        ("不予", &[Outcome::Declined]),
        ("转交", &[Outcome::Referred]),
        ("已转交", &[Outcome::Referred]),
        ("转办", &[Outcome::Referred]),
    ];
}

impl Failing {
    pub const SYNONYMS: &'static [(&'static str, &'static [Failing])] = &[
        ("内容不具体", &[Failing::NotSpecific]),
        ("内容不真实", &[Failing::NotTrue]),
        ("重点不突出", &[Failing::WithoutFocus]),
        ("公开不规范", &[Failing::NotRegulated]),
        ("制度不健全", &[Failing::RulesIncomplete]),
        ("档案不完善", &[Failing::FilesNotSound]),
        ("只事后公开", &[Failing::AfterTheFact]),
        ("公开无反馈", &[Failing::WithoutFeedback]),
        ("公开不及时", &[Failing::NotTimely]),
        ("公开不持久", &[Failing::NotSustained]),
    ];
}

impl Aspect {
    pub const SYNONYMS: &'static [(&'static str, &'static [Aspect])] = &[
        ("及时", &[Aspect::Timeliness]),
        ("完整", &[Aspect::Completeness]),
        ("真实", &[Aspect::Truthfulness]),
        ("公开形式", &[Aspect::Form]),
        ("公开程序", &[Aspect::Procedure]),
    ];
}

impl Frequency {
    pub const SYNONYMS: &'static [(&'static str, &'static [Frequency])] = &[
        ("按月", &[Frequency::Monthly]),
        ("月度", &[Frequency::Monthly]),
        ("按季", &[Frequency::Quarterly]),
        ("按季度", &[Frequency::Quarterly]),
        ("季度", &[Frequency::Quarterly]),
    ];
}

/// A short office code such as `QH01`: 2 to 8 ASCII letters or digits,
/// upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OfficeCode(String);

impl OfficeCode {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().to_ascii_uppercase();
        if (2..=8).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(OfficeCode(t))
        } else {
            Err(DomainError::BadOfficeCode(s.to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OfficeCode {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        OfficeCode::parse(&s)
    }
}
impl From<OfficeCode> for String {
    fn from(c: OfficeCode) -> String {
        c.0
    }
}
impl fmt::Display for OfficeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl FromStr for OfficeCode {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, DomainError> {
        OfficeCode::parse(s)
    }
}

/// The office a record id belongs to: the part before the first `-`.
pub fn office_of_id(id: &str) -> &str {
    id.split('-').next().unwrap_or("")
}

/// The period a disclosure or a statement covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
    Range { from: NaiveDate, to: NaiveDate },
}

impl Period {
    /// Parses `2026-10`, `2026-Q3`, `2026`, or `2026-01-05..2026-02-01`,
    /// and the ways offices write them in their own sheets: `2026/10`,
    /// `2026年10月`, `2026Q3`, `2026年第三季度`, `2026年三季度`, `2026年度`.
    pub fn parse(s: &str) -> Result<Period, DomainError> {
        let folded: String = halfwidth(s.trim())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = folded.as_str();
        let bad = || DomainError::BadPeriod(s.to_string());
        if let Some((a, b)) = t.split_once("..") {
            let from = parse_date(a)?;
            let to = parse_date(b)?;
            if to < from {
                return Err(bad());
            }
            return Ok(Period::Range { from, to });
        }
        let t = t
            .strip_suffix("年度")
            .or_else(|| t.strip_suffix('年'))
            .unwrap_or(t);
        if t.len() == 4 {
            let year: i32 = t.parse().map_err(|_| bad())?;
            return Ok(Period::Year { year });
        }
        let (y, rest) = match t.split_once('年') {
            Some((y, rest)) => (y, rest),
            None => match t.find(['-', '/', '.', 'Q', 'q']) {
                Some(4) => (&t[..4], t[4..].trim_start_matches(['-', '/', '.'])),
                _ => return Err(bad()),
            },
        };
        if y.len() != 4 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        let quarter = rest
            .strip_prefix(['Q', 'q'])
            .or_else(|| rest.strip_suffix("季度"))
            .or_else(|| rest.strip_suffix('季'));
        if let Some(q) = quarter {
            let q = q.strip_prefix('第').unwrap_or(q);
            let quarter: u32 = match q {
                "一" => 1,
                "二" => 2,
                "三" => 3,
                "四" => 4,
                q => q.parse().map_err(|_| bad())?,
            };
            if !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            return Ok(Period::Quarter { year, quarter });
        }
        let m = rest
            .strip_suffix("月份")
            .or_else(|| rest.strip_suffix('月'));
        let m = match (m, t.contains('年')) {
            (Some(m), true) => m,
            (None, false) => rest,
            _ => return Err(bad()),
        };
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Period::Month { year, month })
    }

    /// First day of the period.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Month { year, month } => ymd(year, month, 1),
            Period::Quarter { year, quarter } => ymd(year, (quarter - 1) * 3 + 1, 1),
            Period::Year { year } => ymd(year, 1, 1),
            Period::Range { from, .. } => from,
        }
    }

    /// Last day of the period (inclusive).
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Month { year, month } => next_month_start(year, month)
                .pred_opt()
                .unwrap_or(NaiveDate::MIN),
            Period::Quarter { year, quarter } => next_month_start(year, quarter * 3)
                .pred_opt()
                .unwrap_or(NaiveDate::MIN),
            Period::Year { year } => ymd(year, 12, 31),
            Period::Range { to, .. } => to,
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// True when the whole of `other` lies inside this period.
    pub fn covers(&self, other: &Period) -> bool {
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// The period that follows this one (same length for months, quarters, years).
    pub fn next(&self) -> Period {
        match *self {
            Period::Month { year, month: 12 } => Period::Month {
                year: year + 1,
                month: 1,
            },
            Period::Month { year, month } => Period::Month {
                year,
                month: month + 1,
            },
            Period::Quarter { year, quarter: 4 } => Period::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Year { year } => Period::Year { year: year + 1 },
            Period::Range { from, to } => {
                let len = (to - from).num_days();
                let nf = to.succ_opt().unwrap_or(to);
                Period::Range {
                    from: nf,
                    to: nf + chrono::Duration::days(len),
                }
            }
        }
    }

    pub fn month_of(d: NaiveDate) -> Period {
        Period::Month {
            year: d.year(),
            month: d.month(),
        }
    }
    pub fn quarter_of(d: NaiveDate) -> Period {
        Period::Quarter {
            year: d.year(),
            quarter: (d.month() - 1) / 3 + 1,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Year { year } => write!(f, "{year}"),
            Period::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

impl FromStr for Period {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, DomainError> {
        Period::parse(s)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn next_month_start(year: i32, month: u32) -> NaiveDate {
    if month >= 12 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, month + 1, 1)
    }
}

/// Parses a date written `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY年M月D日`).
pub fn parse_date(s: &str) -> Result<NaiveDate, DomainError> {
    let t = halfwidth(s.trim());
    let norm: String = t.replace(['/', '年', '月'], "-").replace('日', "");
    NaiveDate::parse_from_str(&norm, "%Y-%m-%d").map_err(|_| DomainError::BadDate(s.to_string()))
}

/// Full-width digits, '．', '－', '／' and '，' (a Chinese IME in
/// full-width mode types them) as their ASCII forms, for parsing numbers
/// and dates; nothing else changes.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            '／' => '/',
            '，' => ',',
            '　' => ' ',
            c => c,
        })
        .collect()
}

/// Checks a required text field: not empty, at most 64 KiB.
pub fn check_text(
    field: super::error::Field,
    text: &str,
    required: bool,
) -> Result<(), DomainError> {
    if required && text.trim().is_empty() {
        return Err(DomainError::EmptyField(field));
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(DomainError::TextTooLong {
            field,
            bytes: text.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_bound() {
        let p = Period::parse("2026-02").unwrap();
        assert_eq!(p.start(), ymd(2026, 2, 1));
        assert_eq!(p.end(), ymd(2026, 2, 28));
        let q = Period::parse("2026-Q4").unwrap();
        assert_eq!(q.end(), ymd(2026, 12, 31));
        assert_eq!(
            q.next(),
            Period::Quarter {
                year: 2027,
                quarter: 1
            }
        );
        assert!(Period::parse("2026-13").is_err());
        assert!(Period::parse("2026-Q5").is_err());
        assert!(Period::parse("abc").is_err());
        assert_eq!(Period::parse("2026").unwrap().to_string(), "2026");
        assert!(Period::parse("2026-03-01..2026-02-01").is_err());
    }

    #[test]
    fn enums_parse_by_name_or_chinese() {
        assert_eq!("finance".parse::<Category>().unwrap(), Category::Finance);
        assert_eq!("财务".parse::<Category>().unwrap(), Category::Finance);
        let e = "money".parse::<Category>().unwrap_err().to_string();
        assert!(e.contains("money") && e.contains("government"), "{e}");
    }

    #[test]
    fn periods_as_offices_write_them() {
        for (s, want) in [
            ("2026年3月", "2026-03"),
            ("2026年03月份", "2026-03"),
            ("2026/3", "2026-03"),
            ("２０２６年３月", "2026-03"),
            ("2026年第一季度", "2026-Q1"),
            ("2026年一季度", "2026-Q1"),
            ("2026年第4季度", "2026-Q4"),
            ("2026Q1", "2026-Q1"),
            ("2026 q2", "2026-Q2"),
            ("2026年Q3", "2026-Q3"),
            ("2026年度", "2026"),
            ("2026年", "2026"),
        ] {
            assert_eq!(
                Period::parse(s).map(|p| p.to_string()),
                Ok(want.into()),
                "{s}"
            );
        }
        for bad in [
            "2026年13月",
            "2026年第五季度",
            "2026年3",
            "26年3月",
            "2026Q",
            "2026-3月",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    /// No synonym names another value of its enumeration than the one it
    /// is listed for, and none is listed twice: each word reads one way
    /// (or is declared ambiguous).
    #[test]
    fn synonyms_do_not_collide() {
        fn check<T: Copy + PartialEq + fmt::Debug + 'static>(
            all: &'static [T],
            names: impl Fn(T) -> [&'static str; 3],
            syn: &'static [(&'static str, &'static [T])],
        ) {
            let mut seen: Vec<(String, Vec<T>)> = vec![];
            for v in all {
                for n in names(*v) {
                    let f = fold_name(n);
                    if let Some((_, o)) = seen.iter().find(|(w, _)| *w == f) {
                        assert_eq!(o, &vec![*v], "{n}");
                    }
                    seen.push((f, vec![*v]));
                }
            }
            for (w, vs) in syn {
                let f = fold_name(w);
                assert!(!seen.iter().any(|(x, _)| *x == f), "{w} is already a name");
                seen.push((f, vs.to_vec()));
                assert!(lookup_in(w, all, &names, syn) != Lookup::NotFound, "{w}");
            }
        }
        macro_rules! each {
            ($($t:ty),+) => {$(check(<$t>::ALL, |v| [v.as_str(), v.en(), v.zh()], <$t>::SYNONYMS);)+};
        }
        use super::super::money::LineCategory;
        each!(
            Level,
            Role,
            Category,
            Basis,
            Scope,
            Form,
            Channel,
            OpinionKind,
            RouteTo,
            ReplyForm,
            Outcome,
            Failing,
            Aspect,
            Frequency,
            LineCategory
        );
        assert_eq!("财务公开".parse::<Category>(), Ok(Category::Finance));
        assert_eq!("In Person".parse::<Channel>(), Ok(Channel::InPerson));
        assert_eq!("微信".parse::<Channel>(), Ok(Channel::Wechat));
        assert_eq!("书记员".parse::<Role>(), Ok(Role::Clerk));
        let e = "投诉".parse::<OpinionKind>().unwrap_err();
        assert_eq!(
            e.message(true),
            "“投诉”可指“投诉遗漏”或“投诉不实”：请写明是哪一种"
        );
    }

    #[test]
    fn office_codes() {
        assert_eq!(OfficeCode::parse("qh01").unwrap().as_str(), "QH01");
        assert!(OfficeCode::parse("Q").is_err());
        assert!(OfficeCode::parse("QH-01").is_err());
    }

    #[test]
    fn dates_parse_in_common_forms() {
        assert_eq!(parse_date("2026/3/5").unwrap(), ymd(2026, 3, 5));
        assert_eq!(parse_date("2026年3月5日").unwrap(), ymd(2026, 3, 5));
        assert!(parse_date("2026-02-30").is_err());
    }
}
