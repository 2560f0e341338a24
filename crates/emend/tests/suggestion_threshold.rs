//! The suggestion threshold: a rule that weighs its edits gives each a
//! score (its evidence over its own bar); the engine applies it from the
//! threshold on and suggests it below, and the change or the suggestion
//! carries the score.

use emend::rules::Score;
use emend::{clean, Cleaned, Options, Severity};

/// Two OCR misreadings of 启 as 局: `后台局动` (1.70, clear) and `重局一次`
/// (0.92, below the default bar: `重启` is a rarer word than `启动`).
const TEXT: &str =
    "服务器会在后台局动，然后等待客户端连接。\n\n又想重局一次会话，那么用这个选项。\n";

fn cleaned_at(threshold: Option<f64>) -> Cleaned {
    let options = Options {
        suggestion_threshold: threshold.map(Score::at_least),
        ..Options::default()
    };
    clean(TEXT, &options).expect("cleans")
}

fn scores_applied(cleaned: &Cleaned) -> Vec<String> {
    cleaned
        .changes
        .iter()
        .map(|c| c.score.expect("weighed").to_string())
        .collect()
}

fn scores_suggested(cleaned: &Cleaned) -> Vec<String> {
    cleaned
        .findings
        .iter()
        .inspect(|f| assert_eq!(f.severity, Severity::Info, "{f:?}"))
        .map(|f| f.score.expect("weighed").to_string())
        .collect()
}

#[test]
fn by_default_each_rules_own_bar_decides() {
    let cleaned = cleaned_at(None);
    assert_eq!(scores_applied(&cleaned), ["1.70"]);
    assert_eq!(scores_suggested(&cleaned), ["0.92"]);
    assert!(cleaned.text.contains("后台启动") && cleaned.text.contains("重局一次"));
    assert_eq!(cleaned.text, cleaned_at(Some(1.0)).text);
}

#[test]
fn a_lower_threshold_applies_what_was_suggested() {
    let cleaned = cleaned_at(Some(0.9));
    assert_eq!(scores_applied(&cleaned), ["1.70", "0.92"]);
    assert!(scores_suggested(&cleaned).is_empty());
    assert!(cleaned.text.contains("重启一次"));
}

#[test]
fn a_higher_threshold_suggests_what_was_applied() {
    let cleaned = cleaned_at(Some(1.8));
    assert!(scores_applied(&cleaned).is_empty());
    assert_eq!(scores_suggested(&cleaned), ["1.70", "0.92"]);
    assert_eq!(cleaned.text, TEXT);
    // `--apply-suggestions` still applies both, with their scores.
    let options = Options {
        suggestion_threshold: Some(Score::at_least(1.8)),
        apply_suggestions: true,
        ..Options::default()
    };
    let all = clean(TEXT, &options).expect("cleans");
    assert_eq!(scores_applied(&all), ["1.70", "0.92"]);
}

#[test]
fn a_score_reaches_one_exactly_at_its_bar_and_prints_in_hundredths() {
    assert_eq!(Score::of(4.5, 4.5), Score::DEFAULT_THRESHOLD);
    assert!(Score::of(4.49, 4.5) < Score::DEFAULT_THRESHOLD);
    assert_eq!(Score::of(3.0, 4.5).to_string(), "0.66");
    assert_eq!(Score::from_ratio(f64::NAN).to_string(), "0.00");
    assert_eq!(Score::from_ratio(-2.0).to_string(), "0.00");
}

#[test]
fn a_threshold_as_written_is_never_lowered_by_floating_point() {
    // 1.14 * 100 is 113.99… in floating point: rounded down it would let
    // an edit scored 1.13 through a threshold of 1.14.
    for (written, hundredths) in [
        ("1.14", "1.14"),
        ("0.29", "0.29"),
        ("2.01", "2.01"),
        ("1", "1.00"),
    ] {
        let threshold = Score::at_least(written.parse().unwrap());
        assert_eq!(threshold.to_string(), hundredths);
    }
    // A finer threshold than hundredths goes up to the next one.
    assert_eq!(Score::at_least(0.955).to_string(), "0.96");
    assert!(Score::from_ratio(1.13) < Score::at_least(1.14));
}
