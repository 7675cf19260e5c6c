//! Sample data: the demo offices (`demo`, a year of registers replayed from
//! `sample-data/`) and the generator of realistic registers for benchmarks
//! and trials (`gen`). Below the service layer: it builds databases through
//! the store and the sync keys, prints nothing, and its errors are typed.

pub(crate) mod demo;
pub mod r#gen;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::{DomainError, Level, Office, OfficeCode};
use crate::store::{Store, StoreError};
use crate::sync::SyncError;
use crate::sync::keys::{KeyError, OfficeKey, key_path};

pub use demo::{SAMPLE_OFFICES, SampleOffice, sample_office};
pub use r#gen::{GenSummary, generate};

/// What can go wrong making sample data.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("no sample office '{0}' (the samples are QH01, LY01 and DC)")]
    NoSampleOffice(String),
    #[error("--offices must be between 1 and 10000 (got {0})")]
    Offices(u32),
    #[error("--events must be between 50 and 10000000 (got {0})")]
    Events(u64),
    /// The generator writes a new database only.
    #[error("{} already exists: gen writes a new database only", .0.display())]
    DbExists(PathBuf),
    /// A key file is already beside the new database.
    #[error("{} already exists: another office key is there; choose another --db", .0.display())]
    KeyExists(PathBuf),
    /// The generator's key file is already beside the new database.
    #[error("{} already exists: choose another --db", .0.display())]
    GenKeyExists(PathBuf),
    #[error("{} already holds office {code}", .db.display())]
    HoldsOffice { db: PathBuf, code: OfficeCode },
    /// A file or folder (the system's own words).
    #[error("{}: {error}", .path.display())]
    Io { path: PathBuf, error: String },
    /// A sample-data file that does not read or replay (`line` 0: the
    /// whole file).
    #[error("{}", data_line(.file, *.line, &.problem.message(false), false))]
    Data {
        file: String,
        line: usize,
        problem: Box<demo::DataProblem>,
    },
    /// A sample's time that does not read (a sample-data bug).
    #[error("the sample time '{0}' is not an RFC 3339 time")]
    Time(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl SampleError {
    /// The message in the UI language (`Display` is the English one).
    pub fn message(&self, zh: bool) -> String {
        use SampleError::*;
        if !zh {
            return self.to_string();
        }
        match self {
            NoSampleOffice(c) => format!("没有示例单位“{c}”（示例为 QH01、LY01 和 DC）"),
            Offices(n) => format!("--offices 须在 1 到 10000 之间（现为 {n}）"),
            Events(n) => format!("--events 须在 50 到 10000000 之间（现为 {n}）"),
            DbExists(p) => format!("{} 已存在：gen 只写新的数据库", p.display()),
            KeyExists(p) => format!(
                "{} 已存在：那里已有另一个单位的密钥，请另选 --db",
                p.display()
            ),
            GenKeyExists(p) => format!("{} 已存在：请另选 --db", p.display()),
            HoldsOffice { db, code } => format!("{} 已是单位 {code} 的数据库", db.display()),
            Io { path, error } => format!("{}：{error}", path.display()),
            Data {
                file,
                line,
                problem,
            } => data_line(file, *line, &problem.message(true), true),
            Time(t) => format!("示例时间“{t}”不是 RFC 3339 时间"),
            Store(e) => e.message(true),
            Domain(e) => e.message(true),
            // Key and bundle errors have no Chinese wording of their own yet.
            Key(e) => e.to_string(),
            Sync(e) => e.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, SampleError>;

/// `file:line: problem` (English) or `file 第 line 行：problem`.
fn data_line(file: &str, line: usize, problem: &str, zh: bool) -> String {
    match (line, zh) {
        (0, false) => format!("{file}: {problem}"),
        (0, true) => format!("{file}：{problem}"),
        (n, false) => format!("{file}:{n}: {problem}"),
        (n, true) => format!("{file} 第 {n} 行：{problem}"),
    }
}

/// When the sample bundles were made: after the sample year ends.
pub const SAMPLE_BUNDLE_TIME: &str = "2026-11-28T08:00:00Z";

fn time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| SampleError::Time(s.to_string()))
}

/// Creates the database of `office` at `db` with `key` (the sample
/// offices' published keys): the key file, the office, and its parent
/// office registered by name.
fn create_office(
    db: &Path,
    office: Office,
    parent_name: Option<String>,
    now: DateTime<Utc>,
    key: OfficeKey,
) -> Result<Store> {
    let kp = key_path(db);
    if db.exists() && std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) > 0 {
        // Opening tells apart "already a juwu office", "locked" and "not juwu".
        let s = Store::open(db)?;
        if let Some(c) = s.own_code() {
            return Err(SampleError::HoldsOffice {
                db: db.to_path_buf(),
                code: c.clone(),
            });
        }
    }
    if kp.exists() {
        return Err(SampleError::KeyExists(kp));
    }
    let mut store = Store::create(db)?;
    let mut office = office;
    office.public_key = Some(key.public_hex());
    key.save_new(&kp)?;
    store.init(office.clone(), now)?;
    if let Some(parent) = &office.parent {
        let level = match office.level {
            Level::Community | Level::Workstation => Level::Street,
            _ => Level::District,
        };
        let name = parent_name.unwrap_or_else(|| parent.to_string());
        store.execute(
            &crate::domain::Actor::System,
            &crate::domain::Command::RegisterOffice {
                office: Office {
                    code: parent.clone(),
                    name,
                    level,
                    parent: None,
                    public_key: None,
                },
            },
            now,
        )?;
    }
    Ok(store)
}

/// The sample offices trust each other's published sample keys: the
/// street its communities and parent, a community its street.
fn trust_sample_neighbours(store: &Store, code: &str, now: DateTime<Utc>) -> Result<()> {
    for o in SAMPLE_OFFICES {
        let related = o.code != code
            && (o.parent.map(|p| p.0) == Some(code)
                || sample_office(code).and_then(|me| me.parent).map(|p| p.0) == Some(o.code));
        if related {
            store.put_trust(&crate::store::sync::TrustEntry {
                office: o.code.to_string(),
                key: OfficeKey::sample(o.code).public_hex(),
                since_seq: 0,
                added_at: now,
                how: crate::store::sync::TrustHow::ByHand,
                removed_at: None,
            })?;
        }
    }
    Ok(())
}

/// Creates and fills the database of a sample office at `db`.
pub fn create_sample(db: &Path, code: &str) -> Result<Store> {
    let o = sample_office(code).ok_or_else(|| SampleError::NoSampleOffice(code.to_string()))?;
    let parent = o.parent.map(|p| OfficeCode::parse(p.0)).transpose()?;
    let office = Office {
        code: OfficeCode::parse(o.code)?,
        name: o.name.into(),
        level: o.level,
        parent,
        public_key: None,
    };
    // The story begins at its first act, so the log is in time order.
    let start = time(o.start)?;
    let store = create_office(
        db,
        office,
        o.parent.map(|p| p.1.to_string()),
        start,
        OfficeKey::sample(o.code),
    )?;
    demo::populate_sample(&store, o)?;
    trust_sample_neighbours(&store, o.code, start)?;
    Ok(store)
}

/// Builds QH01, LY01 and DC in `dir` and writes the communities' bundles
/// for the street office (`QH01-to-DC.juwu`, `LY01-to-DC.juwu`).
pub fn build_sample_bundles(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| SampleError::Io {
        path: dir.to_path_buf(),
        error: e.to_string(),
    })?;
    let at = time(SAMPLE_BUNDLE_TIME)?;
    let mut out = vec![];
    for code in ["QH01", "LY01", "DC"] {
        let store = create_sample(&dir.join(format!("{code}.redb")), code)?;
        if code != "DC" {
            let file = dir.join(format!("{code}-to-DC.juwu"));
            crate::sync::export_bundle(
                &store,
                &OfficeKey::sample(code),
                &crate::sync::ExportOptions {
                    to: Some(OfficeCode::parse("DC")?),
                    all: true,
                    relay: false,
                },
                &file,
                at,
            )?;
            out.push(file);
        }
    }
    Ok(out)
}

/// Where the demo database lives unless --db names one: apart from the
/// office's real register.
pub fn demo_db() -> PathBuf {
    directories::ProjectDirs::from("org", "juwu", "juwu")
        .map(|d| d.data_local_dir().join("demo").join("juwu-demo.redb"))
        .unwrap_or_else(|| PathBuf::from("juwu-demo.redb"))
}

/// Opens the demo database (QH01) at `db`, creating and filling it if
/// absent; says whether it was created.
pub fn ensure(db: &Path) -> Result<(Store, bool)> {
    ensure_office(db, "QH01")
}

/// `ensure` for any sample office.
pub fn ensure_office(db: &Path, code: &str) -> Result<(Store, bool)> {
    if db.exists() {
        return Ok((Store::open(db)?, false));
    }
    Ok((create_sample(db, code)?, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message of sample data reads in Chinese under `--lang zh`:
    /// no English word outside flags, paths and codes.
    #[test]
    fn sample_errors_have_chinese() {
        let p = PathBuf::from("x.redb");
        let all = [
            SampleError::NoSampleOffice("XX".into()),
            SampleError::Offices(0),
            SampleError::Events(1),
            SampleError::DbExists(p.clone()),
            SampleError::KeyExists(p.clone()),
            SampleError::GenKeyExists(p.clone()),
            SampleError::HoldsOffice {
                db: p.clone(),
                code: OfficeCode::parse("QH01").unwrap(),
            },
            SampleError::Time("soon".into()),
        ];
        for e in all {
            let zh = e.message(true);
            let words: Vec<&str> = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .filter(|w| {
                    ![
                        "offices", "events", "db", "gen", "redb", "XX", "QH", "LY", "DC", "RFC",
                        "soon",
                    ]
                    .contains(w)
                })
                .collect();
            assert!(words.is_empty(), "{e:?}: {zh}");
            assert_ne!(zh, e.message(false));
        }
    }

    #[test]
    fn an_unknown_sample_office_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let e = create_sample(&dir.path().join("x.redb"), "ZZ9").err();
        assert!(matches!(e, Some(SampleError::NoSampleOffice(c)) if c == "ZZ9"));
    }
}
