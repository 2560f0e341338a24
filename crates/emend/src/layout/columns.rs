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

use std::ops::Range;

use crate::blocks::{is_heading_like, is_list_item};
use crate::chars::{is_chinese_side, str_cells};

use super::breaks::{ends_paragraph_like, lines_join_inside_a_sentence};
use super::measure::tolerance;

/// Spaces that part two columns: prose puts at most two between words.
const GAP: usize = 3;
/// Rows of a page that must resume after a gap at the same character
/// column (within one) for the page to have two columns, and the share of
/// its non-blank rows they must be. In the benchmark's pdf-2col-layout
/// pages, 40–70 % of the rows resume at one column (the others: full left
/// lines, right-column indents, one-column rows).
const MIN_AGREEING_ROWS: usize = 5;
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
/// Rows split at a gap a region needs, and their share of its non-blank
/// rows: a few aligned gaps may be a table.
const MIN_SPLIT_ROWS: usize = 3;
const MIN_SPLIT_SHARE: f64 = 0.5;

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
    /// The line ending after the row, if any.
    pub newline: Option<Range<usize>>,
}

/// Consecutive rows of two columns side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub rows: Vec<Row>,
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

/// The lines of `text`, grouped into pages at form feeds (a line holding a
/// form feed belongs to no page: it is furniture or a page's first line,
/// left as it is).
fn pages(text: &str) -> Vec<Vec<Line>> {
    let mut pages = vec![Vec::new()];
    let mut at = 0;
    for chunk in text.split_inclusive('\n') {
        let ending = if chunk.ends_with("\r\n") {
            2
        } else {
            usize::from(chunk.ends_with('\n'))
        };
        let body = at..at + chunk.len() - ending;
        let newline = (ending > 0).then(|| body.end..at + chunk.len());
        if text[body.clone()].contains('\u{c}') {
            pages.push(Vec::new());
        } else if let Some(page) = pages.last_mut() {
            page.push(Line { body, newline });
        }
        at += chunk.len();
    }
    pages
}

/// The character columns at which text resumes after a gap, on one line.
fn gap_ends(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run = 0;
    let mut seen_text = false;
    for (col, c) in line.chars().enumerate() {
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
/// agree on it.
fn split_column(text: &str, page: &[Line]) -> Option<usize> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut non_blank = 0;
    for line in page {
        let body = &text[line.body.clone()];
        if body.trim().is_empty() {
            continue;
        }
        non_blank += 1;
        for end in gap_ends(body) {
            *counts.entry(end).or_default() += 1;
        }
    }
    let agreeing = |col: usize| {
        (col.saturating_sub(1)..=col + 1)
            .map(|c| counts.get(&c).copied().unwrap_or(0))
            .sum::<usize>()
    };
    let (&mode, _) = counts
        .iter()
        .max_by_key(|&(&col, &n)| (n, std::cmp::Reverse(col)))?;
    let enough = agreeing(mode) >= MIN_AGREEING_ROWS
        && agreeing(mode) as f64 >= MIN_AGREEING_SHARE * non_blank as f64
        && mode >= MIN_LEFT_COLUMN;
    enough.then_some(mode)
}

fn page_regions(text: &str, page: &[Line]) -> Vec<Region> {
    let Some(column) = split_column(text, page) else {
        return Vec::new();
    };
    let kinds: Vec<Kind> = page.iter().map(|l| classify(text, l, column)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < kinds.len() {
        if kinds[i] == Kind::Other {
            i += 1;
            continue;
        }
        let start = i;
        while i < kinds.len() && kinds[i] != Kind::Other {
            i += 1;
        }
        out.extend(region_of(&kinds[start..i]));
    }
    out
}

/// A region from a run of rows, trimmed of blank and tight rows at its
/// edges, when enough of it is split at a gap.
fn region_of(kinds: &[Kind]) -> Option<Region> {
    let strong = |k: &Kind| matches!(k, Kind::Split(_) | Kind::OneColumn(_));
    let first = kinds.iter().position(strong)?;
    let blank = |k: &Kind| matches!(k, Kind::Blank(_));
    let last = kinds.iter().rposition(strong)?;
    let kinds = &kinds[first..=last];
    let split = kinds.iter().filter(|k| matches!(k, Kind::Split(_))).count();
    let non_blank = kinds.iter().filter(|k| !blank(k)).count();
    if split < MIN_SPLIT_ROWS || (split as f64) < MIN_SPLIT_SHARE * non_blank as f64 {
        return None;
    }
    let rows = kinds
        .iter()
        .filter_map(|k| match k {
            Kind::Split(r) | Kind::Tight(r) | Kind::OneColumn(r) | Kind::Blank(r) => {
                Some(r.clone())
            }
            Kind::Other => None,
        })
        .collect();
    Some(Region { rows })
}

/// Splits one line at the page's column.
fn classify(text: &str, line: &Line, column: usize) -> Kind {
    let body = &text[line.body.clone()];
    if body.trim().is_empty() {
        let end = line.body.end;
        return Kind::Blank(Row {
            indent: line.body.clone(),
            left: end..end,
            gap: end..end,
            right: end..end,
            newline: line.newline.clone(),
        });
    }
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let earliest = column.saturating_sub(INDENT_SLACK);
    let latest = column + LATE_SLACK;
    let row =
        |left_end: usize, right_start: usize| row_at(text, line, &chars, left_end, right_start);
    let indent = chars.iter().take_while(|(_, c)| *c == ' ').count();
    if indent >= earliest {
        // Only the right column's text on this row.
        return Kind::OneColumn(row(0, indent));
    }
    // A gap that ends near the column.
    let near = gap_ends(body)
        .into_iter()
        .filter(|&end| (earliest..=latest).contains(&end))
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
    Row {
        indent: byte(0)..byte(left_start),
        left: byte(left_start)..byte(left_end),
        gap: byte(left_end)..byte(right_start),
        right: byte(right_start)..byte(right_end),
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

    /// How far each piece starts after the column's leftmost piece, in
    /// characters: a paragraph's indented first line is as full as the
    /// lines below it when it ends at the column's edge.
    fn indents(&self, text: &str, pieces: &[Option<Range<usize>>]) -> Vec<usize> {
        let starts: Vec<usize> = self
            .rows
            .iter()
            .zip(pieces)
            .map(|(row, piece)| {
                piece
                    .as_ref()
                    .map_or(0, |p| text[row.indent.start..p.start].chars().count())
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
    let mut joins = Vec::new();
    for (i, piece) in rows.iter().enumerate() {
        let Some(piece) = piece else { continue };
        if let (Some(&p), Some(last)) = (piece_rows.last(), pieces.last()) {
            let adjacent = p + 1 == i;
            let full = cells(p, last) + tolerance(width) >= width;
            joins.push(adjacent && runs_on(&text[last.clone()], &text[piece.clone()], full));
        }
        pieces.push(piece.clone());
        piece_rows.push(i);
    }
    Stream {
        pieces,
        rows: piece_rows,
        joins,
    }
}

/// The column's width: the widest pieces but the odd one out (the 80th
/// percentile of the pieces' widths; most of a column's lines are full).
fn upper_width(widths: &[usize]) -> usize {
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() * 4 / 5).copied().unwrap_or(0)
}

/// Does `line` run on into `next`, the line being `full` or not?
fn runs_on(line: &str, next: &str, full: bool) -> bool {
    if lines_join_inside_a_sentence(line, next) {
        return true;
    }
    let (Some(last), Some(first)) = (line.chars().next_back(), next.chars().next()) else {
        return false;
    };
    full && is_chinese_side(last)
        && is_chinese_side(first)
        && !ends_paragraph_like(line)
        && !is_heading_like(next)
        && !is_list_item(next)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn prose_and_a_form_have_no_columns() {
        let prose = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n".repeat(10);
        assert!(regions(&prose).is_empty());
        let form = "姓名   张三\n性别   男\n年龄   三十\n籍贯   上海\n职业   教师\n电话   123\n";
        assert!(regions(form).is_empty());
    }
}
