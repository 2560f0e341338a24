//! The engine: runs the rules in stage order, applies their edits, and keeps
//! the change log and the provenance of every character.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use crate::blocks::{self, BlockKind};
use crate::declared::{ApplyFix, Declared, KeepFix};
use crate::headings::{self, HeadingPattern, Place};
use crate::layout;
use crate::rules::{
    declared_rules, Applicability, Document, Draft, Input, Output, RawView, Rule, RuleKind,
    RuleMeta, Score, Scored, Severity, Stage, REGISTRY,
};
use crate::text::{self, Edit, EditError, Provenance};

/// What a change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Replace,
    Delete,
    Insert,
    Move,
}

/// One recorded change, in raw coordinates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub code: &'static str,
    pub rule: &'static str,
    pub kind: ChangeKind,
    /// Raw byte ranges removed (or, for a move, moved). Empty when the
    /// change touched only text an earlier rule inserted.
    pub raw: Vec<Range<usize>>,
    /// The raw offset where the change stands (its start).
    pub at: usize,
    /// For a move: the raw offset it was moved to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<usize>,
    pub before: String,
    pub after: String,
    /// The reason a person gave, for a declared fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// How sure the rule was, for a rule that weighs its edits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
}

impl Change {
    /// The raw text the change took: from its first removed byte to its
    /// last, or the empty range where it stands when it removed none. Every
    /// report names this range, so `diff` and the records agree.
    pub fn extent(&self) -> Range<usize> {
        let start = self.raw.iter().map(|r| r.start).min();
        let end = self.raw.iter().map(|r| r.end).max();
        match (start, end) {
            (Some(s), Some(e)) => s..e,
            _ => self.at..self.at,
        }
    }
}

/// One finding, in raw coordinates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Raw byte range the finding points at.
    pub raw: Range<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The reason a document's TOML gives for accepting this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// For a suggestion: the edit it would make, in raw coordinates
    /// (`emend suggest` prints it as the TOML fix that applies it).
    #[serde(skip)]
    pub edit: Option<SuggestedEdit>,
    /// For a suggestion: which one, in the document's order. The edits of
    /// one suggestion (a page of `alternating-lines`) share it, and are
    /// applied or left together.
    #[serde(skip)]
    pub group: Option<usize>,
    /// For a suggestion of a rule that weighs its edits: how sure it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
}

/// A suggested edit, in raw coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuggestedEdit {
    /// Replace the raw text `raw` (empty: insert at its start) with `with`.
    Replace { raw: Range<usize>, with: String },
    /// Move the raw text `raw` to the raw offset `to`.
    Move { raw: Range<usize>, to: usize },
}

/// What a document brings beyond its text: its heading regex and its
/// declared fixes (both from its TOML file).
#[derive(Clone, Debug, Default)]
pub struct DocSetup {
    pub heading: Option<HeadingPattern>,
    pub declared: Declared,
}

/// How to clean.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Rules switched off, by name: normalisations by `--no-normalize`,
    /// any rule but a declared fix by `emend.toml` (see [`crate::selection`]).
    pub disabled: BTreeSet<String>,
    /// Apply the edits of suggestion rules too.
    pub apply_suggestions: bool,
    /// The severity of each rule's findings where it is not the rule's own,
    /// by rule code (`emend.toml`'s `severity`).
    pub severity: std::collections::BTreeMap<&'static str, Severity>,
    /// Where a weighed edit stops being applied and is suggested instead
    /// (`emend.toml`'s `suggestion-threshold`); each rule's own bar,
    /// [`Score::DEFAULT_THRESHOLD`], when `None`.
    pub suggestion_threshold: Option<Score>,
}

/// The result of cleaning one text.
#[derive(Clone, Debug)]
pub struct Cleaned {
    pub raw: String,
    pub text: String,
    pub provenance: Provenance,
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
    /// Indexes of `[[accept]]` entries that matched no finding.
    pub unused_accepts: Vec<usize>,
    /// Indexes of `[[keep]]` entries that stopped no edit.
    pub unused_keeps: Vec<usize>,
    /// Indexes of `[[apply]]` entries that applied no suggestion.
    pub unused_applies: Vec<usize>,
}

/// The engine failed: a rule asked for edits that cannot be applied, or the
/// result lost or duplicated raw text. Both are bugs in a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("rule {code} asked for impossible edits: {source}")]
    BadEdits {
        code: &'static str,
        #[source]
        source: EditError,
    },
    #[error("conservation broken: {0}")]
    Conservation(String),
}

/// Cleans `raw` with the built-in rules.
pub fn clean(raw: &str, options: &Options) -> Result<Cleaned, EngineError> {
    clean_document(raw, &DocSetup::default(), options)
}

/// Cleans `raw` with its document's setup: declared fixes first, then the
/// built-in rules; then marks the findings its TOML accepts.
pub fn clean_document(
    raw: &str,
    setup: &DocSetup,
    options: &Options,
) -> Result<Cleaned, EngineError> {
    let view = raw_view(raw, setup.heading.as_ref());
    let declared = declared_rules(&setup.declared);
    let rules: Vec<&dyn Rule> = declared
        .iter()
        .map(|r| r.as_ref())
        .chain(REGISTRY.iter().copied())
        .collect();
    let mut cleaned = run(&view, &rules, options, &setup.declared)?;
    for finding in &mut cleaned.findings {
        if let Some(&severity) = options.severity.get(finding.code) {
            finding.severity = severity;
        }
    }
    accept_findings(&mut cleaned, &setup.declared);
    Ok(cleaned)
}

/// Cleans `raw` with the given rules only, in the order given (tests use it
/// to look at one rule at a time).
pub fn run_rules(
    raw: &str,
    rules: &[&dyn Rule],
    options: &Options,
) -> Result<Cleaned, EngineError> {
    run(&raw_view(raw, None), rules, options, &Declared::default())
}

/// The raw text with its headings and its width measure; a heading dropped
/// into a paragraph (and the space after it) does not count for the width.
fn raw_view<'a>(raw: &'a str, heading: Option<&HeadingPattern>) -> RawView<'a> {
    let headings = heading.map_or_else(Vec::new, |re| headings::find(raw, re));
    let cut_out: Vec<Range<usize>> = headings
        .iter()
        .filter(|h| h.place == Place::Dropped)
        .map(|h| h.range.start..h.space_after.as_ref().map_or(h.range.end, |s| s.end))
        .collect();
    RawView {
        text: raw,
        layout: layout::measure(raw, &cut_out),
        headings,
    }
}

fn run(
    view: &RawView<'_>,
    rules: &[&dyn Rule],
    options: &Options,
    declared: &Declared,
) -> Result<Cleaned, EngineError> {
    let mut doc = Working::new(view.text, &declared.keeps, &declared.applies);
    doc.never = &declared.never;
    for rule in rules.iter().copied() {
        if enabled(rule.meta(), options) {
            doc.run(rule, view, options)?;
        }
    }
    let cleaned = doc.finish();
    if cfg!(debug_assertions) {
        cleaned.check_conservation()?;
    }
    Ok(cleaned)
}

/// Marks findings that an `[[accept]]` covers (same rule, inside its
/// anchor) and notes the accepts that cover nothing.
fn accept_findings(cleaned: &mut Cleaned, declared: &Declared) {
    for accept in &declared.accepts {
        let mut used = false;
        for f in &mut cleaned.findings {
            let same_rule = f.rule == accept.rule;
            let inside = accept.range.start <= f.raw.start && f.raw.start <= accept.range.end;
            if same_rule && inside {
                f.accepted = Some(accept.reason.clone());
                used = true;
            }
        }
        if !used {
            cleaned.unused_accepts.push(accept.index);
        }
    }
}

fn enabled(meta: &RuleMeta, options: &Options) -> bool {
    meta.kind == RuleKind::Declared || !options.disabled.contains(meta.name)
}

/// The text being cleaned and everything recorded so far.
struct Working<'r> {
    raw: &'r str,
    /// The document's vetoes, and which of them stopped an edit.
    keeps: &'r [KeepFix],
    keeps_used: Vec<bool>,
    /// The document's accepted suggestions, and which of them applied one.
    applies: &'r [ApplyFix],
    applies_used: Vec<bool>,
    /// The number of suggestions recorded so far: the next one's group.
    suggestions_recorded: usize,
    /// Where the user dictionary's `never` words stand, in raw bytes: the
    /// typo rules (the words stage) edit nothing there.
    never: &'r [Range<usize>],
    text: String,
    provenance: Provenance,
    changes: Vec<Change>,
    findings: Vec<Finding>,
    /// The blocks of `text`, kept until an edit changes it: validators and
    /// rules that find nothing to do need not split the text again.
    block_cache: Option<Vec<blocks::Block>>,
}

impl<'r> Working<'r> {
    fn new(raw: &'r str, keeps: &'r [KeepFix], applies: &'r [ApplyFix]) -> Self {
        Working {
            raw,
            keeps,
            keeps_used: vec![false; keeps.len()],
            applies,
            applies_used: vec![false; applies.len()],
            suggestions_recorded: 0,
            never: &[],
            text: raw.to_string(),
            provenance: Provenance::identity(raw.len()),
            changes: Vec::new(),
            findings: Vec::new(),
            block_cache: None,
        }
    }

    /// Runs one rule over the whole text or block by block, then applies it.
    fn run(
        &mut self,
        rule: &dyn Rule,
        view: &RawView<'_>,
        options: &Options,
    ) -> Result<(), EngineError> {
        let meta = rule.meta();
        let output = if meta.stage == Stage::Structure {
            rule.run(&Input {
                text: &self.text,
                document: &Document::new(&self.text),
                kind: None,
                raw: view,
                provenance: &self.provenance,
            })
        } else {
            self.run_per_block(rule, view)
        };
        let apply = meta.applicability == Applicability::Safe || options.apply_suggestions;
        let threshold = options
            .suggestion_threshold
            .unwrap_or(Score::DEFAULT_THRESHOLD);
        let findings = output.findings;
        let mut edits = output.edits;
        let (mut suggestions, mut weighed) =
            by_threshold(meta, output.suggestions, output.scored, threshold);
        // A suggestion is taken or left whole: one edit a keep vetoes (or
        // a `never` word holds) drops all of it, as the rest alone would
        // garble the page. So is a weighed group that is applied. Every
        // edit is asked, so each keep is marked used.
        if matches!(meta.kind, RuleKind::Repair | RuleKind::Normalisation) {
            edits.retain(|e| !self.vetoed(meta, e));
            for groups in [&mut suggestions, &mut weighed] {
                groups.retain(|(group, _)| {
                    let vetoed: Vec<bool> = group.iter().map(|e| self.vetoed(meta, e)).collect();
                    !vetoed.contains(&true)
                });
            }
        }
        if meta.stage == Stage::Words && meta.kind == RuleKind::Repair {
            edits.retain(|e| !self.in_never_word(e));
            for groups in [&mut suggestions, &mut weighed] {
                groups.retain(|(group, _)| !group.iter().any(|e| self.in_never_word(e)));
            }
        }
        // The score of each applied edit, for its change record. An
        // `[[apply]]` of a group the threshold applies anyway is still in
        // use: without it the group is a suggestion again once the
        // threshold is raised.
        let mut scores: Vec<Option<Score>> = vec![None; edits.len()];
        for (group, score) in weighed {
            self.accepted(meta, &group);
            scores.extend(std::iter::repeat_n(score, group.len()));
            edits.extend(group);
        }
        suggestions.retain(|(group, _)| !group.is_empty());
        if !apply {
            let taken = std::mem::take(&mut scores);
            suggestions.extend(edits.drain(..).zip(taken).map(|(e, s)| (vec![e], s)));
        }
        for draft in findings {
            self.record_finding(meta, draft);
        }
        // A suggestion an `[[apply]]` accepts is applied whole and is no
        // longer open; the others are reported (and applied as well with
        // `--apply-suggestions`).
        let mut open = Vec::new();
        for (group, score) in suggestions {
            if self.accepted(meta, &group) {
                scores.extend(std::iter::repeat_n(score, group.len()));
                edits.extend(group);
            } else {
                open.push((group, score));
            }
        }
        for (group, score) in &open {
            self.record_suggestion(meta, group, *score);
        }
        if options.apply_suggestions {
            for (group, score) in open {
                scores.extend(std::iter::repeat_n(score, group.len()));
                edits.extend(group);
            }
        }
        self.apply(meta, rule.reason(), &edits, &scores)
    }

    /// Does the edit take text of a word the user dictionary says never to
    /// correct?
    fn in_never_word(&self, edit: &Edit) -> bool {
        if self.never.is_empty() {
            return false;
        }
        let range = match edit {
            Edit::Replace { range, .. } | Edit::Move { range, .. } => range.clone(),
        };
        self.provenance.raw_ranges(range).iter().any(|r| {
            self.never
                .iter()
                .any(|n| r.start < n.end && n.start < r.end)
        })
    }

    /// Does an `[[apply]]` accept this suggestion: does one of its edits
    /// take raw text inside the apply's anchor, or (a move) put text there?
    /// Every apply that accepts it is marked used.
    fn accepted(&mut self, meta: &RuleMeta, group: &[Edit]) -> bool {
        if self.applies.is_empty() {
            return false;
        }
        let mut accepted = false;
        for edit in group {
            let RawFootprint { touched, at, to } = self.raw_footprint(edit);
            for (apply, used) in self.applies.iter().zip(&mut self.applies_used) {
                let accepts = apply.accepts(meta.name, &touched, at)
                    || to.is_some_and(|to| apply.accepts(meta.name, &[], to));
                *used |= accepts;
                accepted |= accepts;
            }
        }
        accepted
    }

    /// Where `edit` stands in the raw text, as keeps and applies ask.
    fn raw_footprint(&self, edit: &Edit) -> RawFootprint {
        let (range, to) = match edit {
            Edit::Replace { range, .. } => (range, None),
            Edit::Move { range, to } => (range, Some(self.provenance.raw_point(*to))),
        };
        RawFootprint {
            touched: self.provenance.raw_ranges(range.clone()),
            at: self.provenance.raw_point(range.start),
            to,
        }
    }

    /// Does a `[[keep]]` stop this edit of an automatic rule: does it take
    /// raw text inside the keep's anchor, or (a move) put text there? Every
    /// keep that stops it is marked used.
    fn vetoed(&mut self, meta: &RuleMeta, edit: &Edit) -> bool {
        if self.keeps.is_empty() {
            return false;
        }
        let RawFootprint { touched, at, to } = self.raw_footprint(edit);
        let mut stopped = false;
        for (keep, used) in self.keeps.iter().zip(&mut self.keeps_used) {
            let stops = keep.stops(meta.name, &touched, at)
                || to.is_some_and(|to| keep.stops(meta.name, &[], to));
            *used |= stops;
            stopped |= stops;
        }
        stopped
    }

    fn run_per_block(&mut self, rule: &dyn Rule, view: &RawView<'_>) -> Output {
        let mut all = Output::default();
        let Working {
            text,
            provenance,
            block_cache,
            ..
        } = self;
        let split = block_cache.get_or_insert_with(|| blocks::split(text));
        let document = Document::new(text);
        // Character rules and validators never touch code: its punctuation,
        // quotes and spaces are what they are.
        for block in split.iter().filter(|b| b.kind != BlockKind::Code) {
            // Nor do they touch a Markdown code span (`like this`) in prose:
            // the rule sees its inside as spaces, so nothing in it pairs with
            // or gives context to the prose around it, and any edit there is
            // dropped.
            let line = &text[block.range.clone()];
            let spans = blocks::code_spans(line);
            let masked = mask(line, &spans);
            let output = rule.run(&Input {
                text: masked.as_deref().unwrap_or(line),
                document: &document,
                kind: Some(block.kind),
                raw: view,
                provenance,
            });
            let at = block.range.start;
            let outside =
                |r: &Range<usize>| !spans.iter().any(|s| s.start < r.end && r.start < s.end);
            let shift = |group: Vec<Edit>| shifted_outside(group, &spans, at);
            all.edits.extend(shift(output.edits).unwrap_or_default());
            all.suggestions
                .extend(output.suggestions.into_iter().filter_map(shift));
            all.scored.extend(
                output
                    .scored
                    .into_iter()
                    .filter_map(|Scored { edits, score }| {
                        shift(edits).map(|edits| Scored { edits, score })
                    }),
            );
            let findings = output.findings.into_iter().filter(|d| outside(&d.range));
            all.findings.extend(findings.map(|mut d| {
                d.range = d.range.start + at..d.range.end + at;
                d
            }));
        }
        all
    }

    fn record_finding(&mut self, meta: &RuleMeta, draft: Draft) {
        let raw = raw_extent(&self.provenance, draft.range);
        self.findings.push(Finding {
            code: meta.code,
            rule: meta.name,
            severity: draft.severity,
            message: draft.message,
            raw,
            suggestion: draft.suggestion,
            accepted: None,
            edit: None,
            group: None,
            score: None,
        });
    }

    /// Records a suggestion: each of its edits as an `info` finding that
    /// carries it, all with the suggestion's group number.
    fn record_suggestion(&mut self, meta: &RuleMeta, group: &[Edit], score: Option<Score>) {
        let number = self.suggestions_recorded;
        self.suggestions_recorded += 1;
        for edit in group {
            self.record_suggested_edit(meta, edit, number, score);
        }
    }

    fn record_suggested_edit(
        &mut self,
        meta: &RuleMeta,
        edit: &Edit,
        group: usize,
        score: Option<Score>,
    ) {
        let draft = suggestion_finding(&self.text, edit);
        let raw = raw_extent(&self.provenance, draft.range.clone());
        let suggested = match edit {
            Edit::Replace { with, .. } => SuggestedEdit::Replace {
                raw: raw.clone(),
                with: with.clone(),
            },
            Edit::Move { to, .. } => SuggestedEdit::Move {
                raw: raw.clone(),
                to: self.provenance.raw_point(*to),
            },
        };
        self.record_finding(meta, draft);
        if let Some(f) = self.findings.last_mut() {
            f.edit = Some(suggested);
            f.group = Some(group);
            f.score = score;
        }
    }

    /// Applies `edits`, recording a change for each and composing provenance.
    fn apply(
        &mut self,
        meta: &RuleMeta,
        reason: Option<&str>,
        edits: &[Edit],
        scores: &[Option<Score>],
    ) -> Result<(), EngineError> {
        if edits.is_empty() {
            return Ok(());
        }
        let pieces = text::pieces(&self.text, edits).map_err(|source| EngineError::BadEdits {
            code: meta.code,
            source,
        })?;
        // Changes are recorded sorted by raw position; the edits keep the
        // order the rule gave, which decides content anchored at one position.
        let first = self.changes.len();
        for (i, edit) in edits.iter().enumerate() {
            let mut change = self.describe(meta, edit);
            change.reason = reason.map(str::to_string);
            change.score = scores.get(i).copied().flatten();
            self.changes.push(change);
        }
        self.changes[first..].sort_by_key(|c| c.at);
        self.provenance = self.provenance.compose(&pieces, meta.code);
        self.text = text::render(&self.text, &pieces);
        self.block_cache = None;
        Ok(())
    }

    fn describe(&self, meta: &RuleMeta, edit: &Edit) -> Change {
        let (range, after, to) = match edit {
            Edit::Replace { range, with } => (range.clone(), with.clone(), None),
            Edit::Move { range, to } => (
                range.clone(),
                self.text[range.clone()].to_string(),
                Some(self.provenance.raw_point(*to)),
            ),
        };
        let before = self.text[range.clone()].to_string();
        let kind = match (edit, before.is_empty(), after.is_empty()) {
            (Edit::Move { .. }, _, _) => ChangeKind::Move,
            (_, true, _) => ChangeKind::Insert,
            (_, _, true) => ChangeKind::Delete,
            _ => ChangeKind::Replace,
        };
        Change {
            code: meta.code,
            rule: meta.name,
            kind,
            raw: self.provenance.raw_ranges(range.clone()),
            at: self.provenance.raw_point(range.start),
            to,
            before,
            after,
            reason: None,
            score: None,
        }
    }

    fn finish(self) -> Cleaned {
        Cleaned {
            raw: self.raw.to_string(),
            text: self.text,
            provenance: self.provenance,
            changes: self.changes,
            findings: self.findings,
            unused_accepts: Vec::new(),
            unused_keeps: unused(self.keeps.iter().map(|k| k.index), &self.keeps_used),
            unused_applies: unused(self.applies.iter().map(|a| a.index), &self.applies_used),
        }
    }
}

/// The raw text an edit takes (`touched`; none for an insertion), the raw
/// point it stands at, and for a move the raw point it goes to.
struct RawFootprint {
    touched: Vec<Range<usize>>,
    at: usize,
    to: Option<usize>,
}

/// Edits that are taken or left together, and the score of the rule that
/// weighed them.
type Group = (Vec<Edit>, Option<Score>);

/// A rule's groups of edits, each with its score, parted into those
/// suggested and those applied: suggestions the rule gave without weighing
/// them carry no score; weighed ones a suggestion rule offers stay
/// suggestions whatever their score, a safe rule's are applied from the
/// threshold on.
fn by_threshold(
    meta: &RuleMeta,
    suggested: Vec<Vec<Edit>>,
    scored: Vec<Scored>,
    threshold: Score,
) -> (Vec<Group>, Vec<Group>) {
    let mut suggestions: Vec<Group> = suggested.into_iter().map(|g| (g, None)).collect();
    let mut applied = Vec::new();
    for Scored { edits, score } in scored {
        if meta.applicability == Applicability::Safe && score >= threshold {
            applied.push((edits, Some(score)));
        } else {
            suggestions.push((edits, Some(score)));
        }
    }
    (suggestions, applied)
}

/// A group of a block's edits in the text's offsets (the block starts at
/// `at`), without those that touch a code span; none when none is left.
fn shifted_outside(group: Vec<Edit>, spans: &[Range<usize>], at: usize) -> Option<Vec<Edit>> {
    let shifted: Vec<Edit> = group
        .into_iter()
        .filter(|e| !spans.iter().any(|s| e.touches(s)))
        .map(|e| e.shifted(at))
        .collect();
    (!shifted.is_empty()).then_some(shifted)
}

/// The TOML indexes of the entries that were never used.
fn unused(indexes: impl Iterator<Item = usize>, used: &[bool]) -> Vec<usize> {
    indexes
        .zip(used)
        .filter(|(_, &used)| !used)
        .map(|(index, _)| index)
        .collect()
}

/// `line` with the inside of each code span (between its backtick runs)
/// turned into spaces of the same byte length; `None` when it has none.
fn mask(line: &str, spans: &[Range<usize>]) -> Option<String> {
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for span in spans {
        let ticks = line[span.clone()].chars().take_while(|&c| c == '`').count();
        let inner = span.start + ticks..span.end - ticks;
        out.push_str(&line[last..inner.start]);
        out.extend(std::iter::repeat_n(' ', inner.len()));
        last = inner.end;
    }
    out.push_str(&line[last..]);
    Some(out)
}

/// The raw extent of a current range: from its first to its last raw byte,
/// or the raw point where it stands when it holds no raw text.
fn raw_extent(provenance: &Provenance, range: Range<usize>) -> Range<usize> {
    let ranges = provenance.raw_ranges(range.clone());
    match (
        ranges.iter().map(|r| r.start).min(),
        ranges.iter().map(|r| r.end).max(),
    ) {
        (Some(s), Some(e)) => s..e,
        _ => {
            let p = provenance.raw_point(range.start);
            p..p
        }
    }
}

fn suggestion_finding(text: &str, edit: &Edit) -> Draft {
    let (range, suggestion, message) = match edit {
        Edit::Replace { range, with } => (
            range.clone(),
            with.clone(),
            format!("suggested: `{}` → `{with}`", &text[range.clone()]),
        ),
        Edit::Move { range, to } => (
            range.clone(),
            text[range.clone()].to_string(),
            move_message(text, range, *to),
        ),
    };
    Draft {
        message,
        range,
        severity: Severity::Info,
        suggestion: Some(suggestion),
    }
}

/// `move X before Y`, or `move X after Y` where the move goes to the end
/// of a line (the text after it on that line is empty: a line of one
/// column moved after another's last).
fn move_message(text: &str, range: &Range<usize>, to: usize) -> String {
    let moved = glimpse(&text[range.clone()]);
    let rest_of_line = text[to..].split('\n').next().unwrap_or("");
    if rest_of_line.trim().is_empty() {
        let line_start = text[..to].rfind('\n').map_or(0, |i| i + 1);
        format!(
            "suggested: move `{moved}` after `{}`",
            tail(&text[line_start..to])
        )
    } else {
        format!(
            "suggested: move `{moved}` before `{}`",
            glimpse(&text[to..])
        )
    }
}

/// The last words of a text, for a message: up to ten characters, `…`
/// before them when there is more.
fn tail(text: &str) -> String {
    let text = text.trim_end();
    let chars: Vec<char> = text.chars().collect();
    let start = chars.len().saturating_sub(10);
    let last: String = chars[start..].iter().collect();
    if start > 0 {
        format!("…{last}")
    } else {
        last
    }
}

/// The first words of a text, for a message: up to ten characters of its
/// first line, `…` when there is more.
fn glimpse(text: &str) -> String {
    let line = text.trim_start().lines().next().unwrap_or("");
    let mut out: String = line.chars().take(10).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

impl Cleaned {
    /// Every raw byte is in the output exactly once or removed by a recorded
    /// change, and no raw range is used twice.
    pub fn check_conservation(&self) -> Result<(), EngineError> {
        let kept = self.provenance.kept_raw();
        let mut removed: Vec<Range<usize>> = self
            .changes
            .iter()
            .filter(|c| c.kind != ChangeKind::Move)
            .flat_map(|c| c.raw.iter().cloned())
            .collect();
        removed.sort_by_key(|r| r.start);
        let mut all: Vec<(Range<usize>, &str)> = kept
            .into_iter()
            .map(|r| (r, "kept"))
            .chain(removed.into_iter().map(|r| (r, "removed")))
            .collect();
        all.sort_by_key(|(r, _)| r.start);
        let mut covered = 0;
        for (r, what) in &all {
            if r.start < covered {
                return Err(EngineError::Conservation(format!(
                    "raw bytes {}..{} are used twice ({what})",
                    r.start, covered
                )));
            }
            if r.start > covered {
                return Err(EngineError::Conservation(format!(
                    "raw bytes {}..{} vanished without a recorded change",
                    covered, r.start
                )));
            }
            covered = r.end;
        }
        if covered != self.raw.len() {
            return Err(EngineError::Conservation(format!(
                "raw bytes {}..{} vanished without a recorded change",
                covered,
                self.raw.len()
            )));
        }
        self.check_text_matches_provenance()
    }

    /// The provenance describes the text: raw segments hold the raw bytes.
    fn check_text_matches_provenance(&self) -> Result<(), EngineError> {
        let mut pos = 0;
        for seg in self.provenance.segs() {
            if let text::Src::Raw(r) = seg.src {
                if self.text.get(pos..pos + seg.len) != self.raw.get(r..r + seg.len) {
                    return Err(EngineError::Conservation(format!(
                        "output bytes {pos}.. do not match raw bytes {r}.."
                    )));
                }
            }
            pos += seg.len;
        }
        if pos != self.text.len() {
            return Err(EngineError::Conservation(
                "provenance does not cover the output".into(),
            ));
        }
        Ok(())
    }

    /// Findings at or above `severity` that no accept covers.
    pub fn open_findings(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.severity >= severity && f.accepted.is_none())
    }
}
