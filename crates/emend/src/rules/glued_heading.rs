use crate::headings::Place;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Splits a heading glued to the end of the previous paragraph off into
    /// a block of its own. Headings are what the document's heading regex
    /// (`[segment] heading` in its TOML) matches after a space.
    ///
    /// ## Why the defect happens
    /// Extraction joins the last line of a paragraph and the next heading
    /// when the blank line between them is lost.
    ///
    /// ## Example
    /// `…合法权益。 区委书记 王某:` becomes `…合法权益。` ⏎⏎ `区委书记 王某:`.
    ///
    /// ## Fix safety
    /// Safe: it acts only where the document's own heading pattern matches
    /// at the end of a line; without a pattern it does nothing.
    pub struct GluedHeading {
        code: "R104",
        name: "glued-heading",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Split a heading glued to the end of a paragraph",
    }
}

impl Rule for GluedHeading {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let edits = input
            .raw
            .headings
            .iter()
            .filter(|h| h.place == Place::Glued)
            .filter_map(|h| super::current_range(input.provenance, h.space_before.as_ref()?))
            .map(|range| Edit::replace(range, "\n\n"))
            .collect();
        Output::edits(edits)
    }
}
