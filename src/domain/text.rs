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

/// Text for a file others open (CSV, XLSX, HTML): the unsafe characters
/// of the screen ([`is_unsafe`]: controls, bidi overrides and isolates,
/// invisible format characters) removed, keeping tabs and newlines, which
/// those formats hold as they are.
pub fn export_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || c == '\t' || !is_unsafe(c))
        .collect()
}

/// The first characters that make a spreadsheet read a CSV cell as a
/// formula (OWASP "CSV injection").
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell for CSV: cleaned as [`export_clean`], and neutralised with a
/// leading `'` when it starts with a formula trigger (OWASP's rule), so a
/// spreadsheet shows it as text. Only text cells: numbers and dates are
/// written as they are.
pub fn csv_text(s: &str) -> String {
    let c = export_clean(s);
    // Text that itself starts with quotes before a trigger gets one more,
    // so reading it back gives it exactly.
    if c.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) {
        format!("'{c}")
    } else {
        c
    }
}

/// Reads back a CSV text cell written by [`csv_text`]: the added `'` is
/// removed only when what follows starts with a formula trigger (after
/// any quotes of the text's own).
pub fn csv_untext(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_neutralises_formulas_and_reads_back_exactly() {
        for t in [
            "=HYPERLINK(\"http://x\",\"点我\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "'=already quoted",
            "'plain quote",
            "普通文字",
            "",
        ] {
            let w = csv_text(t);
            assert!(!w.starts_with(['=', '+', '-', '@', '\t', '\r']), "{w:?}");
            assert_eq!(csv_untext(&w), t, "{t:?}");
        }
        assert_eq!(csv_text("a\u{202E}b\u{1b}c\rd\ne"), "abcd\ne");
        assert_eq!(csv_text("\r=1"), "'=1");
    }

    proptest::proptest! {
        /// The fuzz target `csv_cell`'s property, on every test run.
        #[test]
        fn any_csv_text_is_inert_and_reads_back(s in "\\PC*|[=+\\-@\t\r'\u{202e}\u{1b}a]{0,6}") {
            let w = csv_text(&s);
            proptest::prop_assert!(!w.starts_with(FORMULA_TRIGGERS));
            proptest::prop_assert!(!w.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t'));
            proptest::prop_assert_eq!(csv_untext(&w), export_clean(&s));
        }
    }

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
