use crate::declared::CorrectionFix;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Corrects the misspellings a user dictionary names (`[words]
    /// correct` in the corpus's `emend.toml` or a document's TOML)
    /// wherever they stand.
    ///
    /// ## Why the defect happens
    /// A corpus repeats its own misreadings and typos (a name OCR always
    /// misreads, a term a transcriber always mistypes); a person who has
    /// seen one knows them all, and says so once for the whole corpus.
    ///
    /// ## Example
    /// With `correct = { "平部" = "干部" }`, `广大平部群众` becomes
    /// `广大干部群众`, and so does every other `平部`.
    ///
    /// ## Fix safety
    /// Declared by a person: applied wherever the misspelling matches
    /// (ignoring whitespace and punctuation width), except where a
    /// declared `[[replace]]` or `[[move]]` already takes the text; the
    /// longer misspelling wins where two overlap. Each correction is a
    /// change record naming the word.
    pub struct KnownCorrections {
        code: "D104",
        name: "known-corrections",
        stage: Structure,
        kind: Declared,
        applicability: Safe,
        summary: "Correct the misspellings a user dictionary names",
    }
}

/// One misspelling of the dictionary, at every place it stands.
pub struct Correction {
    pub fixes: Vec<CorrectionFix>,
    reason: String,
}

impl Correction {
    /// The places of one misspelling (all with the same word).
    pub fn new(fixes: Vec<CorrectionFix>) -> Self {
        let reason = fixes.first().map_or_else(String::new, |f| {
            format!(
                "known misspelling `{}` for `{}`",
                f.misspelling, f.correction
            )
        });
        Correction { fixes, reason }
    }
}

impl Rule for Correction {
    fn meta(&self) -> &'static RuleMeta {
        &KnownCorrections::META
    }

    fn reason(&self) -> Option<&str> {
        Some(&self.reason)
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let edits = self
            .fixes
            .iter()
            .filter_map(|fix| {
                super::current_range(input.provenance, &fix.range)
                    .map(|range| Edit::replace(range, fix.with.clone()))
            })
            .collect();
        Output::edits(edits)
    }
}
