//! `check`'s question for every declared fix: is it redundant, that is, is
//! the cleaned text the same without it?
//!
//! The answer that counts is a leave-one-out clean: the whole document
//! cleaned again without the fix, compared with the text cleaned with every
//! fix. That costs a clean per fix, too much for a large document with many
//! fixes (200 replaces on 0.5 MB took 12 to 20 s). So a prefilter first
//! picks out the fixes that are *surely needed*, from the one clean `check`
//! has already done, and only the others are cleaned again. The prefilter
//! may only err towards "not sure": a fix it calls needed is never
//! redundant, so `check` reports exactly the fixes it reported before.
//!
//! # Why the prefilter is sound
//!
//! It counts characters, not places: where the built-in rules act, and
//! what they decide, can change far from a fix (a running header counted
//! on three pages, a document letter-spaced as a whole) and an edit
//! elsewhere can shift text into the same string, so "no built-in change
//! near the fix" proves nothing. What they *can* do to a character does
//! not depend on any of that.
//!
//! Each character is counted as its *class*: the base characters (those
//! of combining class 0) of its canonical decomposition, so that a cluster
//! and its NFC form count the same; a full-width ASCII form as the ASCII
//! character; `“` and `”` as `"`; `〈` as `(`; a radical glyph as its
//! ideograph; a character `ocr-misreads` may replace, or put, as one class
//! with those it is confused with; whitespace and invisible marks not at
//! all ([`classes`]).
//! `M(s)` is the multiset of classes of the characters of `s`, so
//! `M(a + b) = M(a) + M(b)`.
//!
//! **What the built-in rules can do to `M`.** Whatever a built-in rule
//! decides, each of its edits deletes whitespace or an invisible mark,
//! inserts whitespace, moves text, turns a full-width letter or digit into
//! ASCII, `〈` into a round bracket, a misread Han character into the one
//! it is confused with, a radical glyph into the ideograph it decomposes
//! to, half-width punctuation into full-width or a straight double quote
//! into a curly one, writes a cluster in NFC, or (`page-furniture`)
//! deletes whole lines of page numbers and running headers. None adds a
//! class: `M(after) ≤
//! M(before)` for every built-in change, but for two rules':
//! `repeated-phrase` (R205) replaces a Han character with one that stands
//! in the same phrase elsewhere in the text, and `sound-alikes` (R206, a
//! suggestion only) with one of the same reading. So with
//! `--apply-suggestions` `check` cleans every fix again (no prefilter),
//! and it calls no fix needed when its clean holds a change of either
//! rule or the document's TOML has an `[[apply]]` of one. `repeated-phrase`
//! is applied by default, though, and may act in a clean without a fix
//! where it did not act in the clean with every fix: that is bounded
//! below ("What `repeated-phrase` can write"). Otherwise this is the one
//! property of the rules the argument rests on. [`gains`] tests it;
//! `check` tests it on every built-in change of the clean it has, and if
//! one breaks it, calls no fix needed; tests/redundancy.rs tests it on
//! every text the repository holds.
//!
//! So the built-in rules take the text `S` that the declared fixes leave
//! them to a text `T` with `M(T) = M(S) − X`, where `X`, the sum of
//! `M(before) − M(after)` over their changes, is `≥ 0`.
//!
//! **Leaving one replace out.** Let `T` be the clean with every fix (the
//! one `check` has), with its `S` and `X`; `T'`, `S'` and `X'` the same for
//! the clean without a `[[replace]]` fix `f` (raw range `R`, replacement
//! `w`). Suppose `f` was applied in `T`'s clean (its change is there), and
//! no other replace's raw range, ends included, meets `R`, ends included.
//! Then every other declared fix adds and takes away the same classes in
//! both cleans: another replace applies when its raw range is still there,
//! whole and unbroken, and `f` neither takes from it nor writes into or
//! beside it; a move or a deinterleave moves raw text and deletes or
//! inserts only whitespace, so whether it applies does not change `M`.
//! Hence `M(S) − M(S') = M(w) − M(raw[R]) =: Δ`. If `f` were redundant,
//! `T = T'`, so `M(T) = M(T')`, so `M(S) − X = M(S') − X'`, that is
//! `Δ = X − X'`. Two consequences, each a test that proves `f` needed:
//!
//! 1. `Δ ≤ X`, since `X' ≥ 0`. A class `f` adds more often than the
//!    built-in rules took it away in `T`'s clean, `Δ(c) > X(c)`, proves `f`
//!    needed. For a misreading `平` → `干` that is any `干` not in removed
//!    page furniture: the common case.
//! 2. `X'(c) = X(c) − Δ(c)`. With no form feed in the raw text or in any
//!    replacement (and no built-in rule writes one), no clean has a running
//!    header, so `page-furniture` deletes only page-number lines, whose only
//!    Han characters are `第`, `页` and `共`; no other built-in change takes
//!    away a character that is not whitespace. So `X'(c) = 0` for every
//!    other Han class `c`, and a Han class other than those three that `f`
//!    takes away, `Δ(c) < 0`, would need `X'(c) = X(c) − Δ(c) > 0`: `f`
//!    is needed. (`check` also turns this test off when a built-in change
//!    of its clean takes away such a character.)
//!
//! **What `repeated-phrase` can write.** In a clean without `f`,
//! `repeated-phrase` may replace a Han class `x` with a class `c` at a
//! place `p`, so that `X'(c) < 0` and `X'(x) > 0`, and neither test above
//! holds for `c` or `x`. It does so only where, in the text it reads, the
//! `CONTEXT` (4) Han characters on each side of `p` stand, exactly, around
//! `c` at another place `q`; and it applies no write whose place or
//! places `q` lie within four characters of another place it would
//! write. It is the last rule of the structure stage; the rules after it
//! replace characters by ones of the same class (`nfc`, `ocr-misreads`),
//! rewrite punctuation, or insert whitespace, and none deletes, moves or
//! puts anything but whitespace between two Han characters. So if `f`
//! were redundant, `T' = T` would hold, at `p` and at `q`, the same nine
//! classes of Han characters, with `c` in the middle, once whitespace is
//! left out. The prefilter reads `T` for every class that stands in the
//! middle of such a window twice with the same eight around it
//! ([`rewritable`]): test 1 is not used for those classes, and where
//! there is any, test 2 is not used at all (`x` can be any class). One
//! thing `repeated-phrase` cannot do is change how many Han characters
//! there are, since each write takes one and gives one. So, where the
//! second test's other conditions hold and no class of `第`, `页` or `共`
//! is rewritable (so that every class it gives is one of the kept ones
//! that test 2 counts), `X'` summed over the kept Han classes is the
//! number of its writes that took a `第`, `页` or `共`, and not below 0;
//! `f` redundant would make `Δ` summed over them the same number. 3. A
//! fix that takes away more kept Han characters than it puts is needed.
//!
//! Both tests read only the clean `check` already has. Every other fix is
//! cleaned again without: moves and deinterleaves (`Δ = 0`), a replace
//! beside another replace, a replace whose change is not in the clean, and
//! a replace whose `Δ` the built-in rules could make up, which is where a
//! built-in rule may do what the fix does (a half-width comma made
//! full-width, a space deleted, a page number removed).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use emend::chars::is_han;
use emend::declared::{Declared, FixId, ReplaceFix};
use emend::engine::{clean_document, Change, ChangeKind, Cleaned, DocSetup, Options};
use emend::layout::furniture::PAGE_NUMBER_HAN;
use emend::rules::declared_replace::DeclaredReplace;
use emend::rules::repeated_phrase::{RepeatedPhrase, CONTEXT};
use emend::rules::DECLARED;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::{CorpusError, Document, Problem, ProblemKind, Processed};

/// What the redundancy check found, and what it cost.
#[derive(Debug, Default)]
pub struct Redundancy {
    /// One problem for each redundant fix.
    pub problems: Vec<Problem>,
    /// Leave-one-out cleans run: one for each fix the prefilter could not
    /// show to be needed.
    pub full_cleans: usize,
}

/// A declared fix is redundant when the output is the same without it.
/// Cleans the document again without each fix that the prefilter (see the
/// module documentation) cannot show to be needed.
pub fn redundant_fixes(
    doc: &Document,
    setup: &DocSetup,
    processed: &Processed,
    options: &Options,
) -> Result<Redundancy, CorpusError> {
    let prefilter = Prefilter::new(&doc.raw, &setup.declared, &processed.cleaned);
    let mut out = Redundancy::default();
    for id in setup.declared.ids() {
        // Applied suggestions may write a class (`repeated-phrase`): the
        // prefilter's argument does not hold for them.
        if !options.apply_suggestions && prefilter.surely_needed(id) {
            continue;
        }
        out.full_cleans += 1;
        let without = DocSetup {
            heading: setup.heading.clone(),
            declared: setup.declared.without(id),
        };
        let other =
            clean_document(&doc.raw, &without, options).map_err(|source| CorpusError::Engine {
                path: doc.path.display().to_string(),
                source,
            })?;
        if other.text == processed.cleaned.text {
            out.problems.push(Problem {
                at: doc.config_position(setup.declared.span(id).start),
                message: "this declared fix is redundant: the built-in rules give the same text without it".into(),
                kind: ProblemKind::RedundantFix,
            });
        }
    }
    Ok(out)
}

/// The classes the check counts a string's characters as: the base
/// characters of each character's canonical decomposition (so a cluster
/// and its NFC form count the same), full-width ASCII forms as ASCII, curly
/// double quotes as `"`, a radical glyph as the ideograph `pdf-glyphs`
/// puts for it, and no whitespace or invisible marks (`invisible-marks`
/// deletes them).
pub fn classes(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(|c| {
        let mut bases: Vec<char> = Vec::new();
        decompose_canonical(c, |d| {
            if canonical_combining_class(d) == 0 {
                bases.push(fold(d));
            }
        });
        bases
            .into_iter()
            .filter(|&d| !d.is_whitespace() && !emend::chars::is_invisible_mark(d))
    })
}

/// Each character that `ocr-misreads` may put for another, and each it
/// may replace, mapped to one representative of its group (the pairs
/// joined transitively), so that no such replacement changes a class.
static CONFUSION_CLASS: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut parent: HashMap<char, char> = HashMap::new();
    fn root(parent: &HashMap<char, char>, mut c: char) -> char {
        while let Some(&p) = parent.get(&c) {
            if p == c {
                break;
            }
            c = p;
        }
        c
    }
    for &(a, b) in emend::rules::ocr_confusions() {
        let (ra, rb) = (root(&parent, a), root(&parent, b));
        parent.entry(ra).or_insert(ra);
        parent.entry(rb).or_insert(rb);
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let chars: Vec<char> = parent.keys().copied().collect();
    chars.into_iter().map(|c| (c, root(&parent, c))).collect()
});

fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '“' | '”' => '"',
        // `lookalike-brackets` reads a misread `〈` as `(` or `（`.
        '〈' => '(',
        _ => emend::chars::radical_ideograph(c).unwrap_or(c),
    };
    // After the others: a radical's ideograph may be a misread one.
    CONFUSION_CLASS.get(&c).copied().unwrap_or(c)
}

/// Counts of classes; negative counts for a difference.
type Tally = HashMap<char, i64>;

fn count(tally: &mut Tally, s: &str, sign: i64) {
    for c in classes(s) {
        *tally.entry(c).or_default() += sign;
    }
}

/// `M(after) − M(before)` of a change, without the zeros.
fn difference(change: &Change) -> Tally {
    let mut d = Tally::new();
    if change.kind != ChangeKind::Move {
        count(&mut d, &change.after, 1);
        count(&mut d, &change.before, -1);
        d.retain(|_, n| *n != 0);
    }
    d
}

/// Does the change add a class, that is, break the one property of the
/// built-in rules the prefilter relies on?
pub fn gains(change: &Change) -> bool {
    difference(change).values().any(|&n| n > 0)
}

/// Does the change take away a Han class other than `第`, `页` and `共`?
/// A built-in rule never does so in a text without form feeds.
pub fn takes_han(change: &Change) -> bool {
    difference(change)
        .iter()
        .any(|(&c, &n)| n < 0 && kept_without_form_feeds(c))
}

/// A Han class that no built-in rule takes away from a text without form
/// feeds: any but the three a page number may hold (`第 3 页 共 9 页`),
/// which `page-furniture` deletes with it.
fn kept_without_form_feeds(c: char) -> bool {
    is_han(c) && !PAGE_NUMBER_HAN.contains(&c)
}

fn is_declared(change: &Change) -> bool {
    DECLARED.iter().any(|m| m.code == change.code)
}

/// The prefilter: what the clean with every fix tells about each fix.
pub struct Prefilter<'a> {
    raw: &'a str,
    /// The replace fixes, by index.
    replaces: HashMap<usize, &'a ReplaceFix>,
    /// `X`: the classes the built-in rules took away, with how many.
    taken: Tally,
    /// Every change of the clean kept to the property the argument needs.
    sound: bool,
    /// No form feed can be in any clean, no built-in change took away a
    /// Han class but `第`, `页` and `共`, and `repeated-phrase` could not
    /// have taken one either: the second test holds.
    han_stays: bool,
    /// The classes `repeated-phrase` could have written in a clean that
    /// gives this one's text (see the module documentation).
    rewritable: HashSet<char>,
    /// As `han_stays`, but `repeated-phrase` may have replaced kept Han
    /// classes, never with `第`, `页` or `共`: the third test holds.
    han_count_stays: bool,
    /// (raw start, raw end, replacement) of the declared replaces the clean applied.
    applied: HashSet<(usize, usize, &'a str)>,
    /// Indexes of the replaces that no other replace comes within or touches.
    isolated: HashSet<usize>,
}

impl<'a> Prefilter<'a> {
    /// Reads the clean with every declared fix of `raw`.
    pub fn new(raw: &'a str, declared: &'a Declared, cleaned: &'a Cleaned) -> Self {
        let mut taken = Tally::new();
        let mut sound = true;
        let mut han_taken = false;
        let mut page_number_rewritten = false;
        let mut applied = HashSet::new();
        for change in &cleaned.changes {
            if change.code == RepeatedPhrase::META.code {
                // It may write a class: counted in `X` as it is, and its
                // phrases are read off the cleaned text (`rewritable`).
                let d = difference(change);
                page_number_rewritten |= d.keys().any(|c| PAGE_NUMBER_HAN.contains(c));
                for (c, n) in d {
                    *taken.entry(c).or_default() -= n;
                }
            } else if CLASS_WRITERS.iter().any(|&(code, _)| change.code == code) {
                // An applied suggestion that writes a class.
                sound = false;
            } else if !is_declared(change) {
                let d = difference(change);
                sound &= d.values().all(|&n| n <= 0);
                han_taken |= d.iter().any(|(&c, &n)| n < 0 && kept_without_form_feeds(c));
                for (c, n) in d {
                    *taken.entry(c).or_default() -= n;
                }
            } else if change.code == DeclaredReplace::META.code {
                if change.kind != ChangeKind::Move {
                    let r = change.extent();
                    applied.insert((r.start, r.end, change.after.as_str()));
                }
            } else {
                // Moves and deinterleaves leave `M` as it is.
                sound &= difference(change).is_empty();
            }
        }
        // An `[[apply]]` of `repeated-phrase` makes its suggestion in a
        // clean without a fix too, where it may write the class the fix
        // writes (found by review).
        sound &= !declared
            .applies
            .iter()
            .any(|a| CLASS_WRITERS.iter().any(|&(_, name)| a.rule == name));
        let form_feed =
            raw.contains('\u{c}') || declared.replaces.iter().any(|f| f.with.contains('\u{c}'));
        // No clean can take a kept Han class by any rule but `repeated-phrase`.
        let others_keep_han = !form_feed && !han_taken;
        let rewritable = rewritable(&cleaned.text);
        let page_number_rewritable = PAGE_NUMBER_HAN.iter().any(|c| rewritable.contains(c));
        Prefilter {
            raw,
            replaces: declared.replaces.iter().map(|f| (f.index, f)).collect(),
            taken,
            sound,
            han_stays: others_keep_han && rewritable.is_empty(),
            han_count_stays: others_keep_han && !page_number_rewritable && !page_number_rewritten,
            rewritable,
            applied,
            isolated: isolated(&declared.replaces),
        }
    }

    /// Is the fix surely needed, by either test of the module documentation?
    /// `false` means "not known": only a leave-one-out clean can tell.
    pub fn surely_needed(&self, id: FixId) -> bool {
        let FixId::Replace(index) = id else {
            return false;
        };
        let Some(fix) = self.replaces.get(&index) else {
            return false;
        };
        let applied = self
            .applied
            .contains(&(fix.range.start, fix.range.end, fix.with.as_str()));
        if !self.sound || !applied || !self.isolated.contains(&fix.index) {
            return false;
        }
        let mut delta = Tally::new();
        count(&mut delta, &fix.with, 1);
        count(&mut delta, &self.raw[fix.range.clone()], -1);
        let kept_han: i64 = delta
            .iter()
            .filter(|(c, _)| kept_without_form_feeds(**c))
            .map(|(_, n)| n)
            .sum();
        let fewer_han = self.han_count_stays && kept_han < 0;
        fewer_han
            || delta.iter().any(|(c, &n)| {
                let taken = self.taken.get(c).copied().unwrap_or(0);
                let gained = n > taken && !self.rewritable.contains(c);
                gained || (n < 0 && self.han_stays && kept_without_form_feeds(*c))
            })
    }
}

/// The classes that stand, in `text` without its whitespace, in the middle
/// of nine Han classes twice with the same eight around them: the only
/// classes `repeated-phrase` can have written in a clean that ends in
/// `text` (see the module documentation). Linear in the text.
pub fn rewritable(text: &str) -> HashSet<char> {
    let classes: Vec<char> = classes(text).collect();
    let width = 2 * CONTEXT + 1;
    let mut seen: HashMap<&[char], usize> = HashMap::new();
    let mut out = HashSet::new();
    for window in classes.windows(width) {
        if !window.iter().all(|&c| is_han(c)) {
            continue;
        }
        let times = seen.entry(window).or_default();
        *times += 1;
        if *times == 2 {
            out.insert(window[CONTEXT]);
        }
    }
    out
}

/// The codes and names of the built-in rules that write a class (see the
/// module documentation): `repeated-phrase` and `sound-alikes`.
const CLASS_WRITERS: [(&str, &str); 2] = [("R205", "repeated-phrase"), ("R206", "sound-alikes")];

/// The replaces whose raw range, ends included, no other replace's range
/// (ends included) meets.
fn isolated(replaces: &[ReplaceFix]) -> HashSet<usize> {
    let mut order: Vec<&ReplaceFix> = replaces.iter().collect();
    order.sort_by_key(|f| (f.range.start, f.range.end));
    // The furthest end among the ranges before each, the nearest start
    // among those after it.
    let mut end_before = Vec::with_capacity(order.len());
    let mut furthest: Option<usize> = None;
    for f in &order {
        end_before.push(furthest);
        furthest = furthest.max(Some(f.range.end));
    }
    let mut start_after = vec![None; order.len()];
    let mut nearest: Option<usize> = None;
    for (i, f) in order.iter().enumerate().rev() {
        start_after[i] = nearest;
        nearest = Some(nearest.map_or(f.range.start, |n| n.min(f.range.start)));
    }
    order
        .iter()
        .enumerate()
        .filter(|&(i, f)| {
            end_before[i].is_none_or(|e| e < f.range.start)
                && start_after[i].is_none_or(|s| s > f.range.end)
        })
        .map(|(_, f)| f.index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(index: usize, range: std::ops::Range<usize>) -> ReplaceFix {
        ReplaceFix {
            index,
            reason: "r".into(),
            span: 0..0,
            range,
            with: String::new(),
        }
    }

    #[test]
    fn classes_fold_what_the_rules_convert() {
        let s: String = classes("Ａ，“x” e\u{301}\n干⼈").collect();
        assert_eq!(s, "A,\"x\"e干人");
        let nfc: String = classes("é").collect();
        assert_eq!(nfc, "e");
    }

    #[test]
    fn rewritable_classes_stand_twice_in_the_same_phrase() {
        // The ten characters stand twice, across a line end and a space:
        // the middles of their two nine-character windows, `教` (between
        // `各地小学` and `师认真学`) and `师`, stand twice in the same phrase.
        let text = "各地小学教师认真学习。各地小学\n教师认 真学习，新的。";
        assert_eq!(rewritable(text), HashSet::from(['教', '师']));
        assert!(rewritable("各地小学教师认真学习。各地小学教帅认真学习。").is_empty());
    }

    #[test]
    fn touching_replaces_are_not_isolated() {
        let fixes = [
            replace(0, 0..3),
            replace(1, 3..3),
            replace(2, 10..12),
            replace(3, 20..21),
            replace(4, 21..24),
        ];
        let mut got: Vec<usize> = isolated(&fixes).into_iter().collect();
        got.sort_unstable();
        assert_eq!(got, vec![2]);
    }
}
