use thiserror::Error;

/// Everything the domain refuses, each with a message a clerk can act on.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DomainError {
    #[error("unknown {what} '{value}' (expected one of: {expected})")]
    UnknownValue {
        what: &'static str,
        value: String,
        expected: String,
    },
    #[error("'{0}' is not an office code (2–8 letters or digits, e.g. QH01)")]
    BadOfficeCode(String),
    #[error("'{0}' is not a period (use 2026-10, 2026-Q3, 2026 or 2026-01-05..2026-02-01)")]
    BadPeriod(String),
    #[error("'{0}' is not a valid date (use YYYY-MM-DD)")]
    BadDate(String),
    #[error("'{0}' is not a valid time (use YYYY-MM-DD HH:MM)")]
    BadTime(String),
    #[error("'{0}' is not an amount of yuan (digits, e.g. 1234.50)")]
    BadAmount(String),
    #[error("'{0}' has more than two decimal places (amounts are in yuan and fen)")]
    AmountPrecision(String),
    #[error("{0} must not be empty")]
    EmptyField(&'static str),
    #[error("{field} is too long: {bytes} bytes (at most 65536)")]
    TextTooLong { field: &'static str, bytes: usize },
    #[error("{file}:{line}: {msg} (calendar file, line {line})")]
    CalendarFile {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("no {what} '{id}'")]
    NotFound { what: &'static str, id: String },
    #[error("unknown office '{0}'")]
    UnknownOffice(String),
    #[error("a {role} may not {action}")]
    NotAllowed { role: String, action: &'static str },
    #[error("this needs a signed-in operator: {0}")]
    NeedsOperator(&'static str),
    #[error("cannot {action} {id}: it is {status}")]
    WrongState {
        id: String,
        status: String,
        action: &'static str,
    },
    #[error("{0} is published: a published record is never edited; publish a correction instead")]
    Published(String),
    #[error("{id} is already signed by the {role}")]
    AlreadySigned { id: String, role: String },
    #[error("{0} belongs to another office; only its own office may change it")]
    OtherOffice(String),
    #[error("operator '{0}' already exists")]
    DuplicateOperator(String),
    #[error("{0}")]
    Invalid(String),
}
