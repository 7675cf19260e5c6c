//! What leaves juwu as reports, pure functions of store queries. Each
//! report is a function returning a structured value, and that value
//! renders to a `doc::Doc` (text, CSV, HTML, XLSX). Spreadsheets of the
//! registers, both ways, are `crate::exchange`.

pub mod board;
pub mod compliance;
pub mod data;
pub mod doc;
pub mod finance;
pub mod json;
pub mod lines;
pub(crate) mod overdue;
pub(crate) mod print;
pub(crate) mod receipt;
pub mod supervision;
