//! Rule selection a team shares: `select`, `ignore`, `severity` and
//! `[[per-path]]` in the corpus's `emend.toml` or in `pyproject.toml`'s
//! `[tool.emend]`, in a scratch copy of the project.

mod common;
use common::{emend, scratch, text, SEED};

fn diff_stat(dir: &std::path::Path) -> String {
    let out = emend(dir, &["diff", "--stat", SEED]);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_ignored_rule_changes_nothing_and_a_selection_leaves_the_rest_out() {
    let dir = scratch("config-ignore");
    assert!(diff_stat(&dir).contains("N104 quote-pairs"));
    std::fs::write(
        dir.join("emend.toml"),
        "ignore = [\"quote-pairs\", \"R101\"]\n",
    )
    .unwrap();
    let stat = diff_stat(&dir);
    assert!(
        !stat.contains("quote-pairs") && !stat.contains("wrap-join"),
        "{stat}"
    );
    assert!(stat.contains("N103 punct-width"), "{stat}");
    // Declared fixes always run; only normalisations selected here.
    std::fs::write(dir.join("emend.toml"), "select = [\"N\"]\n").unwrap();
    let stat = diff_stat(&dir);
    assert!(stat.contains("D101 declared-replace"), "{stat}");
    let codes: Vec<&str> = stat
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .filter(|c| c.len() == 4 && c[1..].chars().all(|d| d.is_ascii_digit()))
        .collect();
    assert!(!codes.is_empty(), "{stat}");
    assert!(codes.iter().all(|c| c.starts_with(['N', 'D'])), "{codes:?}");
}

#[test]
fn a_severity_decides_whether_a_finding_fails_check() {
    let dir = scratch("config-severity");
    std::fs::write(dir.join("raw/open.txt"), "他说：“没有结束的引号。\n").unwrap();
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("V102"), "{}", text(&out));
    std::fs::write(
        dir.join("emend.toml"),
        "[[per-path]]\nfiles = [\"raw/open.txt\"]\nseverity = { V102 = \"warning\" }\n",
    )
    .unwrap();
    // The records carry each finding's severity: they change with it.
    let out = emend(&dir, &["check"]);
    assert!(text(&out).contains("cleaned/open.jsonl"), "{}", text(&out));
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = emend(&dir, &["diff", "open"]);
    assert!(text(&out).contains("warning V102"), "{}", text(&out));
}

#[test]
fn pyproject_tool_emend_is_read_and_emend_toml_wins() {
    let dir = scratch("config-pyproject");
    std::fs::write(
        dir.join("pyproject.toml"),
        "[project]\nname = \"corpus\"\n\n[tool.emend]\nignore = [\"punct-width\"]\n",
    )
    .unwrap();
    assert!(!diff_stat(&dir).contains("punct-width"));
    std::fs::write(dir.join("emend.toml"), "ignore = [\"quote-pairs\"]\n").unwrap();
    let stat = diff_stat(&dir);
    assert!(
        stat.contains("punct-width") && !stat.contains("quote-pairs"),
        "{stat}"
    );
}

#[test]
fn an_unknown_key_rule_or_severity_names_the_file_line_and_column() {
    let dir = scratch("config-errors");
    for (toml, at, says) in [
        (
            "ignore = [\"wrap-join\",\n  \"wrap-joni\"]\n",
            "emend.toml:2:3",
            "no rule `wrap-joni`",
        ),
        (
            "[severity]\nV101 = \"fatal\"\n",
            "emend.toml:2:8",
            "severity `fatal`",
        ),
        (
            "selct = [\"R\"]\n",
            "emend.toml:1:1",
            "unknown field `selct`",
        ),
        (
            "suggestion-threshold = -0.5\n",
            "emend.toml:1:24",
            "suggestion-threshold -0.5: expected a number from 0 up",
        ),
    ] {
        std::fs::write(dir.join("emend.toml"), toml).unwrap();
        let out = emend(&dir, &["check"]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(
            text(&out).contains(&format!("{at}: {says}")),
            "{toml}: {}",
            text(&out)
        );
    }
    std::fs::remove_file(dir.join("emend.toml")).unwrap();
    std::fs::write(
        dir.join("pyproject.toml"),
        "[tool.emend]\nignore = [\"nope\"]\n",
    )
    .unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("pyproject.toml:2:11: no rule `nope`"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_reference_page_documents_keys_that_parse() {
    let page = std::fs::read_to_string(common::repo_root().join("docs/configuration.md")).unwrap();
    let blocks: Vec<&str> = page
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    let config = emend::config::CorpusConfig::parse(blocks[0]).unwrap();
    let selection = emend::selection::resolve(&config, "raw/legacy-1.txt").unwrap();
    assert!(selection.disabled.contains("punct-width"));
    let pyproject = emend::config::CorpusConfig::parse_pyproject(blocks[1]).unwrap();
    assert!(pyproject.is_some());
    // Every key of the table appears in the example that parsed.
    let keys: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    // Nine keys, and `suggestion-threshold` at the top and per path.
    assert_eq!(keys.len(), 11, "{keys:?}");
    for key in keys {
        let last = key.rsplit('.').next().unwrap();
        let written = blocks[0].contains(&format!("\n{last} ="))
            || blocks[0].starts_with(&format!("{last} ="))
            || blocks[0].contains(&format!("[{last}]"))
            || blocks[0].contains(&format!("[[{last}]]"));
        assert!(written, "{key} is not in the example");
    }
}

#[test]
fn a_mistake_is_found_even_where_no_document_reads_it() {
    let dir = scratch("config-unread");
    std::fs::remove_file(dir.join(format!("raw/{SEED}.txt"))).unwrap();
    std::fs::remove_file(dir.join(format!("raw/{SEED}.toml"))).unwrap();
    std::fs::write(dir.join("emend.toml"), "ignore = [\"nope\"]\n").unwrap();
    for command in ["check", "clean"] {
        let out = emend(&dir, &[command]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", text(&out));
        assert!(
            text(&out).contains("emend.toml:1:11: no rule `nope`"),
            "{}",
            text(&out)
        );
    }
}

#[test]
fn an_accept_for_an_ignored_rule_is_not_stale() {
    // The seed's TOML accepts eight unterminated-paragraph findings: with
    // the rule ignored they match nothing, but they are wanted again once
    // it is back, so check does not ask to remove them.
    let dir = scratch("config-ignored-accepts");
    std::fs::write(
        dir.join("emend.toml"),
        "ignore = [\"unterminated-paragraph\"]\n",
    )
    .unwrap();
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn the_suggestion_threshold_decides_what_is_applied_and_the_records_say_how_sure() {
    let dir = scratch("config-threshold");
    // `重局` for `重启` scores 0.92: suggested at the default bar (1.0).
    std::fs::write(
        dir.join("raw/ocr.txt"),
        "又想重局一次会话，那么用这个选项。\n",
    )
    .unwrap();
    emend(&dir, &["clean"]);
    let cleaned =
        |dir: &std::path::Path| std::fs::read_to_string(dir.join("cleaned/ocr.txt")).unwrap();
    assert!(cleaned(&dir).contains("重局"));
    let records = std::fs::read_to_string(dir.join("cleaned/ocr.jsonl")).unwrap();
    assert!(records.contains("\"score\":0.92"), "{records}");
    std::fs::write(dir.join("emend.toml"), "suggestion-threshold = 0.9\n").unwrap();
    // The committed records no longer match what the rules now make.
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    emend(&dir, &["clean"]);
    assert!(cleaned(&dir).contains("重启"));
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = emend(&dir, &["diff", "ocr"]);
    assert!(
        text(&out).contains("R204 ocr-misreads (score 0.92)"),
        "{}",
        text(&out)
    );
    // The command line wins over the file, and a per-path entry over the top.
    let out = emend(&dir, &["diff", "--suggestion-threshold", "1", "ocr"]);
    assert!(
        text(&out).contains("suggested: `局` → `启` (score 0.92)"),
        "{}",
        text(&out)
    );
    std::fs::write(
        dir.join("emend.toml"),
        "suggestion-threshold = 0.9\n\n[[per-path]]\nfiles = [\"raw/ocr.txt\"]\nsuggestion-threshold = 2\n",
    )
    .unwrap();
    let out = emend(&dir, &["diff", "ocr"]);
    assert!(
        text(&out).contains("suggested: `局` → `启`"),
        "{}",
        text(&out)
    );
    let out = emend(&dir, &["diff", "--suggestion-threshold", "0.92", "ocr"]);
    assert!(
        text(&out).contains("R204 ocr-misreads (score 0.92)"),
        "{}",
        text(&out)
    );
}
