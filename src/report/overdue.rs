//! Unanswered opinions past their due date: days late and routed to whom.

use chrono::NaiveDate;

use crate::domain::records::OpinionStatus;
use crate::domain::{OpinionKind, Period, RouteTo};

use super::data::OfficeData;
use super::doc::{Cell, Column, Doc, Kind, Table};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueLine {
    pub office: String,
    pub id: String,
    pub received_on: NaiveDate,
    pub kind: OpinionKind,
    /// The resident's name; `None` is anonymous.
    pub from: Option<String>,
    pub routed_to: RouteTo,
    pub due_on: NaiveDate,
    /// Working days past the due date, as of the report date.
    pub days_late: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub as_of: NaiveDate,
    /// Only opinions whose answer fell due in this period, if given.
    pub period: Option<Period>,
    pub lines: Vec<OverdueLine>,
}

/// Opinions of `offices` with no reply whose due date has passed on
/// `today`, most late first.
pub fn overdue(offices: &[OfficeData], period: Option<&Period>, today: NaiveDate) -> Overdue {
    let mut lines = vec![];
    for d in offices {
        for o in &d.opinions {
            if o.status != OpinionStatus::Overdue {
                continue;
            }
            if period.is_some_and(|p| !p.contains(o.due_on)) {
                continue;
            }
            lines.push(OverdueLine {
                office: d.office.code.to_string(),
                id: o.opinion.id.clone(),
                received_on: o.opinion.received_on(),
                kind: o.opinion.kind,
                from: o.opinion.from.as_ref().map(|r| r.name.clone()),
                routed_to: o.opinion.routed_to,
                due_on: o.due_on,
                days_late: o.days_late,
                text: o.opinion.text.clone(),
            });
        }
    }
    lines.sort_by(most_late_first);
    Overdue {
        as_of: today,
        period: period.copied(),
        lines,
    }
}

fn most_late_first(a: &OverdueLine, b: &OverdueLine) -> std::cmp::Ordering {
    b.days_late.cmp(&a.days_late).then(a.id.cmp(&b.id))
}

impl Overdue {
    /// The report over several offices from the reports of each (same
    /// date and period), in the report's order: a report over many
    /// offices is built an office at a time, without holding every
    /// office's records at once. Equals `overdue` over all of them.
    pub fn merge(as_of: NaiveDate, period: Option<&Period>, parts: Vec<Overdue>) -> Overdue {
        let mut lines: Vec<OverdueLine> = parts.into_iter().flat_map(|p| p.lines).collect();
        lines.sort_by(most_late_first);
        Overdue {
            as_of,
            period: period.copied(),
            lines,
        }
    }
}

impl Overdue {
    pub fn doc(&self, zh: bool) -> Doc {
        let mut t = Table::new(
            if zh {
                "逾期未答复的意见建议"
            } else {
                "Overdue opinions"
            },
            vec![
                Column::new("单位", "office", Kind::Text, 8.0),
                Column::new("编号", "id", Kind::Text, 18.0),
                Column::new("收到日期", "received", Kind::Date, 12.0),
                Column::new("类型", "kind", Kind::Text, 12.0),
                Column::new("反映人", "from", Kind::Text, 10.0),
                Column::new("转交", "routed to", Kind::Text, 12.0),
                Column::new("答复期限", "due on", Kind::Date, 12.0),
                Column::new("逾期工作日", "working days late", Kind::Int, 10.0),
                Column::new("内容", "text", Kind::LongText, 50.0),
            ],
        );
        for l in &self.lines {
            t.rows.push(vec![
                Cell::text(&l.office),
                Cell::text(&l.id),
                Cell::Date(l.received_on),
                Cell::text(l.kind.label(zh)),
                Cell::text(
                    l.from
                        .clone()
                        .unwrap_or_else(|| if zh { "匿名" } else { "anonymous" }.into()),
                ),
                Cell::text(l.routed_to.label(zh)),
                Cell::Date(l.due_on),
                Cell::Int(l.days_late),
                Cell::text(&l.text),
            ]);
        }
        let mut sub = vec![format!(
            "{} {} · {} {}",
            if zh { "统计截至" } else { "as of" },
            self.as_of,
            self.lines.len(),
            if zh { "件" } else { "overdue" }
        )];
        if let Some(p) = &self.period {
            sub.push(format!("{} {p}", if zh { "答复期限在" } else { "due in" }));
        }
        Doc {
            title: if zh {
                "逾期答复情况"
            } else {
                "Overdue replies"
            }
            .into(),
            subtitle: sub,
            tables: vec![t],
            zh,
        }
    }
}
