//! The wire format: one schema for changes and findings, shared by the
//! records in `cleaned/<doc>.jsonl` and every JSON output. Positions are
//! [`Span`]s: byte offsets into the raw file as it is on disk, plus the
//! line and column (in characters) where they start. The README documents
//! every field.

use serde::Serialize;

use crate::engine::{Change, ChangeKind, Finding};
use crate::position::{Locator, Span};
use crate::rules::{Score, Severity};

/// A change, as the wire format carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    pub code: &'static str,
    pub rule: &'static str,
    pub kind: ChangeKind,
    /// The raw text the change removed, replaced or moved; an empty span
    /// where it inserted, or touched only text an earlier rule wrote.
    pub span: Span,
    /// For a move: the empty span of the raw position it went to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Span>,
    pub before: String,
    pub after: String,
    /// The reason a person gave, for a declared fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// How sure a rule that weighs its edits was: its evidence as a
    /// multiple of its bar (applied from `suggestion-threshold`, 1.0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
}

/// A finding, as the wire format carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingRecord {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// The replacement a suggestion would apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The reason the document's TOML gives for accepting the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// For a suggestion of a rule that weighs its edits: how sure it was
    /// (below `suggestion-threshold`, or it would have been applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
}

impl ChangeRecord {
    pub fn new(change: &Change, locator: &Locator<'_>) -> Self {
        ChangeRecord {
            code: change.code,
            rule: change.rule,
            kind: change.kind,
            span: locator.span(change.extent()),
            to: change.to.map(|to| locator.span(to..to)),
            before: change.before.clone(),
            after: change.after.clone(),
            reason: change.reason.clone(),
            score: change.score,
        }
    }
}

impl FindingRecord {
    pub fn new(finding: &Finding, locator: &Locator<'_>) -> Self {
        FindingRecord {
            code: finding.code,
            rule: finding.rule,
            severity: finding.severity,
            message: finding.message.clone(),
            span: locator.span(finding.raw.clone()),
            suggestion: finding.suggestion.clone(),
            accepted: finding.accepted.clone(),
            score: finding.score,
        }
    }
}
