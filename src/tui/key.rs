//! Keys as the keymap names them: `j`, `G`, `<Enter>`, `<C-s>`, `<F2>`,
//! `<S-Tab>`, and sequences of them separated by spaces (`g g`). The same
//! notation drives tests (`"j j <Enter>"`) and keymap files.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

/// One key press: a code and Ctrl/Alt (Shift is folded into the character
/// for letters, and into `BackTab` for Tab).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: Code) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }
    pub fn char(c: char) -> Key {
        Key::plain(Code::Char(c))
    }

    /// From a terminal event; `None` for releases and keys juwu ignores.
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        if e.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        let shift = e.modifiers.contains(KeyModifiers::SHIFT);
        let code = match e.code {
            KeyCode::Char(c) => {
                if ctrl {
                    Code::Char(c.to_ascii_lowercase())
                } else {
                    Code::Char(c)
                }
            }
            KeyCode::F(n) => Code::F(n),
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab if shift => Code::BackTab,
            KeyCode::Tab => Code::Tab,
            KeyCode::BackTab => Code::BackTab,
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }

    /// Parses one key: `j`, `G`, `?`, `<Space>`, `<C-s>`, `<A-x>`, `<F10>`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_whitespace() || c.is_control() {
                return Err(format!("'{s}' is not a key"));
            }
            return Ok(Key::char(c));
        }
        let inner = s
            .strip_prefix('<')
            .and_then(|x| x.strip_suffix('>'))
            .ok_or_else(|| format!("'{s}' is not a key (write j, G, <Enter>, <C-s>, <F2>)"))?;
        let mut key = Key::plain(Code::Enter);
        let mut rest = inner;
        loop {
            if let Some(r) = rest.strip_prefix("C-") {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                key.alt = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("S-") {
                if r.eq_ignore_ascii_case("tab") {
                    key.code = Code::BackTab;
                    return Ok(key);
                }
                let mut cs = r.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    key.code = Code::Char(c.to_ascii_uppercase());
                    return Ok(key);
                }
                return Err(format!("'{s}': Shift is written as the capital letter (G)"));
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        key.code = match lower.as_str() {
            "enter" | "cr" | "return" => Code::Enter,
            "esc" | "escape" => Code::Esc,
            "tab" => Code::Tab,
            "backtab" => Code::BackTab,
            "bs" | "backspace" => Code::Backspace,
            "del" | "delete" => Code::Delete,
            "ins" | "insert" => Code::Insert,
            "up" => Code::Up,
            "down" => Code::Down,
            "left" => Code::Left,
            "right" => Code::Right,
            "home" => Code::Home,
            "end" => Code::End,
            "pageup" | "pgup" => Code::PageUp,
            "pagedown" | "pgdn" => Code::PageDown,
            "space" => Code::Char(' '),
            "lt" => Code::Char('<'),
            "gt" => Code::Char('>'),
            _ => {
                if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                    && (1..=24).contains(&n)
                {
                    Code::F(n)
                } else {
                    let mut cs = rest.chars();
                    match (cs.next(), cs.next()) {
                        (Some(c), None) if key.ctrl || key.alt => {
                            Code::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
                        }
                        _ => return Err(format!("'{s}' is not a key name")),
                    }
                }
            }
        };
        Ok(key)
    }

    /// Parses a space-separated sequence: `"g g"`, `"j j <Enter>"`.
    pub fn parse_seq(s: &str) -> Result<Vec<Key>, String> {
        let keys: Result<Vec<Key>, String> = s.split_whitespace().map(Key::parse).collect();
        let keys = keys?;
        if keys.is_empty() {
            return Err("empty key".into());
        }
        Ok(keys)
    }

    /// Typed text: a printable character with no Ctrl/Alt.
    pub fn text(&self) -> Option<char> {
        match self.code {
            Code::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// For the text areas of forms.
    pub fn to_input(self) -> ratatui_textarea::Input {
        use ratatui_textarea::Key as K;
        let key = match self.code {
            Code::Char(c) => K::Char(c),
            Code::F(n) => K::F(n),
            Code::Enter => K::Enter,
            Code::Esc => K::Esc,
            Code::Tab | Code::BackTab => K::Tab,
            Code::Backspace => K::Backspace,
            Code::Delete => K::Delete,
            Code::Insert => K::Null,
            Code::Up => K::Up,
            Code::Down => K::Down,
            Code::Left => K::Left,
            Code::Right => K::Right,
            Code::Home => K::Home,
            Code::End => K::End,
            Code::PageUp => K::PageUp,
            Code::PageDown => K::PageDown,
        };
        ratatui_textarea::Input {
            key,
            ctrl: self.ctrl,
            alt: self.alt,
            shift: false,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name: String = match self.code {
            Code::Char(' ') => "Space".into(),
            Code::Char(c) if !self.ctrl && !self.alt => return write!(f, "{c}"),
            Code::Char(c) => c.to_string(),
            Code::F(n) => format!("F{n}"),
            Code::Enter => "Enter".into(),
            Code::Esc => "Esc".into(),
            Code::Tab => "Tab".into(),
            Code::BackTab => "S-Tab".into(),
            Code::Backspace => "BS".into(),
            Code::Delete => "Del".into(),
            Code::Insert => "Ins".into(),
            Code::Up => "Up".into(),
            Code::Down => "Down".into(),
            Code::Left => "Left".into(),
            Code::Right => "Right".into(),
            Code::Home => "Home".into(),
            Code::End => "End".into(),
            Code::PageUp => "PgUp".into(),
            Code::PageDown => "PgDn".into(),
        };
        let mut pre = String::new();
        if self.ctrl {
            pre.push_str("C-");
        }
        if self.alt {
            pre.push_str("A-");
        }
        write!(f, "<{pre}{name}>")
    }
}

/// Shows a sequence the way the help and status bar print it.
pub fn seq_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for s in [
            "j", "G", "?", "<Enter>", "<C-s>", "<F10>", "<S-Tab>", "<Space>",
        ] {
            let k = Key::parse(s).unwrap();
            assert_eq!(k.to_string(), s, "{s}");
        }
        assert_eq!(Key::parse_seq("g g").unwrap().len(), 2);
        assert!(Key::parse("<Nope>").is_err());
        assert!(Key::parse("ab").is_err());
        assert!(Key::parse("<F99>").is_err());
    }
}
