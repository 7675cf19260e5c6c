//! Reports: the supervision report, overdue replies, compliance per office
//! and the finance statement of a month, quarter or year — the same
//! `report::` functions over the same data as `juwu report` — scrollable,
//! and written to HTML, CSV or XLSX beside the database. From here too: the
//! notice board page of today (`report::board`) and a resident's receipt
//! slip (`report::receipt`).
//!
//! The screen reads in `refresh` (the report's offices, once per change of
//! report, period, office filter, language or data) and keeps what it read,
//! so writing a file needs no second read.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Screen, ScreenId};
use crate::domain::text::clean_line;
use crate::domain::{OfficeCode, Period};
use crate::report::board::{Paper, board};
use crate::report::data::OfficeData;
use crate::report::doc::{Doc, Format, Kind as ColKind};
use crate::report::receipt::Receipt;
use crate::search::{Index, Register};
use crate::service::reports::{self, Which};
use crate::store::{Reader, StoreError};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Shared};
use crate::tui::strings::{S, action_label, tr};
use crate::tui::widgets::form::{Field, Form, Kind};
use crate::tui::widgets::{fit, width};

fn label(w: Which) -> S {
    match w {
        Which::Supervision => S::RepSupervision,
        Which::Overdue => S::RepOverdue,
        Which::Compliance => S::RepCompliance,
        Which::Finance => S::RepFinance,
    }
}

/// The next report (`by` 1) or the one before (`by` -1).
fn step(w: Which, by: isize) -> Which {
    let i = Which::ALL.iter().position(|x| *x == w).unwrap_or(0) as isize;
    Which::ALL[(i + by).rem_euclid(Which::ALL.len() as isize) as usize]
}

/// The period a day falls in, as long as `like`.
fn period_like(like: &Period, d: NaiveDate) -> Period {
    match like {
        Period::Quarter { .. } => Period::quarter_of(d),
        Period::Year { .. } => Period::Year { year: d.year() },
        _ => Period::month_of(d),
    }
}

fn prev_period(p: &Period) -> Period {
    match p.start().pred_opt() {
        Some(d) => period_like(p, d),
        None => *p,
    }
}

/// Month → quarter → year → month, around `today` when the period holds
/// it, else around the period's first day.
fn next_length(p: &Period, today: NaiveDate) -> Period {
    let anchor = if p.contains(today) { today } else { p.start() };
    match p {
        Period::Month { .. } => Period::quarter_of(anchor),
        Period::Quarter { .. } => Period::Year {
            year: anchor.year(),
        },
        _ => Period::month_of(anchor),
    }
}

fn length_label(p: &Period) -> S {
    match p {
        Period::Quarter { .. } => S::Quarter,
        Period::Year { .. } => S::Year,
        _ => S::Month,
    }
}

/// What the data was read for; reading again only when it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sig {
    generation: u64,
    which: Which,
    period: Period,
    zh: bool,
    today: NaiveDate,
    filter: Option<OfficeCode>,
}

#[derive(Default)]
pub struct Reports {
    which: Which,
    /// Set on the first refresh: the current month.
    period: Option<Period>,
    sig: Option<Sig>,
    /// The offices the report covers (the first `covered`), then the home
    /// office (the filter or this database's own) if it was not among them.
    data: Vec<OfficeData>,
    covered: usize,
    home: Option<OfficeCode>,
    doc: Option<Doc>,
    /// Why there is no report (no office yet, a read error).
    problem: Option<String>,
    /// The report laid out for `laid_for` columns.
    lines: Vec<Line<'static>>,
    laid_for: usize,
    scroll: usize,
    /// Files written this session, newest last.
    written: Vec<PathBuf>,
    /// The opinions held, for finding one by words or pinyin (built when
    /// the receipt form opens).
    opinion_index: Option<Index>,
}

const SIDEBAR: u16 = 32;

/// Rows and columns the report itself gets.
fn doc_area(sh: &Shared) -> (usize, usize) {
    let body_h = (sh.height as usize).saturating_sub(3);
    if sh.wide() {
        (
            (sh.width.saturating_sub(SIDEBAR + 1)) as usize,
            body_h.max(1),
        )
    } else {
        (sh.width as usize, body_h.saturating_sub(2).max(1))
    }
}

/// Splits a header into two lines of at most `w` columns (at a space when
/// there is one, else between characters); the second may still be wider.
fn wrap2(s: &str, w: usize) -> (String, String) {
    if width(s) <= w {
        return (s.to_string(), String::new());
    }
    let mut cut = None;
    for (i, c) in s.char_indices() {
        if width(&s[..i]) > w {
            break;
        }
        if c == ' ' {
            cut = Some(i);
        }
    }
    if let Some(i) = cut.filter(|i| *i > 0) {
        return (s[..i].to_string(), s[i..].trim_start().to_string());
    }
    let mut used = 0;
    let mut at = s.len();
    for (i, c) in s.char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            at = i;
            break;
        }
        used += cw;
    }
    (s[..at].to_string(), s[at..].to_string())
}

/// The least width at which a header fits on two lines (an English one
/// only splits between words).
fn two_line_width(s: &str) -> usize {
    if s.is_ascii() && !s.contains(' ') {
        return width(s);
    }
    (1..=width(s))
        .find(|w| {
            let (a, b) = wrap2(s, *w);
            !a.is_empty() && width(&b) <= *w
        })
        .unwrap_or(width(s))
}

/// Column widths for `avail` columns of screen, and the gap between them.
/// Natural widths first; when too wide, in this order: long texts down to
/// 12, headers onto two lines, short texts down to 6, one-space gaps, long
/// texts down to 4, then codes and ids down to 6. What still does not fit
/// is cut at the edge.
fn fit_columns(
    kinds: &[ColKind],
    head: &[String],
    rows: &[Vec<String>],
    avail: usize,
) -> (Vec<usize>, usize) {
    let n = kinds.len();
    let cells_w: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Codes and ids (ASCII with digits, no spaces): cut only as a last resort.
    let code: Vec<bool> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .filter(|s| !s.is_empty())
                .all(|s| s.is_ascii() && !s.contains(' ') && s.chars().any(|c| c.is_ascii_digit()))
        })
        .collect();
    let mut ws: Vec<usize> = (0..n)
        .map(|i| {
            let w = cells_w[i].max(width(&head[i]));
            if kinds[i] == ColKind::LongText {
                w.min(48)
            } else {
                w
            }
        })
        .collect();
    let mut gap = 2;
    // A column left out (width 0) takes no gap either.
    let total = |ws: &[usize], gap: usize| {
        ws.iter().sum::<usize>() + gap * ws.iter().filter(|w| **w > 0).count().saturating_sub(1)
    };
    let text = |k: ColKind| matches!(k, ColKind::Text | ColKind::LongText);
    let floors: [Box<dyn Fn(usize) -> Option<usize>>; 6] = [
        Box::new(|i| (kinds[i] == ColKind::LongText).then_some(12)),
        Box::new(|i| Some(cells_w[i].max(two_line_width(&head[i])).max(1))),
        Box::new(|i| (text(kinds[i]) && !code[i]).then_some(6)),
        Box::new(|i| (kinds[i] == ColKind::LongText).then_some(4)),
        // Then a long text is left out rather than an id cut.
        Box::new(|i| (kinds[i] == ColKind::LongText).then_some(0)),
        Box::new(|i| text(kinds[i]).then_some(6)),
    ];
    for (pass, floor) in floors.iter().enumerate() {
        if pass == 3 && total(&ws, gap) > avail {
            gap = 1;
        }
        if pass == 4 && total(&ws, gap) > avail {
            for i in 0..n {
                if kinds[i] == ColKind::LongText {
                    ws[i] = 0;
                }
            }
        }
        while total(&ws, gap) > avail {
            let best = (0..n)
                .filter_map(|i| floor(i).filter(|f| ws[i] > *f).map(|f| (i, ws[i] - f)))
                .max_by_key(|(i, room)| (*room, usize::MAX - i));
            match best {
                Some((i, _)) => ws[i] -= 1,
                None => break,
            }
        }
    }
    (ws, gap)
}

/// Lays a report out as terminal lines `w` columns wide: columns aligned by
/// display width, numbers right-aligned, columns narrowed (text cut with
/// `…`, headers on two lines) until the table fits. Every cell is cleaned
/// for the terminal.
pub fn layout(doc: &Doc, w: usize) -> Vec<Line<'static>> {
    let zh = doc.zh;
    let mut out: Vec<Line<'static>> = vec![Line::from(Span::styled(
        fit(&clean_line(&doc.title), w),
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    ))];
    for s in &doc.subtitle {
        out.push(Line::from(fit(&clean_line(s), w)));
    }
    for t in &doc.tables {
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            fit(&format!("── {}", clean_line(&t.title)), w),
            Style::default().fg(Color::Yellow),
        )));
        let n = t.columns.len();
        let kinds: Vec<ColKind> = t.columns.iter().map(|c| c.kind).collect();
        let head: Vec<String> = t.columns.iter().map(|c| c.header(zh).to_string()).collect();
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| clean_line(&c.render(zh, false))).collect())
            .collect();
        let (ws, gap) = fit_columns(&kinds, &head, &rows, w);
        let numeric = |i: usize| matches!(kinds[i], ColKind::Int | ColKind::Money | ColKind::Ratio);
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            let mut first = true;
            for (i, c) in cells.iter().enumerate().take(n) {
                if ws[i] == 0 {
                    continue;
                }
                if !first {
                    s.push_str(&" ".repeat(gap));
                }
                first = false;
                let c = fit(c, ws[i]);
                let pad = " ".repeat(ws[i].saturating_sub(width(&c)));
                if numeric(i) {
                    s.push_str(&pad);
                    s.push_str(&c);
                } else {
                    s.push_str(&c);
                    s.push_str(&pad);
                }
            }
            fit(s.trim_end(), w)
        };
        let split: Vec<(String, String)> = (0..n).map(|i| wrap2(&head[i], ws[i])).collect();
        let head_style = Style::default().add_modifier(Modifier::BOLD);
        // A wrapped header takes two lines; the others sit on the lower one.
        if split.iter().any(|(_, b)| !b.is_empty()) {
            let top: Vec<String> = split
                .iter()
                .map(|(a, b)| {
                    if b.is_empty() {
                        String::new()
                    } else {
                        a.clone()
                    }
                })
                .collect();
            out.push(Line::from(Span::styled(line(&top), head_style)));
        }
        let bottom: Vec<String> = split
            .iter()
            .map(|(a, b)| if b.is_empty() { a.clone() } else { b.clone() })
            .collect();
        out.push(Line::from(Span::styled(
            line(&bottom),
            head_style.add_modifier(Modifier::UNDERLINED),
        )));
        for r in &rows {
            out.push(Line::from(line(r)));
        }
        if rows.is_empty() {
            out.push(Line::from(if zh { "（无）" } else { "(none)" }));
        }
        for note in &t.notes {
            out.push(Line::from(fit(&clean_line(note), w)));
        }
    }
    out
}

/// Letters, digits, `-`, `_` and `.` only: a safe file name everywhere.
pub(crate) fn file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Where files go by default: `reports/` beside the database.
pub fn reports_dir(sh: &Shared) -> PathBuf {
    crate::service::workspace::reports_dir(sh.data_dir.as_deref())
}

/// Writes through the one atomic writer (the folder is made if missing).
/// Returns the path as written (absolute when possible).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    crate::service::files::write_atomic(path, bytes).map_err(|e| e.to_string())?;
    Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn format_of(v: &str) -> Format {
    match v {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => Format::Html,
    }
}

impl Reports {
    fn period(&self, sh: &Shared) -> Period {
        self.period.unwrap_or_else(|| Period::month_of(sh.today()))
    }

    /// Which offices a report covers, in words and in a file name.
    fn office_text(&self, sh: &Shared) -> (String, String) {
        let report = &self.data[..self.covered.min(self.data.len())];
        if self.which.cross_office() && sh.office_filter.is_none() {
            let codes: Vec<&str> = report.iter().map(|d| d.office.code.as_str()).collect();
            let mut t = tr(sh.lang, S::AllOffices, &[&codes.len().to_string()]);
            if !codes.is_empty() && codes.len() <= 4 {
                t.push_str(&format!(" {}", codes.join(" ")));
            }
            return (t, "all".into());
        }
        match report.first() {
            Some(d) => (
                format!("{} {}", d.office.code, clean_line(&d.office.name)),
                d.office.code.to_string(),
            ),
            None => match &self.home {
                Some(c) => (c.to_string(), c.to_string()),
                None => ("—".into(), "none".into()),
            },
        }
    }

    fn home_data(&self) -> Option<&OfficeData> {
        let h = self.home.as_ref()?;
        self.data.iter().find(|d| &d.office.code == h)
    }

    /// Reads the report's offices and builds the report as `juwu report`
    /// does (`service::reports`).
    fn load(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        let today = sh.today();
        let period = self.period(sh);
        self.data.clear();
        self.opinion_index = None;
        self.covered = 0;
        self.doc = None;
        self.problem = None;
        self.home = sh.office_filter.clone().or_else(|| r.own_code().cloned());
        for c in &reports::offices(r, self.which, sh.office_filter.as_ref())? {
            if let Some(d) = OfficeData::load(r, c, &sh.cal, today)? {
                self.data.push(d);
            }
        }
        self.covered = self.data.len();
        if let Some(h) = self.home.clone()
            && !self.data.iter().any(|d| d.office.code == h)
            && let Some(d) = OfficeData::load(r, &h, &sh.cal, today)?
        {
            self.data.push(d);
        }
        let ds = &self.data[..self.covered];
        let doc = reports::doc(r, self.which, ds, &period, &sh.cal, today, sh.lang);
        if doc.is_none() {
            self.problem = Some(sh.t(S::NoOwnOffice).into());
        }
        self.doc = doc;
        Ok(())
    }

    fn relayout(&mut self, w: usize) {
        self.lines = match &self.doc {
            Some(d) => layout(d, w),
            None => vec![],
        };
        self.laid_for = w;
    }

    fn max_scroll(&self, sh: &Shared) -> usize {
        self.lines.len().saturating_sub(doc_area(sh).1)
    }

    /// The default file of the report shown, in format `f`.
    fn default_file(&self, sh: &Shared, f: &str) -> PathBuf {
        let (_, office) = self.office_text(sh);
        reports_dir(sh).join(file_part(&format!(
            "{}-{}-{}.{f}",
            self.which.name(),
            office,
            self.period(sh)
        )))
    }

    fn export_form(&self, sh: &Shared) -> Form {
        let (office, _) = self.office_text(sh);
        let what = format!(
            "{} · {} · {}",
            sh.t(label(self.which)),
            self.period(sh),
            office
        );
        let mut f = Form::new("export", ScreenId::Reports, sh.t(S::ExportTitle))
            .intro(tr(sh.lang, S::ExportIntro, &[&what]))
            .choice(
                "format",
                sh.t(S::Format),
                vec![
                    ("html".into(), "HTML".into()),
                    ("csv".into(), "CSV".into()),
                    ("xlsx".into(), "XLSX".into()),
                ],
                "html",
            )
            .hint(sh.t(S::ChoiceHint))
            .line(
                "file",
                sh.t(S::File),
                &self.default_file(sh, "html").display().to_string(),
            )
            .hint(sh.t(S::FileHint));
        f.keep_draft = false;
        f
    }

    fn receipt_form(&self, sh: &Shared) -> Form {
        let mut f = Form::new("receipt", ScreenId::Reports, sh.t(S::ReceiptTitle))
            .intro(sh.t(S::ReceiptIntro))
            .field(Field::new(
                "opinion",
                sh.t(S::ReceiptOpinion),
                Kind::Line,
                "",
            ))
            .line("contact", sh.t(S::Contact), "")
            .hint(sh.t(S::ContactHint));
        f.keep_draft = false;
        f
    }

    /// Opinions matching what was typed: by number, words of the text or
    /// the resident's name, or pinyin through the search index when built.
    fn opinion_suggestions(&self, q: &str, sh: &Shared) -> Vec<(String, String)> {
        let q = q.trim();
        if q.is_empty() {
            return vec![];
        }
        let up = q.to_uppercase();
        let held = |id: &str| {
            self.data
                .iter()
                .flat_map(|d| d.opinions.iter())
                .find(|o| o.opinion.id == id)
        };
        let mut ids: Vec<String> = vec![];
        if let Some(ix) = self.opinion_index.as_ref().or(sh.index.as_ref()) {
            for h in ix.search_in(q, 200, Some(Register::Opinion)) {
                if held(&h.id).is_some() {
                    ids.push(h.id);
                }
            }
        }
        let mut direct: Vec<&str> = self
            .data
            .iter()
            .flat_map(|d| d.opinions.iter())
            .filter(|o| {
                let op = &o.opinion;
                op.id.contains(&up)
                    || op.text.contains(q)
                    || op.from.as_ref().is_some_and(|r| r.name.contains(q))
            })
            .map(|o| o.opinion.id.as_str())
            .collect();
        direct.sort_by(|a, b| b.cmp(a));
        for id in direct {
            if !ids.iter().any(|x| x == id) {
                ids.push(id.to_string());
            }
        }
        ids.into_iter()
            .take(50)
            .filter_map(|id| {
                let o = held(&id)?;
                let text = clean_line(o.opinion.text.lines().next().unwrap_or(""));
                Some((
                    id,
                    format!(
                        "{} {}",
                        o.opinion.received_at.format("%Y-%m-%d"),
                        fit(&text, 40)
                    ),
                ))
            })
            .collect()
    }

    fn write_board(&mut self, sh: &Shared) -> Vec<Effect> {
        let Some(d) = self.home_data() else {
            return vec![Effect::Error(sh.t(S::NoOwnOffice).into())];
        };
        let on = sh.today();
        let b = board(&d.office, &d.settings, &d.disclosures, &d.statements, on);
        let html = b.to_html(sh.zh(), Paper::A4);
        let path = reports_dir(sh).join(file_part(&format!("board-{}-{on}.html", d.office.code)));
        let n = b.items().count();
        match write_file(&path, html.as_bytes()) {
            Ok(p) => {
                let msg = tr(
                    sh.lang,
                    S::BoardWritten,
                    &[&on.to_string(), &n.to_string(), &p.display().to_string()],
                );
                self.written.push(p);
                vec![Effect::Info(msg)]
            }
            Err(e) => vec![Effect::Error(e)],
        }
    }

    fn submit_export(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let Some(doc) = &self.doc else {
            form.error = self.problem.clone();
            return vec![];
        };
        let file = form.get("file");
        let file = file.trim();
        if file.is_empty() {
            form.set_error("file", sh.t(S::Required));
            return vec![];
        }
        let bytes = match doc.render(format_of(&form.get("format"))) {
            Ok(b) => b,
            Err(e) => {
                form.error = Some(e.to_string());
                return vec![];
            }
        };
        match write_file(Path::new(file), &bytes) {
            Ok(p) => {
                let msg = tr(sh.lang, S::WroteFile, &[&p.display().to_string()]);
                self.written.push(p);
                vec![Effect::CloseForm, Effect::Info(msg)]
            }
            Err(e) => {
                form.set_error("file", e);
                vec![]
            }
        }
    }

    fn submit_receipt(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        let typed = form.get("opinion");
        let id = typed.trim().to_ascii_uppercase();
        if id.is_empty() {
            form.set_error("opinion", sh.t(S::Required));
            return vec![];
        }
        let found = self.data.iter().find_map(|d| {
            d.opinions
                .iter()
                .find(|o| o.opinion.id == id)
                .map(|o| (d, o))
        });
        let Some((d, st)) = found else {
            let held: Vec<&str> = self.data.iter().map(|d| d.office.code.as_str()).collect();
            form.set_error(
                "opinion",
                tr(
                    sh.lang,
                    S::NoSuchOpinion,
                    &[&clean_line(typed.trim()), &held.join(", ")],
                ),
            );
            return vec![];
        };
        let contact = form.get("contact");
        let rc = Receipt {
            office: d.office.clone(),
            due_on: st.due_on,
            due_provisional: sh
                .cal
                .provisional_between(st.opinion.received_on(), st.due_on),
            answered_on: st.first_reply,
            opinion: st.opinion.clone(),
            contact: Some(contact.trim().to_string()).filter(|c| !c.is_empty()),
        };
        let path = reports_dir(sh).join(file_part(&format!("receipt-{id}.html")));
        match write_file(&path, rc.to_html(sh.zh()).as_bytes()) {
            Ok(p) => {
                let msg = tr(
                    sh.lang,
                    S::ReceiptWritten,
                    &[&id, &p.display().to_string(), &rc.due_label(sh.zh())],
                );
                self.written.push(p);
                vec![Effect::CloseForm, Effect::Info(msg)]
            }
            Err(e) => {
                form.error = Some(e);
                vec![]
            }
        }
    }

    fn key(&self, sh: &Shared, a: Action) -> String {
        sh.keymap
            .key_for(&[ScreenId::Reports.layer(), "list", "global"], a)
            .unwrap_or_else(|| "—".into())
    }

    fn draw_sidebar(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let w = area.width.saturating_sub(2) as usize;
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let head =
            |s: &str| Line::from(Span::styled(fit(s, w), Style::default().fg(Color::Yellow)));
        let mut lines = vec![head(sh.t(S::Report))];
        for x in Which::ALL {
            let label = format!(
                "{} {}",
                if x == self.which { "▶" } else { " " },
                sh.t(label(x))
            );
            lines.push(if x == self.which {
                Line::from(Span::styled(fit(&label, w), bold.fg(Color::Cyan)))
            } else {
                Line::from(fit(&label, w))
            });
        }
        let p = self.period(sh);
        lines.push(Line::from(""));
        lines.push(head(sh.t(S::Period)));
        lines.push(Line::from(Span::styled(
            fit(
                &format!(
                    "  {}",
                    tr(
                        sh.lang,
                        S::PeriodLen,
                        &[&p.to_string(), sh.t(length_label(&p))]
                    )
                ),
                w,
            ),
            bold,
        )));
        lines.push(head(sh.t(S::ReportOffice)));
        lines.push(Line::from(fit(&format!("  {}", self.office_text(sh).0), w)));
        lines.push(Line::from(""));
        lines.push(head(sh.t(S::ReportKeys)));
        let rows: [(&[Action], String); 8] = [
            (
                &[Action::NextReport, Action::PrevReport],
                action_label(Action::NextReport, sh.lang).into(),
            ),
            (
                &[Action::PrevPeriod, Action::NextPeriod],
                sh.t(S::PeriodKeys).into(),
            ),
            (
                &[Action::PeriodLength],
                action_label(Action::PeriodLength, sh.lang).into(),
            ),
            (&[Action::Export], sh.t(S::ExportShort).into()),
            (&[Action::Print], sh.t(S::BoardPage).into()),
            (
                &[Action::Receipt],
                action_label(Action::Receipt, sh.lang).into(),
            ),
            (
                &[Action::SetOffice],
                action_label(Action::SetOffice, sh.lang).into(),
            ),
            (
                &[Action::ClearOffice],
                action_label(Action::ClearOffice, sh.lang).into(),
            ),
        ];
        for (acts, label) in rows {
            let k = acts
                .iter()
                .map(|a| self.key(sh, *a))
                .collect::<Vec<_>>()
                .join(" ");
            let pad = 8usize.saturating_sub(width(&k));
            lines.push(Line::from(fit(
                &format!("  {k}{}{label}", " ".repeat(pad)),
                w,
            )));
        }
        lines.push(Line::from(""));
        lines.push(head(sh.t(S::ReportFolder)));
        lines.push(Line::from(fit(
            &format!("  {}", reports_dir(sh).display()),
            w,
        )));
        if !self.written.is_empty() {
            lines.push(head(sh.t(S::ReportWritten)));
            let room = (area.height as usize).saturating_sub(lines.len() + 2);
            for p in self.written.iter().rev().take(room) {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                lines.push(Line::from(Span::styled(
                    fit(&format!("  {name}"), w),
                    Style::default().fg(Color::Green),
                )));
            }
        }
        let (_, h) = doc_area(sh);
        let shown = self.scroll_shown(h);
        let pos_y = area.y + area.height.saturating_sub(1);
        f.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::RIGHT)),
            Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1)),
        );
        f.render_widget(
            Paragraph::new(fit(&format!(" {shown}"), area.width as usize))
                .style(Style::default().fg(Color::DarkGray)),
            Rect::new(area.x, pos_y, area.width, 1),
        );
    }

    /// "lines 1-20 of 64".
    fn scroll_shown(&self, h: usize) -> String {
        let n = self.lines.len();
        if n == 0 {
            return String::new();
        }
        let top = self.scroll.min(n.saturating_sub(1));
        let last = (top + h).min(n);
        format!("{}-{}/{n}", top + 1, last)
    }
}

impl Screen for Reports {
    fn id(&self) -> ScreenId {
        ScreenId::Reports
    }
    fn title(&self, sh: &Shared) -> String {
        sh.t(S::TabReports).into()
    }
    fn goto(&self) -> Option<Action> {
        Some(Action::GotoReports)
    }

    fn refresh(&mut self, r: &Reader, sh: &Shared) -> Result<(), StoreError> {
        let period = self.period(sh);
        self.period = Some(period);
        let sig = Sig {
            generation: sh.generation,
            which: self.which,
            period,
            zh: sh.zh(),
            today: sh.today(),
            filter: sh.office_filter.clone(),
        };
        let (w, _) = doc_area(sh);
        if self.sig.as_ref() != Some(&sig) {
            self.sig = None;
            let res = self.load(r, sh);
            self.relayout(w);
            if let Err(e) = res {
                self.problem = Some(e.to_string());
                return Err(e);
            }
            self.sig = Some(sig);
        } else if self.laid_for != w {
            self.relayout(w);
        }
        self.scroll = self.scroll.min(self.max_scroll(sh));
        Ok(())
    }

    fn draw(&self, sh: &Shared, f: &mut Frame, area: Rect) {
        let (dw, dh) = doc_area(sh);
        let doc_rect = if sh.wide() {
            let side = Rect::new(area.x, area.y, SIDEBAR.min(area.width), area.height);
            self.draw_sidebar(sh, f, side);
            Rect::new(
                area.x + SIDEBAR + 1,
                area.y,
                area.width.saturating_sub(SIDEBAR + 1),
                area.height,
            )
        } else {
            // Two lines: which report; period, office and position.
            let mut spans = vec![Span::styled(
                format!("{} ", sh.t(S::Report)),
                Style::default().fg(Color::Yellow),
            )];
            for x in Which::ALL {
                let style = if x == self.which {
                    Style::default()
                        .fg(Color::Black)
                        .bg(Color::Cyan)
                        .add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                spans.push(Span::styled(format!(" {} ", sh.t(label(x))), style));
                spans.push(Span::raw(" "));
            }
            f.render_widget(
                Paragraph::new(Line::from(spans)),
                Rect::new(area.x, area.y, area.width, 1),
            );
            let p = self.period(sh);
            let pos = self.scroll_shown(dh);
            let left = format!(
                "{} {}  {} {}",
                sh.t(S::Period),
                tr(
                    sh.lang,
                    S::PeriodLen,
                    &[&p.to_string(), sh.t(length_label(&p))]
                ),
                sh.t(S::ReportOffice),
                self.office_text(sh).0
            );
            let room = (area.width as usize).saturating_sub(width(&pos) + 1);
            let left = fit(&left, room);
            let gap = (area.width as usize).saturating_sub(width(&left) + width(&pos));
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
                    Span::raw(" ".repeat(gap)),
                    Span::styled(pos, Style::default().fg(Color::DarkGray)),
                ])),
                Rect::new(area.x, area.y + 1, area.width, 1),
            );
            Rect::new(
                area.x,
                area.y + 2,
                area.width,
                area.height.saturating_sub(2),
            )
        };
        if let Some(p) = &self.problem {
            f.render_widget(
                Paragraph::new(fit(&clean_line(p), doc_rect.width as usize))
                    .style(Style::default().fg(Color::Red)),
                doc_rect,
            );
            return;
        }
        let lines: Vec<Line> = if self.laid_for == dw {
            self.lines
                .iter()
                .skip(self.scroll)
                .take(dh)
                .cloned()
                .collect()
        } else {
            // Not laid out for this width yet (drawn before a refresh).
            self.doc
                .as_ref()
                .map(|d| layout(d, doc_rect.width as usize))
                .unwrap_or_default()
                .into_iter()
                .skip(self.scroll)
                .take(doc_rect.height as usize)
                .collect()
        };
        f.render_widget(Paragraph::new(lines), doc_rect);
    }

    fn update(&mut self, a: Action, sh: &Shared) -> Vec<Effect> {
        let (_, h) = doc_area(sh);
        match a {
            Action::NextReport | Action::PrevReport => {
                self.which = step(self.which, if a == Action::NextReport { 1 } else { -1 });
                self.scroll = 0;
                vec![Effect::Reload]
            }
            Action::PrevPeriod | Action::NextPeriod | Action::PeriodLength => {
                let p = self.period(sh);
                self.period = Some(match a {
                    Action::PrevPeriod => prev_period(&p),
                    Action::NextPeriod => p.next(),
                    _ => next_length(&p, sh.today()),
                });
                self.scroll = 0;
                vec![Effect::Reload]
            }
            Action::Down => {
                self.scroll = (self.scroll + 1).min(self.max_scroll(sh));
                vec![]
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                vec![]
            }
            Action::PageDown => {
                self.scroll = (self.scroll + h.saturating_sub(1).max(1)).min(self.max_scroll(sh));
                vec![]
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(h.saturating_sub(1).max(1));
                vec![]
            }
            Action::First => {
                self.scroll = 0;
                vec![]
            }
            Action::Last => {
                self.scroll = self.max_scroll(sh);
                vec![]
            }
            Action::Export => match &self.doc {
                Some(_) => vec![Effect::OpenForm(self.export_form(sh))],
                None => vec![Effect::Error(
                    self.problem
                        .clone()
                        .unwrap_or_else(|| sh.t(S::NoOwnOffice).into()),
                )],
            },
            Action::Print => self.write_board(sh),
            Action::Receipt => {
                if self.opinion_index.is_none() {
                    let mut ix = Index::default();
                    for o in self.data.iter().flat_map(|d| d.opinions.iter()) {
                        let o = &o.opinion;
                        let first = clean_line(o.text.lines().next().unwrap_or(""));
                        let name = o.from.as_ref().map(|r| r.name.as_str()).unwrap_or("");
                        ix.add(Register::Opinion, &o.id, &first, &[name], &o.text);
                    }
                    self.opinion_index = Some(ix);
                }
                vec![Effect::OpenForm(self.receipt_form(sh))]
            }
            Action::SetOffice => vec![Effect::Goto(ScreenId::Offices)],
            Action::ClearOffice => vec![Effect::SetOffice(None)],
            _ => vec![],
        }
    }

    fn make_form(&self, form_id: &str, _context: Option<&str>, sh: &Shared) -> Option<Form> {
        match form_id {
            "export" => Some(self.export_form(sh)),
            "receipt" => Some(self.receipt_form(sh)),
            _ => None,
        }
    }

    fn form_changed(&self, form: &mut Form, sh: &Shared) {
        match (form.id.as_str(), form.focused_key()) {
            ("export", "format") => {
                // The file follows the format chosen.
                let ext = form.get("format");
                let file = form.get("file");
                let p = PathBuf::from(file.trim());
                if p.extension()
                    .is_some_and(|x| matches!(x.to_str(), Some("html" | "csv" | "xlsx")))
                {
                    form.set("file", &p.with_extension(&ext).display().to_string());
                }
            }
            ("receipt", "opinion") => {
                let q = form.get("opinion");
                form.suggestions = self.opinion_suggestions(&q, sh);
                // A whole number typed (or picked) needs no list.
                let whole = q.trim().to_ascii_uppercase();
                if form.suggestions.iter().any(|s| s.0 == whole) {
                    form.suggestions.clear();
                }
                form.sugg = form.sugg.min(form.suggestions.len().saturating_sub(1));
            }
            _ => {}
        }
    }

    fn submit(&mut self, form: &mut Form, sh: &Shared) -> Vec<Effect> {
        match form.id.as_str() {
            "export" => self.submit_export(form, sh),
            "receipt" => self.submit_receipt(form, sh),
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Cell, Column, Table};

    fn doc() -> Doc {
        let mut t = Table::new(
            "t",
            vec![
                Column::new("编号", "id", ColKind::Text, 18.0),
                Column::new("类型", "kind", ColKind::Text, 10.0),
                Column::new("内容", "text", ColKind::LongText, 40.0),
                Column::new("逾期工作日", "working days late", ColKind::Int, 8.0),
            ],
        );
        t.rows.push(vec![
            Cell::text("QH01-YJ2026-0049"),
            Cell::text("complaint_untrue"),
            Cell::text("建议在清河苑公交站增设候车座椅和遮雨棚。\u{1b}[2J"),
            Cell::Int(4),
        ]);
        Doc {
            title: "报告".into(),
            subtitle: vec![],
            tables: vec![t],
            zh: false,
        }
    }

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn narrow_layouts_keep_ids_and_numbers_whole_and_fit_the_width() {
        for w in [120, 80, 44, 30] {
            let lines = text(&layout(&doc(), w));
            assert!(lines.iter().all(|l| width(l) <= w), "{w}: {lines:?}");
            let row = lines.iter().find(|l| l.contains("QH01")).unwrap();
            if w > 30 {
                assert!(row.contains("QH01-YJ2026-0049"), "{w}: {row}");
            }
            assert!(row.trim_end().ends_with('4') || w < 44, "{w}: {row}");
            assert!(!row.contains('\u{1b}'), "cleaned: {row}");
        }
        // Wide: everything, one header line.
        let wide = text(&layout(&doc(), 120));
        assert!(wide.iter().any(|l| l.contains("working days late")));
        assert!(wide.iter().any(|l| l.contains("遮雨棚")));
        // Narrow: the header goes on two lines, split between words.
        let narrow = text(&layout(&doc(), 44));
        assert!(
            narrow.iter().any(|l| l.trim_end().ends_with("working")),
            "{narrow:?}"
        );
        assert!(narrow.iter().any(|l| l.contains("days late")), "{narrow:?}");
    }
}
