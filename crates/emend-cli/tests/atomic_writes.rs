//! `emend clean` replaces cleaned/ all or nothing: interrupted at any
//! moment, cleaned/ is the whole old version or the whole new one, and the
//! next run clears what the interrupted one left.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::ops::Deref;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod common;
use common::{emend, text, Rng};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Every file of cleaned/ (hidden ones too), by name.
type Snapshot = BTreeMap<String, Vec<u8>>;

/// Han characters the generated text is drawn from (the seed's opening).
const HAN: &str = "党的二十届四中全会对未来五年发展作出顶层设计和战略擘画为接续推进国式现代化建提供了根本遵循行动指南徐汇区将深入学习精神贯彻落实习近平总书记考察上海重要讲话聚焦主目标一张蓝图绘到底担当勇尖兵续写新篇章";

/// A scratch corpus root with an empty raw/, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(base: &Path, name: &str) -> Self {
        let dir = base.join(format!("emend-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("raw")).unwrap();
        Scratch(dir)
    }
}

impl Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    Scratch::new(&std::env::temp_dir(), name)
}

/// Where the interruption tests run: `EMEND_KILL_TEST_DIR` when set, else
/// tmpfs (/dev/shm) when there is one. On the development machine's ext4
/// (mounted with `discard`) deleting a synced file takes 3.3 ms, so clearing
/// each killed run's files cost the test more than the runs themselves
/// (0.4 s a kill); the renames the test is about behave the same on tmpfs,
/// which supports RENAME_EXCHANGE too.
fn kill_test_base() -> PathBuf {
    match std::env::var_os("EMEND_KILL_TEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None if Path::new("/dev/shm").is_dir() => PathBuf::from("/dev/shm"),
        None => std::env::temp_dir(),
    }
}

/// One document of hard-wrapped prose (40 characters a line, as pdftotext
/// leaves it, with half-width commas), about `paragraphs` × 0.43 KB. Every
/// paragraph ends with 。 so no error finding fails `check`.
fn document(rng: &mut Rng, paragraphs: usize) -> String {
    let han: Vec<char> = HAN.chars().collect();
    let mut out = String::new();
    for _ in 0..paragraphs {
        let mut para: Vec<char> = Vec::new();
        for sentence in 0..6 {
            for _ in 0..(8 + rng.below(30)) {
                para.push(han[rng.below(han.len())]);
            }
            para.push(if sentence == 5 { '。' } else { ',' });
        }
        for line in para.chunks(40) {
            out.extend(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Writes `docs` documents into raw/; `version` decides their text.
fn generate(dir: &Path, version: u64, docs: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ version);
    for i in 0..docs {
        std::fs::write(
            dir.join(format!("raw/doc{i:03}.txt")),
            document(&mut rng, 6),
        )
        .unwrap();
    }
}

fn spawn_clean(dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_emend"))
        .arg("clean")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("emend starts")
}

fn snapshot(dir: &Path) -> Snapshot {
    let Ok(entries) = std::fs::read_dir(dir.join("cleaned")) else {
        return Snapshot::new();
    };
    entries
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Puts `snap` back as cleaned/, leaving whatever else is in the root.
/// The files are hard links to one copy kept in `old-version/`: cheap on a
/// busy disk, and a run that changed a linked file in place, instead of
/// replacing it, would change that copy and fail the next comparison.
fn restore(dir: &Path, snap: &Snapshot) {
    let copy = dir.join("old-version");
    if !copy.exists() {
        std::fs::create_dir(&copy).unwrap();
        for (name, bytes) in snap {
            std::fs::write(copy.join(name), bytes).unwrap();
        }
    }
    let cleaned = dir.join("cleaned");
    let _ = std::fs::remove_dir_all(&cleaned);
    std::fs::create_dir(&cleaned).unwrap();
    for name in snap.keys() {
        std::fs::hard_link(copy.join(name), cleaned.join(name)).unwrap();
    }
}

/// What an interrupted run left in the root (staging, ready, old folders).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cleaned."))
        .collect()
}

/// Removes the leftovers by hand, so the next run does what the timed runs
/// did: removing them itself would make it slower than the timing the
/// kills are spread over.
fn remove_leftovers(dir: &Path) {
    for name in leftovers(dir) {
        std::fs::remove_dir_all(dir.join(name)).unwrap();
    }
}

/// How interrupted runs ended.
#[derive(Default, Debug)]
struct Tally {
    /// cleaned/ old, nothing beside it: stopped before staging began.
    old_before_staging: usize,
    /// cleaned/ old, a staging or ready folder beside it: stopped while
    /// writing the new version, or before the swap.
    old_while_staging: usize,
    /// cleaned/ new, the old version still beside it: stopped after the
    /// swap, before the old version was removed.
    new_old_left: usize,
    /// cleaned/ new, nothing beside it (finished, or stopped at its exit).
    new_clean: usize,
    /// Runs that exited before the signal reached them.
    finished_first: usize,
}

impl Tally {
    /// Asserts cleaned/ is entirely `old` or entirely `new`, and counts.
    fn record(
        &mut self,
        dir: &Path,
        run: usize,
        old: &Snapshot,
        new: &Snapshot,
        child: &mut Child,
    ) {
        let status = child.wait().unwrap();
        if status.signal().is_none() {
            self.finished_first += 1;
        }
        let now = snapshot(dir);
        let left = !leftovers(dir).is_empty();
        if &now == old {
            *if left {
                &mut self.old_while_staging
            } else {
                &mut self.old_before_staging
            } += 1;
        } else if &now == new {
            *if left {
                &mut self.new_old_left
            } else {
                &mut self.new_clean
            } += 1;
        } else {
            let changed = now
                .iter()
                .filter(|(name, bytes)| old.get(*name) != Some(bytes))
                .count();
            panic!(
                "run {run}: cleaned/ is neither the old nor the new version: {changed} of its {} files differ from the old",
                now.len(),
            );
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} old ({} before staging, {} while staging), {} new ({} with the old version left beside it); {} finished before the kill",
            self.old_before_staging + self.old_while_staging,
            self.old_before_staging,
            self.old_while_staging,
            self.new_old_left + self.new_clean,
            self.new_old_left,
            self.finished_first,
        )
    }
}

/// Held by the interruption tests, so one's runs do not slow the other's
/// after it has timed them.
static TIMED: Mutex<()> = Mutex::new(());

/// A corpus cleaned at version 1 (`old`), with raw/ at version 2 (`new`,
/// what a full run writes), and the time a full run takes.
fn two_versions(name: &str, docs: usize) -> (Scratch, Snapshot, Snapshot, Duration) {
    let dir = Scratch::new(&kill_test_base(), name);
    generate(&dir, 1, docs);
    let out = emend(&dir, &["clean"]);
    assert!(out.status.success(), "{}", text(&out));
    let old = snapshot(&dir);
    generate(&dir, 2, docs);
    // The median of five runs started as the interrupted ones are: the
    // machine is shared with builds.
    let mut times = Vec::new();
    for _ in 0..5 {
        restore(&dir, &old);
        let start = Instant::now();
        let status = spawn_clean(&dir).wait().unwrap();
        times.push(start.elapsed());
        assert!(status.success());
    }
    times.sort();
    let full = times[times.len() / 2];
    let new = snapshot(&dir);
    assert_eq!(old.len(), 2 * docs);
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    assert!(
        old.iter().all(|(name, bytes)| new[name] != *bytes),
        "every file differs between the versions"
    );
    (dir, old, new, full)
}

/// After the interruptions: the next run finishes, clears the leftovers,
/// and `check` passes.
fn next_run_recovers(dir: &Path, new: &Snapshot) {
    let left = !leftovers(dir).is_empty();
    let out = emend(dir, &["clean"]);
    assert!(out.status.success(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(left, stderr.contains("interrupted"), "{stderr}");
    assert!(leftovers(dir).is_empty(), "{:?}", leftovers(dir));
    assert_eq!(&snapshot(dir), new);
    let out = emend(dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Documents in the kill test: 200 of about 2.6 KB. On tmpfs a run takes
/// 0.2–0.3 s on the shared 2-core development machine, so the test's 60
/// kills take about 10 s.
const KILL_DOCS: usize = 200;
/// Kills spread over the whole run.
const KILLS: usize = 40;
/// Kills aimed at the last phases: half after the staging folder appears,
/// half after the ready folder does. Kills spread over the whole run rarely
/// land there: on tmpfs a run spends most of its time cleaning.
const AIMED_KILLS: usize = 20;
/// What an aimed kill waits for, and how long after it the kill may land:
/// writing the staging folder took about 10 ms without strace on tmpfs
/// (40 ms under strace), and the exchange, the syncs and the removal of the
/// old version 1–3 ms (strace -tt on the development machine).
const AIMS: [(&str, Duration); 2] = [
    (".cleaned.staging-", Duration::from_millis(10)),
    (".cleaned.ready-", Duration::from_millis(2)),
];

/// Waits until a folder named `prefix…` appears beside cleaned/, or the
/// run ends, or `limit` passes.
fn wait_for(dir: &Path, prefix: &str, child: &mut Child, limit: Duration) {
    let start = Instant::now();
    while start.elapsed() < limit && child.try_wait().unwrap().is_none() {
        if leftovers(dir).iter().any(|n| n.starts_with(prefix)) {
            return;
        }
        std::thread::yield_now();
    }
}

/// Waits `d` without sleeping: a sleep's timer slack (50 µs) is a large
/// part of the swap's window.
fn spin(d: Duration) {
    let start = Instant::now();
    while start.elapsed() < d {
        std::hint::spin_loop();
    }
}

#[test]
fn sigkill_at_any_moment_leaves_the_old_or_the_new_version() {
    let _timed = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let (dir, old, new, full) = two_versions("kill", KILL_DOCS);
    let mut rng = Rng(0x5EED_0008);
    let mut spread = Tally::default();
    let mut aimed = Tally::default();
    for run in 0..KILLS + AIMED_KILLS {
        remove_leftovers(&dir);
        restore(&dir, &old);
        let mut child = spawn_clean(&dir);
        if run < KILLS {
            // Over the whole run and a little past it (1.1×), so some runs
            // finish and the last moments before the swap are covered.
            std::thread::sleep(full.mul_f64(1.1 * rng.unit()));
        } else {
            let (prefix, window) = AIMS[run % 2];
            wait_for(&dir, prefix, &mut child, full * 10);
            spin(window.mul_f64(rng.unit()));
        }
        let _ = child.kill();
        let tally = if run < KILLS { &mut spread } else { &mut aimed };
        tally.record(&dir, run, &old, &new, &mut child);
    }
    eprintln!(
        "kill test: a full run of {KILL_DOCS} documents takes {full:?}; {:?} in all",
        started.elapsed()
    );
    eprintln!(
        "kill test: {KILLS} SIGKILLs spread over the run: {}",
        spread.summary()
    );
    eprintln!(
        "kill test: {AIMED_KILLS} SIGKILLs aimed at the staging and the swap: {}",
        aimed.summary()
    );
    restore(&dir, &old);
    next_run_recovers(&dir, &new);
}

#[test]
fn sigint_leaves_the_old_or_the_new_version() {
    let _timed = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, old, new, full) = two_versions("sigint", KILL_DOCS);
    let mut tally = Tally::default();
    for (run, share) in [0.5, 0.9].into_iter().enumerate() {
        remove_leftovers(&dir);
        restore(&dir, &old);
        let mut child = spawn_clean(&dir);
        std::thread::sleep(full.mul_f64(share));
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: kill(2) on our own child, which is not reaped yet, so
        // the pid cannot have been reused.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        tally.record(&dir, run, &old, &new, &mut child);
    }
    eprintln!("sigint test: {}", tally.summary());
    restore(&dir, &old);
    next_run_recovers(&dir, &new);
}

#[test]
fn leftovers_fail_the_check_and_the_next_clean_removes_them() {
    let dir = scratch("leftover");
    generate(&dir, 1, 2);
    assert!(emend(&dir, &["clean"]).status.success());
    std::fs::create_dir(dir.join(".cleaned.staging-999999")).unwrap();
    std::fs::write(dir.join(".cleaned.staging-999999/doc000.txt"), "half").unwrap();
    std::fs::write(dir.join("cleaned/.doc000.txt.tmp-999999"), "half").unwrap();
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains(".cleaned.staging-999999: left behind by an interrupted `emend clean`")
            && t.contains("cleaned/.doc000.txt.tmp-999999: left behind"),
        "{t}"
    );
    // --quiet: without the run's summary line, stderr holds only what the
    // recovery says.
    let out = emend(&dir, &["clean", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("interrupted")
            && stderr.contains(".cleaned.staging-999999")
            && stderr.contains("cleaned/.doc000.txt.tmp-999999"),
        "{stderr}"
    );
    assert!(leftovers(&dir).is_empty());
    assert!(!dir.join("cleaned/.doc000.txt.tmp-999999").exists());
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn an_unreadable_document_keeps_its_files_and_the_others_are_written() {
    let dir = scratch("unreadable");
    generate(&dir, 1, 3);
    assert!(emend(&dir, &["clean"]).status.success());
    let before = snapshot(&dir);
    generate(&dir, 2, 3);
    std::fs::write(dir.join("raw/doc001.txt"), b"text\0with a NUL").unwrap();
    let out = emend(&dir, &["clean"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("raw/doc001.txt: binary data"), "{stderr}");
    let after = snapshot(&dir);
    for ext in ["jsonl", "txt"] {
        let (kept, other) = (format!("doc001.{ext}"), format!("doc000.{ext}"));
        assert_eq!(after[&kept], before[&kept], "{kept} keeps its files");
        assert_ne!(after[&other], before[&other], "{other} is rewritten");
    }
    assert!(leftovers(&dir).is_empty());
    let out = emend(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("raw/doc001.txt: binary data") && !t.contains("orphaned"),
        "{t}"
    );
    assert_eq!(t.lines().count(), 2, "one problem and the summary: {t}");
}
