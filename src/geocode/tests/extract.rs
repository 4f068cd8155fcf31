//! Properties over arbitrary input, and the bundled Helsinki and Monaco extracts.

use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn geocode_never_panics_and_reads_only_the_key(s in any::<String>()) {
        let g = gazetteer();
        let direct = g.geocode(&s);
        if !s.contains('@') {
            prop_assert_eq!(direct, g.geocode(&Gazetteer::normalise_key(&s)));
        }
        let _ = g.candidates(&s, 3);
    }

    #[test]
    fn addresslike_input_never_panics(
        s in "[0-9A-Za-zäöÅ上海市世纪大道号室栋 ,./-]{0,60}",
    ) {
        let g = gazetteer();
        let direct = g.geocode(&s);
        prop_assert_eq!(direct, g.geocode(&Gazetteer::normalise_key(&s)));
    }
}

/// The bundled extract: every address point finds itself.
#[test]
fn helsinki_addresses_find_themselves() {
    // Built exactly as `catchment area load` + `geocode` build it.
    let input = crate::geocode::gazetteer_input(crate::osm::helsinki_extract_for_tests());
    let g = Gazetteer::new(input.clone());
    // A street and number tagged on several points far apart (parts of one big building)
    // has no single true point: leave those out.
    let mut seen = std::collections::HashMap::new();
    for a in &input.addresses {
        *seen
            .entry((a.street.as_str(), a.housenumber.as_str()))
            .or_insert(0) += 1;
    }
    let (mut total, mut ok) = (0, 0);
    for a in &input.addresses {
        let unique = seen.get(&(a.street.as_str(), a.housenumber.as_str())) == Some(&1);
        if !unique || !a.housenumber.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        total += 1;
        let r = g.geocode(&format!("{} {}", a.street, a.housenumber));
        if r.position.is_some_and(|p| distance_m(p, a.position) < 25.0) {
            ok += 1;
        }
    }
    // Same street and number tagged twice far apart can only find one of the two.
    assert!(ok * 100 >= total * 99, "{ok} of {total}");
    let r = g.geocode("Mannerheimvägen 5, Helsingfors");
    assert_eq!(r.level, MatchLevel::House, "{r:?}");
}

/// A street's other official names (Swedish in Helsinki) are as good as its main name,
/// the city in Swedish as good as in Finnish: the same point at the same confidence.
#[test]
fn swedish_names_score_as_the_finnish_ones_on_the_extract() {
    let area = crate::osm::helsinki_extract_for_tests();
    let g = Gazetteer::new(crate::geocode::gazetteer_input(area));
    let fi = g.geocode("Mannerheimintie 5, Helsinki");
    let sv = g.geocode("Mannerheimvägen 5, Helsingfors");
    assert_eq!((fi.level, fi.score), (MatchLevel::House, 1.0), "{fi:?}");
    assert_eq!((sv.position, sv.score), (fi.position, fi.score), "{sv:?}");

    // Every street with a Swedish name, at its first house.
    let (mut pairs, mut same) = (0, 0);
    for s in area.streets.iter().filter(|s| s.names.len() > 1) {
        let Some(house) = area.addresses.iter().find(|a| a.street == s.names[0]) else {
            continue;
        };
        for other in s.names[1..].iter().filter(|n| **n != s.names[0]) {
            let n = &house.housenumber;
            let fi = g.geocode(&format!("{} {n}, Helsinki", s.names[0]));
            if fi.score < 1.0 {
                continue;
            }
            pairs += 1;
            let sv = g.geocode(&format!("{other} {n}, Helsingfors"));
            if sv.score == fi.score && sv.position == fi.position {
                same += 1;
            }
        }
    }
    assert!(pairs > 20, "{pairs}");
    assert!(same * 100 >= pairs * 95, "{same} of {pairs}");
}

/// Mannerheimintie runs on for kilometres beyond the extract's edge, which holds only its
/// first numbers: a number beyond them is not in the area, while one inside is placed.
#[test]
fn numbers_beyond_the_helsinki_extract_are_none() {
    let g = Gazetteer::new(crate::geocode::gazetteer_input(
        crate::osm::helsinki_extract_for_tests(),
    ));
    for a in [
        "Mannerheimintie 100",
        "Mannerheimintie 100, 00250 Helsinki",
        "Mannerheimvägen 100",
    ] {
        assert_eq!(g.geocode(a), Geocoded::none(), "{a}");
    }
    assert_eq!(g.geocode("Mannerheimintie 5").level, MatchLevel::House);
}

/// The Monaco extract (French multi-word names, numerals in names such as `Boulevard
/// Albert 1er`, one postcode): its addresses find themselves written clean and number
/// first, and are `none` with a town of Liechtenstein instead of theirs.
#[test]
fn monaco_addresses_find_themselves_and_no_other_town() {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/monaco.osm.pbf"));
    let area = crate::osm::read_extract(path, &mut |_, _| {}).expect("the Monaco extract reads");
    let input = crate::geocode::gazetteer_input(&area);
    let g = Gazetteer::new(input.clone());
    let mut seen = std::collections::HashMap::new();
    for a in &input.addresses {
        *seen
            .entry((a.street.as_str(), a.housenumber.as_str()))
            .or_insert(0) += 1;
    }
    let (mut total, mut ok) = (0, 0);
    for a in &input.addresses {
        let unique = seen.get(&(a.street.as_str(), a.housenumber.as_str())) == Some(&1);
        let digits = a
            .housenumber
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        if !unique || !(1..=4).contains(&digits) {
            continue;
        }
        total += 1;
        let (s, n) = (&a.street, &a.housenumber);
        let near = |text: String| {
            g.geocode(&text)
                .position
                .is_some_and(|p| distance_m(p, a.position) < 25.0)
        };
        if near(format!("{s} {n}")) && near(format!("{n} {s}, 98000 Monaco")) {
            ok += 1;
        }
        let other = g.geocode(&format!("{s} {n}, 9494 Schaan"));
        assert_eq!(other, Geocoded::none(), "{s} {n}, 9494 Schaan");
    }
    assert!(total > 100, "{total}");
    assert!(ok * 100 >= total * 97, "{ok} of {total}");
}
