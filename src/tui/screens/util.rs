//! Helpers the screens share: choices from the domain's enums, parsing
//! typed values into the form's inline errors, detail text.

/// The field was marked with its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked;

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::types::parse_date;
use crate::domain::{Form as PubForm, Period};
use crate::tui::app::Shared;
use crate::tui::strings::S;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::{cell, fit};

/// The office filter in force, for a screen's head line ("" when none).
pub fn office_tag(sh: &Shared) -> String {
    match &sh.office_filter {
        Some(c) => format!(
            "[{}] ",
            crate::tui::strings::tr(sh.lang, S::OnlyOffice, &[c.as_str()])
        ),
        None => String::new(),
    }
}

/// (value, label) pairs for a choice field.
pub fn opts<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (name(*x).to_string(), label(*x)))
        .collect()
}

/// A required date; marks the field if it does not parse.
pub fn date(form: &mut Form, key: &str, sh: &Shared) -> Option<NaiveDate> {
    let v = form.get(key);
    match parse_date(&v) {
        Ok(d) => Some(d),
        Err(e) => {
            form.set_error(key, e.message(sh.zh()));
            None
        }
    }
}

/// An optional date (empty is none).
pub fn opt_date(form: &mut Form, key: &str, sh: &Shared) -> Result<Option<NaiveDate>, Marked> {
    let v = form.get(key);
    if v.trim().is_empty() {
        return Ok(None);
    }
    match parse_date(&v) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            form.set_error(key, e.message(sh.zh()));
            Err(Marked)
        }
    }
}

pub fn opt_period(form: &mut Form, key: &str, sh: &Shared) -> Result<Option<Period>, Marked> {
    let v = form.get(key);
    if v.trim().is_empty() {
        return Ok(None);
    }
    match Period::parse(&v) {
        Ok(p) => Ok(Some(p)),
        Err(e) => {
            form.set_error(key, e.message(sh.zh()));
            Err(Marked)
        }
    }
}

/// Publication forms typed as a list: `board, touch_screen` or `公开栏 触摸屏`.
pub fn pub_forms(form: &mut Form, key: &str, sh: &Shared) -> Result<Vec<PubForm>, Marked> {
    let v = form.get(key);
    let mut out = vec![];
    for part in v
        .split([',', '，', '、', ' ', ';', '；'])
        .filter(|p| !p.trim().is_empty())
    {
        match part.parse::<PubForm>() {
            Ok(f) => {
                if !out.contains(&f) {
                    out.push(f)
                }
            }
            Err(e) => {
                form.set_error(key, e.message(sh.zh()));
                return Err(Marked);
            }
        }
    }
    Ok(out)
}

/// The stable values of `forms`, for a multi-select field.
pub fn forms_value(forms: &[PubForm]) -> String {
    forms
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The publication forms as ticks.
pub fn forms_opts(zh: bool) -> Vec<(String, String)> {
    opts(PubForm::ALL, |f| f.as_str(), |f| f.label(zh).to_string())
}

pub fn forms_text(forms: &[PubForm], zh: bool) -> String {
    forms
        .iter()
        .map(|f| f.label(zh))
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " })
}

/// A required text; marks the field if empty.
pub fn required(form: &mut Form, key: &str, sh: &Shared) -> Option<String> {
    let v = form.get(key);
    if v.trim().is_empty() {
        form.set_error(key, sh.t(S::Required));
        None
    } else {
        Some(v.trim_end().to_string())
    }
}

/// Wraps untrusted multi-line text to lines (already cleaned).
pub fn text_lines(s: &str) -> Vec<String> {
    crate::domain::text::sanitize(s, false)
        .lines()
        .map(|l| l.to_string())
        .collect()
}

/// A line field that takes one of `options` (value, label), for
/// [`picker`] and [`picked`].
pub struct Pick<'a> {
    pub key: &'a str,
    pub options: &'a [(String, String)],
    /// "No … matches {0}": said under the field as soon as nothing matches.
    pub none: S,
}

impl Pick<'_> {
    fn exact(&self, q: &str) -> Option<&(String, String)> {
        let q = q.trim();
        self.options.iter().find(|(v, _)| v.eq_ignore_ascii_case(q))
    }
    fn matching(&self, q: &str) -> Vec<(String, String)> {
        let q = q.trim().to_lowercase();
        self.options
            .iter()
            .filter(|(v, l)| v.to_lowercase().contains(&q) || l.to_lowercase().contains(&q))
            .cloned()
            .collect()
    }
}

/// Call from `form_changed`: what is typed into the field filters the
/// options into the form's suggestions (↑/↓ move, Enter picks); the
/// label of a picked value is shown beside it; a value nothing matches is
/// refused under the field at once.
pub fn picker(form: &mut Form, p: &Pick, sh: &Shared) {
    let q = form.get(p.key);
    let exact = p.exact(&q).map(|(_, l)| cell(l));
    let matching = p.matching(&q);
    let focused = form.focused_key() == p.key;
    if let Some(fl) = form.field_mut(p.key) {
        fl.note = exact.clone();
        fl.error = (!q.trim().is_empty() && matching.is_empty() && exact.is_none())
            .then(|| crate::tui::strings::tr(sh.lang, p.none, &[&cell(q.trim())]));
    }
    if focused {
        form.suggestions = if exact.is_some() {
            vec![]
        } else {
            matching
                .into_iter()
                .take(5)
                .map(|(v, l)| (v, cell(&l)))
                .collect()
        };
        form.sugg = form.sugg.min(form.suggestions.len().saturating_sub(1));
    }
}

/// Call from `submit`: the value picked (`None` when empty); a value that
/// is not one of the options marks the field.
pub fn picked(form: &mut Form, p: &Pick, sh: &Shared) -> Result<Option<String>, Marked> {
    let q = form.get(p.key);
    if q.trim().is_empty() {
        return Ok(None);
    }
    match p.exact(&q) {
        Some((v, _)) => Ok(Some(v.clone())),
        None => {
            form.set_error(
                p.key,
                crate::tui::strings::tr(sh.lang, p.none, &[&cell(q.trim())]),
            );
            Err(Marked)
        }
    }
}

/// Where a register screen shows the selected record's detail when the
/// terminal is too narrow to show it beside the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrow {
    /// Below the list, which takes this many rows (header included).
    Below(u16),
    /// Instead of the list, while it is open.
    Instead { open: bool },
}

/// Draws a register screen's head line (filters, counts) and returns the
/// area below it.
pub fn head_line(f: &mut ratatui::Frame, area: Rect, text: &str) -> Rect {
    f.render_widget(
        Paragraph::new(fit(text, area.width as usize)).style(Style::default().fg(Color::Cyan)),
        Rect::new(area.x, area.y, area.width, 1),
    );
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    )
}

/// Splits a register screen's body into its list and the selected
/// record's detail: side by side on a wide terminal (the list `pct` % of
/// the width), otherwise as `narrow` says.
pub fn list_detail(
    body: Rect,
    sh: &Shared,
    pct: u16,
    narrow: Narrow,
) -> (Option<Rect>, Option<Rect>) {
    if sh.wide() {
        let lw = body.width * pct / 100;
        return (
            Some(Rect::new(body.x, body.y, lw, body.height)),
            Some(Rect::new(body.x + lw, body.y, body.width - lw, body.height)),
        );
    }
    match narrow {
        Narrow::Below(rows) => {
            let lh = rows.min(body.height);
            (
                Some(Rect::new(body.x, body.y, body.width, lh)),
                Some(Rect::new(body.x, body.y + lh, body.width, body.height - lh)),
            )
        }
        Narrow::Instead { open: true } => (None, Some(body)),
        Narrow::Instead { open: false } => (Some(body), None),
    }
}

/// "Nothing here yet" where the list would be.
pub fn empty_list(f: &mut ratatui::Frame, sh: &Shared, area: Rect) {
    f.render_widget(Paragraph::new(sh.t(S::EmptyList)), area);
}

/// How the detail pane lays out its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Wrapped, scrolled down this many lines.
    Wrapped(u16),
    /// One row a line, cut at the edge (columns of figures).
    Cut,
}

/// The detail pane, ruled off from the list (a rule on its left beside
/// the list, on its top below it).
pub fn detail_pane(
    f: &mut ratatui::Frame,
    area: Rect,
    lines: Vec<Line<'_>>,
    below_list: bool,
    how: Pane,
) {
    let block = Block::default().borders(if below_list {
        Borders::TOP
    } else {
        Borders::LEFT
    });
    let inner = block.inner(area);
    f.render_widget(block, area);
    let p = Paragraph::new(lines);
    let (p, inner) = match how {
        // A wide character wrapped at the last column can be drawn one
        // cell past the pane (at the screen's edge: at the start of the
        // next row, over the list): the text keeps the last column free.
        Pane::Wrapped(scroll) => (
            p.wrap(Wrap { trim: false }).scroll((scroll, 0)),
            Rect {
                width: inner.width.saturating_sub(1),
                ..inner
            },
        ),
        Pane::Cut => (p, inner),
    };
    f.render_widget(p, inner);
}

/// A click on a register's list, `row` counted from the top of the
/// screen's body: the rows start under `head` head lines and the table's
/// header. True when the selection moved.
pub fn click_list(page: &mut crate::tui::widgets::Paged, row: u16, head: u16) -> bool {
    row > head && page.click((row - head - 1) as usize)
}

/// Keeps `id` to select on the next refresh when it is a record of `kind`
/// (opened from search or Today).
pub fn want_record(
    want: &mut Option<String>,
    id: &str,
    kind: crate::domain::workflow::IdKind,
) -> bool {
    let mine = matches!(crate::domain::workflow::IdKind::parse(id), Some((k, _, _)) if k == kind);
    if mine {
        *want = Some(id.to_string());
    }
    mine
}
