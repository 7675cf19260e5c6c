#![allow(dead_code)]
//! Offices with keys, for the bundle tests: each in its own directory with
//! its database and key file, as `juwu init` makes them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use juwu::domain::*;
use juwu::store::Store;
use juwu::store::sync::TrustEntry;
use juwu::sync::keys::{OfficeKey, key_path};
use juwu::sync::{self, ExportOptions, ImportOutcome};

pub const CLERK: &str = "李文静";

pub fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

pub struct Off {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub key: OfficeKey,
    pub code: OfficeCode,
    /// A clock that moves on a minute per act.
    pub clock: std::cell::Cell<DateTime<Utc>>,
}

/// A community office under the street office DC.
pub fn community(code: &str) -> Off {
    Off::new(code, Level::Community, Some("DC"))
}

impl Off {
    pub fn new(code: &str, level: Level, parent: Option<&str>) -> Off {
        Off::with_key(code, level, parent, OfficeKey::generate().unwrap())
    }

    pub fn with_key(code: &str, level: Level, parent: Option<&str>, key: OfficeKey) -> Off {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.redb");
        key.save_new(&key_path(&db)).unwrap();
        let mut store = Store::create(&db).unwrap();
        let office = Office {
            code: OfficeCode::parse(code).unwrap(),
            name: format!("{code} 测试单位"),
            level,
            parent: parent.map(|p| OfficeCode::parse(p).unwrap()),
            public_key: Some(key.public_hex()),
        };
        store.init(office, t(2026, 1, 5)).unwrap();
        store
            .execute(
                &Actor::System,
                &Command::AddOperator {
                    name: CLERK.into(),
                    role: Role::Clerk,
                    pin_hash: None,
                },
                t(2026, 1, 5),
            )
            .unwrap();
        Off {
            dir,
            store,
            key,
            code: OfficeCode::parse(code).unwrap(),
            clock: std::cell::Cell::new(t(2026, 2, 1)),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("office.redb")
    }

    pub fn tick(&self) -> DateTime<Utc> {
        let now = self.clock.get() + Duration::minutes(7);
        self.clock.set(now);
        now
    }

    /// Drafts `n` items (one event each).
    pub fn draft(&self, n: usize) {
        let actor = self.store.actor(CLERK).unwrap();
        for i in 0..n {
            self.store
                .execute(
                    &actor,
                    &Command::Draft {
                        fields: DraftFields {
                            title: format!("{} 公开事项 {i}", self.code),
                            body: "内容".into(),
                            period: None,
                            category: Category::Government,
                            scope: Scope::Public,
                            forms: vec![Form::Board],
                            major: false,
                            planned_on: None,
                            statement: None,
                        },
                        basis: Basis::Active,
                        request: None,
                    },
                    self.tick(),
                )
                .unwrap();
        }
    }

    /// Trusts `other`'s key as `trust add` does.
    pub fn trust(&self, other: &Off) {
        self.store
            .put_trust(&TrustEntry {
                office: other.code.to_string(),
                key: other.key.public_hex(),
                since_seq: 0,
                added_at: t(2026, 1, 6),
                how: juwu::store::sync::TrustHow::ByHand,
                removed_at: None,
            })
            .unwrap();
    }

    pub fn export(&self, name: &str, to: Option<&Off>, all: bool, relay: bool) -> PathBuf {
        let out = self.dir.path().join(name);
        let opts = ExportOptions {
            to: to.map(|o| o.code.clone()),
            all,
            relay,
        };
        sync::export_bundle(&self.store, &self.key, &opts, &out, self.tick()).unwrap();
        out
    }

    pub fn import(&self, files: &[&Path]) -> ImportOutcome {
        let files: Vec<PathBuf> = files.iter().map(|p| p.to_path_buf()).collect();
        sync::import(&self.store, &files, self.tick(), &mut |_, _| {}).unwrap()
    }

    /// The canonical JSON dump `juwu export --format json` prints.
    pub fn json(&self) -> String {
        let r = self.store.read().unwrap();
        juwu::report::json::to_text(
            &juwu::report::json::export(&r, &Calendar::builtin(), today()).unwrap(),
        )
    }

    pub fn heads(&self) -> std::collections::BTreeMap<String, juwu::store::Head> {
        self.store.read().unwrap().heads().unwrap()
    }
}

/// Drafts one item in `store` as the clerk.
pub fn draft_in(store: &Store, title: &str, now: DateTime<Utc>) {
    store
        .execute(
            &store.actor(CLERK).unwrap(),
            &Command::Draft {
                fields: DraftFields {
                    title: title.into(),
                    body: "内容".into(),
                    period: None,
                    category: Category::Government,
                    scope: Scope::Public,
                    forms: vec![Form::Board],
                    major: false,
                    planned_on: None,
                    statement: None,
                },
                basis: Basis::Active,
                request: None,
            },
            now,
        )
        .unwrap();
}

/// Splits a bundle into (header JSON, payload) and builds one back, sealed
/// with `key`: for making bundles that are well signed but lie.
pub fn split(bytes: &[u8]) -> (serde_json::Value, Vec<u8>) {
    let hl = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
    let header = serde_json::from_slice(&bytes[14..14 + hl]).unwrap();
    let pl = u64::from_le_bytes(bytes[14 + hl..22 + hl].try_into().unwrap()) as usize;
    (header, bytes[22 + hl..22 + hl + pl].to_vec())
}

pub fn assemble(header: &serde_json::Value, payload: &[u8], key: &OfficeKey) -> Vec<u8> {
    let h = serde_json::to_vec(header).unwrap();
    let mut out = b"JUWUBNDL".to_vec();
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&(h.len() as u32).to_le_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    juwu::sync::format::seal(out, key).unwrap()
}

/// A small deterministic random source (xorshift64*).
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
