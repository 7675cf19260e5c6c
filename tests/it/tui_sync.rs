//! The Sync screen driven by keys between two offices, each with its own
//! temp database and key: export to a "USB" folder chosen in the picker,
//! inspect there (the dry run), trust the key after seeing its
//! fingerprint, import after a confirmation; and snapshots of the screen.

use crate::support;
use crate::support::bundle as bundle_support;

use bundle_support::{CLERK, Off};
use juwu::domain::Level;
use juwu::i18n::Lang;
use juwu::sync::keys::{OfficeKey, fingerprint};
use juwu::tui::app::App;
use support::*;

fn office(code: &str, level: Level, parent: Option<&str>) -> Off {
    // Sample keys: the same fingerprints on every run (snapshots).
    Off::with_key(code, level, parent, OfficeKey::sample(code))
}

fn open(off: Off, lang: Lang, size: (u16, u16)) -> (tempfile::TempDir, App) {
    let Off { dir, store, .. } = off;
    let a = app(
        store,
        Opts {
            operator: Some(CLERK),
            lang,
            size,
            ..Default::default()
        },
    );
    (dir, a)
}

/// In the picker: go to `dir` by typing it.
fn go_to(a: &mut App, dir: &std::path::Path) {
    a.keys("p <C-u>");
    a.type_text(&dir.display().to_string());
    a.keys("<C-s>");
    assert!(
        a.state.form().is_none(),
        "{:?}",
        a.state.form().map(|f| &f.fields[0].error)
    );
}

#[test]
fn export_inspect_trust_and_import_between_two_offices() {
    let usb = tempfile::tempdir().unwrap();
    let qh = office("QH01", Level::Community, Some("DC"));
    let qh_key = OfficeKey::sample("QH01").public_hex();
    let (_qd, mut a) = open(qh, Lang::Zh, (120, 40));
    a.keys("8");
    assert_eq!(a.state.screen().id().layer(), "sync");
    let s = screen_text(&a);
    assert!(s.contains("尚不认识其他单位"), "{s}");
    // e: choose the folder, then the form.
    a.keys("e");
    let s = screen_text(&a);
    assert!(
        s.contains("驱动器和文件夹"),
        "the picker starts at the places:\n{s}"
    );
    go_to(&mut a, usb.path());
    let s = screen_text(&a);
    assert!(s.contains("保存到此文件夹"), "{s}");
    a.keys("<Enter>");
    let f = a.state.form().expect("the export form");
    assert_eq!(f.id, "export");
    let name = f.get("file");
    assert_eq!(name, "QH01-20260316.juwu");
    a.keys("<C-s>");
    assert!(a.state.form().is_none());
    let bundle = usb.path().join(&name);
    assert!(bundle.exists(), "{:?}", a.state.note);
    assert!(screen_text(&a).contains("数据包已写出"));

    // The street office inspects it: unknown signer, nothing changes.
    let dc = office("DC", Level::Street, None);
    let (_dd, mut b) = open(dc, Lang::Zh, (120, 40));
    let before = b.store.read().unwrap().event_count().unwrap();
    b.keys("8 v");
    go_to(&mut b, usb.path());
    // Entries: "..", then the bundle.
    b.keys("<Down> <Enter>");
    let s = screen_text(&b);
    assert!(s.contains("将被拒绝") && s.contains("未知签名方"), "{s}");
    assert_eq!(b.store.read().unwrap().event_count().unwrap(), before);
    // t: the fingerprint to compare by phone, then trust.
    b.keys("t");
    let c = b.state.confirm().expect("a question with the fingerprint");
    let text = c.lines.join("\n");
    assert!(
        text.contains(&fingerprint(&qh_key)) && text.contains("电话核对"),
        "{text}"
    );
    b.keys("y");
    assert!(b.store.trusted().unwrap().contains_key("QH01"));
    let s = screen_text(&b);
    assert!(
        s.contains("导入将新增"),
        "inspected again once trusted:\n{s}"
    );
    assert_eq!(b.store.read().unwrap().event_count().unwrap(), before);

    // i: the picker opens where it was; the confirmation names what is added.
    b.keys("i");
    b.keys("<Down> <Enter>");
    let c = b.state.confirm().expect("a confirmation before importing");
    let text = c.lines.join("\n");
    assert!(
        text.contains("导入 1 个文件") && text.contains("QH01 #1.."),
        "{text}"
    );
    // No: nothing imported.
    b.keys("n");
    assert_eq!(b.store.read().unwrap().event_count().unwrap(), before);
    b.keys("i <Down> <Enter> y");
    let r = b.store.read().unwrap();
    let heads = r.heads().unwrap();
    assert!(heads.get("QH01").is_some_and(|h| h.seq > 0), "{heads:?}");
    drop(r);
    assert!(b.state.note.as_ref().unwrap().text.contains("已导入"));
    // The status lists QH01: held, received today, key trusted.
    b.keys("<Esc>");
    let s = screen_text(&b);
    assert!(
        s.contains("QH01") && s.contains("今天") && s.contains("已信任"),
        "{s}"
    );
    // Importing the same file again changes nothing.
    let n = b.store.read().unwrap().event_count().unwrap();
    b.keys("v <Down> <Enter>");
    assert!(screen_text(&b).contains("没有新内容"));
    assert_eq!(b.store.read().unwrap().event_count().unwrap(), n);
}

#[test]
fn several_files_are_marked_and_a_bad_one_changes_nothing() {
    let usb = tempfile::tempdir().unwrap();
    std::fs::write(usb.path().join("bad.juwu"), b"not a bundle").unwrap();
    let qh = office("QH01", Level::Community, Some("DC"));
    let (_qd, mut a) = open(qh, Lang::En, (80, 24));
    a.keys("8 i");
    go_to(&mut a, usb.path());
    let s = screen_text(&a);
    assert!(s.contains("bad.juwu"), "{s}");
    a.keys("<Down> <Space>");
    a.keys("<Enter>");
    assert!(a.state.confirm().is_none(), "nothing to confirm");
    let s = screen_text(&a);
    assert!(s.contains("not a readable bundle"), "{s}");
}

#[test]
fn sync_screen_snapshots() {
    let usb = tempfile::tempdir().unwrap();
    // A bundle from QH01 for DC, imported at DC.
    let qh = office("QH01", Level::Community, Some("DC"));
    let (_qd, mut a) = open(qh, Lang::Zh, (120, 40));
    a.keys("8 e");
    go_to(&mut a, usb.path());
    a.keys("<Enter> <C-s>");
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let dc = office("DC", Level::Street, None);
            dc.store
                .put_trust(&juwu::store::sync::TrustEntry {
                    office: "QH01".into(),
                    key: OfficeKey::sample("QH01").public_hex(),
                    since_seq: 0,
                    added_at: bundle_support::t(2026, 3, 1),
                    how: juwu::store::sync::TrustHow::ByHand,
                    removed_at: None,
                })
                .unwrap();
            let (_dd, mut b) = open(dc, lang, (w, h));
            b.keys("8 i");
            go_to(&mut b, usb.path());
            b.keys("<Down> <Enter> y <Esc>");
            let tag = format!("{w}x{h}_{lang}");
            assert!(b.state.note.is_some(), "{tag}");
            insta::assert_snapshot!(format!("sync_{tag}"), format!("{}", render(&b).backend()));
        }
    }
}

#[test]
fn fork_evidence_is_shown_in_the_ui_language() {
    // QH01's log reaches DC; a copy of QH01's database then writes another
    // history, whose bundle DC refuses and records as a fork.
    let qh = office("QH01", Level::Community, Some("DC"));
    qh.draft(3);
    let dc = office("DC", Level::Street, None);
    dc.trust(&qh);
    assert!(
        dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)])
            .applied
    );
    let twin_dir = tempfile::tempdir().unwrap();
    let twin_db = twin_dir.path().join("office.redb");
    std::fs::copy(qh.db(), &twin_db).unwrap();
    qh.draft(1);
    assert!(
        dc.import(&[&qh.export("good.juwu", Some(&dc), false, false)])
            .applied
    );
    let twin = juwu::store::Store::open(&twin_db).unwrap();
    bundle_support::draft_in(&twin, "另一种历史", bundle_support::t(2026, 5, 1));
    let forked = twin_dir.path().join("forked.juwu");
    juwu::sync::export_bundle(
        &twin,
        &qh.key,
        &juwu::sync::ExportOptions {
            to: Some(dc.code.clone()),
            all: true,
            relay: false,
        },
        &forked,
        bundle_support::t(2026, 5, 2),
    )
    .unwrap();
    assert!(!dc.import(&[&forked]).applied);
    assert_eq!(dc.store.alerts().unwrap().len(), 1);
    let db = dc.db();
    let Off {
        dir: _dd, store, ..
    } = dc;
    drop(store);
    for lang in [Lang::Zh, Lang::En] {
        let store = juwu::store::Store::open(&db).unwrap();
        let mut a = app(
            store,
            Opts {
                operator: Some(CLERK),
                lang,
                size: (200, 50),
                ..Default::default()
            },
        );
        // The Sync screen, QH01's row (the only other office).
        a.keys("8");
        let text = screen_text(&a);
        if lang == Lang::Zh {
            assert!(text.contains("分叉：出现两种历史 QH01 #"), "{text}");
            assert!(
                text.contains("起保存在本处：数据包 good.juwu，QH01 于"),
                "{text}"
            );
            assert!(text.contains("数据包 forked.juwu，QH01 于"), "{text}");
            let runs = english_runs(&text);
            assert!(runs.is_empty(), "{runs:?}\n{text}");
        } else {
            assert!(text.contains("FORK: two histories of QH01 #"), "{text}");
            assert!(text.contains("bundle forked.juwu from QH01 made"), "{text}");
        }
        // The Offices screen marks QH01 and, with it selected, shows the
        // alert with its evidence (issue 4: "the Offices screen shows").
        a.keys("7");
        let text = screen_text(&a);
        assert!(text.contains("QH01 ⚠"), "{text}");
        let fork_line = if lang == Lang::Zh {
            "分叉：出现两种历史 QH01 #"
        } else {
            "FORK: two histories of QH01 #"
        };
        let mut shown = text.contains(fork_line);
        for _ in 0..3 {
            if shown {
                break;
            }
            a.keys("j");
            shown = screen_text(&a).contains(fork_line);
        }
        assert!(shown, "{}", screen_text(&a));
        assert!(screen_text(&a).contains("forked.juwu"));
    }
}

#[test]
fn a_large_import_from_the_sync_screen_compacts_like_the_command_line() {
    // A community office with 20,500 events (the command line compacts
    // after an import of 20,000 or more), exported to a "USB" folder.
    let gen_dir = tempfile::tempdir().unwrap();
    let big = gen_dir.path().join("big.redb");
    juwu::sample::r#gen::generate(&big, 1, 20_500, 7, false).unwrap();
    let store = juwu::store::Store::open(&big).unwrap();
    let code = store.own_code().cloned().unwrap();
    let key = juwu::sample::r#gen::office_key(7, &code);
    let usb = tempfile::tempdir().unwrap();
    juwu::sync::export_bundle(
        &store,
        &key,
        &juwu::sync::ExportOptions::default(),
        &usb.path().join("big.juwu"),
        bundle_support::t(2026, 3, 1),
    )
    .unwrap();
    drop(store);
    let dc = office("DC", Level::Street, None);
    dc.store
        .put_trust(&juwu::store::sync::TrustEntry {
            office: code.to_string(),
            key: key.public_hex(),
            since_seq: 0,
            added_at: bundle_support::t(2026, 3, 1),
            how: juwu::store::sync::TrustHow::ByHand,
            removed_at: None,
        })
        .unwrap();
    let (_dd, mut b) = open(dc, Lang::En, (160, 50));
    b.keys("8 i");
    go_to(&mut b, usb.path());
    b.keys("<Down> <Enter> y");
    let s = screen_text(&b);
    assert!(s.contains("Imported 20"), "{s}");
    assert!(s.contains("database compacted:"), "{s}");
}
