//! The inputs the fuzzers broke emend with (`fuzz/regressions/`), run on
//! every test run. `toml_loader-*`: each must load, resolve and clean, or
//! stop at a config error that points into its TOML, never panic and never
//! reach the engine with edits it cannot apply. `decode_clean-*`: each must
//! decode and clean, and cleaning the output again must change nothing.

use std::path::Path;

use emend::config::DocConfig;
use emend::{clean, clean_document, declared, decode, rules, DocSetup, Options};

/// A TOML file, a NUL byte, a raw text: the `toml_loader` target's input.
fn run_toml_loader(input: &[u8]) -> Result<(), String> {
    let (toml, raw) = match input.iter().position(|&b| b == 0) {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, &[][..]),
    };
    let toml = std::str::from_utf8(toml).map_err(|e| e.to_string())?;
    let raw = std::str::from_utf8(raw).map_err(|e| e.to_string())?;
    let config = DocConfig::parse(toml).map_err(|e| format!("config: {e}"))?;
    let heading = config.heading().map_err(|e| format!("config: {e}"))?;
    let declared = declared::resolve(&config, raw).map_err(|e| {
        assert!(e.span().is_some(), "a config error names its place: {e}");
        format!("config: {e}")
    })?;
    let cleaned = clean_document(raw, &DocSetup { heading, declared }, &Options::default())
        .map_err(|e| format!("engine: {e}"))?;
    cleaned
        .check_conservation()
        .map_err(|e| format!("engine: {e}"))
}

#[test]
fn toml_loader_regressions_stop_at_config_errors_or_clean() {
    let mut seen = 0;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("toml_loader-") {
            continue;
        }
        seen += 1;
        let input = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run_toml_loader(&input));
        match outcome {
            Err(_) => panic!("{name}: panicked"),
            Ok(Err(e)) if e.starts_with("engine:") => panic!("{name}: {e}"),
            Ok(Err(e)) => eprintln!("{name}: {e}"),
            Ok(Ok(())) => eprintln!("{name}: cleaned"),
        }
    }
    assert!(seen >= 5, "the regressions are there");
}

/// The `decode_clean` target's options: bit 0 of the mode byte switches
/// every normalisation off, bit 1 applies suggestions.
fn decode_clean_options(mode: u8) -> Options {
    let disabled = if mode & 1 == 1 {
        rules::normalisation_names()
            .into_iter()
            .map(String::from)
            .collect()
    } else {
        Default::default()
    };
    Options {
        disabled,
        apply_suggestions: mode & 2 == 2,
        ..Options::default()
    }
}

#[test]
fn decode_clean_regressions_are_idempotent() {
    let mut seen = 0;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("decode_clean-") {
            continue;
        }
        seen += 1;
        let input = std::fs::read(&path).unwrap();
        let (&mode, bytes) = input.split_first().expect("a mode byte");
        let text = decode::decode(bytes).expect("decodes").text;
        let options = decode_clean_options(mode);
        let once = clean(&text, &options).expect("cleans");
        once.check_conservation().expect("conserves");
        let twice = clean(&once.text, &options).expect("cleans its output");
        assert!(
            twice.text == once.text,
            "{name}: not idempotent; the second run changed {:?}",
            twice.changes.first().map(|c| (c.rule, &c.before, &c.after))
        );
    }
    assert!(seen >= 4, "the regressions are there");
}
