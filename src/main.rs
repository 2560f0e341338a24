//! The `emend` command line: parses arguments, calls the library, prints,
//! and chooses the exit code (0 ok, 1 a check failed, 2 usage or input error).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use emend::report::{render_diff, render_findings};
use emend::rules::{normalisation_names, REGISTRY};
use emend::{clean_bytes, Options};

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
    /// Switch off a normalisation (repeatable): line-endings, nfc,
    /// fullwidth-alnum, punct-width, quote-pairs, punct-space.
    #[arg(long = "no-normalize", value_name = "NAME")]
    no_normalize: Vec<String>,
    /// Apply the edits of suggestion rules too.
    #[arg(long)]
    apply_suggestions: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Clean FILE (or `-` for standard input) and write the text to stdout.
    Clean {
        /// A file, or `-` for standard input.
        input: PathBuf,
        #[command(flatten)]
        args: CleanArgs,
    },
    /// Show every change the rules would make to FILE, and the findings.
    Diff {
        input: PathBuf,
        #[command(flatten)]
        args: CleanArgs,
    },
    /// Show the printed-width measure of FILE: each block's width and line ends.
    Measure { input: PathBuf },
    /// List the rules.
    Rules,
    /// Print one rule's documentation.
    Explain {
        /// A rule code (R101) or name (wrap-join).
        rule: String,
    },
}

/// An error for the user: the message, and exit code 2.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(Failure(message)) => {
            let _ = writeln!(anstream::stderr(), "emend: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Clean { input, args } => {
            let (_, cleaned) = clean_input(&input, &args)?;
            std::io::stdout().write_all(cleaned.text.as_bytes())?;
        }
        Command::Diff { input, args } => {
            let (name, cleaned) = clean_input(&input, &args)?;
            let mut out = anstream::stdout();
            write!(out, "{}", render_diff(&name, &cleaned))?;
            write!(out, "{}", render_findings(&name, &cleaned))?;
            writeln!(
                out,
                "{} changes, {} findings",
                cleaned.changes.len(),
                cleaned.findings.len()
            )?;
        }
        Command::Measure { input } => {
            let bytes =
                std::fs::read(&input).map_err(|e| Failure(format!("{}: {e}", input.display())))?;
            let text = emend::decode::decode(&bytes)
                .map_err(|e| Failure(format!("{}: {e}", input.display())))?
                .text;
            let index = emend::report::LineIndex::new(&text);
            let mut out = anstream::stdout();
            for block in emend::layout::measure(&text, &[]).blocks {
                let (line, col) = index.line_col(block.range.start);
                let ends: Vec<usize> = block
                    .breaks
                    .iter()
                    .filter(|b| b.line_end)
                    .map(|b| b.col)
                    .collect();
                let others: Vec<usize> = block
                    .breaks
                    .iter()
                    .filter(|b| !b.line_end)
                    .map(|b| b.col)
                    .collect();
                writeln!(
                    out,
                    "{line}:{col} width {:?}{} last line {} cells; line ends at {ends:?}; other breaks at {others:?}",
                    block.width,
                    if block.own_width { "" } else { " (borrowed)" },
                    block.last_line_cells,
                )?;
            }
        }
        Command::Rules => print_rules()?,
        Command::Explain { rule } => {
            let rule = emend::rules::find(&rule)
                .ok_or_else(|| Failure(format!("no rule `{rule}` (see `emend rules`)")))?;
            let m = rule.meta();
            let mut out = anstream::stdout();
            writeln!(
                out,
                "{} {} ({:?}, {:?}, {:?})\n",
                m.code, m.name, m.stage, m.kind, m.applicability
            )?;
            writeln!(out, "{}", m.doc_text())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rules() -> Result<(), Failure> {
    let mut out = anstream::stdout();
    for rule in REGISTRY {
        let m = rule.meta();
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

fn options(args: &CleanArgs) -> Result<Options, Failure> {
    let known = normalisation_names();
    for name in &args.no_normalize {
        if !known.contains(&name.as_str()) {
            return Err(Failure(format!(
                "--no-normalize {name}: not a normalisation (one of: {})",
                known.join(", ")
            )));
        }
    }
    Ok(Options {
        disabled: args.no_normalize.iter().cloned().collect(),
        apply_suggestions: args.apply_suggestions,
    })
}

/// Reads and cleans one input; the name is what messages call it.
fn clean_input(input: &Path, args: &CleanArgs) -> Result<(String, emend::Cleaned), Failure> {
    let options = options(args)?;
    let (name, bytes) = if input == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        ("<stdin>".to_string(), bytes)
    } else {
        let name = input.display().to_string();
        let bytes = std::fs::read(input).map_err(|e| Failure(format!("{name}: {e}")))?;
        (name, bytes)
    };
    let cleaned = clean_bytes(&bytes, &options).map_err(|e| Failure(format!("{name}: {e}")))?;
    Ok((name, cleaned))
}
