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
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, DomainError> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($s) || t == $zh { return Ok($name::$var); })+
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
    /// Parses `2026-10`, `2026-Q3`, `2026`, or `2026-01-05..2026-02-01`.
    pub fn parse(s: &str) -> Result<Period, DomainError> {
        let t = s.trim();
        let bad = || DomainError::BadPeriod(s.to_string());
        if let Some((a, b)) = t.split_once("..") {
            let from = parse_date(a)?;
            let to = parse_date(b)?;
            if to < from {
                return Err(bad());
            }
            return Ok(Period::Range { from, to });
        }
        if t.len() == 4 {
            let year: i32 = t.parse().map_err(|_| bad())?;
            return Ok(Period::Year { year });
        }
        let (y, rest) = t.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let quarter: u32 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            return Ok(Period::Quarter { year, quarter });
        }
        let month: u32 = rest.parse().map_err(|_| bad())?;
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
