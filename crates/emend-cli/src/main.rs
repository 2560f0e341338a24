#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
//! The `emend` command line: parses arguments, calls the library, prints,
//! and chooses the exit code (0 ok, 1 a check failed, 2 usage or input error).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use emend::rules::{all_metas, normalisation_names};
use emend::{Options, Severity};
use emend_cli::corpus::{self, CorpusError, Document, Problem};
use emend_cli::progress::{summary, Progress};
use emend_cli::report::{
    add_counts, render_change, render_diff, render_finding, render_findings, render_stat,
    render_unified, rule_counts, LineIndex,
};
use emend_cli::suggest::render_suggestions;

#[derive(Parser)]
#[command(
    name = "emend",
    version,
    about = "Repair text damaged by OCR and PDF extraction"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct CleanArgs {
    /// Switch off a normalisation by name or code (repeatable): line-endings,
    /// nfc, fullwidth-alnum, punct-width, quote-pairs, punct-space.
    #[arg(long = "no-normalize", value_name = "NAME")]
    no_normalize: Vec<String>,
    /// Read the input in this encoding (utf-8, utf-16le, utf-16be, gb18030,
    /// gbk, big5 …) instead of recognising it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Apply the edits of suggestion rules too.
    #[arg(long)]
    apply_suggestions: bool,
    /// Apply a weighed edit (ocr-misreads, repeated-phrase, block-order,
    /// alternating-lines) from this score on and suggest it below (default: emend.toml's
    /// `suggestion-threshold`, else 1.0, each rule's own bar).
    #[arg(long, value_name = "SCORE", value_parser = parse_threshold)]
    suggestion_threshold: Option<emend::rules::Score>,
    /// Ignore the TOML file beside the input.
    #[arg(long)]
    no_config: bool,
    /// No progress bar and no summary on stderr (a corpus run shows a bar
    /// on a terminal when it has over 10 documents or 10 MB of text).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Without INPUT: clean every raw/<doc>.txt (with raw/<doc>.toml) into
    /// cleaned/<doc>.jsonl and cleaned/<doc>.txt. With INPUT (a file, or `-`
    /// for standard input): write the cleaned text to stdout.
    Clean {
        input: Option<PathBuf>,
        #[command(flatten)]
        args: CleanArgs,
    },
    /// Show every change the rules make, and the findings: to INPUT (a file,
    /// `-`, or a document name in raw/), or to every raw document.
    Diff {
        input: Option<PathBuf>,
        #[command(flatten)]
        args: CleanArgs,
        #[command(flatten)]
        view: DiffView,
    },
    /// Print each suggestion for INPUT (a file, `-`, or a document name in
    /// raw/) as the TOML fix that applies it, to paste into its TOML file.
    Suggest {
        input: PathBuf,
        #[command(flatten)]
        args: CleanArgs,
    },
    /// Write a self-contained HTML review page: raw and cleaned side by
    /// side, each change highlighted by rule with the `[[keep]]` that vetoes
    /// it, the findings with their suggestions' TOML. DOC: a document name
    /// in raw/ or a file path; none: every document in raw/.
    Report {
        docs: Vec<PathBuf>,
        /// The HTML file to write (replaced whole, never half-written).
        #[arg(short, long, value_name = "FILE", default_value = "report.html")]
        output: PathBuf,
        #[command(flatten)]
        args: CleanArgs,
    },
    /// The CI gate: fail when cleaned/ is not exactly what the rules
    /// produce, a declared fix is stale or redundant, or an error finding
    /// is open and not accepted.
    Check {
        #[command(flatten)]
        args: CleanArgs,
        /// How to print the problems: `text` (`path:line:col: message`),
        /// `json` (one object), `github` (workflow-command annotations),
        /// `sarif` (a SARIF 2.1.0 log).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Show the printed-width measure of INPUT (a file, or `-`): each
    /// block's width and where its printed lines ended.
    Measure {
        input: PathBuf,
        /// Read the input in this encoding instead of recognising it.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
    },
    /// List the rules.
    Rules,
    /// Print one rule's documentation, or with `--at`, what the rules did
    /// at one spot of a document and why.
    Explain {
        /// A rule code (R101) or name (wrap-join).
        #[arg(required_unless_present = "at", conflicts_with = "at")]
        rule: Option<String>,
        /// A spot of a raw document, `DOC:LINE:COL` (a document name in
        /// raw/ or a file path; line and column as `emend diff` prints
        /// them): the changes and findings there, with their rules.
        #[arg(long, value_name = "DOC:LINE:COL")]
        at: Option<String>,
        #[command(flatten)]
        args: CleanArgs,
    },
}

/// What `emend diff` shows.
#[derive(clap::Args, Clone, Default)]
struct DiffView {
    /// Only the changes and findings of this rule, by code or name
    /// (repeatable).
    #[arg(long = "rule", value_name = "RULE")]
    rules: Vec<String>,
    /// Counts of changes and findings per rule, for each document and in
    /// all, instead of the changes.
    #[arg(long, conflicts_with = "unified")]
    stat: bool,
    /// The raw text against the cleaned text as a unified diff (what
    /// `patch` and review tools read), instead of the changes.
    #[arg(long, conflicts_with = "rules")]
    unified: bool,
}

/// How `emend check` prints what it found.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CheckFormat {
    Text,
    Json,
    Github,
    Sarif,
}

/// Why a command stopped early.
enum Failure {
    /// An error for the user: the message, and exit code 2.
    Message(String),
    /// Whoever read our output stopped reading (`emend diff | head`): not
    /// an error, so the run ends quietly with status 0.
    ClosedOutput,
}

fn failure(message: impl std::fmt::Display) -> Failure {
    Failure::Message(message.to_string())
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::ClosedOutput
        } else {
            failure(e)
        }
    }
}

impl From<CorpusError> for Failure {
    fn from(e: CorpusError) -> Self {
        failure(e)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        failure(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(Failure::ClosedOutput) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            let _ = writeln!(anstream::stderr(), "emend: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    let root = Path::new(".");
    match command {
        Command::Clean { input: None, args } => return clean_corpus(root, &args),
        Command::Clean {
            input: Some(input),
            args,
        } => {
            let (_, cleaned) = clean_one(&input, &args)?;
            std::io::stdout().write_all(cleaned.text.as_bytes())?;
        }
        Command::Diff { input, args, view } => {
            let inputs = match input {
                Some(input) => vec![resolve_doc(root, &input)],
                None => corpus::raw_files(root)?,
            };
            diff(&inputs, &args, &view)?;
        }
        Command::Suggest { input, args } => {
            let (_, cleaned) = clean_one(&resolve_doc(root, &input), &args)?;
            write!(anstream::stdout(), "{}", render_suggestions(&cleaned))?;
        }
        Command::Report { docs, output, args } => report(root, &docs, &output, &args)?,
        Command::Check { args, format } => return check(root, &args, format),
        Command::Measure { input, encoding } => measure(&input, encoding.as_deref())?,
        Command::Rules => print_rules()?,
        Command::Explain {
            rule: Some(rule), ..
        } => explain_rule(&rule)?,
        Command::Explain {
            at: Some(at), args, ..
        } => explain_at(root, &at, &args)?,
        Command::Explain { .. } => return Err(failure("give a rule, or --at DOC:LINE:COL")),
    }
    Ok(ExitCode::SUCCESS)
}

/// `emend diff`: for each input, its changes and findings (those of the
/// rules asked for), its counts per rule, or its unified diff.
fn diff(inputs: &[PathBuf], args: &CleanArgs, view: &DiffView) -> Result<(), Failure> {
    let codes = rule_codes(&view.rules)?;
    let mut out = anstream::stdout();
    let mut total = std::collections::BTreeMap::new();
    for input in inputs {
        let (name, mut cleaned) = clean_one(input, args)?;
        if view.unified {
            // The diff is of the decoded text: a file in another encoding
            // or with a BOM is not what it patches.
            let on_disk = (input != Path::new("-"))
                .then(|| std::fs::read(input).ok())
                .flatten();
            if on_disk.is_some_and(|bytes| bytes != cleaned.raw.as_bytes()) {
                let _ = writeln!(
                    anstream::stderr(),
                    "emend: {name}: not UTF-8 as stored (another encoding or a BOM): the diff is of its decoded text, which `git apply` will not find in the file"
                );
            }
            write!(
                out,
                "{}",
                render_unified(&name, &cleaned.raw, &cleaned.text)
            )?;
            continue;
        }
        if !codes.is_empty() {
            cleaned.changes.retain(|c| codes.contains(&c.code));
            cleaned.findings.retain(|f| codes.contains(&f.code));
        }
        if view.stat {
            let counts = rule_counts(&cleaned);
            write!(out, "{}", render_stat(&name, &counts))?;
            add_counts(&mut total, &counts);
            continue;
        }
        write!(out, "{}", render_diff(&name, &cleaned))?;
        write!(out, "{}", render_findings(&name, &cleaned))?;
        let accepted = cleaned
            .findings
            .iter()
            .filter(|f| f.accepted.is_some())
            .count();
        writeln!(
            out,
            "{name}: {} changes, {} findings ({accepted} accepted)",
            cleaned.changes.len(),
            cleaned.findings.len()
        )?;
    }
    if view.stat && inputs.len() > 1 {
        write!(
            out,
            "{}",
            render_stat(&format!("all {} documents", inputs.len()), &total)
        )?;
    }
    Ok(())
}

/// The codes of the rules named (by code or name); an unknown one is a
/// usage error.
fn rule_codes(rules: &[String]) -> Result<Vec<&'static str>, Failure> {
    rules
        .iter()
        .map(|rule| {
            emend::rules::find_meta(rule)
                .map(|m| m.code)
                .ok_or_else(|| failure(format!("no rule `{rule}` (see `emend rules`)")))
        })
        .collect()
}

/// `emend explain RULE`: the rule's facts and documentation.
fn explain_rule(rule: &str) -> Result<(), Failure> {
    let m = emend::rules::find_meta(rule)
        .ok_or_else(|| failure(format!("no rule `{rule}` (see `emend rules`)")))?;
    let mut out = anstream::stdout();
    let facts = serde_json::to_value((m.stage, m.kind, m.applicability))?;
    let facts: Vec<&str> = facts
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    writeln!(out, "{} {} ({})\n", m.code, m.name, facts.join(", "))?;
    writeln!(out, "{}", m.doc_text())?;
    Ok(())
}

/// `emend explain --at DOC:LINE:COL`: every change whose raw text covers
/// the spot (or that inserted text there) and every finding there, as
/// `diff` shows them, each followed by its rule's summary and, for a
/// declared fix, the reason its TOML gives.
fn explain_at(root: &Path, at: &str, args: &CleanArgs) -> Result<(), Failure> {
    let bad = || {
        failure(format!(
            "`--at {at}`: expected DOC:LINE:COL, e.g. raw/doc.txt:3:14"
        ))
    };
    let mut parts = at.rsplitn(3, ':');
    let (column, line, doc) = (parts.next(), parts.next(), parts.next());
    let (Some(doc), Some(line), Some(column)) = (doc, line, column) else {
        return Err(bad());
    };
    let (line, column) = match (line.parse::<usize>(), column.parse::<usize>()) {
        (Ok(line), Ok(column)) => (line, column),
        _ => return Err(bad()),
    };
    let input = resolve_doc(root, Path::new(doc));
    let (name, cleaned) = clean_one(&input, args)?;
    let index = LineIndex::new(&cleaned.raw);
    let offset = index
        .offset(line, column)
        .ok_or_else(|| failure(format!("{name}: no line {line}, column {column}")))?;
    let touches =
        |r: &std::ops::Range<usize>| r.contains(&offset) || (r.is_empty() && r.start == offset);
    // A change is at the spot when one of its raw ranges holds it, or it
    // inserted or moved text there.
    let changed_here = |c: &&emend::engine::Change| {
        c.raw.iter().any(touches) || c.to == Some(offset) || (c.raw.is_empty() && c.at == offset)
    };
    let mut out = anstream::stdout();
    let mut told = 0;
    for change in cleaned.changes.iter().filter(changed_here) {
        write!(
            out,
            "{}",
            render_change(&name, &index, &cleaned.raw, change)
        )?;
        writeln!(out, "  {}", why(change.code, change.reason.as_deref()))?;
        told += 1;
    }
    for finding in cleaned.findings.iter().filter(|f| touches(&f.raw)) {
        write!(out, "{}", render_finding(&name, &index, finding))?;
        writeln!(out, "  {}", why(finding.code, None))?;
        told += 1;
    }
    if told == 0 {
        writeln!(
            out,
            "{name}:{line}:{column}: no rule changed or flagged this spot"
        )?;
    }
    Ok(())
}

/// Why a rule acts: the reason a person gave, or the rule's summary and
/// where its documentation is.
fn why(code: &str, reason: Option<&str>) -> String {
    match (reason, emend::rules::find_meta(code)) {
        (Some(reason), _) => format!("why: {reason} (declared in the document's TOML)"),
        (None, Some(meta)) => format!("why: {} (`emend explain {}`)", meta.summary, meta.code),
        (None, None) => String::new(),
    }
}

/// `emend report`: cleans each document (every one in raw/ when none is
/// named) and writes the page atomically, so a reader never opens half of
/// it. Any document that cannot be read stops it before anything is written.
fn report(root: &Path, docs: &[PathBuf], output: &Path, args: &CleanArgs) -> Result<(), Failure> {
    let inputs = if docs.is_empty() {
        corpus::raw_files(root)?
    } else {
        docs.iter().map(|d| resolve_doc(root, d)).collect()
    };
    if inputs.iter().any(|i| i == Path::new("-")) {
        return Err(failure("report: give documents or files, not `-`"));
    }
    let cleaned = inputs
        .iter()
        .map(|input| clean_one(input, args))
        .collect::<Result<Vec<_>, _>>()?;
    corpus::write_atomic(output, &emend_cli::html::render(&cleaned))?;
    let changes: usize = cleaned.iter().map(|(_, c)| c.changes.len()).sum();
    writeln!(
        anstream::stdout(),
        "{}: {} documents, {changes} changes",
        output.display(),
        cleaned.len()
    )?;
    Ok(())
}

/// A document name (`xuhui`) means `raw/xuhui.txt`; anything else is a path.
fn resolve_doc(root: &Path, input: &Path) -> PathBuf {
    let in_raw = corpus::under(root, "raw").join(input).with_extension("txt");
    if !input.exists() && input != Path::new("-") && in_raw.exists() {
        in_raw
    } else {
        input.to_path_buf()
    }
}

/// The cleaning options; `--no-normalize` takes a normalisation's name or code.
fn options(args: &CleanArgs) -> Result<Options, Failure> {
    let mut disabled = std::collections::BTreeSet::new();
    for key in &args.no_normalize {
        let name = emend::rules::find_meta(key)
            .filter(|m| m.kind == emend::rules::RuleKind::Normalisation)
            .map(|m| m.name)
            .ok_or_else(|| {
                failure(format!(
                    "--no-normalize {key}: not a normalisation (one of: {})",
                    normalisation_names().join(", ")
                ))
            })?;
        disabled.insert(name.to_string());
    }
    Ok(Options {
        disabled,
        apply_suggestions: args.apply_suggestions,
        suggestion_threshold: args.suggestion_threshold,
        ..Options::default()
    })
}

/// `--suggestion-threshold`: a number from 0 up, as in `emend.toml`.
fn parse_threshold(value: &str) -> Result<emend::rules::Score, String> {
    use emend::rules::Score;
    value
        .parse::<f64>()
        .ok()
        .and_then(Score::threshold)
        .ok_or_else(|| Score::EXPECTED.to_string())
}

/// Decodes standard input, with the forced encoding when there is one.
fn read_stdin(encoding: Option<&str>) -> Result<emend::decode::Decoded, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    emend::decode::decode_with(&bytes, encoding).map_err(|e| failure(format!("<stdin>: {e}")))
}

/// Cleans one input: standard input with the built-in rules, or a file with
/// the TOML beside it (unless `--no-config`). The name is what messages call it.
fn clean_one(input: &Path, args: &CleanArgs) -> Result<(String, emend::Cleaned), Failure> {
    let options = options(args)?;
    if input == Path::new("-") {
        let decoded = read_stdin(args.encoding.as_deref())?;
        let cleaned =
            emend::clean(&decoded.text, &options).map_err(|e| failure(format!("<stdin>: {e}")))?;
        return Ok(("<stdin>".to_string(), cleaned));
    }
    let doc = Document::load_with(input, args.no_config, args.encoding.as_deref())?;
    let setup = doc.setup()?;
    // Only the text and its change log are wanted here: no records.
    let cleaned = emend::clean_document(&doc.raw, &setup, &doc.options(&options))
        .map_err(|e| failure(format!("{}: {e}", input.display())))?;
    Ok((input.display().to_string(), cleaned))
}

/// Corpus mode: every config must load before anything is written, and
/// cleaned/ is replaced as a whole (see `corpus::Staging`). A document that
/// cannot be read keeps its previous files; the others are written, and
/// the exit code is 2.
fn clean_corpus(root: &Path, args: &CleanArgs) -> Result<ExitCode, Failure> {
    let options = options(args)?;
    if !args.no_config {
        corpus::check_corpus_config(root)?;
    }
    let lock = corpus::WriteLock::acquire(root)?;
    let recovery = corpus::recover(&lock)?;
    if !recovery.is_empty() {
        // A closed stderr must not stop the clean that follows.
        let _ = writeln!(anstream::stderr(), "emend: {recovery}");
    }
    let mut loaded = Vec::new();
    let mut unreadable: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for path in corpus::raw_files(root)? {
        match Document::load_with(&path, args.no_config, args.encoding.as_deref())
            .and_then(|d| Ok((d.setup()?, d)))
        {
            Ok((setup, doc)) => loaded.push((doc, setup)),
            Err(e) if e.is_unreadable() => unreadable.push(e.to_string()),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        errors.extend(unreadable);
        return Err(failure(format!("nothing written:\n{}", errors.join("\n"))));
    }
    let bytes = loaded.iter().map(|(doc, _)| doc.raw.len()).sum();
    let progress = Progress::new(loaded.len(), bytes, args.quiet);
    let processed: Vec<_> = loaded
        .iter()
        .map(|(doc, setup)| {
            let p = corpus::process(doc, setup, &options)?;
            progress.advance(&doc.name);
            Ok((doc, p))
        })
        .collect::<Result<_, CorpusError>>()?;
    progress.finish();
    let mut staging = corpus::Staging::begin(&lock)?;
    for (doc, p) in &processed {
        for (file, render) in corpus::output_files(&doc.name) {
            staging.write(&file, render(p))?;
        }
    }
    staging.commit()?;
    let code = if unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    };
    let printed = print_summary(&processed, &unreadable).map(|()| {
        if !args.quiet {
            let cleaned = processed.iter().map(|(_, p)| &p.cleaned);
            // A closed stderr must not change the verdict.
            let _ = writeln!(
                anstream::stderr(),
                "{}",
                summary(cleaned, progress.elapsed())
            );
        }
    });
    with_status(printed, code)
}

/// One line per cleaned document; then the documents that could not be read.
fn print_summary(
    processed: &[(&Document, corpus::Processed)],
    unreadable: &[String],
) -> Result<(), Failure> {
    let mut out = anstream::stdout();
    for (doc, p) in processed {
        let open = p.cleaned.open_findings(Severity::Info).count();
        let accepted = p.cleaned.findings.len() - open;
        writeln!(
            out,
            "{}: {} records, {} changes applied, {open} findings open, {accepted} accepted",
            doc.path.display(),
            p.records.len(),
            p.cleaned.changes.len(),
        )?;
    }
    if unreadable.is_empty() {
        return Ok(());
    }
    let mut err = anstream::stderr();
    for e in unreadable {
        writeln!(err, "{e}")?;
    }
    writeln!(
        err,
        "emend: {} documents could not be read; their previous cleaned files are kept",
        unreadable.len()
    )?;
    Ok(())
}

/// The CI gate. A document that cannot be read is a problem like the
/// others; a broken TOML is an input error (exit 2).
fn check(root: &Path, args: &CleanArgs, format: CheckFormat) -> Result<ExitCode, Failure> {
    let options = options(args)?;
    if !args.no_config {
        corpus::check_corpus_config(root)?;
    }
    let files = corpus::raw_files(root)?;
    let mut problems: Vec<Problem> = Vec::new();
    let progress = Progress::new(files.len(), 0, args.quiet);
    for path in &files {
        match Document::load_with(path, args.no_config, args.encoding.as_deref()) {
            Ok(doc) => problems.extend(corpus::check_document(root, &doc, &options)?),
            Err(e) => problems.push(Problem::unreadable(&e).ok_or(e)?),
        }
        progress.advance(&corpus::doc_name(path));
    }
    progress.finish();
    let names: Vec<String> = files.iter().map(|p| corpus::doc_name(p)).collect();
    problems.extend(corpus::orphans(root, &names)?);
    problems.extend(corpus::leftover_problems(root)?);
    let code = if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    let printed = match format {
        CheckFormat::Text => print_problems(&problems, files.len()),
        CheckFormat::Json => print_problems_json(&problems, files.len()),
        CheckFormat::Github => print_problems_github(&problems, files.len()),
        CheckFormat::Sarif => print_problems_sarif(&problems),
    };
    with_status(printed, code)
}

/// The problems as one JSON object: `documents`, `ok`, and `problems`,
/// each with `path`, `line` and `column` (null when the problem is a whole
/// file's) and `message`.
fn print_problems_json(problems: &[Problem], documents: usize) -> Result<(), Failure> {
    // Written field by field, so the keys keep this order whatever
    // serde_json's features (the tests turn on `preserve_order`).
    let string = |s: &str| serde_json::Value::from(s).to_string();
    let number = |n: Option<usize>| n.map_or_else(|| "null".to_string(), |n| n.to_string());
    let listed: Vec<String> = problems
        .iter()
        .map(|p| {
            let (path, line, column) = p.location();
            format!(
                r#"{{"path":{},"line":{},"column":{},"message":{}}}"#,
                string(path),
                number(line),
                number(column),
                string(&p.message)
            )
        })
        .collect();
    let mut out = anstream::stdout();
    writeln!(
        out,
        r#"{{"documents":{documents},"ok":{},"problems":[{}]}}"#,
        problems.is_empty(),
        listed.join(",")
    )?;
    Ok(())
}

/// The problems as GitHub Actions workflow commands (`::error file=…,
/// line=…,col=…::message`), which the run's page shows on the lines they
/// name, then the verdict as plain text.
fn print_problems_github(problems: &[Problem], documents: usize) -> Result<(), Failure> {
    let mut out = anstream::stdout();
    for p in problems {
        let (path, line, column) = p.location();
        let mut properties = format!("file={}", github_property(path));
        if let (Some(line), Some(column)) = (line, column) {
            properties.push_str(&format!(",line={line},col={column}"));
        }
        writeln!(out, "::error {properties}::{}", github_data(&p.message))?;
    }
    verdict(&mut out, problems.len(), documents)
}

/// The problems as a SARIF 2.1.0 log (see `emend_cli::sarif`).
fn print_problems_sarif(problems: &[Problem]) -> Result<(), Failure> {
    let log = emend_cli::sarif::log(problems, env!("CARGO_PKG_VERSION"));
    let mut out = anstream::stdout();
    writeln!(out, "{}", serde_json::to_string_pretty(&log)?)?;
    Ok(())
}

/// A workflow command's message: `%`, CR and LF escaped.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,` escaped.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The last line of `check`'s text output.
fn verdict(out: &mut impl Write, problems: usize, documents: usize) -> Result<(), Failure> {
    if problems == 0 {
        writeln!(
            out,
            "emend check: {documents} documents, cleaned/ is up to date"
        )?;
    } else {
        writeln!(out, "emend check: {problems} problems")?;
    }
    Ok(())
}

/// Every problem, then the verdict.
fn print_problems(problems: &[Problem], documents: usize) -> Result<(), Failure> {
    let mut out = anstream::stdout();
    for p in problems {
        writeln!(out, "{p}")?;
    }
    verdict(&mut out, problems.len(), documents)
}

/// The run's status once its output is written: a reader that stopped
/// reading (`| head`) ends the output early but does not change the verdict.
fn with_status(printed: Result<(), Failure>, code: ExitCode) -> Result<ExitCode, Failure> {
    match printed {
        Ok(()) | Err(Failure::ClosedOutput) => Ok(code),
        Err(e) => Err(e),
    }
}

fn measure(input: &Path, encoding: Option<&str>) -> Result<(), Failure> {
    let (name, decoded) = if input == Path::new("-") {
        ("<stdin>".to_string(), read_stdin(encoding)?)
    } else {
        let name = input.display().to_string();
        let bytes = std::fs::read(input).map_err(|e| failure(format!("{name}: {e}")))?;
        let decoded = emend::decode::decode_with(&bytes, encoding)
            .map_err(|e| failure(format!("{name}: {e}")))?;
        (name, decoded)
    };
    let text = decoded.text;
    let index = LineIndex::new(&text);
    let mut out = anstream::stdout();
    for block in emend::layout::measure(&text, &[]).blocks {
        let (line, col) = index.line_col(block.range.start);
        writeln!(out, "{name}:{line}:{col}: {}", describe_block(&block))?;
    }
    Ok(())
}

/// One block of the measure, in words: its printed width, where its
/// printed lines ended (in cells from the block's start), its last line.
fn describe_block(block: &emend::layout::Block) -> String {
    let width = match (block.width, block.own_width) {
        (Some(w), true) => format!("printed width {w} cells"),
        (Some(w), false) => format!("printed width {w} cells (borrowed from a neighbouring block)"),
        (None, _) => "no width measured".to_string(),
    };
    let cells = |line_end: bool| -> Vec<String> {
        block
            .breaks
            .iter()
            .filter(|b| b.line_end == line_end)
            .map(|b| b.col.to_string())
            .collect()
    };
    let listed = |what: &str, cols: Vec<String>| match cols.len() {
        0 => format!("no {what}s"),
        1 => format!("1 {what} at cell {}", cols[0]),
        n => format!("{n} {what}s at cells {}", cols.join(", ")),
    };
    format!(
        "{width}; {}; {}; last line {} cells",
        listed("line end", cells(true)),
        listed("other break", cells(false)),
        block.last_line_cells
    )
}

fn print_rules() -> Result<(), Failure> {
    let mut out = anstream::stdout();
    for m in all_metas() {
        let kind = serde_json::to_value(m.kind)?;
        let stage = serde_json::to_value(m.stage)?;
        writeln!(
            out,
            "{:<5} {:<24} {:<11} {:<14} {}",
            m.code,
            m.name,
            stage.as_str().unwrap_or(""),
            kind.as_str().unwrap_or(""),
            m.summary
        )?;
    }
    Ok(())
}
