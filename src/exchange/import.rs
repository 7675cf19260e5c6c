//! Import of an office's existing registers from CSV or XLSX: read the
//! sheet, map its headers (Chinese or English, as `registers` defines them),
//! check every row and turn it into the ordinary workflow commands. Nothing
//! is written here: the caller runs the commands all-or-nothing through
//! `Store::execute_batch`, so every record is an event.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::domain::money::{Line, LineCategory, parse_amount};
use crate::domain::workflow::{OpinionDraft, ReplyDraft};
use crate::domain::{
    Basis, Category, Channel, Command, DraftFields, Form, ImportedSigner, OfficeCode, OpinionKind,
    Outcome, Period, ReplyForm, Resident, Role, RouteTo, Scope, Status,
};

use crate::domain::types::fold_name;
use crate::report::doc::Column;

use super::registers::{Register, columns};

/// One cell as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub enum In {
    Empty,
    Text(String),
    Num(f64),
    Date(NaiveDateTime),
    Bool(bool),
}

/// A sheet: its header row and data rows with their row numbers in the file
/// (as a spreadsheet program numbers them: the first row is 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<In>)>,
    /// The row number of the header row.
    pub header_row: usize,
    /// What reading the file found out (encoding, sheet, header row,
    /// columns read past), said in the dry run.
    pub notes: Vec<Note>,
}

/// The encoding a CSV file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// GB18030, which includes GBK and GB2312: Excel's "CSV" in China.
    Gb18030,
    Utf16,
}

/// Why a column is read past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// `序号`: the office's running number (the register numbers records itself).
    RowNumber,
    /// `备注`: remarks, not a column of the register.
    Remarks,
}

/// Something reading the file found out, told to the clerk so nothing
/// happens unseen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Encoding(TextEncoding),
    /// The workbook's sheet that was read (its header row matches the
    /// register) and the others.
    Sheet {
        name: String,
        skipped: Vec<String>,
    },
    /// The header row is below the top: the rows in `skipped` (a title)
    /// are not records.
    HeaderRow {
        row: usize,
        skipped: std::ops::Range<usize>,
    },
    IgnoredColumn {
        header: String,
        why: Ignored,
    },
}

impl Note {
    /// The note in the UI language.
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (Note::Encoding(e), false) => format!(
                "read as {}",
                match e {
                    TextEncoding::Utf8 => "UTF-8",
                    TextEncoding::Gb18030 => "GB18030 (GBK), as Excel in China saves CSV",
                    TextEncoding::Utf16 => "UTF-16 (Excel's Unicode text)",
                }
            ),
            (Note::Encoding(e), true) => format!(
                "文件编码：{}",
                match e {
                    TextEncoding::Utf8 => "UTF-8",
                    TextEncoding::Gb18030 => "GB18030（GBK，中文版 Excel 保存的 CSV）",
                    TextEncoding::Utf16 => "UTF-16（Excel 的 Unicode 文本）",
                }
            ),
            (Note::Sheet { name, skipped }, false) => format!(
                "read the sheet '{name}' (its header row matches); not read: {}",
                skipped
                    .iter()
                    .map(|s| format!("'{s}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Note::Sheet { name, skipped }, true) => format!(
                "读取工作表“{name}”（其标题行与登记簿相符）；未读取：{}",
                skipped
                    .iter()
                    .map(|s| format!("“{s}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            (Note::HeaderRow { row, skipped }, false) => match skipped.len() {
                1 => format!(
                    "the header row is row {row}; row {} above it (a title) is not a record",
                    skipped.start
                ),
                _ => format!(
                    "the header row is row {row}; rows {} to {} above it (a title) are not records",
                    skipped.start,
                    skipped.end - 1
                ),
            },
            (Note::HeaderRow { row, skipped }, true) => match skipped.len() {
                1 => format!(
                    "标题行在第 {row} 行；其上第 {} 行（表头标题）不作记录",
                    skipped.start
                ),
                _ => format!(
                    "标题行在第 {row} 行；其上第 {}–{} 行（表头标题）不作记录",
                    skipped.start,
                    skipped.end - 1
                ),
            },
            (Note::IgnoredColumn { header, why }, false) => format!(
                "column '{header}' is not imported ({})",
                match why {
                    Ignored::RowNumber => "a running number: the register numbers records itself",
                    Ignored::Remarks => "remarks are not a column of the register",
                }
            ),
            (Note::IgnoredColumn { header, why }, true) => format!(
                "列“{header}”不导入（{}）",
                match why {
                    Ignored::RowNumber => "序号：登记簿自行编号",
                    Ignored::Remarks => "备注不是登记簿的列",
                }
            ),
        }
    }
}

/// A problem with the file or one of its rows.
#[derive(Debug, Clone)]
pub struct RowError {
    /// Row number in the file (1 is the header row; 0: the whole file).
    pub row: usize,
    pub problem: Problem,
}

/// What is wrong with the file, its header row or one record.
#[derive(Debug, Clone)]
pub enum Problem {
    /// The file's extension is not one import reads.
    FileType(String),
    /// The CSV file is neither UTF-8, UTF-16 nor GB18030.
    UnknownEncoding,
    /// The CSV reader's own words.
    UnreadableCsv(String),
    Empty,
    /// Not a workbook of the kind (`XLSX`, `XLS`, `ODS`) the extension
    /// says, with the workbook reader's own words.
    NotWorkbook {
        kind: String,
        error: String,
    },
    NoWorksheet,
    EmptyWorksheet,
    UnreadableWorksheet(String),
    /// A header row and nothing under it.
    NoRecords,
    DuplicateColumn(String),
    UnknownColumn {
        header: String,
        register: Register,
    },
    /// A required column (its English key) is not in the header row.
    MissingColumn {
        register: Register,
        column: &'static str,
    },
    /// The cells of one record that do not read.
    Cells {
        register: Register,
        cells: Vec<CellError>,
    },
    TwoPeriods {
        statement: String,
        first: Period,
        second: Period,
    },
    TwoOpenings {
        statement: String,
    },
    CorrectsLater {
        statement: String,
        corrects: String,
    },
    AlreadyImported {
        old: String,
        id: String,
    },
    CorrectedBefore {
        old: String,
    },
    /// The register refused the record (checked through the workflow).
    Refused(std::sync::Arc<crate::store::StoreError>),
}

/// One cell that does not read: its column (the English key of
/// `registers::columns`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: &'static str,
    pub problem: CellProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    Empty,
    /// The value does not parse (the domain's own error).
    Invalid(crate::domain::DomainError),
    NotDateTime(String),
    /// The number as written in the sheet.
    Negative(String),
    TooManyDecimals(String),
    NotYesNo(String),
    /// A granted request without the item it led to.
    GrantedNeedsItem,
    /// A date whose year is before 1990 or after next year (`26/3/5` read
    /// as the year 26): as written, and the years accepted.
    YearOutOfRange {
        written: String,
        year: i32,
        earliest: i32,
        latest: i32,
    },
    /// A date not on the 1st in a period column.
    DateNotPeriod(NaiveDate),
}

impl RowError {
    /// A refusal of the register for the record from `row`.
    pub fn refused(row: usize, e: crate::store::StoreError) -> RowError {
        RowError {
            row,
            problem: Problem::Refused(std::sync::Arc::new(e)),
        }
    }

    /// The whole line in the UI language, with its row number.
    pub fn message(&self, zh: bool) -> String {
        let p = self.problem.message(zh);
        match (self.row, zh) {
            (0, _) => p,
            (n, true) => format!("第 {n} 行：{p}"),
            (n, false) => format!("row {n}: {p}"),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

/// A column's name in the UI language.
fn column_name(register: Register, key: &'static str, zh: bool) -> &'static str {
    match zh {
        true => columns(register)
            .iter()
            .find(|c| c.en == key)
            .map(|c| c.zh)
            .unwrap_or(key),
        false => key,
    }
}

impl Problem {
    /// The problem in the UI language (every variant has both).
    pub fn message(&self, zh: bool) -> String {
        use Problem::*;
        match (self, zh) {
            (FileType(ext), false) => format!(
                "import reads .csv, .xlsx, .xls or .ods files, not '.{ext}': \
                 save the sheet in one of these from Excel, WPS or LibreOffice"
            ),
            (FileType(ext), true) => format!(
                "导入只读取 .csv、.xlsx、.xls 或 .ods 文件，不读取“.{ext}”：\
                 请在 Excel、WPS 或 LibreOffice 中另存为其中一种"
            ),
            (UnknownEncoding, false) => "the CSV file is neither UTF-8 nor GB18030 (GBK): \
                save it from Excel as \"CSV UTF-8\" or as an .xlsx workbook"
                .into(),
            (UnknownEncoding, true) => "CSV 文件既不是 UTF-8 也不是 GB18030（GBK）编码：\
                请在 Excel 中另存为“CSV UTF-8”或 .xlsx 工作簿"
                .into(),
            (UnreadableCsv(e), false) => format!("unreadable CSV: {e}"),
            (UnreadableCsv(e), true) => format!("CSV 无法读取：{e}"),
            (Empty, false) => "the file is empty".into(),
            (Empty, true) => "文件是空的".into(),
            (NotWorkbook { kind, error }, false) => format!("not a readable {kind} file: {error}"),
            (NotWorkbook { kind, error }, true) => format!("不是可读取的 {kind} 文件：{error}"),
            (NoWorksheet, false) => "the workbook has no worksheet".into(),
            (NoWorksheet, true) => "工作簿中没有工作表".into(),
            (EmptyWorksheet, false) => "the worksheet is empty".into(),
            (EmptyWorksheet, true) => "工作表是空的".into(),
            (UnreadableWorksheet(e), false) => format!("unreadable worksheet: {e}"),
            (UnreadableWorksheet(e), true) => format!("工作表无法读取：{e}"),
            (NoRecords, false) => "the file has a header row but no records".into(),
            (NoRecords, true) => "文件只有标题行，没有记录".into(),
            (DuplicateColumn(h), false) => format!("column '{h}' appears twice"),
            (DuplicateColumn(h), true) => format!("列“{h}”出现了两次"),
            (UnknownColumn { header, register }, false) => format!(
                "column '{header}' is not a column of the {} register (expected: {})",
                register.as_str(),
                columns(*register)
                    .iter()
                    .map(|c| format!("{}/{}", c.zh, c.en))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (UnknownColumn { header, register }, true) => format!(
                "列“{header}”不是{}的列（应为：{}）",
                register.title(true),
                columns(*register)
                    .iter()
                    .map(|c| c.zh)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            (MissingColumn { register, column }, false) => format!(
                "the required column '{}' ({column}) is missing",
                column_name(*register, column, true)
            ),
            (MissingColumn { register, column }, true) => {
                format!("缺少必需的列“{}”", column_name(*register, column, true))
            }
            (Cells { register, cells }, _) => cells
                .iter()
                .map(|c| {
                    let name = column_name(*register, c.column, zh);
                    let why = c.problem.message(zh);
                    match zh {
                        true => format!("{name}：{why}"),
                        false => format!("{name}: {why}"),
                    }
                })
                .collect::<Vec<_>>()
                .join(if zh { "；" } else { "; " }),
            (
                TwoPeriods {
                    statement,
                    first,
                    second,
                },
                false,
            ) => format!("statement {statement} has lines for both {first} and {second}"),
            (
                TwoPeriods {
                    statement,
                    first,
                    second,
                },
                true,
            ) => format!("报表 {statement} 的明细分属 {first} 和 {second} 两个期间"),
            (TwoOpenings { statement }, false) => {
                format!("statement {statement} has two different opening balances")
            }
            (TwoOpenings { statement }, true) => {
                format!("报表 {statement} 有两个不同的期初余额")
            }
            (
                CorrectsLater {
                    statement,
                    corrects,
                },
                false,
            ) => {
                format!("statement {statement} corrects {corrects}, which comes later in the file")
            }
            (
                CorrectsLater {
                    statement,
                    corrects,
                },
                true,
            ) => format!("报表 {statement} 更正的 {corrects} 在文件中排在它后面"),
            (AlreadyImported { old, id }, false) => format!("{old} was already imported as {id}"),
            (AlreadyImported { old, id }, true) => format!("{old} 已导入为 {id}"),
            (CorrectedBefore { old }, false) => format!(
                "{old} is corrected by a row that comes before it: \
                 keep the rows in register order"
            ),
            (CorrectedBefore { old }, true) => {
                format!("更正 {old} 的行排在它前面：请按登记簿的顺序排列各行")
            }
            (Refused(e), zh) => e.message(zh),
        }
    }
}

impl CellProblem {
    pub fn message(&self, zh: bool) -> String {
        use CellProblem::*;
        match (self, zh) {
            (Empty, false) => "is empty".into(),
            (Empty, true) => "为空".into(),
            (Invalid(e), zh) => e.message(zh),
            (NotDateTime(s), false) => {
                format!("'{s}' is not a date and time (use YYYY-MM-DD HH:MM)")
            }
            (NotDateTime(s), true) => format!("“{s}”不是日期和时间（格式：YYYY-MM-DD HH:MM）"),
            (Negative(f), false) => format!("{f} is negative"),
            (Negative(f), true) => format!("{f} 是负数"),
            (TooManyDecimals(f), false) => {
                format!("{f} has more than two decimal places (yuan and fen)")
            }
            (TooManyDecimals(f), true) => format!("{f} 的小数超过两位（只到元和分）"),
            (NotYesNo(s), false) => format!("'{s}' is not yes/no (是/否)"),
            (NotYesNo(s), true) => format!("“{s}”不是“是/否”"),
            (GrantedNeedsItem, false) => {
                "a granted request names the item it led to (import the disclosures first)".into()
            }
            (GrantedNeedsItem, true) => "同意的申请须写明由此公开的事项（请先导入公开事项）".into(),
            (
                YearOutOfRange {
                    written,
                    year,
                    earliest,
                    latest,
                },
                false,
            ) => format!(
                "'{written}' reads as the year {year:04}: dates from {earliest} to {latest} \
                 are accepted; write the year in full, e.g. {latest_but_one}-03-05",
                latest_but_one = latest - 1
            ),
            (
                YearOutOfRange {
                    written,
                    year,
                    earliest,
                    latest,
                },
                true,
            ) => format!(
                "“{written}”读作 {year:04} 年：只接受 {earliest} 年至 {latest} 年的日期；\
                 请写出四位年份，如 {latest_but_one}-03-05 或 {latest_but_one}年3月5日",
                latest_but_one = latest - 1
            ),
            (DateNotPeriod(d), false) => format!(
                "{d} is a date, not a period: write the month as 2026-03, \
                 the quarter as 2026-Q1, the year as 2026"
            ),
            (DateNotPeriod(d), true) => format!(
                "{d} 是日期而不是期间：月份写作 2026-03 或 2026年3月，季度写作 2026-Q1 或 \
                 2026年第一季度，年度写作 2026"
            ),
        }
    }
}

fn file_err(problem: Problem) -> RowError {
    RowError { row: 0, problem }
}

/// Reads a register from a file of the kind its extension names: CSV
/// (UTF-8, GB18030/GBK or UTF-16, as Excel and WPS save them), XLSX, XLS or
/// ODS. The header row is the row that names the register's columns (a
/// title above it is skipped), and of a workbook the sheet whose header
/// row matches is read; what was found is kept in `Sheet::notes`.
pub fn read(reg: Register, ext: &str, bytes: &[u8]) -> Result<Sheet, RowError> {
    let ext = ext.to_ascii_lowercase();
    match kind_of(&ext) {
        Some(FileKind::Text) => read_csv_for(Some(reg), bytes),
        Some(FileKind::Workbook) => read_workbook(Some(reg), &ext, bytes),
        None => Err(file_err(Problem::FileType(ext))),
    }
}

enum FileKind {
    Text,
    Workbook,
}

fn kind_of(ext: &str) -> Option<FileKind> {
    match ext.to_ascii_lowercase().as_str() {
        "csv" | "txt" => Some(FileKind::Text),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(FileKind::Workbook),
        _ => None,
    }
}

/// Whether `read` takes a file with this extension.
pub fn reads(ext: &str) -> bool {
    kind_of(ext).is_some()
}

/// Reads a CSV file whose first row is the header (UTF-8 with or without a
/// BOM, GB18030/GBK, UTF-16 with a BOM).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, RowError> {
    read_csv_for(None, bytes)
}

/// Reads the first worksheet of a workbook (XLSX, XLS, ODS) whose first
/// row is the header.
pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, RowError> {
    read_workbook(None, "xlsx", bytes)
}

/// The text of a CSV file and the encoding it was read in: UTF-8 first
/// (the BOM or valid UTF-8), UTF-16 by its BOM, else GB18030 (a superset
/// of GBK and GB2312, what Excel in China writes as "CSV").
fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), RowError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_string(), TextEncoding::Utf8))
            .map_err(|_| file_err(Problem::UnknownEncoding));
    }
    for (bom, enc, which) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, TextEncoding::Utf16),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, TextEncoding::Utf16),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return enc
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|t| (t.into_owned(), which))
                .ok_or_else(|| file_err(Problem::UnknownEncoding));
        }
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Ok((t.to_string(), TextEncoding::Utf8));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (t.into_owned(), TextEncoding::Gb18030))
        .ok_or_else(|| file_err(Problem::UnknownEncoding))
}

fn read_csv_for(reg: Option<Register>, bytes: &[u8]) -> Result<Sheet, RowError> {
    let (text, encoding) = decode(bytes)?;
    // Excel's "Unicode text" is tab-separated; so is a paste from a sheet.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = vec![];
    // The reader skips blank lines, and a quoted cell may hold line
    // breaks: a record's row (as a spreadsheet shows the file) is its
    // first line less the breaks inside the cells above it.
    let mut breaks = 0usize;
    let mut last_row = 0usize;
    for rec in rd.records() {
        let rec = rec.map_err(|e| RowError {
            row: e
                .position()
                .map(|p| (p.line() as usize).saturating_sub(breaks))
                .unwrap_or(last_row + 1),
            problem: Problem::UnreadableCsv(e.to_string()),
        })?;
        // The position of a record after a blank line is that blank line:
        // count the line ends between it and the record's first cell.
        let line = rec
            .position()
            .map(|p| {
                let ends = text
                    .as_bytes()
                    .get(p.byte() as usize..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .filter(|b| **b == b'\n')
                    .count();
                p.line() as usize + ends
            })
            .unwrap_or(0);
        let row = line.saturating_sub(breaks).max(last_row + 1);
        last_row = row;
        breaks += rec.iter().map(|f| f.matches('\n').count()).sum::<usize>();
        let cells: Vec<In> = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    In::Empty
                } else {
                    // A cell juwu's CSV export neutralised reads back exactly.
                    In::Text(crate::domain::text::csv_untext(s).to_string())
                }
            })
            .collect();
        grid.push((row, cells));
    }
    let mut sheet = locate(reg, grid).ok_or_else(|| file_err(Problem::Empty))?;
    if encoding != TextEncoding::Utf8 {
        sheet.notes.insert(0, Note::Encoding(encoding));
    }
    Ok(sheet)
}

/// Every worksheet of a workbook as rows of cells with their row numbers.
fn read_workbook(reg: Option<Register>, ext: &str, bytes: &[u8]) -> Result<Sheet, RowError> {
    use calamine::{Reader, Sheets};
    let data = std::io::Cursor::new(bytes.to_vec());
    let named = match ext {
        "xls" => calamine::open_workbook_from_rs(data.clone())
            .map(Sheets::Xls)
            .map_err(calamine::Error::from),
        "ods" => calamine::open_workbook_from_rs(data.clone())
            .map(Sheets::Ods)
            .map_err(calamine::Error::from),
        "xlsb" => calamine::open_workbook_from_rs(data.clone())
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::from),
        _ => calamine::open_workbook_from_rs(data.clone())
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::from),
    };
    // WPS and others save one kind under another's extension.
    let mut wb = named
        .or_else(|e| calamine::open_workbook_auto_from_rs(data).map_err(|_| e))
        .map_err(|e| {
            file_err(Problem::NotWorkbook {
                kind: ext.to_ascii_uppercase(),
                error: e.to_string(),
            })
        })?;
    let names = wb.sheet_names();
    if names.is_empty() {
        return Err(file_err(Problem::NoWorksheet));
    }
    // The first sheet whose header row matches the register best.
    let mut best: Option<(usize, usize, Sheet)> = None;
    let mut first_error = None;
    for (i, name) in names.iter().enumerate() {
        let range = match wb.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                first_error.get_or_insert(e.to_string());
                continue;
            }
        };
        let Some(sheet) = locate(reg, grid_of(&range)) else {
            continue;
        };
        let score = reg.map(|r| header_score(r, &sheet.headers)).unwrap_or(0);
        if best.as_ref().is_none_or(|(_, s, _)| score > *s) {
            best = Some((i, score, sheet));
        }
        if reg.is_none() {
            break;
        }
    }
    let Some((i, _, mut sheet)) = best else {
        return Err(file_err(match first_error {
            Some(e) => Problem::UnreadableWorksheet(e),
            None => Problem::EmptyWorksheet,
        }));
    };
    if names.len() > 1 {
        let skipped = names
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, n)| n.clone())
            .collect();
        sheet.notes.insert(
            0,
            Note::Sheet {
                name: names[i].clone(),
                skipped,
            },
        );
    }
    Ok(sheet)
}

fn grid_of(range: &calamine::Range<calamine::Data>) -> Vec<(usize, Vec<In>)> {
    use calamine::Data;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let start_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut grid = vec![];
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<In> = vec![In::Empty; start_col];
        cells.extend(r.iter().map(|d| {
            match d {
                Data::Empty => In::Empty,
                Data::String(s) if s.trim().is_empty() => In::Empty,
                Data::String(s) => In::Text(s.clone()),
                Data::Float(f) => In::Num(*f),
                Data::Int(i) => In::Num(*i as f64),
                Data::Bool(b) => In::Bool(*b),
                Data::DateTime(dt) => match dt.as_datetime() {
                    Some(x) => In::Date(x),
                    None => In::Num(dt.as_f64()),
                },
                // ODS writes dates as ISO text, with or without the time.
                Data::DateTimeIso(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                    .or_else(|_| {
                        NaiveDate::parse_from_str(s, "%Y-%m-%d")
                            .map(|d| d.and_time(chrono::NaiveTime::MIN))
                    })
                    .map(In::Date)
                    .unwrap_or_else(|_| In::Text(s.clone())),
                Data::DurationIso(s) => In::Text(s.clone()),
                Data::Error(e) => In::Text(format!("#{e:?}")),
            }
        }));
        grid.push((start_row + i + 1, cells));
    }
    grid
}

/// Columns an office adds to its own sheets that are not part of the
/// register: a running number and remarks. They are read past, and the
/// dry run says so.
fn ignored_header(h: &str) -> Option<Ignored> {
    match fold_name(h).as_str() {
        "序号" | "序" | "行号" | "no." | "no" | "#" | "n°" => Some(Ignored::RowNumber),
        "备注" | "备考" | "remark" | "remarks" | "note" | "notes" => Some(Ignored::Remarks),
        _ => None,
    }
}

/// The register's column a header names (Chinese or English, spacing
/// and case aside), if any.
fn column_of(reg: Register, header: &str) -> Option<&'static Column> {
    let h = fold_name(header.trim_matches(['*', '＊']));
    if h.is_empty() {
        return None;
    }
    columns(reg)
        .iter()
        .find(|c| fold_name(c.zh) == h || fold_name(c.en) == h)
}

/// How many of `headers` name the register's columns.
fn header_score(reg: Register, headers: &[String]) -> usize {
    headers
        .iter()
        .filter(|h| column_of(reg, h).is_some())
        .count()
}

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH_ROWS: usize = 30;

/// The sheet of `grid` with its header row: for a register, the row among
/// the first ones that names most of its columns (a title or a note above
/// it is skipped); else, or if no row names any, the first row that is not
/// empty. None: nothing in the grid.
fn locate(reg: Option<Register>, grid: Vec<(usize, Vec<In>)>) -> Option<Sheet> {
    let filled: Vec<usize> = grid
        .iter()
        .enumerate()
        .filter(|(_, (_, cells))| cells.iter().any(|c| *c != In::Empty))
        .map(|(i, _)| i)
        .collect();
    let texts = |cells: &[In]| -> Vec<String> {
        cells
            .iter()
            .map(|c| text_of(c).trim().to_string())
            .collect()
    };
    let first = *filled.first()?;
    let mut at = first;
    if let Some(reg) = reg {
        let mut best = 0;
        for &i in filled.iter().take(HEADER_SEARCH_ROWS) {
            let score = header_score(reg, &texts(&grid[i].1));
            if score > best {
                best = score;
                at = i;
            }
        }
    }
    let header_row = grid[at].0;
    let headers = texts(&grid[at].1);
    let mut notes = vec![];
    if at != first {
        notes.push(Note::HeaderRow {
            row: header_row,
            skipped: grid[first].0..header_row,
        });
    }
    for h in &headers {
        if let Some(why) = ignored_header(h) {
            notes.push(Note::IgnoredColumn {
                header: h.clone(),
                why,
            });
        }
    }
    let rows = grid
        .into_iter()
        .skip(at + 1)
        .filter(|(_, cells)| cells.iter().any(|c| *c != In::Empty))
        .collect();
    Some(Sheet {
        headers,
        rows,
        header_row,
        notes,
    })
}

fn text_of(c: &In) -> String {
    match c {
        In::Empty => String::new(),
        In::Text(s) => s.clone(),
        In::Num(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        In::Num(f) => f.to_string(),
        In::Date(d) if d.time() == chrono::NaiveTime::MIN => d.date().to_string(),
        In::Date(d) => d.format("%Y-%m-%d %H:%M").to_string(),
        In::Bool(b) => b.to_string(),
    }
}

/// The earliest year a date of an earlier register may have.
pub const EARLIEST_YEAR: i32 = 1990;

/// Excel's day 0 (serial dates count from 1899-12-30).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

/// One row with its columns looked up by English name.
struct Row<'a> {
    cells: &'a [In],
    map: &'a HashMap<&'static str, usize>,
    errors: Vec<CellError>,
    /// The language of text the import writes into records.
    zh: bool,
    /// Dates after next year are refused.
    today: NaiveDate,
}

impl Row<'_> {
    fn cell(&self, key: &str) -> &In {
        self.map
            .get(key)
            .and_then(|i| self.cells.get(*i))
            .unwrap_or(&In::Empty)
    }
    fn fail(&mut self, column: &'static str, problem: CellProblem) {
        self.errors.push(CellError { column, problem });
    }
    fn text(&self, key: &str) -> Option<String> {
        match self.cell(key) {
            In::Empty => None,
            c => {
                let s = text_of(c).trim().to_string();
                (!s.is_empty()).then_some(s)
            }
        }
    }
    fn required(&mut self, key: &'static str) -> Option<String> {
        let v = self.text(key);
        if v.is_none() {
            self.fail(key, CellProblem::Empty);
        }
        v
    }
    fn parse<T: FromStr<Err = crate::domain::DomainError>>(
        &mut self,
        key: &'static str,
        required: bool,
    ) -> Option<T> {
        let s = if required {
            self.required(key)?
        } else {
            self.text(key)?
        };
        // English labels are words (`in review`); the stable names join
        // them with `_`.
        let joined = || s.trim().replace([' ', '-'], "_");
        match s
            .parse::<T>()
            .or_else(|e| joined().parse::<T>().map_err(|_| e))
        {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(key, CellProblem::Invalid(e));
                None
            }
        }
    }
    fn date(&mut self, key: &'static str, required: bool) -> Option<NaiveDate> {
        match self.cell(key).clone() {
            In::Empty => {
                if required {
                    self.fail(key, CellProblem::Empty);
                }
                None
            }
            In::Date(d) => self
                .in_range(key, &text_of(&In::Date(d)), d)
                .map(|d| d.date()),
            In::Num(f) if (1.0..2_958_466.0).contains(&f) => {
                let d = excel_epoch() + chrono::Duration::days(f.trunc() as i64);
                self.in_range(
                    key,
                    &text_of(&In::Num(f)),
                    d.and_time(chrono::NaiveTime::MIN),
                )
                .map(|d| d.date())
            }
            c => match crate::domain::parse_date(&text_of(&c)) {
                Ok(d) => self
                    .in_range(key, &text_of(&c), d.and_time(chrono::NaiveTime::MIN))
                    .map(|d| d.date()),
                Err(e) => {
                    self.fail(key, CellProblem::Invalid(e));
                    None
                }
            },
        }
    }
    /// `d` if its year is from 1990 to next year: a two-digit year
    /// (`26/3/5`) reads as the year 26 and is refused with how to write it.
    fn in_range(
        &mut self,
        key: &'static str,
        written: &str,
        d: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        let (earliest, latest) = (EARLIEST_YEAR, self.today.year() + 1);
        if (earliest..=latest).contains(&d.year()) {
            return Some(d);
        }
        self.fail(
            key,
            CellProblem::YearOutOfRange {
                written: written.trim().to_string(),
                year: d.year(),
                earliest,
                latest,
            },
        );
        None
    }
    /// A period: as text (`2026-03`, `2026年3月`, `2026Q1`, …) or a date
    /// on the 1st, which Excel and WPS make of `2026-03` or `2026年3月`
    /// typed in a cell, read as its month.
    fn period(&mut self, key: &'static str, required: bool) -> Option<Period> {
        let month_of = |r: &mut Self, d: NaiveDate| {
            if d.day() == 1 {
                Some(Period::month_of(d))
            } else {
                r.fail(key, CellProblem::DateNotPeriod(d));
                None
            }
        };
        match self.cell(key).clone() {
            In::Empty => {
                if required {
                    self.fail(key, CellProblem::Empty);
                }
                None
            }
            In::Date(d) => {
                let d = self.in_range(key, &text_of(&In::Date(d)), d)?;
                month_of(self, d.date())
            }
            c => {
                let s = text_of(&c);
                match Period::parse(&s) {
                    Ok(p) => Some(p),
                    Err(e) => match crate::domain::parse_date(&s) {
                        Ok(d) => {
                            let d = self.in_range(key, &s, d.and_time(chrono::NaiveTime::MIN))?;
                            month_of(self, d.date())
                        }
                        Err(_) => {
                            self.fail(key, CellProblem::Invalid(e));
                            None
                        }
                    },
                }
            }
        }
    }
    fn datetime(&mut self, key: &'static str) -> Option<NaiveDateTime> {
        match self.cell(key).clone() {
            In::Empty => {
                self.fail(key, CellProblem::Empty);
                None
            }
            In::Date(d) => self.in_range(key, &text_of(&In::Date(d)), d),
            In::Num(f) if (1.0..2_958_466.0).contains(&f) => {
                let secs = (f * 86_400.0).round() as i64;
                let d = excel_epoch()
                    .and_hms_opt(0, 0, 0)
                    .map(|d| d + chrono::Duration::seconds(secs))?;
                self.in_range(key, &text_of(&In::Num(f)), d)
            }
            c => {
                let s = text_of(&c);
                let t = s.trim().replace('T', " ").replace('/', "-");
                for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
                    if let Ok(d) = NaiveDateTime::parse_from_str(&t, f) {
                        return self.in_range(key, &s, d);
                    }
                }
                match crate::domain::parse_date(&s) {
                    Ok(d) => self.in_range(key, &s, d.and_time(chrono::NaiveTime::MIN)),
                    Err(_) => {
                        self.fail(key, CellProblem::NotDateTime(s));
                        None
                    }
                }
            }
        }
    }
    fn money(&mut self, key: &'static str, required: bool) -> Option<Decimal> {
        match self.cell(key).clone() {
            In::Empty => {
                if required {
                    self.fail(key, CellProblem::Empty);
                }
                None
            }
            In::Num(f) => {
                let d = Decimal::from_f64(f).map(|d| d.round_dp(6));
                match d {
                    Some(d) if d.is_sign_negative() => {
                        self.fail(key, CellProblem::Negative(f.to_string()));
                        None
                    }
                    Some(d) if d > crate::domain::money::MAX_AMOUNT => {
                        self.fail(
                            key,
                            CellProblem::Invalid(crate::domain::DomainError::AmountTooLarge(
                                text_of(&In::Num(f)),
                            )),
                        );
                        None
                    }
                    Some(d) if d.round_dp(2) == d => {
                        let mut d = d.round_dp(2);
                        d.rescale(2);
                        Some(d)
                    }
                    _ => {
                        self.fail(key, CellProblem::TooManyDecimals(f.to_string()));
                        None
                    }
                }
            }
            c => match parse_amount(&text_of(&c)) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(key, CellProblem::Invalid(e));
                    None
                }
            },
        }
    }
    fn boolean(&mut self, key: &'static str) -> bool {
        match self.cell(key).clone() {
            In::Empty => false,
            In::Bool(b) => b,
            In::Num(f) => f != 0.0,
            c => {
                let s = text_of(&c).trim().to_lowercase();
                match s.as_str() {
                    "是" | "yes" | "y" | "true" | "1" | "√" | "✓" | "有" => true,
                    "否" | "no" | "n" | "false" | "0" | "无" | "" => false,
                    _ => {
                        self.fail(key, CellProblem::NotYesNo(s));
                        false
                    }
                }
            }
        }
    }
    fn forms(&mut self, key: &'static str) -> Vec<Form> {
        let Some(s) = self.text(key) else {
            return vec![];
        };
        let mut out = vec![];
        for part in s
            .split([',', '，', '、', ';', '；', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match part.parse::<Form>() {
                Ok(f) if !out.contains(&f) => out.push(f),
                Ok(_) => {}
                Err(e) => self.fail(key, CellProblem::Invalid(e)),
            }
        }
        out
    }
}

/// A row turned into a command, with the row number it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub row: usize,
    pub cmd: Command,
    /// For a statement correcting another of the same file: the index of
    /// that one among the planned commands (its new id is filled in when
    /// the batch runs).
    pub link: Option<usize>,
}

/// Maps the header row to the register's columns. Unknown headers and
/// missing required columns are errors (nothing is silently dropped).
fn map_headers(
    reg: Register,
    headers: &[String],
    row: usize,
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut map = HashMap::new();
    let mut errors = vec![];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        if h.is_empty() || ignored_header(h).is_some() {
            continue;
        }
        match column_of(reg, h) {
            Some(c) => {
                if map.insert(c.en, i).is_some() {
                    errors.push(RowError {
                        row,
                        problem: Problem::DuplicateColumn(h.to_string()),
                    });
                }
            }
            None => errors.push(RowError {
                row,
                problem: Problem::UnknownColumn {
                    header: h.to_string(),
                    register: reg,
                },
            }),
        }
    }
    for need in required(reg) {
        if !map.contains_key(need) {
            errors.push(RowError {
                row,
                problem: Problem::MissingColumn {
                    register: reg,
                    column: need,
                },
            });
        }
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors)
    }
}

/// The columns an import needs.
pub fn required(reg: Register) -> &'static [&'static str] {
    match reg {
        Register::Disclosures => &["title", "category"],
        Register::Opinions => &["received at", "channel", "kind", "text"],
        Register::Replies => &["opinion", "replied on", "form", "text", "outcome"],
        Register::Statements => &["period", "category", "amount"],
    }
}

/// Checks every row of `sheet` and turns the good ones into commands; the
/// bad ones are returned as errors (the caller writes nothing if there is
/// any, but still checks the good rows against the register so every
/// problem is reported at once). `zh` chooses the language of the text the
/// import itself writes (an unstated seal); errors are typed and rendered
/// by `RowError::message`.
pub fn plan(
    reg: Register,
    sheet: &Sheet,
    zh: bool,
    today: NaiveDate,
) -> (Vec<Planned>, Vec<RowError>) {
    let map = match map_headers(reg, &sheet.headers, sheet.header_row) {
        Ok(m) => m,
        Err(e) => return (vec![], e),
    };
    if sheet.rows.is_empty() {
        return (vec![], vec![file_err(Problem::NoRecords)]);
    }
    let mut out = vec![];
    let mut errors = vec![];
    if reg == Register::Statements {
        return plan_statements(sheet, &map, zh, today);
    }
    for (n, cells) in &sheet.rows {
        let mut row = Row {
            cells,
            map: &map,
            errors: vec![],
            zh,
            today,
        };
        let cmd = match reg {
            Register::Disclosures => disclosure(&mut row),
            Register::Opinions => opinion(&mut row),
            Register::Replies => reply(&mut row),
            Register::Statements => None,
        };
        match (cmd, row.errors.is_empty()) {
            (Some(cmd), true) => out.push(Planned {
                row: *n,
                cmd,
                link: None,
            }),
            _ => errors.push(RowError {
                row: *n,
                problem: Problem::Cells {
                    register: reg,
                    cells: row.errors,
                },
            }),
        }
    }
    (out, errors)
}

fn disclosure(r: &mut Row) -> Option<Command> {
    let title = r.required("title");
    // The body keeps its lines as they were (only blank cells are empty).
    let body = r
        .text("body")
        .map(|_| text_of(r.cell("body")))
        .unwrap_or_default();
    let category: Option<Category> = r.parse("category", true);
    let basis: Basis = r.parse("basis", false).unwrap_or(Basis::Active);
    let scope: Scope = r.parse("scope", false).unwrap_or(Scope::Public);
    let period = r.period("period", false);
    let mut forms = r.forms("forms");
    if forms.is_empty() {
        forms.push(Form::Board);
    }
    let major = r.boolean("major");
    let status: Status = r.parse("status", false).unwrap_or(Status::Published);
    let published_on = r.date("published on", status.was_published());
    let archived_on = r.date("archived on", false);
    let seal = r.text("seal").unwrap_or_else(|| {
        if r.zh {
            "（导入，原登记簿未载明）".into()
        } else {
            "(imported; not stated in the earlier register)".into()
        }
    });
    let mut signers = vec![];
    for (key, role) in [
        ("secretary signed", Role::Secretary),
        ("director signed", Role::Director),
        ("finance signed", Role::Finance),
    ] {
        if let Some(name) = r.text(key) {
            signers.push(ImportedSigner { role, name });
        }
    }
    let approved_by = r.text("approved by");
    let correction_note = r.text("correction note");
    let source_ref = r.text("id");
    let supersedes = r.text("corrects").map(|s| s.to_ascii_uppercase());
    // A finance item may name a statement already in this register
    // (import the statements first).
    let statement = r.text("statement").map(|s| s.to_ascii_uppercase());
    Some(Command::ImportDisclosure {
        fields: DraftFields {
            title: title?,
            body,
            period,
            category: category?,
            scope,
            forms: forms.clone(),
            major,
            planned_on: None,
            statement,
        },
        basis,
        status,
        published_on,
        forms,
        seal,
        archived_on,
        signers,
        approved_by,
        correction_note,
        source_ref,
        supersedes,
    })
}

fn opinion(r: &mut Row) -> Option<Command> {
    let received_at = r.datetime("received at");
    let channel: Option<Channel> = r.parse("channel", true);
    let kind: Option<OpinionKind> = r.parse("kind", true);
    let text = r.required("text");
    let name = r
        .text("from")
        .filter(|n| !matches!(n.as_str(), "匿名" | "anonymous" | "Anonymous"));
    let from = name.map(|name| Resident {
        name,
        contact: r.text("contact"),
        address: r.text("address"),
    });
    let about = r.text("about").map(|s| s.to_ascii_uppercase());
    let routed_to: Option<RouteTo> = r.parse("routed to", false);
    Some(Command::ImportOpinion {
        draft: OpinionDraft {
            received_at: received_at?,
            channel: channel?,
            from,
            kind: kind?,
            about,
            text: text?,
            routed_to,
            box_opening: None,
        },
        recorded_by: r.text("recorded by"),
        source_ref: r.text("id"),
    })
}

fn reply(r: &mut Row) -> Option<Command> {
    let opinion = r.required("opinion").map(|s| s.to_ascii_uppercase());
    let replied_on = r.date("replied on", true);
    let form: Option<ReplyForm> = r.parse("form", true);
    let text = r.required("text");
    let outcome: Option<Outcome> = r.parse("outcome", true);
    let granted_item = r.text("granted item").map(|s| s.to_ascii_uppercase());
    if outcome == Some(Outcome::Granted) && granted_item.is_none() {
        r.fail("granted item", CellProblem::GrantedNeedsItem);
    }
    let correction = r.text("correction").map(|s| s.to_ascii_uppercase());
    let referred_to: Option<OfficeCode> = r.parse("referred to", false);
    let public = r.boolean("public");
    Some(Command::ImportReply {
        opinion: opinion?,
        draft: ReplyDraft {
            replied_on: replied_on?,
            form: form?,
            text: text?,
            outcome: outcome?,
            correction,
            referred_to,
            public,
        },
        replied_by: r.text("replied by"),
        granted_item,
    })
}

/// Statements: rows are lines, grouped by the statement column (or, when it
/// is empty, by period), in the order they first appear.
fn plan_statements(
    sheet: &Sheet,
    map: &HashMap<&'static str, usize>,
    zh: bool,
    today: NaiveDate,
) -> (Vec<Planned>, Vec<RowError>) {
    struct Group {
        row: usize,
        key: String,
        period: Period,
        opening: Option<Decimal>,
        supersedes: Option<String>,
        lines: Vec<Line>,
    }
    let mut groups: Vec<Group> = vec![];
    let mut errors = vec![];
    for (n, cells) in &sheet.rows {
        let mut r = Row {
            cells,
            map,
            errors: vec![],
            zh,
            today,
        };
        let period = r.period("period", true);
        let category: Option<LineCategory> = r.parse("category", true);
        let amount = r.money("amount", true);
        let opening = r.money("opening balance", false);
        let description = r.text("description").unwrap_or_default();
        let sid = r.text("statement");
        let supersedes = r.text("corrects").map(|s| s.to_ascii_uppercase());
        let (Some(period), Some(category), Some(amount), true) =
            (period, category, amount, r.errors.is_empty())
        else {
            errors.push(RowError {
                row: *n,
                problem: Problem::Cells {
                    register: Register::Statements,
                    cells: r.errors,
                },
            });
            continue;
        };
        let key = sid.unwrap_or_else(|| format!("period:{period}"));
        let line = Line {
            category,
            description,
            amount,
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => {
                if g.period != period {
                    errors.push(RowError {
                        row: *n,
                        problem: Problem::TwoPeriods {
                            statement: key,
                            first: g.period,
                            second: period,
                        },
                    });
                    continue;
                }
                if opening.is_some() && g.opening.is_some() && opening != g.opening {
                    errors.push(RowError {
                        row: *n,
                        problem: Problem::TwoOpenings { statement: key },
                    });
                    continue;
                }
                g.opening = g.opening.or(opening);
                g.supersedes = g.supersedes.take().or(supersedes);
                g.lines.push(line);
            }
            None => groups.push(Group {
                row: *n,
                key,
                period,
                opening,
                supersedes,
                lines: vec![line],
            }),
        }
    }
    // A correction naming an earlier statement of this same file is linked
    // to the id that statement gets on import.
    let keys: Vec<String> = groups.iter().map(|g| g.key.clone()).collect();
    let mut out = vec![];
    for (i, g) in groups.into_iter().enumerate() {
        let mut link = None;
        let mut supersedes = g.supersedes.clone();
        if let Some(s) = &g.supersedes
            && let Some(j) = keys.iter().position(|k| k.eq_ignore_ascii_case(s))
        {
            if j >= i {
                errors.push(RowError {
                    row: g.row,
                    problem: Problem::CorrectsLater {
                        statement: g.key.clone(),
                        corrects: s.clone(),
                    },
                });
            }
            link = Some(j);
            supersedes = None;
        }
        out.push(Planned {
            row: g.row,
            link,
            cmd: Command::DraftStatement {
                period: g.period,
                lines: g.lines,
                opening_balance: g.opening,
                supersedes,
            },
        });
    }
    (out, errors)
}

/// The numbers records had in the earlier registers they were imported
/// from, mapped to the ids they were given here (from `source_ref`), so a
/// later file that names them by their old numbers links to the right
/// records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    pub items: HashMap<String, String>,
    pub opinions: HashMap<String, String>,
}

impl Known {
    /// Every imported record of this database's own office.
    pub fn of(r: &crate::store::Reader) -> Result<Known, crate::store::StoreError> {
        let own = r.own_code().cloned();
        let mine = |id: &str| {
            own.as_ref()
                .is_some_and(|o| crate::domain::types::office_of_id(id) == o.as_str())
        };
        let mut k = Known::default();
        for d in r.disclosures()? {
            if let Some(s) = d.imported.as_ref().and_then(|i| i.source_ref.as_ref())
                && mine(&d.id)
            {
                k.items.insert(s.to_ascii_uppercase(), d.id.clone());
            }
        }
        for o in r.opinions()? {
            if let Some(s) = &o.source_ref
                && mine(&o.id)
            {
                k.opinions.insert(s.to_ascii_uppercase(), o.id.clone());
            }
        }
        Ok(k)
    }
}

/// Rewrites the ids a planned import names from the earlier register's
/// numbers to the ids those records have here: an earlier row of the same
/// file (linked, filled in when the batch runs) or a record imported
/// before (`known`). An id that no import gave is left as it is (it names
/// a record kept in juwu). A row already imported is refused.
pub fn resolve(reg: Register, planned: &mut [Planned], known: &Known) -> Vec<RowError> {
    let up = |s: &Option<String>| s.as_ref().map(|s| s.to_ascii_uppercase());
    let mut errors = vec![];
    let ids = planned_ids(reg, planned);
    let mut seen: Vec<Option<String>> = vec![];
    for (i, p) in planned.iter_mut().enumerate() {
        let row = p.row;
        let mut link = None;
        let mut err = |problem: Problem| errors.push(RowError { row, problem });
        match &mut p.cmd {
            Command::ImportDisclosure {
                source_ref,
                supersedes,
                ..
            } => {
                let me = up(source_ref);
                if let Some(m) = &me
                    && let Some(id) = known.items.get(m)
                {
                    err(Problem::AlreadyImported {
                        old: m.clone(),
                        id: id.clone(),
                    });
                }
                if let Some(old) = supersedes.clone() {
                    if let Some(j) = seen.iter().position(|s| s.as_deref() == Some(&old)) {
                        link = Some(j);
                        *supersedes = None;
                    } else if let Some(id) = known.items.get(&old) {
                        *supersedes = Some(id.clone());
                    } else if ids.iter().skip(i).any(|s| s.as_deref() == Some(&old)) {
                        err(Problem::CorrectedBefore { old: old.clone() });
                    }
                }
                seen.push(me);
            }
            Command::ImportOpinion {
                draft, source_ref, ..
            } => {
                if let Some(m) = up(source_ref)
                    && let Some(id) = known.opinions.get(&m)
                {
                    err(Problem::AlreadyImported {
                        old: m.clone(),
                        id: id.clone(),
                    });
                }
                if let Some(a) = &draft.about
                    && let Some(id) = known.items.get(a)
                {
                    draft.about = Some(id.clone());
                }
            }
            Command::ImportReply {
                opinion,
                draft,
                granted_item,
                ..
            } => {
                if let Some(id) = known.opinions.get(opinion.as_str()) {
                    *opinion = id.clone();
                }
                for x in [&mut draft.correction, granted_item] {
                    if let Some(a) = x.as_ref()
                        && let Some(id) = known.items.get(a)
                    {
                        *x = Some(id.clone());
                    }
                }
            }
            _ => {}
        }
        if link.is_some() {
            p.link = link;
        }
    }
    errors
}

fn planned_ids(reg: Register, planned: &[Planned]) -> Vec<Option<String>> {
    if reg != Register::Disclosures {
        return vec![];
    }
    planned
        .iter()
        .map(|p| match &p.cmd {
            Command::ImportDisclosure { source_ref, .. } => {
                source_ref.as_ref().map(|s| s.to_ascii_uppercase())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excel's "Unicode text": UTF-16LE with a BOM, tab-separated.
    #[test]
    fn utf16_tab_separated_text_reads() {
        let text = "标题\t类别\t公开日期\n停车费公示\t财务\t2026-03-05\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let s = read(Register::Disclosures, "txt", &bytes).unwrap();
        assert_eq!(s.headers, ["标题", "类别", "公开日期"]);
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.notes, [Note::Encoding(TextEncoding::Utf16)]);
    }

    #[test]
    fn a_file_of_another_kind_is_named() {
        let e = read(Register::Disclosures, "pdf", b"%PDF").unwrap_err();
        assert!(
            e.message(true).contains("不读取“.pdf”"),
            "{}",
            e.message(true)
        );
        assert!(!reads("pdf") && reads("XLS") && reads("ods"));
    }
}
