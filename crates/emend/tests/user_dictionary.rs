//! The user dictionary (`[words]` in `emend.toml` or a document's TOML):
//! known misspellings corrected wherever they stand, words no typo rule
//! corrects.

use emend::config::{DocConfig, Words};
use emend::engine::{clean_document, DocSetup, Options};

fn cleaned(raw: &str, toml: &str) -> emend::Cleaned {
    let config = DocConfig::parse(toml).expect("the TOML parses");
    let setup = DocSetup {
        heading: None,
        declared: emend::declared::resolve(&config, raw).expect("the words resolve"),
    };
    clean_document(raw, &setup, &Options::default()).expect("cleans")
}

#[test]
fn a_known_misspelling_is_corrected_everywhere_with_a_change_naming_it() {
    // Matched as anchors are, across a space, which stays: only the
    // letters that differ are replaced.
    let raw = "广大平部群众中引发反响。\n\n平 部群众表示拥护。\n";
    let out = cleaned(raw, "[words]\ncorrect = { \"平部\" = \"干部\" }\n");
    assert_eq!(
        out.text,
        "广大干部群众中引发反响。\n\n干 部群众表示拥护。\n"
    );
    let corrections: Vec<_> = out
        .changes
        .iter()
        .filter(|c| c.rule == "known-corrections")
        .collect();
    assert_eq!(corrections.len(), 2, "{:#?}", out.changes);
    for c in corrections {
        // Narrowed to the character that differs, with the word as reason.
        assert_eq!((c.before.as_str(), c.after.as_str()), ("平", "干"));
        assert_eq!(
            c.reason.as_deref(),
            Some("known misspelling `平部` for `干部`")
        );
    }
}

#[test]
fn a_declared_replace_takes_its_text_before_the_dictionary() {
    let raw = "广大平部群众中引发反响。\n";
    let toml = "[[replace]]\nfind = \"广大平部\"\nwith = \"广大基层\"\nreason = \"the document's own\"\n\n[words]\ncorrect = { \"平部\" = \"干部\" }\n";
    let out = cleaned(raw, toml);
    assert_eq!(out.text, "广大基层群众中引发反响。\n");
    assert!(out.changes.iter().all(|c| c.rule != "known-corrections"));
}

#[test]
fn a_word_never_to_correct_stops_the_typo_rules_there_only() {
    // `ocr-misreads` reads `局动` as a misread `启动`.
    let raw = "服务器会在后台局动。\n\n客户端也在后台局动。\n";
    assert_eq!(
        cleaned(raw, "").text,
        "服务器会在后台启动。\n\n客户端也在后台启动。\n"
    );
    let toml = "[words]\nnever = [\"后台局动\"]\n";
    assert_eq!(cleaned(raw, toml).text, raw);
    // Only where the word stands: elsewhere the rule still corrects.
    let raw = "服务器会在后台局动。\n\n程序局动很快。\n";
    assert_eq!(
        cleaned(raw, toml).text,
        "服务器会在后台局动。\n\n程序启动很快。\n"
    );
}

#[test]
fn a_documents_words_override_the_corpus_and_a_word_mapped_to_itself_is_dropped() {
    let corpus: Words = toml::from_str(
        "correct = { \"平部\" = \"干部\", \"高效毕业生\" = \"高校毕业生\" }\nnever = [\"接著\"]\n",
    )
    .unwrap();
    let doc: Words =
        toml::from_str("correct = { \"高效毕业生\" = \"高效毕业生\" }\nnever = [\"跟著\"]\n")
            .unwrap();
    let merged = Words::merged(Some(&corpus), Some(&doc));
    assert_eq!(
        merged.correct.into_iter().collect::<Vec<_>>(),
        vec![("平部".to_string(), "干部".to_string())]
    );
    assert_eq!(merged.never, ["接著", "跟著"]);
}

#[test]
fn an_empty_word_is_an_error() {
    let config = DocConfig::parse("[words]\nnever = [\" \"]\n").unwrap();
    assert!(emend::declared::resolve(&config, "文本。\n").is_err());
}

#[test]
fn a_misspelling_is_not_matched_across_a_paragraph_break() {
    // `平` ends one paragraph and `部` starts the next: no word `平部`.
    let raw = "我们要公平\n\n部署明年的工作。\n";
    let out = cleaned(raw, "[words]\ncorrect = { \"平部\" = \"干事\" }\n");
    assert_eq!(out.text, "我们要公平\n\n部署明年的工作。\n");
    assert!(out.changes.iter().all(|c| c.rule != "known-corrections"));
}
