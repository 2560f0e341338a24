use std::ops::Range;

use crate::layout::Block;
use crate::lexicon::join_gain;
use crate::rules::alternating_lines::continues;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta, Score};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Where a stretch of a paragraph's printed lines alternates between
    /// two texts (`A1 B1 A2 B2 …`), reads one text's lines, then the
    /// other's: the lines of the text read second that stand before the
    /// first text's last line move, in order, to just after it. Every
    /// line moved is a recorded move.
    ///
    /// ## Why the defect happens
    /// Extraction of a two-column page that reads across both columns,
    /// line by line, writes a line of one column, then the line beside it
    /// of the other. When the lines are hard-wrapped (or their ends were
    /// turned into spaces), the two columns end up as one paragraph whose
    /// printed lines take turns, and `wrap-join` joins them as one.
    ///
    /// ## Example
    /// `如果列表中的指定的是简单…的描述` ⏎ `用这一选项来搜索…` ⏎ `列表将只包含…；如果列`
    /// ⏎ `-m NewOS 选项。` ⏎ …: `描述`+`列表`, `如果列`+`表中的章节号` read on
    /// across every other line, not across the next.
    ///
    /// ## Fix safety
    /// A suggestion, whatever its score: on one-column text made of random
    /// characters (the property tests' generator), a zone of 12 lines
    /// showed three words across every other line and none across the
    /// next, as one of the injected interleaves that it reads right does
    /// (`man1-apropos.1`): jieba's unigram words cannot tell them apart, so
    /// the move is offered for a reviewer, never made. The evidence, on a
    /// block whose printed lines the width measure found (`MIN_LINES` or
    /// more), still next to each other in the text, weighed by jieba's
    /// unigram model as `alternating-lines` weighs a page's pieces
    /// (`lexicon::join_gain`, and a clause mark starting a line): inside a
    /// zone of the lines, reading each line after the one two before it
    /// rather than after the one before gains nats against a bar of
    /// `MIN_GAIN` (or `MIN_GAIN_PER_LINE` a line), with at least
    /// `MIN_SUPPORTING_JOINS` words across every other line (and a
    /// `MIN_SUPPORTING_SHARE` of the zone's joins). One column's wrapped
    /// lines join their next line, so no zone gains; clean text stored a
    /// paragraph per line has no printed lines. The zone's edges and which
    /// text comes first are settled by the joins the reading makes at them
    /// (the line before the zone into the text read first, that text's
    /// last line into the other's first, the other's last into the line
    /// after), over zones whose edges lie within `EDGE` lines: the margin
    /// over every reading that orders the lines otherwise is weighed
    /// against `CLEAR` nats. Where a line at an edge gives no evidence
    /// either way (most line ends fall between words), readings tie and
    /// nothing is offered. The score is the smaller of the zone's gain
    /// over its bar and the margin over `CLEAR`; the move is offered from
    /// `SUGGEST_SHARE` of it (half). The moved lines join the first
    /// text's last line and each other without the line breaks they had.
    /// Measured on the injected cases (`emend-score inject --seed 1`) with
    /// suggestions applied: 2 more of 72 alternating cases repaired, none
    /// damaged.
    pub struct InterleavedLines {
        code: "R112",
        name: "interleaved-lines",
        stage: Structure,
        kind: Repair,
        applicability: Suggestion,
        summary: "Read two texts whose printed lines take turns inside one paragraph one after the other",
    }
}

/// Printed lines a zone needs to show two texts in turn: three of each.
const MIN_LINES: usize = 6;
/// Nats the new reading must gain over the lines in order, as a page of
/// pieces must for `alternating-lines`: two clear words across joins
/// (4–10 nats each) and more.
const MIN_GAIN: f64 = 10.0;
/// Nats each line of the zone must gain on average, as a page's pieces
/// must for `alternating-lines`: chance words grow with a zone's length.
const MIN_GAIN_PER_LINE: f64 = 0.5;
/// Joins inside the zone where a word forms across a line clearly better
/// than across the next: two may form by chance (a property test's random
/// wrapped text had `群…众` and `发…展` one line apart, 12.7 nats; another
/// `干…部` and `群…众` and a clause mark), three make a pattern, as three
/// agreeing lines make a printed width.
const MIN_SUPPORTING_JOINS: usize = 3;
/// Share of the zone's joins across a line that must be such words: most
/// line ends fall between words, but in two real columns' lines in turn a
/// word forms across a third or more of them, where chance words in a long
/// zone of one column's lines are few (the property tests' random
/// characters had 3 in 20).
const MIN_SUPPORTING_SHARE: f64 = 0.25;
/// A reading that orders the lines better than every other by this many
/// nats is clear: a word across a join (4–10 nats), as `alternating-lines`
/// asks of the join that shows which column comes first.
const CLEAR: f64 = 3.0;
/// A reading with this share of the evidence (half a clear word at its
/// edges) is suggested: on the injected alternating cases, offering tied
/// readings too (a share of 0) took the outputs that damage text outside
/// the interleave from 3 to 14 with suggestions applied; from 0.5 they
/// stay 3.
const SUGGEST_SHARE: f64 = 0.5;

impl Rule for InterleavedLines {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let mut out = Output::default();
        for block in &input.raw.layout.blocks {
            let Some(lines) = current_lines(input, block) else {
                continue;
            };
            let Some(turns) = two_texts(text, &lines) else {
                continue;
            };
            let bar = MIN_GAIN.max(MIN_GAIN_PER_LINE * turns.zone.len() as f64);
            // An interleave the words show, with edges or an order they
            // settle less clearly, is suggested; one they leave open is
            // not offered at all.
            let evidence = (turns.inside / bar).min(turns.margin / CLEAR);
            if evidence >= SUGGEST_SHARE {
                out.weigh(moves(text, &lines, &turns), Score::from_ratio(evidence));
            }
        }
        out
    }
}

/// The block's printed lines (between the line ends the width measure
/// found and its newlines) where they stand now, when there are
/// `MIN_LINES` of them and they still follow each other with nothing but
/// whitespace between (an earlier rule, a declared fix, may have moved
/// them).
fn current_lines(input: &Input<'_>, block: &Block) -> Option<Vec<Range<usize>>> {
    block.width?;
    let raw = input.raw.text;
    let mut lines = Vec::new();
    let mut start = block.range.start;
    for b in block.breaks.iter().filter(|b| b.line_end || b.sep == '\n') {
        lines.push(start..b.at);
        start = b.at + raw[b.at..].chars().next().map_or(1, char::len_utf8);
    }
    lines.push(start..block.range.end);
    let lines: Vec<Range<usize>> = lines
        .into_iter()
        .map(|r| trimmed(raw, r))
        .filter(|r| !r.is_empty())
        .collect();
    if lines.len() < MIN_LINES {
        return None;
    }
    let current: Vec<Range<usize>> = lines
        .iter()
        .map(|r| super::current_range(input.provenance, r))
        .collect::<Option<_>>()?;
    let text = input.text;
    let in_order = current
        .windows(2)
        .all(|w| w[0].end <= w[1].start && text[w[0].end..w[1].start].trim().is_empty());
    in_order.then_some(current)
}

/// `r` without the whitespace at its ends.
fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    start..start + s.trim().len()
}

/// A zone of lines read as two texts in turn.
#[derive(Clone)]
struct Turns {
    /// Indexes of the zone's lines.
    zone: Range<usize>,
    /// Is the text of the zone's first line read first?
    first_line_first: bool,
    /// Nats the new reading gains over the lines in order.
    gain: f64,
    /// Nats the joins inside the zone gain (each line after the one two
    /// before it rather than the one before): the evidence that the zone
    /// holds two texts at all. The joins at its edges only settle where
    /// it starts and ends and which text comes first: across one such
    /// join a word may form by chance.
    inside: f64,
    /// Nats by which it reads better than the best reading that orders
    /// the lines otherwise (zones with other edges, the other text first,
    /// or the lines as they stand).
    margin: f64,
}

/// The zone of the block's lines that reads best as two texts in strict
/// turn, when it reads better than the lines in order at all. The zone is
/// found on the joins inside it (`best_zone`); then its edges, which
/// lines that say nothing either way leave uncertain, are settled with
/// the joins its reading adds at them (`reading_gain`), up to `EDGE`
/// lines each way.
fn two_texts(text: &str, lines: &[Range<usize>]) -> Option<Turns> {
    let n = lines.len();
    let join = |i: usize, j: usize| continues(text, &lines[i], &lines[j]);
    let adjacent: Vec<f64> = (0..n)
        .map(|j| j.checked_sub(1).map_or(0.0, |i| join(i, j)))
        .collect();
    let skipping: Vec<f64> = (0..n)
        .map(|j| j.checked_sub(2).map_or(0.0, |i| join(i, j)))
        .collect();
    let (core, core_gain) = best_zone(&adjacent, &skipping)?;
    if core_gain <= 0.0 {
        return None;
    }
    let mut readings: Vec<Turns> = Vec::new();
    let starts = core.start.saturating_sub(EDGE)..=(core.start + EDGE).min(n);
    for s in starts {
        for end in core.end.saturating_sub(EDGE)..=(core.end + EDGE).min(n) {
            if end < s + MIN_LINES {
                continue;
            }
            for first_line_first in [true, false] {
                readings.push(Turns {
                    zone: s..end,
                    first_line_first,
                    gain: reading_gain(&adjacent, &skipping, s..end, first_line_first, &join),
                    inside: inside_gain(&adjacent, &skipping, s..end),
                    margin: 0.0,
                });
            }
        }
    }
    // The best reading first; among readings the words cannot tell
    // apart, the one the page's shape favours: the longest zone (a line
    // that says nothing either way is still a line of the two columns
    // more often than not), then the zone's first line's text first (the
    // left column's line comes first on its row), then the earliest.
    // Gains in whole millionths of a nat: sums of the same joins in
    // another order differ by rounding only, and a tolerance in the
    // comparison itself would not be a total order.
    let rounded = |t: &Turns| (t.gain / TIE).round() as i64;
    readings.sort_by(|a, b| {
        rounded(b)
            .cmp(&rounded(a))
            .then(b.zone.len().cmp(&a.zone.len()))
            .then(b.first_line_first.cmp(&a.first_line_first))
            .then(a.zone.start.cmp(&b.zone.start))
    });
    let mut best = readings.first()?.clone();
    // The runner-up: the best reading that puts the lines in another order.
    let order = line_order(&best, n);
    let runner_up = readings[1..]
        .iter()
        .find(|r| line_order(r, n) != order)
        .map_or(0.0, |r| r.gain.max(0.0));
    best.margin = best.gain - runner_up;
    let zone = best.zone.clone();
    // Words only: a clause mark starting a line goes on from any line
    // before it, so it shows no pairing of lines.
    let word = |i: usize, j: usize| join_gain(&text[lines[i].clone()], &text[lines[j].clone()]);
    let supporting = (zone.start + 2..zone.end)
        .filter(|&j| word(j - 2, j) - word(j - 1, j) >= CLEAR)
        .count();
    let skips = zone.len() - 2;
    let enough = supporting >= MIN_SUPPORTING_JOINS
        && supporting as f64 >= MIN_SUPPORTING_SHARE * skips as f64;
    enough.then_some(best)
}

/// The order the reading puts the block's lines in.
fn line_order(turns: &Turns, n: usize) -> Vec<usize> {
    let zone = turns.zone.clone();
    let read_first = |j: usize| ((j - zone.start) % 2 == 0) == turns.first_line_first;
    let firsts = zone.clone().filter(|&j| read_first(j));
    let seconds = zone.clone().filter(|&j| !read_first(j));
    (0..zone.start)
        .chain(firsts)
        .chain(seconds)
        .chain(zone.end..n)
        .collect()
}

/// Lines each edge of a zone may move when its reading is weighed whole.
const EDGE: usize = 3;

/// Gains are compared in units of this many nats: sums of the same joins
/// in another order differ by rounding only.
const TIE: f64 = 1e-6;

/// Nats that reading the zone's lines as two texts, one after the other,
/// gains over reading them in order, counting every join that differs:
/// each zone line after the one two before it, the line before the zone
/// into the text read first, that text's last line into the other's
/// first, and the other's last line into the line after the zone.
fn reading_gain(
    adjacent: &[f64],
    skipping: &[f64],
    zone: Range<usize>,
    first_line_first: bool,
    join: &impl Fn(usize, usize) -> f64,
) -> f64 {
    let (s, e) = (zone.start, zone.end - 1);
    let n = adjacent.len();
    // The first lines and the last lines of the zone's two texts.
    let (a_first, b_first) = if first_line_first {
        (s, s + 1)
    } else {
        (s + 1, s)
    };
    let last_like = |first: usize| if (e - first) % 2 == 0 { e } else { e - 1 };
    let (a_last, b_last) = (last_like(a_first), last_like(b_first));
    let mut new = skipping[s + 2..=e].iter().sum::<f64>() + join(a_last, b_first);
    if s > 0 {
        new += join(s - 1, a_first);
    }
    if e + 1 < n {
        new += join(b_last, e + 1);
    }
    let old: f64 = adjacent[s.max(1)..=(e + 1).min(n - 1)].iter().sum();
    new - old
}

/// Nats the joins inside `zone` gain read as two texts in turn.
fn inside_gain(adjacent: &[f64], skipping: &[f64], zone: Range<usize>) -> f64 {
    let (s, e) = (zone.start, zone.end - 1);
    skipping[s + 2..=e].iter().sum::<f64>() - adjacent[s + 1..=e].iter().sum::<f64>()
}

/// The zone of at least `MIN_LINES` lines (and at most `MAX_ZONE`) where
/// reading each line after the one two before it gains most over reading
/// it after the one before, with that gain; the earliest, shortest on a
/// tie.
fn best_zone(adjacent: &[f64], skipping: &[f64]) -> Option<(Range<usize>, f64)> {
    let n = adjacent.len();
    let mut best: Option<(Range<usize>, f64)> = None;
    for s in 0..n {
        let mut gain = 0.0;
        for e in s + 1..n.min(s + MAX_ZONE) {
            gain -= adjacent[e];
            if e >= s + 2 {
                gain += skipping[e];
            }
            if e + 1 - s >= MIN_LINES && best.as_ref().is_none_or(|(_, g)| gain > g + TIE) {
                best = Some((s..e + 1, gain));
            }
        }
    }
    best
}

/// Lines a zone of lines in turn may span: twelve rows of each column,
/// and a bound that keeps the search linear in the block's lines.
const MAX_ZONE: usize = 48;

/// The edits that read the zone's text read first, then the other: the
/// other's lines that stand before the first's last line move, in order,
/// to just after it, each taking the whitespace after it along (deleted).
fn moves(text: &str, lines: &[Range<usize>], turns: &Turns) -> Vec<Edit> {
    let zone = turns.zone.clone();
    let read_first = |j: usize| ((j - zone.start) % 2 == 0) == turns.first_line_first;
    let Some(last_first) = zone.clone().rev().find(|&j| read_first(j)) else {
        return Vec::new();
    };
    let to = lines[last_first].end;
    let mut edits = Vec::new();
    for j in zone.start..last_first {
        if read_first(j) {
            continue;
        }
        edits.push(Edit::Move {
            range: lines[j].clone(),
            to,
        });
        let gap = lines[j].end..lines[j + 1].start;
        if !text[gap.clone()].is_empty() {
            edits.push(Edit::delete(gap));
        }
    }
    edits
}
