//! The sample data: a street office and bundles from two communities, which
//! verify and import on the sample street office's database.

use std::path::Path;

use juwu::sample::{build_sample_bundles, create_sample};
use juwu::sync;

#[test]
fn sample_bundles_import_on_the_sample_street_office_and_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let dc = create_sample(&dir.path().join("dc.redb"), "DC").unwrap();
    let files: Vec<_> = ["QH01-to-DC.juwu", "LY01-to-DC.juwu"]
        .iter()
        .map(|f| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("sample-data/bundles")
                .join(f)
        })
        .collect();
    for f in &files {
        let i = sync::inspect(&dc, f, chrono::Utc::now()).unwrap();
        assert!(i.ok(), "{f:?}: {:?}", i.problems);
        assert_eq!(i.signer, sync::SigStatus::Verified);
    }
    let out = sync::import(&dc, &files, chrono::Utc::now(), &mut |_, _| {}).unwrap();
    assert!(out.applied && !out.refused);
    let r = dc.read().unwrap();
    let codes: Vec<String> = r
        .offices()
        .unwrap()
        .iter()
        .map(|o| o.code.to_string())
        .collect();
    assert!(codes.contains(&"QH01".to_string()) && codes.contains(&"LY01".to_string()));
    assert!(
        r.disclosures()
            .unwrap()
            .iter()
            .any(|d| d.office.as_str() == "LY01")
    );
    assert!(
        r.disclosures()
            .unwrap()
            .iter()
            .any(|d| d.office.as_str() == "QH01")
    );
    assert!(
        r.disclosures()
            .unwrap()
            .iter()
            .any(|d| d.office.as_str() == "DC")
    );

    // The committed files hold exactly what the sample data makes now
    // (if not: `juwu demo --no-tui --sample-bundles DIR` and copy them).
    let fresh = build_sample_bundles(&dir.path().join("fresh")).unwrap();
    for (committed, made) in files.iter().zip(&fresh) {
        let a = sync::load(committed).unwrap().parsed;
        let b = sync::load(made).unwrap().parsed;
        assert_eq!(a.header.logs, b.header.logs, "{committed:?} is stale");
    }
}
