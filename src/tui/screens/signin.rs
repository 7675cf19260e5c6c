//! Sign-in: pick the operator (name, role); a PIN if that operator has one
//! (argon2-hashed, kept in this office only, never stored in clear). Wrong
//! PINs are slowed down (`service::office::try_operator_pin`); a PIN whose
//! hash an older juwu wrote into the log must be changed before going on.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Request, Screen, ScreenId};
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
    /// The operator and PIN typed, checked against the store next.
    pending: Option<(String, String)>,
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
            vec![Effect::OpenForm(pin_form(op, sh))]
        } else {
            vec![Effect::SignIn(op.clone())]
        }
    }

    /// Checks the PIN typed (`what` = "pin") or keeps the new one
    /// (`what` = "newpin").
    fn check(&mut self, new_pin: bool, store: &crate::store::Store, sh: &Shared) -> Vec<Effect> {
        use crate::service::office::{self, PinNote, PinOutcome};
        let Some((name, pin)) = self.pending.take() else {
            return vec![];
        };
        let Some(op) = self.ops.iter().find(|o| o.name == name) else {
            return vec![Effect::CloseForm];
        };
        if new_pin {
            return match office::set_pin(store, &name, &pin) {
                Ok(()) => vec![Effect::CloseForm, Effect::SignIn(op.clone())],
                Err(e) => {
                    let mut f = new_pin_form(op, sh);
                    f.set_error("pin", e.message(sh.lang));
                    vec![Effect::OpenForm(f)]
                }
            };
        }
        match office::try_operator_pin(store, &name, &pin, sh.clock.now()) {
            Ok(PinOutcome::Right { exposed: false }) => {
                vec![Effect::CloseForm, Effect::SignIn(op.clone())]
            }
            Ok(PinOutcome::Right { exposed: true }) => vec![Effect::OpenForm(new_pin_form(op, sh))],
            Ok(o) => {
                let mut f = pin_form(op, sh);
                let msg = match PinNote::of(o) {
                    Some(PinNote::Wrong) | None => sh.t(S::WrongPin).to_string(),
                    Some(n) => n.message(sh.lang),
                };
                f.set_error("pin", msg);
                vec![Effect::OpenForm(f)]
            }
            Err(e) => vec![Effect::Error(e.message(sh.lang))],
        }
    }
}

/// The form asking `op`'s PIN.
fn pin_form(op: &Operator, sh: &Shared) -> Form {
    Form::new("pin", ScreenId::SignIn, sh.t(S::EnterPin))
        .context(&op.name)
        .intro(format!("{} · {}", cell(&op.name), op.role.label(sh.zh())))
        .secret("pin", sh.t(S::Pin))
}

/// The form asking a new PIN, twice, for a PIN that was exposed.
fn new_pin_form(op: &Operator, sh: &Shared) -> Form {
    use crate::service::office::PinNote;
    Form::new("newpin", ScreenId::SignIn, sh.t(S::EnterPin))
        .context(&op.name)
        .intro(format!(
            "{} · {}\n{}",
            cell(&op.name),
            op.role.label(sh.zh()),
            PinNote::MustChange.message(sh.lang)
        ))
        .secret("pin", sh.t(S::Pin))
        .secret("again", sh.t(S::Pin))
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
        if op.pin_hash.is_none() {
            return vec![Effect::CloseForm, Effect::SignIn(op.clone())];
        }
        let pin = form.get("pin").trim().to_string();
        if form.id == "newpin" {
            let again = form.get("again").trim().to_string();
            if pin != again {
                form.set("again", "");
                form.set_error(
                    "again",
                    crate::service::office::PinNote::Differ.message(sh.lang),
                );
                return vec![];
            }
            if let Err(e) = crate::service::office::hash_pin(&pin) {
                form.set_error("pin", e.message(sh.zh()));
                return vec![];
            }
        }
        form.set("pin", "");
        form.set("again", "");
        self.pending = Some((name, pin));
        vec![Effect::Store(Request::CheckPin {
            new_pin: form.id == "newpin",
        })]
    }
    fn with_store(
        &mut self,
        req: Request,
        store: &mut crate::store::Store,
        sh: &Shared,
    ) -> Vec<Effect> {
        match req {
            Request::CheckPin { new_pin } => self.check(new_pin, store, sh),
            _ => vec![],
        }
    }
}
