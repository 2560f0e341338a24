//! A corpus's configuration is strict: every TOML file in raw/ belongs to a
//! document, every fix says why, every name is known, no pattern or anchor
//! can panic, and nothing leads out of the corpus. Each message names the
//! file, line and column.

use std::process::Command;

mod common;
use common::{emend, text, SEED};

/// A scratch corpus for one of these tests.
fn scratch(name: &str) -> std::path::PathBuf {
    common::scratch(&format!("strict-{name}"))
}

/// Appends `extra` to the seed's TOML, runs `clean`, and expects exit 2
/// with a message containing each of `expected` and nothing written.
fn refused(name: &str, extra: &str, expected: &[&str]) {
    let dir = scratch(name);
    let path = dir.join(format!("raw/{SEED}.toml"));
    let toml = std::fs::read_to_string(&path).unwrap() + extra;
    std::fs::write(&path, toml).unwrap();
    let out = emend(&dir, &["clean"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(!t.contains("panicked"), "{t}");
    for e in expected {
        assert!(t.contains(e), "expected `{e}` in:\n{t}");
    }
    assert!(!dir.join("cleaned").exists(), "nothing may be written");
}

#[test]
fn a_toml_without_its_text_is_an_error() {
    let dir = scratch("orphan-toml");
    std::fs::write(dir.join("raw/gone.toml"), "this is = [not toml").unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("raw/gone.toml:1:1: no raw document `raw/gone.txt`"),
        "{}",
        text(&out)
    );
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn an_empty_reason_is_refused() {
    refused(
        "empty-reason",
        "\n[[replace]]\nfind = \"意义重大。蓝图绘就\"\nwith = \"意义重大。蓝图绘成\"\nreason = \"  \"\n",
        &[&format!("raw/{SEED}.toml:"), "`reason` is empty"],
    );
}

#[test]
fn a_missing_reason_is_refused() {
    refused(
        "no-reason",
        "\n[[replace]]\nfind = \"意义重大。蓝图绘就\"\nwith = \"意义重大。蓝图绘成\"\n",
        &[&format!("raw/{SEED}.toml:"), "missing field `reason`"],
    );
}

#[test]
fn an_accept_naming_an_unknown_rule_is_refused() {
    refused(
        "unknown-rule",
        "\n[[accept]]\nrule = \"no-such-rule\"\nat = \"意义重大。蓝图绘就\"\nreason = \"x\"\n",
        &[&format!("raw/{SEED}.toml:"), "unknown rule `no-such-rule`"],
    );
}

#[test]
fn a_deinterleave_whose_last_comes_first_is_refused_not_a_panic() {
    refused(
        "backwards",
        "\n[[deinterleave]]\nfirst = \"蓝图绘就风正劲\"\nlast = \"的需要，意义重大\"\ntake = \"odd\"\nafter = \"二十届四中全会的召开\"\nreason = \"x\"\n",
        &[&format!("raw/{SEED}.toml:"), "`last` comes before `first`"],
    );
}

#[test]
fn a_heading_pattern_matching_the_empty_string_is_refused() {
    let dir = scratch("empty-heading");
    let path = dir.join(format!("raw/{SEED}.toml"));
    let toml = std::fs::read_to_string(&path).unwrap().replace(
        r"heading = '(?P<role>[\p{Han}、]{2,40}) (?P<name>\p{Han}{2,3})[:：]'",
        r"heading = '(?P<role>\p{Han}*)(?P<name>\p{Han}*)'",
    );
    std::fs::write(&path, toml).unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(&format!(
            "raw/{SEED}.toml:5:11: heading regex can match the empty string"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn a_verbose_heading_pattern_ending_in_a_comment_works() {
    let dir = scratch("verbose-heading");
    let path = dir.join(format!("raw/{SEED}.toml"));
    let toml = std::fs::read_to_string(&path).unwrap().replace(
        r"heading = '(?P<role>[\p{Han}、]{2,40}) (?P<name>\p{Han}{2,3})[:：]'",
        r"heading = '(?x) (?P<role>[\p{Han}、]{2,40}) \x20 (?P<name>\p{Han}{2,3}) [:：] # role, name'",
    );
    std::fs::write(&path, toml).unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("23 records"), "{}", text(&out));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_corpus_is_refused() {
    let dir = scratch("symlink");
    let outside = std::env::temp_dir().join(format!("emend-outside-{}.txt", std::process::id()));
    std::fs::write(&outside, "秘密的文字。\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("raw/secret.txt")).unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("raw/secret.txt: a symbolic link to")
            && text(&out).contains("outside the corpus"),
        "{}",
        text(&out)
    );
    assert!(!dir.join("cleaned").exists());
    // A link that stays inside the corpus is fine.
    std::fs::remove_file(dir.join("raw/secret.txt")).unwrap();
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/inside.txt"), "里面的文字。\n").unwrap();
    std::os::unix::fs::symlink(dir.join("sources/inside.txt"), dir.join("raw/inside.txt")).unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// A reader that stops reading ends the output, not the verdict: `check`
/// over a stale cleaned/ still exits 1 when its stdout is closed.
#[test]
fn a_closed_stdout_keeps_checks_status() {
    let dir = scratch("closed-stdout");
    emend(&dir, &["clean"]);
    std::fs::write(dir.join(format!("cleaned/{SEED}.txt")), "stale\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_emend"))
        .arg("check")
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("emend runs");
    // Closed at once: emend is still loading the corpus when it goes.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_toml_that_is_not_utf8_is_a_config_error_at_its_first_bad_byte() {
    let dir = scratch("gbk-toml");
    let path = dir.join(format!("raw/{SEED}.toml"));
    // GBK `注` happens to be valid UTF-8 (D7 A2); `释` is not.
    let (gbk, _, _) = encoding_rs::GBK.encode("# 注释\n");
    let mut bytes = b"# ok\n".to_vec();
    bytes.extend_from_slice(&gbk);
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(&format!("raw/{SEED}.toml:2:4: a TOML file must be UTF-8")),
        "{}",
        text(&out)
    );
    assert!(!dir.join("cleaned").exists(), "nothing may be written");
}

#[test]
fn an_unknown_encoding_in_the_toml_names_its_place() {
    let dir = scratch("bad-encoding");
    let path = dir.join(format!("raw/{SEED}.toml"));
    let toml = format!(
        "encoding = \"nonsense\"\n{}",
        std::fs::read_to_string(&path).unwrap()
    );
    std::fs::write(&path, toml).unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(&format!(
            "raw/{SEED}.toml:1:12: `encoding = \"nonsense\"` is not an encoding name"
        )),
        "{}",
        text(&out)
    );
}
