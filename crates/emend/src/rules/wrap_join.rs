use crate::blocks::{is_heading_like, is_list_item};
use crate::chars::{ends_sentence, str_cells};
use crate::layout::tolerance;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Removes the space or newline that extraction left where a printed
    /// line ended inside a paragraph of Chinese text.
    ///
    /// ## Why the defect happens
    /// OCR and PDF extraction reproduce the printed lines: each line end
    /// becomes a newline, or a space when the tool joins lines itself.
    /// Chinese needs neither between two characters. A space or newline
    /// the author meant looks the same, so the rule acts only on evidence
    /// from the page: the printed-width measure (see `layout.rs`) finds the
    /// separators that sit one printed width `W` after the previous line end.
    ///
    /// ## Example
    /// In a column 50 cells wide, `…是 有效应对…` (the space 50 cells after
    /// the previous line end) becomes `…是有效应对…`; a newline at the same
    /// place is removed the same way. `区委书记 曹立强` (a short heading
    /// line, nowhere near `W`) and `高地 2.0 版` (not between two Chinese
    /// characters) keep their spaces.
    ///
    /// ## Fix safety
    /// Safe. Clean text has no printed width to measure (line lengths do not
    /// agree), so nothing is removed. A newline is kept when the next line
    /// is a heading or a list item, and when the line before it ends a
    /// sentence or with a colon: without blank lines between paragraphs
    /// (pdftotext) a paragraph's full last line looks like any other, and
    /// merging two paragraphs is worse than leaving one line break.
    pub struct WrapJoin {
        code: "R101",
        name: "wrap-join",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Remove line-end spaces and newlines inside Chinese paragraphs",
    }
}

impl Rule for WrapJoin {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let raw = input.raw.text;
        let mut edits = Vec::new();
        for block in &input.raw.layout.blocks {
            for b in block.breaks.iter().filter(|b| b.line_end) {
                if input.raw.in_heading(b.at)
                    || (b.sep == '\n'
                        && (next_line_stands_alone(raw, b.at, block.width)
                            || ends_paragraph_like(&raw[..b.at])))
                {
                    continue;
                }
                edits.extend(super::current_separator(input, b).map(Edit::delete));
            }
        }
        Output::edits(edits)
    }
}

/// Does the text before a newline end a sentence or introduce what follows
/// (a colon)? Extraction without blank lines between paragraphs leaves
/// such a line looking like any other full line; keeping the break costs a
/// missed join at worst, while joining could merge two paragraphs.
fn ends_paragraph_like(before: &str) -> bool {
    ends_sentence(before) || before.ends_with([':', '：'])
}

/// Is the line after the newline at `at` a list item, or a heading — a
/// short heading-like line that ends its block — which keeps its own line
/// even when the line before it ran to the full width? (In a narrow column
/// every full line is short and unpunctuated, so a heading must also fall
/// short of the width and stand last.)
fn next_line_stands_alone(raw: &str, at: usize, width: Option<usize>) -> bool {
    let rest = &raw[at + 1..];
    let mut lines = rest.split('\n');
    let line = lines.next().unwrap_or("");
    let ends_block = lines.next().is_none_or(|l| l.trim().is_empty());
    let short = width.is_none_or(|w| str_cells(line) + tolerance(w) < w);
    is_list_item(line) || (is_heading_like(line) && ends_block && short)
}
