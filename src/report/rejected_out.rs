//! The rows an import could not use, as CSV: where each was (file, row, column), why,
//! and its original cells, so the user can fix them and import again; and the cells it
//! left empty.

use crate::ingest::RowIssue;
use std::io::Write;

/// Writes every rejected row: `file,row,column,reason,detail,cell_1,…,cell_N` with the
/// row's original cells after the fixed columns.
///
/// The header names every column written: `cell_1` … `cell_N` up to the widest rejected
/// row, and shorter rows are padded with empty cells, so every record has the header's
/// width. (`cell_K` is the file's K-th column, whatever its header said.)
///
/// # Errors
/// When writing fails.
pub fn write_rejected_csv(issues: &[RowIssue], out: &mut dyn Write) -> csv::Result<()> {
    let mut w = super::CsvWriter::from_writer(out);
    let width = issues.iter().map(|i| i.cells.len()).max().unwrap_or(0);
    let mut header: Vec<String> = ["file", "row", "column", "reason", "detail"]
        .map(String::from)
        .to_vec();
    header.extend((1..=width).map(|k| format!("cell_{k}")));
    w.write_record(&header)?;
    for i in issues {
        let mut rec = vec![
            i.file.clone(),
            i.row.to_string(),
            i.column.clone().unwrap_or_default(),
            i.kind.label().to_string(),
            i.detail.clone(),
        ];
        rec.extend(i.cells.iter().cloned());
        rec.resize(header.len(), String::new());
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes every cell an import left empty: `file,row,column,reason,value,detail`.
///
/// # Errors
/// When writing fails.
pub fn write_warnings_csv(warnings: &[RowIssue], out: &mut dyn Write) -> csv::Result<()> {
    let mut w = super::CsvWriter::from_writer(out);
    w.write_record(["file", "row", "column", "reason", "value", "detail"])?;
    for i in warnings {
        w.write_record([
            i.file.as_str(),
            &i.row.to_string(),
            i.column.as_deref().unwrap_or_default(),
            i.kind.label(),
            i.value.as_deref().unwrap_or_default(),
            &i.detail,
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IssueKind, Severity};

    fn issue(cells: &[&str]) -> RowIssue {
        RowIssue {
            file: "m.csv".into(),
            row: 3,
            column: Some("id".into()),
            kind: IssueKind::MissingId,
            severity: Severity::Rejected,
            value: None,
            detail: "no member id".into(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn rejected_header_names_every_column_written() {
        let mut out = Vec::new();
        write_rejected_csv(&[issue(&["", "x"]), issue(&["", "y", "z"])], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "file,row,column,reason,detail,cell_1,cell_2,cell_3"
        );
        assert_eq!(lines[1], "m.csv,3,id,missing id,no member id,,x,");
        assert_eq!(lines[2], "m.csv,3,id,missing id,no member id,,y,z");
    }
}
