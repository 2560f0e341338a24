//! What the command-line tests share: a scratch corpus holding the seed,
//! and running the `emend` binary in it.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SEED: &str = "xuhui-plenum-reactions";

/// The repository root, where `raw/`, `cleaned/`, `examples/`, the README
/// and `bench/corpus` live (tests run in their package's folder).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A fresh scratch project under the temp folder, named by `tag` and the
/// test process, holding the seed and its TOML in `raw/`.
pub fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emend-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("raw")).unwrap();
    for ext in ["txt", "toml"] {
        std::fs::copy(
            repo_root().join(format!("raw/{SEED}.{ext}")),
            dir.join(format!("raw/{SEED}.{ext}")),
        )
        .unwrap();
    }
    dir
}

/// Runs `emend ARGS` in `dir`, without colours.
pub fn emend(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("emend runs")
}

/// A hand edit of the seed's committed cleaned text (`干部` → `干 部`, at
/// line 1, column 18): what `check` must catch.
pub fn hand_edit_cleaned(dir: &Path) {
    let path = dir.join(format!("cleaned/{SEED}.txt"));
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("干部", "干 部", 1);
    std::fs::write(&path, edited).unwrap();
}

/// What a run printed, stdout then stderr.
pub fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// xorshift64: the same pseudo-random sequence on every run, for tests
/// that draw their inputs with a fixed seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
