//! The document's own words: a pair of Han characters it writes
//! [`MIN_REPEATS`] times, counting those a rule's edits make.
//!
//! A word the page writes elsewhere is evidence that a slip breaking it
//! here is one (`格时` on a page of `格式`), and a rule may then replace on
//! less evidence from the words around. But its edits write the word too:
//! counted on the text as it stands, a second run would find more of
//! each word than the first did, and make what the first held back. So
//! the rule counts, with the words written, every word its proposals would
//! make (a worklist over them, [`words_made`]); a second run then counts
//! no more than the first.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::rules::Document;

/// Two Han characters, as a word the text writes or an edit makes.
pub type Word = (char, char);

/// Times a document must write a pair of Han characters for it to be the
/// document's own word: twice. A typist's wrong pick is one slip; the
/// damage `emend-score misreads` counted (`显式` offered as `显示` in two
/// documents, `充份` as `充分`) stood twice or more in each.
pub const MIN_REPEATS: u32 = 2;

/// An edit a rule may make, before it knows whether the document's words
/// back it.
pub struct Proposal {
    /// The words the edit makes.
    pub words: Vec<Word>,
    /// Is it made on the words around alone, whatever the document writes?
    pub by_itself: bool,
}

/// Does the document write `word` [`MIN_REPEATS`] times, counting those
/// `made`?
pub fn is_the_documents(document: &Document<'_>, made: &HashMap<Word, u32>, word: Word) -> bool {
    let made = made.get(&word).copied().unwrap_or(0);
    document.han_pair_count(word.0, word.1) + made >= MIN_REPEATS
}

/// No words made.
static NONE: LazyLock<HashMap<Word, u32>> = LazyLock::new(HashMap::new);

/// The words the proposals anywhere in the text make ([`words_made`],
/// counted once a rule run over the whole text by `proposals`), when a
/// candidate needs them: when one of `needing` (the words of each
/// candidate that only the document's words could back) holds words of
/// which none is written [`MIN_REPEATS`] times already. Otherwise none:
/// most blocks have no such candidate, and counting the whole text's
/// costs as much again as the rule.
pub fn made_when_needed<'d, 'w>(
    document: &'d Document<'_>,
    mut needing: impl Iterator<Item = &'w [Word]>,
    proposals: impl FnOnce(&str) -> Vec<Proposal>,
) -> &'d HashMap<Word, u32> {
    let unsettled = |words: &[Word]| {
        !words.is_empty() && !words.iter().any(|&w| is_the_documents(document, &NONE, w))
    };
    if needing.any(unsettled) {
        document.words_made(|whole| words_made(&proposals(whole), document))
    } else {
        &NONE
    }
}

/// How many times the proposals made make each word: those made by
/// themselves, then every one a word of which the document writes
/// [`MIN_REPEATS`] times, counting the words made, until no more qualify.
/// Each proposal waits on its words and is looked at again only when one
/// of them is made: linear in the proposals. Counting a proposal a rule
/// then holds back (or only suggests) errs on the safe side: a second run
/// counts at most what the first did.
pub fn words_made(proposals: &[Proposal], document: &Document<'_>) -> HashMap<Word, u32> {
    let mut made: HashMap<Word, u32> = HashMap::new();
    let mut taken = vec![false; proposals.len()];
    let mut waiting: HashMap<Word, Vec<usize>> = HashMap::new();
    let mut ready: Vec<usize> = Vec::new();
    for (i, p) in proposals.iter().enumerate() {
        if p.by_itself
            || p.words
                .iter()
                .any(|&w| is_the_documents(document, &made, w))
        {
            ready.push(i);
        } else {
            p.words
                .iter()
                .for_each(|&w| waiting.entry(w).or_default().push(i));
        }
    }
    while let Some(i) = ready.pop() {
        if std::mem::replace(&mut taken[i], true) {
            continue;
        }
        for &w in &proposals[i].words {
            *made.entry(w).or_insert(0) += 1;
            if is_the_documents(document, &made, w) {
                ready.extend(waiting.remove(&w).unwrap_or_default());
            }
        }
    }
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_made_count_as_written() {
        // One document word (`甲乙`) and three proposals: the first is made
        // by itself; the second rests on the word written once and made
        // once, so it is made too; the third's word nothing writes.
        let document = Document::new("甲乙");
        let proposal = |by_itself, word| Proposal {
            words: vec![word],
            by_itself,
        };
        let proposals = [
            proposal(true, ('甲', '乙')),
            proposal(false, ('甲', '乙')),
            proposal(false, ('丙', '乙')),
        ];
        let made = words_made(&proposals, &document);
        assert_eq!(made.get(&('甲', '乙')), Some(&2));
        assert_eq!(made.get(&('丙', '乙')), None);
        // Without the one made by itself, nothing backs the others.
        assert!(words_made(&proposals[1..], &document).is_empty());
    }
}
