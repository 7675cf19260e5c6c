//! The app: `State` (everything drawn), `update` (actions → state changes
//! and effects), and `App`, which runs the effects against the store.
//! Nothing here touches the terminal, so tests drive it with key strings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::Action;
use super::key::Key;
use super::keymap::{Keymap, Match};
use super::screens::{self, Screen};
use super::strings::{S, action_label};
use super::widgets::form::Form;
use crate::domain::{Actor, Calendar, Channel, Command, Office, OfficeCode, Operator};
use crate::i18n::Lang;
use crate::search::{Hit, Index};
use crate::service::clock;
use crate::store::Store;

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
    pub last_channel: Channel,
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

pub struct State {
    pub sh: Shared,
    pub screens: Vec<Box<dyn Screen>>,
    pub current: usize,
    pub form: Option<Form>,
    pub confirm: Option<Confirm>,
    pub search: Option<SearchUi>,
    /// Help overlay open, scrolled by this many lines.
    pub help: Option<u16>,
    /// Keys typed so far of a longer binding (`g` of `g g`).
    pub pending: Vec<Key>,
    pub note: Option<Note>,
    /// Ticks since the note appeared.
    pub note_age: u32,
    pub quit: bool,
}

/// What `update` asks the runtime to do.
pub enum Effect {
    /// Run a command against the store as the signed-in operator. On
    /// success the form (if any) closes, the screens re-read, and the owner
    /// screen hears about the events.
    Exec {
        cmd: Command,
        owner: &'static str,
        done: String,
    },
    OpenForm(Form),
    CloseForm,
    Confirm(Confirm),
    Info(String),
    Error(String),
    Goto(&'static str),
    OpenRecord(String),
    SetOffice(Option<OfficeCode>),
    SignIn(Operator),
    /// The current screen re-reads its page.
    Reload,
    /// A follow-up for screen `owner` (`Screen::call`).
    Call {
        owner: &'static str,
        what: String,
    },
    /// Work against the store for screen `owner` (`Screen::with_store`).
    Store {
        owner: &'static str,
        what: String,
    },
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

/// A form in progress, kept on disk beside the database: one file per
/// database, office, operator and form (and the record it acts on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFile {
    /// The database file it was typed against (its full path).
    #[serde(default)]
    pub db: String,
    /// The office of that database.
    #[serde(default)]
    pub office: Option<String>,
    pub form: String,
    pub owner: String,
    pub context: Option<String>,
    pub title: String,
    pub operator: Option<String>,
    pub saved_at: NaiveDateTime,
    pub values: BTreeMap<String, String>,
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
    pub fn screen_index(&self, id: &str) -> Option<usize> {
        self.screens.iter().position(|s| s.id() == id)
    }
    /// Keymap layers in force now, most specific first.
    pub fn layers(&self) -> Vec<&'static str> {
        if self.confirm.is_some() || self.form.as_ref().is_some_and(|f| f.asking_discard) {
            vec!["confirm"]
        } else if self.help.is_some() {
            vec!["help"]
        } else if self.form.is_some() {
            vec!["form"]
        } else if self.search.is_some() {
            vec!["search"]
        } else if self.help.is_some() {
            vec!["help"]
        } else {
            vec![self.screen().id(), "list", "global"]
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
                v.extend(self.form.iter().flat_map(|f| f.tools.iter().copied()));
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
    draft_saved: Option<std::time::Instant>,
    draft_pending: bool,
}

/// Typing is written to the draft file at most this often (and when the
/// app is idle for a second, the focus moves to another field, or it quits).
pub const DRAFT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The database a draft belongs to: its full path, as written in drafts.
fn db_id(store: &Store) -> String {
    let p = store.path();
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The file of one draft: named by a hash of everything that keys it, so
/// two databases, offices, operators or forms never share one.
pub fn draft_file(
    dir: &std::path::Path,
    db: &str,
    office: Option<&str>,
    operator: Option<&str>,
    form: &str,
    context: Option<&str>,
) -> PathBuf {
    let mut h = blake3::Hasher::new();
    for part in [
        db,
        office.unwrap_or(""),
        operator.unwrap_or(""),
        form,
        context.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    let hex = h.finalize().to_hex();
    dir.join(format!("form-{}.json", &hex.as_str()[..16]))
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
                last_channel: Channel::InPerson,
                data_dir: None,
                want_operator: o.operator,
                generation: 0,
            },
            screens: screens::registry(),
            current: 0,
            form: None,
            confirm: None,
            search: None,
            help: None,
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

    pub fn paste(&mut self, s: &str) {
        if let Some(f) = self.state.form.as_mut() {
            if f.paste(s) {
                let owner = f.owner;
                if let Some(i) = self.state.screen_index(owner)
                    && let Some(f) = self.state.form.as_mut()
                {
                    self.state.screens[i].form_changed(f, &self.state.sh);
                }
                self.run(vec![Effect::SaveDraft]);
            }
        } else if let Some(s2) = self.state.search.as_mut() {
            s2.query.push_str(&crate::domain::text::clean_line(s));
            refresh_search(&mut self.state);
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
        if st.form.is_some() || st.confirm.is_some() || st.search.is_some() {
            return;
        }
        if st.help.is_some() {
            st.help = None;
            return;
        }
        if y == 0 && st.signed_in() {
            for (x0, x1, i) in super::ui::tab_spans(st) {
                if x >= x0 && x < x1 {
                    st.current = i;
                    self.reload_current();
                    return;
                }
            }
            return;
        }
        let body = super::ui::body_area(st.sh.width, st.sh.height);
        if y >= body.y && y < body.y + body.height {
            let i = st.current;
            let effects = st.screens[i].click(y - body.y, body, &st.sh);
            self.run(effects);
        }
    }

    pub fn scroll(&mut self, down: bool) {
        if self.state.form.is_none() && self.state.confirm.is_none() {
            self.action(if down { Action::Down } else { Action::Up });
        }
    }

    /// Re-reads the current screen's rows.
    pub fn reload_current(&mut self) {
        let i = self.state.current;
        self.reload(i);
    }

    fn reload(&mut self, i: usize) {
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
        if self.state.search.is_some() && self.state.sh.index.is_none() {
            self.ensure_index();
            refresh_search(&mut self.state);
        }
        if self
            .state
            .form
            .as_ref()
            .is_some_and(|f| f.owner == "opinions")
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
                        if st.form.as_ref().is_some_and(|f| f.owner == owner) {
                            self.delete_draft();
                            self.state.form = None;
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
                        match st.form.as_mut() {
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
                st.form = Some(f);
                vec![]
            }
            Effect::CloseForm => {
                self.delete_draft();
                self.state.form = None;
                vec![]
            }
            Effect::Confirm(c) => {
                st.confirm = Some(c);
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
                st.current = st.screen_index("today").unwrap_or(0);
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
            Effect::Call { owner, what } => match st.screen_index(owner) {
                Some(i) => st.screens[i].call(&what, &st.sh),
                None => vec![],
            },
            Effect::Store { owner, what } => match st.screen_index(owner) {
                Some(i) => {
                    let more = st.screens[i].with_store(&what, &mut self.store, &st.sh);
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

    /// The draft file of the open form, if it keeps one.
    fn form_draft_path(&self) -> Option<PathBuf> {
        let dir = self.draft_dir.as_ref()?;
        let f = self.state.form.as_ref()?;
        let sh = &self.state.sh;
        Some(draft_file(
            dir,
            &db_id(&self.store),
            sh.own.as_ref().map(|o| o.code.as_str()),
            sh.operator.as_ref().map(|o| o.name.as_str()),
            &f.id,
            f.context.as_deref(),
        ))
    }

    /// Keeps the open form on disk: at once if `now` or if the last write
    /// is `DRAFT_EVERY` old, otherwise marked pending (written on the next
    /// tick, field change or quit).
    fn save_draft(&mut self, now: bool) {
        let Some(f) = &self.state.form else {
            return;
        };
        if !f.keep_draft || !f.dirty || self.draft_dir.is_none() {
            return;
        }
        if !now && self.draft_saved.is_some_and(|t| t.elapsed() < DRAFT_EVERY) {
            self.draft_pending = true;
            return;
        }
        self.write_draft();
    }

    /// Writes typing not yet on disk.
    pub fn flush_draft(&mut self) {
        if self.draft_pending {
            self.write_draft();
        }
    }

    fn write_draft(&mut self) {
        self.draft_pending = false;
        // The path is `None` without a drafts folder.
        let (Some(path), Some(f)) = (self.form_draft_path(), self.state.form.as_ref()) else {
            return;
        };
        let sh = &self.state.sh;
        let d = DraftFile {
            db: db_id(&self.store),
            office: sh.own.as_ref().map(|o| o.code.to_string()),
            form: f.id.clone(),
            owner: f.owner.to_string(),
            context: f.context.clone(),
            title: f.title.clone(),
            operator: sh.operator.as_ref().map(|o| o.name.clone()),
            saved_at: sh.clock.local(),
            values: f.values(),
        };
        let write = || -> Result<(), String> {
            let json = serde_json::to_vec_pretty(&d).map_err(|e| e.to_string())?;
            crate::service::files::write_atomic(&path, &json).map_err(|e| e.to_string())
        };
        self.draft_saved = Some(std::time::Instant::now());
        if let Err(e) = write() {
            self.state.note = Some(Note {
                text: format!("{}: {e}", S::DraftNotSaved.t(self.state.sh.lang)),
                error: true,
            });
        }
    }

    /// The open form is saved or discarded: its draft goes.
    fn delete_draft(&mut self) {
        self.draft_pending = false;
        self.draft_saved = None;
        if let Some(p) = self.form_draft_path() {
            let _ = std::fs::remove_file(p);
        }
    }

    /// The signed-in operator's unsaved forms for this database and office,
    /// newest first. Unreadable files are counted, not offered.
    fn my_drafts(&self) -> (Vec<(PathBuf, DraftFile)>, usize) {
        let Some(dir) = &self.draft_dir else {
            return (vec![], 0);
        };
        let Ok(rd) = std::fs::read_dir(dir) else {
            return (vec![], 0);
        };
        let sh = &self.state.sh;
        let db = db_id(&self.store);
        let office = sh.own.as_ref().map(|o| o.code.to_string());
        let me = sh.operator.as_ref().map(|o| o.name.clone());
        let mut out = vec![];
        let mut bad = 0;
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !(name.starts_with("form-") && name.ends_with(".json")) {
                continue;
            }
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            match serde_json::from_slice::<DraftFile>(&bytes) {
                Ok(d) if d.db == db && d.office == office && d.operator == me => out.push((p, d)),
                Ok(_) => {}
                Err(_) => bad += 1,
            }
        }
        out.sort_by_key(|d| std::cmp::Reverse(d.1.saved_at));
        (out, bad)
    }

    /// After sign-in: the newest form this operator left unsaved in this
    /// database is offered back; declining it offers the next.
    fn offer_draft(&mut self) -> Vec<Effect> {
        let (drafts, bad) = self.my_drafts();
        let mut out = vec![];
        if bad > 0
            && let Some(dir) = &self.draft_dir
        {
            out.push(Effect::Error(format!(
                "{}: {}",
                self.state.sh.t(S::DraftUnreadable),
                dir.display()
            )));
        }
        let n = drafts.len();
        for (path, d) in drafts {
            let Some(i) = self.state.screen_index(&d.owner) else {
                continue;
            };
            // The form's screen has not read its rows yet (only the current
            // screen is read on sign-in) and may need them to remake the form.
            self.reload(i);
            let st = &self.state;
            let Some(mut form) = st.screens[i].make_form(&d.form, d.context.as_deref(), &st.sh)
            else {
                continue;
            };
            st.screens[i].restore(&mut form, &d.values, &st.sh);
            form.dirty = true;
            let mut lines = vec![format!(
                "{} — {}",
                crate::domain::text::clean_line(&d.title),
                d.saved_at.format("%Y-%m-%d %H:%M")
            )];
            if n > 1 {
                lines.push(match st.sh.lang {
                    Lang::Zh => format!("（共 {n} 份未保存的表单，从最近的开始）"),
                    Lang::En => format!("({n} unsaved forms, the latest first)"),
                });
            }
            lines.push(st.sh.t(S::DraftResumeQ).into());
            out.push(Effect::Confirm(Confirm {
                title: st.sh.t(S::DraftFound).into(),
                lines,
                yes: vec![Effect::OpenForm(form)],
                no: vec![Effect::DeleteDraftFile(path), Effect::OfferDraft],
            }));
            break;
        }
        out
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

/// Re-runs the search for the query typed.
pub fn refresh_search(st: &mut State) {
    let Some(s) = st.search.as_mut() else { return };
    s.hits = match &st.sh.index {
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
            if let Some(f) = st.form.as_mut() {
                if f.asking_discard {
                    return vec![];
                }
                let focus = f.focus;
                let changed = f.input(k);
                if changed || f.focus != focus {
                    // A new field focused may offer its choices (pickers).
                    let owner = f.owner;
                    if let Some(i) = st.screen_index(owner)
                        && let Some(f) = st.form.as_mut()
                    {
                        st.screens[i].form_changed(f, &st.sh);
                    }
                }
                if changed {
                    return vec![Effect::SaveDraft];
                }
                return vec![];
            }
            if let Some(s) = st.search.as_mut() {
                match (k.code, k.text()) {
                    (super::key::Code::Backspace, _) => {
                        s.query.pop();
                    }
                    // Ctrl-U clears the query, as in a shell.
                    (super::key::Code::Char('u'), _) if k.ctrl => s.query.clear(),
                    (_, Some(c)) => s.query.push(c),
                    _ => return vec![],
                }
                refresh_search(st);
            }
            vec![]
        }
    }
}

/// The heart of the app: an action changes the state and names effects.
pub fn update(st: &mut State, a: Action) -> Vec<Effect> {
    // A question on screen takes the answer first.
    if let Some(f) = st.form.as_mut()
        && f.asking_discard
    {
        return match a {
            Action::Yes => vec![Effect::CloseForm],
            Action::No | Action::Cancel => {
                f.asking_discard = false;
                vec![]
            }
            _ => vec![],
        };
    }
    if st.confirm.is_some() {
        return match a {
            Action::Yes => st.confirm.take().map(|c| c.yes).unwrap_or_default(),
            Action::No | Action::Cancel | Action::Back => {
                st.confirm.take().map(|c| c.no).unwrap_or_default()
            }
            _ => vec![],
        };
    }
    if st.help.is_some() {
        let max = super::ui::help_max_scroll(st);
        let Some(h) = st.help.as_mut() else {
            return vec![];
        };
        match a {
            Action::Down => *h = (*h + 1).min(max),
            Action::Up => *h = h.saturating_sub(1),
            _ => st.help = None,
        }
        return vec![];
    }
    if let Some(f) = st.form.as_mut() {
        return match a {
            Action::Help => {
                st.help = Some(0);
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
                if let Some(i) = st.screens.iter().position(|s| s.id() == owner)
                    && let Some(f) = st.form.as_mut()
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
                let Some(mut form) = st.form.take() else {
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
                st.form = Some(form);
                effects
            }
            _ => vec![],
        };
    }
    if let Some(s) = st.search.as_mut() {
        return match a {
            Action::Cancel | Action::Back => {
                st.search = None;
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
                st.search = None;
                id.map(|id| vec![Effect::OpenRecord(id)])
                    .unwrap_or_default()
            }
            _ => vec![],
        };
    }
    match a {
        Action::Quit => return vec![Effect::Quit],
        Action::Help => {
            st.help = Some(0);
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
            st.search = Some(SearchUi {
                query: String::new(),
                hits: vec![],
                selected: 0,
            });
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
