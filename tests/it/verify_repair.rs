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
