use crate::declared::DeinterleaveFix;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Applies the `[[deinterleave]]` fixes of the document's TOML file: in
    /// a region whose visual lines alternate between two texts, the odd (or
    /// even) lines leave, in order, for the place an anchor names; the other
    /// lines close up where they are.
    ///
    /// ## Why the defect happens
    /// Extraction of a two-column page reads across both columns line by
    /// line, so the lines of two texts alternate.
    ///
    /// ## Example
    /// `A1 B1 A2 B2` with `take = "even"` and `after = "B0"` gives `A1 A2`
    /// where it stood and `B0B1B2` at the anchor.
    ///
    /// ## Fix safety
    /// Declared by a person for one document. Each line is recorded as a
    /// move; the separators between the streams are recorded deletions.
    pub struct DeclaredDeinterleave {
        code: "D103",
        name: "declared-deinterleave",
        stage: Structure,
        kind: Declared,
        applicability: Safe,
        summary: "Separate two interleaved texts as the document's TOML declares",
    }
}

/// One deinterleave fix of a document.
pub struct Deinterleave(pub DeinterleaveFix);

impl Rule for Deinterleave {
    fn meta(&self) -> &'static RuleMeta {
        &DeclaredDeinterleave::META
    }

    fn reason(&self) -> Option<&str> {
        Some(&self.0.reason)
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut edits = Vec::new();
        let fix = &self.0;
        if let Some(to) = super::current_point(input.provenance, fix.to, true) {
            for line in &fix.lines {
                if let Some(range) = super::current_range(input.provenance, line) {
                    edits.push(Edit::Move { range, to });
                }
            }
            for sep in &fix.separators {
                if let Some(range) = super::current_range(input.provenance, sep) {
                    edits.push(Edit::delete(range));
                }
            }
        }
        Output::edits(edits)
    }
}
