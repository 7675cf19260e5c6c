//! Store benchmarks against the targets of issue 6 (see BENCHMARKS.md).
//!
//! `cargo bench --bench store` (or `benches/run.sh`, which also records
//! peak memory and the side-by-side comparisons). The data sets are made
//! once with `juwu gen` into `$JUWU_BENCH_DATA` (default
//! `target/bench-data`) and reused:
//! - `r100k.redb`: one community, 302,000 events = 100,000 records;
//! - `street.redb`: a street office holding 500 communities × 2,000 events.
//!
//! Sizes can be made smaller for a quick look with `JUWU_BENCH_SMALL=1`.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use juwu::domain::workflow::OpinionDraft;
use juwu::domain::{
    Actor, Channel, Command, Level, Office, OfficeCode, OpinionKind, Resident, Role,
};
use juwu::store::Store;

fn main() {
    divan::main();
}

fn small() -> bool {
    std::env::var_os("JUWU_BENCH_SMALL").is_some()
}

pub fn data_dir() -> PathBuf {
    std::env::var_os("JUWU_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"))
}

/// Generates `name` once with `juwu gen` (same seed, same data).
fn dataset(name: &str, offices: u32, events: u64) -> PathBuf {
    let dir = data_dir();
    let name = if small() {
        format!("small-{name}")
    } else {
        name.to_string()
    };
    let p = dir.join(&name);
    if !p.exists() {
        std::fs::create_dir_all(&dir).expect("bench data directory");
        eprintln!("generating {} ({offices} × {events} events)…", p.display());
        let s = juwu::sample::generate(&p, offices, events, 1, false).expect("juwu gen");
        eprintln!("  {} records, {} events", s.records(), s.events);
    }
    p
}

fn r100k() -> PathBuf {
    if small() {
        dataset("r100k.redb", 1, 30_000)
    } else {
        dataset("r100k.redb", 1, 302_000)
    }
}

fn street() -> PathBuf {
    if small() {
        dataset("street.redb", 20, 2_000)
    } else {
        dataset("street.redb", 500, 2_000)
    }
}

/// A fresh community database with one clerk, in a temporary directory.
fn fresh_office(dir: &Path) -> (Store, Actor) {
    let mut s = Store::create(&dir.join("juwu.redb")).expect("create");
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
    s.init(
        Office {
            code: OfficeCode::parse("QH01").unwrap(),
            name: "清河社区居委会".into(),
            level: Level::Community,
            parent: None,
            public_key: None,
        },
        now,
    )
    .expect("init");
    s.execute(
        &Actor::System,
        &Command::AddOperator {
            name: "李文静".into(),
            role: Role::Clerk,
            pin_hash: None,
        },
        now,
    )
    .expect("operator");
    let a = s.actor("李文静").expect("actor");
    (s, a)
}

/// Target ≤ 2 s: 1,000 opinions logged, each its own committed (durable)
/// write transaction, as a clerk at the counter makes them.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn append_1000_commits(b: divan::Bencher) {
    b.with_inputs(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let (s, a) = fresh_office(dir.path());
        (dir, s, a)
    })
    .bench_local_values(|(dir, s, a)| {
        let base = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        for i in 0..1000i64 {
            let now = base + chrono::Duration::seconds(i * 30);
            let draft = OpinionDraft {
                received_at: now.naive_utc(),
                channel: Channel::InPerson,
                from: Some(Resident {
                    name: "王建国".into(),
                    contact: None,
                    address: Some("3号楼2单元".into()),
                }),
                kind: OpinionKind::Suggestion,
                about: None,
                text: format!("建议在3号楼前增加休息座椅 #{i}"),
                routed_to: None,
                box_opening: None,
            };
            s.execute(
                &a,
                &Command::LogOpinion {
                    draft,
                    on_the_spot: None,
                },
                now,
            )
            .expect("append");
        }
        drop(s);
        drop(dir);
    });
}

/// Target ≤ 5 s: `verify --rebuild` of 100,000 records (302,000 events).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn verify_rebuild_100k(b: divan::Bencher) {
    let p = r100k();
    b.bench_local(|| {
        let s = Store::open(&p).expect("open");
        let r = s.verify(true).expect("verify");
        assert!(r.chain_errors.is_empty() && r.rebuilt);
    });
}

/// Target ≤ 60 s and database ≤ 1 GB: a street office importing 500
/// communities' logs of 2,000 events, each office's log in its own
/// transaction (as 500 bundles would be), then compacting the file.
/// Measured with `Store::import_chains` until bundle files exist.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn street_import_500x2000(b: divan::Bencher) {
    let src = street();
    b.with_inputs(|| {
        let from = Store::open(&src).expect("open street");
        let r = from.read().expect("read");
        let own = from.own_code().cloned();
        let mut chains = vec![];
        for (code, head) in r.heads().expect("heads") {
            let code = OfficeCode::parse(&code).expect("code");
            if Some(&code) == own.as_ref() {
                continue;
            }
            let bytes: Vec<Vec<u8>> = r
                .events(code.as_str(), 1, head.seq)
                .expect("events")
                .into_iter()
                .map(|e| e.bytes)
                .collect();
            chains.push((code, bytes));
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mut to = Store::create(&dir.path().join("street.redb")).expect("create");
        to.init(
            Office {
                code: OfficeCode::parse("JD01").unwrap(),
                name: "望京街道办事处".into(),
                level: Level::Street,
                parent: None,
                public_key: None,
            },
            Utc::now(),
        )
        .expect("init");
        (dir, to, chains)
    })
    .bench_local_values(|(dir, mut to, chains)| {
        let t0 = std::time::Instant::now();
        let mut n = 0;
        for c in chains.chunks(1) {
            n += to.import_chains(c).expect("import");
        }
        let import = t0.elapsed().as_secs_f64();
        let t1 = std::time::Instant::now();
        let (before, after) = to.compact().expect("compact");
        eprintln!(
            "imported {n} events of {} offices in {import:.1} s: database {:.1} MB; \
             compacted to {:.1} MB in {:.1} s",
            chains.len(),
            before as f64 / 1e6,
            after as f64 / 1e6,
            t1.elapsed().as_secs_f64()
        );
        drop(to);
        drop(dir);
    });
}

/// Target ≤ 3 s and ≤ 150 MB (issue 12): every report for 2026 over the
/// street (500 communities × 2,000 events), as `juwu report NAME --period
/// 2026` builds it (`service::reports::build`); peak memory is taken on the
/// command line (`/usr/bin/time juwu report …`, BENCHMARKS.md).
#[divan::bench(
    sample_count = 3,
    sample_size = 1,
    args = [
        juwu::service::reports::Which::Compliance,
        juwu::service::reports::Which::Overdue,
        juwu::service::reports::Which::Supervision,
        juwu::service::reports::Which::Finance,
    ]
)]
fn report_street_2026(b: divan::Bencher, which: juwu::service::reports::Which) {
    report(b, &street(), which);
}

/// Target ≤ 0.5 s (issue 12): every report for 2026 of one office with
/// 100,000 records.
#[divan::bench(
    sample_count = 3,
    sample_size = 1,
    args = [
        juwu::service::reports::Which::Compliance,
        juwu::service::reports::Which::Overdue,
        juwu::service::reports::Which::Supervision,
        juwu::service::reports::Which::Finance,
    ]
)]
fn report_100k_2026(b: divan::Bencher, which: juwu::service::reports::Which) {
    report(b, &r100k(), which);
}

fn report(b: divan::Bencher, p: &Path, which: juwu::service::reports::Which) {
    let store = Store::open(p).expect("open");
    let cal = juwu::domain::Calendar::builtin();
    let period = juwu::domain::Period::parse("2026").expect("period");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    b.bench_local(|| {
        let r = store.read().expect("read");
        juwu::service::reports::build(&r, which, &period, None, &cal, today, juwu::i18n::Lang::En)
            .expect("report")
    });
}
