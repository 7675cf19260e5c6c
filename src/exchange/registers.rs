//! The registers as tables for CSV/XLSX export, with the column names (in
//! Chinese and English) that import reads back. One definition serves both
//! directions, so an exported file imports as it is.

use chrono::NaiveDate;

use crate::domain::records::*;
use crate::domain::{Calendar, Form, Role};
use crate::store::{Reader, StoreError};

use crate::report::doc::{Cell, Column, Doc, Kind, Table};

/// The registers that export to and import from spreadsheets.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Register {
    /// The disclosure register (居务公开登记簿).
    Disclosures,
    /// The opinions and suggestions book (意见建议收集簿).
    Opinions,
    /// The feedback-reply log (反馈答复登记).
    Replies,
    /// Finance statements, one row per line (财务收支明细).
    Statements,
}

impl Register {
    pub fn title(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Register::Disclosures, true) => "居务公开登记簿",
            (Register::Disclosures, false) => "Disclosure register",
            (Register::Opinions, true) => "意见建议收集簿",
            (Register::Opinions, false) => "Opinions and suggestions",
            (Register::Replies, true) => "反馈答复登记",
            (Register::Replies, false) => "Feedback replies",
            (Register::Statements, true) => "财务收支明细",
            (Register::Statements, false) => "Finance statements",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Disclosures => "disclosures",
            Register::Opinions => "opinions",
            Register::Replies => "replies",
            Register::Statements => "statements",
        }
    }
}

const fn c(zh: &'static str, en: &'static str, kind: Kind, width: f64) -> Column {
    Column::new(zh, en, kind, width)
}

pub const DISCLOSURE_COLUMNS: &[Column] = &[
    c("编号", "id", Kind::Text, 17.0),
    c("标题", "title", Kind::Text, 40.0),
    c("内容", "body", Kind::LongText, 60.0),
    c("类别", "category", Kind::Text, 8.0),
    c("公开依据", "basis", Kind::Text, 10.0),
    c("公开范围", "scope", Kind::Text, 8.0),
    c("所属期间", "period", Kind::Text, 12.0),
    c("公开形式", "forms", Kind::Text, 18.0),
    c("重大事项", "major", Kind::Bool, 8.0),
    c("状态", "status", Kind::Text, 8.0),
    c("党组织书记签字", "secretary signed", Kind::Text, 10.0),
    c("居委会主任签字", "director signed", Kind::Text, 10.0),
    c("经办人签字", "finance signed", Kind::Text, 10.0),
    c("提交审核日期", "submitted on", Kind::Date, 12.0),
    c("监督小组审核", "approved by", Kind::Text, 10.0),
    c("公开日期", "published on", Kind::Date, 12.0),
    c("公开期至", "posted until", Kind::Date, 12.0),
    c("公章", "seal", Kind::Text, 18.0),
    c("更正原事项", "corrects", Kind::Text, 17.0),
    c("更正说明", "correction note", Kind::LongText, 30.0),
    c("已被更正为", "corrected by", Kind::Text, 17.0),
    c("归档日期", "archived on", Kind::Date, 12.0),
    c("财务报表", "statement", Kind::Text, 17.0),
];

pub const OPINION_COLUMNS: &[Column] = &[
    c("编号", "id", Kind::Text, 18.0),
    c("收到时间", "received at", Kind::DateTime, 17.0),
    c("渠道", "channel", Kind::Text, 8.0),
    c("反映人", "from", Kind::Text, 10.0),
    c("联系方式", "contact", Kind::Text, 14.0),
    c("住址", "address", Kind::Text, 14.0),
    c("类型", "kind", Kind::Text, 10.0),
    c("涉及事项", "about", Kind::Text, 17.0),
    c("内容", "text", Kind::LongText, 50.0),
    c("登记人", "recorded by", Kind::Text, 10.0),
    c("转交", "routed to", Kind::Text, 10.0),
    c("开箱记录", "box opening", Kind::Text, 18.0),
    c("答复期限", "due on", Kind::Date, 12.0),
    c("状态", "status", Kind::Text, 8.0),
    c("首次答复日期", "first reply", Kind::Date, 12.0),
    c("逾期工作日", "working days late", Kind::Int, 10.0),
];

pub const REPLY_COLUMNS: &[Column] = &[
    c("编号", "id", Kind::Text, 18.0),
    c("意见编号", "opinion", Kind::Text, 18.0),
    c("答复日期", "replied on", Kind::Date, 12.0),
    c("答复人", "replied by", Kind::Text, 10.0),
    c("答复方式", "form", Kind::Text, 10.0),
    c("答复内容", "text", Kind::LongText, 50.0),
    c("答复结果", "outcome", Kind::Text, 10.0),
    c("更正事项", "correction", Kind::Text, 17.0),
    c("同意公开事项", "granted item", Kind::Text, 17.0),
    c("转交单位", "referred to", Kind::Text, 10.0),
    c("公开答复", "public", Kind::Bool, 8.0),
];

pub const STATEMENT_COLUMNS: &[Column] = &[
    c("报表编号", "statement", Kind::Text, 18.0),
    c("期间", "period", Kind::Text, 10.0),
    c("期初余额", "opening balance", Kind::Money, 14.0),
    c("收支", "direction", Kind::Text, 8.0),
    c("类别", "category", Kind::Text, 10.0),
    c("摘要", "description", Kind::Text, 44.0),
    c("金额", "amount", Kind::Money, 14.0),
    c("编制人", "prepared by", Kind::Text, 10.0),
    c("更正原报表", "corrects", Kind::Text, 18.0),
];

pub fn columns(reg: Register) -> &'static [Column] {
    match reg {
        Register::Disclosures => DISCLOSURE_COLUMNS,
        Register::Opinions => OPINION_COLUMNS,
        Register::Replies => REPLY_COLUMNS,
        Register::Statements => STATEMENT_COLUMNS,
    }
}

fn join_forms(forms: &[Form], zh: bool) -> String {
    forms
        .iter()
        .map(|f| f.label(zh))
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " })
}

fn signer(d: &Disclosure, role: Role) -> Cell {
    Cell::opt_text(
        d.signatures
            .iter()
            .find(|s| s.role == role)
            .map(|s| s.by.clone()),
    )
}

/// The register as one table: every record held, in id order. Enumerated
/// values are written as Chinese labels (`zh`) or stable names; import
/// accepts both.
pub fn table(
    reg: Register,
    r: &Reader,
    cal: &Calendar,
    today: NaiveDate,
    zh: bool,
) -> Result<Table, StoreError> {
    let mut t = Table::new(reg.title(zh), columns(reg).to_vec());
    match reg {
        Register::Disclosures => {
            for d in r.disclosures()? {
                let s = r.settings_for_id(&d.id)?;
                let approved = d.reviews.iter().rev().find(|x| x.approved);
                t.rows.push(vec![
                    Cell::text(&d.id),
                    Cell::text(&d.fields.title),
                    Cell::text(&d.fields.body),
                    Cell::text(d.fields.category.label(zh)),
                    Cell::text(d.basis.label(zh)),
                    Cell::text(d.fields.scope.label(zh)),
                    Cell::opt_text(d.fields.period.map(|p| p.to_string())),
                    Cell::text(join_forms(
                        d.publication
                            .as_ref()
                            .map(|p| p.forms.as_slice())
                            .unwrap_or(&d.fields.forms),
                        zh,
                    )),
                    Cell::Bool(d.fields.major),
                    Cell::text(d.status.label(zh)),
                    signer(&d, Role::Secretary),
                    signer(&d, Role::Director),
                    signer(&d, Role::Finance),
                    Cell::opt_date(d.submission.as_ref().map(|s| s.on)),
                    Cell::opt_text(approved.map(|a| a.by.clone())),
                    Cell::opt_date(d.publication.as_ref().map(|p| p.on)),
                    Cell::opt_date(d.posting_until(s.posting_days)),
                    Cell::opt_text(d.publication.as_ref().map(|p| p.seal.clone())),
                    Cell::opt_text(d.supersedes.clone()),
                    Cell::opt_text(d.correction_note.clone()),
                    Cell::opt_text(d.superseded_by.clone()),
                    Cell::opt_date(d.archived_on),
                    Cell::opt_text(d.fields.statement.clone()),
                ]);
            }
        }
        Register::Opinions => {
            for o in r.opinions()? {
                let st = r.opinion_state(o, cal, today)?;
                let o = &st.opinion;
                t.rows.push(vec![
                    Cell::text(&o.id),
                    Cell::DateTime(o.received_at),
                    Cell::text(o.channel.label(zh)),
                    Cell::opt_text(o.from.as_ref().map(|f| f.name.clone())),
                    Cell::opt_text(o.from.as_ref().and_then(|f| f.contact.clone())),
                    Cell::opt_text(o.from.as_ref().and_then(|f| f.address.clone())),
                    Cell::text(o.kind.label(zh)),
                    Cell::opt_text(o.about.clone()),
                    Cell::text(&o.text),
                    Cell::text(&o.recorded_by),
                    Cell::text(o.routed_to.label(zh)),
                    Cell::opt_text(o.box_opening.clone()),
                    Cell::Date(st.due_on),
                    Cell::text(st.status.label(zh)),
                    Cell::opt_date(st.first_reply),
                    if st.days_late > 0 {
                        Cell::Int(st.days_late)
                    } else {
                        Cell::Empty
                    },
                ]);
            }
        }
        Register::Replies => {
            for x in r.replies()? {
                t.rows.push(vec![
                    Cell::text(&x.id),
                    Cell::text(&x.opinion),
                    Cell::Date(x.replied_on),
                    Cell::text(&x.replied_by),
                    Cell::text(x.form.label(zh)),
                    Cell::text(&x.text),
                    Cell::text(x.outcome.label(zh)),
                    Cell::opt_text(x.correction.clone()),
                    Cell::opt_text(x.granted_item.clone()),
                    Cell::opt_text(x.referred_to.as_ref().map(|c| c.to_string())),
                    Cell::Bool(x.public),
                ]);
            }
        }
        Register::Statements => {
            let mut all = r.statements()?;
            all.sort_by(|a, b| a.id.cmp(&b.id));
            for s in all {
                for (i, l) in s.lines.iter().enumerate() {
                    t.rows.push(vec![
                        Cell::text(&s.id),
                        Cell::text(s.period.to_string()),
                        match (i, s.opening_balance) {
                            (0, Some(b)) => Cell::Money(b),
                            _ => Cell::Empty,
                        },
                        Cell::text(match (l.category.direction(), zh) {
                            (crate::domain::money::Direction::Income, true) => "收入",
                            (crate::domain::money::Direction::Income, false) => "income",
                            (_, true) => "支出",
                            (_, false) => "expenditure",
                        }),
                        Cell::text(l.category.label(zh)),
                        Cell::text(&l.description),
                        Cell::Money(l.amount),
                        Cell::text(&s.prepared_by),
                        Cell::opt_text(s.supersedes.clone()),
                    ]);
                }
            }
        }
    }
    Ok(t)
}

/// The register as a document of one table.
pub fn doc(
    reg: Register,
    r: &Reader,
    cal: &Calendar,
    today: NaiveDate,
    zh: bool,
) -> Result<Doc, StoreError> {
    let t = table(reg, r, cal, today, zh)?;
    Ok(Doc {
        title: t.title.clone(),
        subtitle: vec![],
        tables: vec![t],
        zh,
    })
}
