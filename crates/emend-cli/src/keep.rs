//! The `[[keep]]` table that would veto one change: what a reviewer who
//! disagrees with an automatic repair pastes into the document's TOML.
//! The HTML report shows it beside each change.
//!
//! A keep drops every edit of its `rule` that takes raw text inside its
//! anchor's match (or, for an insertion, stands strictly inside it), so
//! the anchor is grown around the change until it matches once, and the
//! one match is checked to touch the change as the engine would ask.

use std::ops::Range;

use emend::config::FoldedText;
use emend::Change;

use crate::suggest::{anchor_forward, quoted, unique_context, MIN_ANCHOR};

/// The `[[keep]]` that stops `change`, or a TOML comment saying why there
/// is none (a declared fix is undone in its own table, not vetoed; an
/// anchor may fail to match once anywhere near the change).
pub fn keep_toml(raw: &str, folded: &FoldedText, change: &Change) -> String {
    if change.code.starts_with('D') {
        return format!(
            "# {} {} is a declared fix: edit or remove its table in the document's TOML\n",
            change.code, change.rule
        );
    }
    match keep_at(raw, folded, change) {
        Some(at) => format!(
            "[[keep]]\nat = {at}\nrule = {}\nreason = {}\n",
            quoted(change.rule),
            quoted(&format!(
                "{} {}: say why the raw text is right",
                change.code, change.rule
            ))
        ),
        None => format!(
            "# {} {}: no anchor matches once around this change\n",
            change.code, change.rule
        ),
    }
}

/// The `at` of the keep that stops `change`, as a TOML string: the
/// report's page holds only this, and writes the rest of the table as
/// `keep_toml` does, so a corpus of 80 000 changes stays a few megabytes.
pub fn keep_at(raw: &str, folded: &FoldedText, change: &Change) -> Option<String> {
    keep_anchor(raw, folded, change).map(|a| quoted(&a))
}

/// The shortest anchor near the change that matches once and touches it:
/// the start of the text it took when that is long enough to read as an
/// anchor (a moved paragraph), else the text around it.
fn keep_anchor(raw: &str, folded: &FoldedText, change: &Change) -> Option<String> {
    let taken = change.raw.first().cloned();
    let long = taken.clone().filter(|r| {
        raw[r.clone()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
            >= MIN_ANCHOR
    });
    if let Some(anchor) = long
        .and_then(|r| anchor_forward(raw, folded, r.start, r.end))
        .filter(|a| touches(folded, a, change))
    {
        return Some(anchor);
    }
    let around = taken.unwrap_or(change.at..change.at);
    // Whitespace at the ends matches nothing; without it the anchor reads better.
    let anchor = raw[unique_context(raw, folded, &around)?]
        .trim()
        .to_string();
    touches(folded, &anchor, change).then_some(anchor)
}

/// Does `anchor` match once, and would a keep with it stop `change`: does
/// its match overlap the raw text the change took, or hold its insertion
/// point strictly inside (the engine's own test, `declared::anchor_touched`)?
fn touches(folded: &FoldedText, anchor: &str, change: &Change) -> bool {
    let matches = folded.find_all(anchor);
    let [found] = matches.as_slice() else {
        return false;
    };
    let overlaps = |r: &Range<usize>| r.start < found.end && found.start < r.end;
    if change.raw.is_empty() {
        found.start < change.at && change.at < found.end
    } else {
        change.raw.iter().any(overlaps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_change(raw: &str) -> Change {
        let cleaned = emend::clean(raw, &emend::Options::default()).unwrap();
        cleaned.changes[0].clone()
    }

    #[test]
    fn a_keep_anchor_matches_once_around_the_change() {
        let raw = "意义 重大,影响深远。其他 内容,各不相同。";
        let change = first_change(raw);
        let toml = keep_toml(raw, &FoldedText::new(raw), &change);
        assert!(toml.starts_with("[[keep]]\nat = \""), "{toml}");
        assert!(toml.contains("rule = \"punct-width\""), "{toml}");
        let at = toml.lines().nth(1).unwrap();
        let anchor = at.trim_start_matches("at = \"").trim_end_matches('"');
        assert_eq!(FoldedText::new(raw).find_all(anchor).len(), 1, "{anchor}");
    }

    #[test]
    fn a_declared_fix_gets_a_comment() {
        let mut change = first_change("意义 重大,影响深远。");
        change.code = "D101";
        let toml = keep_toml("", &FoldedText::new(""), &change);
        assert!(toml.starts_with("# D101"), "{toml}");
    }
}
