//! Normalisations never misfire: every paragraph of
//! `tests/fixtures/no-misfire/normalisations.txt` is a place where an ASCII
//! mark or quote is syntax, not Chinese punctuation (a symbol list, an
//! emoticon, a URL, an e-mail address, a path, a version or time, a
//! Markdown code span, fenced or indented code, a JSON line, a call with a
//! Chinese string, a row of a boxed table or of a drawing laid out with
//! spaces), and `emend clean` with every normalisation on must
//! leave each one as it is.

use std::path::Path;

use emend::{clean, Options};

mod common;
use common::repairs_only;

#[test]
fn normalisations_leave_syntax_alone() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/no-misfire/normalisations.txt"),
    )
    .unwrap();
    let cleaned = clean(&text, &Options::default()).expect("cleans");
    let changed: Vec<String> = cleaned
        .changes
        .iter()
        .map(|c| format!("{} {:?} → {:?} at byte {}", c.rule, c.before, c.after, c.at))
        .collect();
    assert!(changed.is_empty(), "misfires:\n{}", changed.join("\n"));
    assert_eq!(cleaned.text, text);
}

/// The same marks in prose do change: the guards are not a blanket off.
#[test]
fn the_same_marks_in_prose_still_convert() {
    let cases = [
        ("你好,世界。", "你好，世界。"),
        ("真的吗?是的!", "真的吗？是的！"),
        ("他说:\"明天见\"。", "他说：“明天见”。"),
        ("权限(只读)不变。", "权限（只读）不变。"),
        (
            "详见https://example.com/a,然后点击:完成,谢谢!",
            "详见https://example.com/a，然后点击：完成，谢谢！",
        ),
        ("详见(www.example.com)。", "详见（www.example.com）。"),
        // A horizontal box line is a Chinese dash too, not a table's frame.
        ("他说──这是真的,不是吗?", "他说──这是真的，不是吗？"),
    ];
    for (raw, expected) in cases {
        let cleaned = clean(raw, &Options::default()).expect("cleans");
        assert_eq!(cleaned.text, expected, "{raw}");
    }
}

/// Equal widths alone are not printed-line evidence: a form, unpunctuated
/// verse and a list of names, each of lines as wide as each other, and a
/// spaced title (`tests/fixtures/no-misfire/line-breaks.txt`) come
/// through every repair unchanged.
#[test]
fn repairs_leave_equal_width_lines_alone() {
    let changed = changes_to("line-breaks.txt", &Options::default());
    assert!(changed.is_empty(), "misfires:\n{}", changed.join("\n"));
}

/// Aligned gaps alone are not two columns: an option list whose
/// descriptions wrap under their column and a glossary
/// (`tests/fixtures/no-misfire/columns.txt`) come through every repair
/// unchanged.
#[test]
fn repairs_leave_option_lists_and_glossaries_alone() {
    let changed = changes_to("columns.txt", &repairs_only());
    assert!(changed.is_empty(), "misfires:\n{}", changed.join("\n"));
}

/// Nor are a few aligned rows set apart by prose, in a text without form
/// feeds (one page): a table of offices, verse printed in two halves. A
/// review found both split as columns once the page-wide share of
/// agreeing rows was gone.
#[test]
fn repairs_leave_aligned_rows_amid_prose_alone() {
    for fixture in ["aligned-rows-amid-prose.txt", "verse-halves-amid-prose.txt"] {
        let changed = changes_to(fixture, &repairs_only());
        assert!(
            changed.is_empty(),
            "{fixture} misfires:\n{}",
            changed.join("\n")
        );
    }
}

/// The changes `clean` makes to a no-misfire fixture, one line each.
fn changes_to(fixture: &str, options: &Options) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/no-misfire")
        .join(fixture);
    let text = std::fs::read_to_string(path).unwrap();
    let cleaned = clean(&text, options).expect("cleans");
    cleaned
        .changes
        .iter()
        .map(|c| format!("{} {:?} → {:?} at byte {}", c.rule, c.before, c.after, c.at))
        .collect()
}
