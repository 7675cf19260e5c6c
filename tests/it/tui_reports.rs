//! The Reports screen, driven by keys over the demo community with the
//! clock fixed at 2026-11-29: each report shows and writes (HTML, CSV, XLSX)
//! what `juwu report` builds for the same period and office; the period
//! steps back and forth and changes length; the notice board page and a
//! receipt slip are written as `juwu board` and `juwu receipt` write them;
//! bad input is refused on the form and writes nothing. Snapshots at 80x24
//! and 120x40 in Chinese and English.

use crate::support;

use std::path::{Path, PathBuf};

use juwu::domain::{Calendar, OfficeCode, Period};
use juwu::i18n::Lang;
use juwu::report::doc::Format;
use juwu::service::reports::{Which, build};
use juwu::tui::app::App;
use support::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

/// The demo's clerk signed in, on the Reports screen, writing beside `dir`.
fn reports_app(dir: &Path, lang: Lang, size: (u16, u16), data_dir: bool) -> App {
    let mut a = app(
        demo_store(dir),
        Opts {
            lang,
            size,
            now: today().and_hms_opt(9, 0, 0).unwrap(),
            ..Default::default()
        },
    );
    if data_dir {
        a.state.sh.data_dir = Some(dir.to_path_buf());
    }
    // The clerk 李晓燕 is fourth in the list.
    a.keys("j j j <Enter>");
    assert!(a.state.signed_in());
    a.keys("9");
    assert_eq!(a.state.screen().id().layer(), "reports");
    a
}

/// What `juwu report WHICH --period P --format F` gives, as bytes.
fn cli_report(a: &App, which: Which, period: &str, office: Option<&str>, f: Format) -> Vec<u8> {
    let r = a.store.read().unwrap();
    let cal = Calendar::builtin();
    let period = Period::parse(period).unwrap();
    let office = office.map(|o| OfficeCode::parse(o).unwrap());
    let doc = build(
        &r,
        which,
        &period,
        office.as_ref(),
        &cal,
        today(),
        a.state.sh.lang,
    )
    .unwrap();
    doc.render(f).unwrap()
}

fn note(a: &App) -> String {
    a.state
        .note
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// `e`, the format chosen with → presses, Ctrl-S.
fn export(a: &mut App, f: Format) {
    a.keys("e");
    assert!(a.state.form().is_some(), "e opens the export form");
    match f {
        Format::Csv => a.keys("<Right>"),
        Format::Xlsx => a.keys("<Right> <Right>"),
        _ => {}
    }
    a.keys("<C-s>");
    assert!(a.state.form().is_none(), "written: {}", note(a));
}

fn ext(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
        _ => "html",
    }
}

fn same_workbook(a: &[u8], b: &[u8]) {
    let x = juwu::exchange::import::read_xlsx(a).unwrap();
    let y = juwu::exchange::import::read_xlsx(b).unwrap();
    assert!(!x.headers.is_empty());
    assert_eq!(x, y);
}

#[test]
fn each_report_is_written_as_juwu_report_builds_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (120, 40), true);
    let reports = dir.path().join("reports");
    for (i, (which, name, office)) in [
        (Which::Supervision, "supervision-QH01", Some("QH01")),
        (Which::Overdue, "overdue-all", None),
        (Which::Compliance, "compliance-all", None),
        (Which::Finance, "finance-QH01", Some("QH01")),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            a.keys("r");
        }
        for f in [Format::Html, Format::Csv, Format::Xlsx] {
            export(&mut a, f);
            let path = reports.join(format!("{name}-2026-11.{}", ext(f)));
            let n = note(&a);
            assert!(n.contains(&path.display().to_string()), "{n}");
            let got = std::fs::read(&path).unwrap();
            let want = cli_report(&a, which, "2026-11", office, f);
            if f == Format::Xlsx {
                same_workbook(&got, &want);
            } else {
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap(),
                    "{name} {f:?}"
                );
            }
        }
    }
    // Nothing but the twelve files (no temporary names left behind).
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 12);
    // r went round: back to the supervision report.
    a.keys("r");
    assert!(screen_text(&a).contains("居务公开监督情况报告"));
}

#[test]
fn the_screen_shows_the_figures_the_report_functions_give() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::En, (120, 40), true);
    let r = a.store.read().unwrap();
    let cal = Calendar::builtin();
    let qh01 = OfficeCode::parse("QH01").unwrap();
    let d = juwu::report::data::OfficeData::load(&r, &qh01, &cal, today())
        .unwrap()
        .unwrap();
    let p = Period::parse("2026-11").unwrap();
    let s = juwu::report::supervision::supervision(&d, &p, &cal, today());
    let text = screen_text(&a);
    for o in &s.opinions {
        assert!(text.contains(&o.id), "{} missing:\n{text}", o.id);
    }
    // The finance report: the month's closing balance, to the fen.
    let by = |id: &str| r.statement_locked_by(id).ok().flatten();
    let f = juwu::report::finance::finance(&d, &p, by);
    let doc = f.doc(false);
    let closing = doc.tables[0]
        .rows
        .last()
        .and_then(|row| row.get(5))
        .map(|c| c.render(false, false))
        .unwrap();
    drop(r);
    a.keys("r r r");
    let text = screen_text(&a);
    assert!(text.contains(&closing), "{closing} missing:\n{text}");
    // Scrolling moves the report and stops at its end.
    a.resize(80, 24);
    a.keys("R R R");
    let top = screen_text(&a);
    a.keys("<PageDown>");
    let next = screen_text(&a);
    assert_ne!(top, next);
    a.keys("G");
    let end = screen_text(&a);
    a.keys("j j j");
    assert_eq!(end, screen_text(&a), "scrolling stops at the end");
    a.keys("g g");
    assert_eq!(top, screen_text(&a));
}

#[test]
fn the_period_steps_back_and_forth_and_changes_length() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (80, 24), true);
    let reports = dir.path().join("reports");
    let shown = |a: &App, p: &str| {
        let t = screen_text(a);
        assert!(t.contains(&format!("期间 {p}")), "{p}:\n{t}");
    };
    shown(&a, "2026-11（月）");
    for (keys, p) in [
        ("[", "2026-10"),
        ("[ [", "2026-08"),
        ("]", "2026-09"),
        ("<Right>", "2026-10"),
        ("p", "2026-Q4"),
        ("[", "2026-Q3"),
        ("p", "2026"),
        ("[", "2025"),
        ("] p", "2026-11"),
    ] {
        a.keys(keys);
        shown(&a, p);
        export(&mut a, Format::Csv);
        let got = std::fs::read(reports.join(format!("supervision-QH01-{p}.csv"))).unwrap();
        assert_eq!(
            got,
            cli_report(&a, Which::Supervision, p, Some("QH01"), Format::Csv),
            "{p}"
        );
    }
    // Each report keeps the period chosen.
    a.keys("[ r r");
    shown(&a, "2026-10");
    export(&mut a, Format::Html);
    let got = std::fs::read(reports.join("compliance-all-2026-10.html")).unwrap();
    assert_eq!(
        got,
        cli_report(&a, Which::Compliance, "2026-10", None, Format::Html)
    );
}

#[test]
fn the_office_filter_narrows_the_cross_office_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::En, (120, 40), true);
    a.keys("r r");
    assert!(screen_text(&a).contains("all offices (1) QH01"));
    // o goes to the offices screen; Enter there sets the filter.
    a.keys("o");
    assert_eq!(a.state.screen().id().layer(), "offices");
    let i = screen_text(&a)
        .lines()
        .skip(3)
        .position(|l| l.contains("QH01"))
        .unwrap();
    a.keys("g g");
    for _ in 0..i {
        a.keys("j");
    }
    a.keys("<Enter>");
    assert_eq!(a.state.sh.office_filter.as_ref().unwrap().as_str(), "QH01");
    a.keys("9");
    assert!(screen_text(&a).contains("QH01 清河社区居委会"));
    export(&mut a, Format::Csv);
    let got = std::fs::read(dir.path().join("reports/compliance-QH01-2026-11.csv")).unwrap();
    assert_eq!(
        got,
        cli_report(&a, Which::Compliance, "2026-11", Some("QH01"), Format::Csv)
    );
    // x shows every office again.
    a.keys("x");
    assert!(a.state.sh.office_filter.is_none());
    assert!(screen_text(&a).contains("all offices (1)"));
}

#[test]
fn the_notice_board_page_of_today_is_written_as_juwu_board_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (80, 24), true);
    a.keys("b");
    let path = dir.path().join("reports/board-QH01-2026-11-29.html");
    let n = note(&a);
    assert!(n.contains(&path.display().to_string()), "{n}");
    let r = a.store.read().unwrap();
    let code = OfficeCode::parse("QH01").unwrap();
    let office = r.office(&code).unwrap().unwrap();
    let ds: Vec<_> = r
        .disclosures()
        .unwrap()
        .into_iter()
        .filter(|d| d.office == code)
        .collect();
    let b = juwu::report::board::board(
        &office,
        &r.settings(&code).unwrap(),
        &ds,
        &r.statement_views(&code).unwrap(),
        today(),
    );
    assert!(
        n.contains(&format!("{} 件公开事项", b.items().count())),
        "{n}"
    );
    let want = b.to_html(true, juwu::report::board::Paper::A4);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    assert!(want.contains("清河社区居委会"));
}

fn receipt_want(a: &App, id: &str, contact: Option<&str>) -> String {
    let r = a.store.read().unwrap();
    let cal = Calendar::builtin();
    let o = r.opinion(id).unwrap().unwrap();
    let office = r.office(&o.office).unwrap().unwrap();
    let st = r.opinion_state(o, &cal, today()).unwrap();
    juwu::report::receipt::Receipt {
        office,
        due_on: st.due_on,
        due_provisional: cal.provisional_between(st.opinion.received_on(), st.due_on),
        answered_on: st.first_reply,
        opinion: st.opinion,
        contact: contact.map(String::from),
    }
    .to_html(a.state.sh.zh())
}

#[test]
fn a_receipt_slip_for_an_opinion_found_by_number_or_by_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (80, 24), true);
    let reports = dir.path().join("reports");
    // By its number, typed in lower case.
    a.keys("s");
    a.type_text("qh01-yj2026-0049");
    a.keys("<C-s>");
    assert!(a.state.form().is_none(), "{}", note(&a));
    let path = reports.join("receipt-QH01-YJ2026-0049.html");
    assert!(note(&a).contains(&path.display().to_string()));
    assert!(
        note(&a).contains("2026-11-23"),
        "the due date: {}",
        note(&a)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        receipt_want(&a, "QH01-YJ2026-0049", None)
    );
    // By words of it: the list offers it, Enter picks it; a contact line.
    a.keys("s");
    a.type_text("座椅");
    let form = a.state.form().unwrap();
    assert_eq!(form.suggestions.len(), 1, "{:?}", form.suggestions);
    assert_eq!(form.suggestions[0].0, "QH01-YJ2026-0049");
    a.keys("<Enter>");
    assert_eq!(a.state.form().unwrap().get("opinion"), "QH01-YJ2026-0049");
    // Enter again goes on to the contact line.
    a.keys("<Enter>");
    a.type_text("电话 6688 1234");
    a.keys("<C-s>");
    assert!(a.state.form().is_none());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        receipt_want(&a, "QH01-YJ2026-0049", Some("电话 6688 1234"))
    );
    // By pinyin, as the search line finds it.
    a.keys("s");
    a.type_text("zuoyi");
    let form = a.state.form().unwrap();
    assert!(
        form.suggestions.iter().any(|s| s.0 == "QH01-YJ2026-0049"),
        "{:?}",
        form.suggestions
    );
    a.keys("<Esc> y");
    // An unknown number is refused on the form and writes nothing.
    a.keys("s");
    a.type_text("QH01-YJ2026-9999");
    a.keys("<C-s>");
    let form = a.state.form().expect("the form stays open");
    let err = form.fields[0].error.clone().unwrap();
    assert!(err.contains("QH01-YJ2026-9999"), "{err}");
    assert!(!reports.join("receipt-QH01-YJ2026-9999.html").exists());
    a.keys("<Esc> y");
    assert!(a.state.form().is_none());
}

#[test]
fn a_file_that_cannot_be_written_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::En, (80, 24), true);
    // A folder where a file is: nothing can be written under it.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    a.keys("e <Tab>");
    let old = a.state.form().unwrap().get("file");
    for _ in 0..old.chars().count() {
        a.keys("<Backspace>");
    }
    let target: PathBuf = blocker.join("r.html");
    a.type_text(&target.display().to_string());
    a.keys("<C-s>");
    let form = a.state.form().expect("the form stays open");
    let err = form.fields[1].error.clone().unwrap();
    assert!(err.contains("blocker"), "{err}");
    assert!(!err.contains('\n'));
    assert!(!target.exists());
    assert!(!dir.path().join("reports").exists());
    // An empty file name is refused too.
    for _ in 0..target.display().to_string().chars().count() {
        a.keys("<Backspace>");
    }
    a.keys("<C-s>");
    assert!(a.state.form().unwrap().fields[1].error.is_some());
    // Choosing the format changes the file's extension.
    a.type_text("out/x.html");
    a.keys("<S-Tab> <Right>");
    assert_eq!(a.state.form().unwrap().get("file"), "out/x.csv");
}

#[test]
fn reports_at_two_sizes_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let dir = tempfile::tempdir().unwrap();
            // No data_dir: the folder shown is the same on every machine.
            let mut a = reports_app(dir.path(), lang, (w, h), false);
            let tag = format!("{w}x{h}_{lang}");
            insta::assert_snapshot!(format!("supervision_{tag}"), screen_text(&a));
            a.keys("r r");
            insta::assert_snapshot!(format!("compliance_{tag}"), screen_text(&a));
            a.keys("r <PageDown>");
            insta::assert_snapshot!(format!("finance_scrolled_{tag}"), screen_text(&a));
            a.keys("e");
            insta::assert_snapshot!(format!("export_form_{tag}"), screen_text(&a));
        }
    }
}

#[test]
fn the_compliance_details_say_what_was_not_met_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (120, 40), false);
    a.keys("r r");
    let text = screen_text(&a);
    assert!(text.contains("未达标明细"), "{text}");
    assert!(text.contains("未答复，应于 2026-11-02 前答复"), "{text}");
    assert!(
        text.contains("2026-10：未公开，应于 2026-11-10 前公开"),
        "{text}"
    );
    let runs = english_runs(&text);
    assert!(runs.is_empty(), "{runs:?}\n{text}");
    // The same details in English (the check finds English where it is).
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::En, (120, 40), false);
    a.keys("r r");
    let text = screen_text(&a);
    assert!(text.contains("unanswered, due 2026-11-02"), "{text}");
    assert!(!english_runs(&text).is_empty());
}

#[test]
fn every_screen_of_the_demo_speaks_chinese() {
    // The sample's own records have some English titles: they are data.
    let sample = std::fs::read_to_string("sample-data/qinghe.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (120, 40), false);
    // Each tab, its detail, its help, and each report.
    for k in [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "9 r", "9 r r", "9 r r r",
    ] {
        a.keys(k);
        for extra in ["", "?"] {
            if !extra.is_empty() {
                a.keys(extra);
            }
            let text = screen_text(&a);
            let mut runs = english_runs(&text);
            runs.retain(|r| !sample.contains(r.trim_end_matches([',', ':', ';', '.'])));
            assert!(runs.is_empty(), "{k} {extra}: {runs:?}\n{text}");
            if !extra.is_empty() {
                a.keys("<Esc>");
            }
        }
    }
}

/// A period in a year without a holiday calendar (2027) is warned about in
/// the screen's language, as `juwu report --lang zh` warns; on main the
/// Reports screen said "no holiday calendar for 2027…" in English.
#[test]
fn the_missing_calendar_warning_speaks_chinese_on_reports_and_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = reports_app(dir.path(), Lang::Zh, (120, 40), false);
    // Month → quarter → year, then the year after.
    a.keys("p p ]");
    let t = screen_text(&a);
    assert!(t.contains("2027（年）"), "{t}");
    assert!(t.contains("没有 2027 年的官方节假日安排"), "{t}");
    assert!(!t.contains("holiday calendar"), "{t}");
    // The same report from the command line's code says the same.
    let doc = String::from_utf8(cli_report(
        &a,
        Which::Supervision,
        "2027",
        Some("QH01"),
        Format::Text,
    ))
    .unwrap();
    assert!(doc.contains("没有 2027 年的官方节假日安排"), "{doc}");

    // Today in 2027 warns in Chinese too.
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(
        demo_store(dir.path()),
        Opts {
            lang: Lang::Zh,
            size: (120, 100),
            now: chrono::NaiveDate::from_ymd_opt(2027, 1, 4)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            ..Default::default()
        },
    );
    a.keys("j j j <Enter> 1");
    let t = screen_text(&a);
    assert!(t.contains("没有 2027 年的官方节假日安排"), "{t}");
    assert!(!t.contains("holiday calendar"), "{t}");
}
