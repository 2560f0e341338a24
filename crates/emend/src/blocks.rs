//! The block model: after the structure stage every non-empty line is one
//! block — a paragraph, heading, list item or line of code — and the
//! character rules and validators work on one block at a time, so no
//! character repair can reach across a block boundary.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::chars::{is_cjk, is_clause_punct, is_han, str_cells};

/// What a block is, as decided at the end of the structure stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Code,
}

/// A block of the current text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Byte range of the line, without its newline.
    pub range: Range<usize>,
    pub kind: BlockKind,
}

/// Numbered titles (`6.3.8. 安装`, `第三章 总则`).
static NUMBERED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::chars::source_regex(
        r"^(?:\d+(?:\.\d+)+\.?\s+\S|第[一二三四五六七八九十百\d]+[章节篇部分条]\s*\S)",
    )
});

/// List markers: bullets, `1.` `1)` `1、`, `（一）`, `一、`, `a)`, and option lists (`-a`, `--all`).
/// A number with a decimal point (`4.1 节的说明`, a line a wrap left
/// starting with a section number in running prose) is no marker.
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    crate::chars::source_regex(
        r"^\s*(?:[-*•·●○■□◆◇▪–]\s|\d{1,3}(?:[)、]\s*\S|[.．](?:\s+\S|[^\d\s]))|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、．]|[a-zA-Z][.)]\s|--?[A-Za-z0-9])",
    )
});

/// Is `line` a list item?
pub fn is_list_item(line: &str) -> bool {
    LIST_MARKER.is_match(line)
}

/// Does no line of the block hold clause punctuation (`，。；！？、`)?
/// Prose lines carry commas and full stops wherever the width cuts them;
/// the lines of verse, a form (`地址…` `电话…`) or a list of names have
/// none, and their equal widths are not printed-line evidence. A block of
/// fewer than `MIN_VERSE_LINES` lines says too little and is judged by the
/// other evidence.
pub fn is_verse_or_form(block: &str) -> bool {
    let mut lines = 0;
    for line in crate::layout::breaks::line_bodies(block) {
        if line.chars().any(|c| is_clause_punct(c) || c == '、') {
            return false;
        }
        lines += 1;
    }
    lines >= MIN_VERSE_LINES
}

/// Lines a block needs before its lack of punctuation marks it as verse or
/// a form: a paragraph of two lines may hold one long clause, but a
/// paragraph of three or more lines ends with a full stop at the least.
const MIN_VERSE_LINES: usize = 3;

/// Does `line` look like a heading on its own: a numbered title, a short
/// line ending in a colon with no sentence inside it, or a short line with
/// no punctuation at all?
pub fn is_heading_like(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return false;
    }
    if NUMBERED_TITLE.is_match(line) {
        return true;
    }
    let cells = str_cells(line);
    let inner_punct = line.chars().any(is_clause_punct);
    let colon_end = line.ends_with([':', '：']);
    let no_punct = !line
        .chars()
        .any(|c| c.is_ascii_punctuation() || (is_cjk(c) && !is_han(c)));
    (colon_end && cells <= 60 && !inner_punct) || (no_punct && cells <= 24)
}

/// Does `line` look like code: indented by four or more spaces or a tab, or
/// made mostly of ASCII with code-ish punctuation?
fn is_code(line: &str) -> bool {
    if line.starts_with("    ") || line.starts_with('\t') {
        return true;
    }
    let total = line.chars().count();
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    let codeish = line
        .chars()
        .filter(|c| matches!(c, '{' | '}' | ';' | '=' | '$' | '<' | '>' | '|' | '&'))
        .count();
    cjk == 0 && total > 0 && codeish * 10 >= total
}

/// Does `line` hold a JSON object or array (a record, a config line)? Its
/// quotes and colons are syntax, not prose.
fn is_json(line: &str) -> bool {
    let t = line.trim();
    let bracketed =
        (t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']'));
    bracketed && serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok()
}

/// Is `line` a Markdown code fence (three or more backticks or tildes)?
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// The byte ranges of Markdown code spans in `line`: a run of backticks
/// up to the next run of the same length, both included.
pub fn code_spans(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let run_at = |i: usize| bytes[i..].iter().take_while(|&&b| b == b'`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(open) = line[i..].find('`').map(|k| i + k) {
        let n = run_at(open);
        let mut j = open + n;
        let mut closed = None;
        while let Some(k) = line[j..].find('`').map(|k| j + k) {
            let m = run_at(k);
            if m == n {
                closed = Some(k + m);
                break;
            }
            j = k + m;
        }
        match closed {
            Some(end) => {
                spans.push(open..end);
                i = end;
            }
            None => i = open + n,
        }
    }
    spans
}

/// Is `line` a row of a drawing or a table laid out with spaces: a
/// frame's side or corner (`│ 永久记录(Permanent entry) │`), or text in
/// two or more places parted by a run of `ALIGNMENT_GAP` spaces
/// (`(各个 mounts 与       (各个 swap      (各个加密块设备`, or two columns
/// side by side that `column-split` left)? Its characters sit in
/// columns: a mark made full-width, one cell wider, pushes the rest of the
/// row out of line (manpages-zh's `arp.7` and `bootup.7`), and a space
/// deleted beside one (`组成, 一个` → `组成，一个`) moves the next
/// column a character left, so that a second run found rows of two
/// columns agreeing that a first had not (a fuzz input). With one gap
/// counted, 10 of the benchmark's 36 pdf-2col-layout texts keep the marks
/// of the rows left side by side as extracted; both-view CER is
/// unchanged, exact CER 5.8 → 5.7 %.
fn is_drawn_or_aligned(line: &str) -> bool {
    let gap = |w: &[u8]| w.iter().all(|&b| b == b' ');
    line.chars().any(is_frame_edge) || line.trim().as_bytes().windows(ALIGNMENT_GAP).any(gap)
}

/// A box-drawing character that stands at a frame's side or corner (`│`,
/// `┌`, `┼`, `╚` …), not a horizontal line: `──` is also a Chinese dash in
/// prose.
fn is_frame_edge(c: char) -> bool {
    matches!(c,
        '\u{2502}'..='\u{2503}'
        | '\u{2506}'..='\u{2507}'
        | '\u{250A}'..='\u{254B}'
        | '\u{254E}'..='\u{254F}'
        | '\u{2551}'..='\u{2570}'
    )
}

/// Spaces that part the cells of a row laid out with spaces: prose puts
/// at most two between words.
const ALIGNMENT_GAP: usize = 3;

/// Decides the kind of one line.
pub fn classify(line: &str) -> BlockKind {
    if is_code(line) || is_json(line) || is_drawn_or_aligned(line) {
        BlockKind::Code
    } else if is_heading_like(line) {
        BlockKind::Heading
    } else if is_list_item(line) {
        BlockKind::ListItem
    } else {
        BlockKind::Paragraph
    }
}

/// Is the first line of a text its title: no sentence punctuation, not too long?
fn is_title(line: &str) -> bool {
    let sentence = line.chars().any(is_clause_punct);
    !sentence && str_cells(line.trim()) <= 80
}

/// Splits the text into blocks: one per non-empty line. The lines of a
/// Markdown fenced code block, fences included, are code.
pub fn split(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut offset = 0;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let fence = is_fence(body);
        if !body.trim().is_empty() {
            let kind = if fence || in_fence {
                BlockKind::Code
            } else if out.is_empty() && is_title(body) {
                BlockKind::Heading
            } else {
                classify(body)
            };
            out.push(Block {
                range: offset..offset + body.len(),
                kind,
            });
        }
        in_fence ^= fence;
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_number_is_no_list_marker() {
        assert!(is_list_item("1. 第一项"));
        assert!(is_list_item("4.说明"));
        assert!(is_list_item("2) 其次"));
        assert!(!is_list_item("4.1 节的说明，这里不再重复"));
        assert!(!is_list_item("3.14 是圆周率的近似值"));
    }

    #[test]
    fn kinds() {
        assert_eq!(classify("描述"), BlockKind::Heading);
        assert_eq!(classify("6.3.8. 安装内核"), BlockKind::Heading);
        assert_eq!(classify("办公室主任 李明："), BlockKind::Heading);
        assert_eq!(classify("-a, --all 显示所有文件。"), BlockKind::ListItem);
        assert_eq!(classify("（一）加强领导，提高认识。"), BlockKind::ListItem);
        assert_eq!(classify("    ls -l | grep foo"), BlockKind::Code);
        assert_eq!(
            classify("for (i = 0; i < n; i++) { x = $y; }"),
            BlockKind::Code
        );
        assert_eq!(
            classify("我们将坚持发展为要，加快建设。"),
            BlockKind::Paragraph
        );
    }

    #[test]
    fn code_spans_pair_backtick_runs_of_one_length() {
        let line = "用 `a,b` 和 ``x`y`` 以及 `未闭合";
        let spans: Vec<&str> = code_spans(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(spans, vec!["`a,b`", "``x`y``"]);
    }

    #[test]
    fn a_row_left_in_two_columns_is_aligned_text() {
        // The character rules leave it: a space deleted beside a comma
        // moved the right column a character left.
        let row = "定义文件由几个小节组成, 一个小节详细               其后跟随一个字符串, 该字符串";
        assert_eq!(classify(row), BlockKind::Code);
        // Two spaces between words are prose's.
        assert_eq!(
            classify("这是一段文字。  后面还有， 一句。"),
            BlockKind::Paragraph
        );
    }

    #[test]
    fn fenced_code_and_json_lines_are_code() {
        let text = "说明：\n```\necho \"你好,世界\"\n```\n{\"name\": \"张三\"}\n正文。\n";
        let kinds: Vec<BlockKind> = split(text).into_iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, vec![Heading, Code, Code, Code, Code, Paragraph]);
    }

    #[test]
    fn split_skips_blank_lines() {
        let text = "标题\n\n正文。\n";
        let blocks = split(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[1].range.clone()], "正文。");
    }
}
