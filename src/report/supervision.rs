//! The supervision report to the residents' meeting (监督小组向居民会议的报告)
//! for a period: items published (scheduled ones on time / late / missing),
//! opinions received and answered (on time / late / open), corrections made,
//! findings open.

use chrono::NaiveDate;

use crate::domain::records::*;
use crate::domain::schedule::{nothing_due, short_review};
use crate::domain::{Aspect, Calendar, Category, OpinionKind, Outcome, Period};

use super::data::{OfficeData, SchedState, Scheduled, scheduled};
use super::doc::{Cell, Column, Doc, Kind, Table};

/// An opinion received in the period and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionLine {
    pub id: String,
    pub received_on: NaiveDate,
    pub kind: crate::domain::OpinionKind,
    pub due_on: NaiveDate,
    pub first_reply: Option<NaiveDate>,
    pub status: OpinionStatus,
    /// Answered by the due date.
    pub on_time: bool,
    pub days_late: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingLine {
    pub check: String,
    pub n: u32,
    pub description: String,
    pub correction_required: String,
    pub deadline: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
    /// Still open after its deadline (as of the report's day).
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervision {
    pub office: Office,
    pub period: Period,
    pub as_of: NaiveDate,
    /// Items first published in the period, but internal ones:
    /// (id, title, category, date).
    pub published: Vec<(String, String, Category, NaiveDate)>,
    /// Internal items published in the period (counted, not listed).
    pub internal: usize,
    pub scheduled: Vec<Scheduled>,
    /// Items published in the period whose review lead time was short:
    /// (id, working days, required).
    pub short_review: Vec<(String, u32, u32)>,
    pub opinions: Vec<OpinionLine>,
    /// Corrections published in the period: (id, corrects, title, date, why).
    pub corrections: Vec<(String, String, String, NaiveDate, String)>,
    /// Findings of checks recorded up to the period's end, open or resolved
    /// in or after it.
    pub findings: Vec<FindingLine>,
    /// The backlog at the period's end: opinions received by then,
    /// whenever, and not answered by then.
    pub backlog: Vec<BacklogLine>,
    /// The checks of the period, per aspect: (aspect, fine, wanting).
    pub aspects: Vec<(Aspect, usize, usize)>,
    /// Complaints verified in the period: found to hold, and not.
    pub complaints_held: usize,
    pub complaints_not_held: usize,
    /// Disclosure requests answered in the period: granted, declined.
    pub requests_granted: usize,
    pub requests_declined: usize,
}

/// An opinion still unanswered at the period's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogLine {
    pub id: String,
    pub received_on: NaiveDate,
    pub kind: OpinionKind,
    pub due_on: NaiveDate,
    /// Its due date had passed by the period's end.
    pub overdue: bool,
}

impl Supervision {
    pub fn count(&self, s: SchedState) -> usize {
        self.scheduled.iter().filter(|x| x.state == s).count()
    }
    pub fn answered_on_time(&self) -> usize {
        self.opinions
            .iter()
            .filter(|o| o.first_reply.is_some() && o.on_time)
            .count()
    }
    pub fn answered_late(&self) -> usize {
        self.opinions
            .iter()
            .filter(|o| o.first_reply.is_some() && !o.on_time)
            .count()
    }
    pub fn open(&self) -> usize {
        self.opinions
            .iter()
            .filter(|o| o.first_reply.is_none())
            .count()
    }
    pub fn overdue(&self) -> usize {
        self.opinions
            .iter()
            .filter(|o| o.status == OpinionStatus::Overdue)
            .count()
    }
    pub fn findings_open(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.resolved_on.is_none())
            .count()
    }
    pub fn findings_overdue(&self) -> usize {
        self.findings.iter().filter(|f| f.overdue).count()
    }
    pub fn backlog_overdue(&self) -> usize {
        self.backlog.iter().filter(|b| b.overdue).count()
    }
    /// Scheduled disclosures that fell due (not those still pending).
    pub fn due(&self) -> usize {
        self.scheduled
            .iter()
            .filter(|s| s.state != SchedState::Pending)
            .count()
    }
}

/// Builds the report of `d` for `period` as of `today`.
pub fn supervision(
    d: &OfficeData,
    period: &Period,
    cal: &Calendar,
    today: NaiveDate,
) -> Supervision {
    let lead = d.settings.review_lead_days;
    let mut published = vec![];
    let mut short = vec![];
    let mut corrections = vec![];
    let mut internal = 0;
    for x in &d.disclosures {
        let Some(p) = &x.publication else { continue };
        if !x.status.was_published() || !period.contains(p.on) {
            continue;
        }
        // The report is read at the residents' meeting: internal items are
        // counted, never listed.
        if x.fields.scope == crate::domain::Scope::Internal {
            internal += 1;
        } else {
            published.push((
                x.id.clone(),
                x.fields.title.clone(),
                x.fields.category,
                p.on,
            ));
        }
        if let Some(s) = &x.submission
            && let Some(days) = short_review(cal, s.on, s.planned_on, lead)
        {
            short.push((x.id.clone(), days, lead));
        }
        if let Some(old) = &x.supersedes {
            corrections.push((
                x.id.clone(),
                old.clone(),
                x.fields.title.clone(),
                p.on,
                x.correction_note.clone().unwrap_or_default(),
            ));
        }
    }
    published.sort_by(|a, b| (a.3, &a.0).cmp(&(b.3, &b.0)));
    let opinions = d
        .opinions
        .iter()
        .filter(|o| period.contains(o.opinion.received_on()))
        .map(|o| OpinionLine {
            id: o.opinion.id.clone(),
            received_on: o.opinion.received_on(),
            kind: o.opinion.kind,
            due_on: o.due_on,
            first_reply: o.first_reply,
            status: o.status,
            on_time: o.first_reply.is_some_and(|r| r <= o.due_on),
            days_late: o.days_late,
        })
        .collect();
    let mut findings = vec![];
    // A check belongs to the periods it covers (a check of Q3 is usually
    // done in October), and its open findings to every later report.
    for c in d
        .checks
        .iter()
        .filter(|c| c.period.start() <= period.end() || c.checked_on <= period.end())
    {
        for f in &c.findings {
            let resolved_on = d.resolution(&c.id, f.n).map(|r| r.on);
            // Findings closed before the period began belong to earlier reports.
            if resolved_on.is_some_and(|r| r < period.start()) {
                continue;
            }
            findings.push(FindingLine {
                check: c.id.clone(),
                n: f.n,
                description: f.description.clone(),
                correction_required: f.correction_required.clone(),
                deadline: f.deadline,
                resolved_on,
                overdue: resolved_on.is_none() && f.deadline < today,
            });
        }
    }
    Supervision {
        office: d.office.clone(),
        period: *period,
        as_of: today,
        published,
        internal,
        scheduled: scheduled(d, period, today),
        short_review: short,
        opinions,
        corrections,
        findings,
        backlog: backlog(d, period),
        aspects: aspects(d, period),
        complaints_held: verified(d, period, true),
        complaints_not_held: verified(d, period, false),
        requests_granted: requests(d, period, Outcome::Granted),
        requests_declined: requests(d, period, Outcome::Declined),
    }
}

/// Opinions received by the period's end, whenever, and not answered by
/// then; overdue when their due date had passed by then.
fn backlog(d: &OfficeData, period: &Period) -> Vec<BacklogLine> {
    let end = period.end();
    let mut out: Vec<BacklogLine> = d
        .opinions
        .iter()
        .filter(|o| o.opinion.received_on() <= end)
        .filter(|o| o.first_reply.is_none_or(|r| r > end))
        .map(|o| BacklogLine {
            id: o.opinion.id.clone(),
            received_on: o.opinion.received_on(),
            kind: o.opinion.kind,
            due_on: o.due_on,
            overdue: o.due_on < end,
        })
        .collect();
    out.sort_by(|a, b| (a.received_on, &a.id).cmp(&(b.received_on, &b.id)));
    out
}

/// The checks belonging to the period (covering it, or made in it), per
/// aspect: how many found it fine and how many wanting.
fn aspects(d: &OfficeData, period: &Period) -> Vec<(Aspect, usize, usize)> {
    let checks: Vec<&Check> = d
        .checks
        .iter()
        .filter(|c| {
            (c.period.start() <= period.end() && c.period.end() >= period.start())
                || period.contains(c.checked_on)
        })
        .collect();
    Aspect::ALL
        .iter()
        .map(|a| {
            let of = |ok: bool| {
                checks
                    .iter()
                    .filter(|c| c.aspects.iter().any(|x| x.aspect == *a && x.ok == ok))
                    .count()
            };
            (*a, of(true), of(false))
        })
        .collect()
}

/// Complaints verified in the period that were found to hold (or not).
fn verified(d: &OfficeData, period: &Period, holds: bool) -> usize {
    d.opinions
        .iter()
        .filter_map(|o| o.opinion.verification.as_ref())
        .filter(|v| v.holds == holds && period.contains(v.on))
        .count()
}

/// Disclosure requests answered in the period with `outcome`.
fn requests(d: &OfficeData, period: &Period, outcome: Outcome) -> usize {
    let mut ids: Vec<&str> = d
        .replies
        .iter()
        .filter(|r| r.outcome == outcome && period.contains(r.replied_on))
        .map(|r| r.opinion.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

fn pick(zh: bool, a: &'static str, b: &'static str) -> &'static str {
    if zh { b } else { a }
}

impl Supervision {
    pub fn doc(&self, zh: bool) -> Doc {
        let title = format!(
            "{} {} {}",
            self.office.name,
            self.period,
            pick(
                zh,
                "supervision report to the residents' meeting",
                "居务公开监督情况报告"
            )
        );
        let sub = vec![format!(
            "{} {} · {} {}",
            pick(zh, "office", "单位"),
            self.office.code,
            pick(zh, "as of", "统计截至"),
            self.as_of
        )];
        let kv = |a: &'static str, b: &'static str| Column::new(a, b, Kind::Text, 40.0);
        let mut summary = Table::new(
            pick(zh, "Summary", "概况"),
            vec![
                kv("指标", "figure"),
                Column::new("数量", "count", Kind::Int, 10.0),
            ],
        );
        let mut row = |en: &str, cn: &str, n: usize| {
            summary.rows.push(vec![
                Cell::text(if zh { cn } else { en }),
                Cell::Int(n as i64),
            ])
        };
        row(
            "items published",
            "本期公开事项",
            self.published.len() + self.internal,
        );
        row("scheduled items due", "应按期公开事项", self.due());
        row("  on time", "　按时公开", self.count(SchedState::OnTime));
        row("  late", "　逾期公开", self.count(SchedState::Late));
        row("  missing", "　未公开", self.count(SchedState::Missing));
        row(
            "submitted for review too late",
            "提交审核时间不足",
            self.short_review.len(),
        );
        row("opinions received", "收到意见建议", self.opinions.len());
        row("  answered on time", "　按期答复", self.answered_on_time());
        row("  answered late", "　逾期答复", self.answered_late());
        row("  open", "　尚未答复", self.open());
        row("    of which overdue", "　　其中已逾期", self.overdue());
        row("corrections published", "更正公开", self.corrections.len());
        row("findings open", "未整改问题", self.findings_open());
        row(
            "    of which past their deadline",
            "　　其中已超过整改期限",
            self.findings_overdue(),
        );

        let mut sched = Table::new(
            pick(zh, "Scheduled disclosures", "定期公开事项"),
            vec![
                Column::new("事项", "item", Kind::Text, 20.0),
                Column::new("所属期间", "period", Kind::Text, 12.0),
                Column::new("应公开日期", "due on", Kind::Date, 12.0),
                Column::new("公开编号", "published as", Kind::Text, 18.0),
                Column::new("公开日期", "published on", Kind::Date, 12.0),
                Column::new("情况", "state", Kind::Text, 10.0),
            ],
        );
        for s in &self.scheduled {
            sched.rows.push(vec![
                Cell::text(s.kind.label(zh)),
                Cell::text(s.covers.to_string()),
                Cell::Date(s.due_on),
                Cell::opt_text(s.published.as_ref().map(|p| p.0.clone())),
                Cell::opt_date(s.published.as_ref().map(|p| p.1)),
                Cell::text(s.state.label(zh)),
            ]);
        }
        if self.due() == 0 {
            sched.notes.push(nothing_due(zh).to_string());
        }
        let mut items = Table::new(
            pick(zh, "Items published", "本期公开事项"),
            vec![
                Column::new("编号", "id", Kind::Text, 18.0),
                Column::new("标题", "title", Kind::Text, 50.0),
                Column::new("类别", "category", Kind::Text, 10.0),
                Column::new("公开日期", "published on", Kind::Date, 12.0),
            ],
        );
        for (id, t, c, on) in &self.published {
            items.rows.push(vec![
                Cell::text(id),
                Cell::text(t),
                Cell::text(c.label(zh)),
                Cell::Date(*on),
            ]);
        }
        if self.internal > 0 {
            items.notes.push(if zh {
                format!("另有 {} 件内部事项未列出", self.internal)
            } else {
                format!("{} internal item(s) not listed", self.internal)
            });
        }
        for (id, days, need) in &self.short_review {
            items.notes.push(if zh {
                format!("{id}：提交审核至公开仅 {days} 个工作日（应不少于 {need} 个）")
            } else {
                format!("{id}: submitted {days} working days before publication (at least {need})")
            });
        }
        let mut ops = Table::new(
            pick(zh, "Opinions received", "收到的意见建议"),
            vec![
                Column::new("编号", "id", Kind::Text, 18.0),
                Column::new("收到日期", "received", Kind::Date, 12.0),
                Column::new("类型", "kind", Kind::Text, 12.0),
                Column::new("答复期限", "due on", Kind::Date, 12.0),
                Column::new("答复日期", "answered on", Kind::Date, 12.0),
                Column::new("状态", "status", Kind::Text, 10.0),
                Column::new("逾期工作日", "working days late", Kind::Int, 10.0),
            ],
        );
        for o in &self.opinions {
            ops.rows.push(vec![
                Cell::text(&o.id),
                Cell::Date(o.received_on),
                Cell::text(o.kind.label(zh)),
                Cell::Date(o.due_on),
                Cell::opt_date(o.first_reply),
                Cell::text(if o.first_reply.is_some() && !o.on_time {
                    pick(zh, "answered late", "逾期答复")
                } else {
                    o.status.label(zh)
                }),
                if o.days_late > 0 {
                    Cell::Int(o.days_late)
                } else {
                    Cell::Empty
                },
            ]);
        }
        let mut corr = Table::new(
            pick(zh, "Corrections", "更正公开"),
            vec![
                Column::new("更正编号", "correction", Kind::Text, 18.0),
                Column::new("原事项", "corrects", Kind::Text, 18.0),
                Column::new("标题", "title", Kind::Text, 40.0),
                Column::new("公开日期", "published on", Kind::Date, 12.0),
                Column::new("更正说明", "why", Kind::LongText, 40.0),
            ],
        );
        for (id, old, t, on, why) in &self.corrections {
            corr.rows.push(vec![
                Cell::text(id),
                Cell::text(old),
                Cell::text(t),
                Cell::Date(*on),
                Cell::text(why),
            ]);
        }
        let mut fnd = Table::new(
            pick(zh, "Findings", "检查发现的问题"),
            vec![
                Column::new("检查编号", "check", Kind::Text, 18.0),
                Column::new("序号", "no.", Kind::Int, 6.0),
                Column::new("问题", "finding", Kind::LongText, 40.0),
                Column::new("整改要求", "correction required", Kind::LongText, 40.0),
                Column::new("整改期限", "deadline", Kind::Date, 12.0),
                Column::new("整改完成", "resolved on", Kind::Date, 12.0),
                Column::new("逾期未整改", "overdue", Kind::Bool, 10.0),
            ],
        );
        for f in &self.findings {
            fnd.rows.push(vec![
                Cell::text(&f.check),
                Cell::Int(f.n as i64),
                Cell::text(&f.description),
                Cell::text(&f.correction_required),
                Cell::Date(f.deadline),
                Cell::opt_date(f.resolved_on),
                Cell::Bool(f.overdue),
            ]);
        }
        let mut back = Table::new(
            pick(
                zh,
                "Opinions open at the period's end",
                "期末尚未答复的意见建议",
            ),
            vec![
                Column::new("编号", "id", Kind::Text, 18.0),
                Column::new("收到日期", "received", Kind::Date, 12.0),
                Column::new("类型", "kind", Kind::Text, 12.0),
                Column::new("答复期限", "due on", Kind::Date, 12.0),
                Column::new("期末已逾期", "overdue then", Kind::Bool, 10.0),
            ],
        );
        back.notes.push(if zh {
            format!(
                "期末未答复 {} 件（不论何时收到），其中期末已逾期 {} 件",
                self.backlog.len(),
                self.backlog_overdue()
            )
        } else {
            format!(
                "{} open at the period's end (whenever received), {} of them overdue then",
                self.backlog.len(),
                self.backlog_overdue()
            )
        });
        for b in &self.backlog {
            back.rows.push(vec![
                Cell::text(&b.id),
                Cell::Date(b.received_on),
                Cell::text(b.kind.label(zh)),
                Cell::Date(b.due_on),
                Cell::Bool(b.overdue),
            ]);
        }
        let mut asp = Table::new(
            pick(zh, "Checks by aspect", "监督检查各方面情况"),
            vec![
                Column::new("方面", "aspect", Kind::Text, 12.0),
                Column::new("良好", "fine", Kind::Int, 10.0),
                Column::new("欠缺", "wanting", Kind::Int, 10.0),
            ],
        );
        for (a, fine, wanting) in &self.aspects {
            asp.rows.push(vec![
                Cell::text(a.label(zh)),
                Cell::Int(*fine as i64),
                Cell::Int(*wanting as i64),
            ]);
        }
        let mut verif = Table::new(
            pick(
                zh,
                "Complaints verified and requests answered",
                "投诉核实与申请公开",
            ),
            vec![
                kv("事项", "what"),
                Column::new("数量", "count", Kind::Int, 10.0),
            ],
        );
        for (en, cn, n) in [
            (
                "complaints verified: held",
                "投诉经核实属实",
                self.complaints_held,
            ),
            (
                "complaints verified: not held",
                "投诉经核实不属实",
                self.complaints_not_held,
            ),
            (
                "disclosure requests granted",
                "申请公开：同意公开",
                self.requests_granted,
            ),
            (
                "disclosure requests declined",
                "申请公开：不予公开",
                self.requests_declined,
            ),
        ] {
            verif.rows.push(vec![
                Cell::text(if zh { cn } else { en }),
                Cell::Int(n as i64),
            ]);
        }
        Doc {
            title,
            subtitle: sub,
            tables: vec![summary, sched, items, ops, back, verif, corr, asp, fnd],
            zh,
        }
    }
}
