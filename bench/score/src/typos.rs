//! Injected typos: misread and mistyped Han characters put into the
//! scoring half's ground truths, and how many of them a command puts back.
//!
//! The real OCR variants carry misread characters, but too few, and the
//! corpus has no human typos at all. Here each case is one ground truth of
//! the scoring half (`bench/confusions/split.txt`) with typos of one
//! [`Kind`] at known places, so [`score`] can count, per kind, the typos a
//! command corrected (recall) and how many of the characters it changed
//! were corrections (precision).
//!
//! The generator draws from tables it builds itself, never from the
//! detector's: sound-alikes from the `pinyin` crate's readings of the
//! characters of the training half's ground truths, look-alikes from the
//! OCR misreadings counted on the training half (`bench/typos/ocr_pairs.tsv`,
//! every pair seen once or more). It is fixed before any tuning against it:
//! the same seed gives the same bytes ([`Rng`]), and a case depends only on
//! the seed, its document and its kind.

use crate::inject::Rng;
use crate::Corpus;
use pinyin::ToPinyin;
use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds of injected typo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A character typed for another of the same reading, tones aside (an
    /// input method's wrong candidate: `高校` → `高效`).
    SoundAlike,
    /// A character tesseract read for another (`末` → `未`).
    Lookalike,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::SoundAlike, Kind::Lookalike];

    pub fn name(self) -> &'static str {
        match self {
            Kind::SoundAlike => "sound-alike",
            Kind::Lookalike => "lookalike",
        }
    }
}

/// One typo: the `han`-th Han character of the text, `meant` in the
/// ground truth, `typo` in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Typo {
    pub han: usize,
    pub meant: char,
    pub typo: char,
}

/// A ground truth with typos of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct TypoCase {
    pub doc: String,
    pub kind: Kind,
    pub text: String,
    #[serde(skip)]
    pub truth: String,
    pub typos: Vec<Typo>,
}

/// How far apart two typos stand, at the fewest, in Han characters (11
/// between them): a typo's context (the words on either side) holds no
/// other typo.
const MIN_GAP: usize = 12;
/// Han characters of ground truth per typo: about one typo a page, as a
/// careless typist or a fair OCR page makes.
const HAN_PER_TYPO: usize = 400;
/// Draws before the generator stops looking for a place for a typo.
const ATTEMPTS: usize = 64;

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The characters each character may be replaced by, with weights.
#[derive(Debug, Default)]
pub struct Tables {
    /// The training half's Han characters, each with its count there.
    counts: BTreeMap<char, u64>,
    /// The training half's Han characters by their usual reading, tones
    /// aside.
    by_reading: BTreeMap<&'static str, Vec<char>>,
    look: BTreeMap<char, Vec<(char, u64)>>,
}

impl Tables {
    /// Sound-alikes: for any character, every Han character of the
    /// training half's ground truths whose usual reading is its own (tones
    /// aside), weighted by how often it occurs there (an input method
    /// offers the frequent candidates first). Look-alikes: `ocr_pairs`
    /// (`meant<TAB>misread<TAB>count` lines; `#` comments), weighted by
    /// count.
    pub fn build(train_texts: &[&str], ocr_pairs: &str) -> Tables {
        let mut counts: BTreeMap<char, u64> = BTreeMap::new();
        for text in train_texts {
            for c in text.chars().filter(|&c| is_han(c)) {
                *counts.entry(c).or_default() += 1;
            }
        }
        let mut by_reading: BTreeMap<&'static str, Vec<char>> = BTreeMap::new();
        for &c in counts.keys() {
            for reading in readings(c) {
                by_reading.entry(reading).or_default().push(c);
            }
        }
        let mut look: BTreeMap<char, Vec<(char, u64)>> = BTreeMap::new();
        for line in ocr_pairs.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            let (Some(meant), Some(misread), Some(n)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let (Some(meant), Some(misread), Ok(n)) = (
                meant.chars().next(),
                misread.chars().next(),
                n.trim().parse(),
            ) else {
                continue;
            };
            // A pair that is not Han on both sides would shift the Han
            // characters `score` compares place by place.
            if is_han(meant) && is_han(misread) {
                look.entry(meant).or_default().push((misread, n));
            }
        }
        Tables {
            counts,
            by_reading,
            look,
        }
    }

    /// What `c` may be replaced by, in character order, with weights.
    fn candidates(&self, kind: Kind, c: char) -> Vec<(char, u64)> {
        match kind {
            Kind::SoundAlike => {
                let mut alikes: Vec<(char, u64)> = readings(c)
                    .filter_map(|r| self.by_reading.get(r))
                    .flatten()
                    .filter(|&&d| d != c)
                    .map(|&d| (d, self.counts[&d]))
                    .collect();
                alikes.sort_unstable();
                alikes.dedup();
                alikes
            }
            Kind::Lookalike => self.look.get(&c).cloned().unwrap_or_default(),
        }
    }
}

/// A character's usual reading, tones aside (`行`: `xing`): what a typist
/// types for it, and what the input method offers it and its
/// sound-alikes for. (Rare readings, `于` as `xu`, make typos nobody makes.)
fn readings(c: char) -> impl Iterator<Item = &'static str> {
    c.to_pinyin().map(|p| p.plain()).into_iter()
}

/// The documents of one half of `split.txt` (`train` or `score`).
pub fn half(split: &str, which: &str) -> Vec<String> {
    split
        .lines()
        .filter_map(|l| l.strip_prefix(which)?.strip_prefix(' '))
        .map(|d| d.trim().to_string())
        .collect()
}

/// The cases: for every document named in `docs`, one per kind.
pub fn generate(corpus: &Corpus, docs: &[String], tables: &Tables, seed: u64) -> Vec<TypoCase> {
    let mut out = Vec::new();
    for doc in corpus.docs.iter().filter(|d| docs.contains(&d.name)) {
        for kind in Kind::ALL {
            let mut rng = Rng::for_key(seed, &format!("{}\u{0}{}", doc.name, kind.name()));
            out.push(inject(&doc.name, &doc.gt, kind, tables, &mut rng));
        }
    }
    out
}

/// One case: typos of `kind` at places drawn at random among the Han
/// characters that stand between two others and have a replacement.
fn inject(doc: &str, gt: &str, kind: Kind, tables: &Tables, rng: &mut Rng) -> TypoCase {
    let mut chars: Vec<char> = gt.chars().collect();
    // Each Han character's place among the characters, and whether it is
    // inside a run of Han text.
    let han: Vec<usize> = (0..chars.len()).filter(|&i| is_han(chars[i])).collect();
    let eligible: Vec<usize> = (1..han.len().saturating_sub(1))
        .filter(|&k| han[k - 1] + 1 == han[k] && han[k] + 1 == han[k + 1])
        .filter(|&k| !tables.candidates(kind, chars[han[k]]).is_empty())
        .collect();
    let wanted = (han.len() / HAN_PER_TYPO).max(1);
    let mut typos: Vec<Typo> = Vec::new();
    for _ in 0..wanted * ATTEMPTS {
        if typos.len() == wanted {
            break;
        }
        let Some(&k) = rng.pick(&eligible) else {
            break;
        };
        if typos.iter().any(|t| t.han.abs_diff(k) < MIN_GAP) {
            continue;
        }
        let meant = chars[han[k]];
        let typo = weighted(&tables.candidates(kind, meant), rng);
        chars[han[k]] = typo;
        typos.push(Typo {
            han: k,
            meant,
            typo,
        });
    }
    typos.sort_by_key(|t| t.han);
    TypoCase {
        doc: doc.to_string(),
        kind,
        text: chars.into_iter().collect(),
        truth: gt.to_string(),
        typos,
    }
}

/// One of `xs` with probability proportional to its weight.
fn weighted(xs: &[(char, u64)], rng: &mut Rng) -> char {
    let total: u64 = xs.iter().map(|&(_, w)| w).sum();
    let mut at = rng.next_u64() % total.max(1);
    for &(c, w) in xs {
        if at < w {
            return c;
        }
        at -= w;
    }
    xs[xs.len() - 1].0
}

/// What a command did to one case's typos.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub typos: usize,
    /// Typos put back to the ground truth's character.
    pub corrected: usize,
    /// Han characters changed to anything but the ground truth's.
    pub wrong: usize,
    /// The output holds another number of Han characters than the input:
    /// nothing is counted but the typos.
    pub length_changed: bool,
}

/// Compares the Han characters of the output with the case's, place by
/// place: a change to the ground truth's character is a correction, any
/// other change is wrong.
pub fn score(case: &TypoCase, output: &str) -> Outcome {
    let han = |s: &str| s.chars().filter(|&c| is_han(c)).collect::<Vec<char>>();
    let (input, out, truth) = (han(&case.text), han(output), han(&case.truth));
    let mut o = Outcome {
        typos: case.typos.len(),
        ..Outcome::default()
    };
    if out.len() != input.len() {
        o.length_changed = true;
        return o;
    }
    for i in (0..out.len()).filter(|&i| out[i] != input[i]) {
        if out[i] == truth[i] {
            o.corrected += 1;
        } else {
            o.wrong += 1;
        }
    }
    o
}

/// Runs `runner` on every case (`jobs` parallel runs, 0: rayon's
/// default) and scores each output, or says why the run failed.
pub fn run_cases(
    cases: &[TypoCase],
    runner: &crate::Runner,
    jobs: usize,
) -> Vec<Result<Outcome, String>> {
    use rayon::prelude::*;
    crate::with_pool(jobs, || {
        cases
            .par_iter()
            .map(|case| runner.run(&case.text).map(|out| score(case, &out)))
            .collect()
    })
}

/// Outcomes summed over cases.
pub fn total<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> (Outcome, usize) {
    let mut t = Outcome::default();
    let mut changed_length = 0;
    for o in outcomes {
        t.typos += o.typos;
        t.corrected += o.corrected;
        t.wrong += o.wrong;
        changed_length += usize::from(o.length_changed);
    }
    (t, changed_length)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUTH: &str =
        "这个程序读取文件的内容，然后把结果写到标准输出上。如果没有给出文件名，它就读取标准输入。";

    #[test]
    fn sound_alikes_share_a_reading_and_come_from_the_training_text() {
        let t = Tables::build(&["高校学生的效果和笑话，效率"], "");
        let alikes = |c: char| t.candidates(Kind::SoundAlike, c);
        // xiào: 校, 效 (twice) and 笑 are in the training text.
        assert_eq!(alikes('效'), vec![('校', 1), ('笑', 1)]);
        assert_eq!(alikes('校'), vec![('效', 2), ('笑', 1)]);
        // A character the training text lacks still gets its sound-alikes
        // from it; one whose reading nothing else has gets none; a rare
        // reading counts for nothing (`于` is read `xu` only in old texts).
        assert_eq!(alikes('孝'), vec![('效', 2), ('校', 1), ('笑', 1)]);
        let t = Tables::build(&["于是"], "");
        assert!(t.candidates(Kind::SoundAlike, '序').is_empty());
        assert!(alikes('高').is_empty());
    }

    #[test]
    fn the_same_seed_gives_the_same_case_and_the_truth_comes_back() {
        let t = Tables::build(&[TRUTH], "内\t肉\t2\n容\t客\t1\n");
        let mut a = Rng::for_key(1, "doc");
        let mut b = Rng::for_key(1, "doc");
        let x = inject("doc", TRUTH, Kind::Lookalike, &t, &mut a);
        let y = inject("doc", TRUTH, Kind::Lookalike, &t, &mut b);
        assert_eq!(x.text, y.text);
        assert_eq!(x.typos.len(), 1);
        let typo = &x.typos[0];
        assert!(matches!(
            (typo.meant, typo.typo),
            ('内', '肉') | ('容', '客')
        ));
        // The identity corrects nothing and changes nothing; the truth
        // corrects every typo.
        assert_eq!(
            score(&x, &x.text),
            Outcome {
                typos: 1,
                ..Outcome::default()
            }
        );
        assert_eq!(score(&x, TRUTH).corrected, 1);
        assert_eq!(score(&x, TRUTH).wrong, 0);
        // A change elsewhere is wrong; a lost character is a length change.
        let elsewhere = x.text.replacen('程', "陈", 1);
        assert_eq!(score(&x, &elsewhere).wrong, 1);
        assert!(score(&x, &x.text.replacen('程', "", 1)).length_changed);
    }
}
