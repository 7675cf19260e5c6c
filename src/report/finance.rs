//! The finance statement of a period: each statement in force with its
//! totals and balances, the lines, and sums by category.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::money::{Direction, LineCategory};
use crate::domain::records::StatementView;
use crate::domain::{Office, Period};

use super::data::OfficeData;
use super::doc::{Cell, Column, Doc, Kind, Table};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceReport {
    pub office: Office,
    pub period: Period,
    /// Statements in force whose period lies within the report period.
    pub statements: Vec<(StatementView, Option<String>)>,
    /// Balance carried into the first statement.
    pub opening: Decimal,
    pub income: Decimal,
    pub expenditure: Decimal,
    /// Closing balance of the last statement.
    pub closing: Decimal,
    pub by_category: BTreeMap<LineCategory, Decimal>,
}

/// `disclosed_by(id)` names the published item disclosing a statement.
pub fn finance(
    d: &OfficeData,
    period: &Period,
    disclosed_by: impl Fn(&str) -> Option<String>,
) -> FinanceReport {
    let statements: Vec<(StatementView, Option<String>)> = d
        .statements
        .iter()
        .filter(|s| s.statement.superseded_by.is_none() && period.covers(&s.statement.period))
        .map(|s| (s.clone(), disclosed_by(&s.statement.id)))
        .collect();
    let mut by_category = BTreeMap::new();
    let (mut income, mut expenditure) = (Decimal::ZERO, Decimal::ZERO);
    for (s, _) in &statements {
        income += s.totals.income;
        expenditure += s.totals.expenditure;
        for l in &s.statement.lines {
            *by_category.entry(l.category).or_insert(Decimal::ZERO) += l.amount;
        }
    }
    let opening = statements
        .first()
        .map(|s| s.0.totals.carried_forward)
        .unwrap_or_default();
    let closing = statements
        .last()
        .map(|s| s.0.totals.closing)
        .unwrap_or_default();
    FinanceReport {
        office: d.office.clone(),
        period: *period,
        statements,
        opening,
        income,
        expenditure,
        closing,
        by_category,
    }
}

impl FinanceReport {
    pub fn doc(&self, zh: bool) -> Doc {
        let mut s = Table::new(
            if zh { "收支总表" } else { "Statements" },
            vec![
                Column::new("报表编号", "statement", Kind::Text, 18.0),
                Column::new("期间", "period", Kind::Text, 10.0),
                Column::new("上期结余", "carried forward", Kind::Money, 14.0),
                Column::new("本期收入", "income", Kind::Money, 14.0),
                Column::new("本期支出", "expenditure", Kind::Money, 14.0),
                Column::new("期末结余", "closing balance", Kind::Money, 14.0),
                Column::new("公开事项", "disclosed by", Kind::Text, 18.0),
            ],
        );
        for (v, by) in &self.statements {
            s.rows.push(vec![
                Cell::text(&v.statement.id),
                Cell::text(v.statement.period.to_string()),
                Cell::Money(v.totals.carried_forward),
                Cell::Money(v.totals.income),
                Cell::Money(v.totals.expenditure),
                Cell::Money(v.totals.closing),
                Cell::opt_text(by.clone()),
            ]);
        }
        s.rows.push(vec![
            Cell::text(if zh { "合计" } else { "total" }),
            Cell::text(self.period.to_string()),
            Cell::Money(self.opening),
            Cell::Money(self.income),
            Cell::Money(self.expenditure),
            Cell::Money(self.closing),
            Cell::Empty,
        ]);
        let mut lines = Table::new(
            if zh { "收支明细" } else { "Lines" },
            vec![
                Column::new("报表编号", "statement", Kind::Text, 18.0),
                Column::new("期间", "period", Kind::Text, 10.0),
                Column::new("收支", "direction", Kind::Text, 8.0),
                Column::new("类别", "category", Kind::Text, 12.0),
                Column::new("摘要", "description", Kind::Text, 44.0),
                Column::new("金额（元）", "amount (yuan)", Kind::Money, 14.0),
            ],
        );
        for (v, _) in &self.statements {
            for l in &v.statement.lines {
                lines.rows.push(vec![
                    Cell::text(&v.statement.id),
                    Cell::text(v.statement.period.to_string()),
                    Cell::text(direction(l.category.direction(), zh)),
                    Cell::text(l.category.label(zh)),
                    Cell::text(&l.description),
                    Cell::Money(l.amount),
                ]);
            }
        }
        let mut cats = Table::new(
            if zh { "分类汇总" } else { "By category" },
            vec![
                Column::new("收支", "direction", Kind::Text, 8.0),
                Column::new("类别", "category", Kind::Text, 14.0),
                Column::new("金额（元）", "amount (yuan)", Kind::Money, 14.0),
            ],
        );
        for (c, a) in &self.by_category {
            cats.rows.push(vec![
                Cell::text(direction(c.direction(), zh)),
                Cell::text(c.label(zh)),
                Cell::Money(*a),
            ]);
        }
        Doc {
            title: format!(
                "{} {} {}",
                self.office.name,
                self.period,
                if zh {
                    "财务收支情况"
                } else {
                    "finance statement"
                }
            ),
            subtitle: vec![format!(
                "{} {} · {} {}",
                if zh { "单位" } else { "office" },
                self.office.code,
                if zh { "报表数" } else { "statements" },
                self.statements.len()
            )],
            tables: vec![s, cats, lines],
            zh,
        }
    }
}

fn direction(d: Direction, zh: bool) -> &'static str {
    match (d, zh) {
        (Direction::Income, true) => "收入",
        (Direction::Income, false) => "income",
        (Direction::Expenditure, true) => "支出",
        (Direction::Expenditure, false) => "expenditure",
    }
}
