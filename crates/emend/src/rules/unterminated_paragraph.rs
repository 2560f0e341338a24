use crate::blocks::BlockKind;
use crate::chars::{ends_sentence, is_han};
use crate::rules::{declare_rule, Draft, Input, Output, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Reports a Chinese paragraph that does not end with terminal
    /// punctuation (`。！？…`, a closing quote or bracket after them, or a
    /// colon that introduces what follows).
    ///
    /// ## Why the defect happens
    /// When a page or column is cut, text can be lost: the paragraph stops
    /// mid-sentence. Nothing can restore it, but it must not pass unseen.
    ///
    /// ## Example
    /// `…为全市` followed by a heading is reported as an error.
    ///
    /// ## Fix safety
    /// Reports only; an error finding fails `emend check` unless the
    /// document's TOML accepts it with a reason.
    pub struct UnterminatedParagraph {
        code: "V101",
        name: "unterminated-paragraph",
        stage: Validation,
        kind: Validator,
        applicability: Safe,
        summary: "A paragraph ends without terminal punctuation",
    }
}

impl Rule for UnterminatedParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text.trim_end();
        let open = input.kind == Some(BlockKind::Paragraph)
            && text.chars().any(is_han)
            && !ends_sentence(text)
            && !text.ends_with([':', '：']);
        let mut output = Output::default();
        if open {
            let last = text.char_indices().next_back().map_or(0, |(i, _)| i);
            output.findings.push(Draft {
                range: last..text.len(),
                severity: Severity::Error,
                message: "paragraph ends without terminal punctuation: text may be lost at a cut"
                    .into(),
                suggestion: None,
            });
        }
        output
    }
}
