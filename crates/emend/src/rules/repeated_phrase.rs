use std::collections::HashMap;

use crate::chars::is_han;
use crate::lexicon::replacement_gain;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta, Score};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Puts back a Han character that differs from the one the same
    /// phrase has elsewhere in the document: where the `CONTEXT` Han
    /// characters on each side of a character stand, exactly, around
    /// another character somewhere else in the text, appear nowhere
    /// around this one, and the words read clearly better with the other,
    /// it is replaced.
    ///
    /// ## Why the defect happens
    /// OCR misreads a character as a look-alike (`干` as `平`), and a
    /// person or an input method types a sound-alike, in one place; a
    /// document names its subject in its title, its lead and its body, so
    /// the same phrase stands right elsewhere.
    ///
    /// ## Example
    /// A title `…在徐汇广大平部群众中引发强烈反响` and a lead `…在徐汇广大干部群众中引发热烈反响`:
    /// `徐汇广大?部群众中` holds `干` in the lead and `平` only in the
    /// title, and `干部` is a word where `平部` is none, so the title
    /// reads `干部`.
    ///
    /// ## Fix safety
    /// A suggestion, whatever its score: `check`'s redundancy prefilter
    /// (`emend-cli`'s `corpus/redundancy.rs`) rests on no applied built-in
    /// change writing a character class the text lacked there, and this
    /// rule writes one; until the prefilter can tell where it could, the
    /// rule only suggests. The score is the gain over `MIN_GAIN`; offered
    /// from `MIN_SUGGEST_GAIN`. The evidence is two things together: the
    /// document's own text (eight distinct Han characters around the
    /// place, as they stand elsewhere around the other character, and
    /// never around this one), and jieba's unigram model over the four
    /// Han characters on each side (`lexicon::replacement_gain`). A
    /// numeral is never replaced or written: enumerations repeat a phrase
    /// with another number. On the benchmark: scored 1.00 or more only on
    /// the seed's title (1.26); below it sed's `并借` (a typo in the
    /// source itself, 0.95, in the ground truth and all its texts) and
    /// file.3tcl's OCR `国定` → `固定` (0.71); on 710 pages (2.3 million
    /// characters) of clean manpages-zh, nothing.
    pub struct RepeatedPhrase {
        code: "R205",
        name: "repeated-phrase",
        stage: Structure,
        kind: Repair,
        applicability: Suggestion,
        summary: "A Han character that differs from the same phrase elsewhere in the document",
    }
}

/// Han characters that must match on each side: four make a phrase (a
/// chengyu, two words) that a document repeats on purpose, not by chance.
const CONTEXT: usize = 4;
/// Distinct characters the context must hold to be a phrase: all eight.
/// A context that repeats a character is one that random or degenerate
/// text repeats by chance (the property tests' generated text, built of a
/// dozen characters, had `干是是的?部展的群` twice with another character
/// in the middle, and `干干干干?干干干干` everywhere); the seed's
/// `徐汇广大?部群众中` has eight.
const MIN_DISTINCT: usize = 8;
/// Nats the score is measured against (1.00): the bar at which the rule
/// would apply, were it safe. Any character may stand for any other here
/// (`ocr-misreads` replaces only its table's pairs), so the bar is the
/// most a replacement of this rule gains on the benchmark's 36 ground
/// truths, which must come through unchanged: 7.1 nats, for a typo in
/// the source itself (sed's `并借上次`, which reads `并且上次` where the
/// text repeats it).
const MIN_GAIN: f64 = 7.5;
/// As `ocr-misreads`: above anything correct text showed there (the
/// seed: 2.6).
const MIN_SUGGEST_GAIN: f64 = 3.0;
/// Places of one context kept: the bound keeps the search linear on text
/// that repeats one phrase everywhere. A context with this many places is
/// left alone, since the places not kept may hold this character.
const MAX_PLACES: usize = 64;

impl Rule for RepeatedPhrase {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let index = left_contexts(&chars);
        let mut out = Output::default();
        for i in CONTEXT..chars.len().saturating_sub(CONTEXT) {
            let Some(with) = other_character(&chars, &index, i) else {
                continue;
            };
            let (at, c) = chars[i];
            let gain = replacement_gain(text, at, with);
            if gain < MIN_SUGGEST_GAIN {
                continue;
            }
            let edit = Edit::replace(at..at + c.len_utf8(), with.to_string());
            out.weigh(vec![edit], Score::of(gain, MIN_GAIN));
        }
        out
    }
}

/// The places of each run of `CONTEXT` Han characters, by the run:
/// the index of the character after it.
fn left_contexts(chars: &[(usize, char)]) -> HashMap<[char; CONTEXT], Vec<usize>> {
    let mut index: HashMap<[char; CONTEXT], Vec<usize>> = HashMap::new();
    for i in CONTEXT..chars.len() {
        let window = &chars[i - CONTEXT..i];
        if window.iter().all(|&(_, c)| is_han(c)) {
            let places = index.entry(key(window)).or_default();
            if places.len() < MAX_PLACES {
                places.push(i);
            }
        }
    }
    index
}

/// The character the phrase around `chars[i]` holds elsewhere, when its
/// context (`CONTEXT` Han characters each side) stands around exactly one
/// other character elsewhere and never around this one but here.
fn other_character(
    chars: &[(usize, char)],
    index: &HashMap<[char; CONTEXT], Vec<usize>>,
    i: usize,
) -> Option<char> {
    let c = chars[i].1;
    if !is_han(c) || is_numeral(c) {
        return None;
    }
    let right = &chars[i + 1..i + 1 + CONTEXT];
    if !right.iter().all(|&(_, c)| is_han(c)) {
        return None;
    }
    let left = key(&chars[i - CONTEXT..i]);
    let places = index.get(&left)?;
    if places.len() < 2 || places.len() >= MAX_PLACES {
        // Only here; or so common that the places kept are not all of
        // them, and one not kept may hold this character.
        return None;
    }
    let mut context: Vec<char> = left
        .iter()
        .copied()
        .chain(right.iter().map(|&(_, c)| c))
        .collect();
    context.sort_unstable();
    context.dedup();
    if context.len() < MIN_DISTINCT {
        return None;
    }
    let mut other: Option<char> = None;
    for &p in places.iter().filter(|&&p| p != i) {
        let same_right = chars
            .get(p + 1..p + 1 + CONTEXT)
            .is_some_and(|r| r.iter().zip(right).all(|(a, b)| a.1 == b.1));
        if !same_right {
            continue;
        }
        let x = chars[p].1;
        if x == c {
            // The phrase stands this way elsewhere too: it is the document's.
            return None;
        }
        if !is_han(x) || is_numeral(x) || other.is_some_and(|o| o != x) {
            return None;
        }
        other = Some(x);
    }
    other
}

/// The characters of a context window, as an index key.
fn key(window: &[(usize, char)]) -> [char; CONTEXT] {
    let mut out = ['\0'; CONTEXT];
    for (o, &(_, c)) in out.iter_mut().zip(window) {
        *o = c;
    }
    out
}

/// Han numerals, which a repeated phrase changes on purpose (`第一部分`,
/// `第二部分`).
fn is_numeral(c: char) -> bool {
    "〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾".contains(c)
}
