use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::chars::{is_cjk_punct, is_han};
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Puts text in Unicode Normalization Form C.
    ///
    /// ## Why the defect happens
    /// PDF text layers and some OCR engines emit decomposed accents or CJK
    /// compatibility ideographs (U+F900…), which look right but compare,
    /// search and count differently from the canonical characters.
    ///
    /// ## Example
    /// `e` + U+0301 becomes `é`; U+F900 `豈` becomes U+8C48 `豈`.
    ///
    /// ## Fix safety
    /// A normalisation (`--no-normalize nfc` switches it off). Code blocks
    /// are left alone.
    pub struct Nfc {
        code: "N101",
        name: "nfc",
        stage: Characters,
        kind: Normalisation,
        applicability: Safe,
        summary: "Unicode NFC",
    }
}

impl Rule for Nfc {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            return Output::default();
        }
        let edits = clusters(text)
            .filter_map(|range| {
                let chunk = &text[range.clone()];
                let nfc: String = chunk.nfc().collect();
                (nfc != chunk).then(|| Edit::replace(range, nfc))
            })
            .collect();
        Output::edits(edits)
    }
}

/// Byte ranges that normalise independently: the text is cut before each
/// character that never composes with what precedes it (ASCII, Han,
/// Chinese punctuation, whitespace — all with combining class 0), so a
/// starter keeps its marks and Hangul jamo stay together.
fn clusters(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let stable = |c: char| {
        canonical_combining_class(c) == 0
            && (c.is_ascii() || is_han(c) || is_cjk_punct(c) || c.is_whitespace())
    };
    let mut starts: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| stable(c))
        .map(|(i, _)| i)
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|w| w[0]..w[1])
        .collect::<Vec<_>>()
        .into_iter()
}
