//! The command line as a user meets it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::repo_root;

/// Runs `emend ARGS` at the repository root, `stdin` as its input.
fn emend(args: &[&str], stdin: &[u8]) -> Output {
    emend_in(&repo_root(), args, stdin)
}

fn emend_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("emend runs");
    // emend may exit (a usage error) before it reads its input; a broken
    // pipe here is not the test's concern.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    child.wait_with_output().expect("emend exits")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// A rule fixture of the library crate, from the repository root.
const WRAPPED: &str = "crates/emend/tests/fixtures/rules/wrap-join.txt";

#[test]
fn clean_stdin_filters() {
    let input = std::fs::read(repo_root().join(WRAPPED)).unwrap();
    let out = emend(&["clean", "-"], &input);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn clean_file_writes_the_same_to_stdout() {
    let input = std::fs::read(repo_root().join(WRAPPED)).unwrap();
    let from_stdin = emend(&["clean", "-"], &input);
    let from_file = emend(&["clean", WRAPPED], b"");
    assert!(from_file.status.success());
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn no_normalize_switches_a_normalisation_off() {
    let out = emend(
        &["clean", "-", "--no-normalize", "punct-width"],
        "你好,世界。".as_bytes(),
    );
    assert_eq!(stdout(&out), "你好,世界。");
    let out = emend(&["clean", "-"], "你好,世界。".as_bytes());
    assert_eq!(stdout(&out), "你好，世界。");
}

#[test]
fn unknown_normalisation_is_a_usage_error() {
    let out = emend(&["clean", "-", "--no-normalize", "wrap-join"], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a normalisation"),
        "{}",
        stderr(&out)
    );
}

/// Run in the library crate, where the fixture is `tests/fixtures/…`, as the
/// snapshot shows it.
#[test]
fn diff_shows_rule_position_and_characters() {
    let out = emend_in(
        &repo_root().join("crates/emend"),
        &["diff", "tests/fixtures/rules/page-break-join.txt"],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn rules_lists_every_rule() {
    let out = emend(&["rules"], b"");
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn explain_prints_the_doc() {
    let out = emend(&["explain", "wrap-join"], b"");
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
    let by_code = emend(&["explain", "R101"], b"");
    assert_eq!(by_code.stdout, out.stdout);
}

#[test]
fn explain_unknown_rule_fails() {
    let out = emend(&["explain", "no-such-rule"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no rule `no-such-rule`"));
}

#[test]
fn undecodable_input_names_the_file_and_position() {
    let dir = std::env::temp_dir().join(format!("emend-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    // UTF-8 that lost the first byte of `部` on line 2.
    let mut bytes = "干部群众\n干部群众\n".as_bytes().to_vec();
    bytes.remove(16);
    std::fs::write(&bad, &bytes).unwrap();
    let out = emend(&["clean", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.txt") && err.contains("byte 16 (line 2, column 2)"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unrecognised_bytes_are_refused_with_the_reason() {
    let out = emend(&["clean", "-"], b"line one\n\xff\xfe\xfa\xfb");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("<stdin>: the encoding is not recognised") && err.contains("--encoding"),
        "{err}"
    );
}

#[test]
fn binary_input_is_refused() {
    let out = emend(&["clean", "-"], b"\x7fELF\x02\x01\x01\x00\x00\x00");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("<stdin>: binary data"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_file_is_an_input_error() {
    let out = emend(&["clean", "no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/file.txt"));
}

#[test]
fn no_normalize_takes_a_code_too() {
    let out = emend(
        &["clean", "-", "--no-normalize", "N103"],
        "你好,世界。".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "你好,世界。");
}

#[test]
fn measure_speaks_cells_and_reads_stdin() {
    let input = std::fs::read(repo_root().join(WRAPPED)).unwrap();
    let from_file = emend(&["measure", WRAPPED], b"");
    let from_stdin = emend(&["measure", "-"], &input);
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    let file = stdout(&from_file);
    assert!(
        file.contains(&format!("{WRAPPED}:3:1: printed width 40 cells; 5 line ends at cells 40, 80, 120, 160, 200; no other breaks; last line 16 cells")),
        "{file}"
    );
    assert!(
        file.contains("(borrowed from a neighbouring block)"),
        "{file}"
    );
    assert!(!file.contains("Some(") && !file.contains("None"), "{file}");
    assert_eq!(file.replace(WRAPPED, "<stdin>"), stdout(&from_stdin));
}

#[test]
fn diff_marks_accepted_findings() {
    let out = emend(&["diff", "raw/xuhui-plenum-reactions.txt"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("error V101 unterminated-paragraph: paragraph ends without terminal punctuation: text may be lost at a cut [accepted: text lost at a column cut]"),
        "{text}"
    );
    assert!(text.contains("8 findings (8 accepted)"), "{text}");
}

#[test]
fn diff_reads_stdin() {
    let input = std::fs::read(repo_root().join(WRAPPED)).unwrap();
    let out = emend(&["diff", "-"], &input);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("<stdin>:3:"), "{}", stdout(&out));
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(["diff", "raw/xuhui-plenum-reactions.txt"])
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("emend runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here, as `head` closes the pipe.
    let out = child.wait_with_output().unwrap();
    assert!(
        first.starts_with("raw/xuhui-plenum-reactions.txt:"),
        "{first}"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn encoding_can_be_forced_and_is_checked() {
    let (gbk, _, _) = encoding_rs::GBK.encode("干部");
    let out = emend(&["clean", "-", "--encoding", "gbk"], &gbk);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "干部");
    let out = emend(&["clean", "-", "--encoding", "klingon"], &gbk);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--encoding klingon: not an encoding name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn latin1_is_refused_not_read_as_chinese() {
    let out = emend(&["clean", "-"], b"Herr M\xfcller wohnt in K\xf6ln.\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("windows-1252"), "{}", stderr(&out));
}
