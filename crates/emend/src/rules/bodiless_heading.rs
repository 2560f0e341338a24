use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::chars::is_han;
use crate::layout::breaks::paragraph_gaps;
use crate::rules::{current_range, declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Where a heading has no body (the next heading follows it at once),
    /// suggests moving back under it the paragraph that names what the
    /// heading names, from under another heading where it follows that
    /// heading's own first paragraph.
    ///
    /// ## Why the defect happens
    /// Layout analysis orders a page's blocks by position; a statement
    /// whose block sat beside another's is read after it, and its heading,
    /// a line of its own or dropped into a paragraph, is left with
    /// nothing under it.
    ///
    /// ## Example
    /// `市旅游发展中心主任 钱立：` followed at once by `市教育局局长 孙华：`,
    /// while under `市交通局主任 赵明：` a second paragraph reads
    /// `旅游发展中心将做好旅游发展工作。`: that paragraph is suggested
    /// under 钱立's heading.
    ///
    /// ## Fix safety
    /// A suggestion only, and only with the document's heading pattern
    /// (`[segment] heading`). The evidence is words: the Han character
    /// pairs of the bodiless heading that no other heading holds (a role
    /// every heading has, `党组书记`, says nothing) found in the paragraph,
    /// at least `MIN_SHARED` more of them than of its own heading's, and
    /// `MIN_MARGIN` more than for any other paragraph. A paragraph that
    /// is the first of its section is never moved: every heading keeps
    /// its body.
    pub struct BodilessHeading {
        code: "R113",
        name: "bodiless-heading",
        stage: Structure,
        kind: Repair,
        applicability: Suggestion,
        summary: "Move a displaced paragraph back under the heading left without a body",
    }
}

/// Pairs of the heading's own characters the paragraph must hold, beyond
/// its own heading's: one or two are a two- or three-character word
/// shared by chance; three are a four-character name (`旅游发展` holds
/// 旅游, 游发, 发展). A speaker's name alone (`欧阳明`: two pairs) is
/// not enough.
const MIN_SHARED: usize = 3;
/// How many more pairs the chosen paragraph must share than any other.
const MIN_MARGIN: usize = 2;

impl Rule for BodilessHeading {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let mut heads: Vec<Range<usize>> = input
            .raw
            .headings
            .iter()
            .filter_map(|h| current_range(input.provenance, &h.range))
            .collect();
        heads.sort_by_key(|r| r.start);
        let mut out = Output::default();
        if heads.len() < 3 {
            return out;
        }
        let sections = sections(text, &heads);
        let own = own_pairs(text, &heads);
        let found = paragraph_pairs(text, &sections);
        let chosen: Vec<(usize, (usize, usize))> = (0..heads.len() - 1)
            .filter(|&k| sections[k].paragraphs.is_empty())
            .filter_map(|k| Some((k, best_paragraph(&found, &own, k)?)))
            .collect();
        for &(k, (from, paragraph)) in &chosen {
            // A paragraph two bodiless headings both name goes to neither.
            if chosen.iter().filter(|c| c.1 == (from, paragraph)).count() > 1 {
                continue;
            }
            let gap_before = sections[from].paragraphs[paragraph - 1].end
                ..sections[from].paragraphs[paragraph].start;
            let moved = sections[from].paragraphs[paragraph].clone();
            let to = heads[k].end;
            out.suggestions.push(vec![
                Edit::delete(gap_before),
                Edit::replace(to..to, "\n\n"),
                Edit::Move { range: moved, to },
            ]);
        }
        out
    }
}

/// A heading's section: the paragraphs between it and the next heading.
struct Section {
    paragraphs: Vec<Range<usize>>,
}

fn sections(text: &str, heads: &[Range<usize>]) -> Vec<Section> {
    let gaps = paragraph_gaps(text);
    (0..heads.len())
        .map(|k| {
            let body = heads[k].end..heads.get(k + 1).map_or(text.len(), |h| h.start);
            let mut paragraphs = Vec::new();
            let mut start = body.start;
            let inside = gaps
                .iter()
                .filter(|g| g.start >= body.start && g.end <= body.end);
            for g in inside.cloned().chain(std::iter::once(body.end..body.end)) {
                let piece = start..g.start;
                if !text[piece.clone()].trim().is_empty() {
                    paragraphs.push(trimmed(text, piece));
                }
                start = g.end;
            }
            Section { paragraphs }
        })
        .collect()
}

/// The range without the whitespace at its ends.
fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Each heading's Han character pairs that no other heading holds.
fn own_pairs(text: &str, heads: &[Range<usize>]) -> Vec<BTreeSet<(char, char)>> {
    let all: Vec<BTreeSet<(char, char)>> = heads.iter().map(|h| pairs(&text[h.clone()])).collect();
    let mut holders: BTreeMap<(char, char), usize> = BTreeMap::new();
    for set in &all {
        for &p in set {
            *holders.entry(p).or_default() += 1;
        }
    }
    all.into_iter()
        .map(|set| set.into_iter().filter(|p| holders[p] == 1).collect())
        .collect()
}

/// The adjacent Han character pairs of a text.
fn pairs(s: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(2)
        .filter(|w| is_han(w[0]) && is_han(w[1]))
        .map(|w| (w[0], w[1]))
        .collect()
}

/// The Han character pairs of each paragraph, section by section.
fn paragraph_pairs(text: &str, sections: &[Section]) -> Vec<Vec<BTreeSet<(char, char)>>> {
    sections
        .iter()
        .map(|s| {
            s.paragraphs
                .iter()
                .map(|p| pairs(&text[p.clone()]))
                .collect()
        })
        .collect()
}

/// The paragraph (section, index) that bodiless heading `k` names best
/// (`found`: each paragraph's pairs, by section),
/// when it names it clearly: the shared pairs beyond its own heading's
/// reach `MIN_SHARED` and beat every other paragraph by `MIN_MARGIN`.
fn best_paragraph(
    found: &[Vec<BTreeSet<(char, char)>>],
    own: &[BTreeSet<(char, char)>],
    k: usize,
) -> Option<(usize, usize)> {
    let mut scored: Vec<(usize, usize, usize)> = Vec::new();
    for (s, section) in found.iter().enumerate() {
        for (i, pairs) in section.iter().enumerate() {
            let named = own[k].intersection(pairs).count();
            let by_own = own[s].intersection(pairs).count();
            scored.push((named.saturating_sub(by_own), s, i));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (best, s, i) = *scored.first()?;
    let second = scored.get(1).map_or(0, |x| x.0);
    (best >= MIN_SHARED && best >= second + MIN_MARGIN && i > 0).then_some((s, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: &str = "市交通局主任 赵明：";
    const BODILESS: &str = "市旅游发展中心主任 钱立：";
    const LAST: &str = "市教育局局长 孙华：";

    /// Three headings, the second without a body; the first heading's
    /// section holds its own paragraph and then one that names the second.
    const TEXT: &str = "市交通局主任 赵明：\n\n交通局今年新修道路。\n\n旅游发展中心将做好旅游发展工作。\n\n市旅游发展中心主任 钱立：\n\n市教育局局长 孙华：\n\n教育工作培养人才。\n";

    /// Where each heading stands in `text`.
    fn heads_in(text: &str, headings: &[&str]) -> Vec<Range<usize>> {
        headings
            .iter()
            .map(|h| {
                let at = text.find(h).unwrap();
                at..at + h.len()
            })
            .collect()
    }

    #[test]
    fn the_paragraph_that_names_the_heading_is_chosen() {
        let heads = heads_in(TEXT, &[FIRST, BODILESS, LAST]);
        let sections = sections(TEXT, &heads);
        assert_eq!(sections[0].paragraphs.len(), 2);
        assert!(sections[1].paragraphs.is_empty());
        let own = own_pairs(TEXT, &heads);
        // `主任` is in two headings: it names neither.
        assert!(!own[1].contains(&('主', '任')));
        assert_eq!(
            best_paragraph(&paragraph_pairs(TEXT, &sections), &own, 1),
            Some((0, 1))
        );
    }

    #[test]
    fn a_paragraph_two_bodiless_headings_name_goes_to_neither() {
        // Found by review: both headings chose the same paragraph, and
        // applying both suggestions failed the clean.
        let second = "市环境保护局局长 李强：";
        let text = "市交通局主任 赵明：\n\n交通局今年新修道路。\n\n旅游发展中心与环境保护局联合做好旅游发展和环境保护工作。\n\n市旅游发展中心主任 钱立：\n\n市环境保护局局长 李强：\n\n市教育局局长 孙华：\n\n教育工作培养人才。\n";
        let heads = heads_in(text, &[FIRST, BODILESS, second, LAST]);
        let sections = sections(text, &heads);
        let own = own_pairs(text, &heads);
        let found = paragraph_pairs(text, &sections);
        assert_eq!(best_paragraph(&found, &own, 1), Some((0, 1)));
        assert_eq!(best_paragraph(&found, &own, 2), Some((0, 1)));
        // So the rule offers nothing, and applying what it offers cleans.
        let setup = crate::DocSetup {
            heading: Some(
                crate::headings::HeadingPattern::new(
                    r"(?P<role>[\p{Han}、]{2,40}) (?P<name>\p{Han}{2,3})[:：]",
                )
                .unwrap(),
            ),
            declared: Default::default(),
        };
        let options = crate::Options {
            apply_suggestions: true,
            ..Default::default()
        };
        let cleaned = crate::clean_document(text, &setup, &options).expect("cleans");
        assert!(cleaned.changes.iter().all(|c| c.rule != "bodiless-heading"));
    }

    #[test]
    fn a_sections_first_paragraph_is_never_taken() {
        // The paragraph that names the bodiless heading is the only one
        // under its section's heading: that heading keeps its body.
        let text = TEXT.replace("交通局今年新修道路。\n\n", "");
        let heads = heads_in(&text, &[FIRST, BODILESS, LAST]);
        let sections = sections(&text, &heads);
        let own = own_pairs(&text, &heads);
        assert_eq!(
            best_paragraph(&paragraph_pairs(&text, &sections), &own, 1),
            None
        );
    }
}
