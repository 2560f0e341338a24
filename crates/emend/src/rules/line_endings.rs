use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Turns Windows (`\r\n`) and old Mac (`\r`) line endings into `\n`.
    ///
    /// ## Why the defect happens
    /// Files pass through tools on different systems; every later rule
    /// reasons about lines and expects one kind of line ending.
    ///
    /// ## Example
    /// `第一行\r\n第二行` becomes `第一行\n第二行`.
    ///
    /// ## Fix safety
    /// A normalisation: always safe, switch it off with
    /// `--no-normalize line-endings` to keep the file's own line endings.
    pub struct LineEndings {
        code: "N001",
        name: "line-endings",
        stage: Structure,
        kind: Normalisation,
        applicability: Safe,
        summary: "Line endings to \\n",
    }
}

impl Rule for LineEndings {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let bytes = input.text.as_bytes();
        let edits = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\r')
            .map(|(i, _)| match bytes.get(i + 1) {
                Some(b'\n') => Edit::delete(i..i + 1),
                _ => Edit::replace(i..i + 1, "\n"),
            })
            .collect();
        Output::edits(edits)
    }
}
