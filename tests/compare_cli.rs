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
        err.contains("comparisons come as table, csv, json, pdf or html"),
        "{err}"
    );
    let refused = ws.run(&["compare", "--shops", "Adalia"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("'Adalia' is a competitor"));
    let refused = ws.run(&["compare", "--shops", "Kamppi", "--benchmark", "Kruununhaka"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not among the shops compared"));
}

/// Text of every page of a PDF, through poppler's `pdftotext`, and that `pdftoppm` draws
/// it (`None` when poppler is not installed).
fn pdf_pages(pdf: &std::path::Path, dir: &std::path::Path) -> Option<String> {
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .ok()?;
    assert!(text.status.success());
    let png = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "20", pdf.to_str().unwrap()])
        .arg(dir.join("page"))
        .status()
        .ok()?;
    assert!(png.success());
    Some(String::from_utf8_lossy(&text.stdout).into_owned())
}

#[test]
fn compare_pdf_and_html_on_the_demo_in_both_languages() {
    let ws = chain();
    // A single shop's Huff exponent is its competition report's.
    let (json, _) = ws.ok(&["compare", "--shops", "Kamppi", "--format", "json"]);
    let c: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (comp, _) = ws.ok(&["competition", "--shop", "Kamppi", "--format", "json"]);
    let comp: serde_json::Value = serde_json::from_str(&comp).unwrap();
    assert_eq!(c["huff_exponent"], comp["huff"]["fitted_exponent"]);
    assert_eq!(c["huff_exponent_fitted"], true);
    let huff = c["shops"][0]["values"][c["figures"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f == "huff_share")
        .unwrap()]
    .as_f64()
    .unwrap();
    assert!(huff > 0.0 && huff <= 1.0, "{huff}");

    let pdf = ws.path("compare.pdf");
    let (_, err) = ws.ok(&[
        "compare",
        "--format",
        "pdf",
        "--benchmark",
        "Kamppi",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(err.is_empty() || !err.contains("error"), "{err}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(text) = pdf_pages(&pdf, &ws.path("")) {
        for want in [
            "Own shops compared",
            "Huff share",
            "Kamppi",
            "chain median",
            "page 1 of",
        ] {
            assert!(text.contains(want), "{want} not in {text}");
        }
    }
    let zh = ws.path("compare-zh.pdf");
    ws.ok(&[
        "--lang",
        "zh",
        "compare",
        "--format",
        "pdf",
        "--out",
        zh.to_str().unwrap(),
    ]);
    if let Some(text) = pdf_pages(&zh, &ws.path("")) {
        for want in ["自营门店对比", "哈夫份额", "连锁中位数"] {
            assert!(text.contains(want), "{want} not in {text}");
        }
    }
    let refused = ws.run(&["compare", "--format", "pdf"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("give --out FILE.pdf"));

    let (html, _) = ws.ok(&["compare", "--format", "html", "--benchmark", "Kamppi"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100]);
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains(" src=") && !html.contains("href="));
    assert!(html.contains("<table>") && html.contains("<svg class=\"page\""));
    assert!(html.contains("Huff share") && html.contains("class=\"benchmark\""));
    let (zh, _) = ws.ok(&["--lang", "zh", "compare", "--format", "html"]);
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("哈夫份额"));
}

#[test]
fn compare_pdf_pages_many_shops_without_an_area() {
    let ws = Ws::new();
    let mut shops = String::from("name,kind,lat,lon\n");
    for i in 0..14 {
        let (lat, lon) = (
            60.15 + 0.004 * f64::from(i % 5),
            24.90 + 0.01 * f64::from(i / 5),
        );
        shops.push_str(&format!("Shop {i:02},own,{lat:.4},{lon:.4}\n"));
    }
    shops.push_str("Rival,competitor,60.16,24.92\n");
    let mut members = String::from("id,lat,lon,visits,last_visit\n");
    for i in 0..700 {
        let k = f64::from(i);
        let lat = 60.15 + 0.016 * ((k * 0.618).fract());
        let lon = 24.90 + 0.03 * ((k * 0.754_877_666).fract());
        members.push_str(&format!(
            "M{i},{lat:.5},{lon:.5},{},2026-0{}-01\n",
            1 + i % 7,
            1 + i % 9
        ));
    }
    let table = ws.file("shops.csv", &shops);
    ws.ok(&["import", "shops", &table]);
    let table = ws.file("members.csv", &members);
    ws.ok(&["import", "members", &table]);
    let pdf = ws.path("chain.pdf");
    ws.ok(&[
        "compare",
        "--format",
        "pdf",
        "--paper",
        "a3",
        "--benchmark",
        "Shop 03",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    if let Some(text) = pdf_pages(&pdf, &ws.path("")) {
        // 14 shops: two table pages, two map pages, and chart pages.
        assert!(text.contains("Shop 13") && text.contains("Difference from Shop 03"));
        assert!(text.contains("textbook exponent 2"), "{text}");
        let pages = text.matches("page ").filter(|_| true).count();
        assert!(pages >= 6, "{pages} pages");
    }
    let (html, _) = ws.ok(&["compare", "--format", "html"]);
    assert_eq!(
        html.matches("<tr>").count() + html.matches("<tr class").count(),
        16
    );
}
