//! A page of rows drawn as a table with a header; the selected row stands
//! out, and rows may be marked (overdue) in red.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::fit;

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
}

impl PageTable<'_> {
    pub fn draw(self, f: &mut Frame, area: Rect) {
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
                Row::new(
                    cells
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| Cell::from(fit(&c, col_w.get(i).copied().unwrap_or(10)))),
                )
                .style(style)
            })
            .collect();
        let header = Row::new(self.header.iter().map(|h| Cell::from(h.to_string())))
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
