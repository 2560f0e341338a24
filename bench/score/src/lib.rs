//! Scores a text-cleaning command against the emend benchmark corpus.
//!
//! The corpus (`bench/corpus/`) holds one folder per document with the ground
//! truth `gt.txt` and one `<variant>.raw.txt` per extraction variant (real
//! OCR / `pdftotext` output).  A command is run once per raw file, with the
//! file on its standard input; its standard output is compared with `gt.txt`.
//!
//! The error rate is the character error rate (CER): the Levenshtein distance
//! over Unicode code points divided by the length of the reference, in four
//! [`View`]s of both texts.
//!
//! [`inject`] generates cases with one known layout defect each (columns
//! side by side or alternating, a displaced paragraph, a heading separated
//! from its body) and [`injected`] scores a command on them per shape.
//! [`typos`] puts typos into the ground truths and counts those a command
//! corrects; [`misreads`] counts every Han character a command replaces in
//! the real OCR text, right or wrong against the ground truth.

pub mod inject;
pub mod injected;
pub mod misreads;
pub mod typos;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The corpus shipped with the repository (`bench/corpus`).
pub fn default_corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("corpus")
}

// ---------------------------------------------------------------------------
// Views and folding

/// How both texts are seen before they are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// The texts as they are.
    Exact,
    /// All whitespace (spaces, tabs, line and page breaks) removed.
    Nospace,
    /// Punctuation width folded (see [`fold_punct`]).
    Punct,
    /// Whitespace removed and punctuation folded.
    Both,
}

impl View {
    pub const ALL: [View; 4] = [View::Exact, View::Nospace, View::Punct, View::Both];

    pub fn name(self) -> &'static str {
        match self {
            View::Exact => "exact",
            View::Nospace => "nospace",
            View::Punct => "punct",
            View::Both => "both",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == s)
    }

    /// The code points of `text` in this view.
    pub fn apply(self, text: &str) -> Vec<char> {
        match self {
            View::Exact => text.chars().collect(),
            View::Nospace => text.chars().filter(|c| !c.is_whitespace()).collect(),
            View::Punct => fold_punct_text(text),
            View::Both => text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(fold_punct)
                .collect(),
        }
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Folds punctuation width: one code point in, one out (so positions keep).
///
/// * full-width forms of ASCII punctuation and symbols (U+FF01..U+FF5E that
///   are not letters or digits) become the ASCII character: `，：；？！（）` →
///   `,:;?!()`; the CJK forms that stand for the same marks fold the same
///   way: `〔〕`→`()`, `【】`→`[]`, `〈〉《》`→`<>`, `〜`→`~`, `．`→`.`,
///   and the ideographic full stop `。` (and half-width `｡`) → `.`;
/// * every double or single quotation mark (`“”"‘’'「」『』＂＇`) becomes `"`;
/// * the ideographic space U+3000 becomes a space.
///
/// Letters and digits are not touched, nor is `、`, which has no half-width
/// twin.
pub fn fold_punct(c: char) -> char {
    match c {
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '＂' | '＇' | '„'
        | '‟' | '‛' | '′' | '″' => '"',
        '\u{3000}' => ' ',
        '〔' => '(',
        '〕' => ')',
        '【' => '[',
        '】' => ']',
        '〈' | '《' => '<',
        '〉' | '》' => '>',
        '〜' => '~',
        '。' | '｡' => '.',
        '\u{FF01}'..='\u{FF5E}' => {
            let a = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            if a.is_ascii_alphanumeric() {
                c
            } else {
                a
            }
        }
        _ => c,
    }
}

/// Marks that Latin typography follows (or, for an opening bracket or quote,
/// precedes) with a space, where the full-width mark carries its own.
fn spaced_mark(c: char) -> bool {
    matches!(c, ',' | '.' | ':' | ';' | '?' | '!' | '(' | ')' | '"')
}

/// The punct view of a text: [`fold_punct`] on every character, and the
/// spaces beside a folded mark dropped, so that `索引, 一旦` (a half-width
/// comma and the space Latin typography sets after it) and `索引，一旦` (the
/// full-width comma, which carries its own space) count the same. Newlines
/// are kept.
pub fn fold_punct_text(text: &str) -> Vec<char> {
    let folded: Vec<char> = text.chars().map(fold_punct).collect();
    let mut out = Vec::with_capacity(folded.len());
    let mut i = 0;
    while i < folded.len() {
        if folded[i] != ' ' {
            out.push(folded[i]);
            i += 1;
            continue;
        }
        let end = folded[i..]
            .iter()
            .position(|&c| c != ' ')
            .map_or(folded.len(), |k| i + k);
        let before = out.last().copied().is_some_and(spaced_mark);
        let after = folded.get(end).copied().is_some_and(spaced_mark);
        if !(before || after) {
            out.extend(&folded[i..end]);
        }
        i = end;
    }
    out
}

// ---------------------------------------------------------------------------
// Distance

/// Levenshtein distance over code points (bit-parallel, via `rapidfuzz`).
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    rapidfuzz::distance::levenshtein::distance(a.iter().copied(), b.iter().copied())
}

/// Character error rate of `hyp` against the reference `reference` in `view`.
/// An empty reference gives 0 for an empty hypothesis and 1 otherwise.
pub fn cer(hyp: &str, reference: &str, view: View) -> f64 {
    let r = view.apply(reference);
    let h = view.apply(hyp);
    if r.is_empty() {
        return if h.is_empty() { 0.0 } else { 1.0 };
    }
    levenshtein(&h, &r) as f64 / r.len() as f64
}

/// One number per view; views that were not computed are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PerView {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exact: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nospace: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub punct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub both: Option<f64>,
}

impl PerView {
    pub fn get(&self, v: View) -> Option<f64> {
        match v {
            View::Exact => self.exact,
            View::Nospace => self.nospace,
            View::Punct => self.punct,
            View::Both => self.both,
        }
    }

    pub fn set(&mut self, v: View, x: f64) {
        let slot = match v {
            View::Exact => &mut self.exact,
            View::Nospace => &mut self.nospace,
            View::Punct => &mut self.punct,
            View::Both => &mut self.both,
        };
        *slot = Some(x);
    }

    /// CER of `hyp` against `reference` in each of `views`.
    pub fn cer(hyp: &str, reference: &str, views: &[View]) -> PerView {
        let mut p = PerView::default();
        for &v in views {
            p.set(v, cer(hyp, reference, v));
        }
        p
    }
}

// ---------------------------------------------------------------------------
// Corpus

/// The extraction variants, in the order reports list them.
pub const VARIANTS: [&str; 10] = [
    "ocr-1col",
    "ocr-2col",
    "pdf-1col",
    "pdf-2col",
    "pdf-2col-layout",
    "ocr-nospace",
    "pdf-2col-raw",
    "pdf-pages",
    "pdf-2col-tex",
    "ocr-2col-psm6",
];

/// One document: its ground truth and its raw extractions by variant.
#[derive(Debug, Clone)]
pub struct Doc {
    pub name: String,
    pub gt: String,
    pub raw: BTreeMap<String, String>,
}

/// The corpus: documents sorted by name.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub dir: PathBuf,
    pub docs: Vec<Doc>,
}

impl Corpus {
    /// Loads `<dir>/<doc>/gt.txt` and `<dir>/<doc>/<variant>.raw.txt`.
    pub fn load(dir: &Path) -> Result<Corpus, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut docs = Vec::new();
        for e in entries {
            let e = e.map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = e.path();
            let gt_path = path.join("gt.txt");
            if !gt_path.is_file() {
                continue;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let gt = read(&gt_path)?;
            let mut raw = BTreeMap::new();
            for f in std::fs::read_dir(&path).map_err(|e| format!("{}: {e}", path.display()))? {
                let f = f.map_err(|e| format!("{}: {e}", path.display()))?;
                let fname = f.file_name().to_string_lossy().into_owned();
                if let Some(variant) = fname.strip_suffix(".raw.txt") {
                    raw.insert(variant.to_string(), read(&f.path())?);
                }
            }
            docs.push(Doc { name, gt, raw });
        }
        if docs.is_empty() {
            return Err(format!("{}: no documents (no */gt.txt)", dir.display()));
        }
        docs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Corpus {
            dir: dir.to_path_buf(),
            docs,
        })
    }

    /// Variants present in the corpus: the known ones first, in their order.
    pub fn variants(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for d in &self.docs {
            for v in d.raw.keys() {
                if !all.contains(v) {
                    all.push(v.clone());
                }
            }
        }
        all.sort_by_key(|v| {
            (
                VARIANTS.iter().position(|k| k == v).unwrap_or(usize::MAX),
                v.clone(),
            )
        });
        all
    }
}

fn read(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

// ---------------------------------------------------------------------------
// Running the command

/// How the command under test is run.
#[derive(Debug, Clone)]
pub struct Runner {
    /// Either a shell command string (run with `sh -c`) or a program and its
    /// arguments (run directly).
    pub program: Vec<String>,
    pub shell: bool,
    pub timeout: Duration,
}

impl Runner {
    /// Runs `cmd` through `sh -c`.
    pub fn shell(cmd: &str) -> Runner {
        Runner {
            program: vec![cmd.to_string()],
            shell: true,
            timeout: Duration::from_secs(120),
        }
    }

    /// Runs `program` with `args`, without a shell.
    pub fn exec<S: AsRef<str>>(program: &str, args: &[S]) -> Runner {
        let mut v = vec![program.to_string()];
        v.extend(args.iter().map(|a| a.as_ref().to_string()));
        Runner {
            program: v,
            shell: false,
            timeout: Duration::from_secs(120),
        }
    }

    pub fn describe(&self) -> String {
        if self.shell {
            self.program[0].clone()
        } else {
            self.program.join(" ")
        }
    }

    /// Runs the command with `input` on stdin; returns its stdout.  A
    /// non-zero exit, invalid UTF-8 or a timeout is an error.
    pub fn run(&self, input: &str) -> Result<String, String> {
        let mut cmd = if self.shell {
            let mut c = Command::new("sh");
            c.arg("-c").arg(&self.program[0]);
            c
        } else {
            let mut c = Command::new(&self.program[0]);
            c.args(&self.program[1..]);
            c
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start `{}`: {e}", self.describe()))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let input = input.to_owned();
        let writer = std::thread::spawn(move || {
            // A command may exit without reading all of its input.
            let _ = stdin.write_all(input.as_bytes());
        });
        let mut out = child.stdout.take().expect("piped stdout");
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            buf
        });
        let mut err = child.stderr.take().expect("piped stderr");
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            buf
        });
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) if start.elapsed() > self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "`{}` timed out after {:?}",
                        self.describe(),
                        self.timeout
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(e) => return Err(format!("waiting for `{}`: {e}", self.describe())),
            }
        };
        let _ = writer.join();
        let stdout = reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        if !status.success() {
            // The end of stderr says why; the start is often progress chatter.
            let msg = String::from_utf8_lossy(&stderr);
            let msg: Vec<char> = msg.trim().chars().collect();
            let msg: String = msg[msg.len().saturating_sub(400)..].iter().collect();
            return Err(format!("`{}` failed ({status}): {msg}", self.describe()));
        }
        String::from_utf8(stdout).map_err(|_| format!("`{}` wrote invalid UTF-8", self.describe()))
    }
}

// ---------------------------------------------------------------------------
// Scoring

/// What to score and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Views to compute (all four by default).
    pub views: Vec<View>,
    /// Variants to score (all in the corpus when empty).
    pub variants: Vec<String>,
    /// Documents to score (all when empty).
    pub docs: Vec<String>,
    /// Parallel jobs (rayon threads); 0 = rayon's default.
    pub jobs: usize,
    /// Keep each command output in the results.
    pub keep_outputs: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            views: View::ALL.to_vec(),
            variants: Vec::new(),
            docs: Vec::new(),
            jobs: 0,
            keep_outputs: false,
        }
    }
}

/// Score of one (document, variant).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocScore {
    pub doc: String,
    pub variant: String,
    /// Reference length in code points, per view.
    pub ref_len: PerView,
    /// CER of the raw text.
    pub before: PerView,
    /// CER of the command's output (absent when the command failed).
    pub after: Option<PerView>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    #[serde(skip)]
    pub output: Option<String>,
}

impl DocScore {
    /// Whether the command made this document worse in `view`.
    pub fn worse(&self, view: View) -> bool {
        match (self.before.get(view), self.after.and_then(|a| a.get(view))) {
            (Some(b), Some(a)) => a > b + 1e-12,
            _ => false,
        }
    }
}

/// Summary of one variant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantSummary {
    pub variant: String,
    pub docs: usize,
    /// Documents whose command run failed (not in the means).
    pub failed: Vec<String>,
    /// Mean CER of the raw texts (over the documents that did not fail).
    pub before: PerView,
    /// Mean CER of the outputs.
    pub after: PerView,
    /// (before - after) / before, per view.
    pub reduction: PerView,
    /// Documents made worse, per view.
    pub worse: BTreeMap<View, Vec<String>>,
}

/// Result of scoring one command.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub command: String,
    pub corpus: String,
    pub views: Vec<View>,
    pub variants: Vec<VariantSummary>,
    pub docs: Vec<DocScore>,
}

impl Report {
    pub fn failed(&self) -> Vec<&DocScore> {
        self.docs.iter().filter(|d| d.error.is_some()).collect()
    }

    /// (document, variant) pairs made worse in `view`.
    pub fn worse(&self, view: View) -> Vec<&DocScore> {
        self.docs.iter().filter(|d| d.worse(view)).collect()
    }
}

fn with_pool<T: Send>(jobs: usize, f: impl FnOnce() -> T + Send) -> T {
    if jobs == 0 {
        return f();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Runs `runner` on every selected raw file and scores it.
pub fn score(corpus: &Corpus, runner: &Runner, opts: &Options) -> Report {
    let variants: Vec<String> = corpus
        .variants()
        .into_iter()
        .filter(|v| opts.variants.is_empty() || opts.variants.contains(v))
        .collect();
    let mut jobs: Vec<(&Doc, &str)> = Vec::new();
    for d in &corpus.docs {
        if !opts.docs.is_empty() && !opts.docs.contains(&d.name) {
            continue;
        }
        for v in &variants {
            if d.raw.contains_key(v) {
                jobs.push((d, v));
            }
        }
    }
    let views = &opts.views;
    let docs: Vec<DocScore> = with_pool(opts.jobs, || {
        jobs.par_iter()
            .map(|&(d, v)| {
                let raw = &d.raw[v];
                let mut ref_len = PerView::default();
                for &view in views {
                    ref_len.set(view, view.apply(&d.gt).len() as f64);
                }
                let before = PerView::cer(raw, &d.gt, views);
                let (after, error, output) = match runner.run(raw) {
                    Ok(out) => (Some(PerView::cer(&out, &d.gt, views)), None, Some(out)),
                    Err(e) => (None, Some(e), None),
                };
                DocScore {
                    doc: d.name.clone(),
                    variant: v.to_string(),
                    ref_len,
                    before,
                    after,
                    error,
                    output: if opts.keep_outputs { output } else { None },
                }
            })
            .collect()
    });
    let summaries = variants
        .iter()
        .map(|v| summarise(v, &docs, views))
        .collect();
    Report {
        command: runner.describe(),
        corpus: corpus.dir.display().to_string(),
        views: views.clone(),
        variants: summaries,
        docs,
    }
}

fn summarise(variant: &str, docs: &[DocScore], views: &[View]) -> VariantSummary {
    let mine: Vec<&DocScore> = docs.iter().filter(|d| d.variant == variant).collect();
    let ok: Vec<&DocScore> = mine.iter().copied().filter(|d| d.after.is_some()).collect();
    let mut s = VariantSummary {
        variant: variant.to_string(),
        docs: mine.len(),
        failed: mine
            .iter()
            .filter(|d| d.error.is_some())
            .map(|d| d.doc.clone())
            .collect(),
        before: PerView::default(),
        after: PerView::default(),
        reduction: PerView::default(),
        worse: BTreeMap::new(),
    };
    if ok.is_empty() {
        return s;
    }
    let n = ok.len() as f64;
    for &v in views {
        let b = ok.iter().filter_map(|d| d.before.get(v)).sum::<f64>() / n;
        let a = ok
            .iter()
            .filter_map(|d| d.after.and_then(|x| x.get(v)))
            .sum::<f64>()
            / n;
        s.before.set(v, b);
        s.after.set(v, a);
        s.reduction.set(v, if b > 0.0 { (b - a) / b } else { 0.0 });
        s.worse.insert(
            v,
            ok.iter()
                .filter(|d| d.worse(v))
                .map(|d| d.doc.clone())
                .collect(),
        );
    }
    s
}

// ---------------------------------------------------------------------------
// Do no harm

/// One changed spot in a ground truth.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spot {
    /// 1-based line and column (code points) in gt.txt.
    pub line: usize,
    pub col: usize,
    /// Context around the change in gt.txt and in the output.
    pub expected: String,
    pub got: String,
}

/// A document whose ground truth the command changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Harm {
    pub doc: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    pub spots: Vec<Spot>,
    /// Edit distance between folded gt and folded output.
    pub distance: usize,
}

/// The form in which a ground truth is given to the command by [`no_harm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GtForm {
    /// `gt.txt` as it is: one paragraph a line, a blank line between.
    Blank,
    /// One paragraph a line and no blank line between paragraphs (`gt.txt`
    /// with its blank lines removed): the shape of text whose every line
    /// break is a paragraph break, which a repair must not join.
    Compact,
}

impl GtForm {
    pub const ALL: [GtForm; 2] = [GtForm::Blank, GtForm::Compact];

    pub fn name(self) -> &'static str {
        match self {
            GtForm::Blank => "blank",
            GtForm::Compact => "compact",
        }
    }

    /// What the form is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            GtForm::Blank => "gt.txt as it is, a blank line between paragraphs",
            GtForm::Compact => "gt.txt without its blank lines, one paragraph a line",
        }
    }

    /// The text given to the command for the ground truth `gt`.
    pub fn apply(self, gt: &str) -> String {
        match self {
            GtForm::Blank => gt.to_string(),
            GtForm::Compact => compact(gt),
        }
    }
}

/// `text` with its blank (empty or all-whitespace) lines removed.
pub fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            out.push_str(line);
        }
    }
    out
}

/// Runs the command on every `gt.txt`; returns the documents it changed in
/// the punct view (punctuation width is not counted as a change).
pub fn no_harm(corpus: &Corpus, runner: &Runner, jobs: usize) -> Vec<Harm> {
    no_harm_form(corpus, runner, jobs, GtForm::Blank)
}

/// Runs the command on every ground truth in `form`; returns the documents
/// whose text it changed in the punct view.  Spots give lines and columns
/// in the text as given (for [`GtForm::Compact`], line n is paragraph n).
pub fn no_harm_form(corpus: &Corpus, runner: &Runner, jobs: usize, form: GtForm) -> Vec<Harm> {
    let mut harms: Vec<Harm> = with_pool(jobs, || {
        corpus
            .docs
            .par_iter()
            .filter_map(|d| {
                let input = form.apply(&d.gt);
                match runner.run(&input) {
                    Err(e) => Some(Harm {
                        doc: d.name.clone(),
                        error: Some(e),
                        spots: Vec::new(),
                        distance: 0,
                    }),
                    Ok(out) => {
                        let g = View::Punct.apply(&input);
                        let o = View::Punct.apply(&out);
                        if g == o {
                            None
                        } else {
                            Some(Harm {
                                doc: d.name.clone(),
                                error: None,
                                spots: spots(&input, &out),
                                distance: levenshtein(&o, &g),
                            })
                        }
                    }
                }
            })
            .collect()
    });
    harms.sort_by(|a, b| a.doc.cmp(&b.doc));
    harms
}

const CONTEXT: usize = 12;

/// Where `got` differs from `expected` (punct-folded), line by line.
pub fn spots(expected: &str, got: &str) -> Vec<Spot> {
    let el: Vec<Vec<char>> = expected.split('\n').map(|l| l.chars().collect()).collect();
    let gl: Vec<Vec<char>> = got.split('\n').map(|l| l.chars().collect()).collect();
    let fold = |l: &Vec<char>| -> Vec<char> { fold_punct_text(&l.iter().collect::<String>()) };
    let ef: Vec<Vec<char>> = el.iter().map(fold).collect();
    let gf: Vec<Vec<char>> = gl.iter().map(fold).collect();
    // LCS over lines, then pair up the unmatched lines of each hunk.
    let (n, m) = (ef.len(), gf.len());
    let mut t = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if ef[i] == gf[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut hunk_e: Vec<usize> = Vec::new();
    let mut hunk_g: Vec<usize> = Vec::new();
    let flush = |he: &mut Vec<usize>, hg: &mut Vec<usize>, at_e: usize, out: &mut Vec<Spot>| {
        let k = he.len().max(hg.len());
        for x in 0..k {
            let e = he.get(x).map(|&i| el[i].as_slice()).unwrap_or(&[]);
            let g = hg.get(x).map(|&j| gl[j].as_slice()).unwrap_or(&[]);
            let line = he.get(x).copied().unwrap_or(at_e) + 1;
            out.push(line_spot(line, e, g));
        }
        he.clear();
        hg.clear();
    };
    while i < n || j < m {
        if i < n && j < m && ef[i] == gf[j] {
            flush(&mut hunk_e, &mut hunk_g, i, &mut out);
            i += 1;
            j += 1;
        } else if j < m && (i == n || t[i][j + 1] >= t[i + 1][j]) {
            hunk_g.push(j);
            j += 1;
        } else {
            hunk_e.push(i);
            i += 1;
        }
    }
    flush(&mut hunk_e, &mut hunk_g, n.saturating_sub(1), &mut out);
    out
}

fn line_spot(line: usize, e: &[char], g: &[char]) -> Spot {
    let pre = e
        .iter()
        .zip(g)
        .take_while(|(a, b)| fold_punct(**a) == fold_punct(**b))
        .count();
    let max_suf = e.len().min(g.len()) - pre;
    let suf = e
        .iter()
        .rev()
        .zip(g.iter().rev())
        .take(max_suf)
        .take_while(|(a, b)| fold_punct(**a) == fold_punct(**b))
        .count();
    let ctx = |s: &[char], end: usize| -> String {
        let a = pre.saturating_sub(CONTEXT);
        let b = (end + CONTEXT).min(s.len());
        let mut r = String::new();
        if a > 0 {
            r.push('…');
        }
        r.extend(&s[a..pre]);
        r.push('⟦');
        r.extend(&s[pre..end]);
        r.push('⟧');
        r.extend(&s[end..b]);
        if b < s.len() {
            r.push('…');
        }
        r
    };
    Spot {
        line,
        col: pre + 1,
        expected: ctx(e, e.len() - suf),
        got: ctx(g, g.len() - suf),
    }
}

// ---------------------------------------------------------------------------
// Text output

/// Percentage with one decimal.
pub fn pct(x: Option<f64>) -> String {
    match x {
        Some(x) => format!("{:.1}", 100.0 * x),
        None => "-".to_string(),
    }
}

/// A Markdown table of one or more reports of the same corpus: one row per
/// variant and view, one column with the raw text's CER (%) and one per
/// command with its output's CER, the relative change and how many
/// documents it made worse.
pub fn markdown_table(reports: &[Report], views: &[View]) -> String {
    let mut s = String::from("| variant | view | raw |");
    for r in reports {
        s.push_str(&format!(" `{}` |", r.command.replace('|', "\\|")));
    }
    s.push_str("\n|---|---|---:|");
    for _ in reports {
        s.push_str("---:|");
    }
    s.push('\n');
    let Some(first) = reports.first() else {
        return s;
    };
    for (i, vs0) in first.variants.iter().enumerate() {
        for &v in views {
            s.push_str(&format!(
                "| {} | {} | {} |",
                vs0.variant,
                v,
                pct(vs0.before.get(v))
            ));
            for r in reports {
                let Some(vs) = r.variants.get(i) else {
                    s.push_str(" - |");
                    continue;
                };
                let mut cell = pct(vs.after.get(v));
                let red = vs.reduction.get(v).unwrap_or(0.0);
                let worse = vs.worse.get(&v).map(|w| w.len()).unwrap_or(0);
                if red.abs() >= 0.0005 || worse > 0 {
                    cell.push_str(&format!(" ({:+.0}%", -100.0 * red));
                    if worse > 0 {
                        cell.push_str(&format!(", {worse} worse"));
                    }
                    cell.push(')');
                }
                if !vs.failed.is_empty() {
                    cell.push_str(&format!(" [{} failed]", vs.failed.len()));
                }
                s.push_str(&format!(" {cell} |"));
            }
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            View::Punct.apply("，：；？！（）“”‘’"),
            "，：；？！（）“”‘’"
                .chars()
                .map(fold_punct)
                .collect::<Vec<_>>()
        );
        let s: String = View::Punct.apply("a，b（c）“d”").into_iter().collect();
        assert_eq!(s, "a,b(c)\"d\"");
        let s: String = View::Punct.apply("ＡＢ１２。、").into_iter().collect();
        assert_eq!(s, "ＡＢ１２.、");
        let s: String = View::Both.apply("中 文，\n\u{c} 好").into_iter().collect();
        assert_eq!(s, "中文,好");
    }

    #[test]
    fn distance() {
        let a: Vec<char> = "中文文本".chars().collect();
        let b: Vec<char> = "中 文本x".chars().collect();
        assert_eq!(levenshtein(&a, &b), 2);
        assert_eq!(cer("中文", "中文", View::Exact), 0.0);
        assert!((cer("中 文", "中文", View::Exact) - 0.5).abs() < 1e-12);
        assert_eq!(cer("中 文", "中文", View::Nospace), 0.0);
        assert_eq!(cer("中文,", "中文，", View::Punct), 0.0);
        assert_eq!(cer("索引, 一旦", "索引，一旦", View::Punct), 0.0);
        assert_eq!(cer("中 文", "中文", View::Punct), 0.5);
        // long texts: bit-parallel path agrees with a plain DP
        let x: Vec<char> = (0..700)
            .map(|i| char::from_u32(0x4E00 + (i * 7 % 13) as u32).unwrap())
            .collect();
        let y: Vec<char> = (0..650)
            .map(|i| char::from_u32(0x4E00 + (i * 5 % 11) as u32).unwrap())
            .collect();
        assert_eq!(levenshtein(&x, &y), naive(&x, &y));
    }

    fn naive(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + (ca != cb) as usize)
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn spots_found() {
        let e = "第一段。\n\n第二段，文字。\n";
        let g = "第一段。\n\n第二段,文 字。\n";
        let s = spots(e, g);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].line, s[0].col), (3, 6));
        assert!(s[0].got.contains("⟦ ⟧"), "{:?}", s[0]);
        let s = spots("a\nb\nc\n", "a\nc\n");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].line, 2);
    }

    #[test]
    fn gt_forms() {
        let gt = "第一段。\n\n第二段，\n\n第三段\n";
        assert_eq!(GtForm::Blank.apply(gt), gt);
        assert_eq!(GtForm::Compact.apply(gt), "第一段。\n第二段，\n第三段\n");
        assert_eq!(compact("a\n \n\nb"), "a\nb");
    }

    #[test]
    fn runner() {
        let r = Runner::shell("cat");
        assert_eq!(r.run("中文\n").unwrap(), "中文\n");
        assert!(Runner::shell("exit 3").run("x").is_err());
        let r = Runner::exec("tr", &["a", "b"]);
        assert_eq!(r.run("aa").unwrap(), "bb");
    }
}
