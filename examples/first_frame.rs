//! Opens a database, builds the app and draws its first frame on a
//! TestBackend, then exits: the "first frame" figure of BENCHMARKS.md,
//! whose peak memory `benches/run.sh` reads with `/usr/bin/time -v`.
//!
//! `first_frame DB [WIDTHxHEIGHT] [--as OPERATOR]` — prints the time from
//! start to the drawn frame.

use std::time::Instant;

use juwu::domain::Calendar;
use juwu::i18n::Lang;
use juwu::store::Store;
use juwu::tui::app::{App, AppOptions, Clock};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let t0 = Instant::now();
    let args: Vec<String> = std::env::args().collect();
    let Some(db) = args.get(1) else {
        eprintln!("usage: first_frame DB [WIDTHxHEIGHT] [--as OPERATOR]");
        std::process::exit(2);
    };
    let (w, h) = args
        .get(2)
        .and_then(|s| s.split_once('x'))
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .unwrap_or((200u16, 50u16));
    let operator = args
        .iter()
        .position(|a| a == "--as")
        .and_then(|i| args.get(i + 1).cloned());
    let store = match Store::open(std::path::Path::new(db)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("first_frame: {e}");
            std::process::exit(1);
        }
    };
    let keymap = juwu::tui::load_keymap(None, None);
    let app = App::new(
        store,
        AppOptions {
            lang: Lang::Zh,
            keymap,
            clock: Clock::System,
            cal: Calendar::builtin(),
            operator,
            draft_dir: None,
            width: w,
            height: h,
        },
    );
    let mut t = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("first_frame: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = t.draw(|f| juwu::tui::ui::draw(&app.state, f)) {
        eprintln!("first_frame: {e}");
        std::process::exit(1);
    }
    println!(
        "first frame ({}) in {:.1} ms",
        app.state.screen().id(),
        t0.elapsed().as_secs_f64() * 1000.0
    );
}
