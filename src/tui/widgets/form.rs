//! Forms: labelled fields over `ratatui-textarea` (multi-line Chinese text,
//! the terminal cursor placed where an input method needs it), choices,
//! toggles, inline validation messages, and the values a draft file keeps.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::{TextArea, WrapMode};

use super::{clear_popup, fit, width, wrap};
use crate::tui::key::{Code, Key};
use crate::tui::screens::ScreenId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Line,
    /// Multi-line text, drawn this many rows high.
    Text(u16),
    Secret,
    /// (stable value, label shown)
    Choice(Vec<(String, String)>),
    /// Any number of the options (stable value, label): ←/→ move, Space
    /// ticks; the value is the ticked stable values joined by commas.
    Multi(Vec<(String, String)>),
    Toggle,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub kind: Kind,
    pub ta: TextArea<'static>,
    pub choice: usize,
    /// The ticked options of a `Multi` field.
    pub picked: Vec<bool>,
    pub on: bool,
    pub error: Option<String>,
    pub hint: Option<String>,
    /// Shown after the value (e.g. the title of the record an id names).
    pub note: Option<String>,
    pub hidden: bool,
    /// Fields with the same row number are drawn side by side.
    pub row: Option<u32>,
    /// What the last key typed on a choice did (or why it did nothing),
    /// shown beside it until the next key.
    pub flash: Option<String>,
}

fn textarea(value: &str, kind: &Kind) -> TextArea<'static> {
    let lines: Vec<String> = if value.is_empty() {
        vec![String::new()]
    } else {
        value.split('\n').map(String::from).collect()
    };
    let mut ta = TextArea::new(lines);
    ta.set_cursor_line_style(Style::default());
    if matches!(kind, Kind::Text(_)) {
        ta.set_wrap_mode(WrapMode::WordOrGlyph);
    }
    if matches!(kind, Kind::Secret) {
        ta.set_mask_char('•');
    }
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

impl Field {
    pub fn new(key: &str, label: &str, kind: Kind, value: &str) -> Field {
        let ta = textarea(value, &kind);
        let mut f = Field {
            key: key.into(),
            label: label.into(),
            choice: 0,
            picked: vec![],
            on: false,
            error: None,
            hint: None,
            note: None,
            hidden: false,
            row: None,
            flash: None,
            ta,
            kind,
        };
        f.set_value(value);
        f
    }

    fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Line | Kind::Text(_) | Kind::Secret)
    }

    /// The value as typed (choices give their stable value).
    pub fn value(&self) -> String {
        match &self.kind {
            Kind::Choice(opts) => opts
                .get(self.choice)
                .map(|o| o.0.clone())
                .unwrap_or_default(),
            Kind::Toggle => self.on.to_string(),
            Kind::Multi(opts) => opts
                .iter()
                .zip(&self.picked)
                .filter(|(_, p)| **p)
                .map(|(o, _)| o.0.as_str())
                .collect::<Vec<_>>()
                .join(","),
            _ => self.ta.lines().join("\n"),
        }
    }

    pub fn set_value(&mut self, v: &str) {
        match &self.kind {
            Kind::Choice(opts) => {
                if let Some(i) = opts.iter().position(|o| o.0 == v) {
                    self.choice = i;
                }
            }
            Kind::Toggle => self.on = v == "true",
            Kind::Multi(opts) => {
                let want: Vec<&str> = v.split(',').map(|x| x.trim()).collect();
                self.picked = opts.iter().map(|o| want.contains(&o.0.as_str())).collect();
            }
            k => self.ta = textarea(v, k),
        }
    }

    fn height(&self) -> u16 {
        match self.kind {
            Kind::Text(h) => h,
            Kind::Multi(_) => 2,
            _ => 1,
        }
    }

    /// Handles a key typed into this field; true if the value changed.
    fn input(&mut self, k: Key) -> bool {
        match &self.kind {
            Kind::Choice(opts) => {
                let n = opts.len();
                if n == 0 {
                    return false;
                }
                let before = self.choice;
                self.flash = None;
                match k.code {
                    Code::Right | Code::Char(' ') if !k.ctrl => self.choice = (self.choice + 1) % n,
                    Code::Left => self.choice = (self.choice + n - 1) % n,
                    // A letter jumps to the next option starting with it
                    // (its stable value, its label, or the pinyin initial
                    // of a Chinese label) and says what it picked. Digits
                    // and anything else never change a choice: they were
                    // meant for another field ("1100" typed on a category
                    // once turned an expense into income).
                    Code::Char(c) if !k.ctrl && !k.alt => {
                        let lc = c.to_lowercase().next().unwrap_or(c);
                        let hit = if lc.is_ascii_alphabetic() {
                            (1..=n)
                                .map(|i| (self.choice + i) % n)
                                .find(|i| option_starts(&opts[*i], lc))
                        } else {
                            None
                        };
                        match hit {
                            Some(i) => {
                                self.choice = i;
                                self.flash = Some(format!("{c} → {}", opts[i].1));
                            }
                            None => self.flash = Some(format!("{c} ✗ {}", choice_help())),
                        }
                    }
                    _ => {}
                }
                before != self.choice
            }
            Kind::Multi(opts) => {
                let n = opts.len();
                if n == 0 {
                    return false;
                }
                self.picked.resize(n, false);
                match k.code {
                    Code::Right if !k.ctrl => self.choice = (self.choice + 1) % n,
                    Code::Left if !k.ctrl => self.choice = (self.choice + n - 1) % n,
                    Code::Char(' ') if !k.ctrl => {
                        self.picked[self.choice] = !self.picked[self.choice];
                        return true;
                    }
                    Code::Char(c) if !k.ctrl && !k.alt => {
                        if let Some(d) = c.to_digit(10).filter(|d| *d >= 1 && (*d as usize) <= n) {
                            let i = d as usize - 1;
                            self.choice = i;
                            self.picked[i] = !self.picked[i];
                            return true;
                        }
                    }
                    _ => {}
                }
                false
            }
            Kind::Toggle => {
                let before = self.on;
                match k.code {
                    Code::Char(' ') | Code::Left | Code::Right => self.on = !self.on,
                    Code::Char('y') => self.on = true,
                    Code::Char('n') => self.on = false,
                    _ => {}
                }
                before != self.on
            }
            _ => {
                if !matches!(self.kind, Kind::Text(_)) && k.code == Code::Enter {
                    return false;
                }
                // Ctrl-U as in a shell: clears the field (a multi-line
                // text: the line up to the cursor).
                if k.ctrl && k.code == Code::Char('u') {
                    if matches!(self.kind, Kind::Text(_)) {
                        return self.ta.delete_line_by_head();
                    }
                    let had = !self.ta.is_empty();
                    self.ta = textarea("", &self.kind);
                    return had;
                }
                self.ta.input(k.to_input())
            }
        }
    }
}

/// Does option (value, label) answer to letter `c`: its stable value or
/// label starts with it, or the pinyin initial of its first Chinese
/// character is it (`j` 建议, `t` 投诉, `x` 询问)?
fn option_starts(opt: &(String, String), c: char) -> bool {
    use pinyin::ToPinyin;
    let (v, l) = opt;
    if v.starts_with(c) || l.to_lowercase().starts_with(c) {
        return true;
    }
    l.chars()
        .next()
        .and_then(|h| h.to_pinyin())
        .is_some_and(|p| p.first_letter().starts_with(c))
}

/// Said when a key does nothing on a choice: the keys that do.
fn choice_help() -> &'static str {
    "←/→"
}

#[derive(Debug, Clone)]
pub struct Form {
    /// Which form this is, for its owner and for drafts.
    pub id: String,
    /// The screen that submits it.
    pub owner: ScreenId,
    /// The record it acts on, if any.
    pub context: Option<String>,
    pub title: String,
    /// What saving will do, in words.
    pub intro: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
    /// A message for the whole form (e.g. the store's refusal).
    pub error: Option<String>,
    /// Records offered for the focused field: (id, title).
    pub suggestions: Vec<(String, String)>,
    pub sugg: usize,
    /// Esc was pressed on a changed form: asking before discarding.
    pub asking_discard: bool,
    /// Keep drafts of this form on disk (not for PINs).
    pub keep_draft: bool,
    /// A form-wide tool asked for (add or delete a line), for the owner.
    pub request: Option<crate::tui::action::Action>,
    /// The form-wide tools this form offers (anonymous, add/delete a line),
    /// for its hints and help.
    pub tools: Vec<crate::tui::action::Action>,
}

impl Form {
    pub fn new(id: &str, owner: ScreenId, title: &str) -> Form {
        Form {
            id: id.into(),
            owner,
            context: None,
            title: title.into(),
            intro: vec![],
            fields: vec![],
            focus: 0,
            dirty: false,
            error: None,
            suggestions: vec![],
            sugg: 0,
            asking_discard: false,
            keep_draft: true,
            request: None,
            tools: vec![],
        }
    }
    /// Offers form-wide tools (shown in its hints and help).
    pub fn tools(mut self, t: &[crate::tui::action::Action]) -> Form {
        self.tools = t.to_vec();
        self
    }
    pub fn context(mut self, c: &str) -> Form {
        self.context = Some(c.into());
        self
    }
    pub fn intro(mut self, s: impl Into<String>) -> Form {
        self.intro.push(s.into());
        self
    }
    pub fn field(mut self, f: Field) -> Form {
        self.fields.push(f);
        self
    }
    pub fn line(self, key: &str, label: &str, value: &str) -> Form {
        self.field(Field::new(key, label, Kind::Line, value))
    }
    pub fn text(self, key: &str, label: &str, value: &str, rows: u16) -> Form {
        self.field(Field::new(key, label, Kind::Text(rows), value))
    }
    pub fn choice(self, key: &str, label: &str, opts: Vec<(String, String)>, value: &str) -> Form {
        self.field(Field::new(key, label, Kind::Choice(opts), value))
    }
    /// Ticks among `opts`; `value` lists the ticked stable values with commas.
    pub fn multi(self, key: &str, label: &str, opts: Vec<(String, String)>, value: &str) -> Form {
        self.field(Field::new(key, label, Kind::Multi(opts), value))
    }
    pub fn toggle(self, key: &str, label: &str, on: bool) -> Form {
        self.field(Field::new(
            key,
            label,
            Kind::Toggle,
            if on { "true" } else { "false" },
        ))
    }
    pub fn secret(mut self, key: &str, label: &str) -> Form {
        self.keep_draft = false;
        self.field(Field::new(key, label, Kind::Secret, ""))
    }
    /// A hint shown beside the last field added.
    pub fn hint(mut self, h: &str) -> Form {
        if let Some(f) = self.fields.last_mut() {
            f.hint = Some(h.into());
        }
        self
    }
    pub fn focus_on(mut self, key: &str) -> Form {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
        self
    }

    pub fn get(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value())
            .unwrap_or_default()
    }
    pub fn on(&self, key: &str) -> bool {
        self.fields.iter().any(|f| f.key == key && f.on)
    }
    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }
    pub fn set(&mut self, key: &str, v: &str) {
        if let Some(f) = self.field_mut(key) {
            f.set_value(v);
        }
    }
    pub fn show(&mut self, key: &str, shown: bool) {
        if let Some(f) = self.field_mut(key) {
            f.hidden = !shown;
        }
    }
    pub fn set_error(&mut self, key: &str, msg: impl Into<String>) {
        let msg = msg.into();
        match self.fields.iter().position(|f| f.key == key && !f.hidden) {
            Some(i) => {
                self.fields[i].error = Some(msg);
                self.focus = i;
            }
            None => self.error = Some(msg),
        }
    }
    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }
    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }
    pub fn focused_key(&self) -> &str {
        self.fields
            .get(self.focus)
            .map(|f| f.key.as_str())
            .unwrap_or("")
    }

    pub fn next(&mut self) {
        let n = self.fields.len();
        for i in 1..=n {
            let j = (self.focus + i) % n;
            if !self.fields[j].hidden {
                self.focus = j;
                break;
            }
        }
        self.suggestions.clear();
        self.clear_flash();
    }
    pub fn prev(&mut self) {
        let n = self.fields.len();
        for i in 1..=n {
            let j = (self.focus + n - i) % n;
            if !self.fields[j].hidden {
                self.focus = j;
                break;
            }
        }
        self.suggestions.clear();
        self.clear_flash();
    }

    fn clear_flash(&mut self) {
        for f in &mut self.fields {
            f.flash = None;
        }
    }

    /// A key typed into the form (not bound in the `[form]` layer).
    /// Returns true if a value changed.
    pub fn input(&mut self, k: Key) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let single = !matches!(f.kind, Kind::Text(_));
        if !self.suggestions.is_empty() && single {
            match k.code {
                Code::Down => {
                    self.sugg = (self.sugg + 1).min(self.suggestions.len() - 1);
                    return false;
                }
                Code::Up => {
                    self.sugg = self.sugg.saturating_sub(1);
                    return false;
                }
                Code::Enter => {
                    let id = self.suggestions[self.sugg.min(self.suggestions.len() - 1)]
                        .0
                        .clone();
                    f.set_value(&id);
                    self.suggestions.clear();
                    self.dirty = true;
                    return true;
                }
                _ => {}
            }
        }
        if single && matches!(k.code, Code::Enter | Code::Down) && !k.ctrl {
            self.next();
            return false;
        }
        if single && k.code == Code::Up && !k.ctrl {
            self.prev();
            return false;
        }
        let changed = f.input(k);
        if changed {
            f.error = None;
            self.error = None;
            self.dirty = true;
            self.sugg = 0;
        }
        changed
    }

    /// Text pasted or typed by an input method in one go.
    pub fn paste(&mut self, s: &str) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if !f.is_text() {
            return false;
        }
        let text = if matches!(f.kind, Kind::Text(_)) {
            s.replace("\r\n", "\n")
        } else {
            s.replace(['\r', '\n'], " ")
        };
        let changed = f.ta.insert_str(text);
        if changed {
            self.dirty = true;
            f.error = None;
        }
        changed
    }

    /// Every value by key, for the draft file.
    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields
            .iter()
            .filter(|f| !matches!(f.kind, Kind::Secret))
            .map(|f| (f.key.clone(), f.value()))
            .collect()
    }

    pub fn apply(&mut self, values: &BTreeMap<String, String>) {
        for f in &mut self.fields {
            if let Some(v) = values.get(&f.key) {
                f.set_value(v);
            }
        }
    }

    /// Draws the form in `area`; `footer` are owner lines (live totals),
    /// `hints` the keys that work here. Places the terminal cursor in the
    /// focused text field.
    pub fn draw(&self, f: &mut Frame, area: Rect, footer: &[String], hints: &str) {
        clear_popup(f, area);
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", self.title),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 3 || inner.width < 10 {
            return;
        }
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        // What saving will do, wrapped (rules must be read whole), leaving
        // room for a few fields.
        let intro_max = inner.height.saturating_sub(6).max(1);
        let intro: Vec<String> = self
            .intro
            .iter()
            .flat_map(|l| wrap(l, inner.width as usize))
            .take(intro_max as usize)
            .collect();
        for line in &intro {
            if y >= bottom {
                break;
            }
            f.render_widget(
                Paragraph::new(line.clone()).style(Style::default().fg(Color::Cyan)),
                Rect::new(inner.x, y, inner.width, 1),
            );
            y += 1;
        }
        // Rows to draw: fields grouped by `row`.
        let mut groups: Vec<Vec<usize>> = vec![];
        for (i, fl) in self.fields.iter().enumerate() {
            if fl.hidden {
                continue;
            }
            match (groups.last_mut(), fl.row) {
                (Some(g), Some(r)) if self.fields[g[0]].row == Some(r) => g.push(i),
                _ => groups.push(vec![i]),
            }
        }
        let vw_all = inner.width.saturating_sub(self.label_width() + 2) as usize;
        let form_err: Vec<String> = self
            .error
            .as_ref()
            .map(|e| wrap(&format!("✗ {e}"), inner.width as usize))
            .unwrap_or_default();
        let reserve = 2 + footer.len() as u16 + form_err.len() as u16;
        let avail = bottom.saturating_sub(y).saturating_sub(reserve);
        let gh = |g: &Vec<usize>| -> u16 {
            let h = g
                .iter()
                .map(|i| self.fields[*i].height())
                .max()
                .unwrap_or(1);
            let err: u16 = g
                .iter()
                .filter_map(|i| self.fields[*i].error.as_ref())
                .map(|e| wrap(&format!("✗ {e}"), vw_all).len() as u16)
                .sum();
            let sug = if g.contains(&self.focus) {
                self.suggestions.len().min(5) as u16
            } else {
                0
            };
            let flash = g
                .iter()
                .filter(|i| self.fields[**i].flash.is_some())
                .count() as u16;
            h + err + sug + flash
        };
        // Scroll so the focused group is visible.
        let fg = groups
            .iter()
            .position(|g| g.contains(&self.focus))
            .unwrap_or(0);
        let mut start = 0;
        loop {
            let used: u16 = groups[start..=fg.max(start)].iter().map(gh).sum();
            if used <= avail || start >= fg {
                break;
            }
            start += 1;
        }
        let lw = self.label_width();
        let limit = y + avail;
        for g in &groups[start..] {
            let h = gh(g);
            if y + 1 > limit {
                break;
            }
            // A field in error gives up rows of its text box so that the
            // ✗ line under it is always seen.
            let err_rows: u16 = g
                .iter()
                .filter_map(|i| self.fields[*i].error.as_ref())
                .map(|e| wrap(&format!("✗ {e}"), vw_all).len() as u16)
                .sum();
            let row_h = g
                .iter()
                .map(|i| self.fields[*i].height())
                .max()
                .unwrap_or(1)
                .min((limit - y).saturating_sub(err_rows).max(1));
            let focused_g = g.contains(&self.focus);
            let first = &self.fields[g[0]];
            let label_style = if focused_g {
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            let marker = if focused_g { "▸" } else { " " };
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(marker, label_style),
                    Span::styled(fit(&first.label, lw as usize), label_style),
                ])),
                Rect::new(inner.x, y, lw + 1, 1),
            );
            let vx = inner.x + lw + 2;
            let vw = inner.width.saturating_sub(lw + 2);
            // Split the value width among the group's fields.
            let cols: Vec<Rect> = if g.len() == 1 {
                vec![Rect::new(vx, y, vw, row_h)]
            } else {
                let ws: Vec<ratatui::layout::Constraint> = g
                    .iter()
                    .enumerate()
                    .map(|(k, _)| match k {
                        0 => ratatui::layout::Constraint::Length(14),
                        k if k + 1 == g.len() => ratatui::layout::Constraint::Length(14),
                        _ => ratatui::layout::Constraint::Fill(1),
                    })
                    .collect();
                ratatui::layout::Layout::horizontal(ws)
                    .spacing(1)
                    .split(Rect::new(vx, y, vw, row_h))
                    .to_vec()
            };
            for (k, idx) in g.iter().enumerate() {
                let fl = &self.fields[*idx];
                let r = cols[k];
                let focused = *idx == self.focus;
                self.draw_value(f, fl, r, focused);
            }
            let mut yy = y + row_h;
            for idx in g {
                if let Some(e) = &self.fields[*idx].error {
                    for part in wrap(&format!("✗ {e}"), vw as usize) {
                        if yy >= limit {
                            break;
                        }
                        f.render_widget(
                            Paragraph::new(part).style(Style::default().fg(Color::Red)),
                            Rect::new(vx, yy, vw, 1),
                        );
                        yy += 1;
                    }
                }
            }
            // What a letter picked on a choice (or why a key did nothing),
            // under the row so that narrow cells show it too.
            for idx in g {
                if let Some(m) = &self.fields[*idx].flash
                    && yy < limit
                {
                    f.render_widget(
                        Paragraph::new(fit(m, vw as usize)).style(
                            Style::default()
                                .fg(Color::Yellow)
                                .add_modifier(Modifier::BOLD),
                        ),
                        Rect::new(vx, yy, vw, 1),
                    );
                    yy += 1;
                }
            }
            if focused_g {
                for (i, (id, title)) in self.suggestions.iter().take(5).enumerate() {
                    if yy >= limit {
                        break;
                    }
                    let (st, mark) = if i == self.sugg {
                        (
                            Style::default()
                                .fg(Color::Black)
                                .bg(Color::Yellow)
                                .add_modifier(Modifier::BOLD),
                            "▶",
                        )
                    } else {
                        (Style::default().fg(Color::Cyan), " ")
                    };
                    let line = fit(&format!("{mark} {id} {title}"), vw as usize);
                    let pad = (vw as usize).saturating_sub(width(&line));
                    f.render_widget(
                        Paragraph::new(format!("{line}{}", " ".repeat(pad))).style(st),
                        Rect::new(vx, yy, vw, 1),
                    );
                    yy += 1;
                }
            }
            y += h.min(limit.saturating_sub(y));
        }
        let mut fy = bottom.saturating_sub(reserve);
        for part in form_err {
            f.render_widget(
                Paragraph::new(part).style(Style::default().fg(Color::Red)),
                Rect::new(inner.x, fy, inner.width, 1),
            );
            fy += 1;
        }
        for l in footer {
            f.render_widget(
                Paragraph::new(fit(l, inner.width as usize))
                    .style(Style::default().add_modifier(Modifier::BOLD)),
                Rect::new(inner.x, fy, inner.width, 1),
            );
            fy += 1;
        }
        f.render_widget(
            Paragraph::new(fit(hints, inner.width as usize))
                .style(Style::default().fg(Color::DarkGray)),
            Rect::new(inner.x, bottom - 1, inner.width, 1),
        );
    }

    /// Width of the label column.
    fn label_width(&self) -> u16 {
        self.fields
            .iter()
            .filter(|f| f.row.is_none())
            .map(|f| width(&f.label))
            .max()
            .unwrap_or(8)
            .clamp(6, 22) as u16
    }

    fn draw_value(&self, f: &mut Frame, fl: &Field, r: Rect, focused: bool) {
        if r.width == 0 || r.height == 0 {
            return;
        }
        match &fl.kind {
            Kind::Choice(opts) => {
                let label = opts.get(fl.choice).map(|o| o.1.as_str()).unwrap_or("");
                let s = if focused {
                    format!("◀ {label} ▶")
                } else {
                    label.to_string()
                };
                let mut spans = vec![Span::styled(
                    fit(&s, r.width as usize),
                    if focused {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    },
                )];
                if let Some(h) = &fl.hint
                    && focused
                    && fl.flash.is_none()
                {
                    spans.push(Span::styled(
                        format!("  {h}"),
                        Style::default().fg(Color::DarkGray),
                    ));
                }
                f.render_widget(Paragraph::new(Line::from(spans)), r);
            }
            Kind::Multi(opts) => {
                // Options flow over the rows of the field.
                let mut lines: Vec<Line> = vec![];
                let mut cur: Vec<Span> = vec![];
                let mut used = 0usize;
                for (i, (_, label)) in opts.iter().enumerate() {
                    let ticked = fl.picked.get(i).copied().unwrap_or(false);
                    let item = format!("[{}]{label}", if ticked { "x" } else { " " });
                    let w = width(&item) + 1;
                    if used > 0 && used + w > r.width as usize {
                        lines.push(Line::from(std::mem::take(&mut cur)));
                        used = 0;
                    }
                    let style = if focused && i == fl.choice {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else if ticked {
                        Style::default().fg(Color::Green)
                    } else {
                        Style::default()
                    };
                    cur.push(Span::styled(item, style));
                    cur.push(Span::raw(" "));
                    used += w;
                }
                if !cur.is_empty() {
                    lines.push(Line::from(cur));
                }
                if let Some(h) = &fl.hint
                    && focused
                    && lines.len() < r.height as usize
                {
                    lines.push(Line::from(Span::styled(
                        h.clone(),
                        Style::default().fg(Color::DarkGray),
                    )));
                }
                f.render_widget(Paragraph::new(lines), r);
            }
            Kind::Toggle => {
                let s = format!("[{}]", if fl.on { "x" } else { " " });
                let mut spans = vec![Span::styled(
                    s,
                    if focused {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    },
                )];
                if let Some(h) = &fl.hint {
                    spans.push(Span::styled(
                        format!(" {h}"),
                        Style::default().fg(Color::DarkGray),
                    ));
                }
                f.render_widget(Paragraph::new(Line::from(spans)), r);
            }
            _ => {
                // A note after a one-line value: the value keeps its width.
                let r = match &fl.note {
                    Some(n) if !matches!(fl.kind, Kind::Text(_)) && !fl.ta.is_empty() => {
                        let vwid = (width(&fl.value()) as u16 + 2).clamp(8, r.width);
                        let nr = Rect::new(r.x + vwid, r.y, r.width - vwid, 1);
                        f.render_widget(
                            Paragraph::new(fit(n, nr.width as usize))
                                .style(Style::default().fg(Color::Green)),
                            nr,
                        );
                        Rect::new(r.x, r.y, vwid, r.height)
                    }
                    _ => r,
                };
                let mut ta = fl.ta.clone();
                if focused {
                    ta.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
                    ta.set_style(Style::default().bg(Color::Rgb(40, 40, 60)));
                } else {
                    ta.set_cursor_style(Style::default());
                    ta.set_style(Style::default().add_modifier(Modifier::UNDERLINED));
                }
                if fl.ta.is_empty()
                    && let Some(h) = &fl.hint
                {
                    ta.set_placeholder_text(h.clone());
                    ta.set_placeholder_style(Style::default().fg(Color::DarkGray));
                }
                f.render_widget(&ta, r);
                if focused {
                    let sc = ta.screen_cursor();
                    let (top, left) = ta.scroll_offset();
                    let x = r.x as usize + sc.col.saturating_sub(left as usize);
                    let y = r.y as usize + sc.row.saturating_sub(top as usize);
                    if x < (r.x + r.width) as usize && y < (r.y + r.height) as usize {
                        f.set_cursor_position((x as u16, y as u16));
                    }
                }
            }
        }
    }
}
