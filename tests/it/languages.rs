//! One language at a time: under `--lang zh` no English sentence, under
//! `--lang en` no Chinese interface text — on every screen (list, detail,
//! help), every form, confirmation and refusal a role can reach from the
//! keys, the search overlay, every report in every text format, and the
//! command line's refusals. Record text is data, not interface: words
//! found in the sample registers (sample-data/*.toml) are left alone.

use std::path::Path;

use crate::support::run::{self, Env};
use crate::support::*;
use juwu::i18n::Lang;

/// Every string value of the sample files (not their comments): what the
/// demo's records may say, one per line.
fn sample_text() -> String {
    fn strings(v: &toml::Value, out: &mut String) {
        match v {
            toml::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            toml::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut s = String::new();
    for e in std::fs::read_dir("sample-data").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let t: toml::Table = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            strings(&toml::Value::Table(t), &mut s);
        }
    }
    s
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Runs of Chinese characters in `text` that no sample record contains.
fn chinese_ui(text: &str, sample: &str) -> Vec<String> {
    let mut out = vec![];
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_han(c) {
            run.push(c);
        } else if !run.is_empty() {
            if !sample.contains(&run) && !out.contains(&run) {
                out.push(run.clone());
            }
            run.clear();
        }
    }
    // The language switch names the other language in its own words.
    out.retain(|r| r != "中文");
    out
}

/// English runs in `text` that no sample record contains. Commands quoted
/// in backticks are commands, not sentences.
fn english_ui(text: &str, sample: &str) -> Vec<String> {
    let mut clean = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            clean.push_str(part);
        }
        clean.push(' ');
    }
    let mut runs = english_runs(&clean);
    runs.retain(|r| !sample.contains(r.trim_end_matches([',', ':', ';', '.'])));
    runs
}

fn check(lang: Lang, what: &str, text: &str, sample: &str) {
    // The binary's own name before a refusal.
    let text = text.replace("juwu: ", "");
    let text = text.as_str();
    let bad = match lang {
        Lang::Zh => english_ui(text, sample),
        Lang::En => chinese_ui(text, sample),
    };
    assert!(bad.is_empty(), "{lang:?} {what}: {bad:?}\n{text}");
}

/// The keys that open something on each tab: forms, confirmations and
/// refusals (the first row is selected).
const TABS: &[(&str, &[&str])] = &[
    ("1", &[]),
    (
        "2",
        &["n", "e", "s", "u", "a", "x", "p", "c", "A", "f s", "o"],
    ),
    ("3", &["n", "r", "p", "v", "b", "f k"]),
    ("4", &["r", "f o"]),
    ("5", &["n", "e"]),
    ("6", &["n", "r"]),
    ("7", &[]),
    ("8", &["e", "v", "t"]),
    ("9", &["e", "s", "p", "r"]),
];

const WHO: &[&str] = &["李晓燕", "周建华", "陈静怡", "孙德明"];

fn signed_in(store: juwu::store::Store, lang: Lang, who: &'static str, dir: &Path) -> App {
    let mut a = app(
        store,
        Opts {
            lang,
            operator: Some(who),
            ..Default::default()
        },
    );
    a.state.sh.data_dir = Some(dir.to_path_buf());
    a
}

use juwu::tui::app::App;

#[test]
fn every_screen_form_and_refusal_speaks_one_language() {
    let sample = sample_text();
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = demo_store(dir.path());
        for who in WHO {
            for (tab, keys) in TABS {
                let mut a = signed_in(store, lang, who, dir.path());
                a.keys(tab);
                check(lang, &format!("{who} tab {tab}"), &screen_text(&a), &sample);
                a.keys("<Enter>");
                check(
                    lang,
                    &format!("{who} tab {tab} <Enter>"),
                    &screen_text(&a),
                    &sample,
                );
                a.keys("<Esc> ?");
                check(
                    lang,
                    &format!("{who} tab {tab} help"),
                    &screen_text(&a),
                    &sample,
                );
                store = a.store;
                for k in *keys {
                    let mut a = signed_in(store, lang, who, dir.path());
                    a.keys(tab);
                    a.keys(k);
                    check(
                        lang,
                        &format!("{who} tab {tab} {k}"),
                        &screen_text(&a),
                        &sample,
                    );
                    store = a.store;
                }
            }
            let mut a = signed_in(store, lang, who, dir.path());
            a.keys("/ c a i w u");
            check(lang, &format!("{who} search"), &screen_text(&a), &sample);
            store = a.store;
        }
    }
}

/// Text of an HTML page as a reader sees it: no style sheet, no tags.
fn html_text(html: &str) -> String {
    let mut s = html.to_string();
    while let (Some(a), Some(b)) = (s.find("<style"), s.find("</style>")) {
        if b < a {
            break;
        }
        s.replace_range(a..b + "</style>".len(), " ");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
}

#[test]
fn every_report_speaks_one_language() {
    let sample = sample_text();
    let dir = tempfile::tempdir().unwrap();
    let db = run::demo(dir.path(), Env::EN);
    for lang in ["zh", "en"] {
        let l = if lang == "zh" { Lang::Zh } else { Lang::En };
        for which in ["supervision", "overdue", "compliance", "finance"] {
            for format in ["text", "csv", "html"] {
                let out = dir.path().join(format!("{which}-{lang}.{format}"));
                let o = run::ok(run::juwu(
                    &db,
                    Env::EN.lang(lang),
                    &[
                        "report",
                        which,
                        "--period",
                        "2026",
                        "--format",
                        format,
                        "--out",
                        out.to_str().unwrap(),
                    ],
                ));
                let mut text = std::fs::read_to_string(&out).unwrap();
                if format == "html" {
                    text = html_text(&text);
                }
                text.push_str(&run::text(&o));
                check(
                    l,
                    &format!("report {which} --format {format}"),
                    &text,
                    &sample,
                );
            }
        }
    }
}

#[test]
fn command_line_refusals_speak_one_language() {
    let sample = sample_text();
    let dir = tempfile::tempdir().unwrap();
    let db = run::demo(dir.path(), Env::EN);
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    std::fs::write(d("junk.juwu"), b"hello, not a bundle").unwrap();
    std::fs::write(d("notdb.redb"), b"just text").unwrap();
    std::fs::create_dir_all(d("full")).unwrap();
    std::fs::write(dir.path().join("full/x.txt"), b"x").unwrap();
    std::fs::create_dir_all(d("empty")).unwrap();
    let bad_csv = d("bad.csv");
    std::fs::write(&bad_csv, "标题,正文\n一,二\n").unwrap();
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            db.display().to_string(),
            vec!["report", "compliance", "--format", "xlsx"],
        ),
        (
            db.display().to_string(),
            vec!["report", "compliance", "--period", "2026-13"],
        ),
        (
            db.display().to_string(),
            vec!["report", "compliance", "--office", "ZZ99"],
        ),
        (
            db.display().to_string(),
            vec!["receipt", "QH01-YJ2026-9999", "--out", "x.html"],
        ),
        (
            db.display().to_string(),
            vec!["check", "QH01-2026-0001", "1A2B"],
        ),
        (
            db.display().to_string(),
            vec!["calendar", "due", "2026-13-01", "5"],
        ),
        (
            db.display().to_string(),
            vec!["export", "--format", "json", "--register", "opinions"],
        ),
        (
            db.display().to_string(),
            vec!["export", "--register", "opinions", "--format", "xlsx"],
        ),
        (
            db.display().to_string(),
            vec![
                "import",
                "--register",
                "disclosures",
                "--from",
                "nofile.csv",
                "--as",
                "李晓燕",
            ],
        ),
        (
            db.display().to_string(),
            vec![
                "import",
                "--register",
                "disclosures",
                "--from",
                &bad_csv,
                "--as",
                "李晓燕",
            ],
        ),
        (
            db.display().to_string(),
            vec![
                "import",
                "--register",
                "disclosures",
                "--from",
                &bad_csv,
                "--as",
                "陈静怡",
            ],
        ),
        (
            db.display().to_string(),
            vec!["import", "--register", "disclosures", "--from", &bad_csv],
        ),
        (
            db.display().to_string(),
            vec!["bundle", "import", &d("junk.juwu")],
        ),
        (
            db.display().to_string(),
            vec!["bundle", "inspect", &d("junk.juwu")],
        ),
        (
            db.display().to_string(),
            vec!["bundle", "export", "--out", &d("x.juwu"), "--to", "ZZ99"],
        ),
        (
            db.display().to_string(),
            vec!["trust", "remove", "--office", "ZZ"],
        ),
        (
            db.display().to_string(),
            vec!["trust", "add", "--office", "LY01", "--key", "abc"],
        ),
        (
            db.display().to_string(),
            vec!["backup", "--out", &d("full")],
        ),
        (d("new.redb"), vec!["restore", &d("empty")]),
        (d("notdb.redb"), vec!["verify"]),
        (
            db.display().to_string(),
            vec![
                "init",
                "--office-code",
                "QH01",
                "--office-name",
                "某社区",
                "--level",
                "community",
            ],
        ),
        (
            db.display().to_string(),
            vec!["operator", "add", "--name", "李晓燕", "--role", "clerk"],
        ),
        (
            db.display().to_string(),
            vec!["operator", "set-pin", "--name", "李晓燕", "--pin", "12"],
        ),
        (db.display().to_string(), vec!["kiosk", "--exit-chord", "q"]),
        (d("nothing.redb"), vec!["operator", "list"]),
    ]
    .into_iter()
    .map(|(db, a)| (db, a.into_iter().map(String::from).collect()))
    .collect();
    let mut bad = vec![];
    for lang in ["zh", "en"] {
        let l = if lang == "zh" { Lang::Zh } else { Lang::En };
        for (db, args) in &cases {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run::juwu(Path::new(db), Env::EN.lang(lang), &args);
            let err = String::from_utf8_lossy(&o.stderr).to_string();
            assert!(!o.status.success(), "{args:?} should be refused: {err}");
            assert!(!err.trim().is_empty(), "{args:?}: says nothing");
            // Paths in the message are the user's own words.
            let mut err = err.replace(dir.path().to_str().unwrap(), "");
            if lang == "en" && args.contains(&"--from") {
                // The register's column names are the spreadsheet's own
                // vocabulary, accepted in both languages and named so.
                use juwu::exchange::registers::{Register, columns};
                for r in [
                    Register::Disclosures,
                    Register::Opinions,
                    Register::Replies,
                    Register::Statements,
                ] {
                    for c in columns(r) {
                        err = err.replace(c.zh, "");
                    }
                }
                err = err.replace("正文", "").replace("标题", "");
            }
            let r = std::panic::catch_unwind(|| check(l, &format!("{args:?}"), &err, &sample));
            if let Err(e) = r {
                bad.push(e.downcast_ref::<String>().cloned().unwrap_or_default());
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n---\n"));
}
