//! The wire format's contract: a record's `source` ranges are byte offsets
//! into the raw file as it is on disk. Slicing the file there and decoding
//! gives the raw text the record kept, whatever the file's encoding: the
//! same text as the UTF-8 file's ranges give.

use std::path::{Path, PathBuf};

use emend::records::Record;
use emend::Options;
use emend_cli::corpus::{process, Document};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

mod common;
use common::repo_root;

const SEED: &str = "xuhui-plenum-reactions";

/// The seed's raw text and TOML, written in `encoding` into a scratch raw/.
fn seed_in(encoding: &'static Encoding, bom: &[u8], tag: &str) -> (PathBuf, Vec<u8>) {
    let dir = std::env::temp_dir().join(format!("emend-contract-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(repo_root().join(format!("raw/{SEED}.txt"))).unwrap();
    let body: Vec<u8> = if encoding == UTF_16LE {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    } else if encoding == UTF_16BE {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    } else {
        let (bytes, _, unmappable) = encoding.encode(&text);
        assert!(!unmappable);
        bytes.into_owned()
    };
    let bytes = [bom, &body].concat();
    let path = dir.join(format!("{SEED}.txt"));
    std::fs::write(&path, &bytes).unwrap();
    std::fs::copy(
        repo_root().join(format!("raw/{SEED}.toml")),
        dir.join(format!("{SEED}.toml")),
    )
    .unwrap();
    (path, bytes)
}

fn records(path: &Path) -> Vec<Record> {
    let doc = Document::load(path, false).expect("loads");
    let setup = doc.setup().expect("TOML resolves");
    process(&doc, &setup, &Options::default())
        .expect("cleans")
        .records
}

/// Every source range of every record, decoded from the file's bytes.
fn kept_text(records: &[Record], bytes: &[u8], encoding: &'static Encoding) -> Vec<String> {
    records
        .iter()
        .flat_map(|r| r.source.heading.iter().chain(&r.source.body))
        .map(|span| {
            let (start, end) = (span.start, span.end);
            let (text, malformed) = encoding.decode_without_bom_handling(&bytes[start..end]);
            assert!(!malformed, "a range cuts a character: {start}..{end}");
            text.into_owned()
        })
        .collect()
}

#[test]
fn source_ranges_are_file_bytes_in_every_encoding() {
    let (utf8_path, utf8_bytes) = seed_in(UTF_8, b"", "utf8");
    let reference = records(&utf8_path);
    let expected = kept_text(&reference, &utf8_bytes, UTF_8);
    assert!(expected.iter().map(String::len).sum::<usize>() > 10_000);

    let cases: [(&'static Encoding, &[u8], &str, &str); 4] = [
        (UTF_8, b"\xEF\xBB\xBF", "bom", "UTF-8"),
        (GB18030, b"", "gb18030", "gb18030"),
        (UTF_16LE, b"\xFF\xFE", "utf16le", "UTF-16LE"),
        (UTF_16BE, b"", "utf16be", "UTF-16BE"),
    ];
    for (encoding, bom, tag, name) in cases {
        let (path, bytes) = seed_in(encoding, bom, tag);
        let got = records(&path);
        assert_eq!(got.len(), reference.len(), "{tag}");
        for (a, b) in got.iter().zip(&reference) {
            assert_eq!((&a.text, &a.heading), (&b.text, &b.heading), "{tag}");
            assert_eq!(a.encoding, name, "{tag}");
        }
        assert_eq!(kept_text(&got, &bytes, encoding), expected, "{tag}");
    }
}

#[test]
fn change_spans_name_file_bytes_and_characters() {
    let (path, bytes) = seed_in(UTF_16LE, b"\xFF\xFE", "spans");
    for record in records(&path) {
        for change in &record.changes {
            let (text, _) =
                UTF_16LE.decode_without_bom_handling(&bytes[change.span.start..change.span.end]);
            if change.kind != emend::ChangeKind::Move {
                assert_eq!(text, change.before, "{change:?}");
            }
            // line:column counts characters of the decoded text.
            let (before, _) = UTF_16LE.decode_without_bom_handling(&bytes[2..change.span.start]);
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!((change.span.line, change.span.column), (line, column));
        }
    }
}
