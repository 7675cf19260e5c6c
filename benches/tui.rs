//! Screen and search benchmarks against the targets of issue 6 (see
//! BENCHMARKS.md), on the 100,000-record data set of `benches/store.rs`
//! (`target/bench-data/r100k.redb`, made by `juwu gen` on first use).
//!
//! - `first_frame`: open the database, build the app, draw the first frame
//!   (sign-in, and Today with the operator signed in), 200x50. ≤ 100 ms.
//! - `scroll_frame`: one frame of each main screen while scrolling down
//!   (one `j` and a draw), 200x50, TestBackend. ≤ 2 ms.
//! - `search` against `fzf --filter` on `juwu export --format lines` of the
//!   same database, the same queries, in the same run: ≤ ¼ of fzf.

use std::path::PathBuf;

use chrono::NaiveDate;
use juwu::domain::{Calendar, Role};
use juwu::i18n::Lang;
use juwu::search::Index;
use juwu::store::Store;
use juwu::tui::app::{App, AppOptions, Clock};
use juwu::tui::keymap::Keymap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

fn data() -> PathBuf {
    let dir = std::env::var_os("JUWU_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    let p = dir.join("r100k.redb");
    if !p.exists() {
        std::fs::create_dir_all(&dir).expect("bench data directory");
        eprintln!("generating {} …", p.display());
        juwu::sample::generate(&p, 1, 302_000, 1, false).expect("juwu gen");
    }
    p
}

fn keymap() -> Keymap {
    let screens: Vec<&str> = juwu::tui::screens::registry()
        .iter()
        .map(|s| s.id().layer())
        .collect();
    Keymap::from_texts(
        &[("keymaps/default.toml", juwu::tui::keymap::DEFAULT)],
        &screens,
    )
}

/// A clerk of the generated office (generated names differ by seed).
fn clerk(store: &Store) -> String {
    store
        .read()
        .and_then(|r| r.operators())
        .ok()
        .and_then(|ops| ops.into_iter().find(|o| o.role == Role::Clerk))
        .map(|o| o.name)
        .unwrap_or_default()
}

fn open_app(signed_in: bool) -> App {
    let store = Store::open(&data()).expect("open");
    let operator = signed_in.then(|| clerk(&store));
    App::new(
        store,
        AppOptions {
            lang: Lang::Zh,
            keymap: keymap(),
            clock: Clock::fixed(
                NaiveDate::from_ymd_opt(2026, 11, 30)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .expect("date"),
            ),
            cal: Calendar::builtin(),
            operator,
            draft_dir: None,
            width: 200,
            height: 50,
        },
    )
}

/// Open + app + first frame: sign-in screen, and Today signed in.
#[divan::bench(args = ["signin", "today"], sample_count = 10, sample_size = 1)]
fn first_frame(b: divan::Bencher, which: &str) {
    data();
    b.bench_local(|| {
        let app = open_app(which == "today");
        let mut t = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        t.draw(|f| juwu::tui::ui::draw(&app.state, f))
            .expect("draw");
        divan::black_box(&t);
    });
}

/// One scroll step and one frame of a main screen at 200x50.
#[divan::bench(
    args = ["today", "disclosures", "opinions", "replies", "finance", "checks", "offices"],
    sample_count = 200
)]
fn scroll_frame(b: divan::Bencher, screen: &str) {
    let mut app = open_app(true);
    let key = match screen {
        "today" => "1",
        "disclosures" => "2",
        "opinions" => "3",
        "replies" => "4",
        "finance" => "5",
        "checks" => "6",
        _ => "7",
    };
    app.keys(key);
    assert_eq!(app.state.screen().id().layer(), screen);
    let mut t = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    t.draw(|f| juwu::tui::ui::draw(&app.state, f))
        .expect("draw");
    let mut n = 0u32;
    b.bench_local(|| {
        // Down a thousand rows, then back to the top, and again.
        n += 1;
        app.keys(if n.is_multiple_of(1000) { "g g" } else { "j" });
        t.draw(|f| juwu::tui::ui::draw(&app.state, f))
            .expect("draw");
    });
}

/// ASCII words, Chinese, pinyin initials (加装电梯 → jzdt).
const QUERIES: &[&str] = &["parking bays", "加装电梯", "jzdt"];

fn lines_file() -> PathBuf {
    let p = data().with_extension("lines");
    if !p.exists() {
        let s = Store::open(&data()).expect("open");
        let text = juwu::report::lines::lines(&s.read().expect("read")).expect("lines");
        std::fs::write(&p, text).expect("write lines");
    }
    p
}

/// juwu's search, top 50, the index built once (as the app keeps it).
#[divan::bench(args = QUERIES, sample_count = 20)]
fn search_juwu(b: divan::Bencher, q: &str) {
    let s = Store::open(&data()).expect("open");
    let ix = Index::build(&s.read().expect("read")).expect("index");
    b.bench_local(|| divan::black_box(ix.search(q, 50)));
}

/// `fzf --filter QUERY | head -50` on the same records as lines.
#[divan::bench(args = QUERIES, sample_count = 10, sample_size = 1)]
fn search_fzf(b: divan::Bencher, q: &str) {
    let lines = lines_file();
    b.bench_local(|| {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "fzf --filter '{q}' < '{}' | head -50",
                lines.display()
            ))
            .output()
            .expect("fzf (apt-get install fzf)");
        divan::black_box(out.stdout.len())
    });
}
