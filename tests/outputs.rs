//! What commands write: never onto a file they read (the input table, the workspace),
//! never a half file under the real name, and CSV cells that a spreadsheet cannot run as
//! formulas.

mod common;

use common::Ws;

const MEMBERS: &str = "id,name,address,lat,lon,visits\n\
A1,Aino,Mikonkatu 8,60.1702,24.9446,3\n\
A2,=HYPERLINK(\"http://x\"),Mikonkatu 9,60.1703,24.9447,2\n\
,Nobody,=cmd|' /C calc'!A0,60.17,24.94,1\n";

/// Runs `args`, asserts it fails with `wanted` in its message.
fn fails(ws: &Ws, args: &[&str], wanted: &str) {
    let out = ws.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}:\n{stderr}");
    assert!(stderr.contains(wanted), "{args:?}:\n{stderr}");
}

#[test]
fn an_output_onto_the_input_or_the_workspace_is_refused_before_anything_changes() {
    let ws = Ws::new();
    let input = ws.file("m.csv", MEMBERS);
    fails(
        &ws,
        &["import", "members", &input, "--rejected", &input],
        "refusing to write",
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), MEMBERS);
    assert!(
        !ws.path("ws.db").exists(),
        "the refused import created a workspace"
    );
    ws.ok(&["import", "members", &input]);
    let db = ws.path("ws.db");
    let db = db.to_str().unwrap();
    let before = std::fs::read(db).unwrap();
    let wal = format!("{db}-wal");
    for args in [["segments", "--out", db], ["segments", "-o", wal.as_str()]] {
        fails(&ws, &args, "refusing to write");
    }
    assert_eq!(std::fs::read(db).unwrap(), before);
    let (segments, _) = ws.ok(&["segments"]);
    assert!(segments.contains("2 members"), "{segments}");
}

#[test]
fn a_report_that_fails_leaves_no_file_under_its_name() {
    let ws = Ws::new();
    let input = ws.file("m.csv", MEMBERS);
    ws.ok(&["import", "members", &input]);
    let out = ws.path("segments.json");
    // Segments carry no geometry: the GeoJSON writer refuses after the file was opened.
    fails(
        &ws,
        &[
            "segments",
            "--format",
            "geojson",
            "-o",
            out.to_str().unwrap(),
        ],
        "come as",
    );
    assert!(!out.exists());
    assert!(!ws.path("segments.json.part").exists());
    ws.ok(&["segments", "--format", "csv", "-o", out.to_str().unwrap()]);
    assert!(out.exists() && !ws.path("segments.json.part").exists());
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_written_as_text() {
    let ws = Ws::new();
    let input = ws.file("m.csv", MEMBERS);
    let rejected = ws.path("rejected.csv");
    ws.ok(&[
        "import",
        "members",
        &input,
        "--rejected",
        rejected.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&rejected).unwrap();
    assert!(text.contains("'=cmd|"), "{text}");
    assert!(!text.contains(",=cmd"), "{text}");
    // Coordinates stay numbers.
    assert!(text.contains(",60.17,24.94,"), "{text}");
}
