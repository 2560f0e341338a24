use std::ops::Range;

use crate::layout::breaks::{ends_inside_a_sentence, paragraph_gaps, starts_inside_a_sentence};
use crate::layout::Layout;
use crate::lexicon::join_gain;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta, Score};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Puts back in reading order two pieces of text that a column or page
    /// break cut from their paragraphs and extraction wrote in the wrong
    /// order: `A B C D`, where each piece stops mid-sentence and the next
    /// one starts mid-sentence, becomes `A C B D` when the joins of that
    /// order read clearly better. The move is recorded as a move.
    ///
    /// ## Why the defect happens
    /// `pdftotext` reads a page of two columns as runs of lines in the
    /// order it finds them in the content stream: the first column's top,
    /// then the second column's top, then the rest of the first column. A
    /// paragraph that runs from one column into the next is then split
    /// around a piece that belongs further down.
    ///
    /// ## Example
    /// `…在普通的UNIX文件系统中，每个目` reads on with `录至少有两个硬连接…`
    /// (`目录`), not with the piece that followed it in the raw text,
    /// `的搜索速度提升…`; that piece follows `…这样可以带来很大`, the end of
    /// the displaced one.
    ///
    /// ## Fix safety
    /// Safe, on two kinds of evidence together. The shape: all four pieces
    /// stand between blank lines, the first three end inside a sentence
    /// and the last three start inside one (no heading, list item or
    /// sentence end at any of the six edges), so either order is a
    /// candidate. The words: each join is weighed by jieba's unigram model
    /// (how much likelier the Han characters at its edges read joined than
    /// apart, [`crate::lexicon::join_gain`]); the swap is made only when
    /// the three joins of the new order gain at least `MIN_GAIN` nats
    /// more than the three of the old. A cut that falls between words
    /// gives no evidence either way, and such pieces stay where they are.
    /// The word evidence is asked only of pieces a column break could have
    /// cut (the first three end full printed lines) that are not lines of
    /// two texts alternating (the pieces around them run on into them).
    /// Below the bar the swap is a suggestion: a page of that shape with a
    /// piece whose lines the width measure left undecided, and a swap the
    /// words favour by `MIN_SUGGEST_GAIN` to `MIN_GAIN`. A swap the words
    /// decide is scored by its gain over `MIN_GAIN` (suggested from 0.33),
    /// so `suggestion-threshold` moves that line.
    pub struct BlockOrder {
        code: "R110",
        name: "block-order",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Put pieces of paragraphs a column break cut back in reading order",
    }
}

/// How much better, in nats of jieba's unigram model, the reordered joins
/// must read. A word across a join gains 4–10 (`目录` 9.5, `目的` 5.8); a
/// join between words gains nothing. Two short words that happen to form
/// one across the wrong join (`目` + `的`) must be outweighed by a clearly
/// likelier one.
const MIN_GAIN: f64 = 3.0;
/// Pieces side by side have about the same height: in the benchmark's
/// pdf-2col pages the pairs differ by at most 3 lines (`7 7 35 33`,
/// `10 7 17 15`). A pair of pieces shorter than 3 lines says too little.
const MAX_PAIR_LINE_DIFFERENCE: usize = 3;
/// Below `MIN_GAIN`, a swap the words still favour by this much is
/// suggested, not made: a short word across one join (`目` + `的`, 5.8
/// nats, was the wrong reading in the benchmark) is weaker evidence than
/// the shape of a page.
const MIN_SUGGEST_GAIN: f64 = 1.0;
const MIN_PAIR_LINES: usize = 3;

/// A piece of text between blank lines, and whether a sentence runs into
/// it and out of it. `alternating-lines` reads the same pieces.
pub(super) struct Piece {
    pub(super) range: Range<usize>,
    pub(super) open_start: bool,
    pub(super) open_end: bool,
    /// The raw page (form feeds before it), when the raw text has pages.
    pub(super) page: Option<usize>,
    /// Lines of the raw text the piece came from.
    pub(super) printed_lines: usize,
    /// Did the piece's last raw line run to the printed width, as a line
    /// that a column break cut does?
    ends_full: bool,
    /// Did the width measure leave lines of the piece undecided: a width
    /// found but no line end, because the lines read two ways?
    unsettled: bool,
}

impl Rule for BlockOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let pieces = pieces(input);
        let mut out = Output::default();
        let mut i = 1;
        while i + 2 < pieces.len() {
            let Some(verdict) = side_by_side_page(&pieces, i, text)
                .or_else(|| reads_better_swapped(&pieces, i, text))
            else {
                i += 1;
                continue;
            };
            let (b, c, d) = (&pieces[i], &pieces[i + 1], &pieces[i + 2]);
            // `C` with the gap after it goes before `B`: A gap C gap B gap D.
            let swap = Edit::Move {
                range: c.range.start..d.range.start,
                to: b.range.start,
            };
            match verdict {
                Verdict::Apply => out.edits.push(swap),
                Verdict::Suggest => out.suggest(swap),
                Verdict::Weighed(score) => out.weigh(vec![swap], score),
            }
            // The four pieces are spent: the next candidate starts after D.
            i += 4;
        }
        out
    }
}

/// How sure a swap is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Applied.
    Apply,
    /// Reported as a suggestion, applied with `--apply-suggestions`.
    Suggest,
    /// Decided by the words: applied or suggested by its score (the gain
    /// over `MIN_GAIN`) and the threshold.
    Weighed(Score),
}

/// The pieces of the current text between paragraph gaps (blank lines,
/// form feeds), with the raw page and printed lines each came from.
pub(super) fn pieces(input: &Input<'_>) -> Vec<Piece> {
    let text = input.text;
    let raw = input.raw.text;
    let form_feeds: Vec<usize> = raw.match_indices('\u{c}').map(|(at, _)| at).collect();
    let gaps = paragraph_gaps(text);
    let ends = gaps
        .iter()
        .map(|g| g.start)
        .chain(std::iter::once(text.len()));
    let mut out = Vec::new();
    let mut start = 0;
    for (k, end) in ends.enumerate() {
        let range = start..end;
        let body = &text[range.clone()];
        if !body.trim().is_empty() {
            // The raw bytes the piece's text came from: its first and last
            // (a position between pieces may map to either side of a page
            // number `page-furniture` took out).
            let from_raw = input.provenance.raw_ranges(range.clone());
            let raw_start = from_raw.first().map_or(0, |r| r.start);
            let raw_end = from_raw.last().map_or(raw_start, |r| r.end).max(raw_start);
            out.push(Piece {
                open_start: starts_inside_a_sentence(body),
                open_end: ends_inside_a_sentence(body),
                page: (!form_feeds.is_empty())
                    .then(|| form_feeds.partition_point(|&f| f < raw_start)),
                printed_lines: raw[raw_start..raw_end].matches('\n').count() + 1,
                unsettled: unsettled(&input.raw.layout, raw_start..raw_end),
                ends_full: input
                    .raw
                    .layout
                    .line_ending_at(raw_end)
                    .is_some_and(|line| line.full),
                range,
            });
        }
        if let Some(g) = gaps.get(k) {
            start = g.end;
        }
    }
    out
}

/// Is the piece at `i` the second of a page of exactly four pieces that
/// pair up by height, `A B` and `C D`? `pdftotext` without options reads a
/// page of two columns that way when a gap in one column splits the page
/// across: each pair is the two columns side by side, so the reading
/// order is `A C` (the first column) then `B D`. In the benchmark's
/// pdf-2col texts 45 of 47 pages have this shape, and no page of any
/// other variant does (one-column pages hold more or fewer pieces, or
/// pieces of unequal heights). The words must not argue against it: at
/// least one join of the new order runs on inside a sentence; fewer joins
/// break off than before, or as many and the pieces pair up by height
/// better as they stand than they would in the new order, or that too is
/// even and jieba's model reads the new joins better; and the model does
/// not read them clearly worse (by `MIN_GAIN`).
fn side_by_side_page(pieces: &[Piece], i: usize, text: &str) -> Option<Verdict> {
    let (a, b, c, d) = (&pieces[i - 1], &pieces[i], &pieces[i + 1], &pieces[i + 2]);
    let page = a.page?;
    let on_page = |p: &Piece| p.page == Some(page);
    let alone_on_page = on_page(b)
        && on_page(c)
        && on_page(d)
        && (i < 2 || !on_page(&pieces[i - 2]))
        && pieces.get(i + 3).is_none_or(|p| !on_page(p));
    let pair = |x: &Piece, y: &Piece| {
        x.printed_lines.min(y.printed_lines) >= MIN_PAIR_LINES
            && x.printed_lines.abs_diff(y.printed_lines) <= MAX_PAIR_LINE_DIFFERENCE
    };
    let runs_on = |x: &Piece, y: &Piece| x.open_end && y.open_start;
    let breaks_off = |x: &Piece, y: &Piece| usize::from(x.open_end != y.open_start);
    let broken_before = breaks_off(a, b) + breaks_off(b, c) + breaks_off(c, d);
    let broken_after = breaks_off(a, c) + breaks_off(c, b) + breaks_off(b, d);
    // The words are asked last, and only once the shape holds: six joins
    // weighed by jieba's model.
    let gain = || swap_gain(text, a, b, c, d);
    // The new order must be the better one, not only as good: fewer joins
    // break off; or as many, and the pieces pair up by height better as
    // they stand (`A B`, `C D`) than they would in the new order (`A C`,
    // `B D`); or that too is even, and the words lean to the new order.
    // Each test turns round for the new order, so on emend's output (the
    // same four pieces, where no join ran on) it does not swap them back.
    let misfit = |x: &Piece, y: &Piece| x.printed_lines.abs_diff(y.printed_lines);
    let (misfit_here, misfit_swapped) = (misfit(a, b) + misfit(c, d), misfit(a, c) + misfit(b, d));
    let shape = alone_on_page
        && pair(a, b)
        && pair(c, d)
        && (runs_on(a, c) || runs_on(c, b) || runs_on(b, d))
        && (broken_after, misfit_here) <= (broken_before, misfit_swapped);
    let shape = shape && {
        let gain = gain();
        let tie = (broken_after, misfit_here) == (broken_before, misfit_swapped);
        gain > -MIN_GAIN && (!tie || gain > 0.0)
    };
    // Lines the measure left undecided would be measured again beside
    // their new neighbours: the swap is only suggested.
    let settled = ![a, b, c, d].iter().any(|p| p.unsettled);
    shape.then_some(if settled {
        Verdict::Apply
    } else {
        Verdict::Suggest
    })
}

/// Does a measured block in `raw` have a width but no line end (its lines
/// read two ways, see `layout::measure`)? A piece with such lines is not
/// moved: next to its new neighbour the lines would be measured again and
/// might read one way, and a second run would join what the first left.
fn unsettled(layout: &Layout, raw: Range<usize>) -> bool {
    let first = layout.blocks.partition_point(|b| b.range.end <= raw.start);
    layout.blocks[first..]
        .iter()
        .take_while(|b| b.range.start < raw.end)
        .any(|b| b.width.is_some() && b.own_width && b.line_ends() == 0 && b.breaks.len() > 1)
}

/// Do `A B C D` at `i - 1`, each ending and starting inside a sentence,
/// read clearly better as `A C B D` by the words across their joins?
fn reads_better_swapped(pieces: &[Piece], i: usize, text: &str) -> Option<Verdict> {
    let (a, b, c, d) = (&pieces[i - 1], &pieces[i], &pieces[i + 1], &pieces[i + 2]);
    // When the pieces around the four run on into them too, they are
    // lines of two texts alternating (the interleave shape), not one
    // displaced piece: a swap of two of them leaves the rest interleaved.
    let runs_on_before = i >= 2 && pieces[i - 2].open_end && a.open_start;
    let runs_on_after = pieces
        .get(i + 3)
        .is_some_and(|e| d.open_end && e.open_start);
    // A column break cuts a paragraph where a printed line ends full: the
    // three pieces that end at one must end full lines. (Their joins are
    // then made by `page-break-join`, so a second run finds no pieces
    // here; pieces that end short would stay apart, and a second run,
    // with other pieces around them, might swap them otherwise.)
    let cut_by_a_column = a.ends_full && b.ends_full && c.ends_full;
    if !(all_open(a, b, c, d) && cut_by_a_column && !(runs_on_before || runs_on_after)) {
        return None;
    }
    let gain = swap_gain(text, a, b, c, d);
    (gain >= MIN_SUGGEST_GAIN).then(|| Verdict::Weighed(Score::of(gain, MIN_GAIN)))
}

/// Are all six edges of `A B C D` inside sentences, so that either order
/// reads as running text?
fn all_open(a: &Piece, b: &Piece, c: &Piece, d: &Piece) -> bool {
    a.open_end && b.open_start && b.open_end && c.open_start && c.open_end && d.open_start
}

/// How much better `A C B D` joins than `A B C D`.
fn swap_gain(text: &str, a: &Piece, b: &Piece, c: &Piece, d: &Piece) -> f64 {
    let join = |x: &Piece, y: &Piece| join_gain(&text[x.range.clone()], &text[y.range.clone()]);
    (join(a, c) + join(c, b) + join(b, d)) - (join(a, b) + join(b, c) + join(c, d))
}
