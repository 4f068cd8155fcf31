//! The table reader on arbitrary bytes, as CSV text or as a workbook (the first byte
//! chooses the extension): it may refuse the file, never panic or grow without bound.

#![no_main]

use catchment::ingest::table::{Table, TableOptions};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let suffix = [".csv", ".tsv", ".xlsx", ".xls"][usize::from(kind % 4)];
    let mut file = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    file.write_all(bytes).unwrap();
    if let Ok(mut table) = Table::open(file.path(), &TableOptions::default()) {
        for row in table.rows() {
            let _ = row;
        }
    }
});
