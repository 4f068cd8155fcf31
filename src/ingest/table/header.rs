//! Which row of a table is its header. Till exports often open with a title
//! (`会员资料导出`), an export date or a blank row before the column names; the header is
//! the row `--header-row` names, else the first row a caller recognises as one among the
//! first [`HEADER_SEARCH_ROWS`] non-blank rows, else the first non-blank row. Rows above
//! the header are kept in [`Table::skipped`] for the import report; every row keeps its
//! real row number in the file.

use std::collections::VecDeque;
use std::path::Path;

use super::{BadRow, RawRow, Source, Table, TableError, header_cell};

/// Non-blank rows, the first included, among which [`Table::find_header`] looks.
pub const HEADER_SEARCH_ROWS: usize = 20;

impl Table {
    /// A table whose header is `header`, its data rows to come from `source`.
    pub(super) fn new(header: RawRow, format: String, source: Source) -> Table {
        Table {
            headers: header.cells.iter().map(|c| header_cell(c)).collect(),
            format,
            header_row: header.row,
            skipped: Vec::new(),
            lookahead: VecDeque::new(),
            header_given: false,
            hint_less: 0,
            source,
        }
    }

    /// Makes `row` the header; the rows between the current header and it become
    /// [`Table::skipped`].
    fn promote(&mut self, row: RawRow) {
        let old = RawRow {
            row: self.header_row,
            cells: std::mem::take(&mut self.headers),
        };
        // The new header was counted as a data row by the source's `len_hint`.
        self.hint_less += 1;
        self.skipped.push(old);
        self.headers = row.cells.iter().map(|c| header_cell(c)).collect();
        self.header_row = row.row;
    }

    /// `--header-row N`: skips the rows above row `n` and reads row `n` as the header.
    pub(super) fn move_header_to(&mut self, path: &Path, n: usize) -> Result<(), TableError> {
        self.header_given = true;
        let missing = || TableError::NoHeaderRow {
            path: path.to_owned(),
            row: n,
        };
        while self.header_row < n {
            match self.next_raw() {
                Some(Ok(row)) => self.promote(row),
                // A damaged row above the header given is skipped like any other.
                Some(Err(bad)) => self.promote(RawRow {
                    row: bad.row,
                    cells: bad.cells,
                }),
                None => return Err(missing()),
            }
        }
        if self.header_row == n {
            Ok(())
        } else {
            Err(missing())
        }
    }

    /// Looks for the header when the first row is not one: among the first
    /// [`HEADER_SEARCH_ROWS`] non-blank rows, the first for which `is_header(cells)` holds
    /// (cells as [`Table::headers`] holds them) becomes the header and the rows above it
    /// [`Table::skipped`]. Nothing changes when `--header-row` was given, when the first
    /// row already is a header, or when no row is one (the caller then reports the
    /// columns it misses).
    ///
    /// Returns whether the header moved.
    pub fn find_header(&mut self, is_header: impl Fn(&[String]) -> bool) -> bool {
        if self.header_given || is_header(&self.headers) {
            return false;
        }
        let mut ahead: Vec<Result<RawRow, BadRow>> = Vec::new();
        let mut found = None;
        while ahead.len() + 1 < HEADER_SEARCH_ROWS {
            let Some(next) = self.next_raw() else { break };
            let stop = next.is_err();
            let hit = next.as_ref().is_ok_and(|row| {
                let cells: Vec<String> = row.cells.iter().map(|c| header_cell(c)).collect();
                is_header(&cells)
            });
            ahead.push(next);
            if hit {
                found = Some(ahead.len() - 1);
                break;
            }
            if stop {
                break;
            }
        }
        let Some(at) = found else {
            self.lookahead.extend(ahead);
            return false;
        };
        let mut ahead = ahead.into_iter();
        // Only `Ok` rows come before the hit: an error stops the search.
        let above: Vec<RawRow> = ahead.by_ref().take(at).filter_map(Result::ok).collect();
        if let Some(Ok(header)) = ahead.next() {
            self.promote(header);
            self.hint_less += above.len() as u64;
            self.skipped.extend(above);
        }
        self.lookahead.extend(ahead);
        true
    }

    /// What the import report says about the header when it was not on the first row:
    /// `header on row 3 (rows 1–2 skipped: '会员资料导出', '导出日期: 2024-05-01')`.
    /// `None` when nothing was skipped.
    pub fn header_note(&self) -> Option<String> {
        let first = self.skipped.first()?;
        let last = self.skipped.last()?;
        let rows = if first.row == last.row {
            format!("row {}", first.row)
        } else {
            format!("rows {}–{}", first.row, last.row)
        };
        let how = if self.header_given {
            "given with --header-row"
        } else {
            "found"
        };
        let texts: Vec<String> = self
            .skipped
            .iter()
            .take(3)
            .map(|r| quoted_excerpt(&r.cells))
            .collect();
        let more = if self.skipped.len() > 3 { ", …" } else { "" };
        Some(format!(
            "header {how} on row {} ({rows} above it skipped: {}{more})",
            self.header_row,
            texts.join(", ")
        ))
    }
}

/// A skipped row's non-empty cells joined, cut to 40 characters and escaped, quoted.
fn quoted_excerpt(cells: &[String]) -> String {
    let joined: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    let joined = joined.join(" ");
    let mut out: String = joined
        .chars()
        .take(40)
        .flat_map(char::escape_debug)
        .collect();
    if joined.chars().count() > 40 {
        out.push('…');
    }
    format!("'{out}'")
}
