//! Delimited text tables (CSV, TSV, semicolon- or pipe-separated): the delimiter sniffed
//! from the first lines, records read one at a time with the line each starts on.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::decode::{DETECT_BYTES, decode, encoding_name};
use super::{RawRow, Source, Table, TableError};

/// Candidate delimiters, in order of preference when they score the same.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];
/// Non-empty lines looked at to choose the delimiter.
const SNIFF_LINES: usize = 20;

/// The records of a decoded text table, with the line each starts on.
pub(super) struct TextRows {
    path: PathBuf,
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    /// Newlines before `counted_byte` have been counted into `counted_line`.
    counted_byte: usize,
    counted_line: usize,
    pub(super) len_hint: u64,
    done: bool,
}

/// Decodes a text table, sniffs its delimiter and reads its header row.
pub(super) fn open_text(
    path: &Path,
    bytes: Vec<u8>,
    explicit: Option<&'static Encoding>,
) -> Result<Table, TableError> {
    let (text, encoding) = decode(path, bytes, explicit)?;
    let delimiter = sniff_delimiter(&text);
    let reader = csv_builder(delimiter).from_reader(Cursor::new(text.into_bytes()));
    let mut rows = TextRows {
        path: path.to_owned(),
        reader,
        record: csv::StringRecord::new(),
        counted_byte: 0,
        counted_line: 1,
        len_hint: 0,
        done: false,
    };
    let header = match rows.next_row() {
        Some(row) => row?,
        None => {
            return Err(TableError::Empty {
                path: path.to_owned(),
                what: "the file".to_owned(),
            });
        }
    };
    rows.len_hint = rows.lines_after_header();
    let shown = match delimiter {
        b'\t' => "\\t".to_owned(),
        d => char::from(d).to_string(),
    };
    Ok(Table::new(
        header,
        format!("CSV ({}, '{shown}')", encoding_name(encoding)),
        Source::Text(rows),
    ))
}

fn csv_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .trim(csv::Trim::None);
    builder
}

impl TextRows {
    pub(super) fn next_row(&mut self) -> Option<Result<RawRow, TableError>> {
        while !self.done {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {
                    if self.record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let row = self.record_line();
                    let cells = self.record.iter().map(|c| c.trim().to_owned()).collect();
                    return Some(Ok(RawRow { row, cells }));
                }
                Ok(false) => self.done = true,
                Err(cause) => {
                    self.done = true;
                    return Some(Err(TableError::Csv {
                        path: self.path.clone(),
                        row: self.record_line(),
                        cause,
                    }));
                }
            }
        }
        None
    }

    /// 1-based line where the last record read starts. csv reports the position before
    /// the blank lines it skips, so step over line breaks before counting.
    fn record_line(&mut self) -> usize {
        let bytes = self.reader.get_ref().get_ref();
        let reported = self
            .record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.counted_byte);
        let mut start = reported.max(self.counted_byte).min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let skipped = bytes.get(self.counted_byte..start).unwrap_or_default();
        self.counted_line += count_newlines(skipped);
        self.counted_byte = start;
        self.counted_line
    }

    /// Lines after the one the reader is at (the line after the header once it is read).
    fn lines_after_header(&self) -> u64 {
        let bytes = self.reader.get_ref().get_ref();
        let at = usize::try_from(self.reader.position().byte()).unwrap_or(bytes.len());
        let mut rest = bytes.get(at..).unwrap_or_default();
        // After a CRLF record the reader may stop between `\r` and `\n`.
        if at > 0 && bytes.get(at - 1) == Some(&b'\r') {
            rest = rest.strip_prefix(b"\n").unwrap_or(rest);
        }
        let unterminated = u64::from(rest.last().is_some_and(|b| *b != b'\n'));
        count_newlines(rest) as u64 + unterminated
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Picks the delimiter giving the most records with the same field count (> 1) in the
/// first non-empty lines, parsing them with csv so quoted delimiters do not count. Ties
/// go to the larger field count, then to the order of [`DELIMITERS`]; `,` when no
/// candidate splits anything.
fn sniff_delimiter(text: &str) -> u8 {
    let mut end = 0;
    let mut non_empty = 0;
    for line in text.split_inclusive('\n') {
        end += line.len();
        if !line.trim().is_empty() {
            non_empty += 1;
        }
        if non_empty >= SNIFF_LINES || end >= DETECT_BYTES {
            break;
        }
    }
    let sample = text.as_bytes().get(..end).unwrap_or_default();
    let mut best = (b',', 0_usize, 0_usize);
    for delimiter in DELIMITERS {
        let mut reader = csv_builder(delimiter).from_reader(sample);
        let mut record = csv::ByteRecord::new();
        let mut counts: Vec<usize> = Vec::new();
        while let Ok(true) = reader.read_byte_record(&mut record) {
            if !record.iter().all(|f| f.trim_ascii().is_empty()) {
                counts.push(record.len());
            }
        }
        let (agreeing, fields) = most_common(&counts);
        if fields > 1 && (agreeing, fields) > (best.1, best.2) {
            best = (delimiter, agreeing, fields);
        }
    }
    best.0
}

/// The most frequent value and how often it occurs, as `(count, value)`; ties go to the
/// larger value.
fn most_common(values: &[usize]) -> (usize, usize) {
    let mut best = (0, 0);
    for &v in values {
        let n = values.iter().filter(|w| **w == v).count();
        if (n, v) > best {
            best = (n, v);
        }
    }
    best
}
