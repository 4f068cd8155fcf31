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
use super::grid::MarkupError;
use super::{RawRow, Source, Table, TableError, TableOptions, parse_encoding_label};

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
    let decoded = decode(path, bytes, explicit)?;
    let (text, encoding) = (decoded.text, decoded.encoding);
    if !decoded.bad.is_empty() {
        // Markup rows do not keep their place in the text, so a damaged byte cannot be
        // pinned on one row: the file is refused instead.
        return Err(TableError::Decode {
            path: path.to_owned(),
            encoding: encoding_name(encoding),
        });
    }
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
