use crate::chars::is_fullwidth_alnum;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Turns full-width Latin letters and digits into their ASCII forms, and a
    /// full-width full stop between two digits into a decimal point.
    ///
    /// ## Why the defect happens
    /// Chinese input methods and OCR engines trained on Chinese print emit
    /// `Ａ`–`Ｚ` and `０`–`９`, which look like Latin text but do not
    /// match it in search, sorting or numbers.
    ///
    /// ## Example
    /// `２０２５年` becomes `2025年`; `ＡＩ` becomes `AI`; `２．０` becomes `2.0`.
    ///
    /// ## Fix safety
    /// A normalisation (`--no-normalize fullwidth-alnum`). Full-width
    /// punctuation is left to `punct-width`; code blocks are left alone.
    pub struct FullwidthAlnum {
        code: "N102",
        name: "fullwidth-alnum",
        stage: Characters,
        kind: Normalisation,
        applicability: Safe,
        summary: "Full-width ASCII letters and digits to half-width",
    }
}

impl Rule for FullwidthAlnum {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let chars: Vec<(usize, char)> = input.text.char_indices().collect();
        let digit = |j: Option<&(usize, char)>| {
            j.is_some_and(|&(_, c)| c.is_ascii_digit() || is_fullwidth_alnum(c) && c <= '９')
        };
        let edits = chars
            .iter()
            .enumerate()
            .filter(|&(i, &(_, c))| {
                let decimal_point =
                    c == '．' && i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1));
                is_fullwidth_alnum(c) || decimal_point
            })
            .map(|(_, &(at, c))| {
                let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
                Edit::replace(at..at + c.len_utf8(), ascii.to_string())
            })
            .collect();
        Output::edits(edits)
    }
}
