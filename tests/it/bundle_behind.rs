//! A database restored from an old backup must not silently fork its
//! office's history: when a bundle shows the office's own log is longer
//! elsewhere, juwu says so and how to recover.

use crate::support::bundle as bundle_support;

use bundle_support::*;
use juwu::i18n::Lang;
use juwu::store::Store;
use juwu::store::sync::TrustEntry;
use juwu::sync;

fn street() -> Off {
    Off::new("DC", juwu::domain::Level::Street, Some("DQ"))
}

#[test]
fn an_acknowledgement_of_a_longer_own_log_warns_the_restored_office() {
    let qh = community("QH01");
    qh.draft(5);
    let dc = street();
    dc.trust(&qh);
    qh.trust(&dc);
    dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)]);
    let back = dc.export("back.juwu", Some(&qh), false, false);

    // An "old backup" of QH01: its log only up to #4, with its key and trust.
    let head = qh.heads()["QH01"].seq;
    assert!(head > 4);
    let old_dir = tempfile::tempdir().unwrap();
    let old_db = old_dir.path().join("old.redb");
    let r = qh.store.read().unwrap();
    let chain: Vec<Vec<u8>> = r
        .events("QH01", 1, 4)
        .unwrap()
        .into_iter()
        .map(|e| e.bytes)
        .collect();
    drop(r);
    let old = Store::restore_from_logs(&old_db, &qh.code, &[(qh.code.clone(), chain)]).unwrap();
    std::fs::copy(
        juwu::sync::keys::key_path(&qh.db()),
        juwu::sync::keys::key_path(&old_db),
    )
    .unwrap();
    old.put_trust(&TrustEntry {
        office: dc.code.to_string(),
        key: dc.key.public_hex(),
        since_seq: 0,
        added_at: t(2026, 1, 6),
        how: juwu::store::sync::TrustHow::ByHand,
        removed_at: None,
    })
    .unwrap();

    let ins = sync::inspect(&old, &back, qh.tick()).unwrap();
    let w = ins.behind_warning(Lang::En).expect("a warning");
    assert!(
        w.contains(&format!("up to #{head}"))
            && w.contains("ends at #4")
            && w.contains("juwu restore"),
        "{w}"
    );
    assert!(ins.behind_warning(Lang::Zh).unwrap().contains("旧备份"));
    // The up-to-date office gets no warning.
    let ins = sync::inspect(&qh.store, &back, qh.tick()).unwrap();
    assert!(ins.behind_warning(Lang::En).is_none());

    // Importing it (not only inspecting) keeps saying so: `bundle import`,
    // `bundle status` and the Sync screen read these warnings from what
    // the street office acknowledged.
    assert!(
        sync::verify::behind_warnings(&old, Lang::En)
            .unwrap()
            .is_empty()
    );
    sync::import(&old, std::slice::from_ref(&back), qh.tick(), &mut |_, _| {}).unwrap();
    let ws = sync::verify::behind_warnings(&old, Lang::En).unwrap();
    assert_eq!(ws.len(), 1, "{ws:?}");
    assert!(
        ws[0].contains(&format!("up to #{head}")) && ws[0].contains("ends at #4"),
        "{ws:?}"
    );
    assert!(sync::verify::behind_warnings(&old, Lang::Zh).unwrap()[0].contains("旧备份"));
    qh.import(&[&back]);
    assert!(
        sync::verify::behind_warnings(&qh.store, Lang::En)
            .unwrap()
            .is_empty()
    );
}
