//! Reading member and shop tables, and address-point files: file bytes → typed records,
//! plus a report of every row that could not be used and why.
//!
//! [`table`] turns any CSV/TSV/XLSX/XLS in any common encoding into header + string rows,
//! [`columns`] decides which column is which field, [`values`] parses the cell values
//! real exports carry, and [`members`] / [`shops`] assemble records. Nothing here touches
//! the workspace; a row is either a record or a rejected [`RowIssue`].
//!
//! Only identity and location problems reject a row (no id, no address nor coordinates,
//! bad coordinates, a repeated id): a member is worth keeping on the map without its
//! visit count. A cell that cannot be read in any other column is left empty and
//! reported as a [`Severity::Warning`] issue of the member's row.

pub mod address_points;
pub mod columns;
pub mod members;
pub mod shops;
pub mod table;
pub mod values;

use serde::Serialize;
use std::fmt;

/// Why a row was rejected: the stable key the import summary groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// The row has no member id (or shop name).
    MissingId,
    /// The member id already appeared earlier in the same file.
    RepeatedId,
    /// Latitude/longitude unreadable, out of range or only one of the two.
    InvalidCoordinates,
    /// Neither an address nor coordinates.
    NoLocation,
    /// A date that is not a date.
    InvalidDate,
    /// A count that is not a whole number.
    InvalidNumber,
    /// An amount of money that cannot be read.
    InvalidMoney,
    /// A shop kind other than own/competitor.
    InvalidKind,
    /// The row itself could not be read from the file.
    Unreadable,
    /// A quote opens a cell and runs on over what look like whole rows, or never closes.
    UnbalancedQuote,
    /// The row holds bytes that are not valid in the file's encoding, or the file ends in
    /// the middle of a character.
    InvalidEncoding,
    /// The row has a different number of fields from the header.
    FieldCount,
    /// A cell longer than [`table::MAX_CELL_BYTES`].
    CellTooLong,
    /// An address point without a street or a house number.
    NoStreetOrNumber,
}

/// Whether an issue cost the row or only one of its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row was not imported.
    Rejected,
    /// The row was imported with this cell left empty.
    Warning,
}

impl Severity {
    /// `rejected` or `warning`, as written in the issues CSV.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Rejected => "rejected",
            Severity::Warning => "warning",
        }
    }
}

impl IssueKind {
    /// Short human label used in summaries and the rejected-rows CSV.
    pub fn label(self) -> &'static str {
        match self {
            IssueKind::MissingId => "missing id",
            IssueKind::RepeatedId => "repeated id",
            IssueKind::InvalidCoordinates => "invalid coordinates",
            IssueKind::NoLocation => "no address or coordinates",
            IssueKind::InvalidDate => "invalid date",
            IssueKind::InvalidNumber => "invalid number",
            IssueKind::InvalidMoney => "invalid amount of money",
            IssueKind::InvalidKind => "invalid shop kind",
            IssueKind::Unreadable => "unreadable row",
            IssueKind::UnbalancedQuote => "unbalanced quote",
            IssueKind::InvalidEncoding => "bytes not valid in the encoding",
            IssueKind::FieldCount => "wrong number of fields",
            IssueKind::CellTooLong => "cell too long",
            IssueKind::NoStreetOrNumber => "no street or house number",
        }
    }
}

/// A row that was not imported, with where and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowIssue {
    /// File name as given.
    pub file: String,
    /// 1-based row number as a spreadsheet or text editor shows it.
    pub row: usize,
    /// Header of the offending column, when one column is at fault.
    pub column: Option<String>,
    /// Grouping key.
    pub kind: IssueKind,
    /// Whether the row was rejected or imported with the cell left empty.
    pub severity: Severity,
    /// The offending cell's text, for warnings (a rejected row keeps all its `cells`).
    pub value: Option<Box<str>>,
    /// The full sentence: what is wrong and what was expected.
    pub detail: String,
    /// The row's cells as read, for the rejected-rows file.
    #[serde(skip)]
    pub cells: Vec<String>,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {}", self.file, self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// A whole file that cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or decoded.
    #[error(transparent)]
    Table(#[from] table::TableError),
    /// The header row does not fit the options.
    #[error("{file}: {source}")]
    Columns {
        /// File name.
        file: String,
        /// What is wrong.
        source: columns::ColumnError,
    },
    /// A required column is missing.
    #[error("{file}: no {what} column among: {columns}. Name it with --map 'COLUMN={field}'")]
    MissingColumn {
        /// File name.
        file: String,
        /// What the column holds, in words.
        what: &'static str,
        /// The field key for `--map`.
        field: &'static str,
        /// The file's headers.
        columns: String,
    },
}

/// The file name used in messages: the path as the user gave it.
pub(crate) fn file_label(path: &std::path::Path) -> String {
    path.display().to_string()
}
