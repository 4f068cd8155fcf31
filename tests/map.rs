//! Customer maps on a small fixture built here: golden SVGs (reviewed snapshots in
//! `tests/golden/`, see its README), the PDF's text in both languages through `pdftotext`,
//! the scale bar against geodesic distances, privacy, determinism, the bundled fonts
//! (`pdffonts`, PNG pixels) and edge cases.

use catchment::analysis::rings::RingPlan;
use catchment::analysis::sectors::SectorScheme;
use catchment::analysis::segments::SegmentRules;
use catchment::coord::LonLat;
use catchment::i18n::Lang;
use catchment::model::VisitHistory;
use catchment::model::{Member, Shop, ShopKind};
use catchment::osm::{
    Area, AreaClass, Basemap, LineClass, MapArea, MapLine, RailClass, RoadClass, Street,
};
use catchment::render::{
    BUNDLED_CJK, Extent, FONT_ENV, Fonts, MapData, MapSpec, MemberLayer, Paper, RenderError,
    map_pdf, map_png, map_svg,
};
use chrono::NaiveDate;
use geo::{Destination, Distance, Geodesic};
use std::path::{Path, PathBuf};
use std::process::Command;

const SHOP: (f64, f64) = (24.94, 60.2);

fn ll(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

/// The point `metres` from the shop at `bearing_deg`.
fn from_shop(bearing_deg: f64, metres: f64) -> LonLat {
    let p = Geodesic.destination(geo::Point::new(SHOP.0, SHOP.1), bearing_deg, metres);
    ll(p.x(), p.y())
}

/// Street names of the fixture: (main road, cross street, lane, shop, other shop, three
/// competitors).
struct Names {
    main: &'static str,
    cross: &'static str,
    lane: &'static str,
    shop: &'static str,
    other: &'static str,
    competitors: [&'static str; 3],
}

const LATIN: Names = Names {
    main: "Koetie",
    cross: "Rantakatu",
    lane: "Puistokuja",
    shop: "Salon Koe",
    other: "Salon Koe Itä",
    competitors: ["Parturi Kilpa", "Kauneus Oy", "Hius & Co <Ltd>"],
};

const CHINESE: Names = Names {
    main: "世纪大道",
    cross: "张杨路",
    lane: "浦电路",
    shop: "丽人美容院",
    other: "丽人美容院东店",
    competitors: ["美发沙龙", "悦容美甲", "发艺工作室"],
};

/// A fictional neighbourhood around the shop: two main streets and a lane, a footpath, a
/// railway, a river, a lake, a park and a block of buildings; 60 members on a golden-angle
/// spiral out to 1.1 km; our other shop and three competitors.
fn fixture(names: &Names) -> (MapData, Vec<Shop>) {
    let line = |class, name: Option<&str>, pts: &[(f64, f64)]| MapLine {
        class,
        name: name.map(str::to_owned),
        points: pts.iter().map(|p| ll(p.0, p.1)).collect(),
    };
    let main_pts = [(24.915, 60.2012), (24.94, 60.2010), (24.965, 60.2013)];
    let cross_pts = [(24.9462, 60.188), (24.9458, 60.2), (24.9461, 60.212)];
    let lane_pts = [(24.925, 60.194), (24.936, 60.1985), (24.95, 60.206)];
    let lines = vec![
        line(
            LineClass::Road(RoadClass::Path),
            None,
            &[(24.93, 60.203), (24.945, 60.207)],
        ),
        line(
            LineClass::Road(RoadClass::Residential),
            Some(names.lane),
            &lane_pts,
        ),
        line(
            LineClass::Road(RoadClass::Secondary),
            Some(names.cross),
            &cross_pts,
        ),
        line(
            LineClass::Road(RoadClass::Primary),
            Some(names.main),
            &main_pts,
        ),
        line(
            LineClass::Railway(RailClass::Rail),
            None,
            &[(24.915, 60.195), (24.965, 60.1948)],
        ),
        line(
            LineClass::Waterway,
            None,
            &[
                (24.915, 60.209),
                (24.935, 60.2075),
                (24.95, 60.2085),
                (24.965, 60.206),
            ],
        ),
    ];
    let ring = |pts: &[(f64, f64)]| -> Vec<LonLat> {
        let mut r: Vec<LonLat> = pts.iter().map(|p| ll(p.0, p.1)).collect();
        r.push(r[0]);
        r
    };
    let mut areas = vec![
        MapArea {
            class: AreaClass::Water,
            name: None,
            rings: vec![ring(&[
                (24.920, 60.203),
                (24.930, 60.2035),
                (24.931, 60.2065),
                (24.921, 60.2068),
            ])],
        },
        MapArea {
            class: AreaClass::Park,
            name: None,
            rings: vec![ring(&[
                (24.950, 60.193),
                (24.958, 60.193),
                (24.958, 60.1975),
                (24.950, 60.1975),
            ])],
        },
    ];
    for i in 0..4 {
        for j in 0..3 {
            let (x, y) = (24.9375 + 0.0012 * i as f64, 60.1985 - 0.0007 * j as f64);
            areas.push(MapArea {
                class: AreaClass::Building,
                name: None,
                rings: vec![ring(&[
                    (x, y),
                    (x + 0.0008, y),
                    (x + 0.0008, y + 0.0004),
                    (x, y + 0.0004),
                ])],
            });
        }
    }
    let street = |name: &str, class, pts: &[(f64, f64)]| Street {
        names: vec![name.to_owned()],
        class,
        lines: vec![pts.iter().map(|p| ll(p.0, p.1)).collect()],
    };
    let area = Area {
        streets: vec![
            street(names.main, RoadClass::Primary, &main_pts),
            street(names.cross, RoadClass::Secondary, &cross_pts),
            street(names.lane, RoadClass::Residential, &lane_pts),
        ],
        basemap: Basemap { lines, areas },
        bounds: Some((ll(24.915, 60.188), ll(24.965, 60.212))),
        ..Area::default()
    };
    let day0 = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let members: Vec<Member> = (0..60)
        .map(|i| Member {
            id: format!("M{i:03}"),
            position: from_shop(i as f64 * 137.508, 40.0 + 18.0 * i as f64),
            home_shop: None,
            history: VisitHistory {
                visits: Some(i % 9),
                spend_cents: Some(i64::from(i) * 1234),
                first_visit: Some(day0 - chrono::Duration::days(i64::from(i) * 13 % 400)),
                last_visit: Some(day0 - chrono::Duration::days(i64::from(i) * 7 % 200)),
            },
            tier: (i % 11 == 0).then(|| "VIP".to_owned()),
            street_level: false,
        })
        .collect();
    let shop = |name: &str, kind, position| Shop {
        name: name.to_owned(),
        kind,
        position,
        address: None,
        category: Some("beauty".to_owned()),
    };
    let shops = vec![
        shop(names.shop, ShopKind::Own, ll(SHOP.0, SHOP.1)),
        shop(names.other, ShopKind::Own, from_shop(50.0, 700.0)),
        shop(
            names.competitors[0],
            ShopKind::Competitor,
            from_shop(95.0, 400.0),
        ),
        shop(
            names.competitors[1],
            ShopKind::Competitor,
            from_shop(225.0, 800.0),
        ),
        shop(
            names.competitors[2],
            ShopKind::Competitor,
            from_shop(355.0, 250.0),
        ),
    ];
    let data = MapData::new(
        members,
        None,
        &SegmentRules::default(),
        shops.clone(),
        Some(area),
    );
    (data, shops)
}

fn zh_spec() -> MapSpec {
    MapSpec {
        lang: Lang::Zh,
        landscape: true,
        privacy: true,
        sector_lines: true,
        plan: RingPlan::new(
            vec![150.0, 300.0, 450.0, 600.0, 1000.0],
            SectorScheme::EIGHT,
        )
        .unwrap(),
        ..MapSpec::default()
    }
}

/// Compares `actual` with the reviewed snapshot `tests/golden/NAME`, or rewrites the
/// snapshot when `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&out, actual).unwrap();
        panic!(
            "{name} differs from the reviewed snapshot; the new one is at {} (review it, then UPDATE_GOLDEN=1 cargo test --test map)",
            out.display()
        );
    }
}

#[test]
fn golden_svg_english_dots() {
    let (data, shops) = fixture(&LATIN);
    golden(
        "map_en_dots.svg",
        &map_svg(&data, &shops[0], &MapSpec::default()),
    );
}

#[test]
fn golden_svg_chinese_privacy_hexagons() {
    let (data, shops) = fixture(&CHINESE);
    golden("map_zh_privacy.svg", &map_svg(&data, &shops[0], &zh_spec()));
}

/// The numbers in an attribute, e.g. `translate(12.5 40)` → [12.5, 40], `l0.5-1` →
/// [0.5, -1].
fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut flush = |cur: &mut String| {
        if let Ok(v) = cur.parse() {
            out.push(v);
        }
        cur.clear();
    };
    for c in s.chars() {
        if c == '-' {
            flush(&mut cur);
            cur.push(c);
        } else if c.is_ascii_digit() || c == '.' {
            cur.push(c);
        } else {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out
}

/// The vertices of each subpath of relative path data (`m`, `l`, `z` only).
fn subpaths(d: &str) -> Vec<Vec<(f64, f64)>> {
    let cmds: Vec<(usize, char)> = d
        .char_indices()
        .filter(|(_, c)| matches!(c, 'm' | 'l' | 'z'))
        .collect();
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let (mut x, mut y, mut start) = (0.0, 0.0, (0.0, 0.0));
    for (k, &(i, c)) in cmds.iter().enumerate() {
        let end = cmds.get(k + 1).map_or(d.len(), |n| n.0);
        let n = numbers(&d[i + 1..end]);
        match c {
            'm' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                (x, y) = (x + n[0], y + n[1]);
                start = (x, y);
                cur.push((x, y));
            }
            'l' => {
                (x, y) = (x + n[0], y + n[1]);
                cur.push((x, y));
            }
            _ => (x, y) = start,
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

/// Page positions of the symbols of one class (`shop`, `competitor`, `own-shop`).
fn symbols(svg: &str, class: &str) -> Vec<(f64, f64)> {
    svg.lines()
        .filter(|l| l.starts_with("<path") && attr(l, "class") == Some(class))
        .filter_map(|l| {
            let n = numbers(attr(l, "transform")?);
            Some((n[0], n[1]))
        })
        .collect()
}

/// The characters of a `<text>` element, tags (`<tspan …>`) left out.
fn text_content(element: &str) -> String {
    let inner = &element[element.find('>').map_or(0, |i| i + 1)..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The scale bar's length on the page (mm) and its label in metres.
fn scale_bar(svg: &str) -> (f64, f64) {
    let start = svg.find("<g id=\"scale-bar\">").expect("a scale bar");
    let group = &svg[start..start + svg[start..].find("</g>").unwrap()];
    let (mut x0, mut x1) = (f64::MAX, f64::MIN);
    let mut metres = None;
    for l in group.lines() {
        if l.starts_with("<rect") && attr(l, "class") == Some("scale-seg") {
            let x: f64 = attr(l, "x").unwrap().parse().unwrap();
            let w: f64 = attr(l, "width").unwrap().parse().unwrap();
            x0 = x0.min(x);
            x1 = x1.max(x + w);
        }
        if l.starts_with("<text") {
            let t = text_content(l);
            let t = t.as_str();
            for (unit, factor) in [
                (" km", 1000.0),
                (" 公里", 1000.0),
                (" m", 1.0),
                (" 米", 1.0),
            ] {
                if let Some(v) = t.strip_suffix(unit).and_then(|v| v.parse::<f64>().ok()) {
                    metres.get_or_insert(v * factor);
                }
            }
        }
    }
    (x1 - x0, metres.expect("a labelled scale bar"))
}

#[test]
fn scale_bar_measures_geodesic_distances_within_one_percent() {
    let (data, shops) = fixture(&LATIN);
    let specs = [
        MapSpec::default(),
        MapSpec {
            paper: Paper::A3,
            landscape: true,
            ..MapSpec::default()
        },
        MapSpec {
            paper: Paper::Letter,
            extent: Extent::Metres(2500.0),
            lang: Lang::Zh,
            ..MapSpec::default()
        },
    ];
    for spec in specs {
        let svg = map_svg(&data, &shops[0], &spec);
        let (bar_mm, bar_m) = scale_bar(&svg);
        let m_per_mm = bar_m / bar_mm;
        let shop = symbols(&svg, "shop")[0];
        let mut others = symbols(&svg, "competitor");
        others.extend(symbols(&svg, "own-shop"));
        assert_eq!(others.len(), 4, "{spec:?}");
        for s in &shops[1..] {
            let truth = Geodesic.distance(shops[0].position.to_point(), s.position.to_point());
            let best = others
                .iter()
                .map(|p| (p.0 - shop.0).hypot(p.1 - shop.1) * m_per_mm)
                .min_by(|a, b| (a - truth).abs().total_cmp(&(b - truth).abs()))
                .unwrap();
            assert!(
                (best - truth).abs() / truth < 0.01,
                "{}: {best:.1} m on paper vs {truth:.1} m geodesic ({spec:?})",
                s.name
            );
        }
    }
}

#[test]
fn rings_are_round_and_true_to_scale() {
    let (data, shops) = fixture(&LATIN);
    let svg = map_svg(&data, &shops[0], &MapSpec::default());
    let (bar_mm, bar_m) = scale_bar(&svg);
    let shop = symbols(&svg, "shop")[0];
    let rings = svg
        .lines()
        .find(|l| attr(l, "class") == Some("rings"))
        .unwrap();
    let radii: Vec<Vec<f64>> = subpaths(attr(rings, "d").unwrap())
        .iter()
        .map(|ring| {
            ring.iter()
                .map(|(x, y)| (x - shop.0).hypot(y - shop.1) * bar_m / bar_mm)
                .collect()
        })
        .collect();
    let expected = [150.0, 300.0, 450.0, 600.0, 1000.0];
    assert_eq!(radii.len(), expected.len());
    for (r, want) in radii.iter().zip(expected) {
        for got in r {
            // Paper resolution is 0.01 mm, ~0.12 m at this scale.
            assert!(
                (got - want).abs() < 0.5,
                "vertex at {got:.2} m on the {want} m ring"
            );
        }
    }
}

#[test]
fn privacy_draws_no_member_and_no_cell_under_three() {
    let (data, shops) = fixture(&CHINESE);
    let svg = map_svg(&data, &shops[0], &zh_spec());
    assert!(!svg.contains("class=\"members\"") && !svg.contains("class=\"vip\""));
    let counts: Vec<u32> = svg
        .lines()
        .filter(|l| attr(l, "class") == Some("hex"))
        .map(|l| attr(l, "data-members").unwrap().parse().unwrap())
        .collect();
    assert!(counts.iter().all(|n| *n >= 3), "{counts:?}");
    // Without privacy, hexagons of one or two members show.
    let open = map_svg(
        &data,
        &shops[0],
        &MapSpec {
            privacy: false,
            members: MemberLayer::Hex,
            ..zh_spec()
        },
    );
    assert!(open.contains("data-members=\"1\""));
}

#[test]
fn same_inputs_give_identical_svg_and_pdf() {
    let fonts = Fonts::bundled();
    for (names, spec) in [(&LATIN, MapSpec::default()), (&CHINESE, zh_spec())] {
        let (a, shops_a) = fixture(names);
        let (b, shops_b) = fixture(names);
        assert_eq!(
            map_svg(&a, &shops_a[0], &spec),
            map_svg(&b, &shops_b[0], &spec)
        );
        let pa = map_pdf(&a, &shops_a[..1], &spec, &fonts).unwrap();
        let pb = map_pdf(&b, &shops_b[..1], &spec, &fonts).unwrap();
        if pa != pb {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
            std::fs::write(dir.join("a.pdf"), &pa).unwrap();
            std::fs::write(dir.join("b.pdf"), &pb).unwrap();
            panic!("PDF bytes differ: see a.pdf and b.pdf in {}", dir.display());
        }
        assert!(pa.starts_with(b"%PDF-"));
    }
}

/// The text of a PDF, through poppler's `pdftotext`.
fn pdf_text(pdf: &[u8], name: &str) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian package poppler-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn pdf_text_holds_the_legend_words_in_both_languages() {
    let fonts = Fonts::bundled();
    let (data, shops) = fixture(&LATIN);
    let en = pdf_text(
        &map_pdf(&data, &shops[..1], &MapSpec::default(), &fonts).unwrap(),
        "en.pdf",
    );
    for word in [
        "Customer map",
        "Legend",
        "Scale",
        "Members by ring",
        "Loyal",
        "Dormant",
        "VIP member",
        "Competitor",
        "OpenStreetMap contributors",
        "Salon Koe",
        "Koetie",
    ] {
        assert!(en.contains(word), "'{word}' not in the PDF text:\n{en}");
    }
    let (data, shops) = fixture(&CHINESE);
    let zh = pdf_text(
        &map_pdf(&data, &shops[..1], &zh_spec(), &fonts).unwrap(),
        "zh.pdf",
    );
    for word in [
        "顾客分布图",
        "图例",
        "比例尺",
        "各圈层会员",
        "竞争对手",
        "少于 3 人的格子不显示",
        "丽人美容院",
        "世纪大道",
        "OpenStreetMap contributors",
    ] {
        assert!(zh.contains(word), "'{word}' not in the PDF text:\n{zh}");
    }
}

#[test]
fn atlas_has_a_page_per_shop() {
    let fonts = Fonts::bundled();
    let (data, shops) = fixture(&LATIN);
    let own: Vec<Shop> = shops
        .iter()
        .filter(|s| s.kind == ShopKind::Own)
        .cloned()
        .collect();
    let pdf = map_pdf(&data, &own, &MapSpec::default(), &fonts).unwrap();
    let text = pdf_text(&pdf, "atlas.pdf");
    assert_eq!(text.matches('\u{c}').count(), 2, "two pages");
    assert!(text.contains("Customer map — Salon Koe Itä"));
}

#[test]
fn png_has_the_page_size_at_the_resolution_asked() {
    let fonts = Fonts::bundled();
    let (data, shops) = fixture(&LATIN);
    let spec = MapSpec {
        dpi: 60,
        ..MapSpec::default()
    };
    let png = map_png(&data, &shops[0], &spec, &fonts).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (496, 702), "A4 at 60 dpi");
    assert_eq!(&png[37..41], b"pHYs");
    assert_eq!(be(41), 2362, "60 dpi in pixels per metre");
    let bad = map_png(
        &data,
        &shops[0],
        &MapSpec {
            dpi: 5,
            ..spec.clone()
        },
        &fonts,
    );
    assert!(matches!(bad, Err(RenderError::BadDpi(5))));
}

/// The embedded fonts of a PDF, through poppler's `pdffonts`, without the subset tag:
/// `DejaVuSans-Bold`, `WenQuanYiMicroHei`, ….
fn pdf_fonts(pdf: &[u8], name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts runs (Debian package poppler-utils; .ci/run installs it)");
    assert!(out.status.success());
    let mut fonts: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, name)| name).to_owned())
        .collect();
    fonts.sort();
    fonts.dedup();
    fonts
}

/// Pixels of two same-sized PNGs that differ: (count, lowest row as a share of the height).
fn ink_difference(a: &[u8], b: &[u8]) -> (usize, f64) {
    let a = resvg::tiny_skia::Pixmap::decode_png(a).unwrap();
    let b = resvg::tiny_skia::Pixmap::decode_png(b).unwrap();
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let w = a.width() as usize;
    let mut count = 0;
    let mut lowest = 0;
    for (i, (p, q)) in a.pixels().iter().zip(b.pixels()).enumerate() {
        let d = |x: u8, y: u8| x.abs_diff(y) > 64;
        if d(p.red(), q.red()) || d(p.green(), q.green()) || d(p.blue(), q.blue()) {
            count += 1;
            lowest = lowest.max(i / w);
        }
    }
    (count, lowest as f64 / f64::from(a.height()))
}

/// Maps are drawn with the fonts compiled into the binary: [`Fonts::bundled`] reads no
/// font file and asks the system for none (a unit test in `src/render/fonts.rs` checks
/// its faces are all in memory), so this is what a machine with no fonts installed draws.
#[test]
fn bundled_fonts_draw_pdf_and_png_text_in_both_languages() {
    let fonts = Fonts::bundled();
    for (names, spec, title, embedded) in [
        (
            &LATIN,
            MapSpec::default(),
            "Customer map — Salon Koe",
            &["DejaVuSans", "DejaVuSans-Bold"][..],
        ),
        (
            &CHINESE,
            zh_spec(),
            "顾客分布图 — 丽人美容院",
            &["DejaVuSans", "DejaVuSans-Bold", "WenQuanYiMicroHei"][..],
        ),
    ] {
        let (data, shops) = fixture(names);
        let pdf = map_pdf(&data, &shops[..1], &spec, &fonts).unwrap();
        let name = format!("bundled-{}.pdf", spec.lang);
        let text = pdf_text(&pdf, &name);
        assert!(
            text.contains(title),
            "'{title}' not in the PDF text:\n{text}"
        );
        assert_eq!(pdf_fonts(&pdf, &name), embedded);
        // The title's glyphs are drawn in the PNG: it differs from the same map without a
        // title in the title block at the top, and nowhere else.
        let spec = MapSpec { dpi: 100, ..spec };
        let with_title = map_png(&data, &shops[0], &spec, &fonts).unwrap();
        let untitled = MapSpec {
            title: Some(String::new()),
            ..spec.clone()
        };
        let without = map_png(&data, &shops[0], &untitled, &fonts).unwrap();
        let (pixels, lowest) = ink_difference(&with_title, &without);
        assert!(pixels > 500, "{title}: only {pixels} pixels of title");
        assert!(
            lowest < 0.12,
            "{title}: a difference at {lowest:.2} of the page"
        );
    }
}

#[test]
fn chinese_without_a_cjk_font_fails_naming_the_fix() {
    let dejavu = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/fonts/DejaVuSans.ttf");
    let fonts = Fonts::from_files(&[dejavu]).expect("the bundled DejaVu Sans file");
    let (data, shops) = fixture(&CHINESE);
    let err = map_pdf(&data, &shops[..1], &zh_spec(), &fonts).unwrap_err();
    assert!(matches!(err, RenderError::NoCjkFont { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(FONT_ENV) && msg.contains(BUNDLED_CJK), "{msg}");
    // Chinese shop names need the font even on an English map.
    let err = map_pdf(&data, &shops[..1], &MapSpec::default(), &fonts).unwrap_err();
    assert!(matches!(err, RenderError::NoCjkFont { .. }), "{err}");
    // Latin-only maps draw fine with it.
    let (data, shops) = fixture(&LATIN);
    assert!(map_pdf(&data, &shops[..1], &MapSpec::default(), &fonts).is_ok());
    let bad = Fonts::from_files(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")]);
    assert!(matches!(bad, Err(RenderError::FontFile { .. })));
}

#[test]
fn odd_inputs_give_maps_not_panics() {
    let (data, shops) = fixture(&LATIN);
    let far = Shop {
        name: "Far <away> & \"quoted\"".to_owned(),
        kind: ShopKind::Competitor,
        position: ll(-70.0, -45.0),
        address: None,
        category: None,
    };
    let empty = MapData::new(
        Vec::new(),
        None,
        &SegmentRules::default(),
        vec![far.clone()],
        None,
    );
    let specs = [
        MapSpec::default(),
        MapSpec {
            extent: Extent::Metres(50.0),
            members: MemberLayer::Dots,
            colour_by: catchment::render::ColourBy::Spend,
            ..MapSpec::default()
        },
        MapSpec {
            extent: Extent::Metres(200_000.0),
            colour_by: catchment::render::ColourBy::Visits,
            ..MapSpec::default()
        },
        MapSpec {
            members: MemberLayer::None,
            colour_by: catchment::render::ColourBy::Vip,
            title: Some(String::new()),
            ..MapSpec::default()
        },
    ];
    for spec in &specs {
        for (d, s) in [(&data, &shops[0]), (&data, &far), (&empty, &far)] {
            let svg = map_svg(d, s, spec);
            assert!(svg.ends_with("</svg>\n") && svg.contains("OpenStreetMap contributors"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }
    let fonts = Fonts::bundled();
    assert!(map_pdf(&empty, &[far], &specs[1], &fonts).is_ok());
    assert!(matches!(
        map_pdf(&data, &[], &specs[0], &fonts),
        Err(RenderError::NoShops)
    ));
}
