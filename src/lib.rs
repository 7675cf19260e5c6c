//! juwu — community affairs disclosure (居务公开) registers for residents'
//! committee offices: an append-only, hash-chained event log per office in
//! redb, projections for reading, a terminal UI, and signed bundles for sync.

pub mod cli;
pub mod domain;
pub mod exchange;
pub mod files;
pub mod i18n;
pub mod kiosk;
pub mod report;
pub mod sample;
pub mod search;
pub mod service;
pub mod store;
pub mod sync;
pub mod tui;
