use crate::blocks::{is_heading_like, is_list_item, is_verse_or_form};
use crate::chars::{ends_sentence, is_han, str_cells};
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
    /// merging two paragraphs is worse than leaving one line break. Lines
    /// of a block with no clause punctuation at all (verse, a form, a list
    /// of names) keep their breaks however equal their widths. A line
    /// ending before a closing quote or bracket or before full-width
    /// clause punctuation after a Han character (`池（pool）⏎”中`,
    /// `字符⏎，或者`), or after an
    /// enumeration comma or an opening bracket or quote (`内容、⏎权限`), is
    /// joined whatever the widths: no line of prose starts or paragraph
    /// ends that way. A comma does end paragraphs in real text (before a
    /// code example), so a line ending in one needs the width.
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
            let verse_or_form = is_verse_or_form(&raw[block.range.clone()]);
            for b in block.breaks.iter().filter(|b| b.line_end) {
                let keep = b.sep == '\n'
                    && (verse_or_form
                        || inside_a_sentence(raw, b.at)
                        || next_line_stands_alone(raw, b.at, block.width)
                        || ends_paragraph_like(&raw[..b.at]));
                if !keep && !input.raw.in_heading(b.at) {
                    edits.extend(super::current_separator(input, b).map(Edit::delete));
                }
            }
        }
        edits.extend(line_ends_inside_sentences(input));
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

/// Does the line ending at raw byte `at` fall inside a sentence, whatever
/// the widths say: before a closing mark, or after a mark that never ends
/// a paragraph?
fn inside_a_sentence(raw: &str, at: usize) -> bool {
    // The `\n` of a `\r\n` is judged as the line ending it belongs to.
    let at = if raw[..at].ends_with('\r') && raw[at..].starts_with('\n') {
        at - 1
    } else {
        at
    };
    let ending = if raw[at..].starts_with("\r\n") { 2 } else { 1 };
    let line = raw[..at].rsplit('\n').next().unwrap_or("");
    let next_line = raw[at + ending..].split('\n').next().unwrap_or("");
    lines_join_inside_a_sentence(line, next_line)
}

/// Does a sentence run on from `line` into `next_line`, by the marks at
/// their edges alone? `page-furniture` asks the same of the lines it
/// brings together.
pub(crate) fn lines_join_inside_a_sentence(line: &str, next_line: &str) -> bool {
    let (Some(before), Some(after)) = (line.chars().next_back(), next_line.chars().next()) else {
        return false;
    };
    if before.is_whitespace() {
        return false;
    }
    is_closing_mark(after)
        || (is_han(before) && is_clause_mark(after))
        || (after_open_mark(before) && continues_prose(next_line, after))
}

/// Does the line end with a mark no paragraph ends with: an enumeration
/// comma (`内容、⏎权限、`, which `pdftotext -raw` breaks after) or an
/// opening bracket or quote? (A comma does end paragraphs in real text:
/// one before a code example, `…操作数，` in manpages-zh's create_cast.)
fn after_open_mark(last: char) -> bool {
    matches!(last, '、' | '（' | '“' | '‘' | '《' | '「')
}

/// Does the next line go on with Chinese prose (not a list item)?
fn continues_prose(next_line: &str, first: char) -> bool {
    // A straight quote or bracket counts as the curly or full-width one
    // `quote-pairs` and `punct-width` may make of it.
    let opens = matches!(first, '（' | '“' | '‘' | '《' | '「' | '"' | '(');
    (is_han(first) || opens) && !is_list_item(next_line)
}

/// A closing quote or bracket: no line of prose starts with one, whatever
/// stands before it.
fn is_closing_mark(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '》' | '」' | '』' | '】' | '〕' | '〉'
    )
}

/// Punctuation that ends or divides a clause, full-width or half-width:
/// after a Han character no line starts with one (`文件⏎，或者`). Half-width
/// marks count too, because `punct-width` makes them full-width: the
/// same line end must get the same answer on the output.
fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '?' | '!'
    )
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
