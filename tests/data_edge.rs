//! Where the loaded data ends, through the binary on the demo workspace (the Helsinki
//! extract declares a box of about 1.0 × 1.7 km, so the demo shop's outer rings reach past
//! it): the ring and sparse reports say so in text, JSON and CSV, the map draws the edge
//! and never hatches a cell beyond it, and shops added outside the area are warned about.

mod common;

use common::Ws;

/// The extract's declared box: west, south, east, north (from its PBF header).
const BOX: [f64; 4] = [24.935_176_3, 60.164_155, 24.953_414_6, 60.179_113];

fn csv_rows(text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    (header, r.records().map(Result::unwrap).collect())
}

fn column(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[test]
fn ring_and_sparse_reports_and_the_map_say_where_the_data_ends() {
    let ws = Ws::new();
    ws.ok(&["demo"]);

    // Text: a note with the distance to the edge and the share inside.
    let (text, _) = ws.ok(&["rings", "--cells"]);
    assert!(
        text.contains("Note: the loaded map data ends ")
            && text.contains("m from the shop: ")
            && text.contains("% of the area within 1000 m lies inside it"),
        "{text}"
    );
    assert!(
        text.contains("× no data: mostly beyond the loaded area"),
        "{text}"
    );

    // JSON: the edge, the share of the disc inside, each ring's share.
    let (json, _) = ws.ok(&["rings", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let c = &v[0]["coverage"];
    assert_eq!(c["data_ends"], true);
    assert_eq!(c["shop_inside"], true);
    assert_eq!(c["edge"]["source"], "declared");
    assert!((c["edge"]["west_deg"].as_f64().unwrap() - BOX[0]).abs() < 1e-6);
    assert!((c["edge"]["north_deg"].as_f64().unwrap() - BOX[3]).abs() < 1e-6);
    let disc = c["area_coverage"].as_f64().unwrap();
    assert!((0.2..0.9).contains(&disc), "{disc}");
    let rings = v[0]["rings"].as_array().unwrap();
    assert_eq!(rings[0]["area_coverage"], 1.0, "150 m lie well inside");
    let outer = rings[4]["area_coverage"].as_f64().unwrap();
    assert!(
        outer < disc,
        "the outer ring is the one cut: {outer} vs {disc}"
    );
    assert!(rings[5]["area_coverage"].is_null(), "outside has no area");

    // CSV of cells: share and no_data per cell, consistent with the 50 % rule.
    let (cells, _) = ws.ok(&["rings", "--cells", "--format", "csv"]);
    let (header, rows) = csv_rows(&cells);
    let (share_at, no_data_at) = (column(&header, "area_coverage"), column(&header, "no_data"));
    let mut no_data = Vec::new();
    for r in &rows {
        let share: f64 = r[share_at].parse().unwrap();
        assert_eq!(&r[no_data_at] == "true", share < 0.5, "{r:?}");
        if &r[no_data_at] == "true" {
            no_data.push(format!("{}-{}", &r[1], &r[4]));
        }
    }
    // The data reaches at least `edge_distance_m` (about 476 m) every way: rings 1–3
    // (to 450 m) lie wholly inside, so only cells of rings 4 and 5 can be `no data`.
    let edge_m = c["edge_distance_m"].as_f64().unwrap();
    assert!((450.0..600.0).contains(&edge_m), "{edge_m}");
    assert!(!no_data.is_empty());
    assert!(
        no_data
            .iter()
            .all(|c| c.starts_with("4-") || c.starts_with("5-")),
        "{no_data:?}"
    );
    let listed: Vec<String> = c["no_data_cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, no_data);

    // Sparse: the same cells are `no data`, never tested, never sparse.
    let (sparse_csv, _) = ws.ok(&["sparse", "--format", "csv"]);
    let (header, rows) = csv_rows(&sparse_csv);
    let share_at = column(&header, "area_coverage");
    let sparse_cells: Vec<String> = rows
        .iter()
        .filter(|r| &r[8] == "true")
        .map(|r| r[10].to_owned())
        .collect();
    for r in &rows {
        let no_data = r[9].split(';').any(|x| x == "no_data");
        let share: f64 = r[share_at].parse().unwrap();
        assert_eq!(no_data, share < 0.5, "{r:?}");
        assert_eq!(no_data, no_data_cells_has(&listed, &r[10]), "{r:?}");
        if no_data {
            assert_eq!((&r[8], &r[column(&header, "tested")]), ("false", "false"));
        }
    }
    let (sparse_text, _) = ws.ok(&["sparse"]);
    assert!(
        sparse_text.contains("Note: the loaded map data ends ")
            && sparse_text.contains("those cells are never sparse")
            && sparse_text.contains("no data"),
        "{sparse_text}"
    );

    // The map: the veil and the edge, its label and legend row; hatching only on the
    // sparse cells, none of which is beyond the edge.
    let svg_path = ws.path("edge.svg");
    ws.ok(&["map", "--sparse", "--out", svg_path.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains("class=\"no-data\""), "no veil");
    assert!(svg.contains("class=\"data-edge\""), "no edge line");
    assert!(svg.contains(">data ends here<"), "no edge label");
    assert!(
        svg.contains(">Beyond the loaded map data<"),
        "no legend row"
    );
    assert_eq!(
        svg.matches("class=\"sparse\"").count(),
        sparse_cells.len(),
        "one hatch per sparse cell: {sparse_cells:?}"
    );
}

fn no_data_cells_has(listed: &[String], cell: &str) -> bool {
    listed.iter().any(|c| c == cell)
}

#[test]
fn shops_outside_the_area_or_with_swapped_coordinates_are_warned_about() {
    let ws = Ws::new();
    ws.load_helsinki();
    let (_, err) = ws.ok(&[
        "shop", "add", "Inside", "--lat", "60.1703", "--lon", "24.9437",
    ]);
    assert!(!err.contains("warning"), "{err}");
    let (_, err) = ws.ok(&[
        "shop", "add", "Swapped", "--lat", "24.9437", "--lon", "60.1703",
    ]);
    assert!(
        err.contains("warning: 'Swapped': latitude and longitude look swapped"),
        "{err}"
    );
    // Espoo, 10 km west: outside, with the distance.
    let (_, err) = ws.ok(&["shop", "add", "Far", "--lat", "60.2055", "--lon", "24.6559"]);
    assert!(
        err.contains("warning: 'Far' lies outside the loaded area, 15.")
            || err.contains("warning: 'Far' lies outside the loaded area, 16."),
        "{err}"
    );
    // Added all the same.
    let (list, _) = ws.ok(&["shop", "list", "--format", "csv"]);
    assert!(
        ["Inside", "Swapped", "Far"]
            .iter()
            .all(|n| list.contains(n)),
        "{list}"
    );

    let table = ws.file(
        "shops.csv",
        "name,kind,lat,lon\nNear,own,60.171,24.945\nTurned,competitor,24.945,60.171\n",
    );
    let (_, err) = ws.ok(&["import", "shops", &table]);
    assert!(
        err.contains("warning: 'Turned': latitude and longitude look swapped")
            && !err.contains("'Near'"),
        "{err}"
    );
}
