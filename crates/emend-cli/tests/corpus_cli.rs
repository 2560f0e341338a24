//! Corpus mode and the CI gate, run in a scratch copy of the project.

use std::path::Path;

mod common;
use common::{emend, hand_edit_cleaned, repo_root, scratch, text, SEED};

fn edit_toml(dir: &Path, f: impl FnOnce(String) -> String) {
    let path = dir.join(format!("raw/{SEED}.toml"));
    let toml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(toml)).unwrap();
}

/// A fresh corpus whose one document, `raw/page.txt`, is the benchmark
/// text `bench/corpus/<page>`.
fn scratch_with_page(tag: &str, page: &str) -> std::path::PathBuf {
    let dir = scratch(tag);
    std::fs::copy(
        repo_root().join("bench/corpus").join(page),
        dir.join("raw/page.txt"),
    )
    .unwrap();
    dir
}

#[test]
fn clean_writes_records_and_check_passes() {
    let dir = scratch("ok");
    let out = emend(&dir, &["clean"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("23 records"), "{}", text(&out));
    let jsonl = std::fs::read_to_string(dir.join(format!("cleaned/{SEED}.jsonl"))).unwrap();
    assert_eq!(jsonl.lines().count(), 23);
    let committed =
        std::fs::read_to_string(repo_root().join(format!("cleaned/{SEED}.jsonl"))).unwrap();
    assert_eq!(
        jsonl, committed,
        "the committed records are what emend writes"
    );
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn check_fails_on_a_hand_edited_file() {
    let dir = scratch("edited");
    emend(&dir, &["clean"]);
    hand_edit_cleaned(&dir);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains(&format!("cleaned/{SEED}.txt:1:")) && text(&out).contains("differs"),
        "{}",
        text(&out)
    );
}

#[test]
fn check_fails_on_missing_and_orphaned_files() {
    let dir = scratch("orphan");
    emend(&dir, &["clean"]);
    std::fs::remove_file(dir.join(format!("cleaned/{SEED}.jsonl"))).unwrap();
    std::fs::write(dir.join("cleaned/gone.txt"), "old\n").unwrap();
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains("missing") && t.contains("cleaned/gone.txt: orphaned"),
        "{t}"
    );
}

#[test]
fn broken_toml_is_an_input_error_and_nothing_is_written() {
    let dir = scratch("broken");
    edit_toml(&dir, |t| t.replacen("[[replace]]", "[[replace]\n", 1));
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(&format!("raw/{SEED}.toml:")),
        "{}",
        text(&out)
    );
    assert!(!dir.join("cleaned").exists(), "nothing may be written");
}

#[test]
fn an_anchor_matching_twice_names_the_toml_position() {
    let dir = scratch("twice");
    edit_toml(&dir, |t| {
        t.replacen(
            "find = \"帮扶高效毕业生等重点群体\"",
            "find = \"高质量发展强劲增长\"",
            1,
        )
    });
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(
        t.contains("matches 3 times") && t.contains(&format!("raw/{SEED}.toml:")),
        "{t}"
    );
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no longer applies"));
}

#[test]
fn a_redundant_fix_fails_the_check() {
    let dir = scratch("redundant");
    edit_toml(&dir, |t| {
        t + "\n[[replace]]\nfind = \"意义重大。蓝图绘就\"\nwith = \"意义重大。蓝图绘就\"\nreason = \"a no-op\"\n"
    });
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("redundant"), "{}", text(&out));
}

#[test]
fn a_fix_the_built_in_rules_repeat_fails_the_check() {
    // `punct-width` makes this comma full-width by itself.
    let dir = scratch("repeated");
    edit_toml(&dir, |t| {
        t + "\n[[replace]]\nfind = \"健康发展,提升\"\nwith = \"健康发展，提升\"\nreason = \"full-width comma\"\n"
    });
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("redundant") && t.contains("1 problems"), "{t}");
}

#[test]
fn an_unaccepted_error_finding_fails_the_check() {
    let dir = scratch("unaccepted");
    edit_toml(&dir, |t| {
        let start = t.find("[[accept]]").unwrap();
        let end = start + t[start..].find("\n\n").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains("unterminated-paragraph") && t.contains(&format!("raw/{SEED}.txt:")),
        "{t}"
    );
}

#[test]
fn diff_of_a_document_shows_declared_fixes() {
    let out = emend(&repo_root(), &["diff", SEED]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("D101 declared-replace") && t.contains("D102 declared-move: moved"),
        "{t}"
    );
}

#[test]
fn clean_file_uses_the_toml_beside_it_unless_told_not_to() {
    let with = emend(&repo_root(), &["clean", &format!("raw/{SEED}.txt")]);
    let without = emend(
        &repo_root(),
        &["clean", "--no-config", &format!("raw/{SEED}.txt")],
    );
    // The TOML's `[[replace]]` of the sound-alike `高效`.
    assert!(String::from_utf8_lossy(&with.stdout).contains("帮扶高校毕业生"));
    assert!(String::from_utf8_lossy(&without.stdout).contains("帮扶高效毕业生"));
}

#[test]
fn a_keep_stops_a_repair_and_check_reports_one_that_stops_nothing() {
    let dir = scratch("keep");
    // `wrap-join` removes the line-end space in `是 有效应对`; the keep
    // stops it there, and only there.
    edit_toml(&dir, |t| {
        format!("{t}\n[[keep]]\nat = \"需要，是有效应对\"\nrule = \"wrap-join\"\nreason = \"a reviewer's veto\"\n")
    });
    let out = emend(&dir, &["clean", &format!("raw/{SEED}.txt")]);
    let cleaned = String::from_utf8_lossy(&out.stdout);
    assert!(cleaned.contains("需要，是 有效应对"), "{cleaned}");
    assert!(!cleaned.contains("意义 重大"), "{cleaned}");
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A keep where no repair acts is stale: check says so.
    edit_toml(&dir, |t| {
        format!(
            "{t}\n[[keep]]\nat = \"精神在徐汇广大\"\nrule = \"wrap-join\"\nreason = \"stale\"\n"
        )
    });
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains(&format!("raw/{SEED}.toml:")) && t.contains("this keep stops no repair"),
        "{t}"
    );
}

#[test]
fn a_keep_naming_a_validator_is_refused() {
    let dir = scratch("keep-validator");
    edit_toml(&dir, |t| {
        format!("{t}\n[[keep]]\nat = \"需要，是有效应对\"\nrule = \"unterminated-paragraph\"\nreason = \"x\"\n")
    });
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("not a repair or normalisation"),
        "{}",
        text(&out)
    );
}

/// `toml`, pasted into `raw/page.toml`, makes `emend clean raw/page.txt`
/// write what `--apply-suggestions` writes without it, which differs from
/// what plain `clean` writes.
fn pasted_does_what_apply_suggestions_does(dir: &Path, toml: &str) {
    std::fs::write(dir.join("raw/page.toml"), toml).unwrap();
    let declared = emend(dir, &["clean", "raw/page.txt"]);
    let without_config = |extra: &[&str]| {
        let mut args = vec!["clean", "--no-config"];
        args.extend_from_slice(extra);
        args.push("raw/page.txt");
        emend(dir, &args)
    };
    let suggested = without_config(&["--apply-suggestions"]);
    assert!(declared.status.success(), "{}", text(&declared));
    assert_eq!(declared.stdout, suggested.stdout);
    assert_ne!(
        without_config(&[]).stdout,
        suggested.stdout,
        "the suggestion changes the text"
    );
}

#[test]
fn suggest_prints_the_toml_fix_that_applies_each_suggestion() {
    // A page of two columns whose pieces `block-order` only suggests
    // moving (the measure left one piece's lines undecided).
    let dir = scratch_with_page("suggest", "man1-diff.1/pdf-2col.raw.txt");
    let out = emend(&dir, &["diff", "raw/page.txt"]);
    assert!(
        text(&out).contains("info R110 block-order: suggested: move"),
        "{}",
        text(&out)
    );
    let out = emend(&dir, &["suggest", "page"]);
    assert!(out.status.success(), "{}", text(&out));
    let toml = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(toml.starts_with("[[move]]\nfirst = "), "{toml}");
    // Pasted into the document's TOML, the fixes do what
    // `--apply-suggestions` does.
    pasted_does_what_apply_suggestions_does(&dir, &toml);
}

#[test]
fn a_suggestion_of_many_edits_is_one_apply_and_check_reports_one_that_applies_nothing() {
    // A page of two columns written line by line, whose order no join
    // shows: `alternating-lines` suggests its edits as one suggestion.
    let dir = scratch_with_page("apply", "man7-create_cast.7/pdf-2col-tex.raw.txt");
    let out = emend(&dir, &["suggest", "page"]);
    assert!(out.status.success(), "{}", text(&out));
    let toml = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        toml.starts_with("[[apply]]\nrule = \"alternating-lines\"\nat = "),
        "{toml}"
    );
    assert_eq!(
        toml.matches("[[").count(),
        1,
        "one fix for the page: {toml}"
    );
    // Pasted into the document's TOML, it does what `--apply-suggestions`
    // does, and nothing is left to suggest.
    pasted_does_what_apply_suggestions_does(&dir, &toml);
    let out = emend(&dir, &["suggest", "page"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).trim().is_empty(),
        "{}",
        text(&out)
    );
    // An apply where the rule suggests nothing is stale: check says so.
    edit_toml(&dir, |t| {
        format!("{t}\n[[apply]]\nrule = \"alternating-lines\"\nat = \"精神在徐汇广大\"\nreason = \"stale\"\n")
    });
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    let t = text(&out);
    assert!(
        t.contains(&format!("raw/{SEED}.toml:")) && t.contains("this apply accepts no suggestion"),
        "{t}"
    );
}

#[test]
fn the_corpus_words_in_emend_toml_correct_every_document_and_a_document_can_override_them() {
    let dir = scratch("words");
    let count = |dir: &Path, word: &str| {
        std::fs::read_to_string(dir.join(format!("cleaned/{SEED}.txt")))
            .unwrap()
            .matches(word)
            .count()
    };
    std::fs::write(
        dir.join("emend.toml"),
        "[words]\ncorrect = { \"徐汇团区委\" = \"徐汇区团委\" }\n",
    )
    .unwrap();
    let out = emend(&dir, &["clean"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&dir, "徐汇团区委"), 0);
    assert_eq!(count(&dir, "徐汇区团委"), 3);
    let out = emend(&dir, &["diff", SEED]);
    assert!(
        text(&out).contains("D104 known-corrections"),
        "{}",
        text(&out)
    );
    // The document maps the word to itself: the corpus's correction goes.
    edit_toml(&dir, |t| {
        format!("{t}\n[words]\ncorrect = {{ \"徐汇团区委\" = \"徐汇团区委\" }}\n")
    });
    emend(&dir, &["clean"]);
    assert_eq!(count(&dir, "徐汇团区委"), 3);
    // A key emend does not know is an error naming the file and position.
    std::fs::write(dir.join("emend.toml"), "[words]\ncorect = {}\n").unwrap();
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("emend.toml:2:1: unknown field `corect`"),
        "{}",
        text(&out)
    );
}

#[test]
fn check_speaks_json_and_github_annotations_with_exit_codes_0_1_2() {
    let dir = scratch("formats");
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["documents"], 1);
    // A hand edit: one problem, at the line and column it starts.
    hand_edit_cleaned(&dir);
    let out = emend(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    let problem = &report["problems"][0];
    assert_eq!(problem["path"], format!("cleaned/{SEED}.txt"));
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(1), Some(18))
    );
    assert!(problem["message"].as_str().unwrap().contains("differs"));
    let out = emend(&dir, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        first.starts_with(&format!(
            "::error file=cleaned/{SEED}.txt,line=1,col=18::differs"
        )),
        "{first}"
    );
    // A usage error is 2.
    let out = emend(&dir, &["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn a_keep_inside_a_suggestion_drops_all_of_it() {
    // One page's suggestion of many edits; a keep on one line of it leaves
    // the whole page as it was, not the other edits garbling it.
    let dir = scratch_with_page(
        "keep-in-suggestion",
        "man7-create_cast.7/pdf-2col-tex.raw.txt",
    );
    std::fs::write(
        dir.join("raw/page.toml"),
        "[[keep]]\nat = \"执行转换的函数\"\nrule = \"alternating-lines\"\nreason = \"a reviewer's veto\"\n",
    )
    .unwrap();
    let out = emend(&dir, &["suggest", "page"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).trim().is_empty(),
        "{}",
        text(&out)
    );
    let suggested = emend(&dir, &["clean", "--apply-suggestions", "raw/page.txt"]);
    let plain = emend(&dir, &["clean", "raw/page.txt"]);
    assert_eq!(suggested.stdout, plain.stdout);
    // Applied by a threshold of 0, which applies every page the rule
    // offers, the page is vetoed whole as well.
    let zero = ["clean", "--suggestion-threshold", "0", "raw/page.txt"];
    let unvetoed = emend(&dir, &[&zero[..], &["--no-config"]].concat());
    let unvetoed_plain = emend(&dir, &["clean", "--no-config", "raw/page.txt"]);
    assert_ne!(
        unvetoed.stdout, unvetoed_plain.stdout,
        "the threshold applies the page"
    );
    assert_eq!(emend(&dir, &zero).stdout, plain.stdout);
}

#[test]
fn a_keep_inside_an_applied_page_leaves_all_of_it() {
    // A page `alternating-lines` reorders by itself (its order shown by
    // the joins): a keep on one of its lines leaves the whole page.
    let dir = scratch_with_page("keep-in-applied-page", "man1-host.1/pdf-2col-tex.raw.txt");
    let changes = |dir: &std::path::Path| {
        let out = emend(dir, &["diff", "--rule", "R111", "page"]);
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains(" R111 alternating-lines (score "))
            .count()
    };
    assert!(changes(&dir) > 50, "the page is applied without a keep");
    std::fs::write(
        dir.join("raw/page.toml"),
        "[[keep]]\nat = \"意提及这个事实\"\nrule = \"alternating-lines\"\nreason = \"a reviewer's veto\"\n",
    )
    .unwrap();
    assert_eq!(changes(&dir), 0);
    // The keep is in use (the page's open paragraphs are findings of
    // their own, not this test's).
    emend(&dir, &["clean"]);
    let out = emend(&dir, &["check"]);
    assert!(text(&out).contains("V101"), "{}", text(&out));
    assert!(!text(&out).contains("stops no repair"), "{}", text(&out));
}

#[test]
fn an_apply_stays_in_use_when_the_threshold_applies_its_suggestion_anyway() {
    let dir = scratch_with_page(
        "apply-under-threshold",
        "man7-create_cast.7/pdf-2col-tex.raw.txt",
    );
    let out = emend(&dir, &["suggest", "page"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("[[apply]]"),
        "{}",
        text(&out)
    );
    std::fs::write(dir.join("raw/page.toml"), &out.stdout).unwrap();
    emend(&dir, &["clean"]);
    let accepted = std::fs::read(dir.join("cleaned/page.txt")).unwrap();
    // The page scores 0.00: a threshold of 0 applies it by itself.
    std::fs::write(dir.join("emend.toml"), "suggestion-threshold = 0\n").unwrap();
    emend(&dir, &["clean"]);
    assert_eq!(
        std::fs::read(dir.join("cleaned/page.txt")).unwrap(),
        accepted
    );
    let out = emend(&dir, &["check"]);
    assert!(text(&out).contains("V101"), "{}", text(&out));
    assert!(
        !text(&out).contains("accepts no suggestion"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_run_ends_with_a_summary_and_shows_no_bar_off_a_terminal() {
    let dir = scratch("summary");
    // Twelve documents (over the bar's threshold of ten); each extra one
    // makes two changes, a comma widened and the space after it dropped.
    for i in 0..11 {
        std::fs::write(dir.join(format!("raw/extra{i:02}.txt")), "他说, 好的。\n").unwrap();
    }
    let out = emend(&dir, &["clean"]);
    assert!(out.status.success(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stderr.lines().last().unwrap_or("");
    assert!(
        summary.starts_with("emend: 12 documents, 632 changes (312 punct-width, "),
        "{stderr}"
    );
    assert!(summary.contains(", 8 findings (8 accepted), "), "{summary}");
    // stderr is a pipe here: indicatif draws nothing.
    assert!(
        !stderr.contains('░') && !stderr.contains("/12 documents"),
        "{stderr}"
    );
    let out = emend(&dir, &["clean", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(out.stderr.is_empty(), "{}", text(&out));
}
