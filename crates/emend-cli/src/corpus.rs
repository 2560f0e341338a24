//! The only file-system code: the `raw/` and `cleaned/` folders, each
//! document's TOML, all-or-nothing writes of `cleaned/` (in `staging`), and
//! the `check` gate's comparisons.

use std::path::{Path, PathBuf};

use emend::config::{ConfigError, CorpusConfig, DocConfig, Words};
use emend::declared;
use emend::decode::{self, ByteMap, DecodeError};
use emend::engine::{clean_document, Cleaned, DocSetup, EngineError, Options};
use emend::position::LineIndex;
use emend::records::{self, RawFile, Record, Segmentation};
use emend::rules::Severity;
use emend::selection::{self, Selection};

pub mod redundancy;
mod staging;

pub use redundancy::{redundant_fixes, Redundancy};
pub use staging::{leftover_problems, recover, Recovery, Staging, WriteLock};

/// Anything that stops a document from being read or cleaned.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Decode {
        path: String,
        #[source]
        source: DecodeError,
    },
    #[error("{path}:{line}:{column}: {source}")]
    Config {
        path: String,
        line: usize,
        column: usize,
        #[source]
        source: ConfigError,
    },
    #[error("{path}: {source}")]
    Engine {
        path: String,
        #[source]
        source: EngineError,
    },
    #[error("{path}: {reason}")]
    Refused { path: String, reason: String },
    #[error("{path}: records could not be written as JSON: {source}")]
    Json {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: another `emend clean` is writing it; run again when that one has finished")]
    Busy { path: String },
}

impl CorpusError {
    /// The document's files could not be read or decoded, as opposed to a
    /// broken TOML: one such document need not stop the others.
    pub fn is_unreadable(&self) -> bool {
        matches!(self, CorpusError::Io { .. } | CorpusError::Decode { .. })
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CorpusError + '_ {
    move |source| CorpusError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// One raw document with its optional TOML.
pub struct Document {
    /// The file stem: `raw/<name>.txt`.
    pub name: String,
    pub path: PathBuf,
    /// The decoded text.
    pub raw: String,
    /// The encoding it was read in.
    pub encoding: &'static encoding_rs::Encoding,
    /// Where the decoded text's bytes stand in the file.
    pub map: ByteMap,
    pub config: DocConfig,
    /// The TOML file and its text, when there is one.
    pub config_file: Option<(PathBuf, String)>,
    /// The rules the corpus's `emend.toml` switches off for this document,
    /// and the severities it sets.
    pub selection: Selection,
}

impl Document {
    /// Reads `path` and, unless `no_config`, the TOML beside it.
    pub fn load(path: &Path, no_config: bool) -> Result<Self, CorpusError> {
        Self::load_with(path, no_config, None)
    }

    /// Reads `path`, forcing `encoding` when given (an encoding_rs label);
    /// otherwise the TOML's `encoding`, otherwise the decoding rules decide.
    pub fn load_with(
        path: &Path,
        no_config: bool,
        encoding: Option<&str>,
    ) -> Result<Self, CorpusError> {
        let toml_path = path.with_extension("toml");
        let (mut config, config_file) = if !no_config && toml_path.exists() {
            let text = read_toml(&toml_path)?;
            let config = DocConfig::parse(&text).map_err(|e| config_error(&toml_path, &text, e))?;
            (config, Some((toml_path, text)))
        } else {
            (DocConfig::default(), None)
        };
        let mut selection = Selection::default();
        if !no_config {
            let (corpus, found) = corpus_config(path)?;
            if corpus.words.is_some() || config.words.is_some() {
                config.words = Some(Words::merged(corpus.words.as_ref(), config.words.as_ref()));
            }
            if let Some(found) = found {
                selection = selection::resolve(&corpus, &found.relative)
                    .map_err(|e| config_error(&found.file, &found.text, e))?;
            }
        }
        let from_toml = match &config_file {
            Some((toml_path, text)) => config
                .encoding()
                .map_err(|e| config_error(toml_path, text, e))?,
            None => None,
        };
        let bytes = std::fs::read(path).map_err(io(path))?;
        let decoded = match (encoding, from_toml) {
            (None, Some(enc)) => decode::decode_in(&bytes, enc, "as the TOML's `encoding` says"),
            (label, _) => decode::decode_with(&bytes, label),
        }
        .map_err(|source| CorpusError::Decode {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Document {
            name: doc_name(path),
            path: path.to_path_buf(),
            raw: decoded.text,
            encoding: decoded.encoding,
            map: decoded.map,
            config,
            config_file,
            selection,
        })
    }

    /// The options to clean this document with: `base` (from the command
    /// line) with the corpus configuration's rule selection added.
    pub fn options(&self, base: &Options) -> Options {
        let mut options = base.clone();
        options
            .disabled
            .extend(self.selection.disabled.iter().map(|n| n.to_string()));
        options.severity.extend(&self.selection.severity);
        // The command line's threshold wins over the corpus's.
        options.suggestion_threshold = options
            .suggestion_threshold
            .or(self.selection.suggestion_threshold);
        options
    }

    /// Compiles the heading regex and resolves every anchor.
    pub fn setup(&self) -> Result<DocSetup, CorpusError> {
        let wrap = |e: ConfigError| match &self.config_file {
            Some((path, text)) => config_error(path, text, e),
            None => config_error(&self.path, "", e),
        };
        Ok(DocSetup {
            heading: self.config.heading().map_err(wrap)?,
            declared: declared::resolve(&self.config, &self.raw).map_err(wrap)?,
        })
    }

    /// Where a byte span of the TOML file is, as `path:line:col`.
    pub fn config_position(&self, offset: usize) -> String {
        match &self.config_file {
            Some((path, text)) => {
                let (line, col) = LineIndex::new(text).line_col(offset);
                format!("{}:{line}:{col}", path.display())
            }
            None => self.path.display().to_string(),
        }
    }
}

/// The name of the configuration a corpus shares, at its root.
pub const CORPUS_CONFIG: &str = "emend.toml";

/// The corpus configuration that governs the document at `path`: the
/// nearest `emend.toml` in the directories above it (for `raw/<doc>.txt`,
/// the corpus root beside `raw/`), or a `pyproject.toml` there with a
/// `[tool.emend]` table; `emend.toml` wins in the same directory. With it,
/// the file, its text, and the document's path from the file's directory
/// (`raw/doc.txt`), which `[[per-path]]` globs match.
fn corpus_config(path: &Path) -> Result<(CorpusConfig, Option<FoundConfig>), CorpusError> {
    let absolute = std::path::absolute(path).map_err(io(path))?;
    // A document named `emend` has its own TOML beside it: not the corpus's.
    let own_toml = absolute.with_extension("toml");
    // Files are named from the working directory when they are under it,
    // as the document is (`emend.toml:1:11`, not a path from the root).
    let here = std::env::current_dir().ok();
    let shown = |file: PathBuf| match here.as_deref().map(|h| file.strip_prefix(h)) {
        Some(Ok(relative)) => relative.to_path_buf(),
        _ => file,
    };
    for dir in absolute.ancestors().skip(1) {
        let relative = |dir: &Path| {
            absolute
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let file = dir.join(CORPUS_CONFIG);
        if file.is_file() && file != own_toml {
            let file = shown(file);
            let text = read_toml(&file)?;
            let config = CorpusConfig::parse(&text).map_err(|e| config_error(&file, &text, e))?;
            return checked(config, file, text, relative(dir));
        }
        let file = dir.join("pyproject.toml");
        if file.is_file() && file != own_toml {
            let file = shown(file);
            let text = read_toml(&file)?;
            let project =
                CorpusConfig::parse_pyproject(&text).map_err(|e| config_error(&file, &text, e))?;
            if let Some(config) = project {
                return checked(config, file, text, relative(dir));
            }
        }
    }
    Ok((CorpusConfig::default(), None))
}

/// Where a corpus configuration was found: the file, its text, and the
/// document's path from the file's directory.
struct FoundConfig {
    file: PathBuf,
    text: String,
    relative: String,
}

/// A corpus configuration whose words are checked.
fn checked(
    config: CorpusConfig,
    file: PathBuf,
    text: String,
    relative: String,
) -> Result<(CorpusConfig, Option<FoundConfig>), CorpusError> {
    if let Some(words) = &config.words {
        words.check().map_err(|e| config_error(&file, &text, e))?;
    }
    Ok((
        config,
        Some(FoundConfig {
            file,
            text,
            relative,
        }),
    ))
}

/// Checks the corpus's own configuration (`emend.toml` or `pyproject.toml`
/// at `root`) as a whole, so a mistake in it is an error even when no
/// document in `raw/` reads it (an empty corpus, a `[[per-path]]` entry
/// that matches nothing).
pub fn check_corpus_config(root: &Path) -> Result<(), CorpusError> {
    let probe = under(root, "raw").join("-.txt");
    let (corpus, found) = corpus_config(&probe)?;
    if let Some(found) = found {
        selection::resolve(&corpus, &found.relative)
            .map_err(|e| config_error(&found.file, &found.text, e))?;
    }
    Ok(())
}

/// A document's name: the file stem of `raw/<name>.txt`.
pub fn doc_name(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// Reads a TOML file, which must be UTF-8: anything else is a config error
/// at the first byte that is not.
fn read_toml(path: &Path) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let source = ConfigError::Toml {
            message: "a TOML file must be UTF-8; save it as UTF-8".into(),
            span: Some(valid..valid),
        };
        config_error(path, &before, source)
    })
}

fn config_error(path: &Path, text: &str, source: ConfigError) -> CorpusError {
    let (line, column) = source.span().map_or((1, 1), |s| {
        LineIndex::new(text).line_col(s.start.min(text.len()))
    });
    CorpusError::Config {
        path: path.display().to_string(),
        line,
        column,
        source,
    }
}

/// A cleaned document and its two renderings.
pub struct Processed {
    pub cleaned: Cleaned,
    pub records: Vec<Record>,
    pub jsonl: String,
    pub txt: String,
}

/// Cleans a document with its setup and segments it into records.
pub fn process(
    doc: &Document,
    setup: &DocSetup,
    options: &Options,
) -> Result<Processed, CorpusError> {
    let cleaned = clean_document(&doc.raw, setup, &doc.options(options)).map_err(|source| {
        CorpusError::Engine {
            path: doc.path.display().to_string(),
            source,
        }
    })?;
    let seg = Segmentation {
        heading: setup.heading.as_ref(),
        title_and_lead: doc
            .config
            .segment
            .as_ref()
            .is_some_and(|s| s.title_and_lead),
    };
    let file = RawFile {
        encoding: doc.encoding,
        map: &doc.map,
    };
    let records = records::segment(&doc.name, &cleaned, file, &seg);
    let jsonl = records::to_jsonl(&records).map_err(|source| CorpusError::Json {
        path: doc.path.display().to_string(),
        source,
    })?;
    Ok(Processed {
        jsonl,
        txt: records::to_txt(&records),
        records,
        cleaned,
    })
}

/// `root/sub`, without a leading `./` when root is the current folder, so
/// messages show `raw/doc.txt`.
pub fn under(root: &Path, sub: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(sub)
    } else {
        root.join(sub)
    }
}

/// The `raw/*.txt` files, sorted, once the folder is known to be sound:
/// every TOML file has its text beside it (a TOML for a document that is
/// not there is a mistake, not something to skip), and no symbolic link
/// leads out of the corpus (`raw/x.txt` → `/etc/passwd` would be cleaned
/// into `cleaned/`).
pub fn raw_files(root: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let dir = under(root, "raw");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(io(&dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let corpus = std::fs::canonicalize(root).map_err(io(root))?;
    refuse_links_out_of(&corpus, &dir)?;
    let mut files = Vec::new();
    for path in entries {
        let ext = path.extension().and_then(|x| x.to_str());
        if !matches!(ext, Some("txt" | "toml")) {
            continue;
        }
        refuse_links_out_of(&corpus, &path)?;
        if ext == Some("toml") && !path.with_extension("txt").exists() {
            return Err(CorpusError::Refused {
                path: format!("{}:1:1", path.display()),
                reason: format!(
                    "no raw document `{}` beside this TOML file; rename or remove it",
                    path.with_extension("txt").display()
                ),
            });
        }
        if ext == Some("txt") {
            files.push(path);
        }
    }
    Ok(files)
}

/// Refuses a symbolic link whose target lies outside the corpus folder.
fn refuse_links_out_of(corpus: &Path, path: &Path) -> Result<(), CorpusError> {
    let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
    if !meta.file_type().is_symlink() {
        return Ok(());
    }
    let target = std::fs::canonicalize(path).map_err(io(path))?;
    if target.starts_with(corpus) {
        return Ok(());
    }
    Err(CorpusError::Refused {
        path: path.display().to_string(),
        reason: format!(
            "a symbolic link to {}, outside the corpus; refused",
            target.display()
        ),
    })
}

/// Writes `content` to `path` through a temporary file and a rename, so a
/// reader never sees half a file, and the name gets a new inode: another
/// hard link to the file it replaces keeps the old bytes.
pub fn write_atomic(path: &Path, content: &str) -> Result<(), CorpusError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    std::fs::write(&tmp, content).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// Picks one rendering out of a processed document.
pub type Rendering = fn(&Processed) -> &str;

/// The output file names of a document, with the rendering each holds.
pub fn output_files(name: &str) -> [(String, Rendering); 2] {
    [
        (format!("{name}.jsonl"), |p| &p.jsonl),
        (format!("{name}.txt"), |p| &p.txt),
    ]
}

/// The output files of a document in `cleaned/`, with their renderings.
pub fn outputs(root: &Path, name: &str) -> [(PathBuf, Rendering); 2] {
    output_files(name).map(|(file, render)| (under(root, "cleaned").join(file), render))
}

/// One reason `check` fails, as `path:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: String,
    pub message: String,
    pub kind: ProblemKind,
}

/// What `check` found wrong. Each kind is a rule of its own in SARIF
/// output, beside the rules whose error findings are open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A file in `cleaned/` that differs from what the rules produce, or
    /// is missing.
    StaleRecord,
    /// A file in `cleaned/` without its raw document.
    OrphanRecord,
    /// A declared fix whose text is no longer found where it says.
    StaleFix,
    /// A declared fix the built-in rules make on their own.
    RedundantFix,
    /// An accept, keep or apply that does nothing any more.
    UnusedEntry,
    /// A raw document that cannot be read or decoded.
    Unreadable,
    /// A file an interrupted `emend clean` left behind.
    Leftover,
    /// An open error finding of the rule with this code.
    Finding(&'static str),
}

impl ProblemKind {
    /// The kinds `check` itself reports (not a rule's finding), with the
    /// id and one-line description SARIF gives each.
    pub const CHECK_KINDS: [(ProblemKind, &'static str, &'static str); 7] = [
        (
            ProblemKind::StaleRecord,
            "stale-record",
            "A cleaned record is not what the rules produce",
        ),
        (
            ProblemKind::OrphanRecord,
            "orphan-record",
            "A cleaned record has no raw document",
        ),
        (
            ProblemKind::StaleFix,
            "stale-fix",
            "A declared fix no longer applies",
        ),
        (
            ProblemKind::RedundantFix,
            "redundant-fix",
            "A declared fix the built-in rules already make",
        ),
        (
            ProblemKind::UnusedEntry,
            "unused-entry",
            "An accept, keep or apply that does nothing",
        ),
        (
            ProblemKind::Unreadable,
            "unreadable",
            "A raw document cannot be read",
        ),
        (
            ProblemKind::Leftover,
            "leftover",
            "A file left behind by an interrupted run",
        ),
    ];

    /// The id of the rule the problem belongs to: a rule's code for a
    /// finding, else the check kind's id.
    pub fn rule_id(self) -> &'static str {
        match self {
            ProblemKind::Finding(code) => code,
            kind => Self::CHECK_KINDS
                .iter()
                .find(|(k, _, _)| *k == kind)
                .map_or("check", |(_, id, _)| id),
        }
    }
}

impl Problem {
    /// A document that cannot be read, when `error` says so: `check` reports
    /// it and goes on with the others.
    pub fn unreadable(error: &CorpusError) -> Option<Problem> {
        match error {
            CorpusError::Io { path, source } => Some(Problem {
                at: path.clone(),
                message: source.to_string(),
                kind: ProblemKind::Unreadable,
            }),
            CorpusError::Decode { path, source } => Some(Problem {
                at: path.clone(),
                message: source.to_string(),
                kind: ProblemKind::Unreadable,
            }),
            _ => None,
        }
    }
}

impl Problem {
    /// Where the problem is: the file, and the line and column when it
    /// names them (`at` is `path:line:col` or `path`).
    pub fn location(&self) -> (&str, Option<usize>, Option<usize>) {
        let mut parts = self.at.rsplitn(3, ':');
        let (col, line, path) = (parts.next(), parts.next(), parts.next());
        match (
            path,
            line.and_then(|l| l.parse().ok()),
            col.and_then(|c| c.parse().ok()),
        ) {
            (Some(path), Some(line), Some(col)) => (path, Some(line), Some(col)),
            _ => (&self.at, None, None),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A problem for each TOML entry (`index`, span in the TOML file) that
/// did nothing: an accept that matched no finding, a keep that stopped
/// no edit.
fn stale_entries<'a>(
    doc: &Document,
    entries: impl Iterator<Item = (usize, &'a std::ops::Range<usize>)>,
    unused: &[usize],
    message: &str,
) -> Vec<Problem> {
    entries
        .filter(|(index, _)| unused.contains(index))
        .map(|(_, span)| Problem {
            at: doc.config_position(span.start),
            message: message.into(),
            kind: ProblemKind::UnusedEntry,
        })
        .collect()
}

/// Checks one document: its cleaned files, its fixes and its findings.
pub fn check_document(
    root: &Path,
    doc: &Document,
    options: &Options,
) -> Result<Vec<Problem>, CorpusError> {
    let options = &doc.options(options);
    let setup = match doc.setup() {
        Ok(setup) => setup,
        Err(CorpusError::Config {
            path,
            line,
            column,
            source: source @ (ConfigError::NoMatch { .. } | ConfigError::Ambiguous { .. }),
        }) => {
            return Ok(vec![Problem {
                at: format!("{path}:{line}:{column}"),
                message: format!("{source}: the declared fix no longer applies"),
                kind: ProblemKind::StaleFix,
            }]);
        }
        Err(e) => return Err(e),
    };
    let processed = process(doc, &setup, options)?;
    let mut problems = Vec::new();
    for (path, render) in outputs(root, &doc.name) {
        problems.extend(compare_file(&path, render(&processed)));
    }
    problems.extend(redundant_fixes(doc, &setup, &processed, options)?.problems);
    // An entry for a rule the corpus's `emend.toml` switches off does
    // nothing while it is off, yet is needed again once it is on.
    let on = |rule: &str| {
        let name = emend::rules::find_meta(rule).map_or(rule, |m| m.name);
        !options.disabled.contains(name)
    };
    let accepts = setup
        .declared
        .accepts
        .iter()
        .filter(|a| on(&a.rule))
        .map(|a| (a.index, &a.span));
    problems.extend(stale_entries(
        doc,
        accepts,
        &processed.cleaned.unused_accepts,
        "this accept matches no finding any more; remove it",
    ));
    let keeps = setup
        .declared
        .keeps
        .iter()
        .filter(|k| k.rule.as_deref().is_none_or(on))
        .map(|k| (k.index, &k.span));
    problems.extend(stale_entries(
        doc,
        keeps,
        &processed.cleaned.unused_keeps,
        "this keep stops no repair any more; remove it",
    ));
    let applies = setup
        .declared
        .applies
        .iter()
        .filter(|a| on(&a.rule))
        .map(|a| (a.index, &a.span));
    problems.extend(stale_entries(
        doc,
        applies,
        &processed.cleaned.unused_applies,
        "this apply accepts no suggestion any more; remove it",
    ));
    let raw_lines = LineIndex::new(&doc.raw);
    for f in processed.cleaned.open_findings(Severity::Error) {
        let (line, column) = raw_lines.line_col(f.raw.start);
        problems.push(Problem {
            at: format!("{}:{line}:{column}", doc.path.display()),
            message: format!(
                "error {} {}: {} (repair it, or accept it with a reason in the document's TOML)",
                f.code, f.rule, f.message
            ),
            kind: ProblemKind::Finding(f.code),
        });
    }
    Ok(problems)
}

/// Compares a committed file with what the rules produce now.
fn compare_file(path: &Path, expected: &str) -> Option<Problem> {
    let Ok(actual) = std::fs::read_to_string(path) else {
        return Some(Problem {
            at: path.display().to_string(),
            message: "missing: run `emend clean`".into(),
            kind: ProblemKind::StaleRecord,
        });
    };
    if actual == expected {
        return None;
    }
    let differ = actual
        .char_indices()
        .zip(expected.chars())
        .find(|((_, a), b)| a != b)
        .map_or(actual.len().min(expected.len()), |((i, _), _)| i);
    let (line, col) = LineIndex::new(&actual).line_col(differ);
    Some(Problem {
        at: format!("{}:{line}:{col}", path.display()),
        message: "differs from what the rules produce: edited by hand or stale; run `emend clean` and review the diff".into(),
        kind: ProblemKind::StaleRecord,
    })
}

/// Files in `cleaned/` whose document is not in `raw/`.
pub fn orphans(root: &Path, names: &[String]) -> Result<Vec<Problem>, CorpusError> {
    let dir = under(root, "cleaned");
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut out: Vec<Problem> = std::fs::read_dir(&dir)
        .map_err(io(&dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            let ours = p.extension().is_some_and(|x| x == "jsonl" || x == "txt");
            ours && !stem.is_some_and(|s| names.contains(&s))
        })
        .map(|p| Problem {
            at: p.display().to_string(),
            message: "orphaned: no raw document of that name; remove it".into(),
            kind: ProblemKind::OrphanRecord,
        })
        .collect();
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Problem, ProblemKind};

    #[test]
    fn a_problem_names_its_file_and_where_in_it() {
        let at = |at: &str| Problem {
            at: at.into(),
            message: String::new(),
            kind: ProblemKind::StaleRecord,
        };
        assert_eq!(
            at("cleaned/a:b.txt:3:7").location(),
            ("cleaned/a:b.txt", Some(3), Some(7))
        );
        assert_eq!(
            at("cleaned/gone.txt").location(),
            ("cleaned/gone.txt", None, None)
        );
    }
}
