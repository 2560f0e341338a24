//! The benchmark corpus (bench/corpus, real OCR and pdftotext output of
//! Chinese man pages) as a regression test: `emend clean -` must not make any
//! document worse in the punct view (CER with punctuation width folded), and
//! must return every ground truth unchanged (in that view), both as gt.txt is
//! (a blank line between paragraphs) and without its blank lines (one
//! paragraph a line, every line break a paragraph break).  Not timed; the
//! numbers themselves come from `bench/table.sh`.

use emend_score::{no_harm_form, score, Corpus, GtForm, Options, Runner, View};
use std::time::Duration;

mod common;
use common::repo_root;

fn corpus() -> Corpus {
    let dir = repo_root().join("bench").join("corpus");
    Corpus::load(&dir).expect("bench/corpus is committed")
}

#[test]
fn bench_corpus_no_document_made_worse() {
    let corpus = corpus();
    let opts = Options {
        views: vec![View::Punct],
        ..Options::default()
    };
    let report = score(&corpus, &emend(), &opts);
    let mut problems = Vec::new();
    for d in report.failed() {
        problems.push(format!(
            "{} {}: {}",
            d.doc,
            d.variant,
            d.error.as_deref().unwrap_or("")
        ));
    }
    for d in report.worse(View::Punct) {
        let before = d.before.punct.unwrap_or(f64::NAN);
        let after = d.after.and_then(|a| a.punct).unwrap_or(f64::NAN);
        problems.push(format!(
            "{} {}: punct CER {:.2}% -> {:.2}% (worse)",
            d.doc,
            d.variant,
            100.0 * before,
            100.0 * after
        ));
    }
    for v in &report.variants {
        eprintln!(
            "{:<16} punct CER {:>5.1}% -> {:>5.1}%",
            v.variant,
            100.0 * v.before.punct.unwrap_or(f64::NAN),
            100.0 * v.after.punct.unwrap_or(f64::NAN)
        );
    }
    assert!(
        problems.is_empty(),
        "`emend clean -` on bench/corpus: {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `emend clean -` exactly as a user runs it, with every normalisation on.
fn emend() -> Runner {
    let mut r = Runner::exec(env!("CARGO_BIN_EXE_emend"), &["clean", "-"]);
    r.timeout = Duration::from_secs(300);
    r
}

#[test]
fn bench_corpus_ground_truth_unchanged() {
    assert_ground_truth_unchanged(GtForm::Blank);
}

#[test]
fn bench_corpus_ground_truth_without_blank_lines_unchanged() {
    assert_ground_truth_unchanged(GtForm::Compact);
}

fn assert_ground_truth_unchanged(form: GtForm) {
    let corpus = corpus();
    let harms = no_harm_form(&corpus, &emend(), 0, form);
    let mut msg = String::new();
    for h in &harms {
        if let Some(e) = &h.error {
            msg.push_str(&format!("{}: error: {e}\n", h.doc));
            continue;
        }
        msg.push_str(&format!("{}/gt.txt: {} edits\n", h.doc, h.distance));
        for s in h.spots.iter().take(5) {
            msg.push_str(&format!(
                "  {}:{}: {}  ->  {}\n",
                s.line, s.col, s.expected, s.got
            ));
        }
    }
    assert!(
        harms.is_empty(),
        "`emend clean -` changed {} of {} ground truths, given as {}:\n{msg}",
        harms.len(),
        corpus.docs.len(),
        form.describe()
    );
}
