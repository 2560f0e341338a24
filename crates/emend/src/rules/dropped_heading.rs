use crate::headings::Place;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Takes a heading that landed inside a sentence out of it, and puts it
    /// back at the end of the paragraph it interrupted, as a block of its
    /// own. The sentence it cut is joined again by `wrap-join`, because the
    /// width measure treats the heading as absent.
    ///
    /// ## Why the defect happens
    /// On a multi-column page, extraction reads a heading of the next column
    /// into the middle of a line of the current one.
    ///
    /// ## Example
    /// `…加快全国人工智能高 区办公室主任 王某: 地建设…。` becomes
    /// `…加快全国人工智能高地建设…。` ⏎⏎ `区办公室主任 王某:`.
    ///
    /// ## Fix safety
    /// Safe: it acts only where the document's own heading pattern matches
    /// between two spaces inside a line; the heading is moved (recorded as
    /// a move), never retyped.
    pub struct DroppedHeading {
        code: "R105",
        name: "dropped-heading",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Move a heading dropped inside a sentence to the end of its paragraph",
    }
}

impl Rule for DroppedHeading {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut edits = Vec::new();
        for h in input
            .raw
            .headings
            .iter()
            .filter(|h| h.place == Place::Dropped)
        {
            let Some(range) = super::current_range(input.provenance, &h.range) else {
                continue;
            };
            let line_end = input.text[range.end..]
                .find('\n')
                .map_or(input.text.len(), |i| range.end + i);
            // The gap first, then the heading: content anchored at one
            // position comes out in the order the edits are given.
            edits.push(Edit::replace(line_end..line_end, "\n\n"));
            edits.push(Edit::Move {
                range,
                to: line_end,
            });
            if let Some(space) = h.space_after.as_ref() {
                if let Some(space) = super::current_range(input.provenance, space) {
                    edits.push(Edit::delete(space));
                }
            }
        }
        Output::edits(edits)
    }
}
