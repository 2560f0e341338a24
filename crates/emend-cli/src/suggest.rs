//! `emend suggest`: each suggestion of a cleaned document as the exact
//! TOML fix that would apply it, ready to paste into `raw/<doc>.toml`: a
//! suggestion of one edit as the `[[replace]]` or `[[move]]` that makes
//! it, a suggestion of several (a page of `alternating-lines`) as one
//! `[[apply]]` that accepts it whole.

use std::ops::Range;

use emend::config::FoldedText;
use emend::{Cleaned, Finding, SuggestedEdit};

/// Anchors start at this many characters and grow until they match once:
/// shorter ones rarely do in a page of prose, longer ones are hard to read.
pub(crate) const MIN_ANCHOR: usize = 6;
/// Beyond this many characters an anchor that still matches more than
/// once is not worth printing: the suggestion gets a comment instead.
const MAX_ANCHOR: usize = 40;

/// Every suggestion of `cleaned` as a TOML fix, in text order, a blank
/// line between two.
pub fn render_suggestions(cleaned: &Cleaned) -> String {
    let fixes: Vec<String> = suggestion_fixes(cleaned)
        .into_iter()
        .map(|(_, fix)| fix)
        .collect();
    fixes.join("\n")
}

/// Every suggestion of `cleaned` with the indexes (into `cleaned.findings`)
/// of the findings it is made of and its TOML fix, in text order. The HTML
/// report shows each finding's fix beside it, so it needs to know which
/// findings a fix belongs to.
pub fn suggestion_fixes(cleaned: &Cleaned) -> Vec<(Vec<usize>, String)> {
    let folded = FoldedText::new(&cleaned.raw);
    suggestions(&cleaned.findings)
        .into_iter()
        .map(|group| {
            let pairs: Vec<(&Finding, &SuggestedEdit)> = group
                .iter()
                .map(|&(i, edit)| (&cleaned.findings[i], edit))
                .collect();
            let fix = match pairs.as_slice() {
                [(finding, edit)] => toml_fix(&cleaned.raw, &folded, finding, edit),
                several => apply_fix(&cleaned.raw, &folded, several),
            };
            (group.iter().map(|&(i, _)| i).collect(), fix)
        })
        .collect()
}

/// The findings that carry a suggested edit, by index, one list per
/// suggestion (its edits share a group number and were recorded one after
/// another).
fn suggestions(findings: &[Finding]) -> Vec<Vec<(usize, &SuggestedEdit)>> {
    let mut out: Vec<Vec<(usize, &SuggestedEdit)>> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(edit) = f.edit.as_ref() else {
            continue;
        };
        let same = |last: &[(usize, &SuggestedEdit)]| {
            let first = &findings[last[0].0];
            first.group == f.group && first.rule == f.rule
        };
        match out.last_mut() {
            Some(last) if same(last) => last.push((i, edit)),
            _ => out.push(vec![(i, edit)]),
        }
    }
    out
}

/// A suggestion of several edits as the `[[apply]]` that accepts it: its
/// rule, and an anchor around its first edit that matches once.
fn apply_fix(raw: &str, folded: &FoldedText, group: &[(&Finding, &SuggestedEdit)]) -> String {
    let (finding, edit) = group[0];
    let range = match edit {
        SuggestedEdit::Replace { raw, .. } | SuggestedEdit::Move { raw, .. } => raw,
    };
    let reason = format!(
        "{} {}: {} edits suggested together",
        finding.code,
        finding.rule,
        group.len()
    );
    match unique_context(raw, folded, range) {
        Some(context) => format!(
            "[[apply]]\nrule = {}\nat = {}\nreason = {}\n",
            quoted(finding.rule),
            quoted(&raw[context]),
            quoted(&reason)
        ),
        None => format!("# {reason}: no anchor matches once near it\n"),
    }
}

/// One suggestion as a `[[move]]` or `[[replace]]` table.
fn toml_fix(raw: &str, folded: &FoldedText, finding: &Finding, edit: &SuggestedEdit) -> String {
    let reason = format!("{} {}: {}", finding.code, finding.rule, finding.message);
    match edit {
        SuggestedEdit::Move { raw: moved, to } => {
            let first = anchor_forward(raw, folded, moved.start, moved.end);
            let last = anchor_backward(raw, folded, moved.start, moved.end);
            let before = anchor_forward(raw, folded, *to, raw.len());
            match (first, last, before) {
                (Some(first), Some(last), Some(before)) => format!(
                    "[[move]]\nfirst = {}\nlast = {}\nbefore = {}\nreason = {}\n",
                    quoted(&first),
                    quoted(&last),
                    quoted(&before),
                    quoted(&reason)
                ),
                _ => format!("# {reason}: no anchor matches once near it\n"),
            }
        }
        SuggestedEdit::Replace { raw: range, with } => match unique_context(raw, folded, range) {
            Some(context) => format!(
                "[[replace]]\nfind = {}\nwith = {}\nreason = {}\n",
                quoted(&raw[context.clone()]),
                quoted(&format!(
                    "{}{with}{}",
                    &raw[context.start..range.start],
                    &raw[range.end..context.end]
                )),
                quoted(&reason)
            ),
            None => format!("# {reason}: no anchor matches once near it\n"),
        },
    }
}

/// The shortest text from `start` (its non-space characters, at least
/// `MIN_ANCHOR` of them, not past `end`) that matches once in the raw text.
pub(crate) fn anchor_forward(
    raw: &str,
    folded: &FoldedText,
    start: usize,
    end: usize,
) -> Option<String> {
    let chars: Vec<char> = raw[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MAX_ANCHOR)
        .collect();
    (MIN_ANCHOR.min(chars.len())..=chars.len())
        .map(|n| chars[..n].iter().collect::<String>())
        .find(|a| !a.is_empty() && folded.find_all(a).len() == 1)
}

/// The shortest text ending at `end` (not before `start`) that matches once.
fn anchor_backward(raw: &str, folded: &FoldedText, start: usize, end: usize) -> Option<String> {
    let mut chars: Vec<char> = raw[start..end]
        .chars()
        .rev()
        .filter(|c| !c.is_whitespace())
        .take(MAX_ANCHOR)
        .collect();
    chars.reverse();
    (MIN_ANCHOR.min(chars.len())..=chars.len())
        .map(|n| chars[chars.len() - n..].iter().collect::<String>())
        .find(|a| !a.is_empty() && folded.find_all(a).len() == 1)
}

/// The range around `range`, widened a character at a time on both sides,
/// whose text matches once in the raw text.
pub(crate) fn unique_context(
    raw: &str,
    folded: &FoldedText,
    range: &Range<usize>,
) -> Option<Range<usize>> {
    let mut context = range.clone();
    for _ in 0..MAX_ANCHOR {
        if context.len() >= MIN_ANCHOR && folded.find_all(&raw[context.clone()]).len() == 1 {
            return Some(context);
        }
        let before = raw[..context.start].chars().next_back();
        let after = raw[context.end..].chars().next();
        if before.is_none() && after.is_none() {
            break;
        }
        context = context.start - before.map_or(0, char::len_utf8)
            ..context.end + after.map_or(0, char::len_utf8);
    }
    None
}

/// A TOML basic string.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_grow_until_they_match_once() {
        let raw = "甲乙丙丁戊己庚辛。甲乙丙丁戊己壬癸。";
        let folded = FoldedText::new(raw);
        assert_eq!(
            anchor_forward(raw, &folded, 0, raw.len()).as_deref(),
            Some("甲乙丙丁戊己庚")
        );
        let second = raw.find("壬").unwrap();
        assert_eq!(
            anchor_backward(raw, &folded, 0, second).as_deref(),
            Some("。甲乙丙丁戊己")
        );
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(quoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}
