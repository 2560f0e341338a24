#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
//! emend repairs text damaged by OCR and PDF extraction.
//!
//! The public API is small: [`clean`] runs the built-in rules over a text
//! and returns the cleaned text with its change log and findings;
//! [`clean_bytes`] decodes first. Nothing here touches the file system or
//! prints; the `emend` binary (crate `emend-cli`) does that.

pub mod blocks;
pub mod chars;
pub mod config;
pub mod declared;
pub mod decode;
pub mod documents_words;
pub mod engine;
pub mod headings;
pub mod layout;
pub mod lexicon;
pub mod position;
pub mod records;
pub mod rules;
pub mod schema;
pub mod selection;
pub mod text;

pub use engine::{
    clean, clean_document, Change, ChangeKind, Cleaned, DocSetup, EngineError, Finding, Options,
    SuggestedEdit,
};
pub use rules::{Severity, REGISTRY};

/// Anything that can go wrong cleaning one input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// Decodes `bytes` and cleans the text.
pub fn clean_bytes(bytes: &[u8], options: &Options) -> Result<Cleaned, Error> {
    let decoded = decode::decode(bytes)?;
    Ok(clean(&decoded.text, options)?)
}
