//! Two columns printed side by side on each line: where each line splits
//! into its left and right column, and which lines belong to such a region.
//!
//! `pdftotext -layout` and OCR of a two-column page (tesseract `--psm 6`)
//! write each printed row as the left column's line, a gap of spaces, and
//! the right column's line. The text lays the page out on a grid of one
//! column per character, so the right column starts at about the same
//! character column on every row of a page. The gap shrinks to one space
//! or none where the left line is full, a row holds only one column where
//! the other has a paragraph break, and the right column's paragraphs are
//! indented a few columns.
//!
//! [`regions`] finds, page by page (pages end at form feeds), the most
//! common character column at which text resumes after a gap of three or
//! more spaces; when enough rows agree on it, every row near that column
//! is split there, and maximal runs of split rows (with rows of one column
//! and blank rows among them) are regions. `column-split` moves each
//! region's right column after its left, and `column-breaks` then decides
//! the line breaks of both; the width measure leaves region rows alone.
//!
//! tesseract `--psm 6` lays its rows on no such grid: the gap holds as
//! many spaces as it guessed. The rows a character grid leaves are
//! searched again by display cells ([`cells`]), where the left column's
//! full lines end at one cell.

use std::ops::Range;

use crate::chars::{
    is_chinese_side, is_closing, is_han, is_invisible_mark, is_sentence_end, str_cells,
};

use super::breaks::{inside_a_sentence, keeps_measured_line_end, lines_join_inside_a_sentence};
use super::measure::tolerance;
use crate::lexicon::join_gain;

mod cells;

/// Spaces that part two columns: prose puts at most two between words.
const GAP: usize = 3;
/// Rows of a page that must resume after a gap at the same character
/// column (within one) for the page to have two columns. In the
/// benchmark's pdf-2col-layout pages, 40–70 % of the rows resume at one
/// column (the others: full left lines, right-column indents, one-column
/// rows).
const MIN_AGREEING_ROWS: usize = 5;
/// And their share of the rows that agree or cross the split, from the
/// first that agrees to the last: prose across the page's width between a
/// few aligned rows (a table, verse set in two halves) says the page has
/// no columns. Rows of one column do not count: lines narrower than the
/// left column that `wrap-join` joins into crossing ones, so counted,
/// they outvoted a region on a text and not on emend's output of it, and
/// a second run split a region the first had left (a fuzz input). With
/// the rows that cross, a run's output can only hold fewer agreeing rows
/// against more crossing ones: what a first run leaves, a second leaves.
const MIN_AGREEING_SHARE: f64 = 0.3;
/// How far before the most common column the right column may start: the
/// most common one is often the indented first lines of the right column's
/// paragraphs (4 columns in the benchmark), and a gap may end a column or
/// two early.
const INDENT_SLACK: usize = 6;
/// How far after it: a right column's indented line.
const LATE_SLACK: usize = 6;
/// The narrowest left column believed: below it, a gap after a few words
/// is a table or a form, not a column.
const MIN_LEFT_COLUMN: usize = 16;
/// Share of a region's two-column rows that must hold Chinese in a left
/// line filling its column (see `reads_as_columns_of_prose`).
const MIN_PROSE_ROW_SHARE: f64 = 0.5;
/// Share of the left column's line breaks that must run on: in the
/// benchmark's pdf-2col-layout regions, most do (a paragraph of a narrow
/// column has several lines); couplets and tables have none. A page of
/// `tesseract --psm 6` rows whose sentences end in ASCII marks (`.`,
/// which may end a number or a name too) ran on at 9 of 39 breaks; at
/// 0.25 it was left side by side. At 0.2 no other benchmark text and no
/// clean-prose page changes (stop 29).
const MIN_RUN_ON_SHARE: f64 = 0.2;
/// How many times a page is searched for another column split once the
/// rows of the first are taken (a document without form feeds is one page).
const MAX_COLUMN_SPLITS: usize = 8;
/// Rows split at a gap a region needs, and their share of its non-blank
/// rows: a few aligned gaps may be a table. As many as a page needs
/// (`MIN_AGREEING_ROWS`): a region counted by its own rows is found or
/// left alike when its page's form feed is gone. With 3, two short pages
/// of 4 rows each were left by a first run (too few rows on either page),
/// and once `page-break-join` had removed the form feed between them, a
/// second run found a page of 8 and split both (fuzz inputs, FUZZ11). It
/// costs small regions on tesseract `--psm 6` pages (bench-variants, 36
/// texts): both-view CER 74.7 → 75.1 %, no text worse than raw, and 5
/// texts not idempotent instead of 10; the benchmark is unchanged.
const MIN_SPLIT_ROWS: usize = MIN_AGREEING_ROWS;
const MIN_SPLIT_SHARE: f64 = 0.5;
/// Nats by which the right column's join into the lines below must read
/// better than the left column's to end a region there
/// (`lexicon::join_gain`): a dictionary word across a join gains 4–10,
/// though some gain less (`文件|系统`, 3.7). Measured at chance joins of
/// the benchmark's ground-truth lines (Han on both sides), 97 of 9 113
/// gain 4 or more, and a chance join beats the true one by 4 or more in
/// 19 of them (0.2 %).
const CLEAR_JOIN: f64 = 4.0;
/// Rows of one column in a row that part a run into pieces searched
/// apart: one-column prose between two regions (a fuzz input had 3), not
/// a column running on alone for a line or two beside the other.
const MIN_ONE_COLUMN_STRETCH: usize = 3;

/// One line of a region, split into its columns (byte ranges of the text;
/// an absent column is an empty range where it would be).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Spaces before the left column's text (or a blank row's spaces).
    pub indent: Range<usize>,
    /// The left column's text, without the spaces after it.
    pub left: Range<usize>,
    /// The spaces between the columns (or before the right column, when
    /// the row has no left text; after the left text, when it has no right).
    pub gap: Range<usize>,
    /// The right column's text, without trailing spaces.
    pub right: Range<usize>,
    /// Spaces after the right column's text.
    pub trailing: Range<usize>,
    /// The line ending after the row, if any.
    pub newline: Option<Range<usize>>,
}

impl Row {
    /// Does the row hold text in both columns?
    fn has_both_columns(&self) -> bool {
        !self.left.is_empty() && !self.right.is_empty()
    }
}

/// Consecutive rows of two columns side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub rows: Vec<Row>,
    /// How the page lays its rows out.
    pub grid: Grid,
}

/// How a page lays out the rows of its two columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grid {
    /// One grid column per character (`pdftotext -layout`): the right
    /// column resumes at one character column on every row.
    Characters,
    /// Gaps as wide as OCR guessed them (tesseract `--psm 6`): the left
    /// column's full lines end at one display cell (`cells`).
    Cells,
}

/// Where a page's rows part into their columns.
#[derive(Clone, Copy, Debug)]
enum Split {
    /// The character column the right column resumes at.
    Characters(usize),
    Cells(cells::CellColumn),
}

impl Split {
    fn classify(&self, text: &str, line: &Line) -> Kind {
        match self {
            Split::Characters(column) => classify(text, line, *column),
            Split::Cells(column) => cells::classify(text, line, column),
        }
    }

    fn grid(&self) -> Grid {
        match self {
            Split::Characters(_) => Grid::Characters,
            Split::Cells(_) => Grid::Cells,
        }
    }

    /// Do the region's own rows show the page's split?
    fn shown_by(&self, text: &str, region: &Region) -> bool {
        match self {
            Split::Characters(_) => shows_its_own_column(text, region),
            Split::Cells(column) => cells::shows_its_own_column(text, &region.rows, column),
        }
    }
}

/// What the separated columns of a region read as: the left column's
/// pieces, then the right column's, each with whether it runs on into the
/// next piece of its column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    /// Byte ranges of the column's pieces in reading order.
    pub pieces: Vec<Range<usize>>,
    /// The region row of each piece.
    pub rows: Vec<usize>,
    /// For each piece but the last: does the text run on into the next
    /// (no line break between them)?
    pub joins: Vec<bool>,
    /// The column's width in cells (the 80th percentile of its pieces').
    pub width: usize,
    /// Does the last piece fill the column?
    pub last_full: bool,
}

/// How a line relates to the page's column split.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Blank(Row),
    /// Split at a gap of `GAP` or more spaces near the column.
    Split(Row),
    /// Split where the gap shrank to a space or nothing: weaker evidence.
    Tight(Row),
    /// Text of one column only.
    OneColumn(Row),
    /// Text that crosses the column split: not part of a region.
    Other,
    /// A letter-spaced line (see `letter_spaced`): not part of a region
    /// either, but no vote against the split.
    LetterSpaced,
}

impl Kind {
    /// Does the line part the runs of rows a region is looked for in?
    fn parts_runs(&self) -> bool {
        matches!(self, Kind::Other | Kind::LetterSpaced)
    }
}

/// The side-by-side regions of `text`, in text order.
pub fn regions(text: &str) -> Vec<Region> {
    let mut out = Vec::new();
    for page in pages(text) {
        out.extend(page_regions(text, &page));
    }
    out
}

/// A line: its byte range without the line ending, and the ending.
#[derive(Clone, Debug)]
struct Line {
    body: Range<usize>,
    newline: Option<Range<usize>>,
}

/// The lines of `text`, grouped into pages at form feeds. A form feed
/// starts a page (`pdftotext` writes it before the page's first line): the
/// text after the last one on its line is that page's first line.
fn pages(text: &str) -> Vec<Vec<Line>> {
    let mut pages = vec![Vec::new()];
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < text.len() {
        // A line ends at `\n`, `\r\n` or a lone `\r`.
        let end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        let ending = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => 2,
            Some(_) => 1,
            None => 0,
        };
        let mut body = start..end;
        let newline = (ending > 0).then(|| end..end + ending);
        if let Some(ff) = text[body.clone()].rfind('\u{c}') {
            pages.push(Vec::new());
            body.start += ff + 1;
        }
        if let Some(page) = pages.last_mut() {
            page.push(Line { body, newline });
        }
        start = end + ending;
    }
    pages
}

/// The characters of a line that take a place on the grid, with their
/// byte offsets: an invisible mark (a zero-width space, a stray BOM) takes
/// none. Counted as a column, one shifted its row off the page's split,
/// and the region was found only once `invisible-marks` had deleted it,
/// on a second run (a fuzz input).
fn grid_chars(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    line.char_indices().filter(|&(_, c)| !is_invisible_mark(c))
}

/// How many grid columns `s` takes.
fn grid_width(s: &str) -> usize {
    grid_chars(s).count()
}

/// The character columns at which text resumes after a gap, on one line.
fn gap_ends(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run = 0;
    let mut seen_text = false;
    for (col, (_, c)) in grid_chars(line).enumerate() {
        if c == ' ' {
            run += 1;
        } else {
            if seen_text && run >= GAP {
                out.push(col);
            }
            seen_text = true;
            run = 0;
        }
    }
    out
}

/// The page's column split: the most common gap end, when enough rows
/// agree on it, and few rows between them cross it.
fn split_column(text: &str, page: &[Line], taken: &[bool]) -> Option<usize> {
    let ends: Vec<Vec<usize>> = page
        .iter()
        .zip(taken)
        .map(|(l, &t)| {
            if t {
                Vec::new()
            } else {
                gap_ends(&text[l.body.clone()])
            }
        })
        .collect();
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for &end in ends.iter().flatten() {
        *counts.entry(end).or_default() += 1;
    }
    let (&mode, _) = counts
        .iter()
        .max_by_key(|&(&col, &n)| (n, std::cmp::Reverse(col)))?;
    let near = |e: &Vec<usize>| e.iter().any(|&end| end.abs_diff(mode) <= 1);
    let first = ends.iter().position(near)?;
    let last = ends.iter().rposition(near)?;
    let agreeing = ends[first..=last].iter().filter(|e| near(e)).count();
    // A letter-spaced line counts for no side (`Kind::LetterSpaced`):
    // `letter-spacing` takes its spaces out, and the line that crossed the
    // split may then fall short of it. Counted as crossing, such lines
    // outvoted a region on a first run and not on a second (a fuzz input).
    let crossing = page[first..=last]
        .iter()
        .zip(&taken[first..=last])
        .filter(|&(l, &t)| !t && classify(text, l, mode) == Kind::Other)
        .count();
    let share = agreeing as f64 / (agreeing + crossing) as f64;
    let enough =
        agreeing >= MIN_AGREEING_ROWS && share >= MIN_AGREEING_SHARE && mode >= MIN_LEFT_COLUMN;
    enough.then_some(mode)
}

/// The regions of one page. A page without form feeds may be a whole
/// document whose pages set their columns a little apart: once the rows
/// that agree on the most common column are taken, the rest may agree on
/// another (on a text and emend's output of it alike: the output has no
/// gaps left where a region was).
fn page_regions(text: &str, page: &[Line]) -> Vec<Region> {
    let mut taken = vec![false; page.len()];
    let mut out = Vec::new();
    search(text, page, &mut taken, &mut out, |taken| {
        split_column(text, page, taken).map(Split::Characters)
    });
    // Rows on no character grid may still show columns by their cells
    // (tesseract `--psm 6`); a grid's rows are taken first.
    search(text, page, &mut taken, &mut out, |taken| {
        cells::cell_column(text, page, taken).map(Split::Cells)
    });
    out.sort_by_key(|r| r.rows.first().map_or(0, |row| row.indent.start));
    out
}

/// Finds regions on the page's rows not yet `taken`, split where
/// `split_of` says, until it finds no more; takes their rows.
fn search(
    text: &str,
    page: &[Line],
    taken: &mut [bool],
    out: &mut Vec<Region>,
    split_of: impl Fn(&[bool]) -> Option<Split>,
) {
    for _ in 0..MAX_COLUMN_SPLITS {
        let Some(split) = split_of(taken) else {
            break;
        };
        let kinds: Vec<Kind> = page
            .iter()
            .zip(taken.iter())
            .map(|(l, &t)| {
                if t {
                    Kind::Other
                } else {
                    split.classify(text, l)
                }
            })
            .collect();
        let mut found = false;
        let mut i = 0;
        while i < kinds.len() {
            if kinds[i].parts_runs() {
                i += 1;
                continue;
            }
            let start = i;
            while i < kinds.len() && !kinds[i].parts_runs() {
                i += 1;
            }
            for piece in pieces_to_search(&kinds[start..i]) {
                let from = start + piece.start;
                let found_here = region_of(&kinds[from..start + piece.end], split.grid())
                    .map(|(r, rows)| start_where_both_columns_do(r, rows))
                    .map(|(r, rows)| end_where_the_right_column_runs_on(text, r, rows))
                    .filter(|(r, _)| split.shown_by(text, r))
                    .filter(|(r, _)| reads_as_columns_of_prose(text, r));
                if let Some((region, rows)) = found_here {
                    taken[from + rows.start..from + rows.end].fill(true);
                    out.push(region);
                    found = true;
                }
            }
        }
        if !found {
            break;
        }
    }
}

/// The parts of a run of rows (none of them crossing the column split) to
/// look for a region in: the whole run when its core holds enough rows
/// split at a gap, or else its pieces between stretches of
/// `MIN_ONE_COLUMN_STRETCH` or more rows of one column (blank rows and rows through
/// the split aside), each with `MIN_AGREEING_ROWS` rows split at a gap.
///
/// Such a stretch is one-column text between two side-by-side regions:
/// lines narrower than the left column read as rows of one column. Counted
/// in one core, they outvoted both regions; yet `wrap-join` joins them into
/// lines that cross the split, so on emend's output the regions were
/// apart, and one the first run left was split on a second (a fuzz input).
/// In the benchmark's regions no row of a core is unsplit, so a whole run
/// that passes is never cut: a column that runs on alone beside a blank
/// stretch of the other stays one region.
fn pieces_to_search(kinds: &[Kind]) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    if region_of(kinds, Grid::Characters).is_some() {
        pieces.push(0..kinds.len());
        return pieces;
    }
    let mut piece_start = 0;
    let mut stretch: Option<usize> = None;
    let mut unsplit = 0;
    for (i, kind) in kinds.iter().enumerate() {
        match kind {
            Kind::Split(_) => {
                if let Some(first) = stretch.take().filter(|_| unsplit >= MIN_ONE_COLUMN_STRETCH) {
                    pieces.push(piece_start..first);
                    piece_start = i;
                }
                unsplit = 0;
            }
            Kind::Blank(_) => {}
            Kind::OneColumn(_) => {
                stretch.get_or_insert(i);
                unsplit += 1;
            }
            // A line through the split (prose across the page, or a full
            // left line) counts for no stretch.
            _ => {
                stretch.get_or_insert(i);
            }
        }
    }
    pieces.push(piece_start..kinds.len());
    // A piece must show a column as a page must (`MIN_AGREEING_ROWS` rows
    // split at a gap): three aligned rows amid prose may be a table.
    let splits = |r: &Range<usize>| {
        kinds[r.clone()]
            .iter()
            .filter(|k| matches!(k, Kind::Split(_)))
            .count()
    };
    pieces.retain(|p| splits(p) >= MIN_AGREEING_ROWS);
    pieces
}

/// A region from a run of rows, trimmed of blank and tight rows at its
/// edges, when enough of its core — from its first row split at a gap to
/// its last — is split at a gap. Rows of one column before or after the
/// core belong to the region (a column that runs on below the other), but
/// do not count against it: other rules may join them, and the region must
/// be the same on emend's output of the text as on the text.
fn region_of(kinds: &[Kind], grid: Grid) -> Option<(Region, Range<usize>)> {
    let split = |k: &Kind| matches!(k, Kind::Split(_));
    let blank = |k: &Kind| matches!(k, Kind::Blank(_));
    let core = &kinds[kinds.iter().position(split)?..=kinds.iter().rposition(split)?];
    let splits = core.iter().filter(|k| split(k)).count();
    let non_blank = core.iter().filter(|k| !blank(k)).count();
    if splits < MIN_SPLIT_ROWS || (splits as f64) < MIN_SPLIT_SHARE * non_blank as f64 {
        return None;
    }
    // Beyond the core only rows of one column (a column that runs on
    // below the other) and blank rows belong: a line that crosses the
    // column split there is prose after the columns, not a row of them.
    let first = kinds.iter().position(split)?;
    let last = kinds.iter().rposition(split)?;
    let outside = |k: &Kind| matches!(k, Kind::OneColumn(_) | Kind::Blank(_));
    let start = kinds[..first]
        .iter()
        .rposition(|k| !outside(k))
        .map_or(0, |i| i + 1);
    let end = kinds[last + 1..]
        .iter()
        .position(|k| !outside(k))
        .map_or(kinds.len(), |i| last + 1 + i);
    let edge = |k: &Kind| matches!(k, Kind::Split(_) | Kind::OneColumn(_));
    let span = start + kinds[start..end].iter().position(edge)?
        ..start + kinds[start..end].iter().rposition(edge)? + 1;
    let rows = kinds[span.clone()]
        .iter()
        .filter_map(|k| match k {
            Kind::Split(r) | Kind::Tight(r) | Kind::OneColumn(r) | Kind::Blank(r) => {
                Some(r.clone())
            }
            Kind::Other | Kind::LetterSpaced => None,
        })
        .collect();
    Some((Region { rows, grid }, span))
}

/// Starts a cell grid's region at its first row with text in both
/// columns. The rows of one column above it on a grid of characters stand
/// where the other column is blank at the page's top; without a grid,
/// lines no wider than the left column above two columns set inside a
/// page (the injected side-by-side cases) read as the left column's, and
/// `column-breaks` re-broke their lines as a column's.
fn start_where_both_columns_do(region: Region, rows: Range<usize>) -> (Region, Range<usize>) {
    if region.grid != Grid::Cells {
        return (region, rows);
    }
    let two_sided = Row::has_both_columns;
    let Some(first) = region.rows.iter().position(two_sided) else {
        return (region, rows);
    };
    let mut region = region;
    region.rows.drain(..first);
    (region, rows.start + first..rows.end)
}

/// Does the one-column text `below` the region read on from the right
/// column's last line, by a word across the join, clearly better than
/// from the left column's (`…这个选项` | `…速度提` ⏎ `升…`)?
fn right_reads_on_into(text: &str, row: &Row, below: &Range<usize>) -> bool {
    let gain = |from: &Range<usize>| join_gain(text[from.clone()].trim_end(), &text[below.clone()]);
    gain(&row.right) - gain(&row.left) >= CLEAR_JOIN
}

/// Ends the region at its last row of two columns when the left column's
/// lines after it cannot be its own. Then the one-column lines below are
/// the text the right column runs on into (columns set inside a page of
/// one-column text), not the left column running on below the right;
/// read as the left column's, the right column would land after them.
/// The lines say so when the last row's left text ends a sentence while
/// its right text runs on, or when the first line below follows that row
/// directly and a word spans only the right column's join into it
/// (`right_reads_on_into`), whatever the sentences: lines as wide as a
/// column after the rows (the injected side-by-side cases) read as the
/// left column's otherwise. A left column that runs on below the right
/// (the foot of a page whose columns are not balanced) runs on from a row
/// whose left text does not end, into a line no word ties to the right's.
fn end_where_the_right_column_runs_on(
    text: &str,
    region: Region,
    rows: Range<usize>,
) -> (Region, Range<usize>) {
    let two_sided = Row::has_both_columns;
    let Some(last) = region.rows.iter().rposition(two_sided) else {
        return (region, rows);
    };
    let row = &region.rows[last];
    let ends = |r: &Range<usize>| {
        text[r.clone()]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(ends_a_sentence)
    };
    let after = &region.rows[last + 1..];
    let Some(k) = after.iter().position(|r| !r.left.is_empty()) else {
        return (region, rows);
    };
    // A blank row parts paragraphs: a word across it is chance.
    let directly = after[..k].iter().all(|r| !r.right.is_empty());
    // Without a grid, more lines of one column below the rows than rows
    // of two are no page's foot but the text the columns were set in (the
    // injected side-by-side cases, whose lines are as wide as the column
    // on either side of the rows): a right column whose last line runs on
    // continues there. It costs a text's last page whose left column runs
    // on below the right for more rows than they share and whose right
    // column ends without a mark read as a sentence end (`.`): its right
    // column is read before the left one's foot (one benchmark text,
    // `man1-mpg123.1`'s `ocr-2col-psm6`; the variant's both-view CER is
    // 13.6 with this reading, 13.2 without, while 2 more injected cases
    // are repaired and 3 fewer damaged outside).
    let below = after.iter().filter(|r| !r.left.is_empty()).count();
    let inset = region.grid == Grid::Cells
        && below > region.rows[..=last].iter().filter(|r| two_sided(r)).count();
    let by_sentences = !ends(&row.right) && (ends(&row.left) || inset);
    let by_words = directly && right_reads_on_into(text, row, &after[k].left);
    if !(by_sentences || by_words) {
        return (region, rows);
    }
    let cut = region.rows.len() - (last + 1);
    let mut region = region;
    region.rows.truncate(last + 1);
    (region, rows.start..rows.end - cut)
}

/// A mark a sentence (or a paragraph) ends with, closing quote or bracket included.
fn ends_a_sentence(c: char) -> bool {
    is_sentence_end(c) || is_closing(c)
}

/// Do `MIN_AGREEING_ROWS` of the region's own rows resume after a gap at
/// one character column (within one)? The page's split is counted over
/// the whole page, and a region's rows are split near it (within the
/// slacks); but rows far from the region may make up the count. On
/// emend's output of a page they can be new ones (a third column's gap
/// kept inside a joined paragraph), and a second run split rows a first
/// had left beside four that agreed (a fuzz input). Counted in the
/// region's own rows, the evidence is what the first run saw.
fn shows_its_own_column(text: &str, region: &Region) -> bool {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for row in &region.rows {
        let gap = grid_width(&text[row.gap.clone()]);
        if row.left.is_empty() || row.right.is_empty() || gap < GAP {
            continue;
        }
        let column = grid_width(&text[row.indent.start..row.right.start]);
        for near in column.saturating_sub(1)..=column + 1 {
            *counts.entry(near).or_default() += 1;
        }
    }
    counts.values().any(|&n| n >= MIN_AGREEING_ROWS)
}

/// Do the region's rows read as two columns of Chinese prose: of the rows
/// with text in both columns, most hold Chinese on the left, and most
/// left lines fill the left column (in display cells, at least 60 % of
/// the way to the right column)? A definition list — an option or a term
/// on the left, its description on the right (`-a, --all      显示所有`) —
/// has short, often Latin, left parts and is not two columns to read one
/// after the other. In the benchmark's pdf-2col-layout regions, 79–100 %
/// of the rows fill their left column and 98–100 % hold Chinese there.
fn reads_as_columns_of_prose(text: &str, region: &Region) -> bool {
    let both: Vec<&Row> = region
        .rows
        .iter()
        .filter(|r| r.has_both_columns())
        .collect();
    // A grid's column is where its right column starts, in characters;
    // a cell grid's is as wide as its left lines mostly are (its gaps
    // are OCR's guesses, up to 56 spaces after a short line).
    let left_width = upper_width(
        &both
            .iter()
            .map(|r| str_cells(&text[r.indent.start..r.left.end]))
            .collect::<Vec<_>>(),
    );
    let column = |r: &Row| match region.grid {
        Grid::Characters => grid_width(&text[r.indent.start..r.right.start]),
        Grid::Cells => left_width,
    };
    let fills = both
        .iter()
        .filter(|r| 10 * str_cells(&text[r.left.clone()]) >= 6 * column(r))
        .count();
    let chinese = both
        .iter()
        .filter(|r| text[r.left.clone()].chars().any(is_han))
        .count();
    let most = |n: usize| n as f64 >= MIN_PROSE_ROW_SHARE * both.len() as f64;
    // And the left column runs on from line to line somewhere: prose wraps,
    // couplets printed side by side (`床前明月光，疑是地上霜。    举头…`) do
    // not. Asked of the rows from its first of two columns to its last:
    // the lines of one column below them may be the next page's once
    // `page-furniture` has taken the page break away, and they changed the
    // column's measured width and with it which lines run on; a second run
    // split rows a first had left (a fuzz input).
    let two_sided = Row::has_both_columns;
    let (Some(first), Some(last)) = (
        region.rows.iter().position(two_sided),
        region.rows.iter().rposition(two_sided),
    ) else {
        return false;
    };
    let core = Region {
        grid: region.grid,
        rows: region.rows[first..=last].to_vec(),
    };
    let [left, _] = core.streams(text);
    let runs_on = left.joins.iter().filter(|&&j| j).count();
    !both.is_empty()
        && most(fills)
        && most(chinese)
        && runs_on as f64 >= MIN_RUN_ON_SHARE * left.joins.len() as f64
}

/// Splits one line at the page's column.
fn classify(text: &str, line: &Line, column: usize) -> Kind {
    let body = &text[line.body.clone()];
    if body.trim().is_empty() {
        return blank_row(line);
    }
    let chars: Vec<(usize, char)> = grid_chars(body).collect();
    let earliest = column.saturating_sub(INDENT_SLACK);
    let latest = column + LATE_SLACK;
    let row =
        |left_end: usize, right_start: usize| row_at(text, line, &chars, left_end, right_start);
    let indent = chars.iter().take_while(|(_, c)| *c == ' ').count();
    if indent >= earliest {
        // Only the right column's text on this row.
        return Kind::OneColumn(row(0, indent));
    }
    // A gap that ends near the column, and not at a stray mark in the
    // gutter (which side the mark went to would hang on a cell).
    let near = gap_ends(body)
        .into_iter()
        .filter(|&end| (earliest..=latest).contains(&end))
        .filter(|&end| !stray_mark_at(&chars, end))
        .min_by_key(|&end| end.abs_diff(column));
    if let Some(end) = near {
        let start = (0..end)
            .rev()
            .find(|&i| chars[i].1 != ' ')
            .map_or(0, |i| i + 1);
        return Kind::Split(row(start, end));
    }
    let text_end = chars
        .iter()
        .rposition(|(_, c)| *c != ' ')
        .map_or(0, |i| i + 1);
    if text_end <= column {
        // Only the left column's text.
        return Kind::OneColumn(row(text_end, chars.len()));
    }
    // A letter-spaced line (OCR that put a space between the characters)
    // has a single space wherever the split falls, which says nothing of a
    // column, and `letter-spacing` takes the spaces out in a letter-spaced
    // block or document: read as tight rows, such lines joined a region on
    // a first run and were gone from it on a second, which then split the
    // region's rows (two fuzz inputs).
    if letter_spaced(&chars) {
        return Kind::LetterSpaced;
    }
    // The left line ran to the column: the gap is one space or none.
    let space = (earliest..=column.min(chars.len() - 1))
        .rev()
        .find(|&i| chars[i].1 == ' ' && chars.get(i + 1).is_some_and(|(_, c)| *c != ' '));
    if let Some(i) = space {
        return Kind::Tight(row(i, i + 1));
    }
    let tight = column < chars.len()
        && is_chinese_side(chars[column - 1].1)
        && is_chinese_side(chars[column].1);
    if tight {
        Kind::Tight(row(column, column))
    } else {
        Kind::Other
    }
}

/// A line of spaces or nothing.
fn blank_row(line: &Line) -> Kind {
    let end = line.body.end;
    Kind::Blank(Row {
        indent: line.body.clone(),
        left: end..end,
        gap: end..end,
        right: end..end,
        trailing: end..end,
        newline: line.newline.clone(),
    })
}

/// Han characters one space apart that make a line letter-spaced, when
/// they are as many as the Han characters side by side: prose has none,
/// a spaced-out title one or two (`目 录`, `第 一 章`), word-segmented text
/// about as many as it has pairs inside words, and tesseract's
/// letter-spaced output nearly all. Looser than `letter-spacing`'s own
/// test of a line alone (10 pairs, 70 %), which a letter-spaced block or
/// document lowers to 1 pair and 50 %: a line that rule may take the
/// spaces out of counts here, and a single space at a column split in
/// word-segmented text is no column gap either.
const MIN_SPACED_HAN_PAIRS: usize = 3;

/// Are the line's Han characters mostly one space apart (`数 将 设置 为`)?
fn letter_spaced(chars: &[(usize, char)]) -> bool {
    let spaced = chars
        .windows(3)
        .filter(|w| is_han(w[0].1) && w[1].1 == ' ' && is_han(w[2].1))
        .count();
    let side_by_side = chars
        .windows(2)
        .filter(|w| is_han(w[0].1) && is_han(w[1].1))
        .count();
    spaced >= MIN_SPACED_HAN_PAIRS && spaced >= side_by_side
}

/// Is the text at grid column `at` a lone mark between two gaps (`关键字的
/// 。       其后`): a stray mark OCR or a mutated layout drops into the
/// gutter? The right column does not start there. Taken as the right
/// column's start when it lay nearer the page's split than the true start,
/// a shift of the split by one cell (a `, ` normalised to `，` in a line
/// above) sent the mark from one column to the other, and with it the left
/// column's measured width: a second run split a region the first had
/// left (a fuzz input, `fuzz/regressions/`).
fn stray_mark_at(chars: &[(usize, char)], at: usize) -> bool {
    let Some(&(_, mark)) = chars.get(at) else {
        return false;
    };
    let gap_after = chars
        .get(at + 1..at + 1 + GAP)
        .is_some_and(|after| after.iter().all(|&(_, c)| c == ' '));
    !mark.is_alphanumeric() && mark != ' ' && gap_after
}

/// A row whose left text ends at character `left_end` and whose right text
/// starts at character `right_start`.
fn row_at(
    text: &str,
    line: &Line,
    chars: &[(usize, char)],
    left_end: usize,
    right_start: usize,
) -> Row {
    let base = line.body.start;
    let byte = |i: usize| base + chars.get(i).map_or(line.body.end - base, |&(b, _)| b);
    let left_start = chars
        .iter()
        .position(|(_, c)| *c != ' ')
        .unwrap_or(0)
        .min(left_end);
    let right_end = chars
        .iter()
        .rposition(|(_, c)| *c != ' ')
        .map_or(0, |i| i + 1)
        .max(right_start);
    let _ = text;
    // A column's text ends after its last character on the grid: an
    // invisible mark after it (a stray BOM at a line's end) lies in the
    // gap or the trailing spaces, which `invisible-marks` may delete
    // whole. Inside the piece, that deletion took the piece's end away,
    // `column-split` left the region, and a second run split it (a fuzz
    // input).
    let end_of = |i: usize| {
        i.checked_sub(1)
            .and_then(|k| chars.get(k))
            .map_or(byte(0), |&(b, c)| base + b + c.len_utf8())
    };
    let left = byte(left_start)..end_of(left_end).max(byte(left_start));
    let right = byte(right_start)..end_of(right_end).max(byte(right_start));
    Row {
        indent: byte(0)..left.start,
        trailing: right.end..line.body.end,
        gap: left.end..right.start,
        left,
        right,
        newline: line.newline.clone(),
    }
}

impl Region {
    /// The bytes the region's rows cover, line endings included.
    pub fn span(&self) -> Option<Range<usize>> {
        let first = self.rows.first()?;
        let last = self.rows.last()?;
        let end = last
            .newline
            .as_ref()
            .map_or(last.right.end.max(last.gap.end), |n| n.end);
        Some(first.indent.start..end)
    }

    /// The left column's stream, then the right column's.
    pub fn streams(&self, text: &str) -> [Stream; 2] {
        let left: Vec<Option<Range<usize>>> = self.rows.iter().map(|r| nonempty(&r.left)).collect();
        let right: Vec<Option<Range<usize>>> =
            self.rows.iter().map(|r| nonempty(&r.right)).collect();
        [
            stream(text, &left, &self.indents(text, &left)),
            stream(text, &right, &self.indents(text, &right)),
        ]
    }

    /// Does the left column's text run on into the right column's, as a
    /// column's text runs on from one piece into the next? Only where the
    /// left column reaches the bottom of its block of rows (the row after
    /// its last piece is blank or past the region; a column that stops
    /// short beside the other's text ended its paragraph), and only
    /// between Chinese text: the join leaves nothing between the two.
    pub fn columns_run_on(&self, text: &str, left: &Stream, right: &Stream) -> bool {
        let (Some(last), Some(first), Some(&row)) =
            (left.pieces.last(), right.pieces.first(), left.rows.last())
        else {
            return false;
        };
        // Marks no paragraph break stands between (a stray `”` OCR left
        // at the right column's start, `…SUFFIX` ⏎ `”width…`): `wrap-join`
        // joins such a break wherever it stands, so left here, a second
        // run joined it (tesseract `--psm 6` pages).
        let (left_text, right_text) = (&text[last.clone()], &text[first.clone()]);
        let chinese_edge = left_text.chars().next_back().is_some_and(is_chinese_side)
            || right_text.chars().next().is_some_and(is_chinese_side);
        if chinese_edge && lines_join_inside_a_sentence(left_text, right_text) {
            return true;
        }
        let stops_short = self
            .rows
            .get(row + 1)
            .is_some_and(|next| !next.right.is_empty() || !next.left.is_empty());
        if stops_short {
            return false;
        }
        let column = format!("{}\n{}", &text[last.clone()], &text[first.clone()]);
        let at = last.len();
        let chinese_edges = column[..at]
            .chars()
            .next_back()
            .is_some_and(is_chinese_side)
            && column[at + 1..].chars().next().is_some_and(is_chinese_side);
        chinese_edges && runs_on(&column, at, left.last_full, left.width)
    }

    /// How far each piece starts after the column's leftmost piece, in
    /// characters: a paragraph's indented first line is as full as the
    /// lines below it when it ends at the column's edge.
    ///
    /// On a cell grid a column's pieces start where the gap OCR guessed
    /// ends: no indent is told from that.
    fn indents(&self, text: &str, pieces: &[Option<Range<usize>>]) -> Vec<usize> {
        if self.grid == Grid::Cells {
            return vec![0; pieces.len()];
        }
        let starts: Vec<usize> = self
            .rows
            .iter()
            .zip(pieces)
            .map(|(row, piece)| {
                piece
                    .as_ref()
                    .map_or(0, |p| grid_width(&text[row.indent.start..p.start]))
            })
            .collect();
        let base = starts
            .iter()
            .zip(pieces)
            .filter(|(_, p)| p.is_some())
            .map(|(&s, _)| s)
            .min()
            .unwrap_or(0);
        starts.into_iter().map(|s| s.saturating_sub(base)).collect()
    }
}

fn nonempty(r: &Range<usize>) -> Option<Range<usize>> {
    (!r.is_empty()).then(|| r.clone())
}

/// A column's pieces, one per row that has text in it, and whether each
/// runs on into the next: as `wrap-join` judges a line end, by the marks
/// at the join and by the width (the column's full pieces are its widest;
/// a piece that fills it and ends mid-sentence runs on). A row without
/// text in the column is a paragraph break there.
fn stream(text: &str, rows: &[Option<Range<usize>>], indents: &[usize]) -> Stream {
    let cells = |i: usize, r: &Range<usize>| str_cells(&text[r.clone()]) + indents[i];
    let widths: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| cells(i, r)))
        .collect();
    let width = upper_width(&widths);
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut piece_rows: Vec<usize> = Vec::new();
    for (i, piece) in rows.iter().enumerate() {
        if let Some(piece) = piece {
            pieces.push(piece.clone());
            piece_rows.push(i);
        }
    }
    // The column as its own text, a piece a line, a blank line where a
    // row had nothing in it: `wrap-join`'s questions are asked of it.
    let mut column = String::new();
    let mut breaks = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        if k > 0 {
            breaks.push(column.len());
            let adjacent = piece_rows[k - 1] + 1 == piece_rows[k];
            column.push_str(if adjacent { "\n" } else { "\n\n" });
        }
        column.push_str(&text[piece.clone()]);
    }
    let joins = breaks
        .iter()
        .enumerate()
        .map(|(k, &at)| {
            let adjacent = piece_rows[k] + 1 == piece_rows[k + 1];
            let full = cells(piece_rows[k], &pieces[k]) + tolerance(width) >= width;
            if adjacent {
                runs_on(&column, at, full, width)
            } else {
                // A row without text in this column parts paragraphs,
                // unless the marks at the edges say the sentence runs on
                // (no paragraph starts with `”`): `wrap-join` joins such
                // a line break wherever it stands, so left in place, a
                // second run joined it (real tesseract `--psm 6` pages).
                lines_join_inside_a_sentence(&text[pieces[k].clone()], &text[pieces[k + 1].clone()])
            }
        })
        .collect();
    let last_full = match (pieces.last(), piece_rows.last()) {
        (Some(piece), Some(&row)) => cells(row, piece) + tolerance(width) >= width,
        _ => false,
    };
    Stream {
        pieces,
        rows: piece_rows,
        joins,
        width,
        last_full,
    }
}

/// The column's width: the widest pieces but the odd one out (the 80th
/// percentile of the pieces' widths; most of a column's lines are full).
/// `alternating-lines` measures its columns the same way.
pub(crate) fn upper_width(widths: &[usize]) -> usize {
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() * 4 / 5).copied().unwrap_or(0)
}

/// Does the column's text run on across its line break at `at`, the line
/// before it being `full` or not? As `wrap-join` decides a line end: by
/// the marks at the join alone, or, for a full line between Chinese text,
/// unless the break stays (a sentence or colon before it, a heading or
/// list item after it).
fn runs_on(column: &str, at: usize, full: bool, width: usize) -> bool {
    if inside_a_sentence(column, at) {
        return true;
    }
    let (Some(last), Some(first)) = (
        column[..at].chars().next_back(),
        column[at + 1..].chars().next(),
    ) else {
        return false;
    };
    full && is_chinese_side(last)
        && is_chinese_side(first)
        && !keeps_measured_line_end(column, at, Some(width), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_spaced_line_is_no_tight_row() {
        let chars = |s: &str| s.char_indices().collect::<Vec<_>>();
        assert!(letter_spaced(&chars(
            "数 将 设置 为 剩余 的 其 他 参数 。Bash 从 这 个 文件"
        )));
        assert!(!letter_spaced(&chars("第 一 章")));
        assert!(!letter_spaced(&chars(
            "来在运行时访问用户的 manpath 的参数"
        )));
    }

    /// A page of two columns: left lines of 20 characters, right lines
    /// starting at column 26.
    fn page() -> String {
        let left = [
            "春眠不觉晓处处闻啼鸟夜来风雨声花落知多",
            "少。",
            "",
            "白日依山尽黄河入海流欲穷千里目更上一层",
        ];
        let right = [
            "床前明月光疑是地上霜举头望明月低头思故",
            "乡。",
            "",
            "红豆生南国春来发几枝",
        ];
        let mut lines = Vec::new();
        for (l, r) in left.iter().zip(right) {
            let pad = 26 - l.chars().count();
            lines.push(if r.is_empty() && l.is_empty() {
                String::new()
            } else {
                format!("{l}{}{r}", " ".repeat(pad))
            });
        }
        let mut text = lines.join("\n");
        text.push('\n');
        // Three more split rows so the page agrees on its column.
        for _ in 0..3 {
            text.push_str(&format!(
                "{}{}{}\n",
                "一二三四五六七八九十一二三四五六七八九十",
                " ".repeat(6),
                "甲乙丙丁戊己庚辛壬癸"
            ));
        }
        text
    }

    #[test]
    fn a_closing_quote_runs_on_across_a_row_the_column_skips() {
        // OCR left `”` in the gap: the right column's piece after the row
        // where it has no text starts with it, and no paragraph does.
        let left = "一二三四五六七八九十一二三四五六七八九十";
        let rights = [
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰",
            "",
            "”巳午未申酉戌亥",
            "天地玄黄宇宙洪荒",
        ];
        let mut text = String::new();
        for right in rights.iter().chain(&["日月盈昃辰宿列张"; 3]) {
            text += &format!("{left}{}{right}\n", " ".repeat(6));
        }
        let regions = regions(&text);
        assert_eq!(regions.len(), 1, "{regions:?}");
        let [_, right] = regions[0].streams(&text);
        assert_eq!(text[right.pieces[1].clone()].chars().next(), Some('”'));
        assert!(right.joins[0], "{right:?}");
    }

    #[test]
    fn narrow_one_column_prose_between_two_regions_parts_them() {
        // Lines narrower than the left column read as rows of one column;
        // forty of them between two regions outnumber both regions' rows.
        let narrow = "这是一段排得很窄的正文，\n".repeat(40);
        let text = format!("{}{narrow}{}", page(), page());
        assert_eq!(regions(&text).len(), 2);
    }

    #[test]
    fn a_page_of_two_columns_splits_into_streams() {
        let text = page();
        let regions = regions(&text);
        assert_eq!(regions.len(), 1, "{regions:?}");
        let [left, right] = regions[0].streams(&text);
        let read = |s: &Stream| {
            s.pieces
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(&left)[..2],
            ["春眠不觉晓处处闻啼鸟夜来风雨声花落知多", "少。"]
        );
        assert_eq!(
            read(&right)[..2],
            ["床前明月光疑是地上霜举头望明月低头思故", "乡。"]
        );
        assert!(left.joins[0], "a full line runs on");
        assert!(!left.joins[1], "a blank row parts paragraphs");
    }

    /// Six rows of two columns of prose, the last row's left text ending
    /// a sentence and its right text `right_end`, then `after`.
    fn columns_inside_text(right_end: &str, after: &str) -> String {
        let left = "一二三四五六七八九十一二三四五六七八";
        let right = "甲乙丙丁戊己庚辛壬癸子丑寅卯，辰巳午";
        let mut text = String::new();
        for k in 0..6 {
            let (l, r) = if k == 5 {
                (
                    "一二三四五六七八九十一二三四五六七。".to_string(),
                    format!("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳{right_end}"),
                )
            } else {
                (left.to_string(), right.to_string())
            };
            text += &format!("{l}{}{r}\n", " ".repeat(26 - l.chars().count()));
        }
        text + after
    }

    #[test]
    fn one_column_lines_the_right_column_runs_on_into_are_not_the_lefts() {
        // The left column's last row ends a sentence, the right's runs on:
        // the narrow lines below continue the right column.
        let after = "午未申酉戌亥一二三四五六七八九十一二\n三四五六七八九十。\n";
        let text = columns_inside_text("午", after);
        let region = &regions(&text)[0];
        assert_eq!(region.rows.len(), 6, "{region:?}");
        // When the right column ends a sentence too, the lines below may be
        // the left column running on below the right.
        let text = columns_inside_text("。", after);
        assert_eq!(regions(&text)[0].rows.len(), 8);
    }

    #[test]
    fn a_right_column_reading_on_into_the_lines_below_ends_the_region() {
        // Neither the left nor the right line of the last row ends a
        // sentence; `提升` across the right column's join says the lines
        // below go on from it, not from the left column (`的升`).
        let left = "一二三四五六七八九十一二三四五六七八";
        let mut text = String::new();
        for k in 0..6 {
            let (l, r) = if k == 5 {
                (
                    "一二三四五六七八九十一二三四五六七的",
                    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰速度提",
                )
            } else {
                (left, "甲乙丙丁戊己庚辛壬癸子丑寅卯，辰巳午")
            };
            text += &format!("{l}{}{r}\n", " ".repeat(26 - l.chars().count()));
        }
        text += "升了很多倍一二三四五六七八九十一二\n三四五六七八九十。\n";
        assert_eq!(regions(&text)[0].rows.len(), 6);
        // Without the word, the lines below may be the left column's.
        let text = text.replace("速度提", "速度。");
        assert_eq!(regions(&text)[0].rows.len(), 8);
    }

    #[test]
    fn a_form_feed_starts_a_page_whose_columns_are_its_own() {
        // The page's first line follows the form feed on its line; its
        // columns are counted from there, and the page's own column
        // (resuming at 24, not the previous page's 26) splits it.
        let row =
            |l: &str, r: &str, at: usize| format!("{l}{}{r}", " ".repeat(at - l.chars().count()));
        let left = "一二三四五六七八九十一二三四五六七八";
        let right = "甲乙丙丁戊己庚辛壬癸";
        let mut text = String::new();
        for _ in 0..6 {
            text += &row(left, right, 26);
            text.push('\n');
        }
        text.push('\u{c}');
        for _ in 0..6 {
            text += &row(left, right, 24);
            text.push('\n');
        }
        let regions = regions(&text);
        assert_eq!(regions.len(), 2);
        assert_eq!(
            regions.iter().map(|r| r.rows.len()).collect::<Vec<_>>(),
            [6, 6]
        );
        let first_of_page = &regions[1].rows[0];
        assert_eq!(&text[first_of_page.right.clone()], right);
    }

    #[test]
    fn prose_and_a_form_have_no_columns() {
        let prose = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n".repeat(10);
        assert!(regions(&prose).is_empty());
        let form = "姓名   张三\n性别   男\n年龄   三十\n籍贯   上海\n职业   教师\n电话   123\n";
        assert!(regions(form).is_empty());
        // A definition list: options on the left, descriptions on the
        // right, wrapping under the description column.
        let mut list = String::new();
        for option in ["-a, --all", "-l", "-h, --human", "-r", "-S", "-t"] {
            list += &format!("{option:<20}显示所有文件，包括以点开头的隐藏文件\n");
            list += &format!("{:<20}以及它们的大小。\n", "");
        }
        assert!(regions(&list).is_empty(), "{:?}", regions(&list));
        // A glossary: short Chinese terms on the left.
        let glossary: String = ["进程", "线程", "信号", "管道", "套接字", "文件"]
            .iter()
            .map(|t| {
                format!(
                    "{t}{}指操作系统中用来完成一件工作的基本单位\n",
                    " ".repeat(20 - 2 * t.chars().count())
                )
            })
            .collect();
        assert!(regions(&glossary).is_empty());
        // Couplets printed side by side: two columns that never run on.
        let couplets = "床前明月光，疑是地上霜。        举头望明月，低头思故乡。\n".repeat(6);
        assert!(regions(&couplets).is_empty());
    }

    #[test]
    fn a_lone_mark_between_gaps_does_not_start_the_right_column() {
        let line = "地域定义文件以一个包含有如下关键字的         。       其后跟随";
        let chars: Vec<(usize, char)> = grid_chars(line).collect();
        let ends = gap_ends(line);
        assert_eq!(ends.len(), 2);
        assert!(stray_mark_at(&chars, ends[0]), "the 。 in the gutter");
        assert!(!stray_mark_at(&chars, ends[1]), "the right column's text");
        // A mark that starts the right column's text is its start.
        let opening: Vec<(usize, char)> = grid_chars("左边的文字       “右边的文字").collect();
        assert!(!stray_mark_at(&opening, 12));
    }
}
