//! The integration tests, one binary (helix's `tests/integration.rs`): one
//! module per area and one shared `support/` of helpers. One binary links
//! the crate once instead of 23 times (the debug binaries were ~150 MB
//! each, and a clean CI build ran out of disk linking them).

mod support;

mod bundle;
mod bundle_behind;
mod bundle_cli;
mod bundle_mutation;
mod bundle_samples;
mod cli;
mod crash;
mod event_codec;
mod r#gen;
mod import;
mod languages;
mod lines;
mod outputs;
mod settings;
mod store;
mod store_queries;
mod tui_e2e;
mod tui_keymaps;
mod tui_keys;
mod tui_reports;
mod tui_screens;
mod tui_search_perf;
mod tui_sync;
mod verify_repair;
mod workflow;
