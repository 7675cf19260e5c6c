//! `verify --rebuild` repairs exactly what differs from the logs: entries
//! missing, changed or unexpected (it writes only the differences).

use crate::support::common;

use common::*;
use juwu::domain::*;
use juwu::store::tables::T;

fn dump(f: &Fixture) -> String {
    juwu::report::json::to_text(
        &juwu::report::json::export(
            &f.store.read().unwrap(),
            &Calendar::builtin(),
            d(2026, 11, 29),
        )
        .unwrap(),
    )
}

#[test]
fn rebuild_repairs_missing_changed_and_unexpected_entries() {
    let f = Fixture::new();
    let a = f.draft(
        "电梯 lift",
        Category::Government,
        Scope::Public,
        t(2026, 3, 1),
    );
    f.publish(&a, d(2026, 3, 10));
    let b = f.draft(
        "财务 finance",
        Category::Other,
        Scope::Public,
        t(2026, 3, 2),
    );
    let o = f.log(OpinionKind::Question, d(2026, 3, 11), Some(&a));
    let good = dump(&f);
    assert!(f.store.verify(false).unwrap().ok());

    f.store
        .tamper_projection_for_tests(T::Disclosures, &b, None)
        .unwrap();
    f.store
        .tamper_projection_for_tests(T::Opinions, &o, Some(b"{\"broken\":true}"))
        .unwrap();
    f.store
        .tamper_projection_for_tests(T::XDisclosureStatus, "draft\u{1f}QH01-2026-9999", Some(b""))
        .unwrap();
    let r = f.store.verify(false).unwrap();
    assert!(r.chain_errors.is_empty());
    let mut errs = r.projection_errors.clone();
    errs.sort();
    assert_eq!(
        errs,
        [
            format!("p_disclosures: missing {b}"),
            format!("p_opinions: {o} differs"),
            "x_disclosure_status: unexpected draft/QH01-2026-9999".to_string(),
        ]
    );
    // Check only: nothing was changed.
    assert_eq!(f.store.verify(false).unwrap().projection_errors.len(), 3);

    let r = f.store.verify(true).unwrap();
    assert!(r.rebuilt && r.projection_errors.len() == 3);
    assert!(f.store.verify(false).unwrap().ok());
    assert_eq!(dump(&f), good);
}

// ---- A damaged database file (issue 11, point 7) ----

use crate::support::run::{Env, demo as run_demo, juwu as run_juwu, text as all_text};

fn juwu_bin(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_juwu(db, Env::EN, args)
}

/// Overwrites with 0xA5 every 4 KiB page of the file that holds the
/// stored bytes of `office`'s event `seq` (the same damage whatever the
/// layout: a bad sector under that event). Returns how many pages.
fn damage_pages_holding(db: &std::path::Path, office: &str, seq: u64) -> usize {
    let mut b = std::fs::read(db).unwrap();
    let needle = format!("\"office\":\"{office}\",\"seq\":{seq},");
    let needle = needle.as_bytes();
    let mut pages = std::collections::BTreeSet::new();
    for i in 0..b.len().saturating_sub(needle.len()) {
        if &b[i..i + needle.len()] == needle {
            pages.insert(i / 4096);
        }
    }
    for p in &pages {
        let end = ((p + 1) * 4096).min(b.len());
        b[p * 4096..end].fill(0xA5);
    }
    std::fs::write(db, &b).unwrap();
    pages.len()
}

#[test]
fn verify_on_a_file_with_damaged_pages_says_damaged_and_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = run_demo(dir.path(), Env::EN);
    assert!(damage_pages_holding(&db, "QH01", 200) > 0);
    for args in [
        &["verify"][..],
        &["export", "--format", "json"][..],
        &["bundle", "status"][..],
    ] {
        let o = juwu_bin(&db, args);
        let t = all_text(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {t}");
        assert!(!t.contains("panicked"), "{args:?}: {t}");
        assert!(t.contains("damaged"), "{args:?}: {t}");
        assert!(t.contains("juwu salvage"), "{args:?}: {t}");
    }
    let o = run_juwu(&db, Env::EN.lang("zh"), &["verify"]);
    let t = all_text(&o);
    assert!(
        t.contains("数据库文件已损坏") && !t.contains("damaged"),
        "{t}"
    );
}

#[test]
fn a_flipped_byte_in_a_recent_own_event_is_reported_at_open() {
    use juwu::store::{LogFault, Store, StoreError};
    for (seq, byte) in [(7u64, 45usize), (6, 60), (3, 80)] {
        let f = Fixture::new();
        let id = f.draft("x", Category::Government, Scope::Public, t(2026, 3, 1));
        f.publish(&id, d(2026, 3, 10));
        let path = f.store.path().to_path_buf();
        f.store.tamper_for_tests("QH01", seq, byte).unwrap();
        let Fixture { dir, store } = f;
        drop(store);
        match Store::open(&path) {
            Err(StoreError::OwnLogDamaged {
                office,
                seq: at,
                fault,
            }) => {
                assert_eq!(office, "QH01");
                assert!(at == seq || at == seq + 1, "#{seq} flipped, reported #{at}");
                assert!(
                    matches!(
                        fault,
                        LogFault::Unreadable | LogFault::BrokenChain | LogFault::HeadMismatch
                    ),
                    "{fault:?}"
                );
            }
            Err(e) => panic!("#{seq}: {e}"),
            Ok(_) => panic!("#{seq}: a flipped own event opened without a word"),
        }
        // The clerk cannot record more: every command that opens says so.
        let o = juwu_bin(&path, &["operator", "list"]);
        let t = all_text(&o);
        assert_eq!(o.status.code(), Some(1), "{t}");
        assert!(t.contains("own log (QH01) is damaged"), "{t}");
        // verify still lists the broken link.
        let o = juwu_bin(&path, &["verify"]);
        assert!(all_text(&o).contains("QH01 #"), "{}", all_text(&o));
        // salvage keeps the log only up to before the flipped event.
        let out = dir.path().join("salvaged");
        let o = juwu_bin(
            &path,
            &[
                "salvage",
                path.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let t = all_text(&o);
        assert!(o.status.success(), "{t}");
        // (a broken link leaves out both events it joins: either may be
        // the altered one)
        assert!(
            t.contains(&format!("QH01: kept #1–#{} ", seq - 1))
                || t.contains(&format!("QH01: kept #1–#{} ", seq - 2)),
            "{t}"
        );
        drop(dir);
    }
}

#[test]
fn salvage_of_a_damaged_file_restores_to_the_intact_prefix_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = run_demo(dir.path(), Env::EN);
    let original: Vec<Vec<u8>> = {
        let s = juwu::store::Store::open(&db).unwrap();
        let r = s.read().unwrap();
        r.events("QH01", 1, u64::MAX)
            .unwrap()
            .into_iter()
            .map(|e| e.bytes)
            .collect()
    };
    assert!(original.len() > 300);
    assert!(damage_pages_holding(&db, "QH01", 300) > 0);
    let before = std::fs::read(&db).unwrap();

    let out = dir.path().join("salvaged");
    let o = juwu_bin(
        &db,
        &[
            "salvage",
            db.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let t = all_text(&o);
    assert!(o.status.success(), "{t}");
    assert!(
        t.contains("QH01: kept #1–#") && t.contains("stopped at #"),
        "{t}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "salvage changed the damaged file"
    );

    let new = dir.path().join("new.redb");
    let o = juwu_bin(&new, &["restore", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", all_text(&o));
    let o = juwu_bin(&new, &["verify"]);
    assert!(o.status.success(), "{}", all_text(&o));

    let s = juwu::store::Store::open(&new).unwrap();
    let kept: Vec<Vec<u8>> = s
        .read()
        .unwrap()
        .events("QH01", 1, u64::MAX)
        .unwrap()
        .into_iter()
        .map(|e| e.bytes)
        .collect();
    assert!(!kept.is_empty() && kept.len() < 300, "kept {}", kept.len());
    assert_eq!(kept[..], original[..kept.len()]);
}

/// A database file without write permission opens for reading. Run as
/// root, the check drops to `nobody` (root may write any file).
#[cfg(unix)]
#[test]
fn a_read_only_database_file_can_be_verified_and_exported() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    let id = f.draft("x", Category::Government, Scope::Public, t(2026, 3, 1));
    f.publish(&id, d(2026, 3, 10));
    let path = f.store.path().to_path_buf();
    let Fixture { dir, store } = f;
    drop(store);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let run = |args: &[&str]| {
        let mut c = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_juwu"),
            ]);
            c
        } else {
            std::process::Command::new(env!("CARGO_BIN_EXE_juwu"))
        };
        c.arg("--db")
            .arg(&path)
            .args(["--lang", "en"])
            .args(args)
            .env("JUWU_TODAY", "2026-11-29")
            .output()
    };
    if root && run(&["--version"]).is_err() {
        eprintln!("skipped: running as root without setpriv");
        return;
    }
    let o = run(&["verify"]).unwrap();
    assert!(o.status.success(), "{}", all_text(&o));
    assert!(all_text(&o).contains("ok: every link holds"));
    let o = run(&["export", "--format", "json"]).unwrap();
    assert!(o.status.success(), "{}", all_text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains(&id));
    // A command that writes says why it cannot.
    let o = run(&["verify", "--rebuild"]).unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(all_text(&o).contains("read-only"), "{}", all_text(&o));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_unreadable_register_entry_is_rebuilt_from_the_logs_with_a_note() {
    let f = Fixture::new();
    let a = f.draft(
        "电梯 lift",
        Category::Government,
        Scope::Public,
        t(2026, 3, 1),
    );
    f.publish(&a, d(2026, 3, 10));
    let o = f.log(OpinionKind::Question, d(2026, 3, 11), Some(&a));
    let good = dump(&f);
    let want = f.store.read().unwrap().opinion(&o).unwrap();
    assert!(want.is_some());
    let _ = juwu::store::take_notes();
    f.store
        .tamper_projection_for_tests(T::Opinions, &o, Some(b"{\"id\":"))
        .unwrap();
    f.store
        .tamper_projection_for_tests(T::Disclosures, &a, Some(b"\xff"))
        .unwrap();
    // The read that meets the damage gets the right record, not an error.
    let r = f.store.read().unwrap();
    assert_eq!(r.opinion(&o).unwrap(), want);
    let notes = juwu::store::take_notes();
    assert!(
        matches!(
            &notes[..],
            [juwu::store::StoreNote::ProjectionsRebuilt { table, repaired: 2, .. }]
                if table == "p_opinions"
        ),
        "{notes:?}"
    );
    assert!(notes[0].message(true).contains("已从日志重建"));
    assert!(notes[0].message(false).contains("rebuilt from the logs"));
    drop(r);
    assert!(f.store.verify(false).unwrap().ok());
    assert_eq!(dump(&f), good);

    // Through the binary: the export succeeds and says what happened.
    f.store
        .tamper_projection_for_tests(T::Opinions, &o, Some(b"nonsense"))
        .unwrap();
    let path = f.store.path().to_path_buf();
    let Fixture { dir, store } = f;
    drop(store);
    let o = juwu_bin(&path, &["export", "--format", "json"]);
    let text = all_text(&o);
    assert!(o.status.success(), "{text}");
    assert!(
        text.contains("registers were rebuilt from the logs"),
        "{text}"
    );
    drop(dir);
}
