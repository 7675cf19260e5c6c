//! The app: `State` (everything drawn, `state.rs`), `update` (actions →
//! state changes and effects, `update.rs`), and `App`, which runs the
//! effects against the store (`runtime.rs`) and keeps forms in progress on
//! disk (`drafts.rs`). Nothing here touches the terminal, so tests drive it
//! with key strings.

mod drafts;
mod runtime;
mod state;
mod update;

pub use drafts::{DRAFT_EVERY, DraftFile, draft_file};
pub use runtime::{App, AppOptions};
pub use state::{Clock, Confirm, ERROR_TICKS, NOTE_TICKS, Note, Overlay, SearchUi, Shared, State};
pub use update::{Effect, handle_key, refresh_search, refusal, update};
