//! Statement headings, found on the raw text with the document's heading
//! regex. The regex is written unanchored; here it is anchored at line
//! starts (a heading on its own line) and at spaces (a heading glued to the
//! end of a paragraph, or dropped into the middle of one).

use std::ops::Range;

use regex::Regex;
use regex_syntax::hir::Hir;

/// A document's heading pattern, checked and compiled twice: as written
/// (unanchored, for its captures) and anchored at the start of the text it
/// is matched on.
#[derive(Clone, Debug)]
pub struct HeadingPattern {
    pub pattern: Regex,
    anchored: Regex,
}

impl HeadingPattern {
    /// Checks and compiles a heading pattern. It must parse, it must not
    /// match the empty string (an empty heading would start a statement
    /// anywhere), and it needs the named captures `role` and `name`.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let hir = regex_syntax::parse(pattern).map_err(|e| format!("heading regex: {e}"))?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return Err(
                "heading regex can match the empty string; a heading must have text".into(),
            );
        }
        let compiled = Regex::new(pattern).map_err(|e| format!("heading regex: {e}"))?;
        for group in ["role", "name"] {
            if !compiled.capture_names().any(|n| n == Some(group)) {
                return Err(format!("heading regex needs a named capture `{group}`"));
            }
        }
        Ok(HeadingPattern {
            anchored: anchor(&hir)?,
            pattern: compiled,
        })
    }

    /// The pattern anchored at the start of the text it is matched on.
    pub fn anchored(&self) -> &Regex {
        &self.anchored
    }
}

/// Anchors a parsed pattern. It is anchored through its parsed form, not
/// its text: `^(?:…)` around the text breaks a `(?x)` pattern that ends in a
/// comment, which would swallow the closing parenthesis.
fn anchor(hir: &Hir) -> Result<Regex, String> {
    Regex::new(&format!("^(?:{hir})")).map_err(|e| format!("heading regex: {e}"))
}

/// Where a heading stands in the raw text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// On a line of its own.
    Line,
    /// At the end of a paragraph's line, after a space.
    Glued,
    /// Inside a paragraph's line, with spaces on both sides.
    Dropped,
}

/// One heading found in the raw text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub range: Range<usize>,
    pub place: Place,
    /// The space before a glued or dropped heading.
    pub space_before: Option<Range<usize>>,
    /// The space after a dropped heading.
    pub space_after: Option<Range<usize>>,
}

/// Does `line` consist of a heading and nothing else?
pub fn is_heading_line(anchored: &Regex, line: &str) -> bool {
    let line = line.trim();
    anchored.find(line).is_some_and(|m| m.end() == line.len())
}

/// Finds the headings of `raw`.
pub fn find(raw: &str, heading: &HeadingPattern) -> Vec<Heading> {
    let anchored = heading.anchored();
    let starts = std::iter::once(0).chain(
        raw.char_indices()
            .filter(|&(_, c)| c == '\n' || c == ' ')
            .map(|(i, _)| i + 1),
    );
    let mut out: Vec<Heading> = Vec::new();
    for start in starts {
        if out.last().is_some_and(|h| start < h.range.end) || start >= raw.len() {
            continue;
        }
        let Some(m) = anchored.find(&raw[start..]) else {
            continue;
        };
        if m.is_empty() {
            continue;
        }
        let range = start..start + m.end();
        if let Some(h) = classify(raw, range) {
            out.push(h);
        }
    }
    out
}

fn classify(raw: &str, range: Range<usize>) -> Option<Heading> {
    // Only blank up to the line's edge? Each walk stops at the first
    // character that is not blank, so a long line of headings stays linear.
    let blank = |mut chars: std::iter::Rev<std::str::Chars<'_>>| {
        chars
            .by_ref()
            .take_while(|&c| c != '\n')
            .all(char::is_whitespace)
    };
    let alone_before = blank(raw[..range.start].chars().rev());
    let alone_after = raw[range.end..]
        .chars()
        .take_while(|&c| c != '\n')
        .all(char::is_whitespace);
    let after = &raw[range.end..];
    let space_before = (range.start > 0 && raw[..range.start].ends_with(' '))
        .then(|| range.start - 1..range.start);
    match (alone_before, alone_after) {
        (true, true) => Some(Heading {
            range,
            place: Place::Line,
            space_before: None,
            space_after: None,
        }),
        (false, true) => Some(Heading {
            range,
            place: Place::Glued,
            space_before,
            space_after: None,
        }),
        (false, false) if after.starts_with(' ') => Some(Heading {
            space_after: Some(range.end..range.end + 1),
            range,
            place: Place::Dropped,
            space_before,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re() -> HeadingPattern {
        HeadingPattern::new(r"(?P<role>[\p{Han}、]{2,30}) (?P<name>\p{Han}{2,3})[:：]").unwrap()
    }

    #[test]
    fn three_places() {
        let raw = "甲方委员会主任 张三:\n\n正文第一句。 乙方委员会主任 李四:\n\n正文写到一半 丙方办公室主任 王五: 接着写完。";
        let found = find(raw, &re());
        let places: Vec<Place> = found.iter().map(|h| h.place).collect();
        assert_eq!(places, vec![Place::Line, Place::Glued, Place::Dropped]);
        assert_eq!(&raw[found[2].range.clone()], "丙方办公室主任 王五:");
    }

    #[test]
    fn heading_line() {
        assert!(is_heading_line(re().anchored(), "甲方委员会主任 张三："));
        assert!(!is_heading_line(
            re().anchored(),
            "甲方委员会主任 张三：正文"
        ));
    }

    #[test]
    fn a_verbose_pattern_ending_in_a_comment_is_anchored() {
        let p = HeadingPattern::new(
            "(?x) (?P<role>\\p{Han}{2,8}) \\x20 (?P<name>\\p{Han}{2,3}) : # role, space, name",
        )
        .unwrap();
        assert!(is_heading_line(p.anchored(), "委员会主任 张三:"));
        assert!(!is_heading_line(p.anchored(), "正文 委员会主任 张三:"));
    }

    #[test]
    fn a_pattern_that_matches_nothing_is_refused() {
        let err = HeadingPattern::new("(?P<role>\\p{Han}*)(?P<name>\\p{Han}*)").unwrap_err();
        assert!(err.contains("empty string"), "{err}");
        let err = HeadingPattern::new("(?P<role>\\p{Han}+)").unwrap_err();
        assert!(err.contains("`name`"), "{err}");
    }
}
