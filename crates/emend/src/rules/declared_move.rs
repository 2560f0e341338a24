use crate::declared::MoveFix;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Applies the `[[move]]` fixes of the document's TOML file: a block,
    /// from its first words to its last, goes before (or after) an anchor.
    ///
    /// ## Why the defect happens
    /// Layout analysis reads a page's blocks in the wrong order, so a
    /// paragraph lands under the wrong heading.
    ///
    /// ## Example
    /// `first = "全会提出"`, `last = "贡献徐汇"`, `before = "区市场监管局"`.
    ///
    /// ## Fix safety
    /// Declared by a person for one document. The move is recorded as a
    /// move (not a delete and an insert), so `diff` shows where it went.
    pub struct DeclaredMove {
        code: "D102",
        name: "declared-move",
        stage: Structure,
        kind: Declared,
        applicability: Safe,
        summary: "Move a block as the document's TOML declares",
    }
}

/// One move fix of a document.
pub struct Move(pub MoveFix);

impl Rule for Move {
    fn meta(&self) -> &'static RuleMeta {
        &DeclaredMove::META
    }

    fn reason(&self) -> Option<&str> {
        Some(&self.0.reason)
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut edits = Vec::new();
        let fix = &self.0;
        if let (Some(range), Some(to)) = (
            super::current_range(input.provenance, &fix.range),
            super::current_point(input.provenance, fix.to, fix.after),
        ) {
            let regap = fix
                .regap
                .as_ref()
                .and_then(|r| super::current_range(input.provenance, r));
            // Content anchored at one position comes out in the order given:
            // the blank line goes between the anchor and the block.
            let gap = Edit::replace(to..to, "\n\n");
            match (&regap, fix.after) {
                (Some(_), true) => edits.extend([gap, Edit::Move { range, to }]),
                (Some(_), false) => edits.extend([Edit::Move { range, to }, gap]),
                (None, _) => edits.push(Edit::Move { range, to }),
            }
            edits.extend(regap.map(Edit::delete));
        }
        Output::edits(edits)
    }
}
