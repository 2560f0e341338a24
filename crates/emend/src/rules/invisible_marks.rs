use crate::chars::is_invisible_mark;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Deletes the invisible format characters that PDF text layers and
    /// web pages leave inside running text: the soft hyphen (U+00AD), the
    /// zero-width space (U+200B), the word joiner (U+2060) and a
    /// zero-width no-break space (U+FEFF) that is not a byte-order mark.
    ///
    /// ## Why the defect happens
    /// A soft hyphen marks where a word may be hyphenated, and a PDF that
    /// hyphenated there keeps it in its text; typesetting and web tools put
    /// zero-width spaces between Chinese characters as line-break hints.
    /// None of them prints, but each splits a word for search, counting and
    /// segmentation (`干\u{200B}部` is not `干部`).
    ///
    /// ## Example
    /// `干部` with a zero-width space between the two characters becomes
    /// `干部`; `infor` + U+00AD + `mation` becomes `information`.
    ///
    /// ## Fix safety
    /// Safe: the characters print nothing, so the text reads as before.
    /// The zero-width joiner and non-joiner (U+200D, U+200C) stay: emoji
    /// sequences and some scripts need them. The line model never counts
    /// these characters, so its decisions do not change once they are gone.
    pub struct InvisibleMarks {
        code: "R202",
        name: "invisible-marks",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Delete soft hyphens, zero-width spaces and word joiners",
    }
}

impl Rule for InvisibleMarks {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let edits = input
            .text
            .char_indices()
            .filter(|&(_, c)| is_invisible_mark(c))
            .map(|(at, c)| Edit::delete(at..at + c.len_utf8()))
            .collect();
        Output::edits(edits)
    }
}

#[cfg(test)]
mod tests {
    use crate::{clean, Options};

    /// A hard-wrapped paragraph: printed lines of 16 characters.
    fn wrapped(text: &str, mark: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let lines: Vec<String> = chars
            .chunks(16)
            .map(|c| c.iter().collect::<String>() + mark)
            .collect();
        lines.join("\n") + "\n"
    }

    #[test]
    fn marks_at_line_ends_change_no_line_decision() {
        let text = "党的二十届四中全会为我们做好新时期住房发展工作指明了前进方向。关键时期，区房管局将不断深化对全会精神的认识理解，以人民至上理念攻坚克难、奋力进取，把发展的目标任务和战略举措规划好、实施好。";
        let options = Options::default();
        let plain = clean(&wrapped(text, ""), &options).unwrap().text;
        for mark in ["\u{200B}", "\u{AD}", "\u{2060}", "\u{FEFF}"] {
            let once = clean(&wrapped(text, mark), &options).unwrap().text;
            assert_eq!(once, plain, "{mark:?}");
            assert_eq!(clean(&once, &options).unwrap().text, once);
        }
    }
}
