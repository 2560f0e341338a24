//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, or
//! GB18030/GBK. Anything else is an error that says where it went wrong,
//! never text with replacement characters in it.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The encoding a text was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// A decoded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Detected,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("binary data (a NUL byte at byte {offset}), not text")]
    Binary { offset: usize },
    #[error("not UTF-8, UTF-16 or GB18030: undecodable bytes at byte {offset} (line {line}, column {column})")]
    Undecodable {
        offset: usize,
        line: usize,
        column: usize,
    },
}

/// Decodes `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, Detected::Utf8Bom);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let detected = if enc == UTF_16LE {
            Detected::Utf16Le
        } else if enc == UTF_16BE {
            Detected::Utf16Be
        } else {
            Detected::Utf8Bom
        };
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if malformed {
            return Err(undecodable(bytes, bom_len));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: detected,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            encoding: Detected::Utf8,
        }),
        Err(utf8_error) => {
            gb18030(bytes).ok_or_else(|| undecodable(bytes, utf8_error.valid_up_to()))
        }
    }
}

fn utf8(bytes: &[u8], encoding: Detected) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            encoding,
        }),
        Err(e) => Err(undecodable(bytes, e.valid_up_to())),
    }
}

/// GB18030 decodes nearly any byte string, so it is trusted only when the
/// result has no replacement characters and no control characters.
fn gb18030(bytes: &[u8]) -> Option<Decoded> {
    let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    let plausible = !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    plausible.then(|| Decoded {
        text: text.into_owned(),
        encoding: Detected::Gb18030,
    })
}

fn undecodable(bytes: &[u8], offset: usize) -> DecodeError {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    DecodeError::Undecodable {
        offset,
        line,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("干部".as_bytes()).unwrap().text, "干部");
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "干部".as_bytes()].concat();
        let d = decode(&with_bom).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("干部", Detected::Utf8Bom));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "干部\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().encoding, Detected::Utf16Le);
    }

    #[test]
    fn gbk() {
        let (bytes, _, _) = GB18030.encode("党的二十届四中全会");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "党的二十届四中全会");
        assert_eq!(d.encoding, Detected::Gb18030);
    }

    #[test]
    fn binary_and_garbage_are_errors() {
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        assert!(matches!(
            decode(b"ok\n\xff\xfe\xfd"),
            Err(DecodeError::Undecodable { line: 2, .. })
        ));
    }
}
