use crate::chars::{is_cjk, is_han};
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// In Chinese text, turns straight double quotes into paired curly
    /// quotes: odd ones open `“`, even ones close `”`.
    ///
    /// ## Why the defect happens
    /// OCR engines and PDF text layers map `“` and `”` to the ASCII `"`,
    /// losing which side of the quotation each stood on.
    ///
    /// ## Example
    /// `制定"十五五"规划` becomes `制定“十五五”规划`.
    ///
    /// ## Fix safety
    /// A normalisation (`--no-normalize quote-pairs`). Pairs never span a
    /// block. A block with an odd number of straight quotes is left alone
    /// (`unbalanced-quotes` reports it: a guess could pair the wrong ones).
    /// A pair with no Chinese inside or beside it (`echo "hi"`) stays, and
    /// so does a pair with Chinese only inside that stands beside code
    /// (`greet("世界")`); code blocks, JSON lines and code spans are left
    /// alone. Another double quote, straight or curly,
    /// does not count as Chinese beside a pair: pairing then decides from
    /// the block as it came, a pair converted here never changes whether its
    /// neighbour converts, and a second run finds nothing to do.
    pub struct QuotePairs {
        code: "N104",
        name: "quote-pairs",
        stage: Characters,
        kind: Normalisation,
        applicability: Safe,
        summary: "Straight double quotes in Chinese text to paired “ ”",
    }
}

impl Rule for QuotePairs {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        if !text.chars().any(is_han) {
            return Output::default();
        }
        let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
        if quotes.len() % 2 == 1 {
            return Output::default();
        }
        let mut edits = Vec::new();
        for pair in quotes.chunks(2) {
            let (open, close) = (pair[0], pair[1]);
            let before = text[..open].chars().next_back();
            let after = text[close + 1..].chars().next();
            let inside = &text[open + 1..close];
            let beside_chinese = before.is_some_and(context) || after.is_some_and(context);
            let beside_code = before.is_some_and(code_side) || after.is_some_and(code_side);
            if beside_chinese || (inside.chars().any(is_han) && !beside_code) {
                edits.push(Edit::replace(open..open + 1, "“"));
                edits.push(Edit::replace(close..close + 1, "”"));
            }
        }
        Output::edits(edits)
    }
}

/// What stands beside a string literal in code: an identifier, an opening
/// or closing bracket, an operator or separator (`greet("世界")`,
/// `{"name": "张三"}`, `x = "值"`).
fn code_side(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_()[]{}=:,;+".contains(c)
}

/// Chinese text beside a pair: Han or CJK punctuation, but no double quote,
/// whose form this rule itself decides.
fn context(c: char) -> bool {
    is_cjk(c) && !matches!(c, '“' | '”' | '"')
}
