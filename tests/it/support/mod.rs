#![allow(dead_code)]
//! The helpers every test module shares: `run` (the real binary),
//! `common` (a store fixture), `bundle` (offices exchanging bundles), and
//! here, for the app tests, an `App` over a temp database with a fixed
//! clock, driven by key strings and drawn on a `TestBackend`.

pub mod bundle;
pub mod common;
pub mod run;

/// The demo office QH01 (filled from sample-data/) in `dir`.
pub fn demo_store(dir: &std::path::Path) -> Store {
    juwu::sample::ensure(&dir.join("juwu.redb")).unwrap().0
}

use std::path::PathBuf;

use chrono::NaiveDate;
use juwu::domain::Calendar;
use juwu::i18n::Lang;
use juwu::store::Store;
use juwu::tui::app::{App, AppOptions, Clock};
use juwu::tui::keymap::Keymap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixed "now" of the app tests: 2026-03-16 (a Monday) 10:30 local.
pub fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 16)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

pub fn keymap() -> Keymap {
    let screens: Vec<&str> = juwu::tui::screens::registry()
        .iter()
        .map(|s| s.id().layer())
        .collect();
    Keymap::from_texts(
        &[("keymaps/default.toml", juwu::tui::keymap::DEFAULT)],
        &screens,
    )
}

pub struct Opts {
    pub lang: Lang,
    pub operator: Option<&'static str>,
    pub draft_dir: Option<PathBuf>,
    pub keymap: Keymap,
    pub size: (u16, u16),
    pub now: chrono::NaiveDateTime,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            lang: Lang::Zh,
            operator: None,
            draft_dir: None,
            keymap: keymap(),
            size: (120, 40),
            now: now(),
        }
    }
}

pub fn app(store: Store, o: Opts) -> App {
    App::new(
        store,
        AppOptions {
            lang: o.lang,
            keymap: o.keymap,
            clock: Clock::fixed(o.now),
            cal: Calendar::builtin(),
            operator: o.operator.map(String::from),
            draft_dir: o.draft_dir,
            width: o.size.0,
            height: o.size.1,
        },
    )
}

/// The app signed in as `who`, at 120x40, in Chinese.
pub fn app_as(store: Store, who: &'static str) -> App {
    app(
        store,
        Opts {
            operator: Some(who),
            ..Default::default()
        },
    )
}

/// Hands the store to a new app signed in as someone else.
pub fn relog(a: App, who: &'static str) -> App {
    app_as(a.store, who)
}

/// Draws the app on a test terminal of its size and returns the terminal.
pub fn render(a: &App) -> Terminal<TestBackend> {
    let (w, h) = (a.state.sh.width, a.state.sh.height);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| juwu::tui::ui::draw(&a.state, f)).unwrap();
    t
}

/// The screen as text, one line per row.
pub fn screen_text(a: &App) -> String {
    let t = render(a);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            // A wide character covers the next cell too.
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// Runs of two or more English words in a row in `text`: an untranslated
/// sentence. Ids, dates, hashes, keys (`<C-s>`) and a lone abbreviation
/// (UTC, HTML/CSV) are not words.
pub fn english_runs(text: &str) -> Vec<String> {
    let is_word = |t: &str| {
        let t = t.trim_end_matches([',', ':', ';', '.', ')', '!', '?']);
        let t = t.trim_start_matches('(');
        t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
    };
    let mut out = vec![];
    for line in text.lines() {
        let toks: Vec<&str> = line.split_whitespace().collect();
        let mut run: Vec<&str> = vec![];
        for t in toks.iter().chain(std::iter::once(&"")) {
            if is_word(t) {
                run.push(t);
            } else {
                if run.len() >= 2 {
                    out.push(run.join(" "));
                }
                run.clear();
            }
        }
    }
    out
}
