//! Compliance per office for a period: each schedule rule of DOMAIN.md met or
//! not, and the share of offices fully compliant — the street and district
//! offices' inspection view. Offices imported from bundles are simply other
//! offices' records in the same projections, so they appear here too.

use chrono::NaiveDate;

use crate::domain::{Calendar, Form, Period};

use super::data::{OfficeData, Sched, SchedState, scheduled};
use super::doc::{Cell, Column, Doc, Kind, Table};
use crate::domain::schedule::{nothing_due, short_review};

/// The rules checked, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Finance statements published by the due day of the next month/quarter.
    Finance,
    /// Quarterly work plan and progress published by the due day.
    QuarterlyWork,
    /// Submitted for review at least `review_lead_days` working days before
    /// publication.
    ReviewLead,
    /// Board postings stay up at least 10 days (and the setting is ≥ 10).
    PostingPeriod,
    /// Opinions answered within their due date.
    RepliesOnTime,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::Finance,
        Rule::QuarterlyWork,
        Rule::ReviewLead,
        Rule::PostingPeriod,
        Rule::RepliesOnTime,
    ];
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Rule::Finance, true) => "财务按期公开",
            (Rule::Finance, false) => "finance on time",
            (Rule::QuarterlyWork, true) => "季度工作按期公开",
            (Rule::QuarterlyWork, false) => "quarterly work on time",
            (Rule::ReviewLead, true) => "提前审核",
            (Rule::ReviewLead, false) => "review lead time",
            (Rule::PostingPeriod, true) => "公开期限",
            (Rule::PostingPeriod, false) => "posting period",
            (Rule::RepliesOnTime, true) => "按期答复",
            (Rule::RepliesOnTime, false) => "replies on time",
        }
    }
}

/// One thing that broke a rule; written out in the report's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A scheduled disclosure published after its due day.
    PublishedLate {
        covers: Period,
        id: String,
        on: NaiveDate,
        due_on: NaiveDate,
    },
    /// A scheduled disclosure not published (missing, or another state).
    NotPublished {
        covers: Period,
        state: SchedState,
        due_on: NaiveDate,
    },
    /// Submitted for review fewer working days ahead than the rule.
    ShortReview {
        id: String,
        days: u32,
        lead: u32,
    },
    /// The office's posting setting is under the minimum.
    PostingSetting {
        days: u32,
    },
    /// A board posting taken down before its period ended.
    TakenDownEarly {
        id: String,
        posted: NaiveDate,
        down: NaiveDate,
        until: NaiveDate,
    },
    RepliedLate {
        id: String,
        replied: NaiveDate,
        due_on: NaiveDate,
    },
    Unanswered {
        id: String,
        due_on: NaiveDate,
    },
}

impl Failure {
    pub fn text(&self, zh: bool) -> String {
        match (self, zh) {
            (
                Failure::PublishedLate {
                    covers,
                    id,
                    on,
                    due_on,
                },
                true,
            ) => {
                format!("{covers}：{id} 于 {on} 公开，晚于 {due_on}")
            }
            (
                Failure::PublishedLate {
                    covers,
                    id,
                    on,
                    due_on,
                },
                false,
            ) => {
                format!("{covers}: {id} published {on}, due {due_on}")
            }
            (
                Failure::NotPublished {
                    covers,
                    state,
                    due_on,
                },
                true,
            ) => {
                format!("{covers}：{}，应于 {due_on} 前公开", state.label(true))
            }
            (
                Failure::NotPublished {
                    covers,
                    state,
                    due_on,
                },
                false,
            ) => {
                format!("{covers}: {}, due {due_on}", state.label(false))
            }
            (Failure::ShortReview { id, days, lead }, true) => {
                format!("{id}：公开前 {days} 个工作日才提交审核，应至少提前 {lead} 个工作日")
            }
            (Failure::ShortReview { id, days, lead }, false) => format!(
                "{id}: submitted for review {days} working days before publication, at least {lead} required"
            ),
            (Failure::PostingSetting { days }, true) => {
                format!("公开栏张贴天数设为 {days} 天，少于 {MIN_POSTING_DAYS} 天")
            }
            (Failure::PostingSetting { days }, false) => {
                format!("board posting set to {days} days, under {MIN_POSTING_DAYS}")
            }
            (
                Failure::TakenDownEarly {
                    id,
                    posted,
                    down,
                    until,
                },
                true,
            ) => {
                format!("{id}：{posted} 张贴，{down} 撤下，应张贴至 {until}")
            }
            (
                Failure::TakenDownEarly {
                    id,
                    posted,
                    down,
                    until,
                },
                false,
            ) => {
                format!("{id}: posted {posted}, taken down {down}, before {until}")
            }
            (
                Failure::RepliedLate {
                    id,
                    replied,
                    due_on,
                },
                true,
            ) => {
                format!("{id}：{replied} 答复，晚于 {due_on}")
            }
            (
                Failure::RepliedLate {
                    id,
                    replied,
                    due_on,
                },
                false,
            ) => {
                format!("{id}: answered {replied}, due {due_on}")
            }
            (Failure::Unanswered { id, due_on }, true) => {
                format!("{id}：未答复，应于 {due_on} 前答复")
            }
            (Failure::Unanswered { id, due_on }, false) => {
                format!("{id}: unanswered, due {due_on}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleResult {
    pub rule: Rule,
    pub met: bool,
    /// Items the rule applied to.
    pub checked: usize,
    /// What broke the rule, empty when met.
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeCompliance {
    pub code: String,
    pub name: String,
    pub rules: Vec<RuleResult>,
}

impl OfficeCompliance {
    /// Nothing was due in the period: no rule applied to anything (a new
    /// office, or a period before its start). Reads "nothing due", never
    /// fully compliant.
    pub fn nothing_due(&self) -> bool {
        self.rules
            .iter()
            .all(|r| r.checked == 0 && r.failures.is_empty())
    }
    /// Every rule met, with something due.
    pub fn fully(&self) -> bool {
        !self.nothing_due() && self.rules.iter().all(|r| r.met)
    }
    pub fn rule(&self, r: Rule) -> Option<&RuleResult> {
        self.rules.iter().find(|x| x.rule == r)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    pub period: Period,
    pub as_of: NaiveDate,
    pub offices: Vec<OfficeCompliance>,
}

impl Compliance {
    pub fn fully_compliant(&self) -> usize {
        self.offices.iter().filter(|o| o.fully()).count()
    }
    /// Offices with something due in the period: the share fully
    /// compliant is of these.
    pub fn assessed(&self) -> usize {
        self.offices.iter().filter(|o| !o.nothing_due()).count()
    }
    /// "n/m" fully compliant, or "nothing due" when no office had anything
    /// due.
    fn share(&self, zh: bool, ratio: bool) -> String {
        let (n, m) = (self.fully_compliant() as u32, self.assessed() as u32);
        match (m, ratio) {
            (0, _) => nothing_due(zh).to_string(),
            (_, true) => Cell::Ratio(n, m).render(zh, false),
            (_, false) => format!("{n}/{m}"),
        }
    }
}

/// The minimum posting period of DOMAIN.md, whatever a setting says.
pub const MIN_POSTING_DAYS: u32 = 10;

pub fn office_compliance(
    d: &OfficeData,
    period: &Period,
    cal: &Calendar,
    today: NaiveDate,
) -> OfficeCompliance {
    let sched = scheduled(d, period, today);
    let sched_rule = |rule: Rule, kind: Sched| {
        let mine: Vec<_> = sched
            .iter()
            .filter(|s| s.kind == kind && s.state != SchedState::Pending)
            .collect();
        let failures: Vec<Failure> = mine
            .iter()
            .filter(|s| s.state != SchedState::OnTime)
            .map(|s| match &s.published {
                Some((id, on)) => Failure::PublishedLate {
                    covers: s.covers,
                    id: id.clone(),
                    on: *on,
                    due_on: s.due_on,
                },
                None => Failure::NotPublished {
                    covers: s.covers,
                    state: s.state,
                    due_on: s.due_on,
                },
            })
            .collect();
        RuleResult {
            rule,
            met: failures.is_empty(),
            checked: mine.len(),
            failures,
        }
    };
    let mut rules = vec![
        sched_rule(Rule::Finance, Sched::Finance),
        sched_rule(Rule::QuarterlyWork, Sched::Work),
    ];
    // Review lead time, for items published in the period.
    let lead = d.settings.review_lead_days;
    let published: Vec<_> = d
        .disclosures
        .iter()
        .filter(|x| x.status.was_published())
        .filter(|x| {
            x.publication
                .as_ref()
                .is_some_and(|p| period.contains(p.on))
        })
        .collect();
    let mut checked = 0;
    let mut failures = vec![];
    for x in &published {
        if let Some(s) = &x.submission {
            checked += 1;
            if let Some(days) = short_review(cal, s.on, s.planned_on, lead) {
                failures.push(Failure::ShortReview {
                    id: x.id.clone(),
                    days,
                    lead,
                });
            }
        }
    }
    rules.push(RuleResult {
        rule: Rule::ReviewLead,
        met: failures.is_empty(),
        checked,
        failures,
    });
    // Posting period: board postings not taken down (archived) early.
    let days = d.settings.posting_days;
    let mut failures = vec![];
    if days < MIN_POSTING_DAYS {
        failures.push(Failure::PostingSetting { days });
    }
    let mut checked = 0;
    for x in &published {
        let Some(p) = &x.publication else { continue };
        if !p.forms.contains(&Form::Board) {
            continue;
        }
        checked += 1;
        let until = p.on + chrono::Duration::days(days.max(MIN_POSTING_DAYS) as i64);
        if let Some(a) = x.archived_on
            && a < until
        {
            failures.push(Failure::TakenDownEarly {
                id: x.id.clone(),
                posted: p.on,
                down: a,
                until,
            });
        }
    }
    rules.push(RuleResult {
        rule: Rule::PostingPeriod,
        met: failures.is_empty(),
        checked,
        failures,
    });
    // Replies: opinions whose due date fell in the period and has passed.
    let mut checked = 0;
    let mut failures = vec![];
    for o in &d.opinions {
        if !period.contains(o.due_on) || (o.first_reply.is_none() && o.due_on >= today) {
            continue;
        }
        checked += 1;
        match o.first_reply {
            Some(r) if r <= o.due_on => {}
            Some(r) => failures.push(Failure::RepliedLate {
                id: o.opinion.id.clone(),
                replied: r,
                due_on: o.due_on,
            }),
            None => failures.push(Failure::Unanswered {
                id: o.opinion.id.clone(),
                due_on: o.due_on,
            }),
        }
    }
    rules.push(RuleResult {
        rule: Rule::RepliesOnTime,
        met: failures.is_empty(),
        checked,
        failures,
    });
    OfficeCompliance {
        code: d.office.code.to_string(),
        name: d.office.name.clone(),
        rules,
    }
}

pub fn compliance(
    offices: &[OfficeData],
    period: &Period,
    cal: &Calendar,
    today: NaiveDate,
) -> Compliance {
    Compliance {
        period: *period,
        as_of: today,
        offices: offices
            .iter()
            .map(|d| office_compliance(d, period, cal, today))
            .collect(),
    }
}

impl Compliance {
    pub fn doc(&self, zh: bool) -> Doc {
        let mut cols = vec![
            Column::new("单位代码", "office", Kind::Text, 10.0),
            Column::new("单位名称", "name", Kind::Text, 24.0),
        ];
        for r in Rule::ALL {
            let c = match r {
                Rule::Finance => Column::new("财务按期公开", "finance on time", Kind::Text, 14.0),
                Rule::QuarterlyWork => Column::new(
                    "季度工作按期公开",
                    "quarterly work on time",
                    Kind::Text,
                    14.0,
                ),
                Rule::ReviewLead => Column::new("提前审核", "review lead time", Kind::Text, 14.0),
                Rule::PostingPeriod => Column::new("公开期限", "posting period", Kind::Text, 14.0),
                Rule::RepliesOnTime => Column::new("按期答复", "replies on time", Kind::Text, 14.0),
            };
            cols.push(c);
        }
        cols.push(Column::new("全部达标", "fully compliant", Kind::Bool, 10.0));
        let mut t = Table::new(
            if zh {
                "各单位达标情况"
            } else {
                "Compliance by office"
            },
            cols,
        );
        for o in &self.offices {
            let mut row = vec![Cell::text(&o.code), Cell::text(&o.name)];
            for r in Rule::ALL {
                row.push(match o.rule(r) {
                    Some(x) if x.checked == 0 => {
                        Cell::text(if zh { "—（无）" } else { "— (none)" })
                    }
                    Some(x) => Cell::text(format!(
                        "{} {}/{}",
                        if x.met { "✓" } else { "✗" },
                        x.checked - x.failures.len().min(x.checked),
                        x.checked
                    )),
                    None => Cell::Empty,
                });
            }
            row.push(if o.nothing_due() {
                Cell::text(nothing_due(zh))
            } else {
                Cell::Bool(o.fully())
            });
            t.rows.push(row);
        }
        t.notes.push(format!(
            "{}: {}",
            if zh {
                "全部达标单位占比"
            } else {
                "offices fully compliant"
            },
            self.share(zh, true)
        ));
        let idle = self.offices.len() - self.assessed();
        if idle > 0 && self.assessed() > 0 {
            t.notes.push(if zh {
                format!("另有 {idle} 个单位本期{}", nothing_due(true))
            } else {
                format!("{idle} office(s) with {} in the period", nothing_due(false))
            });
        }
        let mut f = Table::new(
            if zh {
                "未达标明细"
            } else {
                "What was not met"
            },
            vec![
                Column::new("单位代码", "office", Kind::Text, 10.0),
                Column::new("规则", "rule", Kind::Text, 18.0),
                Column::new("情况", "detail", Kind::Text, 60.0),
            ],
        );
        for o in &self.offices {
            for r in &o.rules {
                for x in &r.failures {
                    f.rows.push(vec![
                        Cell::text(&o.code),
                        Cell::text(r.rule.label(zh)),
                        Cell::text(x.text(zh)),
                    ]);
                }
            }
        }
        Doc {
            title: format!(
                "{} {}",
                self.period,
                if zh {
                    "居务公开达标情况"
                } else {
                    "disclosure compliance"
                }
            ),
            subtitle: vec![format!(
                "{} {} · {} {}",
                if zh { "统计截至" } else { "as of" },
                self.as_of,
                if zh {
                    "全部达标"
                } else {
                    "fully compliant"
                },
                self.share(zh, false)
            )],
            tables: vec![t, f],
            zh,
        }
    }
}
