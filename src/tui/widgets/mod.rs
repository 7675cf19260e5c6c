//! Reusable pieces: paged lists, forms, text fitting by display width.

pub(crate) mod file_picker;
pub mod form;
pub(crate) mod table;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::text::clean_line;

/// Display width of `s` (CJK characters count two columns).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `w` display columns (CJK count two), so the
/// next column lines up whatever the text's script.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// Cuts `s` to at most `w` columns, ending with `…` when cut.
pub fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w.saturating_sub(1) {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Wraps `s` to lines of at most `w` columns: at a space when the line has
/// one (English), else between any two characters (Chinese). Never cuts.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(2);
    let mut out = vec![];
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0usize;
        for c in para.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > w {
                // Break at the last space if there is one worth breaking at.
                // Only inside an English word: Chinese breaks anywhere.
                match line.rfind(' ').filter(|i| {
                    *i > 0
                        && c.is_ascii_graphic()
                        && line[*i..].is_ascii()
                        && width(&line[*i..]) <= w / 2
                }) {
                    Some(i) if c != ' ' => {
                        let rest = line[i + 1..].to_string();
                        line.truncate(i);
                        out.push(std::mem::take(&mut line));
                        line = rest;
                    }
                    _ => out.push(std::mem::take(&mut line)),
                }
                used = width(&line);
                if c == ' ' && line.is_empty() {
                    continue;
                }
            }
            line.push(c);
            used += cw;
        }
        out.push(line);
    }
    out
}

/// Clears `area` for a popup, and the wide character cut by its left edge:
/// a CJK character whose second half lies under the left border would
/// otherwise be redrawn over the border (the terminal draws it two columns
/// wide, and ratatui then skips the border cell as its tail).
pub fn clear_popup(f: &mut ratatui::Frame, area: ratatui::layout::Rect) {
    let buf = f.buffer_mut();
    let full = buf.area;
    for y in area.top()..area.bottom().min(full.bottom()) {
        if area.left() > full.left() {
            let c = &mut buf[(area.left() - 1, y)];
            if width(c.symbol()) > 1 {
                c.set_symbol(" ");
            }
        }
    }
    f.render_widget(ratatui::widgets::Clear, area);
}

/// Untrusted text for one cell: cleaned of control and format characters.
pub fn cell(s: &str) -> String {
    clean_line(s)
}

/// Which rows of a list are on screen and which is selected. Lists read only
/// the page they show; `moved` says whether the page must be read again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paged {
    pub total: usize,
    pub selected: usize,
    /// Index of the first row of the loaded page.
    pub top: usize,
    /// Rows the screen can show.
    pub height: usize,
}

impl Paged {
    /// Applies a movement action; true if it moved.
    pub fn apply(&mut self, a: super::action::Action) -> bool {
        use super::action::Action::*;
        if self.total == 0 {
            return false;
        }
        let last = self.total - 1;
        let page = self.height.max(1);
        let before = self.selected;
        self.selected = match a {
            Down => (self.selected + 1).min(last),
            Up => self.selected.saturating_sub(1),
            PageDown => (self.selected + page).min(last),
            PageUp => self.selected.saturating_sub(page),
            First => 0,
            Last => last,
            _ => self.selected,
        };
        self.scroll();
        before != self.selected
    }

    /// Keeps the selection inside the visible page.
    pub fn scroll(&mut self) {
        let h = self.height.max(1);
        if self.total == 0 {
            self.selected = 0;
            self.top = 0;
            return;
        }
        self.selected = self.selected.min(self.total - 1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + h {
            self.top = self.selected + 1 - h;
        }
        if self.top + h > self.total {
            self.top = self.total.saturating_sub(h);
        }
    }

    /// Sets the total and the height, keeping the selection valid.
    pub fn set(&mut self, total: usize, height: usize) {
        self.total = total;
        self.height = height.max(1);
        self.scroll();
    }

    /// Position of the selection within the loaded page.
    pub fn cursor(&self) -> usize {
        self.selected.saturating_sub(self.top)
    }

    /// Selects the row shown at `row` on screen, if there is one.
    pub fn click(&mut self, row: usize) -> bool {
        let i = self.top + row;
        if i < self.total {
            self.selected = i;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_cjk_by_width() {
        assert_eq!(fit("财务公开", 8), "财务公开");
        assert_eq!(fit("财务公开", 7), "财务公…");
        assert_eq!(width(&fit("财务公开abc", 6)), 5);
    }

    #[test]
    fn wraps_by_width_without_losing_text() {
        let en = "'12.345' has more than two decimal places (amounts are in yuan and fen)";
        let l = wrap(en, 30);
        assert!(l.iter().all(|x| width(x) <= 30), "{l:?}");
        assert_eq!(l.join(" "), en);
        let zh = "规定：至少在公开前 5 个工作日提交；晚交可以，但会被标记。";
        let l = wrap(zh, 20);
        assert!(l.iter().all(|x| width(x) <= 20), "{l:?}");
        assert_eq!(l.concat().replace(' ', ""), zh.replace(' ', ""));
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
    }

    #[test]
    fn a_popup_edge_never_sits_under_half_a_chinese_character() {
        use ratatui::widgets::{Block, Borders, Paragraph};
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(12, 3)).unwrap();
        t.draw(|f| {
            f.render_widget(Paragraph::new("中文中文中文\n中文中文中文"), f.area());
            // "文" starts at column 2: its tail is column 3, the popup's edge.
            let area = ratatui::layout::Rect::new(3, 0, 6, 3);
            clear_popup(f, area);
            f.render_widget(Block::default().borders(Borders::ALL), area);
        })
        .unwrap();
        let buf = t.backend().buffer();
        for y in 0..2 {
            assert_eq!(buf[(2, y)].symbol(), " ", "row {y}");
            assert!(matches!(buf[(3, y)].symbol(), "┌" | "│"), "row {y}");
        }
    }

    #[test]
    fn paging_keeps_selection_visible() {
        let mut p = Paged::default();
        p.set(100_000, 20);
        p.apply(super::super::action::Action::Last);
        assert_eq!((p.selected, p.top), (99_999, 99_980));
        p.apply(super::super::action::Action::PageUp);
        assert_eq!(p.selected, 99_979);
        assert_eq!(p.top, 99_979);
    }
}
