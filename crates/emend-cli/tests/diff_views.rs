//! `emend diff --stat`, `--rule`, `--unified` and `emend explain --at`, on
//! the seed in a scratch copy of the project.

use std::collections::BTreeMap;

mod common;
use common::{emend, scratch, text, SEED};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn stat_counts_each_rules_changes_and_findings() {
    let dir = scratch("diff-stat");
    let out = emend(&dir, &["diff", "--stat"]);
    assert!(out.status.success(), "{}", text(&out));
    insta::assert_snapshot!(stdout(&out));
    // The counts are those of the changes `diff` lists.
    let listed = stdout(&emend(&dir, &["diff"]));
    let mut changes: BTreeMap<&str, usize> = BTreeMap::new();
    for line in listed.lines().filter(|l| l.starts_with("raw/")) {
        let mut words = line.split_whitespace();
        if let (Some(_), Some(code)) = (words.next(), words.next()) {
            if code.starts_with(['D', 'R', 'N']) {
                *changes.entry(code).or_default() += 1;
            }
        }
    }
    assert_eq!(changes.values().sum::<usize>(), 610);
    for (code, n) in &changes {
        let row = stdout(&out)
            .lines()
            .find(|l| l.contains(&format!(" {code} ")))
            .map(|l| {
                l.split_whitespace()
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            });
        assert_eq!(row, Some(*n), "{code}");
    }
}

#[test]
fn rule_keeps_only_the_changes_and_findings_of_the_rules_named() {
    let dir = scratch("diff-rule");
    let out = emend(
        &dir,
        &["diff", "--rule", "D101", "--rule", "unterminated-paragraph"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let printed = stdout(&out);
    let heads: Vec<&str> = printed
        .lines()
        .filter(|l| l.starts_with("raw/") && !l.contains(" changes, "))
        .collect();
    assert!(!heads.is_empty());
    for head in &heads {
        let named = head.contains(" D101 declared-replace")
            || head.contains(" V101 unterminated-paragraph");
        assert!(named, "{head}");
    }
    assert!(
        printed.contains(": 1 changes, 8 findings (8 accepted)"),
        "{printed}"
    );
    let out = emend(&dir, &["diff", "--rule", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn unified_is_a_patch_that_turns_the_raw_text_into_the_cleaned() {
    let dir = scratch("diff-unified");
    let out = emend(&dir, &["diff", "--unified"]);
    assert!(out.status.success(), "{}", text(&out));
    let patch = stdout(&out);
    assert!(
        patch.starts_with(&format!("--- a/raw/{SEED}.txt\n+++ b/raw/{SEED}.txt\n@@ ")),
        "{patch}"
    );
    let cleaned = emend(&dir, &["clean", &format!("raw/{SEED}.txt")]);
    std::fs::write(dir.join("doc.diff"), &patch).unwrap();
    let applied = std::process::Command::new("git")
        .args(["apply", "-p1", "doc.diff"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(applied.status.success(), "{}", text(&applied));
    let patched = std::fs::read(dir.join(format!("raw/{SEED}.txt"))).unwrap();
    assert_eq!(String::from_utf8(patched).unwrap(), stdout(&cleaned));
    let out = emend(&dir, &["diff", "--unified", "--stat"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn explain_at_names_the_rules_that_changed_a_spot_and_why() {
    let dir = scratch("explain-at");
    // The title's 平 (a declared fix, with its reason) and line 3's `,`.
    for at in [format!("{SEED}:1:17"), format!("raw/{SEED}.txt:3:11")] {
        let out = emend(&dir, &["explain", "--at", &at]);
        assert!(out.status.success(), "{}", text(&out));
        insta::assert_snapshot!(at.replace(['/', ':', '.'], "_"), stdout(&out));
    }
    let out = emend(&dir, &["explain", "--at", &format!("{SEED}:1:1")]);
    assert!(
        stdout(&out).contains("no rule changed or flagged this spot"),
        "{}",
        text(&out)
    );
    for bad in [
        format!("{SEED}:1"),
        format!("{SEED}:1:9999"),
        format!("{SEED}:x:1"),
    ] {
        let out = emend(&dir, &["explain", "--at", &bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out));
    }
}

/// Two OCR misreadings of 启 as 局: one clear (applied, score 1.70), one
/// below the bar (suggested, score 0.92); a comma to widen.
const WEIGHED: &str =
    "服务器会在后台局动,然后等待客户端连接。\n\n又想重局一次会话，那么用这个选项。\n";

#[test]
fn small_views_print_what_a_reviewer_reads() {
    let dir = scratch("small-views");
    std::fs::write(dir.join("raw/ocr.txt"), WEIGHED).unwrap();
    for (name, args) in [
        ("diff_weighed", &["diff", "ocr"][..]),
        ("diff_rule_weighed", &["diff", "--rule", "R204", "ocr"][..]),
        ("diff_unified_weighed", &["diff", "--unified", "ocr"][..]),
        ("suggest_weighed", &["suggest", "ocr"][..]),
    ] {
        let out = emend(&dir, args);
        assert!(out.status.success(), "{name}: {}", text(&out));
        insta::assert_snapshot!(name, stdout(&out));
    }
    // An absolute path gets git's headers too, its slash once.
    let absolute = dir.join("raw/ocr.txt").display().to_string();
    let out = emend(&dir, &["diff", "--unified", &absolute]);
    assert!(
        stdout(&out).starts_with(&format!("--- a{absolute}\n+++ b{absolute}\n")),
        "{}",
        stdout(&out)
    );
}
