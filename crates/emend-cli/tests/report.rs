//! `emend report`: the HTML review page. Its markup and data for a small
//! document (snapshot, with the inline style and script left out), its
//! escaping, that it names nothing outside itself, and the command's exit
//! codes. What the page does in a browser is `tests/browser/` (run by
//! `.ci/run`).

use emend_cli::html::{render, SCRIPT, STYLE};

mod common;
use common::{emend, scratch, text, SEED};

fn page(name: &str, raw: &str) -> String {
    let cleaned = emend::clean(raw, &emend::Options::default()).unwrap();
    render(&[(name.to_string(), cleaned)])
}

/// The page with its style and script, which have no data in them, cut out.
fn markup(html: &str) -> String {
    html.replace(STYLE, "/* report.css */\n")
        .replace(SCRIPT, "/* report.js */\n")
}

#[test]
fn report_of_a_small_document() {
    insta::assert_snapshot!(markup(&page(
        "short.txt",
        "意义 重大,影响深远。他说:\"好\"\n"
    )));
}

#[test]
fn text_cannot_break_out_of_the_page() {
    let html = page(
        "<b>name</b>.txt",
        "标题</script><b>粗</b><!-- 注释\n\n正文。\n",
    );
    assert!(
        html.contains("&lt;b&gt;name&lt;/b&gt;.txt"),
        "the name is escaped"
    );
    assert!(!html.contains("<b>name"));
    assert!(!html.contains("<b>粗"), "the text is not markup");
    assert!(!html.contains("<!-- 注释"));
    assert!(html.contains(r"\u003c/script>\u003cb>粗\u003c/b>\u003c!-- 注释"));
    // Every </script> closes a <script> the page opened.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count()
    );
}

#[test]
fn the_page_is_self_contained() {
    let dir = scratch("report-self-contained");
    let out = emend(&dir, &["report", "-o", "out/report.html"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(text(&out), "out/report.html: 1 documents, 610 changes\n");
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    assert!(html.contains(&format!("raw/{SEED}.txt")));
    for external in [
        "http://", "https://", "//cdn", "<link", " src=", "url(", "@import",
    ] {
        assert!(
            !html.contains(external),
            "the page refers outside itself: {external}"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the page, no temporary file");
}

/// The JSON view of the page's first document.
fn first_view(html: &str) -> serde_json::Value {
    let start = html.find(r#"id="data-0">"#).unwrap() + r#"id="data-0">"#.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// The change indexes a pane's pieces mark (kind 0).
fn marked(pieces: &serde_json::Value) -> std::collections::BTreeSet<u64> {
    let flat: Vec<u64> = pieces
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    flat.chunks(4).filter(|p| p[2] == 0).map(|p| p[3]).collect()
}

#[test]
fn every_change_of_the_seed_is_marked_in_both_panes() {
    let dir = scratch("report-marks");
    let out = emend(&dir, &["report", "-o", "r.html"]);
    assert!(out.status.success(), "{}", text(&out));
    let view = first_view(&std::fs::read_to_string(dir.join("r.html")).unwrap());
    let all: std::collections::BTreeSet<u64> = (0..610).collect();
    assert_eq!(view["ch"].as_array().unwrap().len(), 610);
    assert_eq!(marked(&view["rm"]), all, "raw pane");
    assert_eq!(marked(&view["cm"]), all, "cleaned pane");
    let moves = view["ch"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c[1] == "move");
    assert!(moves.count() > 0, "the seed has moves");
}

#[test]
fn documents_are_named_or_given_as_paths() {
    let dir = scratch("report-args");
    std::fs::write(dir.join("other.txt"), "意义 重大,影响深远。\n").unwrap();
    let out = emend(&dir, &["report", SEED, "other.txt", "-o", "r.html"]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    assert!(html.contains(&format!("raw/{SEED}.txt")) && html.contains("other.txt"));
}

#[test]
fn input_errors_exit_2_and_write_nothing() {
    let dir = scratch("report-errors");
    let out = emend(&dir, &["report", "missing", "-o", "r.html"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).starts_with("emend: missing: "), "{}", text(&out));
    std::fs::write(dir.join("raw/broken.txt"), "正文。\n").unwrap();
    std::fs::write(dir.join("raw/broken.toml"), "[[keep]]\nat = 1\n").unwrap();
    let out = emend(&dir, &["report", "-o", "r.html"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("raw/broken.toml:"), "{}", text(&out));
    let out = emend(&dir, &["report", "-", "-o", "r.html"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!dir.join("r.html").exists());
}

#[test]
fn replacements_in_a_row_each_mark_their_own_character() {
    // Six replacements: `!!!` and `,,,` made full-width, each written where
    // the one before it was (found by review: only the first of a run was
    // marked).
    let dir = scratch("report-row");
    std::fs::write(dir.join("row.txt"), "意义重大!!!影响深远,,,好的。\n").unwrap();
    let out = emend(&dir, &["report", "row.txt", "-o", "r.html"]);
    assert!(out.status.success(), "{}", text(&out));
    let view = first_view(&std::fs::read_to_string(dir.join("r.html")).unwrap());
    assert_eq!(view["ch"].as_array().unwrap().len(), 6);
    let flat: Vec<u64> = view["cm"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let mut spans: Vec<(u64, u64)> = flat
        .chunks(4)
        .filter(|p| p[2] == 0)
        .map(|p| (p[0], p[1]))
        .collect();
    spans.sort();
    spans.dedup();
    assert_eq!(spans.len(), 6, "{spans:?}");
    assert!(spans.iter().all(|(s, e)| e - s == 1), "{spans:?}");
}
