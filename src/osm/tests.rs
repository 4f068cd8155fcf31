//! Reading whole extracts: the hand-made `tests/fixtures/area_small.osm.pbf`, where every
//! count is known, and the bundled Helsinki extract, where counts must be sane.

use std::path::Path;

use super::*;
use crate::coord::LonLat;
use crate::geodesy::distance_m;

fn fixture() -> Area {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/area_small.osm.pbf"
    ));
    read_extract(path, &mut |_, _| {}).expect("the fixture reads")
}

fn address<'a>(area: &'a Area, number: &str) -> &'a OsmAddress {
    let found: Vec<&OsmAddress> = area
        .addresses
        .iter()
        .filter(|a| a.street == "Koetie" && a.housenumber == number)
        .collect();
    assert_eq!(found.len(), 1, "Koetie {number}: {found:?}");
    found[0]
}

#[test]
fn fixture_addresses_are_filled_from_neighbours_and_read_from_multipolygons() {
    let area = fixture();
    let numbers: Vec<&str> = area
        .addresses
        .iter()
        .map(|a| a.housenumber.as_str())
        .collect();
    assert_eq!(
        numbers,
        ["1", "9", "11", "13", "15", "17", "19", "20", "99"]
    );
    let eleven = address(&area, "11");
    assert_eq!(eleven.filled, Filled::default());
    // 28 m from 11: postcode from the neighbour, city from the postcode.
    let thirteen = address(&area, "13");
    assert_eq!(thirteen.postcode.as_deref(), Some("00990"));
    assert_eq!(thirteen.city.as_deref(), Some("Helsinki"));
    assert_eq!(
        thirteen.filled,
        Filled {
            postcode: true,
            city: true
        }
    );
    // 440 m away: nothing to fill from.
    let far = address(&area, "99");
    assert_eq!((far.postcode.as_deref(), far.city.as_deref()), (None, None));
    // The multipolygon's address sits at its centroid, the courtyard taken out.
    let twenty = address(&area, "20");
    assert_eq!(twenty.element, ElementKind::Relation);
    assert!((twenty.lon - 24.9075).abs() < 1e-6 && (twenty.lat - 60.20125).abs() < 1e-4);
    assert_eq!(twenty.city.as_deref(), Some("Helsinki"));
    assert!(twenty.filled.city && !twenty.filled.postcode);
    assert_eq!(address(&area, "19").element, ElementKind::Way);
}

#[test]
fn fixture_streets_merge_near_ways_and_keep_every_name() {
    let area = fixture();
    let streets: Vec<(Vec<&str>, RoadClass, Vec<usize>)> = area
        .streets
        .iter()
        .map(|s| {
            (
                s.names.iter().map(String::as_str).collect(),
                s.class,
                s.lines.iter().map(Vec::len).collect(),
            )
        })
        .collect();
    assert_eq!(
        streets,
        vec![
            // Two touching ways and the sidewalk 22 m away.
            (
                vec!["Koetie", "Provvägen", "Vanha tie", "Old road"],
                RoadClass::Residential,
                vec![2, 3, 2]
            ),
            // The same name 2 km away.
            (vec!["Koetie"], RoadClass::Residential, vec![2]),
            (vec!["Koetori"], RoadClass::Pedestrian, vec![5]),
            // Cut in two where the extract lost a node.
            (vec!["Rantakatu"], RoadClass::Tertiary, vec![2, 2]),
        ]
    );
}

#[test]
fn fixture_interpolation_pois_and_basemap() {
    let area = fixture();
    assert_eq!(area.interpolations.len(), 1);
    let i = &area.interpolations[0];
    assert_eq!((i.street.as_str(), i.scheme.as_str()), ("Koetie", "odd"));
    assert_eq!(i.line.len(), 3);
    assert_eq!(i.numbers, vec![(0, "1".to_owned()), (2, "9".to_owned())]);

    assert_eq!(area.pois.len(), 1);
    let salon = &area.pois[0];
    assert_eq!(
        (
            salon.name.as_str(),
            salon.category.as_str(),
            salon.address.as_deref()
        ),
        ("Salon Koe", "hairdresser", Some("Koetie 15"))
    );

    let lines: Vec<(String, Option<&str>, usize)> = area
        .basemap
        .lines
        .iter()
        .map(|l| (l.class.name(), l.name.as_deref(), l.points.len()))
        .collect();
    let road = |c: &str, name: &'static str, n: usize| (format!("road:{c}"), Some(name), n);
    assert_eq!(
        lines,
        vec![
            road("residential", "Koetie", 2),
            road("residential", "Koetie", 3),
            road("path", "Koetie", 2),
            road("residential", "Koetie", 2),
            road("tertiary", "Rantakatu", 2),
            road("tertiary", "Rantakatu", 2),
            ("railway:tram".to_owned(), None, 2),
            ("waterway".to_owned(), Some("Oja"), 2),
        ]
    );
    // Buildings and the park way, then the multipolygons; the cut park is left out.
    let areas: Vec<(AreaClass, Option<&str>, Vec<usize>)> = area
        .basemap
        .areas
        .iter()
        .map(|a| {
            (
                a.class,
                a.name.as_deref(),
                a.rings.iter().map(Vec::len).collect(),
            )
        })
        .collect();
    assert_eq!(
        areas,
        vec![
            (AreaClass::Building, None, vec![5]),
            (AreaClass::Building, None, vec![5]),
            (AreaClass::Building, None, vec![5]),
            (AreaClass::Park, Some("Koepuisto"), vec![5]),
            (AreaClass::Building, None, vec![5, 5]),
            (AreaClass::Water, Some("Lampi"), vec![5]),
        ]
    );
    for a in &area.basemap.areas {
        assert!(a.rings.iter().all(|r| r.first() == r.last()));
    }
    let (lo, hi) = area.bounds.expect("bounds");
    let e7 = |p: LonLat| (deg_to_decimicro(p.lon_deg()), deg_to_decimicro(p.lat_deg()));
    assert_eq!(e7(lo), (249_000_000, 601_985_000));
    assert_eq!(e7(hi), (249_410_000, 602_030_000));
    // The header's box (osmium wrote `-b 24.899,60.198,24.942,60.204`) is the data's edge.
    let (sw, ne) = area.declared_bounds.expect("declared bbox");
    assert_eq!(e7(sw), (248_990_000, 601_980_000));
    assert_eq!(e7(ne), (249_420_000, 602_040_000));
    let edge = area.edge().expect("edge");
    assert_eq!(edge.source(), crate::osm::EdgeSource::Declared);
    assert_eq!((edge.south_west(), edge.north_east()), (sw, ne));
}

#[test]
fn fixture_homes_follow_the_rule() {
    let area = fixture();
    let homes: Vec<(HomeKind, u32, DwellingEstimate)> = area
        .homes
        .iter()
        .map(|h| (h.kind, h.dwellings, h.estimate))
        .collect();
    // Address points 1, 9, 11, 13, 17, 20 (12 flats) and 99 — not the hairdresser (15) nor
    // the shop building (19) — then the house without an address. Address 17 stands in
    // the apartments of 8 flats, which have no address of their own: it holds their
    // dwellings, and the apartments are no home of their own.
    let a = HomeKind::AddressPoint;
    let (one, flats) = (DwellingEstimate::Address, DwellingEstimate::Flats);
    assert_eq!(
        homes,
        vec![
            (a, 1, one),
            (a, 1, one),
            (a, 1, one),
            (a, 1, one),
            (a, 8, flats),
            (a, 12, flats),
            (a, 1, one),
            (HomeKind::ResidentialBuilding, 1, DwellingEstimate::House)
        ]
    );
    assert_eq!(area.dwellings(), 26);
    assert_eq!(
        area.dwelling_floor_m2,
        Some(DwellingRules::DEFAULT_FLOOR_M2)
    );
    let house = area.homes[7].position;
    assert!((house.lon_deg() - 24.9041).abs() < 1e-9 && (house.lat_deg() - 60.20105).abs() < 1e-6);
}

#[test]
fn fixture_older_view_leaves_out_multipolygons_and_filled_values() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/area_small.osm.pbf"
    ));
    let older = read_area(path).unwrap();
    assert_eq!(older.addresses.len(), 8);
    assert!(
        older
            .addresses
            .iter()
            .all(|a| a.filled == Filled::default())
    );
    let thirteen = older
        .addresses
        .iter()
        .find(|a| a.housenumber == "13")
        .unwrap();
    assert_eq!(thirteen.postcode, None);
    assert_eq!(older.street_names_sv["Koetie"], "Provvägen");
}

#[test]
fn progress_counts_up_to_three_times_the_file() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/helsinki.osm.pbf"
    ));
    let len = std::fs::metadata(path).unwrap().len();
    let mut calls: Vec<(u64, u64)> = Vec::new();
    read_extract(path, &mut |done, total| calls.push((done, total))).unwrap();
    assert!(calls.len() > 3, "{calls:?}");
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0), "{calls:?}");
    assert!(calls.iter().all(|&(_, total)| total == 3 * len));
    assert_eq!(calls.last(), Some(&(3 * len, 3 * len)));
}

#[test]
fn helsinki_counts_are_sane() {
    let area = helsinki_extract_for_tests();
    let n = |len: usize, lo: usize, hi: usize, what: &str| {
        assert!((lo..=hi).contains(&len), "{len} {what}");
    };
    n(area.addresses.len(), 600, 800, "addresses");
    n(area.streets.len(), 80, 150, "streets");
    n(area.pois.len(), 900, 1300, "pois");
    n(area.homes.len(), 300, 700, "homes");
    n(area.basemap.lines.len(), 2000, 4000, "lines");
    n(area.basemap.areas.len(), 450, 900, "areas");
    let lines = |class: LineClass| {
        area.basemap
            .lines
            .iter()
            .filter(|l| l.class == class)
            .count()
    };
    assert!(lines(LineClass::Railway(RailClass::Rail)) > 50);
    assert!(lines(LineClass::Railway(RailClass::Tram)) > 50);
    assert!(lines(LineClass::Road(RoadClass::Primary)) > 50);
    let areas = |class: AreaClass| {
        area.basemap
            .areas
            .iter()
            .filter(|a| a.class == class)
            .count()
    };
    assert!(areas(AreaClass::Water) >= 5, "{}", areas(AreaClass::Water));
    assert!(areas(AreaClass::Building) > 300);
    assert!(areas(AreaClass::Park) > 50);
    // The multipolygon buildings carry a few addresses the ways do not.
    let from_relations = area
        .addresses
        .iter()
        .filter(|a| a.element == ElementKind::Relation)
        .count();
    assert!((1..=10).contains(&from_relations), "{from_relations}");
}

#[test]
fn helsinki_mannerheimintie_has_its_swedish_name_and_a_long_geometry() {
    let area = helsinki_extract_for_tests();
    let streets: Vec<&Street> = area
        .streets
        .iter()
        .filter(|s| s.names[0] == "Mannerheimintie")
        .collect();
    assert_eq!(streets.len(), 1);
    let s = streets[0];
    assert!(
        s.names.iter().any(|n| n == "Mannerheimvägen"),
        "{:?}",
        s.names
    );
    assert_eq!(s.class, RoadClass::Primary);
    let vertices: usize = s.lines.iter().map(Vec::len).sum();
    assert!(
        s.lines.len() >= 20 && vertices >= 100,
        "{} lines, {vertices} vertices",
        s.lines.len()
    );
    // It runs ~800 m through the extract from south to north.
    let all: Vec<_> = s.lines.iter().flatten().copied().collect();
    let south = all
        .iter()
        .min_by(|a, b| a.lat_deg().total_cmp(&b.lat_deg()))
        .unwrap();
    let north = all
        .iter()
        .max_by(|a, b| a.lat_deg().total_cmp(&b.lat_deg()))
        .unwrap();
    let length_m = distance_m(*south, *north);
    assert!(length_m > 700.0, "{length_m} m");
}

#[test]
fn helsinki_postcodes_are_filled_and_stay_on_their_street() {
    let area = helsinki_extract_for_tests();
    let filled: Vec<&OsmAddress> = area
        .addresses
        .iter()
        .filter(|a| a.filled.postcode)
        .collect();
    assert!(filled.len() > 100, "{}", filled.len());
    for a in &filled {
        let pc = a.postcode.as_deref().unwrap();
        assert!(pc.len() == 5 && pc.starts_with("00"), "{a:?}");
        let lender = area.addresses.iter().any(|b| {
            b.street == a.street
                && b.postcode.as_deref() == Some(pc)
                && !b.filled.postcode
                && distance_m(
                    LonLat::new(a.lon, a.lat).unwrap(),
                    LonLat::new(b.lon, b.lat).unwrap(),
                ) <= 150.0
        });
        assert!(lender, "{a:?}");
    }
    let tagged = area
        .addresses
        .iter()
        .filter(|a| a.postcode.is_some() && !a.filled.postcode)
        .count();
    assert!(tagged > 200, "{tagged}");
}

#[test]
fn helsinki_older_view_is_the_extract_without_additions() {
    let area = helsinki_extract_for_tests();
    let older = helsinki_for_tests();
    let kept = area
        .addresses
        .iter()
        .filter(|a| a.element != ElementKind::Relation);
    assert_eq!(kept.count(), older.addresses.len());
    for (a, b) in area
        .addresses
        .iter()
        .filter(|a| a.element != ElementKind::Relation)
        .zip(&older.addresses)
    {
        assert_eq!(
            (&a.street, &a.housenumber, a.lon, a.lat),
            (&b.street, &b.housenumber, b.lon, b.lat)
        );
        if !a.filled.postcode {
            assert_eq!(a.postcode, b.postcode);
        }
    }
}

#[test]
fn reading_is_deterministic() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/helsinki.osm.pbf"
    ));
    let again = read_extract(path, &mut |_, _| {}).unwrap();
    assert!(again == *helsinki_extract_for_tests());
}

#[test]
fn corrupt_files_are_errors_not_crashes() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/area_small.osm.pbf"
    ));
    let good = std::fs::read(path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.osm.pbf");
    let mut errors = 0;
    for at in (0..good.len()).step_by(5) {
        for flip in [0xff_u8, 0x01] {
            let mut bytes = good.clone();
            bytes[at] ^= flip;
            std::fs::write(&bad, &bytes).unwrap();
            if read_extract(&bad, &mut |_, _| {}).is_err() {
                errors += 1;
            }
        }
        std::fs::write(&bad, &good[..at]).unwrap();
        let _ = read_extract(&bad, &mut |_, _| {});
    }
    assert!(errors > 0);
}
