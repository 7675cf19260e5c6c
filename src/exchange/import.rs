//! Import of an office's existing registers from CSV or XLSX: read the
//! sheet, map its headers (Chinese or English, as `registers` defines them),
//! check every row and turn it into the ordinary workflow commands. Nothing
//! is written here: the caller runs the commands all-or-nothing through
//! `Store::execute_batch`, so every record is an event.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::domain::money::{Line, LineCategory, parse_amount};
use crate::domain::workflow::{OpinionDraft, ReplyDraft};
use crate::domain::{
    Basis, Category, Channel, Command, DraftFields, Form, ImportedSigner, OfficeCode, OpinionKind,
    Outcome, Period, ReplyForm, Resident, Role, RouteTo, Scope, Status,
};

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
/// (the header is row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<In>)>,
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
    /// The CSV file is not UTF-8.
    NotUtf8,
    /// The CSV reader's own words.
    UnreadableCsv(String),
    Empty,
    /// The XLSX reader's own words.
    NotXlsx(String),
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
            (NotUtf8, false) => {
                "the CSV file is not UTF-8: save it from Excel as \"CSV UTF-8\"".into()
            }
            (NotUtf8, true) => "CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8”".into(),
            (UnreadableCsv(e), false) => format!("unreadable CSV: {e}"),
            (UnreadableCsv(e), true) => format!("CSV 无法读取：{e}"),
            (Empty, false) => "the file is empty".into(),
            (Empty, true) => "文件是空的".into(),
            (NotXlsx(e), false) => format!("not a readable XLSX file: {e}"),
            (NotXlsx(e), true) => format!("不是可读取的 XLSX 文件：{e}"),
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
        }
    }
}

fn file_err(problem: Problem) -> RowError {
    RowError { row: 0, problem }
}

/// Reads a CSV file (UTF-8, with or without a BOM; also GB18030-free ASCII).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, RowError> {
    let text = std::str::from_utf8(bytes).map_err(|_| file_err(Problem::NotUtf8))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = vec![];
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.map_err(|e| RowError {
            row: i + 1,
            problem: Problem::UnreadableCsv(e.to_string()),
        })?;
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
        match &headers {
            None => headers = Some(rec.iter().map(|s| s.trim().to_string()).collect()),
            Some(_) => {
                if cells.iter().any(|c| *c != In::Empty) {
                    rows.push((i + 1, cells));
                }
            }
        }
    }
    Ok(Sheet {
        headers: headers.ok_or_else(|| file_err(Problem::Empty))?,
        rows,
    })
}

/// Reads the first worksheet of an XLSX file.
pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, RowError> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| file_err(Problem::NotXlsx(e.to_string())))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| file_err(Problem::NoWorksheet))?
        .map_err(|e| file_err(Problem::UnreadableWorksheet(e.to_string())))?;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let start_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut headers = None;
    let mut rows = vec![];
    for (i, r) in range.rows().enumerate() {
        let n = start_row + i + 1;
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
                Data::DateTimeIso(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                    .map(In::Date)
                    .unwrap_or_else(|_| In::Text(s.clone())),
                Data::DurationIso(s) => In::Text(s.clone()),
                Data::Error(e) => In::Text(format!("#{e:?}")),
            }
        }));
        match &headers {
            None => {
                if cells.iter().all(|c| *c == In::Empty) {
                    continue;
                }
                headers = Some(
                    cells
                        .iter()
                        .map(|c| text_of(c).trim().to_string())
                        .collect(),
                );
            }
            Some(_) => {
                if cells.iter().any(|c| *c != In::Empty) {
                    rows.push((n, cells));
                }
            }
        }
    }
    Ok(Sheet {
        headers: headers.ok_or_else(|| file_err(Problem::EmptyWorksheet))?,
        rows,
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
        match s.parse::<T>() {
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
            In::Date(d) => Some(d.date()),
            In::Num(f) if (1.0..2_958_466.0).contains(&f) => {
                Some(excel_epoch() + chrono::Duration::days(f.trunc() as i64))
            }
            c => match crate::domain::parse_date(&text_of(&c)) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(key, CellProblem::Invalid(e));
                    None
                }
            },
        }
    }
    fn datetime(&mut self, key: &'static str) -> Option<NaiveDateTime> {
        match self.cell(key).clone() {
            In::Empty => {
                self.fail(key, CellProblem::Empty);
                None
            }
            In::Date(d) => Some(d),
            In::Num(f) if (1.0..2_958_466.0).contains(&f) => {
                let secs = (f * 86_400.0).round() as i64;
                excel_epoch()
                    .and_hms_opt(0, 0, 0)
                    .map(|d| d + chrono::Duration::seconds(secs))
            }
            c => {
                let s = text_of(&c);
                let t = s.trim().replace('T', " ").replace('/', "-");
                for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
                    if let Ok(d) = NaiveDateTime::parse_from_str(&t, f) {
                        return Some(d);
                    }
                }
                match crate::domain::parse_date(&s) {
                    Ok(d) => d.and_hms_opt(0, 0, 0),
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
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let cols = columns(reg);
    let mut map = HashMap::new();
    let mut errors = vec![];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        if h.is_empty() {
            continue;
        }
        match cols
            .iter()
            .find(|c| c.zh == h || c.en.eq_ignore_ascii_case(h))
        {
            Some(c) => {
                if map.insert(c.en, i).is_some() {
                    errors.push(RowError {
                        row: 1,
                        problem: Problem::DuplicateColumn(h.to_string()),
                    });
                }
            }
            None => errors.push(RowError {
                row: 1,
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
                row: 1,
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
pub fn plan(reg: Register, sheet: &Sheet, zh: bool) -> (Vec<Planned>, Vec<RowError>) {
    let map = match map_headers(reg, &sheet.headers) {
        Ok(m) => m,
        Err(e) => return (vec![], e),
    };
    if sheet.rows.is_empty() {
        return (vec![], vec![file_err(Problem::NoRecords)]);
    }
    let mut out = vec![];
    let mut errors = vec![];
    if reg == Register::Statements {
        return plan_statements(sheet, &map, zh);
    }
    for (n, cells) in &sheet.rows {
        let mut row = Row {
            cells,
            map: &map,
            errors: vec![],
            zh,
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
    let period: Option<Period> = r.parse("period", false);
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
        };
        let period: Option<Period> = r.parse("period", true);
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
