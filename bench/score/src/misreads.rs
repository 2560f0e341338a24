//! Real OCR misreads: every Han character a command replaces in the real
//! OCR text, counted right or wrong against the ground truth.
//!
//! The injected typos ([`crate::typos`]) know where each typo is; real OCR
//! does not say. Here the raw text R, the command's output O and the
//! ground truth G are each seen without whitespace (a command that only
//! joins lines changes nothing here, and OCR's spaces between Han
//! characters are another repair's business) and aligned by a diff (R with
//! O, R with G). A character the command replaced one for one, Han for Han,
//! is then looked up in G through the R–G alignment: put right, a correct
//! character damaged, or changed to another wrong one. The Han characters
//! OCR got wrong one for one (R against G) are the misreads a corrector
//! could fix: the recall's denominator.
//!
//! Punctuation is kept as it is for the alignment (it anchors the diff);
//! only Han characters are classified.

use crate::typos::is_han;
use crate::{cer, Corpus, Runner, View};
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Raw characters shown on each side of a substitution by `--per-doc`.
pub const CONTEXT: usize = 6;
/// How much worse a document's CER must be to count as made worse (the
/// float noise of two divisions by the same length stays below it).
const WORSE_BY: f64 = 1e-9;

/// What a command's substitution did, judged by the ground truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The output has the ground truth's character.
    Right,
    /// The raw character was the ground truth's: the command broke it.
    Damaged,
    /// The raw character was wrong and the output's is wrong too.
    Wrong,
    /// The raw character has no place in the ground truth (it stands in
    /// text the R–G diff inserted, deleted or rewrote to another length).
    Unmapped,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Damaged => "damaged",
            Verdict::Wrong => "wrong",
            Verdict::Unmapped => "unmapped",
        }
    }
}

/// One Han character the command replaced by another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Substitution {
    /// Its place among the raw text's non-whitespace characters.
    pub at: usize,
    pub raw: char,
    pub out: char,
    /// The ground truth's character there, if the raw one maps to one.
    pub gt: Option<char>,
    pub verdict: Verdict,
    /// Up to [`CONTEXT`] raw characters before and after it.
    pub before: String,
    pub after: String,
}

/// Counts of one run, or summed over runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Han characters OCR replaced one for one by another Han character (R
    /// against G): what a corrector could put back.
    pub misreads: usize,
    pub right: usize,
    pub damaged: usize,
    pub wrong: usize,
    pub unmapped: usize,
    /// Han characters the command changed otherwise: in an edit that
    /// changes the length (the larger of the Han characters on either
    /// side), or to or from a character that is not Han.
    pub other: usize,
}

impl Counts {
    /// The command's classified substitutions.
    pub fn substitutions(&self) -> usize {
        self.right + self.damaged + self.wrong + self.unmapped
    }

    fn add(&mut self, o: &Counts) {
        self.misreads += o.misreads;
        self.right += o.right;
        self.damaged += o.damaged;
        self.wrong += o.wrong;
        self.unmapped += o.unmapped;
        self.other += o.other;
    }

    /// right / (right + damaged + wrong); `None` without any.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.right, self.right + self.damaged + self.wrong)
    }

    /// right / misreads; `None` without misreads.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.right, self.misreads)
    }
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// What a command did to one raw text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub counts: Counts,
    pub substitutions: Vec<Substitution>,
    /// CER (`both` view) of the raw text and of the output.
    pub cer_before: f64,
    pub cer_after: f64,
}

impl Measure {
    /// Whether the command replaced any Han character one for one.
    pub fn touched(&self) -> bool {
        self.counts.substitutions() > 0
    }

    pub fn worse(&self) -> bool {
        self.cer_after > self.cer_before + WORSE_BY
    }
}

/// The characters of `text` but its whitespace.
pub fn squeeze(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The diff of `a` and `b`: Myers (`similar`), near linear on texts that
/// differ in a few places, as a raw text and its repair do.
fn diff(a: &[char], b: &[char]) -> Vec<DiffOp> {
    capture_diff_slices(Algorithm::Myers, a, b)
}

/// The one-for-one Han substitutions from `a` to `b` as pairs of places
/// (inside an equal-length replaced run, place by place, both characters
/// Han and different), and how many Han characters changed otherwise.
pub fn substitutions(a: &[char], b: &[char]) -> (Vec<(usize, usize)>, usize) {
    let han = |s: &[char]| s.iter().filter(|&&c| is_han(c)).count();
    let mut subs = Vec::new();
    let mut other = 0;
    for op in diff(a, b) {
        let (_, old, new) = op.as_tag_tuple();
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Replace { .. } if old.len() == new.len() => {
                for (i, j) in old.zip(new) {
                    let (x, y) = (a[i], b[j]);
                    if x == y {
                        continue;
                    }
                    match (is_han(x), is_han(y)) {
                        (true, true) => subs.push((i, j)),
                        (false, false) => {}
                        _ => other += 1,
                    }
                }
            }
            _ => other += han(&a[old]).max(han(&b[new])),
        }
    }
    (subs, other)
}

/// For each place of `a`, its place in `b`: through the runs the diff
/// keeps, and place by place through equal-length replaced runs (a misread
/// stands where the character it replaced stood); `None` elsewhere.
pub fn map_places(a: &[char], b: &[char]) -> Vec<Option<usize>> {
    let mut map = vec![None; a.len()];
    for op in diff(a, b) {
        let (_, old, new) = op.as_tag_tuple();
        if old.len() == new.len() {
            for (i, j) in old.zip(new) {
                map[i] = Some(j);
            }
        }
    }
    map
}

/// Classifies every Han character `out` replaced in `raw` against `gt`,
/// and counts `raw`'s misreads against `gt`.
pub fn measure(raw: &str, out: &str, gt: &str) -> Measure {
    let (r, o, g) = (squeeze(raw), squeeze(out), squeeze(gt));
    let (pairs, other) = substitutions(&r, &o);
    let to_gt = map_places(&r, &g);
    let mut counts = Counts {
        misreads: substitutions(&r, &g).0.len(),
        other,
        ..Counts::default()
    };
    let mut subs = Vec::new();
    for (i, j) in pairs {
        let (rc, oc) = (r[i], o[j]);
        let gc = to_gt[i].map(|k| g[k]);
        let verdict = match gc {
            None => Verdict::Unmapped,
            Some(gc) if gc == oc => Verdict::Right,
            Some(gc) if gc == rc => Verdict::Damaged,
            Some(_) => Verdict::Wrong,
        };
        match verdict {
            Verdict::Right => counts.right += 1,
            Verdict::Damaged => counts.damaged += 1,
            Verdict::Wrong => counts.wrong += 1,
            Verdict::Unmapped => counts.unmapped += 1,
        }
        subs.push(Substitution {
            at: i,
            raw: rc,
            out: oc,
            gt: gc,
            verdict,
            before: r[i.saturating_sub(CONTEXT)..i].iter().collect(),
            after: r[i + 1..(i + 1 + CONTEXT).min(r.len())].iter().collect(),
        });
    }
    Measure {
        counts,
        substitutions: subs,
        cer_before: cer(raw, gt, View::Both),
        cer_after: cer(out, gt, View::Both),
    }
}

/// One document and variant: the measure, or why the run failed.
#[derive(Debug, Clone)]
pub struct Run {
    pub doc: String,
    pub variant: String,
    pub result: Result<Measure, String>,
}

/// Runs `runner` on the raw text of every document named in `docs` and
/// every one of `variants` it has (`jobs` parallel runs, 0: rayon's
/// default), and measures each output; in corpus order, then `variants`'
/// order.
pub fn run(
    corpus: &Corpus,
    docs: &[String],
    variants: &[String],
    runner: &Runner,
    jobs: usize,
) -> Vec<Run> {
    use rayon::prelude::*;
    let mut todo = Vec::new();
    for d in corpus.docs.iter().filter(|d| docs.contains(&d.name)) {
        for v in variants {
            if let Some(raw) = d.raw.get(v) {
                todo.push((d, v, raw));
            }
        }
    }
    crate::with_pool(jobs, || {
        todo.par_iter()
            .map(|&(d, v, raw)| Run {
                doc: d.name.clone(),
                variant: v.clone(),
                result: runner.run(raw).map(|out| measure(raw, &out, &d.gt)),
            })
            .collect()
    })
}

/// Measures summed over runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Runs measured (failed ones aside).
    pub docs: usize,
    pub failed: usize,
    pub counts: Counts,
    /// Runs with at least one classified substitution.
    pub touched: usize,
    /// Mean CER (`both` view) of the touched runs' raw texts and outputs;
    /// `None` when none was touched.
    pub cer_before: Option<f64>,
    pub cer_after: Option<f64>,
    /// Touched runs whose CER went up.
    pub worse: usize,
}

pub fn summarize<'a>(runs: impl IntoIterator<Item = &'a Run>) -> Summary {
    let mut s = Summary::default();
    let (mut before, mut after) = (0.0, 0.0);
    for r in runs {
        let Ok(m) = &r.result else {
            s.failed += 1;
            continue;
        };
        s.docs += 1;
        s.counts.add(&m.counts);
        if m.touched() {
            s.touched += 1;
            before += m.cer_before;
            after += m.cer_after;
            s.worse += usize::from(m.worse());
        }
    }
    if s.touched > 0 {
        s.cer_before = Some(before / s.touched as f64);
        s.cer_after = Some(after / s.touched as f64);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made-up sentences; the ground truth, then OCR's text.
    const GT: &str = "我们明天去公园散步，然后回家吃饭。";

    #[test]
    fn a_misread_put_back_is_right() {
        let raw = "我们明天去公园散步，然后回家吃饮。";
        let m = measure(raw, GT, GT);
        assert_eq!(m.counts.misreads, 1);
        assert_eq!(m.counts.right, 1);
        assert_eq!(m.counts.substitutions(), 1);
        assert_eq!(m.counts.other, 0);
        let s = &m.substitutions[0];
        assert_eq!((s.raw, s.out, s.gt), ('饮', '饭', Some('饭')));
        assert_eq!(
            (s.before.as_str(), s.after.as_str()),
            ("，然后回家吃", "。")
        );
        assert!(m.cer_after < m.cer_before && !m.worse());
        assert_eq!(m.counts.precision(), Some(1.0));
        assert_eq!(m.counts.recall(), Some(1.0));
    }

    #[test]
    fn a_correct_character_changed_is_damaged() {
        let out = "我们明天去公园散步，然后回家吃饭。".replace('园', "圆");
        let m = measure(GT, &out, GT);
        assert_eq!(m.counts.misreads, 0);
        assert_eq!(m.counts.damaged, 1);
        assert_eq!(m.substitutions[0].verdict, Verdict::Damaged);
        assert!(m.worse());
        assert_eq!(m.counts.precision(), Some(0.0));
        assert_eq!(m.counts.recall(), None);
    }

    #[test]
    fn a_misread_changed_to_another_is_wrong() {
        let raw = "我们明天去公国散步，然后回家吃饭。";
        let out = "我们明天去公圆散步，然后回家吃饭。";
        let m = measure(raw, out, GT);
        assert_eq!(m.counts.misreads, 1);
        assert_eq!(m.counts.wrong, 1);
        assert_eq!(m.counts.right + m.counts.damaged, 0);
        let s = &m.substitutions[0];
        assert_eq!((s.raw, s.out, s.gt), ('国', '圆', Some('园')));
        assert!(!m.worse());
    }

    #[test]
    fn an_edit_of_another_length_counts_as_other() {
        // Two characters read as one, and the command splits it back.
        let raw = "我们明天去公园散步，然后回家吃饭。".replace("明天", "朋");
        let m = measure(&raw, GT, GT);
        assert_eq!(m.counts.substitutions(), 0);
        assert_eq!(m.counts.other, 2);
        // Not a one-for-one misread either.
        assert_eq!(m.counts.misreads, 0);
        // A Han character changed to punctuation is other too.
        let m = measure(GT, &GT.replace('后', ","), GT);
        assert_eq!((m.counts.substitutions(), m.counts.other), (0, 1));
    }

    #[test]
    fn whitespace_alone_counts_nothing() {
        let raw = "我们明天去 公园\n散步，然后 回家吃饭。\n";
        let out = "我们明天去公园散步，\n然后回家吃饭。";
        let m = measure(raw, out, GT);
        assert_eq!(m.counts, Counts::default());
        assert!(m.substitutions.is_empty());
        assert_eq!((m.cer_before, m.cer_after), (0.0, 0.0));
        assert!(!m.touched());
    }

    #[test]
    fn an_unmapped_substitution_and_a_summary() {
        // OCR added a character the ground truth lacks; the command
        // changed it.
        let raw = "我们明天去公园散步，然后再回家吃饭。";
        let out = "我们明天去公园散步，然后在回家吃饭。";
        let m = measure(raw, out, GT);
        assert_eq!(m.counts.unmapped, 1);
        assert_eq!(m.substitutions[0].gt, None);
        let runs = vec![
            Run {
                doc: "a".into(),
                variant: "v".into(),
                result: Ok(m),
            },
            Run {
                doc: "b".into(),
                variant: "v".into(),
                result: Ok(measure(GT, GT, GT)),
            },
            Run {
                doc: "c".into(),
                variant: "v".into(),
                result: Err("failed".into()),
            },
        ];
        let s = summarize(&runs);
        assert_eq!((s.docs, s.failed, s.touched, s.worse), (2, 1, 1, 0));
        assert_eq!(s.cer_before, s.cer_after);
    }
}
