//! Drawing the Sync screen: the head line, the offices as a table (or the
//! file picker), and the pane with the last act's result or the selected
//! office's status and fork alerts. Reads the state only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Row, Sync, mark, marked};
use crate::sync::describe::{self, ago};
use crate::tui::action::Action;
use crate::tui::app::Shared;
use crate::tui::screens::ScreenId;
use crate::tui::strings::{S, tr};
use crate::tui::widgets::fit;
use crate::tui::widgets::table::{Mark, PageTable};

impl Sync {
    /// The screen: the head line, the offices (or the picker) and the pane.
    pub(super) fn draw_screen(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let l = sh.lang;
        let head = match &self.own {
            Some(o) => {
                let mut t = tr(l, S::SyncHead, &[o.as_str(), &self.own_head.to_string()]);
                if !self.alerts.is_empty() {
                    t.push_str(&format!(
                        "  ⚠ {}",
                        tr(l, S::SyncAlerts, &[&self.alerts.len().to_string()])
                    ));
                }
                if let Some(w) = self.behind.first() {
                    t = format!("⚠ {w}  {t}");
                }
                t
            }
            None => String::new(),
        };
        f.render_widget(
            Paragraph::new(fit(&head, area.width as usize)).style(
                if self.alerts.is_empty() && self.behind.is_empty() {
                    Style::default().fg(Color::Cyan)
                } else {
                    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
                },
            ),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let body = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        );
        if let Some(p) = &self.picker {
            p.draw(sh, f, body);
            return;
        }
        let (la, da) = if sh.wide() {
            let lw = body.width * 50 / 100;
            (
                Rect::new(body.x, body.y, lw, body.height),
                Rect::new(body.x + lw, body.y, body.width - lw, body.height),
            )
        } else {
            let lh = (self.page.height as u16 + 1).min(body.height);
            (
                Rect::new(body.x, body.y, body.width, lh),
                Rect::new(body.x, body.y + lh, body.width, body.height - lh),
            )
        };
        if self.rows.is_empty() {
            f.render_widget(
                Paragraph::new(tr(
                    l,
                    S::SyncNoOffices,
                    &[&sh.key(ScreenId::Sync.layer(), Action::Import)],
                ))
                .wrap(Wrap { trim: false }),
                la,
            );
        } else {
            let now = sh.clock.now();
            let rows = self
                .rows
                .iter()
                .skip(self.page.top)
                .take(self.page.height)
                .map(|r| {
                    let own = self.own.as_ref().map(|c| c.as_str()).unwrap_or("");
                    let key = match &r.trust {
                        Some(t) if t.removed_at.is_some() => sh.t(S::SyncRemoved).to_string(),
                        Some(_) => sh.t(S::SyncTrustedState).to_string(),
                        None => sh.t(S::SyncNotTrusted).to_string(),
                    };
                    (
                        vec![
                            r.code.clone(),
                            r.name.clone(),
                            r.held.map(|h| format!("#{h}")).unwrap_or_default(),
                            r.peer
                                .last_received
                                .as_ref()
                                .map(|x| ago(l, x.created_at, now))
                                .unwrap_or_else(|| "—".into()),
                            r.peer
                                .last_sent
                                .as_ref()
                                .map(|x| ago(l, x.at, now))
                                .unwrap_or_else(|| "—".into()),
                            r.peer
                                .holds
                                .get(own)
                                .map(|h| format!("#{}/#{}", h.seq, self.own_head))
                                .unwrap_or_else(|| "—".into()),
                            key,
                            if r.alerts > 0 {
                                format!("⚠{}", r.alerts)
                            } else {
                                String::new()
                            },
                        ],
                        if r.alerts > 0 {
                            Mark::Alert
                        } else if r.trust.is_none() {
                            Mark::Dim
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
                    sh.t(S::SyncHeldShort),
                    sh.t(S::SyncReceivedShort),
                    sh.t(S::SyncSentShort),
                    sh.t(S::SyncAckedShort),
                    sh.t(S::SyncKey),
                    "",
                ],
                widths: vec![
                    Constraint::Length(6),
                    Constraint::Fill(1),
                    Constraint::Length(5),
                    Constraint::Length(7),
                    Constraint::Length(7),
                    Constraint::Length(9),
                    Constraint::Length(6),
                    Constraint::Length(3),
                ],
                rows,
                cursor: Some(self.page.cursor()),
                focused: self.pane.is_none(),
                right: vec![2],
            }
            .draw(f, la);
        }
        // The pane: the last act's result, else the selected office.
        let (title, lines) = match (&self.pane, self.selected()) {
            (Some(p), _) => (
                format!(
                    "{} ({} {})",
                    p.title,
                    sh.key(ScreenId::Sync.layer(), Action::Back),
                    sh.t(S::SyncCloses)
                ),
                p.lines.clone(),
            ),
            (None, Some(r)) => (String::new(), self.detail_lines(r, sh)),
            (None, None) => (String::new(), vec![]),
        };
        let mut text: Vec<Line> = vec![];
        if !title.is_empty() {
            text.push(Line::from(Span::styled(
                title,
                Style::default().add_modifier(Modifier::BOLD),
            )));
        }
        text.extend(
            lines
                .into_iter()
                .map(|(t, m)| Line::from(Span::styled(t, style(m)))),
        );
        f.render_widget(
            Paragraph::new(text)
                .block(Block::default().borders(if sh.wide() {
                    Borders::LEFT
                } else {
                    Borders::TOP
                }))
                .wrap(Wrap { trim: false }),
            da,
        );
    }

    fn detail_lines(&self, r: &Row, sh: &Shared) -> Vec<(String, Mark)> {
        let l = sh.lang;
        let mut out = vec![(format!("{} {}", r.code, r.name), Mark::Normal)];
        let s = describe::OfficeSync {
            held: r.held,
            signed_head: r.signed_head,
            peer: &r.peer,
            trust: r.trust.as_ref(),
            own: self.own.as_ref().map(|c| c.as_str()).unwrap_or(""),
            own_head: self.own_head,
        };
        for (label, text, tone) in describe::office_status(l, &s, sh.clock.now()) {
            // A line of its own starts with a capital (the command line
            // prints the label in a column).
            let mut cs = label.chars();
            let label: String = cs
                .next()
                .map(|c| c.to_uppercase().chain(cs).collect())
                .unwrap_or_default();
            out.push((format!("{label}: {text}"), mark(tone)));
        }
        for a in self.alerts.iter().filter(|a| a.office == r.code) {
            out.extend(marked(describe::alert_lines(l, a)));
        }
        let claims = self.claims.iter().filter(|c| c.office == r.code);
        out.extend(marked(claims.map(|c| describe::claim_line(l, c)).collect()));
        out
    }
}

fn style(m: Mark) -> Style {
    match m {
        Mark::Normal => Style::default(),
        Mark::Alert => Style::default().fg(Color::Red),
        Mark::Dim => Style::default().fg(Color::DarkGray),
        Mark::Good => Style::default().fg(Color::Green),
    }
}
