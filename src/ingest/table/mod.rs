//! Reading any member or shop table file into a header row and raw string rows.
//!
//! Owns everything about *files*: which format a file is (by extension, else by its first
//! bytes), which text encoding it uses (explicit, BOM, UTF-8, else detected with chardetng),
//! which delimiter a text table uses, which sheet of a workbook to read, and which row of
//! the file a record came from. It knows nothing about columns or values: cells come out
//! as trimmed strings for [`columns`](super::columns) and [`values`](super::values).
//!
//! Text files are read whole into memory and parsed one record at a time, so a table costs
//! its file size plus one record; XLSX and XLSB sheets are streamed cell by cell (no dense
//! range, so a stray cell at `XFD1048576` costs nothing), after their archive's members
//! have been checked for size.
//!
//! A row that cannot be read as a row of the table — a runaway quote, undecodable bytes,
//! a field count different from the header's, a cell over [`MAX_CELL_BYTES`] — comes out
//! as a [`BadRow`] with its row, column and reason; the rows after it are read as usual.
//!
//! This file holds the table and its errors; `text` reads delimited text (after `decode`
//! has turned its bytes into UTF-8) and `workbook` reads spreadsheets.

mod decode;
mod grid;
mod header;
mod html;
mod markup;
mod text;
mod workbook;
mod xmlss;
mod zipcheck;

pub use decode::parse_encoding_label;
pub use header::HEADER_SEARCH_ROWS;

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::ingest::IssueKind;
use encoding_rs::Encoding;
use text::{TextRows, open_text};
use unicode_normalization::UnicodeNormalization;
use workbook::{BookKind, SheetRows, open_workbook};

/// How to read a table: every field is the user's override, `None` means "detect".
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// Text encoding of a CSV/TSV/TXT file (`--encoding`); ignored for workbooks.
    pub encoding: Option<&'static Encoding>,
    /// Worksheet to read (`--sheet`); the first sheet when `None`; ignored for text files.
    pub sheet: Option<String>,
    /// 1-based row of the file (or sheet) holding the header (`--header-row`); when
    /// `None`, the first non-blank row, or the row [`Table::find_header`] finds.
    pub header_row: Option<usize>,
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

/// Longest cell read, in bytes of UTF-8: a longer one rejects its row (no address, name
/// or note is anywhere near this long; a 512 MiB cell is an attack or a broken file).
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// Widest row read: a spreadsheet cell further right rejects its row (or, in an XLSX
/// sheet, the file), and markup tables stop there (no member table is this wide, and a
/// row is held as one string per column up to its last cell).
pub const MAX_COLUMNS: usize = 4096;

/// A row of the file that could not be read as a row of the table, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based row a user sees (as [`RawRow::row`]).
    pub row: usize,
    /// 0-based column at fault, when one is.
    pub column: Option<usize>,
    /// The grouping key: [`IssueKind::UnbalancedQuote`], [`IssueKind::InvalidEncoding`],
    /// [`IssueKind::FieldCount`], [`IssueKind::CellTooLong`] or [`IssueKind::Unreadable`].
    pub kind: IssueKind,
    /// The sentence: what is wrong and what was done about it.
    pub detail: String,
    /// The row's cells as far as they could be read (a cell over [`MAX_CELL_BYTES`] is cut
    /// to that length).
    pub cells: Vec<String>,
}

/// An open table: its header and a cursor over its data rows.
pub struct Table {
    /// Header cells: trimmed, stray BOM removed, NFKC-normalised (full-width → ASCII).
    pub headers: Vec<String>,
    /// What was read, for the import report: `CSV (UTF-8, ',')`, `CSV (GB18030, '\t')`,
    /// `XLSX sheet '会员'`.
    pub format: String,
    /// 1-based file row the header was read from.
    pub header_row: usize,
    /// Non-blank rows above the header (titles, export dates), not data.
    pub skipped: Vec<RawRow>,
    /// Rows read ahead while looking for the header, returned before the source's.
    lookahead: VecDeque<Result<RawRow, BadRow>>,
    /// `--header-row` was given: the header is not searched for.
    header_given: bool,
    /// Rows the source's `len_hint` counts that are above the header.
    hint_less: u64,
    source: Source,
}

enum Source {
    Text(TextRows),
    Sheet(SheetRows),
    /// An HTML or SpreadsheetML table, read whole.
    Rows(VecDeque<RawRow>, u64),
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
    /// The header row itself cannot be read.
    #[error("{} row {row} (the header): {detail}", path.display())]
    Header {
        /// The file as given.
        path: PathBuf,
        /// 1-based row of the header.
        row: usize,
        /// What is wrong.
        detail: String,
    },
    /// A workbook bigger than what is read: an archive member or a cell over the limit,
    /// or a cell beyond the columns read.
    #[error("{}: {detail}; the file is refused", path.display())]
    TooLarge {
        /// The file as given.
        path: PathBuf,
        /// What exceeds which limit, and where.
        detail: String,
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
    /// An HTML or SpreadsheetML file holds no table or is malformed.
    #[error("{}: cannot read it as {kind}: {detail}", path.display())]
    Markup {
        /// The file as given.
        path: PathBuf,
        /// `HTML` or `SpreadsheetML`.
        kind: &'static str,
        /// What is wrong and where, with at most a short escaped excerpt of the file.
        detail: String,
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
    /// `--header-row N` names a row that is blank or past the end.
    #[error(
        "{}: --header-row {row}: row {row} is blank or past the end of the table",
        path.display()
    )]
    NoHeaderRow {
        /// The file as given.
        path: PathBuf,
        /// The row asked for.
        row: usize,
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

/// The first row read from a file or sheet, as its header: a damaged one refuses the
/// file, and none at all means the file or sheet (`what`) is empty.
fn header_row(
    first: Option<Result<RawRow, BadRow>>,
    path: &Path,
    what: impl FnOnce() -> String,
) -> Result<RawRow, TableError> {
    match first {
        Some(Ok(row)) => Ok(row),
        Some(Err(bad)) => Err(TableError::Header {
            path: path.to_owned(),
            row: bad.row,
            detail: bad.detail,
        }),
        None => Err(TableError::Empty {
            path: path.to_owned(),
            what: what(),
        }),
    }
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    quoted.join(", ")
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
        let mut table = Self::open_format(path, kind, opts)?;
        if let Some(row) = opts.header_row {
            table.move_header_to(path, row)?;
        }
        Ok(table)
    }

    fn open_format(
        path: &Path,
        kind: Option<BookKind>,
        opts: &TableOptions,
    ) -> Result<Table, TableError> {
        let mut file = File::open(path).map_err(|cause| io_error(path, cause))?;
        if let Some(kind) = kind {
            // An `.xls` is often HTML or SpreadsheetML XML: look before handing it over.
            let mut head = [0_u8; 8];
            let n = read_up_to(&mut file, &mut head).map_err(|cause| io_error(path, cause))?;
            let binary = head.get(..n).is_some_and(|h| {
                h.starts_with(b"PK\x03\x04") || h.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
            });
            if binary || !matches!(kind, BookKind::Xls) {
                return open_workbook(path, kind, opts);
            }
        }
        let mut bytes = Vec::new();
        File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|cause| io_error(path, cause))?;
        if let Some(markup) = markup::sniff(&bytes) {
            return markup::open_markup(path, bytes, markup, opts);
        }
        if let Some(kind) = kind {
            drop(bytes);
            return open_workbook(path, kind, opts);
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            drop(bytes);
            return open_workbook(path, BookKind::Sniffed, opts);
        }
        open_text(path, bytes, opts.encoding)
    }

    /// The next data row, or `None` at the end. Blank rows are skipped.
    ///
    /// # Errors
    /// A [`BadRow`] for a row that cannot be read as one: a runaway quote, undecodable
    /// bytes, a cell over [`MAX_CELL_BYTES`], or (in delimited text, where a missing or
    /// extra delimiter shifts every later cell) a field count different from the header's.
    /// Rows after it are read as usual.
    pub fn next_row(&mut self) -> Option<Result<RawRow, BadRow>> {
        let next = self.next_raw()?;
        Some(next.and_then(|row| {
            if matches!(self.source, Source::Text(_)) {
                check_width(&self.headers, &row)?;
            }
            check_cells(row)
        }))
    }

    /// The next row as the source reads it, before the checks against the header.
    fn next_raw(&mut self) -> Option<Result<RawRow, BadRow>> {
        if let Some(row) = self.lookahead.pop_front() {
            return Some(row);
        }
        match &mut self.source {
            Source::Text(t) => t.next_row(),
            Source::Sheet(s) => s.next_row(),
            Source::Rows(rows, _) => rows.pop_front().map(Ok),
        }
    }

    /// Iterates over the data rows (see [`Table::next_row`]).
    pub fn rows(&mut self) -> impl Iterator<Item = Result<RawRow, BadRow>> + '_ {
        std::iter::from_fn(move || self.next_row())
    }

    /// Expected number of data rows, for sizing a progress bar; fixed when the table is
    /// opened, not a count of what is left.
    ///
    /// For a sheet, the rows of the used range below the header (blank ones included).
    /// For text, the lines after the header line: exact for ordinary CSV, an upper bound
    /// when there are blank lines or quoted cells spanning lines.
    pub fn len_hint(&self) -> Option<u64> {
        let all = match &self.source {
            Source::Text(t) => t.len_hint,
            Source::Sheet(s) => s.len_hint,
            Source::Rows(_, n) => *n,
        };
        Some(all.saturating_sub(self.hint_less))
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

/// A delimited row must have a field under every named header and nothing past the last
/// header: a missing or extra delimiter shifts the cells after it into the wrong columns.
/// Empty fields past the header (a trailing delimiter) and missing fields under unnamed
/// trailing headers shift nothing and pass.
fn check_width(headers: &[String], row: &RawRow) -> Result<(), BadRow> {
    let named = headers
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let found = row.cells.len();
    let past = row
        .cells
        .iter()
        .skip(headers.len())
        .position(|c| !c.is_empty());
    if found >= named && past.is_none() {
        return Ok(());
    }
    let expected = headers.len();
    // The first cell past the header that holds something, else where the first
    // missing field would be.
    let column = Some(past.map_or(found, |i| expected + i));
    Err(BadRow {
        row: row.row,
        column,
        kind: IssueKind::FieldCount,
        detail: format!(
            "the row has {found} fields, the header has {expected}: a missing or extra delimiter (often an unquoted comma in a \
             cell) would put its values in the wrong columns, so it is rejected"
        ),
        cells: row.cells.clone(),
    })
}

/// Rejects a row with a cell over [`MAX_CELL_BYTES`], keeping that cell cut to the limit.
fn check_cells(mut row: RawRow) -> Result<RawRow, BadRow> {
    let Some(at) = row.cells.iter().position(|c| c.len() > MAX_CELL_BYTES) else {
        return Ok(row);
    };
    let long = row.cells.get(at).map_or(0, String::len);
    for cell in &mut row.cells {
        if cell.len() > MAX_CELL_BYTES {
            let mut cut = MAX_CELL_BYTES;
            while !cell.is_char_boundary(cut) {
                cut -= 1;
            }
            cell.truncate(cut);
        }
    }
    Err(BadRow {
        row: row.row,
        column: Some(at),
        kind: IssueKind::CellTooLong,
        detail: format!(
            "the cell holds {long} bytes; at most {MAX_CELL_BYTES} are read, so the row is \
             rejected"
        ),
        cells: row.cells,
    })
}

/// Reads up to `buf.len()` bytes (fewer only at the end of the file).
fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(buf.get_mut(n..).unwrap_or_default())? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
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

#[cfg(test)]
mod damage_tests;
#[cfg(test)]
mod tests;
