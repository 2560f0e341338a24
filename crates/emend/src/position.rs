//! Positions users and programs see: 1-based line and column (in
//! characters) of a text, and [`Span`]s that name the raw file's bytes.

use std::ops::Range;

use serde::Serialize;

use crate::decode::ByteMap;

/// Bytes between two character-count checkpoints of a [`LineIndex`]: a
/// column lookup counts at most this many bytes, so any number of lookups
/// on one long line stays linear.
const CHUNK: usize = 256;

/// Maps byte offsets of a text to 1-based line and column (in characters):
/// a binary search for the line, then at most `CHUNK` bytes counted.
/// A line ends at `\n`, `\r\n`, or a lone `\r` (old Mac text, which
/// `line-endings` turns into `\n`).
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Characters before byte `k * CHUNK`, for every `k`.
    chars_before_chunk: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(memchr_newlines(text)).collect();
        let mut chars_before_chunk = vec![0];
        let mut count = 0;
        for chunk in text.as_bytes().chunks(CHUNK) {
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count();
            chars_before_chunk.push(count);
        }
        LineIndex {
            text,
            line_starts,
            chars_before_chunk,
        }
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let k = offset / CHUNK;
        let tail = &self.text.as_bytes()[k * CHUNK..offset];
        self.chars_before_chunk[k] + tail.iter().filter(|&&b| !is_continuation(b)).count()
    }

    /// 1-based line and column (characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line.max(1) - 1];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        (line.max(1), column)
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The offsets just after each line ending.
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        ends.then_some(i + 1)
    })
}

/// Where something stands in a raw file: `start..end` in the file's bytes as
/// they are on disk, and the 1-based line and column (in characters of the
/// decoded text) where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// Turns byte ranges of a decoded raw text into [`Span`]s of its file.
pub struct Locator<'a> {
    raw: &'a str,
    map: &'a ByteMap,
    lines: LineIndex<'a>,
}

impl<'a> Locator<'a> {
    pub fn new(raw: &'a str, map: &'a ByteMap) -> Self {
        Locator {
            raw,
            map,
            lines: LineIndex::new(raw),
        }
    }

    /// The span of a range of the decoded raw text.
    pub fn span(&self, range: Range<usize>) -> Span {
        let file = self.map.file_range(self.raw, range.clone());
        let (line, column) = self.lines.line_col(range.start);
        Span {
            start: file.start,
            end: file.end,
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let idx = LineIndex::new("甲乙\n丙丁戊");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (1, 2));
        assert_eq!(idx.line_col(7), (2, 1));
        assert_eq!(idx.line_col(10), (2, 2));
        assert_eq!(idx.line_col(16), (2, 4));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let idx = LineIndex::new("甲\r乙\r\n丙\n丁");
        assert_eq!(idx.line_col(4), (2, 1));
        assert_eq!(idx.line_col(9), (3, 1));
        assert_eq!(idx.line_col(13), (4, 1));
    }

    #[test]
    fn columns_on_a_long_line_cross_checkpoints() {
        let text = "a干".repeat(300);
        let idx = LineIndex::new(&text);
        for (chars, (i, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.line_col(i), (1, chars + 1));
        }
    }
}
