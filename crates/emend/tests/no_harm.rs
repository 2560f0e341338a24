//! Do no harm: real clean Chinese prose (paragraphs of Debian's
//! manpages-zh, see tests/fixtures/clean/README.md) goes through every rule.
//! Repairs must leave it byte for byte as it was; only the declared
//! normalisations may change it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use emend::engine::run_rules;
use emend::rules::{normalisation_names, RuleKind};
use emend::{clean, Options, REGISTRY};

fn fixtures() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("utf-8 fixture");
            (p, text)
        })
        .collect()
}

fn no_normalisations() -> Options {
    Options {
        disabled: normalisation_names()
            .into_iter()
            .map(String::from)
            .collect::<BTreeSet<_>>(),
        ..Options::default()
    }
}

#[test]
fn there_are_at_least_fifty_paragraphs() {
    let paragraphs: usize = fixtures()
        .iter()
        .map(|(_, t)| t.lines().filter(|l| !l.trim().is_empty()).count())
        .sum();
    assert!(paragraphs >= 50, "only {paragraphs} paragraphs");
}

#[test]
fn without_normalisations_clean_text_is_unchanged() {
    let options = no_normalisations();
    for (path, text) in fixtures() {
        let cleaned = clean(&text, &options).expect("cleans");
        assert_eq!(cleaned.text, text, "{} was changed", path.display());
        assert!(cleaned.changes.is_empty(), "{}", path.display());
    }
}

#[test]
fn repairs_add_nothing_to_the_normalisations() {
    let normalisations: Vec<_> = REGISTRY
        .iter()
        .copied()
        .filter(|r| r.meta().kind == RuleKind::Normalisation)
        .collect();
    for (path, text) in fixtures() {
        let normalised = run_rules(&text, &normalisations, &Options::default()).expect("runs");
        let cleaned = clean(&text, &Options::default()).expect("cleans");
        assert_eq!(
            cleaned.text,
            normalised.text,
            "{}: a repair changed clean text",
            path.display()
        );
    }
}
