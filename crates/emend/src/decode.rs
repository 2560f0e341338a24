//! Bytes to text, never by a silent guess.
//!
//! The rules, in the order they are tried:
//!
//! 1. A byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE (and a NUL
//!    character in what it decodes is binary data, as in 4; so it is in
//!    what `--encoding` decodes).
//! 2. Bytes that are valid UTF-8 (and hold no NUL) are UTF-8.
//! 3. UTF-16 without a BOM is recognised by its byte pattern: decoded in one
//!    byte order it reads as text (Chinese, ASCII, punctuation), in the other
//!    it does not.
//! 4. A NUL byte anywhere else means binary data.
//! 5. Bytes that are *mostly* UTF-8 (their non-ASCII bytes form valid UTF-8
//!    sequences but for a few) are damaged UTF-8: an error naming the first
//!    bad byte, its line and column.
//! 6. GB18030/GBK and Big5 are used only when `chardetng` guesses them and
//!    its `guess_assess` says the guess beat the other candidates.
//! 7. Anything else is refused, with the reason; `--encoding NAME` forces one.
//!
//! Every decoding keeps a [`ByteMap`] from the text's offsets back to the
//! file's bytes, so provenance can name the bytes on disk.

use std::ops::Range;

use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::position::LineIndex;

/// A decoded file: its text, the encoding it was read in, and where each
/// character's bytes stand in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Did the file start with a byte-order mark?
    pub bom: bool,
    pub map: ByteMap,
}

/// Maps byte offsets of the decoded text to byte offsets of the file.
///
/// UTF-8 needs only the BOM's length. Other encodings keep, for every
/// character, how many file bytes it came from (one byte a character), plus
/// a checkpoint every [`CHECKPOINT`] characters so a lookup walks at most
/// that many characters: linear memory, constant-time lookups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ByteMap {
    /// File offset = text offset + this many bytes (the BOM).
    Shift(usize),
    /// Per-character file lengths, for every other encoding.
    PerChar(PerChar),
}

/// How many characters lie between two checkpoints of a [`PerChar`] map:
/// a lookup walks at most this many characters; 64 keeps the checkpoints
/// under a tenth of the per-character table.
const CHECKPOINT: usize = 64;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PerChar {
    /// For each character, the number of file bytes it was decoded from
    /// (0 for the second character of a byte sequence that decodes to two).
    file_len: Vec<u8>,
    /// For every `CHECKPOINT`-th character: its text offset and file offset.
    checkpoints: Vec<(usize, usize)>,
    /// The file's length, where the text's end maps.
    file_end: usize,
}

impl PerChar {
    fn push(&mut self, text_offset: usize, file_offset: usize, file_len: usize) {
        if self.file_len.len() % CHECKPOINT == 0 {
            self.checkpoints.push((text_offset, file_offset));
        }
        // A character comes from at most 4 bytes in every encoding emend reads.
        self.file_len
            .push(u8::try_from(file_len).unwrap_or(u8::MAX));
    }
}

impl ByteMap {
    /// The file offset of text offset `at`, which must be a character
    /// boundary of `text` (or its end; anything past the end maps to the
    /// file's end).
    pub fn file_offset(&self, text: &str, at: usize) -> usize {
        debug_assert!(at > text.len() || text.is_char_boundary(at));
        match self {
            ByteMap::Shift(bom) => at.min(text.len()) + bom,
            ByteMap::PerChar(map) => {
                if at >= text.len() {
                    return map.file_end;
                }
                let k = map.checkpoints.partition_point(|&(t, _)| t <= at) - 1;
                let (mut t, mut f) = map.checkpoints[k];
                let lens = &map.file_len[k * CHECKPOINT..];
                for (c, &len) in text[t..].chars().zip(lens) {
                    if t >= at {
                        break;
                    }
                    t += c.len_utf8();
                    f += usize::from(len);
                }
                f
            }
        }
    }

    /// The file byte range of a text byte range.
    pub fn file_range(&self, text: &str, range: Range<usize>) -> Range<usize> {
        self.file_offset(text, range.start)..self.file_offset(text, range.end)
    }
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("binary data (a NUL byte at byte {offset}), not text")]
    Binary { offset: usize },
    #[error("{what}: byte 0x{byte:02X} at byte {offset} (line {line}, column {column}) is not valid {encoding}")]
    Malformed {
        /// Why the file was read in that encoding.
        what: &'static str,
        encoding: &'static str,
        byte: u8,
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error("the encoding is not recognised: {reason}; if you know it, name it with --encoding (e.g. --encoding gb18030)")]
    Unrecognised { reason: String },
    #[error(
        "--encoding {0}: not an encoding name (try utf-8, utf-16le, utf-16be, gb18030, gbk, big5)"
    )]
    UnknownLabel(String),
}

/// Decodes `bytes` by the rules in the module documentation.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(
            bytes,
            encoding,
            bom_len,
            "the file starts with a byte-order mark",
        );
    }
    let nul = memchr_nul(bytes);
    if nul.is_none() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(utf8(text, false));
        }
    }
    if let Some(encoding) = utf16_by_pattern(bytes) {
        return decode_as(bytes, encoding, 0, "the bytes have UTF-16's pattern");
    }
    if let Some(offset) = nul {
        return Err(DecodeError::Binary { offset });
    }
    if let Some(bad) = damaged_utf8(bytes) {
        return Err(malformed_utf8(bytes, bad));
    }
    legacy_chinese(bytes)
}

/// Decodes `bytes` in the encoding named by `label` (an encoding_rs label:
/// `utf-8`, `gbk`, `big5`, `utf-16le` …), skipping a BOM of that encoding.
pub fn decode_forced(bytes: &[u8], label: &str) -> Result<Decoded, DecodeError> {
    decode_in(bytes, encoding_for(label)?, "as --encoding says")
}

/// Decodes `bytes` in the encoding `label` names when there is one (the
/// command line's `--encoding`), else by the rules above.
pub fn decode_with(bytes: &[u8], label: Option<&str>) -> Result<Decoded, DecodeError> {
    match label {
        Some(label) => decode_forced(bytes, label),
        None => decode(bytes),
    }
}

/// The encoding an Encoding Standard label names (`gbk`, `big5`,
/// `utf-16le` …). The labels of the "replacement" encoding, which decodes
/// anything to one U+FFFD, name nothing here.
pub fn encoding_for(label: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label_no_replacement(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownLabel(label.to_string()))
}

/// Decodes `bytes` in `encoding`, skipping a BOM of that encoding; `why`
/// says who chose it, for the error message.
pub fn decode_in(
    bytes: &[u8],
    encoding: &'static Encoding,
    why: &'static str,
) -> Result<Decoded, DecodeError> {
    let bom_len = match Encoding::for_bom(bytes) {
        Some((bom_encoding, len)) if bom_encoding == encoding => len,
        _ => 0,
    };
    decode_as(bytes, encoding, bom_len, why)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn utf8(text: &str, bom: bool) -> Decoded {
    Decoded {
        text: text.to_string(),
        encoding: UTF_8,
        bom,
        map: ByteMap::Shift(if bom { 3 } else { 0 }),
    }
}

/// Decodes the bytes after `skip` in `encoding`, refusing malformed input.
/// Decodes `bytes` past `skip` in `encoding`; a NUL character in the text
/// is binary data whatever the encoding (in UTF-8 emend would refuse its
/// own output), with a byte-order mark or `--encoding` too.
fn decode_as(
    bytes: &[u8],
    encoding: &'static Encoding,
    skip: usize,
    what: &'static str,
) -> Result<Decoded, DecodeError> {
    let decoded = decode_body(bytes, encoding, skip, what)?;
    if let Some(at) = decoded.text.find('\0') {
        let offset = decoded.map.file_offset(&decoded.text, at);
        return Err(DecodeError::Binary { offset });
    }
    Ok(decoded)
}

fn decode_body(
    bytes: &[u8],
    encoding: &'static Encoding,
    skip: usize,
    what: &'static str,
) -> Result<Decoded, DecodeError> {
    let body = &bytes[skip..];
    if encoding == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(utf8(text, skip > 0)),
            Err(e) => Err(malformed_at(
                bytes,
                skip,
                skip + e.valid_up_to(),
                what,
                "UTF-8",
            )),
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() + body.len() / 2);
    let mut map = PerChar {
        file_end: bytes.len(),
        ..PerChar::default()
    };
    // One byte at a time, so every character knows the bytes it came from,
    // into a small buffer on the stack: decoding into the growing String
    // would touch its spare capacity on every call (quadratic).
    // `pending` is the file offset of the first byte not yet turned into text.
    let mut pending = skip;
    let mut buffer = [0u8; 32];
    for (i, byte) in body.iter().enumerate() {
        let last = i + 1 == body.len();
        let (result, _, written) = decoder.decode_to_utf8_without_replacement(
            std::slice::from_ref(byte),
            &mut buffer,
            last,
        );
        if let DecoderResult::Malformed(_, _) = result {
            return Err(malformed(&text, bytes, pending, what, encoding.name()));
        }
        let produced = std::str::from_utf8(&buffer[..written]).unwrap_or_default();
        let offset = skip + i + 1;
        for (j, c) in produced.char_indices() {
            // The bytes go with the first character a sequence produced.
            let file_len = if j == 0 { offset - pending } else { 0 };
            map.push(text.len(), if j == 0 { pending } else { offset }, file_len);
            text.push(c);
        }
        if written > 0 {
            pending = offset;
        }
    }
    Ok(Decoded {
        text,
        encoding,
        bom: skip > 0,
        map: ByteMap::PerChar(map),
    })
}

/// A malformed byte at file offset `offset`, placed by the text decoded
/// before it (line and column as every other position emend reports).
fn malformed(
    text_before: &str,
    bytes: &[u8],
    offset: usize,
    what: &'static str,
    encoding: &'static str,
) -> DecodeError {
    let (line, column) = LineIndex::new(text_before).line_col(text_before.len());
    DecodeError::Malformed {
        what,
        encoding,
        byte: bytes.get(offset).copied().unwrap_or(0),
        offset,
        line,
        column,
    }
}

/// A malformed UTF-8 byte at `offset`; the text before it starts after
/// `skip` (a BOM is not a character of the text).
fn malformed_at(
    bytes: &[u8],
    skip: usize,
    offset: usize,
    what: &'static str,
    name: &'static str,
) -> DecodeError {
    let before = String::from_utf8_lossy(&bytes[skip..offset]);
    malformed(&before, bytes, offset, what, name)
}

fn malformed_utf8(bytes: &[u8], offset: usize) -> DecodeError {
    malformed_at(
        bytes,
        0,
        offset,
        "the file is UTF-8 but for a few bytes (damaged?)",
        "UTF-8",
    )
}

/// Is this UTF-8 with a few bad bytes? Returns the first bad byte's offset.
///
/// Legacy Chinese encodings form valid UTF-8 sequences only by chance:
/// GBK or Big5 prose has more invalid sequences than valid multi-byte
/// characters (see the tests). UTF-8 that lost a byte here and there keeps
/// nearly every character valid. So the file is damaged UTF-8 when its
/// valid multi-byte characters outnumber its invalid sequences five to one.
fn damaged_utf8(bytes: &[u8]) -> Option<usize> {
    const VALID_PER_INVALID: usize = 5;
    let mut first_bad = None;
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    let mut offset = 0;
    let mut in_invalid_run = false;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        offset += chunk.valid().len();
        if !chunk.valid().is_empty() {
            in_invalid_run = false;
        }
        if !chunk.invalid().is_empty() {
            first_bad.get_or_insert(offset);
            // Bytes left over from one broken character are one sequence.
            invalid += usize::from(!in_invalid_run);
            in_invalid_run = true;
            offset += chunk.invalid().len();
        }
    }
    let mostly = valid_multibyte >= VALID_PER_INVALID * invalid;
    first_bad.filter(|_| mostly)
}

/// UTF-16 without a BOM, recognised by its byte pattern.
///
/// With ASCII in it, UTF-16 has a NUL in every ASCII character, all on one
/// side: the odd bytes for little-endian, the even ones for big-endian; the
/// order they point to must read as text. Otherwise (NULs on both sides, as
/// `一` U+4E00 adds, or none) one order must read as text and the other
/// clearly not; and without NULs the bytes must not be mostly ASCII pairs
/// (ASCII or Latin-1 prose read two bytes at a time lands among the CJK
/// ideographs, so reading as text is not enough).
fn utf16_by_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    // Two characters at least: one is no pattern.
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let nul_even = bytes.iter().step_by(2).any(|&b| b == 0);
    let nul_odd = bytes.iter().skip(1).step_by(2).any(|&b| b == 0);
    let le = utf16_plausibility(bytes, u16::from_le_bytes);
    let be = utf16_plausibility(bytes, u16::from_be_bytes);
    // Real UTF-16 text reads as text nearly everywhere (an emoji or a rare
    // script is the exception); GBK, Cyrillic or random bytes read as
    // UTF-16 land in Hangul, Yi, extension A, surrogates and private use.
    const PLAUSIBLE: f64 = 0.95;
    const IMPLAUSIBLE: f64 = 0.5;
    let reads = |p: Option<f64>| p.is_some_and(|p| p >= PLAUSIBLE);
    let fails = |p: Option<f64>| p.is_none_or(|p| p < IMPLAUSIBLE);
    match (nul_even, nul_odd) {
        (false, true) => reads(le).then_some(UTF_16LE),
        (true, false) => reads(be).then_some(UTF_16BE),
        (false, false) if ascii_pairs(bytes) => None,
        // NULs on both sides (`一` is U+4E00) or none: one order must read
        // as text and the other clearly not.
        _ if reads(le) && fails(be) => Some(UTF_16LE),
        _ if reads(be) && fails(le) => Some(UTF_16BE),
        _ => None,
    }
}

/// Are at least half of the byte pairs two ASCII bytes? Chinese UTF-16 has
/// a high byte from 0x4E up in every character, so few of its pairs are.
fn ascii_pairs(bytes: &[u8]) -> bool {
    let pairs = bytes.chunks_exact(2);
    let total = pairs.len();
    let ascii = pairs.filter(|p| p[0].is_ascii() && p[1].is_ascii()).count();
    ascii * 2 >= total
}

/// The share of characters that are plausible text when `bytes` are read
/// as UTF-16 with `unit`; `None` when they are not valid UTF-16 at all.
fn utf16_plausibility(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Option<f64> {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let (mut total, mut plausible) = (0usize, 0usize);
    for c in char::decode_utf16(units) {
        let c = c.ok()?;
        if c == '\0' {
            return None;
        }
        total += 1;
        plausible += usize::from(plausible_in_utf16(c));
    }
    (total > 0).then(|| plausible as f64 / total as f64)
}

/// Characters a Chinese or ASCII text is made of. Hangul and Yi are left
/// out on purpose (GBK and Big5 byte pairs read as UTF-16 land there), and
/// so is extension A (Cyrillic and Greek read in the wrong byte order land
/// there; real text rarely uses it).
fn plausible_in_utf16(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{c}'
        | ' '..='~'
        | '\u{a0}'..='\u{ff}'
        | '\u{2000}'..='\u{206f}'   // general punctuation: — … “ ”
        | '\u{3000}'..='\u{30ff}'   // CJK punctuation, kana
        | '\u{4e00}'..='\u{9fff}'   // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'   // CJK compatibility ideographs
        | '\u{ff00}'..='\u{ffef}'   // full-width forms
        | '\u{20000}'..='\u{2ffff}' // CJK extensions B and on
    )
}

/// GB18030/GBK or Big5, when chardetng is sure; anything else is refused.
fn legacy_chinese(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, sure) = detector.guess_assess(None, false);
    let chinese = guess == GBK || guess == GB18030 || guess == BIG5;
    if !chinese {
        return Err(DecodeError::Unrecognised {
            reason: format!(
                "not UTF-8 or UTF-16, and chardetng guesses {}, which emend does not read unasked",
                guess.name()
            ),
        });
    }
    if !sure {
        return Err(DecodeError::Unrecognised {
            reason: format!(
                "not UTF-8 or UTF-16; chardetng guesses {} but is not sure",
                guess.name()
            ),
        });
    }
    // GBK's decoder is GB18030's; name what the bytes are read as.
    let encoding = if guess == GBK { GB18030 } else { guess };
    decode_as(bytes, encoding, 0, "chardetng is sure of it")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    const PROSE: &str = "党的二十届四中全会对未来五年发展作出顶层设计和战略擘画，为接续推进中国式现代化建设提供了根本遵循和行动指南。\n徐汇区将深入学习全会精神，聚焦主要目标，一张蓝图绘到底。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("干部".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.bom), ("干部", UTF_8, false));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "干部".as_bytes()].concat();
        let d = decode(&with_bom).unwrap();
        assert_eq!((d.text.as_str(), d.bom), ("干部", true));
        assert_eq!(d.map.file_range(&d.text, 3..6), 6..9);
    }

    #[test]
    fn utf16_with_bom_maps_to_file_bytes() {
        let bytes = [vec![0xFF, 0xFE], utf16le("干部\n")].concat();
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("干部\n", UTF_16LE));
        assert_eq!(d.map.file_range(&d.text, 3..6), 4..6);
        assert_eq!(d.map.file_offset(&d.text, d.text.len()), bytes.len());
    }

    #[test]
    fn utf16_without_bom_by_its_pattern() {
        let d = decode(&utf16le(PROSE)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (PROSE, UTF_16LE));
        let d = decode(&utf16be(PROSE)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (PROSE, UTF_16BE));
        // ASCII in UTF-16 has NUL bytes, and is still text.
        let d = decode(&utf16le("plain ASCII text\n")).unwrap();
        assert_eq!(d.text, "plain ASCII text\n");
    }

    #[test]
    fn western_text_is_not_mistaken_for_utf16() {
        for phrase in [
            "\u{c7}a va bien",
            "R\u{e9}sum\u{e9} attached \u{2014} thanks",
            "Cr\u{e8}me br\u{fb}l\u{e9}e",
        ] {
            let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(phrase);
            assert!(
                matches!(decode(&cp1252), Err(DecodeError::Unrecognised { .. })),
                "{phrase}"
            );
        }
        assert!(decode(b"a\rb\rc\xff").is_err());
        // Russian in UTF-16LE without a BOM is not read as Chinese either way.
        assert!(decode(&utf16le("мир и тепло на земле")).is_err());
    }

    #[test]
    fn english_utf16_without_bom_is_text() {
        let text = "the quick brown fox jumps over the lazy dog";
        assert_eq!(decode(&utf16le(text)).unwrap().text, text);
        assert_eq!(decode(&utf16be(text)).unwrap().text, text);
    }

    #[test]
    fn a_column_after_a_bom_counts_from_the_text() {
        let err = decode(b"\xef\xbb\xbfab\xff").unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::Malformed {
                    line: 1,
                    column: 3,
                    offset: 5,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn gb18030_when_chardetng_is_sure() {
        let (bytes, _, _) = GB18030.encode(PROSE);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (PROSE, GB18030));
        let at = d.text.find('徐').unwrap();
        let file = d.map.file_offset(&d.text, at);
        assert_eq!(&bytes[file..file + 2], &GB18030.encode("徐").0[..]);
    }

    #[test]
    fn big5_when_chardetng_is_sure() {
        let traditional = "黨的二十屆四中全會對未來五年發展作出頂層設計和戰略擘畫，為接續推進中國式現代化建設提供了根本遵循和行動指南。\n";
        let (bytes, _, unmappable) = BIG5.encode(traditional);
        assert!(!unmappable);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (traditional, BIG5));
    }

    #[test]
    fn utf8_missing_a_byte_is_an_error_with_its_position() {
        let mut bytes = PROSE.as_bytes().to_vec();
        let second_line = PROSE.find('徐').unwrap();
        bytes.remove(second_line + 1);
        let err = decode(&bytes).unwrap_err();
        assert!(
            matches!(err, DecodeError::Malformed { line: 2, column: 1, offset, .. } if offset == second_line),
            "{err}"
        );
    }

    #[test]
    fn legacy_chinese_is_not_mistaken_for_damaged_utf8() {
        let prose = PROSE.repeat(3);
        let (gbk, _, _) = GB18030.encode(&prose);
        assert_eq!(damaged_utf8(&gbk), None);
        let (big5, _, _) =
            BIG5.encode("黨的二十屆四中全會對未來五年發展作出頂層設計和戰略擘畫。\n");
        assert_eq!(damaged_utf8(&big5), None);
    }

    #[test]
    fn latin1_and_shift_jis_are_refused() {
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode("Herr Müller wohnt in Köln.\n");
        assert!(matches!(
            decode(&latin1),
            Err(DecodeError::Unrecognised { .. })
        ));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のテキストをここに書きます。\n");
        assert!(matches!(
            decode(&sjis),
            Err(DecodeError::Unrecognised { .. })
        ));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        // Behind a byte-order mark too: U+0000 in UTF-16LE, and in UTF-8;
        // and in a forced encoding.
        assert_eq!(
            decode_forced(b"\x2d\x4e\x00\x00\x87\x65", "utf-16le"),
            Err(DecodeError::Binary { offset: 2 })
        );
        assert_eq!(
            decode(b"\xff\xfe\x2d\x4e\x00\x00"),
            Err(DecodeError::Binary { offset: 4 })
        );
        assert_eq!(
            decode(b"\xef\xbb\xbfab\0"),
            Err(DecodeError::Binary { offset: 5 })
        );
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00"),
            Err(DecodeError::Binary { offset: 7 })
        );
    }

    #[test]
    fn forced_encoding() {
        let (bytes, _, _) = GB18030.encode("干部");
        let d = decode_forced(&bytes, "gbk").unwrap();
        assert_eq!(d.text, "干部");
        assert!(matches!(
            decode_forced(&bytes, "no-such"),
            Err(DecodeError::UnknownLabel(_))
        ));
        assert!(matches!(
            decode_forced(&bytes, "utf-8"),
            Err(DecodeError::Malformed { offset: 0, .. })
        ));
    }

    #[test]
    fn per_char_map_agrees_with_reencoding_everywhere() {
        let text: String = PROSE.repeat(5);
        let (bytes, _, _) = GB18030.encode(&text);
        let d = decode_forced(&bytes, "gb18030").unwrap();
        let mut file = 0;
        for (i, c) in d.text.char_indices() {
            assert_eq!(d.map.file_offset(&d.text, i), file, "at {i}");
            file += GB18030.encode(&c.to_string()).0.len();
        }
        assert_eq!(d.map.file_offset(&d.text, d.text.len()), bytes.len());
    }
}
