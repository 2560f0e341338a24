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
    let left: String = {
        let tail: Vec<char> = before
            .chars()
            .rev()
            .take_while(|&c| is_han(c))
            .take(4)
            .collect();
        tail.into_iter().rev().collect()
    };
    let right: String = after.chars().take_while(|&c| is_han(c)).take(4).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_words_across_a_break() {
        assert!(joins_word("为规", "划制定实施"));
        assert!(!joins_word("意义重大。", "我们"));
    }
}
