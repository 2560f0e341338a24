//! The README cannot drift: every command in its `console` blocks runs here
//! and must print what the README shows.
//!
//! A `console` block is a shell session: a line `$ command` runs `command`
//! with bash (stdout and stderr together, `emend` on the PATH), and the lines
//! up to the next `$` are what it must print. A line `…` stands for any
//! number of lines. Each block runs in a fresh scratch copy of the files the
//! README uses (`raw/`, `cleaned/`, `examples/`), so a block may edit them.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::repo_root;

/// One command of the README and the output it shows.
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The `console` blocks of a Markdown text, each a list of examples.
fn console_blocks(markdown: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```console") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), l) => match l.strip_prefix("$ ") {
                Some(command) => block.push(Example {
                    line: i + 1,
                    command: command.to_string(),
                    expected: Vec::new(),
                }),
                None => match block.last_mut() {
                    Some(example) => example.expected.push(l.to_string()),
                    None => panic!("README.md:{}: output before any `$ ` command", i + 1),
                },
            },
            (None, _) => {}
        }
    }
    assert!(
        current.is_none(),
        "README.md: a console block is not closed"
    );
    blocks
}

/// Does `actual` match `expected`, where a `…` line matches any lines?
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, tail)| a == first && matches(rest, tail)),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn scratch(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emend-readme-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // The suggestion example reads one page of the benchmark corpus.
    for sub in ["raw", "cleaned", "examples", "bench/corpus/man1-diff.1"] {
        copy_dir(&repo_root().join(sub), &dir.join(sub));
    }
    dir
}

#[test]
fn every_readme_command_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let blocks = console_blocks(&readme);
    assert!(blocks.len() >= 5, "the README shows its commands");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_emend")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for (n, block) in blocks.iter().enumerate() {
        let dir = scratch(n);
        for example in block {
            let out = Command::new("bash")
                .args(["-c", &format!("{{ {}\n}} 2>&1", example.command)])
                .current_dir(&dir)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let actual = String::from_utf8_lossy(&out.stdout);
            let lines: Vec<&str> = actual.lines().collect();
            if !matches(&example.expected, &lines) {
                failures.push(format!(
                    "README.md:{}: `{}` printed:\n{actual}\nbut the README shows:\n{}\n",
                    example.line,
                    example.command,
                    example.expected.join("\n")
                ));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_matcher_elides_only_where_told() {
    let exp = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&exp(&["a", "…", "z"]), &["a", "b", "c", "z"]));
    assert!(matches(&exp(&["a", "…"]), &["a"]));
    assert!(!matches(&exp(&["a", "z"]), &["a", "b", "z"]));
    assert!(!matches(&exp(&["a"]), &["a", "b"]));
}
