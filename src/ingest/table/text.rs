//! Delimited text tables (CSV, TSV, semicolon- or pipe-separated): the delimiter sniffed
//! from the first lines, records read one at a time with the line each starts on.
//!
//! A damaged record costs itself only. A quote that opens a cell and runs on over what
//! look like whole rows (or never closes) rejects the record it opens in, and reading
//! resumes on the line after the quote; a record holding bytes the decoder could not read
//! is rejected with the cell they are in.

use std::io::Cursor;
use std::path::Path;

use encoding_rs::Encoding;

use super::decode::{DETECT_BYTES, decode, encoding_name};
use super::grid::excerpt;
use super::{BadRow, RawRow, Source, Table, TableError, header_row};
use crate::ingest::IssueKind;

/// Candidate delimiters, in order of preference when they score the same.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];
/// Non-empty lines looked at to choose the delimiter.
const SNIFF_LINES: usize = 20;

/// The records of a decoded text table, with the line each starts on.
pub(super) struct TextRows {
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    delimiter: u8,
    /// The field count most of the first lines have: a line inside a quoted cell with as
    /// many fields looks like a row of its own.
    width: usize,
    /// Byte offsets of the characters the decoder could not read (see `decode`).
    bad: Vec<usize>,
    /// The last of `bad` is a character cut off by the end of the file.
    truncated: bool,
    encoding: &'static str,
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
    let mut decoded = decode(path, bytes, explicit)?;
    // Lines ended by a lone CR (old Mac exports) are read as lines ended by LF: the same
    // length, so byte positions hold, and row numbers count those lines too.
    if !decoded.text.contains('\n') && decoded.text.contains('\r') {
        decoded.text = decoded.text.replace('\r', "\n");
    }
    let (delimiter, width) = sniff_delimiter(&decoded.text);
    let reader = csv_builder(delimiter).from_reader(Cursor::new(decoded.text.into_bytes()));
    let mut rows = TextRows {
        reader,
        record: csv::StringRecord::new(),
        delimiter,
        width,
        bad: decoded.bad,
        truncated: decoded.truncated,
        encoding: encoding_name(decoded.encoding),
        counted_byte: 0,
        counted_line: 1,
        len_hint: 0,
        done: false,
    };
    let header = header_row(rows.next_row(), path, || "the file".to_owned())?;
    rows.len_hint = rows.lines_after_header();
    let shown = match delimiter {
        b'\t' => "\\t".to_owned(),
        d => char::from(d).to_string(),
    };
    Ok(Table::new(
        header,
        format!("CSV ({}, '{shown}')", rows.encoding),
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
    pub(super) fn next_row(&mut self) -> Option<Result<RawRow, BadRow>> {
        while !self.done {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {
                    let row = self.record_line();
                    let (start, end) = (self.counted_byte, self.reader_byte());
                    // A lone quote never closed reads as one empty cell: damage, not blank.
                    if let Some(bad) = self.runaway_quote(row, start, end) {
                        return Some(Err(bad));
                    }
                    if self.record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let cells: Vec<String> =
                        self.record.iter().map(|c| c.trim().to_owned()).collect();
                    return Some(match self.undecodable(start, end) {
                        Some(at_end) => Err(self.bad_bytes(row, cells, at_end)),
                        None => Ok(RawRow { row, cells }),
                    });
                }
                Ok(false) => self.done = true,
                Err(cause) => {
                    // Not expected from UTF-8 text in memory; the rest cannot be trusted.
                    self.done = true;
                    let row = self.record_line();
                    return Some(Err(BadRow {
                        row,
                        column: None,
                        kind: IssueKind::Unreadable,
                        detail: format!("cannot read the rest of the file: {cause}"),
                        cells: Vec::new(),
                    }));
                }
            }
        }
        None
    }

    fn reader_byte(&self) -> usize {
        usize::try_from(self.reader.position().byte()).unwrap_or(usize::MAX)
    }

    /// When the record at `start..end` (starting on line `row`) holds a quote that runs
    /// on over whole rows: the record's first line as a rejected row, with reading moved
    /// to the line after the one the quote opened on.
    fn runaway_quote(&mut self, row: usize, start: usize, end: usize) -> Option<BadRow> {
        let bytes = self.reader.get_ref().get_ref();
        let raw = bytes.get(start..end)?;
        let open = runaway_quote(raw, self.delimiter, self.width, self.record.len())?;
        let after_open = raw.get(open..).unwrap_or_default();
        let line_end = open
            + after_open
                .iter()
                .position(|b| *b == b'\n')
                .unwrap_or(after_open.len());
        let first = raw.get(..line_end).unwrap_or_default();
        // Lines of the record after the quote's own, its final line break aside.
        let rest = raw.get(line_end + 1..).unwrap_or_default();
        let rest = rest.trim_ascii_end();
        let swallowed = if rest.is_empty() {
            0
        } else {
            count_newlines(rest) + 1
        };
        let mut cells: Vec<String> = Vec::new();
        let mut record = csv::StringRecord::new();
        if let Ok(true) = csv_builder(self.delimiter)
            .from_reader(first)
            .read_record(&mut record)
        {
            cells = record.iter().map(|c| c.trim().to_owned()).collect();
        }
        let column = cells.len().checked_sub(1);
        let shown = cells.last().map(|c| excerpt(c)).unwrap_or_default();
        let detail = if swallowed > 0 {
            format!(
                "a quote opens the cell '\"{shown}' and is not closed on its line: the \
                 {swallowed} lines after it would have been read into this cell, so the row \
                 is rejected and those lines are read as rows of their own"
            )
        } else {
            format!(
                "a quote opens the cell '\"{shown}' and is never closed, so the row is rejected"
            )
        };
        let restart = (start + line_end + 1).min(bytes.len());
        let line = row + count_newlines(bytes.get(start..restart).unwrap_or_default());
        let mut at = csv::Position::new();
        at.set_byte(restart as u64).set_line(line as u64);
        if self.reader.seek(at).is_err() {
            self.done = true;
        }
        self.counted_byte = restart;
        self.counted_line = line;
        let mut bad = BadRow {
            row,
            column,
            kind: IssueKind::UnbalancedQuote,
            detail,
            cells,
        };
        if let Some(at_end) = self.undecodable(start, start + line_end) {
            // Say so too: the damaged byte may be what broke the quote.
            bad.detail
                .push_str(&format!("; {}", self.bad_bytes_detail(at_end)));
        }
        Some(bad)
    }

    /// Whether the text in `start..end` holds undecodable bytes: `Some(true)` when the
    /// only ones are a character cut off by the end of the file.
    fn undecodable(&self, start: usize, end: usize) -> Option<bool> {
        let from = self.bad.partition_point(|&b| b < start);
        let to = self.bad.partition_point(|&b| b < end);
        (to > from).then(|| self.truncated && from + 1 == to && to == self.bad.len())
    }

    fn bad_bytes_detail(&self, at_end: bool) -> String {
        if at_end {
            format!(
                "the file ends in the middle of a {} character: it looks cut off, and this \
                 row is incomplete",
                self.encoding
            )
        } else {
            format!(
                "holds bytes that are not valid {} (shown as \u{fffd}); fix them in the \
                 file, or name the file's encoding with --encoding",
                self.encoding
            )
        }
    }

    fn bad_bytes(&self, row: usize, cells: Vec<String>, at_end: bool) -> BadRow {
        BadRow {
            row,
            column: cells.iter().position(|c| c.contains('\u{fffd}')),
            kind: IssueKind::InvalidEncoding,
            detail: self.bad_bytes_detail(at_end),
            cells,
        }
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
        let at = self.reader_byte().min(bytes.len());
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

/// Where in one record's text a quoted cell opens that runs away: one never closed, or
/// one running across a line break onto a line with at least `width - 1` fields, and two
/// (a whole row, by the look of it), or — when the record has `fields` other than the
/// `width` rows have — the first one running across a line break. The offset of its
/// opening quote.
///
/// Follows csv's rules: a quote opens a quoted cell only at the start of a cell, and `""`
/// inside one is a quote.
fn runaway_quote(raw: &[u8], delimiter: u8, width: usize, fields: usize) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        CellStart,
        Plain,
        Quoted,
        /// A quote inside a quoted cell: its end, or the first of `""`.
        QuoteInQuoted,
    }
    let mut at = At::CellStart;
    let mut open = 0;
    let mut first_spanning = None;
    for (i, &b) in raw.iter().enumerate() {
        at = match (at, b) {
            (At::CellStart, b'"') => {
                open = i;
                At::Quoted
            }
            (At::Quoted, b'"') => At::QuoteInQuoted,
            (At::QuoteInQuoted, b'"') => At::Quoted,
            (At::Quoted, b'\n') => {
                let line = raw.get(i + 1..).unwrap_or_default();
                let line = line.split(|c| *c == b'\n').next().unwrap_or_default();
                let line_fields = line.iter().filter(|c| **c == delimiter).count() + 1;
                // One field short still looks like a row (a damaged one).
                if line_fields >= 2 && line_fields + 1 >= width {
                    return Some(open);
                }
                first_spanning.get_or_insert(open);
                At::Quoted
            }
            (At::Quoted, _) => At::Quoted,
            (_, b'\n' | b'\r') => At::CellStart,
            (_, c) if c == delimiter => At::CellStart,
            _ => At::Plain,
        };
    }
    if at == At::Quoted {
        return Some(open);
    }
    first_spanning.filter(|_| width >= 2 && fields != width)
}

/// Picks the delimiter giving the most records with the same field count (> 1) in the
/// first non-empty lines, parsing them with csv so quoted delimiters do not count. Ties
/// go to the larger field count, then to the order of [`DELIMITERS`]; `,` when no
/// candidate splits anything. Returns the delimiter and the field count most of those
/// lines have, each line read alone (so a runaway quote there cannot make one record of
/// many lines look like the rule).
fn sniff_delimiter(text: &str) -> (u8, usize) {
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
    let mut best = (b',', 0_usize, 1_usize);
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
    let mut record = csv::ByteRecord::new();
    let per_line: Vec<usize> = sample
        .split(|b| *b == b'\n')
        .filter(|line| !line.trim_ascii().is_empty())
        .filter_map(|line| {
            let mut reader = csv_builder(best.0).from_reader(line);
            matches!(reader.read_byte_record(&mut record), Ok(true)).then(|| record.len())
        })
        .collect();
    (best.0, most_common(&per_line).1)
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
