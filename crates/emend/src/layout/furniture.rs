//! Page furniture: page numbers and running headers or footers that
//! extraction leaves at page breaks, between the lines of a paragraph.
//!
//! `page-furniture` removes what [`zones`] finds; the decision of what a
//! zone leaves behind asks [`super::breaks`] the same question `wrap-join`
//! asks of every line end.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::breaks::lines_join_inside_a_sentence;
use crate::chars::ends_sentence;

/// A line that is a page number: `3`, `- 3 -`, `— 3 —`, `第 3 页`,
/// `第3页`, `3 / 40`, `Page 3`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::chars::source_regex(
        r"^(?:\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s+\d{1,4})$",
    )
});

/// Is the line, spaces aside, a page number (`3`, `- 3 -`, `第 3 页`)?
pub(crate) fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line.trim())
}

/// The only Han characters a page-number line may hold (`第 3 页 共 9
/// 页`): without a running header (which needs form feeds), these are the
/// only Han characters `page-furniture` ever deletes. `check`'s
/// redundancy prefilter rests on it; a test ties it to [`PAGE_NUMBER`].
pub const PAGE_NUMBER_HAN: [char; 3] = ['第', '页', '共'];

/// A page number that names itself as one (`第 3 页`, `- 3 -`): unlike a
/// bare number, it is furniture even where no form feed marks the page.
static SELF_EVIDENT_PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::chars::source_regex(
        r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页|(?i:page)\s+\d{1,4})$",
    )
});

/// Longest running header, in characters: a title or a chapter name.
const MAX_HEADER_CHARS: usize = 30;
/// Pages a running header must appear on: a line repeated at two page
/// breaks may be a coincidence, at three it is the page's furniture.
const MIN_HEADER_PAGES: usize = 3;

/// A run of page furniture with the blank lines and form feeds around it,
/// and the break it leaves in their place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    pub range: Range<usize>,
    /// `"\n\n"` where the page parts paragraphs with blank lines, `"\n"`
    /// where it does not, `""` at the text's edges or where a sentence
    /// runs on across the zone.
    pub replacement: &'static str,
}

/// The page furniture of `text`: zones to replace, in text order.
pub fn zones(text: &str) -> Vec<Zone> {
    let lines = lines_of(text);
    let headers = running_headers(&lines);
    let is_furniture = |l: &Line<'_>| {
        let body = l.body();
        headers.contains_key(body)
            || (!body.is_empty() && !starts_page_with_text(l) && PAGE_NUMBER.is_match(body))
    };
    let mut zones = Vec::new();
    for zone in page_break_zones(&lines, &is_furniture) {
        let next = lines.get(zone.end);
        let form_feed = lines[zone.clone()].iter().any(|l| l.text.contains('\u{c}'))
            || next.is_some_and(starts_page_with_text);
        let furniture = lines[zone.clone()].iter().filter(|l| is_furniture(l));
        let removable = furniture
            .map(Line::body)
            .any(|body| form_feed || SELF_EVIDENT_PAGE_NUMBER.is_match(body));
        if !removable {
            continue;
        }
        // From the end of the text before to the text after (past the
        // next page's form feed): a paragraph break stays in its place.
        let start = text[..lines[zone.start].start]
            .trim_end_matches(['\n', '\r'])
            .len();
        let end = next.map_or(text.len(), |l| l.start + leading_form_feed(l.text));
        // The break the page's text had around its furniture: a blank
        // line where paragraphs are parted by blank lines, else a
        // newline (`pdftotext -raw` writes no blank lines).
        let zone = &text[start..end];
        let blank_line = zone.contains("\n\n") || zone.contains("\n\r\n");
        // Without a blank line, the lines it brings together are judged
        // here as `wrap-join` judges every line end, which ran before.
        let line = text[..start].rsplit('\n').next().unwrap_or("");
        let next_line = text[end..].split('\n').next().unwrap_or("");
        let keep = match (start == 0 || end == text.len(), blank_line) {
            (true, _) => "",
            (false, true) => "\n\n",
            (false, false) if lines_join_inside_a_sentence(line, next_line) => "",
            (false, false) => "\n",
        };
        zones.push(Zone {
            range: start..end,
            replacement: keep,
        });
    }
    zones
}

/// One line of the text (with its line ending) and where it starts.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    /// The line without its ending, form feeds or surrounding spaces.
    fn body(&self) -> &'a str {
        self.text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{c}')
    }
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push(Line { start, text: line });
        start += line.len();
    }
    out
}

/// Runs of blank lines, form feeds and furniture that hold at least one
/// line of furniture.
fn page_break_zones(
    lines: &[Line<'_>],
    is_furniture: &dyn Fn(&Line<'_>) -> bool,
) -> Vec<Range<usize>> {
    let in_zone =
        |l: &Line<'_>| (l.body().is_empty() && !starts_page_with_text(l)) || is_furniture(l);
    let mut zones = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        while i < lines.len() && in_zone(&lines[i]) {
            i += 1;
        }
        if lines[start..i].iter().any(is_furniture) {
            zones.push(start..i);
        }
        i = i.max(start + 1);
    }
    zones
}

/// Does the line start a page (a form feed) and then hold text?
fn starts_page_with_text(line: &Line<'_>) -> bool {
    line.text
        .trim_start_matches([' ', '\t'])
        .starts_with('\u{c}')
        && !line.body().is_empty()
}

/// Bytes of the form feed (and spaces before it) that start `line`.
fn leading_form_feed(line: &str) -> usize {
    let spaces = line.len() - line.trim_start_matches([' ', '\t']).len();
    if line[spaces..].starts_with('\u{c}') {
        spaces + 1
    } else {
        0
    }
}

fn is_short(body: &str) -> bool {
    body.chars().count() <= MAX_HEADER_CHARS
}

/// Short lines that stand next to a form feed at `MIN_HEADER_PAGES` or
/// more page breaks, with how often they do. Next to means within two
/// lines, blank lines not counted: `page-furniture` leaves one blank line
/// for a run of them, so counted, a line too far from a form feed in a
/// text stood near enough in emend's output of it, and was removed on a
/// second run (a fuzz input).
fn running_headers<'a>(lines: &[Line<'a>]) -> HashMap<&'a str, usize> {
    let lines: Vec<&Line<'a>> = lines
        .iter()
        .filter(|l| !l.body().is_empty() || l.text.contains('\u{c}'))
        .collect();
    let mut seen: HashMap<&'a str, usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.body();
        if body.is_empty() || !is_short(body) || ends_sentence(body) {
            continue;
        }
        let near_form_feed = lines[i.saturating_sub(2)..(i + 3).min(lines.len())]
            .iter()
            .any(|l| l.text.contains('\u{c}'));
        if near_form_feed {
            *seen.entry(body).or_default() += 1;
        }
    }
    seen.retain(|_, n| *n >= MIN_HEADER_PAGES);
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::is_han;

    #[test]
    fn a_running_header_is_near_its_form_feed_across_blank_lines() {
        let page = "正文的一段话写到这里为止。\n";
        let far = format!("{page}\u{c}\n\n\n甲书\n{page}").repeat(3);
        let near = format!("{page}\u{c}\n甲书\n{page}").repeat(3);
        for text in [far, near] {
            let headers = running_headers(&lines_of(&text));
            assert_eq!(headers.get("甲书"), Some(&3), "{text:?}");
        }
    }

    #[test]
    fn page_numbers_hold_no_han_but_their_own() {
        let pattern = PAGE_NUMBER.as_str();
        let han: std::collections::BTreeSet<char> =
            pattern.chars().filter(|&c| is_han(c)).collect();
        assert_eq!(han, PAGE_NUMBER_HAN.into_iter().collect());
        let evident = SELF_EVIDENT_PAGE_NUMBER.as_str();
        assert!(evident
            .chars()
            .filter(|&c| is_han(c))
            .all(|c| PAGE_NUMBER_HAN.contains(&c)));
    }
}
