//! Spreadsheet tables (XLSX, XLSM, XLSB, XLS, ODS) through calamine: the sheet asked for
//! (or the first), rows numbered as the spreadsheet shows them, cells as the text a user
//! sees.
//!
//! XLSX and XLSB sheets are streamed: a thread owns the workbook and sends each row as it
//! is assembled from calamine's cell reader, so memory holds a few rows, never calamine's
//! dense range (which a lone cell at `XFD1048576` would make 17 billion cells). Their
//! archive is checked first (`zipcheck`). XLS and ODS have no cell reader in calamine and
//! are read as a range, their formats capping it at 65,536 × 256 cells (XLS).

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Cell, Data, DataRef, Dimensions, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};

use super::zipcheck::check_archive;
use super::{
    BadRow, MAX_COLUMNS, RawRow, Source, Table, TableError, TableOptions, header_cell, header_row,
};
use crate::ingest::IssueKind;

/// Rows a streaming sheet reader may send ahead of the rows taken.
const ROWS_AHEAD: usize = 1024;

/// The workbook format, from the extension or left to calamine.
#[derive(Clone, Copy)]
pub(super) enum BookKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// Unknown extension with a ZIP/OLE header: let calamine try each format.
    Sniffed,
}

/// The rows of one worksheet, numbered as the spreadsheet shows them.
pub(super) struct SheetRows {
    source: SheetSource,
    pub(super) len_hint: u64,
}

enum SheetSource {
    /// Rows sent by the thread streaming an XLSX or XLSB sheet.
    Streamed {
        rows: Receiver<Streamed>,
        /// The last row received, for naming the next when the thread stops early.
        last: usize,
        /// `End` was received (or the early stop reported).
        ended: bool,
    },
    /// An XLS or ODS sheet read whole.
    Range {
        range: Range<Data>,
        /// Next relative row of `range` to read.
        next: usize,
        /// 0-based spreadsheet row of the first row of `range`.
        first_row: usize,
    },
}

/// What the streaming thread sends.
enum Streamed {
    /// The last 1-based row the sheet declares, sent first.
    Declared(u64),
    Row(Result<RawRow, BadRow>),
    /// The sheet could not be opened (sent instead of `Declared`).
    Failed(calamine::Error),
    /// The sheet was read to its end, or as far as a row saying why not.
    End,
}

/// Opens a workbook, picks the sheet and reads its header row.
pub(super) fn open_workbook(
    path: &Path,
    kind: BookKind,
    opts: &TableOptions,
) -> Result<Table, TableError> {
    let book_error = |cause: calamine::Error| TableError::Workbook {
        path: path.to_owned(),
        cause,
    };
    if !matches!(kind, BookKind::Xls) {
        check_archive(path)?;
    }
    let book: Sheets<_> = match kind {
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
    let mut rows = match book {
        Sheets::Xlsx(book) => stream(path, book, name.clone(), |book, name, send| {
            let mut cells = book
                .worksheet_cells_reader(name)
                .map_err(calamine::Error::Xlsx)?;
            send_rows(cells.dimensions(), send, || {
                cells.next_cell().map_err(calamine::Error::Xlsx)
            });
            Ok(())
        })?,
        Sheets::Xlsb(book) => stream(path, book, name.clone(), |book, name, send| {
            let mut cells = book
                .worksheet_cells_reader(name)
                .map_err(calamine::Error::Xlsb)?;
            send_rows(cells.dimensions(), send, || {
                cells.next_cell().map_err(calamine::Error::Xlsb)
            });
            Ok(())
        })?,
        mut other => SheetRows::from_range(other.worksheet_range(&name).map_err(book_error)?),
    };
    let header = header_row(rows.next_row(), path, || format!("sheet '{name}'"))?;
    rows.len_hint = rows.len_hint.saturating_sub(header.row as u64);
    Ok(Table::new(
        header,
        format!("{label} sheet '{name}'"),
        Source::Sheet(rows),
    ))
}

/// Starts the thread that owns `book` and sends the rows of sheet `name` (see
/// [`send_rows`]); returns once it has said how many rows the sheet declares.
fn stream<B: Send + 'static>(
    path: &Path,
    mut book: B,
    name: String,
    read: fn(&mut B, &str, &SyncSender<Streamed>) -> Result<(), calamine::Error>,
) -> Result<SheetRows, TableError> {
    let (send, receive) = sync_channel(ROWS_AHEAD);
    std::thread::spawn(move || {
        if let Err(e) = read(&mut book, &name, &send) {
            // The receiver may be gone: then nobody needs to hear it.
            let _ = send.send(Streamed::Failed(e));
        }
    });
    let declared = match receive.recv() {
        Ok(Streamed::Declared(n)) => n,
        Ok(Streamed::Failed(cause)) => {
            return Err(TableError::Workbook {
                path: path.to_owned(),
                cause,
            });
        }
        Ok(Streamed::Row(_) | Streamed::End) | Err(_) => 0,
    };
    Ok(SheetRows {
        source: SheetSource::Streamed {
            rows: receive,
            last: 0,
            ended: false,
        },
        len_hint: declared,
    })
}

/// Assembles rows from cells in sheet order and sends them, the declared last row first.
/// Columns count from the first the sheet declares, as calamine's ranges do. Stops when
/// the receiver is gone, or after sending a row that says why the rest of the sheet
/// cannot be read.
fn send_rows<'a>(
    declared: Dimensions,
    send: &SyncSender<Streamed>,
    mut next_cell: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, calamine::Error>,
) {
    let last_row = u64::from(declared.end.0) + 1;
    if send.send(Streamed::Declared(last_row)).is_err() {
        return;
    }
    let first_column = declared.start.1;
    let mut row = PendingRow::default();
    loop {
        let cell = match next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(cause) => {
                let bad = BadRow {
                    row: row.number.map_or(1, |n| n + 1),
                    column: None,
                    kind: IssueKind::Unreadable,
                    detail: format!("cannot read the rest of the sheet: {cause}"),
                    cells: Vec::new(),
                };
                if row.flush(send) && send.send(Streamed::Row(Err(bad))).is_ok() {
                    let _ = send.send(Streamed::End);
                }
                return;
            }
        };
        let (r, c) = cell.get_position();
        let number = r as usize + 1;
        if row.number != Some(number) && !row.flush(send) {
            return;
        }
        row.number = Some(number);
        let text = match cell.get_value() {
            DataRef::SharedString(s) => s.trim().to_owned(),
            DataRef::String(s) => s.trim().to_owned(),
            other => cell_text(&Data::from(other.clone())),
        };
        if text.is_empty() {
            continue;
        }
        let c = c.saturating_sub(first_column) as usize;
        if c >= MAX_COLUMNS {
            row.beyond.get_or_insert(c);
            continue;
        }
        if row.cells.len() <= c {
            row.cells.resize(c + 1, String::new());
        }
        if let Some(slot) = row.cells.get_mut(c) {
            *slot = text;
        }
    }
    if row.flush(send) {
        let _ = send.send(Streamed::End);
    }
}

/// The row being assembled from cells.
#[derive(Default)]
struct PendingRow {
    /// 1-based spreadsheet row, once a cell of it is seen.
    number: Option<usize>,
    cells: Vec<String>,
    /// The first 0-based column holding something beyond [`MAX_COLUMNS`].
    beyond: Option<usize>,
}

impl PendingRow {
    /// Sends the row if it holds anything and starts a new one; `false` when the
    /// receiver is gone.
    fn flush(&mut self, send: &SyncSender<Streamed>) -> bool {
        let cells = std::mem::take(&mut self.cells);
        let beyond = self.beyond.take();
        let Some(row) = self.number.take() else {
            return true;
        };
        let sent = match beyond {
            Some(column) => Err(BadRow {
                row,
                column: None,
                kind: IssueKind::FieldCount,
                detail: format!(
                    "a cell in column {} lies beyond the {MAX_COLUMNS} columns read, so the \
                     row is rejected",
                    column + 1
                ),
                cells,
            }),
            None if cells.is_empty() => return true,
            None => Ok(RawRow { row, cells }),
        };
        send.send(Streamed::Row(sent)).is_ok()
    }
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
    /// The rows of a sheet read whole; `len_hint` is its last row.
    pub(super) fn from_range(range: Range<Data>) -> SheetRows {
        let first_row = range.start().map_or(0, |(row, _)| row as usize);
        let last = range.end().map_or(0, |(row, _)| u64::from(row) + 1);
        SheetRows {
            source: SheetSource::Range {
                range,
                next: 0,
                first_row,
            },
            len_hint: last,
        }
    }

    pub(super) fn next_row(&mut self) -> Option<Result<RawRow, BadRow>> {
        match &mut self.source {
            SheetSource::Streamed { rows, last, ended } => loop {
                if *ended {
                    return None;
                }
                match rows.recv() {
                    Ok(Streamed::Row(row)) => {
                        *last = match &row {
                            Ok(r) => r.row,
                            Err(bad) => bad.row,
                        };
                        return Some(row);
                    }
                    Ok(Streamed::End) => *ended = true,
                    // `stream` took these: they come before any row.
                    Ok(Streamed::Declared(_) | Streamed::Failed(_)) => {}
                    Err(_) => {
                        // The reading thread stopped without saying why: never let that
                        // pass for the end of the sheet.
                        *ended = true;
                        return Some(Err(BadRow {
                            row: *last + 1,
                            column: None,
                            kind: IssueKind::Unreadable,
                            detail: "the sheet could not be read past this point".to_owned(),
                            cells: Vec::new(),
                        }));
                    }
                }
            },
            SheetSource::Range {
                range,
                next,
                first_row,
            } => {
                let (height, width) = range.get_size();
                while *next < height {
                    let r = *next;
                    *next += 1;
                    let mut cells: Vec<String> = (0..width.min(MAX_COLUMNS))
                        .map(|c| range.get((r, c)).map_or_else(String::new, cell_text))
                        .collect();
                    while cells.last().is_some_and(String::is_empty) {
                        cells.pop();
                    }
                    if !cells.is_empty() {
                        return Some(Ok(RawRow {
                            row: *first_row + r + 1,
                            cells,
                        }));
                    }
                }
                None
            }
        }
    }
}

/// A cell as the text a user would see, trimmed: whole floats without `.0`, dates as
/// `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS` with a time), errors as empty.
pub(super) fn cell_text(cell: &Data) -> String {
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
