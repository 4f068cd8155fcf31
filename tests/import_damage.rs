//! Damaged and hostile member files through the real binary: every row imported or
//! rejected by itself with its row, column and reason; a file over the limits refused
//! whole with the workspace unchanged; messages short. The big inputs are made here.

mod common;

use common::{Ws, text_cell, xlsx};
use std::path::Path;

/// A stored member: `(id, name, address, last_visit)`.
type Stored = (String, Option<String>, Option<String>, Option<String>);

/// Every member, by id.
fn members(ws: &Ws) -> Vec<Stored> {
    let db = rusqlite::Connection::open(ws.path("ws.db")).unwrap();
    let mut stmt = db
        .prepare("SELECT id, name, address, last_visit FROM members ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The `--rejected` file: its header, then `(row, column, reason, detail)` per record;
/// every record has as many fields as the header (csv's reader checks it).
fn rejected(path: &Path) -> (Vec<String>, Vec<[String; 4]>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("as many fields as the header");
            [1, 2, 3, 4].map(|i| r[i].to_owned())
        })
        .collect();
    (header, rows)
}

fn import(ws: &Ws, file: &str) -> std::process::Output {
    let rejected = ws.path("rejected.csv");
    ws.run(&[
        "import",
        "members",
        file,
        "--rejected",
        rejected.to_str().unwrap(),
    ])
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_stray_quote_costs_its_row_and_every_row_after_it_is_imported_by_itself() {
    let ws = Ws::new();
    let file = ws.file(
        "quote.csv",
        "id,name,address,lat,lon\n\
         Q1,A,Mannerheimintie 5,60.1699,24.9384\n\
         Q2,B,\"Mikonkatu 18,60.17,24.94\n\
         Q3,C,Aleksanterinkatu 12,,\n\
         Q4,D,\"Bulevardi 1, A 3\",60.165,24.938\n",
    );
    let out = import(&ws, &file);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("3 new, 0 updated, 0 unchanged, 1 rejected"),
        "{err}"
    );
    assert!(err.contains("unbalanced quote (rows 3)"), "{err}");
    let (header, rows) = rejected(&ws.path("rejected.csv"));
    assert_eq!(
        header,
        [
            "file", "row", "column", "reason", "detail", "cell_1", "cell_2", "cell_3"
        ]
    );
    let [row, column, reason, detail] = &rows[0];
    assert_eq!(
        (row.as_str(), column.as_str(), reason.as_str()),
        ("3", "address", "unbalanced quote")
    );
    assert!(detail.contains("the 2 lines after it"), "{detail}");
    let ids: Vec<(String, Option<String>)> = members(&ws)
        .into_iter()
        .map(|(id, _, address, _)| (id, address))
        .collect();
    assert_eq!(
        ids,
        [
            ("Q1".into(), Some("Mannerheimintie 5".into())),
            ("Q3".into(), Some("Aleksanterinkatu 12".into())),
            ("Q4".into(), Some("Bulevardi 1, A 3".into())),
        ]
    );
}

/// A UTF-8 member table of Finnish names (`Nyström 1`, …), last visits as ISO dates.
fn finnish(rows: usize) -> Vec<u8> {
    let mut text = String::from("id,name,address,last_visit\n");
    for i in 1..=rows {
        text.push_str(&format!(
            "M{i},Nyström {i},Mäkelänkatu {i},2024-05-{:02}\n",
            i % 28 + 1
        ));
    }
    text.into_bytes()
}

#[test]
fn a_bad_byte_costs_its_row_and_a_reimport_keeps_the_good_name() {
    let ws = Ws::new();
    let good = ws.path("good.csv");
    std::fs::write(&good, finnish(10)).unwrap();
    ws.ok(&["import", "members", good.to_str().unwrap()]);
    let before = members(&ws);

    let mut damaged = finnish(10);
    // M3's `ö` (on row 4) loses its second byte.
    let at = damaged
        .windows(11)
        .position(|w| w == "M3,Nyström".as_bytes())
        .unwrap();
    damaged.remove(at + 8 + 1);
    let bad = ws.path("bad.csv");
    std::fs::write(&bad, damaged).unwrap();
    let out = import(&ws, bad.to_str().unwrap());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("as CSV (UTF-8, ',')"), "{err}");
    assert!(
        err.contains("0 new, 0 updated, 9 unchanged, 1 rejected"),
        "{err}"
    );
    assert!(
        err.contains("bytes not valid in the encoding (rows 4)"),
        "{err}"
    );
    let (_, rows) = rejected(&ws.path("rejected.csv"));
    assert_eq!(rows.len(), 1);
    let [row, column, _, detail] = &rows[0];
    assert_eq!((row.as_str(), column.as_str()), ("4", "name"));
    assert!(detail.contains("not valid UTF-8"), "{detail}");
    // Nothing was overwritten with mojibake.
    assert_eq!(members(&ws), before);
    assert_eq!(before[3].1.as_deref(), Some("Nyström 3"));
}

#[test]
fn a_row_with_more_fields_than_the_header_is_rejected_not_shifted() {
    let ws = Ws::new();
    let file = ws.file(
        "fields.csv",
        "id,name,address,lat,lon,visits,last_visit\n\
         M1,A,Mikonkatu 18,60.17,24.94,3,2024-05-01\n\
         M2,B,Mikonkatu 18, Helsinki,60.17,24.94,3,2024-05-02\n\
         M3,C,Mikonkatu 20,60.17,24.94,3\n\
         M4,D,Mikonkatu 22,60.17,24.94,4,3\n",
    );
    let out = import(&ws, &file);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("2 new, 0 updated, 0 unchanged, 2 rejected"),
        "{err}"
    );
    assert!(err.contains("wrong number of fields (rows 3, 4)"), "{err}");
    // `3` in a column of calendar dates is no date (not 1900-01-03): the cell is left empty.
    assert!(err.contains("1 last_visit not a date"), "{err}");
    let (_, rows) = rejected(&ws.path("rejected.csv"));
    let details: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert!(
        details[0]
            .1
            .starts_with("the row has 8 fields, the header has 7"),
        "{details:?}"
    );
    assert!(
        details[1]
            .1
            .starts_with("the row has 6 fields, the header has 7"),
        "{details:?}"
    );
    let kept: Vec<(String, Option<String>)> = members(&ws)
        .into_iter()
        .map(|(id, _, _, last)| (id, last))
        .collect();
    assert_eq!(
        kept,
        [
            ("M1".into(), Some("2024-05-01".into())),
            ("M4".into(), None)
        ]
    );
}

/// Imports into a workspace already holding members, expecting a refusal: the message,
/// after checking the workspace is unchanged and the message short.
fn refused(file_name: &str, bytes: &[u8]) -> String {
    let ws = Ws::new();
    let good = ws.path("good.csv");
    std::fs::write(&good, finnish(3)).unwrap();
    ws.ok(&["import", "members", good.to_str().unwrap()]);
    let before = members(&ws);
    let path = ws.path(file_name);
    std::fs::write(&path, bytes).unwrap();
    let out = ws.run(&["import", "members", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(members(&ws), before);
    let err = stderr(&out);
    assert!(err.contains(file_name), "{err}");
    assert!(err.len() < 1000, "a short message, not the file: {err}");
    err
}

#[test]
fn a_tiny_xlsx_with_a_cell_at_the_last_column_and_row_is_refused_at_once() {
    let rows = format!("<row r=\"1048576\">{}</row>", text_cell("XFD1048576", "id"));
    let book = xlsx("XFD1048576", &rows);
    assert!(book.len() < 2000, "{} bytes", book.len());
    let started = std::time::Instant::now();
    let err = refused("far.xlsx", &book);
    assert!(started.elapsed().as_secs() < 20);
    assert!(
        err.contains("cell XFD1048576 (row 1048576, column XFD)")
            && err.contains("beyond the 4096 columns read"),
        "{err}"
    );
}

#[test]
fn an_xlsx_inflating_to_one_huge_cell_is_refused_naming_the_cell() {
    let huge = "A".repeat(32 << 20);
    let rows = format!(
        "<row r=\"1\">{}{}</row><row r=\"2\">{}{}</row>",
        text_cell("A1", "id"),
        text_cell("B1", "address"),
        text_cell("A2", "M1"),
        text_cell("B2", &huge),
    );
    let book = xlsx("A1:B2", &rows);
    drop(huge);
    assert!(book.len() < 100_000, "{} bytes", book.len());
    let err = refused("bomb.xlsx", &book);
    assert!(
        err.contains("cell B2 (row 2, column B)") && err.contains("longer than 65536 bytes"),
        "{err}"
    );
}

#[test]
fn xlsx_rows_stream_with_their_sheet_row_numbers() {
    let ws = Ws::new();
    let rows = format!(
        "<row r=\"2\">{}{}{}</row><row r=\"3\">{}{}<c r=\"C3\"><v>45413</v></c></row>\
         <row r=\"7\">{}{}<c r=\"C7\"><v>45414</v></c></row>\
         <row r=\"9\">{}<c r=\"C9\"><v>45415</v></c></row>",
        text_cell("A2", "id"),
        text_cell("B2", "address"),
        text_cell("C2", "last_visit"),
        text_cell("A3", "M1"),
        text_cell("B3", "Mikonkatu 18"),
        text_cell("A7", "M2"),
        text_cell("B7", "Mikonkatu 20"),
        text_cell("A9", "M3"),
    );
    let path = ws.path("rows.xlsx");
    std::fs::write(&path, xlsx("A2:C9", &rows)).unwrap();
    let out = import(&ws, path.to_str().unwrap());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("read 3 rows as XLSX sheet 'Sheet1'"), "{err}");
    assert!(
        err.contains("2 new, 0 updated, 0 unchanged, 1 rejected"),
        "{err}"
    );
    let (_, rejected_rows) = rejected(&ws.path("rejected.csv"));
    assert_eq!(rejected_rows[0][0], "9");
    // A column of Excel serials reads as dates.
    let dates: Vec<Option<String>> = members(&ws).into_iter().map(|m| m.3).collect();
    assert_eq!(
        dates,
        [Some("2024-05-01".to_owned()), Some("2024-05-02".to_owned())]
    );
}

#[test]
fn a_bom_or_zero_width_character_in_an_id_is_the_same_member() {
    let ws = Ws::new();
    let first = ws.file("a.csv", "id,name,lat,lon\nA001,Aino,60.17,24.94\n");
    assert!(import(&ws, &first).status.success());
    // The same member, as a spreadsheet copy-paste writes her id: a BOM, a zero-width space.
    let again = ws.file(
        "b.csv",
        "id,name,lat,lon\n\u{feff}A001,Aino,60.17,24.94\nA0\u{200b}01,Aino,60.17,24.94\n",
    );
    let out = import(&ws, &again);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 new"), "{err}");
    let ids: Vec<String> = members(&ws).into_iter().map(|m| m.0).collect();
    assert_eq!(ids, ["A001"]);
}

#[test]
fn rows_of_a_file_with_lone_cr_line_ends_keep_their_numbers() {
    let ws = Ws::new();
    let file = ws.file(
        "mac.csv",
        "id,name,lat,lon\rA1,Aino,60.17,24.94\r,NoId,60.17,24.94\rA3,Eero,60.18,24.95\r",
    );
    let out = import(&ws, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, rows) = rejected(&ws.path("rejected.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "3", "{rows:?}");
    assert_eq!(members(&ws).len(), 2);
}
