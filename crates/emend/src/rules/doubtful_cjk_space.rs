use crate::blocks::BlockKind;
use crate::chars::{in_short_token_run, is_cjk};
use crate::rules::{declare_rule, Draft, Input, Output, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Warns about a space left between two Chinese characters in a
    /// paragraph or list item.
    ///
    /// ## Why the defect happens
    /// A line-end space that the printed-width measure could not prove
    /// (a block too short to measure, a width that varies) stays in place:
    /// removing it without evidence could harm clean text.
    ///
    /// ## Example
    /// A two-line paragraph `…的 新篇章。` is reported at the space.
    ///
    /// ## Fix safety
    /// Reports only (a warning). A run of short tokens (a list of names)
    /// and headings are not reported.
    pub struct DoubtfulCjkSpace {
        code: "V104",
        name: "doubtful-cjk-space",
        stage: Validation,
        kind: Validator,
        applicability: Safe,
        summary: "A space between Chinese characters was left in place",
    }
}

impl Rule for DoubtfulCjkSpace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        if !matches!(input.kind, Some(BlockKind::Paragraph | BlockKind::ListItem)) {
            return Output::default();
        }
        let text = input.text;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let findings = chars
            .windows(3)
            .filter(|w| w[1].1 == ' ' && is_cjk(w[0].1) && is_cjk(w[2].1))
            .filter(|w| !in_short_token_run(text, w[1].0))
            .map(|w| Draft {
                range: w[1].0..w[1].0 + 1,
                severity: Severity::Warning,
                message: "space between Chinese characters left in place".into(),
                suggestion: None,
            })
            .collect();
        Output::findings(findings)
    }
}
