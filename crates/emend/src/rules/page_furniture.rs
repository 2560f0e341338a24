use crate::layout::furniture;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Removes page furniture — page numbers and running headers or
    /// footers — from the page breaks of extracted text, leaving a plain
    /// paragraph break that `page-break-join` then judges.
    ///
    /// ## Why the defect happens
    /// PDF extraction and OCR read the whole page: the folio at its foot
    /// (`3`, `- 3 -`, `第 3 页`) and the title repeated at its head land
    /// between the lines of a paragraph that runs on to the next page.
    ///
    /// ## Example
    /// `…档案的末尾\n\n3\n\n\f修饰符…` becomes `…档案的末尾\n\n修饰符…`
    /// (and `page-break-join` joins the paragraph when its last line ran
    /// to the printed width).
    ///
    /// ## Fix safety
    /// Safe. A bare number counts only at a page break (a form feed among
    /// the blank lines around it): elsewhere it may be a section number. A
    /// page number that says so (`第 3 页`, `- 3 -`) counts standing alone
    /// between blank lines or page breaks. A running header is a short
    /// line (at most 30 characters) that stands at three or more page
    /// breaks. Text between two paragraphs is never touched otherwise.
    pub struct PageFurniture {
        code: "R107",
        name: "page-furniture",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Remove page numbers and running headers at page breaks",
    }
}

impl Rule for PageFurniture {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let zones = furniture::zones(input.text);
        Output::edits(
            zones
                .into_iter()
                .map(|z| Edit::replace(z.range, z.replacement))
                .collect(),
        )
    }
}
