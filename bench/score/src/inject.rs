//! Injected defects: a deterministic generator of layout damage over the
//! ground truths.
//!
//! The raw variants of the corpus carry real damage, but nobody marked where
//! it is: a repair that puts one interleaved column right and moves another
//! paragraph wrong only shows as a CER that barely moves. Here every case is
//! one ground truth with one defect of a known [`Shape`] in one known region,
//! so [`crate::injected`] can count, per shape, how many defects a command
//! repaired, how often a change it made in a region was right, and whether
//! it touched anything else.
//!
//! The generator is fixed before any tuning against it: the same seed gives
//! the same bytes, with its own [`Rng`] (no dependency on a crate's stream),
//! and a case depends only on the seed, its document, its shape and its
//! number, so adding a document or a shape changes no other case.

use crate::injected::Target;
use crate::{Corpus, Doc};
use serde::{Deserialize, Serialize};
use std::ops::Range;

// ---------------------------------------------------------------------------
// Shapes and what a case records

/// The kinds of injected defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Two columns printed side by side, a row holding a line of each.
    SideBySide,
    /// The two columns' lines one after the other, singly or in runs.
    Alternating,
    /// A paragraph, or its second half, printed after the next paragraph.
    Displaced,
    /// A heading followed by the paragraph after its body.
    Heading,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::SideBySide,
        Shape::Alternating,
        Shape::Displaced,
        Shape::Heading,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::SideBySide => "side-by-side",
            Shape::Alternating => "alternating",
            Shape::Displaced => "displaced",
            Shape::Heading => "heading",
        }
    }

    pub fn parse(s: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|x| x.name() == s)
    }

    /// Cases of this shape per document: one per form, so that every form
    /// is in every document (side by side: a gap kept, shrunk to one space
    /// and to none after a full left line, each padded by characters and by
    /// cells; alternating: single lines, runs
    /// of 2–3; displaced: a whole paragraph, a half cut mid-sentence). A
    /// document with no heading-like line gets no heading case.
    pub fn cases_per_doc(self) -> usize {
        match self {
            Shape::SideBySide => 6,
            Shape::Alternating => 2,
            Shape::Displaced => 2,
            Shape::Heading => 1,
        }
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A byte range in a case's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// How a side-by-side row pads its left line to the right column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Padding {
    /// One space a character, as `pdftotext -layout` lays text on a grid of
    /// one column per character: the right column starts at the same
    /// character index on every row (the left column's most characters,
    /// plus the gap).
    Characters,
    /// One space a half cell, as a terminal or a monospaced rendering
    /// aligns it: the right column starts at the same display column.
    Cells,
}

/// Which column a run of alternating lines comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    Left,
    Right,
}

/// Consecutive lines of one column in an alternating case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub column: Column,
    pub lines: usize,
}

/// How the defect was made; the tag is the case's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "kebab-case")]
pub enum Layout {
    /// `rows` rows of a left line padded to the left column's width (see
    /// [`Padding`]), `gap` spaces and a right line; with `full_gap`, a row
    /// whose left line fills the printed width (to within half a cell) gets
    /// that many spaces instead, as `pdftotext -layout` prints a justified
    /// line that reaches the gutter.
    SideBySide {
        rows: usize,
        padding: Padding,
        gap: usize,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        full_gap: Option<usize>,
    },
    /// The `rows` lines of each column, written in `runs`, with a blank line
    /// between runs when `blank_between_runs`.
    Alternating {
        rows: usize,
        runs: Vec<Run>,
        blank_between_runs: bool,
    },
    /// The paragraph's printed lines from `from_line` on (0: the whole
    /// paragraph; otherwise a cut mid-sentence, as a column break makes)
    /// moved after the next paragraph.
    Displaced {
        from_line: usize,
        moved_lines: usize,
    },
    /// `heading` (a short line without terminal punctuation) followed by the
    /// paragraph after its body, and its body after that.
    Heading { heading: String },
}

impl Layout {
    pub fn shape(&self) -> Shape {
        match self {
            Layout::SideBySide { .. } => Shape::SideBySide,
            Layout::Alternating { .. } => Shape::Alternating,
            Layout::Displaced { .. } => Shape::Displaced,
            Layout::Heading { .. } => Shape::Heading,
        }
    }
}

/// A case's JSON: where its defect is and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseMeta {
    /// `<doc>/<shape>-<n>`: the case's files are `<case>.raw.txt`,
    /// `<case>.gt.txt` and `<case>.json` under the output directory.
    pub case: String,
    pub doc: String,
    pub seed: u64,
    #[serde(flatten)]
    pub layout: Layout,
    /// Printed width in cells: a Chinese character is one, a Latin one half.
    pub width: usize,
    /// Whether the printed paragraphs are separated by a blank line (as OCR
    /// writes them; else by a line break only, as `pdftotext` does).
    pub blank_between_paragraphs: bool,
    /// The region in `case.gt.txt` (bytes): the text the defect moved.
    pub region: Span,
    /// The same text in `case.raw.txt`, as the defect left it (bytes).
    pub raw_region: Span,
}

/// One injected case: the damaged text and its ground truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub meta: CaseMeta,
    pub raw: String,
    pub gt: String,
}

impl Case {
    pub fn shape(&self) -> Shape {
        self.meta.layout.shape()
    }
}

// ---------------------------------------------------------------------------
// The random numbers

/// SplitMix64 (Steele, Lea and Flood, 2014): a few lines that give the same
/// stream on every platform and toolchain, which `rand` does not promise
/// across its versions; the cases must not change when a dependency does.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of one case: the seed mixed with a hash of the
    /// document's name, the shape and the case's number, so that a case is
    /// the same whatever other documents or shapes are generated.
    pub fn for_case(seed: u64, doc: &str, shape: Shape, n: usize) -> Rng {
        Rng::for_key(seed, &format!("{doc}\u{0}{}\u{0}{n}", shape.name()))
    }

    /// The generator of anything named by `key`: the seed mixed with a
    /// hash of the key, as [`Rng::for_case`] does.
    pub fn for_key(seed: u64, key: &str) -> Rng {
        let mut r = Rng::new(seed);
        let s = r.next_u64() ^ fnv1a(key.as_bytes());
        Rng::new(s)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (multiply-shift: the bias is below 2⁻⁵⁰ for the
    /// small ranges used here); `lo` when `hi < lo`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        let n = (hi - lo + 1) as u128;
        lo + ((self.next_u64() as u128 * n) >> 64) as usize
    }

    pub fn coin(&mut self) -> bool {
        self.next_u64() >> 63 == 1
    }

    /// One element, uniformly; `None` for an empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        if xs.is_empty() {
            return None;
        }
        xs.get(self.range(0, xs.len() - 1))
    }
}

/// FNV-1a, 64 bits: a stable hash for seeding (std's hashers may change).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

// ---------------------------------------------------------------------------
// Printing: widths and line breaks

/// Narrowest and widest printed line, in cells.
pub const WIDTHS: (usize, usize) = (18, 40);
/// Fewest and most lines in each of the two columns.
pub const ROWS: (usize, usize) = (4, 12);
/// Longest line that counts as a heading, in cells.
const HEADING_CELLS: usize = 30;
/// Draws before a document is given up for a case: a draw can find no
/// place for the defect at its width, or a case that would not score.
const ATTEMPTS: usize = 16;

/// Display width in half cells: 2 for a CJK character, a full-width form or
/// a mark set full-width in Chinese type (`“”‘’—…`), 1 otherwise, so that
/// a Latin letter counts half, as in print and in a terminal.
pub fn half_cells(c: char) -> usize {
    let wide = matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2014}'
        | '\u{2018}'..='\u{201D}'
        | '\u{2026}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}');
    if wide {
        2
    } else {
        1
    }
}

/// The display width of `s` in half cells.
pub fn text_half_cells(s: &str) -> usize {
    s.chars().map(half_cells).sum()
}

/// Marks that Chinese typesetting keeps off the start of a line.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』”’〕】〉…,.;:?!)]}%".contains(c)
}

/// Marks that Chinese typesetting keeps off the end of a line.
fn no_line_end(c: char) -> bool {
    "（《「『“‘〔【〈([{".contains(c)
}

/// `s` without the closing brackets and quotes at its end, which may
/// follow the mark that ends a sentence or clause.
fn trim_closers(s: &str) -> &str {
    s.trim_end()
        .trim_end_matches(|c| "）)」』”’\"'》]".contains(c))
}

/// Ends a sentence.
fn ends_sentence(s: &str) -> bool {
    trim_closers(s).ends_with(|c| "。．.！!？?…".contains(c))
}

/// Ends a clause: a sentence end or a mark that says more follows.
fn ends_clause(s: &str) -> bool {
    ends_sentence(s) || trim_closers(s).ends_with(|c| "，,：:；;、—".contains(c))
}

/// A unit of line breaking: a run of spaces, a run of ASCII non-space
/// characters (a Latin word is not broken unless it is wider than a line),
/// or one other character.
#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    half_cells: usize,
    space: bool,
}

fn tokens(text: &str, para: Range<usize>, cap: usize) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for (i, c) in text[para.clone()].char_indices() {
        let at = para.start + i;
        let range = at..at + c.len_utf8();
        let kind = |c: char| (c.is_whitespace(), c.is_ascii() && !c.is_whitespace());
        let (space, ascii) = kind(c);
        if let Some(last) = out.last_mut() {
            let prev = text[last.range.clone()].chars().next_back().map(kind);
            if prev == Some((space, ascii)) && (space || ascii) {
                last.range.end = range.end;
                last.half_cells += half_cells(c);
                continue;
            }
        }
        out.push(Token {
            range,
            half_cells: half_cells(c),
            space,
        });
    }
    // A word wider than the line is broken anywhere.
    out.into_iter()
        .flat_map(|t| {
            if t.space || t.half_cells <= cap {
                return vec![t];
            }
            text[t.range.clone()]
                .char_indices()
                .map(|(i, c)| Token {
                    range: t.range.start + i..t.range.start + i + c.len_utf8(),
                    half_cells: half_cells(c),
                    space: false,
                })
                .collect()
        })
        .collect()
}

/// The printed lines of the paragraph `text[para]` at `width` cells, as
/// byte ranges into `text`: greedy filling, a space at a break dropped, a
/// closing mark never first on a line and an opening one never last (the
/// word before it goes down to the next line instead).
pub fn wrap(text: &str, para: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let cap = 2 * width;
    let toks = tokens(text, para, cap);
    let skip_spaces = |mut k: usize| {
        while toks.get(k).is_some_and(|t| t.space) {
            k += 1;
        }
        k
    };
    let last_word = |i: usize, j: usize| (i..j).rev().find(|&k| !toks[k].space);
    let mut lines = Vec::new();
    let mut i = skip_spaces(0);
    while i < toks.len() {
        let mut j = i;
        let mut w = 0;
        while j < toks.len() && w + toks[j].half_cells <= cap {
            w += toks[j].half_cells;
            j += 1;
        }
        j = j.max(i + 1);
        while j < toks.len() {
            let next = skip_spaces(j);
            let Some(last) = last_word(i, j) else { break };
            let first_of_next = toks
                .get(next)
                .and_then(|t| text[t.range.clone()].chars().next());
            let last_char = text[toks[last].range.clone()].chars().next_back();
            let bad =
                first_of_next.is_some_and(no_line_start) || last_char.is_some_and(no_line_end);
            if !bad || last == i {
                break;
            }
            j = last;
        }
        if let Some(last) = last_word(i, j) {
            lines.push(toks[i].range.start..toks[last].range.end);
        }
        i = skip_spaces(j);
    }
    lines
}

/// The paragraphs of a ground truth: its non-blank lines, as byte ranges.
pub fn paragraphs(gt: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in gt.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            out.push(at..at + body.len());
        }
        at += line.len();
    }
    out
}

// ---------------------------------------------------------------------------
// Assembling a damaged text

/// How a piece of the damaged text follows the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// On the next line: the same paragraph goes on.
    Line,
    /// After a paragraph break (a blank line or not, by the case).
    Paragraph,
}

/// Consecutive printed lines of the damaged text, in or out of the region.
#[derive(Debug, Clone)]
struct Piece {
    join: Join,
    lines: Vec<String>,
    in_region: bool,
}

impl Piece {
    fn new(join: Join, lines: Vec<String>, in_region: bool) -> Piece {
        Piece {
            join,
            lines,
            in_region,
        }
    }
}

/// The damaged text: the printed `pieces` in order, a paragraph break a
/// blank line when `blank`; returns it with the byte range of the region
/// pieces in it.
fn assemble(pieces: &[Piece], blank: bool) -> Option<(String, Range<usize>)> {
    let mut out = String::new();
    let mut region: Option<Range<usize>> = None;
    for (k, piece) in pieces.iter().enumerate() {
        if k > 0 {
            out.push_str(match (piece.join, blank) {
                (Join::Line, _) | (Join::Paragraph, false) => "\n",
                (Join::Paragraph, true) => "\n\n",
            });
        }
        let start = out.len();
        out.push_str(&piece.lines.join("\n"));
        if piece.in_region {
            let r = region.get_or_insert(start..out.len());
            r.end = out.len();
        }
    }
    out.push('\n');
    region.map(|r| (out, r))
}

/// A document's paragraphs and their printed lines at one width.
struct Printed<'a> {
    gt: &'a str,
    paras: Vec<Range<usize>>,
    lines: Vec<Vec<Range<usize>>>,
    width: usize,
}

impl<'a> Printed<'a> {
    fn new(gt: &'a str, paras: &[Range<usize>], width: usize) -> Printed<'a> {
        Printed {
            gt,
            paras: paras.to_vec(),
            lines: paras.iter().map(|p| wrap(gt, p.clone(), width)).collect(),
            width,
        }
    }

    fn text(&self, r: &Range<usize>) -> String {
        self.gt[r.clone()].to_string()
    }

    /// The printed lines `lines` of paragraph `p`.
    fn lines_of(&self, p: usize, lines: Range<usize>) -> Vec<String> {
        self.lines[p][lines].iter().map(|r| self.text(r)).collect()
    }

    /// Paragraph `p` printed whole, as a piece.
    fn para(&self, p: usize, in_region: bool) -> Piece {
        Piece::new(
            Join::Paragraph,
            self.lines_of(p, 0..self.lines[p].len()),
            in_region,
        )
    }
}

/// What a shape made: the layout, the damaged text and the two regions.
struct Made {
    layout: Layout,
    width: usize,
    blank: bool,
    raw: String,
    raw_region: Range<usize>,
    region: Range<usize>,
}

// ---------------------------------------------------------------------------
// The shapes

/// 2N consecutive printed lines: the left column's N, then the right's.
struct Window {
    /// (paragraph, line) of each of the 2N lines.
    at: Vec<(usize, usize)>,
}

impl Window {
    fn first(&self) -> (usize, usize) {
        self.at[0]
    }
    fn last(&self) -> (usize, usize) {
        self.at[self.at.len() - 1]
    }
}

/// A window of `2 × rows` printed lines with a paragraph before it and one
/// after the paragraph it ends in, so that the region is never at an edge
/// and has printed context on both sides to measure the width from.
fn pick_window(pr: &Printed, rows: usize, rng: &mut Rng) -> Option<Window> {
    let flat: Vec<(usize, usize)> = (0..pr.lines.len())
        .flat_map(|p| (0..pr.lines[p].len()).map(move |l| (p, l)))
        .collect();
    let n = 2 * rows;
    let starts: Vec<usize> = (0..flat.len().saturating_sub(n - 1))
        .filter(|&g| flat[g].0 >= 1 && flat[g + n - 1].0 + 1 < pr.paras.len())
        .collect();
    let g = *rng.pick(&starts)?;
    Some(Window {
        at: flat[g..g + n].to_vec(),
    })
}

/// The pieces of the paragraphs a window is in: the first one's lines
/// before it, `region` in its place, the last one's lines after it; with
/// the range of those paragraphs.
fn around_window(pr: &Printed, w: &Window, region: Vec<String>) -> (Vec<Piece>, Range<usize>) {
    let (p0, l0) = w.first();
    let (p1, l1) = w.last();
    let mut pieces = Vec::new();
    if l0 > 0 {
        pieces.push(Piece::new(Join::Paragraph, pr.lines_of(p0, 0..l0), false));
    }
    let join = if l0 > 0 { Join::Line } else { Join::Paragraph };
    pieces.push(Piece::new(join, region, true));
    if l1 + 1 < pr.lines[p1].len() {
        pieces.push(Piece::new(
            Join::Line,
            pr.lines_of(p1, l1 + 1..pr.lines[p1].len()),
            false,
        ));
    }
    (pieces, p0..p1 + 1)
}

/// The gt bytes of a window: its first line's start to its last's end.
fn window_region(pr: &Printed, w: &Window) -> Range<usize> {
    let (p0, l0) = w.first();
    let (p1, l1) = w.last();
    pr.lines[p0][l0].start..pr.lines[p1][l1].end
}

/// The window's two columns.
fn columns(pr: &Printed, w: &Window) -> (Vec<String>, Vec<String>) {
    let text: Vec<String> =
        w.at.iter()
            .map(|&(p, l)| pr.text(&pr.lines[p][l]))
            .collect();
    let (left, right) = text.split_at(text.len() / 2);
    (left.to_vec(), right.to_vec())
}

/// Draws the number of rows and a window for it, fewer rows when the
/// document is too short for the number drawn.
fn rows_and_window(pr: &Printed, rng: &mut Rng) -> Option<(usize, Window)> {
    let drawn = rng.range(ROWS.0, ROWS.1);
    (ROWS.0..=drawn)
        .rev()
        .find_map(|rows| pick_window(pr, rows, rng).map(|w| (rows, w)))
}

/// How two columns are printed side by side.
#[derive(Debug, Clone, Copy)]
struct Gutter {
    padding: Padding,
    /// The left column's width in the padding's unit.
    column: usize,
    /// Half cells that make a full printed line.
    full: usize,
    gap: usize,
    full_gap: Option<usize>,
}

impl Gutter {
    /// One row: the left line padded to the column, the gap, the right
    /// line; `full_gap` spaces only after a left line that fills the
    /// printed width (to within half a cell).
    fn row(&self, left: &str, right: &str) -> String {
        let spaces = match self.full_gap {
            Some(g) if text_half_cells(left) + 1 >= self.full => g,
            _ => self.column.saturating_sub(self.units(left)) + self.gap,
        };
        format!("{left}{}{right}", " ".repeat(spaces))
    }

    fn units(&self, s: &str) -> usize {
        match self.padding {
            Padding::Characters => s.chars().count(),
            Padding::Cells => text_half_cells(s),
        }
    }
}

/// Side by side: forms 0 and 3 a gap of 3–6 spaces on every row; 1 and 4
/// the same, but one space after a full left line, 2 and 5 none; forms 0–2
/// padded by characters, 3–5 by cells.
fn side_by_side(pr: &Printed, form: usize, rng: &mut Rng) -> Option<Made> {
    let (rows, w) = rows_and_window(pr, rng)?;
    let gap = rng.range(3, 6);
    let full_gap = match form % 3 {
        0 => None,
        1 => Some(1),
        _ => Some(0),
    };
    let padding = if form < 3 {
        Padding::Characters
    } else {
        Padding::Cells
    };
    let (left, right) = columns(pr, &w);
    let mut gutter = Gutter {
        padding,
        column: 0,
        full: 2 * pr.width,
        gap,
        full_gap,
    };
    gutter.column = match padding {
        Padding::Characters => left.iter().map(|l| gutter.units(l)).max().unwrap_or(0),
        Padding::Cells => 2 * pr.width,
    };
    let printed: Vec<String> = left
        .iter()
        .zip(&right)
        .map(|(l, r)| gutter.row(l, r))
        .collect();
    let (pieces, zone) = around_window(pr, &w, printed);
    let layout = Layout::SideBySide {
        rows,
        padding,
        gap,
        full_gap,
    };
    made(pr, layout, zone, pieces, window_region(pr, &w), rng)
}

/// Alternating: form 0 one line of each column in turn, form 1 runs of 2–3
/// lines; a blank line between runs or not, drawn.
fn alternating(pr: &Printed, form: usize, rng: &mut Rng) -> Option<Made> {
    let (rows, w) = rows_and_window(pr, rng)?;
    let blank_between_runs = rng.coin();
    let (left, right) = columns(pr, &w);
    let mut taken = [0usize, 0];
    let mut side = 0;
    let mut runs = Vec::new();
    let mut printed: Vec<String> = Vec::new();
    while taken[0] < rows || taken[1] < rows {
        if taken[side] == rows {
            side = 1 - side;
        }
        let want = if form == 0 { 1 } else { rng.range(2, 3) };
        let n = want.min(rows - taken[side]);
        if blank_between_runs && !printed.is_empty() {
            printed.push(String::new());
        }
        let col = if side == 0 { &left } else { &right };
        printed.extend(col[taken[side]..taken[side] + n].iter().cloned());
        taken[side] += n;
        runs.push(Run {
            column: if side == 0 {
                Column::Left
            } else {
                Column::Right
            },
            lines: n,
        });
        side = 1 - side;
    }
    let (pieces, zone) = around_window(pr, &w, printed);
    let layout = Layout::Alternating {
        rows,
        runs,
        blank_between_runs,
    };
    made(pr, layout, zone, pieces, window_region(pr, &w), rng)
}

/// Displaced: form 0 a whole paragraph after the next one; form 1 its lines
/// from a break that is not a sentence end (a column break mid-sentence).
/// The moved paragraph has one before it and the next one one after it.
fn displaced(pr: &Printed, form: usize, rng: &mut Rng) -> Option<Made> {
    let n = pr.paras.len();
    let candidates: Vec<(usize, usize)> = (1..n.saturating_sub(2))
        .flat_map(|p| {
            let cuts: Vec<usize> = if form == 0 {
                vec![0]
            } else {
                (1..pr.lines[p].len())
                    .filter(|&c| !ends_sentence(&pr.text(&pr.lines[p][c - 1])))
                    .collect()
            };
            cuts.into_iter().map(move |c| (p, c))
        })
        .collect();
    let &(p, cut) = rng.pick(&candidates)?;
    let all = pr.lines[p].len();
    let mut pieces = Vec::new();
    if cut > 0 {
        pieces.push(Piece::new(Join::Paragraph, pr.lines_of(p, 0..cut), false));
    }
    pieces.push(pr.para(p + 1, true));
    pieces.push(Piece::new(Join::Paragraph, pr.lines_of(p, cut..all), true));
    let region = pr.lines[p][cut].start..pr.paras[p + 1].end;
    let layout = Layout::Displaced {
        from_line: cut,
        moved_lines: all - cut,
    };
    made(pr, layout, p..p + 2, pieces, region, rng)
}

/// A paragraph that reads as a heading: at most [`HEADING_CELLS`] cells and
/// no terminal punctuation (nor a comma, colon or the like).
fn heading_like(s: &str) -> bool {
    text_half_cells(s) <= 2 * HEADING_CELLS && !ends_clause(s)
}

/// Heading-like paragraphs with a body, a paragraph after it and one more
/// after that (so that the region is not at the end).
fn heading_candidates(gt: &str, paras: &[Range<usize>]) -> Vec<usize> {
    (0..paras.len().saturating_sub(3))
        .filter(|&h| heading_like(&gt[paras[h].clone()]))
        .collect()
}

/// Heading: a heading-like paragraph printed before the paragraph after its
/// body, and the body after that. The width is drawn wide enough for the
/// heading to fit on one line.
fn heading(gt: &str, paras: &[Range<usize>], rng: &mut Rng) -> Option<Made> {
    let h = *rng.pick(&heading_candidates(gt, paras))?;
    let cells = text_half_cells(&gt[paras[h].clone()]).div_ceil(2);
    let width = rng.range(cells.max(WIDTHS.0), WIDTHS.1);
    let pr = Printed::new(gt, paras, width);
    let pieces = vec![
        pr.para(h, false),
        pr.para(h + 2, true),
        pr.para(h + 1, true),
    ];
    let region = paras[h + 1].start..paras[h + 2].end;
    let layout = Layout::Heading {
        heading: pr.text(&paras[h]),
    };
    made(&pr, layout, h..h + 3, pieces, region, rng)
}

/// Prints the whole document: the paragraphs before `zone` and after it
/// printed at the width, around the `pieces` that print the zone (a real
/// page is printed at one width throughout, and a repair measures the width
/// from all of it); draws whether paragraphs are separated by blank lines
/// (as OCR writes them) or by a line break only (as `pdftotext` does).
fn made(
    pr: &Printed,
    layout: Layout,
    zone: Range<usize>,
    pieces: Vec<Piece>,
    region: Range<usize>,
    rng: &mut Rng,
) -> Option<Made> {
    let blank = rng.coin();
    let all: Vec<Piece> = (0..zone.start)
        .map(|p| pr.para(p, false))
        .chain(pieces)
        .chain((zone.end..pr.paras.len()).map(|p| pr.para(p, false)))
        .collect();
    let (raw, raw_region) = assemble(&all, blank)?;
    Some(Made {
        layout,
        width: pr.width,
        blank,
        raw,
        raw_region,
        region,
    })
}

// ---------------------------------------------------------------------------
// Generating

/// The cases of every document in the corpus, in document order.
pub fn generate(corpus: &Corpus, seed: u64) -> Vec<Case> {
    corpus
        .docs
        .iter()
        .flat_map(|d| generate_doc(d, seed))
        .collect()
}

/// The cases of one document: [`Shape::cases_per_doc`] of each shape, fewer
/// when the document has no place for one (no heading-like line, too few
/// paragraphs).
pub fn generate_doc(doc: &Doc, seed: u64) -> Vec<Case> {
    let paras = paragraphs(&doc.gt);
    let mut out = Vec::new();
    for shape in Shape::ALL {
        for n in 0..shape.cases_per_doc() {
            let mut rng = Rng::for_case(seed, &doc.name, shape, n);
            if let Some(c) =
                (0..ATTEMPTS).find_map(|_| attempt(doc, &paras, shape, n, seed, &mut rng))
            {
                out.push(c);
            }
        }
    }
    out
}

/// One draw of a case; `None` when it found no place at the drawn width or
/// made a case that would not score (see [`scores`]).
fn attempt(
    doc: &Doc,
    paras: &[Range<usize>],
    shape: Shape,
    n: usize,
    seed: u64,
    rng: &mut Rng,
) -> Option<Case> {
    // A heading draws its width after the heading, to fit it on a line.
    let at_drawn_width =
        |rng: &mut Rng| Printed::new(&doc.gt, paras, rng.range(WIDTHS.0, WIDTHS.1));
    let m = match shape {
        Shape::SideBySide => side_by_side(&at_drawn_width(rng), n, rng)?,
        Shape::Alternating => alternating(&at_drawn_width(rng), n, rng)?,
        Shape::Displaced => displaced(&at_drawn_width(rng), n, rng)?,
        Shape::Heading => heading(&doc.gt, paras, rng)?,
    };
    let case = Case {
        meta: CaseMeta {
            case: format!("{}/{}-{n}", doc.name, shape.name()),
            doc: doc.name.clone(),
            seed,
            layout: m.layout,
            width: m.width,
            blank_between_paragraphs: m.blank,
            region: m.region.into(),
            raw_region: m.raw_region.into(),
        },
        raw: m.raw,
        gt: doc.gt.clone(),
    };
    scores(&case).then_some(case)
}

/// Whether a case can be scored as intended: its region is found in both
/// texts, the raw text is wrong there and right everywhere else, and the
/// ground truth is right (a defect that moved text onto equal text, or a
/// region whose edges are not unique in the document, is drawn again).
pub fn scores(case: &Case) -> bool {
    let Some(t) = Target::of(case) else {
        return false;
    };
    let raw = t.judge(&case.raw);
    let gt = t.judge(&case.gt);
    raw.located && !raw.repaired && !raw.changed && !raw.damaged_outside && gt.repaired
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;
    use std::collections::BTreeMap;

    fn corpus() -> Corpus {
        Corpus::load(&crate::default_corpus_dir()).expect("the bench corpus")
    }

    fn multiset(s: &str) -> BTreeMap<char, usize> {
        let mut m = BTreeMap::new();
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_insert(0) += 1;
        }
        m
    }

    #[test]
    fn rng_is_splitmix64() {
        // The first outputs of SplitMix64 seeded with 0 (the published
        // reference values), so the stream can never drift.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut r = Rng::new(7);
        for _ in 0..1000 {
            let x = r.range(18, 40);
            assert!((18..=40).contains(&x));
        }
    }

    #[test]
    fn wrap_respects_width_words_and_marks() {
        let text = "通过指定修饰符`s', ar 可以建立指向档案中可重定位目标模块定义的符号表的索引，一旦建立。";
        for width in WIDTHS.0..=WIDTHS.1 {
            let lines = wrap(text, 0..text.len(), width);
            let mut joined = String::new();
            for r in &lines {
                let l = &text[r.clone()];
                assert!(text_half_cells(l) <= 2 * width, "{width}: {l}");
                assert!(!l.starts_with(no_line_start), "{width}: {l}");
                assert!(!l.starts_with(' ') && !l.ends_with(' '));
                joined.push_str(l);
            }
            assert_eq!(multiset(&joined), multiset(text));
        }
        // A Latin word stays whole; the space at the break goes.
        let t = "一二三四五六七八九十一二三四五六七 option 的值";
        let lines: Vec<&str> = wrap(t, 0..t.len(), 18).into_iter().map(|r| &t[r]).collect();
        assert_eq!(lines, ["一二三四五六七八九十一二三四五六七", "option 的值"]);
        // A comma that would start a line takes the character before it.
        let t = "一二三四五六七八九十一二三四五六七八，九";
        let lines: Vec<&str> = wrap(t, 0..t.len(), 18).into_iter().map(|r| &t[r]).collect();
        assert_eq!(lines, ["一二三四五六七八九十一二三四五六七", "八，九"]);
    }

    #[test]
    fn same_seed_same_bytes() {
        let c = corpus();
        let a = generate(&c, 1);
        let b = generate(&c, 1);
        assert_eq!(a, b);
        let files = |cases: &[Case]| -> Vec<(String, String)> {
            cases.iter().flat_map(crate::injected::case_files).collect()
        };
        assert_eq!(files(&a), files(&b));
        assert_ne!(files(&a), files(&generate(&c, 2)));
    }

    #[test]
    fn every_case_is_its_ground_truth_rearranged() {
        let c = corpus();
        let cases = generate(&c, 1);
        let mut per_shape: BTreeMap<Shape, usize> = BTreeMap::new();
        for case in &cases {
            *per_shape.entry(case.shape()).or_default() += 1;
            let m = &case.meta;
            assert_eq!(multiset(&case.raw), multiset(&case.gt), "{}", m.case);
            assert!(
                (WIDTHS.0..=WIDTHS.1).contains(&m.width),
                "{}: width {}",
                m.case,
                m.width
            );
            let region = &case.gt[m.region.range()];
            let raw_region = &case.raw[m.raw_region.range()];
            assert_eq!(multiset(region), multiset(raw_region), "{}", m.case);
            assert_ne!(
                View::Both.apply(region),
                View::Both.apply(raw_region),
                "{}: the raw region is already right",
                m.case
            );
            // Outside the region the raw text reads as the ground truth.
            let outside = |t: &str, r: Span| format!("{}{}", &t[..r.start], &t[r.end..]);
            assert_eq!(
                View::Both.apply(&outside(&case.raw, m.raw_region)),
                View::Both.apply(&outside(&case.gt, m.region)),
                "{}",
                m.case
            );
            match &m.layout {
                Layout::SideBySide { rows, gap, .. } => {
                    assert!((ROWS.0..=ROWS.1).contains(rows));
                    assert!(*gap >= 3);
                    assert_eq!(raw_region.lines().count(), *rows, "{}", m.case);
                }
                Layout::Alternating { rows, runs, .. } => {
                    assert!((ROWS.0..=ROWS.1).contains(rows));
                    assert_eq!(runs.iter().map(|r| r.lines).sum::<usize>(), 2 * rows);
                }
                Layout::Displaced { .. } => {}
                Layout::Heading { heading } => {
                    assert!(text_half_cells(heading) <= 2 * m.width);
                    assert!(case.raw.contains(&format!("{heading}\n")));
                }
            }
            // Outside the region, every line is printed at the width.
            let outside_lines = case.raw[..m.raw_region.start]
                .lines()
                .chain(case.raw[m.raw_region.end..].lines());
            for l in outside_lines {
                assert!(text_half_cells(l) <= 2 * m.width, "{}: {l}", m.case);
            }
        }
        let n = c.docs.len();
        assert_eq!(per_shape[&Shape::SideBySide], 6 * n);
        assert_eq!(per_shape[&Shape::Alternating], 2 * n);
        assert_eq!(per_shape[&Shape::Displaced], 2 * n);
        assert!(per_shape.get(&Shape::Heading).copied().unwrap_or(0) >= 3);
    }

    #[test]
    fn side_by_side_gaps() {
        let full = "一二三四五六七八九十一二三四五六七八";
        let g = |padding, column, gap, full_gap| Gutter {
            padding,
            column,
            full: 36,
            gap,
            full_gap,
        };
        let cells = |gap, full_gap| g(Padding::Cells, 36, gap, full_gap);
        assert_eq!(cells(4, Some(0)).row(full, "右"), format!("{full}右"));
        assert_eq!(cells(4, Some(1)).row(full, "右"), format!("{full} 右"));
        assert_eq!(cells(4, None).row(full, "右"), format!("{full}    右"));
        let short = cells(3, Some(0)).row("一二", "右");
        assert_eq!(short, format!("一二{}右", " ".repeat(32 + 3)));
        // By characters: the column is the longest left line's characters,
        // so a full line of Chinese still gets the padding to it.
        let chars = g(Padding::Characters, 22, 3, Some(1));
        assert_eq!(chars.row("一二", "右"), format!("一二{}右", " ".repeat(23)));
        assert_eq!(chars.row(full, "右"), format!("{full} 右"));
        let chars = g(Padding::Characters, 22, 3, None);
        assert_eq!(chars.row(full, "右"), format!("{full}{}右", " ".repeat(7)));
    }

    #[test]
    fn headings_are_short_and_open() {
        assert!(heading_like(
            "从哪里寻找 Perl 的源程序和文档，支持以及相关事项"
        ));
        assert!(!heading_like(
            "（我们通常使用术语隐含转换来描述这种类型的转换。）"
        ));
        assert!(!heading_like(
            "p 关键字指明要执行的操作, 只能指明为如下之一:"
        ));
        assert!(!heading_like(&"长".repeat(31)));
    }
}
