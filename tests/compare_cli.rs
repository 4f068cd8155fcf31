//! `catchment compare` through the binary on the demo workspace with two more own shops:
//! the table, the CSV and JSON contracts, each row equal to the shop's `rings` report,
//! the benchmark, the member export and the formats it refuses.

mod common;

use common::Ws;

fn chain() -> Ws {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    ws.ok(&[
        "shop", "add", "Kamppi", "--lat", "60.1690", "--lon", "24.9320",
    ]);
    ws.ok(&[
        "shop",
        "add",
        "Kruununhaka",
        "--lat",
        "60.1720",
        "--lon",
        "24.9560",
    ]);
    ws
}

fn number(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().unwrap())
}

#[test]
fn compare_rows_equal_the_ring_reports_in_every_format() {
    let ws = chain();
    let (csv, _) = ws.ok(&["compare", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head = reader.headers().unwrap().clone();
    assert!(
        head.iter()
            .take(4)
            .eq(["shop", "own_members", "share_ring_1", "share_ring_2"]),
        "{head:?}"
    );
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "three shops and the chain median");
    assert_eq!(&rows[3][0], "chain median");
    let (json, _) = ws.ok(&["rings", "--all", "--format", "json"]);
    let reports: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut own_total = 0.0;
    for row in &rows[..3] {
        let r = reports
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["shop"]["name"] == row[0])
            .unwrap();
        let own = &r["own_members"];
        assert_eq!(number(&row[at("own_members")]), own["members"].as_f64());
        own_total += own["members"].as_f64().unwrap();
        for f in ["radius_50_m", "radius_70_m", "median_distance_m"] {
            assert_eq!(number(&row[at(f)]), r[f].as_f64(), "{} {f}", &row[0]);
        }
        assert_eq!(
            number(&row[at("share_ring_2")]),
            r["rings"][1]["share"].as_f64()
        );
        assert_eq!(
            number(&row[at("repurchase_rate")]),
            own["repurchase_rate"].as_f64()
        );
        assert!(number(&row[at("penetration_per_100_dwellings")]).unwrap() > 0.0);
        assert!(own["rule"].as_str().unwrap().contains("nearer (geodesic)"));
    }
    // Every member without a shop column is some shop's own member, exactly once.
    let located = reports[0]["members"].as_f64().unwrap();
    assert_eq!(own_total, located);

    let (json, _) = ws.ok(&[
        "compare",
        "--format",
        "json",
        "--shops",
        "Kamppi, Kauneushuone Aurora",
    ]);
    let c: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(c["shops"].as_array().unwrap().len(), 2);
    assert_eq!(c["shops"][0]["shop"], "Kamppi");
    assert!(
        c["own_members_rule"]
            .as_str()
            .unwrap()
            .starts_with("own members")
    );
    assert_eq!(c["figures"][0], "own_members");

    let (table, _) = ws.ok(&["compare", "--benchmark", "Kamppi"]);
    assert!(
        table.contains("Own members") && table.contains("chain median"),
        "{table}"
    );
    assert!(table.contains("Difference from Kamppi"), "{table}");
    assert!(table.contains("#1"), "{table}");
    let (zh, _) = ws.ok(&["--lang", "zh", "compare", "--benchmark", "Kamppi"]);
    assert!(zh.contains("自有会员") && zh.contains("连锁中位数"), "{zh}");
    assert!(
        zh.contains("与 Kamppi 的差") && !zh.contains("Own members"),
        "{zh}"
    );
}

#[test]
fn member_export_and_refusals() {
    let ws = chain();
    let out = ws.path("nearest.csv");
    ws.ok(&["compare", "--members", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,nearest_own_shop,own_shop_distance_m,nearest_competitor,competitor_distance_m,competitor_nearer"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 2000);
    let nearer = rows.iter().filter(|r| r.ends_with(",yes")).count();
    assert!(nearer > 0 && nearer < rows.len());
    for shop in ["Kamppi", "Kruununhaka", "Kauneushuone Aurora"] {
        assert!(
            rows.iter().any(|r| r.contains(&format!(",{shop},"))),
            "{shop}"
        );
    }

    let refused = ws.run(&["compare", "--format", "geojson"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("comparisons come as table, csv or json"),
        "{err}"
    );
    let refused = ws.run(&["compare", "--shops", "Adalia"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("'Adalia' is a competitor"));
    let refused = ws.run(&["compare", "--shops", "Kamppi", "--benchmark", "Kruununhaka"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not among the shops compared"));
}
