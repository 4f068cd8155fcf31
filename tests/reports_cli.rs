//! `sparse`, `competition` and `map` through the binary on the demo workspace: the CSV
//! contract, the explicit campaign export, the competition report and map files.

mod common;

use common::Ws;

#[test]
fn sparse_csv_contract_targets_and_competition_on_the_demo() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let (csv, _) = ws.ok(&["sparse", "--format", "csv"]);
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
                ["competitor", "barrier", "few_homes", "uncertain", "no_data"].contains(&reason),
                "{reason}"
            );
        }
        if r[9].split(';').any(|x| x == "few_homes" || x == "no_data") {
            assert_eq!(&r[8], "false", "few homes or no data is never sparse");
        }
    }
    let targets = ws.path("targets.csv");
    let (_, err) = ws.ok(&["sparse", "--targets", targets.to_str().unwrap()]);
    assert!(err.contains("targets.csv"), "{err}");
    let t = std::fs::read_to_string(&targets).unwrap();
    assert!(t.starts_with("id,name,phone,segment,reason"), "{t}");
    assert!(t.lines().count() > 1);
    let (comp, _) = ws.ok(&["competition", "--format", "csv"]);
    assert!(comp.lines().count() > 10, "{comp}");
}

#[test]
fn map_command_writes_svg_and_png_for_the_demo_shop() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let svg = ws.path("m.svg");
    let (_, _) = ws.ok(&[
        "map",
        "--out",
        svg.to_str().unwrap(),
        "--paper",
        "a3",
        "--landscape",
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") || text.starts_with("<?xml"),
        "{}",
        &text[..100.min(text.len())]
    );
    assert!(text.contains("OpenStreetMap contributors"));
    let hatched = ws.path("sparse.svg");
    let (_, err) = ws.ok(&["map", "--sparse", "--out", hatched.to_str().unwrap()]);
    assert!(err.contains("sparse cells hatched"), "{err}");
    let text = std::fs::read_to_string(&hatched).unwrap();
    assert!(
        text.contains("url(#sparse-hatch)") && text.contains("sparse: competitor"),
        "no hatched cell with a reason"
    );
    let png = ws.path("m.png");
    ws.ok(&[
        "map",
        "--out",
        png.to_str().unwrap(),
        "--dpi",
        "72",
        "--privacy",
    ]);
    assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
    let bad = ws.run(&["map", "--out", "x.docx"]);
    assert_eq!(bad.status.code(), Some(1));
}
