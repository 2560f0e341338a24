//! `clean(clean(x)) == clean(x)` on real extraction output: every raw text
//! of the benchmark corpus (bench/corpus: tesseract and pdftotext output of
//! 36 Chinese man pages, ten variants each), with the default options and
//! with every normalisation off. Generated text (tests/properties.rs) finds
//! the small shapes; these find what whole pages of real damage do, such as
//! lines a first run left that read as a column of another width.

use std::path::{Path, PathBuf};

use emend::{clean, Options};

mod common;
use common::repairs_only;

fn raw_texts() -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/corpus");
    let mut files = Vec::new();
    for doc in std::fs::read_dir(&corpus).expect("bench/corpus is committed") {
        let doc = doc.expect("readable corpus entry").path();
        if !doc.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&doc).expect("readable document folder") {
            let file = file.expect("readable document entry").path();
            if file.to_string_lossy().ends_with(".raw.txt") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// The raw texts whose second clean differs from the first, by document
/// and variant (`man1-tclsh.1/ocr-2col-psm6`), with the first change the
/// second run makes.
fn not_idempotent(options: &Options) -> Vec<(String, String)> {
    let mut failures = Vec::new();
    for path in raw_texts() {
        let raw = std::fs::read_to_string(&path).expect("benchmark texts are UTF-8");
        let once = clean(&raw, options).expect("cleans");
        let twice = clean(&once.text, options).expect("cleans its own output");
        if twice.text != once.text {
            let first = twice.changes.first().map(|c| (c.rule, c.before.clone()));
            failures.push((text_name(&path), format!("{first:?}")));
        }
    }
    failures
}

/// `doc/variant` of a raw text's path.
fn text_name(path: &Path) -> String {
    let doc = path
        .parent()
        .and_then(Path::file_name)
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
    let variant = file.unwrap_or_default().replace(".raw.txt", "");
    format!("{doc}/{variant}")
}

/// Fails unless the texts that are not a fixpoint are exactly `known`: a
/// new one is a regression, and one that no longer fails must leave the
/// list, which only shrinks.
fn assert_only_known(failures: &[(String, String)], known: &[&str]) {
    let new: Vec<String> = failures
        .iter()
        .filter(|(name, _)| !known.contains(&name.as_str()))
        .map(|(name, first)| format!("{name}: {first}"))
        .collect();
    assert!(new.is_empty(), "not a fixpoint:\n{}", new.join("\n"));
    let mended: Vec<&&str> = known
        .iter()
        .filter(|k| !failures.iter().any(|(name, _)| name == *k))
        .collect();
    assert!(
        mended.is_empty(),
        "a fixpoint now, take it off the list: {mended:?}"
    );
}

/// Benchmark texts that are not a fixpoint: none. Stop 28 listed four
/// `ocr-2col-psm6` texts in each mode (the first run left most rows side
/// by side; a second split a region among the rest or joined lines the
/// first kept); since stop 29 `column-split` reads their rows by display
/// cells and all are a fixpoint. A text that fails again is a regression.
const KNOWN_NOT_A_FIXPOINT: [&str; 0] = [];

/// As `KNOWN_NOT_A_FIXPOINT`, with every normalisation off.
const KNOWN_NOT_A_FIXPOINT_OF_THE_REPAIRS: [&str; 0] = [];

#[test]
fn the_benchmark_corpus_is_a_fixpoint_of_one_clean() {
    assert_eq!(raw_texts().len(), 360, "36 documents × 10 variants");
    let failures = not_idempotent(&Options::default());
    assert_only_known(&failures, &KNOWN_NOT_A_FIXPOINT);
}

#[test]
fn the_benchmark_corpus_is_a_fixpoint_of_the_repairs_alone() {
    let failures = not_idempotent(&repairs_only());
    assert_only_known(&failures, &KNOWN_NOT_A_FIXPOINT_OF_THE_REPAIRS);
}
