//! Scoring a command on injected cases ([`crate::inject`]): per case, was
//! the defect repaired, did the command change the region at all, and did
//! it change anything outside it.
//!
//! Both texts are compared in the `both` [`View`] (whitespace removed,
//! punctuation width folded), so line breaks, blank lines and padding do
//! not count, only which characters stand in which order.
//!
//! **Finding the region in an output.** The region is the span of the
//! ground truth between the text before it (`A`) and the text after it
//! (`Z`). Its start in the output is the end of the shortest tail of `A`
//! (at least [`MIN_ANCHOR`] characters) that occurs exactly once in the
//! ground truth and exactly once in the output; its end is the start of
//! the shortest head of `Z` that does the same, found after the start.
//! Uniqueness in both texts makes the anchor the same spot in each; the
//! shortest such anchor is the one least likely to have been touched by a
//! repair at the region's edge. The output's text between the anchors is
//! then compared with the region in the ground truth (repaired?) and in
//! the raw text (changed?), and the output before and after them with `A`
//! and `Z` (damaged outside?). When an anchor is missing from the output or
//! repeated in it, text beside the region was changed or duplicated: the
//! case is not located and counts as changed, not repaired, and damaged
//! outside.

use crate::inject::{Case, CaseMeta, Shape};
use crate::{Runner, View};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

// ---------------------------------------------------------------------------
// Judging one output

/// Shortest anchor tried, in characters of the `both` view: eight Chinese
/// characters are rarely repeated in a man page, so the search for a
/// unique one is short.
pub const MIN_ANCHOR: usize = 8;

/// A case as its outputs are judged: the ground truth in the `both` view,
/// the region in it, and the region as the raw text has it.
#[derive(Debug, Clone)]
pub struct Target {
    gt: Vec<char>,
    start: usize,
    end: usize,
    raw_region: Vec<char>,
}

/// What a command's output did to one case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Both anchors were found, once each, in order.
    pub located: bool,
    /// The output's region equals the ground truth's.
    pub repaired: bool,
    /// The output's region differs from the raw text's (or was not found).
    pub changed: bool,
    /// The output differs from the ground truth outside the region (or the
    /// region was not found).
    pub damaged_outside: bool,
}

impl Target {
    /// The target of `case`; `None` when a region is not a range of whole
    /// characters of its text.
    pub fn of(case: &Case) -> Option<Target> {
        let r = case.meta.region.range();
        let before = View::Both.apply(case.gt.get(..r.start)?);
        let region = View::Both.apply(case.gt.get(r.clone())?);
        let after = View::Both.apply(case.gt.get(r.end..)?);
        let raw_region = View::Both.apply(case.raw.get(case.meta.raw_region.range())?);
        let (start, end) = (before.len(), before.len() + region.len());
        Some(Target {
            gt: [before, region, after].concat(),
            start,
            end,
            raw_region,
        })
    }

    /// The region in the ground truth (`both` view).
    pub fn region(&self) -> &[char] {
        &self.gt[self.start..self.end]
    }

    /// Judges one output of the command.
    pub fn judge(&self, output: &str) -> Verdict {
        let out = View::Both.apply(output);
        let Some((a, b)) = self.locate(&out) else {
            return Verdict {
                located: false,
                repaired: false,
                changed: true,
                damaged_outside: true,
            };
        };
        let got = &out[a..b];
        Verdict {
            located: true,
            repaired: got == self.region(),
            changed: got != self.raw_region.as_slice(),
            damaged_outside: out[..a] != self.gt[..self.start] || out[b..] != self.gt[self.end..],
        }
    }

    /// The region's span in `out` (see the module's documentation).
    fn locate(&self, out: &[char]) -> Option<(usize, usize)> {
        let a = if self.start == 0 {
            0
        } else {
            let tail = |k: usize| &self.gt[self.start - k..self.start];
            let k = shortest_unique(self.start, tail, &self.gt, out)?;
            unique_at(out, tail(k))? + k
        };
        let b = if self.end == self.gt.len() {
            out.len()
        } else {
            let head = |k: usize| &self.gt[self.end..self.end + k];
            let k = shortest_unique(self.gt.len() - self.end, head, &self.gt, out)?;
            unique_at(out, head(k))?
        };
        (a <= b).then_some((a, b))
    }
}

/// The shortest `k` in `MIN_ANCHOR..=max` (or `max` when shorter) for which
/// `anchor(k)` occurs at most once in `gt` and in `out`. Longer anchors
/// occur no more often than the shorter ones they contain, so a binary
/// search finds it.
fn shortest_unique<'a>(
    max: usize,
    anchor: impl Fn(usize) -> &'a [char],
    gt: &[char],
    out: &[char],
) -> Option<usize> {
    let ok = |k: usize| count(gt, anchor(k)) <= 1 && count(out, anchor(k)) <= 1;
    let (mut lo, mut hi) = (MIN_ANCHOR.min(max), max);
    if !ok(hi) {
        return None;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// Occurrences of `needle` in `hay`, overlapping ones included, counted up
/// to two.
fn count(hay: &[char], needle: &[char]) -> usize {
    if needle.is_empty() {
        return hay.len().min(2);
    }
    hay.windows(needle.len())
        .filter(|w| *w == needle)
        .take(2)
        .count()
}

/// Where `needle` starts in `hay` when it occurs there exactly once.
fn unique_at(hay: &[char], needle: &[char]) -> Option<usize> {
    let mut at = hay
        .windows(needle.len().max(1))
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i);
    match (at.next(), at.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Cases on disk

/// The list of cases in an output directory: the scorer reads only the cases
/// it names, so files left by an earlier run with another seed are ignored.
pub const MANIFEST: &str = "cases.json";

/// `cases.json`: which generator and seed wrote the directory, and its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub seed: u64,
    pub cases: Vec<String>,
}

/// Why a directory of cases could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CaseError + '_ {
    move |source| CaseError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn json(path: &Path) -> impl FnOnce(serde_json::Error) -> CaseError + '_ {
    move |source| CaseError::Json {
        path: path.to_path_buf(),
        source,
    }
}

/// A case's files, as (path under the directory, contents): the damaged
/// text, the ground truth and the JSON of [`CaseMeta`].
pub fn case_files(case: &Case) -> Vec<(String, String)> {
    let name = &case.meta.case;
    let meta = serde_json::to_string_pretty(&case.meta).expect("serialisable") + "\n";
    vec![
        (format!("{name}.raw.txt"), case.raw.clone()),
        (format!("{name}.gt.txt"), case.gt.clone()),
        (format!("{name}.json"), meta),
    ]
}

/// Writes every case's files and the manifest under `dir`.
pub fn write_cases(dir: &Path, cases: &[Case], seed: u64) -> Result<(), CaseError> {
    for case in cases {
        for (name, text) in case_files(case) {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, text).map_err(io(&path))?;
        }
    }
    let manifest = Manifest {
        generator: "emend-score inject".into(),
        seed,
        cases: cases.iter().map(|c| c.meta.case.clone()).collect(),
    };
    let path = dir.join(MANIFEST);
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let text = serde_json::to_string_pretty(&manifest).expect("serialisable") + "\n";
    std::fs::write(&path, text).map_err(io(&path))
}

/// Reads the cases `dir/cases.json` names, checking that each is what its
/// name says and that its regions are ranges of whole characters.
pub fn load_cases(dir: &Path) -> Result<(Manifest, Vec<Case>), CaseError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(json(&path))?;
    let cases = manifest
        .cases
        .iter()
        .map(|name| load_case(dir, name))
        .collect::<Result<_, _>>()?;
    Ok((manifest, cases))
}

fn load_case(dir: &Path, name: &str) -> Result<Case, CaseError> {
    let invalid = |path: &Path, reason: String| CaseError::Invalid {
        path: path.to_path_buf(),
        reason,
    };
    let rel = Path::new(name);
    if name.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(invalid(
            &dir.join(MANIFEST),
            format!("`{name}` is not a case name (doc/shape-n)"),
        ));
    }
    let read = |ext: &str| {
        let p = dir.join(format!("{name}.{ext}"));
        std::fs::read_to_string(&p).map_err(io(&p))
    };
    let meta_path = dir.join(format!("{name}.json"));
    let meta: CaseMeta = serde_json::from_str(&read("json")?).map_err(json(&meta_path))?;
    if meta.case != name {
        return Err(invalid(
            &meta_path,
            format!("names case `{}`, not `{name}`", meta.case),
        ));
    }
    let case = Case {
        meta,
        raw: read("raw.txt")?,
        gt: read("gt.txt")?,
    };
    if Target::of(&case).is_none() {
        return Err(invalid(
            &meta_path,
            "region or raw_region is not a range of whole characters of its text".into(),
        ));
    }
    Ok(case)
}

// ---------------------------------------------------------------------------
// Scoring a command

/// One case's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseScore {
    pub case: String,
    pub shape: Shape,
    /// Absent when the command failed on the case.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    #[serde(skip)]
    pub output: Option<String>,
}

/// The counts of one shape, or of all (`shape` = "all").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub shape: String,
    pub cases: usize,
    /// Runs that failed: neither repaired nor changed.
    pub failed: usize,
    pub repaired: usize,
    /// Cases whose region the command changed (repaired ones included).
    pub changed: usize,
    pub damaged_outside: usize,
    /// repaired / cases.
    pub recall: Option<f64>,
    /// repaired / changed: how often a change in the region was the repair.
    pub precision: Option<f64>,
}

impl Summary {
    pub fn of<'a>(shape: &str, scores: impl Iterator<Item = &'a CaseScore>) -> Summary {
        let mut s = Summary {
            shape: shape.to_string(),
            ..Summary::default()
        };
        for c in scores {
            s.cases += 1;
            let Some(v) = c.verdict else {
                s.failed += 1;
                continue;
            };
            s.repaired += v.repaired as usize;
            s.changed += v.changed as usize;
            s.damaged_outside += v.damaged_outside as usize;
        }
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        s.recall = ratio(s.repaired, s.cases);
        s.precision = ratio(s.repaired, s.changed);
        s
    }
}

/// Result of scoring one command on the injected cases.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InjectedReport {
    pub command: String,
    pub dir: String,
    pub seed: u64,
    /// One summary per shape present, then "all".
    pub shapes: Vec<Summary>,
    pub cases: Vec<CaseScore>,
}

impl InjectedReport {
    pub fn failed(&self) -> impl Iterator<Item = &CaseScore> {
        self.cases.iter().filter(|c| c.error.is_some())
    }
}

/// Runs `runner` on every case's raw text and judges the outputs.
pub fn score_injected(
    cases: &[Case],
    runner: &Runner,
    jobs: usize,
    keep_outputs: bool,
    dir: &Path,
    seed: u64,
) -> InjectedReport {
    let scores: Vec<CaseScore> = crate::with_pool(jobs, || {
        cases
            .par_iter()
            .map(|case| {
                let run = Target::of(case)
                    .ok_or_else(|| "the region is not a range of whole characters".to_string())
                    .and_then(|t| runner.run(&case.raw).map(|out| (t.judge(&out), out)));
                let (verdict, error, output) = match run {
                    Ok((v, out)) => (Some(v), None, Some(out)),
                    Err(e) => (None, Some(e), None),
                };
                CaseScore {
                    case: case.meta.case.clone(),
                    shape: case.shape(),
                    verdict,
                    error,
                    output: output.filter(|_| keep_outputs),
                }
            })
            .collect()
    });
    let mut shapes: Vec<Summary> = Shape::ALL
        .into_iter()
        .filter(|&s| scores.iter().any(|c| c.shape == s))
        .map(|s| Summary::of(s.name(), scores.iter().filter(|c| c.shape == s)))
        .collect();
    shapes.push(Summary::of("all", scores.iter()));
    InjectedReport {
        command: runner.describe(),
        dir: dir.display().to_string(),
        seed,
        shapes,
        cases: scores,
    }
}

// ---------------------------------------------------------------------------
// Text output

fn percent(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.1} %", 100.0 * x))
}

/// A plain table of one report: a row per shape and one for all.
pub fn injected_table(r: &InjectedReport, per_case: bool) -> String {
    let mut s = format!(
        "## `{}`  (injected cases in {}, seed {})\n",
        r.command, r.dir, r.seed
    );
    s.push_str(&format!(
        "{:<14} {:>5} {:>8} {:>8} {:>7} {:>9} {:>7} {:>6}\n",
        "shape", "cases", "repaired", "recall", "changed", "precision", "damaged", "failed"
    ));
    for x in &r.shapes {
        s.push_str(&format!(
            "{:<14} {:>5} {:>8} {:>8} {:>7} {:>9} {:>7} {:>6}\n",
            x.shape,
            x.cases,
            x.repaired,
            percent(x.recall),
            x.changed,
            percent(x.precision),
            x.damaged_outside,
            x.failed
        ));
    }
    if per_case {
        s.push('\n');
        for c in &r.cases {
            let what = match (&c.verdict, &c.error) {
                (Some(v), _) => {
                    let mut w = vec![match (v.located, v.repaired, v.changed) {
                        (false, _, _) => "not located",
                        (_, true, _) => "repaired",
                        (_, false, true) => "changed wrongly",
                        (_, false, false) => "unchanged",
                    }];
                    if v.damaged_outside && v.located {
                        w.push("damaged outside");
                    }
                    w.join(", ")
                }
                (None, Some(e)) => format!("error: {e}"),
                (None, None) => "error".into(),
            };
            s.push_str(&format!("  {:<44} {what}\n", c.case));
        }
    }
    s
}

/// One Markdown table for several reports: a row per command and shape.
pub fn injected_markdown(reports: &[InjectedReport]) -> String {
    let mut s = String::from(
        "| command | shape | cases | repaired | recall | changed | precision | damaged outside |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in reports {
        for x in &r.shapes {
            let mut cases = x.cases.to_string();
            if x.failed > 0 {
                cases.push_str(&format!(" [{} failed]", x.failed));
            }
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
                r.command.replace('|', "\\|"),
                x.shape,
                cases,
                x.repaired,
                percent(x.recall),
                x.changed,
                percent(x.precision),
                x.damaged_outside
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inject::generate_doc;
    use crate::Corpus;

    fn cases(docs: &[&str]) -> Vec<Case> {
        let corpus = Corpus::load(&crate::default_corpus_dir()).expect("the bench corpus");
        corpus
            .docs
            .iter()
            .filter(|d| docs.contains(&d.name.as_str()))
            .flat_map(|d| generate_doc(d, 1))
            .collect()
    }

    /// A scratch directory of this process, removed and made again.
    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("emend-score-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn identity_and_ground_truth() {
        for case in cases(&["man1-ar.1", "man1-sed.1", "man8-chat.8"]) {
            let t = Target::of(&case).expect("target");
            let v = t.judge(&case.raw);
            assert_eq!(
                v,
                Verdict {
                    located: true,
                    ..Verdict::default()
                },
                "{}",
                case.meta.case
            );
            let v = t.judge(&case.gt);
            assert!(v.repaired && v.changed && !v.damaged_outside, "{v:?}");
            // Re-wrapping the ground truth does not count: only characters.
            let rewrapped: String = case.gt.chars().flat_map(|c| [c, ' ']).collect();
            assert_eq!(t.judge(&rewrapped), v);
        }
    }

    #[test]
    fn damage_outside_and_wrong_repairs() {
        for case in cases(&["man1-ar.1", "man7-daemon.7"]) {
            let t = Target::of(&case).expect("target");
            let r = case.meta.region.range();
            // A repair, and a character changed far before the region.
            let first = case.gt.chars().next().expect("text");
            let damaged = format!("错{}", &case.gt[first.len_utf8()..]);
            let v = t.judge(&damaged);
            assert!(v.repaired && v.damaged_outside, "{}: {v:?}", case.meta.case);
            // The raw text with its last character dropped (after the
            // region): not repaired, unchanged region, damage outside.
            let mut raw = case.raw.trim_end().to_string();
            raw.pop();
            let v = t.judge(&raw);
            assert!(v.located && !v.repaired && !v.changed && v.damaged_outside);
            // A region half repaired: changed, not repaired.
            let region = &case.gt[r.clone()];
            let half: String = region.chars().rev().collect();
            let wrong = format!("{}{half}{}", &case.gt[..r.start], &case.gt[r.end..]);
            let v = t.judge(&wrong);
            assert!(!v.repaired && v.changed, "{v:?}");
            // A text that lost the region's edges is not located.
            let v = t.judge("");
            assert!(!v.located && v.changed && v.damaged_outside && !v.repaired);
        }
    }

    #[test]
    fn commands_end_to_end() {
        let cases = cases(&["man7-daemon.7"]);
        let dir = scratch("injected");
        write_cases(&dir, &cases, 1).expect("written");
        let (manifest, loaded) = load_cases(&dir).expect("loaded");
        assert_eq!(manifest.seed, 1);
        assert_eq!(loaded, cases);
        let n = cases.len();
        let all = |r: &InjectedReport| r.shapes.last().cloned().expect("all");
        // The identity repairs nothing and changes nothing.
        let r = score_injected(&loaded, &Runner::shell("cat"), 2, false, &dir, 1);
        let s = all(&r);
        assert_eq!(
            (s.cases, s.repaired, s.changed, s.damaged_outside, s.failed),
            (n, 0, 0, 0, 0)
        );
        assert_eq!((s.recall, s.precision), (Some(0.0), None));
        // A command that prints the ground truth of the raw text it is
        // given repairs everything.
        let d = dir.display();
        let oracle = format!(
            "t=$(mktemp); cat > \"$t\"; for r in '{d}'/*/*.raw.txt; do \
             cmp -s \"$t\" \"$r\" && cat \"${{r%.raw.txt}}.gt.txt\"; done; rm -f \"$t\""
        );
        let r = score_injected(&loaded, &Runner::shell(&oracle), 2, false, &dir, 1);
        let s = all(&r);
        assert_eq!((s.repaired, s.changed, s.damaged_outside), (n, n, 0));
        assert_eq!((s.recall, s.precision), (Some(1.0), Some(1.0)));
        // The same with a word changed in the first paragraph (outside
        // every region): still repaired, and damage outside counted.
        let damaging = format!("{{ {oracle}; }} | sed '1s/^/错/'");
        let r = score_injected(&loaded, &Runner::shell(&damaging), 2, false, &dir, 1);
        let s = all(&r);
        assert_eq!((s.repaired, s.damaged_outside), (n, n));
        // A failing command is counted as failed.
        let r = score_injected(&loaded, &Runner::shell("exit 1"), 2, false, &dir, 1);
        assert_eq!(all(&r).failed, n);
        assert!(injected_markdown(&[r]).contains(&format!("| {n} [{n} failed] |")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_directories_are_errors() {
        let dir = scratch("bad-cases");
        assert!(matches!(load_cases(&dir), Err(CaseError::Io { .. })));
        std::fs::write(dir.join(MANIFEST), "{").expect("write");
        assert!(matches!(load_cases(&dir), Err(CaseError::Json { .. })));
        let m = r#"{"generator": "x", "seed": 1, "cases": ["../escape"]}"#;
        std::fs::write(dir.join(MANIFEST), m).expect("write");
        assert!(matches!(load_cases(&dir), Err(CaseError::Invalid { .. })));
        // A region that cuts a character in two.
        let case = cases(&["man7-daemon.7"]).remove(0);
        write_cases(&dir, std::slice::from_ref(&case), 1).expect("written");
        let p = dir.join(format!("{}.json", case.meta.case));
        let mut meta = case.meta.clone();
        let (wide, _) = case
            .gt
            .char_indices()
            .find(|(_, c)| c.len_utf8() > 1)
            .expect("Chinese text");
        meta.region.start = wide + 1;
        let text = serde_json::to_string(&meta).expect("json");
        std::fs::write(&p, text).expect("write");
        let e = load_cases(&dir).expect_err("a bad region");
        assert!(e.to_string().contains("whole characters"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn anchors() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        assert_eq!(count(&c("aaaa"), &c("aa")), 2);
        assert_eq!(unique_at(&c("abcabd"), &c("abd")), Some(3));
        assert_eq!(unique_at(&c("abcabc"), &c("abc")), None);
        assert_eq!(unique_at(&c("abc"), &c("x")), None);
        // The shortest anchor that is unique in both texts.
        let gt = c("一二三四五六七八九十甲乙一二三四五六七八九十丙");
        let out = gt.clone();
        let tail = |k: usize| &gt[gt.len() - k..];
        assert_eq!(shortest_unique(gt.len(), tail, &gt, &out), Some(MIN_ANCHOR));
        let head = |k: usize| &gt[..k];
        assert_eq!(shortest_unique(gt.len(), head, &gt, &out), Some(11));
    }
}
