//! `App`: the state and the store, and the runner of effects.

use std::path::PathBuf;

use super::{
    Clock, ERROR_TICKS, Effect, NOTE_TICKS, Note, Overlay, Shared, State, handle_key,
    refresh_search, update,
};
use crate::domain::Calendar;
use crate::i18n::Lang;
use crate::search::Index;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::key::Key;
use crate::tui::keymap::Keymap;
use crate::tui::screens::{self, ScreenId};
use crate::tui::strings::S;
use crate::tui::widgets::form::Form;

pub struct AppOptions {
    pub lang: Lang,
    pub keymap: Keymap,
    pub clock: Clock,
    pub cal: Calendar,
    pub operator: Option<String>,
    /// Where a form in progress is kept (`<db dir>/drafts`).
    pub draft_dir: Option<PathBuf>,
    pub width: u16,
    pub height: u16,
}

pub struct App {
    pub state: State,
    pub store: Store,
    pub draft_dir: Option<PathBuf>,
    /// When the form's draft was last written, and whether typing since
    /// then is not yet on disk.
    pub(super) draft_saved: Option<std::time::Instant>,
    pub(super) draft_pending: bool,
}

impl App {
    pub fn new(store: Store, o: AppOptions) -> App {
        let own = store
            .read()
            .ok()
            .and_then(|r| r.own_office().ok().flatten());
        let mut note = None;
        if let Some(e) = o.keymap.errors.first() {
            note = Some(Note {
                text: format!(
                    "{} ({}): {e}",
                    S::KeymapProblems.t(o.lang),
                    o.keymap.errors.len()
                ),
                error: true,
            });
        }
        let state = State {
            sh: Shared {
                lang: o.lang,
                keymap: o.keymap,
                clock: o.clock,
                cal: o.cal,
                own,
                operator: None,
                office_filter: None,
                index: None,
                width: o.width,
                height: o.height,
                data_dir: None,
                want_operator: o.operator,
                generation: 0,
            },
            screens: screens::registry(),
            current: 0,
            overlays: vec![],
            pending: vec![],
            note,
            note_age: 0,
            quit: false,
        };
        let mut app = App {
            state,
            store,
            draft_dir: o.draft_dir,
            draft_saved: None,
            draft_pending: false,
        };
        app.reload_current();
        // `--as NAME` of an operator without a PIN signs in at once.
        let want = app.state.sh.want_operator.clone();
        if let Some(name) = want {
            let effects = app.state.screens[0].update(Action::Refresh, &app.state.sh);
            app.run(effects);
            if let Ok(r) = app.store.read()
                && let Ok(Some(op)) = r.operator(&name)
                && op.pin_hash.is_none()
                && op.active
            {
                app.run(vec![Effect::SignIn(op)]);
            }
        }
        app
    }

    /// Types a key sequence written as in keymaps: `"j j <Enter>"`.
    pub fn keys(&mut self, s: &str) {
        for k in s.split_whitespace() {
            match Key::parse(k) {
                Ok(key) => self.key(key),
                Err(e) => panic!("bad key in test string: {e}"),
            }
        }
    }

    /// Types text character by character (spaces too).
    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.key(Key::char(c));
        }
    }

    pub fn key(&mut self, k: Key) {
        let before = self.state.note.clone();
        let effects = handle_key(&mut self.state, k);
        self.run(effects);
        if self.state.note != before {
            self.state.note_age = 0;
        }
    }

    pub fn action(&mut self, a: Action) {
        let effects = update(&mut self.state, a);
        self.run(effects);
    }

    /// Pasted text goes to the top overlay if it takes typing.
    pub fn paste(&mut self, s: &str) {
        let st = &mut self.state;
        match st.overlays.last_mut() {
            Some(Overlay::Form(f)) => {
                if !f.paste(s) {
                    return;
                }
                let owner = f.owner;
                if let Some(i) = st.screen_index(owner)
                    && let Some(Overlay::Form(f)) = st.overlays.last_mut()
                {
                    st.screens[i].form_changed(f, &st.sh);
                }
                self.run(vec![Effect::SaveDraft]);
            }
            Some(Overlay::Search(s2)) => {
                s2.query.push_str(&crate::domain::text::clean_line(s));
                refresh_search(st);
            }
            _ => {}
        }
    }

    /// About a second passed with no input: old notes go away, and typing
    /// not yet in the draft file is written.
    pub fn tick(&mut self) {
        self.flush_draft();
        let st = &mut self.state;
        if let Some(n) = &st.note {
            st.note_age += 1;
            let keep = if n.error { ERROR_TICKS } else { NOTE_TICKS };
            if st.note_age >= keep {
                st.note = None;
                st.note_age = 0;
            }
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.state.sh.width = w;
        self.state.sh.height = h;
        self.reload_current();
    }

    /// A left click at terminal cell (x, y).
    pub fn click(&mut self, x: u16, y: u16) {
        let st = &mut self.state;
        if st.overlays.iter().any(|o| !matches!(o, Overlay::Help(_))) {
            return;
        }
        if st.help().is_some() {
            st.overlays.clear();
            return;
        }
        if y == 0 && st.signed_in() {
            for (x0, x1, i) in crate::tui::ui::tab_spans(st) {
                if x >= x0 && x < x1 {
                    st.current = i;
                    self.reload_current();
                    return;
                }
            }
            return;
        }
        let body = crate::tui::ui::body_area(st.sh.width, st.sh.height);
        if y >= body.y && y < body.y + body.height {
            let i = st.current;
            let effects = st.screens[i].click(y - body.y, body, &st.sh);
            self.run(effects);
        }
    }

    pub fn scroll(&mut self, down: bool) {
        if self.state.form().is_none() && self.state.confirm().is_none() {
            self.action(if down { Action::Down } else { Action::Up });
        }
    }

    /// Re-reads the current screen's rows.
    pub fn reload_current(&mut self) {
        let i = self.state.current;
        self.reload(i);
    }

    pub(super) fn reload(&mut self, i: usize) {
        let store = &self.store;
        let res = store
            .read()
            .and_then(|r| self.state.screens[i].refresh_all(store, &r, &self.state.sh));
        if let Err(e) = res {
            self.state.note = Some(Note {
                text: e.message(self.state.sh.zh()),
                error: true,
            });
        }
    }

    fn ensure_index(&mut self) {
        if self.state.sh.index.is_none() {
            match self.store.read().and_then(|r| Index::build(&r)) {
                Ok(ix) => self.state.sh.index = Some(ix),
                Err(e) => {
                    self.state.note = Some(Note {
                        text: e.message(self.state.sh.zh()),
                        error: true,
                    })
                }
            }
        }
    }

    /// Runs effects until none are left.
    pub fn run(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(e) = queue.pop_front() {
            let more = self.run_one(e);
            queue.extend(more);
        }
        // Search needs the index; build it the first time it opens.
        if self.state.search().is_some() && self.state.sh.index.is_none() {
            self.ensure_index();
            refresh_search(&mut self.state);
        }
        if self
            .state
            .form()
            .is_some_and(|f| f.owner == ScreenId::Opinions)
            && self.state.sh.index.is_none()
        {
            self.ensure_index();
        }
    }

    fn run_one(&mut self, e: Effect) -> Vec<Effect> {
        let st = &mut self.state;
        match e {
            Effect::Exec { cmd, owner, done } => {
                let Some(actor) = st.sh.actor() else {
                    return vec![Effect::Error(st.sh.t(S::NotSignedIn).into())];
                };
                match self.store.execute(&actor, &cmd, st.sh.clock.now()) {
                    Ok(events) => {
                        if st.form().is_some_and(|f| f.owner == owner) {
                            self.delete_draft();
                            self.state.close_form();
                        }
                        let st = &mut self.state;
                        // Name the record just made ("意见已登记：QH01-YJ2026-0062"),
                        // so the clerk can tell the resident its number.
                        let text = match created_id(&events) {
                            Some(id) if st.sh.zh() => format!("{done}：{id}"),
                            Some(id) => format!("{done}: {id}"),
                            None => done,
                        };
                        st.note = Some(Note { text, error: false });
                        if let Some(ix) = st.sh.index.as_mut()
                            && let Ok(r) = self.store.read()
                        {
                            ix.apply(&r, &events);
                        }
                        st.sh.generation += 1;
                        let mut more = vec![];
                        let owner_i = st.screen_index(owner);
                        if let Some(i) = owner_i {
                            more = st.screens[i].executed(&events, &st.sh);
                        }
                        // The other screens re-read when they are opened.
                        self.reload_current();
                        if let Some(i) = owner_i
                            && i != self.state.current
                        {
                            self.reload(i);
                        }
                        more
                    }
                    Err(err) => {
                        let msg = err.message(st.sh.zh());
                        match st.overlays.iter_mut().rev().find_map(|o| match o {
                            Overlay::Form(f) => Some(f),
                            _ => None,
                        }) {
                            Some(f) if f.owner == owner => {
                                place_error(f, &err, st.sh.zh());
                                st.note = Some(Note {
                                    text: msg,
                                    error: true,
                                });
                            }
                            _ => {
                                st.note = Some(Note {
                                    text: msg,
                                    error: true,
                                })
                            }
                        }
                        vec![]
                    }
                }
            }
            Effect::OpenForm(mut f) => {
                if let Some(i) = st.screen_index(f.owner) {
                    st.screens[i].form_changed(&mut f, &st.sh);
                }
                st.open(Overlay::Form(f));
                vec![]
            }
            Effect::CloseForm => {
                self.delete_draft();
                self.state.close_form();
                vec![]
            }
            Effect::Confirm(c) => {
                st.open(Overlay::Confirm(c));
                vec![]
            }
            Effect::Info(t) => {
                st.note = Some(Note {
                    text: t,
                    error: false,
                });
                vec![]
            }
            Effect::Error(t) => {
                st.note = Some(Note {
                    text: t,
                    error: true,
                });
                vec![]
            }
            Effect::Goto(id) => {
                if let Some(i) = st.screen_index(id) {
                    st.current = i;
                    self.reload_current();
                }
                vec![]
            }
            Effect::OpenRecord(id) => {
                for i in 0..st.screens.len() {
                    if st.screens[i].open_record(&id, &st.sh) {
                        st.current = i;
                        self.reload_current();
                        break;
                    }
                }
                vec![]
            }
            Effect::SetOffice(c) => {
                st.sh.office_filter = c;
                st.sh.generation += 1;
                self.reload_current();
                vec![]
            }
            Effect::SignIn(op) => {
                let name = op.name.clone();
                st.sh.operator = Some(op);
                st.current = st.screen_index(ScreenId::Today).unwrap_or(0);
                st.note = Some(Note {
                    text: format!(
                        "{} {}",
                        st.sh.t(S::SignedInAs),
                        crate::domain::text::clean_line(&name)
                    ),
                    error: false,
                });
                // Only the screen shown is read; every other screen reads
                // its rows when it is opened (a street office's database
                // holds hundreds of offices).
                self.reload_current();
                self.offer_draft()
            }
            Effect::Reload => {
                self.reload_current();
                vec![]
            }
            Effect::Call(req) => match st.screen_index(req.screen()) {
                Some(i) => st.screens[i].call(req, &st.sh),
                None => vec![],
            },
            Effect::Store(req) => match st.screen_index(req.screen()) {
                Some(i) => {
                    let more = st.screens[i].with_store(req, &mut self.store, &st.sh);
                    self.reload(i);
                    more
                }
                None => vec![],
            },
            Effect::SaveDraft => {
                self.save_draft(false);
                vec![]
            }
            Effect::FlushDraft => {
                self.flush_draft();
                vec![]
            }
            Effect::DeleteDraft => {
                self.delete_draft();
                vec![]
            }
            Effect::DeleteDraftFile(p) => {
                let _ = std::fs::remove_file(p);
                vec![]
            }
            Effect::OfferDraft => self.offer_draft(),
            Effect::Quit => {
                self.flush_draft();
                self.state.quit = true;
                vec![]
            }
        }
    }
}

/// Puts the store's refusal next to the field it is about, if it names one.
fn place_error(f: &mut Form, err: &crate::store::StoreError, zh: bool) {
    use crate::domain::DomainError as D;
    let msg = err.message(zh);
    let key = match err {
        crate::store::StoreError::Domain(d) => match d {
            D::EmptyField(field) | D::TextTooLong { field, .. } => form_key(*field),
            D::BadDate(_) => None,
            _ => None,
        },
        _ => None,
    };
    match key {
        Some(k) => f.set_error(k, msg),
        None => f.error = Some(msg),
    }
}

/// The form field a refusal about `field` belongs next to.
fn form_key(field: crate::domain::error::Field) -> Option<&'static str> {
    use crate::domain::error::Field as F;
    Some(match field {
        F::OpinionText | F::ReplyText => "text",
        F::Name => "name",
        F::Reason => "reason",
        F::Note => "note",
        F::Members => "members",
        F::Title => "title",
        F::Body => "body",
        F::Seal => "seal",
        F::Summary => "summary",
        F::Amendments => "amendments",
        F::Explanation => "explanation",
        _ => return None,
    })
}

/// The id of the record the first creating event of `events` made, if any.
fn created_id(events: &[crate::domain::Envelope]) -> Option<String> {
    use crate::domain::EventBody as B;
    events.iter().find_map(|e| match &e.body {
        B::OpinionReceived { opinion } => Some(opinion.id.to_string()),
        B::DisclosureDrafted { id, .. } => Some(id.to_string()),
        B::ReplyRecorded { reply } => Some(reply.id.to_string()),
        B::StatementDrafted { statement } => Some(statement.id.to_string()),
        B::CheckRecorded { check } => Some(check.id.to_string()),
        _ => None,
    })
}
