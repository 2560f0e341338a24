//! One fixture per rule: the rule runs alone on `tests/fixtures/rules/<name>.txt`
//! and the snapshot shows input, output, changes and findings.

use std::path::{Path, PathBuf};

use emend::engine::run_rules;
use emend::position::LineIndex;
use emend::{Options, REGISTRY};
use serde::Serialize;

#[derive(Serialize)]
struct ChangeView {
    at: String,
    code: &'static str,
    kind: emend::ChangeKind,
    before: String,
    after: String,
    /// For a rule that weighs its edits.
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<emend::rules::Score>,
}

#[derive(Serialize)]
struct FindingView {
    at: String,
    code: &'static str,
    severity: emend::Severity,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<emend::rules::Score>,
}

#[derive(Serialize)]
struct RuleRun {
    input: String,
    output: String,
    changes: Vec<ChangeView>,
    findings: Vec<FindingView>,
}

/// `tests/fixtures/rules/<name>.txt` beside this file.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(format!("{name}.txt"))
}

fn run_fixture(name: &str) -> RuleRun {
    let path = fixture(name);
    let input = std::fs::read_to_string(&path).expect("fixture exists");
    let rule = emend::rules::find(name).expect("rule exists");
    let mut rules: Vec<_> = RUNS_AFTER
        .iter()
        .filter(|(later, _)| *later == name)
        .filter_map(|(_, earlier)| emend::rules::find(earlier))
        .collect();
    rules.push(rule);
    let cleaned = run_rules(&input, &rules, &Options::default()).expect("rule runs");
    cleaned.check_conservation().expect("conservation");
    let index = LineIndex::new(&input);
    let at = |offset: usize| {
        let (l, c) = index.line_col(offset);
        format!("{l}:{c}")
    };
    RuleRun {
        output: cleaned.text.clone(),
        changes: cleaned
            .changes
            .iter()
            .map(|c| ChangeView {
                at: at(c.at),
                code: c.code,
                kind: c.kind,
                before: c.before.clone(),
                after: c.after.clone(),
                score: c.score,
            })
            .collect(),
        findings: cleaned
            .findings
            .iter()
            .map(|f| FindingView {
                at: at(f.raw.start),
                code: f.code,
                severity: f.severity,
                message: f.message.clone(),
                score: f.score,
            })
            .collect(),
        input,
    }
}

/// Rules that act only with a document's heading pattern; their fixture is
/// the seed with its TOML (crates/emend-cli/tests/seed.rs, change log
/// snapshot).
const NEED_A_HEADING_PATTERN: &[&str] = &["glued-heading", "dropped-heading", "bodiless-heading"];

/// Rules that finish what an earlier rule began, or read pages only once
/// their numbers are gone, and run after it on their fixture (their
/// snapshot shows both rules' changes).
const RUNS_AFTER: &[(&str, &str)] = &[
    ("column-breaks", "column-split"),
    ("block-order", "page-furniture"),
    // Lines in turn are read as printed lines, which `wrap-join` joins.
    ("interleaved-lines", "wrap-join"),
];

/// Every registered rule runs alone on `tests/fixtures/rules/<name>.txt`
/// and is snapshotted as `snapshots/rules__<name>.snap`: adding a rule takes
/// its file, its line in the registry and its fixture, nothing else here.
#[test]
fn every_rule_on_its_fixture() {
    let mut snapshotted = 0;
    for rule in REGISTRY {
        let name = rule.meta().name;
        if NEED_A_HEADING_PATTERN.contains(&name) {
            continue;
        }
        let path = fixture(name);
        assert!(path.exists(), "no fixture for {name}");
        insta::assert_yaml_snapshot!(name, run_fixture(name));
        snapshotted += 1;
    }
    assert_eq!(snapshotted, REGISTRY.len() - NEED_A_HEADING_PATTERN.len());
}
