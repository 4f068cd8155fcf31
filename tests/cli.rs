//! The real binary on fixture files: import counts and reasons, re-import idempotence,
//! the CSV/JSON/GeoJSON contracts of `rings`, and the demo.

mod common;

use common::{Ws, fixture};
use std::path::Path;

/// Imports a fixture into a new workspace with `--rejected`: stderr, and the rejected
/// rows as (row, column, reason).
fn import_rejecting(fixture_name: &str) -> (String, Vec<(String, String, String)>) {
    let ws = Ws::new();
    let rejected = ws.path("rejected.csv");
    let (_, err) = ws.ok(&[
        "import",
        "members",
        fixture(fixture_name).to_str().unwrap(),
        "--rejected",
        rejected.to_str().unwrap(),
    ]);
    (err, rejected_rows(&rejected))
}

fn rejected_rows(path: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[1].to_string(), rec[2].to_string(), rec[3].to_string())
        })
        .collect()
}

#[test]
fn gbk_csv_with_chinese_headers_imports_and_reimport_changes_nothing() {
    let ws = Ws::new();
    let rejected = ws.path("rejected.csv");
    let file = fixture("members_gbk.csv");
    let (_, err) = ws.ok(&[
        "import",
        "members",
        file.to_str().unwrap(),
        "--rejected",
        rejected.to_str().unwrap(),
    ]);
    assert!(
        err.contains("7 new, 0 updated, 0 unchanged, 1 rejected; 1 imported without coordinates"),
        "{err}"
    );
    assert!(
        err.contains("GB18030") || err.contains("GBK"),
        "encoding not reported: {err}"
    );
    assert_eq!(
        rejected_rows(&rejected),
        vec![("7".into(), "会员卡号".into(), "missing id".into())]
    );
    // C005's impossible date costs the cell, not the member (issue 12).
    assert!(
        err.contains("1 cell left empty: 1 最近消费 not a date"),
        "{err}"
    );
    ws.ok(&[
        "shop",
        "add",
        "浦东店",
        "--lat",
        "31.2300",
        "--lon",
        "121.5050",
    ]);
    let (before, _) = ws.ok(&["rings", "--format", "json"]);
    let (_, err) = ws.ok(&["import", "members", file.to_str().unwrap()]);
    assert!(
        err.contains("0 new, 0 updated, 7 unchanged, 1 rejected"),
        "{err}"
    );
    let (after, _) = ws.ok(&["rings", "--format", "json"]);
    assert_eq!(before, after);
    let v: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        v[0]["members"], 6,
        "C004 has no coordinates; C005 is kept without its last visit"
    );
    let vip: u64 = v[0]["rings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["vip_members"].as_u64().unwrap())
        .sum();
    assert_eq!(vip, 3, "C001, C005 and C008 are VIP; 金卡 is not");
}

#[test]
fn xlsx_with_chinese_headers_imports_with_reasons() {
    let (err, rejected) = import_rejecting("members.xlsx");
    assert!(
        err.contains("5 new, 0 updated, 0 unchanged, 1 rejected"),
        "{err}"
    );
    assert_eq!(
        rejected,
        vec![("6".into(), "纬度".into(), "invalid coordinates".into())]
    );
    assert!(
        err.contains("1 cell left empty: 1 最近消费 not a date"),
        "{err}"
    );
}

#[test]
fn broken_rows_are_each_rejected_with_row_column_and_reason() {
    let (err, rows) = import_rejecting("members_broken.csv");
    // Rows 6–8 (M5–M7) have one bad cell each: kept with it empty (issue 12).
    assert!(
        err.contains("5 new, 0 updated, 0 unchanged, 4 rejected; 1 imported without coordinates"),
        "{err}"
    );
    assert!(
        err.contains("3 cells left empty: 1 Visits not a number, 1 Total spend not an amount of money, 1 Last visit not a date"),
        "{err}"
    );
    let expect = [
        ("3", "Latitude", "invalid coordinates"),
        ("4", "Longitude", "invalid coordinates"),
        ("5", "Address", "no address or coordinates"),
        ("9", "Member no", "repeated id"),
    ];
    assert_eq!(
        rows,
        expect
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .to_vec()
    );
    assert!(
        err.contains("row 3, column Latitude: latitude 160.17 is out of range"),
        "{err}"
    );
}

#[test]
fn an_import_with_nothing_usable_fails_and_leaves_the_workspace_unchanged() {
    let ws = Ws::new();
    ws.ok(&[
        "import",
        "members",
        fixture("members_broken.csv").to_str().unwrap(),
    ]);
    ws.ok(&["shop", "add", "A", "--lat", "60.17", "--lon", "24.94"]);
    let (before, _) = ws.ok(&["rings", "--format", "csv"]);
    let bad = ws.path("bad.csv");
    std::fs::write(&bad, "id,address,lat,lon\n,Street 1,60.17,24.94\nX,,,\n").unwrap();
    let out = ws.run(&["import", "members", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("workspace is unchanged"), "{err}");
    let (after, _) = ws.ok(&["rings", "--format", "csv"]);
    assert_eq!(before, after);
    let missing = ws.run(&["import", "members", "no/such/file.csv"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/file.csv"));
}

#[test]
fn rings_csv_contract_and_cells() {
    let ws = Ws::new();
    let members = ws.path("m.csv");
    // Four members: at the shop, ~100 m north, ~400 m east, ~5 km south.
    std::fs::write(&members, "id,lat,lon,visits,last_visit\n1,60.17,24.94,1,2026-01-01\n2,60.1709,24.94,3,2026-01-01\n3,60.17,24.9472,7,2026-01-01\n4,60.125,24.94,2,2025-01-01\n").unwrap();
    ws.ok(&["import", "members", members.to_str().unwrap()]);
    ws.ok(&["shop", "add", "Salon", "--lat", "60.17", "--lon", "24.94"]);
    ws.ok(&[
        "shop",
        "add",
        "Rival",
        "--lat",
        "60.125",
        "--lon",
        "24.94",
        "--competitor",
    ]);
    let (csv_out, _) = ws.ok(&["rings", "--shop", "Salon", "--format", "csv"]);
    let lines: Vec<&str> = csv_out.lines().collect();
    assert!(
        lines[0].starts_with("shop,ring,inner_m,outer_m,members,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 7);
    assert!(lines[1].starts_with("Salon,1,0,150,2,"), "{}", lines[1]);
    assert!(lines[3].starts_with("Salon,3,300,450,1,"), "{}", lines[3]);
    assert!(
        lines[6].starts_with("Salon,outside,1000,,1,"),
        "{}",
        lines[6]
    );
    let (cells, _) = ws.ok(&[
        "rings",
        "--shop",
        "Salon",
        "--cells",
        "--format",
        "csv",
        "--sectors",
        "4",
    ]);
    let lines: Vec<&str> = cells.lines().collect();
    assert!(
        lines[0].starts_with("shop,ring,inner_m,outer_m,sector,members,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 1 + 5 * 4);
    assert!(lines[1].starts_with("Salon,1,0,150,N,2,"), "{}", lines[1]);
    assert!(
        lines[10].starts_with("Salon,3,300,450,E,1,"),
        "{}",
        lines[10]
    );
    let (rival, _) = ws.ok(&["rings", "--competitors", "--format", "csv"]);
    assert!(
        rival
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("Rival,1,0,150,1,"),
        "{rival}"
    );
    let bad = ws.run(&["rings", "--shop", "Nope"]);
    assert_eq!(bad.status.code(), Some(1));
    let bad = ws.run(&["rings", "--radii", "300,150"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("must ascend"));
}

#[test]
fn rings_json_and_geojson_are_well_formed() {
    let ws = Ws::new();
    ws.ok(&[
        "import",
        "members",
        fixture("members_broken.csv").to_str().unwrap(),
    ]);
    ws.ok(&["shop", "add", "A", "--lat", "60.17", "--lon", "24.94"]);
    let (json, _) = ws.ok(&["rings", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let r = &v[0];
    for key in [
        "shop",
        "as_of",
        "scope",
        "radii_m",
        "sectors",
        "members",
        "rings",
        "cells",
        "radius_50_m",
        "radius_70_m",
        "median_distance_m",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["rings"].as_array().unwrap().len(), 6);
    assert_eq!(r["cells"].as_array().unwrap().len(), 40);
    let (gj, _) = ws.ok(&["rings", "--format", "geojson", "--cells"]);
    let fc: geojson::FeatureCollection = gj.parse().unwrap();
    assert_eq!(fc.features.len(), 1 + 5 + 40);
    for f in &fc.features[1..] {
        let Some(geojson::GeometryValue::Polygon { coordinates }) =
            f.geometry.as_ref().map(|g| &g.value)
        else {
            panic!("not a polygon")
        };
        for ring in coordinates {
            assert_eq!(ring.first(), ring.last(), "ring not closed");
            assert!(ring.len() >= 4);
        }
    }
}

#[test]
fn help_teaches_and_demo_runs_on_bundled_data() {
    let ws = Ws::new();
    let (help, _) = ws.ok(&["rings", "--help"]);
    assert!(help.contains("--radii") && help.contains("150,300,450,600,1000"));
    let db = ws.path("demo.db");
    let (out, err) = ws.ok(&["demo", "--out", db.to_str().unwrap()]);
    assert!(out.contains("Kauneushuone Aurora (own)"), "{out}");
    assert!(
        out.contains(" own members (its shop column, else nearer to it than to any other own shop, geodesic), half live within"),
        "{out}"
    );
    assert!(err.contains("rejected"), "{err}");
}

#[test]
fn demo_runs_from_an_empty_folder_on_the_data_built_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_catchment"))
        .arg("demo")
        .current_dir(dir.path())
        .env_remove("CATCHMENT_WORKSPACE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let demo = dir.path().join("out/demo");
    for file in [
        "catchment.db",
        "map.pdf",
        "map.png",
        "sparse.csv",
        "data/helsinki.osm.pbf",
        "data/demo/members.csv",
    ] {
        assert!(demo.join(file).is_file(), "{file} missing; {stderr}");
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("Kauneushuone Aurora (own)"));
}

#[test]
fn every_command_honours_its_format_and_output_path() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let (table, _) = ws.ok(&["shop", "list"]);
    assert!(table.starts_with("name"), "a header: {table}");
    let (json, _) = ws.ok(&["shop", "list", "--format", "json"]);
    let shops: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(shops[0]["lat"].is_f64(), "numbers as numbers: {}", shops[0]);
    let (geojson, _) = ws.ok(&["shop", "list", "--format", "geojson"]);
    let fc: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["features"][0]["geometry"]["type"], "Point");
    for args in [
        &["segments", "--format", "geojson"][..],
        &["segments", "--per-member", "--format", "geojson"],
        &["geocode", "--review", "--format", "geojson"],
        &["sparse", "--leaflets", "--format", "geojson"],
    ] {
        let out = ws.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("come as table, csv or json"));
    }
    let (scores, _) = ws.ok(&["segments", "--per-member"]);
    assert!(
        scores.starts_with("id ") && !scores.lines().nth(1).unwrap().contains(','),
        "{scores}"
    );
    let out = ws.run(&[
        "rings",
        "-o",
        ws.path("no/such/dir/r.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!ws.path("no").exists(), "no folder made");
    let (stdout, _) = ws.ok(&["rings", "--format", "csv", "-o", "-"]);
    assert!(stdout.starts_with("shop,ring,"));
    let written = ws.path("rings.csv");
    ws.ok(&["rings", "--format", "csv", "-o", written.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(written)
            .unwrap()
            .starts_with("shop,ring,")
    );
}
