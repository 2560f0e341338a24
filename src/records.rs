//! Segmentation of a cleaned text into records, and the two renderings:
//! `cleaned/<doc>.jsonl` (one JSON object per record, derived from
//! [`Record`]) and `cleaned/<doc>.txt`.

use std::ops::Range;

use encoding_rs::Encoding;
use serde::Serialize;

use crate::decode::ByteMap;
use crate::engine::Cleaned;
use crate::headings::{self, HeadingPattern};
use crate::layout;
use crate::position::{Locator, Span};
use crate::schema::{ChangeRecord, FindingRecord};

/// What a record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    Title,
    Lead,
    Statement,
    Paragraph,
}

/// The spans of the raw file that a record keeps, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub heading: Vec<Span>,
    pub body: Vec<Span>,
}

/// One record of `cleaned/<doc>.jsonl`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    /// `<doc>/<seq>`.
    pub id: String,
    pub doc: String,
    /// 0-based reading order.
    pub seq: usize,
    pub kind: RecordKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The heading line as cleaned (statements only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The body, without its heading; paragraphs separated by a newline.
    pub text: String,
    /// The raw file's encoding (`UTF-8`, `UTF-16LE`, `gb18030`, `Big5` …).
    pub encoding: &'static str,
    pub source: Source,
    /// The changes that touched this record, in raw order.
    pub changes: Vec<ChangeRecord>,
    /// The findings inside this record, in raw order.
    pub findings: Vec<FindingRecord>,
}

/// How a document is segmented.
#[derive(Clone, Debug, Default)]
pub struct Segmentation<'a> {
    pub heading: Option<&'a HeadingPattern>,
    pub title_and_lead: bool,
}

/// What records need to know of the raw file beyond its decoded text.
#[derive(Clone, Copy, Debug)]
pub struct RawFile<'a> {
    pub encoding: &'static Encoding,
    pub map: &'a ByteMap,
}

/// `range` without the whitespace at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    start..start + s.trim().len()
}

/// A record under construction: current-text ranges of heading and body.
struct Draft {
    kind: RecordKind,
    heading: Option<Range<usize>>,
    body: Vec<Range<usize>>,
}

/// Cuts a cleaned document into records.
pub fn segment(
    doc: &str,
    cleaned: &Cleaned,
    file: RawFile<'_>,
    seg: &Segmentation<'_>,
) -> Vec<Record> {
    let anchored = seg.heading.map(HeadingPattern::anchored);
    let text = &cleaned.text;
    let mut drafts: Vec<Draft> = Vec::new();
    for (i, block) in layout::block_ranges(text)
        .into_iter()
        .map(|r| trimmed(text, r))
        .enumerate()
    {
        let line = &text[block.clone()];
        let is_heading = anchored
            .as_ref()
            .is_some_and(|re| headings::is_heading_line(re, line));
        let kind = match (seg.title_and_lead && seg.heading.is_some(), i) {
            (true, 0) => Some(RecordKind::Title),
            (true, 1) => Some(RecordKind::Lead),
            _ => None,
        };
        match (kind, is_heading, drafts.last_mut()) {
            (Some(kind), _, _) => drafts.push(Draft {
                kind,
                heading: None,
                body: vec![block],
            }),
            (None, true, _) => drafts.push(Draft {
                kind: RecordKind::Statement,
                heading: Some(block),
                body: Vec::new(),
            }),
            (None, false, Some(d)) if d.kind == RecordKind::Statement => d.body.push(block),
            (None, false, _) => drafts.push(Draft {
                kind: RecordKind::Paragraph,
                heading: None,
                body: vec![block],
            }),
        }
    }
    let locator = Locator::new(&cleaned.raw, file.map);
    let index = RawIndex::new(cleaned);
    let context = Context {
        doc,
        cleaned,
        index: &index,
        locator: &locator,
        encoding: file.encoding.name(),
        heading: seg.heading,
    };
    drafts
        .into_iter()
        .enumerate()
        .map(|(seq, d)| build(&context, seq, d))
        .collect()
}

/// What every record of one document is built with.
struct Context<'a> {
    doc: &'a str,
    cleaned: &'a Cleaned,
    index: &'a RawIndex<'a>,
    locator: &'a Locator<'a>,
    encoding: &'static str,
    heading: Option<&'a HeadingPattern>,
}

fn build(cx: &Context<'_>, seq: usize, d: Draft) -> Record {
    let (doc, cleaned) = (cx.doc, cx.cleaned);
    let text = &cleaned.text;
    let raw_of = |ranges: &[Range<usize>]| -> Vec<Range<usize>> {
        ranges
            .iter()
            .flat_map(|r| cleaned.provenance.raw_ranges(r.clone()))
            .collect()
    };
    let heading_raw = raw_of(d.heading.as_slice());
    let body_raw = raw_of(&d.body);
    let captures = d
        .heading
        .as_ref()
        .zip(cx.heading)
        .and_then(|(r, re)| re.pattern.captures(&text[r.clone()]));
    let capture = |name: &str| {
        captures
            .as_ref()
            .and_then(|c| c.name(name))
            .map(|m| m.as_str().trim().to_string())
    };
    let all_raw: Vec<Range<usize>> = heading_raw.iter().chain(&body_raw).cloned().collect();
    Record {
        id: format!("{doc}/{seq}"),
        doc: doc.to_string(),
        seq,
        kind: d.kind,
        role: capture("role"),
        name: capture("name"),
        heading: d.heading.map(|r| text[r].to_string()),
        text: d
            .body
            .iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join("\n"),
        encoding: cx.encoding,
        source: Source {
            heading: file_pairs(cx.locator, &heading_raw),
            body: file_pairs(cx.locator, &body_raw),
        },
        changes: cx
            .index
            .changes(&all_raw)
            .into_iter()
            .map(|c| ChangeRecord::new(c, cx.locator))
            .collect(),
        findings: cx
            .index
            .findings(&all_raw)
            .into_iter()
            .map(|f| FindingRecord::new(f, cx.locator))
            .collect(),
    }
}

/// Raw text ranges as sorted, merged spans of the raw file.
fn file_pairs(locator: &Locator<'_>, ranges: &[Range<usize>]) -> Vec<Span> {
    pairs(ranges)
        .into_iter()
        .map(|[s, e]| locator.span(s..e))
        .collect()
}

fn pairs(ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    let mut sorted: Vec<Range<usize>> = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<[usize; 2]> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(last) if last[1] == r.start => last[1] = r.end,
            _ => out.push([r.start, r.end]),
        }
    }
    out
}

/// The change log and findings indexed by raw position, so each record
/// finds its own by binary search: building every record stays
/// O((records + changes) · log changes), not records × changes.
struct RawIndex<'c> {
    /// Indexes into `cleaned.changes`, sorted by where the change stands.
    by_at: Vec<(usize, usize)>,
    /// Indexes of moves, sorted by where the moved text went.
    by_to: Vec<(usize, usize)>,
    /// Indexes into `cleaned.findings`, sorted by where the finding starts.
    findings: Vec<(usize, usize)>,
    cleaned: &'c Cleaned,
}

impl<'c> RawIndex<'c> {
    fn new(cleaned: &'c Cleaned) -> Self {
        let sorted = |mut v: Vec<(usize, usize)>| {
            v.sort_unstable();
            v
        };
        let changes = cleaned.changes.iter().enumerate();
        RawIndex {
            by_at: sorted(changes.clone().map(|(i, c)| (c.at, i)).collect()),
            by_to: sorted(changes.filter_map(|(i, c)| Some((c.to?, i))).collect()),
            findings: sorted(
                cleaned
                    .findings
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.raw.start, i))
                    .collect(),
            ),
            cleaned,
        }
    }

    /// The entries of `index` whose position stands in (or at the edge of)
    /// one of `ranges`, each once.
    fn within(index: &[(usize, usize)], ranges: &[Range<usize>]) -> Vec<usize> {
        let mut hits: Vec<usize> = ranges
            .iter()
            .flat_map(|r| {
                let from = index.partition_point(|&(at, _)| at < r.start);
                let to = index.partition_point(|&(at, _)| at <= r.end);
                index[from..to].iter().map(|&(_, i)| i)
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// The changes that stand in, or moved text into, a record, in raw order.
    fn changes(&self, raw: &[Range<usize>]) -> Vec<&'c crate::engine::Change> {
        let mut hits = Self::within(&self.by_at, raw);
        hits.extend(Self::within(&self.by_to, raw));
        hits.sort_unstable();
        hits.dedup();
        let mut changes: Vec<_> = hits.iter().map(|&i| &self.cleaned.changes[i]).collect();
        changes.sort_by_key(|c| c.at);
        changes
    }

    /// The findings that stand in a record, in raw order.
    fn findings(&self, raw: &[Range<usize>]) -> Vec<&'c crate::engine::Finding> {
        let mut findings: Vec<_> = Self::within(&self.findings, raw)
            .into_iter()
            .map(|i| &self.cleaned.findings[i])
            .collect();
        findings.sort_by_key(|f| f.raw.start);
        findings
    }
}

/// `cleaned/<doc>.jsonl`: one JSON object per line.
pub fn to_jsonl(records: &[Record]) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    for r in records {
        out.push_str(&serde_json::to_string(r)?);
        out.push('\n');
    }
    Ok(out)
}

/// `cleaned/<doc>.txt`: each record's heading line (if any) and body, with
/// blank lines between.
pub fn to_txt(records: &[Record]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for r in records {
        if let Some(h) = &r.heading {
            parts.push(h);
        }
        if !r.text.is_empty() {
            parts.push(&r.text);
        }
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}
