//! The one error type of both front ends. Every variant is a typed value
//! rendered in the user's language by [`Error::message`] (an exhaustive
//! match: a missing translation does not compile); wrapped errors of the
//! lower layers render through their own `message`.

use std::path::PathBuf;

use crate::domain::{DomainError, OfficeCode};
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::sync::SyncError;
use crate::sync::keys::KeyError;

use super::clock::ClockError;
use super::files::FileError;

/// Which command needs what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Export,
    Report,
}

/// Why an exit chord of `kiosk.toml` or `--exit-chord` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChordError {
    /// `part` is not a key.
    NotAKey {
        part: String,
        chord: String,
    },
    NoKey(String),
    NeedsModifier(String),
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Clock(#[from] ClockError),
    /// The terminal could not be set up, drawn or read.
    #[error("terminal: {0}")]
    Terminal(String),
    /// A report or sheet could not be laid out as a workbook.
    #[error("{0}")]
    Xlsx(String),
    #[error("name the operator acting with --as NAME (see `juwu operator list`)")]
    NeedsOperator,
    #[error("name an office with --office CODE")]
    NeedsOffice,
    #[error("unknown office '{0}'")]
    UnknownOffice(OfficeCode),
    #[error("an xlsx {} needs --out FILE.xlsx", match .0 { Output::Export => "export", Output::Report => "report" })]
    XlsxNeedsOut(Output),
    #[error("--format lines writes every register; leave out --register")]
    LinesWithRegister,
    #[error("--format json writes everything; use --format csv or xlsx with --register")]
    JsonWithRegister,
    #[error("name the register: --register disclosures|opinions|replies|statements")]
    NeedsRegister,
    #[error("give something to search for")]
    NeedsQuery,
    #[error("no opinion '{0}'")]
    NoOpinion(String),
    #[error("no disclosure '{0}' in this register")]
    NoDisclosure(String),
    #[error("type the whole check code (12 letters and digits, e.g. 1A2B-3C4D-5E6F)")]
    CheckCodeTooShort,
    #[error("{0} has not been published: no printed sheet of it can be genuine")]
    NotPublished(String),
    #[error("{id}: the sheet does not match the register (register code {code})")]
    SheetDiffers { id: String, code: String },
    #[error("{}: the file is named for {named} but says year = {year}", .file.display())]
    CalendarYearMismatch {
        file: PathBuf,
        named: i32,
        year: i32,
    },
    #[error("{} already holds office {office}", .db.display())]
    DbHoldsOffice { db: PathBuf, office: OfficeCode },
    #[error("{} already exists: another office key is there; choose another --db", .0.display())]
    KeyFileExists(PathBuf),
    #[error("{}: import reads .csv, .xlsx, .xls or .ods files", .0.display())]
    ImportFileType(PathBuf),
    #[error("{count} problem(s) in {}: nothing was imported", .file.display())]
    ImportRefused { file: PathBuf, count: usize },
    #[error("{0} broken chain link(s): the log was altered")]
    ChainBroken(usize),
    #[error("{0} projection entries differ from the logs: run `juwu verify --rebuild`")]
    ProjectionsDiffer(usize),
    #[error("{}:{line}: {detail}", .file.display())]
    ConfigFile {
        file: PathBuf,
        line: usize,
        /// The parser's own words.
        detail: String,
    },
    #[error("{}", chord_en(.0))]
    Chord(ChordError),
    #[error(
        "no active operator has a PIN: set one first (juwu operator set-pin), or the kiosk could not be closed"
    )]
    KioskNeedsPin,
    #[error(transparent)]
    Pin(#[from] crate::store::pin::PinError),
    #[error("the two PINs differ: nothing changed")]
    PinsDiffer,
    #[error("cancelled")]
    Cancelled,
    #[error("cannot read the terminal")]
    NoTerminal,
    #[error("cannot read standard input: {0}")]
    Stdin(String),
    /// English text of a command not yet moved to typed messages
    /// (bundle, backup, restore, trust, key, demo, gen).
    #[error("{0}")]
    Msg(String),
    /// A check failed; the details were already printed (English text of
    /// a command not yet moved to typed messages).
    #[error("{0}")]
    Failed(String),
    /// `juwu bundle inspect`: the bundle would be refused (the problems
    /// were printed).
    #[error("this bundle would be refused")]
    BundleWouldBeRefused,
    /// `juwu bundle import`: refused, nothing imported (the problems were
    /// printed).
    #[error("refused: nothing was imported")]
    BundleImportRefused,
    /// A backup or restore refused (worded by `BackupError::message`).
    #[error(transparent)]
    Backup(#[from] super::backup::BackupError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn chord_en(c: &ChordError) -> String {
    match c {
        ChordError::NotAKey { part, chord } => {
            format!(
                "'{part}' in exit chord '{chord}' is not a key (use e.g. ctrl+alt+q or ctrl+f12)"
            )
        }
        ChordError::NoKey(s) => format!("exit chord '{s}' names no key"),
        ChordError::NeedsModifier(s) => {
            format!("exit chord '{s}' needs ctrl or alt, so a visitor cannot press it by chance")
        }
    }
}

impl Error {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use Error::*;
        let zh = lang.zh();
        if !zh {
            return match self {
                Store(e) => e.message(false),
                Domain(e) => e.message(false),
                File(e) => e.message(false),
                Key(e) => e.message(false),
                Sync(e) => e.message(lang),
                e => e.to_string(),
            };
        }
        match self {
            Store(e) => e.message(true),
            Domain(e) => e.message(true),
            File(e) => e.message(true),
            Clock(e) => e.message(true),
            Key(e) => e.message(true),
            Sync(e) => e.message(lang),
            Terminal(e) => format!("终端：{e}"),
            Xlsx(e) => format!("无法生成 Excel 文件：{e}"),
            NeedsOperator => "请用 --as 指明操作的操作员（见 `juwu operator list`）".into(),
            NeedsOffice => "请用 --office 指明单位代码".into(),
            UnknownOffice(c) => format!("没有单位“{c}”"),
            XlsxNeedsOut(Output::Export) => "导出 xlsx 需要 --out 文件.xlsx".into(),
            XlsxNeedsOut(Output::Report) => "xlsx 报表需要 --out 文件.xlsx".into(),
            LinesWithRegister => "--format lines 写出全部登记簿；请去掉 --register".into(),
            JsonWithRegister => {
                "--format json 写出全部数据；单个登记簿请用 --format csv 或 xlsx 加 --register"
                    .into()
            }
            NeedsRegister => {
                "请指明登记簿：--register disclosures|opinions|replies|statements".into()
            }
            NeedsQuery => "请给出要查找的内容".into(),
            NoOpinion(id) => format!("没有意见“{id}”"),
            NoDisclosure(id) => format!("本登记簿中没有公开事项“{id}”"),
            CheckCodeTooShort => "请输入完整的校验码（12 位字母和数字，如 1A2B-3C4D-5E6F）".into(),
            NotPublished(id) => format!("{id} 尚未公开：不可能有它的真实张贴件"),
            SheetDiffers { id, code } => {
                format!("{id}：张贴件与登记簿不符（登记簿校验码 {code}）")
            }
            CalendarYearMismatch { file, named, year } => format!(
                "{}：文件名为 {named} 年，内容却写 year = {year}",
                file.display()
            ),
            DbHoldsOffice { db, office } => {
                format!("{} 已属于单位 {office}", db.display())
            }
            KeyFileExists(p) => format!(
                "{} 已存在：那里已有另一个单位密钥；请换一个 --db",
                p.display()
            ),
            ImportFileType(p) => {
                format!("{}：只能导入 .csv、.xlsx、.xls 或 .ods 文件", p.display())
            }
            ImportRefused { file, count } => format!(
                "{} 中有 {count} 处问题：未导入任何记录",
                file.display()
            ),
            ChainBroken(n) => format!("{n} 处链条断裂：日志被改动过"),
            ProjectionsDiffer(n) => {
                format!("{n} 处登记簿条目与日志不一致：请运行 `juwu verify --rebuild`")
            }
            ConfigFile { file, line, detail } => {
                format!("{}:{line}：设置有误：{detail}", file.display())
            }
            Chord(ChordError::NotAKey { part, chord }) => format!(
                "退出组合键“{chord}”中的“{part}”不是按键（例如 ctrl+alt+q 或 ctrl+f12）"
            ),
            Chord(ChordError::NoKey(s)) => format!("退出组合键“{s}”没有指明按键"),
            Chord(ChordError::NeedsModifier(s)) => {
                format!("退出组合键“{s}”需要 ctrl 或 alt，以免来访者误按")
            }
            KioskNeedsPin => {
                "没有设置了密码的在用操作员：请先设置密码（juwu operator set-pin），否则触摸屏无法退出"
                    .into()
            }
            Pin(e) => e.message(true),
            PinsDiffer => "两次输入的密码不一致：未修改".into(),
            Cancelled => "已取消".into(),
            NoTerminal => "无法读取终端".into(),
            Stdin(e) => format!("无法读取标准输入：{e}"),
            Msg(s) | Failed(s) => s.clone(),
            BundleWouldBeRefused => "此数据包将被拒绝".into(),
            BundleImportRefused => "已拒绝：没有导入任何内容".into(),
            Backup(e) => e.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal of the front ends has Chinese words of its own.
    #[test]
    fn each_refusal_speaks_chinese() {
        let p = || PathBuf::from("a/b.csv");
        let code = OfficeCode::parse("QH01").unwrap();
        let all = [
            Error::Clock(ClockError("x".into())),
            Error::Terminal("x".into()),
            Error::Xlsx("x".into()),
            Error::NeedsOperator,
            Error::NeedsOffice,
            Error::UnknownOffice(code.clone()),
            Error::XlsxNeedsOut(Output::Export),
            Error::XlsxNeedsOut(Output::Report),
            Error::LinesWithRegister,
            Error::JsonWithRegister,
            Error::NeedsRegister,
            Error::NeedsQuery,
            Error::NoOpinion("x".into()),
            Error::NoDisclosure("x".into()),
            Error::CheckCodeTooShort,
            Error::NotPublished("x".into()),
            Error::SheetDiffers {
                id: "x".into(),
                code: "y".into(),
            },
            Error::CalendarYearMismatch {
                file: p(),
                named: 2027,
                year: 2028,
            },
            Error::DbHoldsOffice {
                db: p(),
                office: code,
            },
            Error::KeyFileExists(p()),
            Error::ImportFileType(p()),
            Error::ImportRefused {
                file: p(),
                count: 2,
            },
            Error::ChainBroken(1),
            Error::ProjectionsDiffer(1),
            Error::ConfigFile {
                file: p(),
                line: 1,
                detail: "x".into(),
            },
            Error::Chord(ChordError::NotAKey {
                part: "x".into(),
                chord: "y".into(),
            }),
            Error::Chord(ChordError::NoKey("x".into())),
            Error::Chord(ChordError::NeedsModifier("x".into())),
            Error::KioskNeedsPin,
            Error::Pin(crate::store::pin::PinError::Malformed),
            Error::PinsDiffer,
            Error::Cancelled,
            Error::NoTerminal,
            Error::Pin(crate::store::pin::PinError::Hash("x".into())),
            Error::Stdin("x".into()),
        ];
        for e in &all {
            let (en, zh) = (e.message(Lang::En), e.message(Lang::Zh));
            assert_eq!(en, e.to_string());
            assert_ne!(en, zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
