//! Sync between offices: office keys, and (issue 4) signed bundle files.

pub mod keys;
