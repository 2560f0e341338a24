//! A document's own configuration, `raw/<doc>.toml`: declared fixes for what
//! the text alone cannot tell, accepted findings, and segmentation.
//!
//! ```toml
//! [segment]
//! heading = '(?P<role>[\p{Han}、]{2,40}) (?P<name>\p{Han}{2,4})[:：]'
//!
//! [[replace]]
//! find = "广大平部群众"      # enough context to match once
//! with = "广大干部群众"
//!
//! [[move]]
//! first = "全会提出"         # the block's first words …
//! last = "贡献徐汇"          # … and its last words
//! before = "区市场监管局"    # placed before this anchor (or `after = …`)
//!
//! [[deinterleave]]
//! first = "极、国际文化"     # the region's first words …
//! last = "的青春篇章。"      # … and its last words
//! take = "odd"               # its 1st, 3rd, … visual lines leave ("even": 2nd, 4th, …)
//! after = "打造高质量发展强劲增长"  # and go after this anchor, in order
//!
//! [[accept]]
//! rule = "unterminated-paragraph"
//! at = "为全市"              # the finding lies inside this anchor's match
//! reason = "text lost at a column cut in the source"
//!
//! [[keep]]
//! at = "区委书记 曹立强"     # no automatic repair touches this anchor's text …
//! rule = "wrap-join"         # … (optional: only this rule's repairs)
//! reason = "the space parts a title from a name"
//!
//! [[apply]]
//! rule = "alternating-lines"  # this rule's suggestion …
//! at = "在最简单的情况是"     # … that touches this anchor's text is applied
//! reason = "the columns read in this order"
//!
//! [words]                    # overrides and extends the corpus's `emend.toml`
//! correct = { "平部" = "干部" }  # a known misspelling, corrected wherever it stands
//! never = ["接著"]           # a word no typo rule corrects
//! ```
//!
//! The corpus's `emend.toml` (see [`CorpusConfig`]) holds the same
//! `[words]` for every document.
//!
//! Anchors match the raw text ignoring whitespace and punctuation width, so
//! they survive re-wrapping; an anchor that matches zero or several times is
//! an error naming the file, line and column.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::headings::HeadingPattern;

/// The parsed TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocConfig {
    /// The raw file's encoding, when the decoding rules cannot tell it (an
    /// encoding_rs label: `gbk`, `big5`, `utf-16le` …).
    #[serde(default)]
    pub encoding: Option<Spanned<String>>,
    #[serde(default)]
    pub segment: Option<Segment>,
    #[serde(default)]
    pub replace: Vec<Replace>,
    #[serde(default, rename = "move")]
    pub moves: Vec<Move>,
    #[serde(default)]
    pub deinterleave: Vec<Deinterleave>,
    #[serde(default)]
    pub accept: Vec<Accept>,
    #[serde(default)]
    pub keep: Vec<Keep>,
    #[serde(default)]
    pub apply: Vec<Apply>,
    #[serde(default)]
    pub words: Option<Words>,
}

/// The configuration a whole corpus shares: `emend.toml` at its root.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    #[serde(default)]
    pub words: Option<Words>,
    /// The rules that run: codes (`R101`), code prefixes (`R1`, `N`) or
    /// names (`wrap-join`). All, when absent.
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules that do not run, as `select` names them: an ignored repair or
    /// normalisation changes nothing, an ignored validator reports nothing.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// The severity of a rule's findings: `V101 = "warning"` (`error`,
    /// `warning` or `info`; only errors fail `check`).
    #[serde(default)]
    pub severity: std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
    /// More ignores and severities for the documents whose path (from the
    /// directory of this file, `/`-separated) matches a glob.
    #[serde(default, rename = "per-path")]
    pub per_path: Vec<PerPath>,
    /// Where a weighed edit stops being applied and is suggested instead:
    /// a score of at least this is applied (1.0, each rule's own bar, when
    /// absent).
    #[serde(default, rename = "suggestion-threshold")]
    pub suggestion_threshold: Option<Spanned<f64>>,
}

/// One `[[per-path]]` entry of `emend.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPath {
    /// Globs of document paths: `raw/legacy-*.txt`.
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
    /// Overrides `suggestion-threshold` for those documents.
    #[serde(default, rename = "suggestion-threshold")]
    pub suggestion_threshold: Option<Spanned<f64>>,
}

impl CorpusConfig {
    /// Parses an `emend.toml` file's text.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        parse_toml(text)
    }

    /// The `[tool.emend]` table of a `pyproject.toml` file's text, when it
    /// has one (the rest of the file is not emend's to check).
    pub fn parse_pyproject(text: &str) -> Result<Option<Self>, ConfigError> {
        #[derive(Deserialize)]
        struct PyProject {
            #[serde(default)]
            tool: Option<Tools>,
        }
        #[derive(Deserialize)]
        struct Tools {
            #[serde(default)]
            emend: Option<CorpusConfig>,
        }
        let project: PyProject = parse_toml(text)?;
        Ok(project.tool.and_then(|t| t.emend))
    }
}

/// A TOML file's text as `T`, its errors with their spans.
fn parse_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Toml {
        message: e.message().to_string(),
        span: e.span(),
    })
}

/// A user dictionary, as `typos` keeps one: misspellings a person knows,
/// corrected wherever they stand, and words no typo rule may correct.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Misspelling → correction (`"平部" = "干部"`).
    #[serde(default)]
    pub correct: std::collections::BTreeMap<String, String>,
    /// Words the typo rules (the `words` stage) leave as they are.
    #[serde(default)]
    pub never: Vec<String>,
}

impl Words {
    /// The corpus's words with a document's over them: the document's
    /// correction of a word replaces the corpus's, and its `never` words
    /// are added. A document that maps a word to itself drops the corpus's
    /// correction of it.
    pub fn merged(corpus: Option<&Words>, doc: Option<&Words>) -> Words {
        let mut out = corpus.cloned().unwrap_or_default();
        if let Some(doc) = doc {
            out.correct
                .extend(doc.correct.iter().map(|(k, v)| (k.clone(), v.clone())));
            out.never.extend(doc.never.iter().cloned());
        }
        out.correct.retain(|from, to| from != to);
        out
    }

    /// Every word is non-empty.
    pub fn check(&self) -> Result<(), ConfigError> {
        let empty = self.correct.keys().any(|k| k.trim().is_empty())
            || self.never.iter().any(|w| w.trim().is_empty());
        if empty {
            return Err(ConfigError::Toml {
                message: "`[words]` holds an empty word".into(),
                span: None,
            });
        }
        Ok(())
    }
}

/// How the document is cut into records.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Unanchored regex for a statement heading, with named captures
    /// `role` and `name`.
    pub heading: Spanned<String>,
    /// Is the first block a title and the second a lead? (default: true)
    #[serde(default = "yes")]
    pub title_and_lead: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replace {
    pub find: Spanned<String>,
    pub with: String,
    pub reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    pub first: Spanned<String>,
    pub last: Spanned<String>,
    #[serde(default)]
    pub before: Option<Spanned<String>>,
    #[serde(default)]
    pub after: Option<Spanned<String>>,
    pub reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deinterleave {
    pub first: Spanned<String>,
    pub last: Spanned<String>,
    pub take: Spanned<String>,
    pub after: Spanned<String>,
    pub reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    pub rule: Spanned<String>,
    pub at: Spanned<String>,
    pub reason: Spanned<String>,
}

/// A veto: no automatic repair or normalisation (or only `rule`'s) edits
/// the text the `at` anchor matches.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keep {
    pub at: Spanned<String>,
    #[serde(default)]
    pub rule: Option<Spanned<String>>,
    pub reason: Spanned<String>,
}

/// An accepted suggestion: `rule`'s suggestion that touches the text the
/// `at` anchor matches is applied, whole, as `--apply-suggestions` would.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apply {
    pub rule: Spanned<String>,
    pub at: Spanned<String>,
    pub reason: Spanned<String>,
}

/// What is wrong with a config, with the byte span in the TOML file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{message}")]
    Toml {
        message: String,
        span: Option<Range<usize>>,
    },
    #[error("anchor `{anchor}` matches nothing in the raw text")]
    NoMatch { anchor: String, span: Range<usize> },
    #[error(
        "anchor `{anchor}` matches {count} times in the raw text; add context so it matches once"
    )]
    Ambiguous {
        anchor: String,
        count: usize,
        span: Range<usize>,
    },
    #[error("{message}")]
    Invalid { message: String, span: Range<usize> },
}

impl ConfigError {
    /// The byte span in the TOML file the error points at.
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            ConfigError::Toml { span, .. } => span.clone(),
            ConfigError::NoMatch { span, .. }
            | ConfigError::Ambiguous { span, .. }
            | ConfigError::Invalid { span, .. } => Some(span.clone()),
        }
    }
}

impl DocConfig {
    /// Parses a TOML file's text.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        parse_toml(text)
    }

    /// The heading pattern, checked and compiled.
    pub fn heading(&self) -> Result<Option<HeadingPattern>, ConfigError> {
        let Some(segment) = &self.segment else {
            return Ok(None);
        };
        HeadingPattern::new(segment.heading.get_ref())
            .map(Some)
            .map_err(|message| ConfigError::Invalid {
                message,
                span: segment.heading.span(),
            })
    }
}

impl DocConfig {
    /// The encoding the TOML's `encoding` key names, checked against the
    /// Encoding Standard's labels.
    pub fn encoding(&self) -> Result<Option<&'static encoding_rs::Encoding>, ConfigError> {
        let Some(label) = &self.encoding else {
            return Ok(None);
        };
        crate::decode::encoding_for(label.get_ref())
            .map(Some)
            .map_err(|_| ConfigError::Invalid {
                message: format!(
                    "`encoding = \"{}\"` is not an encoding name (try utf-8, utf-16le, utf-16be, gb18030, gbk, big5)",
                    label.get_ref()
                ),
                span: label.span(),
            })
    }
}

/// A declared fix's or accept's `reason`: required, and not blank, so every
/// change the TOML makes says why.
pub fn reason(reason: &Spanned<String>) -> Result<String, ConfigError> {
    let text = reason.get_ref().trim();
    if text.is_empty() {
        return Err(ConfigError::Invalid {
            message: "`reason` is empty; say why this fix or accept is right".into(),
            span: reason.span(),
        });
    }
    Ok(text.to_string())
}

/// Folds a character for anchor matching: punctuation width and quote
/// style do not matter.
pub fn fold(c: char) -> char {
    match c {
        '，' => ',',
        '：' => ':',
        '；' => ';',
        '？' => '?',
        '！' => '!',
        '（' => '(',
        '）' => ')',
        '“' | '”' | '＂' => '"',
        '‘' | '’' => '\'',
        c => c,
    }
}

/// The raw text folded for anchor matching: whitespace dropped, punctuation
/// width folded, each character with its raw byte range.
pub struct FoldedText {
    chars: Vec<char>,
    ranges: Vec<Range<usize>>,
    /// Where each pair of folded characters starts, built on the first
    /// search: `emend report` and `emend suggest` grow an anchor for each
    /// of thousands of changes, and a scan of the whole text per try made
    /// a report of a 576 KB document take 90 s (found by review).
    pairs: std::sync::OnceLock<std::collections::HashMap<(char, char), Vec<usize>>>,
}

impl FoldedText {
    pub fn new(raw: &str) -> Self {
        let (chars, ranges) = raw
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, c)| (fold(c), i..i + c.len_utf8()))
            .unzip();
        FoldedText {
            chars,
            ranges,
            pairs: std::sync::OnceLock::new(),
        }
    }

    /// Raw byte ranges of every occurrence of `anchor`. The candidates are
    /// the places of the anchor's rarest pair of characters, each checked
    /// whole: one pass over the text builds the index, and a search costs
    /// the anchor's length times that pair's count, not the text's length.
    pub fn find_all(&self, anchor: &str) -> Vec<Range<usize>> {
        let needle: Vec<char> = anchor
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(fold)
            .collect();
        if needle.is_empty() || needle.len() > self.chars.len() {
            return Vec::new();
        }
        let found = |i: &usize| self.chars.get(*i..*i + needle.len()) == Some(needle.as_slice());
        let to_range = |i: usize| self.ranges[i].start..self.ranges[i + needle.len() - 1].end;
        if needle.len() == 1 {
            let all = 0..self.chars.len();
            return all.filter(found).map(to_range).collect();
        }
        let pairs = self.pairs.get_or_init(|| {
            let mut pairs: std::collections::HashMap<(char, char), Vec<usize>> =
                std::collections::HashMap::new();
            for (i, w) in self.chars.windows(2).enumerate() {
                pairs.entry((w[0], w[1])).or_default().push(i);
            }
            pairs
        });
        let rarest = needle
            .windows(2)
            .enumerate()
            .map(|(k, w)| (k, pairs.get(&(w[0], w[1])).map_or(&[][..], Vec::as_slice)))
            .min_by_key(|(_, places)| places.len());
        let Some((k, places)) = rarest else {
            return Vec::new();
        };
        places
            .iter()
            .filter_map(|&p| p.checked_sub(k))
            .filter(found)
            .map(to_range)
            .collect()
    }

    /// The one raw range `anchor` matches, or an error naming its span.
    pub fn find_one(&self, anchor: &Spanned<String>) -> Result<Range<usize>, ConfigError> {
        let found = self.find_all(anchor.get_ref());
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(ConfigError::NoMatch {
                anchor: anchor.get_ref().clone(),
                span: anchor.span(),
            }),
            many => Err(ConfigError::Ambiguous {
                anchor: anchor.get_ref().clone(),
                count: many.len(),
                span: anchor.span(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn find_all_finds_what_a_scan_of_every_place_finds() {
        // Repetitive text, overlapping matches, one-character anchors, an
        // anchor longer than the text, folded punctuation and whitespace.
        let raw = "甲乙甲乙甲, 乙丙\n甲乙甲乙，甲乙丙丁甲";
        let folded = FoldedText::new(raw);
        for anchor in [
            "甲",
            "甲乙",
            "乙甲乙",
            "甲乙甲",
            "甲，乙",
            "乙丙",
            "丁甲",
            "戊",
            "甲乙甲乙甲乙甲乙甲乙甲乙甲乙甲乙甲乙",
        ] {
            let needle: Vec<char> = anchor
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(fold)
                .collect();
            let naive: Vec<Range<usize>> = (0..folded.chars.len())
                .filter(|&i| folded.chars.get(i..i + needle.len()) == Some(needle.as_slice()))
                .map(|i| folded.ranges[i].start..folded.ranges[i + needle.len() - 1].end)
                .collect();
            assert_eq!(folded.find_all(anchor), naive, "{anchor}");
        }
    }

    use super::*;

    #[test]
    fn anchors_ignore_whitespace_and_width() {
        let folded = FoldedText::new("意义 重大，影响\n深远。意义重大");
        assert_eq!(folded.find_all("重大,影响深远").len(), 1);
        assert_eq!(folded.find_all("意义重大").len(), 2);
        let r = &folded.find_all("影响深远")[0];
        assert_eq!(&"意义 重大，影响\n深远。意义重大"[r.clone()], "影响\n深远");
    }

    #[test]
    fn broken_toml_has_a_span() {
        let err = DocConfig::parse("[[replace]]\nfind = \"x\"\nwit = \"y\"\n").unwrap_err();
        assert!(err.span().is_some());
    }
}
