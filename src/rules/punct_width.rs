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
    /// (`( 表达式 )` is an operator). Code blocks are left alone.
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
        if !input.text.chars().any(is_han) {
            return Output::default();
        }
        let chars: Vec<(usize, char)> = input.text.char_indices().collect();
        let edits = conversions(&chars)
            .into_iter()
            .map(|(i, wide)| {
                let at = chars[i].0;
                Edit::replace(at..at + 1, wide.to_string())
            })
            .collect();
        Output::edits(edits)
    }
}

/// Chinese text for this rule: Han and full-width punctuation, but not the
/// curly quotes, which Latin text uses as well (`‘|,’` quotes a comma).
fn chinese(c: char) -> bool {
    is_han(c) || (is_cjk_punct(c) && !matches!(c, '‘' | '’' | '“' | '”'))
}

/// Right after Chinese text, right before a Han character, or right before
/// Chinese punctuation when not after a letter or digit.
fn in_chinese_context(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|j| chars[j]);
    let next = chars.get(i + 1).copied();
    prev.is_some_and(chinese)
        || next.is_some_and(is_han)
        || (next.is_some_and(chinese) && !prev.is_some_and(|p| p.is_ascii_alphanumeric()))
}

/// The characters to convert, by index, with their full-width forms.
///
/// A converted mark is Chinese context for its neighbours (`干,,,干`
/// converts all three, `(,"干)` the comma once the brackets are converted),
/// so marks and bracket pairs are judged again until nothing changes: a
/// second run over the output then finds nothing more to do.
fn conversions(chars: &[(usize, char)]) -> Vec<(usize, char)> {
    let mut effective: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let mut converted: Vec<(usize, char)> = Vec::new();
    loop {
        let found: Vec<(usize, char)> = marks(&effective)
            .into_iter()
            .chain(bracket_pairs(&effective))
            .collect();
        if found.is_empty() {
            break;
        }
        for &(i, wide) in &found {
            effective[i] = wide;
        }
        converted.extend(found);
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

/// Marks in Chinese context.
fn marks(chars: &[char]) -> Vec<(usize, char)> {
    (0..chars.len())
        .filter(|&i| in_chinese_context(chars, i))
        .filter_map(|i| Some((i, full_width(chars[i])?)))
        .collect()
}

/// Matched `(` `)` pairs that follow or hold Chinese text.
fn bracket_pairs(chars: &[char]) -> Vec<(usize, char)> {
    let mut open: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                let Some(o) = open.pop() else { continue };
                let prev = o.checked_sub(1).map(|j| chars[j]);
                let after_word = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
                let holds_chinese = chars[o + 1..i].iter().any(|&c| is_han(c));
                // `( 表达式 )`: a space-padded bracket is an operator, not prose.
                let padded = chars[o + 1] == ' ' || chars[i - 1] == ' ';
                if !after_word && !padded && (prev.is_some_and(chinese) || holds_chinese) {
                    found.push((o, '（'));
                    found.push((i, '）'));
                }
            }
            _ => {}
        }
    }
    found
}
