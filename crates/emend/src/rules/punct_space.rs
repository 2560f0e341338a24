use crate::chars::{is_cjk, is_cjk_punct};
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Removes a space between full-width Chinese punctuation and Chinese
    /// text.
    ///
    /// ## Why the defect happens
    /// Full-width punctuation carries its own spacing; extraction adds a
    /// space after it where a line ended or where a half-width mark (which
    /// is followed by a space in Latin typography) stood.
    ///
    /// ## Example
    /// `要求， 自觉` becomes `要求，自觉`.
    ///
    /// ## Fix safety
    /// A normalisation (`--no-normalize punct-space`). Only single spaces
    /// with Chinese on the other side: `选项： -a` keeps its space. Code
    /// blocks are left alone.
    pub struct PunctSpace {
        code: "N105",
        name: "punct-space",
        stage: Characters,
        kind: Normalisation,
        applicability: Safe,
        summary: "No space beside full-width punctuation",
    }
}

impl Rule for PunctSpace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let chars: Vec<(usize, char)> = input.text.char_indices().collect();
        let edits = chars
            .windows(3)
            .filter(|w| {
                let (a, sp, b) = (w[0].1, w[1].1, w[2].1);
                sp == ' ' && is_cjk(a) && is_cjk(b) && (is_cjk_punct(a) || is_cjk_punct(b))
            })
            .map(|w| Edit::delete(w[1].0..w[1].0 + 1))
            .collect();
        Output::edits(edits)
    }
}
