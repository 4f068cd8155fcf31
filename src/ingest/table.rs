//! Reading any member or shop table file into a header row and raw string rows.
//!
//! Owns everything about *files*: which format a file is (by extension, else by its first
//! bytes), which text encoding it uses (explicit, BOM, UTF-8, else detected with chardetng),
//! which delimiter a text table uses, which sheet of a workbook to read, and which row of
//! the file a record came from. It knows nothing about columns or values: cells come out
//! as trimmed strings for [`columns`](super::columns) and [`values`](super::values).
//!
//! Text files are read whole into memory and parsed one record at a time, so a table costs
//! its file size plus one record; workbooks are read by calamine one sheet at a time.

use std::fmt;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;
use unicode_normalization::UnicodeNormalization;

/// How to read a table: both fields are the user's overrides, `None` means "detect".
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// Text encoding of a CSV/TSV/TXT file (`--encoding`); ignored for workbooks.
    pub encoding: Option<&'static Encoding>,
    /// Worksheet to read (`--sheet`); the first sheet when `None`; ignored for text files.
    pub sheet: Option<String>,
}

/// One data row: where it is in the file and its trimmed cells.
///
/// `cells` is in header order but may be shorter or longer than the header (text rows
/// are not padded); index it with `.get(i)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// 1-based row a user sees: the line where the record starts in a text editor, or the
    /// spreadsheet row number.
    pub row: usize,
    /// Cell texts, trimmed but not otherwise normalised.
    pub cells: Vec<String>,
}

/// An open table: its header and a cursor over its data rows.
pub struct Table {
    /// Header cells: trimmed, stray BOM removed, NFKC-normalised (full-width → ASCII).
    pub headers: Vec<String>,
    /// What was read, for the import report: `CSV (UTF-8, ',')`, `CSV (GB18030, '\t')`,
    /// `XLSX sheet '会员'`.
    pub format: String,
    source: Source,
}

enum Source {
    Text(TextRows),
    Sheet(SheetRows),
}

/// Why a table could not be read. Every message names the file as it was given.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {cause}", path.display())]
    Io {
        /// The file as given.
        path: PathBuf,
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// The text is not valid in the encoding that was given or detected.
    #[error(
        "{}: the text is not valid {encoding}; name the file's real encoding with \
         --encoding (e.g. gb18030, big5, utf-16le, windows-1252)",
        path.display()
    )]
    Decode {
        /// The file as given.
        path: PathBuf,
        /// Name of the encoding that failed.
        encoding: &'static str,
    },
    /// An `--encoding` label that names no known encoding (not tied to a file).
    #[error(
        "unknown text encoding '{label}' (try utf-8, gb18030, gbk, big5, utf-16le, \
         utf-16be, shift_jis or windows-1252)"
    )]
    UnknownEncoding {
        /// The label as given.
        label: String,
    },
    /// The CSV parser failed on a record.
    #[error("{} line {row}: {cause}", path.display())]
    Csv {
        /// The file as given.
        path: PathBuf,
        /// 1-based line where the failing record starts.
        row: usize,
        /// The parser's reason.
        cause: csv::Error,
    },
    /// The workbook could not be opened or a sheet could not be read.
    #[error(
        "{}: cannot read it as a spreadsheet: {cause} (if it is a text table, give it a \
         .csv extension)",
        path.display()
    )]
    Workbook {
        /// The file as given.
        path: PathBuf,
        /// calamine's reason.
        cause: calamine::Error,
    },
    /// `--sheet` names a sheet the workbook does not have.
    #[error(
        "{} has no sheet '{sheet}'; its sheets are {}: pick one with --sheet",
        path.display(),
        quoted_list(available)
    )]
    NoSuchSheet {
        /// The file as given.
        path: PathBuf,
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheet names, in order.
        available: Vec<String>,
    },
    /// The workbook has no worksheets at all.
    #[error("{} has no worksheets", path.display())]
    NoSheets {
        /// The file as given.
        path: PathBuf,
    },
    /// Nothing but blank lines or empty cells: no header row.
    #[error("{}: {what} is empty (no header row found)", path.display())]
    Empty {
        /// The file as given.
        path: PathBuf,
        /// `the file` or `sheet 'NAME'`.
        what: String,
    },
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    quoted.join(", ")
}

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
fn encoding_name(enc: &'static Encoding) -> &'static str {
    if enc == encoding_rs::GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

impl Table {
    /// Opens a table file and reads its header row.
    ///
    /// The format comes from the extension (`.csv` `.tsv` `.txt` are delimited text;
    /// `.xlsx` `.xlsm` `.xlsb` `.xls` `.ods` are workbooks); any other extension, and a
    /// text extension on a file that is really a workbook, is decided by the first bytes
    /// (a ZIP or OLE header means workbook). The header is the first row with a non-empty
    /// cell.
    ///
    /// # Errors
    /// [`TableError`] when the file cannot be read or decoded, the sheet does not exist,
    /// or there is no header row.
    pub fn open(path: &Path, opts: &TableOptions) -> Result<Table, TableError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let kind = match ext.as_deref() {
            Some("xlsx" | "xlsm") => Some(BookKind::Xlsx),
            Some("xlsb") => Some(BookKind::Xlsb),
            Some("xls") => Some(BookKind::Xls),
            Some("ods") => Some(BookKind::Ods),
            _ => None,
        };
        if let Some(kind) = kind {
            // Open once ourselves so a missing file is an I/O error, not a calamine one.
            File::open(path).map_err(|cause| io_error(path, cause))?;
            return open_workbook(path, kind, opts);
        }
        let mut bytes = Vec::new();
        File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|cause| io_error(path, cause))?;
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            drop(bytes);
            return open_workbook(path, BookKind::Sniffed, opts);
        }
        open_text(path, bytes, opts.encoding)
    }

    /// The next data row, or `None` at the end. Blank rows are skipped.
    ///
    /// # Errors
    /// A CSV parser error ends the iteration after it is returned.
    pub fn next_row(&mut self) -> Option<Result<RawRow, TableError>> {
        match &mut self.source {
            Source::Text(t) => t.next_row(),
            Source::Sheet(s) => s.next_row().map(Ok),
        }
    }

    /// Iterates over the data rows (see [`Table::next_row`]).
    pub fn rows(&mut self) -> impl Iterator<Item = Result<RawRow, TableError>> + '_ {
        std::iter::from_fn(move || self.next_row())
    }

    /// Expected number of data rows, for sizing a progress bar; fixed when the table is
    /// opened, not a count of what is left.
    ///
    /// For a sheet, the rows of the used range below the header (blank ones included).
    /// For text, the lines after the header line: exact for ordinary CSV, an upper bound
    /// when there are blank lines or quoted cells spanning lines.
    pub fn len_hint(&self) -> Option<u64> {
        match &self.source {
            Source::Text(t) => Some(t.len_hint),
            Source::Sheet(s) => Some(s.len_hint),
        }
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field("headers", &self.headers)
            .field("format", &self.format)
            .field("len_hint", &self.len_hint())
            .finish_non_exhaustive()
    }
}

fn io_error(path: &Path, cause: std::io::Error) -> TableError {
    TableError::Io {
        path: path.to_owned(),
        cause,
    }
}

/// Header cell: trimmed, BOMs removed, NFKC so `会员卡号` and `ＩＤ` match their aliases.
fn header_cell(raw: &str) -> String {
    let no_bom = raw.replace('\u{feff}', "");
    let trimmed = no_bom.trim();
    if trimmed.is_ascii() {
        trimmed.to_owned()
    } else {
        trimmed.nfkc().collect::<String>().trim().to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// Delimited text
// ---------------------------------------------------------------------------------------

/// Candidate delimiters, in order of preference when they score the same.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];
/// Non-empty lines looked at to choose the delimiter.
const SNIFF_LINES: usize = 20;
/// Bytes fed to chardetng: enough for a confident guess without scanning a huge file.
const DETECT_BYTES: usize = 1 << 20;

struct TextRows {
    path: PathBuf,
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    /// Newlines before `counted_byte` have been counted into `counted_line`.
    counted_byte: usize,
    counted_line: usize,
    len_hint: u64,
    done: bool,
}

fn open_text(
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
    Ok(Table {
        headers: header.cells.iter().map(|c| header_cell(c)).collect(),
        format: format!("CSV ({}, '{shown}')", encoding_name(encoding)),
        source: Source::Text(rows),
    })
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
    fn next_row(&mut self) -> Option<Result<RawRow, TableError>> {
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

/// Decodes the file to UTF-8: explicit encoding, else BOM, else UTF-8 if valid, else the
/// chardetng guess (GBK widened to its superset GB18030).
fn decode(
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

// ---------------------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum BookKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// Unknown extension with a ZIP/OLE header: let calamine try each format.
    Sniffed,
}

struct SheetRows {
    range: Range<Data>,
    /// Next relative row of `range` to read.
    next: usize,
    /// 0-based spreadsheet row of the first row of `range`.
    first_row: usize,
    len_hint: u64,
}

fn open_workbook(path: &Path, kind: BookKind, opts: &TableOptions) -> Result<Table, TableError> {
    let book_error = |cause: calamine::Error| TableError::Workbook {
        path: path.to_owned(),
        cause,
    };
    let mut book: Sheets<_> = match kind {
        BookKind::Xlsx => calamine::open_workbook::<Xlsx<_>, _>(path)
            .map(Sheets::Xlsx)
            .map_err(|e| book_error(calamine::Error::Xlsx(e)))?,
        BookKind::Xlsb => calamine::open_workbook::<Xlsb<_>, _>(path)
            .map(Sheets::Xlsb)
            .map_err(|e| book_error(calamine::Error::Xlsb(e)))?,
        BookKind::Xls => calamine::open_workbook::<Xls<_>, _>(path)
            .map(Sheets::Xls)
            .map_err(|e| book_error(calamine::Error::Xls(e)))?,
        BookKind::Ods => calamine::open_workbook::<Ods<_>, _>(path)
            .map(Sheets::Ods)
            .map_err(|e| book_error(calamine::Error::Ods(e)))?,
        BookKind::Sniffed => calamine::open_workbook_auto(path).map_err(book_error)?,
    };
    let label = match &book {
        Sheets::Xlsx(_) => "XLSX",
        Sheets::Xlsb(_) => "XLSB",
        Sheets::Xls(_) => "XLS",
        Sheets::Ods(_) => "ODS",
    };
    let names = book.sheet_names();
    let name = match &opts.sheet {
        Some(wanted) => find_sheet(&names, wanted).ok_or_else(|| TableError::NoSuchSheet {
            path: path.to_owned(),
            sheet: wanted.clone(),
            available: names.clone(),
        })?,
        None => names.first().cloned().ok_or_else(|| TableError::NoSheets {
            path: path.to_owned(),
        })?,
    };
    let range = book.worksheet_range(&name).map_err(book_error)?;
    let height = range.height();
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows = SheetRows {
        range,
        next: 0,
        first_row,
        len_hint: 0,
    };
    let Some(header) = rows.next_row() else {
        return Err(TableError::Empty {
            path: path.to_owned(),
            what: format!("sheet '{name}'"),
        });
    };
    rows.len_hint = height.saturating_sub(rows.next) as u64;
    Ok(Table {
        headers: header.cells.iter().map(|c| header_cell(c)).collect(),
        format: format!("{label} sheet '{name}'"),
        source: Source::Sheet(rows),
    })
}

/// The sheet named `wanted`: exactly, else ignoring case, surrounding spaces and width.
fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    if let Some(exact) = names.iter().find(|n| *n == wanted) {
        return Some(exact.clone());
    }
    let loose = |s: &str| header_cell(s).to_lowercase();
    let wanted = loose(wanted);
    names.iter().find(|n| loose(n) == wanted).cloned()
}

impl SheetRows {
    fn next_row(&mut self) -> Option<RawRow> {
        let (height, width) = self.range.get_size();
        while self.next < height {
            let r = self.next;
            self.next += 1;
            let cells: Vec<String> = (0..width)
                .map(|c| self.range.get((r, c)).map_or_else(String::new, cell_text))
                .collect();
            if cells.iter().any(|c| !c.is_empty()) {
                return Some(RawRow {
                    row: self.first_row + r + 1,
                    cells,
                });
            }
        }
        None
    }
}

/// A cell as the text a user would see, trimmed: whole floats without `.0`, dates as
/// `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS` with a time), errors as empty.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        // Display never uses an exponent and drops ".0": 45413.0 → "45413".
        Data::Float(f) if *f == 0.0 => "0".to_owned(),
        Data::Float(f) if f.is_finite() => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_duration() => {
            let total_s = (dt.as_f64() * 86_400.0).round();
            if total_s.is_finite() && total_s.abs() < 1e15 {
                let s = total_s as i64;
                let sign = if s < 0 { "-" } else { "" };
                let s = s.unsigned_abs();
                format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
            } else {
                String::new()
            }
        }
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
            if (0.0..1.0).contains(&dt.as_f64()) {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::Float(_) | Data::Error(_) | Data::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests;
