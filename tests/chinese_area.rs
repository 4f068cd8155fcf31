//! The Chinese fixture (`tests/fixtures/xuhui_small.osm.pbf`, see its README): read as
//! `catchment area load` reads it, then addresses written the way people write them —
//! roads with `号`, Shanghai lanes (`弄`) with building and room, compounds with `栋`,
//! `单元`, `室` (and the numbered buildings the area has), POIs, and districts or street offices that are not the area's — scored
//! against the points they should land on.

use catchment::coord::LonLat;
use catchment::geocode::{Gazetteer, gazetteer_from_area};
use catchment::geodesy::distance_m;
use catchment::model::MatchLevel;
use catchment::osm::{PlaceKind, read_extract};
use std::path::Path;

fn gazetteer() -> Gazetteer {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xuhui_small.osm.pbf");
    let area = read_extract(&path, &mut |_, _| {}).expect("fixture reads");
    let kinds = |k: PlaceKind| area.places.iter().filter(|p| p.kind == k).count();
    assert_eq!(kinds(PlaceKind::Compound), 6, "{:?}", area.places);
    assert_eq!(kinds(PlaceKind::District), 4, "{:?}", area.places);
    gazetteer_from_area(&area)
}

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat).expect("valid")
}

/// `(address, expected level, expected point)`; `None` for addresses that are not here.
fn cases() -> Vec<(&'static str, MatchLevel, Option<LonLat>)> {
    use MatchLevel::{Compound, House, None as Nowhere};
    let lane_595 = at(121.43725, 31.1900);
    let xuhui_yuan = at(121.43975, 31.1920);
    vec![
        ("上海市徐汇区漕溪北路595弄3号502室", House, Some(lane_595)),
        ("漕溪北路595弄12号1201室", House, Some(lane_595)),
        ("徐汇区徐家汇街道漕溪北路595弄", House, Some(lane_595)),
        (
            "上海 徐汇区 漕溪北路 625弄 7号 301室",
            House,
            Some(at(121.43725, 31.1880)),
        ),
        ("上海市漕溪北路18号", House, Some(at(121.43725, 31.1990))),
        ("漕溪北路２８号", House, Some(at(121.43725, 31.1980))),
        ("虹桥路3号2楼", House, Some(at(121.4385, 31.19575))),
        (
            "上海市徐汇区天钥桥路100号",
            House,
            Some(at(121.44225, 31.1940)),
        ),
        ("徐汇苑5栋2单元301室", House, Some(at(121.43915, 31.1919))),
        ("徐汇苑6号楼1单元", House, Some(at(121.44015, 31.1925))),
        ("徐汇苑9栋2单元301室", Compound, Some(xuhui_yuan)),
        (
            "上海市徐汇区徐汇苑12号楼1单元502室",
            Compound,
            Some(xuhui_yuan),
        ),
        ("漕溪北路徐汇苑3幢", Compound, Some(xuhui_yuan)),
        ("汇翠花园2座1503室", Compound, Some(at(121.4384, 31.1873))),
        ("徐汇区土山湾", Compound, Some(at(121.4330, 31.1935))),
        (
            "上海市徐汇区港汇恒隆广场",
            Compound,
            Some(at(121.43825, 31.1951)),
        ),
        ("徐汇中学", Compound, Some(at(121.4345, 31.1975))),
        (
            "上海市徐汇区中山医院",
            Compound,
            Some(at(121.4430, 31.1865)),
        ),
        // Written as people write them: spaces, full-width digits, floors, towers.
        (
            "上海市徐汇区漕溪北路２８号",
            House,
            Some(at(121.43725, 31.1980)),
        ),
        ("徐汇区 虹桥路 5号 3楼", House, Some(at(121.4395, 31.19575))),
        (
            "天钥桥路110号A座1202室",
            House,
            Some(at(121.44225, 31.1930)),
        ),
        ("漕溪北路38号徐汇苑", House, Some(at(121.43725, 31.1970))),
        (
            "徐汇区徐家汇街道港汇恒隆广场",
            Compound,
            Some(at(121.43825, 31.1951)),
        ),
        ("汇翠花园", Compound, Some(at(121.4384, 31.1873))),
        ("阳光花园7号楼", Compound, Some(at(121.4296, 31.1980))),
        // Another district, street office or city: not here.
        ("上海市浦东新区漕溪北路595弄3号", Nowhere, None),
        ("上海市静安区徐汇苑5栋", Nowhere, None),
        ("徐汇区湖南路街道漕溪北路18号", Nowhere, None),
        ("北京市朝阳区漕溪北路18号", Nowhere, None),
        // Nothing the area has.
        ("某某小区3栋2单元", Nowhere, None),
        ("天平路街道", Nowhere, None),
        ("上海市徐汇区", Nowhere, None),
    ]
}

#[test]
fn chinese_addresses_land_where_they_are_written() {
    let g = gazetteer();
    let (mut n, mut within_25, mut false_matches) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (address, level, point) in cases() {
        let got = g.geocode(address);
        n += 1;
        match (point, got.position) {
            (Some(want), Some(p)) if distance_m(want, p) <= 25.0 && got.level == level => {
                within_25 += 1
            }
            (None, None) => within_25 += 1,
            (_, Some(_)) => {
                false_matches += 1;
                wrong.push(format!("{address}: {got:?}"));
            }
            (Some(_), None) => wrong.push(format!("{address}: not placed")),
        }
    }
    eprintln!(
        "xuhui_small: n = {n}, right (≤ 25 m, or none when not here) = {within_25}, false matches = {false_matches}"
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_compound_answer_says_what_it_matched() {
    let g = gazetteer().geocode("徐汇苑9栋2单元301室");
    assert_eq!(g.level, MatchLevel::Compound);
    assert_eq!(g.label.as_deref(), Some("徐汇苑"));
    let g = gazetteer().geocode("徐汇苑5栋2单元301室");
    assert_eq!(g.label.as_deref(), Some("徐汇苑 5号楼"));
    assert!(g.score > 0.0 && g.score < 1.0);
}

/// Coordinates from Chinese services (GCJ-02) are still converted to WGS84 on import.
#[test]
fn gcj02_member_coordinates_are_converted_on_import() {
    let dir = tempfile::tempdir().unwrap();
    let true_point = at(121.43725, 31.1900);
    let shifted = catchment::coord::wgs84_to_gcj02(true_point);
    assert!(distance_m(true_point, shifted) > 100.0);
    let csv = dir.path().join("members.csv");
    std::fs::write(
        &csv,
        format!(
            "会员卡号,地址,纬度,经度\nA1,漕溪北路595弄,{},{}\n",
            shifted.lat_deg(),
            shifted.lon_deg()
        ),
    )
    .unwrap();
    let db = dir.path().join("ws.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_catchment"))
        .arg("--workspace")
        .arg(&db)
        .args(["import", "members"])
        .arg(&csv)
        .args(["--crs", "gcj02"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = catchment::workspace::Workspace::open_existing(&db).unwrap();
    let members = ws.located_members().unwrap();
    assert_eq!(members.table.len(), 1);
    assert!(distance_m(members.table.columns().positions[0], true_point) < 1.0);
}
