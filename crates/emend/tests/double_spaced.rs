//! One column's printed lines between blank lines (double-spaced text:
//! each line a paragraph of its own, as OCR writes a double-spaced page)
//! are never read as two columns written in turn: every ground truth of
//! the benchmark corpus (bench/corpus, 36 Chinese man pages) cut into
//! lines of 20 characters keeps its Han characters in order, even with
//! suggestions applied, on one page without form feeds, where chance
//! words across joins add up the most.

use std::path::Path;

use emend::{clean, Options};

fn han(text: &str) -> String {
    text.chars().filter(|&c| emend::chars::is_han(c)).collect()
}

#[test]
fn double_spaced_lines_of_one_column_stay_in_order() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/corpus");
    // `sound-alikes` is off: it replaces a character where it stands (it
    // suggests `充分` for the source's `充份` in pppd), which is no matter
    // of order, the one thing this test watches.
    let options = Options {
        apply_suggestions: true,
        disabled: ["sound-alikes".to_string()].into(),
        ..Options::default()
    };
    let mut docs = 0;
    for entry in std::fs::read_dir(&corpus).expect("bench/corpus is committed") {
        let dir = entry.expect("readable corpus entry").path();
        let Ok(gt) = std::fs::read_to_string(dir.join("gt.txt")) else {
            continue;
        };
        let chars: Vec<char> = gt.replace('\n', "").chars().collect();
        let lines: Vec<String> = chars.chunks(20).map(|c| c.iter().collect()).collect();
        let raw = lines.join("\n\n") + "\n";
        let out = clean(&raw, &options).expect("cleans").text;
        assert_eq!(han(&out), han(&raw), "{}", dir.display());
        docs += 1;
    }
    assert_eq!(docs, 36);
}
