//! The decision at each line break: does the text run on across it, or
//! does the break belong to the text?
//!
//! Every structural rule that removes a break asks here: `wrap-join` of
//! each line end the width measure found and of each line ending inside a
//! sentence, `page-break-join` of each blank line or form feed, and
//! `page-furniture` of the lines it brings together. The evidence, from
//! the strongest: marks that never end a line of prose ([`inside_a_sentence`]);
//! the printed width ([`super::measure`]); a dictionary word across the
//! break ([`crate::lexicon`]); and what keeps a break however full the
//! line — a sentence end, a colon, a heading or list item next, verse and
//! forms ([`keeps_measured_line_end`], [`sentence_goes_on`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::blocks::{is_heading_like, is_list_item};
use crate::chars::{
    ends_sentence, is_chinese_side, is_closing, is_han, is_sentence_end, str_cells,
};

use super::measure::tolerance;

/// Does a newline the width measure calls a line end stay all the same?
/// It does in verse and forms (`verse_or_form`: the block has equal widths
/// without being prose), when the line before it ends a sentence or with a
/// colon, and when the line after it stands alone (a list item or a short
/// heading). A break [`inside_a_sentence`] never stays.
pub fn keeps_measured_line_end(
    raw: &str,
    at: usize,
    width: Option<usize>,
    verse_or_form: bool,
) -> bool {
    verse_or_form
        || inside_a_sentence(raw, at)
        || next_line_stands_alone(raw, at, width)
        || ends_paragraph_like(&raw[..at])
}

/// Does the text before a newline end a sentence or introduce what follows
/// (a colon)? Extraction without blank lines between paragraphs leaves
/// such a line looking like any other full line; keeping the break costs a
/// missed join at worst, while joining could merge two paragraphs.
fn ends_paragraph_like(before: &str) -> bool {
    ends_sentence(before) || before.ends_with([':', '：'])
}

/// Does the line ending at raw byte `at` fall inside a sentence, whatever
/// the widths say: before a closing mark, or after a mark that never ends
/// a paragraph?
pub fn inside_a_sentence(raw: &str, at: usize) -> bool {
    // The `\n` of a `\r\n` is judged as the line ending it belongs to.
    let at = if raw[..at].ends_with('\r') && raw[at..].starts_with('\n') {
        at - 1
    } else {
        at
    };
    let ending = if raw[at..].starts_with("\r\n") { 2 } else { 1 };
    // A lone `\r` ends a line too (the measure reads it so).
    let line = raw[..at].rsplit(['\n', '\r']).next().unwrap_or("");
    let next_line = line_bodies(&raw[at + ending..]).next().unwrap_or("");
    lines_join_inside_a_sentence(line, next_line)
}

/// The lines of `text` without their endings: `\n`, `\r\n` or a lone
/// `\r`, as the width measure reads them.
pub fn line_bodies(text: &str) -> impl Iterator<Item = &str> {
    super::measure::lines_with_endings(text).map(|l| l.trim_end_matches(['\n', '\r']))
}

/// Does a sentence run on from `line` into `next_line`, by the marks at
/// their edges alone? `page-furniture` asks it of the lines it brings
/// together.
pub fn lines_join_inside_a_sentence(line: &str, next_line: &str) -> bool {
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
    let mut lines = line_bodies(rest);
    let line = lines.next().unwrap_or("");
    let ends_block = lines.next().is_none_or(|l| l.trim().is_empty());
    let short = width.is_none_or(|w| str_cells(line) + tolerance(w) < w);
    is_list_item(line) || (is_heading_like(line) && ends_block && short)
}
/// Does the text before the break stop mid-sentence, with a paragraph of
/// Chinese text after it?
pub fn sentence_goes_on(before: &str, after: &str) -> bool {
    ends_inside_a_sentence(before) && starts_inside_a_sentence(after)
}

/// Does the text end inside a sentence: Chinese text without a sentence
/// end, closing mark or colon, on a line that is no heading?
pub fn ends_inside_a_sentence(before: &str) -> bool {
    let last_line = before.rsplit('\n').next().unwrap_or(before);
    before.chars().next_back().is_some_and(|last| {
        is_chinese_side(last)
            && !(is_sentence_end(last) || is_closing(last) || matches!(last, ':' | '：'))
    }) && !is_heading_like(last_line)
}

/// Does the text start as a sentence goes on: Chinese text, not a heading
/// or a list item?
pub fn starts_inside_a_sentence(after: &str) -> bool {
    let first_line = after.split('\n').next().unwrap_or(after);
    after.chars().next().is_some_and(is_chinese_side)
        && !is_heading_like(first_line)
        && !is_list_item(first_line)
}

/// A blank line (or several), or a form feed, with the newlines around it.
static GAP: LazyLock<Regex> =
    LazyLock::new(|| crate::chars::source_regex(r"\r?\n(?:[ \t\r]*\n)+|\r?\n?\x0C\r?\n?"));

/// The gaps between paragraphs or pages: blank lines and form feeds, with
/// the newlines around them, in text order. `page-break-join` judges each;
/// `block-order` reads the pieces between them.
pub fn paragraph_gaps(text: &str) -> Vec<Range<usize>> {
    GAP.find_iter(text).map(|m| m.range()).collect()
}

/// Does the text put a space between Chinese and an ASCII letter or digit
/// (`改写为 Rust`, `第 4.1 节`) more often than not, inside its lines? A
/// printed line end at such a spot (see `Break::latin_edge`) is joined the
/// way the author wrote the others. Newlines do not count: they are what
/// is being decided. A tie, or no evidence, joins with nothing, which
/// Chinese typesetting needs: the gap it prints there is no character.
pub fn spaces_han_and_latin(text: &str) -> bool {
    let (mut spaced, mut tight) = (0usize, 0usize);
    let mut prev: Option<char> = None;
    let mut before_space: Option<char> = None;
    for c in text.chars() {
        if c == ' ' {
            // A run of spaces is one gap; remember what stands before it.
            if prev != Some(' ') {
                before_space = prev;
            }
        } else {
            if let Some(p) = prev {
                let left = if p == ' ' { before_space } else { Some(p) };
                if left.is_some_and(|l| han_meets_latin(l, c)) {
                    if p == ' ' {
                        spaced += 1;
                    } else {
                        tight += 1;
                    }
                }
            }
            before_space = None;
        }
        prev = Some(c);
    }
    spaced > tight
}

/// Does Chinese text meet an ASCII letter or digit between `a` and `b`?
fn han_meets_latin(a: char, b: char) -> bool {
    (is_han(a) && b.is_ascii_alphanumeric()) || (a.is_ascii_alphanumeric() && is_han(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_habit_between_han_and_latin_is_counted_inside_lines() {
        assert!(spaces_han_and_latin("改写为 Rust 以获得，第 4 节"));
        assert!(!spaces_han_and_latin("改写为Rust以获得，第 4 节"));
        // Newlines are what is being decided; they do not count.
        assert!(!spaces_han_and_latin("改写为\nRust\n以获得"));
        // No evidence, or a tie, joins with nothing.
        assert!(!spaces_han_and_latin("没有拉丁字母"));
        assert!(!spaces_han_and_latin("第 4 节和第5节"));
        // A run of spaces is one gap.
        assert!(spaces_han_and_latin("第   4 节"));
    }
}
