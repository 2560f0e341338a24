//! What a long corpus run shows while it works and when it is done: a
//! progress bar on stderr (only for runs over `MIN_DOCUMENTS` documents or
//! `MIN_BYTES` of text, only on a terminal, never with `--quiet`) and a
//! one-line summary of documents, changes by rule, findings and time.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use emend::engine::Cleaned;

/// Runs this small finish before a bar could draw twice: a bar would only
/// flicker.
const MIN_DOCUMENTS: usize = 10;
/// Text this large takes long enough to want a bar (10 MB: about 1.5 s at
/// the measured ~7 MB/s of `emend clean FILE`).
const MIN_BYTES: usize = 10_000_000;

/// A run's progress: the bar when there is one, and when the run began.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    /// A bar over `documents` documents holding `bytes` of text, unless
    /// the run is small or `quiet`. indicatif hides the bar when stderr is
    /// not a terminal.
    pub fn new(documents: usize, bytes: usize, quiet: bool) -> Progress {
        let long = documents > MIN_DOCUMENTS || bytes > MIN_BYTES;
        let bar = (long && !quiet).then(|| {
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} documents  {elapsed_precise}  eta {eta}  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::new(documents as u64).with_style(style)
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// One more document is done.
    pub fn advance(&self, document: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(document.to_string());
            bar.inc(1);
        }
    }

    /// The run is done: the bar goes away.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// How long the run has taken.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// The summary line of a run over `cleaned` documents, e.g. `emend: 2
/// documents, 610 changes (301 punct-width, 180 wrap-join, …), 8 findings
/// (8 accepted), 0.12 s`. Rules are listed by how many changes they made.
pub fn summary<'a>(cleaned: impl Iterator<Item = &'a Cleaned>, elapsed: Duration) -> String {
    let mut documents = 0;
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut findings, mut accepted) = (0, 0);
    for c in cleaned {
        documents += 1;
        for change in &c.changes {
            *by_rule.entry(change.rule).or_default() += 1;
        }
        findings += c.findings.len();
        accepted += c.findings.iter().filter(|f| f.accepted.is_some()).count();
    }
    let changes: usize = by_rule.values().sum();
    let mut rules: Vec<(&str, usize)> = by_rule.into_iter().collect();
    rules.sort_by_key(|&(rule, n)| (std::cmp::Reverse(n), rule));
    let listed: Vec<String> = rules
        .iter()
        .map(|(rule, n)| format!("{n} {rule}"))
        .collect();
    let by_rule = if listed.is_empty() {
        String::new()
    } else {
        format!(" ({})", listed.join(", "))
    };
    format!(
        "emend: {documents} documents, {changes} changes{by_rule}, {findings} findings ({accepted} accepted), {:.2} s",
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn a_bar_only_for_long_runs_and_never_when_quiet() {
        assert!(Progress::new(10, 10_000_000, false).bar.is_none());
        assert!(Progress::new(11, 0, false).bar.is_some());
        assert!(Progress::new(1, 10_000_001, false).bar.is_some());
        assert!(Progress::new(1000, 0, true).bar.is_none());
    }
}
