//! Storage: the chain proves nothing was altered, projections rebuild to the
//! same state, schema versions, and random action sequences keep every
//! invariant.

use crate::support::common;

use common::*;
use juwu::domain::*;
use juwu::store::{SCHEMA_VERSION, Store, StoreError};
use proptest::prelude::*;

#[test]
fn flipping_one_byte_makes_verify_fail_and_name_it() {
    let f = Fixture::new();
    let id = f.draft("x", Category::Government, Scope::Public, t(2026, 3, 1));
    f.publish(&id, d(2026, 3, 10));
    assert!(f.store.verify(false).unwrap().ok());
    f.store.tamper_for_tests("QH01", 4, 40).unwrap();
    let r = f.store.verify(false).unwrap();
    assert!(!r.ok());
    assert!(
        r.chain_errors
            .iter()
            .any(|e| e.contains("QH01 #4") || e.contains("QH01 #5")),
        "{:?}",
        r.chain_errors
    );
    // --rebuild refuses to paper over a broken chain.
    let r = f.store.verify(true).unwrap();
    assert!(!r.rebuilt);
}

#[test]
fn rebuild_gives_exactly_the_incremental_projections() {
    let f = Fixture::new();
    let id = f.draft("x", Category::Government, Scope::Public, t(2026, 3, 1));
    f.publish(&id, d(2026, 3, 10));
    let o = f.log(OpinionKind::Question, d(2026, 3, 11), Some(&id));
    f.exec(
        DIRECTOR,
        Command::Reply {
            opinion: o,
            draft: reply(d(2026, 3, 12), Outcome::Explained),
            granted: None,
        },
        t(2026, 3, 12),
    )
    .unwrap();
    let before = juwu::report::json::to_text(
        &juwu::report::json::export(
            &f.store.read().unwrap(),
            &Calendar::builtin(),
            d(2026, 11, 29),
        )
        .unwrap(),
    );
    let r = f.store.verify(true).unwrap();
    assert!(r.ok() && r.rebuilt, "{:?}", r.projection_errors);
    let after = juwu::report::json::to_text(
        &juwu::report::json::export(
            &f.store.read().unwrap(),
            &Calendar::builtin(),
            d(2026, 11, 29),
        )
        .unwrap(),
    );
    assert_eq!(before, after);
}

#[test]
fn older_schema_is_migrated_by_rebuilding_projections() {
    let f = Fixture::new();
    let id = f.draft("x", Category::Government, Scope::Public, t(2026, 3, 1));
    let o = f.log(OpinionKind::Suggestion, d(2026, 3, 11), Some(&id));
    let path = f.dir.path().join("juwu.redb");
    f.store.set_schema_version_for_tests(1, true).unwrap();
    let Fixture { dir, store } = f;
    drop(store);
    let s = Store::open(&path).unwrap();
    assert!(
        s.verify(false).unwrap().ok(),
        "indexes restored by the migration"
    );
    assert_eq!(s.read().unwrap().open_opinion_ids().unwrap(), vec![o]);
    drop(s);
    drop(dir);
}

#[test]
fn newer_schema_and_foreign_files_are_refused_unchanged() {
    let f = Fixture::new();
    let path = f.dir.path().join("juwu.redb");
    f.store
        .set_schema_version_for_tests(SCHEMA_VERSION + 1, false)
        .unwrap();
    let Fixture { dir, store } = f;
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path).err().unwrap();
    assert!(matches!(e, StoreError::NewerSchema { .. }), "{e}");
    assert!(e.to_string().contains("newer juwu"));
    assert!(std::fs::read(&path).unwrap() == before, "nothing changed");

    let junk = dir.path().join("junk.redb");
    std::fs::write(&junk, b"this is a spreadsheet, not a register").unwrap();
    let e = Store::open(&junk).err().unwrap();
    assert!(matches!(e, StoreError::NotJuwu(_)), "{e}");
    assert!(std::fs::read(&junk).unwrap() == b"this is a spreadsheet, not a register");

    // A redb database that is not juwu's.
    let other = dir.path().join("other.redb");
    {
        let db = redb::Database::create(&other).unwrap();
        let w = db.begin_write().unwrap();
        w.open_table(redb::TableDefinition::<&str, u64>::new("stuff"))
            .unwrap()
            .insert("a", &1)
            .unwrap();
        w.commit().unwrap();
    }
    assert!(matches!(Store::open(&other), Err(StoreError::NotJuwu(_))));
}

#[test]
fn a_second_open_is_refused_while_the_first_holds_it() {
    let f = Fixture::new();
    let path = f.dir.path().join("juwu.redb");
    let e = Store::open(&path).err().unwrap();
    assert!(matches!(e, StoreError::Locked(_)), "{e}");
    assert!(e.to_string().contains("is open in another juwu window"));
}

#[test]
fn unknown_office_is_refused() {
    let f = Fixture::new();
    let e = f
        .exec(
            SUPERVISOR,
            Command::RecordCheck {
                target: Some(OfficeCode::parse("ZZ99").unwrap()),
                period: Period::parse("2026-Q3").unwrap(),
                checked_on: d(2026, 10, 1),
                members: vec!["x".into()],
                aspects: vec![],
                findings: vec![],
                summary: String::new(),
            },
            t(2026, 10, 1),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown office 'ZZ99'"), "{e}");
}

/// One random step of the property test.
#[derive(Debug, Clone)]
enum Op {
    Draft(u8),
    Sign(u8, u8),
    Submit(u8),
    Approve(u8),
    Return(u8),
    Publish(u8),
    Correct(u8),
    Archive(u8),
    Revise(u8),
    Log(u8),
    Reply(u8),
    Pause(u8),
    Resume(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<u8>().prop_map(Op::Draft),
        4 => (any::<u8>(), 0u8..3).prop_map(|(a, b)| Op::Sign(a, b)),
        2 => any::<u8>().prop_map(Op::Submit),
        2 => any::<u8>().prop_map(Op::Approve),
        1 => any::<u8>().prop_map(Op::Return),
        2 => any::<u8>().prop_map(Op::Publish),
        1 => any::<u8>().prop_map(Op::Correct),
        1 => any::<u8>().prop_map(Op::Archive),
        1 => any::<u8>().prop_map(Op::Revise),
        2 => any::<u8>().prop_map(Op::Log),
        2 => any::<u8>().prop_map(Op::Reply),
        1 => any::<u8>().prop_map(Op::Pause),
        1 => any::<u8>().prop_map(Op::Resume),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_action_sequences_keep_every_invariant(ops in proptest::collection::vec(op(), 1..60)) {
        let f = Fixture::new();
        let mut items: Vec<String> = vec![];
        let mut opinions: Vec<String> = vec![];
        let pick = |v: &Vec<String>, i: u8| if v.is_empty() { "QH01-2026-9999".to_string() } else { v[i as usize % v.len()].clone() };
        let day = d(2026, 4, 1);
        for (step, o) in ops.iter().enumerate() {
            let now = t(2026, 4, 1) + chrono::Duration::minutes(step as i64);
            let today = day + chrono::Duration::days(step as i64 / 4);
            let (who, cmd) = match o {
                Op::Draft(i) => (CLERK, Command::Draft { fields: fields(&format!("item {i}"), Category::ALL[*i as usize % 6], Scope::ALL[*i as usize % 3]), basis: Basis::Active, request: None }),
                Op::Sign(i, r) => ([SECRETARY, DIRECTOR, FINANCE][*r as usize], Command::Sign { id: pick(&items, *i) }),
                Op::Submit(i) => (CLERK, Command::Submit { id: pick(&items, *i), on: today, planned_on: Some(today + chrono::Duration::days(9)) }),
                Op::Approve(i) => (SUPERVISOR, Command::Approve { id: pick(&items, *i), note: "ok".into() }),
                Op::Return(i) => (SUPERVISOR, Command::Return { id: pick(&items, *i), amendments: "改".into() }),
                Op::Publish(i) => (CLERK, Command::Publish { id: pick(&items, *i), on: today, forms: None, seal: "章".into() }),
                Op::Correct(i) => (CLERK, Command::Correct { id: pick(&items, *i), fields: fields("更正", Category::Other, Scope::Public), explanation: "错".into() }),
                Op::Archive(i) => (DIRECTOR, Command::Archive { id: pick(&items, *i), on: today }),
                Op::Revise(i) => (CLERK, Command::Revise { id: pick(&items, *i), fields: fields("修订", Category::Other, Scope::Public) }),
                Op::Log(i) => (CLERK, Command::LogOpinion { draft: juwu::domain::workflow::OpinionDraft {
                    received_at: today.and_hms_opt(9, 0, 0).unwrap(), channel: Channel::ALL[*i as usize % 7], from: None,
                    kind: OpinionKind::ALL[*i as usize % 6], about: None, text: "t".into(), routed_to: None, box_opening: None }, on_the_spot: None }),
                Op::Reply(i) => (DIRECTOR, Command::Reply { opinion: pick(&opinions, *i), draft: reply(today, Outcome::Explained), granted: None }),
                Op::Pause(i) => (CLERK, Command::Pause { id: pick(&opinions, *i), on: today, reason: "补充".into() }),
                Op::Resume(i) => (CLERK, Command::Resume { id: pick(&opinions, *i), on: today }),
            };
            let before = f.store.read().unwrap().event_count().unwrap();
            match f.exec(who, cmd, now) {
                Ok(evs) => {
                    for e in evs {
                        match e.body {
                            EventBody::DisclosureDrafted { id, .. } => items.push(id),
                            EventBody::OpinionReceived { opinion } => opinions.push(opinion.id),
                            _ => {}
                        }
                    }
                }
                Err(_) => {
                    // A refusal appends nothing.
                    prop_assert_eq!(f.store.read().unwrap().event_count().unwrap(), before);
                }
            }
        }
        let r = f.store.read().unwrap();
        for dd in r.disclosures().unwrap() {
            match dd.status {
                Status::Signed | Status::InReview | Status::Approved => prop_assert!(dd.fully_signed(), "{} {:?}", dd.id, dd.status),
                Status::Published | Status::Superseded | Status::Archived => prop_assert!(dd.publication.is_some()),
                _ => {}
            }
            if let Some(by) = &dd.superseded_by {
                let c = r.disclosure(by).unwrap().unwrap();
                prop_assert_eq!(c.supersedes.as_deref(), Some(dd.id.as_str()));
                prop_assert!(c.status.was_published());
            }
        }
        // Nothing published was ever revised.
        let mut published = std::collections::HashSet::new();
        for e in r.events("QH01", 1, u64::MAX).unwrap() {
            match &e.env.body {
                EventBody::DisclosurePublished { id, .. } => { published.insert(id.clone()); }
                EventBody::DisclosureRevised { id, .. } | EventBody::DisclosureSigned { id, .. } => prop_assert!(!published.contains(id)),
                _ => {}
            }
        }
        drop(r);
        let v = f.store.verify(false).unwrap();
        prop_assert!(v.ok(), "{:?} {:?}", v.chain_errors, v.projection_errors);
    }
}

/// Restoring over an existing file is refused in the UI language (the
/// Chinese message repeated the English sentence).
#[test]
fn restoring_over_a_file_is_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("there.redb");
    std::fs::write(&path, b"x").unwrap();
    let code = juwu::domain::OfficeCode::parse("QH01").unwrap();
    let e = match juwu::store::Store::restore_from_logs(&path, &code, &[]) {
        Err(e) => e,
        Ok(_) => panic!("restored over a file"),
    };
    let zh = e.message(true);
    assert!(zh.contains("已存在") && !zh.contains("restore"), "{zh}");
    assert!(
        e.to_string()
            .contains("already exists: restore into a new file")
    );
}

/// The own log of an office kept by an older juwu: its office, then an
/// operator whose PIN hash was written into the log.
fn old_log_with_pin_hash(hash: &str) -> Vec<Vec<u8>> {
    let code = OfficeCode::parse("QH01").unwrap();
    let bodies = vec![
        EventBody::OfficeCreated {
            office: office("QH01", Some("DC")),
        },
        EventBody::OperatorAdded {
            operator: Operator {
                name: "王小明".into(),
                role: Role::Clerk,
                pin_hash: Some(hash.to_string()),
                active: true,
            },
        },
    ];
    let mut prev = String::new();
    let mut out = vec![];
    for (i, body) in bodies.into_iter().enumerate() {
        let env = Envelope {
            v: juwu::domain::events::ENVELOPE_VERSION,
            office: code.clone(),
            seq: i as u64 + 1,
            prev_hash: prev.clone(),
            recorded_at: t(2026, 1, 5),
            operator: "system".into(),
            body,
        };
        let bytes = serde_json::to_vec(&env).unwrap();
        prev = juwu::store::codec::hash_hex(&bytes);
        out.push(bytes);
    }
    out
}

/// Issue 11 point 4: a PIN hash an older juwu wrote into the log is copied
/// into the local table marked exposed, when a backup of such an office is
/// restored and when such a database is opened (upgraded); a new PIN is
/// clean. On main there is no local table: the log's hash is the PIN.
#[test]
fn log_pin_hashes_are_adopted_as_exposed_on_restore_and_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let hash = juwu::store::pin::hash_pin("2468").unwrap();
    let path = dir.path().join("restored.redb");
    let own = OfficeCode::parse("QH01").unwrap();
    let s = Store::restore_from_logs(&path, &own, &[(own.clone(), old_log_with_pin_hash(&hash))])
        .unwrap();
    let p = s.read().unwrap().pin("王小明").unwrap().unwrap();
    assert!(p.exposed && p.hash == hash, "{p:?}");

    // Upgrade: a schema-4 file without the local table's entries.
    s.replace_local_pins(&Default::default()).unwrap();
    s.set_schema_version_for_tests(4, false).unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    let p = s.read().unwrap().pin("王小明").unwrap().unwrap();
    assert!(p.exposed && p.hash == hash, "{p:?}");
    assert!(s.verify(false).unwrap().ok());
    // The exposed PIN still closes the kiosk (someone must be able to
    // leave it), with the operators as the kiosk command reads them.
    let ops = s.read().unwrap().operators().unwrap();
    assert_eq!(ops[0].pin_hash.as_deref(), Some(hash.as_str()));
    let mut th = juwu::service::office::Throttle::default();
    assert_eq!(
        juwu::service::office::try_kiosk_pin(Some(&s), &ops, &mut th, "2468", t(2026, 2, 1))
            .unwrap(),
        juwu::service::office::PinOutcome::Right { exposed: false }
    );

    // `operator list` says whose PIN must change.
    drop(s);
    let o = crate::support::run::juwu(&path, crate::support::run::Env::EN, &["operator", "list"]);
    let out = crate::support::run::text(&o);
    assert!(
        out.contains("王小明\tclerk\t (PIN exposed in the log by an older juwu: set a new one)"),
        "{out}"
    );
    let s = Store::open(&path).unwrap();
    // A new PIN: kept here, not exposed, and the log is unchanged.
    let before = s.read().unwrap().events("QH01", 1, u64::MAX).unwrap().len();
    juwu::service::office::set_pin(&s, "王小明", "1357").unwrap();
    let p = s.read().unwrap().pin("王小明").unwrap().unwrap();
    assert!(!p.exposed && juwu::store::pin::pin_matches("1357", &p.hash));
    assert_eq!(
        s.read().unwrap().events("QH01", 1, u64::MAX).unwrap().len(),
        before
    );
}
