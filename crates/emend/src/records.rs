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
    let raws: Vec<RawOf> = drafts.iter().map(|d| RawOf::new(cleaned, d)).collect();
    let owners = Owners::new(&raws);
    let mut changes: Vec<Vec<&crate::engine::Change>> = vec![Vec::new(); drafts.len()];
    for c in &cleaned.changes {
        let from = owners.of(c.at);
        changes.extend_at(from, c);
        let to = c.to.and_then(|to| owners.of(to));
        if to != from {
            changes.extend_at(to, c);
        }
    }
    let mut findings: Vec<Vec<&crate::engine::Finding>> = vec![Vec::new(); drafts.len()];
    for f in &cleaned.findings {
        findings.extend_at(owners.of(f.raw.start), f);
    }
    let context = Context {
        doc,
        cleaned,
        locator: &locator,
        encoding: file.encoding.name(),
        heading: seg.heading,
    };
    drafts
        .into_iter()
        .zip(raws)
        .zip(changes.into_iter().zip(findings))
        .enumerate()
        .map(|(seq, ((d, raw), (c, f)))| build(&context, seq, d, raw, c, f))
        .collect()
}

/// Pushes `item` onto the list of record `at`, when there is one.
trait ExtendAt<T> {
    fn extend_at(&mut self, at: Option<usize>, item: T);
}

impl<T> ExtendAt<T> for Vec<Vec<T>> {
    fn extend_at(&mut self, at: Option<usize>, item: T) {
        if let Some(list) = at.and_then(|i| self.get_mut(i)) {
            list.push(item);
        }
    }
}

/// The raw ranges a record keeps, of its heading and of its body.
struct RawOf {
    heading: Vec<Range<usize>>,
    body: Vec<Range<usize>>,
}

impl RawOf {
    fn new(cleaned: &Cleaned, d: &Draft) -> Self {
        let raw_of = |ranges: &[Range<usize>]| -> Vec<Range<usize>> {
            ranges
                .iter()
                .flat_map(|r| cleaned.provenance.raw_ranges(r.clone()))
                .collect()
        };
        RawOf {
            heading: raw_of(d.heading.as_slice()),
            body: raw_of(&d.body),
        }
    }
}

/// Which record owns each raw position: the one whose kept raw range
/// starts at or most closely before it. A change in a gap between kept
/// ranges (text a rule removed) belongs to the record before the gap, so
/// every change and finding lands in exactly one record (a move in the
/// records it left and entered), none in none.
struct Owners {
    /// (start of a kept raw range, its record), sorted.
    starts: Vec<(usize, usize)>,
}

impl Owners {
    fn new(raws: &[RawOf]) -> Self {
        let mut starts: Vec<(usize, usize)> = raws
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.heading
                    .iter()
                    .chain(&r.body)
                    .map(move |range| (range.start, i))
            })
            .collect();
        starts.sort_unstable();
        Owners { starts }
    }

    fn of(&self, at: usize) -> Option<usize> {
        let after = self.starts.partition_point(|&(start, _)| start <= at);
        // Before the first kept range: the first record.
        let owner = after.saturating_sub(1);
        self.starts.get(owner).map(|&(_, record)| record)
    }
}

/// What every record of one document is built with.
struct Context<'a> {
    doc: &'a str,
    cleaned: &'a Cleaned,
    locator: &'a Locator<'a>,
    encoding: &'static str,
    heading: Option<&'a HeadingPattern>,
}

fn build(
    cx: &Context<'_>,
    seq: usize,
    d: Draft,
    raw: RawOf,
    mut changes: Vec<&crate::engine::Change>,
    mut findings: Vec<&crate::engine::Finding>,
) -> Record {
    let (doc, cleaned) = (cx.doc, cx.cleaned);
    let text = &cleaned.text;
    let (heading_raw, body_raw) = (raw.heading, raw.body);
    changes.sort_by_key(|c| c.at);
    findings.sort_by_key(|f| f.raw.start);
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
        changes: changes
            .into_iter()
            .map(|c| ChangeRecord::new(c, cx.locator))
            .collect(),
        findings: findings
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
