//! Limits on a zip-based workbook (XLSX, XLSB, ODS), checked before calamine reads it.
//!
//! calamine reads the shared strings whole and each cell's text whole, so a small archive
//! that inflates to one huge cell (a zip bomb) would be allocated in full. Here every
//! member's uncompressed size is checked against the zip directory, and every XML member
//! is inflated once through a fixed buffer looking for a text longer than
//! [`MAX_CELL_BYTES`]: memory stays at one buffer, whatever the sizes claim.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::{MAX_CELL_BYTES, MAX_COLUMNS, TableError};

/// Largest uncompressed archive member read: about four times the sheet of a full
/// 1,048,576-row member table.
pub(super) const MAX_MEMBER_BYTES: u64 = 1 << 30;

/// Longest markup tag looked at for a cell reference; a longer tag is skipped over.
const MAX_TAG_BYTES: usize = 256;

/// Checks every member of the archive at `path` against [`MAX_MEMBER_BYTES`] and every
/// XML member for a text run over [`MAX_CELL_BYTES`].
///
/// # Errors
/// [`TableError::TooLarge`] naming the member (and the cell, when the sheet says which),
/// [`TableError::Io`] when the file cannot be read. A file that is not a readable zip
/// passes: calamine then says what is wrong with it.
pub(super) fn check_archive(path: &Path) -> Result<(), TableError> {
    let file = File::open(path).map_err(|cause| super::io_error(path, cause))?;
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let too_large = |detail: String| TableError::TooLarge {
        path: path.to_owned(),
        detail,
    };
    for i in 0..archive.len() {
        let Ok(member) = archive.by_index(i) else {
            continue;
        };
        let name = member
            .name()
            .map(|n| super::grid::excerpt(&n))
            .unwrap_or_default();
        if member.size() > MAX_MEMBER_BYTES {
            return Err(too_large(format!(
                "its part {name} inflates to {} bytes, more than the {MAX_MEMBER_BYTES} read",
                member.size()
            )));
        }
        if name.ends_with(".xml") {
            scan_xml(member, &name).map_err(too_large)?;
        }
    }
    Ok(())
}

/// Reads one XML member through a fixed buffer: its real size against
/// [`MAX_MEMBER_BYTES`] (the directory may lie) and its longest text against
/// [`MAX_CELL_BYTES`]. Returns the sentence for the error.
fn scan_xml(mut member: impl Read, name: &str) -> Result<(), String> {
    let mut buf = vec![0_u8; 64 * 1024];
    let mut total: u64 = 0;
    let mut in_tag = false;
    let mut tag: Vec<u8> = Vec::with_capacity(MAX_TAG_BYTES);
    // The reference of the last cell opened (`D5`), kept as bytes: spelt out only for
    // an error.
    let mut cell: Vec<u8> = Vec::new();
    let mut text_run = 0_usize;
    loop {
        // A member that fails to inflate is left for calamine to report.
        let Ok(n) = member.read(&mut buf) else {
            return Ok(());
        };
        if n == 0 {
            return Ok(());
        }
        total += n as u64;
        if total > MAX_MEMBER_BYTES {
            return Err(format!(
                "its part {name} inflates to more than the {MAX_MEMBER_BYTES} bytes read"
            ));
        }
        let mut rest = buf.get(..n).unwrap_or_default();
        while !rest.is_empty() {
            let stop = if in_tag { b'>' } else { b'<' };
            let (part, found) = match rest.iter().position(|b| *b == stop) {
                Some(i) => (rest.get(..i).unwrap_or_default(), true),
                None => (rest, false),
            };
            rest = rest
                .get(part.len() + usize::from(found)..)
                .unwrap_or_default();
            if in_tag {
                let room = MAX_TAG_BYTES.saturating_sub(tag.len());
                tag.extend_from_slice(part.get(..room.min(part.len())).unwrap_or_default());
                if found {
                    in_tag = false;
                    if let Some((r, column)) = cell_reference(&tag) {
                        if column >= MAX_COLUMNS {
                            return Err(format!(
                                "cell {} in its part {name} lies beyond the {MAX_COLUMNS} \
                                 columns read",
                                spelt(r)
                            ));
                        }
                        cell.clear();
                        cell.extend_from_slice(r);
                    }
                }
            } else {
                text_run += part.len();
                if text_run > MAX_CELL_BYTES {
                    let at = if cell.is_empty() {
                        "a text".to_owned()
                    } else {
                        format!("cell {}", spelt(&cell))
                    };
                    return Err(format!(
                        "{at} in its part {name} is longer than {MAX_CELL_BYTES} bytes, the \
                         most read from one cell"
                    ));
                }
                if found {
                    in_tag = true;
                    tag.clear();
                    text_run = 0;
                }
            }
        }
    }
}

/// The `r` attribute of a `<c …>` tag (an XLSX cell), given the tag's text after `<`,
/// and its 0-based column.
fn cell_reference(tag: &[u8]) -> Option<(&[u8], usize)> {
    let rest = tag.strip_prefix(b"c ")?;
    let at = rest.windows(3).position(|w| w == b"r=\"")?;
    let value = rest.get(at + 3..)?;
    let r = value.get(..value.iter().position(|b| *b == b'"')?)?;
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let digits = r.get(letters..)?;
    if letters == 0 || digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Bijective base 26: A = 1, Z = 26, AA = 27; at most three letters in a real sheet.
    let index = r
        .iter()
        .take(letters.min(4))
        .fold(0_usize, |n, b| n * 26 + usize::from(b - b'A') + 1);
    Some((r, index - 1))
}

/// A cell reference for a message: `D5` as `D5 (row 5, column D)`.
fn spelt(r: &[u8]) -> String {
    let r = String::from_utf8_lossy(r);
    let split = r.find(|c: char| c.is_ascii_digit()).unwrap_or(r.len());
    let (column, row) = r.split_at(split);
    format!("{r} (row {row}, column {column})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_found_with_its_cell() {
        let mut xml = b"<sheetData><row r=\"7\"><c r=\"D7\" t=\"inlineStr\"><is><t>".to_vec();
        xml.extend(std::iter::repeat_n(b'x', MAX_CELL_BYTES + 1));
        xml.extend_from_slice(b"</t></is></c></row></sheetData>");
        let err = scan_xml(xml.as_slice(), "xl/worksheets/sheet1.xml").unwrap_err();
        assert!(
            err.starts_with("cell D7 (row 7, column D) in its part"),
            "{err}"
        );
        let mut ok = b"<c r=\"A1\"><v>".to_vec();
        ok.extend(std::iter::repeat_n(b'1', MAX_CELL_BYTES));
        ok.extend_from_slice(b"</v></c>");
        assert_eq!(scan_xml(ok.as_slice(), "s.xml"), Ok(()));
    }

    #[test]
    fn cell_references() {
        assert_eq!(
            cell_reference(b"c r=\"XFD1048576\" t=\"s\""),
            Some((b"XFD1048576".as_slice(), 16383))
        );
        assert_eq!(spelt(b"XFD1048576"), "XFD1048576 (row 1048576, column XFD)");
        assert_eq!(cell_reference(b"c r=\"AA3\"").map(|c| c.1), Some(26));
        let far = b"<c r=\"XFD1048576\"><v>1</v></c>";
        let err = scan_xml(far.as_slice(), "sheet.xml").unwrap_err();
        assert!(
            err.contains("XFD1048576") && err.contains("beyond"),
            "{err}"
        );
        assert_eq!(cell_reference(b"col r=\"A1\""), None);
        assert_eq!(cell_reference(b"c s=\"1\""), None);
    }
}
