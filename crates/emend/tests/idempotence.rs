//! `clean(clean(x)) == clean(x)` on real extraction output: every raw text
//! of the benchmark corpus (bench/corpus: tesseract and pdftotext output of
//! 36 Chinese man pages, nine variants each), with the default options and
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

/// The raw texts whose second clean differs from the first.
fn not_idempotent(options: &Options) -> Vec<String> {
    let mut failures = Vec::new();
    for path in raw_texts() {
        let raw = std::fs::read_to_string(&path).expect("benchmark texts are UTF-8");
        let once = clean(&raw, options).expect("cleans");
        let twice = clean(&once.text, options).expect("cleans its own output");
        if twice.text != once.text {
            let first = twice.changes.first().map(|c| (c.rule, c.before.clone()));
            failures.push(format!("{}: {first:?}", path.display()));
        }
    }
    failures
}

#[test]
fn the_benchmark_corpus_is_a_fixpoint_of_one_clean() {
    assert_eq!(raw_texts().len(), 324, "36 documents × 9 variants");
    let failures = not_idempotent(&Options::default());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_benchmark_corpus_is_a_fixpoint_of_the_repairs_alone() {
    let failures = not_idempotent(&repairs_only());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
