use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use pinyin::ToPinyin;

use crate::chars::is_han;
use crate::documents_words::{is_the_documents, made_when_needed, Proposal, Word, MIN_REPEATS};
use crate::lexicon::{dictionary_frequency, has_word, in_a_name, replacement_gain};
use crate::rules::{declare_rule, Document, Input, Output, Rule, RuleMeta, Score};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Suggests the character a typist meant where an input method gave a
    /// sound-alike: a Han character between two others that makes no word
    /// with either, where a character of the same reading (tones aside)
    /// makes one and the words around read clearly better with it
    /// (`服乌器` → `服务器`).
    ///
    /// ## Why the defect happens
    /// Chinese is typed by its sound: the input method offers every
    /// character of the typed reading, and a hurried pick, or a dictation
    /// program, takes the wrong one. Nothing checks it.
    ///
    /// ## Example
    /// `客户端会连接到服乌器的端口` is suggested as `…服务器…`: `服乌`
    /// and `乌器` are no words, `服务器` is one, and `乌` and `务` are
    /// both read `wu`.
    ///
    /// ## Fix safety
    /// A suggestion: it scores its edit (1.00 at `MIN_GAIN` nats) but never
    /// applies it by itself. The readings are the `pinyin` crate's usual
    /// reading of every character jieba's dictionary has as a word of its
    /// own; the evidence is jieba's unigram model over the Han characters
    /// around it (`lexicon::replacement_gain`), offered from
    /// `MIN_SUGGEST_GAIN` nats, or from `MIN_GAIN_FOR_THE_DOCUMENTS_WORD`
    /// when the word it makes is one the document writes `MIN_REPEATS`
    /// times (counting the words its other suggestions make: `格时` in a
    /// page that writes `格式` throughout). A character that makes a dictionary word
    /// with a neighbour is left alone, so a word typed for another word
    /// of the same sound (`高效` for `高校`) is not found: a unigram model
    /// cannot tell which of two words the sentence wants. Suggestions
    /// within `REACH` of each other go together, and a group is dropped
    /// when the text with it made would offer another within reach (a
    /// second clean with suggestions applied must find nothing new). The
    /// user dictionary's `never` words are left alone, as by every typo
    /// rule, and so is a pair the document itself writes `MIN_REPEATS`
    /// times (the suspect with either neighbour): a term jieba does not
    /// know (`显式`, `充份`), where a hurried pick is seldom made twice the
    /// same way.
    pub struct SoundAlikes {
        code: "R206",
        name: "sound-alikes",
        stage: Words,
        kind: Repair,
        applicability: Suggestion,
        summary: "Han characters typed for a sound-alike, where the words show it",
    }
}

/// Nats at which a replacement scores 1.00.
const MIN_GAIN: f64 = 12.0;
/// Nats from which a replacement is suggested.
const MIN_SUGGEST_GAIN: f64 = 8.0;
/// Nats from which a replacement is suggested when the word it makes is
/// the document's own (written `MIN_REPEATS` times). Set on the training
/// half (`emend-score typos --half train`, seed 1, with suggestions
/// applied): from 8 nats to 4 the sound-alikes corrected went 15 → 30 of
/// 64 and the wrong ones 3 → 4 (2 nats: 31 and 4), while the suggestions
/// on the clean prose of `bench/clean-prose` and the ground truths went
/// 33 → 48 (2 nats: 73), some of them the pages' own typos (`按扭`,
/// `方变`).
const MIN_GAIN_FOR_THE_DOCUMENTS_WORD: f64 = 4.0;

/// Every character jieba's dictionary has as a word of its own, by its
/// usual reading, tones aside: the candidates an input method offers for
/// that reading.
static BY_READING: LazyLock<BTreeMap<&'static str, Vec<char>>> = LazyLock::new(|| {
    let mut by_reading: BTreeMap<&'static str, Vec<char>> = BTreeMap::new();
    for c in ('\u{4E00}'..='\u{9FFF}').filter(|&c| has_word(c.encode_utf8(&mut [0; 4]))) {
        if let Some(reading) = c.to_pinyin() {
            by_reading.entry(reading.plain()).or_default().push(c);
        }
    }
    by_reading
});

/// The characters read as `c` is, tones aside, but `c`.
fn sound_alikes(c: char) -> impl Iterator<Item = char> {
    c.to_pinyin()
        .and_then(|p| BY_READING.get(p.plain()))
        .into_iter()
        .flatten()
        .copied()
        .filter(move |&d| d != c)
}

/// Does `c` make a dictionary word with the character before or after it?
fn makes_a_word(before: char, c: char, after: char) -> bool {
    word_frequency(before, c) > 0 || word_frequency(c, after) > 0
}

/// The frequency of the pair as a dictionary word, 0 when it is none.
/// (Written on the stack: this is asked of every Han character.)
fn word_frequency(a: char, b: char) -> usize {
    let mut buf = [0u8; 8];
    let n = a.encode_utf8(&mut buf).len();
    let m = b.encode_utf8(&mut buf[n..]).len();
    std::str::from_utf8(&buf[..n + m])
        .ok()
        .and_then(dictionary_frequency)
        .unwrap_or(0)
}

/// Candidates weighed with jieba's model, the most frequent words first:
/// the gain is mostly the new word's frequency, and weighing every
/// candidate of a common reading cost as much as the rest of the rules.
const WEIGHED: usize = 2;

impl Rule for SoundAlikes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let document = input.document;
        let candidates = candidates(text, &chars, document);
        // Only a candidate below `MIN_SUGGEST_GAIN` needs them.
        let needing = candidates
            .iter()
            .filter(|c| c.gain < MIN_SUGGEST_GAIN)
            .map(|c| c.words.as_slice());
        let made = made_when_needed(document, needing, |whole| proposals(whole, document));
        let evidence = Evidence { document, made };
        let offered: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| evidence.offers(c) && !in_a_name(text, chars[c.k].0))
            .collect();
        let mut out = Output::default();
        for cluster in offered.chunk_by(|a, b| b.k - a.k <= 2 * REACH) {
            if offers_more(&chars, cluster, &evidence) {
                continue;
            }
            for p in cluster {
                let (at, c) = chars[p.k];
                let edit = Edit::replace(at..at + c.len_utf8(), p.meant.to_string());
                out.weigh(vec![edit], Score::of(p.gain, MIN_GAIN));
            }
        }
        out
    }
}

/// Every candidate of `text`, in text order.
fn candidates(text: &str, chars: &[(usize, char)], document: &Document<'_>) -> Vec<Candidate> {
    (1..chars.len().saturating_sub(1))
        .filter_map(|k| candidate(text, chars, k, document))
        .collect()
}

/// The candidates of the whole text as proposals: made by themselves from
/// `MIN_SUGGEST_GAIN`, otherwise waiting on the document's words. What
/// this rule counts as made, and `ocr-misreads` too (as made, whatever
/// their gain: it runs first, and these suggestions, applied, write their
/// words before its second run).
pub fn proposals(whole: &str, document: &Document<'_>) -> Vec<Proposal> {
    let chars: Vec<(usize, char)> = whole.char_indices().collect();
    candidates(whole, &chars, document)
        .into_iter()
        .map(|c| Proposal {
            by_itself: c.gain >= MIN_SUGGEST_GAIN,
            words: c.words,
        })
        .collect()
}

/// A suspect and the sound-alike that reads best in its place: the
/// `k`-th character of the text read as `meant`, `gain` nats likelier,
/// making the dictionary words `words` (one or two pairs of characters).
struct Candidate {
    k: usize,
    meant: char,
    gain: f64,
    words: Vec<Word>,
}

/// The candidate for the `k`-th character, if it is a suspect (a Han
/// character between two others that makes no word with either, and that
/// the document does not write with a neighbour again: `vocabulary`)
/// whose best sound-alike gains `MIN_GAIN_FOR_THE_DOCUMENTS_WORD`.
/// Whether it stands in a name (`lexicon::in_a_name`, jieba's tagger and
/// the costliest question) is asked only of the candidates offered: the
/// words the whole text's candidates make count those in names too,
/// which errs on the safe side.
fn candidate(
    text: &str,
    chars: &[(usize, char)],
    k: usize,
    vocabulary: &Document<'_>,
) -> Option<Candidate> {
    let (before, (at, c), after) = (
        chars.get(k.checked_sub(1)?)?.1,
        *chars.get(k)?,
        chars.get(k + 1)?.1,
    );
    if !(is_han(before) && is_han(c) && is_han(after))
        || makes_a_word(before, c, after)
        || vocabulary.han_pair_count(before, c) >= MIN_REPEATS
        || vocabulary.han_pair_count(c, after) >= MIN_REPEATS
    {
        return None;
    }
    let mut words: Vec<(usize, char)> = sound_alikes(c)
        .map(|d| (word_frequency(before, d).max(word_frequency(d, after)), d))
        .filter(|&(f, _)| f > 0)
        .collect();
    words.sort_unstable_by(|a, b| b.cmp(a));
    let (gain, meant) = words
        .iter()
        .take(WEIGHED)
        .map(|&(_, d)| (replacement_gain(text, at, d), d))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?;
    if gain < MIN_GAIN_FOR_THE_DOCUMENTS_WORD {
        return None;
    }
    let words = [(before, meant), (meant, after)]
        .into_iter()
        .filter(|&(a, b)| word_frequency(a, b) > 0)
        .collect();
    Some(Candidate {
        k,
        meant,
        gain,
        words,
    })
}

/// The document's words, and the words the whole text's candidates make.
struct Evidence<'a, 'd> {
    document: &'a Document<'d>,
    made: &'a HashMap<Word, u32>,
}

impl Evidence<'_, '_> {
    /// Is `c` offered: does it gain `MIN_SUGGEST_GAIN`, or make a word the
    /// document writes, counting those made?
    fn offers(&self, c: &Candidate) -> bool {
        c.gain >= MIN_SUGGEST_GAIN
            || c.words
                .iter()
                .any(|&w| is_the_documents(self.document, self.made, w))
    }
}

/// Characters on each side of a change whose reading it may change: the
/// Han characters `lexicon::replacement_gain` weighs on each side.
const REACH: usize = 4;

/// Would the text, with the group's candidates made, offer another within
/// their reach? Then they are not offered: applied, they would leave a
/// second clean something to do (fuzzing found suspects side by side
/// that did). One look at the changed text, not a loop.
fn offers_more(
    chars: &[(usize, char)],
    cluster: &[&Candidate],
    evidence: &Evidence<'_, '_>,
) -> bool {
    let (first, last) = (cluster[0].k, cluster[cluster.len() - 1].k);
    // The characters every suspect in reach reads, and no more: building
    // the whole text again for each group made a page of random Han text
    // quadratic.
    let lo = first.saturating_sub(2 * REACH + 1);
    let hi = (last + 2 * REACH + 2).min(chars.len());
    let mut changed: Vec<char> = chars[lo..hi].iter().map(|&(_, c)| c).collect();
    for c in cluster {
        changed[c.k - lo] = c.meant;
    }
    let changed_text: String = changed.iter().collect();
    let changed_chars: Vec<(usize, char)> = changed_text.char_indices().collect();
    let reach = first.saturating_sub(REACH).max(1)..(last + REACH + 1).min(chars.len());
    reach.into_iter().any(|k| {
        candidate(&changed_text, &changed_chars, k - lo, evidence.document)
            .is_some_and(|c| evidence.offers(&c) && !in_a_name(&changed_text, changed_chars[c.k].0))
    })
}

#[cfg(test)]
mod tests {
    use crate::{clean, Options};

    fn suggestions(text: &str) -> usize {
        let cleaned = clean(text, &Options::default()).unwrap();
        cleaned
            .findings
            .iter()
            .filter(|f| f.rule == "sound-alikes")
            .count()
    }

    #[test]
    fn a_word_the_document_writes_lowers_the_bar() {
        // `时` for `式`: jieba's words alone gain too little (4.5 nats) to
        // offer it, but a page that writes `格式` twice shows the word.
        let slip = "典型的格时是文本。\n";
        assert_eq!(suggestions(slip), 0);
        let page = "输出的格式由选项决定。\n\n典型的格时是文本。\n\n另一种格式是表格。\n";
        assert_eq!(suggestions(page), 1);
        let applying = Options {
            apply_suggestions: true,
            ..Options::default()
        };
        let cleaned = clean(page, &applying).unwrap();
        assert!(
            cleaned.text.contains("典型的格式是文本"),
            "{}",
            cleaned.text
        );
    }

    #[test]
    fn a_pair_the_document_writes_twice_is_its_own_word() {
        assert_eq!(suggestions("客户端会连接到服乌器的端口。\n"), 1);
        let twice = "客户端会连接到服乌器的端口。\n\n服乌器的地址写在配置文件里。\n";
        assert_eq!(suggestions(twice), 0);
    }
}
