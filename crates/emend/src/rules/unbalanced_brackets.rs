use std::sync::LazyLock;

use regex::Regex;

use crate::rules::{declare_rule, Draft, Input, Output, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Reports brackets that do not pair up: `（）` `()` `《》` `【】`
    /// `「」` `『』` `〈〉` `[]`.
    ///
    /// ## Why the defect happens
    /// OCR misreads brackets (`〈` for `（`) or drops one, and a cut can
    /// separate an opening bracket from its closing one.
    ///
    /// ## Example
    /// `《关于制定…的建议` (no `》`) is reported at the `《`.
    ///
    /// ## Fix safety
    /// Reports only. A list marker such as `1)` or `a）` at the start of a
    /// line is not a bracket.
    pub struct UnbalancedBrackets {
        code: "V103",
        name: "unbalanced-brackets",
        stage: Validation,
        kind: Validator,
        applicability: Safe,
        summary: "Brackets do not pair up",
    }
}

/// A list marker like `1)` or `b）` at the start of a line.
static LIST_CLOSER: LazyLock<Regex> =
    LazyLock::new(|| crate::chars::source_regex(r"^\s*[\p{N}\p{L}]{1,3}[)）]"));

const PAIRS: [(char, char); 8] = [
    ('（', '）'),
    ('(', ')'),
    ('《', '》'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
    ('〈', '〉'),
    ('[', ']'),
];

impl Rule for UnbalancedBrackets {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let skip = LIST_CLOSER.find(text).map_or(0, |m| m.end());
        let mut stack: Vec<(usize, char)> = Vec::new();
        let mut output = Output::default();
        for (i, c) in text[skip..].char_indices().map(|(i, c)| (i + skip, c)) {
            if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
                stack.push((i, close));
            } else if PAIRS.iter().any(|(_, cl)| *cl == c) {
                match stack.last() {
                    Some(&(_, expected)) if expected == c => {
                        stack.pop();
                    }
                    _ => {
                        output.findings.push(finding(i, c));
                        return output;
                    }
                }
            }
        }
        if let Some(&(i, _)) = stack.first() {
            let c = text[i..].chars().next().unwrap_or(' ');
            output.findings.push(finding(i, c));
        }
        output
    }
}

fn finding(at: usize, c: char) -> Draft {
    Draft {
        range: at..at + c.len_utf8(),
        severity: Severity::Error,
        message: format!("`{c}` has no partner"),
        suggestion: None,
    }
}
