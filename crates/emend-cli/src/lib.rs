#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
//! What the `emend` binary adds around the library: the corpus on disk
//! (`raw/` in, `cleaned/` out, the `check` comparisons) and the human
//! report (diff and findings lines, styled for a terminal). The `emend`
//! library neither touches the file system nor prints; this crate does.

pub mod corpus;
pub mod html;
pub mod keep;
pub mod progress;
pub mod report;
pub mod sarif;
pub mod suggest;
