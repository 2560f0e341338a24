use crate::blocks::is_verse_or_form;
use crate::layout::breaks::{paragraph_gaps, sentence_goes_on};
use crate::layout::tolerance;
use crate::lexicon::joins_word;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Joins a paragraph that a page or column break cut in two: removes the
    /// blank line (or form feed) between text whose printed line ran to the
    /// full width without ending a sentence and the paragraph after it.
    ///
    /// ## Why the defect happens
    /// Extraction emits each page or column as its own run of lines and puts
    /// a blank line or form feed between them, even when a sentence goes on
    /// across the break.
    ///
    /// ## Example
    /// `…为规` ⏎⏎ `划制定实施…`, where `…为规` fills its printed line,
    /// becomes `…为规划制定实施…`.
    ///
    /// ## Fix safety
    /// Safe. The evidence is the page: the raw line before the break ran to
    /// the printed width (measured on the raw text, so it holds after a
    /// declared move), or it ran at least half the width and the join makes
    /// a dictionary word (`规` + `划` → `规划`, jieba's dictionary). A break
    /// after terminal, closing or colon punctuation stays, and so does one
    /// before a heading or list item, or between texts that are not Chinese.
    pub struct PageBreakJoin {
        code: "R102",
        name: "page-break-join",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Join paragraphs split by a page or column break",
    }
}

impl Rule for PageBreakJoin {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let gaps = paragraph_gaps(text);
        let mut edits = Vec::new();
        for (i, gap) in gaps.iter().enumerate() {
            let (before, after) = (&text[..gap.start], &text[gap.end..]);
            // The blocks on either side, bounded by the neighbouring gaps.
            let block_before = &text[i.checked_sub(1).map_or(0, |p| gaps[p].end)..gap.start];
            let block_after = &text[gap.end..gaps.get(i + 1).map_or(text.len(), |n| n.start)];
            if !sentence_goes_on(before, after)
                || is_verse_or_form(block_before)
                || is_verse_or_form(block_after)
            {
                continue;
            }
            let raw_end = input.provenance.raw_point(gap.start);
            let Some(line) = input.raw.layout.line_ending_at(raw_end) else {
                continue;
            };
            // Width first; the dictionary only for a line that ran at
            // least half the width and no wider than the width.
            let within = line.cells <= line.width + tolerance(line.width);
            if line.full || (within && 2 * line.cells >= line.width && joins_word(before, after)) {
                edits.push(Edit::delete(gap.clone()));
            }
        }
        Output::edits(edits)
    }
}
