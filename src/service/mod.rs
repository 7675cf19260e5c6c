//! What both front ends do, written once: the clock, paths beside the
//! database and calendar loading, file writes, running a report, and the
//! one error type the command line and the app print.

pub(crate) mod backup;
pub mod bundles;
pub mod clock;
pub(crate) mod error;
pub mod office;
pub mod reports;
pub(crate) mod workspace;

/// The file writers live below every layer (`crate::files`): the bundle
/// and key writers of `sync` use them too.
pub use crate::files;
pub use error::{Error, Result};
