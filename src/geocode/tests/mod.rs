//! Geocoder tests. This file builds the small hand-made area the matcher tests share:
//! Finnish streets with Swedish and short names, letters and a range, an interpolation
//! line, two near-identical street names far apart, one name in two towns, streets known
//! only by name, German and English street types, and two Shanghai roads. `matcher`
//! tests each kind of address on it; `world` builds a second area of two towns with German,
//! French and Italian names and a street leaving the data; `extract` holds the properties
//! over arbitrary input and the real extracts (Helsinki, Monaco, Liechtenstein).

use super::*;
use crate::geodesy::distance_m;
use crate::osm::DataEdge;
use std::sync::OnceLock;

mod chinese;
mod extract;
mod matcher;
mod world;

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

fn house(
    street: &str,
    number: &str,
    postcode: Option<&str>,
    city: &str,
    lon: f64,
    lat: f64,
) -> AddressPoint {
    AddressPoint {
        street: street.to_owned(),
        housenumber: number.to_owned(),
        postcode: postcode.map(str::to_owned),
        city: Some(city.to_owned()).filter(|c| !c.is_empty()),
        position: at(lon, lat),
    }
}

fn street(names: &[&str], line: &[(f64, f64)]) -> StreetInput {
    StreetInput {
        names: names.iter().map(|n| (*n).to_owned()).collect(),
        lines: vec![line.iter().map(|&(lon, lat)| at(lon, lat)).collect()],
    }
}

/// Mannerheimintie 1–13 odd (9 missing) on the west side, 2–14 even on the east.
fn mannerheimintie_lat(n: u32) -> f64 {
    60.1680 + f64::from((n - 1) / 2) * 0.0002
}

fn input() -> GazetteerInput {
    let mut addresses = Vec::new();
    for n in [1, 3, 5, 7, 11, 13] {
        // Half the points lack a postcode: they take it from their neighbours.
        let pc = (n % 4 == 1).then_some("00100");
        addresses.push(house(
            "Mannerheimintie",
            &n.to_string(),
            pc,
            "Helsinki",
            24.9397,
            mannerheimintie_lat(n),
        ));
    }
    for n in (2..=14).step_by(2) {
        addresses.push(house(
            "Mannerheimintie",
            &n.to_string(),
            Some("00100"),
            "Helsinki",
            24.9403,
            mannerheimintie_lat(n),
        ));
    }
    addresses.extend([
        house(
            "Mäkelänkatu",
            "12a",
            Some("00510"),
            "Helsinki",
            24.9505,
            60.1801,
        ),
        house(
            "Mäkelänkatu",
            "12 B",
            Some("00510"),
            "Helsinki",
            24.9507,
            60.1801,
        ),
        house(
            "Mäkelänkatu",
            "14",
            Some("00510"),
            "Helsinki",
            24.9510,
            60.1799,
        ),
        house(
            "Mäkelänkatu",
            "30-34",
            Some("00510"),
            "Helsinki",
            24.9515,
            60.1801,
        ),
        house(
            "Kalevankatu",
            "1",
            Some("00100"),
            "Helsinki",
            24.9352,
            60.1651,
        ),
        house(
            "Kalevankatu",
            "2",
            Some("00100"),
            "Helsinki",
            24.9352,
            60.1649,
        ),
        house(
            "Kalevankatu",
            "3",
            Some("00100"),
            "Helsinki",
            24.9356,
            60.1651,
        ),
        house("Ratakatu", "1", Some("00120"), "Helsinki", 24.9301, 60.1601),
        house("Ratakatu", "3", Some("00120"), "Helsinki", 24.9304, 60.1601),
        house("Isokatu", "1", Some("00120"), "Helsinki", 24.9620, 60.1800),
        house("Rasakatu", "1", Some("00170"), "Helsinki", 24.9601, 60.1651),
        house("Rasakatu", "3", Some("00170"), "Helsinki", 24.9604, 60.1651),
        house(
            "Koulukatu",
            "1",
            Some("00170"),
            "Helsinki",
            24.9551,
            60.1701,
        ),
        house("Koulukatu", "1", Some("02100"), "Espoo", 24.8051, 60.1751),
        house("Hauptstraße", "5", None, "", 24.9701, 60.1901),
        house("Baker Street", "221", None, "", 24.9751, 60.1951),
        house("Abbey Road", "3", None, "", 24.9801, 60.2001),
        house(
            "世纪大道",
            "100号",
            Some("200120"),
            "上海市",
            121.5250,
            31.2276,
        ),
        house(
            "世纪大道",
            "88号",
            Some("200120"),
            "上海市",
            121.5230,
            31.2286,
        ),
    ]);
    GazetteerInput {
        addresses,
        streets: vec![
            street(
                &["Mannerheimintie", "Mannerheimvägen", "Mansku"],
                &[(24.9400, 60.1678), (24.9400, 60.1720)],
            ),
            street(
                &["Mäkelänkatu", "Mäkelägatan"],
                &[(24.9500, 60.1800), (24.9520, 60.1800)],
            ),
            street(
                &["Kalevankatu", "Kalevagatan"],
                &[(24.9350, 60.1650), (24.9380, 60.1650)],
            ),
            street(
                &["Ratakatu", "Bangatan"],
                &[(24.9300, 60.1600), (24.9310, 60.1600)],
            ),
            street(&["Rasakatu"], &[(24.9600, 60.1650), (24.9610, 60.1650)]),
            // Streets just outside the area: names only. The second once was Mannerheimintie.
            street(&["Isokatu", "Storgatan"], &[]),
            street(&["Uusikatu", "Mannerheimintie"], &[]),
            street(&["Koulukatu"], &[(24.9550, 60.1700), (24.9560, 60.1700)]),
            street(
                &["Koulukatu", "Skolgatan"],
                &[(24.8050, 60.1750), (24.8060, 60.1750)],
            ),
            street(
                &["Tehtaankatu", "Fabriksgatan"],
                &[(24.9450, 60.1600), (24.9480, 60.1600)],
            ),
            street(
                &["Bulevardi", "Bulevarden"],
                &[(24.9390, 60.1640), (24.9420, 60.1630)],
            ),
            street(&["Hauptstraße"], &[(24.9700, 60.1900), (24.9710, 60.1900)]),
            street(&["Baker Street"], &[(24.9750, 60.1950), (24.9760, 60.1950)]),
            street(&["Abbey Road"], &[(24.9800, 60.2000), (24.9810, 60.2000)]),
            street(&["世纪大道"], &[(121.5200, 31.2300), (121.5300, 31.2250)]),
            street(&["新市大道"], &[(121.5000, 31.2400), (121.5010, 31.2400)]),
        ],
        interpolations: vec![InterpolationInput {
            street: "Tehtaankatu".to_owned(),
            scheme: "odd".to_owned(),
            line: vec![at(24.9450, 60.16005), at(24.9480, 60.16005)],
            numbers: vec![(0, "1".to_owned()), (1, "21".to_owned())],
        }],
        places: Vec::new(),
        edge: None,
    }
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::new(input()))
}

#[track_caller]
fn expect_house(address: &str, label: &str, lon: f64, lat: f64) -> Geocoded {
    let g = gazetteer().geocode(address);
    assert_eq!(g.level, MatchLevel::House, "{address}: {g:?}");
    assert_eq!(g.label.as_deref(), Some(label), "{address}");
    let d = distance_m(g.position.unwrap(), at(lon, lat));
    assert!(d < 1.0, "{address}: {d} m off");
    g
}

#[track_caller]
fn expect_none(address: &str) {
    let g = gazetteer().geocode(address);
    assert_eq!(g, Geocoded::none(), "{address}");
}

const M5: (f64, f64) = (24.9397, 60.1684);
