//! Drawing: tabs, the current screen, overlays (form, confirmation, search,
//! help) and the status bar. Reads the state only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::action::Action;
use super::app::{Overlay, State};
use super::key::seq_label;
use super::keymap::Binding;
use super::strings::{S, action_label};
use super::widgets::{cell, clear_popup, fit, width, wrap};

/// Where screens draw: between the tab row and the two status rows.
pub fn body_area(w: u16, h: u16) -> Rect {
    Rect::new(0, 1.min(h), w, h.saturating_sub(3))
}

/// The tabs' labels: the key that opens each in the keymap in force
/// (`1`, `A-1`, …) and its title; tighter when the row is narrow (less
/// padding, then the other tabs' titles cut short).
pub fn tab_labels(st: &State) -> Vec<(usize, String)> {
    let tabs = st.tabs();
    let parts: Vec<(usize, String, String)> = tabs
        .iter()
        .map(|&i| {
            let key = st.screens[i]
                .goto()
                .and_then(|a| st.sh.keymap.key_for(&["global"], a))
                .map(|k| short_key(&k))
                .unwrap_or_default();
            (i, key, st.screens[i].title(&st.sh))
        })
        .collect();
    let w = st.sh.width as usize;
    let total = |v: &Vec<(usize, String)>| v.iter().map(|(_, l)| width(l) + 1).sum::<usize>();
    let padded: Vec<(usize, String)> = parts
        .iter()
        .map(|(i, k, t)| (*i, format!(" {k}{t} ")))
        .collect();
    if total(&padded) <= w {
        return padded;
    }
    let tight: Vec<(usize, String)> = parts
        .iter()
        .map(|(i, k, t)| (*i, format!("{k}{t}")))
        .collect();
    if total(&tight) <= w {
        return tight;
    }
    parts
        .iter()
        .map(|(i, k, t)| {
            if *i == st.current {
                (*i, format!("{k}{t}"))
            } else {
                let short: String = {
                    let mut s = String::new();
                    for c in t.chars() {
                        if width(&s) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > 3 {
                            break;
                        }
                        s.push(c);
                    }
                    s
                };
                (*i, format!("{k}{short}"))
            }
        })
        .collect()
}

/// `<A-1>` → `Alt+1`, `<C-s>` → `Ctrl+s`, `<F2>` → `F2`; other labels
/// unchanged (a clerk reads "Alt+1", not the keymap's `A-1`).
pub fn short_key(k: &str) -> String {
    match k.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        Some(inner) if !inner.contains(' ') => {
            let mut rest = inner;
            let mut out = String::new();
            loop {
                if let Some(r) = rest.strip_prefix("C-").filter(|r| !r.is_empty()) {
                    out.push_str("Ctrl+");
                    rest = r;
                } else if let Some(r) = rest.strip_prefix("A-").filter(|r| !r.is_empty()) {
                    out.push_str("Alt+");
                    rest = r;
                } else {
                    break;
                }
            }
            out.push_str(rest);
            out
        }
        _ => k.to_string(),
    }
}

/// The tab titles and where each sits on the top row: (x from, x to, screen).
pub fn tab_spans(st: &State) -> Vec<(u16, u16, usize)> {
    let mut x = 0u16;
    let mut out = vec![];
    for (i, label) in tab_labels(st) {
        let w = width(&label) as u16;
        out.push((x, x + w, i));
        x += w + 1;
    }
    out
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn draw(st: &State, f: &mut Frame) {
    let full = f.area();
    let (w, h) = (full.width, full.height);
    if w < 20 || h < 6 {
        f.render_widget(Paragraph::new(st.sh.t(S::TooSmall)), full);
        return;
    }
    // Tabs and who is signed in.
    let mut spans: Vec<Span> = vec![];
    if st.signed_in() {
        for (i, label) in tab_labels(st) {
            let style = if i == st.current {
                Style::default()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default().fg(Color::Cyan)
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
    } else {
        spans.push(Span::styled(
            format!(" juwu · {} ", st.sh.t(S::AppName)),
            Style::default().add_modifier(Modifier::BOLD),
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let mut right = String::new();
    if let Some(c) = &st.sh.office_filter {
        right.push_str(&format!("[{}] ", c));
    }
    if let Some(op) = &st.sh.operator {
        right.push_str(&format!(
            "{} · {}",
            cell(&op.name),
            op.role.label(st.sh.zh())
        ));
    } else if let Some(o) = &st.sh.own {
        right.push_str(&format!("{} {}", o.code, cell(&o.name)));
    }
    let room = (w as usize).saturating_sub(used + 1);
    if width(&right) <= room {
        spans.push(Span::raw(" ".repeat(room - width(&right))));
        spans.push(Span::styled(right, Style::default().fg(Color::Yellow)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), Rect::new(0, 0, w, 1));

    let body = body_area(w, h);
    st.screen().draw(&st.sh, f, body);

    // Overlays.
    for o in &st.overlays {
        match o {
            Overlay::Form(form) => {
                let area = if w >= 110 {
                    centered(body, 100, body.height)
                } else {
                    body
                };
                let footer = st
                    .screen_index(form.owner)
                    .map(|i| st.screens[i].form_footer(form, &st.sh))
                    .unwrap_or_default();
                form.draw(f, area, &footer, &hint_text(st));
                if form.asking_discard {
                    draw_question(
                        f,
                        body,
                        st.sh.t(S::DiscardTitle),
                        &[st.sh.t(S::DiscardQ).to_string()],
                        &hint_text(st),
                    );
                }
            }
            Overlay::Confirm(c) => draw_question(f, body, &c.title, &c.lines, &hint_text(st)),
            Overlay::Search(s) => draw_search(st, s, f, body),
            Overlay::Help(scroll) => draw_help(st, *scroll, f, body),
        }
    }

    // Note line (long notes wrap upwards over the body) and key hints.
    let (text, style) = match (&st.note, st.pending.is_empty()) {
        (_, false) => (
            format!("{} …", seq_label(&st.pending)),
            Style::default().fg(Color::Yellow),
        ),
        (Some(n), _) => (
            n.text.clone(),
            if n.error {
                Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
            } else {
                Style::default().fg(Color::Green)
            },
        ),
        (None, _) => (String::new(), Style::default()),
    };
    let mut lines = wrap(&cell(&text), w as usize);
    let max = (h as usize / 4).max(1);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(l) = lines.last_mut() {
            *l = fit(&format!("{l}…"), w as usize);
        }
    }
    let n = lines.len() as u16;
    let area = Rect::new(0, h - 1 - n, w, n);
    if n > 1 {
        clear_popup(f, area);
    }
    f.render_widget(
        Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>()).style(style),
        area,
    );
    f.render_widget(
        Paragraph::new(fit(&hint_bar(st, w as usize), w as usize))
            .style(Style::default().fg(Color::Black).bg(Color::Gray)),
        Rect::new(0, h - 1, w, 1),
    );
}

/// `key label · key label …` for the keys that work here.
pub fn hint_text(st: &State) -> String {
    st.hints()
        .into_iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The status bar: as many of this screen's keys as fit, and always the
/// last few (open, search, help, quit) so `?` is never cut off.
pub fn hint_bar(st: &State, w: usize) -> String {
    let hints: Vec<String> = st
        .hints()
        .into_iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect();
    let tail = hints.len().min(3);
    let (head, last) = hints.split_at(hints.len() - tail);
    let last = last.join("  ");
    let mut out = String::new();
    for h in head {
        if width(&out) + width(h) + 2 + width(&last) + 2 > w {
            break;
        }
        out.push_str(h);
        out.push_str("  ");
    }
    out.push_str(&last);
    out
}

fn draw_question(f: &mut Frame, body: Rect, title: &str, lines: &[String], hints: &str) {
    // As wide as the longest line allows, then wrapped to fit the screen.
    let max_inner = body.width.saturating_sub(4).max(10) as usize;
    let inner_w = lines
        .iter()
        .map(|l| width(l))
        .chain([width(title) + 4, width(hints)])
        .max()
        .unwrap_or(20)
        .min(max_inner);
    let mut text: Vec<Line> = vec![];
    for l in lines {
        for part in wrap(l, inner_w) {
            text.push(Line::from(part));
        }
    }
    text.push(Line::from(""));
    for part in wrap(hints, inner_w) {
        text.push(Line::from(Span::styled(
            part,
            Style::default().fg(Color::DarkGray),
        )));
    }
    let area = centered(body, inner_w as u16 + 4, text.len() as u16 + 2);
    clear_popup(f, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Yellow))
        .title(Span::styled(
            format!(" {title} "),
            Style::default().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(
        Paragraph::new(text),
        Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            inner.height,
        ),
    );
}

fn draw_search(st: &State, s: &super::app::SearchUi, f: &mut Frame, body: Rect) {
    let area = centered(body, 100, body.height);
    clear_popup(f, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", st.sh.t(S::SearchTitle)));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let prompt = format!("/ {}", s.query);
    f.render_widget(
        Paragraph::new(prompt.clone()).style(Style::default().add_modifier(Modifier::BOLD)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    f.set_cursor_position((
        inner.x + (width(&prompt) as u16).min(inner.width.saturating_sub(1)),
        inner.y,
    ));
    let mut lines: Vec<Line> = vec![];
    let mut last: Option<&str> = None;
    let mut idx_line = vec![];
    for (i, hit) in s.hits.iter().enumerate() {
        let reg = hit.register.label(st.sh.lang);
        if last != Some(reg) {
            lines.push(Line::from(Span::styled(
                format!("── {reg}"),
                Style::default().fg(Color::Yellow),
            )));
            last = Some(reg);
        }
        idx_line.push(lines.len());
        let style = if i == s.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            fit(
                &format!("  {}  {}", hit.id, cell(&hit.title)),
                inner.width as usize,
            ),
            style,
        )));
    }
    let sel_line = idx_line.get(s.selected).copied().unwrap_or(0);
    if s.hits.is_empty() && !s.query.trim().is_empty() {
        lines.push(Line::from(st.sh.t(S::NoMatches)));
    }
    let h = inner.height.saturating_sub(1) as usize;
    let skip = sel_line.saturating_sub(h.saturating_sub(1));
    let shown: Vec<Line> = lines.into_iter().skip(skip).take(h).collect();
    f.render_widget(
        Paragraph::new(shown),
        Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1),
    );
}

fn help_lines(st: &State) -> Vec<Line<'static>> {
    let mut lines = vec![];
    let km = &st.sh.keymap;
    for e in &km.errors {
        lines.push(Line::from(Span::styled(
            e.clone(),
            Style::default().fg(Color::Red),
        )));
    }
    if let Some(form) = st.form() {
        lines.push(Line::from(Span::styled(
            format!("── {}", st.sh.t(S::HelpForm)),
            Style::default().fg(Color::Yellow),
        )));
        for b in km.layer("form") {
            let general = matches!(
                b.action,
                Action::NextField
                    | Action::PrevField
                    | Action::Save
                    | Action::Cancel
                    | Action::Help
            );
            if !general && !form.tools.contains(&b.action) {
                continue;
            }
            let k = seq_label(&b.keys);
            let pad = 12usize.saturating_sub(width(&k));
            lines.push(Line::from(format!(
                "  {k}{}{}",
                " ".repeat(pad),
                action_label(b.action, st.sh.lang)
            )));
        }
        for t in [
            S::HelpFormMove,
            S::HelpFormChoice,
            S::HelpFormClear,
            S::HelpFormDraft,
        ] {
            lines.push(Line::from(format!("  {}", st.sh.t(t))));
        }
        return lines;
    }
    let layers: Vec<&str> = if st.form().is_some() {
        vec!["form"]
    } else {
        vec![st.screen().id().layer(), "list", "global"]
    };
    for l in layers {
        let bs: &[Binding] = km.layer(l);
        if bs.is_empty() {
            continue;
        }
        let title = match l {
            "list" => st.sh.t(S::HelpList).to_string(),
            "global" => st.sh.t(S::HelpGlobal).to_string(),
            "form" => st.sh.t(S::HelpForm).to_string(),
            _ => st.screen().title(&st.sh),
        };
        lines.push(Line::from(Span::styled(
            format!("── {title}"),
            Style::default().fg(Color::Yellow),
        )));
        for b in bs {
            if l != "form" && l != "list" && l != "global" && !st.permitted(b.action) {
                continue;
            }
            let label = if st.sh.zh() {
                action_label(b.action, st.sh.lang).to_string()
            } else {
                b.desc
                    .clone()
                    .unwrap_or_else(|| action_label(b.action, st.sh.lang).to_string())
            };
            let k = seq_label(&b.keys);
            let pad = 12usize.saturating_sub(width(&k));
            lines.push(Line::from(format!("  {k}{}{label}", " ".repeat(pad))));
        }
    }
    lines
}

/// How far the help overlay scrolls: its last line at the bottom, no
/// further.
pub fn help_max_scroll(st: &State) -> u16 {
    let body = body_area(st.sh.width, st.sh.height);
    let shown = body.height.saturating_sub(2) as usize;
    help_lines(st).len().saturating_sub(shown) as u16
}

fn draw_help(st: &State, scroll: u16, f: &mut Frame, body: Rect) {
    let area = centered(body, 72, body.height);
    clear_popup(f, area);
    let lines = help_lines(st);
    let scroll = scroll.min(help_max_scroll(st));
    // Say when there is more below (the help scrolls with ↓).
    let shown = area.height.saturating_sub(2) as usize;
    let more = lines.len() > shown + scroll as usize;
    let title = if more {
        format!(
            " {} ({} {}) ",
            st.sh.t(S::HelpTitle),
            st.sh
                .keymap
                .key_for(&["help"], Action::Down)
                .unwrap_or_default(),
            st.sh.t(S::HelpMore)
        )
    } else {
        format!(" {} ", st.sh.t(S::HelpTitle))
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
