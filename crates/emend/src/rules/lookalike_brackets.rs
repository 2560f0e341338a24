use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Puts back the opening round bracket that OCR read as an angle
    /// bracket: a `〈` whose next bracket in the paragraph closes a round
    /// one, `)` or `）`, becomes the opening bracket of that width.
    ///
    /// ## Why the defect happens
    /// Tesseract's Chinese model reads the curve of a full-width `（` as
    /// `〈`, and its closing `）` as a half-width `)`. In the benchmark's
    /// tesseract output (ocr-1col), `（` came out as `〈` 42 times in the
    /// 18 documents counted, and no ground truth holds a `〈` at all.
    ///
    /// ## Example
    /// `在线手册页〈manual pages)中` becomes `在线手册页(manual pages)中`,
    /// which `punct-width` then prints as `（manual pages）` in Chinese text.
    ///
    /// ## Fix safety
    /// Safe: the pair itself is the evidence. An angle bracket opens a
    /// title or a quotation that an angle bracket closes (`〈文章〉`); one
    /// closed by a round bracket, with no `〉` or other bracket between, is
    /// a round bracket misread. A `〈` closed by `〉`, or by nothing in its
    /// paragraph, stays.
    pub struct LookalikeBrackets {
        code: "R203",
        name: "lookalike-brackets",
        stage: Characters,
        kind: Repair,
        applicability: Safe,
        summary: "Opening round brackets that OCR read as angle brackets",
    }
}

impl Rule for LookalikeBrackets {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let brackets: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| is_bracket(c))
            .collect();
        let edits = brackets
            .windows(2)
            .filter_map(|w| {
                let ((at, open), (_, close)) = (w[0], w[1]);
                let round = match close {
                    ')' => "(",
                    '）' => "（",
                    _ => return None,
                };
                (open == '〈').then(|| Edit::replace(at..at + open.len_utf8(), round))
            })
            .collect();
        Output::edits(edits)
    }
}

/// The brackets whose order decides what a `〈` opens.
fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '〈' | '〉' | '(' | ')' | '（' | '）' | '《' | '》' | '[' | ']' | '【' | '】'
    )
}
