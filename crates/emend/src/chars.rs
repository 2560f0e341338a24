//! Character classes shared by the rules: what counts as Chinese text, as
//! Chinese punctuation, and how wide a character prints.

use unicode_width::UnicodeWidthChar;

/// A Han ideograph (CJK Unified Ideographs and their extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
        || is_radical_glyph(c)
}

/// A CJK radical (the Kangxi Radicals and CJK Radicals Supplement blocks).
/// Running text has them only where a PDF's font put one for the
/// ideograph it is drawn as, so they count as Han: the line model must
/// read `⼯⏎作` as it reads `工⏎作`, which `pdf-glyphs` makes of it.
pub fn is_radical_glyph(c: char) -> bool {
    // CJK Radicals Supplement (2E80–2EFF), then Kangxi Radicals (2F00–2FDF).
    matches!(c as u32, 0x2E80..=0x2FDF)
}

/// A format character that prints nothing and splits words: the soft
/// hyphen, the zero-width space, the word joiner, and U+FEFF inside text.
/// `invisible-marks` deletes them; the line model reads text without them.
pub fn is_invisible_mark(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// The unified ideograph a radical glyph is drawn as: its compatibility
/// decomposition when that is one Han character (every Kangxi radical,
/// and two supplement forms, `⺟` and `⻳`; Unicode's own data, through
/// `unicode-normalization`).
pub fn radical_ideograph(radical: char) -> Option<char> {
    if !is_radical_glyph(radical) {
        return None;
    }
    let mut mapped = Vec::new();
    unicode_normalization::char::decompose_compatible(radical, |c| mapped.push(c));
    match mapped[..] {
        [c] if is_han(c) && !is_radical_glyph(c) => Some(c),
        _ => None,
    }
}

/// Kana and Hangul: scripts that print full-width like Han.
fn is_other_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xAC00..=0xD7AF)
}

/// Full-width punctuation used in Chinese text (CJK Symbols and Punctuation,
/// the full-width forms of ASCII punctuation, and the curly quotes, dashes
/// and ellipsis that Chinese typesetting prints full-width).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3001..=0x3006 | 0x3008..=0x303F | 0xFE30..=0xFE4F)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '・')
        || is_fullwidth_punct(c)
}

/// A full-width form of an ASCII punctuation mark (U+FF01..U+FF5E, not letters or digits).
pub fn is_fullwidth_punct(c: char) -> bool {
    matches!(c as u32, 0xFF01..=0xFF5E) && !is_fullwidth_alnum(c)
}

/// A full-width Latin letter or digit (`Ａ`, `１`).
pub fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c as u32, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
}

/// A character of Chinese (or other CJK) running text: letters and full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_other_cjk_letter(c) || is_cjk_punct(c)
}

/// Half-width punctuation that OCR and PDF extraction put where Chinese text
/// had full-width marks; next to Chinese text it counts as Chinese punctuation.
pub fn is_halfwidth_cjk_substitute(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '"')
}

/// Chinese text on one side of a break: a CJK character or punctuation, or a
/// half-width mark standing in for Chinese punctuation.
pub fn is_chinese_side(c: char) -> bool {
    is_cjk(c) || is_halfwidth_cjk_substitute(c)
}

/// Punctuation that ends or divides a sentence (`。，；！？` and their
/// half-width forms, but not `.`, which also stands in numbers and names):
/// a line holding one is prose, not a title or heading.
pub fn is_clause_punct(c: char) -> bool {
    matches!(c, '。' | '，' | ',' | '；' | ';' | '！' | '？' | '!' | '?')
}

/// Punctuation that ends a sentence in Chinese or Latin text.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '!' | '?' | '.' | '．')
}

/// Closing quotes and brackets that may follow a sentence end.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '》' | '〉' | '）' | ')' | '】' | '〕' | '"' | '\''
    )
}

/// Does `text` end a sentence: a sentence end, optionally followed by closing marks?
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(is_closing);
    trimmed.chars().next_back().is_some_and(is_sentence_end)
}

/// Display cells: full-width and wide characters take 2, others 1, controls 0.
pub fn cells(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display cells of a string.
pub fn str_cells(s: &str) -> usize {
    s.chars().map(cells).sum()
}

/// Longest token, in characters, that counts as short (a name, a word).
const SHORT_TOKEN: usize = 4;
/// How many short tokens in a row make a list.
const LIST_TOKENS: usize = 3;

/// Is the space at byte `at` of `text` part of a run of at least three short
/// space-separated tokens, such as a list of names (`作者：张三 李四 王五`)?
/// Tokens end at whitespace or punctuation; punctuation also ends the run.
pub fn in_short_token_run(text: &str, at: usize) -> bool {
    let in_token = |c: char| !c.is_whitespace() && !is_cjk_punct(c) && !c.is_ascii_punctuation();
    let short = |n: usize| (1..=SHORT_TOKEN).contains(&n);
    let tokens = count_tokens(text[..at].chars().rev(), in_token, short)
        + count_tokens(text[at + 1..].chars(), in_token, short);
    tokens >= LIST_TOKENS && short_at_both_sides(text, at, in_token, short)
}

/// Counts short tokens separated by single spaces, walking `chars` away
/// from a space. The walk stops once the count reaches a list, or a token
/// grows too long to be short, so each call reads a bounded number of
/// characters and a text of nothing but short tokens stays linear.
fn count_tokens(
    chars: impl Iterator<Item = char>,
    in_token: impl Fn(char) -> bool,
    short: impl Fn(usize) -> bool,
) -> usize {
    let mut tokens = 0;
    let mut len = 0;
    for c in chars {
        if tokens >= LIST_TOKENS || len > SHORT_TOKEN {
            break;
        }
        if in_token(c) {
            len += 1;
            continue;
        }
        if c == ' ' && short(len) {
            tokens += 1;
            len = 0;
            continue;
        }
        break;
    }
    tokens + usize::from(short(len))
}

fn short_at_both_sides(
    text: &str,
    at: usize,
    in_token: impl Fn(char) -> bool,
    short: impl Fn(usize) -> bool,
) -> bool {
    // One past the longest short token is enough to tell short from long.
    let before = text[..at]
        .chars()
        .rev()
        .take(SHORT_TOKEN + 1)
        .take_while(|&c| in_token(c))
        .count();
    let after = text[at + 1..]
        .chars()
        .take(SHORT_TOKEN + 1)
        .take_while(|&c| in_token(c))
        .count();
    short(before) && short(after)
}

/// Compiles a regex written in emend's own source (never a user's). A typo
/// in one is a bug that the first test running its rule catches, so this is
/// the one place a failed compile may panic.
#[allow(clippy::expect_used)]
pub(crate) fn source_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("a regex in emend's source compiles")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('干'));
        assert!(is_cjk('，') && is_cjk('“') && is_cjk('。'));
        assert!(!is_cjk(',') && !is_cjk('a'));
        assert!(is_fullwidth_alnum('Ａ') && !is_fullwidth_punct('Ａ'));
        assert!(is_fullwidth_punct('，'));
        assert_eq!(str_cells("干部a,"), 6);
        assert!(ends_sentence("好。”") && !ends_sentence("好，"));
        assert!(in_short_token_run("张三 李四 王五", 6));
        assert!(in_short_token_run("作者：张三 李四 王五。", 15));
        assert!(!in_short_token_run("张三 李四", 6));
        assert!(!in_short_token_run("只有 一个空格。", 6));
        assert!(!in_short_token_run("意义 重大的会议召开了", 6));
    }
}
