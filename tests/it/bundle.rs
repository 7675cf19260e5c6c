//! Sync by bundles through the library API: round trip, idempotence,
//! acknowledgements, relay, key rotation, and every refusal changing
//! nothing (checked with the canonical JSON export and the log heads).

use crate::support::bundle as bundle_support;

use bundle_support::*;
use juwu::domain::Level;
use juwu::sync::format::FormatError;
use juwu::sync::{self, Problem, SigStatus, SyncError};

fn street() -> Off {
    Off::new("DC", Level::Street, Some("DQ"))
}

/// Imports a bundle that must be refused; checks nothing changed and
/// returns the problems.
fn refused(at: &Off, file: &std::path::Path) -> Vec<Problem> {
    let json = at.json();
    let heads = at.heads();
    let peers = at.store.peers().unwrap();
    let trust = at.store.trusted().unwrap();
    let out = at.import(&[file]);
    assert!(out.refused, "{:?}", out.inspections[0].problems);
    assert!(!out.applied);
    assert_eq!(at.json(), json, "a refused import changed the registers");
    assert_eq!(at.heads(), heads);
    assert_eq!(at.store.peers().unwrap(), peers);
    assert_eq!(at.store.trusted().unwrap(), trust);
    out.inspections
        .into_iter()
        .flat_map(|i| i.problems)
        .collect()
}

/// Reading fails before any check against the database.
fn unreadable(at: &Off, file: &std::path::Path) -> FormatError {
    let json = at.json();
    let r = sync::import(&at.store, &[file.to_path_buf()], at.tick(), &mut |_, _| {});
    assert_eq!(at.json(), json);
    match r {
        Err(SyncError::Format { err, .. }) => err,
        other => panic!("expected a format error, got {other:?}"),
    }
}

#[test]
fn round_trip_the_records_of_a_read_the_same_at_b() {
    let qh = community("QH01");
    qh.draft(12);
    let dc = street();
    dc.trust(&qh);
    let f = qh.export("qh-dc.juwu", Some(&dc), false, false);
    let i = sync::inspect(&dc.store, &f, dc.tick()).unwrap();
    assert!(i.ok(), "{:?}", i.problems);
    assert_eq!(i.signer, SigStatus::Verified);
    assert_eq!(i.new_events(), 14);
    let out = dc.import(&[&f]);
    assert!(out.applied && !out.refused);
    assert_eq!(out.added.get("QH01"), Some(&14));
    // Every QH01 record reads the same at DC as at QH01.
    let a = qh.store.read().unwrap();
    let b = dc.store.read().unwrap();
    let mine: Vec<_> = a.disclosures().unwrap();
    assert_eq!(mine.len(), 12);
    assert_eq!(b.disclosures().unwrap(), mine);
    assert_eq!(
        b.office(&qh.code).unwrap().unwrap(),
        a.office(&qh.code).unwrap().unwrap()
    );
    assert_eq!(a.events("QH01", 1, 99).unwrap().len(), 14);
    let (ea, eb) = (
        a.events("QH01", 1, 99).unwrap(),
        b.events("QH01", 1, 99).unwrap(),
    );
    assert!(ea.iter().zip(&eb).all(|(x, y)| x.bytes == y.bytes));
    assert!(dc.store.verify(false).unwrap().ok());
    // Where it came from is known.
    let r = dc.store.received_range("QH01", 5).unwrap().unwrap();
    assert_eq!((r.from, r.to, r.exporter.as_str()), (1, 14, "QH01"));
}

#[test]
fn the_same_bundle_twice_or_an_older_one_changes_nothing() {
    let qh = community("QH01");
    qh.draft(3);
    let dc = street();
    dc.trust(&qh);
    let old = qh.export("old.juwu", Some(&dc), true, false);
    qh.draft(2);
    let new = qh.export("new.juwu", Some(&dc), true, false);
    assert!(dc.import(&[&new]).applied);
    let json = dc.json();
    let peers = dc.store.peers().unwrap();
    for f in [&new, &old] {
        let out = dc.import(&[f]);
        assert!(!out.refused, "{:?}", out.inspections[0].problems);
        assert!(!out.applied, "importing {f:?} again wrote something");
        assert_eq!(out.events_added(), 0);
        assert_eq!(out.inspections[0].new_events(), 0);
        assert!(!out.inspections[0].newer_than_last);
        assert_eq!(dc.json(), json);
        assert_eq!(dc.store.peers().unwrap(), peers);
    }
}

#[test]
fn acknowledgements_make_the_next_export_send_only_what_is_missing() {
    let qh = community("QH01");
    qh.draft(5);
    let dc = street();
    dc.trust(&qh);
    qh.trust(&dc);
    let b1 = qh.export("1.juwu", Some(&dc), false, false);
    dc.import(&[&b1]);
    // DC answers; its bundle says it holds QH01 up to #7.
    let back = dc.export("back.juwu", Some(&qh), false, false);
    let out = qh.import(&[&back]);
    assert!(out.applied, "{:?}", out.inspections[0].problems);
    assert_eq!(out.inspections[0].they_hold_ours.as_ref().unwrap().seq, 7);
    qh.draft(3);
    let b2 = qh.export("2.juwu", Some(&dc), false, false);
    let parsed = sync::load(&b2).unwrap().parsed;
    let own = &parsed.header.logs[0];
    assert_eq!(
        (own.from, own.to),
        (8, 10),
        "only the unacknowledged events"
    );
    assert_eq!(dc.import(&[&b2]).added.get("QH01"), Some(&3));
    // --all still sends everything.
    let all = qh.export("all.juwu", Some(&dc), true, false);
    assert_eq!(sync::load(&all).unwrap().parsed.header.logs[0].from, 1);
    // The status knows what was sent and acknowledged.
    let peers = qh.store.peers().unwrap();
    let p = &peers["DC"];
    assert_eq!(p.holds["QH01"].seq, 7);
    assert_eq!(p.last_sent.as_ref().unwrap().file, "all.juwu");
    assert!(p.last_received.is_some());
}

#[test]
fn relay_community_street_district_with_signatures_intact() {
    let qh = community("QH01");
    qh.draft(4);
    let ly = community("LY01");
    ly.draft(2);
    let dc = street();
    dc.draft(1);
    let dq = Off::new("DQ", Level::District, None);
    dc.trust(&qh);
    dc.trust(&ly);
    for f in [
        qh.export("qh.juwu", Some(&dc), false, false),
        ly.export("ly.juwu", Some(&dc), false, false),
    ] {
        assert!(dc.import(&[&f]).applied);
    }
    let up = dc.export("up.juwu", Some(&dq), false, true);
    let parsed = sync::load(&up).unwrap().parsed;
    let offices: Vec<_> = parsed
        .header
        .logs
        .iter()
        .map(|l| l.office.to_string())
        .collect();
    assert_eq!(offices, ["DC", "LY01", "QH01"]);
    // The district trusts the street only: the communities' logs are left
    // out (each log is all or nothing), the street's own applies.
    dq.trust(&dc);
    let out = dq.import(&[&up]);
    assert!(!out.refused);
    assert_eq!(out.events_added(), 3);
    assert_eq!(
        out.left_out.iter().cloned().collect::<Vec<_>>(),
        ["LY01", "QH01"]
    );
    let p = &out.inspections[0].problems;
    assert!(
        p.iter()
            .any(|p| matches!(p, Problem::UnknownLog { office, .. } if office == "QH01")),
        "{p:?}"
    );
    // Knowing each community's key, it verifies them without trusting DC for their content.
    dq.trust(&qh);
    dq.trust(&ly);
    let i = sync::inspect(&dq.store, &up, dq.tick()).unwrap();
    assert!(i.ok(), "{:?}", i.problems);
    assert!(i.logs.iter().all(|l| l.checkpoint == SigStatus::Verified));
    assert!(i.logs.iter().filter(|l| l.relayed).count() == 2);
    let out = dq.import(&[&up]);
    assert_eq!(out.events_added(), 6 + 4);
    let r = dq.store.read().unwrap();
    assert_eq!(
        r.disclosures().unwrap(),
        dc.store.read().unwrap().disclosures().unwrap()
    );
    assert_eq!(r.disclosures().unwrap().len(), 7);
}

#[test]
fn a_street_cannot_alter_a_relayed_log() {
    let qh = community("QH01");
    qh.draft(3);
    let dc = street();
    let dq = Off::new("DQ", Level::District, None);
    dc.trust(&qh);
    dc.import(&[&qh.export("qh.juwu", Some(&dc), false, false)]);
    let up = dc.export("up.juwu", Some(&dq), false, true);
    dq.trust(&dc);
    dq.trust(&qh);
    // DC rewrites the title of a QH01 item, rebuilds the chain and signs the
    // bundle with its own (trusted) key; QH01's signed head no longer fits.
    let loaded = sync::load(&up).unwrap().parsed;
    let mut header = loaded.header.clone();
    let mut logs: Vec<Vec<Vec<u8>>> = vec![];
    for (li, events) in loaded.logs.iter().enumerate() {
        let mut prev = header.logs[li].prev_hash.clone();
        let mut out = vec![];
        for juwu::store::StoredEvent { env, bytes, .. } in events {
            let mut env = env.clone();
            let mut b = bytes.clone();
            if env.office.as_str() == "QH01" {
                if let juwu::domain::EventBody::DisclosureDrafted { fields, .. } = &mut env.body {
                    fields.title = fields.title.replace("公开事项", "已删除");
                }
                env.prev_hash = prev.clone();
                b = serde_json::to_vec(&env).unwrap();
            }
            prev = juwu::store::codec::hash_hex(&b);
            out.push(b);
        }
        header.logs[li].checkpoint.hash = prev;
        logs.push(out);
    }
    let forged = juwu::sync::format::write(header, &logs, &dc.key).unwrap();
    let f = dc.dir.path().join("forged.juwu");
    std::fs::write(&f, forged).unwrap();
    let out = dq.import(&[&f]);
    assert!(out.left_out.contains("QH01"));
    assert!(!dq.heads().contains_key("QH01"));
    let p = &out.inspections[0].problems;
    assert!(
        p.iter()
            .any(|p| matches!(p, Problem::BadCheckpoint { office, .. } if office == "QH01")),
        "{p:?}"
    );
}

#[test]
fn refused_flipped_byte_truncated_and_bad_or_missing_signature() {
    let qh = community("QH01");
    qh.draft(4);
    let dc = street();
    dc.trust(&qh);
    let f = qh.export("b.juwu", Some(&dc), false, false);
    let bytes = std::fs::read(&f).unwrap();
    let bad = qh.dir.path().join("bad.juwu");
    // A flipped byte in the middle.
    let mut b = bytes.clone();
    b[bytes.len() / 2] ^= 0x10;
    std::fs::write(&bad, &b).unwrap();
    assert_eq!(unreadable(&dc, &bad), FormatError::HashMismatch);
    // Truncated.
    std::fs::write(&bad, &bytes[..bytes.len() - 300]).unwrap();
    assert!(matches!(
        unreadable(&dc, &bad),
        FormatError::Truncated { .. }
    ));
    // Missing signature: the trailer cut off.
    std::fs::write(&bad, &bytes[..bytes.len() - 64]).unwrap();
    let e = unreadable(&dc, &bad);
    assert!(matches!(e, FormatError::Truncated { .. }), "{e}");
    assert!(e.to_string().contains("copy it again"));
    // A bad signature: the last byte of the signature changed.
    let mut b = bytes.clone();
    let n = b.len();
    b[n - 1] ^= 0x01;
    std::fs::write(&bad, &b).unwrap();
    let p = refused(&dc, &bad);
    assert_eq!(
        p,
        vec![Problem::BadSignature {
            office: "QH01".into()
        }]
    );
    // Signed by another key than the one trusted.
    let other = juwu::sync::keys::OfficeKey::generate().unwrap();
    let body = juwu::sync::format::body_of(&bytes).unwrap().to_vec();
    std::fs::write(&bad, juwu::sync::format::seal(body, &other).unwrap()).unwrap();
    let p = refused(&dc, &bad);
    assert_eq!(
        p,
        vec![Problem::BadSignature {
            office: "QH01".into()
        }]
    );
    // Not a bundle at all.
    std::fs::write(&bad, "hello").unwrap();
    assert_eq!(unreadable(&dc, &bad), FormatError::NotBundle);
    // And the good one still imports.
    assert!(dc.import(&[&f]).applied);
}

#[test]
fn refused_unknown_or_removed_signer_and_other_recipient() {
    let qh = community("QH01");
    qh.draft(2);
    let dc = street();
    let ly = community("LY01");
    let f = qh.export("b.juwu", Some(&dc), false, false);
    let p = refused(&dc, &f);
    match &p[0] {
        Problem::UnknownSigner { office, key } => {
            assert_eq!(office, "QH01");
            assert_eq!(key, &qh.key.public_hex());
            let text = p[0].text(juwu::i18n::Lang::En);
            assert!(text.contains(&juwu::sync::keys::fingerprint(key)), "{text}");
            assert!(
                text.contains("juwu trust add --office QH01 --key"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    dc.trust(&qh);
    let mut e = dc.store.trusted().unwrap().remove("QH01").unwrap();
    e.removed_at = Some(t(2026, 3, 1));
    dc.store.put_trust(&e).unwrap();
    assert_eq!(
        refused(&dc, &f),
        vec![Problem::RemovedSigner {
            office: "QH01".into()
        }]
    );
    // Addressed to DC, imported at LY01.
    ly.trust(&qh);
    assert_eq!(
        refused(&ly, &f),
        vec![Problem::NotForUs {
            recipient: "DC".into(),
            own: "LY01".into()
        }]
    );
    // A bundle for any office is accepted anywhere.
    let any = qh.export("any.juwu", None, false, false);
    assert!(ly.import(&[&any]).applied);
}

#[test]
fn refused_decompression_bomb() {
    let qh = community("QH01");
    qh.draft(30);
    let dc = street();
    dc.trust(&qh);
    let f = qh.export("b.juwu", Some(&dc), false, false);
    let bytes = std::fs::read(&f).unwrap();
    let (header, payload) = split(&bytes);
    let bad = qh.dir.path().join("bomb.juwu");
    // Declares fewer bytes than the payload inflates to.
    let mut h = header.clone();
    h["raw_len"] = serde_json::json!(1000);
    h["logs"][0]["raw_len"] = serde_json::json!(1000);
    std::fs::write(&bad, assemble(&h, &payload, &qh.key)).unwrap();
    assert_eq!(unreadable(&dc, &bad), FormatError::Bomb(1000));
    // A real bomb: 64 MiB of zeros in a few kilobytes, declared as 100 bytes.
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        std::io::Write::write_all(&mut enc, &zeros).unwrap();
    }
    let boom = enc.finish().unwrap();
    assert!(boom.len() < 200_000);
    let mut h = header.clone();
    h["raw_len"] = serde_json::json!(100);
    h["logs"][0]["raw_len"] = serde_json::json!(100);
    std::fs::write(&bad, assemble(&h, &boom, &qh.key)).unwrap();
    assert!(matches!(
        unreadable(&dc, &bad),
        FormatError::Bomb(100) | FormatError::BadPayload(_)
    ));
    // Declaring more than the fixed limit is refused before inflating.
    let mut h = header.clone();
    let huge = juwu::sync::format::MAX_RAW + 1;
    h["raw_len"] = serde_json::json!(huge);
    h["logs"][0]["raw_len"] = serde_json::json!(huge);
    std::fs::write(&bad, assemble(&h, &boom, &qh.key)).unwrap();
    assert_eq!(unreadable(&dc, &bad), FormatError::TooLarge(huge));
}

#[test]
fn refused_gap_says_which_range_to_ask_for() {
    let qh = community("QH01");
    qh.draft(3);
    let dc = street();
    dc.trust(&qh);
    qh.trust(&dc);
    dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)]);
    qh.import(&[&dc.export("ack.juwu", Some(&qh), false, false)]);
    qh.draft(2);
    let b2 = qh.export("2.juwu", Some(&dc), false, false);
    // Another street database that never got the first bundle.
    let dc2 = Off::new("DC", Level::Street, Some("DQ"));
    dc2.trust(&qh);
    let p = refused(&dc2, &b2);
    assert_eq!(
        p,
        vec![Problem::Gap {
            office: "QH01".into(),
            held: 0,
            missing_from: 1,
            missing_to: 5
        }]
    );
    let text = p[0].text(juwu::i18n::Lang::En);
    assert!(text.contains("#1..#5"), "{text}");
    // Both bundles in one import fill the gap, whatever their order.
    let b1 = qh.export("all.juwu", Some(&dc), true, false);
    let out = dc2.import(&[&b2, &b1]);
    assert!(out.applied, "{:?}", out.inspections[0].problems);
    assert_eq!(dc2.heads()["QH01"].seq, 7);
}

#[test]
fn refused_fork_is_recorded_with_evidence() {
    let qh = community("QH01");
    qh.draft(3);
    let dc = street();
    dc.trust(&qh);
    dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)]);
    // A copy of QH01's database (with its key) goes its own way.
    let twin_dir = tempfile::tempdir().unwrap();
    let twin_db = twin_dir.path().join("office.redb");
    std::fs::copy(qh.db(), &twin_db).unwrap();
    qh.draft(1);
    let good = qh.export("good.juwu", Some(&dc), false, false);
    assert!(dc.import(&[&good]).applied);
    let twin = juwu::store::Store::open(&twin_db).unwrap();
    draft_in(&twin, "另一种历史", t(2026, 5, 1));
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
        t(2026, 5, 2),
    )
    .unwrap();
    let p = refused(&dc, &forked);
    assert_eq!(
        p,
        vec![Problem::Fork {
            office: "QH01".into(),
            seq: 6
        }]
    );
    let alerts = dc.store.alerts().unwrap();
    assert_eq!(alerts.len(), 1);
    let a = &alerts[0];
    assert_eq!((a.office.as_str(), a.seq), ("QH01", 6));
    assert_eq!(
        a.held_hash,
        dc.store.event_hash("QH01", 6).unwrap().unwrap()
    );
    assert_ne!(a.held_hash, a.offered_hash);
    let held = juwu::sync::describe::source(juwu::i18n::Lang::En, &a.held_from);
    let offered = juwu::sync::describe::source(juwu::i18n::Lang::En, &a.offered_from);
    assert!(held.contains("good.juwu"), "{held}");
    assert!(offered.contains("forked.juwu"), "{offered}");
    let cp = a.offered_checkpoint.as_ref().unwrap();
    assert!(juwu::sync::keys::verify(
        &qh.key.public_hex(),
        &juwu::sync::keys::checkpoint_message("QH01", cp.seq, &cp.hash),
        &cp.signature
    ));
    // The same fork offered again is not recorded twice.
    refused(&dc, &forked);
    assert_eq!(dc.store.alerts().unwrap().len(), 1);
}

#[test]
fn a_fork_alert_keeps_its_sources_as_typed_fields_not_english_sentences() {
    // Issue 9: alerts stored English sentences ("bundle X from QH01 made
    // …") and parsed them back to translate them.
    let qh = community("QH01");
    qh.draft(3);
    let dc = street();
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
    bundle_support::draft_in(&twin, "另一种历史", t(2026, 5, 1));
    let forked = twin_dir.path().join("forked.juwu");
    sync::export_bundle(
        &twin,
        &qh.key,
        &sync::ExportOptions {
            to: Some(dc.code.clone()),
            all: true,
            relay: false,
        },
        &forked,
        t(2026, 5, 2),
    )
    .unwrap();
    assert!(!dc.import(&[&forked]).applied);
    let state = serde_json::to_value(dc.store.sync_state().unwrap()).unwrap();
    let a = &state["alerts"][0];
    assert_eq!(a["held_from"]["kind"], "held_since", "{a}");
    assert_eq!(a["held_from"]["bundle"]["file"], "good.juwu", "{a}");
    assert_eq!(a["offered_from"]["kind"], "bundle", "{a}");
    assert_eq!(a["offered_from"]["file"], "forked.juwu", "{a}");
}

#[test]
fn key_rotation_signed_by_the_old_key_is_followed() {
    let qh = community("QH01");
    qh.draft(2);
    let dc = street();
    dc.trust(&qh);
    dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)]);
    let old = qh.key.public_hex();
    let (new, seq) = sync::rotate_key(&qh.store, t(2026, 4, 1)).unwrap();
    assert_ne!(new, old);
    let key = sync::load_own_key(&qh.store).unwrap();
    assert_eq!(key.public_hex(), new);
    let f = qh.dir.path().join("2.juwu");
    sync::export_bundle(
        &qh.store,
        &key,
        &sync::ExportOptions {
            to: Some(dc.code.clone()),
            all: false,
            relay: false,
        },
        &f,
        t(2026, 4, 2),
    )
    .unwrap();
    let out = dc.import(&[&f]);
    assert!(out.applied, "{:?}", out.inspections[0].problems);
    assert_eq!(
        out.inspections[0].logs[0].rotations,
        vec![(seq, new.clone())]
    );
    let tr = &dc.store.trusted().unwrap()["QH01"];
    assert_eq!(tr.key, new);
    assert_eq!(tr.since_seq, seq);
    assert_eq!(
        dc.store
            .read()
            .unwrap()
            .office(&qh.code)
            .unwrap()
            .unwrap()
            .public_key,
        Some(new.clone())
    );
    // A rotation not signed by the trusted key is refused.
    let thief = juwu::sync::keys::OfficeKey::generate().unwrap();
    let sig = thief.sign(&juwu::sync::keys::rotation_message(
        "QH01",
        &thief.public_hex(),
    ));
    qh.store
        .record_key_rotation(&thief.public_hex(), &sig, t(2026, 4, 3))
        .unwrap();
    let f = qh.dir.path().join("3.juwu");
    sync::export_bundle(
        &qh.store,
        &thief,
        &sync::ExportOptions::default(),
        &f,
        t(2026, 4, 4),
    )
    .unwrap();
    let p = refused(&dc, &f);
    assert!(
        p.contains(&Problem::BadRotation {
            office: "QH01".into(),
            seq: seq + 1
        }),
        "{p:?}"
    );
}

#[test]
fn rebuild_keeps_the_sync_tables() {
    let qh = community("QH01");
    qh.draft(2);
    let dc = street();
    dc.trust(&qh);
    dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)]);
    let before = (
        dc.store.trusted().unwrap(),
        dc.store.peers().unwrap(),
        dc.store.checkpoints().unwrap(),
    );
    let r = dc.store.verify(true).unwrap();
    assert!(r.ok() && r.rebuilt);
    assert_eq!(
        before,
        (
            dc.store.trusted().unwrap(),
            dc.store.peers().unwrap(),
            dc.store.checkpoints().unwrap(),
        )
    );
    // And a bundle never leaves a temporary file behind.
    let names: Vec<_> = std::fs::read_dir(qh.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
}

/// A bundle of `off`'s whole log with `extra` events appended to it, each
/// chained and the head signed by `off`'s own (valid, trusted) key: a log
/// that is well signed but speaks for other offices.
pub(crate) fn forge(
    off: &Off,
    name: &str,
    extra: Vec<juwu::domain::EventBody>,
) -> std::path::PathBuf {
    let plain = off.export(&format!("plain-{name}"), None, true, false);
    let loaded = sync::load(&plain).unwrap().parsed;
    let mut header = loaded.header.clone();
    let mut logs: Vec<Vec<Vec<u8>>> = loaded
        .logs
        .iter()
        .map(|l| l.iter().map(|e| e.bytes.clone()).collect())
        .collect();
    let last = loaded.logs[0].last().unwrap().env.clone();
    let mut prev = loaded.logs[0].last().unwrap().hash.clone();
    let mut seq = last.seq;
    for body in extra {
        seq += 1;
        let env = juwu::domain::Envelope {
            seq,
            prev_hash: prev.clone(),
            body,
            ..last.clone()
        };
        let b = serde_json::to_vec(&env).unwrap();
        prev = juwu::store::codec::hash_hex(&b);
        logs[0].push(b);
    }
    let l = &mut header.logs[0];
    l.to = seq;
    l.checkpoint.seq = seq;
    l.checkpoint.hash = prev.clone();
    l.checkpoint.signature = off.key.sign(&juwu::sync::keys::checkpoint_message(
        off.code.as_str(),
        seq,
        &prev,
    ));
    let bytes = juwu::sync::format::write(header, &logs, &off.key).unwrap();
    let f = off.dir.path().join(name);
    std::fs::write(&f, bytes).unwrap();
    f
}

/// An opinion recorded by `off`'s clerk (a real one, to copy in a forgery).
fn an_opinion(off: &Off) -> juwu::domain::Opinion {
    use juwu::domain::*;
    let ev = off
        .store
        .execute(
            &off.store.actor(CLERK).unwrap(),
            &Command::LogOpinion {
                draft: juwu::domain::workflow::OpinionDraft {
                    received_at: juwu::domain::events::at(off.clock.get().date_naive(), 1, 0),
                    channel: Channel::InPerson,
                    from: None,
                    kind: OpinionKind::Question,
                    about: None,
                    text: "想了解一下".into(),
                    routed_to: None,
                    box_opening: None,
                },
                on_the_spot: None,
            },
            off.tick(),
        )
        .unwrap();
    match &ev[0].body {
        EventBody::OpinionReceived { opinion } => opinion.clone(),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_log_speaks_only_for_its_office_claims_are_kept_not_applied() {
    use juwu::domain::*;
    let aa = community("AA01");
    let bb = community("BB02");
    let dc = street();
    dc.trust(&aa);
    dc.trust(&bb);
    aa.draft(2);
    let mut planted = an_opinion(&bb);
    dc.import(&[&bb.export("bb.juwu", Some(&dc), false, false)]);
    planted.id = "AA01-YJ2026-0500".into();
    assert_eq!(planted.office.as_str(), "BB02");
    let district = Office {
        code: OfficeCode::parse("DQ").unwrap(),
        name: "改名的区".into(),
        level: Level::District,
        parent: None,
        public_key: None,
    };
    let ghost = Office {
        code: OfficeCode::parse("ZZ99").unwrap(),
        name: "幽灵单位".into(),
        level: Level::Community,
        parent: Some(aa.code.clone()),
        public_key: None,
    };
    let forged = forge(
        &aa,
        "planted.juwu",
        vec![
            EventBody::OpinionReceived { opinion: planted },
            EventBody::OfficeRegistered { office: district },
            EventBody::OfficeRegistered { office: ghost },
        ],
    );
    let bb_before: Vec<String> = {
        let r = dc.store.read().unwrap();
        r.open_opinion_ids().unwrap()
    };
    let out = dc.import(&[&forged]);
    assert!(!out.refused, "{:?}", out.inspections[0].problems);
    // Stored with its chain …
    let head = dc.heads()["AA01"].seq;
    assert_eq!(out.added["AA01"], head);
    // … but never applied to the registers.
    let r = dc.store.read().unwrap();
    assert!(r.opinion("AA01-YJ2026-0500").unwrap().is_none());
    assert_eq!(r.open_opinion_ids().unwrap(), bb_before);
    assert!(
        r.office(&OfficeCode::parse("DQ").unwrap())
            .unwrap()
            .is_none()
    );
    assert!(
        r.office(&OfficeCode::parse("ZZ99").unwrap())
            .unwrap()
            .is_none()
    );
    drop(r);
    // An alert names the office and sequence of each claim.
    let seqs: Vec<u64> = out.claims.iter().map(|c| c.seq).collect();
    assert_eq!(seqs, vec![head - 2, head - 1, head]);
    assert!(out.claims.iter().all(|c| c.office == "AA01"));
    let lines = sync::describe::imported(juwu::i18n::Lang::En, &out);
    assert!(
        lines
            .iter()
            .any(|(t, _)| t.contains(&format!("AA01 #{}", head - 2))
                && t.contains("AA01-YJ2026-0500")),
        "{lines:?}"
    );
    // `verify` and `bundle status` find them in the logs held; the JSON
    // export still reads and the log is whole.
    assert_eq!(dc.store.claims().unwrap(), out.claims);
    let st = sync::status::status(&dc.store).unwrap();
    assert_eq!(st.claims.len(), 3);
    assert!(dc.store.verify(false).unwrap().ok());
    let json = dc.json();
    assert!(
        !json.contains("AA01-YJ2026-0500"),
        "planted opinion exported"
    );
    let db = dc.db();
    let Off { dir, store, .. } = dc;
    drop(store);
    let v = crate::support::run::juwu(&db, crate::support::run::Env::EN.lang("zh"), &["verify"]);
    let text = crate::support::run::text(&v);
    assert!(v.status.success(), "{text}");
    assert!(text.contains(&format!("AA01 #{}", head - 2)), "{text}");
    assert!(text.contains("代表其他单位"), "{text}");
    let st = crate::support::run::juwu(&db, crate::support::run::Env::EN, &["bundle", "status"]);
    let text = crate::support::run::text(&st);
    assert!(st.status.success(), "{text}");
    assert!(
        text.contains(&format!(
            "AA01 #{} writes record AA01-YJ2026-0500 as BB02's",
            head - 2
        )),
        "{text}"
    );
    drop(dir);
}

/// QH01's database copied with its key, going its own way from here.
fn twin_of(qh: &Off) -> (tempfile::TempDir, juwu::store::Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.redb");
    std::fs::copy(qh.db(), &db).unwrap();
    let store = juwu::store::Store::open(&db).unwrap();
    (dir, store)
}

#[test]
fn one_forked_log_does_not_cut_off_a_street() {
    let qh = community("QH01");
    let ly = community("LY01");
    let dc = street();
    let dq = Off::new("DQ", Level::District, None);
    qh.draft(2);
    ly.draft(2);
    dc.trust(&qh);
    dc.trust(&ly);
    for o in [&dc, &qh, &ly] {
        dq.trust(o);
    }
    // The district holds QH01's log from QH01 itself …
    let (twin_dir, twin) = twin_of(&qh);
    qh.draft(1);
    assert!(
        dq.import(&[&qh.export("qh.juwu", None, true, false)])
            .applied
    );
    // … while a restored copy of QH01 wrote another #5 and sent it to the street.
    draft_in(&twin, "另一种历史", t(2026, 5, 1));
    let forked = twin_dir.path().join("forked.juwu");
    let opts = sync::ExportOptions {
        to: Some(dc.code.clone()),
        all: true,
        relay: false,
    };
    sync::export_bundle(&twin, &qh.key, &opts, &forked, t(2026, 5, 2)).unwrap();
    drop(twin);
    assert!(dc.import(&[&forked]).applied);
    assert!(
        dc.import(&[&ly.export("ly.juwu", Some(&dc), false, false)])
            .applied
    );
    dc.draft(1);
    let up = dc.export("up.juwu", Some(&dq), false, true);
    let qh_before = dq.heads()["QH01"].clone();
    let out = dq.import(&[&up]);
    // Every log that verifies applies; the forked one is left out whole,
    // with its evidence.
    assert!(!out.refused);
    assert_eq!(out.added.get("DC"), Some(&3));
    assert_eq!(out.added.get("LY01"), Some(&4));
    assert!(!out.added.contains_key("QH01"));
    assert_eq!(out.left_out.iter().cloned().collect::<Vec<_>>(), ["QH01"]);
    assert_eq!(dq.heads()["QH01"], qh_before);
    let alerts = dq.store.alerts().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!((alerts[0].office.as_str(), alerts[0].seq), ("QH01", 5));
    let words = sync::describe::imported(juwu::i18n::Lang::En, &out);
    assert!(
        words.iter().any(|(t, _)| t.contains("left out whole")),
        "{words:?}"
    );
    assert!(dq.store.verify(false).unwrap().ok());
    // The district may also choose to leave an office out.
    let dq2 = Off::new("DQ", Level::District, None);
    for o in [&dc, &qh, &ly] {
        dq2.trust(o);
    }
    let mut store = dq2.store;
    let skip = [juwu::domain::OfficeCode::parse("LY01").unwrap()];
    let done = juwu::service::bundles::import_skipping(
        &mut store,
        vec![sync::load(&up).unwrap()],
        &skip,
        t(2026, 6, 1),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(!done.outcome.refused);
    assert!(done.outcome.added.contains_key("DC"));
    assert!(done.outcome.added.contains_key("QH01"));
    assert!(!done.outcome.added.contains_key("LY01"));
    assert!(!store.read().unwrap().heads().unwrap().contains_key("LY01"));
}

#[test]
fn an_impostor_bundle_never_records_a_fork_alert() {
    let qh = community("QH01");
    qh.draft(3);
    let dc = street();
    dc.trust(&qh);
    assert!(
        dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)])
            .applied
    );
    // Someone with another key makes a QH01 whose #2.. differ.
    let fake = Off::new("QH01", juwu::domain::Level::Community, Some("DC"));
    fake.draft(3);
    let f = fake.export("fake.juwu", Some(&dc), true, false);
    let p = refused(&dc, &f);
    assert!(
        !p.iter().any(|p| matches!(p, Problem::Fork { .. })),
        "{p:?}"
    );
    assert!(dc.store.alerts().unwrap().is_empty());
    let out = dc.import(&[&f]);
    assert_eq!(out.alerts_recorded, 0);
    for l in [juwu::i18n::Lang::En, juwu::i18n::Lang::Zh] {
        let words = sync::describe::refused(l, &out);
        assert!(
            !words
                .iter()
                .any(|(t, _)| t.contains("recorded as an alert") || t.contains("记录警报")),
            "{words:?}"
        );
    }
}

#[test]
fn a_parent_rekeys_an_office_below_and_receivers_follow_with_an_alert() {
    let dq = Off::new("DQ", Level::District, None);
    let dc = street();
    let qh = community("QH01");
    qh.draft(2);
    juwu::service::bundles::roster_add(
        &dc.store,
        &qh.code,
        "清河社区",
        Level::Community,
        Some(qh.key.public_hex()),
        dc.tick(),
    )
    .unwrap();
    dq.trust(&dc);
    dq.trust(&qh);
    // The street trusts QH01 through its own roster.
    assert!(
        dc.import(&[&qh.export("1.juwu", Some(&dc), false, false)])
            .applied
    );
    assert!(
        dq.import(&[&dc.export("up1.juwu", Some(&dq), false, true)])
            .applied
    );
    // QH01 lost its key: a new one, compared by phone, goes on the roster.
    let k2 = juwu::sync::keys::OfficeKey::generate().unwrap();
    juwu::service::bundles::roster_rekey(&dc.store, &qh.code, &k2.public_hex(), dc.tick()).unwrap();
    let r = dc.store.read().unwrap().roster(&dc.code).unwrap();
    assert_eq!(r[0].1.as_deref(), Some(k2.public_hex().as_str()));
    drop(r);
    qh.draft(1);
    let f = qh.dir.path().join("2.juwu");
    let opts = sync::ExportOptions {
        to: Some(dc.code.clone()),
        all: false,
        relay: false,
    };
    sync::export_bundle(&qh.store, &k2, &opts, &f, qh.tick()).unwrap();
    assert_eq!(dc.import(&[&f]).added.get("QH01"), Some(&1));
    // The district trusted QH01's old key by hand: it follows the roster.
    let up2 = dc.export("up2.juwu", Some(&dq), false, true);
    let out = dq.import(&[&up2]);
    assert_eq!(out.rekeyed.len(), 1, "{:?}", out.inspections[0].problems);
    assert_eq!(out.rekeyed[0].0, "QH01");
    let words = sync::describe::imported(juwu::i18n::Lang::En, &out);
    assert!(
        words.iter().any(|(t, _)| t.contains("KEY CHANGED")),
        "{words:?}"
    );
    assert_eq!(dq.store.trusted().unwrap()["QH01"].key, k2.public_hex());
    // QH01's new events, signed with the new key, verify in the same import.
    assert_eq!(out.added.get("QH01"), Some(&1));
    assert!(out.left_out.is_empty());
}

#[test]
fn a_parents_roster_outweighs_the_name_a_community_wrote_at_init() {
    use juwu::domain::*;
    let dq = Off::new("DQ", Level::District, None);
    let dc_code = OfficeCode::parse("DC").unwrap();
    juwu::service::bundles::roster_add(
        &dq.store,
        &dc_code,
        "清河街道",
        Level::Street,
        None,
        dq.tick(),
    )
    .unwrap();
    // AA01 (below DC) wrote its parent's name at init, as a hint.
    let aa = community("AA01");
    aa.store
        .execute(
            &Actor::System,
            &Command::RegisterOffice {
                office: Office {
                    code: dc_code.clone(),
                    name: "社区写的街道名".into(),
                    level: Level::Street,
                    parent: None,
                    public_key: None,
                },
            },
            aa.tick(),
        )
        .unwrap();
    dq.trust(&aa);
    let out = dq.import(&[&aa.export("aa.juwu", Some(&dq), false, false)]);
    assert!(out.applied && out.claims.is_empty());
    let r = dq.store.read().unwrap();
    assert_eq!(r.office(&dc_code).unwrap().unwrap().name, "清河街道");
}

#[test]
fn a_bundle_dated_in_the_future_warns_and_does_not_freeze_acknowledgements() {
    let qh = community("QH01");
    let dc = street();
    dc.trust(&qh);
    qh.draft(1);
    let f = qh.dir.path().join("2030.juwu");
    let opts = sync::ExportOptions {
        to: Some(dc.code.clone()),
        all: false,
        relay: false,
    };
    sync::export_bundle(&qh.store, &qh.key, &opts, &f, t(2030, 1, 1)).unwrap();
    let out = dc.import(&[&f]);
    assert!(out.applied && out.inspections[0].dated_in_future);
    let words = sync::describe::imported(juwu::i18n::Lang::En, &out);
    assert!(
        words.iter().any(|(t, _)| t.contains("in the future")),
        "{words:?}"
    );
    // The clock is set right; later bundles still count.
    qh.draft(2);
    let out = dc.import(&[&qh.export("later.juwu", Some(&dc), false, false)]);
    assert!(out.applied && !out.inspections[0].dated_in_future);
    let head = qh.heads()["QH01"].seq;
    assert_eq!(dc.store.peers().unwrap()["QH01"].holds["QH01"].seq, head);
    let st = sync::status::status(&dc.store).unwrap();
    let p = st.partners.iter().find(|p| p.code == "QH01").unwrap();
    let lines = sync::describe::office_status(
        juwu::i18n::Lang::En,
        &p.view("DC", st.own_head),
        t(2026, 3, 1),
    );
    assert!(
        lines
            .iter()
            .any(|(_, t, _)| t.contains("later.juwu") && t.contains("(28 days ago)")),
        "{lines:?}"
    );
}

#[test]
fn an_unknown_event_kind_says_update_juwu_not_damaged() {
    let qh = community("QH01");
    qh.draft(1);
    let plain = qh.export("plain.juwu", None, true, false);
    let loaded = sync::load(&plain).unwrap().parsed;
    let mut header = loaded.header.clone();
    let mut logs: Vec<Vec<Vec<u8>>> = loaded
        .logs
        .iter()
        .map(|l| l.iter().map(|e| e.bytes.clone()).collect())
        .collect();
    let last = loaded.logs[0].last().unwrap();
    let mut env: serde_json::Value = serde_json::from_slice(&last.bytes).unwrap();
    let seq = last.env.seq + 1;
    env["seq"] = seq.into();
    env["prev_hash"] = last.hash.clone().into();
    env["body"] = serde_json::json!({"type": "street_roster_v9", "offices": []});
    let b = serde_json::to_vec(&env).unwrap();
    let hash = juwu::store::codec::hash_hex(&b);
    logs[0].push(b);
    header.needs = Some("0.3".into());
    let l = &mut header.logs[0];
    l.to = seq;
    l.checkpoint.seq = seq;
    l.checkpoint.hash = hash.clone();
    l.checkpoint.signature = qh
        .key
        .sign(&juwu::sync::keys::checkpoint_message("QH01", seq, &hash));
    let bytes = juwu::sync::format::write(header, &logs, &qh.key).unwrap();
    let f = qh.dir.path().join("newer.juwu");
    std::fs::write(&f, bytes).unwrap();
    let dc = street();
    dc.trust(&qh);
    let e = unreadable(&dc, &f);
    assert!(
        matches!(&e, FormatError::NewerEvent { kind, needs, .. }
            if kind == "street_roster_v9" && needs.as_deref() == Some("0.3")),
        "{e:?}"
    );
    let en = e.message(juwu::i18n::Lang::En);
    assert!(
        en.contains("made by a newer juwu (0.3)") && en.contains("update juwu"),
        "{en}"
    );
    assert!(!en.contains("unreadable"), "{en}");
    assert!(e.message(juwu::i18n::Lang::Zh).contains("请更新 juwu"));
}
