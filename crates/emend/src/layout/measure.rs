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

use super::breaks::inside_a_sentence;
use super::columns::{regions, Region};
use crate::chars::{cells, is_chinese_side, is_cjk, is_invisible_mark};
use crate::rules::punct_width::full_width_marks;

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
/// The widest printed width believed: a line across an A3 page in landscape
/// (about 380 mm of text) at 7 pt, the smallest body type, holds about 150
/// full-width characters, 300 cells. The widest measured in the benchmark,
/// the seed and `raw/` is 123. Wider equal intervals are a coincidence of
/// joined paragraphs: fuzzing found a second run that measured 577 cells
/// between the spaces of one long line the first run had left alone.
pub const MAX_WIDTH: usize = 300;
/// Is `w` a printed width the measure may believe?
fn believable(w: usize) -> bool {
    (MIN_WIDTH..=MAX_WIDTH).contains(&w)
}
/// How many intervals must agree on `W`, and what share of all intervals.
const MIN_AGREEING: usize = 3;
const MIN_AGREEING_SHARE: f64 = 0.6;
/// Spaces that part two columns printed side by side. Prose puts at most
/// two spaces between words (after a full stop in typewriter style);
/// `pdftotext -layout` leaves at least three between columns in the
/// benchmark's pdf-2col-layout texts (one where a line is full, which this
/// misses: such rows are left to the column repair).
const COLUMN_GAP: usize = 3;
/// Above this share of lines wider than the width, a block is not a
/// printed column (see `not_a_column`).
const MAX_OVERWIDE_SHARE: f64 = 0.5;
/// Above this share of lines more than 1.5 times the width, a block is not
/// a printed column either: such a line is two printed lines' worth (a
/// paragraph already joined). Of the 717 blocks with a measured width in
/// the benchmark's raw extractions, 704 have none and the most is 6 % (2 of
/// 33 lines: glued headings); in emend's output of fuzzed benchmark text
/// that a second run re-measured, 9–26 %.
const MAX_FAR_WIDER_SHARE: f64 = 0.08;
/// Fragment breaks held open at once: `pdftotext -raw` splits a printed
/// line into at most three pieces in the benchmark (`此后，⏎只在需⏎要调试`);
/// the bound keeps the restarts linear on text of nothing but short
/// comma-ended lines.
const MAX_HELD: usize = 4;
/// The upper-edge estimate (`width_from_upper_cluster`): at least this
/// many intervals, and this share of all, agree; at most this share is
/// wider. In the benchmark's pdf-2col-raw texts, whose narrow columns
/// hold many short paragraphs, the agreeing group holds 40–60 % of the
/// intervals and 3–8 % are wider (two lines that pdftotext put on one).
const MIN_UPPER_CLUSTER: usize = 5;
const MIN_UPPER_CLUSTER_SHARE: f64 = 0.35;
const MAX_WIDER_THAN_CLUSTER_SHARE: f64 = 0.1;
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
    /// A candidate newline right after a comma, an enumeration comma or
    /// a semicolon. A printed line often ends there, but so does a
    /// fragment of one: `pdftotext -raw` splits a justified line at the
    /// wide gap such a mark leaves (`此后，⏎只在需⏎要调试`). Such a break
    /// ends a line only where the widths say so; as a fragment it neither
    /// ends a line nor starts one (see `chain_forward`).
    pub fragment: bool,
    /// A newline right after a full-width sentence end (`。！？`): where a
    /// paragraph may end short of the width.
    pub after_sentence_end: bool,
    /// A candidate newline between Chinese text and an ASCII letter or
    /// digit (`本书第⏎4.1 节`, `改写为 Rust⏎以获得`): a printed line ends
    /// there as anywhere else, but joining it takes a space or nothing by
    /// the document's habit (see `layout::breaks::spaces_han_and_latin`).
    /// It is decided by the width but does not show it (see `intervals`).
    pub latin_edge: bool,
    /// A newline `wrap-join` joins whatever the widths say: inside a
    /// sentence by the marks at its edges (`layout::breaks::inside_a_sentence`,
    /// `转换失败。⏎）`). Gone from emend's output (outside headings), so
    /// the measure's guesses at the joined text leave it out too.
    pub joined_anyway: bool,
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
    /// The regions of two columns side by side (see `layout::columns`):
    /// their rows are no printed lines of one column, so no break in them
    /// is a candidate.
    pub columns: Vec<Region>,
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
    let columns = regions(text);
    let spans: Vec<Range<usize>> = columns.iter().filter_map(Region::span).collect();
    let mut blocks = measure_blocks(text, cut_out, &spans);
    super::settle::refuse_unsettled(text, cut_out, &spans, &mut blocks);
    Layout { blocks, columns }
}

/// The blocks of `text` measured, with the side-by-side regions' spans
/// (in `text`'s offsets) left out of the candidates.
///
/// Each block is measured as printed (the raw marks' widths) and, where
/// that finds no line end, as `punct-width` will leave it (see
/// [`Reading::AsNormalised`]): a block whose lines agree only once its
/// half-width marks are full-width is measured so on the first run, as a
/// second run over the cleaned text would measure it (without it, fuzzing
/// found texts whose second run joined lines the first had kept). The
/// printed reading comes first because it is the page's: OCR reads a
/// full-width `（` as ` (`, the same two cells, and reading every block
/// as normalised made 83 benchmark documents worse and 36 better in punct
/// CER; this way 3 are worse (pdf-2col-tex, by at most 0.13 points) and 4
/// better.
pub fn measure_blocks(
    text: &str,
    cut_out: &[Range<usize>],
    column_spans: &[Range<usize>],
) -> Vec<Block> {
    let printed = measure_blocks_as(text, cut_out, column_spans, Reading::AsPrinted);
    let widens_nothing = !text.contains([',', ':', ';', '?', '!', '(', ')']);
    if widens_nothing || printed.iter().all(|b| b.line_ends() > 0) {
        return printed;
    }
    let normalised = measure_blocks_as(text, cut_out, column_spans, Reading::AsNormalised);
    printed
        .into_iter()
        .zip(normalised)
        .map(|(p, n)| {
            if p.line_ends() == 0 && n.line_ends() > 0 {
                n
            } else {
                p
            }
        })
        .collect()
}

/// How the measure reads the half-width marks of the raw text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// As they stand: one cell each.
    AsPrinted,
    /// As `punct-width` will leave them: full-width where it converts them.
    AsNormalised,
}

fn measure_blocks_as(
    text: &str,
    cut_out: &[Range<usize>],
    column_spans: &[Range<usize>],
    reading: Reading,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = block_ranges(text)
        .into_iter()
        .map(|range| measure_block(text, range, cut_out, column_spans, reading))
        .collect();
    let document = document_width(&blocks);
    let prose: Vec<bool> = blocks
        .iter()
        .map(|b| has_clause_punctuation(&text[b.range.clone()]))
        .collect();
    lend_widths(&mut blocks, document, &prose);
    for block in &mut blocks {
        decide_line_ends(block);
    }
    blocks
}

/// Byte ranges of the blocks: runs of lines separated by blank lines or form feeds.
pub fn block_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in lines_with_endings(text) {
        let body = line.trim_end_matches(['\n', '\r']);
        let blank = body.trim().is_empty();
        if blank || body.contains('\u{c}') {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
            // A form feed inside a line splits it: what stands before it
            // ends a page, and the text after the last one starts the next
            // page's first block, which the following lines continue.
            if !blank {
                let mut parts = split_form_feeds(body, offset);
                let after_last = body.rfind('\u{c}').map_or(offset, |i| offset + i + 1);
                if parts.last().is_some_and(|p| p.start >= after_last) {
                    let first_of_page = parts.pop().map(|p| p.start);
                    out.extend(parts);
                    start = first_of_page;
                    end = offset + body.trim_end().len();
                } else {
                    out.extend(parts);
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

/// The lines of `text`, each with its ending: `\n`, `\r\n` or a lone `\r`
/// (which `visible_chars` reads as a newline too).
pub(crate) fn lines_with_endings(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find(['\n', '\r']).map_or(text.len(), |i| {
            let at = start + i;
            let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
            at + 1 + usize::from(crlf)
        });
        let line = &text[start..end];
        start = end;
        Some(line)
    })
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
/// before a `\n` is part of the line ending, not text; a lone `\r` is a
/// line ending of its own (old Mac files, or a mix), read as `\n` so the
/// measure sees the lines `line-endings` will leave.
fn visible_chars(text: &str, range: Range<usize>, cut_out: &[Range<usize>]) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    text[range.clone()]
        .char_indices()
        .map(|(i, c)| (range.start + i, c))
        .filter(|&(at, c)| !(c == '\r' && bytes.get(at + 1) == Some(&b'\n')))
        .map(|(at, c)| (at, if c == '\r' { '\n' } else { c }))
        .filter(|(at, _)| !cut_out.iter().any(|r| r.contains(at)))
        // Invisible marks print nothing: `invisible-marks` deletes them, and
        // the measure reads the text as it will be without them.
        .filter(|&(_, c)| !is_invisible_mark(c))
        .collect()
}

/// The block's characters as `punct-width` will leave them: a half-width
/// mark or bracket it makes full-width (`是, diff` → `是， diff`,
/// `([ 和 ])` → `（[ 和 ]）`) is read in its full-width form, one cell
/// wider, Chinese for the breaks beside it and for the space after it.
/// Measured only as raw marks, such lines found a width once cleaned, and
/// a second run joined lines the first had kept (fuzzing found it on
/// manual pages with half-width commas). Offsets stay the raw ones.
fn as_normalised(
    mut chars: Vec<(usize, char)>,
    text: &str,
    range: &Range<usize>,
) -> Vec<(usize, char)> {
    let marks = full_width_marks(&text[range.clone()]);
    let mut k = 0;
    for (at, c) in &mut chars {
        while k < marks.len() && range.start + marks[k].0 < *at {
            k += 1;
        }
        if let Some(&(_, wide)) = marks.get(k).filter(|m| range.start + m.0 == *at) {
            *c = wide;
        }
    }
    chars
}

/// Marks the characters, and the newlines around them, of lines that hold
/// two columns side by side: a gap of `COLUMN_GAP` spaces between text
/// (`pdftotext -layout`, tesseract on a two-column page). Such a line is
/// not one printed line of a column, and the break after it joins the end
/// of the right column to the start of the left.
fn side_by_side_lines(chars: &[(usize, char)]) -> Vec<bool> {
    let mut marked = vec![false; chars.len()];
    let mut line_start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || chars[i].1 == '\n') {
        if has_column_gap(&chars[line_start..end]) {
            // The line, the newline before it and the newline after it.
            marked[line_start.saturating_sub(1)..(end + 1).min(chars.len())].fill(true);
        }
        line_start = end + 1;
    }
    marked
}

/// A run of at least `COLUMN_GAP` spaces with text on both sides.
fn has_column_gap(line: &[(usize, char)]) -> bool {
    let mut run = 0;
    let mut seen_text = false;
    for &(_, c) in line {
        if c == ' ' || c == '\u{3000}' {
            run += 1;
        } else {
            if seen_text && run >= COLUMN_GAP {
                return true;
            }
            seen_text = true;
            run = 0;
        }
    }
    false
}

/// Is the character at `j`, which ends the text before a break, Chinese
/// text? A half-width `)` or `]` closing Chinese text counts: `punct-width`
/// makes it full-width, and a break the measure skipped for it would be
/// found on the cleaned text.
fn chinese_side_before(chars: &[(usize, char)], j: usize) -> bool {
    let c = chars[j].1;
    is_chinese_side(c)
        || (matches!(c, ')' | ']') && j.checked_sub(1).is_some_and(|k| is_cjk(chars[k].1)))
}

/// Is the character at `j`, which starts the text after a break, Chinese
/// text? A half-width `(` or `[` opening Chinese text counts, for the same
/// reason as in [`chinese_side_before`].
fn chinese_side_after(chars: &[(usize, char)], j: usize) -> bool {
    let Some(&(_, c)) = chars.get(j) else {
        return false;
    };
    is_chinese_side(c)
        || (matches!(c, '(' | '[') && chars.get(j + 1).is_some_and(|&(_, n)| is_cjk(n)))
}

/// Marks the characters of lines longer than `LONG_LINE` cells. Such a
/// line holds several printed lines that the extraction joined with
/// spaces, so its spaces are measured even in a block whose other lines
/// are hard-wrapped (a short wrapped line before it): once a first run
/// joins that newline, the block is one line and its spaces are measured
/// anyway.
fn long_lines(chars: &[(usize, char)]) -> Vec<bool> {
    let mut marks = vec![false; chars.len()];
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || chars[i].1 == '\n') {
        let width: usize = chars[start..end].iter().map(|&(_, c)| cells(c)).sum();
        if width > LONG_LINE {
            marks[start..end].fill(true);
        }
        start = end + 1;
    }
    marks
}

/// Cells beyond which a line is no printed line: twice the widest printed
/// width seen (the seed's web page, 123 cells; the benchmark's widest
/// column measures 87).
const LONG_LINE: usize = 250;

/// Does the newline at `i` stand between Chinese text and an ASCII letter
/// or digit, on either side, with Chinese text on the Latin side's line
/// too? Latin on both sides is not one: English words break at hyphens or
/// spaces the extraction keeps. A line of Latin or digits alone is not
/// one either: a page number (`如果使⏎1⏎␌用了`), an option name heading
/// its description, a fragment of `pdftotext -raw` (`。⏎shell⏎在返回`).
fn latin_edge(chars: &[(usize, char)], i: usize) -> bool {
    let Some(j) = i.checked_sub(1) else {
        return false;
    };
    let Some(&(_, after)) = chars.get(i + 1) else {
        return false;
    };
    let before = chars[j].1;
    let is_chinese = |&(_, c): &(usize, char)| is_chinese_side(c);
    let line_before = || chars[..i].iter().rev().take_while(|&&(_, c)| c != '\n');
    let line_after = || chars[i + 1..].iter().take_while(|&&(_, c)| c != '\n');
    let sentence_end = matches!(before, '。' | '！' | '？');
    (chinese_side_before(chars, j)
        && !sentence_end
        && after.is_ascii_alphanumeric()
        && line_after().any(is_chinese))
        || (before.is_ascii_alphanumeric()
            && chinese_side_after(chars, i + 1)
            && line_before().any(is_chinese))
}

fn measure_block(
    text: &str,
    range: Range<usize>,
    cut_out: &[Range<usize>],
    column_spans: &[Range<usize>],
    reading: Reading,
) -> Block {
    let mut chars = visible_chars(text, range.clone(), cut_out);
    if reading == Reading::AsNormalised {
        chars = as_normalised(chars, text, &range);
    }
    let mut side_by_side = side_by_side_lines(&chars);
    for (marked, &(at, _)) in side_by_side.iter_mut().zip(&chars) {
        let k = column_spans.partition_point(|s| s.end <= at);
        *marked |= column_spans.get(k).is_some_and(|s| s.contains(&at));
    }
    let is_candidate = |i: usize| {
        matches!(chars[i].1, ' ' | '\n')
            && !side_by_side[i]
            && i.checked_sub(1)
                .is_some_and(|j| chinese_side_before(&chars, j))
            && chinese_side_after(&chars, i + 1)
    };
    let is_latin_edge = |i: usize| chars[i].1 == '\n' && !side_by_side[i] && latin_edge(&chars, i);
    // One newline inside Chinese text makes a block hard-wrapped: a
    // paragraph of two printed lines is one (with two required, the spaces
    // of a letter-spaced two-line paragraph were measured as line ends and
    // its newline was missed: ocr-nospace punct CER 4.6 -> 4.2).
    // A newline that `wrap-join` joins whatever the widths (after an
    // opening bracket, before a closing one: `《⏎要`) does not count: it
    // is gone on a second run, which then measured the block's spaces.
    // A newline between Chinese and Latin text (`命令。Bash⏎也整合`) counts:
    // a printed line ends there as anywhere. Without it, a letter-spaced
    // two-line paragraph had its spaces measured, one was taken for a line
    // end, and its newline was joined only by a second run, once
    // `letter-spacing` had removed the spaces (a fuzz input). On the
    // benchmark: 26 texts change, ocr-nospace exact CER 6.8 -> 6.7 %;
    // two texts are 0.1 point worse (a break before `text(int4)` kept).
    let hard_wrapped = (0..chars.len()).any(|i| {
        chars[i].1 == '\n'
            && (is_candidate(i) || is_latin_edge(i))
            && !inside_a_sentence(text, chars[i].0)
    });
    let in_long_line = long_lines(&chars);
    let mut breaks = Vec::new();
    let mut col = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|x| x.1);
        let latin_edge = is_latin_edge(i);
        let candidate = is_candidate(i) || latin_edge;
        if c == '\n' || candidate {
            let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            breaks.push(Break {
                at,
                sep: c,
                col,
                candidate,
                measured: c == '\n' || !hard_wrapped || in_long_line[i],
                mid_word: candidate && letter(prev) && letter(next),
                fragment: candidate && c == '\n' && matches!(prev, Some('，' | '、' | '；')),
                after_sentence_end: c == '\n' && matches!(prev, Some('。' | '！' | '？')),
                latin_edge,
                joined_anyway: c == '\n' && inside_a_sentence(text, at),
                line_end: false,
            });
        } else if c == ' ' && hard_wrapped && (prev.is_some_and(is_cjk) || next.is_some_and(is_cjk))
        {
            // A space OCR put beside Chinese text takes no printed width.
        } else {
            col += cells(c);
        }
    }
    let width = estimate_width(&breaks).filter(|&w| !not_a_column(&breaks, col, w));
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
    // mid-word breaks alone may still show the width. When neither agrees,
    // the block may be `pdftotext -raw`'s fragments of printed lines: the
    // intervals that skip the fragment breaks (see `Break::fragment`) are
    // the printed lines (pdf-2col-raw `man8-ifconfig.8`: no width, then 40).
    width_from(breaks, |b| b.candidate)
        .or_else(|| width_from(breaks, |b| b.mid_word))
        .or_else(|| width_from_upper_cluster(breaks, |b| b.candidate && !b.fragment))
}

/// The width as the upper edge of the line widths: a group of intervals
/// that agree (as in `width_from`, but a smaller share of all) with hardly
/// any wider. A narrow column of short paragraphs has more short last
/// lines than full ones, and its full lines spread wider than the
/// tolerance (proportional Latin, compressed punctuation), yet no line of
/// a column runs past its width; clean text stored a paragraph per line has
/// no such edge, and verse or a form has no clause punctuation (see
/// `blocks::is_verse_or_form`, which the rules ask).
fn width_from_upper_cluster(breaks: &[Break], ends: impl Fn(&Break) -> bool) -> Option<usize> {
    let group = agreeing_group(breaks, &ends);
    let wider = wider_intervals(breaks, &ends, group.top + tolerance(group.top));
    let enough = group.size >= MIN_UPPER_CLUSTER
        && group.size as f64 >= MIN_UPPER_CLUSTER_SHARE * group.of as f64
        && wider as f64 <= MAX_WIDER_THAN_CLUSTER_SHARE * group.of as f64
        && group.mid_word >= MIN_MID_WORD;
    // The middle of the group's range, not its median: short paragraphs'
    // last lines pull the median down (`man8-ifconfig.8`: full lines of
    // 36–42 cells, median 38, so the 42-cell ones fell outside).
    let middle = (group.bottom + group.top) / 2;
    (enough && believable(middle)).then_some(middle)
}

/// Intervals (as `agreeing_group` counts them) wider than `limit`.
fn wider_intervals(breaks: &[Break], ends: impl Fn(&Break) -> bool, limit: usize) -> usize {
    intervals(breaks, ends)
        .iter()
        .filter(|&&(v, _)| v > limit)
        .count()
}

/// Do most of the block's lines run past the width `w`, or more than a
/// few of them far past it? Then the lines that agree on `w` are a few
/// short ones among paragraphs: text already stored a paragraph per line (clean text, or emend's own output, where
/// only the line ends the measure rejected are left). In the benchmark's raw
/// extractions a block whose width was measured has at most 40 % of its
/// lines wider (a glued heading, a Latin-heavy line; blocks of 4–10 lines);
/// in emend's output of pdf-2col `man1-bash.1`, 78 % were.
///
/// Only a hard-wrapped block (see `measure_block`) is judged: in a block
/// that arrived as one line, spaces end the printed lines and a newline
/// parts paragraphs.
fn not_a_column(breaks: &[Break], end_col: usize, w: usize) -> bool {
    let candidate_newlines = breaks
        .iter()
        .filter(|b| b.sep == '\n' && b.candidate && !b.latin_edge);
    if candidate_newlines.count() < 2 {
        return false;
    }
    line_widths_against(breaks, end_col, w).too_wide()
}

/// How a block's lines (between newlines) compare with a width.
#[derive(Clone, Copy, Default)]
struct LineWidths {
    lines: usize,
    /// Lines wider than the width and its tolerance.
    overwide: usize,
    /// Lines more than 1.5 times the width.
    far_wider: usize,
}

impl LineWidths {
    fn add(self, other: LineWidths) -> LineWidths {
        LineWidths {
            lines: self.lines + other.lines,
            overwide: self.overwide + other.overwide,
            far_wider: self.far_wider + other.far_wider,
        }
    }

    /// Too many lines run past the width for it to be a column's.
    fn too_wide(self) -> bool {
        self.overwide as f64 > MAX_OVERWIDE_SHARE * self.lines as f64
            || self.far_wider as f64 > MAX_FAR_WIDER_SHARE * self.lines as f64
    }
}

fn line_widths_against(breaks: &[Break], end_col: usize, w: usize) -> LineWidths {
    let mut counts = LineWidths::default();
    let mut line_start = 0;
    let line_ends = breaks.iter().filter(|b| b.sep == '\n').map(|b| b.col);
    for end in line_ends.chain([end_col]) {
        let cells = end - line_start;
        counts.lines += 1;
        counts.overwide += usize::from(cells > w + tolerance(w));
        counts.far_wider += usize::from(2 * cells > 3 * w);
        line_start = end;
    }
    counts
}

/// The width from the intervals that end at the breaks `ends` picks.
fn width_from(breaks: &[Break], ends: impl Fn(&Break) -> bool) -> Option<usize> {
    width_of(&agreeing_group(breaks, ends))
}

/// The width a group of agreeing intervals shows, when it is large enough,
/// holds most intervals and ends mid-word often enough.
fn width_of(group: &Agreement) -> Option<usize> {
    let enough = group.size >= MIN_AGREEING
        && group.size as f64 >= MIN_AGREEING_SHARE * group.of as f64
        && group.mid_word >= MIN_MID_WORD;
    (enough && believable(group.width)).then_some(group.width)
}

/// The largest group of intervals that agree within the tolerance.
struct Agreement {
    /// The group's median interval.
    width: usize,
    /// The group's narrowest and widest intervals.
    bottom: usize,
    top: usize,
    size: usize,
    /// Intervals of the group that end mid-word.
    mid_word: usize,
    /// All intervals.
    of: usize,
}

/// The largest group among the intervals that end at the breaks `ends`
/// picks (a width of 0 when there are none).
fn agreeing_group(breaks: &[Break], ends: impl Fn(&Break) -> bool) -> Agreement {
    group_of(intervals(breaks, ends))
}

/// The largest group among `intervals` that agree within the tolerance.
fn group_of(mut intervals: Vec<(usize, bool)>) -> Agreement {
    intervals.sort_unstable();

    let mut best: &[(usize, bool)] = &[];
    for (i, &(v, _)) in intervals.iter().enumerate() {
        let end = intervals[i..].partition_point(|&(x, _)| x <= v + 2 * tolerance(v)) + i;
        // Prefer the larger group, then the wider one: full lines are the longest.
        if end - i >= best.len() {
            best = &intervals[i..end];
        }
    }
    Agreement {
        width: best.get(best.len() / 2).map_or(0, |&(w, _)| w),
        bottom: best.first().map_or(0, |&(w, _)| w),
        top: best.last().map_or(0, |&(w, _)| w),
        size: best.len(),
        mid_word: best.iter().filter(|(_, m)| *m).count(),
        of: intervals.len(),
    }
}

/// The intervals, in cells, that end at the breaks `ends` picks, each
/// from the previous such break or hard newline, and whether each ends
/// mid-word. A candidate that `ends` skips neither ends nor starts one.
fn intervals(breaks: &[Break], ends: impl Fn(&Break) -> bool) -> Vec<(usize, bool)> {
    let mut out = Vec::with_capacity(breaks.len());
    let mut last = 0;
    for b in breaks.iter().filter(|b| b.measured) {
        if b.latin_edge {
            // Joined where the width says so, but no evidence of the width:
            // Latin in a proportional font fills a line unevenly, and with
            // such intervals counted the width of `pdf-pages` blocks moved
            // and a second run measured another.
            last = b.col;
        } else if ends(b) {
            out.push((b.col - last, b.mid_word));
            last = b.col;
        } else if !b.candidate {
            last = b.col;
        }
    }
    out
}

/// Do the block's own breaks agree on a width other than `w`, though too
/// weakly to measure it? Then `w`, borrowed from another block, is not
/// this block's: joining by it would leave the block's own line ends, and
/// the next run, with the borrowed joins gone, would measure them.
fn own_breaks_disagree(breaks: &[Break], w: usize) -> bool {
    let group = agreeing_group(breaks, |b| b.candidate);
    group.mid_word >= MIN_MID_WORD
        && believable(group.width)
        && group.width.abs_diff(w) > tolerance(w)
}

/// The width the whole text's printed lines agree on, for blocks that have
/// too few lines to show one and no measured neighbour to borrow from: OCR of a page of short paragraphs (two or
/// three printed lines each, blank lines between) gives each block one or
/// two intervals, below what a block must show, while together they agree
/// as a column does (ocr-1col `man8-smbd.8`: no block measured; together
/// 80 cells). The same test as a block's (`width_of`) on every block's
/// intervals; clean text stored a paragraph per line has intervals as
/// long as its paragraphs, which agree on nothing.
fn document_width(blocks: &[Block]) -> Option<usize> {
    // Newlines only: in a block that arrived as one line, spaces are the
    // line ends, but so are the spaces of a letter-spaced line, two cells
    // apart (ocr-nospace).
    let pooled = blocks
        .iter()
        .flat_map(|b| intervals(&b.breaks, |b| b.candidate && b.sep == '\n'))
        .collect();
    // As for a block (`not_a_column`): the text's lines must not run past
    // the width, or the few that agree are leftovers among paragraphs
    // already joined (emend's own output).
    width_of(&group_of(pooled)).filter(|&w| {
        let lines = blocks
            .iter()
            .map(|b| line_widths_against(&b.breaks, b.last_line_cells, w))
            .fold(LineWidths::default(), LineWidths::add);
        !lines.too_wide()
    })
}

/// Does a block hold clause punctuation? Only such a block takes the
/// page's width: a stanza of two lines (too short for the rules' own verse
/// guard) has equal widths without being prose.
fn has_clause_punctuation(block: &str) -> bool {
    block.chars().any(|c| {
        matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '?' | '!'
        )
    })
}

/// Blocks that show no width of their own take the width of the nearest
/// measured block, the previous one first: a column keeps its width across
/// paragraphs and pages. Where no block shows one, the whole text may
/// (`document_width`). A borrowed width is weaker evidence: only the
/// chain from the block's start finds line ends in it (see
/// `decide_line_ends`), and `stray-cjk-space` ignores it.
fn lend_widths(blocks: &mut [Block], document: Option<usize>, prose: &[bool]) {
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
        // Until line ends are decided, `last_line_cells` is the whole block.
        // The nearest measured block's width first, then the page's; the
        // page's is asked even where a neighbour's was refused, because
        // once clean has joined that neighbour, the page's is all a second
        // run has left to ask.
        let fits_block = |&w: &usize| {
            !not_a_column(&block.breaks, block.last_line_cells, w)
                && !own_breaks_disagree(&block.breaks, w)
        };
        let page = document.filter(fits_block).filter(|_| prose[i]);
        block.width = previous.or(next).filter(fits_block).or(page);
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
    // The multiple gets the tolerance of one line, not of each: with more,
    // a full line and a slightly overwide one joined on a first run read as
    // two printed lines on the next (pdf-2col `man1-diff.1`: 36 + 40 cells
    // against 2 × 36).
    (1..=3).any(|k| {
        let target = k * w;
        let low = target.saturating_sub(if k == 1 { short } else { tol });
        (low..=target + tol).contains(&cells)
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
    // A borrowed width too: a block whose tail has the neighbour's width
    // and whose head has another of its own (fuzzing spliced two texts)
    // had the tail joined, and a second run measured the head.
    if joined_reads_as_another_column(block) {
        for b in &mut block.breaks {
            b.line_end = false;
        }
    }
    let line_start = last_line_start(block).map(|b| (b.col, b.line_end));
    block.last_line_is_first = line_start.is_none_or(|(_, line_end)| !line_end);
    block.last_line_cells -= line_start.map_or(0, |(col, _)| col);
}

/// The break the block's last line starts after: its last line end or
/// measured newline.
fn last_line_start(block: &Block) -> Option<&Break> {
    block
        .breaks
        .iter()
        .rev()
        .find(|b| b.measured && (b.line_end || b.sep == '\n'))
}

/// Takes back every line end of a measured block, as if none had been
/// found: its last line then starts after its last measured newline.
pub(crate) fn forget_line_ends(block: &mut Block) {
    let whole = block.last_line_cells + last_line_start(block).map_or(0, |b| b.col);
    for b in &mut block.breaks {
        b.line_end = false;
    }
    let line_start = last_line_start(block).map_or(0, |b| b.col);
    block.last_line_is_first = true;
    block.last_line_cells = whole - line_start;
}

/// Would the block, with its line ends joined, measure as a column of
/// another width with line ends of its own? Then its lines support two
/// readings (pairs of short lines summing to a second width, two columns
/// side by side) and neither is evidence: joining by one would leave the
/// other for a second run to find. Separators take no cells, so the joined
/// block keeps the columns of its remaining breaks.
fn joined_reads_as_another_column(block: &Block) -> bool {
    // A Latin edge stays, as the hard newline it is to the width
    // evidence (see `intervals`): with it gone, a page's two readings
    // came and went with a join far away, and a second run found what
    // the first had refused (pdf-pages `man5-locale.5`).
    //
    // A newline joined inside a sentence is gone from the joined text too:
    // kept here, a closing bracket on a line of its own (`失败。⏎）`) gave a
    // pdftotext -raw page a second reading the first run refused it for,
    // and a second run, without the newline, joined 96 line ends (a fuzz
    // input).
    let rest: Vec<Break> = block
        .breaks
        .iter()
        .filter(|b| (!b.line_end || b.latin_edge) && !b.joined_anyway)
        .map(|b| Break {
            line_end: false,
            ..b.clone()
        })
        .collect();
    let end_col = block.last_line_cells;
    let Some(w) = estimate_width(&rest).filter(|&w| !not_a_column(&rest, end_col, w)) else {
        return false;
    };
    let mut joined = Block {
        range: block.range.clone(),
        width: Some(w),
        own_width: true,
        breaks: rest,
        last_line_cells: end_col,
        last_line_is_first: true,
    };
    chain_forward(&mut joined, w);
    chain_pairs(&mut joined, w);
    joined.line_ends() > 0
}

/// From the block start: a candidate one printed width after the previous
/// line end is a line end. A hard newline starts a new chain.
///
/// A fragment break (see [`Break::fragment`]) short of the width is held
/// open: when a later break ends the printed line it started, one width
/// after the line's start, the fragment breaks inside that line are line
/// ends too (a paragraph never ends inside a printed line). When the
/// line ends short or runs past the width instead, the first held
/// fragment is a hard newline after all, and the chain goes on from it.
/// Each restart moves past a held break, and at most `MAX_HELD` breaks are
/// held, so each break is looked at a bounded number of times.
fn chain_forward(block: &mut Block, w: usize) {
    let measured: Vec<usize> = (0..block.breaks.len())
        .filter(|&i| block.breaks[i].measured)
        .collect();
    let mut line_start = 0;
    let mut first_line = true;
    let mut held: Vec<usize> = Vec::new();
    // Did the line the held fragments start follow a line end (so it is no
    // paragraph's first line: a couplet quoted in prose is one)?
    let mut held_after_line_end = false;
    let mut k = 0;
    while let Some(&i) = measured.get(k) {
        let b = &block.breaks[i];
        let cells = b.col - line_start;
        let fits_here = b.candidate && break_fits(b, cells, w, first_line);
        if fits_here {
            for &h in &held {
                block.breaks[measured[h]].line_end = true;
            }
            held.clear();
        } else if b.fragment && cells + tolerance(w) < w && held.len() < MAX_HELD {
            // `held` keeps positions in `measured`, to restart from.
            if held.is_empty() {
                held_after_line_end = !first_line;
            }
            held.push(k);
            k += 1;
            continue;
        } else if !held.is_empty()
            && held_after_line_end
            && b.after_sentence_end
            && cells <= w + tolerance(w)
        {
            // The fragments and this line were one printed line, the last
            // of a paragraph whose line before ran to the width
            // (`对每个对话，⏎每个客户获得服务器的一份复本。`).
            for &h in &held {
                block.breaks[measured[h]].line_end = true;
            }
            held.clear();
        } else if let Some(&first_held) = held.first() {
            // The fragments did not add up to a printed line.
            held.clear();
            line_start = block.breaks[measured[first_held]].col;
            first_line = true;
            k = first_held + 1;
            continue;
        }
        let b = &mut block.breaks[i];
        b.line_end = fits_here;
        if b.line_end || b.sep == '\n' {
            first_line = !b.line_end;
            line_start = b.col;
        }
        k += 1;
    }
}

/// Pairs of candidates one printed width apart are line ends too, even
/// where the chain from the block start missed them: a first line can be
/// short for a reason the text does not show (a figure beside it, a page
/// continued from elsewhere). A hard newline between them breaks the pair.
fn chain_pairs(block: &mut Block, w: usize) {
    let n = block.breaks.len();
    for i in 0..n {
        // A Latin edge takes part in no pair: the pairs are width
        // evidence, which it does not give (see `intervals`).
        let shows_width = |b: &Break| b.candidate && !b.latin_edge;
        if !(shows_width(&block.breaks[i]) && block.breaks[i].measured) {
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
            if shows_width(next)
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

    /// A block of printed lines 20 Han wide, with `edge` standing at the
    /// end of its third line and the start of its fourth.
    fn column_with(edge: &str) -> String {
        let line = "一二三四五六七八九十一二三四五六七八九十";
        format!("{line}\n{line}\n一二三四五六七八九十一二三四五六七八九{edge}一二三四五六七八九十一二三四五六七八\n一二三。")
    }

    /// The verdicts of the block's newlines.
    fn newline_verdicts(text: &str) -> Vec<(bool, bool)> {
        measure(text, &[]).blocks[0]
            .breaks
            .iter()
            .filter(|b| b.sep == '\n')
            .map(|b| (b.latin_edge, b.line_end))
            .collect()
    }

    #[test]
    fn spaces_of_a_long_line_after_a_wrapped_line_are_measured() {
        // A wrapped line, then a paragraph whose printed lines (60 cells)
        // the extraction joined with spaces: the block has a candidate
        // newline, yet the long line's spaces are its line ends.
        let printed = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        let long = [printed; 6].join(" ");
        let text = format!("一二三四五六七八九十，一二三四五\n六{long}。");
        let block = &measure(&text, &[]).blocks[0];
        assert!(block
            .breaks
            .iter()
            .filter(|b| b.sep == ' ')
            .all(|b| b.measured));
        assert_eq!(block.width, Some(60));
        assert_eq!(
            block
                .breaks
                .iter()
                .filter(|b| b.sep == ' ' && b.line_end)
                .count(),
            5
        );
    }

    #[test]
    fn a_line_end_before_a_number_or_latin_word_is_found_by_the_width() {
        // `第⏎4.1 节`: digits start the fourth line; `改写为 Rust⏎以`:
        // Latin ends the third.
        for edge in ["\n4", "Q\n"] {
            let verdicts = newline_verdicts(&column_with(edge));
            assert_eq!(verdicts[2], (true, true), "{edge:?}: {verdicts:?}");
        }
    }

    #[test]
    fn a_latin_line_without_chinese_is_no_latin_edge() {
        // A page number between the lines of a paragraph, and a line of
        // Latin after a sentence end, are no printed-line ends to join.
        let page_number = "一二三四五六七八九十一二三四五六七八九十\n12\n一二三。";
        assert!(newline_verdicts(page_number).iter().all(|&(edge, _)| !edge));
        let after_sentence = "一二三四五六七八九十一二三四五六七八九。\nabc 一二三。";
        assert!(newline_verdicts(after_sentence)
            .iter()
            .all(|&(edge, _)| !edge));
    }

    #[test]
    fn latin_edges_do_not_move_the_width() {
        // The same column with and without a Latin edge measures the same.
        let plain = measure(&column_with("十\n一"), &[]).blocks[0].width;
        let latin = measure(&column_with("\n4"), &[]).blocks[0].width;
        assert_eq!(plain, Some(40));
        assert_eq!(latin, plain);
    }

    /// Ten characters (20 cells) of running text, then `n` more.
    fn prose(n: usize) -> String {
        "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少"
            .chars()
            .cycle()
            .take(10 + n)
            .collect()
    }

    /// Whether each fragment break of the block ended a line.
    fn fragment_verdicts(block: &Block) -> Vec<bool> {
        block
            .breaks
            .iter()
            .filter(|b| b.fragment)
            .map(|b| b.line_end)
            .collect()
    }

    /// A column of 20 characters (40 cells) as `pdftotext -raw` reads it:
    /// `n` full lines, the last split after a comma into two fragments,
    /// then a short last line.
    fn raw_paragraph(full: usize) -> String {
        let mut lines: Vec<String> = (0..full).map(|_| prose(10)).collect();
        lines.push("春眠不觉晓，".into());
        lines.push("处处闻啼鸟夜来风雨声花落知多".into());
        lines.push("少。".into());
        lines.join("\n")
    }

    #[test]
    fn fragments_of_a_printed_line_are_joined_with_it() {
        let text = vec![raw_paragraph(2); 3].join("\n");
        let layout = measure(&text, &[]);
        let block = &layout.blocks[0];
        assert_eq!(block.width, Some(40));
        // Per paragraph: two full lines, the fragment after the comma and
        // the line it completes; the paragraph's end is no line end.
        let ends: Vec<usize> = block
            .breaks
            .iter()
            .filter(|b| b.line_end)
            .map(|b| b.col)
            .collect();
        assert_eq!(ends.len(), 3 * 4, "{ends:?}");
        let fragment = block.breaks.iter().find(|b| b.fragment).map(|b| b.line_end);
        assert_eq!(fragment, Some(true));
    }

    #[test]
    fn fragments_mark_their_own_breaks_not_spaces_before_them() {
        // A space OCR left between two Han characters is a break the
        // measure does not count in a hard-wrapped block: only the
        // newlines may become line ends.
        let spaced = raw_paragraph(2).replacen("春眠不觉晓，", "春眠 不觉晓，", 1);
        let text = vec![spaced; 3].join("\n");
        let block = &measure(&text, &[]).blocks[0];
        assert!(block.breaks.iter().any(|b| b.sep == ' '));
        assert!(block
            .breaks
            .iter()
            .filter(|b| b.line_end)
            .all(|b| b.sep == '\n'));
        assert_eq!(block.line_ends(), 3 * 4);
    }

    #[test]
    fn fragments_of_a_paragraphs_short_last_line_are_joined() {
        // `对每个对话，⏎每个客户获得服务器的一份复本。`: the printed line was
        // the paragraph's last, and shorter than the width.
        let paragraph = [
            prose(10),
            prose(10),
            "春眠不觉晓，".into(),
            "处处闻啼鸟。".into(),
        ]
        .join("\n");
        let text = vec![paragraph; 3].join("\n") + "\n夜来风雨声。";
        let block = &measure(&text, &[]).blocks[0];
        assert_eq!(block.width, Some(40));
        assert!(fragment_verdicts(block).iter().all(|&end| end));
        assert!(block
            .breaks
            .iter()
            .filter(|b| b.after_sentence_end)
            .all(|b| !b.line_end));
    }

    #[test]
    fn a_couplet_quoted_in_a_column_keeps_its_lines() {
        // The couplet's first line follows a paragraph's end, so its comma
        // ends no fragment of a printed line, though the line after it is
        // short and ends a sentence.
        let paragraph = [prose(10), prose(10), "春眠不觉晓。".into()].join("\n");
        let couplet = "床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。";
        let text = format!("{paragraph}\n{paragraph}\n{couplet}\n{paragraph}");
        let block = &measure(&text, &[]).blocks[0];
        assert_eq!(block.width, Some(40));
        assert!(fragment_verdicts(block).iter().all(|&end| !end));
    }

    #[test]
    fn stanzas_of_two_lines_take_no_page_width() {
        let stanza = "轻轻的我走了正如我轻轻的来\n我轻轻的招手作别西天的云彩";
        let text = [stanza; 3].join("\n\n");
        let layout = measure(&text, &[]);
        assert!(layout.blocks.iter().all(|b| b.width.is_none()));
    }

    #[test]
    fn a_comma_at_a_short_line_end_that_adds_up_to_nothing_stays() {
        // The same column, but the line after the comma runs on past the
        // width: the comma ended a short line (a paragraph before an
        // example), not a fragment of a printed one.
        let mut paragraph = vec![prose(10), prose(10), "春眠不觉晓，".to_string()];
        paragraph.push(prose(10));
        paragraph.push("少。".into());
        let text = vec![paragraph.join("\n"); 3].join("\n");
        let layout = measure(&text, &[]);
        let block = &layout.blocks[0];
        assert_eq!(block.width, Some(40));
        assert!(fragment_verdicts(block).iter().all(|&end| !end));
    }

    #[test]
    fn a_narrow_column_of_short_paragraphs_is_measured_by_its_upper_edge() {
        // Full lines of 36–42 cells (proportional Latin) in paragraphs of
        // one full line and a short last line: the intervals agree too
        // little for the plain estimate (6 of 11), but none runs past the
        // column's edge.
        let widths = [18, 19, 20, 21, 18, 20];
        let mut lines = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            lines.push(prose(w - 10));
            lines.push(format!("{}。", &prose(i)[..3 * (2 + i)]));
        }
        let text = lines.join("\n");
        let layout = measure(&text, &[]);
        let breaks = &layout.blocks[0].breaks;
        assert_eq!(width_from(breaks, |b| b.candidate), None);
        let w = width_from_upper_cluster(breaks, |b| b.candidate).expect("a width");
        assert!((36..=42).contains(&w), "{w}");
        // And the same lines with one in five twice as wide are no column.
        let mut wide = lines.clone();
        for line in wide.iter_mut().step_by(5) {
            *line = format!("{line}{line}");
        }
        let layout = measure(&wide.join("\n"), &[]);
        let breaks = &layout.blocks[0].breaks;
        assert_eq!(width_from_upper_cluster(breaks, |b| b.candidate), None);
    }

    #[test]
    fn short_paragraphs_share_the_width_of_the_page() {
        // Paragraphs of two printed lines (one interval each, too few for
        // a block's own width), blank lines between: the page agrees.
        let paragraph = |n: usize| format!("{}\n{}。", prose(10), &prose(0)[..3 * (3 + n)]);
        let text: Vec<String> = (0..5).map(paragraph).collect();
        let layout = measure(&text.join("\n\n"), &[]);
        assert!(layout.blocks.iter().all(|b| !b.own_width));
        assert!(layout.blocks.iter().all(|b| b.width == Some(40)));
        assert!(layout.blocks.iter().all(|b| b.line_ends() == 1));
        // The same paragraphs joined, a paragraph a line with no blank
        // lines, show no width: every line ends with its full stop, none
        // mid-word, as clean text stored that way does.
        let joined: Vec<String> = text.iter().map(|p| p.replace('\n', "")).collect();
        let layout = measure(&joined.join("\n"), &[]);
        assert!(layout.blocks.iter().all(|b| b.width.is_none()));
    }

    #[test]
    fn a_few_agreeing_lines_among_paragraphs_are_no_column() {
        // Three lines of 20 cells ending mid-word among paragraph lines
        // of 50–70 cells that start or end with Latin text (so their
        // breaks are no candidates): the shape emend's own output takes
        // when the measure left a few breaks. The three agree, but most
        // lines run past the width.
        let paragraphs = [
            format!("Ab {} cd.", prose(30)),
            prose(0),
            format!("{}。", prose(25)),
        ];
        let text = vec![paragraphs.join("\n"); 3].join("\n");
        let layout = measure(&text, &[]);
        assert_eq!(layout.blocks[0].width, None);
        assert_eq!(layout.blocks[0].line_ends(), 0);
    }

    #[test]
    fn a_block_with_two_readings_is_left_alone() {
        // Runs of three lines of 20 cells, one of 30 and a short one, all
        // but the last ending mid-word: as a column of 20 the 30-cell line
        // is too wide to end a printed line; joined by that reading, each
        // run starts with a line of 90 that reads as a column of 90 whose
        // line ends a second run would join.
        let run = [prose(0), prose(0), prose(0), prose(5), "夜来风雨。".into()].join("\n");
        let text = vec![run; 3].join("\n");
        assert_eq!(measure(&text, &[]).blocks[0].line_ends(), 0);
    }

    #[test]
    fn lines_of_two_columns_side_by_side_are_not_joined() {
        // `pdftotext -layout`: the left column, a gap, the right column.
        let row = format!("{}      {}", prose(0), prose(0));
        let text = [row.as_str(); 5].join("\n");
        let layout = measure(&text, &[]);
        assert_eq!(layout.blocks[0].line_ends(), 0);
        // The same lines one column each are a printed column.
        let text = [prose(0).as_str(); 5].join("\n");
        assert_eq!(measure(&text, &[]).blocks[0].line_ends(), 4);
    }

    #[test]
    fn a_break_before_a_bracket_around_chinese_is_a_candidate() {
        // `punct-width` makes `(` full-width beside Chinese; a break the
        // measure skipped for it would be found on the cleaned text.
        let text = format!("{}\n(括号)内容", prose(0));
        let layout = measure(&text, &[]);
        assert!(layout.blocks[0].breaks[0].candidate);
        let text = format!("{}\n(x)内容", prose(0));
        assert!(!measure(&text, &[]).blocks[0].breaks[0].candidate);
    }
}
