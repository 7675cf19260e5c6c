//! Feedback-reply log: every reply with its opinion's due date and whether
//! it came on time; or (filter) the opinions still waiting, overdue ones in
//! red with the days late. `r` opens the reply form of the opinion.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::widgets::Paragraph;

use super::{Screen, ScreenId};
use crate::domain::{OpinionStatus, Reply};
use crate::store::query::OpinionState;
use crate::store::tables::T;
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell, fit};

#[derive(Default)]
pub struct Replies {
    /// Show opinions still waiting for a reply instead of replies.
    waiting: bool,
    waiting_ids: Vec<String>,
    page: Paged,
    rows: Vec<(Reply, Option<OpinionState>)>,
    open_rows: Vec<OpinionState>,
}

impl Replies {
    fn selected_opinion(&self) -> Option<String> {
        if self.waiting {
            self.open_rows
                .get(self.page.cursor())
                .map(|s| s.opinion.id.clone())
        } else {
            self.rows
                .get(self.page.cursor())
                .map(|r| r.0.opinion.clone())
        }
    }
}

impl Screen for Replies {
    fn id(&self) -> ScreenId {
        ScreenId::Replies
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabReplies).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoReplies)
    }

    fn act_of(&self, a: Action) -> Option<crate::domain::workflow::Act> {
        (a == Action::Reply).then_some(crate::domain::workflow::Act::Reply)
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        let h = sh.list_rows();
        let today = sh.today();
        if self.waiting {
            self.waiting_ids = r
                .open_opinion_ids()?
                .into_iter()
                .filter(|id| sh.office_ok(id))
                .collect();
            self.page.set(self.waiting_ids.len(), h);
            self.open_rows.clear();
            for id in self.waiting_ids.iter().skip(self.page.top).take(h) {
                if let Some(o) = r.opinion(id)? {
                    self.open_rows.push(r.opinion_state(o, &sh.cal, today)?);
                }
            }
        } else {
            let (total, replies): (usize, Vec<Reply>) = match &sh.office_filter {
                Some(o) => {
                    let ids = r.ids_of_office(T::Replies, o)?;
                    let mut out = vec![];
                    self.page.set(ids.len(), h);
                    for id in ids.iter().rev().skip(self.page.top).take(h) {
                        if let Some(x) = r.reply(id)? {
                            out.push(x);
                        }
                    }
                    (ids.len(), out)
                }
                None => {
                    let total = r.count(T::Replies)? as usize;
                    self.page.set(total, h);
                    (total, r.scan_rev(T::Replies, self.page.top, h)?)
                }
            };
            self.page.set(total, h);
            self.rows.clear();
            for rp in replies {
                let st = match r.opinion(&rp.opinion)? {
                    Some(o) => Some(r.opinion_state(o, &sh.cal, today)?),
                    None => None,
                };
                self.rows.push((rp, st));
            }
        }
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let head = super::util::office_tag(sh)
            + &if self.waiting {
                tr(sh.lang, S::RepliesWaiting, &[&self.page.total.to_string()])
            } else {
                tr(sh.lang, S::RepliesAll, &[&self.page.total.to_string()])
            };
        f.render_widget(
            Paragraph::new(fit(&head, area.width as usize)).style(Style::default().fg(Color::Cyan)),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let la = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        );
        if self.waiting {
            let rows = self
                .open_rows
                .iter()
                .map(|s| {
                    let late = s.days_late;
                    let (txt, mark) = match s.status {
                        OpinionStatus::Paused => (sh.t(S::Paused).to_string(), Mark::Dim),
                        OpinionStatus::Overdue => {
                            (tr(sh.lang, S::DaysLate, &[&late.to_string()]), Mark::Alert)
                        }
                        _ => (
                            tr(sh.lang, S::DaysLeft, &[&(-late).to_string()]),
                            Mark::Normal,
                        ),
                    };
                    (
                        vec![
                            s.opinion.id.clone(),
                            s.opinion.received_on().to_string(),
                            s.due_on.to_string(),
                            txt,
                            s.opinion.kind.label(zh).to_string(),
                            cell(&s.opinion.text),
                        ],
                        mark,
                    )
                })
                .collect();
            PageTable {
                header: vec![
                    sh.t(S::Opinion),
                    sh.t(S::Received),
                    sh.t(S::DueOn),
                    sh.t(S::Due),
                    sh.t(S::Kind),
                    sh.t(S::Text),
                ],
                widths: vec![
                    Constraint::Length(16),
                    Constraint::Length(10),
                    Constraint::Length(10),
                    Constraint::Length(10),
                    Constraint::Length(8),
                    Constraint::Fill(1),
                ],
                rows,
                cursor: Some(self.page.cursor()),
                focused: true,
                right: vec![],
            }
            .draw(f, la);
            return;
        }
        if self.rows.is_empty() {
            f.render_widget(Paragraph::new(sh.t(S::EmptyList)), la);
            return;
        }
        let narrow = area.width < 110;
        let rows = self
            .rows
            .iter()
            .map(|(rp, st)| {
                let (due, timing, mark) = match st {
                    Some(s) if s.days_late > 0 => (
                        s.due_on.to_string(),
                        tr(sh.lang, S::RepliedLate, &[&s.days_late.to_string()]),
                        Mark::Alert,
                    ),
                    Some(s) => (
                        s.due_on.to_string(),
                        sh.t(S::OnTime).to_string(),
                        Mark::Normal,
                    ),
                    None => (String::new(), String::new(), Mark::Normal),
                };
                let mut cells = vec![
                    rp.id.clone(),
                    rp.opinion.clone(),
                    rp.replied_on.to_string(),
                    due,
                    timing,
                    rp.outcome.label(zh).to_string(),
                    if rp.public {
                        "✓".into()
                    } else {
                        String::new()
                    },
                    cell(&rp.text),
                ];
                if narrow {
                    cells.remove(0);
                }
                (cells, mark)
            })
            .collect();
        PageTable {
            header: [
                sh.t(S::Id),
                sh.t(S::Opinion),
                sh.t(S::RepliedOn),
                sh.t(S::DueOn),
                sh.t(S::Timing),
                sh.t(S::Outcome),
                sh.t(S::Public),
                sh.t(S::Text),
            ][narrow as usize..]
                .to_vec(),
            widths: [
                Constraint::Length(16),
                Constraint::Length(16),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Length(8),
                Constraint::Length(4),
                Constraint::Fill(1),
            ][narrow as usize..]
                .to_vec(),
            rows,
            cursor: Some(self.page.cursor()),
            focused: true,
            right: vec![],
        }
        .draw(f, la);
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::FilterOverdue => {
                self.waiting = !self.waiting;
                self.page.selected = 0;
                vec![Effect::Reload]
            }
            Action::Open => self
                .selected_opinion()
                .map(|id| vec![Effect::OpenRecord(id)])
                .unwrap_or_default(),
            Action::Reply => {
                let Some(s) = (if self.waiting {
                    self.open_rows.get(self.page.cursor())
                } else {
                    None
                }) else {
                    return vec![Effect::Info(tr(
                        sh.lang,
                        S::ReplyFromWaiting,
                        &[&sh.key(ScreenId::Replies.layer(), Action::FilterOverdue)],
                    ))];
                };
                vec![Effect::OpenForm(super::opinions::reply_form(
                    &s.opinion,
                    Some(s.due_on),
                    sh,
                ))]
            }
            a => {
                if self.page.apply(a) {
                    vec![Effect::Reload]
                } else {
                    vec![]
                }
            }
        }
    }

    fn click(&mut self, row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        if super::util::click_list(&mut self.page, row, 1) {
            return vec![Effect::Reload];
        }
        vec![]
    }
}
