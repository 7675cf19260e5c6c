//! The terminal app (ratatui + crossterm), Elm style: `app::update` turns
//! actions into state changes and effects, `ui::draw` only reads the state,
//! and the loop here turns terminal events into keys, clicks and resizes.
//!
//! Adding a screen: write `screens/NAME.rs` implementing `screens::Screen`,
//! add one line to `screens::registry()`, and a `[NAME]` layer to the files
//! in `keymaps/` (its `goto()` names one of the `goto_…` actions, e.g.
//! `goto_sync` or `goto_reports`, already bound to 8 and 9).

pub mod action;
pub mod app;
pub mod key;
pub mod keymap;
pub mod screens;
pub(crate) mod strings;
pub mod ui;
pub mod widgets;

use std::path::{Path, PathBuf};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEventKind,
};

use crate::i18n::Lang;
use crate::service::workspace::{self, config_dir};
use crate::service::{Error, Result, clock};
use crate::store::Store;
use app::{App, AppOptions, Clock};
use key::Key;
use keymap::Keymap;

/// How the app is started.
pub struct Options {
    pub db: PathBuf,
    pub lang: Lang,
    /// `--keymap`: a built-in name (`default`, `function-keys`) or a file
    /// applied over the default.
    pub keymap: Option<String>,
    pub operator: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct Config {
    #[serde(default)]
    keymap: Option<String>,
}

/// The keymap in force: `--keymap`, else `keymap = "…"` of the config file,
/// else the default; then the user's `keymap.toml` over it. Problems are
/// kept in `errors` (shown on screen), never fatal.
pub fn load_keymap(choice: Option<&str>, config: Option<&Path>) -> Keymap {
    let screens: Vec<&'static str> = screens::ScreenId::ALL.iter().map(|s| s.layer()).collect();
    let mut errors = vec![];
    let mut choice = choice.map(String::from);
    let mut user: Vec<PathBuf> = vec![];
    if let Some(dir) = config {
        let cfg = dir.join("config.toml");
        if let Ok(text) = std::fs::read_to_string(&cfg) {
            match toml::from_str::<Config>(&text) {
                Ok(c) => {
                    if choice.is_none() {
                        choice = c.keymap;
                    }
                }
                Err(e) => {
                    let line = e
                        .span()
                        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                        .unwrap_or(1);
                    errors.push(format!("{}:{line}: {}", cfg.display(), e.message().trim()));
                }
            }
        }
        let km = dir.join("keymap.toml");
        if km.exists() {
            user.push(km);
        }
    }
    let base = match choice.as_deref() {
        Some(c) if keymap::builtin(c).is_some() => c.to_string(),
        Some(c) => {
            // A file: applied over the default, before the user's own.
            user.insert(0, PathBuf::from(c));
            "default".into()
        }
        None => "default".into(),
    };
    let refs: Vec<&Path> = user.iter().map(|p| p.as_path()).collect();
    let mut km = Keymap::load(&base, &refs, &screens);
    errors.append(&mut km.errors);
    km.errors = errors;
    km
}

/// Opens the app on `store` until the user quits. The terminal is restored
/// on the way out, and on panic (`ratatui::init` installs the hook).
pub fn run(store: Store, o: Options) -> Result<()> {
    clock::check()?;
    let cal = workspace::calendar(&o.db)?;
    let keymap = load_keymap(o.keymap.as_deref(), config_dir().as_deref());
    let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(
        store,
        AppOptions {
            lang: o.lang,
            keymap,
            clock: Clock::System,
            cal,
            operator: o.operator,
            draft_dir: Some(workspace::drafts_dir(&o.db)),
            width: w,
            height: h,
        },
    );
    app.state.sh.data_dir = workspace::folder(&o.db);
    let mut terminal = ratatui::try_init().map_err(|e| Error::Terminal(e.to_string()))?;
    crate::store::guard::install_panic_filter(); // store-caught panics leave the screen as it is
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let res = event_loop(&mut terminal, &mut app);
    let _ = crossterm::execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
    res
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    let io = |e: std::io::Error| Error::Terminal(e.to_string());
    loop {
        terminal.draw(|f| ui::draw(&app.state, f)).map_err(io)?;
        if app.state.quit {
            return Ok(());
        }
        // A tick about every second with no input (old notes go away).
        if !event::poll(std::time::Duration::from_secs(1)).map_err(io)? {
            app.tick();
            continue;
        }
        match event::read().map_err(io)? {
            Event::Key(k) => {
                if let Some(key) = Key::from_event(&k) {
                    app.key(key);
                }
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => app.click(m.column, m.row),
                MouseEventKind::ScrollDown => app.scroll(true),
                MouseEventKind::ScrollUp => app.scroll(false),
                _ => {}
            },
            Event::Resize(w, h) => app.resize(w, h),
            Event::Paste(s) => app.paste(&s),
            _ => {}
        }
    }
}
