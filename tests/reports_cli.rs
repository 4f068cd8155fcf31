//! `sparse`, `competition` and `map` through the binary on the demo workspace: the CSV
//! contract, the explicit campaign export, the competition report and map files.

use std::path::Path;
use std::process::Command;

fn run(db: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_catchment"))
        .arg("--workspace")
        .arg(db)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?}: {e}");
    (o, e)
}

#[test]
fn sparse_csv_contract_targets_and_competition_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    run(&db, &["demo"]);
    let (csv, _) = run(&db, &["sparse", "--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header
            .starts_with("shop,ring,inner_m,outer_m,sector,members,homes,expected,sparse,reasons"),
        "{header}"
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 5 * 8);
    let sparse: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[8] == "true").collect();
    assert!(!sparse.is_empty());
    for r in &rows {
        assert!(matches!(&r[8], "true" | "false"));
        for reason in r[9].split(';').filter(|s| !s.is_empty()) {
            assert!(
                ["competitor", "barrier", "few_homes", "uncertain"].contains(&reason),
                "{reason}"
            );
        }
        if r[9].split(';').any(|x| x == "few_homes") {
            assert_eq!(&r[8], "false", "few homes is never sparse");
        }
    }
    let targets = dir.path().join("targets.csv");
    let (_, err) = run(&db, &["sparse", "--targets", targets.to_str().unwrap()]);
    assert!(err.contains("targets.csv"), "{err}");
    let t = std::fs::read_to_string(&targets).unwrap();
    assert!(t.starts_with("id,name,phone,segment,reason"), "{t}");
    assert!(t.lines().count() > 1);
    let (comp, _) = run(&db, &["competition", "--format", "csv"]);
    assert!(comp.lines().count() > 10, "{comp}");
}

#[test]
fn map_command_writes_svg_and_png_for_the_demo_shop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    run(&db, &["demo"]);
    let svg = dir.path().join("m.svg");
    let (_, _) = run(
        &db,
        &[
            "map",
            "--out",
            svg.to_str().unwrap(),
            "--paper",
            "a3",
            "--landscape",
        ],
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") || text.starts_with("<?xml"),
        "{}",
        &text[..100.min(text.len())]
    );
    assert!(text.contains("OpenStreetMap contributors"));
    let hatched = dir.path().join("sparse.svg");
    let (_, err) = run(
        &db,
        &["map", "--sparse", "--out", hatched.to_str().unwrap()],
    );
    assert!(err.contains("sparse cells hatched"), "{err}");
    let text = std::fs::read_to_string(&hatched).unwrap();
    assert!(
        text.contains("url(#sparse-hatch)") && text.contains("sparse: competitor"),
        "no hatched cell with a reason"
    );
    let png = dir.path().join("m.png");
    run(
        &db,
        &[
            "map",
            "--out",
            png.to_str().unwrap(),
            "--dpi",
            "72",
            "--privacy",
        ],
    );
    assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
    let bad = Command::new(env!("CARGO_BIN_EXE_catchment"))
        .arg("--workspace")
        .arg(&db)
        .args(["map", "--out", "x.docx"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
}
