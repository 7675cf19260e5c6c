//! The heart of the app: keys and actions change the `State` and name the
//! `Effect`s the runtime then runs.

use std::path::PathBuf;

use super::{Confirm, Note, Overlay, SearchUi, State};
use crate::domain::{Command, OfficeCode, Operator};
use crate::i18n::Lang;
use crate::tui::action::Action;
use crate::tui::key::Key;
use crate::tui::keymap::Match;
use crate::tui::screens::{Request, ScreenId};
use crate::tui::strings::S;
use crate::tui::widgets::form::Form;

/// What `update` asks the runtime to do.
pub enum Effect {
    /// Run a command against the store as the signed-in operator. On
    /// success the form (if any) closes, the screens re-read, and the owner
    /// screen hears about the events.
    Exec {
        cmd: Command,
        owner: ScreenId,
        done: String,
    },
    OpenForm(Form),
    CloseForm,
    Confirm(Confirm),
    Info(String),
    Error(String),
    Goto(ScreenId),
    OpenRecord(String),
    SetOffice(Option<OfficeCode>),
    SignIn(Operator),
    /// The current screen re-reads its page.
    Reload,
    /// A follow-up for the screen the request names (`Screen::call`).
    Call(Request),
    /// Work against the store for the screen the request names
    /// (`Screen::with_store`).
    Store(Request),
    /// Typing changed the form: keep it on disk (at most every
    /// `DRAFT_EVERY`).
    SaveDraft,
    /// Write the form's draft now if typing is pending (the focus left a
    /// field).
    FlushDraft,
    DeleteDraft,
    DeleteDraftFile(PathBuf),
    /// Offer the next unsaved form of the signed-in operator.
    OfferDraft,
    Quit,
}

/// Re-runs the search for the query typed.
pub fn refresh_search(st: &mut State) {
    let index = &st.sh.index;
    let Some(s) = st.overlays.iter_mut().rev().find_map(|o| match o {
        Overlay::Search(s) => Some(s),
        _ => None,
    }) else {
        return;
    };
    s.hits = match index {
        Some(ix) if !s.query.trim().is_empty() => ix.search(&s.query, 200),
        _ => vec![],
    };
    s.selected = 0;
}

/// A key: bound keys become actions; other keys type into a form or the
/// search line.
pub fn handle_key(st: &mut State, k: Key) -> Vec<Effect> {
    let layers = st.layers();
    st.pending.push(k);
    let m = st.sh.keymap.lookup(&layers, &st.pending);
    match m {
        Match::Action(a) => {
            st.pending.clear();
            update(st, a)
        }
        Match::Prefix => vec![],
        Match::None => {
            let typed = std::mem::take(&mut st.pending);
            // A pending prefix that led nowhere: the last key alone.
            if typed.len() > 1 {
                return handle_key(st, k);
            }
            // Typing goes to the top overlay, if it takes typing.
            match st.overlays.last_mut() {
                Some(Overlay::Form(f)) => {
                    if f.asking_discard {
                        return vec![];
                    }
                    let focus = f.focus;
                    let changed = f.input(k);
                    if changed || f.focus != focus {
                        // A new field focused may offer its choices (pickers).
                        let owner = f.owner;
                        if let Some(i) = st.screen_index(owner)
                            && let Some(Overlay::Form(f)) = st.overlays.last_mut()
                        {
                            st.screens[i].form_changed(f, &st.sh);
                        }
                    }
                    if changed {
                        return vec![Effect::SaveDraft];
                    }
                    vec![]
                }
                Some(Overlay::Search(s)) => {
                    match (k.code, k.text()) {
                        (crate::tui::key::Code::Backspace, _) => {
                            s.query.pop();
                        }
                        // Ctrl-U clears the query, as in a shell.
                        (crate::tui::key::Code::Char('u'), _) if k.ctrl => s.query.clear(),
                        (_, Some(c)) => s.query.push(c),
                        _ => return vec![],
                    }
                    refresh_search(st);
                    vec![]
                }
                _ => vec![],
            }
        }
    }
}

/// The heart of the app: an action changes the state and names effects.
pub fn update(st: &mut State, a: Action) -> Vec<Effect> {
    // The top overlay takes the action.
    match st.overlays.last_mut() {
        Some(Overlay::Form(f)) if f.asking_discard => {
            return match a {
                Action::Yes => vec![Effect::CloseForm],
                Action::No | Action::Cancel => {
                    f.asking_discard = false;
                    vec![]
                }
                _ => vec![],
            };
        }
        Some(Overlay::Confirm(_)) => {
            return match a {
                Action::Yes | Action::No | Action::Cancel | Action::Back => {
                    let Some(Overlay::Confirm(c)) = st.overlays.pop() else {
                        return vec![];
                    };
                    if a == Action::Yes { c.yes } else { c.no }
                }
                _ => vec![],
            };
        }
        Some(Overlay::Help(_)) => {
            let max = crate::tui::ui::help_max_scroll(st);
            let Some(Overlay::Help(h)) = st.overlays.last_mut() else {
                return vec![];
            };
            match a {
                Action::Down => *h = (*h + 1).min(max),
                Action::Up => *h = h.saturating_sub(1),
                _ => {
                    st.overlays.pop();
                }
            }
            return vec![];
        }
        Some(Overlay::Form(_)) => return form_action(st, a),
        Some(Overlay::Search(s)) => {
            return match a {
                Action::Cancel | Action::Back => {
                    st.overlays.pop();
                    vec![]
                }
                Action::Down => {
                    s.selected = (s.selected + 1).min(s.hits.len().saturating_sub(1));
                    vec![]
                }
                Action::Up => {
                    s.selected = s.selected.saturating_sub(1);
                    vec![]
                }
                Action::Open => {
                    let id = s.hits.get(s.selected).map(|h| h.id.clone());
                    st.overlays.pop();
                    id.map(|id| vec![Effect::OpenRecord(id)])
                        .unwrap_or_default()
                }
                _ => vec![],
            };
        }
        None => {}
    }
    match a {
        Action::Quit => return vec![Effect::Quit],
        Action::Help => {
            st.open(Overlay::Help(0));
            return vec![];
        }
        Action::ToggleLang => {
            st.sh.lang = if st.sh.zh() { Lang::En } else { Lang::Zh };
            return vec![Effect::Reload];
        }
        _ => {}
    }
    if !st.signed_in() {
        let effects = st.screens[0].update(a, &st.sh);
        return effects;
    }
    match a {
        Action::Search => {
            st.open(Overlay::Search(SearchUi {
                query: String::new(),
                hits: vec![],
                selected: 0,
            }));
            vec![]
        }
        Action::NextTab | Action::PrevTab => {
            st.note = None;
            let tabs = st.tabs();
            let pos = tabs.iter().position(|i| *i == st.current).unwrap_or(0);
            let n = tabs.len().max(1);
            let next = if a == Action::NextTab {
                (pos + 1) % n
            } else {
                (pos + n - 1) % n
            };
            st.current = tabs.get(next).copied().unwrap_or(st.current);
            vec![Effect::Reload]
        }
        Action::SignOut => {
            st.sh.operator = None;
            st.current = 0;
            vec![Effect::Reload]
        }
        Action::Refresh => {
            st.sh.index = None;
            st.sh.generation += 1;
            let i = st.current;
            let mut e = st.screens[i].update(a, &st.sh);
            e.push(Effect::Reload);
            e
        }
        a => {
            if let Some(i) = st.screens.iter().position(|s| s.goto() == Some(a)) {
                // A note belongs to the screen it was said on.
                if i != st.current {
                    st.note = None;
                }
                st.current = i;
                return vec![Effect::Reload];
            }
            if a.goto_index().is_some() {
                return vec![Effect::Info(st.sh.t(S::NotYetHere).into())];
            }
            let i = st.current;
            if !st.permitted(a)
                && let (Some(act), Some(op)) = (st.screen().act_of(a), &st.sh.operator)
            {
                return vec![Effect::Error(refusal(op.role, act, st.sh.lang))];
            }
            st.screens[i].update(a, &st.sh)
        }
    }
}

/// An action on the open form (the top overlay).
fn form_action(st: &mut State, a: Action) -> Vec<Effect> {
    let Some(Overlay::Form(f)) = st.overlays.last_mut() else {
        return vec![];
    };
    match a {
        Action::Help => {
            st.open(Overlay::Help(0));
            vec![]
        }
        Action::NextField | Action::PrevField => {
            if a == Action::NextField {
                f.next();
            } else {
                f.prev();
            }
            // A new field focused may offer its choices (pickers).
            let owner = f.owner;
            if let Some(i) = st.screen_index(owner)
                && let Some(Overlay::Form(f)) = st.overlays.last_mut()
            {
                st.screens[i].form_changed(f, &st.sh);
            }
            vec![Effect::FlushDraft]
        }
        Action::Cancel | Action::Back => {
            if f.dirty {
                f.asking_discard = true;
                vec![]
            } else {
                vec![Effect::CloseForm]
            }
        }
        Action::Save | Action::Anonymous | Action::AddLine | Action::DeleteLine => {
            let owner = f.owner;
            let Some(i) = st.screen_index(owner) else {
                return vec![];
            };
            let Some(Overlay::Form(mut form)) = st.overlays.pop() else {
                return vec![];
            };
            let effects = if a == Action::Save {
                form.clear_errors();
                let e = st.screens[i].submit(&mut form, &st.sh);
                if form.has_errors() && e.is_empty() {
                    st.note = Some(Note {
                        text: st.sh.t(S::FixFields).into(),
                        error: true,
                    });
                }
                e
            } else {
                form_tool(&mut form, a);
                st.screens[i].form_changed(&mut form, &st.sh);
                vec![Effect::SaveDraft]
            };
            st.overlays.push(Overlay::Form(form));
            effects
        }
        _ => vec![],
    }
}

/// "A clerk may not sign a disclosure", in the UI language: the domain's
/// refusal.
pub fn refusal(role: crate::domain::Role, act: crate::domain::workflow::Act, l: Lang) -> String {
    match crate::domain::rules::permitted(role, act) {
        Err(e) => e.message(l == Lang::Zh),
        Ok(()) => String::new(),
    }
}

/// Form-wide tools that are not typing: anonymous, add or delete a line.
fn form_tool(f: &mut Form, a: Action) {
    match a {
        Action::Anonymous => {
            if let Some(fl) = f.field_mut("anonymous") {
                fl.on = !fl.on;
                f.dirty = true;
            }
        }
        Action::AddLine | Action::DeleteLine => {
            // The owner screen acts on it in `form_changed`.
            f.request = Some(a);
            f.dirty = true;
        }
        _ => {}
    }
}
