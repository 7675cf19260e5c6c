//! The pure domain: records, events, workflow rules, the working-day
//! calendar, money and scopes. No redb, no ratatui, no file I/O.

pub(crate) mod calendar;
pub(crate) mod catalogue;
pub(crate) mod claims;
pub mod error;
pub mod events;
pub mod money;
pub mod records;
pub(crate) mod rules;
pub mod schedule;
pub mod settings;
pub mod text;
pub mod types;
pub mod workflow;

pub use calendar::{Calendar, YearCalendar};
pub use error::DomainError;
pub use events::{Envelope, EventBody};
pub use money::{Line, LineCategory, Totals};
pub use records::*;
pub use types::*;
pub use workflow::{Actor, Command, View, decide};
