use crate::blocks::is_verse_or_form;
use crate::chars::{is_cjk_punct, is_halfwidth_cjk_substitute};
use crate::layout::breaks::{inside_a_sentence, keeps_measured_line_end, spaces_han_and_latin};
use crate::layout::{Block, Break};
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
    /// from the page: the printed-width measure (see `layout/measure.rs`) finds the
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
    /// merging two paragraphs is worse than leaving one line break. Lines
    /// of a block with no clause punctuation at all (verse, a form, a list
    /// of names) keep their breaks however equal their widths. A line
    /// ending before a closing quote or bracket or before clause
    /// punctuation after a Han character (`池（pool）⏎”中`, `字符⏎，或者`), or
    /// after an
    /// enumeration comma or an opening bracket or quote (`内容、⏎权限`), is
    /// joined whatever the widths: no line of prose starts or paragraph
    /// ends that way. A comma does end paragraphs in real text (before a
    /// code example), so a line ending in one needs the width: alone, or
    /// with the lines after it, as where `pdftotext -raw` split a justified
    /// printed line at the gap after a comma (`参数，⏎它就会显示…，⏎包括`):
    /// the fragments are joined when together they fill one printed line.
    /// A line end between Chinese and an ASCII letter or digit
    /// (`本书第⏎4.1 节`, `改写为 Rust⏎以获得`) is found by the width like any
    /// other, and joined with a space when the document puts one between
    /// Han and Latin more often than not inside its lines, else with
    /// nothing; never after a sentence end, and never next to a line with
    /// no Chinese (a page number, an option name).
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
        let latin_gap = if spaces_han_and_latin(raw) { " " } else { "" };
        for block in &input.raw.layout.blocks {
            let verse_or_form = is_verse_or_form(&raw[block.range.clone()]);
            for b in &block.breaks {
                let Some(gap) = measured_join(raw, block, b, verse_or_form, latin_gap) else {
                    continue;
                };
                if input.raw.in_heading(b.at) {
                    continue;
                }
                edits.extend(super::current_separator(input, b).map(|sep| Edit::replace(sep, gap)));
            }
        }
        edits.extend(line_ends_inside_sentences(input));
        Output::edits(edits)
    }
}

/// What replaces the line end the measure found at `b` in `block` of
/// `raw` (`verse_or_form`: the block's lines keep their breaks): `None`
/// where the line end is kept (a newline before a heading or list item,
/// after a sentence end, or any break the measure found no line end at),
/// else the gap that joins the lines, `latin_gap` between Chinese and
/// Latin text. Headings found by the document's pattern are the caller's
/// to skip. The measure's last guard (`layout/settle.rs`) asks the same,
/// to join the text as this rule will.
pub(crate) fn measured_join(
    raw: &str,
    block: &Block,
    b: &Break,
    verse_or_form: bool,
    latin_gap: &'static str,
) -> Option<&'static str> {
    let keep = b.sep == '\n' && keeps_measured_line_end(raw, b.at, block.width, verse_or_form);
    if !b.line_end || keep {
        return None;
    }
    Some(if b.latin_edge && !beside_punctuation(raw, b.at) {
        latin_gap
    } else {
        ""
    })
}

/// Deletes every line ending (`\n`, `\r\n` or a lone `\r`) that a closing
/// quote or bracket follows, after text on the line before. No line of
/// prose starts with one: the mark was pushed to the next line by the
/// width (`架构/系统上？⏎”。`, `池（pool）⏎”中`), whatever the widths say.
fn line_ends_inside_sentences(input: &Input<'_>) -> Vec<Edit> {
    let raw = input.raw.text;
    let bytes = raw.as_bytes();
    let mut edits = Vec::new();
    for (at, &b) in bytes.iter().enumerate() {
        let crlf_tail = b == b'\n' && at > 0 && bytes[at - 1] == b'\r';
        if !matches!(b, b'\n' | b'\r') || crlf_tail || !inside_a_sentence(raw, at) {
            continue;
        }
        if input.raw.in_heading(at) {
            continue;
        }
        // Where the line ending stands now: `line-endings` may have
        // replaced it, so find it just after the character before it.
        let Some(now) = super::current_point(input.provenance, at, true) else {
            continue;
        };
        let rest = &input.text[now..];
        let len = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with(['\n', '\r']))
        };
        if len > 0 {
            edits.push(Edit::delete(now..now + len));
        }
    }
    edits
}

/// Does the line end at raw byte `at` follow full-width punctuation? Then
/// its join takes no space, whatever the document's habit between Han and
/// Latin: the mark's own width is the gap (a half-width `,` becomes
/// full-width beside Chinese) (`不可读取，⏎bash` reads
/// `不可读取，bash`).
fn beside_punctuation(raw: &str, at: usize) -> bool {
    raw[..at]
        .trim_end_matches('\r')
        .chars()
        .next_back()
        .is_some_and(|c| is_cjk_punct(c) || is_halfwidth_cjk_substitute(c))
}
