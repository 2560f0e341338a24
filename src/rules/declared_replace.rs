use crate::declared::ReplaceFix;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Applies the `[[replace]]` fixes of the document's TOML file: the text
    /// an anchor matches is replaced.
    ///
    /// ## Why the defect happens
    /// Some damage cannot be seen from the text alone, such as a character
    /// misread as a real but wrong one (`平部` for `干部`).
    ///
    /// ## Example
    /// `find = "广大平部群众"`, `with = "广大干部群众"`.
    ///
    /// ## Fix safety
    /// Declared by a person for one document; the anchor must match exactly
    /// once (ignoring whitespace and punctuation width), else it is an error.
    pub struct DeclaredReplace {
        code: "D101",
        name: "declared-replace",
        stage: Structure,
        kind: Declared,
        applicability: Safe,
        summary: "Replace text as the document's TOML declares",
    }
}

/// The replace fixes of one document.
pub struct Replaces(pub Vec<ReplaceFix>);

impl Rule for Replaces {
    fn meta(&self) -> &'static RuleMeta {
        &DeclaredReplace::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let edits = self
            .0
            .iter()
            .filter_map(|fix| {
                let range = super::current_range(input.provenance, &fix.range)?;
                Some(Edit::replace(range, fix.with.clone()))
            })
            .collect();
        Output::edits(edits)
    }
}
