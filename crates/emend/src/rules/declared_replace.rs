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

/// One replace fix of a document.
pub struct Replace(pub ReplaceFix);

impl Rule for Replace {
    fn meta(&self) -> &'static RuleMeta {
        &DeclaredReplace::META
    }

    fn reason(&self) -> Option<&str> {
        Some(&self.0.reason)
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let fix = &self.0;
        let edits = super::current_range(input.provenance, &fix.range)
            .map(|range| Edit::replace(range, fix.with.clone()));
        Output::edits(edits.into_iter().collect())
    }
}
