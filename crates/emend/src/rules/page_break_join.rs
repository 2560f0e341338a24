use std::sync::LazyLock;

use jieba_rs::Jieba;
use regex::Regex;

use crate::blocks::{is_heading_like, is_list_item, is_verse_or_form};
use crate::chars::{is_chinese_side, is_closing, is_han, is_sentence_end};
use crate::layout::tolerance;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Joins a paragraph that a page or column break cut in two: removes the
    /// blank line (or form feed) between text whose printed line ran to the
    /// full width without ending a sentence and the paragraph after it.
    ///
    /// ## Why the defect happens
    /// Extraction emits each page or column as its own run of lines and puts
    /// a blank line or form feed between them, even when a sentence goes on
    /// across the break.
    ///
    /// ## Example
    /// `…为规` ⏎⏎ `划制定实施…`, where `…为规` fills its printed line,
    /// becomes `…为规划制定实施…`.
    ///
    /// ## Fix safety
    /// Safe. The evidence is the page: the raw line before the break ran to
    /// the printed width (measured on the raw text, so it holds after a
    /// declared move), or it ran at least half the width and the join makes
    /// a dictionary word (`规` + `划` → `规划`, jieba's dictionary). A break
    /// after terminal, closing or colon punctuation stays, and so does one
    /// before a heading or list item, or between texts that are not Chinese.
    pub struct PageBreakJoin {
        code: "R102",
        name: "page-break-join",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Join paragraphs split by a page or column break",
    }
}

/// A blank line (or several), or a form feed, with the newlines around it.
static GAP: LazyLock<Regex> =
    LazyLock::new(|| crate::chars::source_regex(r"\r?\n(?:[ \t\r]*\n)+|\r?\n?\x0C\r?\n?"));

/// The shared lexicon: jieba's dictionary.
static LEXICON: LazyLock<Jieba> = LazyLock::new(Jieba::new);

impl Rule for PageBreakJoin {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let gaps: Vec<_> = GAP.find_iter(text).collect();
        let mut edits = Vec::new();
        for (i, gap) in gaps.iter().enumerate() {
            let (before, after) = (&text[..gap.start()], &text[gap.end()..]);
            // The blocks on either side, bounded by the neighbouring gaps.
            let block_before = &text[i.checked_sub(1).map_or(0, |p| gaps[p].end())..gap.start()];
            let block_after = &text[gap.end()..gaps.get(i + 1).map_or(text.len(), |n| n.start())];
            if !sentence_goes_on(before, after)
                || is_verse_or_form(block_before)
                || is_verse_or_form(block_after)
            {
                continue;
            }
            let raw_end = input.provenance.raw_point(gap.start());
            let Some(line) = input.raw.layout.line_ending_at(raw_end) else {
                continue;
            };
            // Width first; the dictionary only for a line that ran at
            // least half the width and no wider than the width.
            let within = line.cells <= line.width + tolerance(line.width);
            if line.full || (within && 2 * line.cells >= line.width && joins_word(before, after)) {
                edits.push(Edit::delete(gap.range()));
            }
        }
        Output::edits(edits)
    }
}

/// Does the text before the break stop mid-sentence, with a paragraph of
/// Chinese text after it?
fn sentence_goes_on(before: &str, after: &str) -> bool {
    let last_line = before.rsplit('\n').next().unwrap_or(before);
    let first_line = after.split('\n').next().unwrap_or(after);
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let open_end = !(is_sentence_end(last) || is_closing(last) || matches!(last, ':' | '：'));
    open_end
        && is_chinese_side(last)
        && is_chinese_side(first)
        && !is_heading_like(last_line)
        && !is_heading_like(first_line)
        && !is_list_item(first_line)
}

/// Does joining make a dictionary word across the break (`为规` + `划制定`)?
fn joins_word(before: &str, after: &str) -> bool {
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
    LEXICON.cut(&joined, false).iter().any(|token| {
        let start = token.byte_start;
        let end = start + token.word.len();
        start < boundary && boundary < end && LEXICON.has_word(token.word)
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
