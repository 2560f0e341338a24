//! Human-readable reports: the change diff and the findings list. Output is
//! styled with ANSI codes; the CLI writes through `anstream`, which strips
//! them when the output is not a terminal or `NO_COLOR` is set.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use similar::{ChangeTag, TextDiff};

use emend::engine::{Change, ChangeKind, Cleaned, Finding};
pub use emend::position::LineIndex;

const HEADER: Style = Style::new().bold();
const DELETED: Style = AnsiColor::Red.on_default().bold();
const INSERTED: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();
/// Characters of context shown either side of a change.
const CONTEXT: usize = 8;

/// Makes whitespace visible in a diff line.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => '␣',
            '\n' => '⏎',
            '\u{c}' => '␌',
            '\t' => '⇥',
            '\r' => '␍',
            c => c,
        })
        .collect()
}

fn context_before(raw: &str, at: usize) -> &str {
    let start = raw[..at]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    &raw[start..at]
}

fn context_after(raw: &str, at: usize) -> &str {
    let end = raw[at..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(raw.len(), |(i, _)| at + i);
    &raw[at..end]
}

/// One change as a few lines: location, rule, and a character-level diff.
pub fn render_change(path: &str, index: &LineIndex<'_>, raw: &str, change: &Change) -> String {
    let (line, col) = index.line_col(change.extent().start);
    let mut out = String::new();
    let _ = write!(
        out,
        "{HEADER}{path}:{line}:{col}{HEADER:#} {} {}{}",
        change.code,
        change.rule,
        scored(change.score)
    );
    if change.kind == ChangeKind::Move {
        let to = change.to.unwrap_or(change.at);
        let (tl, tc) = index.line_col(to);
        let _ = writeln!(
            out,
            ": moved {} characters from {line}:{col} to {tl}:{tc}",
            change.before.chars().count()
        );
        let _ = writeln!(out, "  {DIM}{}{DIM:#}", visible(&preview(&change.before)));
        return out;
    }
    out.push('\n');
    let extent = change.extent();
    let (left, right) = (
        context_before(raw, extent.start),
        context_after(raw, extent.end),
    );
    let old = format!("{left}{}{right}", change.before);
    let new = format!("{left}{}{right}", change.after);
    let diff = TextDiff::from_chars(old.as_str(), new.as_str());
    let (mut minus, mut plus) = (String::from("  - "), String::from("  + "));
    for c in diff.iter_all_changes() {
        let text = visible(c.value());
        match c.tag() {
            ChangeTag::Equal => {
                minus.push_str(&text);
                plus.push_str(&text);
            }
            ChangeTag::Delete => {
                let _ = write!(minus, "{DELETED}{text}{DELETED:#}");
            }
            ChangeTag::Insert => {
                let _ = write!(plus, "{INSERTED}{text}{INSERTED:#}");
            }
        }
    }
    let _ = writeln!(out, "{minus}\n{plus}");
    out
}

/// The first and last few characters of a long text.
fn preview(s: &str) -> String {
    let n = s.chars().count();
    if n <= 2 * CONTEXT + 3 {
        return s.to_string();
    }
    let head: String = s.chars().take(CONTEXT).collect();
    let tail: String = s.chars().skip(n - CONTEXT).collect();
    format!("{head}…{tail}")
}

/// Every change of a cleaned text, in raw order.
pub fn render_diff(path: &str, cleaned: &Cleaned) -> String {
    let index = LineIndex::new(&cleaned.raw);
    let mut changes: Vec<&Change> = cleaned.changes.iter().collect();
    changes.sort_by_key(|c| c.extent().start);
    changes
        .into_iter()
        .map(|c| render_change(path, &index, &cleaned.raw, c))
        .collect()
}

/// One finding as a line: `path:line:col: severity CODE name: message`.
pub fn render_finding(path: &str, index: &LineIndex<'_>, finding: &Finding) -> String {
    let (line, col) = index.line_col(finding.raw.start);
    let severity = match finding.severity {
        emend::rules::Severity::Error => format!("{DELETED}error{DELETED:#}"),
        emend::rules::Severity::Warning => "warning".to_string(),
        emend::rules::Severity::Info => "info".to_string(),
    };
    let accepted = finding
        .accepted
        .as_ref()
        .map(|reason| format!(" {DIM}[accepted: {reason}]{DIM:#}"))
        .unwrap_or_default();
    format!(
        "{path}:{line}:{col}: {severity} {} {}: {}{}{accepted}\n",
        finding.code,
        finding.rule,
        finding.message,
        scored(finding.score)
    )
}

/// ` (score 1.42)` for an edit a rule weighed, nothing for the others.
fn scored(score: Option<emend::rules::Score>) -> String {
    score.map(|s| format!(" (score {s})")).unwrap_or_default()
}

/// Every finding of a cleaned text, in raw order.
pub fn render_findings(path: &str, cleaned: &Cleaned) -> String {
    let index = LineIndex::new(&cleaned.raw);
    let mut findings: Vec<&Finding> = cleaned.findings.iter().collect();
    findings.sort_by_key(|f| f.raw.start);
    findings
        .into_iter()
        .map(|f| render_finding(path, &index, f))
        .collect()
}

/// Changes and findings of one rule, for `diff --stat`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleCount {
    pub changes: usize,
    pub findings: usize,
}

/// Per rule (code, name), how many changes and findings a cleaned text has.
pub fn rule_counts(cleaned: &Cleaned) -> BTreeMap<(&'static str, &'static str), RuleCount> {
    let mut counts: BTreeMap<_, RuleCount> = BTreeMap::new();
    for c in &cleaned.changes {
        counts.entry((c.code, c.rule)).or_default().changes += 1;
    }
    for f in &cleaned.findings {
        counts.entry((f.code, f.rule)).or_default().findings += 1;
    }
    counts
}

/// Adds one document's counts to a running total.
pub fn add_counts(
    total: &mut BTreeMap<(&'static str, &'static str), RuleCount>,
    counts: &BTreeMap<(&'static str, &'static str), RuleCount>,
) {
    for (rule, count) in counts {
        let sum = total.entry(*rule).or_default();
        sum.changes += count.changes;
        sum.findings += count.findings;
    }
}

/// A table of counts, one rule a row, under a title line.
pub fn render_stat(
    title: &str,
    counts: &BTreeMap<(&'static str, &'static str), RuleCount>,
) -> String {
    let mut out = format!("{HEADER}{title}{HEADER:#}\n");
    let _ = writeln!(out, "{:>8}  {:>8}  rule", "changes", "findings");
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by_key(|(rule, count)| (std::cmp::Reverse(count.changes + count.findings), **rule));
    for ((code, name), count) in rows {
        let _ = writeln!(
            out,
            "{:>8}  {:>8}  {code} {name}",
            count.changes, count.findings
        );
    }
    let (changes, findings) = counts
        .values()
        .fold((0, 0), |(c, f), n| (c + n.changes, f + n.findings));
    let _ = writeln!(out, "{changes:>8}  {findings:>8}  in all");
    out
}

/// The raw text against the cleaned text as a unified diff of lines, with
/// git's headers (`--- a/raw/doc.txt`, `+++ b/raw/doc.txt`): `patch -p1`
/// turns the raw file into the cleaned text, and review tools read it.
pub fn render_unified(path: &str, raw: &str, cleaned: &str) -> String {
    // `a/` and `b/` stand for the same root, as git writes them: an
    // absolute path keeps its slash only once (`a/tmp/doc.txt`).
    let path = path.trim_start_matches("./").trim_start_matches('/');
    TextDiff::from_lines(raw, cleaned)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
