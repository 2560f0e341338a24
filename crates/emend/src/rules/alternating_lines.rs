use std::ops::Range;

use crate::chars::{is_closing, is_han, is_sentence_end, str_cells};
use crate::layout::breaks::{
    lines_join_inside_a_sentence, sentence_goes_on, starts_inside_a_sentence,
};
use crate::layout::columns::upper_width;
use crate::lexicon::join_gain;
use crate::rules::block_order::{pieces, Piece};
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta, Score};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Where the lines of two columns were written in turn, each line
    /// between blank lines (left, right, left, right …), moves the second
    /// column's lines after the first column's on each page, so that each
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
    /// the pieces are split into the two columns whose joins jieba's
    /// unigram model (`lexicon::join_gain`, and a clause mark starting a
    /// piece) reads best; that split must beat the pieces' own order by
    /// `MIN_PAGE_GAIN` nats and change column at least `MIN_SWITCHES`
    /// times. Clean prose, whose pieces are paragraphs ending sentences,
    /// and one column's lines, which join their next line, are left
    /// alone. Which column comes first is shown by a join from one
    /// column's end into the other's start (or from the page before), on
    /// the document's first page by a column that starts inside a
    /// paragraph (the tail of one, or a bracket closed that the line did
    /// not open) while the other column's last line ends inside a
    /// sentence: it is read second, as going on from that line; and on
    /// the last page of a text with form feeds, where both columns end at
    /// its foot, by one column's last line ending inside a sentence where
    /// the other's ends one: the document ends with the second. Where nothing shows it clearly, the page is a suggestion, in the
    /// order the joins lean to, the first piece's column on a tie. The
    /// page's score is the margin of its order over `CLEAR` nats (1.00 at
    /// 3 nats; 0.00 where no join leans either way), so
    /// `suggestion-threshold` moves that line.
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
/// happens to end there); paragraphs mostly do not. (sed's page in the
/// benchmark's pdf-2col-tex holds 0.55, its options ending a sentence on
/// nearly every other line, and is missed; at 0.5, texts whose form feeds
/// a first run took out read as lines in turn on a second run.)
const MIN_OPEN_SHARE: f64 = 0.6;
/// How much better, in nats summed over the page, the two columns' joins
/// must read than the joins of the pieces in turn. One word across a join
/// gains 4–10; 10 asks for at least two clear ones more.
const MIN_PAGE_GAIN: f64 = 10.0;
/// Times the reading must go from one column to the other and back: a
/// page of lines in turn switches at nearly every piece; one displaced
/// piece (`block-order`'s case) switches twice.
const MIN_SWITCHES: usize = 4;
/// Share of the page's joins at which the split changes column: lines of
/// two columns written in turn change at nearly every one (at least 0.96
/// of them on every page of the benchmark's pdf-2col-tex), where a split
/// of one column's lines that chance words favour changes at fewer (at
/// most 0.77 on the benchmark's ground truths cut into double-spaced
/// lines of 20 characters, which, on one page without form feeds, gained
/// up to 39 nats).
const MIN_SWITCH_SHARE: f64 = 0.9;
/// Nats the split must gain per piece of the page: chance words grow with
/// a page's length (the double-spaced ground truths above gained at most
/// 0.26 a piece), the joins of two real columns gain at least 0.8 a piece
/// on the pdf-2col-tex pages.
const MIN_GAIN_PER_PIECE: f64 = 0.5;
/// A piece that starts with a closing or clause mark (`，或者显`) goes on
/// from the piece before it in its column whatever the words say: worth
/// as much as a clear word across the join.
const MARK_JOIN: f64 = 6.0;
/// What the split gains for each change of column, so that where the
/// words say nothing the pieces go in turn, as the shape of the page
/// (lines at the same heights) has them. Not counted as evidence: the
/// page is judged on its joins alone.
pub(super) const SWITCH_PRIOR: f64 = 1.0;
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
        let mut out = Output::default();
        // The piece the reading goes on from into each page: the last, in
        // reading order, of the page before.
        let mut before: Option<&Piece> = None;
        let pages = pages(&pieces);
        let count = pages.len();
        // Where the raw text has no form feeds its one page is the whole
        // text, and what ends it need not be a column (an alternating
        // stretch inside one-column text).
        let paged = input.raw.text.contains('\u{c}');
        for (index, page) in pages.into_iter().enumerate() {
            let page = &pieces[page];
            let last = paged && index + 1 == count;
            let Some((first, score)) = two_columns(text, page, before, last) else {
                before = page.last();
                continue;
            };
            before = first.iter().rposition(|&f| !f).map(|i| &page[i]);
            let edits = columns_in_order(text, page, &first);
            out.weigh(edits, score);
        }
        out
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
pub(super) fn continues(text: &str, x: &Range<usize>, y: &Range<usize>) -> f64 {
    let (before, after) = (&text[x.clone()], &text[y.clone()]);
    let mark = if lines_join_inside_a_sentence(before, after) {
        MARK_JOIN
    } else {
        0.0
    };
    join_gain(before, after) + mark
}

/// Whether a column's first piece starts inside a paragraph: the tail of
/// one (a single line short of the page's `line_width` that ends a sentence,
/// `明选项。`) or a line that closes a bracket it did not open after some
/// words (`还没有测试）`, `的乘积）。WAL …`). A document's first line
/// rarely does (a one-line first paragraph looks like a tail, which is
/// why the other column's last line must end inside a sentence too); the
/// line at the top of the column read second, which goes on from the
/// first column's last, often does.
fn starts_inside_a_paragraph(piece: &str, line_width: usize) -> bool {
    let first_line = piece.split('\n').next().unwrap_or(piece);
    if closes_an_unopened_bracket(first_line) {
        return true;
    }
    let body = piece.trim_end_matches(is_closing);
    let ends_a_sentence = body.chars().next_back().is_some_and(is_sentence_end);
    let short = str_cells(piece) + FULL_TOLERANCE < line_width;
    !piece.contains('\n') && short && ends_a_sentence
}

/// Does the line close a round bracket before opening one, after at least
/// `MIN_HAN_BEFORE_CLOSING` Han characters? The words ask that it be a
/// sentence's end and not a list marker (`1）`, `a)`, `一）`).
fn closes_an_unopened_bracket(line: &str) -> bool {
    let mut han = 0;
    // A list marker's number (`十二）`) is no words.
    let line = line.trim_start_matches(is_chinese_numeral);
    for c in line.chars() {
        match c {
            '（' | '(' => return false,
            '）' | ')' => return han >= MIN_HAN_BEFORE_CLOSING,
            c if is_han(c) => han += 1,
            _ => {}
        }
    }
    false
}

/// The page's printed line width: the median width of its pieces that
/// are one line. A piece short of it by more than `FULL_TOLERANCE` falls
/// short of the column's edge; a pair of lines that `page-break-join`
/// joined on a first clean is wider, and no tail on a second (found by
/// fuzzing: the 80th percentile of the joined pieces had let one pass).
fn line_width(text: &str, page: &[Piece]) -> usize {
    let mut cells: Vec<usize> = page
        .iter()
        .map(|p| &text[p.range.clone()])
        .filter(|piece| !piece.contains('\n'))
        .map(str_cells)
        .collect();
    cells.sort_unstable();
    cells.get(cells.len() / 2).copied().unwrap_or(0)
}

/// The characters of a Chinese number (`十二`, `一百零三`).
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '两'
    )
}

/// Han characters before a closing bracket, after a leading Chinese
/// number, for it to close a sentence begun elsewhere: more than a list
/// marker holds (`一）`, `十二）`, `甲）`).
const MIN_HAN_BEFORE_CLOSING: usize = 2;

/// What a column's first piece starting inside a paragraph, where the
/// other's does not, counts for reading the other column first on a
/// document's first page: as much as a clear join.
const STARTS_THE_DOCUMENT: f64 = CLEAR;

/// What the other column's last piece ending inside a sentence, where one
/// column's ends its sentence, counts for reading that column second on
/// the document's last page: as much as a clear join.
const ENDS_THE_DOCUMENT: f64 = CLEAR;

/// How far apart, in pieces, the two columns' last pieces may stand for
/// the page to end with both columns: at its foot the lines of the two
/// go in turn (on every page of the benchmark's pdf-2col-tex they are the
/// last two pieces). A column whose last piece stands further up is a
/// short one, ended higher on the page, and the lines below it are not
/// the page's last of two columns.
const MAX_END_GAP: usize = 2;

/// Does the piece end its sentence: closed, or ending in a half-width full
/// stop after Chinese (`效果.`, as the benchmark's man pages end theirs)?
fn ends_a_sentence(text: &str, piece: &Piece) -> bool {
    let mut tail = text.trim_end().chars().rev();
    let stop_after_chinese = tail.next() == Some('.') && tail.next().is_some_and(is_han);
    !piece.open_end || stop_after_chinese
}

/// A join that reads better than another by this many nats shows the
/// order of the columns: a clear word across it.
const CLEAR: f64 = 3.0;

/// When the page's pieces read as two columns' lines in turn: for each
/// piece, whether it is in the column of the page's first piece. The
/// shape (`MIN_PIECES`, `MIN_OPEN_SHARE`) and the joins (`MIN_PAGE_GAIN`,
/// `MIN_GAIN_PER_PIECE`, `MIN_SWITCHES`, `MIN_SWITCH_SHARE`) must show
/// it; which column comes first is [`two_columns`]' question.
fn lines_in_turn(text: &str, page: &[Piece]) -> Option<Vec<bool>> {
    let n = page.len();
    let open = page.iter().filter(|p| p.open_end).count();
    if n < MIN_PIECES || (open as f64) < MIN_OPEN_SHARE * n as f64 {
        return None;
    }
    let ranges: Vec<Range<usize>> = page.iter().map(|p| p.range.clone()).collect();
    let in_turn: f64 = (1..n)
        .map(|i| continues(text, &ranges[i - 1], &ranges[i]))
        .sum();
    let (score, column) = best_split(text, &ranges);
    let switches = column.windows(2).filter(|w| w[0] != w[1]).count();
    let evidence = score - SWITCH_PRIOR * switches as f64;
    let gain = evidence - in_turn;
    let regular = switches as f64 >= MIN_SWITCH_SHARE * (n - 1) as f64;
    let shown = gain >= MIN_PAGE_GAIN.max(MIN_GAIN_PER_PIECE * n as f64)
        && switches >= MIN_SWITCHES
        && regular;
    shown.then_some(column)
}

/// When the page's pieces read as two columns' lines in turn
/// ([`lines_in_turn`]): for each piece, whether it belongs to the column
/// read first, and how clearly the page shows that order: the score is
/// the margin of the better order over `CLEAR` nats. One column's end
/// running on into the other's start, clearly better than the other way
/// round, is applied; where no join says clearly which column comes
/// first, the order the joins lean to is taken, the column of the page's
/// first piece on a tie, and suggested. (`pdftotext` writes the line that
/// sits a little higher first, and that is often the right column's: in
/// the benchmark, taking the first piece's column first swapped the
/// columns of 3 of the 25 documents whose order no join shows, making
/// them worse than the raw text.)
fn two_columns(
    text: &str,
    page: &[Piece],
    before: Option<&Piece>,
    last: bool,
) -> Option<(Vec<bool>, Score)> {
    let column = lines_in_turn(text, page)?;
    let ranges: Vec<Range<usize>> = page.iter().map(|p| p.range.clone()).collect();
    // Which column comes first: the one whose end the other's start goes
    // on from (the left column's last line runs on into the right's
    // first), and whose start the page before goes on into; without
    // evidence, the column of the page's first piece, and the page is
    // only suggested.
    let ends = |c: bool| column.iter().rposition(|&x| x == c);
    let starts = |c: bool| column.iter().position(|&x| x == c);
    let (a_end, a_start) = (ends(true)?, starts(true)?);
    let (b_end, b_start) = (ends(false)?, starts(false)?);
    // The page before goes on into the first column.
    let from_before =
        |start: usize| before.map_or(0.0, |p| continues(text, &p.range, &ranges[start]));
    let mut a_then_b = continues(text, &ranges[a_end], &ranges[b_start]) + from_before(a_start);
    let mut b_then_a = continues(text, &ranges[b_end], &ranges[a_start]) + from_before(b_start);
    // On the document's first page, the column read first starts the
    // document.
    if before.is_none() {
        let width = line_width(text, page);
        // A column's first line goes on from the other's last only if
        // that ends inside a sentence.
        let inside = |i: usize, other_end: usize| {
            page[other_end].open_end && starts_inside_a_paragraph(&text[ranges[i].clone()], width)
        };
        match (inside(a_start, b_end), inside(b_start, a_end)) {
            (true, false) => b_then_a += STARTS_THE_DOCUMENT,
            (false, true) => a_then_b += STARTS_THE_DOCUMENT,
            _ => {}
        }
    }
    // On the document's last page, the column read second ends the
    // document, and a document ends a sentence: where both columns end at
    // the page's foot, their last lines written in turn.
    if last && a_end.abs_diff(b_end) <= MAX_END_GAP {
        let closed = |i: usize| ends_a_sentence(&text[ranges[i].clone()], &page[i]);
        match (closed(a_end), closed(b_end)) {
            (false, true) => a_then_b += ENDS_THE_DOCUMENT,
            (true, false) => b_then_a += ENDS_THE_DOCUMENT,
            _ => {}
        }
    }
    let score = Score::of((a_then_b - b_then_a).abs(), CLEAR);
    let first = if b_then_a > a_then_b {
        column.iter().map(|&x| !x).collect()
    } else {
        column
    };
    Some((first, score))
}

/// The best split of the page's pieces into two columns, each read in
/// order: the sum of the joins inside each column, and for each piece
/// whether it is in the first piece's column. A dynamic programme over
/// (piece, how far back the other column's last piece lies, at most
/// `MAX_LOOKBACK`, or none): linear in the pieces. After `MAX_LOOKBACK`
/// pieces in one column the other is forgotten: a switch back to it then
/// scores no join (the edits still join the piece to that column's last
/// piece when the marks say so).
pub(super) fn best_split(text: &str, page: &[Range<usize>]) -> (f64, Vec<bool>) {
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
    let piece = |i: usize| &text[page[i].range.clone()];
    let full = full_lines(text, page, first);
    // A piece runs on into the next of its column inside a sentence, or,
    // when it fills its column, after one too (a paragraph's last line
    // falls short of the column's edge).
    let goes_on = |i: usize, j: usize| {
        sentence_goes_on(piece(i), piece(j))
            || (full[i]
                && piece(i).ends_with(['。', '！', '？'])
                && starts_inside_a_sentence(piece(j)))
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

/// For each piece: does it fill its column, ending within
/// `FULL_TOLERANCE` cells of the column's width (the 80th percentile of
/// its pieces' widths: most of a column's lines are full)?
fn full_lines(text: &str, page: &[Piece], first: &[bool]) -> Vec<bool> {
    let cells: Vec<usize> = page
        .iter()
        .map(|p| str_cells(&text[p.range.clone()]))
        .collect();
    let width = |column: bool| {
        let widths: Vec<usize> = (0..page.len())
            .filter(|&i| first[i] == column)
            .map(|i| cells[i])
            .collect();
        upper_width(&widths)
    };
    let widths = [width(false), width(true)];
    (0..page.len())
        .map(|i| cells[i] + FULL_TOLERANCE >= widths[usize::from(first[i])])
        .collect()
}

/// A full line of justified Chinese falls short of the column's width by
/// at most a character (two cells): the last character does not fit, or
/// a Latin word was moved to the next line.
const FULL_TOLERANCE: usize = 2;

/// The gap written between two pieces of a column that were not next to
/// each other and do not run on: a blank line, as between all the pieces
/// around them.
const PARAGRAPH_GAP: &str = "\n\n";

#[cfg(test)]
mod tests {
    use super::closes_an_unopened_bracket;
    use crate::chars::is_han;
    use crate::{clean, Options};

    const LEFT: &str = "在两栏排版的文档里，左栏和右栏的文字各自成段，读者先读完左栏，再读右栏。抽取工具按照行的高度输出文字时，会把两栏的行交替写出来，每一行都成了一个段落。";
    const RIGHT: &str = "这种现象在学术论文中很常见，因为论文通常采用双栏排版。修复的办法是根据词语和标点的证据，把交替出现的行重新分配到两个栏里，再按顺序拼接起来。";

    /// `text` cut into printed lines of 17 characters.
    fn printed_lines(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        chars.chunks(17).map(|c| c.iter().collect()).collect()
    }

    /// The lines of two texts in turn, each between blank lines.
    fn in_turn(left: &str, right: &str) -> String {
        let (left, right) = (printed_lines(left), printed_lines(right));
        let mut turns = Vec::new();
        for i in 0..left.len().max(right.len()) {
            turns.extend(left.get(i).cloned());
            turns.extend(right.get(i).cloned());
        }
        turns.join("\n\n") + "\n"
    }

    fn cleaned(text: &str, apply_suggestions: bool) -> String {
        let options = Options {
            apply_suggestions,
            ..Options::default()
        };
        clean(text, &options).unwrap().text
    }

    #[test]
    fn a_column_running_on_into_the_other_shows_their_order() {
        // The left column's last line, full, ends inside a word (`规`)
        // that the right column's first line ends (`划`).
        let left = format!("{LEFT}读者需要把它们重新规");
        let right = format!("划它们的顺序。{RIGHT}");
        let out = cleaned(&in_turn(&left, &right), false);
        assert_eq!(out, format!("{left}{right}\n"));
        assert_eq!(cleaned(&out, false), out, "a second clean changes nothing");
    }

    #[test]
    fn without_a_join_between_the_columns_the_order_is_suggested() {
        let raw = in_turn(LEFT, RIGHT);
        assert_eq!(cleaned(&raw, false), raw);
        let out = cleaned(&raw, true);
        assert_eq!(out, format!("{LEFT}\n\n{RIGHT}\n"));
        assert_eq!(cleaned(&out, true), out, "a second clean changes nothing");
    }

    #[test]
    fn on_the_first_page_a_column_starting_with_a_paragraphs_tail_is_read_second() {
        // `pdftotext` wrote the right column's first line first: the tail
        // of a paragraph begun at the foot of the left column, whose last
        // line ends inside the sentence. No word across the join shows
        // the order, the tail does.
        let tail = "排列一遍。";
        let left_text = format!("{LEFT}读者需要把这些行重新");
        let (left, right) = (printed_lines(&left_text), printed_lines(RIGHT));
        let mut turns = vec![tail.to_string()];
        for i in 0..left.len().max(right.len()) {
            turns.extend(left.get(i).cloned());
            turns.extend(right.get(i).cloned());
        }
        let raw = turns.join("\n\n") + "\n";
        let out = cleaned(&raw, false);
        assert_eq!(out, format!("{left_text}{tail}\n\n{RIGHT}\n"));
        assert_eq!(cleaned(&out, false), out, "a second clean changes nothing");
    }

    #[test]
    fn a_one_line_first_paragraph_is_no_tail_when_the_other_column_ends_a_sentence() {
        // The document opens with a one-line paragraph; the right column's
        // last line ends a sentence, so nothing it could go on from.
        let left = format!("本文说明排版。{LEFT}");
        let (left_lines, right) = (printed_lines(&left), printed_lines(RIGHT));
        let mut lines = vec!["本文说明排版。".to_string()];
        lines.extend(printed_lines(LEFT));
        let mut turns = Vec::new();
        for i in 0..lines.len().max(right.len()) {
            turns.extend(lines.get(i).cloned());
            turns.extend(right.get(i).cloned());
        }
        let raw = turns.join("\n\n") + "\n";
        assert!(left_lines.len() > 1);
        assert_eq!(cleaned(&raw, false), raw, "only suggested");
    }

    #[test]
    fn on_the_last_page_the_column_ending_inside_a_sentence_is_read_first() {
        // The left column's last line stops inside a sentence; the right
        // column's ends the document. No word joins the columns.
        let left = format!("{LEFT}读者读完左栏以后再用同样的办法把右栏的内容也都读下去");
        let page = in_turn(&left, RIGHT);
        let han = |s: &str| s.chars().filter(|c| is_han(*c)).collect::<String>();
        let out = cleaned(&format!("{page}\u{c}"), false);
        assert_eq!(han(&out), han(&format!("{left}{RIGHT}")));
        assert_eq!(cleaned(&out, false), out, "a second clean changes nothing");
        // Without form feeds nothing says the text ends there: suggested.
        assert_eq!(cleaned(&page, false), page);
    }

    #[test]
    fn a_list_marker_does_not_start_inside_a_paragraph() {
        assert!(closes_an_unopened_bracket("还没有测试）"));
        assert!(closes_an_unopened_bracket("的乘积）。WAL 的起始位置"));
        assert!(!closes_an_unopened_bracket("1）安装完成后重新启动"));
        assert!(!closes_an_unopened_bracket("一）总则"));
        assert!(!closes_an_unopened_bracket("十二）附则"));
        assert!(!closes_an_unopened_bracket("第二步（可选）再试一次"));
    }

    #[test]
    fn one_columns_lines_between_blank_lines_stay_in_order() {
        // Double-spaced one-column text: each line goes on from the one
        // before, so no split reads better.
        let lines = printed_lines(&format!("{LEFT}{RIGHT}"));
        let out = cleaned(&(lines.join("\n\n") + "\n"), true);
        let han = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(han(&out), han(&format!("{LEFT}{RIGHT}")));
    }
}
