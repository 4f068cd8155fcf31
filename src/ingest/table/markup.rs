//! Tables written as markup and saved as `.xls` by till and web back-offices: an HTML
//! `<table>` (read with `tl`) or Excel 2003 SpreadsheetML XML (read with `quick-xml`).
//! Both are recognised by their content, whatever the extension; the text is decoded
//! first (`--encoding`, else BOM, else the `charset`/`encoding` the file declares, else
//! detected) and read whole, which is fine for exports of this kind.
//!
//! Spans keep columns aligned: an HTML `colspan`/`rowspan` or a SpreadsheetML
//! `ss:MergeAcross` leaves the covered cells empty, and `ss:Index` places a cell or row
//! where it says. Rows are numbered as a spreadsheet shows them after opening the file.

use std::collections::VecDeque;
use std::path::Path;

use encoding_rs::Encoding;

use super::decode::{decode, encoding_name};
use super::{RawRow, Source, Table, TableError, TableOptions, parse_encoding_label};

/// Widest span or index honoured: a larger one is taken as this, so a hostile file
/// cannot make a row of a billion empty cells.
const MAX_SPAN: usize = 256;
/// Widest row kept.
const MAX_COLUMNS: usize = 4096;
/// Bytes looked at to recognise the markup and its declared encoding.
const SNIFF_BYTES: usize = 4096;

/// Which markup a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup {
    Html,
    SpreadsheetMl,
}

/// Recognises HTML or SpreadsheetML from the first bytes (BOM, spaces and case ignored).
pub(super) fn sniff(bytes: &[u8]) -> Option<Markup> {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let lower = ascii_lower(head);
    let start = lower.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('<') {
        return None;
    }
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") && lower.contains("<workbook")
    {
        return Some(Markup::SpreadsheetMl);
    }
    let html = [
        "<html",
        "<!doctype html",
        "<table",
        "<meta",
        "<head",
        "<body",
    ];
    html.iter()
        .any(|tag| lower.contains(tag))
        .then_some(Markup::Html)
}

/// The bytes as lower-case text, non-ASCII bytes (of any encoding) as `?`.
fn ascii_lower(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii() {
                char::from(b.to_ascii_lowercase())
            } else {
                '?'
            }
        })
        .collect()
}

/// The encoding a file declares: `charset=gbk` in a `<meta>` or `encoding="gb2312"` in
/// the XML declaration; `None` when it declares none or one that is unknown.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = ascii_lower(bytes.get(..SNIFF_BYTES).unwrap_or(bytes));
    ["charset", "encoding"].iter().find_map(|key| {
        let at = head.find(key)? + key.len();
        let rest = head.get(at..)?.trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        parse_encoding_label(&label).ok()
    })
}

/// Opens an HTML or SpreadsheetML table and reads its header row.
pub(super) fn open_markup(
    path: &Path,
    bytes: Vec<u8>,
    markup: Markup,
    opts: &TableOptions,
) -> Result<Table, TableError> {
    let declared = declared_encoding(&bytes);
    let explicit = opts
        .encoding
        .or(declared.filter(|_| Encoding::for_bom(&bytes).is_none()));
    let (text, encoding) = decode(path, bytes, explicit)?;
    let (rows, what) = match markup {
        Markup::Html => super::html::read_html(&text, opts.sheet.as_deref())
            .map_err(|detail| markup_error(path, "HTML", detail))?,
        Markup::SpreadsheetMl => super::xmlss::read_spreadsheet_ml(&text, opts.sheet.as_deref())
            .map_err(|detail| markup_error(path, "SpreadsheetML", detail))?,
    };
    let mut rows: VecDeque<RawRow> = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let label = match markup {
        Markup::Html => "HTML",
        Markup::SpreadsheetMl => "SpreadsheetML",
    };
    let Some(header) = rows.pop_front() else {
        return Err(TableError::Empty {
            path: path.to_owned(),
            what: what.clone(),
        });
    };
    let format = format!("{label} {what} ({})", encoding_name(encoding));
    let n = rows.len() as u64;
    Ok(Table::new(header, format, Source::Rows(rows, n)))
}

fn markup_error(path: &Path, kind: &'static str, detail: MarkupError) -> TableError {
    match detail {
        MarkupError::NoSuchSheet { wanted, available } => TableError::NoSuchSheet {
            path: path.to_owned(),
            sheet: wanted,
            available,
        },
        MarkupError::Unreadable(detail) => TableError::Markup {
            path: path.to_owned(),
            kind,
            detail,
        },
    }
}

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
