//! Sign-in: pick the operator (name, role); a PIN if that operator has one
//! (argon2-hashed, checked here, never stored in clear).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Screen, ScreenId};
use crate::domain::Operator;
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::S;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::table::{Mark, PageTable};
use crate::tui::widgets::{Paged, cell};

#[derive(Default)]
pub struct SignIn {
    ops: Vec<Operator>,
    page: Paged,
}

/// Checks a PIN against an argon2 PHC string.
pub fn pin_ok(pin: &str, hash: &str) -> bool {
    crate::service::office::pin_matches(pin, hash)
}

impl SignIn {
    fn selected(&self) -> Option<&Operator> {
        self.ops.get(self.page.selected)
    }

    fn choose(&self, sh: &Shared) -> Vec<Effect> {
        let Some(op) = self.selected() else {
            return vec![];
        };
        if op.pin_hash.is_some() {
            let f = Form::new("pin", ScreenId::SignIn, sh.t(S::EnterPin))
                .context(&op.name)
                .intro(format!("{} · {}", cell(&op.name), op.role.label(sh.zh())))
                .secret("pin", sh.t(S::Pin));
            vec![Effect::OpenForm(f)]
        } else {
            vec![Effect::SignIn(op.clone())]
        }
    }
}

impl Screen for SignIn {
    fn id(&self) -> ScreenId {
        ScreenId::SignIn
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::SignIn).into()
    }
    fn goto(&self) -> Option<Action> {
        None
    }
    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        self.ops = r.operators()?.into_iter().filter(|o| o.active).collect();
        if let Some(w) = &sh.want_operator
            && let Some(i) = self.ops.iter().position(|o| &o.name == w)
        {
            self.page.selected = i;
        }
        self.page
            .set(self.ops.len(), sh.list_rows().saturating_sub(3));
        Ok(())
    }
    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let office = sh
            .own
            .as_ref()
            .map(|o| format!("{} ({})", cell(&o.name), o.code))
            .unwrap_or_default();
        let head = vec![
            Line::from(office),
            Line::from(crate::tui::strings::tr(
                sh.lang,
                S::WhoIsWorking,
                &[
                    &sh.key(ScreenId::SignIn.layer(), Action::Down),
                    &sh.key(ScreenId::SignIn.layer(), Action::Up),
                    &sh.key(ScreenId::SignIn.layer(), Action::Open),
                    &sh.key(ScreenId::SignIn.layer(), Action::Back),
                ],
            )),
            Line::from(""),
        ];
        f.render_widget(
            Paragraph::new(head),
            Rect::new(area.x + 1, area.y, area.width.saturating_sub(1), 3),
        );
        if self.ops.is_empty() {
            f.render_widget(
                Paragraph::new(sh.t(S::NoOperators)),
                Rect::new(area.x + 1, area.y + 3, area.width.saturating_sub(1), 2),
            );
            return;
        }
        let rows = self
            .ops
            .iter()
            .skip(self.page.top)
            .take(self.page.height)
            .map(|o| {
                (
                    vec![
                        cell(&o.name),
                        o.role.label(sh.zh()).to_string(),
                        if o.pin_hash.is_some() {
                            "PIN".into()
                        } else {
                            String::new()
                        },
                    ],
                    Mark::Normal,
                )
            })
            .collect();
        PageTable {
            header: vec![sh.t(S::Name), sh.t(S::Role), ""],
            widths: vec![
                Constraint::Length(16),
                Constraint::Length(14),
                Constraint::Length(4),
            ],
            rows,
            cursor: Some(self.page.cursor()),
            focused: true,
            right: vec![],
        }
        .draw(
            f,
            Rect::new(
                area.x + 1,
                area.y + 3,
                area.width.saturating_sub(1),
                area.height.saturating_sub(3),
            ),
        );
    }
    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        match a {
            Action::Open => self.choose(sh),
            Action::Back => vec![Effect::Quit],
            a => {
                self.page.apply(a);
                vec![]
            }
        }
    }
    fn click(&mut self, row: u16, _area: Rect, sh: &Shared) -> Vec<Effect> {
        // Rows start under three lines of heading and the table header.
        if row >= 4 && self.page.click(row as usize - 4) {
            return self.choose(sh);
        }
        vec![]
    }
    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let name = form.context.clone().unwrap_or_default();
        let Some(op) = self.ops.iter().find(|o| o.name == name) else {
            return vec![Effect::CloseForm];
        };
        let pin = form.get("pin");
        match &op.pin_hash {
            Some(h) if pin_ok(pin.trim(), h) => vec![Effect::CloseForm, Effect::SignIn(op.clone())],
            Some(_) => {
                form.set("pin", "");
                form.set_error("pin", sh.t(S::WrongPin));
                vec![]
            }
            None => vec![Effect::CloseForm, Effect::SignIn(op.clone())],
        }
    }
}
