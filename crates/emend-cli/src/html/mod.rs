//! `emend report`: the review page, one self-contained HTML file. The
//! page holds no link to anything outside it (its style and script are
//! inline, it loads no font or library), so it can be mailed, archived or
//! opened offline. Each document is a closed `<details>` with its view as
//! JSON in a `<script type="application/json">`; the script builds the
//! side-by-side view when the reader opens it, so a report of a whole
//! corpus loads as fast as its list of names.
//!
//! Every text of the documents reaches the page escaped: HTML-escaped in
//! the markup written here, `<` written `\u003c` inside the JSON (so a
//! `</script>` in a document cannot end its script), and through
//! `textContent` in the script.

mod marks;
mod positions;
mod view;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use emend::rules::all_metas;
use emend::Cleaned;

/// The page's style sheet, inline.
pub const STYLE: &str = include_str!("report.css");
/// The page's script, inline.
pub const SCRIPT: &str = include_str!("report.js");

/// How often each rule shows in the report.
#[derive(Default, Clone, Copy)]
struct Count {
    changes: usize,
    findings: usize,
}

/// The whole page for `docs` (a name as messages call the document, and
/// its cleaned text with the change log).
pub fn render(docs: &[(String, Cleaned)]) -> String {
    let counts = rule_counts(docs);
    let mut out = String::new();
    head(&mut out, &counts);
    summary(&mut out, docs, &counts);
    out.push_str("<main>\n");
    for (i, (name, cleaned)) in docs.iter().enumerate() {
        document(&mut out, i, name, cleaned);
    }
    out.push_str("</main>\n<aside id=\"inspector\" hidden></aside>\n");
    rule_names(&mut out, &counts);
    let _ = write!(
        out,
        "<footer><span id=\"load-time\"></span></footer>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// Changes and findings per rule code, over every document.
fn rule_counts(docs: &[(String, Cleaned)]) -> BTreeMap<&'static str, Count> {
    let mut counts: BTreeMap<&'static str, Count> = BTreeMap::new();
    for (_, cleaned) in docs {
        for c in &cleaned.changes {
            counts.entry(c.code).or_default().changes += 1;
        }
        for f in &cleaned.findings {
            counts.entry(f.code).or_default().findings += 1;
        }
    }
    counts
}

/// The rules that show in the report, in the registry's order (the order
/// they run in), with each one's hue: spread around the colour wheel by
/// the golden angle (137.5°), so that any few rules, and neighbours in the
/// list, differ clearly.
fn shown_rules(counts: &BTreeMap<&'static str, Count>) -> Vec<(&'static str, &'static str, u32)> {
    all_metas()
        .filter(|m| counts.contains_key(m.code))
        .enumerate()
        .map(|(i, m)| (m.code, m.name, (i as u32 * 1375 / 10 + 200) % 360))
        .collect()
}

fn head(out: &mut String, counts: &BTreeMap<&'static str, Count>) {
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>emend report</title>\n<style>\n",
    );
    out.push_str(STYLE);
    for (code, _, hue) in shown_rules(counts) {
        let _ = writeln!(out, ".r-{code} {{ --h: {hue}; }}");
    }
    out.push_str("</style>\n<style id=\"filter\"></style>\n</head>\n<body>\n");
}

/// The title, the totals, and the rules with their counts and filter boxes.
fn summary(out: &mut String, docs: &[(String, Cleaned)], counts: &BTreeMap<&'static str, Count>) {
    let changes: usize = counts.values().map(|c| c.changes).sum();
    let findings: usize = counts.values().map(|c| c.findings).sum();
    let accepted: usize = docs
        .iter()
        .map(|(_, c)| c.findings.iter().filter(|f| f.accepted.is_some()).count())
        .sum();
    let _ = write!(
        out,
        "<header>\n<h1>emend report <small>raw and cleaned side by side</small></h1>\n\
         <p class=\"totals\">{} documents · {changes} changes · {findings} findings ({accepted} accepted). \
         Open a document; hover a highlight for its rule, click it for details and the <code>[[keep]]</code> that vetoes it.</p>\n\
         </header>\n<section id=\"rules\">\n<h2>Rules <small>changes · findings; untick to hide a rule's highlights</small></h2>\n<ul class=\"rules\">\n",
        docs.len()
    );
    for (code, name, _) in shown_rules(counts) {
        let count = counts.get(code).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "<li class=\"r-{code}\"><label><input type=\"checkbox\" class=\"rule-filter\" value=\"{code}\" \
             id=\"rule-{code}\" checked><span class=\"sw\"></span><b>{code}</b> {name} \
             <span class=\"n\">{} · {}</span></label></li>",
            count.changes, count.findings
        );
    }
    out.push_str(
        "</ul>\n<div class=\"buttons\"><button type=\"button\" class=\"rules-all\">show all</button> \
         <button type=\"button\" class=\"rules-none\">hide all</button></div>\n</section>\n",
    );
}

/// The names of the rules that show, by code, for the script (a change
/// carries only its code).
fn rule_names(out: &mut String, counts: &BTreeMap<&'static str, Count>) {
    let names: serde_json::Map<String, serde_json::Value> = shown_rules(counts)
        .into_iter()
        .map(|(code, name, _)| (code.to_string(), name.into()))
        .collect();
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"rule-names\">{}</script>",
        script_json(&serde_json::Value::Object(names))
    );
}

/// One document: a closed section with its name and counts, and its view
/// as JSON for the script.
fn document(out: &mut String, i: usize, name: &str, cleaned: &Cleaned) {
    let accepted = cleaned
        .findings
        .iter()
        .filter(|f| f.accepted.is_some())
        .count();
    let _ = write!(
        out,
        "<details class=\"doc\" id=\"d{i}\" data-doc=\"{i}\"><summary><span class=\"name\">{}</span>\
         <span class=\"count\">{} changes · {} findings ({accepted} accepted)</span></summary>\
         <div class=\"view\"></div></details>\n<script type=\"application/json\" id=\"data-{i}\">",
        escape(name),
        cleaned.changes.len(),
        cleaned.findings.len()
    );
    out.push_str(&script_json(&view::document(name, cleaned)));
    out.push_str("</script>\n");
}

/// JSON safe inside a `<script>` element: `<` only occurs in JSON strings,
/// where `\u003c` means the same, and without it no `</script>` or `<!--`
/// in a document can end or change the element.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// Text for HTML markup and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_script_text_are_escaped() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        let json = script_json(&serde_json::json!({"raw": "</script><b>"}));
        assert_eq!(json, r#"{"raw":"\u003c/script>\u003cb>"}"#);
    }
}
