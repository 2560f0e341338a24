use crate::blocks::is_heading_like;
use crate::chars::in_short_token_run;
use crate::chars::is_sentence_end;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

/// How many measured line ends make a block's spacing trustworthy evidence.
const MIN_LINE_ENDS: usize = 3;

declare_rule! {
    /// ## What it does
    /// In a block that the printed-width measure shows to be wrapped text
    /// (a width of its own and at least three line ends), removes a remaining single space between
    /// two Chinese characters that is not a line end.
    ///
    /// ## Why the defect happens
    /// Extraction also puts spaces where a line was justified or where a
    /// line end was measured a few cells off; in a block already proven to
    /// be damaged such a space is far more likely noise than intent.
    ///
    /// ## Example
    /// In a wrapped paragraph, `意义 重大` becomes `意义重大`.
    ///
    /// ## Fix safety
    /// Safe. A space in a run of short tokens (a list of names like
    /// `张三 李四 王五`), in a heading-like clause, or before a short
    /// label ending in a colon (`主任 王某:`) stays; outside measured
    /// blocks the space stays too and `doubtful-cjk-space` reports it.
    pub struct StrayCjkSpace {
        code: "R103",
        name: "stray-cjk-space",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Remove leftover spaces between Chinese characters in wrapped blocks",
    }
}

impl Rule for StrayCjkSpace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let raw = input.raw.text;
        let mut edits = Vec::new();
        let measured = input.raw.layout.blocks.iter();
        for block in measured.filter(|b| b.own_width && b.line_ends() >= MIN_LINE_ENDS) {
            for b in &block.breaks {
                // Between two letters only: a space beside punctuation is
                // the business of the `punct-space` normalisation.
                if !b.mid_word || b.line_end || b.sep != ' ' {
                    continue;
                }
                if input.raw.in_heading(b.at)
                    || in_short_token_run(raw, b.at)
                    || is_heading_like(clause_around(raw, b.at))
                    || before_short_label(raw, b.at)
                {
                    continue;
                }
                edits.extend(super::current_separator(input, b).map(Edit::delete));
            }
        }
        Output::edits(edits)
    }
}

/// Does a short token ending in a colon follow the space at `at`, like a
/// name before what the person said (`书记 王某:`)? That space is meant.
fn before_short_label(text: &str, at: usize) -> bool {
    let token: String = text[at + 1..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let label = token.trim_end_matches([':', '：']);
    label.len() < token.len() && (1..=4).contains(&label.chars().count())
}

/// The clause around byte `at`: from the previous sentence end or line
/// start to the next colon (included) or line end. A heading glued into a
/// paragraph (`…权益。 区委书记 王某:`) is such a clause, and its space is meant.
fn clause_around(text: &str, at: usize) -> &str {
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| c == '\n' || is_sentence_end(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| matches!(c, '\n' | ':' | '：') || is_sentence_end(c))
        .map_or(text.len(), |(i, c)| {
            at + i + if c == '\n' { 0 } else { c.len_utf8() }
        });
    &text[start..end]
}
