//! Positions as the page needs them. Rust offsets are UTF-8 bytes; the
//! page's JavaScript slices strings in UTF-16 code units, so every offset
//! the page gets is converted first. And the cleaned pane needs to know
//! where a raw position ended up, which the change log (raw coordinates)
//! does not say: the provenance does.

use std::ops::Range;

use emend::text::{Provenance, Src};

/// UTF-8 byte offsets of one text to UTF-16 code-unit offsets.
pub struct Utf16 {
    /// The UTF-16 offset of each byte offset that starts a character (and
    /// of the end); other entries repeat the character's start.
    units: Vec<u32>,
}

impl Utf16 {
    pub fn new(text: &str) -> Self {
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut at = 0u32;
        for c in text.chars() {
            units.extend(std::iter::repeat_n(at, c.len_utf8()));
            at += c.len_utf16() as u32;
        }
        units.push(at);
        Utf16 { units }
    }

    /// The UTF-16 offset of byte offset `byte` (clamped to the text).
    pub fn of(&self, byte: usize) -> u32 {
        self.units[byte.min(self.units.len() - 1)]
    }
}

/// Where raw positions stand in the cleaned text.
pub struct RawToClean {
    /// The cleaned text's raw runs: (raw start, length, cleaned start),
    /// sorted by raw start.
    runs: Vec<(usize, usize, usize)>,
    /// The cleaned ranges rules wrote, in order.
    written: Vec<Range<usize>>,
}

impl RawToClean {
    pub fn new(provenance: &Provenance) -> Self {
        let mut at = 0;
        let mut runs = Vec::new();
        let mut written = Vec::new();
        for seg in provenance.segs() {
            match seg.src {
                Src::Raw(r) => runs.push((r, seg.len, at)),
                Src::Inserted(_) => written.push(at..at + seg.len),
            }
            at += seg.len;
        }
        runs.sort_unstable();
        RawToClean { runs, written }
    }

    /// Was the cleaned byte at `pos` written by a rule (not kept raw text)?
    pub fn is_written(&self, pos: usize) -> bool {
        let i = self.written.partition_point(|r| r.end <= pos);
        self.written.get(i).is_some_and(|r| r.start <= pos)
    }

    /// The cleaned position of raw offset `raw`: its own, when the byte is
    /// kept; else the end of the nearest kept run before it, where text
    /// that replaced it was written (or 0 when nothing before it is kept).
    pub fn point(&self, raw: usize) -> usize {
        let i = self.runs.partition_point(|&(r, _, _)| r <= raw);
        match i.checked_sub(1).map(|k| self.runs[k]) {
            Some((r, len, at)) if raw < r + len => at + raw - r,
            Some((_, len, at)) => at + len,
            None => 0,
        }
    }

    /// The cleaned ranges that hold the kept bytes of the raw range `raw`
    /// (where moved text went), in raw order.
    pub fn ranges(&self, raw: &Range<usize>) -> Vec<Range<usize>> {
        let first = self
            .runs
            .partition_point(|&(r, len, _)| r + len <= raw.start);
        self.runs[first..]
            .iter()
            .take_while(|&&(r, _, _)| r < raw.end)
            .map(|&(r, len, at)| {
                let from = raw.start.max(r);
                let to = raw.end.min(r + len);
                at + from - r..at + to - r
            })
            .filter(|c| !c.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs_twice() {
        let map = Utf16::new("a中𠀀b");
        assert_eq!([0, 1, 4, 8, 9].map(|b| map.of(b)), [0, 1, 2, 4, 5]);
    }

    #[test]
    fn raw_positions_follow_the_provenance() {
        use emend::text::{pieces, Edit};
        // "意义\n重大" with the newline deleted and "！" written at the end.
        let raw = "意义\n重大";
        let edits = [Edit::delete(6..7), Edit::replace(13..13, "！")];
        let provenance =
            Provenance::identity(raw.len()).compose(&pieces(raw, &edits).unwrap(), "R101");
        let map = RawToClean::new(&provenance);
        assert_eq!(
            map.point(6),
            6,
            "the deleted newline stands where 重 now is"
        );
        assert_eq!(map.point(8), 7, "a kept byte is where it went");
        assert_eq!(map.ranges(&(3..13)), vec![3..6, 6..12]);
        assert!(map.is_written(12) && !map.is_written(11));
    }
}
