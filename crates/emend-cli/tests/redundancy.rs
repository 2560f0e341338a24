//! `check`'s redundancy test: its prefilter spares the leave-one-out clean
//! of the fixes it shows to be needed, it never calls a redundant fix
//! needed, and the property of the built-in rules it rests on holds on
//! every document the repository holds.

use std::ops::Range;
use std::path::{Path, PathBuf};

use emend::declared::{Declared, FixId, ReplaceFix};
use emend::engine::{clean_document, DocSetup, Options};
use emend::rules::DECLARED;
use emend_cli::corpus::redundancy::{gains, takes_han, Prefilter};
use emend_cli::corpus::{process, redundant_fixes, Document, Redundancy};

mod common;
use common::{repo_root, Rng, SEED};

fn han(rng: &mut Rng) -> char {
    char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap()
}

/// Chinese prose of random characters: `paragraphs` paragraphs of a few
/// sentences, hard-wrapped at 40 characters as a PDF extraction prints them.
fn prose(rng: &mut Rng, paragraphs: usize) -> String {
    let mut out = Vec::new();
    for _ in 0..paragraphs {
        let mut p = String::new();
        for _ in 0..3 + rng.below(5) {
            for i in 0..8 + rng.below(20) {
                if i > 2 && rng.below(10) == 0 {
                    p.push('，');
                }
                p.push(han(rng));
            }
            p.push('。');
        }
        let chars: Vec<char> = p.chars().collect();
        let lines: Vec<String> = chars.chunks(40).map(|c| c.iter().collect()).collect();
        out.push(lines.join("\n"));
    }
    out.join("\n\n") + "\n"
}

/// Puts `count` misreadings into `text` (each a Han character replaced by
/// another) and returns the damaged text with a `[[replace]]` for each.
fn misread(rng: &mut Rng, text: &str, count: usize) -> (String, String) {
    let mut chars: Vec<char> = text.chars().collect();
    let mut toml = String::new();
    let step = chars.len() / (count + 1);
    for k in 1..=count {
        let mut i = k * step;
        while !emend::chars::is_han(chars[i]) {
            i += 1;
        }
        let right = chars[i];
        while chars[i] == right {
            chars[i] = han(rng);
        }
        // The anchor: six characters either side, without line breaks.
        let anchor = |c: &[char]| -> String {
            c[i - 6..=i + 6]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        let find = anchor(&chars);
        let mut repaired = chars.clone();
        repaired[i] = right;
        let with = anchor(&repaired);
        toml.push_str(&replace(&find, &with));
    }
    (chars.into_iter().collect(), toml)
}

/// Writes `text` and `toml` as `raw/doc.txt` and `raw/doc.toml` of a fresh
/// corpus and runs the redundancy check on the document as `emend check`
/// does.
fn check(tag: &str, text: &str, toml: &str) -> Redundancy {
    let dir = std::env::temp_dir().join(format!("emend-redundancy-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("raw")).unwrap();
    std::fs::write(dir.join("raw/doc.txt"), text).unwrap();
    std::fs::write(dir.join("raw/doc.toml"), toml).unwrap();
    let doc = Document::load(&dir.join("raw/doc.txt"), false).unwrap();
    let setup = doc.setup().unwrap();
    let options = Options::default();
    let processed = process(&doc, &setup, &options).unwrap();
    let out = redundant_fixes(&doc, &setup, &processed, &options).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn replace(find: &str, with: &str) -> String {
    format!("[[replace]]\nfind = \"{find}\"\nwith = \"{with}\"\nreason = \"r\"\n\n")
}

/// Forty misreadings, each fixed, in 120 paragraphs (some 30 kB).
fn damaged() -> (String, String) {
    let mut rng = Rng(0x5eed);
    let text = prose(&mut rng, 120);
    misread(&mut rng, &text, 40)
}

#[test]
fn needed_replaces_are_not_cleaned_again() {
    let (text, toml) = damaged();
    let out = check("needed", &text, &toml);
    assert_eq!(out.problems, vec![]);
    assert_eq!(out.full_cleans, 0, "forty needed replaces, no clean again");
}

#[test]
fn a_no_op_fix_is_cleaned_again_and_reported() {
    let (text, toml) = damaged();
    let line = text
        .lines()
        .filter(|l| l.chars().count() >= 30)
        .nth(10)
        .unwrap();
    let anchor: String = line.chars().take(12).collect();
    let toml = toml + &replace(&anchor, &anchor);
    let out = check("no-op", &text, &toml);
    assert_eq!(out.full_cleans, 1, "only the no-op is cleaned again");
    assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    assert!(out.problems[0].message.contains("redundant"));
}

#[test]
fn a_fix_a_built_in_rule_repeats_is_redundant() {
    let (text, toml) = damaged();
    // A half-width comma and a full-width digit in Chinese text:
    // `punct-width` and `fullwidth-alnum` repair both themselves.
    let text = text + "\n前文甲乙,丙丁后文。\n\n其中共有３条。\n";
    let toml = toml + &replace("甲乙,丙丁", "甲乙，丙丁") + &replace("共有３条", "共有3条");
    let out = check("built-in", &text, &toml);
    assert_eq!(out.problems.len(), 2, "{:?}", out.problems);
    assert_eq!(out.full_cleans, 2, "only the two the rules repeat");
}

/// `repeated-phrase` puts back a character the same phrase holds
/// elsewhere: a fix of such a misreading is cleaned again (the prefilter
/// cannot rule out that the rule would make it) and found redundant.
#[test]
fn a_fix_repeated_phrase_repeats_is_redundant() {
    let (text, toml) = damaged();
    let text = text
        + "\n全体乡村教师认真备课，迎接新学期。\n\n会上，全体乡村教帅认真备课的做法受到表扬。\n";
    let toml = toml + &replace("乡村教帅认真", "乡村教师认真");
    let out = check("repeated-phrase", &text, &toml);
    assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    assert!(out.problems[0].message.contains("redundant"));
    assert_eq!(out.full_cleans, 1, "only the fix the rule repeats");
}

#[test]
fn a_deleted_han_character_is_needed_unless_furniture_could_take_it() {
    let (text, toml) = damaged();
    let text = text + "\n前文甲乙丙丁后文。\n";
    let toml = toml + &replace("甲乙丙丁", "甲丙丁");
    let out = check("deleted", &text, &toml);
    assert_eq!((out.problems.len(), out.full_cleans), (0, 0));
    // With a form feed, a running header could hold `乙`: the fix is
    // cleaned again, and found needed.
    let text = text + "\n\u{c}\n尾页。\n";
    let out = check("deleted-ff", &text, &toml);
    assert_eq!((out.problems.len(), out.full_cleans), (0, 1));
}

#[test]
fn replaces_next_to_each_other_are_cleaned_again() {
    let (text, toml) = damaged();
    let text = text + "\n前文甲乙丙丁后文。\n";
    // `乙` and `丙`, side by side.
    let toml = toml + &replace("甲乙丙", "甲子丙") + &replace("丙丁", "寅丁");
    let out = check("adjacent", &text, &toml);
    assert_eq!((out.problems.len(), out.full_cleans), (0, 2));
}

/// Every text the repository holds: the seed, the examples, the benchmark
/// corpus and the engine's fixtures.
fn documents() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    let root = repo_root();
    let mut out = Vec::new();
    for dir in [
        "raw",
        "examples",
        "bench/corpus",
        "crates/emend/tests/fixtures",
    ] {
        walk(&root.join(dir), &mut out);
    }
    out.sort();
    out
}

#[test]
fn no_built_in_change_adds_a_character() {
    let mut seen = 0;
    for path in documents() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(decoded) = emend::decode::decode(&bytes) else {
            continue;
        };
        let raw = decoded.text;
        for apply_suggestions in [false, true] {
            let options = Options {
                apply_suggestions,
                ..Options::default()
            };
            let Ok(cleaned) = emend::clean(&raw, &options) else {
                continue;
            };
            for c in &cleaned.changes {
                if c.code == "R205" {
                    // `repeated-phrase` writes a Han character the text
                    // holds elsewhere, which the prefilter allows for.
                    assert!(
                        c.after.chars().all(|w| raw.contains(w)),
                        "{}: {c:?} writes a character the text does not hold",
                        path.display()
                    );
                    seen += 1;
                    continue;
                }
                if c.code == "R206" {
                    // `sound-alikes` writes a Han character of the same
                    // reading for one Han character, which the prefilter
                    // allows for as for `repeated-phrase`.
                    let one_han =
                        |s: &str| s.chars().count() == 1 && s.chars().all(emend::chars::is_han);
                    assert!(
                        one_han(&c.before) && one_han(&c.after),
                        "{}: {c:?} replaces more than a Han character",
                        path.display()
                    );
                    seen += 1;
                    continue;
                }
                assert!(!gains(c), "{}: {c:?} adds a character", path.display());
                assert!(
                    raw.contains('\u{c}') || !takes_han(c),
                    "{}: {c:?} takes a Han character from a text without form feeds",
                    path.display()
                );
                seen += 1;
            }
        }
    }
    assert!(seen > 10_000, "only {seen} changes looked at");
}

/// Random replaces on the benchmark's documents (page numbers, running
/// headers, letter-spaced OCR), made to tempt the prefilter: copies of
/// neighbouring text, width variants, deletions, form feeds, lines made
/// into running headers. Each fix it calls needed must change the text
/// when left out.
#[test]
fn the_prefilter_never_calls_a_redundant_fix_needed() {
    let mut rng = Rng(0x0dd5);
    let (mut ruled_out, mut redundant, mut fixes) = (0, 0, 0);
    let docs: Vec<PathBuf> = documents()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("bench/corpus"))
        .filter(|p| p.to_string_lossy().ends_with(".raw.txt"))
        .collect();
    for (n, path) in docs.iter().enumerate() {
        // A third of them, in turn, keeps the test quick.
        if n % 3 != 0 {
            continue;
        }
        let raw = std::fs::read_to_string(path).unwrap();
        let setup = DocSetup {
            heading: None,
            declared: Declared {
                replaces: random_fixes(&mut rng, &raw, &[]),
                ..Declared::default()
            },
        };
        let (needed, same) = audit(path, &raw, &setup);
        fixes += setup.declared.ids().len();
        (ruled_out, redundant) = (ruled_out + needed, redundant + same);
    }
    eprintln!("{fixes} fixes: {ruled_out} shown needed, {redundant} redundant");
    assert!(ruled_out > fixes / 3, "{ruled_out} of {fixes} shown needed");
    assert!(redundant > 10, "only {redundant} redundant fixes tried");
}

/// The same beside the seed's moves, deinterleave and dropped headings.
#[test]
fn the_prefilter_never_calls_a_redundant_fix_needed_beside_moves() {
    let doc = Document::load(&repo_root().join(format!("raw/{SEED}.txt")), false).unwrap();
    let seed = doc.setup().unwrap();
    let d = &seed.declared;
    let clear: Vec<Range<usize>> = d
        .replaces
        .iter()
        .map(|f| f.range.clone())
        .chain(d.moves.iter().flat_map(|f| {
            [f.range.clone(), f.to..f.to]
                .into_iter()
                .chain(f.regap.clone())
        }))
        .chain(d.deinterleaves.iter().flat_map(|f| {
            let start = f.lines.iter().chain(&f.separators).map(|r| r.start).min();
            let end = f.lines.iter().chain(&f.separators).map(|r| r.end).max();
            [start.unwrap_or(0)..end.unwrap_or(0), f.to..f.to]
        }))
        .collect();
    let mut rng = Rng(0x5eed);
    let (mut ruled_out, mut redundant) = (0, 0);
    for _ in 0..8 {
        let mut declared = d.clone();
        let first = declared.replaces.len();
        for (k, mut f) in random_fixes(&mut rng, &doc.raw, &clear)
            .into_iter()
            .enumerate()
        {
            f.index = first + k;
            declared.replaces.push(f);
        }
        let setup = DocSetup {
            heading: seed.heading.clone(),
            declared,
        };
        let (needed, same) = audit(&doc.path, &doc.raw, &setup);
        (ruled_out, redundant) = (ruled_out + needed, redundant + same);
    }
    eprintln!("{ruled_out} shown needed, {redundant} redundant");
    assert!(ruled_out > 20, "only {ruled_out} shown needed");
}

/// Cleans `raw` with each fix of `setup` left out, and fails if the
/// prefilter calls a redundant one needed. Returns how many it showed
/// needed, and how many were redundant.
fn audit(path: &Path, raw: &str, setup: &DocSetup) -> (usize, usize) {
    let options = Options::default();
    let all = clean_document(raw, setup, &options).unwrap();
    // `repeated-phrase` may write a class; the prefilter's own reading
    // of the cleaned text stands in for this property there.
    for c in all
        .changes
        .iter()
        .filter(|c| !is_declared(c) && c.code != "R205")
    {
        assert!(!gains(c), "{}: {c:?}", path.display());
    }
    let prefilter = Prefilter::new(raw, &setup.declared, &all);
    let (mut needed, mut redundant) = (0, 0);
    for id in setup.declared.ids() {
        let without = DocSetup {
            heading: setup.heading.clone(),
            declared: setup.declared.without(id),
        };
        let same = clean_document(raw, &without, &options).unwrap().text == all.text;
        redundant += usize::from(same);
        if prefilter.surely_needed(id) {
            needed += 1;
            let FixId::Replace(i) = id else {
                panic!("{id:?}: only replaces can be shown needed")
            };
            let fix = setup
                .declared
                .replaces
                .iter()
                .find(|f| f.index == i)
                .unwrap();
            assert!(
                !same,
                "{}: the prefilter calls {:?} → {:?} needed, but it is redundant",
                path.display(),
                &raw[fix.range.clone()],
                fix.with
            );
        }
    }
    (needed, redundant)
}

fn is_declared(c: &emend::Change) -> bool {
    DECLARED.iter().any(|m| m.code == c.code)
}

/// Up to twelve replaces on `raw`, at random places, none overlapping
/// another or meeting a range of `clear`.
fn random_fixes(rng: &mut Rng, raw: &str, clear: &[Range<usize>]) -> Vec<ReplaceFix> {
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    let lines: Vec<&str> = raw.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut starts: Vec<usize> = (0..12).map(|_| rng.below(chars.len())).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut replaces = Vec::new();
    let mut last_end = 0;
    let mut last_insertion = None;
    for i in starts {
        let at = chars[i].0;
        if at < last_end {
            continue;
        }
        let len = 1 + rng.below(3);
        let end = chars.get(i + len).map_or(raw.len(), |c| c.0);
        let one = chars.get(i + 1).map_or(raw.len(), |c| c.0);
        let pick = |rng: &mut Rng| chars[rng.below(chars.len())].1;
        let (range, with) = match rng.below(10) {
            // A misreading, with a character of the document itself.
            0 => (at..one, pick(rng).to_string()),
            1 => (at..one, han(rng).to_string()),
            // A deletion.
            2 => (at..end, String::new()),
            // The width variant of a character, or a space removed.
            3 => {
                let c = chars[i].1;
                let v = match c {
                    ',' => "，".to_string(),
                    '，' => ",".to_string(),
                    ' ' => String::new(),
                    '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap().to_string(),
                    _ => format!("{c} "),
                };
                (at..one, v)
            }
            // The text beside it, repeated (shifts that look alike).
            4 => (at..at, raw[at..end].to_string()),
            5 => (at..end, raw[end..].chars().take(end - at).collect()),
            // A line made into another line of the document (a running
            // header, perhaps), or a page break.
            6 => {
                let line_end = raw[at..].find('\n').map_or(raw.len(), |j| at + j);
                let line_start = raw[..at].rfind('\n').map_or(0, |j| j + 1);
                let other = lines[rng.below(lines.len())].to_string();
                (line_start.max(last_end)..line_end, other)
            }
            7 => (at..at, "\n\u{c}".to_string()),
            // A no-op.
            8 => (at..end, raw[at..end].to_string()),
            _ => (at..end, format!("第 {} 页", rng.below(9))),
        };
        // Two insertions at one place are refused, as `resolve` refuses them.
        let second_insertion = range.is_empty() && last_insertion == Some(range.start);
        let meets = |r: &Range<usize>| r.start <= range.end && range.start <= r.end;
        if range.start < last_end
            || range.end < range.start
            || second_insertion
            || clear.iter().any(meets)
        {
            continue;
        }
        last_end = range.end;
        last_insertion = range.is_empty().then_some(range.start);
        replaces.push(ReplaceFix {
            index: replaces.len(),
            reason: "r".into(),
            span: 0..0,
            range,
            with,
        });
    }
    replaces
}
