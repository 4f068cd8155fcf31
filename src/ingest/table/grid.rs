//! What the HTML and SpreadsheetML readers share: a grid that places cells with their
//! spans so columns stay aligned, the caps that keep a hostile file small, and short
//! escaped excerpts for error messages.

use super::{MAX_COLUMNS, RawRow};

/// Widest span or index honoured: a larger one is taken as this, so a hostile file
/// cannot make a row of a billion empty cells.
const MAX_SPAN: usize = 256;

/// Why a markup table could not be read.
#[derive(Debug)]
pub(super) enum MarkupError {
    /// `--sheet` names a table or worksheet the file does not have.
    NoSuchSheet {
        wanted: String,
        available: Vec<String>,
    },
    /// The markup holds no table or is malformed; the sentence says where.
    Unreadable(String),
}

/// Builds rows of a grid from cells placed with spans, keeping columns aligned.
#[derive(Debug, Default)]
pub(super) struct Grid {
    pub(super) rows: Vec<RawRow>,
    /// Columns still covered by a row span from above: column → rows left.
    covered: Vec<usize>,
    current: Vec<String>,
}

impl Grid {
    /// Starts row number `row` (1-based).
    pub(super) fn start_row(&mut self, row: usize) {
        self.finish_row();
        self.rows.push(RawRow {
            row,
            cells: Vec::new(),
        });
        self.current.clear();
    }

    /// The next free column of the current row.
    fn next_free(&self) -> usize {
        let mut col = self.current.len();
        while self.covered.get(col).is_some_and(|n| *n > 0) {
            col += 1;
        }
        col
    }

    /// Places a cell at `at` (0-based) or at the next free column, spanning `across`
    /// columns and `down` rows (both at least 1), the covered cells left empty.
    pub(super) fn cell(&mut self, at: Option<usize>, text: String, across: usize, down: usize) {
        let col = at.unwrap_or_else(|| self.next_free()).min(MAX_COLUMNS);
        let across = across.clamp(1, MAX_SPAN);
        let down = down.clamp(1, MAX_SPAN);
        let end = (col + across).min(MAX_COLUMNS);
        if self.current.len() < end {
            self.current.resize(end, String::new());
        }
        if let Some(slot) = self.current.get_mut(col) {
            *slot = text;
        }
        if down > 1 {
            if self.covered.len() < end {
                self.covered.resize(end, 0);
            }
            for c in self.covered.iter_mut().take(end).skip(col) {
                *c = (*c).max(down);
            }
        }
    }

    /// Ends the current row: row spans from above count down by one.
    fn finish_row(&mut self) {
        if let Some(last) = self.rows.last_mut() {
            let mut cells = std::mem::take(&mut self.current);
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            last.cells = cells;
            for c in &mut self.covered {
                *c = c.saturating_sub(1);
            }
        }
    }

    /// The rows, the last one finished.
    pub(super) fn into_rows(mut self) -> Vec<RawRow> {
        self.finish_row();
        self.rows
    }
}

/// A span or index attribute: a positive whole number, capped at [`MAX_SPAN`] (or
/// [`MAX_COLUMNS`] for an index); anything else reads as `None`.
pub(super) fn small_number(s: &str, cap: usize) -> Option<usize> {
    s.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| n.min(cap))
}

/// The widest column index honoured.
pub(super) const INDEX_CAP: usize = MAX_COLUMNS;

/// Text of a cell: whitespace runs collapsed to one space, trimmed.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most 60 characters of `text`, escaped, for an error message: a malformed file is
/// never echoed whole.
pub(super) fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}
