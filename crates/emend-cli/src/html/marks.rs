//! One pane's highlights as a flat list the page can paint in one pass.
//! Changes overlap (a move takes text a later rule deleted inside it) and
//! markers (a finding, a move's destination, a deletion in the cleaned
//! text) stand between characters; the page should not have to nest
//! elements or sort anything, so the list is cut here into pieces that
//! never overlap, in text order.

use std::ops::Range;

/// What a piece of a pane marks: an index into the document's changes or
/// findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Text a change took (raw pane) or wrote (cleaned pane).
    Change(usize),
    /// A finding's position.
    Finding(usize),
    /// Where a move put its text, seen in the raw pane.
    MoveTo(usize),
}

impl Mark {
    /// The page's number for the mark's kind (0 change, 1 finding, 2 a
    /// move's destination), and the index.
    pub fn kind(self) -> (u64, usize) {
        match self {
            Mark::Change(i) => (0, i),
            Mark::Finding(i) => (1, i),
            Mark::MoveTo(i) => (2, i),
        }
    }
}

/// One pane's marks before they are cut: ranges (possibly overlapping,
/// possibly empty: a marker between two characters).
#[derive(Default)]
pub struct Marks {
    items: Vec<(Range<usize>, Mark)>,
}

impl Marks {
    pub fn add(&mut self, range: Range<usize>, mark: Mark) {
        self.items.push((range, mark));
    }

    /// The marks as pieces that do not overlap, in text order: at each
    /// position first the markers standing there, then the range up to
    /// the next boundary, marked by the shortest range covering it (the
    /// most specific change: a deletion inside a move shows as the
    /// deletion). Ranges no mark covers are left out.
    pub fn flatten(mut self) -> Vec<(Range<usize>, Mark)> {
        self.items.sort_by_key(|(r, m)| (r.start, r.end, *m));
        let mut bounds: Vec<usize> = self
            .items
            .iter()
            .flat_map(|(r, _)| [r.start, r.end])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut out = Vec::new();
        let mut active: Vec<&(Range<usize>, Mark)> = Vec::new();
        let mut next = 0;
        for (i, &at) in bounds.iter().enumerate() {
            active.retain(|(r, _)| r.end > at);
            while let Some(item) = self.items.get(next).filter(|(r, _)| r.start == at) {
                if item.0.is_empty() {
                    out.push(item.clone());
                } else {
                    active.push(item);
                }
                next += 1;
            }
            let (Some(&end), Some(inner)) = (bounds.get(i + 1), shortest(&active)) else {
                continue;
            };
            out.push((at..end, inner));
        }
        out
    }
}

/// The mark of the shortest range among `active`.
fn shortest(active: &[&(Range<usize>, Mark)]) -> Option<Mark> {
    active
        .iter()
        .min_by_key(|(r, m)| (r.len(), *m))
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_marks_are_cut_and_markers_kept() {
        let mut marks = Marks::default();
        marks.add(0..10, Mark::Change(0));
        marks.add(4..5, Mark::Change(1));
        marks.add(7..7, Mark::Finding(0));
        marks.add(12..12, Mark::MoveTo(0));
        assert_eq!(
            marks.flatten(),
            vec![
                (0..4, Mark::Change(0)),
                (4..5, Mark::Change(1)),
                (5..7, Mark::Change(0)),
                (7..7, Mark::Finding(0)),
                (7..10, Mark::Change(0)),
                (12..12, Mark::MoveTo(0)),
            ]
        );
    }
}
