//! emend-score: scores text-cleaning commands against the benchmark corpus.

use emend_score::{
    markdown_table, no_harm_form, pct, score, Corpus, GtForm, Options, Report, Runner, View,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
emend-score: run a cleaning command on the benchmark corpus and score it

USAGE:
    emend-score [OPTIONS] COMMAND...

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
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn parse_args() -> Result<Args, String> {
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
    };
    let mut it = std::env::args().skip(1);
    let mut only_commands = false;
    while let Some(arg) = it.next() {
        if only_commands || !arg.starts_with("--") && arg != "-h" {
            a.commands.push(arg);
            continue;
        }
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
            "--jobs" => {
                a.jobs = val("--jobs")?
                    .parse()
                    .map_err(|_| "--jobs needs a number")?
            }
            "--timeout" => {
                a.timeout = val("--timeout")?
                    .parse()
                    .map_err(|_| "--timeout needs a number")?
            }
            _ => return Err(format!("unknown option `{arg}`")),
        }
    }
    if a.commands.is_empty() {
        return Err("no command given".into());
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("emend-score: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
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
        let v: Vec<serde_json::Value> = reports
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).expect("serialisable");
                if !args.per_doc {
                    v.as_object_mut().expect("object").remove("docs");
                }
                v
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&v).expect("serialisable")
        );
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
