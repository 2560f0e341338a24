//! The page as extraction left it: where printed lines ended, which breaks
//! belong to the text, and what is page furniture.
//!
//! - [`measure`]: the printed-width measure of the raw text.
//! - [`breaks`]: the one decision every structural rule asks of a break.
//! - [`columns`]: two columns printed side by side on each line.
//! - [`furniture`]: page numbers and running headers at page breaks.

pub mod breaks;
pub mod columns;
pub mod furniture;
pub mod measure;
mod settle;

pub use measure::*;
