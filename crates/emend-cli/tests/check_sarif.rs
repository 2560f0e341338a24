//! `emend check --format sarif`: a SARIF 2.1.0 log that the OASIS schema
//! accepts, with a rule descriptor for every rule and a result for every
//! problem, in a scratch copy of the project.

use emend::rules::all_metas;

mod common;
use common::{emend, hand_edit_cleaned, repo_root, scratch, text, SEED};

fn validator() -> jsonschema::Validator {
    let path = repo_root().join("crates/emend-cli/tests/schemas/sarif-schema-2.1.0.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The published schema's `language` patterns have a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which the validator
    // refuses as a regex when it checks the schema itself. emend writes no
    // `language`, so those patterns are put right here, in memory only,
    // and the file stays as OASIS published it.
    assert!(mend_language_patterns(&mut schema) > 0);
    jsonschema::draft7::new(&schema).unwrap()
}

/// Replaces each broken `language` pattern; returns how many there were.
fn mend_language_patterns(value: &mut serde_json::Value) -> usize {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        serde_json::Value::Object(map) => {
            let mut mended = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == BROKEN {
                    *value = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                    mended += 1;
                } else {
                    mended += mend_language_patterns(value);
                }
            }
            mended
        }
        serde_json::Value::Array(items) => items.iter_mut().map(mend_language_patterns).sum(),
        _ => 0,
    }
}

fn sarif(dir: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let out = emend(dir, &["check", "--format", "sarif"]);
    let log = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    (out.status.code(), log)
}

fn assert_valid(log: &serde_json::Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_clean_corpus_is_a_valid_log_with_every_rule_and_no_result() {
    let dir = scratch("sarif-ok");
    emend(&dir, &["clean"]);
    let (code, log) = sarif(&dir);
    assert_eq!(code, Some(0));
    assert_valid(&log);
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().map(Vec::len), Some(0));
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for meta in all_metas() {
        assert!(ids.contains(&meta.code), "{} has no descriptor", meta.code);
    }
    assert!(ids.contains(&"stale-record"), "{ids:?}");
    // The schema does reject a log that breaks it.
    let mut broken = log.clone();
    broken["runs"][0]["results"] = serde_json::json!([{ "level": "fatal" }]);
    assert!(!validator().is_valid(&broken));
}

#[test]
fn problems_are_results_naming_their_rule_file_line_and_column() {
    let dir = scratch("sarif-problems");
    emend(&dir, &["clean"]);
    // A hand edit of the cleaned text.
    hand_edit_cleaned(&dir);
    let (code, log) = sarif(&dir);
    assert_eq!(code, Some(1));
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    let result = &results[0];
    assert_eq!(result["ruleId"], "stale-record");
    assert_eq!(result["level"], "error");
    let place = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        format!("cleaned/{SEED}.txt")
    );
    assert_eq!(place["region"]["startLine"], 1);
    assert_eq!(place["region"]["startColumn"], 18);
}

#[test]
fn an_open_finding_names_the_rule_that_found_it() {
    let dir = scratch("sarif-finding");
    std::fs::write(dir.join("raw/broken.txt"), "他说：“没有结束的引号。\n").unwrap();
    emend(&dir, &["clean"]);
    let (code, log) = sarif(&dir);
    assert_eq!(code, Some(1));
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"V102"), "{results:#?}");
    let v102 = &results[rules.iter().position(|&r| r == "V102").unwrap()];
    assert_eq!(
        v102["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "raw/broken.txt"
    );
}

#[test]
fn every_check_format_prints_the_same_problem() {
    let dir = scratch("check-formats");
    emend(&dir, &["clean"]);
    hand_edit_cleaned(&dir);
    for format in ["text", "json", "github"] {
        let out = emend(&dir, &["check", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        insta::assert_snapshot!(format!("check_{format}"), text(&out));
    }
    // SARIF: the results (the rule descriptors are every rule's docs).
    let (_, log) = sarif(&dir);
    let results = serde_json::to_string_pretty(&log["runs"][0]["results"]).unwrap();
    insta::assert_snapshot!("check_sarif_results", results);
}
