use crate::chars::{is_cjk_punct, is_halfwidth_cjk_substitute, is_han};
use crate::lexicon::word_boundaries;
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

/// Share of a line's Han pairs that must be one space apart. Chinese prose
/// has none; a list of two-character names (`张三 李四 王五`) has 2 of 5
/// (40 %), a word-segmented line about half; tesseract's letter-spaced
/// output has nearly all, less the pairs it reads as one word (`当前`).
const MIN_SPACED_SHARE: f64 = 0.7;
/// Share of Han pairs that must be spaced for a block or a document to be
/// letter-spaced as a whole, and for a line inside one: "most".
/// tesseract keeps some two-character words together (`程序`, `建立`): in
/// the benchmark's ocr-nospace text (36 documents, 70–83 % of Han pairs
/// spaced per document, a few points less once line-end spaces are
/// joined) 14 % of the lines with five or more Han pairs fall between 50 %
/// and 70 %, and 7 of 1 900 below 50 %. Word-segmented text (about 60 %)
/// counts as letter-spaced too; prose has none, name lists 40 %.
const MIN_SPACED_SHARE_IN_SPACED_DOCUMENT: f64 = 0.5;
/// Spaced pairs that make a line letter-spaced on its own evidence: a
/// deliberately spaced title (`目 录`, `第 一 章`) has a few, a printed line
/// of letter-spaced OCR (18–40 characters) has many.
const MIN_SPACED_ALONE: usize = 10;
/// Spaced pairs a line needs when its block or document is letter-spaced
/// as a whole (a paragraph's short last line: `权 限 和 大 小 。`).
const MIN_SPACED_IN_SPACED_DOCUMENT: usize = 1;
/// Han characters one space apart in a row that make a stretch of a line
/// letter-spaced whatever the rest of it does: `pdftotext -raw` spreads
/// the glyphs of one stretch of a justified line (`中 的 脚 本 求 值 而 不
/// 是 输 出 一 个 提 示 符。变量 tcl_prompt2 以类似的…`, 16 in a row, a
/// third of the line's pairs). Prose has no such run; word-segmented text
/// has two-character words among its single ones (`我 爱 北京 天安门`),
/// and a spaced title is a few characters (`第 一 章`).
const MIN_SPACED_RUN: usize = 10;
/// Wide gaps (two or more spaces) in a row, each before a single Han
/// character, that make a stretch of a line spread out: OCR of a
/// justified line whose last characters the typesetter spread over the
/// width (`Apple，    可    以    从`, `效    果，    那    么    从`).
/// A form's gaps stand between words (`姓名    张三`), verse's between
/// phrases, and a single spaced-out word has one or two (`目    录`).
const MIN_SPREAD_GAPS: usize = 3;
/// Han pairs a document needs before its share says anything.
const MIN_DOCUMENT_PAIRS: usize = 20;
/// Share of its spaced Han pairs that fall inside a dictionary word (jieba's
/// segmentation of the text read without the spaces) in the least of the
/// benchmark's letter-spaced OCR documents: tesseract's `ocr-nospace` text
/// keeps some words whole but splits others, 0.26 to 0.37 of its spaces
/// per document. Text its author spaced between words splits few: Debian's
/// manpages-zh has word-segmented pages at 0.01 (`open.2`), 0.03
/// (`emacs.1`) and 0.10 (`chroot.1`, 42 spaced pairs), and
/// pages spaced between every character at 0.45 and 0.47.
const OCR_SPLIT_SHARE: f64 = 0.26;
/// Standard deviations below `OCR_SPLIT_SHARE` of the spaced pairs that a
/// document's count of split words must fall to read as spaced between
/// words: a letter-spaced OCR document falls that low by chance less than
/// once in a hundred, and a document needs 18 spaced pairs before even a
/// count of none can.
const CHANCE_DEVIATIONS: f64 = 2.5;
/// Spaced pairs read for that count: enough to tell, and a bound on the
/// segmenting the test costs on a long document.
const MAX_SAMPLED_PAIRS: usize = 5_000;

declare_rule! {
    /// ## What it does
    /// In a letter-spaced line — most adjacent Han characters one space
    /// apart — removes the spaces between Chinese characters and
    /// punctuation. A space between Chinese and Latin text or digits goes
    /// too when the document elsewhere writes them without one.
    ///
    /// ## Why the defect happens
    /// OCR engines that treat every Han character as a word (tesseract
    /// with `preserve_interword_spaces=0`) and PDF extraction of justified
    /// lines, where the glyphs were spread apart, put a space between
    /// characters: `目 录 包 含 了 当前`.
    ///
    /// ## Example
    /// `目 录 包 含 了 当 前 目 录 下 的 文 件 。` becomes
    /// `目录包含了当前目录下的文件。`; in a document that writes
    /// `使用shell脚本` elsewhere, `使 用 shell 脚 本` becomes `使用shell脚本`.
    ///
    /// ## Fix safety
    /// Safe. A line counts as letter-spaced when at least 70 % of its Han
    /// pairs are one space apart and it has at least 10 such pairs, or
    /// when at least half are (and at least one) in a block or document
    /// that is letter-spaced as a whole (half of its Han pairs spaced). In
    /// any other line, only a run of at least 10 Han characters each one
    /// space from the next loses its spaces (the stretch of a justified
    /// line that `pdftotext -raw` spread apart). Three or more wide gaps
    /// (two or more spaces) in a row, each before a single Han character,
    /// go too (`Apple，    可    以    从`: the spread end of a justified
    /// line as OCR reads it), unless a line next to it has wide gaps too (a
    /// table, a calendar); a form's gaps between words stay.
    /// A document whose spaces fall between words (`我 爱 北京 天安门`)
    /// keeps them: spaces a word-segmented text's author or segmenter set
    /// split few dictionary words, where letter-spacing splits a word at
    /// every other space or more (jieba's segmentation of the text read
    /// without them; `OCR_SPLIT_SHARE`, `CHANCE_DEVIATIONS`). Name lists
    /// (`张三 李四 王五`), verse with spaces between phrases and spaced
    /// titles (`目 录`) stay as they are, unless the whole document is
    /// letter-spaced.
    pub struct LetterSpacing {
        code: "R106",
        name: "letter-spacing",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Remove the spaces between the characters of letter-spaced lines",
    }
}

impl Rule for LetterSpacing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let text = input.text;
        let lines: Vec<(usize, &str)> = lines_with_offsets(text).collect();
        let counts: Vec<HanPairs> = lines.iter().map(|(_, l)| HanPairs::of(l)).collect();
        let document = counts.iter().fold(HanPairs::default(), HanPairs::add);
        let spaced_document = document.total() >= MIN_DOCUMENT_PAIRS
            && document.spaced_share() >= MIN_SPACED_SHARE_IN_SPACED_DOCUMENT;
        let block_of = block_totals(&lines, &counts);
        let between_words = spaced_between_words(&lines);
        let spaced: Vec<bool> = counts
            .iter()
            .zip(&block_of)
            .map(|(c, block)| {
                !between_words && c.letter_spaced(spaced_document || block.spaced_region())
            })
            .collect();
        let latin_tight = latin_written_tight(&lines, &spaced);
        let mut edits = Vec::new();
        let gapped: Vec<bool> = lines.iter().map(|(_, l)| l.trim().contains("  ")).collect();
        for (i, (&(start, line), &spaced)) in lines.iter().zip(&spaced).enumerate() {
            let spaces = if spaced {
                spaces_to_remove(line, latin_tight)
            } else {
                spaces_in_spaced_runs(line)
            };
            edits.extend(
                spaces
                    .into_iter()
                    .map(|at| Edit::delete(start + at..start + at + 1)),
            );
            // A line among lines with gaps of their own is a row of a table
            // or a calendar (`日    一    二`), not a justified line's end.
            let in_a_table =
                (i > 0 && gapped[i - 1]) || gapped.get(i + 1).copied().unwrap_or(false);
            let gaps = if in_a_table {
                Vec::new()
            } else {
                spread_gaps(line)
            }
            .into_iter();
            edits.extend(gaps.map(|gap| Edit::delete(start + gap.start..start + gap.end)));
        }
        Output::edits(edits)
    }
}

/// The lines of `text` (without their line endings) and their byte offsets.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

/// Were the document's spaces between Han characters set between words,
/// by its author or a segmenter, rather than between letters? Fewer of them
/// fall inside a dictionary word than letter-spaced OCR's least share,
/// `OCR_SPLIT_SHARE`, less `CHANCE_DEVIATIONS` standard deviations of a
/// count of that many spaces.
fn spaced_between_words(lines: &[(usize, &str)]) -> bool {
    let (mut inside, mut spaced) = (0, 0);
    for (_, line) in lines {
        let (line_inside, line_spaced) = spaces_inside_words(line);
        inside += line_inside;
        spaced += line_spaced;
        if spaced >= MAX_SAMPLED_PAIRS {
            break;
        }
    }
    let n = spaced as f64;
    let spread = (n * OCR_SPLIT_SHARE * (1.0 - OCR_SPLIT_SHARE)).sqrt();
    (inside as f64) < OCR_SPLIT_SHARE * n - CHANCE_DEVIATIONS * spread
}

/// A line's single spaces between two Han characters, and how many of
/// them fall inside a word of jieba's segmentation of the line read
/// without them: `(inside a word, all)`.
fn spaces_inside_words(line: &str) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let mut joined = String::with_capacity(line.len());
    // Where each space stood, as a byte offset into `joined`.
    let mut gaps = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_han =
            i > 0 && is_han(chars[i - 1]) && chars.get(i + 1).is_some_and(|&n| is_han(n));
        if c == ' ' && between_han {
            gaps.push(joined.len());
        } else {
            joined.push(c);
        }
    }
    if gaps.is_empty() {
        return (0, 0);
    }
    let boundaries = word_boundaries(&joined);
    let inside = gaps
        .iter()
        .filter(|gap| boundaries.binary_search(gap).is_err())
        .count();
    (inside, gaps.len())
}

/// For each line, the pairs of its whole block (lines between blank lines).
fn block_totals(lines: &[(usize, &str)], counts: &[HanPairs]) -> Vec<HanPairs> {
    let mut out = vec![HanPairs::default(); lines.len()];
    let mut start = 0;
    for end in 0..=lines.len() {
        if end == lines.len() || lines[end].1.trim().is_empty() {
            let total = counts[start..end]
                .iter()
                .fold(HanPairs::default(), HanPairs::add);
            out[start..end].fill(total);
            start = end + 1;
        }
    }
    out
}

/// Pairs of Han characters in a line: one space apart, or adjacent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct HanPairs {
    spaced: usize,
    adjacent: usize,
}

impl HanPairs {
    fn of(line: &str) -> Self {
        let chars: Vec<char> = line.chars().collect();
        let mut pairs = HanPairs::default();
        for (i, &c) in chars.iter().enumerate() {
            if !is_han(c) {
                continue;
            }
            match (chars.get(i + 1), chars.get(i + 2)) {
                (Some(&n), _) if is_han(n) => pairs.adjacent += 1,
                (Some(' '), Some(&n)) if is_han(n) => pairs.spaced += 1,
                _ => {}
            }
        }
        pairs
    }

    fn add(self, other: &HanPairs) -> HanPairs {
        HanPairs {
            spaced: self.spaced + other.spaced,
            adjacent: self.adjacent + other.adjacent,
        }
    }

    fn total(&self) -> usize {
        self.spaced + self.adjacent
    }

    fn spaced_share(&self) -> f64 {
        self.spaced as f64 / self.total().max(1) as f64
    }

    /// Is a block letter-spaced as a whole: most of its Han pairs spaced,
    /// and as many as a line needs on its own evidence?
    fn spaced_region(&self) -> bool {
        self.spaced >= MIN_SPACED_ALONE
            && self.spaced_share() >= MIN_SPACED_SHARE_IN_SPACED_DOCUMENT
    }

    fn letter_spaced(&self, in_spaced_document: bool) -> bool {
        let (enough, share) = if in_spaced_document {
            (
                MIN_SPACED_IN_SPACED_DOCUMENT,
                MIN_SPACED_SHARE_IN_SPACED_DOCUMENT,
            )
        } else {
            (MIN_SPACED_ALONE, MIN_SPACED_SHARE)
        };
        self.spaced >= enough && self.spaced_share() >= share
    }
}

/// Chinese text for this rule: Han, CJK punctuation, or a half-width mark
/// standing in for Chinese punctuation (`格 式, 请 在`).
fn chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c) || is_halfwidth_cjk_substitute(c)
}

/// Does the document, outside its letter-spaced lines, write Han next to
/// Latin letters or digits without a space more often than with one?
/// Without such evidence the space between them stays.
fn latin_written_tight(lines: &[(usize, &str)], spaced: &[bool]) -> bool {
    let (mut tight, mut loose) = (0, 0);
    for ((_, line), _) in lines.iter().zip(spaced).filter(|(_, &s)| !s) {
        let chars: Vec<char> = line.chars().collect();
        for (i, pair) in chars.windows(2).enumerate() {
            if han_beside_latin(pair[0], pair[1]) {
                tight += 1;
            } else if pair[1] == ' '
                && chars
                    .get(i + 2)
                    .is_some_and(|&n| han_beside_latin(pair[0], n))
            {
                loose += 1;
            }
        }
    }
    tight > loose
}

fn han_beside_latin(a: char, b: char) -> bool {
    (is_han(a) && b.is_ascii_alphanumeric()) || (a.is_ascii_alphanumeric() && is_han(b))
}

/// Byte offsets, in `line`, of the single spaces to remove: between two
/// Chinese characters, and between Chinese and Latin when the document
/// writes them tight.
fn spaces_to_remove(line: &str, latin_tight: bool) -> Vec<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    (1..chars.len().saturating_sub(1))
        .filter(|&i| {
            let (prev, (_, c), next) = (chars[i - 1].1, chars[i], chars[i + 1].1);
            c == ' '
                && ((chinese(prev) && chinese(next))
                    || (latin_tight && han_beside_latin(prev, next)))
        })
        .map(|i| chars[i].0)
        .collect()
}

/// Byte offsets, in `line`, of the spaces inside runs of at least
/// `MIN_SPACED_RUN` Han characters each one space from the next.
fn spaces_in_spaced_runs(line: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new(); // spaces of the current run
    let mut i = 0;
    while i < chars.len() {
        let spaced_pair = is_han(chars[i].1)
            && chars.get(i + 1).is_some_and(|&(_, c)| c == ' ')
            && chars.get(i + 2).is_some_and(|&(_, c)| is_han(c));
        if spaced_pair {
            run.push(chars[i + 1].0);
            i += 2;
            continue;
        }
        // The run's characters are its spaces plus one.
        if run.len() + 1 >= MIN_SPACED_RUN {
            out.append(&mut run);
        }
        run.clear();
        i += 1;
    }
    out
}

/// Byte ranges, in `line`, of the wide gaps of spread-out stretches: at
/// least `MIN_SPREAD_GAPS` runs of two or more spaces in a row, each after
/// Chinese text and before a single Han character (with the punctuation
/// that follows it).
fn spread_gaps(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut run: Vec<std::ops::Range<usize>> = Vec::new();
    let mut tokens = tokens_with_gaps(line).peekable();
    while let Some((token, gap)) = tokens.next() {
        let next = tokens.peek().map(|(t, _)| *t);
        let spread = gap.as_ref().is_some_and(|g| g.len() >= 2)
            && token.chars().next_back().is_some_and(chinese)
            && next.is_some_and(single_han_with_punct);
        match gap {
            Some(gap) if spread => run.push(gap),
            _ => {
                if run.len() >= MIN_SPREAD_GAPS {
                    out.append(&mut run);
                }
                run.clear();
            }
        }
    }
    if run.len() >= MIN_SPREAD_GAPS {
        out.append(&mut run);
    }
    out
}

/// The space-separated tokens of `line`, each with the byte range of the
/// spaces after it (`None` for the last).
fn tokens_with_gaps(line: &str) -> impl Iterator<Item = (&str, Option<std::ops::Range<usize>>)> {
    let mut at = line.len() - line.trim_start_matches(' ').len();
    std::iter::from_fn(move || {
        if at >= line.len() {
            return None;
        }
        let end = line[at..].find(' ').map_or(line.len(), |i| at + i);
        let gap_end = end + (line.len() - end - line[end..].trim_start_matches(' ').len());
        let token = &line[at..end];
        let gap = (gap_end > end && gap_end < line.len()).then_some(end..gap_end);
        at = gap_end;
        Some((token, gap))
    })
}

/// One Han character, and perhaps the punctuation after it (`果，`).
fn single_han_with_punct(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(is_han) && chars.all(is_cjk_punct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_spaced_line_has_most_han_pairs_spaced() {
        assert!(
            HanPairs::of("目 录 包 含 了 当前 目 录 下 的 文 件 和 子 目 录").letter_spaced(false)
        );
        assert!(!HanPairs::of("张三 李四 王五 赵六 钱七 孙八").letter_spaced(false));
        assert!(!HanPairs::of("目 录").letter_spaced(false));
        assert!(HanPairs::of("目 录").letter_spaced(true));
    }

    #[test]
    fn spaces_set_between_words_are_told_from_letter_spacing() {
        let segmented = "程序 启动 以后 会 读取 用户 目录 下面 的 配置 文件 ， 如果 文件 不 存在 ， 就 使用 默认 的 设置 。 管理员 可以 修改 系统 范围 的 配置 ， 也 可以 为 每个 用户 单独 设置 不同 的 选项 。 这 份 说明 介绍 如何 安装 和 配置 这个 程序 。";
        assert!(spaced_between_words(&[(0, segmented)]));
        // The same words, a space between every two characters.
        let letters: String = segmented
            .chars()
            .filter(|&c| c != ' ')
            .flat_map(|c| [c, ' '])
            .collect();
        assert!(!spaced_between_words(&[(0, letters.trim_end())]));
        // Too few spaces to tell: letter-spacing as before.
        assert!(!spaced_between_words(&[(0, "我 爱 北京 天安门")]));
    }

    #[test]
    fn a_spread_out_stretch_loses_its_gaps() {
        let line = "Apple，    可    以    从";
        let gaps = spread_gaps(line);
        assert_eq!(gaps.len(), 3);
        let kept: String = line
            .char_indices()
            .filter(|(i, _)| !gaps.iter().any(|g| g.contains(i)))
            .map(|(_, c)| c)
            .collect();
        assert_eq!(kept, "Apple，可以从");
        assert_eq!(spread_gaps("效     果，      那     么     从").len(), 4);
        // A form, a spaced word and verse keep their gaps.
        assert!(spread_gaps("姓名    张三    性别    男").is_empty());
        assert!(spread_gaps("目    录").is_empty());
        assert!(spread_gaps("春眠不觉晓    处处闻啼鸟").is_empty());
        assert!(spread_gaps("是 否 有 效").is_empty());
    }

    #[test]
    fn a_long_run_of_spaced_characters_loses_its_spaces() {
        let line = "中 的 脚 本 求 值 而 不 是 输 出 一 个 提 示 符。变量 x 以类似的方式用在键入了换行而当前命令却不完整的时候";
        assert!(!HanPairs::of(line).letter_spaced(false));
        assert_eq!(spaces_in_spaced_runs(line).len(), 15);
        assert!(spaces_in_spaced_runs("第 一 章 总 则").is_empty());
        assert!(spaces_in_spaced_runs(
            "我 爱 北京 天安门 ， 天安门 上 太阳 升 ， 伟大 领袖 指引 我们 前进"
        )
        .is_empty());
    }
}
