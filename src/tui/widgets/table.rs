//! A page of rows drawn as a table with a header; the selected row stands
//! out, and rows may be marked (overdue) in red.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::{fit, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    Normal,
    Alert,
    Dim,
    Good,
}

pub struct PageTable<'a> {
    pub header: Vec<&'a str>,
    pub widths: Vec<Constraint>,
    pub rows: Vec<(Vec<String>, Mark)>,
    /// Selected row within `rows`.
    pub cursor: Option<usize>,
    pub focused: bool,
    /// Columns aligned right (amounts, counts).
    pub right: Vec<usize>,
}

/// Grows the fixed-width columns to their content (header and cells) as
/// far as the width allows, keeping at least `FILL_MIN` columns for the
/// flexible one: narrow terminals keep the given widths, wide ones show
/// whole labels.
fn fit_widths(widths: &[Constraint], natural: &[usize], total: u16) -> Vec<Constraint> {
    const FILL_MIN: u16 = 16;
    // A column never needs more than its widest content.
    let widths: Vec<Constraint> = widths
        .iter()
        .enumerate()
        .map(|(i, c)| match (c, natural.get(i)) {
            (Constraint::Length(n), Some(w)) => Constraint::Length((*n).min((*w as u16).max(1))),
            (c, _) => *c,
        })
        .collect();
    let spacing = widths.len().saturating_sub(1) as u16;
    let fixed: u16 = widths
        .iter()
        .map(|c| match c {
            Constraint::Length(n) => *n,
            _ => 0,
        })
        .sum();
    let has_fill = widths.iter().any(|c| !matches!(c, Constraint::Length(_)));
    let mut spare = total
        .saturating_sub(spacing + fixed)
        .saturating_sub(if has_fill { FILL_MIN } else { 0 });
    widths
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            Constraint::Length(n) => {
                let want = natural.get(i).copied().unwrap_or(0) as u16;
                let add = want.saturating_sub(*n).min(spare);
                spare -= add;
                Constraint::Length(n + add)
            }
            other => *other,
        })
        .collect()
}

impl PageTable<'_> {
    pub fn draw(mut self, f: &mut Frame, area: Rect) {
        let mut natural: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for (cells, _) in &self.rows {
            for (i, c) in cells.iter().enumerate() {
                if i < natural.len() {
                    natural[i] = natural[i].max(width(c));
                }
            }
        }
        self.widths = fit_widths(&self.widths, &natural, area.width);
        let right = self.right.clone();
        let widths = ratatui::layout::Layout::horizontal(self.widths.clone())
            .spacing(1)
            .split(area);
        let col_w: Vec<usize> = widths.iter().map(|r| r.width as usize).collect();
        let rows: Vec<Row> = self
            .rows
            .into_iter()
            .map(|(cells, mark)| {
                let style = match mark {
                    Mark::Normal => Style::default(),
                    Mark::Alert => Style::default().fg(Color::Red),
                    Mark::Dim => Style::default().fg(Color::DarkGray),
                    Mark::Good => Style::default().fg(Color::Green),
                };
                Row::new(cells.into_iter().enumerate().map(|(i, c)| {
                    let w = col_w.get(i).copied().unwrap_or(10);
                    let t = fit(&c, w);
                    if right.contains(&i) {
                        Cell::from(format!("{}{t}", " ".repeat(w.saturating_sub(width(&t)))))
                    } else {
                        Cell::from(t)
                    }
                }))
                .style(style)
            })
            .collect();
        let header = Row::new(self.header.iter().enumerate().map(|(i, h)| {
            let w = col_w.get(i).copied().unwrap_or(10);
            let t = fit(h, w);
            if right.contains(&i) {
                Cell::from(format!("{}{t}", " ".repeat(w.saturating_sub(width(&t)))))
            } else {
                Cell::from(t)
            }
        }))
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        let hl = if self.focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        let table = Table::new(rows, self.widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(hl);
        let mut ts = TableState::default().with_selected(self.cursor);
        f.render_stateful_widget(table, area, &mut ts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_columns_grow_to_their_content_when_there_is_room() {
        let w = [
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Fill(1),
        ];
        let natural = [6, 30, 50];
        // Wide: the second column shows all 30 columns.
        assert_eq!(fit_widths(&w, &natural, 200)[1], Constraint::Length(30));
        // Narrow: the flexible column keeps its minimum.
        // (The first column shrinks to its content, 6.)
        let narrow = fit_widths(&w, &natural, 40);
        assert_eq!(narrow[0], Constraint::Length(6));
        assert_eq!(narrow[1], Constraint::Length(40 - 2 - 6 - 16));
        // Never below the given width, unless the content is narrower.
        assert_eq!(fit_widths(&w, &natural, 20)[1], Constraint::Length(12));
        assert_eq!(fit_widths(&w, &natural, 20)[0], Constraint::Length(6));
    }
}
