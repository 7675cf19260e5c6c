//! The store: the only module that imports redb. Every change is an event
//! appended to the writing office's own hash-chained log; projections are
//! updated in the same write transaction.

pub mod codec;
pub(crate) mod guard;
pub mod pin;
pub(crate) mod project;
pub mod query;
pub(crate) mod salvage;
pub mod sync;
pub mod tables;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::{Actor, Command, DomainError, Envelope, EventBody, Office, OfficeCode, decide};

pub use query::Reader;
use tables::{EVENTS, HEADS, META, MemTables, T, Tables, TxnTables};

/// The layout of the projection tables. Bumped when projections change;
/// opening an older database rebuilds them from the logs (the logs' byte
/// format is pinned and never migrates).
pub const SCHEMA_VERSION: u32 = 5;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0} is open in another juwu window (close it there first)")]
    Locked(PathBuf),
    #[error("{0} is not a juwu database")]
    NotJuwu(PathBuf),
    #[error(
        "{path} was written by a newer juwu (schema {found}; this one reads up to {supported}): update juwu"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("no database at {0}: run `juwu init` (or `juwu demo`) first")]
    Missing(PathBuf),
    #[error("this database has no office yet: run `juwu init` first")]
    NoOffice,
    #[error("this database already belongs to office {0}")]
    AlreadyInitialised(String),
    #[error("no operator named '{0}' (see `juwu operator list`)")]
    UnknownOperator(String),
    #[error("operator '{0}' is no longer active")]
    InactiveOperator(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(String),
    #[error("{0}")]
    Io(String),
    #[error("{} already exists: restore into a new file", .0.display())]
    RestoreOver(PathBuf),
    /// redb met a damaged page (its panic, caught by `guard`).
    #[error(
        "the database file is damaged ({0}). Restore the latest backup (`juwu restore BACKUP --db NEW.redb`), or save the logs that are still intact with `juwu salvage DB --out DIR` and restore that folder"
    )]
    Damaged(String),
    /// The recent end of this office's own log, checked at open, is broken:
    /// nothing more may be recorded on it.
    #[error(
        "this office's own log ({office}) is damaged at #{seq}: {fault}. Nothing more can be recorded. Restore the latest backup, or save the intact logs with `juwu salvage DB --out DIR` and restore that folder"
    )]
    OwnLogDamaged {
        office: String,
        seq: u64,
        fault: LogFault,
    },
    /// The file was opened read-only (no write permission) and the command
    /// writes.
    #[error("{0} is read-only (no write permission): this command changes the database")]
    ReadOnly(PathBuf),
    /// A projection entry does not decode (and could not be rebuilt here).
    #[error(
        "the register entry {table}/{key} is unreadable: run `juwu verify --rebuild` to rebuild the registers from the logs"
    )]
    ProjectionUnreadable { table: String, key: String },
}

/// Something the store did on its own that the user should be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreNote {
    /// A register entry did not read, so the registers were rebuilt from
    /// the logs (`repaired` entries differed).
    ProjectionsRebuilt {
        table: String,
        key: String,
        repaired: usize,
    },
}

impl StoreNote {
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (
                StoreNote::ProjectionsRebuilt {
                    table,
                    key,
                    repaired,
                },
                false,
            ) => format!(
                "the register entry {table}/{key} was unreadable: the registers were rebuilt from the logs ({repaired} entries repaired; nothing in the logs was lost)"
            ),
            (
                StoreNote::ProjectionsRebuilt {
                    table,
                    key,
                    repaired,
                },
                true,
            ) => format!(
                "登记簿条目 {table}/{key} 无法读取：已从日志重建各登记簿（修复 {repaired} 处；日志无任何丢失）"
            ),
        }
    }
}

static NOTES: std::sync::Mutex<Vec<StoreNote>> = std::sync::Mutex::new(Vec::new());

/// Takes the notes the store left since the last call (for the interface
/// to show).
pub fn take_notes() -> Vec<StoreNote> {
    NOTES
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default()
}

pub(crate) fn note(n: StoreNote) {
    if let Ok(mut v) = NOTES.lock() {
        v.push(n);
    }
}

/// Why a log stops being trustworthy at an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFault {
    /// The event's bytes do not decode.
    Unreadable,
    /// The event is not there.
    Missing,
    /// The event says it is another office's or has another number.
    WrongPlace,
    /// Its previous-hash is not the hash of the event before it.
    BrokenChain,
    /// The log's head does not name this event's hash.
    HeadMismatch,
    /// The file's page holding it could not be read (redb's words).
    PageDamaged(String),
}

impl LogFault {
    pub fn message(&self, zh: bool) -> String {
        use LogFault::*;
        match (self, zh) {
            (Unreadable, false) => "the event is unreadable".into(),
            (Unreadable, true) => "该事件无法读取".into(),
            (Missing, false) => "the event is missing".into(),
            (Missing, true) => "该事件缺失".into(),
            (WrongPlace, false) => "the event claims another office or number".into(),
            (WrongPlace, true) => "该事件所标单位或序号不符".into(),
            (BrokenChain, false) => "the chain is broken (its previous hash does not match)".into(),
            (BrokenChain, true) => "链条断开（前一事件的哈希不符）".into(),
            (HeadMismatch, false) => "the log head does not match this event".into(),
            (HeadMismatch, true) => "日志头与该事件不符".into(),
            (PageDamaged(d), false) => format!("the file page holding it is damaged ({d})"),
            (PageDamaged(d), true) => format!("存放它的文件页已损坏（{d}）"),
        }
    }
}

impl std::fmt::Display for LogFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl StoreError {
    /// The message in the UI language (`Display` is the English one).
    pub fn message(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        use StoreError::*;
        match self {
            Locked(p) => format!(
                "{} 已在另一个 juwu 窗口中打开（请先在那里关闭）",
                p.display()
            ),
            NotJuwu(p) => format!("{} 不是 juwu 数据库", p.display()),
            NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "{} 由更新版本的 juwu 写入（格式 {found}；本版本最高读 {supported}）：请更新 juwu",
                path.display()
            ),
            Missing(p) => format!(
                "{} 没有数据库：请先运行 `juwu init`（或 `juwu demo`）",
                p.display()
            ),
            NoOffice => "此数据库尚未建立单位：请先运行 `juwu init`".into(),
            AlreadyInitialised(c) => format!("此数据库已属于单位 {c}"),
            UnknownOperator(n) => format!("没有名为“{n}”的操作员（见 `juwu operator list`）"),
            InactiveOperator(n) => format!("操作员“{n}”已停用"),
            Domain(d) => d.message(true),
            Corrupt(m) => format!("数据库已损坏：{m}"),
            Db(m) => format!("数据库错误：{m}"),
            Io(m) => m.clone(),
            RestoreOver(p) => format!("{} 已存在：请恢复到一个新文件", p.display()),
            Damaged(d) => format!(
                "数据库文件已损坏（{d}）。请恢复最近的备份（`juwu restore 备份目录 --db 新文件.redb`），或用 `juwu salvage 数据库 --out 目录` 保存仍完好的日志，再恢复该目录"
            ),
            OwnLogDamaged { office, seq, fault } => format!(
                "本单位日志（{office}）在 #{seq} 处已损坏：{}。不能再记录。请恢复最近的备份，或用 `juwu salvage 数据库 --out 目录` 保存完好的日志，再恢复该目录",
                fault.message(true)
            ),
            ReadOnly(p) => format!(
                "{} 是只读文件（没有写权限）：此命令会修改数据库",
                p.display()
            ),
            ProjectionUnreadable { table, key } => format!(
                "登记簿条目 {table}/{key} 无法读取：请运行 `juwu verify --rebuild` 从日志重建登记簿"
            ),
        }
    }
}

macro_rules! db_err {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self { StoreError::Db(e.to_string()) }
        }
    )*};
}
db_err!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

/// The head of one office's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

/// An event as stored: envelope, exact bytes and their hash.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub env: Envelope,
    pub bytes: Vec<u8>,
    pub hash: String,
}

/// What `verify` found.
#[derive(Debug, Default, Clone)]
pub struct VerifyReport {
    pub events: u64,
    pub offices: usize,
    /// Broken links or unreadable events, each naming office and seq.
    pub chain_errors: Vec<String>,
    /// Projection entries that differ from a rebuild.
    pub projection_errors: Vec<String>,
    pub rebuilt: bool,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.chain_errors.is_empty() && self.projection_errors.is_empty()
    }
}

#[derive(Clone)]
pub struct Store {
    db: std::sync::Arc<Db>,
    path: PathBuf,
    own: Option<OfficeCode>,
}

/// The redb database, opened for writing or (a file without write
/// permission, for commands that only read) read-only. Transactions begin
/// inside [`guard::guard`].
pub(crate) enum Db {
    Rw(Database),
    Ro(redb::ReadOnlyDatabase, PathBuf),
}

impl Db {
    /// Rebuilds the projections from the logs unless a write transaction
    /// is already under way (then it would wait for itself).
    pub(crate) fn try_rebuild(&self) -> Result<VerifyReport, StoreError> {
        match self {
            Db::Rw(d) => guard::guard(|| {
                let txn = d.try_begin_write()?;
                rebuild_with(txn)
            }),
            Db::Ro(_, p) => Err(StoreError::ReadOnly(p.clone())),
        }
    }

    pub(crate) fn begin_read(&self) -> Result<redb::ReadTransaction, StoreError> {
        guard::guard(|| {
            Ok(match self {
                Db::Rw(d) => d.begin_read()?,
                Db::Ro(d, _) => d.begin_read()?,
            })
        })
    }

    pub(crate) fn begin_write(&self) -> Result<WriteTransaction, StoreError> {
        match self {
            Db::Rw(d) => guard::guard(|| Ok(d.begin_write()?)),
            Db::Ro(_, p) => Err(StoreError::ReadOnly(p.clone())),
        }
    }
}

/// How many of the own log's last events are checked at open.
pub const TAIL_CHECKED: u64 = 64;

fn open_err(path: &Path, e: redb::DatabaseError) -> StoreError {
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen => StoreError::Locked(path.to_path_buf()),
        redb::DatabaseError::UpgradeRequired(_) => StoreError::NotJuwu(path.to_path_buf()),
        redb::DatabaseError::Storage(redb::StorageError::Io(io))
            if io.kind() == std::io::ErrorKind::WouldBlock =>
        {
            StoreError::Locked(path.to_path_buf())
        }
        redb::DatabaseError::Storage(redb::StorageError::Io(io))
            if io.kind() != std::io::ErrorKind::InvalidData =>
        {
            StoreError::Io(format!("{}: {io}", path.display()))
        }
        _ => StoreError::NotJuwu(path.to_path_buf()),
    }
}

impl Store {
    /// Opens an existing juwu database. The file is first read without
    /// writing, so a file that is not juwu's, or is from a newer juwu, is
    /// left byte for byte as it was. A file without write permission opens
    /// read-only: commands that only read work, and a write is refused with
    /// [`StoreError::ReadOnly`]. The last [`TAIL_CHECKED`] events of the own
    /// log are checked, so a damaged recent event is reported now
    /// ([`StoreError::OwnLogDamaged`]), before anything more is recorded.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let s = guard::guard(|| Store::open_unchecked(path))?;
        s.check_own_tail()?;
        Ok(s)
    }

    /// Opens like [`Store::open`] without checking the own log's recent
    /// events: for `verify`, which reports every broken link itself.
    pub fn open_to_inspect(path: &Path) -> Result<Store, StoreError> {
        guard::guard(|| Store::open_unchecked(path))
    }

    fn open_unchecked(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
            return Err(StoreError::NotJuwu(path.to_path_buf()));
        }
        let ro = Database::builder().open_read_only(path);
        let (db, version, own) = match ro {
            Ok(ro) => {
                let (version, own) = read_meta(&ro, path)?;
                drop(ro);
                let db = match Database::builder().set_cache_size(CACHE).open(path) {
                    Ok(db) => Db::Rw(db),
                    Err(e) if permission_denied(&e) => Db::Ro(
                        Database::builder()
                            .open_read_only(path)
                            .map_err(|e| open_err(path, e))?,
                        path.to_path_buf(),
                    ),
                    Err(e) => return Err(open_err(path, e)),
                };
                (db, version, own)
            }
            // A redb file left by a crash needs its repair, which only a
            // writable open runs; anything else is reported as it is.
            Err(e)
                if !matches!(e, redb::DatabaseError::DatabaseAlreadyOpen)
                    && has_redb_magic(path) =>
            {
                let db = open_db(path, false)?;
                let (version, own) = read_meta(&db, path)?;
                (Db::Rw(db), version, own)
            }
            Err(e) => return Err(open_err(path, e)),
        };
        let mut s = Store {
            db: std::sync::Arc::new(db),
            path: path.to_path_buf(),
            own,
        };
        if version < SCHEMA_VERSION {
            s.migrate(version)?;
        }
        Ok(s)
    }

    /// Checks the last [`TAIL_CHECKED`] events of the own log: each reads,
    /// is where it says, continues the one before, and the head names the
    /// last. A few dozen reads, so opening stays fast.
    fn check_own_tail(&self) -> Result<(), StoreError> {
        let Some(own) = self.own.clone() else {
            return Ok(());
        };
        let office = own.as_str();
        let damaged = |seq: u64, fault: LogFault| StoreError::OwnLogDamaged {
            office: office.to_string(),
            seq,
            fault,
        };
        let txn = self.db.begin_read()?;
        let r = guard::guard(|| {
            let heads = txn.open_table(HEADS)?;
            let Some(head) = heads.get(office)? else {
                return Ok(None);
            };
            let head: Head = serde_json::from_slice(head.value())
                .map_err(|_| damaged(0, LogFault::HeadMismatch))?;
            // One event before the window, so that every event checked is
            // also checked against the one before it.
            let from = head.seq.saturating_sub(TAIL_CHECKED).max(1);
            let events = txn.open_table(EVENTS)?;
            let mut prev: Option<String> = None;
            let mut expect = from;
            for item in events.range((office, from)..=(office, head.seq))? {
                let (k, v) = item?;
                let seq = k.value().1;
                if seq != expect {
                    return Err(damaged(expect, LogFault::Missing));
                }
                let env: Envelope = serde_json::from_slice(v.value())
                    .map_err(|_| damaged(seq, LogFault::Unreadable))?;
                if env.office != own || env.seq != seq {
                    return Err(damaged(seq, LogFault::WrongPlace));
                }
                if prev.as_ref().is_some_and(|p| p != &env.prev_hash) {
                    return Err(damaged(seq, LogFault::BrokenChain));
                }
                prev = Some(codec::hash_hex(v.value()));
                expect = seq + 1;
            }
            if expect != head.seq + 1 {
                return Err(damaged(expect, LogFault::Missing));
            }
            if prev.as_deref().is_some_and(|p| p != head.hash) {
                return Err(damaged(head.seq, LogFault::HeadMismatch));
            }
            Ok(Some(()))
        });
        match r {
            Ok(_) => Ok(()),
            Err(StoreError::Damaged(d)) => Err(damaged(0, LogFault::PageDamaged(d))),
            Err(e) => Err(e),
        }
    }

    /// Creates a new database (the file must not exist or be empty), or opens
    /// an existing juwu database.
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        let fresh = !path.exists() || std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0;
        if !fresh {
            return Store::open(path);
        }
        // Created owner-only (0600 on Unix) before redb fills it: the file
        // holds residents' names and contacts.
        crate::files::make_private(path).map_err(|e| StoreError::Io(e.to_string()))?;
        let db = open_db(path, true)?;
        create_tables(&db)?;
        Ok(Store {
            db: std::sync::Arc::new(Db::Rw(db)),
            path: path.to_path_buf(),
            own: None,
        })
    }

    /// A new database held in memory only, gone when dropped: for building
    /// another office's log (the data generator) before importing it.
    pub fn temporary() -> Result<Store, StoreError> {
        let db = Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .map_err(|e| StoreError::Db(e.to_string()))?;
        create_tables(&db)?;
        Ok(Store {
            db: std::sync::Arc::new(Db::Rw(db)),
            path: PathBuf::from(":memory:"),
            own: None,
        })
    }

    /// Brings an older database up to `SCHEMA_VERSION`. Every step so far
    /// only changes projections, so it rebuilds them from the logs.
    fn migrate(&mut self, from: u32) -> Result<(), StoreError> {
        // 4 → 5 only adds the local PIN table: a file opened read-only
        // still reads (its operators' PINs are the log's until upgraded).
        if from == 4 && matches!(*self.db, Db::Ro(..)) {
            return Ok(());
        }
        let txn = self.db.begin_write()?;
        // 1 → 2: the opinion, box and statement indexes were added.
        // 2 → 3: x_board_posted (items on the board, for the Today screen).
        // 3 → 4: a statement is superseded when its correction is published
        //        (no longer when drafted); published balances are frozen.
        // 4 → 5: x_checks_by_target (an office's checks, for the reports),
        //        built from the checks held: no rebuild of the rest.
        //        (A check that does not read rebuilds everything instead.)
        if from < 4 || !index_checks_by_target(&txn)? {
            let mem = self.rebuild_in_memory(&txn)?.0;
            replace_projections(&txn, &mem)?;
        }
        // 4 → 5: PIN hashes move out of the log into the local table; the
        //        log's latest hash of each operator is copied, marked
        //        exposed (it travelled in bundles): a new PIN is asked.
        if from < 5 {
            if let Some(own) = &self.own {
                pin::adopt_log_pins_in(&txn, own.as_str(), &Default::default())?;
            }
            txn.open_table(pin::LOCAL_THROTTLE)?;
        }
        txn.open_table(META)?
            .insert("schema_version", SCHEMA_VERSION.to_string().as_str())?;
        txn.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This database's own office code, once initialised.
    pub fn own_code(&self) -> Option<&OfficeCode> {
        self.own.as_ref()
    }

    pub fn read(&self) -> Result<Reader, StoreError> {
        let r = Reader::new(self.db.begin_read()?, self.own.clone());
        Ok(match *self.db {
            Db::Rw(_) => r.repairing_with(self.db.clone()),
            Db::Ro(..) => r,
        })
    }

    /// Creates this database's office: the first event of its own log.
    pub fn init(&mut self, office: Office, now: DateTime<Utc>) -> Result<Envelope, StoreError> {
        guard::guard(|| {
            if let Some(c) = &self.own {
                return Err(StoreError::AlreadyInitialised(c.to_string()));
            }
            crate::domain::types::check_text(
                crate::domain::error::Field::OfficeName,
                &office.name,
                true,
            )?;
            let txn = self.db.begin_write()?;
            let mut w = Writer::new(&txn)?;
            let env = append_in(
                &mut w,
                &office.code,
                "system",
                EventBody::OfficeCreated {
                    office: office.clone(),
                },
                now,
            )?;
            w.finish()?;
            txn.open_table(META)?
                .insert("own_office", office.code.as_str())?;
            txn.commit()?;
            self.own = Some(office.code);
            Ok(env)
        })
    }

    /// Looks up an active operator of this office by name.
    pub fn actor(&self, name: &str) -> Result<Actor, StoreError> {
        let op = self
            .read()?
            .operator(name)?
            .ok_or_else(|| StoreError::UnknownOperator(name.to_string()))?;
        if !op.active {
            return Err(StoreError::InactiveOperator(name.to_string()));
        }
        Ok(Actor::Operator(op))
    }

    /// Checks `cmd` and appends its events in one transaction.
    pub fn execute(
        &self,
        actor: &Actor,
        cmd: &Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<Envelope>, StoreError> {
        guard::guard(|| {
            let own = self.own.clone().ok_or(StoreError::NoOffice)?;
            let txn = self.db.begin_write()?;
            let mut w = Writer::new(&txn)?;
            let out = execute_in(&mut w, &own, actor, cmd, now)?;
            w.finish()?;
            txn.commit()?;
            Ok(out)
        })
    }

    /// Checks and appends several commands in one transaction, each seeing
    /// the records the earlier ones made: all or nothing. Every command is
    /// tried even after one fails, so every refusal is reported, with the
    /// command's index; then nothing is written. With `dry_run`, nothing is
    /// written either way.
    pub fn execute_batch(
        &self,
        actor: &Actor,
        cmds: &[Command],
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<Vec<Vec<Envelope>>, Vec<(usize, StoreError)>> {
        self.execute_batch_with(actor, cmds.len(), |i, _| cmds[i].clone(), now, dry_run)
    }

    /// `execute_batch` where command `i` is made when its turn comes, from
    /// the events the earlier ones appended (e.g. to refer to an id one of
    /// them was given).
    pub fn execute_batch_with(
        &self,
        actor: &Actor,
        n: usize,
        mut make: impl FnMut(usize, &[Vec<Envelope>]) -> Command,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<Vec<Vec<Envelope>>, Vec<(usize, StoreError)>> {
        match guard::guard(|| {
            Ok((|| {
                let own = self
                    .own
                    .clone()
                    .ok_or_else(|| vec![(0, StoreError::NoOffice)])?;
                let one = |e: StoreError| vec![(0usize, e)];
                let txn = self.db.begin_write().map_err(one)?;
                let mut out: Vec<Vec<Envelope>> = Vec::with_capacity(n);
                let mut errors = vec![];
                {
                    let mut w = Writer::new(&txn).map_err(one)?;
                    for i in 0..n {
                        let cmd = make(i, &out);
                        match execute_in(&mut w, &own, actor, &cmd, now) {
                            Ok(envs) => out.push(envs),
                            Err(e) => {
                                errors.push((i, e));
                                out.push(vec![]);
                            }
                        }
                    }
                    if errors.is_empty() && !dry_run {
                        w.finish().map_err(one)?;
                    }
                }
                if !errors.is_empty() || dry_run {
                    txn.abort().map_err(|e| one(e.into()))?;
                    return if errors.is_empty() {
                        Ok(out)
                    } else {
                        Err(errors)
                    };
                }
                txn.commit().map_err(|e| one(e.into()))?;
                Ok(out)
            })())
        }) {
            Ok(r) => r,
            Err(e) => Err(vec![(0, e)]),
        }
    }

    /// Creates a new database at `path` from whole logs (a restored backup):
    /// every chain is checked as a bundle's would be, then `own` becomes the
    /// database's own office. All or nothing; `path` must not exist.
    pub fn restore_from_logs(
        path: &Path,
        own: &OfficeCode,
        chains: &[(OfficeCode, Vec<Vec<u8>>)],
    ) -> Result<Store, StoreError> {
        guard::guard(|| {
            if path.exists() {
                return Err(StoreError::RestoreOver(path.to_path_buf()));
            }
            let mut store = Store::create(path)?;
            let res = (|| {
                let txn = store.db.begin_write()?;
                let own_head = {
                    let mut w = Writer::new(&txn)?;
                    for (office, events) in chains {
                        import_in(&mut w, office, events)?;
                    }
                    let h = w.head(own.as_str())?.seq;
                    w.finish()?;
                    h
                };
                if own_head == 0 {
                    return Err(StoreError::Corrupt(format!(
                        "the backup holds no log of its own office {own}"
                    )));
                }
                // A backup's PIN table, if it has one, replaces this
                // (`replace_local_pins`); an older backup's only PINs are
                // the ones its log gave away.
                pin::adopt_log_pins_in(&txn, own.as_str(), &Default::default())?;
                txn.open_table(META)?.insert("own_office", own.as_str())?;
                txn.commit()?;
                Ok(())
            })();
            if let Err(e) = res {
                drop(store);
                let _ = std::fs::remove_file(path);
                return Err(e);
            }
            store.own = Some(own.clone());
            Ok(store)
        })
    }

    /// Runs `f` with a [`Batch`]: many commands, each checked and appended
    /// exactly as by [`Store::execute`], committed together in one write
    /// transaction (all or nothing). For bulk entry such as `juwu gen`,
    /// where a commit per command would cost a disk sync each.
    pub fn batch<R>(
        &self,
        f: impl FnOnce(&mut Batch<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        guard::guard(|| {
            let own = self.own.clone().ok_or(StoreError::NoOffice)?;
            let txn = self.db.begin_write()?;
            let r = Writer::new(&txn).and_then(|w| {
                let mut b = Batch { w, own };
                let r = f(&mut b)?;
                b.w.finish()?;
                Ok(r)
            });
            match r {
                Ok(v) => {
                    txn.commit()?;
                    Ok(v)
                }
                Err(e) => {
                    txn.abort()?;
                    Err(e)
                }
            }
        })
    }

    /// Appends events already made elsewhere to another office's log (sync).
    /// `events` must continue that office's chain exactly; all or nothing.
    pub fn import_chain(
        &self,
        office: &OfficeCode,
        events: &[Vec<u8>],
    ) -> Result<usize, StoreError> {
        guard::guard(|| {
            if Some(office) == self.own.as_ref() {
                return Err(StoreError::Corrupt(format!(
                    "refusing to import events into this office's own log ({office})"
                )));
            }
            let txn = self.db.begin_write()?;
            let mut w = Writer::new(&txn)?;
            let n = import_in(&mut w, office, events)?;
            w.finish()?;
            txn.commit()?;
            Ok(n)
        })
    }

    /// Runs `f` in one write transaction to import several chains at once.
    pub fn import_chains(
        &self,
        chains: &[(OfficeCode, Vec<Vec<u8>>)],
    ) -> Result<usize, StoreError> {
        guard::guard(|| {
            let txn = self.db.begin_write()?;
            let mut n = 0;
            {
                let mut w = Writer::new(&txn)?;
                for (office, events) in chains {
                    if Some(office) == self.own.as_ref() {
                        return Err(StoreError::Corrupt(format!(
                            "refusing to import events into this office's own log ({office})"
                        )));
                    }
                    n += import_in(&mut w, office, events)?;
                }
                w.finish()?;
            }
            txn.commit()?;
            Ok(n)
        })
    }

    /// Checks every chain link and that rebuilding the projections from the
    /// logs gives exactly the stored ones; with `rebuild`, replaces them.
    /// Without `rebuild` it only reads (a read-only file verifies).
    pub fn verify(&self, rebuild: bool) -> Result<VerifyReport, StoreError> {
        guard::guard(|| verify_db(&self.db, rebuild))
    }

    /// Recomputes all projections from the logs: offices in code order,
    /// each log in sequence order.
    fn rebuild_in_memory(
        &self,
        txn: &WriteTransaction,
    ) -> Result<(MemTables, VerifyReport), StoreError> {
        rebuild_from(&txn.open_table(EVENTS)?, &txn.open_table(HEADS)?)
    }

    /// Gives back the file space freed by earlier transactions (redb keeps
    /// freed pages for reuse and does not shrink the file by itself). Worth
    /// it after a large import: see BENCHMARKS.md. Returns the file size
    /// before and after.
    pub fn compact(&mut self) -> Result<(u64, u64), StoreError> {
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let before = size(&self.path);
        let db = match std::sync::Arc::get_mut(&mut self.db) {
            Some(Db::Rw(db)) => db,
            Some(Db::Ro(_, p)) => return Err(StoreError::ReadOnly(p.clone())),
            None => return Err(StoreError::Db("the database is still being read".into())),
        };
        guard::guard(|| {
            while db.compact().map_err(|e| StoreError::Db(e.to_string()))? {}
            Ok(())
        })?;
        Ok((before, size(&self.path)))
    }

    /// Flips one byte of a stored event: for tests of `verify` only.
    #[doc(hidden)]
    pub fn tamper_for_tests(&self, office: &str, seq: u64, byte: usize) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        {
            let mut events = txn.open_table(EVENTS)?;
            let mut b = events
                .get((office, seq))?
                .map(|v| v.value().to_vec())
                .ok_or(StoreError::NoOffice)?;
            let i = byte % b.len();
            b[i] ^= 0x01;
            events.insert((office, seq), b.as_slice())?;
        }
        txn.commit()?;
        Ok(())
    }

    /// Writes (or with `None` removes) one projection entry behind the
    /// log's back: for tests of `verify` only.
    #[doc(hidden)]
    pub fn tamper_projection_for_tests(
        &self,
        t: T,
        key: &str,
        val: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(t.def())?;
            match val {
                Some(v) => {
                    table.insert(key, v)?;
                }
                None => {
                    table.remove(key)?;
                }
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// Sets the recorded schema version: for migration tests only.
    #[doc(hidden)]
    pub fn set_schema_version_for_tests(
        &self,
        v: u32,
        drop_indexes: bool,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        txn.open_table(META)?
            .insert("schema_version", v.to_string().as_str())?;
        if drop_indexes {
            for t in T::ALL.iter().filter(|t| t.name().starts_with("x_")) {
                txn.delete_table(t.def())?;
            }
        }
        txn.commit()?;
        Ok(())
    }
}

/// Recomputes all projections from the logs (see `Store::verify`).
fn rebuild_from(
    events: &impl ReadableTable<(&'static str, u64), codec::EventBytes>,
    heads: &impl ReadableTable<&'static str, codec::RecordBytes>,
) -> Result<(MemTables, VerifyReport), StoreError> {
    let mut mem = MemTables::default();
    let mut report = VerifyReport::default();
    let mut offices: Vec<String> = vec![];
    for h in heads.iter()? {
        offices.push(h?.0.value().to_string());
    }
    report.offices = offices.len();
    for office in &offices {
        let mut prev = String::new();
        let mut expect = 1u64;
        for item in events.range((office.as_str(), 0u64)..=(office.as_str(), u64::MAX))? {
            let (k, v) = item?;
            let seq = k.value().1;
            let bytes = v.value();
            report.events += 1;
            let here = format!("{office} #{seq}");
            if seq != expect {
                report
                    .chain_errors
                    .push(format!("{here}: expected #{expect} (events missing)"));
            }
            expect = seq + 1;
            let env: Envelope = match serde_json::from_slice(bytes) {
                Ok(e) => e,
                Err(e) => {
                    report
                        .chain_errors
                        .push(format!("{here}: unreadable event ({e})"));
                    prev = codec::hash_hex(bytes);
                    continue;
                }
            };
            if env.office.as_str() != office || env.seq != seq {
                report.chain_errors.push(format!(
                    "{here}: event claims to be {} #{}",
                    env.office, env.seq
                ));
            }
            if env.prev_hash != prev {
                report.chain_errors.push(format!(
                    "{here}: chain broken (previous hash does not match)"
                ));
            }
            prev = codec::hash_hex(bytes);
            project::apply(&mut mem, &env)?;
        }
        match heads.get(office.as_str())? {
            Some(h) => {
                let head: Head = serde_json::from_slice(h.value())
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                if head.hash != prev || head.seq + 1 != expect {
                    report.chain_errors.push(format!(
                        "{office}: log head does not match its last event (#{})",
                        head.seq
                    ));
                }
            }
            None => report.chain_errors.push(format!("{office}: no log head")),
        }
    }
    mem.finish()?;
    Ok((mem, report))
}

/// `Store::verify` on a database: read-only unless `rebuild`.
fn verify_db(db: &Db, rebuild: bool) -> Result<VerifyReport, StoreError> {
    if !rebuild {
        let txn = db.begin_read()?;
        let (mem, mut report) = rebuild_from(&txn.open_table(EVENTS)?, &txn.open_table(HEADS)?)?;
        let mut fixes = vec![];
        for t in T::ALL {
            diff_table(*t, &txn.open_table(t.def())?, &mem, &mut report, &mut fixes)?;
        }
        return Ok(report);
    }
    rebuild_with(db.begin_write()?)
}

/// The rebuilding half of `verify_db`, in `txn`: commits the repaired
/// projections when every chain holds, else changes nothing.
fn rebuild_with(txn: WriteTransaction) -> Result<VerifyReport, StoreError> {
    let (mem, mut report) = rebuild_from(&txn.open_table(EVENTS)?, &txn.open_table(HEADS)?)?;
    let mut fixes: Vec<(T, String, Option<&[u8]>)> = vec![];
    for t in T::ALL {
        diff_table(*t, &txn.open_table(t.def())?, &mem, &mut report, &mut fixes)?;
    }
    if report.chain_errors.is_empty() {
        let mut open: Option<(T, redb::Table<'_, &'static str, codec::RecordBytes>)> = None;
        for (t, k, v) in &fixes {
            if open.as_ref().map(|(ot, _)| ot) != Some(t) {
                open = Some((*t, txn.open_table(t.def())?));
            }
            if let Some((_, table)) = open.as_mut() {
                match v {
                    Some(v) => {
                        table.insert(k.as_str(), *v)?;
                    }
                    None => {
                        table.remove(k.as_str())?;
                    }
                }
            }
        }
        drop(open);
        txn.commit()?;
        report.rebuilt = true;
    } else {
        txn.abort()?;
    }
    Ok(report)
}

/// Compares one stored projection table with its rebuild. Stored and
/// rebuilt tables are both in key order: one merge pass finds the
/// differences, and a rebuild writes only those (the same end state as
/// replacing every table, without rewriting what is already right).
fn diff_table<'m>(
    t: T,
    table: &impl ReadableTable<&'static str, codec::RecordBytes>,
    mem: &'m MemTables,
    report: &mut VerifyReport,
    fixes: &mut Vec<(T, String, Option<&'m [u8]>)>,
) -> Result<(), StoreError> {
    static EMPTY: std::collections::BTreeMap<String, Vec<u8>> = std::collections::BTreeMap::new();
    let want = mem.tables.get(&t).unwrap_or(&EMPTY);
    let mut stored = table.iter()?;
    let mut next_stored = || -> Result<Option<(String, Vec<u8>)>, StoreError> {
        match stored.next() {
            Some(item) => {
                let (k, v) = item?;
                Ok(Some((k.value().to_string(), v.value().to_vec())))
            }
            None => Ok(None),
        }
    };
    let mut s = next_stored()?;
    let mut w = want.iter().peekable();
    loop {
        let order = match (&s, w.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((sk, _)), Some((wk, _))) => sk.as_str().cmp(wk.as_str()),
        };
        match order {
            std::cmp::Ordering::Less => {
                if let Some((sk, _)) = s.take() {
                    report.projection_errors.push(format!(
                        "{}: unexpected {}",
                        t.name(),
                        printable(&sk)
                    ));
                    fixes.push((t, sk, None));
                }
                s = next_stored()?;
            }
            std::cmp::Ordering::Greater => {
                if let Some((wk, wv)) = w.next() {
                    report.projection_errors.push(format!(
                        "{}: missing {}",
                        t.name(),
                        printable(wk)
                    ));
                    fixes.push((t, wk.clone(), Some(wv.as_slice())));
                }
            }
            std::cmp::Ordering::Equal => {
                if let (Some((sk, sv)), Some((_, wv))) = (s.take(), w.next())
                    && &sv != wv
                {
                    report.projection_errors.push(format!(
                        "{}: {} differs",
                        t.name(),
                        printable(&sk)
                    ));
                    fixes.push((t, sk, Some(wv.as_slice())));
                }
                s = next_stored()?;
            }
        }
    }
    Ok(())
}

/// Commands run inside one write transaction (see [`Store::batch`]).
pub struct Batch<'a> {
    w: Writer<'a>,
    own: OfficeCode,
}

impl Batch<'_> {
    /// Checks `cmd` and appends its events; a refused command appends
    /// nothing and the batch may go on.
    pub fn execute(
        &mut self,
        actor: &Actor,
        cmd: &Command,
        now: DateTime<Utc>,
    ) -> Result<Vec<Envelope>, StoreError> {
        execute_in(&mut self.w, &self.own, actor, cmd, now)
    }
}

/// The tables an append writes, each opened once per write transaction
/// (see `TxnTables`), and the log heads read so far.
pub(crate) struct Writer<'a> {
    tt: TxnTables<'a>,
    events: redb::Table<'a, (&'static str, u64), codec::EventBytes>,
    heads: redb::Table<'a, &'static str, codec::RecordBytes>,
    cache: std::collections::HashMap<String, Head>,
    /// Offices whose head moved and is not yet written to `heads`: a head
    /// is written once per transaction (by `finish`), not at every event.
    moved: std::collections::BTreeSet<String>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(txn: &'a WriteTransaction) -> Result<Writer<'a>, StoreError> {
        Ok(Writer {
            tt: TxnTables::new(txn),
            events: txn.open_table(EVENTS)?,
            heads: txn.open_table(HEADS)?,
            cache: Default::default(),
            moved: Default::default(),
        })
    }

    /// Writes the moved log heads and what is still held decoded; call
    /// before committing.
    pub(crate) fn finish(mut self) -> Result<(), StoreError> {
        for office in std::mem::take(&mut self.moved) {
            if let Some(head) = self.cache.get(&office) {
                let json =
                    serde_json::to_vec(head).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                self.heads.insert(office.as_str(), json.as_slice())?;
            }
        }
        self.tt.flush()
    }

    fn head(&mut self, office: &str) -> Result<Head, StoreError> {
        if let Some(h) = self.cache.get(office) {
            return Ok(h.clone());
        }
        let h = match self.heads.get(office)? {
            Some(v) => {
                serde_json::from_slice(v.value()).map_err(|e| StoreError::Corrupt(e.to_string()))?
            }
            None => Head {
                seq: 0,
                hash: String::new(),
            },
        };
        self.cache.insert(office.to_string(), h.clone());
        Ok(h)
    }

    /// Stores an event's bytes (whose hash is `hash`) and moves its
    /// office's head.
    fn store_event(
        &mut self,
        office: &str,
        seq: u64,
        bytes: &[u8],
        hash: &str,
    ) -> Result<(), StoreError> {
        self.events.insert((office, seq), bytes)?;
        match self.cache.get_mut(office) {
            Some(h) => {
                h.seq = seq;
                h.hash.clear();
                h.hash.push_str(hash);
            }
            None => {
                self.cache.insert(
                    office.to_string(),
                    Head {
                        seq,
                        hash: hash.to_string(),
                    },
                );
            }
        }
        if !self.moved.contains(office) {
            self.moved.insert(office.to_string());
        }
        Ok(())
    }
}

/// `decide` over the projections of the transaction, then the append of
/// every event it returns. Nothing is written when `decide` refuses.
fn execute_in(
    w: &mut Writer<'_>,
    own: &OfficeCode,
    actor: &Actor,
    cmd: &Command,
    now: DateTime<Utc>,
) -> Result<Vec<Envelope>, StoreError> {
    // A PIN hash never enters the log: it is kept in the local table.
    let (cmd, pin): (
        std::borrow::Cow<'_, Command>,
        Option<(String, Option<String>)>,
    ) = match cmd {
        Command::AddOperator {
            name,
            role,
            pin_hash: Some(h),
        } => (
            std::borrow::Cow::Owned(Command::AddOperator {
                name: name.clone(),
                role: *role,
                pin_hash: None,
            }),
            Some((name.trim().to_string(), Some(h.clone()))),
        ),
        Command::ChangeOperator {
            name,
            role,
            pin_hash,
            active,
        } => (
            std::borrow::Cow::Owned(Command::ChangeOperator {
                name: name.clone(),
                role: *role,
                pin_hash: None,
                active: *active,
            }),
            Some((name.clone(), pin_hash.clone())),
        ),
        c => (std::borrow::Cow::Borrowed(c), None),
    };
    let bodies = {
        let view = project::TablesView {
            t: std::cell::RefCell::new(&mut w.tt),
            own: Some(own.clone()),
        };
        decide(&view, actor, &cmd, now)?
    };
    let mut out = Vec::with_capacity(bodies.len());
    for b in bodies {
        out.push(append_in(w, own, actor.name(), b, now)?);
    }
    if let Some((name, hash)) = pin {
        pin::put_pin_in(w.tt.txn(), &name, hash.as_deref())?;
    }
    Ok(out)
}

/// The tables of a new database and its format marker.
fn create_tables(db: &Database) -> Result<(), StoreError> {
    let txn = db.begin_write()?;
    {
        let mut meta = txn.open_table(META)?;
        meta.insert("format", "juwu")?;
        meta.insert("schema_version", SCHEMA_VERSION.to_string().as_str())?;
        txn.open_table(EVENTS)?;
        txn.open_table(HEADS)?;
        txn.open_table(pin::LOCAL_PINS)?;
        txn.open_table(pin::LOCAL_THROTTLE)?;
        for t in T::ALL {
            txn.open_table(t.def())?;
        }
    }
    txn.commit()?;
    Ok(())
}

fn has_redb_magic(path: &Path) -> bool {
    use std::io::Read;
    let mut b = [0u8; 9];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut b))
        .is_ok()
        && &b == b"redb\x1a\n\xa9\r\n"
}

/// Reads and checks the schema version and own office of a database.
fn read_meta(
    db: &impl ReadableDatabase,
    path: &Path,
) -> Result<(u32, Option<OfficeCode>), StoreError> {
    let not = || StoreError::NotJuwu(path.to_path_buf());
    let r = db.begin_read()?;
    let meta = r.open_table(META).map_err(|_| not())?;
    let format = meta.get("format")?.map(|v| v.value().to_string());
    let version = meta.get("schema_version")?.map(|v| v.value().to_string());
    let own = meta.get("own_office")?.map(|v| v.value().to_string());
    if format.as_deref() != Some("juwu") {
        return Err(not());
    }
    let version: u32 = version.and_then(|v| v.parse().ok()).ok_or_else(not)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let own = match own {
        Some(c) => Some(OfficeCode::parse(&c).map_err(|_| not())?),
        None => None,
    };
    Ok((version, own))
}

/// redb's page cache for a database file.
const CACHE: usize = 16 * 1024 * 1024;

fn permission_denied(e: &redb::DatabaseError) -> bool {
    matches!(e, redb::DatabaseError::Storage(redb::StorageError::Io(io))
        if io.kind() == std::io::ErrorKind::PermissionDenied)
}

fn open_db(path: &Path, create: bool) -> Result<Database, StoreError> {
    let mut b = Database::builder();
    b.set_cache_size(CACHE);
    let r = if create { b.create(path) } else { b.open(path) };
    r.map_err(|e| open_err(path, e))
}

fn printable(k: &str) -> String {
    k.replace(tables::SEP, "/")
}

fn read_table(
    txn: &WriteTransaction,
    t: T,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>, StoreError> {
    let table = txn.open_table(t.def())?;
    let mut out = std::collections::BTreeMap::new();
    for item in table.iter()? {
        let (k, v) = item?;
        out.insert(k.value().to_string(), v.value().to_vec());
    }
    Ok(out)
}

/// Fills `x_checks_by_target` from `p_checks` (schema 4 → 5), as
/// `project::apply` writes it when a check is recorded; `false` when a
/// check does not read (the caller rebuilds from the logs then).
fn index_checks_by_target(txn: &WriteTransaction) -> Result<bool, StoreError> {
    let checks = txn.open_table(T::Checks.def())?;
    let mut keys = vec![];
    for item in checks.iter()? {
        let (_, v) = item?;
        match serde_json::from_slice::<crate::domain::records::Check>(v.value()) {
            Ok(c) => keys.push(project::k2(c.target.as_str(), &c.id)),
            Err(_) => return Ok(false),
        }
    }
    let mut index = txn.open_table(T::XChecksByTarget.def())?;
    for k in keys {
        index.insert(k.as_str(), b"".as_slice())?;
    }
    Ok(true)
}

fn replace_projections(txn: &WriteTransaction, mem: &MemTables) -> Result<(), StoreError> {
    for t in T::ALL {
        txn.delete_table(t.def())?;
        let mut table = txn.open_table(t.def())?;
        if let Some(m) = mem.tables.get(t) {
            for (k, v) in m {
                table.insert(k.as_str(), v.as_slice())?;
            }
        }
    }
    Ok(())
}

/// Appends one event to `office`'s log and updates the projections.
pub(crate) fn append_in(
    w: &mut Writer<'_>,
    office: &OfficeCode,
    operator: &str,
    body: EventBody,
    now: DateTime<Utc>,
) -> Result<Envelope, StoreError> {
    let head = w.head(office.as_str())?;
    let env = Envelope {
        v: crate::domain::events::ENVELOPE_VERSION,
        office: office.clone(),
        seq: head.seq + 1,
        prev_hash: head.hash,
        recorded_at: now,
        operator: operator.to_string(),
        body,
    };
    let bytes = serde_json::to_vec(&env).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let hash = codec::hash_hex(&bytes);
    w.store_event(office.as_str(), env.seq, &bytes, &hash)?;
    project::apply(&mut w.tt, &env)?;
    Ok(env)
}

/// Appends events of another office, checking that each continues the chain.
/// Events already held (same seq, same hash) are skipped; a different hash at
/// a held seq is a fork and refused.
fn import_in(
    w: &mut Writer<'_>,
    office: &OfficeCode,
    events: &[Vec<u8>],
) -> Result<usize, StoreError> {
    let mut head = w.head(office.as_str())?;
    let mut added = 0;
    for bytes in events {
        let env: Envelope = serde_json::from_slice(bytes)
            .map_err(|e| StoreError::Corrupt(format!("{office}: unreadable event: {e}")))?;
        let hash = codec::hash_hex(bytes);
        if import_one(w, office, &mut head, &env, bytes, &hash)? {
            added += 1;
        }
    }
    Ok(added)
}

/// `import_in` for events already decoded and hashed (a bundle's, read by
/// `sync::format`): the same checks, without decoding or hashing again.
/// Each event's `hash` must be the blake3 of its `bytes`, as
/// `sync::format::read` makes it.
pub(crate) fn import_decoded(
    w: &mut Writer<'_>,
    office: &OfficeCode,
    events: &[StoredEvent],
) -> Result<usize, StoreError> {
    let mut head = w.head(office.as_str())?;
    let mut added = 0;
    for e in events {
        if import_one(w, office, &mut head, &e.env, &e.bytes, &e.hash)? {
            added += 1;
        }
    }
    Ok(added)
}

/// One event of `import_in`: false when it was already held.
fn import_one(
    w: &mut Writer<'_>,
    office: &OfficeCode,
    head: &mut Head,
    env: &Envelope,
    bytes: &[u8],
    hash: &str,
) -> Result<bool, StoreError> {
    if &env.office != office {
        return Err(StoreError::Corrupt(format!(
            "event of {} inside the log of {office}",
            env.office
        )));
    }
    if env.seq <= head.seq {
        let held = w
            .events
            .get((office.as_str(), env.seq))?
            .map(|v| codec::hash_hex(v.value()));
        if held.as_deref() != Some(hash) {
            return Err(StoreError::Corrupt(format!(
                "fork: {office} #{} differs from the event held here",
                env.seq
            )));
        }
        return Ok(false);
    }
    if env.seq != head.seq + 1 {
        return Err(StoreError::Corrupt(format!(
            "gap: {office} events #{}..#{} are missing",
            head.seq + 1,
            env.seq - 1
        )));
    }
    if env.prev_hash != head.hash {
        return Err(StoreError::Corrupt(format!(
            "{office} #{} does not continue the chain held here",
            env.seq
        )));
    }
    w.store_event(office.as_str(), env.seq, bytes, hash)?;
    project::apply(&mut w.tt, env)?;
    head.seq = env.seq;
    head.hash.clear();
    head.hash.push_str(hash);
    Ok(true)
}

impl From<redb::SetDurabilityError> for StoreError {
    fn from(e: redb::SetDurabilityError) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// Reads all projections (used by tests to compare states).
pub fn _all_tables(store: &Store) -> Result<MemTables, StoreError> {
    let txn = store.db.begin_write()?;
    let mut mem = MemTables::default();
    for t in T::ALL {
        let m = read_table(&txn, *t)?;
        if !m.is_empty() {
            mem.tables.insert(*t, m);
        }
    }
    txn.abort()?;
    let _ = mem.get(T::Offices, "");
    Ok(mem)
}
