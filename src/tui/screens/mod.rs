//! Screens. Each is one file implementing [`Screen`]; `registry()` lists
//! them in tab order. Adding a screen (Sync, Reports, …) is one file here
//! plus one line in `registry()`, and a `[name]` layer in the keymaps.

pub(crate) mod checks;
pub(crate) mod disclosures;
pub(crate) mod finance;
pub(crate) mod offices;
pub(crate) mod opinions;
pub(crate) mod replies;
pub(crate) mod reports;
pub(crate) mod settings;
pub(crate) mod signin;
pub(crate) mod sync;
pub(crate) mod today;
pub(crate) mod util;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::app::{Effect, Shared};
use super::widgets::form::Form;
use crate::store::{Reader, StoreError};

/// Every screen, by name: forms, effects and drafts name their screen
/// with it, and its `layer()` is the screen's layer in the keymaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenId {
    SignIn,
    Today,
    Disclosures,
    Opinions,
    Replies,
    Finance,
    Checks,
    Offices,
    Sync,
    Reports,
    /// The office's settings: not a tab (reached from Offices).
    Settings,
}

impl ScreenId {
    pub const ALL: [ScreenId; 11] = [
        ScreenId::SignIn,
        ScreenId::Today,
        ScreenId::Disclosures,
        ScreenId::Opinions,
        ScreenId::Replies,
        ScreenId::Finance,
        ScreenId::Checks,
        ScreenId::Offices,
        ScreenId::Sync,
        ScreenId::Reports,
        ScreenId::Settings,
    ];

    /// The `[layer]` of `keymaps/*.toml`, also the name a draft file on
    /// disk keeps for its screen.
    pub fn layer(self) -> &'static str {
        match self {
            ScreenId::SignIn => "signin",
            ScreenId::Today => "today",
            ScreenId::Disclosures => "disclosures",
            ScreenId::Opinions => "opinions",
            ScreenId::Replies => "replies",
            ScreenId::Finance => "finance",
            ScreenId::Checks => "checks",
            ScreenId::Offices => "offices",
            ScreenId::Sync => "sync",
            ScreenId::Reports => "reports",
            ScreenId::Settings => "settings",
        }
    }

    /// The screen a `layer()` name is (drafts written on disk).
    pub fn parse(name: &str) -> Option<ScreenId> {
        ScreenId::ALL.into_iter().find(|s| s.layer() == name)
    }
}

impl std::fmt::Display for ScreenId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.layer())
    }
}

/// What one part of the app asks of a screen, run as an effect (gitui's
/// `InternalEvent`): `Effect::Call` runs `Screen::call`, `Effect::Store`
/// runs `Screen::with_store` on the screen the request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Opinions: end the box-opening session (its slips are all logged,
    /// or the clerk said so).
    EndBox,
    /// Opinions: write the receipt of opinion `id` to a file.
    Receipt { id: String },
    /// Sync: read the folder the picker shows.
    ListFolder,
    /// Sync: write the bundle the export form described.
    Export,
    /// Sync: inspect the files marked in the picker; `then_import` asks
    /// next whether to import them.
    Inspect { then_import: bool },
    /// Sync: import the bundles inspected.
    Import,
    /// Sync: trust the signing key `office` presented.
    Trust { office: String },
    /// A register screen: write the register's printed book into the
    /// reports folder (`juwu print --register …`).
    Print(crate::exchange::registers::Register),
    /// Sign-in: check the PIN typed (or, `new_pin`, set the new one asked
    /// for after an exposed PIN), with the wait after wrong PINs.
    CheckPin { new_pin: bool },
}

impl Request {
    /// The screen that answers it.
    pub fn screen(&self) -> ScreenId {
        match self {
            Request::EndBox | Request::Receipt { .. } => ScreenId::Opinions,
            Request::ListFolder
            | Request::Export
            | Request::Inspect { .. }
            | Request::Import
            | Request::Trust { .. } => ScreenId::Sync,
            Request::CheckPin { .. } => ScreenId::SignIn,
            Request::Print(r) => {
                use crate::exchange::registers::Register;
                match r {
                    Register::Disclosures => ScreenId::Disclosures,
                    Register::Opinions => ScreenId::Opinions,
                    Register::Replies => ScreenId::Replies,
                    Register::Statements => ScreenId::Finance,
                }
            }
        }
    }
}

/// One screen: its own state, how it reads the rows it shows, how it draws
/// (reading only) and how it updates on actions (returning effects).
pub trait Screen {
    /// Which screen it is: its keymap layer and the owner of its forms.
    fn id(&self) -> ScreenId;
    /// Tab title.
    fn title(&self, sh: &Shared) -> String;
    /// The action that opens it from anywhere (`goto_…`), if it is a tab.
    fn goto(&self) -> Option<Action>;
    /// Reads the rows it will show (never the whole register per frame).
    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError>;
    /// `refresh` with the store at hand, for screens that read more than
    /// the registers (the sync tables).
    fn refresh_all(
        &mut self,
        _store: &crate::store::Store,
        r: &Reader,
        sh: &Shared,
    ) -> Result<(), StoreError> {
        self.refresh(r, sh)
    }
    /// Draws into `area`; must not change anything.
    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect);
    /// Handles an action; returns what should happen outside the screen.
    fn update(&mut self, action: Action, sh: &Shared) -> Vec<Effect>;
    /// A mouse click on row `row` (0-based within `area` as last drawn).
    fn click(&mut self, _row: u16, _area: Rect, _sh: &Shared) -> Vec<Effect> {
        vec![]
    }
    /// Opens record `id` if it belongs here (from search or Today).
    fn open_record(&mut self, _id: &str, _sh: &Shared) -> bool {
        false
    }
    /// Makes one of its forms again (to offer back a saved draft).
    fn make_form(&self, _form_id: &str, _context: Option<&str>, _sh: &Shared) -> Option<Form> {
        None
    }
    /// Puts a saved draft's values back into a form made by `make_form`.
    fn restore(
        &self,
        form: &mut Form,
        values: &std::collections::BTreeMap<String, String>,
        _sh: &Shared,
    ) {
        form.apply(values);
    }
    /// A form of this screen was changed (show/hide fields, suggestions).
    fn form_changed(&self, _form: &mut Form, _sh: &Shared) {}
    /// Extra lines drawn under a form of this screen (e.g. live totals).
    fn form_footer(&self, _form: &Form, _sh: &Shared) -> Vec<String> {
        vec![]
    }
    /// Turns a filled form into effects, or marks the fields in error.
    fn submit(&mut self, _form: &mut Form, _sh: &Shared) -> Vec<Effect> {
        vec![]
    }
    /// A follow-up this screen asked for (`Effect::Call`), e.g. after a
    /// confirmation.
    fn call(&mut self, _req: Request, _sh: &Shared) -> Vec<Effect> {
        vec![]
    }
    /// Work against the store this screen asked for (`Effect::Store`):
    /// bundles, files. Runs outside `update`, like every other effect.
    fn with_store(
        &mut self,
        _req: Request,
        _store: &mut crate::store::Store,
        _sh: &Shared,
    ) -> Vec<Effect> {
        vec![]
    }
    /// Which act of the domain an action of this screen is, to offer only
    /// what the signed-in role may do (`workflow::may`).
    fn act_of(&self, _a: Action) -> Option<crate::domain::workflow::Act> {
        None
    }
    /// Events of a command this screen asked for were appended.
    fn executed(&mut self, _events: &[crate::domain::Envelope], _sh: &Shared) -> Vec<Effect> {
        vec![]
    }
}

/// Every screen, in tab order. The first is the sign-in screen (not a tab).
pub fn registry() -> Vec<Box<dyn Screen>> {
    vec![
        Box::new(signin::SignIn::default()),
        Box::new(today::Today::default()),
        Box::new(disclosures::Disclosures::default()),
        Box::new(opinions::Opinions::default()),
        Box::new(replies::Replies::default()),
        Box::new(finance::Finance::default()),
        Box::new(checks::Checks::default()),
        Box::new(offices::Offices::default()),
        Box::new(sync::Sync::default()),
        Box::new(reports::Reports::default()),
        Box::new(settings::Settings::default()),
    ]
}
