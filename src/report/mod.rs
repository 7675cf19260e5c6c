//! What leaves juwu: exports and reports, pure functions of store queries.

pub mod json;
pub mod lines;
