//! Text encodings: the `--encoding` labels a user may give, and turning a text table's
//! bytes into UTF-8 — the encoding given, else the BOM's, else UTF-8 when the bytes are
//! valid UTF-8 (or valid but for a few bytes), else UTF-16 by its zero bytes, else
//! chardetng's guess. A few undecodable bytes, or a character cut off by the end of the
//! file, are marked for the rows holding them to be rejected; many fail the file.

use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding};

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

/// A text table's bytes as UTF-8, with where the bytes that could not be decoded were.
pub(super) struct Decoded {
    pub(super) text: String,
    pub(super) encoding: &'static Encoding,
    /// Byte offsets in `text` of the U+FFFD put in for each undecodable sequence, in order.
    pub(super) bad: Vec<usize>,
    /// The last of `bad` is a character cut off by the end of the file.
    pub(super) truncated: bool,
}

/// Undecodable sequences tolerated per well-formed non-ASCII character: more than this
/// and the encoding is taken to be wrong rather than the file damaged in a few places.
const GOOD_PER_BAD: usize = 8;

/// Decodes the file to UTF-8: explicit encoding, else BOM, else UTF-8 if valid (or valid
/// but for a few bytes), else the chardetng guess (GBK widened to its superset GB18030).
///
/// A few undecodable sequences do not fail the file: each becomes U+FFFD and is listed in
/// [`Decoded::bad`], so the rows holding them can be rejected one by one.
pub(super) fn decode(
    path: &Path,
    mut bytes: Vec<u8>,
    explicit: Option<&'static Encoding>,
) -> Result<Decoded, TableError> {
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
                    Ok(text) => return Ok(Decoded::clean(text, encoding_rs::UTF_8)),
                    Err(e) => {
                        bytes = e.into_bytes();
                        let utf8 = decode_marking(encoding_rs::UTF_8, &bytes);
                        if utf8.truncated_only() || utf8.damaged_only() {
                            return Ok(utf8);
                        }
                        guess_encoding(&bytes)
                    }
                },
            }
        }
    };
    if encoding == encoding_rs::UTF_8 {
        match String::from_utf8(bytes) {
            Ok(text) => return Ok(Decoded::clean(text, encoding)),
            Err(e) => bytes = e.into_bytes(),
        }
    }
    let decoded = decode_marking(encoding, &bytes);
    if decoded.bad.is_empty() || decoded.truncated_only() || decoded.damaged_only() {
        Ok(decoded)
    } else {
        Err(TableError::Decode {
            path: path.to_owned(),
            encoding: encoding_name(encoding),
        })
    }
}

impl Decoded {
    fn clean(text: String, encoding: &'static Encoding) -> Decoded {
        Decoded {
            text,
            encoding,
            bad: Vec::new(),
            truncated: false,
        }
    }

    /// The only flaw is a character cut off by the end of the file.
    fn truncated_only(&self) -> bool {
        self.truncated && self.bad.len() == 1
    }

    /// A few undecodable sequences among many well-formed non-ASCII characters.
    fn damaged_only(&self) -> bool {
        // Every character from U+0080 on starts with a byte of 0xC2 or more in UTF-8.
        let non_ascii = self.text.bytes().filter(|b| *b >= 0xC2).count();
        let good = non_ascii.saturating_sub(self.bad.len());
        !self.bad.is_empty() && self.bad.len() * GOOD_PER_BAD <= good
    }
}

/// Decodes `bytes`, putting U+FFFD for each malformed sequence and noting where.
fn decode_marking(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(room);
    let mut bad = Vec::new();
    let mut truncated = false;
    let mut src = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, true);
        src = src.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(src.len().max(16) * 3),
            DecoderResult::Malformed(..) => {
                bad.push(text.len());
                text.push('\u{fffd}');
                truncated = src.is_empty();
            }
        }
    }
    text.shrink_to_fit();
    Decoded {
        text,
        encoding,
        bad,
        truncated,
    }
}

fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let sample = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // Never `last`: a file cut in the middle of a character must not rule out its real
    // encoding (the cut is reported as such once decoded).
    detector.feed(sample, false);
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
