use super::workbook::cell_text;
use super::*;
use calamine::{Data, Range};
use std::io::Write;

fn write_temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write temp file");
    (dir, path)
}

fn open_bytes(name: &str, bytes: &[u8], opts: &TableOptions) -> Result<Table, TableError> {
    let (_dir, path) = write_temp(name, bytes);
    Table::open(&path, opts)
}

fn all_rows(table: &mut Table) -> Vec<(usize, Vec<String>)> {
    table
        .rows()
        .map(|r| r.expect("row reads"))
        .map(|r| (r.row, r.cells))
        .collect()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn encode(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = enc.encode(text);
    assert!(!had_errors, "test text encodes in {}", enc.name());
    bytes.into_owned()
}

const MEMBERS_CSV: &str = "会员卡号,姓名,地址\nA001,张伟,上海市浦东新区世纪大道100号\nA002,王芳,上海市黄浦区南京东路300号\n";

#[test]
fn utf8_csv_with_line_numbers_and_len_hint() {
    let mut t =
        open_bytes("m.csv", MEMBERS_CSV.as_bytes(), &TableOptions::default()).expect("opens");
    assert_eq!(t.headers, strings(&["会员卡号", "姓名", "地址"]));
    assert_eq!(t.format, "CSV (UTF-8, ',')");
    assert_eq!(t.len_hint(), Some(2));
    let rows = all_rows(&mut t);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        (2, strings(&["A001", "张伟", "上海市浦东新区世纪大道100号"]))
    );
    assert_eq!(rows[1].0, 3);
}

#[test]
fn boms_are_stripped_and_name_the_encoding() {
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(MEMBERS_CSV.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    le.extend(MEMBERS_CSV.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(MEMBERS_CSV.encode_utf16().flat_map(u16::to_be_bytes));
    for (bytes, name) in [(utf8, "UTF-8"), (le, "UTF-16LE"), (be, "UTF-16BE")] {
        let mut t = open_bytes("m.csv", &bytes, &TableOptions::default()).expect("opens");
        assert_eq!(t.headers[0], "会员卡号", "{name}");
        assert_eq!(t.format, format!("CSV ({name}, ',')"));
        assert_eq!(all_rows(&mut t)[1].1[1], "王芳");
    }
}

#[test]
fn utf16_without_bom_is_recognised() {
    let le: Vec<u8> = "id,name\n1,Ann\n2,Bo\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut t = open_bytes("m.csv", &le, &TableOptions::default()).expect("opens");
    assert_eq!(t.format, "CSV (UTF-16LE, ',')");
    assert_eq!(all_rows(&mut t)[1].1, strings(&["2", "Bo"]));
}

#[test]
fn gbk_is_detected_and_read_as_gb18030() {
    let text = MEMBERS_CSV.replace(',', "\t");
    let bytes = encode(encoding_rs::GBK, &text);
    let mut t = open_bytes("m.txt", &bytes, &TableOptions::default()).expect("opens");
    assert_eq!(t.format, "CSV (GB18030, '\\t')");
    assert_eq!(t.headers, strings(&["会员卡号", "姓名", "地址"]));
    assert_eq!(all_rows(&mut t)[0].1[2], "上海市浦东新区世纪大道100号");
}

#[test]
fn big5_is_detected() {
    let text = "會員卡號,姓名,地址\nB001,陳大文,臺北市信義區市府路1號\nB002,林美玲,臺北市大安區忠孝東路四段100號\nB003,黃志明,新北市板橋區縣民大道二段7號\n";
    let bytes = encode(encoding_rs::BIG5, text);
    let mut t = open_bytes("m.csv", &bytes, &TableOptions::default()).expect("opens");
    assert_eq!(t.format, "CSV (Big5, ',')");
    assert_eq!(t.headers[0], "會員卡號");
    assert_eq!(all_rows(&mut t)[0].1[1], "陳大文");
}

#[test]
fn explicit_encoding_wins_and_a_wrong_one_is_an_error() {
    let bytes = encode(encoding_rs::GBK, MEMBERS_CSV);
    let opts = TableOptions {
        encoding: Some(encoding_rs::GBK),
        sheet: None,
        ..TableOptions::default()
    };
    let t = open_bytes("m.csv", &bytes, &opts).expect("opens");
    assert_eq!(t.format, "CSV (GBK, ',')");
    assert_eq!(t.headers[0], "会员卡号");

    let opts = TableOptions {
        encoding: Some(encoding_rs::UTF_8),
        sheet: None,
        ..TableOptions::default()
    };
    let err = open_bytes("m.csv", &bytes, &opts).expect_err("not UTF-8");
    let msg = err.to_string();
    assert!(matches!(
        err,
        TableError::Decode {
            encoding: "UTF-8",
            ..
        }
    ));
    assert!(msg.contains("m.csv") && msg.contains("UTF-8") && msg.contains("--encoding"));
}

#[test]
fn encoding_labels() {
    for (label, enc) in [
        ("gbk", encoding_rs::GBK),
        ("GB18030", encoding_rs::GB18030),
        ("cp936", encoding_rs::GBK),
        ("utf-8", encoding_rs::UTF_8),
        ("utf8", encoding_rs::UTF_8),
        ("utf-16le", encoding_rs::UTF_16LE),
        ("UTF16BE", encoding_rs::UTF_16BE),
        ("big5", encoding_rs::BIG5),
        ("cp950", encoding_rs::BIG5),
        ("shift_jis", encoding_rs::SHIFT_JIS),
        ("latin1", encoding_rs::WINDOWS_1252),
        (" windows-1252 ", encoding_rs::WINDOWS_1252),
    ] {
        assert_eq!(parse_encoding_label(label).ok(), Some(enc), "{label}");
    }
    let err = parse_encoding_label("iso-2022-kr").expect_err("replacement is refused");
    assert!(err.to_string().contains("'iso-2022-kr'"));
    assert!(parse_encoding_label("klingon").is_err());
}

#[test]
fn delimiters_are_sniffed_respecting_quotes() {
    let cases: [(&str, &str); 5] = [
        ("id;name;spend\n1;Ann;1,50\n2;Bo;2,75\n", ";"),
        ("id|name\n1|Ann, Bo\n", "|"),
        (
            "id\tname\taddr\n1\tAnn\tMain St, 5\n2\tBo\tHigh St, 7\n",
            "\\t",
        ),
        (
            "id,name,addr\n1,Ann,\"Main St; 5; a|b\"\n2,Bo,\"x;y;z\"\n",
            ",",
        ),
        ("name\nAnn\nBo\n", ","),
    ];
    for (text, shown) in cases {
        let t = open_bytes("x.csv", text.as_bytes(), &TableOptions::default()).expect("opens");
        assert_eq!(t.format, format!("CSV (UTF-8, '{shown}')"), "{text:?}");
    }
    let mut t = open_bytes(
        "x.csv",
        b"id;name;spend\n1;Ann;1,50\n",
        &TableOptions::default(),
    )
    .expect("opens");
    assert_eq!(all_rows(&mut t)[0].1, strings(&["1", "Ann", "1,50"]));
}

#[test]
fn row_numbers_follow_the_editor_lines() {
    let text = "\r\n\r\n id , name \r\n1,Ann\r\n\r\n,,,\r\n2,\"multi\r\nline\"\r\n   \r\n3,Cy";
    let mut t = open_bytes("x.csv", text.as_bytes(), &TableOptions::default()).expect("opens");
    assert_eq!(t.headers, strings(&["id", "name"]));
    let rows = all_rows(&mut t);
    let lines: Vec<usize> = rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, [4, 7, 10]);
    assert_eq!(rows[1].1, strings(&["2", "multi\r\nline"]));
    assert_eq!(rows[2].1, strings(&["3", "Cy"]));
    assert_eq!(t.len_hint(), Some(7));
}

#[test]
fn len_hint_counts_lines_after_the_header() {
    for text in ["a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4"] {
        let t = open_bytes("x.csv", text.as_bytes(), &TableOptions::default()).expect("opens");
        assert_eq!(t.len_hint(), Some(2), "{text:?}");
    }
}

#[test]
fn headers_are_nfkc_and_lose_stray_boms_but_cells_stay_raw() {
    let text = "\u{feff}ＩＤ,\u{feff} 姓名 ,（备注）\n１,Ａｎｎ ,x\n";
    let mut t = open_bytes("x.csv", text.as_bytes(), &TableOptions::default()).expect("opens");
    assert_eq!(t.headers, strings(&["ID", "姓名", "(备注)"]));
    assert_eq!(all_rows(&mut t)[0].1, strings(&["１", "Ａｎｎ", "x"]));
}

#[test]
fn empty_files_are_errors() {
    for text in ["", "\n\n", ",,,\n  \n\t\n"] {
        let err =
            open_bytes("e.csv", text.as_bytes(), &TableOptions::default()).expect_err("no header");
        assert!(matches!(err, TableError::Empty { .. }), "{text:?}");
        assert!(err.to_string().contains("e.csv"));
    }
}

#[test]
fn missing_file_names_the_path() {
    for name in ["nope.csv", "nope.xlsx", "nope"] {
        let err = Table::open(Path::new(name), &TableOptions::default()).expect_err("missing");
        assert!(matches!(err, TableError::Io { .. }));
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read {name}: "))
        );
    }
}

#[test]
fn unknown_extensions_are_sniffed() {
    let t = open_bytes("export.dat", b"a;b\n1;2\n", &TableOptions::default()).expect("text");
    assert_eq!(t.format, "CSV (UTF-8, ';')");
    let xlsx = std::fs::read(fixture("members.xlsx")).expect("fixture");
    for name in ["export.dat", "export", "renamed.csv"] {
        let t = open_bytes(name, &xlsx, &TableOptions::default()).expect("workbook");
        assert_eq!(t.format, "XLSX sheet '会员'", "{name}");
    }
    let err = open_bytes(
        "bad.xlsx",
        b"PK\x03\x04 not really",
        &TableOptions::default(),
    )
    .expect_err("broken zip");
    assert!(matches!(err, TableError::Workbook { .. }));
    assert!(err.to_string().contains("bad.xlsx"));
}

#[test]
fn members_fixture_reads_as_strings() {
    let mut t = Table::open(&fixture("members.xlsx"), &TableOptions::default()).expect("opens");
    assert_eq!(t.format, "XLSX sheet '会员'");
    assert_eq!(
        t.headers,
        strings(&[
            "会员卡号",
            "姓名",
            "手机号",
            "地址",
            "纬度",
            "经度",
            "会员等级",
            "消费次数",
            "累计消费",
            "开卡日期",
            "最近消费",
        ])
    );
    assert_eq!(t.len_hint(), Some(6));
    let rows = all_rows(&mut t);
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[0],
        (
            2,
            strings(&[
                "A001",
                "张伟",
                "13800000001",
                "上海市浦东新区世纪大道100号",
                "31.2304",
                "121.5055",
                "VIP",
                "12",
                "3456.78",
                "2023-01-15",
                "2024-04-20",
            ])
        )
    );
    assert_eq!(rows[4].0, 6);
    assert_eq!(rows[4].1[4], "abc");
    assert_eq!(rows[5].1[0], "A006");
    assert_eq!(rows[5].1[10], "2024-13-45");
    assert_eq!(rows[3].1[9], "2024-02-29");
}

#[test]
fn sheets_are_chosen_by_name() {
    let opts = TableOptions {
        encoding: None,
        sheet: Some("说明".to_owned()),
        ..TableOptions::default()
    };
    let mut t = Table::open(&fixture("members.xlsx"), &opts).expect("opens");
    assert_eq!(t.format, "XLSX sheet '说明'");
    assert!(t.headers[0].starts_with("示例会员数据"));
    assert_eq!(t.len_hint(), Some(0));
    assert!(t.next_row().is_none());

    let opts = TableOptions {
        encoding: None,
        sheet: Some("Sheet1".to_owned()),
        ..TableOptions::default()
    };
    let err = Table::open(&fixture("members.xlsx"), &opts).expect_err("no such sheet");
    let msg = err.to_string();
    assert!(msg.contains("members.xlsx has no sheet 'Sheet1'"), "{msg}");
    assert!(
        msg.contains("'会员', '说明'") && msg.contains("--sheet"),
        "{msg}"
    );
}

#[test]
fn sheet_rows_count_from_the_used_range_start() {
    // Used range C5:D8 (0-based rows 4..=7): header on row 5, a blank row 7.
    let mut range = Range::new((4, 2), (7, 3));
    range.set_value((4, 2), Data::String("id".to_owned()));
    range.set_value((4, 3), Data::String("name".to_owned()));
    range.set_value((5, 2), Data::Int(1));
    range.set_value((7, 3), Data::String("Bo".to_owned()));
    let mut rows = SheetRows::from_range(range);
    assert_eq!(rows.len_hint, 8);
    let got: Vec<RawRow> = std::iter::from_fn(|| rows.next_row())
        .map(|r| r.expect("row reads"))
        .collect();
    let want: [(usize, &[&str]); 3] = [(5, &["id", "name"]), (6, &["1"]), (8, &["", "Bo"])];
    assert_eq!(got.len(), want.len());
    for (row, (line, cells)) in got.iter().zip(want) {
        assert_eq!((row.row, row.cells.clone()), (line, strings(cells)));
    }
}

#[test]
fn cells_render_like_the_spreadsheet_shows_them() {
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
    let date = |v: f64| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
    let cases = [
        (Data::Float(45413.0), "45413"),
        (Data::Float(13_800_000_001.0), "13800000001"),
        (Data::Float(31.2304), "31.2304"),
        (Data::Float(-0.0), "0"),
        (Data::Float(0.1 + 0.2), "0.30000000000000004"),
        (Data::Float(1e21), "1000000000000000000000"),
        (Data::Int(-7), "-7"),
        (Data::Bool(true), "true"),
        (Data::String("  x ".to_owned()), "x"),
        (date(45413.0), "2024-05-01"),
        (date(45413.5), "2024-05-01 12:00:00"),
        (date(0.25), "06:00:00"),
        (
            Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false)),
            "36:00:00",
        ),
        (
            Data::DateTimeIso("2024-05-01T10:00:00".to_owned()),
            "2024-05-01T10:00:00",
        ),
        (Data::DurationIso("PT1H".to_owned()), "PT1H"),
        (Data::Error(CellErrorType::NA), ""),
        (Data::Empty, ""),
    ];
    for (cell, want) in cases {
        assert_eq!(cell_text(&cell), want, "{cell:?}");
    }
}

#[test]
fn tables_and_errors_cross_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    fn assert_send<T: Send>() {}
    assert_send_sync::<TableError>();
    assert_send::<Table>();
}

/// A GBK-style till export: a title, an export date and a blank line above the header.
const TITLED_CSV: &str =
    "会员资料导出,,\n导出日期：2024-05-01,,\n,,\n会员卡号,地址,消费次数\nA1,世纪大道100号,3\n";

fn is_header(cells: &[String]) -> bool {
    crate::ingest::columns::is_header_row(cells, &[])
}

#[test]
fn the_header_is_found_below_title_rows_and_rows_keep_their_numbers() {
    let mut t =
        open_bytes("m.csv", TITLED_CSV.as_bytes(), &TableOptions::default()).expect("opens");
    assert!(t.find_header(is_header));
    assert_eq!((t.header_row, t.headers[0].as_str()), (4, "会员卡号"));
    assert_eq!(
        t.skipped.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let rows: Vec<RawRow> = t.rows().map(|r| r.expect("row")).collect();
    assert_eq!((rows.len(), rows[0].row), (1, 5));
    let note = t.header_note().expect("a note");
    assert!(
        note.contains("header found on row 4 (rows 1–2 above it skipped: '会员资料导出'"),
        "{note}"
    );
    // A good file is left as it is, and says nothing.
    let mut t =
        open_bytes("m.csv", MEMBERS_CSV.as_bytes(), &TableOptions::default()).expect("opens");
    assert!(!t.find_header(is_header));
    assert_eq!((t.header_row, t.header_note()), (1, None));
}

#[test]
fn no_header_among_the_first_rows_leaves_the_first_row_and_every_data_row() {
    let text = "title\nx,y\n1,2\n3,4\n";
    let mut t = open_bytes("m.csv", text.as_bytes(), &TableOptions::default()).expect("opens");
    assert!(!t.find_header(is_header));
    assert_eq!(t.headers, vec!["title".to_string()]);
    assert_eq!(t.rows().count(), 3);
}

#[test]
fn header_row_option_overrides_and_names_a_missing_row() {
    let opts = TableOptions {
        header_row: Some(2),
        ..TableOptions::default()
    };
    let mut t = open_bytes("m.csv", TITLED_CSV.as_bytes(), &opts).expect("opens");
    assert!(!t.find_header(is_header), "the given row stands");
    assert_eq!(
        (t.header_row, t.headers[0].as_str()),
        (2, "导出日期:2024-05-01")
    );
    assert!(
        t.header_note()
            .expect("note")
            .contains("given with --header-row")
    );
    let opts = TableOptions {
        header_row: Some(3),
        ..TableOptions::default()
    };
    let err = open_bytes("m.csv", TITLED_CSV.as_bytes(), &opts).expect_err("row 3 is blank");
    assert!(
        err.to_string().contains("--header-row 3: row 3 is blank"),
        "{err}"
    );
}

proptest::proptest! {
    #[test]
    fn header_finding_never_panics(lines in proptest::collection::vec("[a-z会员卡号地址,\"]{0,12}", 0..30), n in proptest::option::of(0usize..40)) {
        let text = lines.join("\n");
        let opts = TableOptions { header_row: n, ..TableOptions::default() };
        if let Ok(mut t) = open_bytes("p.csv", text.as_bytes(), &opts) {
            t.find_header(is_header);
            let _ = t.header_note();
            let _ = t.len_hint();
            for _ in t.rows() {}
        }
    }
}

#[test]
fn html_spans_keep_columns_aligned_and_entities_decode() {
    let html = "<table><tr><th>id</th><th>address</th><th>visits</th></tr>\
        <tr><td colspan=2>x</td><td>3</td></tr>\
        <tr><td rowspan=2>A</td><td>a &amp; b&#20250;</td><td>1</td></tr>\
        <tr><td>c<br>d</td><td>2</td></tr></table>";
    let mut t = open_bytes("m.xls", html.as_bytes(), &TableOptions::default()).expect("opens");
    assert_eq!(t.headers, vec!["id", "address", "visits"]);
    let rows = all_rows(&mut t);
    assert_eq!(rows[0], (2, vec!["x".into(), String::new(), "3".into()]));
    assert_eq!(rows[1].1, vec!["A", "a & b会", "1"]);
    assert_eq!(rows[2].1, vec!["", "c d", "2"]);
}

#[test]
fn spreadsheet_ml_index_and_merge_keep_columns_aligned() {
    let xml = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="A"><Table><Row><Cell><Data ss:Type="String">id</Data></Cell><Cell><Data ss:Type="String">b</Data></Cell><Cell><Data ss:Type="String">c</Data></Cell></Row>
<Row ss:Index="4"><Cell ss:MergeAcross="1"><Data ss:Type="String">x &amp; y</Data></Cell><Cell><Data ss:Type="DateTime">2024-05-01T00:00:00.000</Data></Cell></Row>
<Row><Cell ss:Index="3"><Data ss:Type="Number">7</Data></Cell></Row></Table></Worksheet>
<Worksheet ss:Name="B"><Table><Row><Cell><Data>other</Data></Cell></Row></Table></Worksheet></Workbook>"#;
    let mut t = open_bytes("m.txt", xml.as_bytes(), &TableOptions::default()).expect("opens");
    assert!(
        t.format.starts_with("SpreadsheetML sheet 'A'"),
        "{}",
        t.format
    );
    let rows = all_rows(&mut t);
    assert_eq!(
        rows[0],
        (4, vec!["x & y".into(), String::new(), "2024-05-01".into()])
    );
    assert_eq!(rows[1], (5, vec![String::new(), String::new(), "7".into()]));
    let opts = TableOptions {
        sheet: Some("B".into()),
        ..TableOptions::default()
    };
    let t = open_bytes("m.xls", xml.as_bytes(), &opts).expect("opens B");
    assert_eq!(t.headers, vec!["other"]);
}

proptest::proptest! {
    #[test]
    fn markup_readers_never_panic(body in "[<>/a-zA-Z =\"'&#;0-9:会\n]{0,300}", spans in "[0-9]{0,12}") {
        let html = format!("<table><tr><td colspan=\"{spans}\" rowspan={spans}>{body}</td></tr>{body}</table>");
        let _ = open_bytes("p.xls", html.as_bytes(), &TableOptions::default()).map(|mut t| all_rows_lossy(&mut t));
        let _ = open_bytes("p.xls", format!("<html>{body}").as_bytes(), &TableOptions::default());
        let xml = format!("<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row ss:Index=\"{spans}\"><Cell ss:Index=\"{spans}\" ss:MergeAcross=\"{spans}\" ss:MergeDown=\"{spans}\"><Data>{body}</Data></Cell></Row>{body}</Table></Worksheet></Workbook>");
        let _ = open_bytes("p.xls", xml.as_bytes(), &TableOptions::default()).map(|mut t| all_rows_lossy(&mut t));
    }
}

fn all_rows_lossy(t: &mut Table) -> usize {
    t.rows().count()
}
