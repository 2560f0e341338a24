use std::sync::LazyLock;

use crate::chars::is_han;
use crate::documents_words::{is_the_documents, made_when_needed, Proposal, Word};
use crate::lexicon::{has_word, replacement_gain};
use crate::rules::{declare_rule, sound_alikes, Document, Input, Output, Rule, RuleMeta, Score};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Puts back a Han character that OCR read as another: where a
    /// character is one tesseract is known to misread for another
    /// (`data/ocr_confusions.tsv`) and the words around it read clearly
    /// better with the other, it is replaced (`局动` → `启动`, `代蔡` →
    /// `代替`, `前绥` → `前缀`).
    ///
    /// ## Why the defect happens
    /// Characters that differ by a stroke or a component look alike at a
    /// scan's resolution; tesseract's model takes the likelier shape, and
    /// the word it breaks is not checked.
    ///
    /// ## Example
    /// `服务器会在后台局动` becomes `服务器会在后台启动`: `局动` is no word,
    /// `启动` is a frequent one.
    ///
    /// ## Fix safety
    /// Safe from `MIN_GAIN` nats, a suggestion from `MIN_SUGGEST_GAIN`:
    /// the score is the gain over `MIN_GAIN` (1.00 at 4.5 nats, suggested
    /// from 0.66), so `suggestion-threshold` moves the line.
    /// The pairs are the misreadings counted in the training half of the
    /// benchmark (`bench/confusions/count.py`, `split.txt`: tesseract's
    /// ocr-1col and ocr-2col text aligned with the ground truth), never
    /// typed in by hand. A pair seen only once is replaced only from
    /// `MIN_GAIN_SEEN_ONCE` nats and never suggested: such pairs include
    /// common characters that form words where they are right (`类`,
    /// `中`), and from `MIN_SUGGEST_GAIN` they damaged 16 correct
    /// characters of the scoring half's real OCR (`emend-score
    /// misreads`) and put back 2. The evidence is jieba's
    /// unigram model over the Han characters around the suspect, at most
    /// four on each side (`lexicon::replacement_gain`): on the 36 ground
    /// truths no replacement from the table gains more than 1.8 nats (the
    /// seed article: 2.6), while the misreadings in the training half's
    /// OCR gain 4.7 to 17.8. Where the word a replacement makes is one
    /// the document writes `documents_words::MIN_REPEATS` times (counting
    /// the words this rule's and `sound-alikes`' candidates anywhere in the
    /// text would make), any pair is applied from
    /// `MIN_GAIN_FOR_THE_DOCUMENTS_WORD` nats: a misread breaks a word the
    /// page uses (`间定` on a page of `指定`).
    /// Code is left alone.
    pub struct OcrMisreads {
        code: "R204",
        name: "ocr-misreads",
        stage: Words,
        kind: Repair,
        applicability: Safe,
        summary: "Han characters OCR misread as look-alikes, where the words show it",
    }
}

/// Nats a replacement must gain to be made: more than twice the most any
/// replacement from the table gains on the benchmark's clean ground truths
/// (1.8), and below the least a real misreading in the training half's
/// OCR gained (4.7 for `前绥` → `前缀` next to a space).
const MIN_GAIN: f64 = 4.5;
/// Nats from which a replacement is suggested: above anything correct
/// text showed, the ground truths (1.8) and the seed article (2.6, `文明文脉`
/// read as `文明支脉`).
const MIN_SUGGEST_GAIN: f64 = 3.0;

/// Times a pair must have been seen in the training half to be weighed
/// from `MIN_SUGGEST_GAIN` and applied from `MIN_GAIN`: a pair seen once
/// is weaker evidence that tesseract makes that misreading.
const MIN_COUNT_TO_SUGGEST: u32 = 2;
/// Nats a replacement by a pair seen once must gain, and then it is
/// applied: one and a half times the most such a pair gains on clean
/// text (5.3, `类` read as `为` in `易变类，`, and `中` as `串` in
/// `字符中`, on Debian's manpages-zh, 2.3 million characters, and the
/// benchmark's ground truths), where the pairs seen twice or more gain at
/// most 2.6 there.
const MIN_GAIN_SEEN_ONCE: f64 = 8.0;

/// Nats from which a replacement is applied, whatever its pair's count,
/// when the word it makes is the document's own (`documents_words`). Set
/// on the training half: injected look-alikes applied 27 → 38 of 64
/// (`emend-score typos --half train`), real OCR misreads put back
/// 140 → 149 of 264 (`emend-score misreads --half train`), nothing
/// damaged, and from 1.5 nats no more than 38 and 151, nothing damaged.
/// On manpages-zh's 710 pages and the 36 ground truths no replacement
/// the document's words back gains even 0.5 nats.
const MIN_GAIN_FOR_THE_DOCUMENTS_WORD: f64 = 3.0;

/// The confusion table: (misread, meant) pairs.
static CONFUSIONS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    TABLE
        .iter()
        .map(|&(misread, meant, _)| (misread, meant))
        .collect()
});

/// The confusion table with the times each pair was seen.
static TABLE: LazyLock<Vec<(char, char, u32)>> =
    LazyLock::new(|| parse_confusions(include_str!("../../data/ocr_confusions.tsv")));

/// The (misread, meant) pairs `ocr-misreads` may replace: what `check`'s
/// redundancy prefilter must count as one class.
pub fn confusions() -> &'static [(char, char)] {
    &CONFUSIONS
}

/// `misread<TAB>meant<TAB>count` lines; `#` lines are comments.
fn parse_confusions(table: &str) -> Vec<(char, char, u32)> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let misread = fields.next()?.chars().next()?;
            let meant = fields.next()?.chars().next()?;
            let count = fields.next()?.trim().parse().ok()?;
            Some((misread, meant, count))
        })
        .collect()
}

impl Rule for OcrMisreads {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let document = input.document;
        let candidates = candidates(text);
        // Only a candidate the words around do not carry needs them.
        let needing = candidates
            .iter()
            .filter(|c| !c.by_itself() && c.gain >= MIN_GAIN_FOR_THE_DOCUMENTS_WORD)
            .map(|c| c.words.as_slice());
        let made = made_when_needed(document, needing, |whole| proposals(whole, document));
        let mut out = Output::default();
        for c in candidates {
            let edit = Edit::replace(c.at..c.at + c.misread.len_utf8(), c.meant.to_string());
            let backed = c.gain >= MIN_GAIN_FOR_THE_DOCUMENTS_WORD
                && c.words.iter().any(|&w| is_the_documents(document, made, w));
            if backed {
                out.weigh(
                    vec![edit],
                    Score::of(c.gain, MIN_GAIN_FOR_THE_DOCUMENTS_WORD),
                );
            } else if c.by_itself() {
                out.weigh(vec![edit], Score::of(c.gain, MIN_GAIN));
            }
        }
        out
    }
}

/// A character of the table and the replacement that reads best: `gain`
/// nats likelier, by a pair seen `count` times, making the dictionary
/// words `words`.
struct Candidate {
    at: usize,
    misread: char,
    meant: char,
    gain: f64,
    count: u32,
    words: Vec<Word>,
}

impl Candidate {
    /// Is it weighed on the words around alone: from `MIN_SUGGEST_GAIN`
    /// for a pair seen `MIN_COUNT_TO_SUGGEST` times, from
    /// `MIN_GAIN_SEEN_ONCE` for one seen once?
    fn by_itself(&self) -> bool {
        let bar = if self.count >= MIN_COUNT_TO_SUGGEST {
            MIN_SUGGEST_GAIN
        } else {
            MIN_GAIN_SEEN_ONCE
        };
        self.gain >= bar
    }
}

/// The characters of `text` the table has, each with its best
/// replacement, where it gains at least the least of the bars.
fn candidates(text: &str) -> Vec<Candidate> {
    let least = MIN_SUGGEST_GAIN.min(MIN_GAIN_FOR_THE_DOCUMENTS_WORD);
    text.char_indices()
        .filter_map(|(at, misread)| {
            let (gain, meant, count) = TABLE
                .iter()
                .filter(|&&(m, _, _)| m == misread)
                .map(|&(_, meant, count)| (replacement_gain(text, at, meant), meant, count))
                .max_by(|a, b| a.0.total_cmp(&b.0))?;
            (gain >= least).then(|| Candidate {
                at,
                misread,
                meant,
                gain,
                count,
                words: words_made_at(text, at, misread, meant),
            })
        })
        .collect()
}

/// The dictionary words `meant` makes in place of `misread` at byte `at`,
/// with the Han character before and after it.
fn words_made_at(text: &str, at: usize, misread: char, meant: char) -> Vec<Word> {
    let before = text[..at].chars().next_back();
    let after = text[at + misread.len_utf8()..].chars().next();
    [before.map(|b| (b, meant)), after.map(|a| (meant, a))]
        .into_iter()
        .flatten()
        .filter(|&(a, b)| is_han(a) && is_han(b) && has_word(&format!("{a}{b}")))
        .collect()
}

/// Every edit that may make a word in the whole text, as proposals: this
/// rule's candidates (made by themselves when weighed on the words around
/// alone), and every candidate of `sound-alikes`, which runs after it and
/// whose suggestions, applied, write their words before a second run of
/// this rule reads them. Counted as made whatever becomes of them: a
/// second run then counts no more than the first.
fn proposals(whole: &str, document: &Document<'_>) -> Vec<Proposal> {
    let own = candidates(whole).into_iter().map(|c| Proposal {
        by_itself: c.by_itself(),
        words: c.words,
    });
    let sound_alikes = sound_alikes::proposals(whole, document)
        .into_iter()
        .map(|p| Proposal {
            by_itself: true,
            ..p
        });
    own.chain(sound_alikes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_says_where_it_comes_from_and_parses() {
        let table = include_str!("../../data/ocr_confusions.tsv");
        assert!(table.contains("bench/confusions/count.py"));
        assert!(
            table.contains("GFDL-1.2+"),
            "the licence of the text it was counted on"
        );
        assert!(!CONFUSIONS.is_empty());
        assert!(CONFUSIONS.contains(&('局', '启')));
    }

    #[test]
    fn a_word_the_document_writes_backs_a_weaker_misread() {
        let run = |text: &str| crate::clean(text, &crate::Options::default()).unwrap().text;
        // `间` for `指` was seen once in the training half: alone, the
        // words around do not gain enough for it.
        let slip = "如果间定了文件名，就读取它。\n";
        assert_eq!(run(slip), slip);
        // A page that writes `指定` twice shows the word it breaks.
        let page = "用选项指定目录。\n\n如果间定了文件名，就读取它。\n\n也可以指定多个。\n";
        assert_eq!(
            run(page),
            "用选项指定目录。\n\n如果指定了文件名，就读取它。\n\n也可以指定多个。\n"
        );
    }

    #[test]
    fn a_misread_that_breaks_a_word_is_put_back_and_a_word_is_not_touched() {
        let run = |text: &str| {
            let cleaned = crate::clean(text, &crate::Options::default()).unwrap();
            cleaned.text
        };
        assert_eq!(run("服务器会在后台局动。\n"), "服务器会在后台启动。\n");
        // `局` in its own words stays.
        assert_eq!(
            run("区市场监管局的局长发言。\n"),
            "区市场监管局的局长发言。\n"
        );
    }
}
