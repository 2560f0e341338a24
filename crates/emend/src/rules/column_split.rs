use crate::rules::{current_point, current_range, declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Where two columns were extracted side by side, each row holding a
    /// line of the left column, a gap and a line of the right column,
    /// moves the right column's lines after the left column's, so that
    /// each column reads in one piece. `column-breaks` then sets the line
    /// breaks of both.
    ///
    /// ## Why the defect happens
    /// `pdftotext -layout` and OCR of a two-column page (tesseract
    /// `--psm 6`) write the page row by row: the reading order goes back
    /// and forth between the columns at every line.
    ///
    /// ## Example
    /// `春眠不觉晓处处闻啼鸟夜来风雨声      床前明月光疑是地上霜举头` ⏎
    /// `花落知多少。                        望明月低头思故乡。` becomes the
    /// left column's lines, then `床前明月光疑是地上霜举头` and
    /// `望明月低头思故乡。`.
    ///
    /// ## Fix safety
    /// Safe. A page has two columns only when at least 5 rows, and 30 % of
    /// its rows, resume after a gap of three or more spaces at the same
    /// character column (within one), no nearer the line start than 16
    /// columns; a region is a run of rows split near that column (rows of
    /// one column and blank rows among them) of which at least 5, and half,
    /// are split at such a gap, and of whose two-sided rows at least half
    /// hold Chinese in a left line that fills its column (60 % of the way
    /// to the right column). Prose has no gaps of three spaces; a form, a
    /// glossary or an option list (`-a, --all      显示所有`), whose left
    /// parts are short, is left alone. A lone mark between two gaps (a
    /// `。` or `|` OCR leaves in the gutter) never starts the right
    /// column; it stays with the left line it follows. One-column lines
    /// after the rows belong to the left column running on below the
    /// right unless the right column's last line reads on into them: it
    /// runs on while the left's ends a sentence, or a word spans the join
    /// from the right's (`速度提` ⏎ `升`) and not from the left's. Every
    /// move is recorded.
    pub struct ColumnSplit {
        code: "R108",
        name: "column-split",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Read two columns extracted side by side one after the other",
    }
}

impl Rule for ColumnSplit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut edits = Vec::new();
        for region in &input.raw.layout.columns {
            let Some((last, rows)) = region.rows.split_last() else {
                continue;
            };
            // Before the last row's right text, or at the end of its line.
            let to = if last.right.is_empty() {
                current_point(input.provenance, last.gap.end, true)
            } else {
                current_point(input.provenance, last.right.start, false)
            };
            let Some(to) = to else { continue };
            // All or nothing: a piece an earlier rule took apart stays, and
            // so does the region (`column-breaks` asks the same).
            let moves: Option<Vec<Edit>> = rows
                .iter()
                .filter(|r| !r.right.is_empty())
                .map(|row| {
                    current_range(input.provenance, &row.right)
                        .map(|range| Edit::Move { range, to })
                })
                .collect();
            edits.extend(moves.into_iter().flatten());
        }
        Output::edits(edits)
    }
}
