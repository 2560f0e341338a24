//! The lexicon every rule that weighs words shares: jieba's dictionary.
//!
//! One instance, built on first use (about 0.2 s: it parses the 350 000
//! entries of jieba's bundled dictionary), so that `page-break-join` and
//! later rules that ask for words across a join or segment a sentence do
//! not each load their own.

use std::sync::LazyLock;

use jieba_rs::Jieba;

use crate::chars::is_han;

/// jieba's dictionary, loaded once.
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Is `word` in the dictionary?
pub fn has_word(word: &str) -> bool {
    JIEBA.has_word(word)
}

/// Does joining make a dictionary word across the break (`为规` + `划制定`)?
pub fn joins_word(before: &str, after: &str) -> bool {
    let (left, right) = edges(before, after);
    if left.is_empty() || right.is_empty() {
        return false;
    }
    let joined = format!("{left}{right}");
    let boundary = left.len();
    JIEBA.cut(&joined, false).iter().any(|token| {
        let start = token.byte_start;
        let end = start + token.word.len();
        start < boundary && boundary < end && JIEBA.has_word(token.word)
    })
}

/// The sum of the frequencies in jieba's bundled dictionary (jieba's
/// `total`, which is not public in jieba-rs): a word of frequency `f` has
/// the probability `f / TOTAL` under jieba's unigram model. The test
/// `the_dictionary_total_is_jiebas` derives it back from the dictionary.
const TOTAL: f64 = 60_101_967.0;

/// The log-probability of jieba's best segmentation of `text` under its
/// unigram model: the sum over the words of `ln(f / TOTAL)`, a word jieba
/// does not know counting as frequency 1 (as jieba counts it).
fn log_probability(text: &str) -> f64 {
    JIEBA
        .cut(text, false)
        .iter()
        .map(|token| (frequency(token.word) as f64).ln() - TOTAL.ln())
        .sum()
}

/// A word's frequency in jieba's dictionary (1 when it has none).
fn frequency(word: &str) -> usize {
    dictionary_frequency(word).unwrap_or(1)
}

/// A dictionary word's frequency, `None` for a string jieba does not have
/// as a word. `suggest_freq` of a dictionary word is its frequency plus
/// one: its best segmentation is itself.
pub fn dictionary_frequency(word: &str) -> Option<usize> {
    JIEBA
        .has_word(word)
        .then(|| JIEBA.suggest_freq(word).saturating_sub(1).max(1))
}

/// The Han characters at the end of `before` and the start of `after`, at
/// most `JOIN_WINDOW` each: what [`join_gain`] and [`joins_word`] weigh.
fn edges(before: &str, after: &str) -> (String, String) {
    let tail: Vec<char> = before
        .chars()
        .rev()
        .take_while(|&c| is_han(c))
        .take(JOIN_WINDOW)
        .collect();
    let left = tail.into_iter().rev().collect();
    let right = after
        .chars()
        .take_while(|&c| is_han(c))
        .take(JOIN_WINDOW)
        .collect();
    (left, right)
}

/// Characters on each side of a join that are weighed: jieba's longest
/// words that matter here (`中华人民`) are four characters.
const JOIN_WINDOW: usize = 4;

/// How much likelier the text reads joined than as two pieces, in nats:
/// `ln P(left + right) - ln P(left) - ln P(right)` under jieba's unigram
/// model, over the Han characters at the edges. Positive only when a
/// dictionary word spans the join (`每个目` + `录至少` → `目录`, 9.5); zero
/// when the best segmentation keeps the join a word boundary, or when an
/// edge holds no Han character.
pub fn join_gain(before: &str, after: &str) -> f64 {
    let (left, right) = edges(before, after);
    if left.is_empty() || right.is_empty() {
        return 0.0;
    }
    log_probability(&format!("{left}{right}")) - log_probability(&left) - log_probability(&right)
}

/// Byte offsets inside `text` at which jieba's best segmentation (its
/// unigram model, no hidden Markov model) ends one word and starts the
/// next: the word boundaries, without `0` and `text.len()`.
pub fn word_boundaries(text: &str) -> Vec<usize> {
    JIEBA
        .cut(text, false)
        .iter()
        .map(|token| token.byte_start + token.word.len())
        .filter(|&end| end < text.len())
        .collect()
}

/// Does the Han character at byte `at` of `text` stand in a name: a word
/// jieba tags, with its hidden Markov model for words it does not know, as
/// a person's (`nr…`), a place's (`ns`) or an organisation's (`nt`)?
/// Read over the Han characters around it, as many as around a join.
pub fn in_a_name(text: &str, at: usize) -> bool {
    let Some(c) = text[at..].chars().next() else {
        return false;
    };
    let (left, after) = edges(&text[..at], &text[at + c.len_utf8()..]);
    let window = format!("{left}{c}{after}");
    let here = left.chars().count();
    JIEBA.tag(&window, true).iter().any(|t| {
        let len = t.word.chars().count();
        t.start <= here
            && here < t.start + len
            && (t.tag.starts_with("nr") || t.tag == "ns" || t.tag == "nt")
    })
}

/// How much likelier, in nats of jieba's unigram model, the Han run
/// around byte `at` of `text` reads with the character there replaced by
/// `with`: the best segmentation's log-probability of the run (at most
/// `JOIN_WINDOW` Han characters on each side, as [`edges`] takes them)
/// after, minus before. A misread that breaks a word (`未尾`) gains much
/// when the word comes back (`末尾`); a correct character gains nothing
/// or loses.
pub fn replacement_gain(text: &str, at: usize, with: char) -> f64 {
    let Some(c) = text[at..].chars().next() else {
        return 0.0;
    };
    // The Han characters around it, as many as around a join.
    let (left, after) = edges(&text[..at], &text[at + c.len_utf8()..]);
    log_probability(&format!("{left}{with}{after}")) - log_probability(&format!("{left}{c}{after}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_fall_between_words() {
        // `目录` / `包含` / `了` / `文件`
        let text = "目录包含了文件";
        let at = |word: &str| text.find(word).unwrap();
        assert_eq!(
            word_boundaries(text),
            vec![at("包含"), at("了"), at("文件")]
        );
    }

    #[test]
    fn dictionary_words_across_a_break() {
        assert!(joins_word("为规", "划制定实施"));
        assert!(!joins_word("意义重大。", "我们"));
    }

    #[test]
    fn the_dictionary_total_is_jiebas() {
        // Two frequent words whose pair jieba does not know: the best cut
        // of `的是` is `的` + `是`, and `suggest_freq` returns that cut's
        // probability times jieba's total, plus one.
        assert!(!JIEBA.has_word("的是"));
        let (de, shi) = (frequency("的") as f64, frequency("是") as f64);
        let pair = (JIEBA.suggest_freq("的是") - 1) as f64;
        let derived = de * shi / pair;
        assert!((derived / TOTAL - 1.0).abs() < 0.001, "{derived}");
    }

    #[test]
    fn a_word_across_a_join_gains_and_a_word_boundary_does_not() {
        assert!(join_gain("每个目", "录至少有两个") > join_gain("每个目", "的搜索速度") + 3.0);
        assert!(join_gain("每个目", "的搜索速度") > 0.0);
        assert!(
            join_gain("字符起始", "的参数是").abs() < 1e-9,
            "{}",
            join_gain("字符起始", "的参数是")
        );
        assert_eq!(join_gain("意义重大。", "我们"), 0.0);
    }
}
