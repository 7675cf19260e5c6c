//! One register written as a spreadsheet (CSV or XLSX).

use chrono::NaiveDate;

use crate::domain::Calendar;
use crate::report::doc::Format;
use crate::store::{Reader, StoreError};

use super::registers::{Register, doc};

/// A register rendered: the file's bytes and how many rows it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub bytes: Vec<u8>,
    pub rows: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The XLSX writer's own words.
    #[error("the spreadsheet could not be written: {0}")]
    Write(String),
}

/// `reg` as of `today` in `format` (CSV or XLSX), headers in Chinese or
/// English.
pub fn register(
    reg: Register,
    r: &Reader,
    cal: &Calendar,
    today: NaiveDate,
    zh: bool,
    format: Format,
) -> Result<Sheet, ExportError> {
    let doc = doc(reg, r, cal, today, zh)?;
    let rows = doc.tables.first().map(|t| t.rows.len()).unwrap_or(0);
    let bytes = doc
        .render(format)
        .map_err(|e| ExportError::Write(e.to_string()))?;
    Ok(Sheet { bytes, rows })
}
