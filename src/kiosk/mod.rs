//! The touch-screen kiosk (触摸屏) in the hall: full screen, read-only,
//! public items only. Large targets that answer mouse/touch clicks as well
//! as keys; back to the home view after an idle time; leaving needs the
//! configured key chord and then an operator's PIN.
//!
//! Elm style: `Kiosk` is the state, `update` takes an `Input` and changes
//! it, `draw` only reads it. `layout` gives the clickable regions, used by
//! both `draw` and `update`, so what is drawn is what is clicked.

pub(crate) mod run;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::domain::records::{Disclosure, Operator, StatementView, Status};
use crate::domain::text::{clean_line, sanitize};
use crate::domain::{Category, OfficeCode, Scope};
use crate::i18n::Lang;
use crate::service::error::ChordError;
use crate::store::{Reader, StoreError};

/// An item as the kiosk shows it: public and published, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskItem {
    pub id: String,
    pub title: String,
    pub body: String,
    pub category: Category,
    pub published_on: NaiveDate,
    pub period: Option<String>,
    /// Finance lines (category, description, amount) and the closing balance.
    pub finance: Vec<(String, String, String)>,
}

/// What the kiosk can show. Built only by `KioskData::load`, which keeps
/// `public` items in force (published, not superseded or archived).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskData {
    pub office: String,
    pub items: Vec<KioskItem>,
}

impl KioskData {
    pub fn load(r: &Reader, office: &OfficeCode, zh: bool) -> Result<KioskData, StoreError> {
        let name = r
            .office(office)?
            .map(|o| o.name)
            .unwrap_or_else(|| office.to_string());
        let views = r.statement_views(office)?;
        let mut items: Vec<KioskItem> = r
            .disclosures()?
            .into_iter()
            .filter(|d| is_kiosk_item(d, office))
            .map(|d| item(d, &views, zh))
            .collect();
        items.sort_by(|a, b| (b.published_on, &b.id).cmp(&(a.published_on, &a.id)));
        Ok(KioskData {
            office: clean_line(&name),
            items,
        })
    }

    pub fn in_category(&self, c: Category) -> Vec<&KioskItem> {
        self.items.iter().filter(|i| i.category == c).collect()
    }
}

/// The kiosk's one gate: public scope, published and in force.
pub fn is_kiosk_item(d: &Disclosure, office: &OfficeCode) -> bool {
    &d.office == office
        && d.fields.scope == Scope::Public
        && d.status == Status::Published
        && d.publication.is_some()
}

fn item(d: Disclosure, views: &[StatementView], zh: bool) -> KioskItem {
    let finance = d
        .fields
        .statement
        .as_deref()
        .and_then(|s| views.iter().find(|v| v.statement.id == s))
        .map(|v| {
            let mut rows: Vec<(String, String, String)> = v
                .statement
                .lines
                .iter()
                .map(|l| {
                    (
                        l.category.label(zh).to_string(),
                        clean_line(&l.description),
                        crate::domain::money::format_amount(l.amount),
                    )
                })
                .collect();
            for (label, amount) in [
                (if zh { "本期收入合计" } else { "income" }, v.totals.income),
                (
                    if zh {
                        "本期支出合计"
                    } else {
                        "expenditure"
                    },
                    v.totals.expenditure,
                ),
                (
                    if zh {
                        "期末结余"
                    } else {
                        "closing balance"
                    },
                    v.totals.closing,
                ),
            ] {
                rows.push((
                    label.to_string(),
                    String::new(),
                    crate::domain::money::format_amount(amount),
                ));
            }
            rows
        })
        .unwrap_or_default();
    KioskItem {
        title: clean_line(&d.fields.title),
        body: sanitize(&d.fields.body, false),
        category: d.fields.category,
        published_on: d.publication.as_ref().map(|p| p.on).unwrap_or_default(),
        period: d.fields.period.map(|p| p.to_string()),
        id: d.id,
        finance,
    }
}

/// A key chord such as `ctrl+alt+q`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub mods: KeyModifiers,
    pub code: KeyCode,
}

impl Chord {
    pub fn parse(s: &str) -> Result<Chord, ChordError> {
        let mut mods = KeyModifiers::NONE;
        let mut code = None;
        for part in s.split('+').map(|p| p.trim().to_ascii_lowercase()) {
            match part.as_str() {
                "ctrl" | "control" => mods |= KeyModifiers::CONTROL,
                "alt" => mods |= KeyModifiers::ALT,
                "shift" => mods |= KeyModifiers::SHIFT,
                p if p.len() == 1 => code = p.chars().next().map(KeyCode::Char),
                p if p.starts_with('f')
                    && p[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    code = p[1..].parse::<u8>().ok().map(KeyCode::F)
                }
                p => {
                    return Err(ChordError::NotAKey {
                        part: p.to_string(),
                        chord: s.to_string(),
                    });
                }
            }
        }
        let code = code.ok_or_else(|| ChordError::NoKey(s.to_string()))?;
        if mods.is_empty() || mods == KeyModifiers::SHIFT {
            return Err(ChordError::NeedsModifier(s.to_string()));
        }
        Ok(Chord { mods, code })
    }

    pub fn matches(&self, k: &KeyEvent) -> bool {
        let code = match k.code {
            KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        code == self.code && k.modifiers.contains(self.mods)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub exit_chord: Chord,
    /// Seconds without input before the home view returns.
    pub idle_secs: u32,
    /// Operators whose PIN may close the kiosk (those with a PIN set).
    pub operators: Vec<Operator>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Home,
    List {
        cat: Category,
        page: usize,
    },
    Item {
        cat: Category,
        id: String,
        scroll: u16,
    },
    /// Asking for a PIN to leave; `back` is where a cancel returns.
    Exit {
        pin: String,
        tries: u8,
        back: Box<Screen>,
    },
}

/// What a click or key leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Home,
    OpenCategory(Category),
    OpenItem(String),
    Back,
    PageUp,
    PageDown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Click {
        column: u16,
        row: u16,
    },
    /// One second passed.
    Tick,
    Resize(u16, u16),
}

/// What the loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
}

pub struct Kiosk {
    pub data: KioskData,
    pub screen: Screen,
    pub lang: Lang,
    pub config: Config,
    pub idle: u32,
    pub size: Rect,
    /// Keyboard focus among the current targets.
    pub focus: usize,
    pub message: Option<String>,
    /// Where wrong exit PINs are counted (the database's local table), so
    /// restarting the kiosk does not reset the wait; without one, here.
    pub pins: Option<crate::store::Store>,
    pub throttle: crate::service::office::Throttle,
    /// A fixed "now" (tests); `None`: the one clock (`service::clock`).
    pub fixed_now: Option<chrono::DateTime<chrono::Utc>>,
}

/// Items on one page of a list: as many as fit in the body between the
/// title and the button bar (each item 3 rows and a gap).
fn per_page(area: Rect) -> usize {
    let [_, body, _] = areas(area);
    ((body.height + 1) / 4).max(1) as usize
}

impl Kiosk {
    pub fn new(data: KioskData, lang: Lang, config: Config, size: Rect) -> Kiosk {
        Kiosk {
            data,
            screen: Screen::Home,
            lang,
            config,
            idle: 0,
            size,
            focus: 0,
            message: None,
            pins: None,
            throttle: Default::default(),
            fixed_now: None,
        }
    }

    fn t<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        self.lang.pick(en, zh)
    }

    /// The clickable regions of the current screen, in focus order.
    pub fn layout(&self, area: Rect) -> Vec<(Rect, Action)> {
        let [_, body, bar] = areas(area);
        let mut out = vec![];
        match &self.screen {
            Screen::Home => {
                let cats = self.categories();
                let cols = if body.width >= 90 { 3 } else { 2 };
                let rows = cats.len().div_ceil(cols).max(1) as u16;
                let h = (body.height / rows).clamp(3, 9);
                let w = body.width / cols as u16;
                for (i, (c, _)) in cats.iter().enumerate() {
                    let r = Rect {
                        x: body.x + (i % cols) as u16 * w,
                        y: body.y + (i / cols) as u16 * h,
                        width: w.saturating_sub(1),
                        height: h.saturating_sub(1),
                    };
                    out.push((r.intersection(body), Action::OpenCategory(*c)));
                }
            }
            Screen::List { cat, page } => {
                let items = self.data.in_category(*cat);
                let n = per_page(area);
                for (i, it) in items.iter().skip(page * n).take(n).enumerate() {
                    let r = Rect {
                        x: body.x,
                        y: body.y + i as u16 * 4,
                        width: body.width,
                        height: 3,
                    };
                    out.push((r.intersection(body), Action::OpenItem(it.id.clone())));
                }
                out.extend(bar_buttons(bar, (page + 1) * n < items.len(), *page > 0));
            }
            Screen::Item { .. } => out.extend(bar_buttons(bar, true, true)),
            Screen::Exit { .. } => {}
        }
        out
    }

    /// Categories with public items, in the usual order, with counts.
    pub fn categories(&self) -> Vec<(Category, usize)> {
        Category::ALL
            .iter()
            .map(|c| (*c, self.data.in_category(*c).len()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    pub fn update(&mut self, input: Input) -> Effect {
        match input {
            Input::Tick => {
                self.idle = self.idle.saturating_add(1);
                if self.idle >= self.config.idle_secs && self.screen != Screen::Home {
                    self.screen = Screen::Home;
                    self.focus = 0;
                    self.message = None;
                }
                return Effect::None;
            }
            Input::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                return Effect::None;
            }
            _ => self.idle = 0,
        }
        if let Screen::Exit { .. } = self.screen {
            return self.exit_input(input);
        }
        match input {
            Input::Key(k) if self.config.exit_chord.matches(&k) => {
                self.screen = Screen::Exit {
                    pin: String::new(),
                    tries: 0,
                    back: Box::new(self.screen.clone()),
                };
                self.message = None;
            }
            Input::Key(k) => {
                let targets = self.layout(self.size);
                match k.code {
                    KeyCode::Tab | KeyCode::Down | KeyCode::Right | KeyCode::Char('j') => {
                        if !targets.is_empty() {
                            self.focus = (self.focus + 1) % targets.len();
                        }
                        let max = match &self.screen {
                            Screen::Item { id, .. } => self.max_scroll(id),
                            _ => 0,
                        };
                        if let Screen::Item { scroll, .. } = &mut self.screen
                            && k.code == KeyCode::Down
                        {
                            *scroll = scroll.saturating_add(1).min(max);
                        }
                    }
                    KeyCode::BackTab | KeyCode::Up | KeyCode::Left | KeyCode::Char('k') => {
                        if !targets.is_empty() {
                            self.focus = (self.focus + targets.len() - 1) % targets.len();
                        }
                        if let Screen::Item { scroll, .. } = &mut self.screen
                            && k.code == KeyCode::Up
                        {
                            *scroll = scroll.saturating_sub(1);
                        }
                    }
                    KeyCode::Enter | KeyCode::Char(' ') => {
                        if let Some((_, a)) = targets.get(self.focus) {
                            self.act(a.clone());
                        }
                    }
                    KeyCode::Esc | KeyCode::Backspace => self.act(Action::Back),
                    KeyCode::Home => self.act(Action::Home),
                    KeyCode::PageDown => self.act(Action::PageDown),
                    KeyCode::PageUp => self.act(Action::PageUp),
                    _ => {}
                }
            }
            Input::Click { column, row } => {
                let p = Position::new(column, row);
                if let Some((_, a)) = self
                    .layout(self.size)
                    .into_iter()
                    .find(|(r, _)| r.contains(p))
                {
                    self.act(a);
                } else if row == 0 && self.screen != Screen::Home {
                    // The title bar is a large "home" target.
                    self.act(Action::Home);
                }
            }
            _ => {}
        }
        Effect::None
    }

    fn act(&mut self, a: Action) {
        self.focus = 0;
        let per = per_page(self.size);
        self.screen = match (a, std::mem::replace(&mut self.screen, Screen::Home)) {
            (Action::Home, _) => Screen::Home,
            (Action::OpenCategory(cat), _) => Screen::List { cat, page: 0 },
            (Action::OpenItem(id), Screen::List { cat, .. }) => {
                // Only ids the kiosk data holds can open (public items).
                if self.data.items.iter().any(|i| i.id == id) {
                    Screen::Item { cat, id, scroll: 0 }
                } else {
                    Screen::List { cat, page: 0 }
                }
            }
            (Action::Back, Screen::Item { cat, id, .. }) => {
                let pos = self
                    .data
                    .in_category(cat)
                    .iter()
                    .position(|i| i.id == id)
                    .unwrap_or(0);
                Screen::List {
                    cat,
                    page: pos / per,
                }
            }
            (Action::Back, _) => Screen::Home,
            (Action::PageDown, Screen::List { cat, page }) => {
                let n = self.data.in_category(cat).len();
                Screen::List {
                    cat,
                    page: if (page + 1) * per < n { page + 1 } else { page },
                }
            }
            (Action::PageUp, Screen::List { cat, page }) => Screen::List {
                cat,
                page: page.saturating_sub(1),
            },
            (Action::PageDown, Screen::Item { cat, id, scroll }) => {
                let max = self.max_scroll(&id);
                Screen::Item {
                    cat,
                    scroll: scroll
                        .saturating_add(self.size.height.saturating_sub(8).max(1))
                        .min(max),
                    id,
                }
            }
            (Action::PageUp, Screen::Item { cat, id, scroll }) => Screen::Item {
                cat,
                id,
                scroll: scroll.saturating_sub(self.size.height.saturating_sub(8).max(1)),
            },
            (_, s) => s,
        };
    }

    /// How far an item's text may scroll: its last line stays on screen.
    fn max_scroll(&self, id: &str) -> u16 {
        let width = self.size.width.saturating_sub(2).max(10) as usize;
        self.data
            .items
            .iter()
            .find(|i| i.id == id)
            .map(|i| {
                let body: usize = i
                    .body
                    .lines()
                    .map(|l| {
                        unicode_width::UnicodeWidthStr::width(l)
                            .div_ceil(width)
                            .max(1)
                    })
                    .sum();
                (body + i.finance.len() + 6).saturating_sub(1) as u16
            })
            .unwrap_or(0)
    }

    fn exit_input(&mut self, input: Input) -> Effect {
        let Screen::Exit { pin, tries, back } = &mut self.screen else {
            return Effect::None;
        };
        let Input::Key(k) = input else {
            return Effect::None;
        };
        match k.code {
            KeyCode::Char(c) if c.is_ascii_digit() && pin.len() < 12 => pin.push(c),
            KeyCode::Backspace => {
                pin.pop();
            }
            KeyCode::Esc => {
                self.screen = (**back).clone();
                self.message = None;
            }
            KeyCode::Enter => {
                use crate::service::office::{PinNote, PinOutcome, try_kiosk_pin};
                let now = self.fixed_now.unwrap_or_else(crate::service::clock::now);
                let typed = std::mem::take(pin);
                let out = try_kiosk_pin(
                    self.pins.as_ref(),
                    &self.config.operators,
                    &mut self.throttle,
                    &typed,
                    now,
                );
                let note = match out {
                    Ok(PinOutcome::Right { .. }) => return Effect::Quit,
                    Ok(PinOutcome::Refused(w)) => PinNote::Wait(w),
                    Ok(o) => {
                        *tries += 1;
                        PinNote::of(o).unwrap_or(PinNote::Wrong)
                    }
                    Err(_) => PinNote::Wrong,
                };
                if *tries >= 3 && note == PinNote::Wrong {
                    self.screen = Screen::Home;
                    self.message = None;
                } else {
                    self.message = Some(note.message(self.lang));
                }
            }
            _ => {}
        }
        Effect::None
    }

    pub fn draw(&self, f: &mut Frame) {
        let area = f.area();
        let [top, body, bar] = areas(area);
        let big = Style::default().add_modifier(Modifier::BOLD);
        let head = Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", self.data.office), big),
            Span::raw(self.t("· public information", "· 居务公开")),
        ]))
        .style(Style::default().bg(Color::Red).fg(Color::White));
        f.render_widget(head, top);
        let targets = self.layout(area);
        let focus_style = Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD);
        let block = |focused: bool| {
            Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Thick)
                .border_style(if focused {
                    focus_style
                } else {
                    Style::default()
                })
        };
        match &self.screen {
            Screen::Home => {
                let cats = self.categories();
                if cats.is_empty() {
                    f.render_widget(
                        Paragraph::new(self.t("Nothing is published yet.", "暂无公开内容。"))
                            .alignment(Alignment::Center),
                        body,
                    );
                }
                for (i, ((r, _), (c, n))) in targets.iter().zip(cats).enumerate() {
                    let label = if self.lang.zh() {
                        format!("{}公开", c.zh())
                    } else {
                        c.as_str().to_string()
                    };
                    let p = Paragraph::new(vec![
                        Line::from(""),
                        Line::styled(label, big),
                        Line::from(format!("{n} {}", self.t("items", "项"))),
                    ])
                    .alignment(Alignment::Center)
                    .block(block(i == self.focus));
                    f.render_widget(p, *r);
                }
                f.render_widget(
                    Paragraph::new(self.t(
                        "Touch a topic, or use the arrow keys and Enter.",
                        "请点击栏目，或用方向键和回车键选择。",
                    ))
                    .alignment(Alignment::Center),
                    bar,
                );
            }
            Screen::List { cat, page } => {
                let items = self.data.in_category(*cat);
                let n = per_page(area);
                // Only the item regions: the bar's buttons follow them.
                let item_rects = targets
                    .iter()
                    .filter(|(_, a)| matches!(a, Action::OpenItem(_)));
                for (i, (it, (r, _))) in items
                    .iter()
                    .skip(page * n)
                    .take(n)
                    .zip(item_rects)
                    .enumerate()
                {
                    let p = Paragraph::new(Line::from(vec![
                        Span::styled(it.title.clone(), big),
                        Span::raw(format!("  {}", it.published_on)),
                    ]))
                    .block(block(i == self.focus));
                    f.render_widget(p, *r);
                }
                self.draw_bar(f, bar, &targets);
            }
            Screen::Item { id, scroll, .. } => {
                if let Some(it) = self.data.items.iter().find(|i| &i.id == id) {
                    let mut lines = vec![
                        Line::styled(it.title.clone(), big),
                        Line::from(format!(
                            "{} {}{}",
                            self.t("Published", "公开日期"),
                            it.published_on,
                            it.period
                                .as_ref()
                                .map(|p| format!(" · {} {p}", self.t("period", "所属期间")))
                                .unwrap_or_default()
                        )),
                        Line::from(""),
                    ];
                    lines.extend(it.body.lines().map(|l| Line::from(l.to_string())));
                    if !it.finance.is_empty() {
                        lines.push(Line::from(""));
                        for (c, d, a) in &it.finance {
                            lines.push(Line::from(format!("{c:<8} {d}  {a:>14}")));
                        }
                    }
                    lines.push(Line::from(""));
                    lines.push(Line::from(format!("{} {}", self.t("No.", "编号"), it.id)));
                    f.render_widget(
                        Paragraph::new(lines)
                            .wrap(Wrap { trim: false })
                            .scroll((*scroll, 0))
                            .block(Block::default().borders(Borders::ALL)),
                        body,
                    );
                }
                self.draw_bar(f, bar, &targets);
            }
            Screen::Exit { pin, .. } => {
                let lines = vec![
                    Line::styled(
                        self.t(
                            "Operator PIN to close the kiosk",
                            "关闭触摸屏需输入操作员密码",
                        ),
                        big,
                    ),
                    Line::from(""),
                    Line::from("*".repeat(pin.len())),
                    Line::from(""),
                    Line::from(self.message.clone().unwrap_or_default()),
                    Line::from(self.t("Enter: confirm · Esc: cancel", "回车：确认 · Esc：取消")),
                ];
                f.render_widget(
                    Paragraph::new(lines)
                        .alignment(Alignment::Center)
                        .block(Block::default().borders(Borders::ALL)),
                    body,
                );
            }
        }
    }

    fn draw_bar(&self, f: &mut Frame, _bar: Rect, targets: &[(Rect, Action)]) {
        let focus_n = self.focus;
        let n_items = targets
            .iter()
            .filter(|(_, a)| matches!(a, Action::OpenItem(_)))
            .count();
        for (i, (r, a)) in targets.iter().enumerate() {
            let label = match a {
                Action::Back => self.t("◀ Back", "◀ 返回"),
                Action::Home => self.t("⌂ Home", "⌂ 首页"),
                Action::PageUp => self.t("▲ Previous", "▲ 上一页"),
                Action::PageDown => self.t("▼ Next", "▼ 下一页"),
                _ => continue,
            };
            let focused = i == focus_n && i >= n_items;
            f.render_widget(
                Paragraph::new(Line::styled(
                    label,
                    Style::default().add_modifier(Modifier::BOLD),
                ))
                .alignment(Alignment::Center)
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_type(BorderType::Thick)
                        .border_style(if focused {
                            Style::default().fg(Color::Yellow)
                        } else {
                            Style::default()
                        }),
                ),
                *r,
            );
        }
    }
}

/// Title row, body, and a button bar of 3 rows.
fn areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(area)
}

/// Back, Home, Previous and Next buttons across the bar.
fn bar_buttons(bar: Rect, next: bool, prev: bool) -> Vec<(Rect, Action)> {
    let cells: [Rect; 4] = Layout::horizontal([Constraint::Ratio(1, 4); 4]).areas(bar);
    let mut out = vec![(cells[0], Action::Back), (cells[1], Action::Home)];
    if prev {
        out.push((cells[2], Action::PageUp));
    }
    if next {
        out.push((cells[3], Action::PageDown));
    }
    out
}

/// Does `pin` match the PIN of an active operator (argon2 PHC strings)?
pub fn pin_ok(ops: &[Operator], pin: &str) -> bool {
    ops.iter().filter(|o| o.active).any(|o| {
        o.pin_hash
            .as_deref()
            .is_some_and(|h| crate::service::office::pin_matches(pin, h))
    })
}

#[cfg(test)]
mod page_tests {
    use super::*;
    use ratatui::{Terminal, backend::TestBackend};

    fn kiosk(n: usize, w: u16, h: u16) -> Kiosk {
        let items = (1..=n)
            .map(|i| KioskItem {
                id: format!("QH01-2026-{i:04}"),
                title: format!("事项标题{i}"),
                body: String::new(),
                category: Category::Government,
                published_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
                period: None,
                finance: vec![],
            })
            .collect();
        let data = KioskData {
            office: "QH01".into(),
            items,
        };
        let config = Config {
            exit_chord: Chord::parse("ctrl+alt+q").expect("chord"),
            idle_secs: 30,
            operators: vec![],
        };
        let mut k = Kiosk::new(data, Lang::Zh, config, Rect::new(0, 0, w, h));
        k.screen = Screen::List {
            cat: Category::Government,
            page: 0,
        };
        k
    }

    /// At every size, no item region touches a button, every item is on
    /// some page, and nothing but the buttons is drawn on the bar.
    #[test]
    fn items_never_overlap_the_buttons() {
        for (w, h) in [(100, 30), (80, 24), (120, 40), (60, 12), (100, 20), (40, 9)] {
            let mut k = kiosk(7, w, h);
            let area = Rect::new(0, 0, w, h);
            let [_, _, bar] = areas(area);
            let mut seen = 0;
            for page in 0..7 {
                k.screen = Screen::List {
                    cat: Category::Government,
                    page,
                };
                let t = k.layout(area);
                let (items, buttons): (Vec<_>, Vec<_>) = t
                    .iter()
                    .partition(|(_, a)| matches!(a, Action::OpenItem(_)));
                for (r, _) in &items {
                    assert!(
                        r.intersection(bar).is_empty(),
                        "{w}x{h}: item {r:?} on the bar"
                    );
                    for (b, _) in &buttons {
                        assert!(
                            r.intersection(*b).is_empty(),
                            "{w}x{h}: {r:?} overlaps {b:?}"
                        );
                    }
                }
                seen += items.len();
                let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
                term.draw(|f| k.draw(f)).expect("draw");
                let buf = term.backend().buffer();
                let row: String = (bar.y..bar.y + bar.height)
                    .flat_map(|y| (0..w).map(move |x| (x, y)))
                    .map(|(x, y)| buf[(x, y)].symbol().to_string())
                    .collect();
                assert!(
                    !row.contains("事项标题"),
                    "{w}x{h} page {page}: an item drawn on the bar: {row}"
                );
                if items.is_empty() {
                    break;
                }
            }
            assert_eq!(seen, 7, "{w}x{h}: every item on some page");
        }
    }
}
