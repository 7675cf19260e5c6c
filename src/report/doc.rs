//! A report or register as tables of typed cells, and its renderers: plain
//! text (aligned for Chinese), CSV (UTF-8 with a BOM so Excel on Windows reads
//! the Chinese), HTML (every text escaped) and XLSX (dates as dates, money as
//! numbers with two decimals, frozen header row, set column widths).
//!
//! Every report builds a `Doc` from its structured value; the TUI can draw
//! the same tables.

use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use unicode_width::UnicodeWidthStr;

use crate::domain::money::format_amount;
use crate::domain::text::{clean_line, csv_text, export_clean};

/// What a column holds; decides formatting in every renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Multi-line text: shortened in plain text output.
    LongText,
    Int,
    Money,
    Date,
    DateTime,
    Bool,
    Ratio,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: Kind,
    /// Width in XLSX character units.
    pub width: f64,
}

impl Column {
    pub const fn new(zh: &'static str, en: &'static str, kind: Kind, width: f64) -> Column {
        Column {
            zh,
            en,
            kind,
            width,
        }
    }
    pub fn header(&self, zh: bool) -> &'static str {
        if zh { self.zh } else { self.en }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Money(Decimal),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Bool(bool),
    /// `n` of `d` (shown with a percentage).
    Ratio(u32, u32),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map(|s| Cell::Text(s.into())).unwrap_or(Cell::Empty)
    }
    pub fn opt_date(d: Option<NaiveDate>) -> Cell {
        d.map(Cell::Date).unwrap_or(Cell::Empty)
    }
    /// The cell as text (CSV and plain text); money without separators when
    /// `plain`.
    pub fn render(&self, zh: bool, plain: bool) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Money(d) => {
                if plain {
                    let mut d = *d;
                    d.rescale(2);
                    d.to_string()
                } else {
                    format_amount(*d)
                }
            }
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M").to_string(),
            Cell::Bool(b) => match (b, zh) {
                (true, true) => "是".into(),
                (false, true) => "否".into(),
                (true, false) => "yes".into(),
                (false, false) => "no".into(),
            },
            Cell::Ratio(n, d) => format!("{n}/{d} ({})", percent(*n, *d)),
        }
    }
}

/// `n / d` as a percentage with one decimal ("—" when `d` is 0).
pub fn percent(n: u32, d: u32) -> String {
    if d == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / d as f64)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines shown under the table (totals explained, warnings).
    pub notes: Vec<String>,
}

impl Table {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            title: title.into(),
            columns,
            rows: vec![],
            notes: vec![],
        }
    }
}

/// A whole report: a title, lines under it, and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: String,
    pub subtitle: Vec<String>,
    pub tables: Vec<Table>,
    pub zh: bool,
}

/// The output formats of reports.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Html,
    Xlsx,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the spreadsheet: {0}")]
pub struct XlsxError(pub String);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError(e.to_string())
    }
}

impl Doc {
    pub fn render(&self, f: Format) -> Result<Vec<u8>, XlsxError> {
        Ok(match f {
            Format::Text => self.to_text().into_bytes(),
            Format::Csv => self.to_csv().into_bytes(),
            Format::Html => self.to_html().into_bytes(),
            Format::Xlsx => self.to_xlsx()?,
        })
    }

    /// Plain text, columns aligned by display width (a Chinese character is
    /// two columns wide). Untrusted text is cleaned for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", clean_line(&self.title));
        for s in &self.subtitle {
            let _ = writeln!(out, "{}", clean_line(s));
        }
        for t in &self.tables {
            out.push('\n');
            let _ = writeln!(out, "== {}", clean_line(&t.title));
            let mut grid: Vec<Vec<String>> = vec![
                t.columns
                    .iter()
                    .map(|c| c.header(self.zh).to_string())
                    .collect(),
            ];
            for r in &t.rows {
                grid.push(
                    r.iter()
                        .zip(&t.columns)
                        .map(|(c, col)| {
                            let s = clean_line(&c.render(self.zh, false));
                            if col.kind == Kind::LongText {
                                shorten(&s, 40)
                            } else {
                                s
                            }
                        })
                        .collect(),
                );
            }
            let n = t.columns.len();
            let widths: Vec<usize> = (0..n)
                .map(|i| {
                    grid.iter()
                        .map(|r| r.get(i).map(|s| s.width()).unwrap_or(0))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            for (ri, r) in grid.iter().enumerate() {
                let mut line = String::new();
                for (i, s) in r.iter().enumerate() {
                    let right = matches!(t.columns[i].kind, Kind::Int | Kind::Money | Kind::Ratio);
                    let pad = widths[i].saturating_sub(s.width());
                    if i > 0 {
                        line.push_str("  ");
                    }
                    if right {
                        line.push_str(&" ".repeat(pad));
                        line.push_str(s);
                    } else {
                        line.push_str(s);
                        if i + 1 < r.len() {
                            line.push_str(&" ".repeat(pad));
                        }
                    }
                }
                let _ = writeln!(out, "{}", line.trim_end());
                if ri == 0 {
                    let total: usize = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
                    let _ = writeln!(out, "{}", "-".repeat(total.min(160)));
                }
            }
            if t.rows.is_empty() {
                let _ = writeln!(out, "{}", if self.zh { "（无）" } else { "(none)" });
            }
            for note in &t.notes {
                let _ = writeln!(out, "{}", clean_line(note));
            }
        }
        out
    }

    /// CSV: one table as it is; several tables each under a title row,
    /// separated by an empty row. Starts with a UTF-8 BOM.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(vec![]);
        let several = self.tables.len() > 1;
        for (i, t) in self.tables.iter().enumerate() {
            if several {
                if i > 0 {
                    let _ = w.write_record([""]);
                }
                let _ = w.write_record([csv_text(&t.title)]);
            }
            let _ = w.write_record(t.columns.iter().map(|c| csv_text(c.header(self.zh))));
            for r in &t.rows {
                // Text is neutralised (a resident's "=HYPERLINK(…)" stays
                // text); numbers and dates are written as they are.
                let _ = w.write_record(r.iter().map(|c| match c {
                    Cell::Text(s) => csv_text(s),
                    c => c.render(self.zh, true),
                }));
            }
            if several {
                for n in &t.notes {
                    let _ = w.write_record([csv_text(n)]);
                }
            }
        }
        let bytes = w.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }

    /// A standalone HTML page (printable on A4).
    pub fn to_html(&self) -> String {
        let mut b = String::new();
        let _ = write!(
            b,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>{}</style></head><body>\n<h1>{}</h1>\n",
            if self.zh { "zh-CN" } else { "en" },
            esc(&self.title),
            REPORT_CSS,
            esc(&self.title)
        );
        for s in &self.subtitle {
            let _ = writeln!(b, "<p class=\"sub\">{}</p>", esc(s));
        }
        for t in &self.tables {
            let _ = writeln!(b, "<h2>{}</h2>\n<table><thead><tr>", esc(&t.title));
            for c in &t.columns {
                let _ = write!(b, "<th>{}</th>", esc(c.header(self.zh)));
            }
            b.push_str("</tr></thead><tbody>\n");
            for r in &t.rows {
                b.push_str("<tr>");
                for (c, col) in r.iter().zip(&t.columns) {
                    let num = matches!(col.kind, Kind::Int | Kind::Money | Kind::Ratio);
                    let _ = write!(
                        b,
                        "<td{}>{}</td>",
                        if num { " class=\"n\"" } else { "" },
                        esc(&c.render(self.zh, false))
                    );
                }
                b.push_str("</tr>\n");
            }
            if t.rows.is_empty() {
                let _ = writeln!(
                    b,
                    "<tr><td colspan=\"{}\">{}</td></tr>",
                    t.columns.len().max(1),
                    if self.zh { "（无）" } else { "(none)" }
                );
            }
            b.push_str("</tbody></table>\n");
            for n in &t.notes {
                let _ = writeln!(b, "<p class=\"note\">{}</p>", esc(n));
            }
        }
        b.push_str("</body></html>\n");
        b
    }

    /// An XLSX workbook: one sheet per table, header in row 1 (frozen),
    /// notes below the rows.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        use rust_xlsxwriter::{Format as XFormat, FormatAlign, Workbook};
        let mut wb = Workbook::new();
        let head = XFormat::new()
            .set_bold()
            .set_background_color(0xDDEBF7)
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let date = XFormat::new().set_num_format("yyyy-mm-dd");
        let datetime = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
        let money = XFormat::new().set_num_format("#,##0.00");
        let wrap = XFormat::new().set_text_wrap();
        let mut names: Vec<String> = vec![];
        for (ti, t) in self.tables.iter().enumerate() {
            let ws = wb.add_worksheet();
            let name = sheet_name(&export_clean(&t.title), ti, &names);
            ws.set_name(&name)?;
            names.push(name);
            for (ci, c) in t.columns.iter().enumerate() {
                let ci = ci as u16;
                ws.set_column_width(ci, c.width)?;
                ws.write_string_with_format(0, ci, c.header(self.zh), &head)?;
            }
            ws.set_freeze_panes(1, 0)?;
            for (ri, r) in t.rows.iter().enumerate() {
                let row = ri as u32 + 1;
                for (ci, (cell, col)) in r.iter().zip(&t.columns).enumerate() {
                    let ci = ci as u16;
                    match cell {
                        Cell::Empty => {}
                        // Always a string, never a formula: "=…" stays text.
                        Cell::Text(s) => {
                            let s = export_clean(s);
                            if col.kind == Kind::LongText {
                                ws.write_string_with_format(row, ci, &s, &wrap)?;
                            } else {
                                ws.write_string(row, ci, &s)?;
                            }
                        }
                        Cell::Int(n) => {
                            ws.write_number(row, ci, *n as f64)?;
                        }
                        Cell::Money(d) => {
                            let v = d.round_dp(2).to_f64().unwrap_or(0.0);
                            ws.write_number_with_format(row, ci, v, &money)?;
                        }
                        Cell::Date(d) => {
                            ws.write_datetime_with_format(row, ci, *d, &date)?;
                        }
                        Cell::DateTime(d) => {
                            ws.write_datetime_with_format(row, ci, *d, &datetime)?;
                        }
                        Cell::Bool(_) | Cell::Ratio(..) => {
                            ws.write_string(row, ci, cell.render(self.zh, false))?;
                        }
                    }
                }
            }
            for (row, n) in (t.rows.len() as u32 + 2..).zip(&t.notes) {
                ws.write_string(row, 0, export_clean(n))?;
            }
        }
        if self.tables.is_empty() {
            let ws = wb.add_worksheet();
            ws.write_string(0, 0, export_clean(&self.title))?;
        }
        Ok(wb.save_to_buffer()?)
    }
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(title: &str, i: usize, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c) && !c.is_control())
        .take(28)
        .collect();
    let base = if clean.trim().is_empty() {
        format!("Sheet{}", i + 1)
    } else {
        clean.trim().to_string()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

/// Cuts `s` to about `max` display columns, with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max.saturating_sub(1) {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if crate::domain::text::is_unsafe(c) && c != '\n' => {}
            c => o.push(c),
        }
    }
    o
}

/// Font stacks with the Chinese fonts found on office PCs (Windows: SimSun,
/// Microsoft YaHei; Linux: Noto / Source Han, WenQuanYi; macOS: PingFang).
pub const FONT_SANS: &str = "\"Microsoft YaHei\", \"微软雅黑\", \"PingFang SC\", \"Hiragino Sans GB\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"SimHei\", \"黑体\", sans-serif";
pub const FONT_SERIF: &str = "\"SimSun\", \"宋体\", \"Songti SC\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"AR PL UMing CN\", \"FangSong\", \"仿宋\", serif";

const REPORT_CSS: &str = "body{font-family:\"Microsoft YaHei\",\"微软雅黑\",\"PingFang SC\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"SimHei\",sans-serif;margin:2em;color:#111}\
h1{font-size:1.5em;text-align:center;letter-spacing:.1em}h2{font-size:1.15em;margin-top:1.5em;border-bottom:2px solid #333}\
.sub{text-align:center;color:#444;margin:.2em}table{border-collapse:collapse;width:100%;font-size:.9em}\
th,td{border:1px solid #777;padding:.25em .5em;vertical-align:top}th{background:#e8eef5}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.note{color:#333;font-size:.9em}@page{size:A4;margin:15mm}@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}";

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        let mut t = Table::new(
            "表<一>",
            vec![
                Column::new("名称", "name", Kind::Text, 20.0),
                Column::new("金额", "amount", Kind::Money, 12.0),
                Column::new("日期", "date", Kind::Date, 12.0),
            ],
        );
        t.rows.push(vec![
            Cell::text("清河<script>"),
            Cell::Money(Decimal::new(123456, 2)),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()),
        ]);
        Doc {
            title: "报告".into(),
            subtitle: vec![],
            tables: vec![t],
            zh: true,
        }
    }

    #[test]
    fn text_aligns_by_display_width() {
        let s = doc().to_text();
        let lines: Vec<&str> = s.lines().collect();
        let head = lines.iter().position(|l| l.starts_with("名称")).unwrap();
        // The amount column ends at the same display column in header and row.
        let end = |l: &str| l.find("  2026").map(|i| l[..i].width());
        assert_eq!(end(lines[head + 2]), Some("清河<script>  1,234.56".width()));
        assert!(lines[head].width() <= lines[head + 2].width());
    }

    #[test]
    fn csv_has_bom_and_plain_amounts() {
        let s = doc().to_csv();
        assert!(s.starts_with('\u{feff}'));
        assert!(s.contains("清河<script>,1234.56,2026-03-05"), "{s}");
    }

    #[test]
    fn html_escapes_record_text() {
        let s = doc().to_html();
        assert!(s.contains("清河&lt;script&gt;"));
        assert!(!s.contains("<script>"));
        assert!(s.contains("表&lt;一&gt;"));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let a = sheet_name("a/b:c", 0, &[]);
        assert_eq!(a, "abc");
        assert_eq!(sheet_name("abc", 1, &[a]), "abc 2");
        assert_eq!(sheet_name("", 2, &[]), "Sheet3");
    }
}
