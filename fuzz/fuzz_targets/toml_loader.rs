//! A document's TOML and its raw text → `DocConfig::parse` → `heading()` →
//! `declared::resolve` → `clean_document` → conservation → records, the
//! path `emend clean` / `emend check` take for a document in `raw/`.
//!
//! Input: the TOML text, a NUL byte, the raw text (decoded as a file would
//! be: UTF-8, UTF-16 with BOM, GB18030). With no NUL the whole input is the
//! TOML and the raw text is empty. A TOML that is not UTF-8 is skipped (the
//! binary reads it with `read_to_string`).
//!
//! Checked: no panic anywhere (a config error's span converts to a line and
//! column as `corpus::config_error` does it); when everything resolves,
//! `clean_document` returns Ok and `check_conservation()` is Ok, and the
//! records render.
#![no_main]

use libfuzzer_sys::fuzz_target;

use emend::config::{ConfigError, DocConfig};
use emend::records::{self, RawFile, Segmentation};
use emend::position::LineIndex;
use emend::{clean_document, declared, decode, DocSetup, Options};

/// What `corpus::config_error` does with an error: its position in the TOML.
fn locate(toml: &str, e: &ConfigError) {
    if let Some(span) = e.span() {
        LineIndex::new(toml).line_col(span.start.min(toml.len()));
    }
    let _ = e.to_string();
}

fuzz_target!(|data: &[u8]| {
    let (toml, raw) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(toml) = std::str::from_utf8(toml) else {
        return;
    };
    let Ok(decoded) = decode::decode(raw) else {
        return;
    };
    let raw = decoded.text.as_str();
    let config = match DocConfig::parse(toml) {
        Ok(config) => config,
        Err(e) => return locate(toml, &e),
    };
    let heading = match config.heading() {
        Ok(heading) => heading,
        Err(e) => return locate(toml, &e),
    };
    let declared = match declared::resolve(&config, raw) {
        Ok(declared) => declared,
        Err(e) => return locate(toml, &e),
    };
    let setup = DocSetup { heading, declared };
    let cleaned = clean_document(raw, &setup, &Options::default())
        .unwrap_or_else(|e| panic!("clean_document failed: {e}"));
    if let Err(e) = cleaned.check_conservation() {
        panic!("clean_document: {e}");
    }
    let seg = Segmentation {
        heading: setup.heading.as_ref(),
        title_and_lead: config.segment.as_ref().is_some_and(|s| s.title_and_lead),
    };
    let file = RawFile {
        encoding: decoded.encoding,
        map: &decoded.map,
    };
    let records = records::segment("fuzz", &cleaned, file, &seg);
    if let Err(e) = records::to_jsonl(&records) {
        panic!("records do not serialise: {e}");
    }
    let _ = records::to_txt(&records);
});
