//! Addresses beyond Finland, on a small hand-made area of two towns with four-digit
//! postcodes (`Dorf` 9490, `Berg` 9495), German, French and Italian street names (one
//! with a number in it), one street name in both towns, and a street that runs out of the data: which towns are the
//! area's, street words and articles, number forms, numbers beyond the data's edge.

use super::*;

/// Where the data ends: a street crossing the west side leaves the area.
fn edge() -> DataEdge {
    DataEdge::of(Some((at(9.50, 47.05), at(9.60, 47.20))), None).unwrap()
}

fn dorf(street: &str, number: &str, lon: f64, lat: f64) -> AddressPoint {
    house(street, number, Some("9490"), "Dorf", lon, lat)
}

/// House `n` of `Hauptstrasse`: 1–10 in Dorf, and a street of the same name in Berg, 5 km
/// away.
fn haupt(n: u32, berg: bool) -> (f64, f64) {
    let x = f64::from(n) * 0.0001;
    if berg {
        (9.5530 + x, 47.1020)
    } else {
        (9.5230 + x, 47.1420)
    }
}

fn input() -> GazetteerInput {
    let mut addresses = vec![
        dorf("Im Grund", "12", 9.5210, 47.1400),
        dorf("Im Grund", "14", 9.5212, 47.1400),
        dorf("Am Markt", "7", 9.5220, 47.1410),
        dorf("Am Markt", "7b", 9.5222, 47.1410),
        dorf("Bahnhofstrasse", "18", 9.5240, 47.1430),
        dorf("Rue de la Turbie", "12", 9.5250, 47.1440),
        dorf("Rue de la Turbie", "12bis", 9.5252, 47.1440),
        dorf("Avenue de la Costa", "3", 9.5260, 47.1450),
        dorf("Via del Corso", "5", 9.5270, 47.1460),
        dorf("Rue du 4 Septembre", "2", 9.5280, 47.1470),
    ];
    for n in 1..=10 {
        let (lon, lat) = haupt(n, false);
        addresses.push(dorf("Hauptstrasse", &n.to_string(), lon, lat));
        let (lon, lat) = haupt(n, true);
        addresses.push(house(
            "Hauptstrasse",
            &n.to_string(),
            Some("9495"),
            "Berg",
            lon,
            lat,
        ));
    }
    for n in 1..=20 {
        let lon = 9.5100 + f64::from(n) * 0.0001;
        addresses.push(dorf("Landstrasse", &n.to_string(), lon, 47.1500));
    }
    let along = |lon: f64, lat: f64| [(lon - 0.0005, lat), (lon + 0.0020, lat)];
    GazetteerInput {
        addresses,
        streets: vec![
            street(&["Im Grund"], &along(9.5210, 47.1401)),
            street(&["Am Markt"], &along(9.5220, 47.1411)),
            street(&["Bahnhofstrasse"], &along(9.5240, 47.1431)),
            street(&["Rue de la Turbie"], &along(9.5250, 47.1441)),
            street(&["Avenue de la Costa"], &along(9.5260, 47.1451)),
            street(&["Via del Corso"], &along(9.5270, 47.1461)),
            street(&["Rue du 4 Septembre"], &along(9.5280, 47.1471)),
            street(&["Hauptstrasse"], &along(9.5230, 47.1421)),
            street(&["Hauptstrasse"], &along(9.5530, 47.1021)),
            // From inside the area across its west side.
            street(&["Landstrasse"], &[(9.5150, 47.1501), (9.4900, 47.1501)]),
        ],
        interpolations: vec![],
        places: vec![],
        edge: Some(edge()),
    }
}

fn world() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::new(input()))
}

#[track_caller]
fn at_house(address: &str, lon: f64, lat: f64) -> Geocoded {
    let g = world().geocode(address);
    assert_eq!(g.level, MatchLevel::House, "{address}: {g:?}");
    let d = distance_m(g.position.unwrap(), at(lon, lat));
    assert!(d < 1.0, "{address}: {d} m off ({g:?})");
    g
}

#[track_caller]
fn nothing(address: &str) {
    assert_eq!(world().geocode(address), Geocoded::none(), "{address}");
}

#[test]
fn a_town_or_postcode_the_area_does_not_have_is_none() {
    let (lon, lat) = (9.5240, 47.1430);
    at_house("Bahnhofstrasse 18", lon, lat);
    at_house("Bahnhofstrasse 18, 9490 Dorf", lon, lat);
    for a in [
        // Another country's postcode and a well-known city.
        "Bahnhofstrasse 18, 8001 Zürich",
        "22 Bahnhofstrasse 8001 Zürich",
        // A postcode of the area's region, but a town it does not have.
        "Bahnhofstrasse 18, 9497 Oberdorf",
        // Another country's postcode and an unknown town.
        "Bahnhofstrasse 18, 1010 Unterberg",
        "Bahnhofstrasse 18, 10115 Berlin",
    ] {
        nothing(a);
    }
}

#[test]
fn a_town_known_only_as_an_osm_place_is_the_areas() {
    // No address point carries Triesenberg or 9497: without the place the address is of
    // another town; with the village of the area mapped as a place, it is here.
    let address = "Bahnhofstrasse 18, 9497 Triesenberg";
    nothing(address);
    let g = Gazetteer::new(GazetteerInput {
        places: vec![PlaceInput {
            name: "Triesenberg".to_owned(),
            kind: PlaceInputKind::District,
            position: at(9.5400, 47.1200),
        }],
        ..input()
    });
    let hit = g.geocode(address);
    assert_eq!(hit.level, MatchLevel::House, "{hit:?}");
    assert!(distance_m(hit.position.unwrap(), at(9.5240, 47.1430)) < 1.0);
}

#[test]
fn a_named_town_or_postcode_restricts_the_streets() {
    // Hauptstrasse 5 is in both towns: without the town, no guess.
    nothing("Hauptstrasse 5");
    let (d, b) = (haupt(5, false), haupt(5, true));
    assert_eq!(at_house("Hauptstrasse 5, Dorf", d.0, d.1).score, 1.0);
    assert_eq!(at_house("Hauptstrasse 5, Berg", b.0, b.1).score, 1.0);
    at_house("Hauptstrasse 5, 9495", b.0, b.1);
    at_house("5 Hauptstrasse 9490 Dorf", d.0, d.1);
    at_house("Hauptstr. 5, 9495 Berg", b.0, b.1);
}

#[test]
fn when_town_and_postcode_disagree_the_postcode_wins_at_a_lower_score() {
    let (d, b) = (haupt(5, false), haupt(5, true));
    let g = at_house("Hauptstrasse 5, 9490 Berg", d.0, d.1);
    assert!(g.score < 1.0, "{g:?}");
    // A known postcode with a town the area lacks: the postcode says it is here.
    let g = at_house("Bahnhofstrasse 18, 9490 Oberdorf", 9.5240, 47.1430);
    assert!(g.score < 1.0, "{g:?}");
    // A postcode of another region with a town of the area: a slip of the digits.
    let g = at_house("Hauptstrasse 5, 8001 Berg", b.0, b.1);
    assert!(g.score < 1.0, "{g:?}");
}

#[test]
fn words_of_the_street_are_never_a_town() {
    at_house("14 Im Grund, Dorf", 9.5212, 47.1400);
    at_house("Im Grund 12, 9490 Dorf", 9.5210, 47.1400);
    at_house("7b Am Markt", 9.5222, 47.1410);
    at_house("7 B Am Markt, 9490 Dorf", 9.5222, 47.1410);
    // The street right after the postcode, written the other way round.
    at_house("9490 Am Markt 7", 9.5220, 47.1410);
    at_house("9490 Dorf, Bahnhofstrasse 18", 9.5240, 47.1430);
    at_house("9490 Bahnhofstrasse 18", 9.5240, 47.1430);
}

#[test]
fn street_types_articles_and_number_forms_of_other_languages() {
    at_house("12 Rue de la Turbie", 9.5250, 47.1440);
    at_house("Rue Turbie 12", 9.5250, 47.1440);
    at_house("12 bis, rue de la Turbie", 9.5252, 47.1440);
    at_house("Rue de la Turbie 12bis", 9.5252, 47.1440);
    // No house `12 ter`: house 12, at a lower score.
    let g = at_house("Rue de la Turbie 12 ter", 9.5250, 47.1440);
    assert!(g.score < 1.0, "{g:?}");
    at_house("Av. de la Costa 3", 9.5260, 47.1450);
    at_house("3 av de la costa", 9.5260, 47.1450);
    at_house("Via del Corso 5", 9.5270, 47.1460);
    // A number inside the name, then the house's.
    at_house("Rue du 4 Septembre 2", 9.5280, 47.1470);
    at_house("2, rue du 4 Septembre, 9490 Dorf", 9.5280, 47.1470);
    // A range, a flat after a slash, a letter apart from its number.
    at_house("Bahnhofstrasse 18-20", 9.5240, 47.1430);
    at_house("Bahnhofstrasse 18/3", 9.5240, 47.1430);
    at_house("Am Markt 7 b", 9.5222, 47.1410);
}

#[test]
fn numbers_beyond_a_street_leaving_the_data_are_none() {
    // Landstrasse holds 1–20 inside and runs on across the data's edge.
    for a in [
        "Landstrasse 100",
        "Landstrasse 21, 9490 Dorf",
        "100 Landstrasse",
    ] {
        nothing(a);
    }
    at_house("Landstrasse 20", 9.5120, 47.1500);
    // A street wholly inside: a number beyond its houses is still the street.
    let g = world().geocode("Hauptstrasse 50, Dorf");
    assert_eq!(g.level, MatchLevel::Street, "{g:?}");
    // Without the edge, Landstrasse 100 is the street too.
    let g = Gazetteer::new(GazetteerInput {
        edge: None,
        ..input()
    });
    assert_eq!(g.geocode("Landstrasse 100").level, MatchLevel::Street);
}

proptest::proptest! {
    /// Four-digit postcodes, towns after them, numerals in names and the data's edge read
    /// any text without panicking, and only its key.
    #[test]
    fn any_text_reads_without_panicking(
        s in "[0-9A-Za-zäöüéß ,./-]{0,60}|\\PC{0,40}",
    ) {
        let g = world();
        let direct = g.geocode(&s);
        if !s.contains('@') {
            proptest::prop_assert_eq!(direct, g.geocode(&Gazetteer::normalise_key(&s)));
        }
    }
}
