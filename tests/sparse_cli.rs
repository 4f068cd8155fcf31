//! `sparse` and `competition` through the binary on the demo workspace: the CSV contract,
//! the explicit campaign export, and the competition report.

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
    let (o, e) = (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
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
    assert!(header.starts_with("shop,ring,inner_m,outer_m,sector,members,homes,expected,sparse,reasons"), "{header}");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5 * 8);
    let sparse: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[8] == "true").collect();
    assert!(!sparse.is_empty());
    for r in &rows {
        assert!(matches!(&r[8], "true" | "false"));
        for reason in r[9].split(';').filter(|s| !s.is_empty()) {
            assert!(["competitor", "barrier", "few_homes", "uncertain"].contains(&reason), "{reason}");
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
