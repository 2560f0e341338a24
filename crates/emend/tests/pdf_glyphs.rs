//! `pdf-glyphs` on the damage it undoes, made from text nobody here wrote:
//! every ground truth of the benchmark corpus (bench/corpus: 36 Chinese
//! man pages) with each Han character that a Kangxi radical is drawn as
//! replaced by that radical, as a PDF font's ToUnicode table does. The
//! clean of the damaged text must equal the clean of the ground truth
//! but for radicals left in place (at most 2 %): those with no Han
//! character beside them, which are suggested.

use std::path::Path;

use emend::{clean, Options};
use unicode_normalization::char::decompose_compatible;

/// Ideograph → the Kangxi radical (U+2F00–U+2FD5) drawn like it.
fn radical_of() -> std::collections::HashMap<char, char> {
    let mut map = std::collections::HashMap::new();
    for radical in (0x2F00..=0x2FD5).filter_map(char::from_u32) {
        decompose_compatible(radical, |han| {
            map.insert(han, radical);
        });
    }
    map
}

/// `text` with every ideograph a Kangxi radical is drawn like replaced by
/// that radical, and how many were replaced.
fn damage(text: &str, radical_of: &std::collections::HashMap<char, char>) -> (String, usize) {
    let damaged: String = text
        .chars()
        .map(|c| radical_of.get(&c).copied().unwrap_or(c))
        .collect();
    let count = damaged
        .chars()
        .zip(text.chars())
        .filter(|(a, b)| a != b)
        .count();
    (damaged, count)
}

fn ground_truths() -> Vec<(String, String)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/corpus");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&corpus)
        .expect("bench/corpus is committed")
        .filter_map(|e| {
            let dir = e.expect("readable corpus entry").path();
            let gt = std::fs::read_to_string(dir.join("gt.txt")).ok()?;
            Some((dir.file_name()?.to_string_lossy().into_owned(), gt))
        })
        .collect();
    docs.sort();
    docs
}

/// Characters of `got` that differ from `expected`; each must be the
/// radical drawn like the expected ideograph (nothing else changes).
fn radicals_left(
    doc: &str,
    got: &str,
    expected: &str,
    radical_of: &std::collections::HashMap<char, char>,
) -> usize {
    let got: Vec<char> = got.chars().collect();
    let expected: Vec<char> = expected.chars().collect();
    assert_eq!(got.len(), expected.len(), "{doc}: only characters change");
    let mut left = 0;
    for (g, e) in got.iter().zip(&expected) {
        if g != e {
            assert_eq!(radical_of.get(e), Some(g), "{doc}: `{e}` became `{g}`");
            left += 1;
        }
    }
    left
}

#[test]
fn radicals_for_ideographs_are_put_back_in_every_ground_truth() {
    let radical_of = radical_of();
    let suggestions = Options {
        apply_suggestions: true,
        ..Options::default()
    };
    let (mut damaged_chars, mut left, mut left_suggested) = (0, 0, 0);
    let docs = ground_truths();
    assert_eq!(docs.len(), 36);
    for (doc, gt) in &docs {
        let (damaged, count) = damage(gt, &radical_of);
        damaged_chars += count;
        let expected = clean(gt, &Options::default()).expect("cleans").text;
        let got = clean(&damaged, &Options::default()).expect("cleans").text;
        left += radicals_left(doc, &got, &expected, &radical_of);
        let expected = clean(gt, &suggestions).expect("cleans").text;
        let got = clean(&damaged, &suggestions).expect("cleans").text;
        left_suggested += radicals_left(doc, &got, &expected, &radical_of);
    }
    eprintln!(
        "{damaged_chars} radicals put in; left: {left}, {left_suggested} with suggestions applied"
    );
    // Measured: 5067 put in, 29 left, all with no Han character beside
    // them (suggested), 0 with suggestions applied. (When the rule ran per
    // block it left 30 more inside what reads as a Markdown code span, the
    // man pages' `x' quoting; it now runs on the whole text.)
    assert!(damaged_chars > 5_000, "the damage is not trivial");
    assert!(left * 50 <= damaged_chars, "{left} of {damaged_chars} left");
    assert!(
        left_suggested * 100 <= damaged_chars,
        "{left_suggested} left"
    );
}

/// A radical is read in its text through the whitespace that later rules
/// delete: after a line break `wrap-join` joins (`执⏎⾏`), spaced out in a
/// letter-spaced line, or split from its word by a line break before a
/// half-width mark (`播放. ⼩⏎⼼: 损`). Read only where it touched, each was
/// left on a first clean and replaced on a second (with radicals put into
/// the benchmark's raw texts, 186 of 324 outputs changed on a second
/// clean; 42 do now, measured with a harness not committed).
#[test]
fn a_radical_is_read_through_whitespace_other_rules_delete() {
    for text in [
        "命令由子进程来执\n⾏，然后返回。\n",
        "这 是 一 个 ⼤ 文 件 ， 请 勿 打 开 。\n",
        "会试图从损坏的文件头中恢复并进行播放. ⼩\n⼼: 损坏的文件在播放时可能出错。\n",
    ] {
        let once = clean(text, &Options::default()).expect("cleans").text;
        let radicals = once
            .chars()
            .filter(|&c| ('\u{2F00}'..='\u{2FD5}').contains(&c));
        assert_eq!(radicals.count(), 0, "{once:?}");
        let twice = clean(&once, &Options::default()).expect("cleans").text;
        assert_eq!(twice, once);
    }
    // An index of radicals is no damage: spaced apart with Han on one side
    // only, or across a paragraph break from the text.
    for text in [
        "部首 ⼈ ⼝ ⼟\n",
        "本表列出康熙部首。\n\n⼈⼝⼟⼥\n",
        "部首索引：⼈ ⼝ ⼟ ⼥\n\n这一段是正文。\n",
    ] {
        let once = clean(text, &Options::default()).expect("cleans").text;
        assert!(once.contains('⼈'), "{once:?}");
    }
}

/// The same damage in two columns printed side by side (every
/// `pdf-2col-layout` text: `pdftotext -layout` of the two-column PDFs): the
/// columns are put one after the other as on the undamaged page. With
/// `pdf-glyphs` before `column-split`, a radical inside a column's line
/// wrote into the piece that `column-split` moves, and the whole region
/// stayed side by side (`man1-find.1`: 68 moves without radicals, none with).
#[test]
fn radicals_in_two_columns_side_by_side_do_not_stop_the_column_repair() {
    let radical_of = radical_of();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/corpus");
    let (mut damaged_chars, mut left, mut texts) = (0, 0, 0);
    for (doc, _) in ground_truths() {
        let Ok(raw) = std::fs::read_to_string(corpus.join(&doc).join("pdf-2col-layout.raw.txt"))
        else {
            continue;
        };
        texts += 1;
        let (damaged, count) = damage(&raw, &radical_of);
        damaged_chars += count;
        let expected = clean(&raw, &Options::default()).expect("cleans").text;
        let got = clean(&damaged, &Options::default()).expect("cleans").text;
        left += radicals_left(&doc, &got, &expected, &radical_of);
        let again = clean(&got, &Options::default()).expect("cleans").text;
        assert_eq!(again, got, "{doc}: a second clean changes the first's");
    }
    eprintln!("{texts} texts, {damaged_chars} radicals put in; left: {left}");
    assert!(texts >= 30, "the pdf-2col-layout texts are committed");
    assert!(damaged_chars > 5_000, "the damage is not trivial");
    assert!(left * 50 <= damaged_chars, "{left} of {damaged_chars} left");
}
