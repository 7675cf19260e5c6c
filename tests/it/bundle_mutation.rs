//! Robustness of the bundle reader and importer: thousands of flipped bytes
//! and cut lengths of a real bundle (no panic, nothing changes), and
//! importing a set of bundles in any order gives the same state.

use crate::support::bundle as bundle_support;

use std::path::PathBuf;

use bundle_support::*;
use juwu::domain::Level;
use juwu::sync;
use proptest::prelude::*;

#[test]
fn flipped_bytes_and_cut_lengths_never_panic_and_change_nothing() {
    let qh = Off::new("QH01", Level::Community, Some("DC"));
    qh.draft(25);
    let dc = Off::new("DC", Level::Street, Some("DQ"));
    dc.trust(&qh);
    let f = qh.export("real.juwu", Some(&dc), false, false);
    let bytes = std::fs::read(&f).unwrap();
    let body = juwu::sync::format::body_of(&bytes).unwrap().to_vec();
    // A database that has not got it: every mutant must be refused.
    let json = dc.json();
    let heads = dc.heads();
    // One that already holds it: a re-signed mutant that still reads must
    // bring nothing new.
    let held = Off::new("DC", Level::Street, Some("DQ"));
    held.trust(&qh);
    assert!(held.import(&[&f]).applied);
    let held_json = held.json();
    let held_heads = held.heads();

    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let now = t(2026, 6, 1);
    let mut refused = 0;
    let mut cases = 0;
    // Some(true): refused; Some(false): read but brought nothing new;
    // None: applied.
    let try_import = |store: &juwu::store::Store, name: &str, b: &[u8]| -> Option<bool> {
        match sync::load_bytes(name, b) {
            Err(_) => Some(true),
            Ok(l) => {
                let out = sync::import_loaded(store, vec![l], now, &mut |_, _| {}).unwrap();
                match (out.refused, out.applied) {
                    (true, _) => Some(true),
                    (false, false) => Some(false),
                    (false, true) => None,
                }
            }
        }
    };
    // Flipped bits anywhere in the file.
    for _ in 0..3000 {
        let mut b = bytes.clone();
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
        cases += 1;
        let r = try_import(&dc.store, "flip.juwu", &b);
        assert!(r.is_some(), "a bundle with byte {i} flipped was imported");
        refused += usize::from(r == Some(true));
    }
    // Cut at every kind of length.
    for _ in 0..1500 {
        let n = rng.below(bytes.len());
        cases += 1;
        let r = try_import(&dc.store, "cut.juwu", &bytes[..n]);
        assert!(r.is_some(), "cut at {n} imported");
        refused += usize::from(r == Some(true));
    }
    assert_eq!(dc.json(), json);
    assert_eq!(dc.heads(), heads);
    assert!(dc.store.alerts().unwrap().is_empty());
    // Mutants re-signed with the exporter's key reach the header parser,
    // the inflater and the event reader.
    for k in 0..700 {
        let mut b = body.clone();
        for _ in 0..1 + k % 3 {
            let i = rng.below(b.len());
            b[i] = rng.next() as u8;
        }
        if k % 5 == 0 {
            let n = rng.below(b.len());
            b.truncate(n);
        }
        let sealed = juwu::sync::format::seal(b, &qh.key).unwrap();
        cases += 1;
        if try_import(&held.store, "resigned.juwu", &sealed) == Some(true) {
            refused += 1;
        }
    }
    assert_eq!(held.json(), held_json);
    assert_eq!(held.heads(), held_heads);
    assert!(
        cases >= 5000 && refused >= 4500,
        "{cases} cases, {refused} refused"
    );
}

/// Bundles of two communities, made at different times, some overlapping.
struct Set {
    _offices: Vec<Off>,
    files: Vec<PathBuf>,
    street: Off,
    reference_json: String,
    reference_heads: std::collections::BTreeMap<String, juwu::store::Head>,
}

fn set() -> &'static std::sync::Mutex<Set> {
    static SET: std::sync::OnceLock<std::sync::Mutex<Set>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let qh = Off::new("QH01", Level::Community, Some("DC"));
        let ly = Off::new("LY01", Level::Community, Some("DC"));
        let street = Off::new("DC", Level::Street, Some("DQ"));
        street.trust(&qh);
        street.trust(&ly);
        qh.draft(3);
        ly.draft(2);
        let mut files = vec![
            qh.export("qh-1.juwu", Some(&street), true, false),
            ly.export("ly-1.juwu", Some(&street), true, false),
        ];
        qh.draft(4);
        ly.draft(1);
        files.push(qh.export("qh-2.juwu", Some(&street), true, false));
        files.push(ly.export("ly-2.juwu", None, true, false));
        qh.draft(2);
        files.push(qh.export("qh-3.juwu", Some(&street), true, false));
        // The reference: everything, in one import.
        let refs: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
        let reference = street_db();
        reference.trust(&qh);
        reference.trust(&ly);
        assert!(reference.import(&refs).applied);
        let reference_json = reference.json();
        let reference_heads = reference.heads();
        std::sync::Mutex::new(Set {
            _offices: vec![qh, ly, reference],
            files,
            street,
            reference_json,
            reference_heads,
        })
    })
}

/// The same street office each time (same key, same first events).
fn street_db() -> Off {
    Off::with_key(
        "DC",
        Level::Street,
        Some("DQ"),
        juwu::sync::keys::OfficeKey::from_seed([7; 32]),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn importing_bundles_in_any_order_gives_the_same_state(
        order in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(),
        one_by_one in any::<bool>(),
    ) {
        let guard = set().lock().unwrap_or_else(|e| e.into_inner());
        let s = &*guard;
        // A fresh street database with the same trust as the reference.
        let dc = street_db();
        for (code, e) in s.street.store.trusted().unwrap() {
            let _ = code;
            dc.store.put_trust(&e).unwrap();
        }
        let files: Vec<&std::path::Path> = order.iter().map(|i| s.files[*i].as_path()).collect();
        if one_by_one {
            for f in &files {
                dc.import(&[f]);
            }
        } else {
            let out = dc.import(&files);
            prop_assert!(out.applied && !out.refused);
        }
        prop_assert_eq!(dc.heads(), s.reference_heads.clone());
        prop_assert_eq!(dc.json(), s.reference_json.clone());
    }
}

/// A flipped bit in a length of the header is reported as a damaged header,
/// not as a truncated file that "declares" millions of bytes; a file cut
/// short is still reported as truncated.
#[test]
fn a_damaged_length_says_the_header_is_damaged() {
    use juwu::sync::format::{FormatError, read};
    let qh = Off::new("QH01", Level::Community, Some("DC"));
    qh.draft(3);
    let dc = Off::new("DC", Level::Street, Some("DQ"));
    let f = qh.export("real.juwu", Some(&dc), false, false);
    let bytes = std::fs::read(&f).unwrap();
    let hlen = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
    let plen_at = 14 + hlen;
    for (at, bit) in [(plen_at, 0), (plen_at + 2, 7), (10, 1), (plen_at + 3, 4)] {
        let mut b = bytes.clone();
        b[at] ^= 1 << bit;
        let e = read(&b).unwrap_err();
        assert_eq!(e, FormatError::DamagedHeader, "byte {at} bit {bit}: {e}");
        assert!(e.to_string().contains("header is damaged"));
    }
    let e = read(&bytes[..bytes.len() - 10]).unwrap_err();
    assert!(matches!(e, FormatError::Truncated { .. }), "{e}");
}

/// `inspect` and a dry run record nothing, so they do not say a fork was
/// refused and recorded; the import does.
#[test]
fn a_fork_is_told_as_what_importing_would_do() {
    use juwu::i18n::Lang;
    use juwu::sync::verify::Problem;
    let p = Problem::Fork {
        office: "QH01".into(),
        seq: 7,
    };
    for l in [Lang::En, Lang::Zh] {
        assert_ne!(p.preview(l), p.text(l));
    }
    assert!(
        p.preview(Lang::En)
            .contains("Importing it would be refused and recorded")
    );
    assert!(!p.preview(Lang::En).contains("Refused and recorded"));
    assert!(p.text(Lang::En).contains("Refused and recorded"));
    assert!(p.preview(Lang::Zh).contains("导入时将被拒绝"));
}

/// Every event of BB02's log, replayed in AA01's own validly signed log, is
/// a claim: kept with AA01's chain, reported, never applied to BB02's
/// registers (nor anyone's).
#[test]
fn another_offices_events_replayed_in_a_signed_log_are_never_applied() {
    let bb = Off::new("BB02", Level::Community, Some("DC"));
    bb.draft(2);
    let bodies: Vec<juwu::domain::EventBody> = bb
        .store
        .read()
        .unwrap()
        .events("BB02", 1, u64::MAX)
        .unwrap()
        .into_iter()
        .map(|e| e.env.body)
        .filter(|b| serde_json::to_string(b).unwrap().contains("BB02"))
        .collect();
    assert!(bodies.len() >= 3, "{bodies:?}");
    let aa = Off::new("AA01", Level::Community, Some("DC"));
    for (i, body) in bodies.into_iter().enumerate() {
        let dc = Off::new("DC", Level::Street, Some("DQ"));
        dc.trust(&aa);
        let before = dc.json();
        let f = crate::bundle::forge(&aa, &format!("replay{i}.juwu"), vec![body.clone()]);
        let out = dc.import(&[&f]);
        assert!(!out.refused, "{:?}", out.inspections[0].problems);
        assert_eq!(out.claims.len(), 1, "{body:?}");
        let r = dc.store.read().unwrap();
        assert!(
            r.disclosures()
                .unwrap()
                .iter()
                .all(|d| d.office.as_str() == "AA01"),
            "{body:?}"
        );
        assert!(r.opinions().unwrap().is_empty());
        assert!(
            r.office(&juwu::domain::OfficeCode::parse("BB02").unwrap())
                .unwrap()
                .is_none(),
            "{body:?}"
        );
        assert_ne!(dc.json(), before);
    }
}
