//! `catchment whitespace` through the binary on the demo workspace: the table states the
//! model, CSV and JSON carry the same ranked sites, the map is written as PDF and PNG, and
//! a workspace without an area is told what is missing.

mod common;

use common::Ws;

#[test]
fn whitespace_ranks_sites_in_every_format_and_draws_the_map() {
    let ws = Ws::new();
    ws.ok(&["demo"]);

    let (table, _) = ws.ok(&["whitespace", "--top", "5"]);
    assert!(table.contains("Model: expected members"), "{table}");
    assert!(table.contains("Huff exponent λ ="), "{table}");
    assert!(table.contains("fitted on the 2,973 own members"), "{table}");
    assert!(table.contains("net gain"), "{table}");

    let (csv, _) = ws.ok(&["whitespace", "--top", "5", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head = reader.headers().unwrap().clone();
    assert_eq!(
        head.iter().collect::<Vec<_>>(),
        [
            "rank",
            "hex",
            "lat",
            "lon",
            "dwellings",
            "members",
            "nearest_own_shop",
            "nearest_own_shop_m",
            "nearest_competitor",
            "nearest_competitor_m",
            "expected_draw",
            "cannibalized",
            "net_gain"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);

    let (json, _) = ws.ok(&["whitespace", "--top", "5", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["grid"], "h3:9");
    assert!(v["model"]["decay"]["decay_per_km"].as_f64().unwrap() > 0.0);
    let sites = v["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 5);
    for (site, row) in sites.iter().zip(&rows) {
        assert_eq!(site["hex"], &row[1]);
        assert_eq!(site["rank"].to_string(), &row[0]);
        let net: f64 = row[12].parse().unwrap();
        assert!((site["net_gain"].as_f64().unwrap() - net).abs() < 1e-3);
        assert!(site["boundary"].as_array().unwrap().len() >= 6);
    }

    // CSV and JSON are the same in Chinese; the table speaks it.
    let (zh_csv, _) = ws.ok(&[
        "--lang",
        "zh",
        "whitespace",
        "--top",
        "5",
        "--format",
        "csv",
    ]);
    assert_eq!(zh_csv, csv);
    let (zh, _) = ws.ok(&["--lang", "zh", "whitespace", "--top", "5"]);
    assert!(zh.contains("模型") && zh.contains("净增"), "{zh}");

    let pdf = ws.path("whitespace.pdf");
    let (_, err) = ws.ok(&["whitespace", "--map", pdf.to_str().unwrap()]);
    assert!(err.contains("white-space map written to"), "{err}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let png = ws.path("whitespace.png");
    ws.ok(&["whitespace", "--dpi", "60", "--map", png.to_str().unwrap()]);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let svg = ws.path("whitespace.svg");
    ws.ok(&["whitespace", "--top", "3", "--map", svg.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("id=\"best-sites\"") && svg.contains("OpenStreetMap"));
    assert!(svg.matches("class=\"site\"").count() >= 5);
}

#[test]
fn whitespace_says_what_is_missing() {
    let ws = Ws::new();
    let (help, _) = ws.ok(&["whitespace", "--help"]);
    assert!(
        help.contains("cannibalization") && help.contains("Huff shares"),
        "{help}"
    );
    assert!(
        help.contains("[default: h3:9]") && help.contains("[default: 10]"),
        "{help}"
    );
    ws.ok(&["shop", "add", "Salon", "--lat", "60.17", "--lon", "24.94"]);
    let out = ws.run(&["whitespace"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no OSM area loaded"), "{err}");
    let out = ws.run(&["whitespace", "--grid", "rings"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("h3:N"));
    let out = ws.run(&["whitespace", "--map", "x.jpg"]);
    assert!(!out.status.success());
}
