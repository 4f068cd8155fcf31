//! Address files in the OpenAddresses layout as the area's second source (issue 15): the
//! fixture `helsinki_openaddresses.*` (see `tests/fixtures/README.md`) over the Helsinki
//! extract, in each shipped format, in both load orders, and alone.

mod common;

use catchment::app::{self, AppError, AreaLoadOptions};
use catchment::coord::LonLat;
use catchment::geocode::{Gazetteer, gazetteer_from_area};
use catchment::geodesy::distance_m;
use catchment::model::MatchLevel;
use catchment::workspace::Workspace;
use common::{Ws, fixture, repo};
use std::path::Path;

fn load(ws: &mut Workspace, path: &Path) -> Result<app::AreaLoad, AppError> {
    let options = AreaLoadOptions {
        geocode: false,
        ..AreaLoadOptions::default()
    };
    app::load_area(ws, path, options, &mut |_, _, _| {})
}

fn gazetteer(ws: &Workspace) -> Gazetteer {
    gazetteer_from_area(&ws.load_area().unwrap().expect("an area"))
}

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

#[track_caller]
fn house_at(g: &Gazetteer, address: &str, want: LonLat) {
    let hit = g.geocode(address);
    assert_eq!(hit.level, MatchLevel::House, "{address}: {hit:?}");
    let d = distance_m(hit.position.unwrap(), want);
    assert!(
        d < 1.0,
        "{address}: {d:.1} m from the file's point ({hit:?})"
    );
}

/// Kalevankatu 5 as the extract has it, and as the file moved it (~45 m north).
const KALEVANKATU_5_OSM: (f64, f64) = (24.938752, 60.1676996);
const KALEVANKATU_5_FILE: (f64, f64) = (24.938752, 60.1680996);

#[track_caller]
fn file_points_win(g: &Gazetteer) {
    house_at(
        g,
        "Kalevankatu 5",
        at(KALEVANKATU_5_FILE.0, KALEVANKATU_5_FILE.1),
    );
    house_at(
        g,
        "Kalevankatu 2, 00100 Helsinki",
        at(24.9403736, 60.1683639),
    );
    // Numbers the extract lacks are houses now, at the file's points (not interpolated).
    let hit = g.geocode("Annankatu 15");
    assert_eq!(hit.score, 1.0, "{hit:?}");
    house_at(g, "Annankatu 17", at(24.9388507, 60.1658082));
    // A street only the file has.
    house_at(g, "Koeosoitteenkuja 3", at(24.945, 60.1702));
}

#[test]
fn an_address_file_after_the_extract_wins_on_house_points_in_every_format() {
    for name in [
        "helsinki_openaddresses.csv",
        "helsinki_openaddresses.csv.gz",
        "helsinki_openaddresses.geojsonl",
    ] {
        let mut ws = Workspace::in_memory().unwrap();
        let extract = load(&mut ws, &repo("data/helsinki.osm.pbf")).unwrap();
        let before = gazetteer(&ws);
        house_at(
            &before,
            "Kalevankatu 5",
            at(KALEVANKATU_5_OSM.0, KALEVANKATU_5_OSM.1),
        );

        let loaded = load(&mut ws, &fixture(name)).unwrap();
        let added = loaded.address_file.expect("an address file");
        assert_eq!((added.points, added.replaced), (26, 0), "{name}");
        let rows: Vec<(usize, Option<&str>)> = added
            .rejected
            .iter()
            .map(|i| (i.row, i.column.as_deref()))
            .collect();
        let first_bad = if name.ends_with(".geojsonl") { 27 } else { 28 };
        assert_eq!(
            rows,
            vec![(first_bad, Some("LAT")), (first_bad + 1, Some("NUMBER"))],
            "{name}"
        );
        assert_eq!(loaded.info.file_addresses, 26);
        assert_eq!(loaded.info.source, format!("helsinki.osm.pbf + {name}"));
        // OSM still gives streets, homes and the basemap.
        assert_eq!(loaded.info.streets, extract.info.streets);
        assert_eq!(loaded.info.homes, extract.info.homes);
        assert_eq!(loaded.info.lines, extract.info.lines);
        file_points_win(&gazetteer(&ws));
    }
}

#[test]
fn loading_the_extract_after_the_file_keeps_the_files_points() {
    let mut ws = Workspace::in_memory().unwrap();
    load(&mut ws, &fixture("helsinki_openaddresses.csv")).unwrap();
    let loaded = load(&mut ws, &repo("data/helsinki.osm.pbf")).unwrap();
    assert_eq!(loaded.info.file_addresses, 26);
    file_points_win(&gazetteer(&ws));
    // Loading the same file again replaces its points, it does not add them twice.
    let again = load(&mut ws, &fixture("helsinki_openaddresses.csv.gz")).unwrap();
    assert_eq!(again.address_file.unwrap().replaced, 26);
    assert_eq!(again.info.file_addresses, 26);
}

#[test]
fn an_address_file_alone_geocodes_to_house_level() {
    let mut ws = Workspace::in_memory().unwrap();
    let loaded = load(&mut ws, &fixture("helsinki_openaddresses.geojsonl")).unwrap();
    assert_eq!(loaded.info.addresses, 0);
    assert!(loaded.info.bounds.is_some());
    let g = gazetteer(&ws);
    file_points_win(&g);
    assert_eq!(g.geocode("Kalevankatu").level, MatchLevel::Street);
    assert_eq!(g.geocode("Mannerheimintie 5").level, MatchLevel::None);
}

#[test]
fn a_failed_load_leaves_the_workspace_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::in_memory().unwrap();
    load(&mut ws, &repo("data/helsinki.osm.pbf")).unwrap();
    let before = ws.area_info().unwrap();
    for (name, bytes) in [
        (
            "no_number.csv",
            &b"LON,LAT,STREET\n24.94,60.17,Kalevankatu\n"[..],
        ),
        ("all_bad.csv", b"lon,lat,number,street\nx,y,1,Kalevankatu\n"),
        ("broken.csv.gz", b"not gzip at all"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = load(&mut ws, &path).unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
        assert_eq!(ws.area_info().unwrap(), before, "{name}");
    }
}

#[test]
fn the_command_line_reports_bad_rows_with_file_row_and_column() {
    let ws = Ws::new();
    let out = ws
        .cmd(&["area", "load"])
        .arg(fixture("helsinki_openaddresses.csv"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("26 address points added to the area"), "{err}");
    assert!(err.contains("row 28, column LAT"), "{err}");
    assert!(err.contains("no street or house number"), "{err}");
    let out = ws.cmd(&["area", "info"]).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        info.contains("26 address points from address files"),
        "{info}"
    );

    let zh = ws
        .cmd(&["--lang", "zh", "area", "load"])
        .arg(fixture("helsinki_openaddresses.csv"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&zh.stderr);
    assert!(err.contains("已向区域加入 26 个门牌点"), "{err}");
    assert!(err.contains("缺少街道或门牌号"), "{err}");
}
