//! Today (home): what needs the signed-in operator now, by role — replies
//! due or overdue, drafts awaiting a signature, items in review with the
//! working days left, scheduled disclosures due this month (and earlier ones
//! still not disclosed), board postings
//! that may come down. Reads indexes, never whole registers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Screen, ScreenId};
use crate::domain::workflow::Act;
use crate::domain::{Period, Role, RouteTo, SIGNING_ROLES, Status};
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::{Paged, cell, fit, width};

/// How many of the oldest unanswered opinions are looked at closely.
const OPEN_LOOK: usize = 300;
/// Items of each waiting state looked at, newest first.
const DRAFT_LOOK: usize = 200;
/// How far back (days before this month) scheduled disclosures still not
/// disclosed are kept on Today; the reports cover any period.
const SCHED_LOOK_DAYS: i64 = 3 * 366;

#[derive(Debug, Clone)]
enum Item {
    Head(String),
    Row {
        id: Option<String>,
        text: String,
        alert: bool,
    },
    Note(String),
}

#[derive(Default)]
pub struct Today {
    items: Vec<Item>,
    /// Indexes into `items` of selectable rows.
    rows: Vec<usize>,
    page: Paged,
    scroll: usize,
}

impl Today {
    fn push_head(&mut self, s: String) {
        self.items.push(Item::Head(s));
    }
    fn push_row(&mut self, id: Option<String>, text: String, alert: bool) {
        self.rows.push(self.items.len());
        self.items.push(Item::Row { id, text, alert });
    }
}

impl Screen for Today {
    fn id(&self) -> ScreenId {
        ScreenId::Today
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabToday).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoToday)
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        self.items.clear();
        self.rows.clear();
        let Some(op) = &sh.operator else {
            return Ok(());
        };
        let today = sh.today();
        let role = op.role;
        let zh = sh.zh();
        let cal = &sh.cal;
        let own = r.own_code().cloned();
        let settings = match &own {
            Some(c) => r.settings(c)?,
            None => Default::default(),
        };

        // Replies due or overdue.
        let open = r.open_opinion_ids()?;
        let open: Vec<String> = open.into_iter().filter(|id| sh.office_ok(id)).collect();
        let mut due = vec![];
        // Due ones routed to the other body: counted, so lists that differ
        // by role say why.
        let mut elsewhere = 0usize;
        for id in open.iter().take(OPEN_LOOK) {
            let Some(o) = r.opinion(id)? else { continue };
            let mine = crate::domain::rules::is_for(role, o.routed_to);
            let (kind, unverified) = (o.kind, o.verification.is_none());
            let s = r.opinion_state(o, cal, today)?;
            // The supervision team sees a complaint waiting for its
            // verification from the day it arrives: a correction needs
            // three signatures and a review before the reply is due.
            let awaits_verification = role == Role::Supervisor && kind.is_complaint() && unverified;
            if s.status == crate::domain::OpinionStatus::Paused
                || (s.days_late < -3 && !(mine && awaits_verification))
            {
                continue;
            }
            if mine {
                due.push(s);
            } else {
                elsewhere += 1;
            }
        }
        due.sort_by_key(|s| std::cmp::Reverse(s.days_late));
        self.push_head(tr(
            sh.lang,
            S::TodayReplies,
            &[&due.len().to_string(), &open.len().to_string()],
        ));
        if due.is_empty() {
            self.items.push(Item::Note(sh.t(S::NothingDue).into()));
        }
        if elsewhere > 0 {
            let body = if role == Role::Supervisor {
                RouteTo::Committee
            } else {
                RouteTo::SupervisionTeam
            };
            self.items.push(Item::Note(tr(
                sh.lang,
                S::DueElsewhere,
                &[&elsewhere.to_string(), body.label(zh)],
            )));
        }
        for s in due.iter().take(50) {
            let when = if s.days_late > 0 {
                tr(sh.lang, S::DaysLate, &[&s.days_late.to_string()])
            } else {
                tr(sh.lang, S::DaysLeft, &[&(-s.days_late).to_string()])
            };
            let text = format!(
                "{}  {} {}  {}  {}",
                s.opinion.id,
                sh.t(S::DueOn),
                s.due_on,
                when,
                cell(s.opinion.text.lines().next().unwrap_or(""))
            );
            self.push_row(Some(s.opinion.id.clone()), text, s.days_late > 0);
        }
        // Complaints the supervision team found to hold: the committee
        // must correct and re-announce, then answer with the correction.
        if role != Role::Supervisor {
            for o in r.corrections_due()?.into_iter().take(20) {
                let text = if zh {
                    format!("{}  投诉经核实属实：须公开更正，再以“已更正”答复", o.id)
                } else {
                    format!(
                        "{}  complaint found to hold: publish a correction, then reply 'corrected'",
                        o.id
                    )
                };
                self.push_row(Some(o.id.clone()), text, true);
            }
        }

        // Drafts awaiting my signature / my next step.
        let mut drafts = vec![];
        for st in [
            Status::Draft,
            Status::Signed,
            Status::Returned,
            Status::Approved,
        ] {
            // Newest first, at most DRAFT_LOOK of each state: an old
            // register holds drafts abandoned years ago, and decoding them
            // all was most of the first frame.
            let Some(code) = &own else { break };
            for d in r.disclosures_with_status_newest(st, code, DRAFT_LOOK)? {
                if !sh.office_ok(&d.id) || &d.office != code {
                    continue;
                }
                // Who may take the next step: the domain's one table.
                let may = |act| crate::domain::workflow::may(role, act);
                let todo = if SIGNING_ROLES.contains(&role) && st == Status::Draft {
                    (!d.signed_by(role)).then(|| sh.t(S::NeedsYourSignature).to_string())
                } else if st == Status::Returned && may(Act::DraftDisclosure) {
                    Some(sh.t(S::ReturnedRevise).to_string())
                } else if st == Status::Signed && may(Act::Submit) {
                    Some(sh.t(S::ReadyToSubmit).to_string())
                } else if st == Status::Approved && may(Act::Publish) {
                    Some(sh.t(S::ReadyToPublish).to_string())
                } else if role == Role::Clerk && st == Status::Draft {
                    let n = SIGNING_ROLES.iter().filter(|r| d.signed_by(**r)).count();
                    Some(tr(sh.lang, S::SignaturesOf3, &[&n.to_string()]))
                } else {
                    None
                };
                if let Some(t) = todo {
                    drafts.push((
                        d.id.clone(),
                        format!("{}  {}  {}", d.id, t, cell(&d.fields.title)),
                    ));
                }
            }
        }
        self.push_head(tr(sh.lang, S::TodayDrafts, &[&drafts.len().to_string()]));
        if drafts.is_empty() {
            self.items.push(Item::Note(sh.t(S::NothingWaiting).into()));
        }
        for (id, t) in drafts {
            self.push_row(Some(id), t, false);
        }

        // Items in review.
        let review: Vec<_> = r
            .disclosures_with_status(Status::InReview)?
            .into_iter()
            .filter(|d| sh.office_ok(&d.id))
            .collect();
        self.push_head(tr(sh.lang, S::TodayReview, &[&review.len().to_string()]));
        if review.is_empty() {
            self.items.push(Item::Note(sh.t(S::NothingWaiting).into()));
        }
        for d in review {
            let (left, planned) = match &d.submission {
                Some(s) => (
                    if today <= s.planned_on {
                        cal.working_days_between(today, s.planned_on) as i64
                    } else {
                        -(cal.working_days_between(s.planned_on, today) as i64)
                    },
                    s.planned_on.to_string(),
                ),
                None => (0, String::new()),
            };
            // The one lead-time rule (`domain::schedule::short_review`).
            let short = if d.late_submission(cal, settings.review_lead_days) {
                format!("  ⚠ {}", sh.t(S::LateSubmission))
            } else {
                String::new()
            };
            let t = format!(
                "{}  {} {}  {}{}  {}",
                d.id,
                sh.t(S::PlannedOn),
                planned,
                if left >= 0 {
                    tr(sh.lang, S::WorkingDaysLeft, &[&left.to_string()])
                } else {
                    tr(sh.lang, S::WorkingDaysPast, &[&(-left).to_string()])
                },
                short,
                cell(&d.fields.title)
            );
            self.push_row(Some(d.id.clone()), t, left < 0);
        }

        // Scheduled disclosures due this month, and those of earlier
        // months still not disclosed (they stay until they are).
        self.push_head(sh.t(S::TodayScheduled).into());
        // One schedule rule with the reports (`domain::schedule`): periods
        // before the office's start date are not due.
        let month = Period::month_of(today);
        let sched = match &own {
            Some(c) => {
                let started = crate::report::data::started_on(r, c, today)?;
                let from = started.max(month.start() - chrono::Duration::days(SCHED_LOOK_DAYS));
                crate::domain::schedule::due_in(
                    &settings,
                    started,
                    &Period::Range {
                        from,
                        to: month.end(),
                    },
                )
            }
            None => vec![],
        };
        let mut shown_sched = 0usize;
        for due in sched {
            let (cat, period, by) = (due.kind.category(), due.covers, due.due_on);
            // Newest first through the category index: a year of items is
            // read, not every item ever published.
            let done = match &own {
                Some(c) => r.published_for(c, cat, &period)?,
                None => None,
            };
            let what = cat.label(zh);
            let published_on = done
                .as_ref()
                .and_then(|d| d.publication.as_ref().map(|p| p.on));
            // Earlier months: only what is still not disclosed.
            if !month.contains(by) && done.is_some() {
                continue;
            }
            shown_sched += 1;
            use crate::domain::schedule::SchedState;
            let (t, alert, id) = match (SchedState::of(by, published_on, today), done) {
                (SchedState::Late, Some(d)) => (
                    tr(
                        sh.lang,
                        S::ScheduledLate,
                        &[
                            what,
                            &period.to_string(),
                            &published_on.map(|o| o.to_string()).unwrap_or_default(),
                            &by.to_string(),
                            &d.id,
                        ],
                    ),
                    true,
                    Some(d.id.clone()),
                ),
                (_, Some(d)) => (
                    tr(
                        sh.lang,
                        S::ScheduledDone,
                        &[what, &period.to_string(), &d.id],
                    ),
                    false,
                    Some(d.id.clone()),
                ),
                (SchedState::Missing, None) => (
                    tr(
                        sh.lang,
                        S::ScheduledOverdue,
                        &[what, &period.to_string(), &by.to_string()],
                    ),
                    true,
                    None,
                ),
                (_, None) => (
                    tr(
                        sh.lang,
                        S::ScheduledMissing,
                        &[what, &period.to_string(), &by.to_string()],
                    ),
                    false,
                    None,
                ),
            };
            self.push_row(id, t, alert);
        }
        if shown_sched == 0 {
            self.items
                .push(Item::Note(crate::domain::schedule::nothing_due(zh).into()));
        }

        // Board postings that may come down.
        // From the board index: only the rows shown are decoded.
        let mut down = vec![];
        for (id, on) in r.board_postings()? {
            let until = on + chrono::Duration::days(settings.posting_days as i64);
            if sh.office_ok(&id) && until <= today {
                down.push((id, until));
            }
        }
        let down_total = down.len();
        let mut shown = vec![];
        for (id, until) in down.into_iter().take(30) {
            let title = r
                .disclosure(&id)?
                .map(|d| cell(&d.fields.title))
                .unwrap_or_default();
            let t = format!("{}  {} {}  {}", id, sh.t(S::MayComeDown), until, title);
            shown.push((id, t));
        }
        self.push_head(tr(sh.lang, S::TodayBoard, &[&down_total.to_string()]));
        for (id, t) in shown {
            self.push_row(Some(id), t, false);
        }
        if let Some(w) = crate::service::reports::calendar_warning(cal, today, today, sh.lang) {
            self.items.push(Item::Note(w));
        }
        self.page.set(self.rows.len(), sh.list_rows());
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let greet = match &sh.operator {
            Some(op) => tr(
                sh.lang,
                S::TodayGreeting,
                &[
                    &sh.today().to_string(),
                    &cell(&op.name),
                    op.role.label(sh.zh()),
                ],
            ),
            None => String::new(),
        };
        let w = area.width as usize;
        let sel_item = self.rows.get(self.page.selected).copied();
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(
            fit(&greet, w),
            Style::default().add_modifier(Modifier::BOLD),
        ))];
        let mut sel_line = 0;
        for (i, it) in self.items.iter().enumerate() {
            match it {
                Item::Head(h) => lines.push(Line::from(Span::styled(
                    fit(&format!("■ {h}"), w),
                    Style::default()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD),
                ))),
                Item::Note(n) => lines.push(Line::from(Span::styled(
                    fit(&format!("   {n}"), w),
                    Style::default().fg(Color::DarkGray),
                ))),
                Item::Row { text, alert, .. } => {
                    let mut st = if *alert {
                        Style::default().fg(Color::Red)
                    } else {
                        Style::default()
                    };
                    if Some(i) == sel_item {
                        st = st.add_modifier(Modifier::REVERSED);
                        sel_line = lines.len();
                    }
                    let t = fit(&format!("   {text}"), w);
                    let pad = w.saturating_sub(width(&t));
                    lines.push(Line::from(Span::styled(
                        format!("{t}{}", " ".repeat(pad)),
                        st,
                    )));
                }
            }
        }
        let h = area.height as usize;
        let skip = if sel_line >= h { sel_line + 1 - h } else { 0 };
        let _ = self.scroll;
        let shown: Vec<Line> = lines.into_iter().skip(skip).take(h).collect();
        f.render_widget(Paragraph::new(shown), area);
    }

    fn update(&mut self, a: Action, _sh: &Shared) -> Vec<Effect> {
        match a {
            Action::Open => {
                let id = self
                    .rows
                    .get(self.page.selected)
                    .and_then(|i| match &self.items[*i] {
                        Item::Row { id, .. } => id.clone(),
                        _ => None,
                    });
                id.map(|id| vec![Effect::OpenRecord(id)])
                    .unwrap_or_default()
            }
            a => {
                self.page.apply(a);
                vec![]
            }
        }
    }

    fn click(&mut self, row: u16, area: Rect, sh: &Shared) -> Vec<Effect> {
        // Lines: greeting, then items in order (no scrolling offset when the
        // selection is near the top, which is where a click lands).
        let line = row as usize;
        let sel_item = self.rows.get(self.page.selected).copied().unwrap_or(0);
        let skip = (sel_item + 2).saturating_sub(area.height as usize);
        let item = (line + skip).checked_sub(1);
        if let Some(it) = item
            && let Some(pos) = self.rows.iter().position(|r| *r == it)
        {
            self.page.selected = pos;
            return self.update(Action::Open, sh);
        }
        vec![]
    }
}
