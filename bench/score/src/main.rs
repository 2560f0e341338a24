//! emend-score: scores text-cleaning commands against the benchmark corpus.

use emend_score::inject::{generate, Shape};
use emend_score::injected::{
    injected_markdown, injected_table, load_cases, score_injected, write_cases, InjectedReport,
};
use emend_score::{
    markdown_table, no_harm_form, pct, score, Corpus, GtForm, Options, Report, Runner, View,
};
use emend_score::{misreads, typos};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
emend-score: run a cleaning command on the benchmark corpus and score it

USAGE:
    emend-score [OPTIONS] COMMAND...
    emend-score inject --out DIR [--seed N] [--corpus DIR] [--doc D[,D...]]
    emend-score --injected DIR [--shape S[,S...]] [--doc D[,D...]] [--per-case]
                [--json | --markdown] [--save-outputs DIR] COMMAND...
    emend-score typos [OPTIONS] COMMAND...
    emend-score misreads [OPTIONS] COMMAND...

Each COMMAND is a shell command string (run with `sh -c`) that reads the raw
text on stdin and writes the cleaned text on stdout, e.g. `cat` (the
identity: scores the raw text) or `target/release/emend clean -`.

The character error rate (CER, %) is the Levenshtein distance over code
points divided by the reference length, in four views: exact; nospace (all
whitespace removed); punct (punctuation width folded, and the space
Latin typography sets beside a half-width mark dropped); both.

OPTIONS:
    --corpus DIR          corpus directory (default: bench/corpus)
    --variant V[,V...]    only these variants
    --doc D[,D...]        only these documents
    --view V[,V...]       only these views (exact,nospace,punct,both)
    --per-doc             print one row per document and variant
    --json                print the reports as JSON
    --markdown            print one Markdown table for all commands
    --save-outputs DIR    write each output to DIR/<doc>/<variant>.txt
    --no-harm             run each command on every ground truth instead, in
                          two forms: gt.txt as it is (a blank line between
                          paragraphs) and gt.txt without its blank lines (one
                          paragraph a line); fail if any comes back changed
                          (punct view), printing where
    --form F              with --no-harm, only this form (blank or compact)
    --jobs N              parallel runs (default: number of CPUs)
    --timeout SECS        per-run timeout (default: 120)
    -h, --help            this help

INJECTED DEFECTS:
`inject` writes, for every ground truth, cases with one layout defect each
in one region, the whole text printed at a width W of 18-40 cells (a Latin
character is half a cell), paragraphs parted by a blank line or not:
    side-by-side   2N printed lines (N = 4-12) as two columns of N rows:
                   left line, padding to the left column, a gap of 3-6
                   spaces, right line; the gap kept, shrunk to 1 space or
                   to none after a left line that fills the width; padded
                   by characters (as pdftotext -layout) or by cells
    alternating    the same two columns' lines one by one, or in runs of
                   2-3, with or without blank lines between the runs
    displaced      a paragraph, or its lines after a break that is not a
                   sentence end, printed after the next paragraph
    heading        a short line (at most 30 cells, no terminal punctuation)
                   followed by the paragraph after its body, then the body;
                   documents without such a line get no heading case
as DIR/<doc>/<shape>-<n>.raw.txt, .gt.txt and .json (shape, width, the
region as byte ranges in the gt and raw texts, how it was made), and
DIR/cases.json listing them. The same seed writes the same bytes. (To score
a command named `inject`, put it after `--`.)
    --out DIR             where to write (required)
    --seed N              the seed (default: 1)
    --corpus, --doc       as above

`--injected DIR` runs each COMMAND on every case's raw text and compares
its output with the case's gt in the `both` view (whitespace removed,
punctuation width folded). The region is found in the output between the
shortest text before it and after it (8 characters or more) that occurs
once in the gt and once in the output. Per shape:
    repaired   cases whose output in the region equals the gt there;
               recall = repaired / cases
    changed    cases whose output in the region differs from the raw
               text's (every repair is a change)
    precision  repaired / changed: of the cases where the command changed
               the region at all, the share where it got it right
    damaged    cases whose output differs from the gt outside the region:
               a false repair, whatever happened in the region
An output in which the region cannot be found (the text beside it changed
or repeated) counts as changed, not repaired and damaged; a failed run as
neither repaired nor changed. Options: --doc, --jobs, --timeout, --json,
--markdown (a row per command and shape), --save-outputs (DIR/<case>.txt),
and
    --shape S[,S...]      only these shapes
    --per-case            the verdict of every case

INJECTED TYPOS:
    emend-score typos [--seed N] [--corpus DIR] [--out DIR] [--per-doc]
                      [--half score|train] [--jobs N] [--timeout SECS] COMMAND...
puts typos into the ground truths of the scoring half of the corpus
(bench/confusions/split.txt; `--half train`: the training half, to set a
detector's bars on, never to report), one case per document and kind, about one
typo per 400 Han characters, each inside a run of Han text and at least 12
Han characters from the next:
    sound-alike    a character of the same reading, tones aside (the pinyin
                   crate), among the training half's characters, weighted
                   by their count there
    lookalike      a character tesseract read for it on the training half
                   (bench/typos/ocr_pairs.tsv), weighted by count
runs each COMMAND on each case and compares the Han characters place by
place: a change back to the ground truth is a correction, any other change
is wrong. Prints, per command and kind, the typos, corrections, wrong
changes, precision and recall; --out writes the cases (DIR/<doc>.<kind>.txt
and DIR/cases.json); the same seed writes the same bytes.

REAL OCR MISREADS:
    emend-score misreads [--corpus DIR] [--half score|train] [--per-doc]
                         [--variants V[,V...]] [--jobs N] [--timeout SECS]
                         COMMAND...
runs each COMMAND on the raw text of every document of the scoring half
(`--half train`: the training half) in each variant (default: ocr-1col,
ocr-2col, ocr-nospace), and aligns the raw text with the output and with
the ground truth, all three without whitespace, by a Myers diff. A Han
character the command replaced by another, one for one, is looked up in
the ground truth through the raw text's alignment with it:
    right      the output has the ground truth's character
    damaged    the raw character was the ground truth's
    wrong      neither was
    unmapped   the raw character has no place in the ground truth
    other      Han characters changed in an edit of another length, or
               to or from a character that is not Han (not classified)
misreads are the raw text's one-for-one Han substitutions against the
ground truth; precision = right / (right + damaged + wrong), recall =
right / misreads. For the documents a command touched (one substitution
or more), the mean CER (both view, %) before and after, and how many got
worse. Prints a Markdown table, a row per command and variant and one for
all; --per-doc prints each document's counts and substitutions (with 6
raw characters either side) to stderr.

Exit status: 0 on success; 1 if a run failed, or with --no-harm if a
ground truth changed; 2 on a usage error.
";

struct Args {
    corpus: PathBuf,
    commands: Vec<String>,
    variants: Vec<String>,
    docs: Vec<String>,
    views: Vec<View>,
    per_doc: bool,
    json: bool,
    markdown: bool,
    save: Option<PathBuf>,
    no_harm: bool,
    forms: Vec<GtForm>,
    jobs: usize,
    timeout: u64,
    injected: Option<PathBuf>,
    shapes: Vec<Shape>,
    per_case: bool,
    /// The options given, to refuse those of the other mode.
    given: Vec<String>,
}

/// Options that mean nothing with `--injected` (they choose among the
/// corpus's variants and views, which injected cases do not have).
const CORPUS_ONLY: [&str; 6] = [
    "--corpus",
    "--variant",
    "--view",
    "--per-doc",
    "--no-harm",
    "--form",
];
/// Options that mean something only with `--injected`.
const INJECTED_ONLY: [&str; 2] = ["--shape", "--per-case"];

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn parse_args(argv: Vec<String>) -> Result<Args, String> {
    let mut a = Args {
        corpus: emend_score::default_corpus_dir(),
        commands: Vec::new(),
        variants: Vec::new(),
        docs: Vec::new(),
        views: View::ALL.to_vec(),
        per_doc: false,
        json: false,
        markdown: false,
        save: None,
        no_harm: false,
        forms: GtForm::ALL.to_vec(),
        jobs: 0,
        timeout: 120,
        injected: None,
        shapes: Vec::new(),
        per_case: false,
        given: Vec::new(),
    };
    let mut it = argv.into_iter();
    let mut only_commands = false;
    while let Some(arg) = it.next() {
        if only_commands || !arg.starts_with("--") && arg != "-h" {
            a.commands.push(arg);
            continue;
        }
        a.given.push(arg.clone());
        let mut val = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--" => only_commands = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--corpus" => a.corpus = PathBuf::from(val("--corpus")?),
            "--variant" => a.variants = list(&val("--variant")?),
            "--doc" => a.docs = list(&val("--doc")?),
            "--view" => {
                a.views = list(&val("--view")?)
                    .iter()
                    .map(|v| View::parse(v).ok_or_else(|| format!("unknown view `{v}`")))
                    .collect::<Result<_, _>>()?
            }
            "--per-doc" => a.per_doc = true,
            "--json" => a.json = true,
            "--markdown" => a.markdown = true,
            "--save-outputs" => a.save = Some(PathBuf::from(val("--save-outputs")?)),
            "--no-harm" => a.no_harm = true,
            "--form" => {
                let f = val("--form")?;
                a.forms = vec![GtForm::ALL
                    .into_iter()
                    .find(|x| x.name() == f)
                    .ok_or_else(|| format!("unknown form `{f}` (blank or compact)"))?]
            }
            "--jobs" => a.jobs = parsed(val("--jobs")?, "--jobs needs a number")?,
            "--timeout" => a.timeout = parsed(val("--timeout")?, "--timeout needs a number")?,
            "--injected" => a.injected = Some(PathBuf::from(val("--injected")?)),
            "--shape" => {
                a.shapes = list(&val("--shape")?)
                    .iter()
                    .map(|s| Shape::parse(s).ok_or_else(|| format!("unknown shape `{s}`")))
                    .collect::<Result<_, _>>()?
            }
            "--per-case" => a.per_case = true,
            _ => return Err(format!("unknown option `{arg}`")),
        }
    }
    if a.commands.is_empty() {
        return Err("no command given".into());
    }
    let (refused, mode) = if a.injected.is_some() {
        (&CORPUS_ONLY[..], "with --injected")
    } else {
        (&INJECTED_ONLY[..], "without --injected")
    };
    if let Some(o) = a.given.iter().find(|o| refused.contains(&o.as_str())) {
        return Err(format!("{o} does not apply {mode}"));
    }
    Ok(a)
}

/// An option's value parsed, or `message`.
fn parsed<T: std::str::FromStr>(value: impl AsRef<str>, message: &str) -> Result<T, String> {
    value.as_ref().parse().map_err(|_| message.to_string())
}

/// `emend-score inject`'s arguments.
struct InjectArgs {
    corpus: PathBuf,
    out: PathBuf,
    seed: u64,
    docs: Vec<String>,
}

fn parse_inject_args(argv: &[String]) -> Result<InjectArgs, String> {
    let mut corpus = emend_score::default_corpus_dir();
    let mut out = None;
    let mut seed = 1;
    let mut docs = Vec::new();
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let mut val = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--out" => out = Some(PathBuf::from(val("--out")?)),
            "--seed" => seed = parsed(val("--seed")?, "--seed needs a whole number")?,
            "--corpus" => corpus = PathBuf::from(val("--corpus")?),
            "--doc" => docs = list(val("--doc")?),
            _ => return Err(format!("inject: unknown argument `{arg}`")),
        }
    }
    Ok(InjectArgs {
        corpus,
        out: out.ok_or("inject needs --out DIR")?,
        seed,
        docs,
    })
}

/// `emend-score inject`: writes the cases and says how many of each shape.
fn inject_main(argv: &[String]) -> ExitCode {
    let args = match parse_inject_args(argv) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let mut corpus = match Corpus::load(&args.corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("emend-score: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(d) = args
        .docs
        .iter()
        .find(|d| !corpus.docs.iter().any(|x| &x.name == *d))
    {
        eprintln!("emend-score: no document `{d}` in {}", corpus.dir.display());
        return ExitCode::from(2);
    }
    corpus
        .docs
        .retain(|d| args.docs.is_empty() || args.docs.contains(&d.name));
    let cases = generate(&corpus, args.seed);
    if let Err(e) = write_cases(&args.out, &cases, args.seed) {
        eprintln!("emend-score: {e}");
        return ExitCode::from(1);
    }
    let counts: Vec<String> = Shape::ALL
        .iter()
        .map(|&s| format!("{s} {}", cases.iter().filter(|c| c.shape() == s).count()))
        .collect();
    println!(
        "{} cases from {} documents (seed {}) in {}: {}",
        cases.len(),
        corpus.docs.len(),
        args.seed,
        args.out.display(),
        counts.join(", ")
    );
    ExitCode::SUCCESS
}

/// The options `typos` and `misreads` share: the corpus, the half of it
/// scored, how to run the commands, and the commands.
struct HalfRun {
    corpus: PathBuf,
    half: String,
    per_doc: bool,
    jobs: usize,
    timeout: u64,
    commands: Vec<String>,
}

impl Default for HalfRun {
    fn default() -> Self {
        HalfRun {
            corpus: emend_score::default_corpus_dir(),
            half: "score".to_string(),
            per_doc: false,
            jobs: 0,
            timeout: 120,
            commands: Vec::new(),
        }
    }
}

impl HalfRun {
    /// Takes `arg` (and its value from `it`) if it is a shared option or a
    /// command: whether it did.
    fn take(&mut self, arg: &str, it: &mut std::slice::Iter<'_, String>) -> Result<bool, String> {
        let mut val = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg {
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--corpus" => self.corpus = PathBuf::from(val("--corpus")?),
            "--per-doc" => self.per_doc = true,
            "--half" => {
                self.half = val("--half")?.clone();
                if self.half != "score" && self.half != "train" {
                    return Err("--half is score or train".to_string());
                }
            }
            "--jobs" => self.jobs = parsed(val("--jobs")?, "--jobs needs a number")?,
            "--timeout" => self.timeout = parsed(val("--timeout")?, "--timeout needs a number")?,
            s if s.starts_with("--") => return Ok(false),
            _ => self.commands.push(arg.to_string()),
        }
        Ok(true)
    }
}

/// `emend-score typos`'s arguments.
struct TyposArgs {
    run: HalfRun,
    out: Option<PathBuf>,
    seed: u64,
}

fn parse_typos_args(argv: &[String]) -> Result<TyposArgs, String> {
    let mut a = TyposArgs {
        run: HalfRun::default(),
        out: None,
        seed: 1,
    };
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        if a.run.take(arg, &mut it)? {
            continue;
        }
        let mut val = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--out" => a.out = Some(PathBuf::from(val("--out")?)),
            "--seed" => a.seed = parsed(val("--seed")?, "--seed needs a whole number")?,
            s => return Err(format!("typos: unknown argument `{s}`")),
        }
    }
    Ok(a)
}

/// `emend-score typos`: makes the typo cases, writes them with `--out`,
/// and scores each command on them.
fn typos_main(argv: &[String]) -> ExitCode {
    let args = match parse_typos_args(argv) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let cases = match typo_cases(&args.run.corpus, &args.run.half, args.seed) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("emend-score: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = &args.out {
        if let Err(e) = write_typo_cases(dir, &cases) {
            eprintln!("emend-score: {e}");
            return ExitCode::from(1);
        }
    }
    let typos: usize = cases.iter().map(|c| c.typos.len()).sum();
    eprintln!(
        "{} cases, {typos} typos, from the {} half (seed {})",
        cases.len(),
        args.run.half,
        args.seed
    );
    let mut ok = true;
    println!(
        "| command | kind | typos | corrected | wrong | precision | recall | Han count changed |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for cmd in &args.run.commands {
        let mut runner = Runner::shell(cmd);
        runner.timeout = Duration::from_secs(args.run.timeout);
        let outcomes = typos::run_cases(&cases, &runner, args.run.jobs);
        for (case, o) in cases.iter().zip(&outcomes) {
            match o {
                Err(e) => {
                    ok = false;
                    eprintln!("emend-score: {} {}: {e}", case.doc, case.kind.name());
                }
                Ok(o) if args.run.per_doc => eprintln!(
                    "{cmd}\t{}\t{}\ttypos {} corrected {} wrong {}{}",
                    case.doc,
                    case.kind.name(),
                    o.typos,
                    o.corrected,
                    o.wrong,
                    if o.length_changed {
                        " (Han count changed)"
                    } else {
                        ""
                    }
                ),
                Ok(_) => {}
            }
        }
        for kind in typos::Kind::ALL {
            let of_kind = cases
                .iter()
                .zip(&outcomes)
                .filter(|(c, _)| c.kind == kind)
                .filter_map(|(_, o)| o.as_ref().ok());
            let (t, changed_length) = typos::total(of_kind);
            let ratio = |n: usize, d: usize| {
                if d == 0 {
                    "-".to_string()
                } else {
                    format!("{:.2}", n as f64 / d as f64)
                }
            };
            println!(
                "| `{cmd}` | {} | {} | {} | {} | {} | {} | {changed_length} |",
                kind.name(),
                t.typos,
                t.corrected,
                t.wrong,
                ratio(t.corrected, t.corrected + t.wrong),
                ratio(t.corrected, t.typos),
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The typo cases of the corpus in `dir`: tables from the training half,
/// cases from the scoring half.
/// A file of `bench/` beside the corpus folder `dir`, read whole.
fn bench_file(dir: &Path, parts: &[&str]) -> Result<String, String> {
    let p = parts.iter().fold(dir.join(".."), |p, part| p.join(part));
    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
}

fn typo_cases(dir: &Path, half: &str, seed: u64) -> Result<Vec<typos::TypoCase>, String> {
    let corpus = Corpus::load(dir)?;
    let split = bench_file(dir, &["confusions", "split.txt"])?;
    let pairs = bench_file(dir, &["typos", "ocr_pairs.tsv"])?;
    let train = typos::half(&split, "train");
    let train_texts: Vec<&str> = corpus
        .docs
        .iter()
        .filter(|d| train.contains(&d.name))
        .map(|d| d.gt.as_str())
        .collect();
    let tables = typos::Tables::build(&train_texts, &pairs);
    Ok(typos::generate(
        &corpus,
        &typos::half(&split, half),
        &tables,
        seed,
    ))
}

/// `DIR/<doc>.<kind>.txt` for each case and `DIR/cases.json` with every
/// case's typos.
fn write_typo_cases(dir: &Path, cases: &[typos::TypoCase]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for case in cases {
        let path = dir.join(format!("{}.{}.txt", case.doc, case.kind.name()));
        std::fs::write(&path, &case.text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let listing: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| serde_json::json!({"doc": c.doc, "kind": c.kind, "typos": c.typos}))
        .collect();
    let path = dir.join("cases.json");
    let json = serde_json::to_string_pretty(&listing).map_err(|e| e.to_string())?;
    std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// `emend-score misreads`'s arguments.
struct MisreadsArgs {
    run: HalfRun,
    variants: Vec<String>,
}

/// The variants `misreads` reads by default: the real OCR ones (pdftotext's
/// text has no misreads to count).
const OCR_VARIANTS: [&str; 3] = ["ocr-1col", "ocr-2col", "ocr-nospace"];

fn parse_misreads_args(argv: &[String]) -> Result<MisreadsArgs, String> {
    let mut a = MisreadsArgs {
        run: HalfRun::default(),
        variants: OCR_VARIANTS.map(String::from).to_vec(),
    };
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        if a.run.take(arg, &mut it)? {
            continue;
        }
        match arg.as_str() {
            "--variants" => {
                let v = it.next().ok_or("--variants needs a value")?;
                a.variants = list(v);
            }
            s => return Err(format!("misreads: unknown argument `{s}`")),
        }
    }
    if a.run.commands.is_empty() {
        return Err("misreads: no command given".to_string());
    }
    if a.variants.is_empty() {
        return Err("misreads: --variants names none".to_string());
    }
    Ok(a)
}

/// `emend-score misreads`: measures each command's substitutions on the
/// real OCR text of one half of the corpus.
fn misreads_main(argv: &[String]) -> ExitCode {
    let args = match parse_misreads_args(argv) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let loaded = Corpus::load(&args.run.corpus).and_then(|corpus| {
        let split = bench_file(&args.run.corpus, &["confusions", "split.txt"])?;
        let known = corpus.variants();
        match args.variants.iter().find(|v| !known.contains(v)) {
            Some(v) => Err(format!("no variant `{v}` in {}", args.run.corpus.display())),
            None => Ok((corpus, typos::half(&split, &args.run.half))),
        }
    });
    let (corpus, docs) = match loaded {
        Ok(x) => x,
        Err(e) => {
            eprintln!("emend-score: {e}");
            return ExitCode::from(2);
        }
    };
    eprintln!(
        "{} documents of the {} half, variants {}",
        corpus
            .docs
            .iter()
            .filter(|d| docs.contains(&d.name))
            .count(),
        args.run.half,
        args.variants.join(", ")
    );
    let mut ok = true;
    println!(
        "| command | variant | docs | misreads | right | damaged | wrong | unmapped | other \
         | precision | recall | touched | CER before → after (touched) | worse |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for cmd in &args.run.commands {
        let mut runner = Runner::shell(cmd);
        runner.timeout = Duration::from_secs(args.run.timeout);
        let runs = misreads::run(&corpus, &docs, &args.variants, &runner, args.run.jobs);
        for r in &runs {
            match &r.result {
                Err(e) => {
                    ok = false;
                    eprintln!("emend-score: {} {}: {e}", r.doc, r.variant);
                }
                Ok(m) if args.run.per_doc => print_misreads_doc(cmd, r, m),
                Ok(_) => {}
            }
        }
        let rows = args
            .variants
            .iter()
            .map(|v| {
                (
                    v.as_str(),
                    misreads::summarize(runs.iter().filter(|r| &r.variant == v)),
                )
            })
            .chain([("all", misreads::summarize(&runs))]);
        for (variant, s) in rows {
            let ratio = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.2}"));
            let cer = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.2}", 100.0 * x));
            let c = &s.counts;
            println!(
                "| `{cmd}` | {variant} | {}{} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} → {} | {} |",
                s.docs,
                if s.failed > 0 { format!(" ({} failed)", s.failed) } else { String::new() },
                c.misreads,
                c.right,
                c.damaged,
                c.wrong,
                c.unmapped,
                c.other,
                ratio(c.precision()),
                ratio(c.recall()),
                s.touched,
                cer(s.cer_before),
                cer(s.cer_after),
                s.worse,
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `--per-doc`: one document's counts and substitutions, to stderr.
fn print_misreads_doc(cmd: &str, r: &misreads::Run, m: &misreads::Measure) {
    let c = &m.counts;
    eprintln!(
        "{cmd}\t{}\t{}\tmisreads {} right {} damaged {} wrong {} unmapped {} other {}\tCER {:.2} → {:.2}{}",
        r.doc,
        r.variant,
        c.misreads,
        c.right,
        c.damaged,
        c.wrong,
        c.unmapped,
        c.other,
        100.0 * m.cer_before,
        100.0 * m.cer_after,
        if m.worse() { " (worse)" } else { "" },
    );
    for s in &m.substitutions {
        eprintln!(
            "    {:<8} {}[{}→{} (gt {})]{}",
            s.verdict.name(),
            s.before,
            s.raw,
            s.out,
            s.gt.map_or("?".to_string(), String::from),
            s.after,
        );
    }
}

/// `emend-score --injected DIR`: scores each command on the cases.
fn injected_main(args: &Args, dir: &Path) -> ExitCode {
    let (manifest, cases) = match load_cases(dir) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("emend-score: {e}");
            return ExitCode::from(2);
        }
    };
    let cases: Vec<_> = cases
        .into_iter()
        .filter(|c| args.docs.is_empty() || args.docs.contains(&c.meta.doc))
        .filter(|c| args.shapes.is_empty() || args.shapes.contains(&c.shape()))
        .collect();
    if cases.is_empty() {
        eprintln!("emend-score: {}: no cases selected", dir.display());
        return ExitCode::from(2);
    }
    let mut ok = true;
    let mut reports: Vec<InjectedReport> = Vec::new();
    for cmd in &args.commands {
        let mut r = Runner::shell(cmd);
        r.timeout = Duration::from_secs(args.timeout);
        let report = score_injected(
            &cases,
            &r,
            args.jobs,
            args.save.is_some(),
            dir,
            manifest.seed,
        );
        for c in report.failed() {
            eprintln!(
                "emend-score: {}: {}",
                c.case,
                c.error.as_deref().unwrap_or("")
            );
            ok = false;
        }
        if let Some(out) = &args.save {
            ok &= save_outputs(out, &report);
        }
        reports.push(report);
    }
    if args.json {
        print_json(&reports, args.per_case, "cases");
    } else if args.markdown {
        print!("{}", injected_markdown(&reports));
    } else {
        for r in &reports {
            println!("{}", injected_table(r, args.per_case));
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes each kept output to `dir/<case>.txt`; false if one could not be.
fn save_outputs(dir: &Path, report: &InjectedReport) -> bool {
    let mut ok = true;
    for c in &report.cases {
        let Some(out) = &c.output else { continue };
        let p = dir.join(format!("{}.txt", c.case));
        let written = p
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&p, out));
        if let Err(e) = written {
            eprintln!("emend-score: {}: {e}", p.display());
            ok = false;
        }
    }
    ok
}

/// Says what is wrong with the arguments, then how to call: exit code 2.
fn usage_error(e: &str) -> ExitCode {
    eprintln!("emend-score: {e}\n\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("inject") {
        return inject_main(&argv[1..]);
    }
    if argv.first().map(String::as_str) == Some("typos") {
        return typos_main(&argv[1..]);
    }
    if argv.first().map(String::as_str) == Some("misreads") {
        return misreads_main(&argv[1..]);
    }
    let args = match parse_args(argv) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if let Some(dir) = &args.injected {
        return injected_main(&args, dir);
    }
    let corpus = match Corpus::load(&args.corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("emend-score: {e}");
            return ExitCode::from(2);
        }
    };
    let mut ok = true;

    if args.no_harm {
        let mut all = Vec::new();
        for cmd in &args.commands {
            let mut r = Runner::shell(cmd);
            r.timeout = Duration::from_secs(args.timeout);
            let mut forms = serde_json::Map::new();
            for &form in &args.forms {
                let harms = no_harm_form(&corpus, &r, args.jobs, form);
                if !args.json {
                    print_harms(cmd, form, &harms, corpus.docs.len());
                }
                ok &= harms.is_empty();
                forms.insert(
                    form.name().to_string(),
                    serde_json::to_value(&harms).expect("serialisable"),
                );
            }
            all.push(serde_json::json!({ "command": cmd, "changed": forms }));
        }
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&all).expect("serialisable")
            );
        }
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }

    let mut reports: Vec<Report> = Vec::new();
    for cmd in &args.commands {
        let mut r = Runner::shell(cmd);
        r.timeout = Duration::from_secs(args.timeout);
        let opts = Options {
            views: args.views.clone(),
            variants: args.variants.clone(),
            docs: args.docs.clone(),
            jobs: args.jobs,
            keep_outputs: args.save.is_some(),
        };
        let report = score(&corpus, &r, &opts);
        for d in report.failed() {
            eprintln!(
                "emend-score: {} {}: {}",
                d.doc,
                d.variant,
                d.error.as_deref().unwrap_or("")
            );
            ok = false;
        }
        if let Some(dir) = &args.save {
            for d in &report.docs {
                if let Some(out) = &d.output {
                    let p = dir.join(&d.doc);
                    if let Err(e) = std::fs::create_dir_all(&p)
                        .and_then(|_| std::fs::write(p.join(format!("{}.txt", d.variant)), out))
                    {
                        eprintln!("emend-score: {}: {e}", p.display());
                        ok = false;
                    }
                }
            }
        }
        reports.push(report);
    }

    if args.json {
        print_json(&reports, args.per_doc, "docs");
    } else if args.markdown {
        print!("{}", markdown_table(&reports, &args.views));
    } else {
        for r in &reports {
            print_report(r, &args);
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_harms(cmd: &str, form: GtForm, harms: &[emend_score::Harm], n_docs: usize) {
    println!(
        "## no harm, {} form ({}): `{cmd}`: {} of {n_docs} ground truths changed",
        form.name(),
        form.describe(),
        harms.len(),
    );
    let file = match form {
        GtForm::Blank => "gt.txt",
        GtForm::Compact => "gt.txt(compact)",
    };
    for h in harms {
        if let Some(e) = &h.error {
            println!("{}: error: {e}", h.doc);
            continue;
        }
        println!(
            "{}: {} edits, {} changed spots",
            h.doc,
            h.distance,
            h.spots.len()
        );
        for s in h.spots.iter().take(20) {
            println!(
                "  {}/{file}:{}:{}: {}  →  {}",
                h.doc, s.line, s.col, s.expected, s.got
            );
        }
        if h.spots.len() > 20 {
            println!("  … {} more", h.spots.len() - 20);
        }
    }
}

fn print_report(r: &Report, args: &Args) {
    println!(
        "## `{}`  (CER %, before → after; corpus {})",
        r.command, r.corpus
    );
    print!("{:<16} {:>4}", "variant", "docs");
    for v in &args.views {
        print!("  {:>22}", format!("{v} (red.)"));
    }
    println!("  worse");
    for vs in &r.variants {
        print!("{:<16} {:>4}", vs.variant, vs.docs);
        for &v in &args.views {
            let cell = format!(
                "{} → {} ({}%)",
                pct(vs.before.get(v)),
                pct(vs.after.get(v)),
                pct(vs.reduction.get(v))
            );
            print!("  {cell:>22}");
        }
        let worse: Vec<String> = args
            .views
            .iter()
            .map(|v| format!("{}", vs.worse.get(v).map(|w| w.len()).unwrap_or(0)))
            .collect();
        print!("  {}", worse.join("/"));
        if !vs.failed.is_empty() {
            print!("  ({} failed)", vs.failed.len());
        }
        println!();
    }
    let worse_any: Vec<_> = r
        .docs
        .iter()
        .filter(|d| args.views.iter().any(|&v| d.worse(v)))
        .collect();
    if !worse_any.is_empty() && !args.per_doc {
        println!("made worse:");
        for d in worse_any {
            let views: Vec<&str> = args
                .views
                .iter()
                .filter(|&&v| d.worse(v))
                .map(|v| v.name())
                .collect();
            println!("  {} {} ({})", d.doc, d.variant, views.join(", "));
        }
    }
    if args.per_doc {
        println!();
        print!("{:<28} {:<16}", "doc", "variant");
        for v in &args.views {
            print!("  {:>15}", v.name());
        }
        println!();
        for d in &r.docs {
            print!("{:<28} {:<16}", d.doc, d.variant);
            for &v in &args.views {
                let mark = if d.worse(v) { "!" } else { " " };
                let cell = format!(
                    "{}→{}{}",
                    pct(d.before.get(v)),
                    pct(d.after.and_then(|a| a.get(v))),
                    mark
                );
                print!("  {cell:>15}");
            }
            if let Some(e) = &d.error {
                print!("  error: {e}");
            }
            println!();
        }
    }
    println!();
}

/// Prints the reports as pretty JSON, without their per-item `detail`
/// field unless it was asked for.
fn print_json<T: serde::Serialize>(reports: &[T], with_detail: bool, detail: &str) {
    let v: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).expect("serialisable");
            if !with_detail {
                v.as_object_mut().expect("object").remove(detail);
            }
            v
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&v).expect("serialisable")
    );
}
