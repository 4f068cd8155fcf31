//! The member importer's reading of a CSV file (header detection, column map, every
//! row's cells parsed into a member, a rejection or warnings): no input may panic, and
//! every data row comes out as exactly one outcome.

#![no_main]

use catchment::ingest::members::{MemberImportOptions, open_members};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    // A header the importer knows, then the fuzzed rows.
    file.write_all(b"id,name,address,lat,lon,visits,spend,last_visit\n")
        .unwrap();
    file.write_all(data).unwrap();
    let Ok((mut table, mut parser)) = open_members(file.path(), &MemberImportOptions::default())
    else {
        return;
    };
    while let Some(raw) = table.next_row() {
        let _ = parser.parse(raw);
    }
});
