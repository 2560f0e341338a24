//! Positions users and programs see: 1-based line and column (in
//! characters) of a text, and [`Span`]s that name the raw file's bytes.

use std::ops::Range;

use serde::Serialize;

use crate::decode::ByteMap;

/// Bytes between two character-count checkpoints of a [`LineIndex`]: a
/// column lookup counts at most this many bytes, so any number of lookups
/// on one long line stays linear. Records locate two spans per change, and
/// a corpus-mode run of an 8 MB document makes 250 000 changes: at 64 the
/// checkpoints cost an eighth of the text's size in memory and the counting
/// stays a small part of the run.
const CHUNK: usize = 64;

/// Maps byte offsets of a text to 1-based line and column (in characters):
/// a binary search for the line, then at most `CHUNK` bytes counted.
/// A line ends at `\n`, `\r\n`, or a lone `\r` (old Mac text, which
/// `line-endings` turns into `\n`).
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Characters before each line start.
    chars_before_line: Vec<usize>,
    /// Characters before byte `k * CHUNK`, for every `k`.
    chars_before_chunk: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` in one pass over its bytes.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut chars_before_line = vec![0];
        let mut chars_before_chunk = Vec::with_capacity(bytes.len() / CHUNK + 2);
        let mut count = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i % CHUNK == 0 {
                chars_before_chunk.push(count);
            }
            count += usize::from(!is_continuation(b));
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
                chars_before_line.push(count);
            }
        }
        chars_before_chunk.push(count);
        LineIndex {
            text,
            line_starts,
            chars_before_line,
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
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let column = self.chars_before(offset) - self.chars_before_line[line - 1] + 1;
        (line, column)
    }
}

impl LineIndex<'_> {
    /// Byte offset of 1-based `line` and `column` (characters), the inverse
    /// of [`LineIndex::line_col`]. A line's ending counts as its last
    /// column; past it is `None`, but for the text's last line, whose
    /// column after the last character is the end of the text.
    pub fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let body = &self.text[start..end];
        let at = body
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(body.len()))
            .nth(column.checked_sub(1)?)?;
        // Past the body only on the last line: the end of the text.
        let last_line = line == self.line_starts.len();
        (at < body.len() || last_line).then_some(start + at)
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
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
    fn offset_is_the_inverse_of_line_col() {
        let text = "甲乙\r\n丙\r丁戊";
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let (line, column) = idx.line_col(offset);
            assert_eq!(idx.offset(line, column), Some(offset), "{line}:{column}");
        }
        assert_eq!(idx.offset(3, 3), Some(text.len()));
        assert_eq!(idx.offset(1, 5), None);
        assert_eq!(idx.offset(4, 1), None);
        assert_eq!(idx.offset(0, 1), None);
        // Text that ends with a newline: its last line is the empty one.
        let idx = LineIndex::new("好\n");
        assert_eq!(idx.offset(1, 2), Some(3));
        assert_eq!(idx.offset(1, 3), None);
        assert_eq!(idx.offset(2, 1), Some(4));
        assert_eq!(idx.offset(1, 0), None);
    }

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
    fn every_offset_agrees_with_counting_from_the_start() {
        let text = "甲乙a\r\nb丙\r丁\n\n戊己庚辛".repeat(40);
        let idx = LineIndex::new(&text);
        let (mut line, mut column) = (1, 1);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            assert_eq!(idx.line_col(i), (line, column), "at byte {i}");
            let crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
            if c == '\n' || (c == '\r' && !crlf) {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
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
