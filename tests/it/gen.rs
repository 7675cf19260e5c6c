//! `juwu gen`: deterministic, realistic, and made through the rules.

use juwu::domain::{Category, EventBody, Status};
use juwu::sample::generate;
use juwu::store::Store;

#[test]
fn same_seed_same_logs_and_every_record_kind() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.redb");
    let b = dir.path().join("b.redb");
    let sa = generate(&a, 1, 1500, 42, false).unwrap();
    let sb = generate(&b, 1, 1500, 42, false).unwrap();
    assert_eq!(sa, sb);
    assert_eq!(sa.refused, 0, "{:?}", sa.first_refusal);
    let (ra, rb) = (Store::open(&a).unwrap(), Store::open(&b).unwrap());
    let heads = ra.read().unwrap().heads().unwrap();
    assert_eq!(heads, rb.read().unwrap().heads().unwrap());
    assert_eq!(heads.len(), 1);
    assert!((1500..1510).contains(&heads["SQ0001"].seq), "{heads:?}");
    // A different seed gives different data.
    let c = dir.path().join("c.redb");
    generate(&c, 1, 1500, 43, false).unwrap();
    assert_ne!(
        heads,
        Store::open(&c).unwrap().read().unwrap().heads().unwrap()
    );

    let v = ra.verify(false).unwrap();
    assert!(v.ok(), "{v:?}");
    let r = ra.read().unwrap();
    let ds = r.disclosures().unwrap();
    for s in [
        Status::Draft,
        Status::Published,
        Status::Archived,
        Status::Superseded,
    ] {
        assert!(ds.iter().any(|d| d.status == s), "no item is {s}");
    }
    assert!(
        ds.iter()
            .any(|d| d.fields.category == Category::Finance && d.fields.statement.is_some())
    );
    assert!(
        ds.iter()
            .any(|d| d.fields.title.chars().any(|c| c > '\u{2e80}'))
    );
    assert!(ds.iter().any(|d| d.fields.title.is_ascii()));
    assert!(
        ds.iter()
            .any(|d| !d.reviews.is_empty() && !d.reviews[0].approved),
        "no item was returned"
    );
    let ops = r.opinions().unwrap();
    assert!(ops.iter().any(|o| o.box_opening.is_some()));
    assert!(ops.iter().any(|o| o.verification.is_some()));
    assert!(ops.iter().any(|o| !o.pauses.is_empty()));
    assert!(ops.iter().any(|o| o.from.is_none()) && ops.iter().any(|o| o.from.is_some()));
    assert!(!r.replies().unwrap().is_empty());
    assert!(!r.statements().unwrap().is_empty());
    assert!(!r.checks().unwrap().is_empty());
    assert!(!r.resolutions().unwrap().is_empty());
    // Dates over more than one year.
    let years: std::collections::BTreeSet<i32> = ops
        .iter()
        .map(|o| chrono::Datelike::year(&o.received_at))
        .collect();
    assert!(years.len() >= 2, "{years:?}");
}

#[test]
fn a_street_database_holds_its_communities_real_logs() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("street.redb");
    let s = generate(&p, 3, 300, 5, false).unwrap();
    assert_eq!(s.refused, 0, "{:?}", s.first_refusal);
    let store = Store::open(&p).unwrap();
    assert_eq!(store.own_code().unwrap().as_str(), "JD01");
    let r = store.read().unwrap();
    let heads = r.heads().unwrap();
    assert_eq!(
        heads.keys().cloned().collect::<Vec<_>>(),
        ["JD01", "SQ0001", "SQ0002", "SQ0003"]
    );
    // Each community's log begins with its own creation, carrying its key.
    for code in ["SQ0001", "SQ0002", "SQ0003"] {
        let first = r.events(code, 1, 1).unwrap();
        match &first[0].env.body {
            EventBody::OfficeCreated { office } => {
                assert_eq!(office.code.as_str(), code);
                assert!(office.public_key.is_some());
            }
            b => panic!("{code} begins with {}", b.kind()),
        }
    }
    // The street inspected its communities.
    assert!(
        r.checks()
            .unwrap()
            .iter()
            .any(|c| c.target.as_str().starts_with("SQ"))
    );
    assert!(store.verify(false).unwrap().ok());
}

#[test]
fn refuses_an_existing_database_and_bad_counts() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.redb");
    std::fs::write(&p, b"something").unwrap();
    let e = generate(&p, 1, 100, 1, false).unwrap_err().to_string();
    assert!(e.contains("already exists"), "{e}");
    assert_eq!(std::fs::read(&p).unwrap(), b"something");
    let q = dir.path().join("y.redb");
    assert!(generate(&q, 0, 100, 1, false).is_err());
    assert!(generate(&q, 1, 3, 1, false).is_err());
    assert!(!q.exists());
}
