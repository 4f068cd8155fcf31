//! Damaged text tables: each damaged record costs itself only, with its row, column and
//! reason, and every other row is read as usual.

use super::*;
use std::io::Write;

/// Each row read: its number, and its cells or why it could not be read.
type Rows = Vec<(usize, Result<Vec<String>, BadRow>)>;

/// Opens `bytes` as a `.csv` file; the table and every row.
fn read(bytes: &[u8]) -> (Table, Rows) {
    let mut f = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temp file");
    f.write_all(bytes).expect("write");
    let mut table = Table::open(f.path(), &TableOptions::default()).expect("opens");
    let rows = table
        .rows()
        .map(|r| match r {
            Ok(row) => (row.row, Ok(row.cells)),
            Err(bad) => (bad.row, Err(bad)),
        })
        .collect();
    (table, rows)
}

fn open_err(bytes: &[u8]) -> TableError {
    let mut f = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temp file");
    f.write_all(bytes).expect("write");
    Table::open(f.path(), &TableOptions::default()).expect_err("refused")
}

fn bad(rows: &Rows, row: usize) -> &BadRow {
    match rows.iter().find(|(r, _)| *r == row) {
        Some((_, Err(bad))) => bad,
        other => panic!("row {row} is not rejected: {other:?}"),
    }
}

fn cells(rows: &Rows, row: usize) -> Vec<String> {
    match rows.iter().find(|(r, _)| *r == row) {
        Some((_, Ok(cells))) => cells.clone(),
        other => panic!("row {row} is not read: {other:?}"),
    }
}

#[test]
fn a_stray_quote_costs_its_row_and_the_rows_after_it_are_read() {
    let text = "id,name,address,lat,lon\n\
                Q1,A,Street 1,60.1,24.9\n\
                Q2,B,\"Mikonkatu 18,60.17,24.94\n\
                Q3,C,Street 3,60.2,24.9\n\
                Q4,D,\"Street, 4\",60.3,24.9\n\
                Q5,E,\"Line 1\nLine 2\",60.4,24.9\n\
                Q6,F,5\" screen,60.5,24.9\n";
    let (_, rows) = read(text.as_bytes());
    let numbers: Vec<usize> = rows.iter().map(|(r, _)| *r).collect();
    assert_eq!(numbers, [2, 3, 4, 5, 6, 8]);
    let q2 = bad(&rows, 3);
    assert_eq!((q2.kind, q2.column), (IssueKind::UnbalancedQuote, Some(2)));
    assert_eq!(q2.cells, ["Q2", "B", "Mikonkatu 18,60.17,24.94"]);
    assert!(
        q2.detail.contains("'\"Mikonkatu 18,60.17,24.94'")
            && q2.detail.contains("the 2 lines after"),
        "{}",
        q2.detail
    );
    assert_eq!(cells(&rows, 4)[0], "Q3");
    assert_eq!(cells(&rows, 5)[2], "Street, 4");
    // A quoted cell over two lines that hold no rows is a cell, not damage.
    assert_eq!(cells(&rows, 6)[2], "Line 1\nLine 2");
    // A quote inside a cell opens nothing.
    assert_eq!(cells(&rows, 8)[2], "5\" screen");
}

#[test]
fn a_quote_never_closed_costs_the_last_row_only() {
    let (_, rows) = read(b"id,address\n1,Katu 1\n2,\"Katu 2\n");
    assert_eq!(cells(&rows, 2), ["1", "Katu 1"]);
    let last = bad(&rows, 3);
    assert_eq!(last.kind, IssueKind::UnbalancedQuote);
    assert!(last.detail.contains("never closed"), "{}", last.detail);
}

/// A UTF-8 table of Finnish names, enough of them non-ASCII to be sure of the encoding.
fn finnish(rows: usize) -> String {
    let mut text = String::from("id,name,address\n");
    for i in 1..=rows {
        text.push_str(&format!("{i},Nyström {i},Mäkelänkatu {i}\n"));
    }
    text
}

#[test]
fn a_bad_byte_in_utf8_costs_its_row_and_the_rest_reads_as_utf8() {
    let mut bytes = finnish(6).into_bytes();
    // Row 4 ("3,Nyström 3,…"): its `ö` loses its second byte.
    let at = bytes
        .windows(10)
        .position(|w| w == "3,Nyström".as_bytes())
        .expect("row 4")
        + 7;
    bytes.remove(at + 1);
    let (table, rows) = read(&bytes);
    assert_eq!(table.format, "CSV (UTF-8, ',')");
    assert_eq!(rows.len(), 6);
    let row4 = bad(&rows, 4);
    assert_eq!(
        (row4.kind, row4.column),
        (IssueKind::InvalidEncoding, Some(1))
    );
    assert!(row4.detail.contains("not valid UTF-8"), "{}", row4.detail);
    assert_eq!(cells(&rows, 5)[1], "Nyström 4");
}

#[test]
fn many_bad_bytes_mean_another_encoding() {
    let latin1: Vec<u8> = "id,name\n1,Nystr\u{f6}m\n2,M\u{e4}ki\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
        .collect();
    let (table, rows) = read(&latin1);
    assert_eq!(table.format, "CSV (windows-1252, ',')");
    assert_eq!(cells(&rows, 2)[1], "Nyström");
}

#[test]
fn a_file_cut_in_a_character_is_truncated_not_mojibake() {
    let mut bytes = finnish(3).into_bytes();
    bytes.truncate(bytes.len() - "läntie 3\n".len() + 1);
    let (table, rows) = read(&bytes);
    assert_eq!(table.format, "CSV (UTF-8, ',')");
    let last = bad(&rows, 4);
    assert_eq!(last.kind, IssueKind::InvalidEncoding);
    assert!(last.detail.contains("cut off"), "{}", last.detail);

    // GBK cut in the header: said to be cut off, not read as a header in windows-1252.
    let (gbk, _, _) = encoding_rs::GBK.encode("会员卡号,姓名,地址\n张伟,上海");
    let cut = gbk.get(..gbk.len() - 1).expect("bytes");
    let (mut table, rows) = read(cut);
    assert_eq!(table.headers, ["会员卡号", "姓名", "地址"]);
    assert!(table.format.starts_with("CSV (GB18030"), "{}", table.format);
    assert!(bad(&rows, 2).detail.contains("GB18030 character"));
    assert!(table.next_row().is_none());
    let header_only = gbk.get(..5).expect("bytes");
    let msg = open_err(header_only).to_string();
    assert!(
        msg.contains("row 1 (the header)") && msg.contains("cut off"),
        "{msg}"
    );
}

#[test]
fn a_cell_over_the_limit_costs_its_row_and_is_kept_cut() {
    let long = "x".repeat(MAX_CELL_BYTES + 10);
    let text = format!("id,note\n1,{long}\n2,short\n");
    let (_, rows) = read(text.as_bytes());
    let row2 = bad(&rows, 2);
    assert_eq!((row2.kind, row2.column), (IssueKind::CellTooLong, Some(1)));
    assert_eq!(row2.cells[1].len(), MAX_CELL_BYTES);
    assert!(
        row2.detail
            .contains(&format!("{} bytes", MAX_CELL_BYTES + 10))
    );
    assert_eq!(cells(&rows, 3), ["2", "short"]);
}

#[test]
fn field_counts_are_checked_against_the_header_found() {
    // The title row above the header has one field; the rows are checked against the
    // header, not against it.
    let text = "Member export\nid,name,address\n1,A,Katu 1\n2,B\n3,C,Katu 3,extra\n4,D,Katu 4,\n";
    let mut f = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    let mut table = Table::open(f.path(), &TableOptions::default()).expect("opens");
    assert!(table.find_header(|cells| cells.iter().any(|c| c == "id")));
    let got: Vec<(usize, Option<IssueKind>)> = table
        .rows()
        .map(|r| match r {
            Ok(row) => (row.row, None),
            Err(bad) => (bad.row, Some(bad.kind)),
        })
        .collect();
    let field_count = Some(IssueKind::FieldCount);
    assert_eq!(
        got,
        [(3, None), (4, field_count), (5, field_count), (6, None)]
    );
}
