//! What the app holds: `Shared` (what every screen may read) and `State`
//! (everything drawn), with the overlay stack over the screens.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::Effect;
use crate::domain::{Actor, Calendar, Office, OfficeCode, Operator};
use crate::i18n::Lang;
use crate::search::{Hit, Index};
use crate::service::clock;
use crate::tui::action::Action;
use crate::tui::key::Key;
use crate::tui::keymap::Keymap;
use crate::tui::screens::{Screen, ScreenId};
use crate::tui::strings::{S, action_label};
use crate::tui::widgets::form::Form;

/// Where "now" comes from: the wall clock, or fixed (tests, snapshots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed {
        now: DateTime<Utc>,
        local: NaiveDateTime,
    },
}

impl Clock {
    pub fn fixed(local: NaiveDateTime) -> Clock {
        Clock::Fixed {
            now: local.and_utc() - chrono::Duration::hours(8),
            local,
        }
    }
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => clock::now(),
            Clock::Fixed { now, .. } => *now,
        }
    }
    /// Now on the offices' wall clocks (Beijing time).
    pub fn local(&self) -> NaiveDateTime {
        match self {
            Clock::System => clock::local(),
            Clock::Fixed { local, .. } => *local,
        }
    }
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => clock::today(),
            Clock::Fixed { local, .. } => local.date(),
        }
    }
}

/// What every screen may read.
pub struct Shared {
    pub lang: Lang,
    pub keymap: Keymap,
    pub clock: Clock,
    pub cal: Calendar,
    pub own: Option<Office>,
    pub operator: Option<Operator>,
    /// Show only this office's records in every register.
    pub office_filter: Option<OfficeCode>,
    pub index: Option<Index>,
    /// The terminal's size as last drawn.
    pub width: u16,
    pub height: u16,
    /// The database's folder: reports and board pages are written to
    /// `reports/` in it (`None`: the current folder).
    pub data_dir: Option<PathBuf>,
    /// Preselected operator name (`--as`).
    pub want_operator: Option<String>,
    /// Bumped whenever the data may have changed (screens cache by it).
    pub generation: u64,
}

impl Shared {
    /// The key bound to `a` in `layer` (then the list and global layers),
    /// as the status bar writes it; `?` when nothing is bound.
    pub fn key(&self, layer: &str, a: Action) -> String {
        self.keymap
            .key_for(&[layer, "list", "global"], a)
            .unwrap_or_else(|| "?".into())
    }
}

impl Shared {
    pub fn t(&self, s: S) -> &'static str {
        s.t(self.lang)
    }
    pub fn zh(&self) -> bool {
        self.lang.zh()
    }
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
    pub fn actor(&self) -> Option<Actor> {
        self.operator.clone().map(Actor::Operator)
    }
    /// Rows a full-height list can show (screen minus tabs, status lines,
    /// the filter line and the table header).
    pub fn list_rows(&self) -> usize {
        (self.height as usize).saturating_sub(6).max(1)
    }
    /// Wide enough for a list with a detail pane beside it.
    pub fn wide(&self) -> bool {
        self.width >= 120
    }
    /// Does record `id` pass the office filter?
    pub fn office_ok(&self, id: &str) -> bool {
        match &self.office_filter {
            Some(c) => crate::domain::types::office_of_id(id) == c.as_str(),
            None => true,
        }
    }
}

/// A question before something happens.
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub yes: Vec<Effect>,
    pub no: Vec<Effect>,
}

pub struct SearchUi {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

/// A note at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

/// Ticks (about a second each) a note stays; an error stays longer.
pub const NOTE_TICKS: u32 = 6;
pub const ERROR_TICKS: u32 = 12;

/// One thing over the screen. `State::overlays` is a stack: the top one
/// takes the keys and the typing, is drawn last and closes first.
pub enum Overlay {
    Form(Form),
    Confirm(Confirm),
    Search(SearchUi),
    /// Help, scrolled by this many lines.
    Help(u16),
}

pub struct State {
    pub sh: Shared,
    pub screens: Vec<Box<dyn Screen>>,
    pub current: usize,
    /// What lies over the screen, bottom first (`Overlay`).
    pub overlays: Vec<Overlay>,
    /// Keys typed so far of a longer binding (`g` of `g g`).
    pub pending: Vec<Key>,
    pub note: Option<Note>,
    /// Ticks since the note appeared.
    pub note_age: u32,
    pub quit: bool,
}

impl State {
    pub fn screen(&self) -> &dyn Screen {
        self.screens[self.current].as_ref()
    }
    pub fn signed_in(&self) -> bool {
        self.sh.operator.is_some()
    }
    /// Indexes of the screens shown as tabs.
    pub fn tabs(&self) -> Vec<usize> {
        (0..self.screens.len())
            .filter(|i| self.screens[*i].goto().is_some())
            .collect()
    }
    pub fn screen_index(&self, id: ScreenId) -> Option<usize> {
        self.screens.iter().position(|s| s.id() == id)
    }
    /// The open form (under whatever is over it).
    pub fn form(&self) -> Option<&Form> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Form(f) => Some(f),
            _ => None,
        })
    }
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::Form(f) => Some(f),
            _ => None,
        })
    }
    pub fn confirm(&self) -> Option<&Confirm> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Confirm(c) => Some(c),
            _ => None,
        })
    }
    pub fn search(&self) -> Option<&SearchUi> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Search(s) => Some(s),
            _ => None,
        })
    }
    pub fn search_mut(&mut self) -> Option<&mut SearchUi> {
        self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::Search(s) => Some(s),
            _ => None,
        })
    }
    /// The help's scroll, if it is open.
    pub fn help(&self) -> Option<u16> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Help(h) => Some(*h),
            _ => None,
        })
    }
    /// Opens `o` on top; an overlay of the same kind already open is
    /// replaced where it is (a form by the next form, a question by the
    /// next question).
    pub fn open(&mut self, o: Overlay) {
        let same = |x: &Overlay| std::mem::discriminant(x) == std::mem::discriminant(&o);
        match self.overlays.iter().rposition(same) {
            Some(i) => self.overlays[i] = o,
            None => self.overlays.push(o),
        }
    }
    /// Closes the form (wherever it is in the stack) and hands it back.
    pub fn close_form(&mut self) -> Option<Form> {
        let i = self
            .overlays
            .iter()
            .rposition(|o| matches!(o, Overlay::Form(_)))?;
        match self.overlays.remove(i) {
            Overlay::Form(f) => Some(f),
            _ => None,
        }
    }

    /// Keymap layers in force now, most specific first: the top overlay's,
    /// else the screen's.
    pub fn layers(&self) -> Vec<&'static str> {
        match self.overlays.last() {
            Some(Overlay::Confirm(_)) => vec!["confirm"],
            Some(Overlay::Form(f)) if f.asking_discard => vec!["confirm"],
            Some(Overlay::Form(_)) => vec!["form"],
            Some(Overlay::Help(_)) => vec!["help"],
            Some(Overlay::Search(_)) => vec!["search"],
            None => vec![self.screen().id().layer(), "list", "global"],
        }
    }

    /// May the signed-in operator do what `a` does on the current screen?
    /// (Actions that are no act of the domain always may.)
    pub fn permitted(&self, a: Action) -> bool {
        match (self.screen().act_of(a), &self.sh.operator) {
            (Some(act), Some(op)) => crate::domain::workflow::may(op.role, act),
            _ => true,
        }
    }

    /// The keys that work here, for the status bar: `key label` pairs.
    pub fn hints(&self) -> Vec<(String, String)> {
        let layers = self.layers();
        let km = &self.sh.keymap;
        let mut out: Vec<(String, String)> = vec![];
        let mut seen = vec![];
        let wanted: Vec<Action> = match layers[0] {
            "confirm" => vec![Action::Yes, Action::No],
            "form" => {
                let mut v = vec![Action::Save, Action::NextField, Action::Cancel];
                v.extend(self.form().iter().flat_map(|f| f.tools.iter().copied()));
                v.push(Action::Help);
                v
            }
            "search" => vec![Action::Open, Action::Down, Action::Cancel],
            "help" => vec![Action::Back],
            id => {
                let mut v: Vec<Action> = km.layer(id).iter().map(|b| b.action).collect();
                v.extend([Action::Open, Action::Search, Action::Help, Action::Quit]);
                v
            }
        };
        for a in wanted {
            if seen.contains(&a) || (layers.len() > 1 && !self.permitted(a)) {
                continue;
            }
            seen.push(a);
            if let Some(k) = km.key_for(&layers, a) {
                out.push((k, action_label(a, self.sh.lang).to_string()));
            }
        }
        out
    }
}
