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
    /// Safe from `MIN_GAIN` nats, a suggestion from `MIN_SUGGEST_GAIN`:
    /// the score is the gain over `MIN_GAIN`, so `suggestion-threshold`
    /// moves the line. The evidence is two things together: the
    /// document's own text (eight distinct Han characters around the
    /// place, as they stand elsewhere around the other character, and
    /// never around this one), and jieba's unigram model over the four
    /// Han characters on each side (`lexicon::replacement_gain`). A
    /// numeral is never replaced or written: enumerations repeat a phrase
    /// with another number. Two places within `CONTEXT` characters of
    /// each other's place or phrase elsewhere are only suggested, so that
    /// no write changes the phrase another write rests on (`check`'s
    /// redundancy prefilter, `emend-cli`'s `corpus/redundancy.rs`, reads
    /// the phrases a write leaves behind). On the benchmark: scored 1.00
    /// or more only on the seed's title (1.26), the only change of the
    /// 722 default and suggestion-applying runs over every text of
    /// `bench/corpus` that making the rule safe brought; below it sed's
    /// `并借` (a typo in the source itself, 0.95, in the ground truth and
    /// all its texts) and file.3tcl's OCR `国定` → `固定` (0.71); on 710
    /// pages (2.3 million characters) of clean manpages-zh, nothing.
    pub struct RepeatedPhrase {
        code: "R205",
        name: "repeated-phrase",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "A Han character that differs from the same phrase elsewhere in the document",
    }
}

/// Han characters that must match on each side: four make a phrase (a
/// chengyu, two words) that a document repeats on purpose, not by chance.
pub const CONTEXT: usize = 4;
/// Distinct characters the context must hold to be a phrase: all eight.
/// A context that repeats a character is one that random or degenerate
/// text repeats by chance (the property tests' generated text, built of a
/// dozen characters, had `干是是的?部展的群` twice with another character
/// in the middle, and `干干干干?干干干干` everywhere); the seed's
/// `徐汇广大?部群众中` has eight.
const MIN_DISTINCT: usize = 8;
/// Nats from which a replacement is applied (score 1.00). Any character
/// may stand for any other here (`ocr-misreads` replaces only its table's
/// pairs), so the bar is above the most a replacement of this rule gains
/// on the benchmark's 36 ground truths, which must come through
/// unchanged: 7.1 nats, for a typo in the source itself (sed's `并借上次`,
/// which reads `并且上次` where the text repeats it).
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
        let mut candidates: Vec<Candidate> = Vec::new();
        for i in CONTEXT..chars.len().saturating_sub(CONTEXT) {
            let Some((with, matches)) = other_character(&chars, &index, i) else {
                continue;
            };
            let (at, c) = chars[i];
            let gain = replacement_gain(text, at, with);
            if gain >= MIN_SUGGEST_GAIN {
                let edit = Edit::replace(at..at + c.len_utf8(), with.to_string());
                candidates.push(Candidate {
                    place: i,
                    matches,
                    edit,
                    gain,
                });
            }
        }
        let mut out = Output::default();
        let apart = apart(&candidates);
        for (candidate, apart) in candidates.into_iter().zip(apart) {
            if apart {
                out.weigh(vec![candidate.edit], Score::of(candidate.gain, MIN_GAIN));
            } else {
                out.suggest(candidate.edit);
            }
        }
        out
    }
}

/// For each candidate, whether no other candidate's place lies within
/// `CONTEXT` characters of its place or of a place of its phrase
/// elsewhere: only then may it be applied, so that no write changes the
/// phrase another rests on. The candidates come in text order, so each
/// question is a binary search: linear in the text, whatever it repeats.
fn apart(candidates: &[Candidate]) -> Vec<bool> {
    let places: Vec<usize> = candidates.iter().map(|c| c.place).collect();
    debug_assert!(places.windows(2).all(|w| w[0] < w[1]), "in text order");
    // How many candidates other than the one at `own` lie within
    // `CONTEXT` characters of `p`.
    let others_near = |p: usize, own: usize| {
        let from = places.partition_point(|&q| q + CONTEXT < p);
        let to = places.partition_point(|&q| q <= p + CONTEXT);
        (from..to).filter(|&j| j != own).count()
    };
    candidates
        .iter()
        .enumerate()
        .map(|(k, candidate)| {
            std::iter::once(candidate.place)
                .chain(candidate.matches.iter().copied())
                .all(|p| others_near(p, k) == 0)
        })
        .collect()
}

/// A place where the phrase elsewhere holds another character.
struct Candidate {
    /// Index of the character, in the text's characters.
    place: usize,
    /// Indexes of the characters the same phrase holds elsewhere.
    matches: Vec<usize>,
    edit: Edit,
    gain: f64,
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

/// The character the phrase around `chars[i]` holds elsewhere, with the
/// places it stands there, when its context (`CONTEXT` Han characters each
/// side) stands around exactly one other character elsewhere and never
/// around this one but here.
fn other_character(
    chars: &[(usize, char)],
    index: &HashMap<[char; CONTEXT], Vec<usize>>,
    i: usize,
) -> Option<(char, Vec<usize>)> {
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
    let mut matches = Vec::new();
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
        matches.push(p);
    }
    Some((other?, matches))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(place: usize, matches: &[usize]) -> Candidate {
        Candidate {
            place,
            matches: matches.to_vec(),
            edit: Edit::replace(0..0, String::new()),
            gain: 10.0,
        }
    }

    #[test]
    fn a_write_near_another_writes_phrase_is_only_suggested() {
        // Far from each other and from each other's phrase: both apply.
        let far = [candidate(10, &[100]), candidate(50, &[200])];
        assert_eq!(apart(&far), [true, true]);
        // The second writes inside the phrase elsewhere (place 100) that
        // the first rests on: the first is only suggested; the second's
        // own phrases nothing else writes into.
        let near_phrase = [candidate(10, &[100]), candidate(104, &[300])];
        assert_eq!(apart(&near_phrase), [false, true]);
        // Within the phrase around the place itself.
        let near_place = [candidate(6, &[300]), candidate(10, &[100])];
        assert_eq!(apart(&near_place), [false, false]);
    }
}
