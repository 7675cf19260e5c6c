//! Spreadsheets both ways: the registers' columns (`registers`, one
//! definition for both directions, so an exported file imports as it is),
//! writing a register as CSV or XLSX (`export`), and bringing an earlier
//! register in (`import`). Below the service layer: it reads the store and
//! renders through `report::doc`, and prints nothing.

pub(crate) mod export;
pub mod import;
pub mod registers;
