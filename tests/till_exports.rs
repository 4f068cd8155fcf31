//! The real binary on exports as tills write them (issue 12): title rows above the
//! header, HTML and SpreadsheetML tables saved as `.xls`, and bad cells that cost the
//! cell, not the member. Every data row is imported or rejected; warnings are counted.

mod common;

use common::{Ws, fixture};
use std::path::Path;

/// `(row, column, reason)`.
type Issue = (String, String, String);

/// `(row, column, reason)` of each record of an issues CSV (rejected or warnings).
fn issue_rows(path: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[1].to_string(), rec[2].to_string(), rec[3].to_string())
        })
        .collect()
}

/// Imports a fixture with `--rejected` and `--warnings`: stderr, rejected, warnings.
fn import(name: &str, extra: &[&str]) -> (String, Vec<Issue>, Vec<Issue>) {
    let ws = Ws::new();
    let (rejected, warnings) = (ws.path("rejected.csv"), ws.path("warnings.csv"));
    let file = fixture(name);
    let mut args = vec![
        "import",
        "members",
        file.to_str().unwrap(),
        "--rejected",
        rejected.to_str().unwrap(),
        "--warnings",
        warnings.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (_, err) = ws.ok(&args);
    let w = if warnings.exists() {
        issue_rows(&warnings)
    } else {
        Vec::new()
    };
    (err, issue_rows(&rejected), w)
}

fn row(r: &str, c: &str, why: &str) -> (String, String, String) {
    (r.into(), c.into(), why.into())
}

/// The three till fixtures hold the same four members: T001 and T002 located, T003
/// without coordinates, the fourth without a member number.
fn assert_the_four_members(err: &str, rejected: &[(String, String, String)], last_row: &str) {
    assert!(
        err.contains("read 4 rows")
            && err.contains(
                "3 new, 0 updated, 0 unchanged, 1 rejected; 1 imported without coordinates"
            ),
        "{err}"
    );
    assert_eq!(rejected, [row(last_row, "会员卡号", "missing id")]);
}

#[test]
fn gbk_csv_with_title_and_export_date_rows_finds_its_header() {
    let (err, rejected, warnings) = import("members_titled_gbk.csv", &[]);
    assert!(
        err.contains("header found on row 4 (rows 1–2 above it skipped: '会员资料导出'"),
        "{err}"
    );
    assert_the_four_members(&err, &rejected, "8");
    assert!(warnings.is_empty());
}

#[test]
fn header_row_option_overrides_the_search() {
    let (err, rejected, _) = import("members_titled_gbk.csv", &["--header-row", "4"]);
    assert!(
        err.contains("header given with --header-row on row 4"),
        "{err}"
    );
    assert_the_four_members(&err, &rejected, "8");
    let ws = Ws::new();
    let out = ws.run(&[
        "import",
        "members",
        fixture("members_titled_gbk.csv").to_str().unwrap(),
        "--header-row",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("members_titled_gbk.csv: --header-row 3: row 3 is blank"),
        "{err}"
    );
}

#[test]
fn html_table_saved_as_xls_in_gbk_reads_as_a_table() {
    let (err, rejected, _) = import("members_html.xls", &[]);
    assert!(err.contains("HTML table 1 (GBK)"), "{err}");
    assert!(
        err.contains("header found on row 2 (row 1 above it skipped: '会员资料导出 & 统计')"),
        "{err}"
    );
    assert_the_four_members(&err, &rejected, "6");
}

#[test]
fn spreadsheet_ml_saved_as_xls_reads_its_first_worksheet() {
    let (err, rejected, _) = import("members_spreadsheetml.xls", &[]);
    assert!(err.contains("SpreadsheetML sheet '会员'"), "{err}");
    assert!(
        err.contains("header found on row 3 (row 1 above it skipped"),
        "{err}"
    );
    assert_the_four_members(&err, &rejected, "7");
    let ws = Ws::new();
    let out = ws.run(&[
        "import",
        "members",
        fixture("members_spreadsheetml.xls").to_str().unwrap(),
        "--sheet",
        "nope",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'会员', '说明'"));
}

#[test]
fn bad_cells_leave_the_member_with_the_cell_empty_and_a_warning() {
    let (err, rejected, warnings) = import("members_bad_cells.csv", &[]);
    assert!(
        err.contains("4 new, 0 updated, 0 unchanged, 2 rejected; 1 imported without coordinates"),
        "{err}"
    );
    assert!(err.contains("5 cells left empty: 2 visits not a number, 2 last_visit not a date, 1 spend not an amount of money"), "{err}");
    assert_eq!(
        rejected,
        [
            row("6", "id", "missing id"),
            row("7", "address", "no address or coordinates")
        ]
    );
    assert_eq!(
        warnings,
        [
            row("3", "visits", "invalid number"),
            row("4", "spend", "invalid amount of money"),
            row("4", "last_visit", "invalid date"),
            row("5", "visits", "invalid number"),
            row("5", "last_visit", "invalid date"),
        ]
    );
}

#[test]
fn a_markup_file_without_a_table_names_the_file_and_echoes_little() {
    let ws = Ws::new();
    let long = format!("<html><body><p>{}</p></body></html>", "x".repeat(5000));
    let path = ws.file("empty.xls", &long);
    let out = ws.run(&["import", "members", &path]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("empty.xls: cannot read it as HTML: no <table> found"),
        "{err}"
    );
    assert!(err.len() < 600, "{err}");
}
