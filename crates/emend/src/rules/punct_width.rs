use std::sync::LazyLock;

use regex::Regex;

use crate::chars::{is_cjk_punct, is_han};
use crate::rules::{declare_rule, Input, Output, Rule, RuleMeta};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// In Chinese text, turns the half-width marks `,` `:` `;` `?` `!` and
    /// the brackets `(` `)` into their full-width forms `，` `：` `；` `？`
    /// `！` `（` `）`.
    ///
    /// ## Why the defect happens
    /// OCR engines and PDF text layers often map full-width punctuation to
    /// the ASCII mark it resembles.
    ///
    /// ## Example
    /// `10月20日至23日,党的…` becomes `10月20日至23日，党的…`;
    /// `权限(0700)` becomes `权限（0700）`. A mark inside a Latin or numeric
    /// run stays: `10:30`, `1+11+N`, `open(2)`, `S_IRWXU(0700)`.
    ///
    /// ## Fix safety
    /// A normalisation (`--no-normalize punct-width`). A mark is converted
    /// only right after Chinese text or right before a Han character
    /// (`10:30,地点` → `10:30，地点`); brackets only as a matched pair
    /// that holds or follows Chinese text and is not padded with spaces
    /// (`( 表达式 )` is an operator). A mark beside an ASCII symbol (`:-)`),
    /// a mark standing alone as a list item (`#、? 与`), and the marks of a
    /// URL or e-mail address stay. Code blocks, JSON lines, Markdown code
    /// spans and the rows of a table or drawing (box-drawing characters, or
    /// cells parted by runs of spaces) are left alone.
    pub struct PunctWidth {
        code: "N103",
        name: "punct-width",
        stage: Characters,
        kind: Normalisation,
        applicability: Safe,
        summary: "Half-width punctuation in Chinese text to full-width",
    }
}

impl Rule for PunctWidth {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let edits = full_width_marks(input.text)
            .into_iter()
            .map(|(at, wide)| Edit::replace(at..at + 1, wide.to_string()))
            .collect();
        Output::edits(edits)
    }
}

/// The half-width marks of `text` this rule makes full-width: byte offset
/// and full-width form, in order. The width measure reads the raw text
/// through it (`layout::measure`), so that it sees each printed line as
/// wide as it will be.
pub fn full_width_marks(text: &str) -> Vec<(usize, char)> {
    if !text.chars().any(is_han) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let fixed = in_addresses(text, &chars);
    conversions(&chars, &fixed)
        .into_iter()
        .map(|(i, wide)| (chars[i].0, wide))
        .collect()
}

/// A URL (`https://example.com/a?b=1`, `www.…`) or an e-mail address: its
/// `:` `;` `?` are syntax. A URL ends at whitespace, a Han character (Chinese
/// text often follows a URL with no space), a bracket or quote, or
/// Chinese punctuation, and never on ASCII punctuation (`详见 www.a.cn,然后`:
/// the comma is prose).
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    crate::chars::source_regex(
        r#"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s\p{Han}\p{Pi}\p{Pf}()<>"'，。；：！？、（）《》]*[^\s\p{Han}\p{Pi}\p{Pf}()<>"'，。；：！？、（）《》.,:;!?]|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"#,
    )
});

/// For each character (by index into `chars`), does it stand in a URL or
/// an e-mail address? One pass over the block.
fn in_addresses(text: &str, chars: &[(usize, char)]) -> Vec<bool> {
    let mut fixed = vec![false; chars.len()];
    for m in ADDRESS.find_iter(text) {
        let from = chars.partition_point(|&(at, _)| at < m.start());
        let to = chars.partition_point(|&(at, _)| at < m.end());
        fixed[from..to].iter_mut().for_each(|f| *f = true);
    }
    fixed
}

/// Chinese text for this rule: Han and full-width punctuation, but not the
/// curly quotes, which Latin text uses as well (`‘|,’` quotes a comma).
fn chinese(c: char) -> bool {
    is_han(c) || (is_cjk_punct(c) && !matches!(c, '‘' | '’' | '“' | '”'))
}

/// Right after Chinese text, right before a Han character, or right before
/// Chinese punctuation when not after a letter or digit; and not a symbol
/// (see [`is_symbol_use`]).
fn in_chinese_context(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|j| chars[j]);
    let next = chars.get(i + 1).copied();
    let chinese_beside = prev.is_some_and(chinese)
        || next.is_some_and(is_han)
        || (next.is_some_and(chinese) && !prev.is_some_and(|p| p.is_ascii_alphanumeric()));
    chinese_beside && !is_symbol_use(prev, next)
}

/// ASCII symbols a mark can stand among without being punctuation: `:-)`,
/// `?=`, `&?`, `a/b:c`.
fn ascii_symbol(c: char) -> bool {
    matches!(
        c,
        '-' | '_'
            | '='
            | '+'
            | '*'
            | '/'
            | '\\'
            | '|'
            | '<'
            | '>'
            | '^'
            | '~'
            | '@'
            | '#'
            | '$'
            | '%'
            | '&'
    )
}

/// Is the mark a symbol being written, not punctuation: beside an ASCII
/// symbol (an emoticon `:-)`, an operator `?=`), or standing alone as an
/// item of a list (`可以混用 #、? 与 0`: between spaces, list commas or the
/// ends of the line)?
fn is_symbol_use(prev: Option<char>, next: Option<char>) -> bool {
    let item_edge = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == '、');
    prev.is_some_and(ascii_symbol)
        || next.is_some_and(ascii_symbol)
        || (item_edge(prev) && item_edge(next))
}

/// The characters to convert, by index, with their full-width forms.
///
/// A converted mark is Chinese context for its neighbours (`干,,,干`
/// converts all three, `(,"干)` the comma once the brackets are converted).
/// A worklist settles that in one pass: every position is checked once,
/// and again only when a neighbour converts, so the work is linear in the
/// block and a second run over the output finds nothing more to do.
///
/// Characters marked `fixed` (a URL's, an e-mail address's) never convert,
/// and a bracket pair with either bracket fixed stays whole.
fn conversions(chars: &[(usize, char)], fixed: &[bool]) -> Vec<(usize, char)> {
    let mut effective: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let pairs = bracket_pairs(&effective);
    let mut pair_at: Vec<Option<usize>> = vec![None; effective.len()];
    for (k, pair) in pairs.iter().enumerate() {
        pair_at[pair.open] = Some(k);
    }
    let mut converted: Vec<(usize, char)> = Vec::new();
    let mut work: Vec<usize> = (0..effective.len()).rev().collect();
    while let Some(i) = work.pop() {
        // At most two conversions at once (a bracket pair), kept on the stack:
        // this loop runs for every character of every block.
        let mut newly = [(0, ' '); 2];
        let count = if fixed[i] {
            0
        } else if let Some(wide) = full_width(effective[i]) {
            newly[0] = (i, wide);
            usize::from(in_chinese_context(&effective, i))
        } else if let Some(pair) = pair_at[i].map(|k| &pairs[k]) {
            let prev = i.checked_sub(1).map(|j| effective[j]);
            newly = [(pair.open, '（'), (pair.close, '）')];
            let convert = effective[i] == '('
                && !fixed[pair.close]
                && (pair.holds_han || prev.is_some_and(chinese));
            if convert {
                2
            } else {
                0
            }
        } else {
            0
        };
        for &(j, wide) in &newly[..count] {
            effective[j] = wide;
            converted.push((j, wide));
            // Only the neighbours' context changed: check them again.
            work.extend(j.checked_sub(1));
            work.extend(Some(j + 1).filter(|&k| k < effective.len()));
        }
    }
    converted.sort_unstable();
    converted
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// A matched `(` `)` pair that may become full-width: not a call
/// (`open(2)`) and not padded with spaces (`( 表达式 )` is an operator).
struct BracketPair {
    open: usize,
    close: usize,
    /// Does it hold a Han character? Then it converts whatever precedes it.
    holds_han: bool,
}

/// The matched `(` `)` pairs that may convert, by the rules above.
fn bracket_pairs(chars: &[char]) -> Vec<BracketPair> {
    let mut open: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    let mut han_before = Vec::with_capacity(chars.len() + 1);
    han_before.push(0usize);
    for &c in chars {
        let last = han_before.last().copied().unwrap_or(0);
        han_before.push(last + usize::from(is_han(c)));
    }
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                let Some(o) = open.pop() else { continue };
                let prev = o.checked_sub(1).map(|j| chars[j]);
                let after_word = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
                let padded = chars[o + 1] == ' ' || chars[i - 1] == ' ';
                if !after_word && !padded {
                    found.push(BracketPair {
                        open: o,
                        close: i,
                        holds_han: han_before[i] > han_before[o + 1],
                    });
                }
            }
            _ => {}
        }
    }
    found
}
