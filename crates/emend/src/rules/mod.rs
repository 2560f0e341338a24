//! The rules, and the one registry table that lists them.
//!
//! Every rule is a unit struct in a file of its own, declared with
//! [`declare_rule!`] so that its doc comment is both rustdoc and the text
//! `emend explain` prints. A rule sees plain text and returns [`Edit`]s and
//! finding [`Draft`]s; only the engine applies them.

use std::ops::Range;

use serde::Serialize;

use crate::blocks::BlockKind;
use crate::declared::Declared;
use crate::headings::Heading;
use crate::layout::{Break, Layout};
use crate::text::{Edit, Provenance};

mod alternating_lines;
mod block_order;
mod bodiless_heading;
mod column_breaks;
mod column_split;
pub mod declared_deinterleave;
pub mod declared_move;
pub mod declared_replace;
mod doubtful_cjk_space;
mod dropped_heading;
mod fullwidth_alnum;
mod glued_heading;
mod interleaved_lines;
mod invisible_marks;
pub mod known_corrections;
mod letter_spacing;
mod line_endings;
mod lookalike_brackets;
mod nfc;
mod ocr_misreads;
mod page_break_join;
mod page_furniture;
mod pdf_glyphs;
mod punct_space;
pub(crate) mod punct_width;
mod quote_pairs;
pub mod repeated_phrase;
mod sound_alikes;
mod stray_cjk_space;
mod unbalanced_brackets;
mod unbalanced_quotes;
mod unterminated_paragraph;
pub(crate) mod wrap_join;

/// The fixed order in which rules run; later stages rely on earlier ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Block and line model: joins, splits, moves. Sees the whole text.
    Structure,
    /// Characters inside one block: widths, quotes, Unicode forms.
    Characters,
    /// Words inside one block: typos.
    Words,
    /// Findings only, one block at a time, with its kind.
    Validation,
}

/// What kind of rule this is; repairs and normalisations are kept apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Undoes damage, and only on evidence of damage: clean text is left alone.
    Repair,
    /// A house style (on by default, switchable off with `--no-normalize NAME`).
    Normalisation,
    /// Reports only.
    Validator,
    /// A fix declared in a document's TOML file.
    Declared,
}

/// Whether a rule's edits are applied by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Applied by default.
    Safe,
    /// Reported as a finding; applied only with `--apply-suggestions`.
    Suggestion,
}

/// How bad a finding is. Gates fail on errors only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A rule's fixed description.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `R101`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `wrap-join`.
    pub name: &'static str,
    pub stage: Stage,
    pub kind: RuleKind,
    pub applicability: Applicability,
    /// One line for `emend rules`.
    pub summary: &'static str,
    /// The doc comment, for `emend explain`.
    #[serde(skip)]
    pub doc: &'static str,
}

impl RuleMeta {
    /// The doc comment as written, without rustdoc's leading space.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What a rule is given.
pub struct Input<'a> {
    /// The whole text (structure stage) or one block (later stages).
    pub text: &'a str,
    /// The whole current text, in every stage: what a block's rule reads
    /// for the document's own evidence (the words it writes elsewhere).
    pub document: &'a Document<'a>,
    /// The block's kind; `None` in the structure stage, which decides kinds.
    pub kind: Option<BlockKind>,
    /// The raw text and what was measured on it.
    pub raw: &'a RawView<'a>,
    /// Maps the current text back to raw (whole-text offsets).
    pub provenance: &'a Provenance,
}

/// The whole current text, and counts over it that block rules share,
/// each made at most once a stage run (once per rule, not per block).
pub struct Document<'a> {
    pub text: &'a str,
    han_pairs: std::sync::OnceLock<std::collections::HashMap<(char, char), u32>>,
    words_made: std::sync::OnceLock<std::collections::HashMap<(char, char), u32>>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Self {
        Document {
            text,
            han_pairs: std::sync::OnceLock::new(),
            words_made: std::sync::OnceLock::new(),
        }
    }

    /// The pairs of Han characters the running rule's edits would make
    /// over the whole text, counted by `count` on the rule's first call (a
    /// `Document` lives for one rule's run over every block). A block's
    /// rule adds them to the pairs the text writes, so that a word an edit
    /// in another block makes counts on a first run as it will, written,
    /// on a second (`documents_words`).
    pub fn words_made(
        &self,
        count: impl FnOnce(&str) -> std::collections::HashMap<(char, char), u32>,
    ) -> &std::collections::HashMap<(char, char), u32> {
        self.words_made.get_or_init(|| count(self.text))
    }

    /// How often the text writes the Han character `a` right before `b`.
    pub fn han_pair_count(&self, a: char, b: char) -> u32 {
        let pairs = self.han_pairs.get_or_init(|| {
            let mut pairs = std::collections::HashMap::new();
            let mut chars = self.text.chars().peekable();
            while let (Some(x), Some(&y)) = (chars.next(), chars.peek()) {
                if crate::chars::is_han(x) && crate::chars::is_han(y) {
                    *pairs.entry((x, y)).or_insert(0) += 1;
                }
            }
            pairs
        });
        pairs.get(&(a, b)).copied().unwrap_or(0)
    }
}

/// The raw text as first read, with the printed-width measure of it and
/// the headings the document's heading regex finds in it.
pub struct RawView<'a> {
    pub text: &'a str,
    pub layout: Layout,
    pub headings: Vec<Heading>,
}

impl RawView<'_> {
    /// Is raw byte `at` inside a heading?
    pub fn in_heading(&self, at: usize) -> bool {
        self.headings.iter().any(|h| h.range.contains(&at))
    }
}

/// Where the separator of a measured break stands in the current text, when
/// an earlier rule has not taken it away. A `\r` before a newline goes with
/// it, whether or not line endings are normalised; a lone `\r`, which the
/// measure reads as a newline, is found where `line-endings` put its `\n`.
pub fn current_separator(input: &Input<'_>, b: &Break) -> Option<Range<usize>> {
    let lone_cr = b.sep == '\n' && input.raw.text.as_bytes().get(b.at) == Some(&b'\r');
    if lone_cr {
        // `line-endings` replaced it: no raw byte maps to the new `\n`, so
        // look right after the character before it, or (when a rule
        // changed that one) right before the character after it.
        let at = current_point(input.provenance, b.at, true)
            .or_else(|| input.provenance.current_of_raw(b.at + 1)?.checked_sub(1))?;
        return input.text[at..]
            .starts_with(['\n', '\r'])
            .then(|| at..at + 1);
    }
    let at = input.provenance.current_of_raw(b.at)?;
    if !input.text[at..].starts_with(b.sep) {
        return None;
    }
    let start = if b.sep == '\n' && input.text[..at].ends_with('\r') {
        at - 1
    } else {
        at
    };
    Some(start..at + b.sep.len_utf8())
}

/// The current position of a raw destination: before the raw byte `at`,
/// or (for `after`) right after the raw byte `at - 1`, which also works at
/// the very end of the text.
pub fn current_point(provenance: &Provenance, at: usize, after: bool) -> Option<usize> {
    if after {
        Some(provenance.current_of_raw(at.checked_sub(1)?)? + 1)
    } else {
        provenance.current_of_raw(at)
    }
}

/// The current range of a raw range that is still in the text, in one
/// piece and whole but for characters an earlier rule deleted (an
/// invisible mark inside a column's line); `None` when an earlier rule
/// took its ends away, moved part of it, or wrote into it.
pub fn current_range(provenance: &Provenance, raw: &Range<usize>) -> Option<Range<usize>> {
    if raw.is_empty() {
        let at = provenance.current_of_raw(raw.start)?;
        return Some(at..at);
    }
    let start = provenance.current_of_raw(raw.start)?;
    let end = provenance.current_of_raw(raw.end - 1)? + 1;
    let whole = end >= start && provenance.is_raw_less_deletions(start..end, raw);
    whole.then_some(start..end)
}

/// A finding as a rule reports it, in offsets of the rule's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub range: Range<usize>,
    pub severity: Severity,
    pub message: String,
    /// Replacement text, when the rule knows one.
    pub suggestion: Option<String>,
}

/// What a rule returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub edits: Vec<Edit>,
    pub findings: Vec<Draft>,
    /// Edits the rule's evidence supports below the confidence it applies
    /// at: reported as `info` findings carrying the edit, applied with
    /// `--apply-suggestions`, or one suggestion at a time by an `[[apply]]`
    /// in the document's TOML. Each suggestion is the edits that go
    /// together (`alternating-lines`: the moves and joins of a page), so
    /// that it is accepted or left whole.
    pub suggestions: Vec<Vec<Edit>>,
    /// Edits the rule weighed, each group with its [`Score`]: applied when
    /// the score reaches the threshold (`suggestion-threshold` in
    /// `emend.toml`, [`Score::DEFAULT_THRESHOLD`] when unset), suggested
    /// below it. Taken or left whole, as `suggestions` are.
    pub scored: Vec<Scored>,
}

/// Edits that go together, and how sure the rule is of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub edits: Vec<Edit>,
    pub score: Score,
}

/// How sure a rule is of an edit: its evidence as a multiple of the
/// evidence at which the rule applies the edit by default. At 1.00 or
/// more an edit is applied, below it suggested, unless `emend.toml`'s
/// `suggestion-threshold` moves the line; a rule does not offer edits far
/// below its line at all (each rule's doc says from where it suggests).
/// Kept in hundredths, so that records print it exactly and compare it
/// without floating-point noise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u32);

impl Score {
    /// The line between applied and suggested when `emend.toml` sets none:
    /// every rule's own bar.
    pub const DEFAULT_THRESHOLD: Score = Score(100);

    /// `evidence` measured against the `bar` the rule applies at, rounded
    /// down to hundredths, so that it reaches 1.00 exactly when the
    /// evidence reaches the bar; not a number or below zero counts as zero.
    pub fn of(evidence: f64, bar: f64) -> Score {
        Score::from_ratio(evidence / bar)
    }

    /// A ratio (1.0: the rule's bar), rounded down to hundredths.
    pub fn from_ratio(ratio: f64) -> Score {
        Score::saturating((ratio * 100.0).floor())
    }

    /// Whole hundredths as a score: not a number or below zero is zero.
    fn saturating(hundredths: f64) -> Score {
        if hundredths.is_nan() || hundredths <= 0.0 {
            Score(0)
        } else {
            Score(hundredths.min(f64::from(u32::MAX)) as u32)
        }
    }

    /// A threshold as a person writes it (`1.14`), in hundredths rounded
    /// up: floating point makes `1.14 * 100` 113.99…, and rounding that
    /// down would apply an edit scored 1.13 under a threshold of 1.14.
    pub fn at_least(threshold: f64) -> Score {
        Score::saturating((threshold * 100.0 - 1e-6).ceil())
    }

    /// A threshold a person gave (`emend.toml`, `--suggestion-threshold`):
    /// a finite number from 0 up, else `None` ([`Score::EXPECTED`] says why).
    pub fn threshold(written: f64) -> Option<Score> {
        (written.is_finite() && written >= 0.0).then(|| Score::at_least(written))
    }

    /// What a threshold must be, for the message that refuses another.
    pub const EXPECTED: &'static str = "expected a number from 0 up (1.0: each rule's own bar)";

    /// The score as a number: 1.0 is the rule's bar.
    pub fn value(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.value())
    }
}

impl Output {
    /// Edits and no findings.
    pub fn edits(edits: Vec<Edit>) -> Self {
        Output {
            edits,
            ..Output::default()
        }
    }

    /// Suggests one edit on its own.
    pub fn suggest(&mut self, edit: Edit) {
        self.suggestions.push(vec![edit]);
    }

    /// Offers edits that go together with the rule's score for them: the
    /// engine applies or suggests them by the threshold.
    pub fn weigh(&mut self, edits: Vec<Edit>, score: Score) {
        if !edits.is_empty() {
            self.scored.push(Scored { edits, score });
        }
    }

    /// Findings and no edits.
    pub fn findings(findings: Vec<Draft>) -> Self {
        Output {
            findings,
            ..Output::default()
        }
    }
}

/// A rule: detection that returns edits and findings.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn run(&self, input: &Input<'_>) -> Output;
    /// Why this rule's changes were made, beyond its documentation: the
    /// `reason` a person gave for a declared fix.
    fn reason(&self) -> Option<&str> {
        None
    }
}

/// Declares a rule struct whose doc comment doubles as its `explain` text.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            stage: $stage:ident,
            kind: $kind:ident,
            applicability: $app:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $kebab,
                stage: $crate::rules::Stage::$stage,
                kind: $crate::rules::RuleKind::$kind,
                applicability: $crate::rules::Applicability::$app,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

pub use ocr_misreads::confusions as ocr_confusions;

/// Every built-in rule, in the order the engine runs them.
pub static REGISTRY: &[&dyn Rule] = &[
    // Structure: the line model, measured on the raw text.
    &line_endings::LineEndings,
    // Invisible marks go before any rule reads the text's characters.
    &invisible_marks::InvisibleMarks,
    // Two columns side by side become one after the other first: every
    // later rule reads them in order. They move the raw pieces of each
    // row, so they come before any rule that writes into a piece: with
    // `pdf-glyphs` before them, a radical glyph (`⼈` for `人`) anywhere in a
    // column's line kept the whole region side by side.
    &column_split::ColumnSplit,
    &column_breaks::ColumnBreaks,
    // Ideographs for radical glyphs next: every later rule, and jieba's
    // words across joins, read Han.
    &pdf_glyphs::PdfGlyphs,
    &glued_heading::GluedHeading,
    &wrap_join::WrapJoin,
    &page_furniture::PageFurniture,
    &interleaved_lines::InterleavedLines,
    // Pieces of paragraphs back in reading order before the breaks
    // between them are judged: two columns' lines written in turn, then
    // pieces a column break put out of order.
    &alternating_lines::AlternatingLines,
    &block_order::BlockOrder,
    &page_break_join::PageBreakJoin,
    &dropped_heading::DroppedHeading,
    &bodiless_heading::BodilessHeading,
    &letter_spacing::LetterSpacing,
    &stray_cjk_space::StrayCjkSpace,
    // A character against the same phrase elsewhere: once every join is
    // made, so that a phrase a line end cut reads whole.
    &repeated_phrase::RepeatedPhrase,
    // Characters: one block at a time.
    // Misread brackets before `punct-width` sets the width of the pair.
    &lookalike_brackets::LookalikeBrackets,
    // Full-width letters first: `Ａ` + a combining mark composes only once
    // it is `A`, so NFC must see the half-width letter.
    &fullwidth_alnum::FullwidthAlnum,
    &nfc::Nfc,
    &punct_width::PunctWidth,
    &quote_pairs::QuotePairs,
    &punct_space::PunctSpace,
    // Words: one block at a time.
    &ocr_misreads::OcrMisreads,
    &sound_alikes::SoundAlikes,
    // Validation: findings only.
    &unterminated_paragraph::UnterminatedParagraph,
    &unbalanced_quotes::UnbalancedQuotes,
    &unbalanced_brackets::UnbalancedBrackets,
    &doubtful_cjk_space::DoubtfulCjkSpace,
];

/// The declared-fix rules, which run first, before every built-in rule.
pub static DECLARED: &[&RuleMeta] = &[
    &declared_replace::DeclaredReplace::META,
    &known_corrections::KnownCorrections::META,
    &declared_move::DeclaredMove::META,
    &declared_deinterleave::DeclaredDeinterleave::META,
];

/// The declared fixes of one document as rules, in the order they run:
/// replaces, the user dictionary's corrections, moves, deinterleaves, each
/// kind in the order of the TOML file (corrections by misspelling). One
/// rule a fix (a misspelling), so each change carries its own reason.
pub fn declared_rules(declared: &Declared) -> Vec<Box<dyn Rule>> {
    let replaces = declared
        .replaces
        .iter()
        .map(|f| Box::new(declared_replace::Replace(f.clone())) as Box<dyn Rule>);
    let mut by_word: std::collections::BTreeMap<&str, Vec<crate::declared::CorrectionFix>> =
        std::collections::BTreeMap::new();
    for fix in &declared.corrections {
        by_word
            .entry(&fix.misspelling)
            .or_default()
            .push(fix.clone());
    }
    let corrections = by_word
        .into_values()
        .map(|fixes| Box::new(known_corrections::Correction::new(fixes)) as Box<dyn Rule>);
    let replaces = replaces.chain(corrections);
    let moves = declared
        .moves
        .iter()
        .map(|f| Box::new(declared_move::Move(f.clone())) as Box<dyn Rule>);
    let deinterleaves = declared
        .deinterleaves
        .iter()
        .map(|f| Box::new(declared_deinterleave::Deinterleave(f.clone())) as Box<dyn Rule>);
    replaces.chain(moves).chain(deinterleaves).collect()
}

/// Every rule's description: declared fixes, then the registry.
pub fn all_metas() -> impl Iterator<Item = &'static RuleMeta> {
    DECLARED
        .iter()
        .copied()
        .chain(REGISTRY.iter().map(|r| r.meta()))
}

/// Finds a built-in rule by code or name.
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    REGISTRY
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(key) || r.meta().name == key)
}

/// Finds any rule's description by code or name.
pub fn find_meta(key: &str) -> Option<&'static RuleMeta> {
    all_metas().find(|m| m.code.eq_ignore_ascii_case(key) || m.name == key)
}

/// The names of the normalisations, which `--no-normalize` accepts.
pub fn normalisation_names() -> Vec<&'static str> {
    REGISTRY
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.kind == RuleKind::Normalisation)
        .map(|m| m.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_stages_ordered() {
        let codes: HashSet<_> = REGISTRY.iter().map(|r| r.meta().code).collect();
        let names: HashSet<_> = REGISTRY.iter().map(|r| r.meta().name).collect();
        assert_eq!(codes.len(), REGISTRY.len());
        assert_eq!(names.len(), REGISTRY.len());
        let stages: Vec<_> = REGISTRY.iter().map(|r| r.meta().stage).collect();
        assert!(stages.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn every_doc_has_the_four_sections() {
        for rule in REGISTRY {
            let doc = rule.meta().doc_text();
            for section in [
                "## What it does",
                "## Why the defect happens",
                "## Example",
                "## Fix safety",
            ] {
                assert!(
                    doc.contains(section),
                    "{} lacks {section}",
                    rule.meta().name
                );
            }
        }
    }

    #[test]
    fn validators_never_edit_and_kinds_match_stages() {
        for rule in REGISTRY {
            let m = rule.meta();
            assert_eq!(
                m.kind == RuleKind::Validator,
                m.stage == Stage::Validation,
                "{}",
                m.name
            );
        }
    }
}
