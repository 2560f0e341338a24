//! Two columns side by side on rows whose gap is not laid on a grid:
//! tesseract `--psm 6` on a two-column page.
//!
//! tesseract writes each row as the left column's line, as many spaces as
//! it guesses the gap holds, and the right column's line. The guess
//! varies from row to row (one space to twenty in the benchmark's
//! `ocr-2col-psm6` pages), so the right column does not resume at one
//! character column as it does in `pdftotext -layout` (the parent
//! module's grid). What does stay put is where the left column ends:
//! its full lines are as wide as the column, in display cells, and the
//! row's widest space run starts there. A page has columns laid so when
//! enough rows not much wider than two such columns have their widest
//! space run start near one display cell.

use std::ops::Range;

use super::{grid_chars, letter_spaced, row_at, Kind, Line, Row, GAP, MIN_LEFT_COLUMN};
use crate::chars::{cells, is_chinese_side};
use crate::layout::furniture::is_page_number;

/// How far before the page's most common left-column end a row's gap may
/// start: a left line ends a cell or two early when its last mark is
/// half-width, a few more when OCR dropped a character or it is the
/// last line of a paragraph that nearly fills the column. Measured on the
/// benchmark's `ocr-2col-psm6` (both-view CER, before a short line's gap
/// was bounded by its text and the run-on share lowered, which took 21.8
/// to 13.6): 4 → 33.0, 6 → 21.8, 8 → 21.8, 10 → 21.6 %, the last two
/// changing 2 more injected side-by-side cases.
const EARLY: usize = 6;
/// How far after it: tesseract counts a Latin letter or a mark as one
/// cell whatever its width on the page, so a left line with Latin text
/// ends a few cells late as often as early. Measured as `EARLY`: 2 →
/// 30.4, 4 → 24.7, 6 → 21.8, 8 → 25.8, 10 → 25.4 %.
const LATE: usize = 6;
/// The widest a row agreeing on the column may be, in tenths of the
/// column's width: two columns and their gap. In the benchmark's
/// `ocr-2col-psm6` pages the rows span at most 2.3 left columns but where
/// OCR guessed a short line's gap far too wide (`gap_across` bounds those
/// by their text); a paragraph of one-column prose on one line is far
/// wider.
const MAX_ROW_TENTHS: usize = 26;
/// Share of the rows that cross the column (from the first agreeing row to
/// the last) that must agree on it. A Python prototype of this page test
/// (stop 28, a window of 6 cells before and 2 after) passed 34 of 36
/// `ocr-2col-psm6` texts, 55 of 59 `pdf-2col-layout` pages, and no page
/// of the one-column variants, the ground truth, or 708 of 710
/// manpages-zh pages (the other two: tables). With the region tests of
/// the parent module, this module finds regions in all 36 `ocr-2col-psm6`
/// texts, one `pdf-2col-layout` text (rows its grid left), and no other
/// benchmark text, ground truth or manpages-zh page.
const MIN_AGREEING_SHARE: f64 = 0.6;
/// Agreeing rows whose gap is three spaces or more, which prose puts
/// nowhere: rows of one-space gaps alone could be word-spaced prose.
/// (Counting a short left line's gap across the column's end too found
/// one more page of the benchmark's `ocr-2col-psm6`, both-view CER 21.8
/// → 21.4, but changed 9 more injected side-by-side cases, 5 of them
/// damaged outside the rows.)
const MIN_WIDE_GAP_ROWS: usize = 2;
/// Cells a row must run on past the column's window for a space there to
/// part two columns (two Chinese characters): a line of the left column
/// alone may end in a short word after a space.
const RIGHT_TEXT: usize = 4;

/// Where a page's left column ends, in display cells from the row's
/// start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellColumn {
    /// The most common cell at which an agreeing row's gap starts.
    pub left_end: usize,
}

impl CellColumn {
    /// The cells a gap may start at to part the row's columns.
    fn window(&self) -> Range<usize> {
        self.left_end.saturating_sub(EARLY)..self.left_end + LATE + 1
    }
}

/// A row measured in display cells.
struct Measured {
    chars: Vec<(usize, char)>,
    /// The cell each character starts at, and one past the last.
    cell: Vec<usize>,
    /// The spaces between text, as character ranges.
    runs: Vec<Range<usize>>,
    /// The length of the longest of them (0 without any).
    widest: usize,
    /// Characters of leading spaces.
    indent: usize,
    /// One past the last character that is not a space.
    text_end: usize,
}

impl Measured {
    fn new(line: &str) -> Self {
        let chars: Vec<(usize, char)> = grid_chars(line).collect();
        let mut cell = Vec::with_capacity(chars.len() + 1);
        let mut at = 0;
        for &(_, c) in &chars {
            cell.push(at);
            at += cells(c).max(1);
        }
        cell.push(at);
        let indent = chars.iter().take_while(|(_, c)| *c == ' ').count();
        let text_end = chars
            .iter()
            .rposition(|(_, c)| *c != ' ')
            .map_or(0, |i| i + 1);
        let mut runs = Vec::new();
        let mut i = indent;
        while i < text_end {
            if chars[i].1 == ' ' {
                let start = i;
                while chars[i].1 == ' ' {
                    i += 1;
                }
                runs.push(start..i);
            } else {
                i += 1;
            }
        }
        let widest = runs.iter().map(|r| r.len()).max().unwrap_or(0);
        Measured {
            chars,
            cell,
            runs,
            widest,
            indent,
            text_end,
        }
    }

    fn text_cells(&self) -> usize {
        self.cell[self.text_end]
    }

    /// The row's cells without its widest space run: the text of its
    /// columns, whatever gap OCR guessed between them.
    fn text_cells_but_the_gap(&self) -> usize {
        self.text_cells() - self.widest
    }

    /// The row's widest space runs that start far enough in for a left
    /// column, on a row no wider than two columns of that width.
    fn widest_runs(&self) -> impl Iterator<Item = &Range<usize>> + '_ {
        self.runs.iter().filter(move |r| {
            let start = self.cell[r.start];
            r.len() == self.widest
                && start >= MIN_LEFT_COLUMN
                && 10 * self.text_cells() <= MAX_ROW_TENTHS * start
        })
    }

    /// The widest run that starts in the column's window, nearest its
    /// end, on a row that runs on past it by more than a stray word: a
    /// line of the left column alone may have a space near its end
    /// (`…某些系统上的 ar`).
    fn gap_in(&self, column: &CellColumn) -> Option<&Range<usize>> {
        let window = column.window();
        if self.text_cells() < window.end + RIGHT_TEXT {
            return None;
        }
        self.widest_runs()
            .filter(|r| window.contains(&self.cell[r.start]))
            .min_by_key(|r| self.cell[r.start].abs_diff(column.left_end))
    }

    /// The widest run, of `GAP` spaces or more, that starts before the
    /// column's window and reaches past the left column's end: a short
    /// left line (a paragraph's last), then the gap, then the right
    /// column.
    ///
    /// The gap OCR guessed after a short line may be far wider than the
    /// gutter (56 spaces after 22 cells of text in the benchmark), so the
    /// row is bounded by its text: what stands after the gap is no wider
    /// than a column.
    fn gap_across(&self, column: &CellColumn) -> Option<&Range<usize>> {
        let window = column.window();
        self.runs.iter().find(|r| {
            r.len() == self.widest
                && r.len() >= GAP
                && self.cell[r.start] < window.start
                && self.cell[r.end] >= column.left_end
                && self.text_cells() - self.cell[r.end] <= window.end
        })
    }
}

/// The page's cell column, from the rows not `taken`, when enough of them
/// agree on it.
pub(super) fn cell_column(text: &str, page: &[Line], taken: &[bool]) -> Option<CellColumn> {
    let rows: Vec<Measured> = page
        .iter()
        .zip(taken)
        .filter(|&(l, &t)| !t && !text[l.body.clone()].trim().is_empty())
        .map(|(l, _)| Measured::new(&text[l.body.clone()]))
        .collect();
    column_of(&rows)
}

/// The cell column the rows agree on, if they do.
fn column_of(rows: &[Measured]) -> Option<CellColumn> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for row in rows {
        let mut starts: Vec<usize> = row.widest_runs().map(|r| row.cell[r.start]).collect();
        starts.dedup();
        for start in starts {
            *counts.entry(start).or_default() += 1;
        }
    }
    let (&left_end, _) = counts
        .iter()
        .max_by_key(|&(&cell, &n)| (n, std::cmp::Reverse(cell)))?;
    let probe = CellColumn { left_end };
    agree_on(rows, &probe).then_some(probe)
}

/// Do enough of the rows, from the first split at `column` to the last,
/// split there?
fn agree_on(rows: &[Measured], column: &CellColumn) -> bool {
    let left_end = column.left_end;
    let gaps: Vec<Option<&Range<usize>>> = rows.iter().map(|r| r.gap_in(column)).collect();
    let (Some(first), Some(last)) = (
        gaps.iter().position(Option::is_some),
        gaps.iter().rposition(Option::is_some),
    ) else {
        return false;
    };
    let agreeing: Vec<(&Measured, &Range<usize>)> = rows[first..=last]
        .iter()
        .zip(&gaps[first..=last])
        .filter_map(|(row, gap)| gap.map(|g| (row, g)))
        .collect();
    // A crossing line counts as the rows its text spans (its widest gap
    // aside, which OCR may have guessed far too wide): `wrap-join` joins
    // the rows a first run leaves side by side, and counted once, two rows
    // joined into one let a second run's share pass where the first's had
    // failed (a fuzz input).
    let row_span = MAX_ROW_TENTHS * left_end;
    let crossing = rows[first..=last]
        .iter()
        .filter(|r| r.text_cells() > left_end + LATE && !letter_spaced(&r.chars))
        .map(|r| (10 * r.text_cells_but_the_gap()).div_ceil(row_span).max(1))
        .sum::<usize>()
        .max(agreeing.len());
    let wide = agreeing.iter().filter(|(_, g)| g.len() >= GAP).count();
    agreeing.len() >= super::MIN_AGREEING_ROWS
        && agreeing.len() as f64 >= MIN_AGREEING_SHARE * crossing as f64
        && wide >= MIN_WIDE_GAP_ROWS
}

/// Do the region's own rows agree on the page's column, as the page's
/// rows had to? (As the parent's `shows_its_own_column` asks of a grid:
/// rows far from the region must not make up its evidence.) Asked at the
/// page's cell, not at the region's most common one: a left column that
/// runs on below the other has word spaces of its own, which may be more
/// common.
pub(super) fn shows_its_own_column(text: &str, rows: &[Row], column: &CellColumn) -> bool {
    let measured: Vec<Measured> = rows
        .iter()
        .map(|r| Measured::new(&text[r.indent.start..r.trailing.end]))
        .filter(|m| m.text_end > m.indent)
        .collect();
    agree_on(&measured, column)
}

/// Splits one line at the page's cell column.
pub(super) fn classify(text: &str, line: &Line, column: &CellColumn) -> Kind {
    let body = &text[line.body.clone()];
    let row = Measured::new(body);
    let at =
        |left_end: usize, right_start: usize| row_at(text, line, &row.chars, left_end, right_start);
    if row.text_end == 0 {
        return super::blank_row(line);
    }
    // A page number ends a page: without a form feed (tesseract run on
    // one page image at a time, the texts joined) the next page's rows
    // are columns of their own, read after this page's.
    if is_page_number(body) {
        return Kind::Other;
    }
    if row.cell[row.indent] >= column.window().start {
        return Kind::OneColumn(at(0, row.indent));
    }
    if let Some(gap) = row.gap_in(column) {
        return Kind::Split(at(gap.start, gap.end));
    }
    if let Some(gap) = row.gap_across(column) {
        return Kind::Split(at(gap.start, gap.end));
    }
    if row.text_cells() <= column.window().end {
        return Kind::OneColumn(at(row.text_end, row.chars.len()));
    }
    if letter_spaced(&row.chars) {
        return Kind::LetterSpaced;
    }
    // A row whose gap is not its widest space run: the space nearest the
    // column's end, as weaker evidence.
    let window = column.window();
    let space = row
        .runs
        .iter()
        .filter(|r| window.contains(&row.cell[r.start]))
        .min_by_key(|r| row.cell[r.start].abs_diff(column.left_end));
    if let Some(gap) = space {
        return Kind::Tight(at(gap.start, gap.end));
    }
    // A full row with no space where the columns meet: tight at the
    // character boundary nearest the column's end, between Chinese text.
    let tight = (1..row.text_end)
        .filter(|&i| window.contains(&row.cell[i]))
        .filter(|&i| is_chinese_side(row.chars[i - 1].1) && is_chinese_side(row.chars[i].1))
        .min_by_key(|&i| row.cell[i].abs_diff(column.left_end));
    match tight {
        Some(i) => Kind::Tight(at(i, i)),
        None => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{regions, Grid, Stream};

    /// The two columns of a page, each line of the left 40 cells wide
    /// (20 Han characters) but for the paragraphs' last lines.
    const LEFT: [&str; 8] = [
        "河水从山谷里流出来，经过一片开阔的草地，",
        "在村子的东头拐了一个弯，又向南流去。每年",
        "春天，岸边的柳树先绿，接着桃花也开了，孩",
        "子们便沿着河岸跑来跑去，一直玩到天黑。",
        "夏天的河水涨得很高，大人们不许孩子下水，",
        "可他们总能找到一段浅滩，卷起裤腿去捉小鱼",
        "和小虾，捉到了就放进带来的玻璃瓶里，回家",
        "给妹妹看。",
    ];
    const RIGHT: [&str; 8] = [
        "秋天收完庄稼以后，村里会请一个戏班子来唱",
        "三天戏，戏台就搭在河边的空地上，附近几个",
        "村子的人都赶来看，台下挤得满满的。",
        "冬天河面结了冰，孩子们在冰上滑来滑去，摔",
        "倒了也不哭，爬起来接着滑。老人们坐在墙根",
        "下晒太阳，说起从前的事，说这条河比他们的",
        "年纪还大，以后也会一直这样流下去，谁也说",
        "不清它是从哪一年开始流的。",
    ];

    /// The page as tesseract `--psm 6` writes it: each row the left line,
    /// a gap of as many spaces as it guessed (`gaps`, past a short left
    /// line's blank cells), the right line; a stray `”` in the gap of some
    /// rows.
    fn psm6_page(gaps: &[usize]) -> String {
        let mut text = String::new();
        for (k, (left, right)) in LEFT.iter().zip(RIGHT).enumerate() {
            let stray = if k % 3 == 1 { "”" } else { "" };
            let blank = 40 - crate::chars::str_cells(left);
            let gap = " ".repeat(blank + gaps[k % gaps.len()]);
            text += &format!("{left}{gap}{stray}{right}\n");
        }
        text
    }

    fn read<'a>(text: &'a str, stream: &Stream) -> Vec<&'a str> {
        stream.pieces.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn rows_whose_gaps_scatter_split_where_the_left_column_ends() {
        // The gaps end at no common character column (a grid would need
        // five rows to agree), but every left line ends at cell 40 or
        // before it.
        let text = psm6_page(&[1, 3, 1, 7, 2, 1, 10, 4]);
        let regions = regions(&text);
        assert_eq!(regions.len(), 1, "{regions:?}");
        assert_eq!(regions[0].grid, Grid::Cells);
        let [left, right] = regions[0].streams(&text);
        assert_eq!(read(&text, &left), LEFT);
        let rights: Vec<String> = read(&text, &right)
            .iter()
            .map(|s| s.trim_start_matches('”').to_string())
            .collect();
        assert_eq!(rights, RIGHT);
    }

    #[test]
    fn gaps_of_one_space_alone_are_no_columns() {
        // Word-spaced prose has one space where a gap would be: without
        // rows of three spaces or more, nothing says the page has columns.
        let text = psm6_page(&[1]);
        assert_eq!(regions(&text), vec![]);
    }

    #[test]
    fn a_page_number_parts_the_pages_whose_columns_are_their_own() {
        // Two page images' texts joined without a form feed: each page's
        // left column is read before its right, then the next page's.
        let page = psm6_page(&[1, 3, 1, 7, 2, 1, 10, 4]);
        let text = format!("{page}1\n{page}2\n");
        let regions = regions(&text);
        assert_eq!(regions.len(), 2, "{regions:?}");
        let second = text.find("1\n").unwrap() + 2;
        assert!(regions[0].span().unwrap().end <= second);
        assert!(regions[1].span().unwrap().start >= second);
    }

    #[test]
    fn prose_a_paragraph_a_line_and_a_table_have_no_cell_columns() {
        // Clean prose, one paragraph a line, with spaces around Latin
        // words: far wider than two columns of where its spaces fall.
        let paragraph = format!("{} GNU 的工具 {}", LEFT.concat(), RIGHT.concat());
        let prose = format!("{paragraph}\n\n").repeat(8);
        assert_eq!(regions(&prose), vec![]);
        // A table: short cells, wide gaps, no Chinese line filling a column.
        let table = "选项        含义\n-a          全部\n-l          长格式\n-h          帮助\n-v          版本\n-q          安静\n";
        assert_eq!(regions(table), vec![]);
    }
}
