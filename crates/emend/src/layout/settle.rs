//! A measure that a second run would repeat: the blocks whose joined text
//! the measure would read as hard-wrapped again are left unjoined.
//!
//! The measure finds a block's printed width from its lines, and
//! `wrap-join` removes the line ends it finds. What is left of the block
//! (paragraphs' last lines, lines a little too wide, pairs of lines joined
//! into one) is all a second run has to measure, and three such lines may
//! agree on a second width, often about twice the first: the second run
//! then joins what the first kept, and `clean` is no fixpoint. Fuzzing
//! found this shape in many forms (pairs of lines of a mutated page, a
//! width borrowed by a neighbour, a Latin line running past the width);
//! guards on each form left the next.
//!
//! So the measure asks the question directly: it joins the text as
//! `wrap-join` will, measures that once more, and where the joined block
//! still shows line ends that would be joined, the block's lines support
//! two readings and neither is evidence, so none of its line ends is kept.
//! A block with a width of its own is then left as it is on the next run
//! too, which measures the same lines and reaches the same verdict. It
//! does not answer a width borrowed from a neighbour that other rules'
//! edits change between the runs, other rules' own edits (the simulation
//! is `wrap-join`'s alone), or newlines joined inside a sentence, which
//! are joined whatever the verdict. This is one more measure of the text,
//! not a loop: nothing is repeated until it settles.

use std::ops::Range;

use super::breaks::spaces_han_and_latin;
use super::measure::{forget_line_ends, measure_blocks, Block, Break};
use crate::blocks::is_verse_or_form;
use crate::rules::wrap_join::measured_join;

/// Takes back the line ends of each block of `blocks` (measured on `text`)
/// whose joined text would be measured as hard-wrapped again.
pub(crate) fn refuse_unsettled(
    text: &str,
    cut_out: &[Range<usize>],
    column_spans: &[Range<usize>],
    blocks: &mut [Block],
) {
    let latin_gap = if spaces_han_and_latin(text) { " " } else { "" };
    let joins = joins_of(text, blocks, cut_out, latin_gap);
    if joins.is_empty() {
        return;
    }
    let joined = apply(text, &joins);
    let removed = removed_before_each(&joins);
    let map =
        |r: &Range<usize>| shifted(&joins, &removed, r.start)..shifted(&joins, &removed, r.end);
    let cut: Vec<Range<usize>> = cut_out.iter().map(map).collect();
    let spans: Vec<Range<usize>> = column_spans.iter().map(map).collect();
    let again = measure_blocks(&joined, &cut, &spans);
    // Joins never add or remove a blank line or a form feed, so the blocks
    // correspond one to one; were they ever not to, nothing is refused
    // (and an unsettled block would go unnoticed).
    if again.len() != blocks.len() {
        return;
    }
    let again_joins = joins_of(&joined, &again, &cut, latin_gap);
    for (block, once_more) in blocks.iter_mut().zip(&again) {
        let unsettled = again_joins
            .iter()
            .any(|j| once_more.range.contains(&j.range.start) && j.measured);
        if unsettled {
            forget_line_ends(block);
        }
    }
}

/// One separator `wrap-join` would replace.
struct Join {
    range: Range<usize>,
    gap: &'static str,
    /// Joined by the measure's verdict, not whatever the widths say.
    measured: bool,
}

/// The separators `wrap-join` replaces, in text order: each line end the
/// measure found that it does not keep, and each newline inside a sentence.
fn joins_of(
    text: &str,
    blocks: &[Block],
    cut_out: &[Range<usize>],
    latin_gap: &'static str,
) -> Vec<Join> {
    let mut joins = Vec::new();
    for block in blocks {
        let verse_or_form = is_verse_or_form(&text[block.range.clone()]);
        for b in &block.breaks {
            if cut_out.iter().any(|r| r.contains(&b.at)) {
                continue;
            }
            let measured = measured_join(text, block, b, verse_or_form, latin_gap);
            if measured.is_none() && !b.joined_anyway {
                continue;
            }
            // A newline joined inside a sentence is deleted (see
            // `wrap_join::line_ends_inside_sentences`).
            let gap = measured.unwrap_or("");
            joins.push(Join {
                range: separator(text, b),
                gap,
                measured: measured.is_some(),
            });
        }
    }
    joins
}

/// The bytes of a break's separator: a `\r\n` is one line ending.
fn separator(text: &str, b: &Break) -> Range<usize> {
    let start = if b.sep == '\n' && text[..b.at].ends_with('\r') {
        b.at - 1
    } else {
        b.at
    };
    start..b.at + text[b.at..].chars().next().map_or(0, char::len_utf8)
}

/// `text` with every join made.
fn apply(text: &str, joins: &[Join]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for j in joins {
        out.push_str(&text[last..j.range.start]);
        out.push_str(j.gap);
        last = j.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Bytes the joins before each one removed (one more entry: all of them).
fn removed_before_each(joins: &[Join]) -> Vec<usize> {
    let mut out = Vec::with_capacity(joins.len() + 1);
    let mut removed = 0;
    out.push(0);
    for j in joins {
        removed += j.range.len() - j.gap.len();
        out.push(removed);
    }
    out
}

/// Where offset `at` of the text stands once the joins are made.
fn shifted(joins: &[Join], removed: &[usize], at: usize) -> usize {
    at - removed[joins.partition_point(|j| j.range.end <= at)]
}
