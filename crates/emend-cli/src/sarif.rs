//! `emend check --format sarif`: the problems as a SARIF 2.1.0 log, the
//! format GitHub code scanning and other CI dashboards read.
//!
//! One run of one tool (`emend`), whose driver lists a rule descriptor for
//! every rule in the registry and for each kind of problem `check` itself
//! reports; each problem is a result that names its rule and its place
//! (file, and line and column when the problem has them). A test validates
//! the log against the SARIF 2.1.0 schema committed beside it.

use serde_json::{json, Value};

use emend::rules::{all_metas, RuleMeta};

use crate::corpus::{Problem, ProblemKind};

/// Where a SARIF log says its schema is.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of a `check` run: `problems` against the rules of `emend`
/// version `version`.
pub fn log(problems: &[Problem], version: &str) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "emend",
                    "version": version,
                    "rules": descriptors(),
                }
            },
            // Columns count characters (code points), as every emend
            // position does.
            "columnKind": "unicodeCodePoints",
            "results": problems.iter().map(result).collect::<Vec<_>>(),
        }]
    })
}

/// A descriptor for every rule of the registry, then for every kind of
/// problem `check` reports itself.
fn descriptors() -> Vec<Value> {
    let rules = all_metas().map(rule_descriptor);
    let check = ProblemKind::CHECK_KINDS.iter().map(|(_, id, summary)| {
        json!({
            "id": id,
            "name": id,
            "shortDescription": { "text": summary },
            "defaultConfiguration": { "level": "error" },
        })
    });
    rules.chain(check).collect()
}

/// A registry rule: its code, name, summary, and its documentation (the
/// four-part doc comment `emend explain` prints) as the help text.
fn rule_descriptor(meta: &RuleMeta) -> Value {
    let doc = meta.doc_text();
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "help": { "text": doc, "markdown": doc },
    })
}

/// One problem as a result: every problem fails `check`, so its level is
/// `error`.
fn result(problem: &Problem) -> Value {
    let (path, line, column) = problem.location();
    let mut physical = json!({ "artifactLocation": { "uri": uri(path) } });
    if let (Some(line), Some(column)) = (line, column) {
        physical["region"] = json!({ "startLine": line, "startColumn": column });
    }
    json!({
        "ruleId": problem.kind.rule_id(),
        "level": "error",
        "message": { "text": problem.message },
        "locations": [{ "physicalLocation": physical }],
    })
}

/// A path as a relative URI reference: `/` between segments, and the
/// characters a URI may not hold (space, `%`, `#`, `?`, non-ASCII)
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        let keep = c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c);
        if keep {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn a_path_becomes_a_uri_reference() {
        assert_eq!(uri("raw/a b.txt"), "raw/a%20b.txt");
        assert_eq!(uri("raw/文章.txt"), "raw/%E6%96%87%E7%AB%A0.txt");
        assert_eq!(uri("raw\\x#1.toml"), "raw/x%231.toml");
    }
}
