//! What leaves juwu: exports and reports, pure functions of store queries.
//! Each report is a function returning a structured value, and that value
//! renders to a `doc::Doc` (text, CSV, HTML, XLSX).

pub mod board;
pub mod compliance;
pub mod data;
pub mod doc;
pub mod finance;
pub mod import;
pub mod json;
pub mod lines;
pub mod overdue;
pub mod receipt;
pub mod registers;
pub mod supervision;
