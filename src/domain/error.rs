use thiserror::Error;

/// Everything the domain refuses, each with a message a clerk can act on.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DomainError {
    #[error("unknown {what} '{value}' (expected one of: {expected})")]
    UnknownValue {
        what: &'static str,
        value: String,
        expected: String,
    },
    #[error("'{0}' is not an office code (2–8 letters or digits, e.g. QH01)")]
    BadOfficeCode(String),
    #[error("'{0}' is not a period (use 2026-10, 2026-Q3, 2026 or 2026-01-05..2026-02-01)")]
    BadPeriod(String),
    #[error("'{0}' is not a valid date (use YYYY-MM-DD)")]
    BadDate(String),
    #[error("'{0}' is not a valid time (use YYYY-MM-DD HH:MM)")]
    BadTime(String),
    #[error("'{0}' is not an amount of yuan (digits, e.g. 1234.50)")]
    BadAmount(String),
    #[error("'{0}' has more than two decimal places (amounts are in yuan and fen)")]
    AmountPrecision(String),
    #[error("{0} must not be empty")]
    EmptyField(&'static str),
    #[error("{field} is too long: {bytes} bytes (at most 65536)")]
    TextTooLong { field: &'static str, bytes: usize },
    #[error("{file}:{line}: {msg} (calendar file, line {line})")]
    CalendarFile {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("no {what} '{id}'")]
    NotFound { what: &'static str, id: String },
    #[error("unknown office '{0}'")]
    UnknownOffice(String),
    #[error("a {role} may not {action}")]
    NotAllowed { role: String, action: &'static str },
    #[error("this needs a signed-in operator: {0}")]
    NeedsOperator(&'static str),
    #[error("cannot {action} {id}: it is {status}")]
    WrongState {
        id: String,
        status: String,
        action: &'static str,
    },
    #[error("{0} is published: a published record is never edited; publish a correction instead")]
    Published(String),
    #[error("{id} is already signed by the {role}")]
    AlreadySigned { id: String, role: String },
    #[error("{0} belongs to another office; only its own office may change it")]
    OtherOffice(String),
    #[error("operator '{0}' already exists")]
    DuplicateOperator(String),
    #[error("{0}")]
    Invalid(String),
    /// A word that could mean several values: asks which.
    #[error("{}", .0.message(false))]
    Ambiguous(super::types::Ambiguous),
    /// An amount above `money::MAX_AMOUNT`, as written.
    #[error("{}", super::money::too_large(.0, false))]
    AmountTooLarge(String),
    /// A rule of the workflow, said in both languages.
    #[error("{en}")]
    Rule { en: String, zh: String },
}

impl DomainError {
    /// A refusal with its Chinese wording.
    pub fn rule(en: impl Into<String>, zh: impl Into<String>) -> DomainError {
        DomainError::Rule {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The message in the UI language (`Display` is the English one).
    pub fn message(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        use DomainError::*;
        match self {
            UnknownValue {
                what,
                value,
                expected,
            } => format!(
                "未知的{}“{value}”（可选：{}）",
                noun_zh(what),
                expected_zh(what, expected)
            ),
            BadOfficeCode(s) => format!("“{s}”不是单位代码（2–8 位字母或数字，如 QH01）"),
            BadPeriod(s) => {
                format!("“{s}”不是有效期间（如 2026-10、2026-Q3、2026 或 2026-01-05..2026-02-01）")
            }
            BadDate(s) => format!("“{s}”不是有效日期（格式 YYYY-MM-DD）"),
            BadTime(s) => format!("“{s}”不是有效时间（格式 YYYY-MM-DD HH:MM）"),
            BadAmount(s) => format!("“{s}”不是金额（元，数字，如 1234.50）"),
            AmountPrecision(s) => format!("“{s}”超过两位小数（金额以元、分计）"),
            EmptyField(f) => format!("{}不能为空", noun_zh(f)),
            TextTooLong { field, bytes } => {
                format!("{}太长：{bytes} 字节（最多 65536）", noun_zh(field))
            }
            CalendarFile { file, line, msg } => {
                format!("{file}:{line}: {msg}（日历文件第 {line} 行）")
            }
            NotFound { what, id } => format!("没有{}“{id}”", noun_zh(what)),
            UnknownOffice(c) => format!("未知单位“{c}”"),
            NotAllowed { role, action } => format!(
                "{}不能{}",
                role.parse::<super::Role>()
                    .map(|r| r.zh())
                    .unwrap_or(role.as_str()),
                action_zh(action)
            ),
            NeedsOperator(a) => format!("此操作需要登录的操作员：{}", action_zh(a)),
            WrongState { id, status, action } => format!(
                "不能{} {id}：当前状态为{}",
                action_zh(action),
                status
                    .parse::<super::Status>()
                    .map(|s| s.zh())
                    .unwrap_or(status.as_str())
            ),
            Published(id) => format!("{id} 已公开：公开后不能修改，请发布更正"),
            AlreadySigned { id, role } => format!(
                "{id} 已有{}的签字",
                role.parse::<super::Role>()
                    .map(|r| r.zh())
                    .unwrap_or(role.as_str())
            ),
            OtherOffice(id) => format!("{id} 属于其他单位：只有该单位可以修改"),
            DuplicateOperator(n) => format!("操作员“{n}”已存在"),
            Invalid(s) => s.clone(),
            Ambiguous(a) => a.message(true),
            AmountTooLarge(s) => super::money::too_large(s, true),
            Rule { zh, .. } => zh.clone(),
        }
    }
}

/// The Chinese of the field and record names used in messages.
fn noun_zh(what: &str) -> &str {
    match what {
        "office level" => "单位级别",
        "role" => "角色",
        "category" => "类别",
        "basis" => "公开依据",
        "scope" => "公开范围",
        "form" => "公开形式",
        "channel" => "渠道",
        "opinion kind" => "意见类型",
        "routing" => "转交对象",
        "reply form" => "答复方式",
        "reply outcome" => "答复结果",
        "failing" => "“十防”项",
        "aspect" => "检查方面",
        "frequency" => "频率",
        "finance line category" => "收支类别",
        "status" => "状态",
        "amendments" => "修改意见",
        "body" => "正文",
        "explanation" => "更正说明",
        "finding" => "问题",
        "line description" => "摘要",
        "members" => "参加人员",
        "name" => "姓名",
        "note" => "备注",
        "office name" => "单位名称",
        "operator name" => "操作员姓名",
        "opinion text" => "意见内容",
        "reason" => "原因",
        "reply text" => "答复内容",
        "required correction" => "整改要求",
        "seal" => "盖章",
        "summary" => "检查情况",
        "title" => "标题",
        "box opening" => "开箱记录",
        "check" => "检查",
        "disclosure" => "公开事项",
        "operator" => "操作员",
        "opinion" => "意见",
        "statement" => "财务报表",
        other => other,
    }
}

/// The Chinese labels of the values an enum accepts, for `UnknownValue`.
fn expected_zh(what: &str, expected: &str) -> String {
    use super::*;
    fn zh_of<T: Copy>(all: &[T], zh: fn(T) -> &'static str) -> String {
        all.iter().map(|x| zh(*x)).collect::<Vec<_>>().join("、")
    }
    match what {
        "office level" => zh_of(Level::ALL, Level::zh),
        "role" => zh_of(Role::ALL, Role::zh),
        "category" => zh_of(Category::ALL, Category::zh),
        "basis" => zh_of(Basis::ALL, Basis::zh),
        "scope" => zh_of(Scope::ALL, Scope::zh),
        "form" => zh_of(Form::ALL, Form::zh),
        "channel" => zh_of(Channel::ALL, Channel::zh),
        "opinion kind" => zh_of(OpinionKind::ALL, OpinionKind::zh),
        "routing" => zh_of(RouteTo::ALL, RouteTo::zh),
        "reply form" => zh_of(ReplyForm::ALL, ReplyForm::zh),
        "reply outcome" => zh_of(Outcome::ALL, Outcome::zh),
        "failing" => zh_of(Failing::ALL, Failing::zh),
        "aspect" => zh_of(Aspect::ALL, Aspect::zh),
        "frequency" => zh_of(Frequency::ALL, Frequency::zh),
        "status" => zh_of(Status::ALL, Status::zh),
        "finance line category" => zh_of(money::LineCategory::ALL, money::LineCategory::zh),
        _ => expected.to_string(),
    }
}

/// The Chinese of the acts named in `NotAllowed`, `WrongState`, ….
fn action_zh(a: &str) -> &str {
    for act in ACTS {
        if act.what() == a {
            return act.what_zh();
        }
    }
    match a {
        "revise" => "修改",
        "sign" => "签字",
        "submit" => "提交审核",
        "approve" => "审核同意",
        "return" => "退回修改",
        "publish" => "公开",
        "archive" => "归档",
        "correct (only a published item in force can be corrected)" => {
            "更正（只有现行有效的已公开事项才能更正）"
        }
        "reply to an opinion routed to the committee" => "答复转交居委会的意见",
        other => other,
    }
}

use super::workflow::Act;
const ACTS: &[Act] = &[
    Act::ManageOperators,
    Act::RegisterOffices,
    Act::ChangeSettings,
    Act::DraftDisclosure,
    Act::Sign,
    Act::Submit,
    Act::Review,
    Act::Publish,
    Act::Archive,
    Act::LogOpinion,
    Act::RouteOrPause,
    Act::VerifyComplaint,
    Act::Reply,
    Act::PrepareStatement,
    Act::RecordCheck,
    Act::ResolveFinding,
];

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
            role: "clerk".into(),
            action: Act::Sign.what(),
        };
        assert_eq!(e.message(true), "办事员不能签字");
        let e = DomainError::AmountPrecision("12.345".into());
        assert!(e.message(true).contains("超过两位小数"));
        let e = DomainError::WrongState {
            id: "QH01-2026-0001".into(),
            status: "in_review".into(),
            action: "sign",
        };
        assert_eq!(e.message(true), "不能签字 QH01-2026-0001：当前状态为审核中");
        assert_eq!(
            DomainError::EmptyField("opinion text").message(true),
            "意见内容不能为空"
        );
    }
}
