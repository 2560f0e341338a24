use crate::rules::{declare_rule, Draft, Input, Output, Rule, RuleMeta, Severity};

declare_rule! {
    /// ## What it does
    /// Reports a block whose double quotes do not pair up: an odd number of
    /// straight `"`, or a `“` without its `”` (or the other way round).
    ///
    /// ## Why the defect happens
    /// OCR drops or misreads quote marks, and a cut can separate an opening
    /// quote from its closing one.
    ///
    /// ## Example
    /// `他说："好。` is reported at the quote.
    ///
    /// ## Fix safety
    /// Reports only: which quote is missing is a guess.
    pub struct UnbalancedQuotes {
        code: "V102",
        name: "unbalanced-quotes",
        stage: Validation,
        kind: Validator,
        applicability: Safe,
        summary: "Double quotes do not pair up",
    }
}

impl Rule for UnbalancedQuotes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let mut output = Output::default();
        let straight: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
        if straight.len() % 2 == 1 {
            let at = straight[straight.len() - 1];
            output
                .findings
                .push(finding(at..at + 1, "odd number of straight quotes"));
        }
        if let Some(range) = first_unmatched_curly(text) {
            output
                .findings
                .push(finding(range, "curly quote without its partner"));
        }
        output
    }
}

fn finding(range: std::ops::Range<usize>, message: &str) -> Draft {
    Draft {
        range,
        severity: Severity::Error,
        message: message.into(),
        suggestion: None,
    }
}

fn first_unmatched_curly(text: &str) -> Option<std::ops::Range<usize>> {
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' if open.is_some() => return open.map(|o| o..o + 3),
            '“' => open = Some(i),
            '”' if open.is_none() => return Some(i..i + 3),
            '”' => open = None,
            _ => {}
        }
    }
    open.map(|o| o..o + 3)
}
