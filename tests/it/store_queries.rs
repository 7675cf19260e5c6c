//! The index-backed reads the screens use on large registers: they give
//! the same answers as reading every record.

use crate::support::common;

use common::*;
use juwu::domain::workflow::IdKind;
use juwu::domain::*;

#[test]
fn newest_waiting_items_and_counts_are_per_office() {
    let a = Fixture::with_office("QH01");
    let b = Fixture::with_office("ZZ99");
    let mut mine = vec![];
    for i in 0..3 {
        mine.push(a.draft(
            &format!("a{i}"),
            Category::Other,
            Scope::Public,
            t(2026, 3, 2),
        ));
        b.draft(
            &format!("b{i}"),
            Category::Other,
            Scope::Public,
            t(2026, 3, 2),
        );
    }
    a.publish(&mine[0], d(2026, 3, 20));
    // ZZ99's log arrives at QH01 (its ids sort after QH01's).
    let head = b.store.read().unwrap().heads().unwrap()["ZZ99"].seq;
    let bytes: Vec<Vec<u8>> = b
        .store
        .read()
        .unwrap()
        .events("ZZ99", 1, head)
        .unwrap()
        .into_iter()
        .map(|e| e.bytes)
        .collect();
    a.store
        .import_chains(&[(OfficeCode::parse("ZZ99").unwrap(), bytes)])
        .unwrap();
    let r = a.store.read().unwrap();
    let qh = OfficeCode::parse("QH01").unwrap();
    let zz = OfficeCode::parse("ZZ99").unwrap();
    let newest: Vec<String> = r
        .disclosures_with_status_newest(Status::Draft, &qh, 1)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(newest, [mine[2].clone()]);
    let all: Vec<String> = r
        .disclosures_with_status_newest(Status::Draft, &qh, 10)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(all, mine[1..]);
    // Counts from the id counters equal the records held.
    for (c, n) in [(&qh, 3), (&zz, 3)] {
        assert_eq!(r.record_count(c, IdKind::Disclosure).unwrap(), n);
        let held = r
            .disclosures()
            .unwrap()
            .iter()
            .filter(|d| &d.office == c)
            .count() as u64;
        assert_eq!(held, n);
    }
    // The board index holds the published item of QH01 with its date.
    assert_eq!(
        r.board_postings().unwrap(),
        [(mine[0].clone(), d(2026, 3, 20))]
    );
}
