//! Properties of built-in cleaning on generated text: idempotence,
//! conservation, and no character from nowhere.

use emend::text::Src;
use emend::{clean, Options};
use proptest::prelude::*;

/// Text made of what damaged Chinese text is made of.
fn damaged_text() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "干", "部", "群", "众", "发", "展", "的", "是", "，", "。", ",", ":", ";", "\"", "“", "”",
        "(", ")", "（", "）", " ", " ", "\n", "\n\n", "a", "I", "2", ".", "０", "Ａ", "e\u{301}",
        "\r\n", "\u{c}", "?", "！", "《", "》", ", ", "\u{301}", "\u{1100}", "\u{1161}", "豈",
    ]);
    prop::collection::vec(atoms, 0..200).prop_map(|v| v.concat())
}

/// Chinese prose wrapped at a fixed width with spaces, newlines or CRLF, as
/// extraction leaves it: at least five printed lines, since the width
/// measure needs three agreeing line ends before it believes a width.
fn wrapped_text() -> impl Strategy<Value = String> {
    let sentence = prop::collection::vec(
        prop::sample::select(vec![
            "干", "部", "群", "众", "发", "展", "建", "设", "的", "是",
        ]),
        5..30,
    )
    .prop_map(|v| v.concat() + "，");
    (
        prop::collection::vec(sentence, 5..15),
        10usize..30,
        prop::sample::select(vec![" ", "\n", "\r\n"]),
    )
        .prop_filter("five lines or more", |(sentences, width, _)| {
            sentences.concat().chars().count() >= 5 * width
        })
        .prop_map(|(sentences, width, sep)| {
            let text: Vec<char> = (sentences.concat() + "。").chars().collect();
            text.chunks(width)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(sep)
        })
}

fn check(raw: &str) -> Result<(), TestCaseError> {
    let options = Options::default();
    let once = clean(raw, &options).expect("cleans");
    once.check_conservation().expect("conservation");
    // Every output byte is raw text or text an inserting rule wrote.
    let mut pos = 0;
    for seg in once.provenance.segs() {
        if let Src::Inserted(code) = seg.src {
            prop_assert!(emend::rules::find(code).is_some());
        }
        pos += seg.len;
    }
    prop_assert_eq!(pos, once.text.len());
    let twice = clean(&once.text, &options).expect("cleans again");
    prop_assert_eq!(&twice.text, &once.text, "not idempotent");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_text_properties(raw in damaged_text()) {
        check(&raw)?;
    }

    #[test]
    fn wrapped_text_properties(raw in wrapped_text()) {
        check(&raw)?;
    }

    /// The measure believes a width when at least three line ends fall
    /// mid-word (between two Han characters); then every line end goes.
    #[test]
    fn wrapped_text_is_joined(raw in wrapped_text()) {
        let chars: Vec<char> = raw.chars().collect();
        let han = |c: char| !matches!(c, '，' | '。') && !c.is_whitespace();
        let mid_word = chars
            .windows(3)
            .filter(|w| w[1].is_whitespace() && han(w[0]) && han(w[2]))
            .count();
        prop_assume!(mid_word >= 3);
        let once = clean(&raw, &Options::default()).expect("cleans");
        let expected: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(once.text, expected);
    }
}
