//! The printed-width measure: where did the printed lines of the page end?
//!
//! OCR and PDF extraction turn the end of a printed line into a newline or a
//! space. Inside Chinese text neither belongs there, but a space or newline
//! that the author meant looks the same. The evidence that tells them apart
//! is the page itself: printed lines of one column all have about the same
//! width, so the separators that sit one printed width apart are line ends.
//!
//! [`measure`] works on the raw text, before any edit, in display cells
//! (full-width characters 2, others 1). It looks at *candidates* — a single
//! space or newline with Chinese text or punctuation on both sides — and
//! estimates each block's printed width `W` from the intervals between
//! breaks. A candidate is a line end when it falls `W` cells (within a
//! tolerance) after the previous line end.

use std::ops::Range;

use crate::chars::{cells, is_chinese_side, is_cjk};

/// Least tolerance, in cells, between a line's width and the block's printed
/// width. Justified CJK text compresses punctuation, so lines of one column
/// differ by a few cells.
pub const TOLERANCE: usize = 3;

/// The tolerance for a printed width `w`: wider lines hold more Latin text
/// in a proportional font, whose cells only approximate its printed width,
/// so the tolerance grows with the width (±6 cells at 100).
pub fn tolerance(w: usize) -> usize {
    TOLERANCE.max(w / 16)
}
/// How much shorter than `W` a paragraph's first line may be: an indent the
/// extracted text no longer shows.
pub const INDENT_ALLOWANCE: usize = 7;
/// The narrowest printed width believed: below it, equal intervals are more
/// likely a list or verse than a printed column.
pub const MIN_WIDTH: usize = 20;
/// How many intervals must agree on `W`, and what share of all intervals.
const MIN_AGREEING: usize = 3;
const MIN_AGREEING_SHARE: f64 = 0.6;
/// How many of the agreeing breaks must fall mid-word.
const MIN_MID_WORD: usize = 2;

/// A place where a printed line may have ended: a newline, or a candidate space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    /// Byte offset of the separator in the measured text.
    pub at: usize,
    pub sep: char,
    /// Cells from the block start to this separator (separators take no cells).
    pub col: usize,
    /// A single space or newline with Chinese text on both sides.
    pub candidate: bool,
    /// Does this break take part in measuring? In a block of hard-wrapped
    /// lines the newlines mark the printed lines and spaces inside a line
    /// are content (OCR puts spaces around brackets and between characters);
    /// in a block that arrived as one line, the spaces are the line ends.
    pub measured: bool,
    /// A candidate with letters, not punctuation, on both sides: where a
    /// line end falls by width, not where an author or translator put a
    /// space after a comma.
    pub mid_word: bool,
    /// The measure's verdict: a printed line ended here.
    pub line_end: bool,
}

/// One block (text between blank lines) and what the measure found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Byte range of the block in the measured text.
    pub range: Range<usize>,
    /// The printed width, measured in this block or borrowed from a neighbour.
    pub width: Option<usize>,
    /// Was `width` measured in this block itself?
    pub own_width: bool,
    pub breaks: Vec<Break>,
    /// Cells of the block's last line.
    pub last_line_cells: usize,
    /// Is the last line also a first line (no line end or newline before it)?
    pub last_line_is_first: bool,
}

impl Block {
    pub fn line_ends(&self) -> usize {
        self.breaks.iter().filter(|b| b.line_end).count()
    }

    /// Does the block's last line run to the printed width?
    pub fn last_line_full(&self) -> bool {
        let Some(w) = self.width else { return false };
        let short = if self.last_line_is_first {
            tolerance(w) + INDENT_ALLOWANCE
        } else {
            tolerance(w)
        };
        // A line far wider than the printed width is not one printed line.
        self.last_line_cells + short >= w && self.last_line_cells <= w + tolerance(w)
    }
}

/// The measure of a whole text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub blocks: Vec<Block>,
}

/// A printed line that ends at some raw offset, as the measure saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineEnd {
    /// Cells of the line (known exactly for a block's last line; the
    /// printed width for a measured line end).
    pub cells: usize,
    pub width: usize,
    /// Did the line run to the printed width?
    pub full: bool,
}

impl Layout {
    /// The printed line that ends at raw offset `at`: a block's last line,
    /// or a line end the measure found. `None` when there is no such line or
    /// no known width.
    pub fn line_ending_at(&self, at: usize) -> Option<LineEnd> {
        // Blocks are in text order: a binary search, not a scan per gap.
        let before = self.blocks.partition_point(|b| b.range.start < at);
        let block = self
            .blocks
            .get(before.checked_sub(1)?)
            .filter(|b| at <= b.range.end)?;
        let width = block.width?;
        if block.range.end == at {
            return Some(LineEnd {
                cells: block.last_line_cells,
                width,
                full: block.last_line_full(),
            });
        }
        let found = block.breaks.binary_search_by_key(&at, |b| b.at);
        if !found.is_ok_and(|i| block.breaks[i].line_end) {
            return None;
        }
        Some(LineEnd {
            cells: width,
            width,
            full: true,
        })
    }
}

/// Measures `text`, treating the byte ranges in `cut_out` (sorted, disjoint)
/// as absent: a heading that landed inside a paragraph must not count.
pub fn measure(text: &str, cut_out: &[Range<usize>]) -> Layout {
    let mut blocks: Vec<Block> = block_ranges(text)
        .into_iter()
        .map(|range| measure_block(text, range, cut_out))
        .collect();
    lend_widths(&mut blocks);
    for block in &mut blocks {
        decide_line_ends(block);
    }
    Layout { blocks }
}

/// Byte ranges of the blocks: runs of lines separated by blank lines or form feeds.
pub fn block_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let blank = body.trim().is_empty();
        if blank || body.contains('\u{c}') {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
            // A form feed inside a line splits it: both halves are blocks.
            if !blank {
                for part in split_form_feeds(body, offset) {
                    out.push(part);
                }
            }
        } else {
            start.get_or_insert(offset);
            end = offset + body.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

fn split_form_feeds(body: &str, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = offset;
    for part in body.split('\u{c}') {
        let trimmed_start = part.len() - part.trim_start().len();
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let s = pos + trimmed_start;
            out.push(s..s + trimmed.len());
        }
        pos += part.len() + 1;
    }
    out
}

/// Characters of the block that count, with their byte offsets. A `\r`
/// before a `\n` is part of the line ending, not text.
fn visible_chars(text: &str, range: Range<usize>, cut_out: &[Range<usize>]) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    text[range.clone()]
        .char_indices()
        .map(|(i, c)| (range.start + i, c))
        .filter(|&(at, c)| !(c == '\r' && bytes.get(at + 1) == Some(&b'\n')))
        .filter(|(at, _)| !cut_out.iter().any(|r| r.contains(at)))
        .collect()
}

fn measure_block(text: &str, range: Range<usize>, cut_out: &[Range<usize>]) -> Block {
    let chars = visible_chars(text, range.clone(), cut_out);
    let is_candidate = |i: usize| {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|x| x.1);
        matches!(chars[i].1, ' ' | '\n')
            && prev.is_some_and(is_chinese_side)
            && next.is_some_and(is_chinese_side)
    };
    let hard_wrapped = (0..chars.len())
        .filter(|&i| chars[i].1 == '\n' && is_candidate(i))
        .count()
        >= 2;
    let mut breaks = Vec::new();
    let mut col = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|x| x.1);
        let candidate = is_candidate(i);
        if c == '\n' || candidate {
            let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            breaks.push(Break {
                at,
                sep: c,
                col,
                candidate,
                measured: c == '\n' || !hard_wrapped,
                mid_word: candidate && letter(prev) && letter(next),
                line_end: false,
            });
        } else if c == ' ' && hard_wrapped && (prev.is_some_and(is_cjk) || next.is_some_and(is_cjk))
        {
            // A space OCR put beside Chinese text takes no printed width.
        } else {
            col += cells(c);
        }
    }
    let width = estimate_width(&breaks);
    // The last line's cells and whether it is a first line are known once
    // the line ends are decided (`decide_line_ends`): until then the whole
    // block counts as its last, first line.
    Block {
        range,
        width,
        own_width: width.is_some(),
        breaks,
        last_line_cells: col,
        last_line_is_first: true,
    }
}

/// The printed width: the median of the largest group of intervals that
/// agree within the tolerance, when the evidence is strong enough.
///
/// Only intervals that end at a candidate count (a hard newline before a
/// list item or a line of code says nothing about width). The group must
/// hold at least three intervals and most of them, and at least two of
/// its breaks must fall mid-word: clean text that puts a space after every
/// comma has regular-looking intervals too, but its spaces all sit beside
/// punctuation, while printed line ends fall wherever the width runs out.
fn estimate_width(breaks: &[Break]) -> Option<usize> {
    // A space beside punctuation may be the author's (`思想, 不断`) rather
    // than a line end; when such spaces break up the agreement, the
    // mid-word breaks alone may still show the width.
    width_from(breaks, |b| b.candidate).or_else(|| width_from(breaks, |b| b.mid_word))
}

/// The width from the intervals that end at the breaks `ends` picks.
fn width_from(breaks: &[Break], ends: impl Fn(&Break) -> bool) -> Option<usize> {
    let mut intervals: Vec<(usize, bool)> = Vec::with_capacity(breaks.len());
    let mut last = 0;
    for b in breaks.iter().filter(|b| b.measured) {
        if ends(b) {
            intervals.push((b.col - last, b.mid_word));
            last = b.col;
        } else if !b.candidate {
            last = b.col;
        }
    }
    intervals.sort_unstable();

    let mut best: &[(usize, bool)] = &[];
    for (i, &(v, _)) in intervals.iter().enumerate() {
        let end = intervals[i..].partition_point(|&(x, _)| x <= v + 2 * tolerance(v)) + i;
        // Prefer the larger group, then the wider one: full lines are the longest.
        if end - i >= best.len() {
            best = &intervals[i..end];
        }
    }
    let mid_word = best.iter().filter(|(_, m)| *m).count();
    let enough = best.len() >= MIN_AGREEING
        && best.len() as f64 >= MIN_AGREEING_SHARE * intervals.len() as f64
        && mid_word >= MIN_MID_WORD;
    let width = best.get(best.len() / 2)?.0;
    (enough && width >= MIN_WIDTH).then_some(width)
}

/// Blocks that show no width of their own take the width of the nearest
/// measured block, the previous one first: a column keeps its width across
/// paragraphs and pages. A borrowed width is weaker evidence: only the
/// chain from the block's start finds line ends in it (see
/// `decide_line_ends`), and `stray-cjk-space` ignores it.
fn lend_widths(blocks: &mut [Block]) {
    let own: Vec<Option<usize>> = blocks
        .iter()
        .map(|b| b.own_width.then_some(b.width).flatten())
        .collect();
    // The nearest measured width before and after each block, in one pass
    // each way (a scan per block is quadratic on long clean texts).
    let mut nearest_before = vec![None; own.len()];
    for i in 1..own.len() {
        nearest_before[i] = own[i - 1].or(nearest_before[i - 1]);
    }
    let mut nearest_after = vec![None; own.len()];
    for i in (0..own.len().saturating_sub(1)).rev() {
        nearest_after[i] = own[i + 1].or(nearest_after[i + 1]);
    }
    for (i, block) in blocks.iter_mut().enumerate() {
        if block.own_width {
            continue;
        }
        let previous = nearest_before[i];
        let next = nearest_after[i];
        block.width = previous.or(next);
    }
}

/// Does a line of `cells` end at the printed width `w`?
fn fits(cells: usize, w: usize, first_line: bool) -> bool {
    let tol = tolerance(w);
    let short = if first_line {
        tol + INDENT_ALLOWANCE
    } else {
        tol
    };
    // A line end that was not a candidate (next to Latin text, say) leaves
    // the chain one or two lines behind; a multiple of W picks it up again.
    (1..=3).any(|k| {
        let slack = tol + (k - 1);
        let target = k * w;
        let low = target.saturating_sub(if k == 1 { short } else { slack });
        (low..=target + slack).contains(&cells)
    })
}

/// Does `b` end a line of `cells`? A space beside punctuation may be one
/// the author typed (`，␣但`), so it counts only when it sits within the
/// least tolerance of the width, with no allowance for missed line ends.
fn break_fits(b: &Break, cells: usize, w: usize, first_line: bool) -> bool {
    if b.sep == ' ' && !b.mid_word {
        let short = if first_line {
            TOLERANCE + INDENT_ALLOWANCE
        } else {
            TOLERANCE
        };
        (w.saturating_sub(short)..=w + TOLERANCE).contains(&cells)
    } else {
        fits(cells, w, first_line)
    }
}

fn decide_line_ends(block: &mut Block) {
    let Some(w) = block.width else { return };
    chain_forward(block, w);
    // Pairs of breaks one width apart are evidence only where the width is
    // the block's own: in a block that borrowed it, two spaces the author
    // put one width apart by chance would count.
    if block.own_width {
        chain_pairs(block, w);
    }
    let line_start = block
        .breaks
        .iter()
        .rev()
        .find(|b| b.measured && (b.line_end || b.sep == '\n'));
    block.last_line_is_first = line_start.is_none_or(|b| !b.line_end);
    block.last_line_cells -= line_start.map_or(0, |b| b.col);
}

/// From the block start: a candidate one printed width after the previous
/// line end is a line end. A hard newline starts a new chain.
fn chain_forward(block: &mut Block, w: usize) {
    let mut line_start = 0;
    let mut first_line = true;
    for b in block.breaks.iter_mut().filter(|b| b.measured) {
        b.line_end = b.candidate && break_fits(b, b.col - line_start, w, first_line);
        if b.line_end || b.sep == '\n' {
            first_line = !b.line_end;
            line_start = b.col;
        }
    }
}

/// Pairs of candidates one printed width apart are line ends too, even
/// where the chain from the block start missed them: a first line can be
/// short for a reason the text does not show (a figure beside it, a page
/// continued from elsewhere). A hard newline between them breaks the pair.
fn chain_pairs(block: &mut Block, w: usize) {
    let n = block.breaks.len();
    for i in 0..n {
        if !(block.breaks[i].candidate && block.breaks[i].measured) {
            continue;
        }
        let col = block.breaks[i].col;
        for j in i + 1..n {
            let next = &block.breaks[j];
            if !next.measured {
                continue;
            }
            if next.col > col + w + tolerance(w) {
                break;
            }
            if next.candidate
                && break_fits(next, next.col - col, w, false)
                && block.breaks[i].mid_word
            {
                block.breaks[i].line_end = true;
                block.breaks[j].line_end = true;
                break;
            }
            if next.sep == '\n' && !next.line_end {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_on_blank_lines_and_form_feeds() {
        let text = "ab\ncd\n\nef\u{c}gh\n  \nij";
        let ranges: Vec<&str> = block_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(ranges, vec!["ab\ncd", "ef", "gh", "ij"]);
    }

    #[test]
    fn equal_intervals_are_line_ends() {
        // Four printed lines of 10 characters (20 cells), ended by spaces.
        let line = "一二三四五六七八九十";
        let text = format!("{line} {line} {line} {line} 完");
        let layout = measure(&text, &[]);
        let block = &layout.blocks[0];
        assert_eq!(block.width, Some(20));
        assert_eq!(block.line_ends(), 4);
    }

    #[test]
    fn a_deliberate_space_is_not_a_line_end() {
        let text = "办公室主任 李明：";
        let layout = measure(text, &[]);
        assert_eq!(layout.blocks[0].width, None);
        assert_eq!(layout.blocks[0].line_ends(), 0);
    }

    #[test]
    fn random_line_lengths_give_no_width() {
        let text = "一二三。\n一二三四五六七八九十一二三四五。\n一二三四五六七。\n一二。";
        let layout = measure(text, &[]);
        assert_eq!(layout.blocks[0].width, None);
    }
}
