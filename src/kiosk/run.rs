//! The kiosk's terminal loop: full screen, mouse capture, one event a
//! second at least (the idle clock). The terminal is restored on exit and
//! on panic (`ratatui::init`).

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use super::{Effect, Input, Kiosk};

/// Runs until the exit chord and a valid PIN. `reload` is called when the
/// kiosk returns home after being idle, to show newly published items.
pub fn run(
    mut k: Kiosk,
    mut reload: impl FnMut() -> Option<super::KioskData>,
) -> std::io::Result<()> {
    let mut term = ratatui::try_init()?;
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
    let res = (|| -> std::io::Result<()> {
        let s = term.size()?;
        k.size = Rect::new(0, 0, s.width, s.height);
        loop {
            term.draw(|f| k.draw(f))?;
            let input = if event::poll(Duration::from_secs(1))? {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => Input::Key(key),
                    Event::Mouse(m)
                        if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) =>
                    {
                        Input::Click {
                            column: m.column,
                            row: m.row,
                        }
                    }
                    Event::Resize(w, h) => Input::Resize(w, h),
                    _ => continue,
                }
            } else {
                Input::Tick
            };
            let was_home = k.screen == super::Screen::Home;
            if k.update(input) == Effect::Quit {
                return Ok(());
            }
            if !was_home
                && k.screen == super::Screen::Home
                && k.idle >= k.config.idle_secs
                && let Some(d) = reload()
            {
                k.data = d;
            }
        }
    })();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    ratatui::restore();
    res
}
