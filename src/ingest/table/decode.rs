//! Text encodings: the `--encoding` labels a user may give, and turning a text table's
//! bytes into UTF-8 — the encoding given, else the BOM's, else UTF-8 when the bytes are
//! valid UTF-8, else UTF-16 by its zero bytes, else chardetng's guess.

use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use super::TableError;

/// Bytes fed to chardetng: enough for a confident guess without scanning a huge file.
pub(super) const DETECT_BYTES: usize = 1 << 20;

/// Resolves an `--encoding` label: WHATWG labels (`gbk`, `gb18030`, `utf-8`, `utf-16le`,
/// `big5`, `shift_jis`, `windows-1252`, …) plus common aliases (`cp936`, `cp950`,
/// `utf8-sig`, `utf16le`).
///
/// # Errors
/// [`TableError::UnknownEncoding`] when the label names no encoding.
///
/// ```
/// use catchment::ingest::table::parse_encoding_label;
/// assert_eq!(parse_encoding_label("GBK").unwrap(), encoding_rs::GBK);
/// assert!(parse_encoding_label("klingon").is_err());
/// ```
pub fn parse_encoding_label(label: &str) -> Result<&'static Encoding, TableError> {
    let lower = label.trim().to_ascii_lowercase();
    let whatwg = match lower.as_str() {
        "cp936" | "ms936" | "windows-936" => "gbk",
        "gb-18030" | "cp54936" => "gb18030",
        "cp950" | "ms950" | "big-5" => "big5",
        "utf8-sig" | "utf-8-sig" | "utf8bom" => "utf-8",
        "utf16le" | "utf-16-le" | "ucs-2le" => "utf-16le",
        "utf16be" | "utf-16-be" | "ucs-2be" => "utf-16be",
        "cp932" => "shift_jis",
        "cp1252" => "windows-1252",
        other => other,
    };
    Encoding::for_label(whatwg.as_bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT)
        .ok_or_else(|| TableError::UnknownEncoding {
            label: label.to_owned(),
        })
}

/// Name shown in `format` and errors (encoding_rs spells GB18030 in lower case).
pub(super) fn encoding_name(enc: &'static Encoding) -> &'static str {
    if enc == encoding_rs::GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

/// Decodes the file to UTF-8: explicit encoding, else BOM, else UTF-8 if valid, else the
/// chardetng guess (GBK widened to its superset GB18030).
pub(super) fn decode(
    path: &Path,
    mut bytes: Vec<u8>,
    explicit: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), TableError> {
    let bom = Encoding::for_bom(&bytes);
    let encoding = match (explicit, bom) {
        (Some(enc), Some((bom_enc, len))) if bom_enc == enc => {
            bytes.drain(..len);
            enc
        }
        (Some(enc), _) => enc,
        (None, Some((enc, len))) => {
            bytes.drain(..len);
            enc
        }
        (None, None) => {
            // Plain-ASCII UTF-16 is also valid UTF-8 (with NULs), so look for it first.
            let sample = bytes.get(..DETECT_BYTES).unwrap_or(&bytes);
            match utf16_without_bom(sample) {
                Some(enc) => enc,
                None => match String::from_utf8(bytes) {
                    Ok(text) => return Ok((text, encoding_rs::UTF_8)),
                    Err(e) => {
                        bytes = e.into_bytes();
                        guess_encoding(&bytes)
                    }
                },
            }
        }
    };
    let failed = || TableError::Decode {
        path: path.to_owned(),
        encoding: encoding_name(encoding),
    };
    if encoding == encoding_rs::UTF_8 {
        return String::from_utf8(bytes)
            .map(|text| (text, encoding))
            .map_err(|_| failed());
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
    if had_errors {
        return Err(failed());
    }
    Ok((text.into_owned(), encoding))
}

fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let sample = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(None, Utf8Detection::Allow);
    if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    }
}

/// chardetng does not detect UTF-16; without a BOM its mostly-ASCII text shows as a zero
/// byte in every other position.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 2 > pairs && even * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 2 > pairs && odd * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}
