use crate::blocks::{is_heading_like, is_list_item};
use crate::chars::{is_cjk, is_closing, is_halfwidth_cjk_substitute, is_sentence_end};
use crate::layout::Block;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Joins a paragraph that a page or column break cut in two: removes the
    /// blank line (or form feed) between a block whose last line runs to the
    /// printed width without ending a sentence and the paragraph after it.
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
    /// Safe. A block whose last line is short, or ends with terminal,
    /// closing or colon punctuation, keeps its break; so does a break
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
        let raw = input.raw.text;
        let mut edits = Vec::new();
        for pair in input.raw.layout.blocks.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            if !continues_across(raw, before, after) {
                continue;
            }
            let gap = before.range.end..after.range.start;
            let Some(at) = input.provenance.current_of_raw(gap.start) else {
                continue;
            };
            // Only when the whole gap is still there, untouched.
            if input.text.get(at..at + gap.len()) == Some(&raw[gap.clone()]) {
                edits.push(Edit::delete(at..at + gap.len()));
            }
        }
        Output {
            edits,
            ..Output::default()
        }
    }
}

/// Does the sentence at the end of `before` go on in `after`?
pub fn continues_across(raw: &str, before: &Block, after: &Block) -> bool {
    let tail = &raw[before.range.clone()];
    let head = &raw[after.range.clone()];
    let last_line = tail.rsplit('\n').next().unwrap_or(tail);
    let first_line = head.split('\n').next().unwrap_or(head);
    let (Some(last), Some(first)) = (tail.chars().next_back(), head.chars().next()) else {
        return false;
    };
    let open_end = !(is_sentence_end(last) || is_closing(last) || matches!(last, ':' | '：'));
    let chinese = |c: char| is_cjk(c) || is_halfwidth_cjk_substitute(c);
    before.last_line_full()
        && open_end
        && chinese(last)
        && chinese(first)
        && !is_heading_like(last_line)
        && !is_heading_like(first_line)
        && !is_list_item(first_line)
}
