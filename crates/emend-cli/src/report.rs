//! Human-readable reports: the change diff and the findings list. Output is
//! styled with ANSI codes; the CLI writes through `anstream`, which strips
//! them when the output is not a terminal or `NO_COLOR` is set.

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
        "{HEADER}{path}:{line}:{col}{HEADER:#} {} {}",
        change.code, change.rule
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
        "{path}:{line}:{col}: {severity} {} {}: {}{accepted}\n",
        finding.code, finding.rule, finding.message
    )
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
