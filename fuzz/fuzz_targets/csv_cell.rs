//! Fuzzes the CSV cell rule (issue 11 point 8): any text written to a CSV
//! export never starts like a formula, never carries a control or bidi
//! character (tab and newline aside), and reads back through `import` as
//! the text cleaned of those characters, exactly.
//!
//! Run: `cargo fuzz run csv_cell` (nightly).
#![no_main]

use juwu::domain::text::{FORMULA_TRIGGERS, csv_text, csv_untext, export_clean, is_unsafe};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let w = csv_text(s);
    assert!(!w.starts_with(FORMULA_TRIGGERS), "{w:?}");
    assert!(
        !w.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t'),
        "{w:?}"
    );
    assert_eq!(csv_untext(&w), export_clean(s));
});
