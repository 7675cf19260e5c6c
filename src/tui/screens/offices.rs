//! Offices: the offices this database knows (its own, its parent, those
//! imported), with counts of their records; choosing one filters every
//! register to it. A fork alert (the same office and sequence number
//! offered with another hash) marks its office's row, and the selected
//! office's alerts are shown below the list with their evidence.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::widgets::Paragraph;

use super::{Screen, ScreenId};
use crate::domain::Office;
use crate::domain::workflow::IdKind;
use crate::store::sync::Alert;
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::{S, tr};
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell, fit};

struct Row {
    office: Office,
    own: bool,
    events: u64,
    disclosures: usize,
    opinions: usize,
    replies: usize,
    alerts: usize,
}

#[derive(Default)]
pub struct Offices {
    rows: Vec<Row>,
    alerts: Vec<Alert>,
    page: Paged,
}

impl Offices {
    fn count_alerts(&mut self) {
        for r in &mut self.rows {
            r.alerts = self
                .alerts
                .iter()
                .filter(|a| a.office == r.office.code.as_str())
                .count();
        }
    }
}

impl Screen for Offices {
    fn id(&self) -> ScreenId {
        ScreenId::Offices
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabOffices).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoOffices)
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        let heads = r.heads()?;
        let own = r.own_code().cloned();
        self.rows = r
            .offices()?
            .into_iter()
            .map(|o| {
                // From the id counters: scanning the records themselves
                // read every item's pages (most of a first frame).
                let count = |k| r.record_count(&o.code, k).map(|n| n as usize);
                Ok(Row {
                    own: Some(&o.code) == own.as_ref(),
                    events: heads.get(o.code.as_str()).map(|h| h.seq).unwrap_or(0),
                    disclosures: count(IdKind::Disclosure)?,
                    opinions: count(IdKind::Opinion)?,
                    replies: count(IdKind::Reply)?,
                    alerts: 0,
                    office: o,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        self.count_alerts();
        self.page.set(self.rows.len(), sh.list_rows());
        Ok(())
    }

    fn refresh_all(
        &mut self,
        store: &crate::store::Store,
        r: &Reader,
        sh: &Shared,
    ) -> Result<(), StoreError> {
        self.alerts = store.alerts()?;
        self.refresh(r, sh)
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let zh = sh.zh();
        let head = match &sh.office_filter {
            Some(c) => tr(
                sh.lang,
                S::OfficeFilterOn,
                &[
                    c.as_str(),
                    &sh.key(ScreenId::Offices.layer(), Action::ClearOffice),
                ],
            ),
            None => tr(
                sh.lang,
                S::OfficeFilterOff,
                &[&sh.key(ScreenId::Offices.layer(), Action::SetOffice)],
            ),
        };
        let (head, head_style) = if self.alerts.is_empty() {
            (head, Style::default().fg(Color::Cyan))
        } else {
            (
                format!(
                    "⚠ {}  {head}",
                    tr(sh.lang, S::SyncAlerts, &[&self.alerts.len().to_string()])
                ),
                Style::default().fg(Color::Red),
            )
        };
        f.render_widget(
            Paragraph::new(fit(&head, area.width as usize)).style(head_style),
            Rect::new(area.x, area.y, area.width, 1),
        );
        // The selected office's alerts, with their evidence, below the list.
        let evidence: Vec<(String, Mark)> = self
            .rows
            .get(self.page.selected)
            .map(|r| {
                self.alerts
                    .iter()
                    .filter(|a| a.office == r.office.code.as_str())
                    .flat_map(|a| crate::sync::describe::alert_lines(sh.lang, a))
                    .map(|(t, tone)| (t, super::sync::mark(tone)))
                    .collect()
            })
            .unwrap_or_default();
        let below = (evidence.len() as u16).min(area.height.saturating_sub(1) / 2);
        for (i, (t, m)) in evidence.iter().take(below as usize).enumerate() {
            let style = match m {
                Mark::Alert => Style::default().fg(Color::Red),
                Mark::Dim => Style::default().fg(Color::DarkGray),
                _ => Style::default(),
            };
            f.render_widget(
                Paragraph::new(fit(&cell(t), area.width as usize)).style(style),
                Rect::new(
                    area.x,
                    area.y + area.height - below + i as u16,
                    area.width,
                    1,
                ),
            );
        }
        let rows = self
            .rows
            .iter()
            .skip(self.page.top)
            .take(self.page.height)
            .map(|r| {
                let chosen = sh.office_filter.as_ref() == Some(&r.office.code);
                (
                    vec![
                        format!(
                            "{}{}{}",
                            if chosen { "▸" } else { " " },
                            r.office.code,
                            if r.alerts > 0 { " ⚠" } else { "" }
                        ),
                        cell(&r.office.name),
                        r.office.level.label(zh).to_string(),
                        r.office
                            .parent
                            .as_ref()
                            .map(|p| p.to_string())
                            .unwrap_or_default(),
                        if r.own {
                            sh.t(S::OwnOffice).to_string()
                        } else if r.office.public_key.is_some() {
                            sh.t(S::Imported).to_string()
                        } else {
                            sh.t(S::NamedOnly).to_string()
                        },
                        r.events.to_string(),
                        r.disclosures.to_string(),
                        r.opinions.to_string(),
                        r.replies.to_string(),
                    ],
                    if r.alerts > 0 {
                        Mark::Alert
                    } else if chosen {
                        Mark::Good
                    } else {
                        Mark::Normal
                    },
                )
            })
            .collect();
        PageTable {
            header: vec![
                sh.t(S::Code),
                sh.t(S::Name),
                sh.t(S::Level),
                sh.t(S::Parent),
                sh.t(S::Source),
                sh.t(S::Events),
                sh.t(S::TabDisclosures),
                sh.t(S::TabOpinions),
                sh.t(S::TabReplies),
            ],
            widths: vec![
                Constraint::Length(7),
                Constraint::Fill(1),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
            rows,
            cursor: Some(self.page.cursor()),
            focused: true,
            right: vec![5, 6, 7, 8],
        }
        .draw(
            f,
            Rect::new(
                area.x,
                area.y + 1,
                area.width,
                area.height.saturating_sub(1 + below),
            ),
        );
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::SetOffice | Action::Open => match self.rows.get(self.page.selected) {
                Some(r) => vec![
                    Effect::SetOffice(Some(r.office.code.clone())),
                    Effect::Info(tr(
                        sh.lang,
                        S::OfficeFilterOn,
                        &[
                            r.office.code.as_str(),
                            &sh.key(ScreenId::Offices.layer(), Action::ClearOffice),
                        ],
                    )),
                ],
                None => vec![],
            },
            Action::Settings => vec![Effect::Goto(ScreenId::Settings)],
            Action::ClearOffice => vec![
                Effect::SetOffice(None),
                Effect::Info(tr(
                    sh.lang,
                    S::OfficeFilterOff,
                    &[&sh.key(ScreenId::Offices.layer(), Action::SetOffice)],
                )),
            ],
            a => {
                self.page.apply(a);
                vec![]
            }
        }
    }

    fn click(&mut self, row: u16, _area: Rect, sh: &Shared) -> Vec<Effect> {
        if super::util::click_list(&mut self.page, row, 1) {
            return self.update(Action::SetOffice, sh);
        }
        vec![]
    }
}
