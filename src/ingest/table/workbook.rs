//! Spreadsheet tables (XLSX, XLSM, XLSB, XLS, ODS) through calamine: the sheet asked for
//! (or the first), rows numbered as the spreadsheet shows them, cells as the text a user
//! sees.

use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};

use super::{RawRow, Source, Table, TableError, TableOptions, header_cell};

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
    pub(super) range: Range<Data>,
    /// Next relative row of `range` to read.
    pub(super) next: usize,
    /// 0-based spreadsheet row of the first row of `range`.
    pub(super) first_row: usize,
    pub(super) len_hint: u64,
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
    Ok(Table::new(
        header,
        format!("{label} sheet '{name}'"),
        Source::Sheet(rows),
    ))
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
    pub(super) fn next_row(&mut self) -> Option<RawRow> {
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
