//! The rows an import could not use, as CSV: where each was (file, row, column), why,
//! and its original cells, so the user can fix them and import again.

use crate::ingest::RowIssue;
use std::io::Write;

/// Writes every rejected row: `file,row,column,reason,detail,cells…` with the row's
/// original cells after the fixed columns.
///
/// # Errors
/// When writing fails.
pub fn write_rejected_csv(issues: &[RowIssue], out: &mut dyn Write) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    w.write_record(["file", "row", "column", "reason", "detail", "cells…"])?;
    for i in issues {
        let mut rec = vec![
            i.file.clone(),
            i.row.to_string(),
            i.column.clone().unwrap_or_default(),
            i.kind.label().to_string(),
            i.detail.clone(),
        ];
        rec.extend(i.cells.iter().cloned());
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}
