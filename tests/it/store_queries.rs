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

// ---- Reports by office, from indexes (issue 12, point 1) ----

mod by_office {
    use juwu::domain::{Calendar, OfficeCode, Period};
    use juwu::i18n::Lang;
    use juwu::report::data::OfficeData;
    use juwu::service::reports::{self, Which};
    use juwu::store::{Reader, Store};

    /// One office's data as `OfficeData::load` read it before: every item,
    /// opinion, reply and check of the database, filtered. The resolutions
    /// kept are those of the office's checks (the ones `resolution` finds).
    fn full_scan(
        r: &Reader,
        code: &OfficeCode,
        cal: &Calendar,
        today: chrono::NaiveDate,
    ) -> OfficeData {
        let office = r.office(code).unwrap().unwrap();
        let first_event = r
            .events(code.as_str(), 1, 1)
            .unwrap()
            .first()
            .map(|e| e.env.recorded_at.date_naive())
            .unwrap_or(today);
        let mine = |id: &str| juwu::domain::types::office_of_id(id) == code.as_str();
        let disclosures: Vec<juwu::domain::records::Disclosure> = r
            .disclosures()
            .unwrap()
            .into_iter()
            .filter(|d| &d.office == code)
            .collect();
        let mut opinions: Vec<juwu::store::query::OpinionState> = vec![];
        for o in r
            .opinions()
            .unwrap()
            .into_iter()
            .filter(|o| &o.office == code)
        {
            opinions.push(r.opinion_state(o, cal, today).unwrap());
        }
        let replies = r
            .replies()
            .unwrap()
            .into_iter()
            .filter(|x| mine(&x.opinion))
            .collect();
        let checks: Vec<_> = r
            .checks()
            .unwrap()
            .into_iter()
            .filter(|c| &c.target == code)
            .collect();
        let resolutions = r
            .resolutions()
            .unwrap()
            .into_iter()
            .filter(|x| checks.iter().any(|c| c.id == x.check))
            .collect();
        let statements = r
            .statements()
            .unwrap()
            .into_iter()
            .filter(|s| &s.office == code)
            .collect();
        // The day assessed from: the first event, moved back to the
        // earliest date of the records imported from earlier registers.
        let imported = disclosures
            .iter()
            .filter(|d| d.imported.is_some())
            .filter_map(|d| d.publication.as_ref().map(|p| p.on))
            .chain(
                opinions
                    .iter()
                    .filter(|o| o.opinion.source_ref.is_some())
                    .map(|o| o.opinion.received_on()),
            );
        let started = juwu::domain::schedule::office_start(first_event, imported);
        OfficeData {
            settings: r.settings(code).unwrap(),
            started,
            disclosures,
            opinions,
            replies,
            statements: juwu::domain::records::statement_views(statements),
            checks,
            resolutions,
            office,
        }
    }

    fn street() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("street.redb");
        let s = juwu::sample::generate(&p, 3, 600, 7, false).unwrap();
        assert_eq!(s.refused, 0, "{:?}", s.first_refusal);
        let store = Store::open(&p).unwrap();
        (dir, store)
    }

    #[test]
    fn each_office_read_by_range_equals_a_full_scan_of_the_database() {
        let (_dir, store) = street();
        let r = store.read().unwrap();
        let cal = Calendar::builtin();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let offices = r.offices().unwrap();
        assert!(offices.len() >= 4, "the street and its three communities");
        let (mut items, mut opinions, mut replies, mut checks, mut resolutions) = (0, 0, 0, 0, 0);
        for o in &offices {
            let new = OfficeData::load(&r, &o.code, &cal, today).unwrap().unwrap();
            let old = full_scan(&r, &o.code, &cal, today);
            assert_eq!(format!("{new:#?}"), format!("{old:#?}"), "{}", o.code);
            // The Today screen's start date, read by office too.
            assert_eq!(
                juwu::report::data::started_on(&r, &o.code, today).unwrap(),
                old.started
            );
            // Every finding's resolution is found as before (when the
            // office data held every resolution of the database).
            for c in &new.checks {
                for f in &c.findings {
                    assert_eq!(
                        new.resolution(&c.id, f.n).map(|x| format!("{x:?}")),
                        r.resolution(&c.id, f.n).unwrap().map(|x| format!("{x:?}")),
                    );
                }
            }
            items += new.disclosures.len();
            opinions += new.opinions.len();
            replies += new.replies.len();
            checks += new.checks.len();
            resolutions += new.resolutions.len();
        }
        // The comparison is not vacuous: every kind of record is there,
        // and the street's inspections are found under their targets.
        assert!(
            items > 100 && opinions > 100 && replies > 50,
            "{items} {opinions} {replies}"
        );
        assert!(checks > 3 && resolutions > 0, "{checks} {resolutions}");
        assert_eq!(checks, r.checks().unwrap().len());
    }

    #[test]
    fn cross_office_reports_read_each_record_once_and_equal_the_full_scan() {
        let (_dir, store) = street();
        let cal = Calendar::builtin();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let period = Period::parse("2026").unwrap();
        let r = store.read().unwrap();
        use juwu::store::tables::T;
        // The records a report reads (the index tables hold no records).
        let records: u64 = [
            T::Offices,
            T::Settings,
            T::Disclosures,
            T::Opinions,
            T::Replies,
            T::Statements,
            T::Checks,
            T::Resolutions,
        ]
        .iter()
        .map(|t| r.count(*t).unwrap())
        .sum();
        for which in [Which::Compliance, Which::Overdue] {
            let r = store.read().unwrap();
            let doc = reports::build(&r, which, &period, None, &cal, today, Lang::En).unwrap();
            let read = r.records_read();
            // Each office's records once (the street's own not at all),
            // with the office list and each office's entry and settings.
            assert!(
                read <= records,
                "{which:?}: {read} records read of {records}"
            );
            // The same report from the whole database filtered per office.
            let old_reader = store.read().unwrap();
            let codes = reports::offices(&old_reader, which, None).unwrap();
            assert_eq!(codes.len(), 3, "the three communities");
            let ds: Vec<_> = codes
                .iter()
                .map(|c| full_scan(&old_reader, c, &cal, today))
                .collect();
            let old =
                reports::doc(&old_reader, which, &ds, &period, &cal, today, Lang::En).unwrap();
            assert_eq!(doc.to_text(), old.to_text(), "{which:?}");
            // ... which read the whole database once per office.
            assert!(
                old_reader.records_read() > 2 * records,
                "{which:?}: the full scan read {} of {records}",
                old_reader.records_read()
            );
            assert!(doc.tables.iter().any(|t| !t.rows.is_empty()), "{which:?}");
        }
    }

    /// A schema 4 database (no index of checks by target) gets the index
    /// on open, built from the checks held, equal to what a rebuild from
    /// the logs gives.
    #[test]
    fn opening_a_schema_4_database_indexes_its_checks_by_target() {
        let (dir, store) = street();
        let before: Vec<_> = store.read().unwrap().checks().unwrap();
        drop(store);
        let p = dir.path().join("street.redb");
        {
            let db = redb::Database::open(&p).unwrap();
            let w = db.begin_write().unwrap();
            w.delete_table(redb::TableDefinition::<&str, &[u8]>::new(
                "x_checks_by_target",
            ))
            .unwrap();
            w.open_table(redb::TableDefinition::<&str, &str>::new("meta"))
                .unwrap()
                .insert("schema_version", "4")
                .unwrap();
            w.commit().unwrap();
        }
        let store = Store::open(&p).unwrap();
        assert!(
            store.verify(false).unwrap().ok(),
            "index equal to a rebuild"
        );
        let r = store.read().unwrap();
        let mut targets: Vec<OfficeCode> = before.iter().map(|c| c.target.clone()).collect();
        targets.sort();
        targets.dedup();
        assert!(targets.len() >= 3, "{targets:?}");
        for t in &targets {
            let want: Vec<_> = before.iter().filter(|c| &c.target == t).collect();
            let got = r.checks_of(t).unwrap();
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{t}");
        }
    }
}
