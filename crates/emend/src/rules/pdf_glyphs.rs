use crate::chars::{is_cjk_punct, is_han, is_radical_glyph, radical_ideograph};
use crate::rules::{declare_rule, Draft, Input, Output, Rule, RuleMeta, Severity};
use crate::text::Edit;

declare_rule! {
    /// ## What it does
    /// Puts the ideograph back where a PDF's font put a Kangxi radical
    /// (U+2F00–U+2FD5) for it inside Chinese text, and flags the glyphs it
    /// cannot map with certainty: a CJK radical supplement form without a
    /// compatibility mapping, and a private-use character among Chinese
    /// text.
    ///
    /// ## Why the defect happens
    /// A PDF font draws the radical and the ideograph with one glyph, and
    /// its ToUnicode table names the radical's code point; the text then
    /// looks right but no longer matches, searches or segments as Chinese
    /// (`⼈⺠` for `人民`, `⼯作` for `工作`). A glyph the font maps to nothing
    /// comes out as a private-use character.
    ///
    /// ## Example
    /// `中华⼈民共和国` becomes `中华人民共和国`; `⼯作` becomes `工作`; in
    /// `⺠主`, `⺠` (U+2EA0) is flagged: the supplement form has no mapping
    /// in the Unicode data this rule reads.
    ///
    /// ## Fix safety
    /// Safe where the mapping is Unicode's own compatibility decomposition
    /// of the radical (the unified ideograph it is drawn as, exact) and
    /// the run of radicals has a Han character next to it on either side,
    /// or, two or more radicals in a row, touches Chinese punctuation:
    /// running Chinese text never uses the radical code points, which are
    /// for dictionaries' radical indexes. Neighbours are read through
    /// spaces and a line break, which later rules delete, not across a
    /// blank line or a form feed; radicals spaced apart need Han on both
    /// sides (letter-spaced text). It runs among the first structure rules,
    /// so that the words across joins are read with ideographs. A run of
    /// radicals without such neighbours (`部首索引：⼈ ⼝ ⼟`, an index) is a
    /// suggestion. The flagged glyphs are left as they are.
    pub struct PdfGlyphs {
        code: "R201",
        name: "pdf-glyphs",
        stage: Structure,
        kind: Repair,
        applicability: Safe,
        summary: "Ideographs back where a PDF font put Kangxi radicals",
    }
}

impl Rule for PdfGlyphs {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let chars: Vec<(usize, char)> = input.text.char_indices().collect();
        let mut output = Output::default();
        let visible = visible_chars(&chars);
        for run in radical_runs(&visible) {
            let in_chinese = run_in_chinese(&visible, &run);
            for &(at, c) in visible[run].iter().map(|v| &chars[v.index]) {
                let range = at..at + c.len_utf8();
                match radical_ideograph(c) {
                    Some(han) if in_chinese => {
                        output.edits.push(Edit::replace(range, han.to_string()));
                    }
                    Some(han) => output.suggest(Edit::replace(range, han.to_string())),
                    None if in_chinese => output.findings.push(unmapped(range, c)),
                    None => {}
                }
            }
        }
        output.findings.extend(private_use_in_chinese(&chars));
        output
    }
}

/// A character that is not whitespace, and the whitespace before it.
struct Visible {
    /// Its index in the text's characters.
    index: usize,
    c: char,
    /// A space (not a line break alone) stands between it and the
    /// character before: `wrap-join` deletes a line break inside a
    /// paragraph (`播放. ⼩⏎⼼:` is the word `⼩⼼` once joined).
    spaced: bool,
    /// A blank line or a form feed does: a paragraph or page break, which
    /// the rule does not read across.
    parted: bool,
}

/// The text's characters without whitespace. The rule reads its
/// neighbours through spaces and a line break, because later rules delete
/// them: `wrap-join` line breaks inside paragraphs, `letter-spacing` and
/// `stray-cjk-space` spaces. Read only where they touched, a radical after
/// a line break (`执⏎⾏`) or in a letter-spaced line (`含 ⼀ 段`) was left on
/// a first run and replaced on a second (radicals put into the
/// benchmark's raw texts: 186 of 324 outputs changed on a second run,
/// 42 do now: radicals spaced apart beside Latin text or punctuation, and
/// lines that other rules move).
fn visible_chars(chars: &[(usize, char)]) -> Vec<Visible> {
    let mut out = Vec::with_capacity(chars.len());
    let (mut spaced, mut newlines, mut form_feed) = (false, 0, false);
    for (index, &(_, c)) in chars.iter().enumerate() {
        if c.is_whitespace() {
            spaced |= !matches!(c, '\n' | '\r');
            newlines += usize::from(c == '\n');
            form_feed |= c == '\u{c}';
            continue;
        }
        let parted = newlines >= 2 || form_feed;
        out.push(Visible {
            index,
            c,
            spaced,
            parted,
        });
        (spaced, newlines, form_feed) = (false, 0, false);
    }
    out
}

/// Index ranges of `visible` that are runs of radical glyphs, read through
/// spaces and line breaks, not across a paragraph break.
fn radical_runs(visible: &[Visible]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < visible.len() {
        if !is_radical_glyph(visible[i].c) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < visible.len() && is_radical_glyph(visible[i].c) && !visible[i].parted {
            i += 1;
        }
        runs.push(start..i);
    }
    runs
}

/// Does the run stand in Chinese text? Its nearest characters before and
/// after, through spaces and a line break (not a paragraph break), say:
///
/// - radicals spaced apart (`⼈ ⼝ ⼟`) stand in letter-spaced Chinese text
///   when Han characters stand on both sides (`含 ⼀ ⼤ 段`); with Han on
///   one side at most they are an index of radicals (`部首 ⼈ ⼝ ⼟`);
/// - a radical, or radicals side by side (a word), stand in Chinese text
///   next to a Han character on either side, or, for a word, touching
///   Chinese punctuation (`对 ID ⽽⾔，`), or a half-width `:` or `,` that
///   `punct-width` makes full-width once the word is Han.
fn run_in_chinese(visible: &[Visible], run: &std::ops::Range<usize>) -> bool {
    let pairs = &visible[run.start + 1..run.end];
    let word = pairs.iter().any(|v| !v.spaced);
    let first = &visible[run.start];
    let before = run
        .start
        .checked_sub(1)
        .map(|i| &visible[i])
        .filter(|_| !first.parted);
    let after = visible.get(run.end).filter(|a| !a.parted);
    let han = |v: Option<&Visible>| v.is_some_and(|v| is_han(v.c));
    if !pairs.is_empty() && !word {
        return han(before) && han(after);
    }
    // `touching`: no space between the neighbour and the run.
    let punct = |v: Option<&Visible>, touching: bool| {
        word && touching && v.is_some_and(|v| is_cjk_punct(v.c) || matches!(v.c, ':' | ','))
    };
    han(before)
        || han(after)
        || punct(before, !first.spaced)
        || punct(after, after.is_some_and(|a| !a.spaced))
}

/// Index ranges of `chars` that are maximal runs of characters `is`.
fn runs(chars: &[(usize, char)], is: impl Fn(char) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is(chars[i].1) {
            i += 1;
        }
        runs.push(start..i);
    }
    runs
}

/// Does the run stand in Chinese text: a Han character (no radical glyph)
/// before or after it, or, for a run of two or more (a word), Chinese
/// punctuation (`对 ID ⽽⾔，`)?
fn touches_han(chars: &[(usize, char)], run: &std::ops::Range<usize>) -> bool {
    let word = run.len() >= 2;
    let chinese = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&(_, c)| is_han(c) || (word && is_cjk_punct(c)))
    };
    run.start.checked_sub(1).is_some_and(chinese) || chinese(run.end)
}

fn unmapped(range: std::ops::Range<usize>, c: char) -> Draft {
    Draft {
        range,
        severity: Severity::Warning,
        message: format!(
            "CJK radical form `{c}` (U+{:04X}) inside Chinese text: a PDF font's glyph for an ideograph, with no certain mapping",
            c as u32
        ),
        suggestion: None,
    }
}

/// Private-use characters with a Han character beside them: a glyph the
/// PDF's font mapped to no character. One finding a run.
fn private_use_in_chinese(chars: &[(usize, char)]) -> Vec<Draft> {
    let private = |c: char| matches!(c as u32, 0xE000..=0xF8FF);
    runs(chars, private)
        .into_iter()
        .filter(|run| touches_han(chars, run))
        .map(|run| {
            let end = chars
                .get(run.end)
                .map_or(chars[run.end - 1].0 + 3, |&(at, _)| at);
            Draft {
                range: chars[run.start].0..end,
                severity: Severity::Warning,
                message: "private-use character among Chinese text: a glyph the PDF's font mapped to no character".into(),
                suggestion: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kangxi_radical_maps_to_one_ideograph() {
        let mapped = (0x2F00..=0x2FD5)
            .filter_map(char::from_u32)
            .filter(|&c| radical_ideograph(c).is_some())
            .count();
        assert_eq!(mapped, 214);
        assert_eq!(radical_ideograph('⼈'), Some('人'));
        assert_eq!(radical_ideograph('⺟'), Some('母'));
        assert_eq!(radical_ideograph('⺠'), None);
    }
}
