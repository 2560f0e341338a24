//! Declared fixes resolved against one raw text: every anchor becomes a raw
//! byte range, or an error naming the TOML span that failed.

use std::ops::Range;

use crate::config::{self, ConfigError, DocConfig, FoldedText};
use crate::rules::{self, RuleKind};

/// A `replace` fix: a raw range and its replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplaceFix {
    pub index: usize,
    pub reason: String,
    /// The span of its first anchor in the TOML file.
    pub span: Range<usize>,
    pub range: Range<usize>,
    pub with: String,
}

/// A `move` fix: a raw range and the raw offset it goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveFix {
    pub index: usize,
    pub reason: String,
    /// The span of its first anchor in the TOML file.
    pub span: Range<usize>,
    pub range: Range<usize>,
    pub to: usize,
    /// Is `to` the end of an `after` anchor (rather than the start of a `before`)?
    pub after: bool,
    /// When the block stands at an edge of the text with no whitespace on
    /// the side it would take along: the whitespace on its other side,
    /// deleted, and a blank line written at the destination instead.
    pub regap: Option<Range<usize>>,
}

/// A `deinterleave` fix: the visual lines that leave, the separators that
/// go with them, and where the lines go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeinterleaveFix {
    pub index: usize,
    pub reason: String,
    /// The span of its first anchor in the TOML file.
    pub span: Range<usize>,
    pub lines: Vec<Range<usize>>,
    pub separators: Vec<Range<usize>>,
    pub to: usize,
}

/// An `accept`: findings of `rule` inside `range` are accepted with `reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptFix {
    pub index: usize,
    pub rule: String,
    pub range: Range<usize>,
    pub reason: String,
    /// The span of the `at` anchor in the TOML file.
    pub span: Range<usize>,
}

/// A `keep`: no automatic rule (or only `rule`) edits `range`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepFix {
    pub index: usize,
    /// The rule it stops, by name; every automatic rule when `None`.
    pub rule: Option<String>,
    pub range: Range<usize>,
    pub reason: String,
    /// The span of the `at` anchor in the TOML file.
    pub span: Range<usize>,
}

impl KeepFix {
    /// Does the keep stop an edit of `rule` that touches the raw bytes
    /// `touched` (or, for an insertion, stands at the raw point `at`)?
    pub fn stops(&self, rule: &str, touched: &[Range<usize>], at: usize) -> bool {
        let rule_matches = self.rule.as_deref().is_none_or(|r| r == rule);
        rule_matches && anchor_touched(&self.range, touched, at)
    }
}

/// An `apply`: `rule`'s suggestion with an edit that touches `range` is
/// applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyFix {
    pub index: usize,
    pub rule: String,
    pub range: Range<usize>,
    pub reason: String,
    /// The span of the `at` anchor in the TOML file.
    pub span: Range<usize>,
}

impl ApplyFix {
    /// Does the apply accept an edit of `rule` that touches the raw bytes
    /// `touched` (or, for an insertion, stands at the raw point `at`)?
    pub fn accepts(&self, rule: &str, touched: &[Range<usize>], at: usize) -> bool {
        self.rule == rule && anchor_touched(&self.range, touched, at)
    }
}

/// Does an edit that takes the raw bytes `touched` (none: an insertion at
/// the raw point `at`) touch an anchor's match `anchor`?
fn anchor_touched(anchor: &Range<usize>, touched: &[Range<usize>], at: usize) -> bool {
    if touched.is_empty() {
        anchor.start < at && at < anchor.end
    } else {
        touched
            .iter()
            .any(|r| r.start < anchor.end && anchor.start < r.end)
    }
}

/// All declared fixes of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    pub replaces: Vec<ReplaceFix>,
    pub moves: Vec<MoveFix>,
    pub deinterleaves: Vec<DeinterleaveFix>,
    pub accepts: Vec<AcceptFix>,
    pub keeps: Vec<KeepFix>,
    pub applies: Vec<ApplyFix>,
    /// The user dictionary's corrections, one per place a misspelling stands.
    pub corrections: Vec<CorrectionFix>,
    /// Where the user dictionary's `never` words stand: no typo rule edits there.
    pub never: Vec<Range<usize>>,
}

/// A known misspelling where it stands in the raw text, and its correction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionFix {
    pub misspelling: String,
    pub correction: String,
    /// The raw characters that differ, and what replaces them.
    pub range: Range<usize>,
    pub with: String,
}

/// Which declared fix, for leaving one out (the redundancy check).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixId {
    Replace(usize),
    Move(usize),
    Deinterleave(usize),
}

impl Declared {
    /// Every fix that edits text, by id.
    pub fn ids(&self) -> Vec<FixId> {
        let r = self.replaces.iter().map(|f| FixId::Replace(f.index));
        let m = self.moves.iter().map(|f| FixId::Move(f.index));
        let d = self
            .deinterleaves
            .iter()
            .map(|f| FixId::Deinterleave(f.index));
        r.chain(m).chain(d).collect()
    }

    /// Where a fix is declared in the TOML file.
    pub fn span(&self, id: FixId) -> Range<usize> {
        let found = match id {
            FixId::Replace(i) => self.replaces.iter().find(|f| f.index == i).map(|f| &f.span),
            FixId::Move(i) => self.moves.iter().find(|f| f.index == i).map(|f| &f.span),
            FixId::Deinterleave(i) => self
                .deinterleaves
                .iter()
                .find(|f| f.index == i)
                .map(|f| &f.span),
        };
        found.cloned().unwrap_or(0..0)
    }

    /// The same fixes less one.
    pub fn without(&self, id: FixId) -> Declared {
        let mut d = self.clone();
        match id {
            FixId::Replace(i) => d.replaces.retain(|f| f.index != i),
            FixId::Move(i) => d.moves.retain(|f| f.index != i),
            FixId::Deinterleave(i) => d.deinterleaves.retain(|f| f.index != i),
        }
        d
    }
}

/// Resolves the config's anchors against `raw`.
pub fn resolve(config: &DocConfig, raw: &str) -> Result<Declared, ConfigError> {
    let folded = FoldedText::new(raw);
    let mut out = Declared::default();
    for (index, fix) in config.replace.iter().enumerate() {
        let found = folded.find_one(&fix.find)?;
        let (range, with) = narrow(raw, found, &fix.with);
        out.replaces.push(ReplaceFix {
            index,
            reason: config::reason(&fix.reason)?,
            span: fix.find.span(),
            range,
            with,
        });
    }
    for (index, fix) in config.moves.iter().enumerate() {
        let first = folded.find_one(&fix.first)?;
        let last = folded.find_one(&fix.last)?;
        let bad = |message: &str| ConfigError::Invalid {
            message: message.into(),
            span: fix.first.span(),
        };
        if last.end <= first.start {
            return Err(bad("`last` comes before `first`"));
        }
        // The block takes the blank line on one side along (after it for
        // `before`, before it for `after`), so the gap it leaves closes and
        // it arrives with a gap next to the anchor. At an edge of the text
        // there is none on that side: then the blank line on its other side
        // is deleted and a new one written at the destination.
        let gap_after = last.end..skip_whitespace(raw, last.end);
        let gap_before = back_over_whitespace(raw, first.start)..first.start;
        let is_gap = |r: &Range<usize>| raw[r.clone()].matches('\n').count() >= 2;
        let (to, after, take, other) = match (&fix.before, &fix.after) {
            (Some(before), None) => (folded.find_one(before)?.start, false, gap_after, gap_before),
            (None, Some(after)) => (folded.find_one(after)?.end, true, gap_before, gap_after),
            _ => return Err(bad("a move needs exactly one of `before` and `after`")),
        };
        let block = first.start..last.end;
        let (range, regap) = if is_gap(&take) {
            (block.start.min(take.start)..block.end.max(take.end), None)
        } else {
            (block, Some(other).filter(is_gap))
        };
        if range.contains(&to) {
            return Err(bad("a move's destination lies inside the moved block"));
        }
        out.moves.push(MoveFix {
            index,
            reason: config::reason(&fix.reason)?,
            span: fix.first.span(),
            range,
            to,
            after,
            regap,
        });
    }
    for (index, fix) in config.deinterleave.iter().enumerate() {
        let first = folded.find_one(&fix.first)?;
        let last = folded.find_one(&fix.last)?;
        if last.end <= first.start {
            return Err(ConfigError::Invalid {
                message: "`last` comes before `first`".into(),
                span: fix.last.span(),
            });
        }
        let odd = match fix.take.get_ref().as_str() {
            "odd" => true,
            "even" => false,
            _ => {
                return Err(ConfigError::Invalid {
                    message: "`take` is \"odd\" or \"even\"".into(),
                    span: fix.take.span(),
                })
            }
        };
        let to = folded.find_one(&fix.after)?.end;
        let region = first.start..last.end;
        if region.contains(&to) {
            return Err(ConfigError::Invalid {
                message: "`after` lies inside the region it takes lines from".into(),
                span: fix.after.span(),
            });
        }
        let mut split = split_streams(raw, index, region, odd, to);
        split.span = fix.first.span();
        split.reason = config::reason(&fix.reason)?;
        out.deinterleaves.push(split);
    }
    refuse_overlaps(&out)?;
    for (index, fix) in config.accept.iter().enumerate() {
        let Some(rule) = rules::find_meta(fix.rule.get_ref()) else {
            return Err(ConfigError::Invalid {
                message: format!("unknown rule `{}` (see `emend rules`)", fix.rule.get_ref()),
                span: fix.rule.span(),
            });
        };
        out.accepts.push(AcceptFix {
            index,
            rule: rule.name.to_string(),
            range: folded.find_one(&fix.at)?,
            reason: config::reason(&fix.reason)?,
            span: fix.at.span(),
        });
    }
    for (index, fix) in config.keep.iter().enumerate() {
        let rule = fix.rule.as_ref().map(automatic_rule).transpose()?;
        out.keeps.push(KeepFix {
            index,
            rule,
            range: folded.find_one(&fix.at)?,
            reason: config::reason(&fix.reason)?,
            span: fix.at.span(),
        });
    }
    if let Some(words) = &config.words {
        words.check()?;
        let taken: Vec<Range<usize>> = out
            .replaces
            .iter()
            .map(|r| r.range.clone())
            .chain(out.moves.iter().map(|m| m.range.clone()))
            .collect();
        out.corrections = corrections(raw, &folded, words, &taken);
        out.never = words
            .never
            .iter()
            .flat_map(|w| folded.find_all(w))
            .collect();
    }
    for (index, fix) in config.apply.iter().enumerate() {
        out.applies.push(ApplyFix {
            index,
            rule: automatic_rule(&fix.rule)?,
            range: folded.find_one(&fix.at)?,
            reason: config::reason(&fix.reason)?,
            span: fix.at.span(),
        });
    }
    Ok(out)
}

/// Every place a known misspelling stands (matched as anchors are:
/// whitespace and punctuation width aside), narrowed to the characters
/// the correction changes. Longer misspellings first; a place that
/// overlaps one already taken, or text a declared fix takes, is left.
fn corrections(
    raw: &str,
    folded: &FoldedText,
    words: &config::Words,
    declared: &[Range<usize>],
) -> Vec<CorrectionFix> {
    let mut entries: Vec<(&String, &String)> = words.correct.iter().collect();
    entries.sort_by_key(|(from, _)| std::cmp::Reverse(from.chars().count()));
    let mut taken: Vec<Range<usize>> = declared.to_vec();
    let mut out = Vec::new();
    for (from, to) in entries {
        for found in folded.find_all(from) {
            if taken
                .iter()
                .any(|t| t.start < found.end && found.start < t.end)
            {
                continue;
            }
            taken.push(found.clone());
            // A word stands within a paragraph: a match across a blank
            // line or a page break is two words' pieces, and whitespace in
            // the letters to replace would be replaced with them.
            let across_paragraphs = raw[found.clone()].contains('\u{c}')
                || raw[found.clone()].matches(['\n', '\r']).count() > 1;
            let Some((range, with)) = narrow_letters(raw, found, to) else {
                continue;
            };
            if across_paragraphs || raw[range.clone()].contains(char::is_whitespace) {
                continue;
            }
            out.push(CorrectionFix {
                misspelling: from.clone(),
                correction: to.clone(),
                range,
                with,
            });
        }
    }
    out.sort_by_key(|c| c.range.start);
    out
}

/// The name of the automatic rule (a repair or a normalisation) a `keep`
/// names: a validator edits nothing and a declared fix is the TOML's own.
fn automatic_rule(key: &toml::Spanned<String>) -> Result<String, ConfigError> {
    match rules::find_meta(key.get_ref()) {
        Some(m) if matches!(m.kind, RuleKind::Repair | RuleKind::Normalisation) => {
            Ok(m.name.to_string())
        }
        Some(m) => Err(ConfigError::Invalid {
            message: format!(
                "`{}` is not a repair or normalisation; a keep or an apply names only those",
                m.name
            ),
            span: key.span(),
        }),
        None => Err(ConfigError::Invalid {
            message: format!("unknown rule `{}` (see `emend rules`)", key.get_ref()),
            span: key.span(),
        }),
    }
}

/// Declared fixes apply to the raw text as it came, each on its own
/// stretch of it: two fixes that take overlapping text, or a destination
/// inside text another fix takes away, cannot both apply. That is the TOML
/// author's mistake, reported at the later fix.
fn refuse_overlaps(declared: &Declared) -> Result<(), ConfigError> {
    let mut taken: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut destinations: Vec<(usize, Range<usize>)> = Vec::new();
    for f in &declared.replaces {
        taken.push((f.range.clone(), f.span.clone()));
    }
    for f in &declared.moves {
        taken.push((f.range.clone(), f.span.clone()));
        taken.extend(f.regap.iter().map(|r| (r.clone(), f.span.clone())));
        destinations.push((f.to, f.span.clone()));
    }
    for f in &declared.deinterleaves {
        let start = f.lines.iter().chain(&f.separators).map(|r| r.start).min();
        let end = f.lines.iter().chain(&f.separators).map(|r| r.end).max();
        if let (Some(start), Some(end)) = (start, end) {
            taken.push((start..end, f.span.clone()));
        }
        destinations.push((f.to, f.span.clone()));
    }
    taken.sort_by_key(|(r, _)| (r.start, r.end));
    for pair in taken.windows(2) {
        let ((a, a_span), (b, b_span)) = (&pair[0], &pair[1]);
        if b.start < a.end || (b.start == a.start && b.is_empty() == a.is_empty()) {
            let later = if a_span.start > b_span.start {
                a_span
            } else {
                b_span
            };
            return Err(ConfigError::Invalid {
                message: "this fix takes text another declared fix takes too; merge them into one"
                    .into(),
                span: later.clone(),
            });
        }
    }
    for (to, span) in destinations {
        let inside = taken
            .iter()
            .find(|(r, s)| r.start < to && to < r.end && s != &span);
        if inside.is_some() {
            return Err(ConfigError::Invalid {
                message: "this fix's destination lies inside text another declared fix takes away"
                    .into(),
                span,
            });
        }
    }
    Ok(())
}

/// The characters of the raw match `range` that differ from `with`, the
/// whitespace of the raw text aside (a misspelling matched across a line
/// break keeps it: `平⏎部` with `干部` replaces only `平`), and what
/// replaces them. `None` when nothing differs.
fn narrow_letters(raw: &str, range: Range<usize>, with: &str) -> Option<(Range<usize>, String)> {
    let letters: Vec<(usize, char)> = raw[range.clone()]
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (range.start + i, c))
        .collect();
    let wanted: Vec<char> = with.chars().collect();
    let prefix = letters
        .iter()
        .zip(&wanted)
        .take_while(|((_, a), b)| a == *b)
        .count();
    let suffix = letters[prefix..]
        .iter()
        .rev()
        .zip(wanted[prefix..].iter().rev())
        .take_while(|((_, a), b)| a == *b)
        .count();
    let changed = &letters[prefix..letters.len() - suffix];
    let replacement: String = wanted[prefix..wanted.len() - suffix].iter().collect();
    let (start, end) = match (changed.first(), changed.last()) {
        (Some(&(s, _)), Some(&(e, c))) => (s, e + c.len_utf8()),
        // An insertion: where the first kept letter after it starts.
        _ => {
            let at = letters.get(prefix).map_or(range.end, |&(s, _)| s);
            (at, at)
        }
    };
    (start != end || !replacement.is_empty()).then_some((start..end, replacement))
}

/// Narrows a replacement to the characters that differ: the context that
/// made the anchor unique stays raw text, so provenance and the diff show
/// exactly what the fix changed (`广大平部群众` → `广大干部群众` replaces `平`).
fn narrow(raw: &str, range: Range<usize>, with: &str) -> (Range<usize>, String) {
    let old = &raw[range.clone()];
    let prefix: usize = old
        .chars()
        .zip(with.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(with[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let start = range.start + prefix;
    let end = (range.end - suffix).max(start);
    let new_end = (with.len() - suffix).max(prefix);
    (start..end, with[prefix..new_end].to_string())
}

fn skip_whitespace(raw: &str, from: usize) -> usize {
    let rest = &raw[from..];
    from + (rest.len() - rest.trim_start().len())
}

fn back_over_whitespace(raw: &str, to: usize) -> usize {
    raw[..to].trim_end().len()
}

/// Splits `region` into its visual lines (at whitespace runs) and picks the
/// odd (1st, 3rd, …) or even ones. The separator after each picked line goes
/// with it, or the one before it when it is the region's last line.
fn split_streams(
    raw: &str,
    index: usize,
    region: Range<usize>,
    odd: bool,
    to: usize,
) -> DeinterleaveFix {
    let text = &raw[region.clone()];
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut seps: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let at = region.start + i;
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(at),
            (true, Some(s)) => {
                lines.push(s..at);
                start = None;
                seps.push(at..at + c.len_utf8());
            }
            (true, None) => {
                if let Some(last) = seps.last_mut() {
                    last.end = at + c.len_utf8();
                }
            }
            (false, Some(_)) => {}
        }
    }
    if let Some(s) = start {
        lines.push(s..region.end);
    }
    let taken: Vec<usize> = (0..lines.len()).filter(|i| (i % 2 == 0) == odd).collect();
    let separators = taken
        .iter()
        .filter_map(|&i| {
            if i + 1 < lines.len() {
                seps.get(i).cloned()
            } else {
                i.checked_sub(1).and_then(|j| seps.get(j).cloned())
            }
        })
        .collect();
    DeinterleaveFix {
        index,
        reason: String::new(),
        span: 0..0,
        lines: taken.iter().map(|&i| lines[i].clone()).collect(),
        separators,
        to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The raw ranges an edit touching only `r` reports.
    fn one(r: Range<usize>) -> Vec<Range<usize>> {
        std::iter::once(r).collect()
    }

    #[test]
    fn a_keep_stops_edits_inside_its_anchor_of_its_rule() {
        let keep = KeepFix {
            index: 0,
            rule: Some("wrap-join".into()),
            range: 10..20,
            reason: "veto".into(),
            span: 0..0,
        };
        assert!(keep.stops("wrap-join", &one(15..16), 15));
        assert!(keep.stops("wrap-join", &one(5..11), 5));
        assert!(!keep.stops("wrap-join", &one(20..22), 20));
        assert!(!keep.stops("punct-width", &one(15..16), 15));
        // An insertion stops inside the anchor, not at its edges.
        assert!(keep.stops("wrap-join", &[], 12));
        assert!(!keep.stops("wrap-join", &[], 10));
        let any_rule = KeepFix { rule: None, ..keep };
        assert!(any_rule.stops("punct-width", &one(15..16), 15));
    }

    #[test]
    fn streams_alternate() {
        let raw = "A1 B1 A2 B2 A3";
        let fix = split_streams(raw, 0, 0..raw.len(), false, raw.len());
        let lines: Vec<&str> = fix.lines.iter().map(|r| &raw[r.clone()]).collect();
        assert_eq!(lines, vec!["B1", "B2"]);
        assert_eq!(fix.separators, vec![5..6, 11..12]);
    }

    #[test]
    fn replacements_are_narrowed() {
        let raw = "他们走过平原";
        let (range, with) = narrow(raw, 0..raw.len(), "他们走过草原");
        assert_eq!((&raw[range], with.as_str()), ("平", "草"));
    }

    #[test]
    fn a_move_from_the_end_brings_a_gap() {
        let config = DocConfig::parse(
            "[[move]]\nfirst = \"乙\"\nlast = \"乙\"\nbefore = \"甲\"\nreason = \"r\"\n",
        )
        .unwrap();
        let raw = "甲\n\n丙\n\n乙";
        let d = resolve(&config, raw).unwrap();
        assert_eq!(&raw[d.moves[0].range.clone()], "乙");
        assert_eq!(&raw[d.moves[0].regap.clone().unwrap()], "\n\n");
    }

    #[test]
    fn move_takes_its_gap_along() {
        let config = DocConfig::parse(
            "[[move]]\nfirst = \"乙\"\nlast = \"乙\"\nbefore = \"丙\"\nreason = \"r\"\n",
        )
        .unwrap();
        let raw = "甲\n\n乙\n\n丙";
        let d = resolve(&config, raw).unwrap();
        assert_eq!(&raw[d.moves[0].range.clone()], "乙\n\n");
        assert_eq!(d.moves[0].to, raw.find('丙').unwrap());
    }
}
