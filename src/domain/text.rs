//! Untrusted text (residents', bundles') is cleaned before it reaches a
//! terminal: control characters (Cc), format characters (Cf) including the
//! bidi overrides and isolates, and other invisible tricks are removed.

/// True for characters that must never be written to a terminal.
pub fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        // Unicode Cf (format) characters that matter in practice:
        || matches!(u,
            0x00AD            // soft hyphen
            | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x08E2
            | 0x180E
            | 0x200B..=0x200F // zero width, LRM/RLM
            | 0x202A..=0x202E // bidi embeddings and overrides
            | 0x2060..=0x2064
            | 0x2066..=0x206F // bidi isolates, deprecated format chars
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001 | 0xE0020..=0xE007F)
}

/// Removes unsafe characters. Newlines and tabs become spaces when
/// `single_line`, otherwise newlines are kept and tabs become spaces.
pub fn sanitize(s: &str, single_line: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if !single_line => out.push('\n'),
            '\n' | '\t' | '\r' if single_line => out.push(' '),
            '\t' => out.push_str("    "),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One line, for list cells and titles.
pub fn clean_line(s: &str) -> String {
    sanitize(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escapes_and_bidi() {
        let evil = "ok\u{1b}[31mred\u{1b}]0;title\u{7}\u{202E}gnp.exe\u{2066}x\u{200B}y\u{9b}z";
        let s = sanitize(evil, true);
        assert!(
            !s.chars()
                .any(|c| c == '\u{1b}' || c == '\u{202E}' || c == '\u{9b}' || c == '\u{7}')
        );
        assert_eq!(s, "ok[31mred]0;titlegnp.exexyz");
        assert_eq!(sanitize("a\nb\tc", false), "a\nb    c");
        assert_eq!(clean_line("a\nb"), "a b");
        assert_eq!(clean_line("财务公开 2026"), "财务公开 2026");
    }
}
