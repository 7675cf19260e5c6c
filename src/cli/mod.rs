//! The command line: one file per subcommand. `main.rs` parses and calls
//! `run`; errors come back as one readable line and an exit code.

pub(crate) mod backup;
pub(crate) mod board;
pub(crate) mod bundle;
pub(crate) mod calendar;
pub(crate) mod catalogue;
pub(crate) mod check;
pub(crate) mod demo_cmd;
pub(crate) mod export;
pub(crate) mod r#gen;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod key;
pub(crate) mod kiosk;
pub(crate) mod office;
pub(crate) mod operator;
pub(crate) mod print;
pub(crate) mod receipt;
pub(crate) mod report;
pub(crate) mod restore;
pub(crate) mod salvage;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod space;
pub(crate) mod stress;
pub(crate) mod trust;
pub(crate) mod verify;

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};

use crate::domain::Calendar;
use crate::i18n::Lang;
use crate::service::{Error, clock, workspace};
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(
    name = "juwu",
    version,
    about = "居务公开 — community affairs disclosure registers, offline, in the terminal",
    long_about = "juwu keeps a residents' committee office's disclosure register, opinions and suggestions book, feedback-reply log, finance statements and supervision checks, as an append-only hash-chained log per office. Run `juwu demo` to try it with sample data."
)]
pub struct Cli {
    /// The database file (else $JUWU_DB, else the platform data directory).
    #[arg(long, global = true, env = "JUWU_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of the interface (default: from the system locale).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// The operator acting, for commands that record acts.
    #[arg(long = "as", global = true, env = "JUWU_OPERATOR", value_name = "NAME")]
    pub operator: Option<String>,
    /// Keymap of the app: `default`, `function-keys`, or a file applied
    /// over the default (else `keymap` in config.toml).
    #[arg(long, global = true, env = "JUWU_KEYMAP", value_name = "NAME|FILE")]
    pub keymap: Option<String>,
    /// Without a command, the app opens on the database.
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create this office's database and its signing key.
    Init(init::Args),
    /// Add or list the operators of this office.
    #[command(subcommand)]
    Operator(operator::Cmd),
    /// Open the app on a sample community filled from sample-data/.
    Demo(demo_cmd::Args),
    /// Find records in every register (fuzzy; pinyin works: cwgk).
    Search(search::Args),
    /// Check every chain link and that the projections match the logs.
    Verify(verify::Args),
    /// Write everything as canonical JSON, or one register as CSV/XLSX.
    Export(export::Args),
    /// The printable notice board page (公开栏) of a day.
    Board(board::Args),
    /// Does a printed board sheet match the register?
    Check(check::Args),
    /// The receipt slip for a resident's opinion.
    Receipt(receipt::Args),
    /// A register as the paper book it replaces (A4 landscape HTML).
    Print(print::Args),
    /// The touch-screen kiosk: public items only, read-only.
    Kiosk(kiosk::Args),
    /// Reports: supervision, overdue replies, compliance, finance.
    Report(report::Args),
    /// Bring in an earlier register from CSV or XLSX (all or nothing).
    Import(import::Args),
    /// A verifiable copy of the database (logs, settings, key if asked).
    Backup(backup::Args),
    /// Restore a backup into a new database.
    Restore(restore::Args),
    /// Write the logs still intact in a damaged database as a backup folder.
    Salvage(salvage::Args),
    /// Working days: due dates and the holiday calendar.
    #[command(subcommand)]
    Calendar(calendar::Cmd),
    /// This office's public key and fingerprint.
    #[command(subcommand)]
    Key(key::Cmd),
    /// Generate a new database of realistic registers (benchmarks, trials).
    Gen(r#gen::Args),
    /// The space each table of the database takes.
    #[command(hide = true)]
    Space {
        /// Give the space freed by earlier transactions back first.
        #[arg(long)]
        compact: bool,
    },
    /// Sync by signed bundle files: export, inspect, import, status.
    #[command(subcommand)]
    Bundle(bundle::Cmd),
    /// The disclosure catalogue (公开目录): what is disclosed, how often.
    #[command(subcommand)]
    Catalogue(catalogue::Cmd),
    /// The office's settings: show, or set one (director).
    #[command(subcommand)]
    Settings(settings::Cmd),
    /// The keys of other offices trusted here.
    #[command(subcommand)]
    Trust(trust::Cmd),
    /// The roster of the offices below this one: add, list, rekey.
    #[command(subcommand)]
    Office(office::Cmd),
    /// Append events in a loop, each committed alone (crash tests).
    #[command(hide = true)]
    StressAppend(stress::Args),
}

/// The one error type of both front ends (the name the command files not
/// yet moved still use).
pub type CliError = crate::service::Error;
pub use crate::service::Result;
/// Used by `backup` and `restore` while they move to the service layer.
pub use crate::service::workspace::calendar_dir;

/// What every command needs: where the database is, the language, the clock.
pub struct Ctx {
    pub db: PathBuf,
    pub db_given: bool,
    pub lang: Lang,
    pub operator: Option<String>,
    pub keymap: Option<String>,
}

impl Ctx {
    pub fn new(cli: &Cli) -> Ctx {
        let (db, db_given) = match &cli.db {
            Some(p) => (p.clone(), true),
            None => (workspace::default_db(), false),
        };
        Ctx {
            db,
            db_given,
            lang: cli.lang.unwrap_or_else(Lang::detect),
            operator: cli.operator.clone(),
            keymap: cli.keymap.clone(),
        }
    }

    /// Now (`JUWU_NOW` fixes it: see `service::clock`).
    pub fn now(&self) -> DateTime<Utc> {
        clock::now()
    }

    /// Today: the Beijing date of now.
    pub fn today(&self) -> NaiveDate {
        clock::today()
    }

    pub fn open(&self) -> Result<Store> {
        Ok(Store::open(&self.db)?)
    }

    /// The acting operator named by `--as`.
    pub fn actor(&self, store: &Store) -> Result<crate::domain::Actor> {
        let name = self.operator.as_deref().ok_or(Error::NeedsOperator)?;
        Ok(store.actor(name)?)
    }

    /// Built-in calendars plus `calendars/*.toml` beside the database.
    pub fn calendar(&self) -> Result<Calendar> {
        workspace::calendar(&self.db)
    }
}

/// Opens the terminal app on `store` as the operator of `--as`, if any.
pub fn open_app(ctx: &Ctx, store: Store) -> Result<()> {
    crate::tui::run(
        store,
        crate::tui::Options {
            db: ctx.db.clone(),
            lang: ctx.lang,
            keymap: ctx.keymap.clone(),
            operator: ctx.operator.clone(),
        },
    )
}

/// Runs the command; the caller prints `message(lang)` of the error and
/// picks the exit code.
pub fn run(cli: Cli) -> Result<()> {
    clock::check()?;
    let lang = Ctx::new(&cli).lang;
    let r = run_in(cli);
    for n in crate::store::take_notes() {
        eprintln!("juwu: {}", n.message(lang.zh()));
    }
    r
}

fn run_in(cli: Cli) -> Result<()> {
    let ctx = Ctx::new(&cli);
    let Some(command) = cli.command else {
        return open_app(&ctx, ctx.open()?);
    };
    match command {
        Cmd::Search(a) => search::run(&ctx, a),
        Cmd::Init(a) => init::run(&ctx, a),
        Cmd::Operator(c) => operator::run(&ctx, c),
        Cmd::Demo(a) => demo_cmd::run(&ctx, a),
        Cmd::Verify(a) => verify::run(&ctx, a),
        Cmd::Export(a) => export::run(&ctx, a),
        Cmd::Board(a) => board::run(&ctx, a),
        Cmd::Check(a) => check::run(&ctx, a),
        Cmd::Receipt(a) => receipt::run(&ctx, a),
        Cmd::Print(a) => print::run(&ctx, a),
        Cmd::Kiosk(a) => kiosk::run(&ctx, a),
        Cmd::Report(a) => report::run(&ctx, a),
        Cmd::Import(a) => import::run(&ctx, a),
        Cmd::Backup(a) => backup::run(&ctx, a),
        Cmd::Restore(a) => restore::run(&ctx, a),
        Cmd::Salvage(a) => salvage::run(&ctx, a),
        Cmd::Calendar(c) => calendar::run(&ctx, c),
        Cmd::Key(c) => key::run(&ctx, c),
        Cmd::Gen(a) => r#gen::run(&ctx, a),
        Cmd::Space { compact } => space::run(&ctx, compact),
        Cmd::Bundle(c) => bundle::run(&ctx, c),
        Cmd::Trust(c) => trust::run(&ctx, c),
        Cmd::Office(c) => office::run(&ctx, c),
        Cmd::Settings(c) => settings::run(&ctx, c),
        Cmd::Catalogue(c) => catalogue::run(&ctx, c),
        Cmd::StressAppend(a) => stress::run(&ctx, a),
    }
}
