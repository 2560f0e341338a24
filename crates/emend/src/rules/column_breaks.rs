use std::ops::Range;

use crate::chars::is_invisible_mark;
use crate::layout::columns::{Region, Row, Stream};
use crate::rules::{current_point, current_range, declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::{Edit, Provenance};

declare_rule! {
    /// ## What it does
    /// Sets the line breaks of two columns that `column-split` has read
    /// one after the other: the gaps and row breaks between the pieces of
    /// a column go, a line break stays where the column's text does not
    /// run on, and a line break parts the left column from the right
    /// unless the left column's last line runs on into the right's first
    /// (a sentence going on at the top of the next column).
    ///
    /// ## Why the defect happens
    /// After the split, each column's lines are separated by what stood
    /// between them on the page: the gap before the other column's line,
    /// the row's line break, the rows where only the other column had
    /// text, or nothing at all (the right column's lines were adjacent on
    /// no row).
    ///
    /// ## Example
    /// After `column-split`, `春眠不觉晓处处闻啼鸟夜来风雨声      ` ⏎
    /// `花落知多少。` becomes `春眠不觉晓处处闻啼鸟夜来风雨声花落知多少。`, and
    /// the right column's `床前明月光疑是地上霜举头望明月低头思故乡。`
    /// starts on a line of its own.
    ///
    /// ## Fix safety
    /// Safe. A column's piece runs on into the next as `wrap-join` judges a
    /// line end: by the marks at the join, or because it fills the column
    /// (the column's width is the 80th percentile of its pieces' widths)
    /// without ending a sentence or a colon, before a line that is no
    /// heading or list item, with Chinese text on both sides. A row where
    /// the column has no text is a paragraph break in it. The left column
    /// runs on into the right by the same test, and only where it reaches
    /// the bottom of its rows (one that stops short beside the right
    /// column's text ended its paragraph). Only whitespace changes.
    pub struct ColumnBreaks {
        code: "R109",
        name: "column-breaks",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Set the line breaks of two columns read one after the other",
    }
}

impl Rule for ColumnBreaks {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let raw = input.raw.text;
        let mut edits = Vec::new();
        for region in &input.raw.layout.columns {
            // `column-split` moved every right piece or none.
            let whole = region
                .rows
                .iter()
                .all(|r| r.right.is_empty() || current_range(input.provenance, &r.right).is_some());
            if !whole {
                continue;
            }
            let [left, right] = region.streams(raw);
            edits.extend(left_breaks(input, region, &left));
            edits.extend(boundary(input, region, &left, &right));
            edits.extend(right_breaks(input.provenance, &right));
        }
        Output::edits(edits)
    }
}

/// Between two pieces of the left column (rows `a` and `b`) stand row
/// `a`'s gap and line break, the rows between (whose right text moved),
/// and row `b`'s indent. All go, but for row `a`'s line break when the
/// text does not run on.
fn left_breaks(input: &Input<'_>, region: &Region, left: &Stream) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (k, &joins) in left.joins.iter().enumerate() {
        let (a, b) = (left.rows[k], left.rows[k + 1]);
        let keep = (!joins).then(|| region.rows[a].newline.clone()).flatten();
        for range in whitespace_between(&region.rows, a, b) {
            if Some(&range) != keep.as_ref() {
                edits.extend(delete(input, &range));
            }
        }
    }
    edits
}

/// The whitespace between the left text of row `a` and that of row `b`
/// once the right column has moved away.
fn whitespace_between(rows: &[Row], a: usize, b: usize) -> Vec<Range<usize>> {
    let mut out = vec![rows[a].gap.clone(), rows[a].trailing.clone()];
    out.extend(rows[a].newline.clone());
    for row in &rows[a + 1..b] {
        out.extend([row.indent.clone(), row.gap.clone(), row.trailing.clone()]);
        out.extend(row.newline.clone());
    }
    out.push(rows[b].indent.clone());
    out.retain(|r| !r.is_empty());
    out
}

/// Between the left column's last piece and the right column's first:
/// one line break, or nothing where the left column's text runs on into
/// the right's. Row by row, what stands there is the last left row's
/// gap and line break and the rows after it up to the last row's gap (the
/// right column was moved before the last row's right text, or to the end
/// of its line).
fn boundary(input: &Input<'_>, region: &Region, left: &Stream, right: &Stream) -> Vec<Edit> {
    let provenance = input.provenance;
    let (Some(&a), false) = (left.rows.last(), right.pieces.is_empty()) else {
        return Vec::new();
    };
    let last = region.rows.len() - 1;
    let runs_on = region.columns_run_on(input.raw.text, left, right);
    let mut spaces: Vec<Range<usize>> = vec![region.rows[a].gap.clone()];
    if a < last {
        spaces.push(region.rows[a].trailing.clone());
        spaces.extend(region.rows[a].newline.clone());
        for row in &region.rows[a + 1..last] {
            spaces.extend([row.indent.clone(), row.gap.clone(), row.trailing.clone()]);
            spaces.extend(row.newline.clone());
        }
        spaces.extend([
            region.rows[last].indent.clone(),
            region.rows[last].gap.clone(),
        ]);
        // Row `a`'s line break stays, to part the columns, unless the
        // left column's text runs on into the right's.
        let keep = (!runs_on).then(|| region.rows[a].newline.clone()).flatten();
        spaces.retain(|r| !r.is_empty() && Some(r) != keep.as_ref());
        return spaces.iter().flat_map(|r| delete(input, r)).collect();
    }
    // The last row has left text: its gap becomes the line break, or goes
    // where the left column's text runs on into the right's.
    let gap = visible_span(input.raw.text, &region.rows[a].gap);
    if runs_on {
        return delete(input, &gap).into_iter().collect();
    }
    if gap.is_empty() {
        let end = region.rows[a].left.end;
        return current_point(provenance, end, true)
            .map(|at| Edit::replace(at..at, "\n"))
            .into_iter()
            .collect();
    }
    current_range(provenance, &gap)
        .map(|range| Edit::replace(range, "\n"))
        .into_iter()
        .collect()
}

/// The right column's pieces stand next to each other: a line break goes
/// after each that does not run on.
fn right_breaks(provenance: &Provenance, right: &Stream) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (piece, &joins) in right.pieces.iter().zip(&right.joins) {
        if !joins {
            if let Some(at) = current_point(provenance, piece.end, true) {
                edits.push(Edit::replace(at..at, "\n"));
            }
        }
    }
    edits
}

/// `range` of the raw text without the invisible marks at its ends. A
/// column's text ends at its last visible character, so a mark after it
/// (a soft hyphen or a BOM at a line's end) starts the gap or the trailing
/// spaces; `invisible-marks` has deleted it, and the spaces around it are
/// still to go.
fn visible_span(raw: &str, range: &Range<usize>) -> Range<usize> {
    let s = &raw[range.clone()];
    let start = range.start + (s.len() - s.trim_start_matches(is_invisible_mark).len());
    let end = range.end - (s.len() - s.trim_end_matches(is_invisible_mark).len());
    start..end.max(start)
}

/// Deletes what is left of a raw range of whitespace: all of it; or, for a
/// line ending that `line-endings` rewrote, what stands in its place: the
/// `\n` of a `\r\n`, or the `\n` written for a lone `\r` (found before the
/// text that followed it, which stays in place).
fn delete(input: &Input<'_>, raw: &Range<usize>) -> Option<Edit> {
    let raw = &visible_span(input.raw.text, raw);
    if raw.is_empty() {
        return None;
    }
    if let Some(range) = current_range(input.provenance, raw) {
        return Some(Edit::delete(range));
    }
    if !input.raw.text[raw.clone()].starts_with(['\r', '\n']) {
        return None;
    }
    let last = raw.end.checked_sub(1)?..raw.end;
    if let Some(range) = current_range(input.provenance, &last) {
        return Some(Edit::delete(range));
    }
    let at = input.provenance.current_of_raw(raw.end)?;
    let before = &input.text[..at];
    let len = if before.ends_with("\r\n") {
        2
    } else {
        usize::from(before.ends_with(['\n', '\r']))
    };
    (len > 0).then(|| Edit::delete(at - len..at))
}

#[cfg(test)]
mod tests {
    use crate::{clean, Options};

    /// A page of two columns whose left column's last line, full and
    /// mid-sentence, goes on at the top of the right column, given that
    /// last line.
    fn page(last_left: &str) -> String {
        let left = [
            "两栏排版的文字被逐行抽取出来以后，左",
            "栏最后一行的句子常常在右栏的第一行接",
            "着写下去。读者需要把它们重新接起来，",
            "否则一句话就会被拆成两段。下面这一句",
            "也是如此，它从左栏的最后一行开始，经",
            "过好几行文字，穿过整个左栏，然后一",
            last_left,
        ];
        let right = [
            "标点，所以两行之间不应该留下换行。右",
            "栏接着往下写，直到这一段结束为止。",
            "",
            "另起一段的文字从这里开始，它和上一段",
            "之间隔着一个空行，这一段也在右栏里",
            "写完。",
            "",
        ];
        let rows: Vec<String> = left
            .iter()
            .zip(right)
            .map(|(l, r)| {
                let pad = 44 - 2 * l.chars().count();
                format!("{l}{}{r}", " ".repeat(pad)).trim_end().to_string()
            })
            .collect();
        rows.join("\n") + "\n"
    }

    fn cleaned(text: &str) -> String {
        clean(text, &Options::default()).unwrap().text
    }

    #[test]
    fn an_invisible_mark_at_a_line_end_leaves_no_spaces_behind() {
        // A soft hyphen after a left line's last character (as
        // `pdftotext -layout` keeps one) starts the gap; the gap's spaces
        // go all the same.
        let page = page("直写到右栏的开头才结束，中间没有任何");
        let marked = page.replacen("第一行接", "第一行接\u{ad}", 1);
        let out = cleaned(&marked);
        assert!(!out.contains("  "), "{out}");
        assert_eq!(out, cleaned(&page));
    }

    #[test]
    fn the_left_column_runs_on_into_the_right() {
        let out = cleaned(&page("直写到右栏的开头才结束，中间没有任何"));
        assert!(out.contains("中间没有任何标点，所以两行"), "{out}");
        assert!(out.contains("结束为止。\n另起一段"), "{out}");
        assert!(out.contains("右栏里写完。"), "{out}");
        assert_eq!(cleaned(&out), out, "a second clean changes nothing");
    }

    #[test]
    fn a_sentence_end_parts_the_columns() {
        let out = cleaned(&page("直写到右栏的开头才结束，中间没有。"));
        assert!(out.contains("中间没有。\n标点，"), "{out}");
    }
}
