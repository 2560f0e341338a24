//! Text with provenance: every byte of the current text knows where it came from.
//!
//! The current text is described by a list of [`Seg`]ments in reading order.
//! A segment is either a run of bytes copied unchanged from the raw input
//! ([`Src::Raw`]) or text written by a rule ([`Src::Inserted`]). Rules never
//! touch this structure: they return [`Edit`]s, and [`Provenance::apply`]
//! turns those into *pieces* (kept ranges of the input, or inserted text) and
//! composes them with the existing segments. Because a kept piece carries its
//! raw origin along, a move is as cheap and as exact as a deletion.

use std::ops::Range;

/// Where a run of the current text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Src {
    /// A copy of raw bytes starting at this raw offset.
    Raw(usize),
    /// Text written by the rule with this code.
    Inserted(&'static str),
}

/// A run of `len` bytes of the current text with one origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    pub len: usize,
    pub src: Src,
}

/// An edit a rule asks for, in byte offsets of the text the rule was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace `range` with `with` (an empty range inserts, an empty `with` deletes).
    Replace { range: Range<usize>, with: String },
    /// Take `range` out and put it back at position `to` (outside `range`).
    Move { range: Range<usize>, to: usize },
}

impl Edit {
    pub fn replace(range: Range<usize>, with: impl Into<String>) -> Self {
        Edit::Replace {
            range,
            with: with.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, "")
    }

    pub fn shifted(self, by: usize) -> Self {
        match self {
            Edit::Replace { range, with } => Edit::Replace {
                range: range.start + by..range.end + by,
                with,
            },
            Edit::Move { range, to } => Edit::Move {
                range: range.start + by..range.end + by,
                to: to + by,
            },
        }
    }

    /// Does this edit take away or write anything inside `range`?
    pub fn touches(&self, range: &Range<usize>) -> bool {
        let taken = self.taken();
        let anchor = self.anchor();
        (taken.start < range.end && range.start < taken.end)
            || (range.start < anchor && anchor < range.end)
    }

    /// The ranges of the input this edit takes away from where they stand.
    fn taken(&self) -> &Range<usize> {
        match self {
            Edit::Replace { range, .. } | Edit::Move { range, .. } => range,
        }
    }

    /// Where this edit puts its new or moved content.
    fn anchor(&self) -> usize {
        match self {
            Edit::Replace { range, .. } => range.start,
            Edit::Move { to, .. } => *to,
        }
    }
}

/// A piece of a pass's output: a range of its input kept, or new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Kept(Range<usize>),
    Inserted(&'a str),
}

/// Why a set of edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("edits overlap at byte {0}")]
    Overlap(usize),
    #[error("edit range {0:?} is outside the text or not on a character boundary")]
    OutOfBounds(Range<usize>),
    #[error("a move's destination {0} lies inside an edited range")]
    BadDestination(usize),
}

/// Turns edits on `text` into the pieces of the new text, in reading order.
///
/// Edits must not overlap; a move's destination must not fall strictly
/// inside a range that another edit takes away. Content anchored at the same
/// position comes out in the order the edits were given.
pub fn pieces<'e>(text: &str, edits: &'e [Edit]) -> Result<Vec<Piece<'e>>, EditError> {
    for edit in edits {
        let r = edit.taken();
        let ok = r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && edit.anchor() <= text.len()
            && text.is_char_boundary(edit.anchor());
        if !ok {
            return Err(EditError::OutOfBounds(r.clone()));
        }
    }
    let mut taken: Vec<&Range<usize>> = edits.iter().map(Edit::taken).collect();
    taken.sort_by_key(|r| (r.start, r.end));
    for pair in taken.windows(2) {
        if pair[1].start < pair[0].end {
            return Err(EditError::Overlap(pair[1].start));
        }
    }
    for edit in edits {
        // The taken ranges are sorted and disjoint: only the last one that
        // starts before `at` can hold it.
        let at = edit.anchor();
        let i = taken.partition_point(|r| r.start < at);
        if i > 0 && at < taken[i - 1].end {
            return Err(EditError::BadDestination(at));
        }
    }

    let mut anchored: Vec<(usize, usize)> = edits
        .iter()
        .enumerate()
        .map(|(i, e)| (e.anchor(), i))
        .collect();
    anchored.sort();

    let mut out = Vec::new();
    let mut cursor = 0;
    let mut next_anchor = anchored.iter().peekable();
    let mut next_taken = taken.iter().peekable();
    loop {
        // Emit everything anchored at the cursor before the text that follows it.
        while let Some(&&(at, i)) = next_anchor.peek() {
            if at > cursor {
                break;
            }
            match &edits[i] {
                Edit::Replace { with, .. } if !with.is_empty() => out.push(Piece::Inserted(with)),
                Edit::Replace { .. } => {}
                Edit::Move { range, .. } => push_kept(&mut out, range.clone()),
            }
            next_anchor.next();
        }
        if cursor >= text.len() {
            break;
        }
        if let Some(r) = next_taken.peek().filter(|r| r.start == cursor) {
            // An empty range (a pure insertion) leaves the cursor where it is.
            cursor = r.end;
            next_taken.next();
            continue;
        }
        let stop = [
            next_taken.peek().map(|r| r.start),
            next_anchor.peek().map(|&&(at, _)| at),
        ]
        .into_iter()
        .flatten()
        .filter(|&p| p > cursor)
        .min()
        .unwrap_or(text.len())
        .min(text.len());
        push_kept(&mut out, cursor..stop);
        cursor = stop;
    }
    Ok(out)
}

fn push_kept(out: &mut Vec<Piece<'_>>, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    if let Some(Piece::Kept(last)) = out.last_mut() {
        if last.end == range.start {
            last.end = range.end;
            return;
        }
    }
    out.push(Piece::Kept(range));
}

/// The provenance of the current text: its segments in reading order, with
/// indexes for lookups in both directions (binary search, not scans, so a
/// rule may ask once per line end of a large text).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    segs: Vec<Seg>,
    /// Current offset where each segment starts.
    starts: Vec<usize>,
    /// Indexes of the raw segments, sorted by raw offset.
    by_raw: Vec<usize>,
}

impl Provenance {
    /// Provenance of a text that is the raw input itself.
    pub fn identity(len: usize) -> Self {
        let mut p = Provenance::default();
        p.push(Seg {
            len,
            src: Src::Raw(0),
        });
        p.index()
    }

    fn index(mut self) -> Self {
        let mut pos = 0;
        self.starts = self
            .segs
            .iter()
            .map(|s| {
                let start = pos;
                pos += s.len;
                start
            })
            .collect();
        self.by_raw = (0..self.segs.len())
            .filter(|&i| matches!(self.segs[i].src, Src::Raw(_)))
            .collect();
        self.by_raw.sort_by_key(|&i| raw_start(&self.segs[i]));
        self
    }

    pub fn segs(&self) -> &[Seg] {
        &self.segs
    }

    fn push(&mut self, seg: Seg) {
        if seg.len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            let merged = match (last.src, seg.src) {
                (Src::Raw(a), Src::Raw(b)) => a + last.len == b,
                (Src::Inserted(a), Src::Inserted(b)) => a == b,
                _ => false,
            };
            if merged {
                last.len += seg.len;
                return;
            }
        }
        self.segs.push(seg);
    }

    /// Calls `f(current_start, seg)` for each segment overlapping `range`,
    /// with the segment cut to the range.
    fn for_each_in(&self, range: Range<usize>, mut f: impl FnMut(usize, Seg)) {
        if range.is_empty() {
            return;
        }
        let first = self
            .starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        for (seg, &pos) in self.segs[first..].iter().zip(&self.starts[first..]) {
            let end = pos + seg.len;
            if end > range.start && pos < range.end {
                let from = range.start.max(pos);
                let to = range.end.min(end);
                let src = match seg.src {
                    Src::Raw(r) => Src::Raw(r + (from - pos)),
                    ins => ins,
                };
                f(
                    from,
                    Seg {
                        len: to - from,
                        src,
                    },
                );
            }
            if end >= range.end {
                break;
            }
        }
    }

    /// Is the current text in `range` the raw text `raw` with nothing but
    /// deletions in between: raw pieces in raw order, no inserted text,
    /// and every raw byte between two pieces gone from the text (deleted,
    /// not moved elsewhere)?
    pub fn is_raw_less_deletions(&self, range: Range<usize>, raw: &Range<usize>) -> bool {
        let mut next = raw.start;
        let mut ok = true;
        self.for_each_in(range, |_, seg| match seg.src {
            Src::Raw(r) if r >= next && r + seg.len <= raw.end => {
                ok &= (next..r).all(|b| self.current_of_raw(b).is_none());
                next = r + seg.len;
            }
            _ => ok = false,
        });
        ok && next == raw.end
    }

    /// The raw byte ranges that the current `range` was copied from, in reading order.
    pub fn raw_ranges(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        self.for_each_in(range, |_, seg| {
            if let Src::Raw(r) = seg.src {
                match out.last_mut() {
                    Some(last) if last.end == r => last.end = r + seg.len,
                    _ => out.push(r..r + seg.len),
                }
            }
        });
        out
    }

    /// The raw offset that best stands for the current position `pos`: the raw
    /// end of the nearest raw byte before it, else the raw start of the next one.
    pub fn raw_point(&self, pos: usize) -> usize {
        let i = self.starts.partition_point(|&s| s < pos);
        // Segments before `pos`, nearest first: does one of them end in raw text?
        for j in (0..i).rev() {
            if let Src::Raw(r) = self.segs[j].src {
                let offset = (pos - self.starts[j]).min(self.segs[j].len);
                return r + offset;
            }
        }
        self.segs[i..]
            .iter()
            .find_map(|s| match s.src {
                Src::Raw(r) => Some(r),
                Src::Inserted(_) => None,
            })
            .unwrap_or(0)
    }

    /// The current position of the raw byte `raw`, if it is still in the text.
    pub fn current_of_raw(&self, raw: usize) -> Option<usize> {
        let k = self
            .by_raw
            .partition_point(|&i| raw_start(&self.segs[i]) <= raw)
            .checked_sub(1)?;
        let i = self.by_raw[k];
        let start = raw_start(&self.segs[i]);
        (raw < start + self.segs[i].len).then(|| self.starts[i] + raw - start)
    }

    /// The provenance of the text made of `pieces` of the current text.
    pub fn compose(&self, pieces: &[Piece<'_>], rule: &'static str) -> Provenance {
        let mut next = Provenance::default();
        for piece in pieces {
            match piece {
                Piece::Kept(range) => self.for_each_in(range.clone(), |_, seg| next.push(seg)),
                Piece::Inserted(s) => next.push(Seg {
                    len: s.len(),
                    src: Src::Inserted(rule),
                }),
            }
        }
        next.index()
    }

    /// Every raw range that is present in the current text, sorted.
    pub fn kept_raw(&self) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = self
            .segs
            .iter()
            .filter_map(|s| match s.src {
                Src::Raw(r) => Some(r..r + s.len),
                Src::Inserted(_) => None,
            })
            .collect();
        out.sort_by_key(|r| r.start);
        out
    }
}

fn raw_start(seg: &Seg) -> usize {
    match seg.src {
        Src::Raw(r) => r,
        Src::Inserted(_) => usize::MAX,
    }
}

/// Builds the text made of `pieces` of `text`.
pub fn render(text: &str, pieces: &[Piece<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces {
        match piece {
            Piece::Kept(r) => out.push_str(&text[r.clone()]),
            Piece::Inserted(s) => out.push_str(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edits: &[Edit]) -> String {
        render(text, &pieces(text, edits).unwrap())
    }

    #[test]
    fn replace_delete_insert() {
        let edits = [
            Edit::replace(0..1, "A"),
            Edit::delete(2..3),
            Edit::replace(5..5, "!"),
        ];
        assert_eq!(apply("abcde", &edits), "Abde!");
    }

    #[test]
    fn move_forward_and_back() {
        assert_eq!(
            apply("abcdef", &[Edit::Move { range: 0..2, to: 4 }]),
            "cdabef"
        );
        assert_eq!(
            apply("abcdef", &[Edit::Move { range: 4..6, to: 1 }]),
            "aefbcd"
        );
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let edits = [Edit::delete(0..3), Edit::delete(2..4)];
        assert_eq!(pieces("abcdef", &edits), Err(EditError::Overlap(2)));
    }

    #[test]
    fn provenance_follows_moves() {
        let raw = "abcdef";
        let edits = [Edit::Move { range: 0..2, to: 4 }];
        let ps = pieces(raw, &edits).unwrap();
        let prov = Provenance::identity(raw.len()).compose(&ps, "T1");
        assert_eq!(prov.raw_ranges(0..6), vec![2..4, 0..2, 4..6]);
        assert_eq!(prov.current_of_raw(0), Some(2));
    }

    #[test]
    fn inserted_text_has_no_raw_range() {
        let raw = "abc";
        let edits = [Edit::replace(1..2, "XY")];
        let ps = pieces(raw, &edits).unwrap();
        let prov = Provenance::identity(3).compose(&ps, "T1");
        assert_eq!(prov.raw_ranges(0..4), vec![0..1, 2..3]);
        assert_eq!(prov.raw_point(1), 1);
        assert_eq!(prov.kept_raw(), vec![0..1, 2..3]);
    }
}
