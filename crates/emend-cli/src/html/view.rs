//! One document as the JSON its section of the page is built from, when
//! the reader opens it: both texts, each pane's marks (cut so they never
//! overlap, in UTF-16 offsets), and per change and finding what the page
//! shows on hover and in the inspector, with the TOML to copy.

use std::ops::Range;

use serde_json::{json, Value};

use emend::config::FoldedText;
use emend::position::LineIndex;
use emend::{Change, ChangeKind, Cleaned, Finding};

use super::marks::{Mark, Marks};
use super::positions::{RawToClean, Utf16};
use crate::keep::keep_at;
use crate::suggest::suggestion_fixes;

/// Characters of a change's text shown in full; a longer one (a move of a
/// paragraph) is shown by its ends, as `emend diff` does.
const SHOWN: usize = 80;

/// The document's view: `name`, `raw`, `clean`, the panes' marks `rm`
/// and `cm` (see `pieces`), `ch` the changes (see `change`) and `fd` the
/// findings.
pub fn document(name: &str, cleaned: &Cleaned) -> Value {
    let raw_lines = LineIndex::new(&cleaned.raw);
    let folded = FoldedText::new(&cleaned.raw);
    let fixes = fixes_by_finding(cleaned);
    let changes: Vec<Value> = cleaned
        .changes
        .iter()
        .map(|c| change(c, &raw_lines, keep_at(&cleaned.raw, &folded, c)))
        .collect();
    let findings: Vec<Value> = cleaned
        .findings
        .iter()
        .zip(fixes)
        .map(|(f, fix)| finding(f, &raw_lines, fix))
        .collect();
    json!({
        "name": name,
        "raw": cleaned.raw,
        "clean": cleaned.text,
        "rm": pieces(raw_marks(cleaned), &Utf16::new(&cleaned.raw)),
        "cm": pieces(clean_marks(cleaned), &Utf16::new(&cleaned.text)),
        "ch": changes,
        "fd": findings,
    })
}

/// Each finding's suggestion as TOML, when it carries one.
fn fixes_by_finding(cleaned: &Cleaned) -> Vec<Option<String>> {
    let mut fixes = vec![None; cleaned.findings.len()];
    for (indexes, fix) in suggestion_fixes(cleaned) {
        for i in indexes {
            fixes[i] = Some(fix.clone());
        }
    }
    fixes
}

/// The raw pane: the text each change took (or, taking none, where it
/// stands), where each move put its text, and each finding's position.
fn raw_marks(cleaned: &Cleaned) -> Marks {
    let mut marks = Marks::default();
    for (i, c) in cleaned.changes.iter().enumerate() {
        if c.raw.is_empty() {
            marks.add(c.at..c.at, Mark::Change(i));
        }
        for r in &c.raw {
            marks.add(r.clone(), Mark::Change(i));
        }
        if let Some(to) = c.to {
            marks.add(to..to, Mark::MoveTo(i));
        }
    }
    for (i, f) in cleaned.findings.iter().enumerate() {
        marks.add(f.raw.start..f.raw.start, Mark::Finding(i));
    }
    marks
}

/// The cleaned pane: moved text where it went, the text a change wrote,
/// and a marker where a change only deleted.
fn clean_marks(cleaned: &Cleaned) -> Marks {
    let map = RawToClean::new(&cleaned.provenance);
    let mut marks = Marks::default();
    // Replacements in a row (`!!!` → `！！！`) all stand at the point where
    // the first was written: each later one looks on from where the one
    // before it found its text, not at the same place again.
    let mut claimed: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (i, c) in cleaned.changes.iter().enumerate() {
        if c.kind == ChangeKind::Move {
            for r in c.raw.iter().flat_map(|r| map.ranges(r)) {
                marks.add(r, Mark::Change(i));
            }
            continue;
        }
        let at = map.point(c.extent().start);
        let from = claimed.get(&at).copied().unwrap_or(at);
        let wrote = written_at(&cleaned.text, &map, from, &c.after);
        if let Some(r) = &wrote {
            claimed.insert(at, r.end);
        }
        marks.add(wrote.unwrap_or(at..at), Mark::Change(i));
    }
    marks
}

/// Where in the cleaned text the change that stands at `at` wrote
/// `after`: at `at`, or further on through text other rules wrote there
/// (two replaced characters in a row both stand where the first was).
/// None when the text is not there (a later rule changed it again).
fn written_at(text: &str, map: &RawToClean, at: usize, after: &str) -> Option<Range<usize>> {
    if after.is_empty() {
        return None;
    }
    let mut pos = at;
    loop {
        let rest = text.get(pos..)?;
        if rest.starts_with(after) {
            return Some(pos..pos + after.len());
        }
        if !map.is_written(pos) {
            return None;
        }
        pos += rest.chars().next()?.len_utf8();
    }
}

/// The flat pieces as one array of `start, end, kind, index` quadruples
/// in UTF-16 offsets, kind 0 a change, 1 a finding, 2 a move's destination
/// (flat numbers: the pieces are most of a corpus report's size).
fn pieces(marks: Marks, utf16: &Utf16) -> Vec<u64> {
    marks
        .flatten()
        .into_iter()
        .flat_map(|(r, m)| {
            let (kind, i) = m.kind();
            [
                u64::from(utf16.of(r.start)),
                u64::from(utf16.of(r.end)),
                kind,
                i as u64,
            ]
        })
        .collect()
}

/// A change as `[code, kind, at, before, after, keep, to, reason, score]`:
/// an array, not an object, because a corpus has tens of thousands. `keep`
/// is the `at` of the `[[keep]]` that vetoes it, a TOML string (null: none
/// matches once, or a declared fix); `to`, `reason` and `score` (a weighed
/// edit's, as `diff` prints it) may be null.
fn change(c: &Change, lines: &LineIndex<'_>, keep: Option<String>) -> Value {
    json!([
        c.code,
        serde_json::to_value(c.kind).unwrap_or(Value::Null),
        position(lines, c.extent().start),
        shown(&c.before),
        shown(&c.after),
        keep,
        c.to.map(|to| position(lines, to)),
        c.reason,
        c.score.map(|s| s.to_string()),
    ])
}

fn finding(f: &Finding, lines: &LineIndex<'_>, fix: Option<String>) -> Value {
    let severity = serde_json::to_value(f.severity).unwrap_or(Value::Null);
    let mut v = json!({
        "code": f.code,
        "rule": f.rule,
        "severity": severity,
        "message": f.message,
        "at": position(lines, f.raw.start),
    });
    if let Some(reason) = &f.accepted {
        v["accepted"] = reason.as_str().into();
    }
    if let Some(score) = f.score {
        v["score"] = score.to_string().into();
    }
    if let Some(fix) = fix {
        v["fix"] = fix.into();
    }
    v
}

/// `line:column` of a raw offset, as `emend diff` prints it.
fn position(lines: &LineIndex<'_>, at: usize) -> String {
    let (line, column) = lines.line_col(at);
    format!("{line}:{column}")
}

/// A change's text, or its first and last characters when it is long.
fn shown(s: &str) -> String {
    let n = s.chars().count();
    if n <= SHOWN {
        return s.to_string();
    }
    let head: String = s.chars().take(SHOWN / 2).collect();
    let tail: String = s.chars().skip(n - SHOWN / 2).collect();
    format!("{head}…{tail}")
}
