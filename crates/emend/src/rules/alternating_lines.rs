use std::ops::Range;

use crate::layout::breaks::{lines_join_inside_a_sentence, sentence_goes_on};
use crate::lexicon::join_gain;
use crate::rules::block_order::{pieces, Piece};
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Where the lines of two columns were written in turn, each line
    /// between blank lines (left, right, left, right …), moves the right
    /// column's lines after the left column's on each page, so that each
    /// column reads in one piece, and joins each column's lines where the
    /// sentence goes on. Every move is recorded.
    ///
    /// ## Why the defect happens
    /// `pdftotext` without options, on a two-column page typeset by LaTeX,
    /// finds the lines of both columns at the same heights and writes them
    /// in order of height: a line of the left column, then the line of the
    /// right column beside it, each as a paragraph of its own.
    ///
    /// ## Example
    /// `在最简单的情况是，diff 比较两个文件的内` ⏎⏎ `在他们在文件出现的顺序有改变`
    /// ⏎⏎ `容（源文件和目标文件）…` ⏎⏎ `在上下文和统一格式中，…`: the first
    /// and third lines are one column (`内容`), the second and fourth the
    /// other.
    ///
    /// ## Fix safety
    /// Safe, on a page's evidence as a whole (the text between two form
    /// feeds, or the whole text without any). The shape: at least
    /// `MIN_PIECES` pieces, most (`MIN_OPEN_SHARE`) ending inside a
    /// sentence, as printed lines do and paragraphs do not. The words:
    /// jieba's unigram model (`lexicon::join_gain`) reads each piece
    /// joined to the piece after next clearly better than to the next,
    /// summed over the page (by `MIN_PAGE_GAIN` nats), with more such
    /// joins than the other way (`MIN_WINS`, and twice as many). Clean
    /// prose, whose pieces are paragraphs ending sentences, and one
    /// column's lines, which join their next line, are left alone.
    pub struct AlternatingLines {
        code: "R111",
        name: "alternating-lines",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Read two columns whose lines were written in turn one after the other",
    }
}

/// A page needs this many pieces to show an alternation: three lines of
/// each column.
const MIN_PIECES: usize = 6;
/// Share of a page's pieces that must end inside a sentence. Printed lines
/// of prose mostly do (a line end falls mid-sentence unless the sentence
/// happens to end there); paragraphs mostly do not.
const MIN_OPEN_SHARE: f64 = 0.6;
/// How much better, in nats summed over the page, the two columns' joins
/// must read than the joins of the pieces in turn. One word across a join
/// gains 4–10; 10 asks for at least two clear ones more.
const MIN_PAGE_GAIN: f64 = 10.0;
/// Times the reading must go from one column to the other and back: a
/// page of lines in turn switches at nearly every piece; one displaced
/// piece (`block-order`'s case) switches twice.
const MIN_SWITCHES: usize = 4;
/// A piece that starts with a closing or clause mark (`，或者显`) goes on
/// from the piece before it in its column whatever the words say: worth
/// as much as a clear word across the join.
const MARK_JOIN: f64 = 6.0;
/// What the split gains for each change of column, so that where the
/// words say nothing the pieces go in turn, as the shape of the page
/// (lines at the same heights) has them. Not counted as evidence: the
/// page is judged on its joins alone.
const SWITCH_PRIOR: f64 = 1.0;
/// How far back, in pieces, the other column's last piece may lie for the
/// reading to switch back to it: the pieces in turn of two columns
/// alternate within a few pieces (a heading or a short paragraph in one
/// column), and the bound keeps the search linear.
const MAX_LOOKBACK: usize = 8;

impl Rule for AlternatingLines {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let pieces = pieces(input);
        let mut edits = Vec::new();
        for page in pages(&pieces) {
            let page = &pieces[page];
            if let Some(first) = two_columns(text, page) {
                edits.extend(columns_in_order(text, page, &first));
            }
        }
        Output::edits(edits)
    }
}

/// Index ranges of the pieces on each raw page (all of them when the raw
/// text has no form feeds).
fn pages(pieces: &[Piece]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=pieces.len() {
        if i == pieces.len() || pieces[i].page != pieces[start].page {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// How well piece `y` goes on from piece `x` in one column: jieba's gain
/// for a word across the join, and a closing or clause mark at its start.
fn continues(text: &str, x: &Piece, y: &Piece) -> f64 {
    let (before, after) = (&text[x.range.clone()], &text[y.range.clone()]);
    let mark = if lines_join_inside_a_sentence(before, after) {
        MARK_JOIN
    } else {
        0.0
    };
    join_gain(before, after) + mark
}

/// When the page's pieces read as two columns' lines in turn: for each
/// piece, whether it belongs to the column read first.
fn two_columns(text: &str, page: &[Piece]) -> Option<Vec<bool>> {
    let n = page.len();
    let open = page.iter().filter(|p| p.open_end).count();
    if n < MIN_PIECES || (open as f64) < MIN_OPEN_SHARE * n as f64 {
        return None;
    }
    let in_turn: f64 = (1..n)
        .map(|i| continues(text, &page[i - 1], &page[i]))
        .sum();
    let (score, column) = best_split(text, page);
    let switches = column.windows(2).filter(|w| w[0] != w[1]).count();
    let evidence = score - SWITCH_PRIOR * switches as f64;
    if evidence - in_turn < MIN_PAGE_GAIN || switches < MIN_SWITCHES {
        return None;
    }
    // Which column comes first: the one whose end the other's start goes
    // on from (the left column's last line runs on into the right's
    // first); without evidence, the column of the page's first piece.
    // (Asking for a mark's worth of evidence before turning the order
    // round cost pdf-2col-tex 9 points: the first piece is often the
    // right column's, on a line a little higher.)
    let ends = |c: bool| column.iter().rposition(|&x| x == c);
    let starts = |c: bool| column.iter().position(|&x| x == c);
    let (a_end, a_start) = (ends(true)?, starts(true)?);
    let (b_end, b_start) = (ends(false)?, starts(false)?);
    let a_then_b = continues(text, &page[a_end], &page[b_start]);
    let b_then_a = continues(text, &page[b_end], &page[a_start]);
    Some(if b_then_a > a_then_b {
        column.iter().map(|&x| !x).collect()
    } else {
        column
    })
}

/// The best split of the page's pieces into two columns, each read in
/// order: the sum of the joins inside each column, and for each piece
/// whether it is in the first piece's column. A dynamic programme over
/// (piece, how far back the other column's last piece lies, at most
/// `MAX_LOOKBACK`, or none): linear in the pieces.
fn best_split(text: &str, page: &[Piece]) -> (f64, Vec<bool>) {
    let n = page.len();
    let width = MAX_LOOKBACK + 1;
    let at = |i: usize, d: usize| i * width + d;
    let mut score = vec![f64::NEG_INFINITY; n * width];
    // For each state: the state before it, and whether the column changed.
    let mut back = vec![(0usize, false); n * width];
    score[at(0, 0)] = 0.0;
    for i in 0..n - 1 {
        let stay_gain = continues(text, &page[i], &page[i + 1]);
        for d in 0..width {
            let here = score[at(i, d)];
            if here == f64::NEG_INFINITY {
                continue;
            }
            let stay = if d == 0 || d == MAX_LOOKBACK {
                0
            } else {
                d + 1
            };
            let switch_gain = if d == 0 {
                0.0
            } else {
                continues(text, &page[i - d], &page[i + 1])
            };
            let switch_gain = switch_gain + SWITCH_PRIOR;
            for (to, gain, switched) in [(stay, stay_gain, false), (1, switch_gain, true)] {
                let next = at(i + 1, to);
                if here + gain > score[next] {
                    score[next] = here + gain;
                    back[next] = (at(i, d), switched);
                }
            }
        }
    }
    let last = (0..width)
        .max_by(|&a, &b| score[at(n - 1, a)].total_cmp(&score[at(n - 1, b)]))
        .unwrap_or(0);
    let mut column = vec![true; n];
    let mut state = at(n - 1, last);
    let mut side = true;
    for i in (1..n).rev() {
        column[i] = side;
        let (before, switched) = back[state];
        side ^= switched;
        state = before;
    }
    column[0] = side;
    let flip = !column[0];
    column.iter_mut().for_each(|c| *c ^= flip);
    (score[at(n - 1, last)], column)
}

/// The edits that read the pieces of the first column (`first[i]`), then
/// those of the second, each column's pieces in order. Two pieces of a
/// column are joined where the sentence goes on from one into the next,
/// as a printed line's end inside a sentence does, and parted by a blank
/// line elsewhere: the raw gap when the two stood next to each other, else
/// a new one (`PARAGRAPH_GAP`). The second column's pieces that stand
/// before the first column's last move, in order, to just after it; the
/// gaps between pieces that end up apart go.
fn columns_in_order(text: &str, page: &[Piece], first: &[bool]) -> Vec<Edit> {
    let n = page.len();
    let goes_on = |i: usize, j: usize| {
        sentence_goes_on(&text[page[i].range.clone()], &text[page[j].range.clone()])
    };
    let gap = |i: usize| page[i].range.end..page[i + 1].range.start;
    let last_first = first.iter().rposition(|&f| f).unwrap_or(0);
    let column = |want: bool| (0..n).filter(move |&i| first[i] == want);
    let mut edits = Vec::new();
    // The first column, in place: a gap between two of its pieces that
    // stood apart goes, and a new one is written if they do not run on.
    let firsts: Vec<usize> = column(true).collect();
    // Second-column pieces before the first column's first all move.
    edits.extend((0..firsts[0]).map(|k| Edit::delete(gap(k))));
    for w in firsts.windows(2) {
        let (i, j) = (w[0], w[1]);
        if j == i + 1 {
            if goes_on(i, j) {
                edits.push(Edit::delete(gap(i)));
            }
            continue;
        }
        edits.extend((i..j).map(|k| Edit::delete(gap(k))));
        if !goes_on(i, j) {
            let at = page[i].range.end;
            edits.push(Edit::replace(at..at, PARAGRAPH_GAP));
        }
    }
    // The second column: the pieces before the first column's last move
    // to its end, each after what parts it from the piece before; those
    // after it stay, and so does the gap after the first column's last.
    let to = page[last_first].range.end;
    let mut prev = last_first;
    for i in column(false) {
        if i < last_first {
            if !goes_on(prev, i) {
                edits.push(Edit::replace(to..to, PARAGRAPH_GAP));
            }
            edits.push(Edit::Move {
                range: page[i].range.clone(),
                to,
            });
        } else if goes_on(prev, i) {
            // `i` follows `prev` across the raw gap before it (the gap
            // after the first column's last piece, or after `i - 1`).
            edits.push(Edit::delete(gap(i - 1)));
        }
        prev = i;
    }
    edits
}

/// The gap written between two pieces of a column that were not next to
/// each other and do not run on: a blank line, as between all the pieces
/// around them.
const PARAGRAPH_GAP: &str = "\n\n";

#[cfg(test)]
mod tests {
    use crate::{clean, Options};

    const LEFT: &str = "在两栏排版的文档里，左栏和右栏的文字各自成段，读者先读完左栏，再读右栏。抽取工具按照行的高度输出文字时，会把两栏的行交替写出来，每一行都成了一个段落。";
    const RIGHT: &str = "这种现象在学术论文中很常见，因为论文通常采用双栏排版。修复的办法是根据词语和标点的证据，把交替出现的行重新分配到两个栏里，再按顺序拼接起来。";

    /// `text` cut into printed lines of 17 characters.
    fn printed_lines(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        chars.chunks(17).map(|c| c.iter().collect()).collect()
    }

    fn cleaned(text: &str) -> String {
        clean(text, &Options::default()).unwrap().text
    }

    #[test]
    fn lines_in_turn_are_read_column_by_column() {
        let (left, right) = (printed_lines(LEFT), printed_lines(RIGHT));
        let mut turns = Vec::new();
        for i in 0..left.len().max(right.len()) {
            turns.extend(left.get(i).cloned());
            turns.extend(right.get(i).cloned());
        }
        let out = cleaned(&(turns.join("\n\n") + "\n"));
        assert_eq!(out, format!("{LEFT}\n\n{RIGHT}\n"));
        assert_eq!(cleaned(&out), out, "a second clean changes nothing");
    }

    #[test]
    fn one_columns_lines_between_blank_lines_stay_in_order() {
        // Double-spaced one-column text: each line goes on from the one
        // before, so no split reads better.
        let lines = printed_lines(&format!("{LEFT}{RIGHT}"));
        let out = cleaned(&(lines.join("\n\n") + "\n"));
        let han = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(han(&out), han(&format!("{LEFT}{RIGHT}")));
    }
}
