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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Row number in the file (1 is the header row; 0: the whole file).
    pub row: usize,
    pub msg: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row == 0 {
            write!(f, "{}", self.msg)
        } else {
            write!(f, "row {}: {}", self.row, self.msg)
        }
    }
}

fn file_err(msg: impl Into<String>) -> RowError {
    RowError {
        row: 0,
        msg: msg.into(),
    }
}

/// Reads a CSV file (UTF-8, with or without a BOM; also GB18030-free ASCII).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, RowError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| file_err("the CSV file is not UTF-8: save it from Excel as \"CSV UTF-8\""))?;
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
            msg: format!("unreadable CSV: {e}"),
        })?;
        let cells: Vec<In> = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    In::Empty
                } else {
                    In::Text(s.to_string())
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
        headers: headers.ok_or_else(|| file_err("the file is empty"))?,
        rows,
    })
}

/// Reads the first worksheet of an XLSX file.
pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, RowError> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| file_err(format!("not a readable XLSX file: {e}")))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| file_err("the workbook has no worksheet"))?
        .map_err(|e| file_err(format!("unreadable worksheet: {e}")))?;
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
        headers: headers.ok_or_else(|| file_err("the worksheet is empty"))?,
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
    errors: Vec<String>,
    zh: bool,
    cols: &'static [super::doc::Column],
}

impl Row<'_> {
    fn cell(&self, key: &str) -> &In {
        self.map
            .get(key)
            .and_then(|i| self.cells.get(*i))
            .unwrap_or(&In::Empty)
    }
    fn label(&self, key: &'static str) -> &'static str {
        if self.zh {
            self.cols
                .iter()
                .find(|c| c.en == key)
                .map(|c| c.zh)
                .unwrap_or(key)
        } else {
            key
        }
    }
    fn fail(&mut self, key: &'static str, msg: String) {
        let l = self.label(key);
        self.errors.push(format!("{l}: {msg}"));
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
            self.fail(key, "is empty".into());
        }
        v
    }
    fn parse<T: FromStr>(&mut self, key: &'static str, required: bool) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        let s = if required {
            self.required(key)?
        } else {
            self.text(key)?
        };
        match s.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(key, e.to_string());
                None
            }
        }
    }
    fn date(&mut self, key: &'static str, required: bool) -> Option<NaiveDate> {
        match self.cell(key).clone() {
            In::Empty => {
                if required {
                    self.fail(key, "is empty".into());
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
                    self.fail(key, e.to_string());
                    None
                }
            },
        }
    }
    fn datetime(&mut self, key: &'static str) -> Option<NaiveDateTime> {
        match self.cell(key).clone() {
            In::Empty => {
                self.fail(key, "is empty".into());
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
                        self.fail(
                            key,
                            format!("'{s}' is not a date and time (use YYYY-MM-DD HH:MM)"),
                        );
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
                    self.fail(key, "is empty".into());
                }
                None
            }
            In::Num(f) => {
                let d = Decimal::from_f64(f).map(|d| d.round_dp(6));
                match d {
                    Some(d) if d.is_sign_negative() => {
                        self.fail(key, format!("{f} is negative"));
                        None
                    }
                    Some(d) if d.round_dp(2) == d => {
                        let mut d = d.round_dp(2);
                        d.rescale(2);
                        Some(d)
                    }
                    _ => {
                        self.fail(
                            key,
                            format!("{f} has more than two decimal places (yuan and fen)"),
                        );
                        None
                    }
                }
            }
            c => match parse_amount(&text_of(&c)) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(key, e.to_string());
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
                        self.fail(key, format!("'{s}' is not yes/no (是/否)"));
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
                Err(e) => self.fail(key, e.to_string()),
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
                        msg: format!("column '{h}' appears twice"),
                    });
                }
            }
            None => errors.push(RowError {
                row: 1,
                msg: format!(
                    "column '{h}' is not a column of the {} register (expected: {})",
                    reg.as_str(),
                    cols.iter()
                        .map(|c| format!("{}/{}", c.zh, c.en))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
    for need in required(reg) {
        if !map.contains_key(need) {
            let c = cols.iter().find(|c| c.en == *need);
            errors.push(RowError {
                row: 1,
                msg: format!(
                    "the required column '{}' ({}) is missing",
                    c.map(|c| c.zh).unwrap_or(need),
                    need
                ),
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
/// problem is reported at once). `zh` chooses the language of the column
/// names in messages.
pub fn plan(reg: Register, sheet: &Sheet, zh: bool) -> (Vec<Planned>, Vec<RowError>) {
    let map = match map_headers(reg, &sheet.headers) {
        Ok(m) => m,
        Err(e) => return (vec![], e),
    };
    if sheet.rows.is_empty() {
        return (
            vec![],
            vec![file_err("the file has a header row but no records")],
        );
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
            cols: columns(reg),
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
                msg: row.errors.join("; "),
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
        r.fail(
            "granted item",
            "a granted request names the item it led to (import the disclosures first)".into(),
        );
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
            cols: columns(Register::Statements),
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
                msg: r.errors.join("; "),
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
                        msg: format!(
                            "statement {key} has lines for both {} and {period}",
                            g.period
                        ),
                    });
                    continue;
                }
                if opening.is_some() && g.opening.is_some() && opening != g.opening {
                    errors.push(RowError {
                        row: *n,
                        msg: format!("statement {key} has two different opening balances"),
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
                    msg: format!(
                        "statement {} corrects {s}, which comes later in the file",
                        g.key
                    ),
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
        let mut err = |msg: String| errors.push(RowError { row, msg });
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
                    err(format!("{m} was already imported as {id}"));
                }
                if let Some(old) = supersedes.clone() {
                    if let Some(j) = seen.iter().position(|s| s.as_deref() == Some(&old)) {
                        link = Some(j);
                        *supersedes = None;
                    } else if let Some(id) = known.items.get(&old) {
                        *supersedes = Some(id.clone());
                    } else if ids.iter().skip(i).any(|s| s.as_deref() == Some(&old)) {
                        err(format!(
                            "{old} is corrected by a row that comes before it: \
                             keep the rows in register order"
                        ));
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
                    err(format!("{m} was already imported as {id}"));
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
