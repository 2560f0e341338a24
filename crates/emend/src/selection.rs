//! Which rules run and how bad their findings are, as a corpus's
//! `emend.toml` says (`select`, `ignore`, `severity`,
//! `suggestion-threshold`, `[[per-path]]`), the
//! way ruff and typos let a team choose: resolved here, once per document,
//! into [`Selection`], which the command line folds into the engine's
//! [`Options`](crate::Options).
//!
//! A rule is named by its code (`R101`, any case), its name (`wrap-join`)
//! or a code prefix (`R1`, `N`: a letter and at most two digits). A name
//! that matches no rule is an error at its place in the file, as is a
//! severity other than `error`, `warning` or `info`. Declared fixes
//! (`D1xx`) cannot be switched off here: they belong to a document's TOML.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use globset::Glob;
use toml::Spanned;

use crate::config::{ConfigError, CorpusConfig};
use crate::rules::{all_metas, RuleKind, RuleMeta, Score, Severity};

/// What `emend.toml` decides for one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Names of the rules that do not run.
    pub disabled: BTreeSet<&'static str>,
    /// Severity of findings, by rule code.
    pub severity: BTreeMap<&'static str, Severity>,
    /// Where weighed edits stop being applied; the rules' own bar when
    /// `None`.
    pub suggestion_threshold: Option<Score>,
}

/// The selection `config` makes for the document at `path` (relative to
/// the directory of the configuration file, `/`-separated).
pub fn resolve(config: &CorpusConfig, path: &str) -> Result<Selection, ConfigError> {
    let selected: Option<BTreeSet<&'static str>> = match &config.select {
        Some(keys) => Some(names_of(keys)?),
        None => None,
    };
    let mut ignored = names_of(&config.ignore)?;
    let mut severity = severities(&config.severity)?;
    let mut suggestion_threshold = threshold(config.suggestion_threshold.as_ref())?;
    // Every entry is checked, whether or not it matches this document: a
    // mistake in one is an error however the corpus's paths fall.
    for entry in &config.per_path {
        let matches = matches_any(&entry.files, path)?;
        let (entry_ignored, entry_severity) =
            (names_of(&entry.ignore)?, severities(&entry.severity)?);
        let entry_threshold = threshold(entry.suggestion_threshold.as_ref())?;
        if matches {
            ignored.extend(entry_ignored);
            severity.extend(entry_severity);
            suggestion_threshold = entry_threshold.or(suggestion_threshold);
        }
    }
    let disabled = all_metas()
        .filter(|m| m.kind != RuleKind::Declared)
        .map(|m| m.name)
        .filter(|name| {
            ignored.contains(name) || selected.as_ref().is_some_and(|s| !s.contains(name))
        })
        .collect();
    Ok(Selection {
        disabled,
        severity,
        suggestion_threshold,
    })
}

/// A `suggestion-threshold`: a score, a number from 0 up (1.0 is every
/// rule's own bar; 0 applies all a rule offers).
fn threshold(value: Option<&Spanned<f64>>) -> Result<Option<Score>, ConfigError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let number = *value.get_ref();
    let score = Score::threshold(number).ok_or_else(|| {
        invalid(
            value.span(),
            format!("suggestion-threshold {number}: {}", Score::EXPECTED),
        )
    })?;
    Ok(Some(score))
}

/// The names of the rules some key names (declared fixes left out).
fn names_of(keys: &[Spanned<String>]) -> Result<BTreeSet<&'static str>, ConfigError> {
    let mut out = BTreeSet::new();
    for key in keys {
        out.extend(rules_named(key)?.into_iter().map(|m| m.name));
    }
    Ok(out)
}

/// The rules one key names: by code, name or code prefix.
fn rules_named(key: &Spanned<String>) -> Result<Vec<&'static RuleMeta>, ConfigError> {
    let k = key.get_ref().as_str();
    let is_prefix = |k: &str| {
        let mut chars = k.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && k.len() <= 3
            && chars.all(|c| c.is_ascii_digit())
    };
    let found: Vec<&'static RuleMeta> = all_metas()
        .filter(|m| {
            m.code.eq_ignore_ascii_case(k)
                || m.name == k
                || (is_prefix(k)
                    && m.code
                        .to_ascii_uppercase()
                        .starts_with(&k.to_ascii_uppercase()))
        })
        .collect();
    if found.is_empty() {
        return Err(invalid(
            key.span(),
            format!("no rule `{k}` (see `emend rules`)"),
        ));
    }
    let switchable: Vec<&'static RuleMeta> = found
        .into_iter()
        .filter(|m| m.kind != RuleKind::Declared)
        .collect();
    if switchable.is_empty() {
        return Err(invalid(
            key.span(),
            format!("`{k}` names declared fixes, which a document's TOML holds: remove them there"),
        ));
    }
    Ok(switchable)
}

/// A `severity` table, by rule code.
fn severities(
    table: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> Result<BTreeMap<&'static str, Severity>, ConfigError> {
    let mut out = BTreeMap::new();
    // A code prefix (`V1`) first, then an exact code or name (`V102`), so
    // the more specific key wins whatever their order.
    let mut keys: Vec<(&Spanned<String>, &Spanned<String>)> = table.iter().collect();
    keys.sort_by_key(|(key, _)| exact(key.get_ref()));
    for (key, level) in keys {
        let severity = match level.get_ref().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err(invalid(
                    level.span(),
                    format!("severity `{other}`: expected `error`, `warning` or `info`"),
                ))
            }
        };
        for meta in rules_named(key)? {
            out.insert(meta.code, severity);
        }
    }
    Ok(out)
}

/// Does a key name one rule exactly (its code or name), not a prefix?
fn exact(key: &str) -> bool {
    all_metas().any(|m| m.code.eq_ignore_ascii_case(key) || m.name == key)
}

/// Does `path` match one of the globs? Every glob is compiled (and a bad
/// one is an error) before any is matched.
fn matches_any(globs: &[Spanned<String>], path: &str) -> Result<bool, ConfigError> {
    let mut matchers = Vec::with_capacity(globs.len());
    for glob in globs {
        let matcher = Glob::new(glob.get_ref())
            .map_err(|e| invalid(glob.span(), format!("glob `{}`: {e}", glob.get_ref())))?
            .compile_matcher();
        matchers.push(matcher);
    }
    Ok(matchers.iter().any(|m| m.is_match(path)))
}

fn invalid(span: Range<usize>, message: String) -> ConfigError {
    ConfigError::Invalid { message, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(toml: &str, path: &str) -> Result<Selection, ConfigError> {
        resolve(&CorpusConfig::parse(toml).unwrap(), path)
    }

    #[test]
    fn select_and_ignore_take_codes_prefixes_and_names() {
        let s = select(
            "select = [\"R1\", \"V\"]\nignore = [\"wrap-join\", \"v104\"]\n",
            "raw/a.txt",
        )
        .unwrap();
        for on in ["page-break-join", "column-split", "unbalanced-quotes"] {
            assert!(!s.disabled.contains(on), "{on}");
        }
        for off in [
            "wrap-join",
            "doubtful-cjk-space",
            "punct-width",
            "pdf-glyphs",
        ] {
            assert!(s.disabled.contains(off), "{off}");
        }
        // Declared fixes are never switched off.
        assert!(!s.disabled.contains("declared-replace"));
    }

    #[test]
    fn per_path_adds_ignores_and_severities_where_its_globs_match() {
        let toml = "[severity]\nV101 = \"warning\"\n\n[[per-path]]\nfiles = [\"raw/legacy-*.txt\"]\nignore = [\"N104\"]\nseverity = { unterminated-paragraph = \"info\" }\n";
        let legacy = select(toml, "raw/legacy-1.txt").unwrap();
        assert!(legacy.disabled.contains("quote-pairs"));
        assert_eq!(legacy.severity.get("V101"), Some(&Severity::Info));
        let other = select(toml, "raw/new.txt").unwrap();
        assert!(other.disabled.is_empty());
        assert_eq!(other.severity.get("V101"), Some(&Severity::Warning));
    }

    #[test]
    fn a_mistake_is_an_error_even_where_no_path_matches() {
        let toml = "[[per-path]]\nfiles = [\"raw/none-*.txt\"]\nignore = [\"wrap-joni\"]\n";
        assert!(select(toml, "raw/a.txt").is_err());
        let toml = "[[per-path]]\nfiles = [\"raw/*.txt\", \"raw/[\"]\n";
        assert!(select(toml, "raw/a.txt").is_err());
    }

    #[test]
    fn the_threshold_is_a_score_a_per_path_entry_overrides() {
        let toml = "suggestion-threshold = 1.5\n\n[[per-path]]\nfiles = [\"raw/scans/*\"]\nsuggestion-threshold = 0\n";
        let plain = select(toml, "raw/a.txt").unwrap();
        assert_eq!(plain.suggestion_threshold, Some(Score::at_least(1.5)));
        let scan = select(toml, "raw/scans/a.txt").unwrap();
        assert_eq!(scan.suggestion_threshold, Some(Score::at_least(0.0)));
        assert_eq!(select("", "raw/a.txt").unwrap().suggestion_threshold, None);
        let e = select("suggestion-threshold = -1\n", "raw/a.txt").unwrap_err();
        assert!(e.to_string().contains("from 0 up"), "{e}");
        let e = CorpusConfig::parse("suggestion-threshold = \"high\"\n").unwrap_err();
        assert!(e.to_string().contains("expected f64"), "{e}");
    }

    #[test]
    fn the_exact_severity_wins_over_a_prefix() {
        let toml = "[severity]\nv1 = \"info\"\nV102 = \"error\"\n";
        let s = select(toml, "raw/a.txt").unwrap();
        assert_eq!(s.severity.get("V102"), Some(&Severity::Error));
        assert_eq!(s.severity.get("V101"), Some(&Severity::Info));
    }

    #[test]
    fn an_unknown_rule_or_severity_is_an_error_at_its_place() {
        let toml = "ignore = [\"wrap-join\", \"wrap-joni\"]\n";
        let e = select(toml, "raw/a.txt").unwrap_err();
        let at = toml.find("\"wrap-joni\"").unwrap();
        assert_eq!(e.span(), Some(at..at + 11), "{e}");
        assert!(e.to_string().contains("no rule `wrap-joni`"), "{e}");
        let e = select("[severity]\nV101 = \"fatal\"\n", "raw/a.txt").unwrap_err();
        assert!(e.to_string().contains("severity `fatal`"), "{e}");
        let e = select("ignore = [\"D101\"]\n", "raw/a.txt").unwrap_err();
        assert!(e.to_string().contains("declared fixes"), "{e}");
        let e = select("[[per-path]]\nfiles = [\"raw/[\"]\n", "raw/a.txt").unwrap_err();
        assert!(e.to_string().contains("glob"), "{e}");
    }
}
