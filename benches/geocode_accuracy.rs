//! Accuracy and speed of the offline geocoder on an OSM extract (the bundled Helsinki one
//! unless told another).
//!
//! Every address point of the extract is written in the styles members type (clean, lower
//! case, flat numbers, abbreviated street types, one typo, no diacritics, Swedish names,
//! number first, extra words, street only), plus rubbish, addresses from elsewhere, and
//! the area's own addresses given a town and postcode it does not have (`other_town`),
//! geocoded on one thread, and scored by the geodesic distance to the point the address
//! came from. Prints a Markdown table.
//!
//! Run with `cargo bench --bench geocode_accuracy` for Helsinki, and
//! `cargo bench --bench geocode_accuracy -- data/monaco.osm.pbf` (or
//! `GEOCODE_BENCH_AREA=data/liechtenstein.osm.pbf`) for another area
//! (`GEOCODE_BENCH_MISSES=5` also lists up to five misses per style).
//!
//! Sample rules, decided before looking at results:
//! - a street and number tagged on several points more than 30 m apart (parts of one big
//!   building) has no single true point: those addresses are left out, and counted;
//! - house numbers must start with one to four digits and street names carry no digits (a
//!   handful of tagging slips like `addr:street=Pohjoisesplanadi 33` or a postcode as the
//!   number are left out, and counted);
//! - `unit` appends either `as. N` or a staircase and flat (`5 B 12`); the staircase letter
//!   is one for which the street has no separately tagged house (`5b`), since otherwise
//!   `5 B` names that other house and the right answer is no longer the point of `5`;
//! - `typo` makes one random edit anywhere but the first letter; the result may by
//!   chance spell another real street, which then counts as a miss;
//! - "the street" for `missing_number` is the street itself: the centre lines of the
//!   extract's highways whose main name it is, and its address points; an answer counts
//!   when it is at level `street` and lies within 25 / 100 m of a line or a point;
//! - an address without a tagged city is written with the area's most common one;
//! - `other_town` writes every sampled address with a postcode and town of another test
//!   area (or a well-known Swiss or Austrian one) that the area has neither of.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use catchment::coord::LonLat;
use catchment::geocode::{Gazetteer, Geocoded, gazetteer_input};
use catchment::geodesy::distance_m;
use catchment::model::MatchLevel;
use catchment::osm::{OsmArea, Street, read_area, read_extract};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One query with what a right answer is.
struct Query {
    style: &'static str,
    text: String,
    expect: Expect,
}

enum Expect {
    /// Within 25 / 100 m of this point.
    Point(LonLat),
    /// Level `street`, within 25 / 100 m of one of the street's points or centre lines.
    Street {
        points: Vec<LonLat>,
        lines: Vec<Vec<LonLat>>,
    },
    /// Level `none`.
    Nothing,
}

const STYLES: &[(&str, &str)] = &[
    ("clean", "≥ 97 % ≤ 25 m"),
    ("lower", "≥ 97 % ≤ 25 m"),
    ("unit", "≥ 90 % ≤ 25 m"),
    ("abbrev", "≥ 90 % ≤ 25 m"),
    ("typo", "≥ 90 % ≤ 25 m"),
    ("no_diacritics", "≥ 90 % ≤ 25 m"),
    ("swedish", "≥ 90 % ≤ 25 m"),
    ("number_first", "≥ 90 % ≤ 25 m"),
    ("extra_words", "≥ 90 % ≤ 25 m"),
    ("missing_number", "≥ 90 % ≤ 25 m"),
    ("held_out", "(no target)"),
    ("rubbish", "≤ 1 % false"),
    ("out_of_area", "≤ 1 % false"),
    ("other_town", "0 false"),
];

/// Postcodes and towns of the other test areas and of well-known towns, for `other_town`.
const OTHER_TOWNS: &[(&str, &str)] = &[
    ("00100", "Helsinki"),
    ("00120", "Helsinki"),
    ("98000", "Monaco"),
    ("9490", "Vaduz"),
    ("9494", "Schaan"),
    ("9495", "Triesen"),
    ("9496", "Balzers"),
    ("8001", "Zürich"),
    ("6020", "Innsbruck"),
    ("1204", "Genève"),
];

/// The country people write after an address of a town of the test areas.
const COUNTRIES: &[(&str, &str)] = &[
    ("Helsinki", "Finland"),
    ("Monaco", "Monaco"),
    ("Vaduz", "Liechtenstein"),
    ("Schaan", "Liechtenstein"),
    ("Triesen", "Liechtenstein"),
    ("Balzers", "Liechtenstein"),
    ("Eschen", "Liechtenstein"),
    ("Mauren", "Liechtenstein"),
];

fn strip_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ä' | 'å' | 'á' | 'à' => 'a',
            'Ä' | 'Å' | 'Á' | 'À' => 'A',
            'ö' | 'ó' | 'ø' => 'o',
            'Ö' | 'Ó' | 'Ø' => 'O',
            'é' | 'è' => 'e',
            'É' | 'È' => 'E',
            'ü' => 'u',
            'Ü' => 'U',
            _ => c,
        })
        .collect()
}

/// The customary short form of a street name, if it has a street-type ending or leading
/// word people shorten (Finnish, Swedish, German, French, Italian).
fn abbreviate(name: &str) -> Option<String> {
    const ENDINGS: &[(&str, &str)] = &[
        ("katu", "k."),
        ("tie", "t."),
        ("gatan", "g."),
        ("vägen", "v."),
        ("strasse", "str."),
        ("straße", "str."),
        ("Strasse", "Str."),
        ("Straße", "Str."),
    ];
    const LEADING: &[(&str, &str)] = &[
        ("Avenue ", "Av. "),
        ("Boulevard ", "Bd "),
        ("Piazza ", "P.za "),
        ("Chemin ", "Ch. "),
    ];
    let ending = ENDINGS.iter().find_map(|(long, short)| {
        let stem = name.strip_suffix(long)?;
        (stem.chars().count() >= 3).then(|| format!("{stem}{short}"))
    });
    ending.or_else(|| {
        LEADING.iter().find_map(|(long, short)| {
            let rest = name.strip_prefix(long)?;
            Some(format!("{short}{rest}"))
        })
    })
}

/// One random edit (insertion, deletion, substitution or transposition) in a name, never
/// touching its first letter.
fn typo(name: &str, rng: &mut ChaCha8Rng) -> String {
    const LETTERS: &[char] = &[
        'a', 'e', 'i', 'o', 'u', 'y', 'k', 'l', 'm', 'n', 'r', 's', 't', 'h', 'j', 'v', 'p', 'ä',
        'ö',
    ];
    let chars: Vec<char> = name.chars().collect();
    for _ in 0..100 {
        let mut c = chars.clone();
        let i = rng.random_range(1..c.len().max(2));
        match rng.random_range(0..4) {
            0 => c.insert(i.min(c.len()), *LETTERS.choose(rng).unwrap_or(&'a')),
            1 if i < c.len() => {
                c.remove(i);
            }
            2 if i < c.len() => c[i] = *LETTERS.choose(rng).unwrap_or(&'a'),
            3 if i + 1 < c.len() => c.swap(i, i + 1),
            _ => continue,
        }
        let out: String = c.into_iter().collect();
        let changed = out.to_lowercase() != name.to_lowercase();
        if changed && !out.contains("  ") && !out.ends_with(' ') {
            return out;
        }
    }
    name.to_owned()
}

/// A house number starting with one to four digits (`98000` is a postcode tagged as one).
fn plausible_number(n: &str) -> bool {
    let digits = n.chars().take_while(char::is_ascii_digit).count();
    (1..=4).contains(&digits)
}

fn build_queries(
    area: &OsmArea,
    streets: &[Street],
    rng: &mut ChaCha8Rng,
) -> (Vec<Query>, Vec<String>) {
    let mut notes = Vec::new();
    let mut cities: HashMap<&str, usize> = HashMap::new();
    for c in area.addresses.iter().filter_map(|a| a.city.as_deref()) {
        *cities.entry(c).or_default() += 1;
    }
    let main_city = cities
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        .map_or("Helsinki", |(c, _)| *c);
    let only_city = (cities.len() == 1).then_some(main_city);
    let fold = |s: &str| s.to_lowercase().replace(' ', "");
    let area_towns: BTreeSet<String> = cities.keys().map(|c| fold(c)).collect();
    let area_postcodes: BTreeSet<String> = area
        .addresses
        .iter()
        .filter_map(|a| a.postcode.as_deref())
        .map(fold)
        .collect();
    let others: Vec<(&str, &str)> = OTHER_TOWNS
        .iter()
        .copied()
        .filter(|(p, t)| !area_postcodes.contains(&fold(p)) && !area_towns.contains(&fold(t)))
        .collect();
    // Its own generator, so the other styles' queries stay those of earlier runs.
    let mut town_rng = ChaCha8Rng::seed_from_u64(15);
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    for a in &area.addresses {
        *count
            .entry((a.street.as_str(), a.housenumber.as_str()))
            .or_default() += 1;
    }
    let duplicated = area
        .addresses
        .iter()
        .filter(|a| count[&(a.street.as_str(), a.housenumber.as_str())] > 1)
        .count();
    let malformed = area
        .addresses
        .iter()
        .filter(|a| {
            !plausible_number(&a.housenumber) || a.street.contains(|c: char| c.is_ascii_digit())
        })
        .count();
    let sample: Vec<_> = area
        .addresses
        .iter()
        .filter(|a| count[&(a.street.as_str(), a.housenumber.as_str())] == 1)
        .filter(|a| {
            plausible_number(&a.housenumber) && !a.street.contains(|c: char| c.is_ascii_digit())
        })
        .collect();
    notes.push(format!(
        "{} address points in the extract; {} left out as ambiguous truth (same street and number tagged on several points > 30 m apart), {} as tagging slips (number not starting with one to four digits, or digits in the street); {} sampled (all of the rest).",
        area.addresses.len(),
        duplicated,
        malformed,
        sample.len()
    ));
    let real: BTreeSet<(String, String)> = area
        .addresses
        .iter()
        .map(|a| {
            (
                a.street.to_lowercase(),
                a.housenumber.to_lowercase().replace(' ', ""),
            )
        })
        .collect();

    let mut q = Vec::new();
    let surnames = [
        "Virtanen",
        "Korhonen",
        "Nieminen",
        "Mäkinen",
        "Hämäläinen",
        "Laine",
        "Heikkinen",
        "Koskinen",
        "Järvinen",
        "Lehtonen",
    ];
    let firsts = ["Matti", "Anna", "Juha", "Maria", "Mikko", "Liisa"];
    for a in &sample {
        let point = match LonLat::new(a.lon, a.lat) {
            Ok(p) => p,
            Err(_) => continue,
        };
        let (s, n) = (a.street.as_str(), a.housenumber.as_str());
        // Without a tagged city, the area's only one; in an area of several towns, none.
        let city = a.city.as_deref().or(only_city);
        let tail = match (&a.postcode, city) {
            (Some(p), Some(c)) => format!(", {p} {c}"),
            (Some(p), None) => format!(", {p}"),
            (None, Some(c)) => format!(", {c}"),
            (None, None) => String::new(),
        };
        let city = city.unwrap_or_default();
        let mut push = |style: &'static str, text: String| {
            q.push(Query {
                style,
                text,
                expect: Expect::Point(point),
            })
        };
        push("clean", format!("{s} {n}{tail}"));
        push("lower", format!("{s} {n}").to_lowercase());
        let plain = n.chars().all(|c| c.is_ascii_digit());
        let flat = rng.random_range(1..80);
        let staircase = ['A', 'B', 'C', 'D']
            .into_iter()
            .find(|l| !real.contains(&(s.to_lowercase(), format!("{n}{l}").to_lowercase())));
        match staircase {
            Some(l) if plain && rng.random_bool(0.5) => push("unit", format!("{s} {n} {l} {flat}")),
            _ => push("unit", format!("{s} {n} as. {flat}")),
        }
        let sv = area.street_names_sv.get(s);
        let short = match sv.and_then(|v| abbreviate(v)) {
            Some(v) if rng.random_bool(0.5) => Some(v),
            _ => abbreviate(s).or_else(|| sv.and_then(|v| abbreviate(v))),
        };
        if let Some(short) = short {
            push("abbrev", format!("{short} {n}"));
        }
        push("typo", format!("{} {n}", typo(s, rng)));
        let bare = strip_diacritics(s);
        if bare != s {
            push("no_diacritics", format!("{bare} {n}"));
        }
        if let Some(v) = sv {
            push("swedish", format!("{v} {n}"));
        }
        push("number_first", format!("{n} {s}"));
        let who = if rng.random_bool(0.5) {
            format!("c/o {}", surnames.choose(rng).unwrap_or(&"Virtanen"))
        } else {
            format!(
                "{} {}",
                firsts.choose(rng).unwrap_or(&"Matti"),
                surnames.choose(rng).unwrap_or(&"Virtanen")
            )
        };
        let country = COUNTRIES
            .iter()
            .find(|(c, _)| *c == city)
            .map_or(String::new(), |(_, country)| format!(", {country}"));
        push("extra_words", format!("{who}, {s} {n}{tail}{country}"));
        if let Some((pc, town)) = others.choose(&mut town_rng) {
            q.push(Query {
                style: "other_town",
                text: format!("{s} {n}, {pc} {town}"),
                expect: Expect::Nothing,
            });
        }
    }
    // One street per spelling up to case and punctuation (`Asema-Aukio` = `Asema-aukio`).
    let spelling = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut by_spelling: BTreeMap<String, (&str, Vec<LonLat>)> = BTreeMap::new();
    // The town a street is written with: the first one tagged on its points.
    let mut town_of: HashMap<String, &str> = HashMap::new();
    for a in area
        .addresses
        .iter()
        .filter(|a| !a.street.contains(|c: char| c.is_ascii_digit()))
    {
        if let Some(c) = a.city.as_deref() {
            town_of.entry(spelling(&a.street)).or_insert(c);
        }
        if let Ok(p) = LonLat::new(a.lon, a.lat) {
            by_spelling
                .entry(spelling(&a.street))
                .or_insert((a.street.as_str(), Vec::new()))
                .1
                .push(p);
        }
    }
    // Lines under the street's main name only: another street's old name is not this one.
    let mut lines: HashMap<String, Vec<Vec<LonLat>>> = HashMap::new();
    for street in streets {
        if let Some(main) = street.names.first() {
            lines
                .entry(spelling(main))
                .or_default()
                .extend(street.lines.iter().cloned());
        }
    }
    for (key, (s, points)) in &by_spelling {
        q.push(Query {
            style: "missing_number",
            text: match town_of.get(key).copied().or(only_city) {
                Some(town) => format!("{s}, {town}"),
                None => (*s).to_owned(),
            },
            expect: Expect::Street {
                points: points.clone(),
                lines: lines.get(key).cloned().unwrap_or_default(),
            },
        });
    }

    // Rubbish.
    let fixed = [
        "n/a",
        "N/A",
        "-",
        "--",
        "",
        "?",
        "none",
        "null",
        "ei ole",
        "tuntematon",
        "puuttuu",
        "0",
        "x",
        "asdf",
        "qwerty",
        "test",
        "testi",
        "lorem ipsum dolor sit amet",
        "hello world",
        "kissa koira",
        "pizza",
        "banaani",
        "osoite",
        "address unknown",
        "ks. lisätiedot",
        "sama kuin ennen",
        "kotona",
    ];
    let mut rubbish: Vec<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
    for _ in 0..60 {
        rubbish.push(format!("+358 40 {:07}", rng.random_range(0..10_000_000)));
        rubbish.push(format!("040{:07}", rng.random_range(0..10_000_000)));
        rubbish.push(format!(
            "09 {:03} {:04}",
            rng.random_range(0..1000),
            rng.random_range(0..10_000)
        ));
        let (f, l) = (
            firsts.choose(rng).unwrap_or(&"matti"),
            surnames.choose(rng).unwrap_or(&"laine"),
        );
        rubbish.push(format!(
            "{}.{}@example.com",
            f.to_lowercase(),
            l.to_lowercase()
        ));
        let len = rng.random_range(4..12);
        rubbish.push(
            (0..len)
                .map(|_| char::from(rng.random_range(b'a'..=b'z')))
                .collect(),
        );
        rubbish.push(format!("{}", rng.random_range(0..100_000_000u64)));
    }
    for text in rubbish {
        q.push(Query {
            style: "rubbish",
            text,
            expect: Expect::Nothing,
        });
    }

    // Addresses from elsewhere: other cities, extract streets with another city's postcode,
    // and Helsinki streets not in the extract with the area's city (written without a
    // postcode: with one of the extract's postcodes, a postcode-level answer would be right
    // by design).
    let elsewhere = [
        ("Hämeenkatu", "33100 Tampere"),
        ("Aurakatu", "20100 Turku"),
        ("Kauppakatu", "40100 Jyväskylä"),
        ("Hämeenkatu", "15110 Lahti"),
        ("Drottninggatan", "111 51 Stockholm"),
        ("Karl Johans gate", "0154 Oslo"),
        ("Via Roma", "Milano"),
        ("Unter den Linden", "10117 Berlin"),
        ("Rue de Rivoli", "75001 Paris"),
        ("Oxford Street", "London W1D 1BS"),
        ("Viru", "10140 Tallinn"),
        ("Isokatu", "90100 Oulu"),
        ("Kauppakatu", "70100 Kuopio"),
        ("Itsenäisyydenkatu", "33100 Tampere"),
        ("Kungsgatan", "411 19 Göteborg"),
    ];
    for (s, city) in elsewhere {
        for _ in 0..4 {
            let n = rng.random_range(1..60);
            q.push(Query {
                style: "out_of_area",
                text: format!("{s} {n}, {city}"),
                expect: Expect::Nothing,
            });
        }
    }
    let extract_streets: Vec<&str> = by_spelling.values().map(|(s, _)| *s).collect();
    for _ in 0..60 {
        let s = extract_streets.choose(rng).unwrap_or(&"Mannerheimintie");
        let (pc, city) = [
            ("33100", "Tampere"),
            ("20100", "Turku"),
            ("02100", "Espoo"),
            ("01300", "Vantaa"),
        ]
        .choose(rng)
        .copied()
        .unwrap_or(("33100", "Tampere"));
        let n = rng.random_range(1..40);
        q.push(Query {
            style: "out_of_area",
            text: format!("{s} {n}, {pc} {city}"),
            expect: Expect::Nothing,
        });
    }
    let known: BTreeSet<String> = by_spelling
        .values()
        .map(|(s, _)| s.to_lowercase())
        .chain(
            area.street_names_sv
                .iter()
                .flat_map(|(f, s)| [f.to_lowercase(), s.to_lowercase()]),
        )
        .collect();
    let outside = [
        "Hämeentie",
        "Sturenkatu",
        "Helsinginkatu",
        "Porthaninkatu",
        "Kaarlenkatu",
        "Fleminginkatu",
        "Vaasankatu",
        "Agricolankatu",
        "Castréninkatu",
        "Kirstinkatu",
        "Mechelininkatu",
        "Topeliuksenkatu",
        "Tukholmankatu",
        "Itämerenkatu",
        "Ruoholahdenkatu",
        "Perämiehenkatu",
        "Tehtaankatu",
        "Merimiehenkatu",
        "Albertinkatu",
        "Punavuorenkatu",
        "Telakkakatu",
        "Neitsytpolku",
        "Laivurinkatu",
        "Kapteeninkatu",
        "Kustaankatu",
        "Vilhonvuorenkatu",
        "Läntinen Brahenkatu",
        "Pengerkatu",
        "Kolmas linja",
        "Toinen linja",
        "Sörnäisten rantatie",
        "Mäkelänkatu",
        "Museokatu",
        "Apollonkatu",
        "Temppelikatu",
        "Döbelninkatu",
        "Nordenskiöldinkatu",
        "Linnankoskenkatu",
        "Haartmaninkatu",
        "Paciuksenkatu",
    ];
    let mut used = 0;
    for s in outside
        .iter()
        .filter(|s| !known.contains(&s.to_lowercase()))
    {
        for _ in 0..2 {
            let n = rng.random_range(1..60);
            q.push(Query {
                style: "out_of_area",
                text: format!("{s} {n}, {main_city}"),
                expect: Expect::Nothing,
            });
        }
        used += 1;
    }
    notes.push(format!(
        "out_of_area: {} queries in 15 other cities, 60 extract streets with another city's postcode, {} Helsinki streets not in the extract (×2, with the city {main_city}).",
        elsewhere.len() * 4,
        used
    ));
    notes.push(format!(
        "other_town: every sampled address with one of {} postcodes and towns the area has neither of.",
        others.len()
    ));
    (q, notes)
}

#[derive(Default)]
struct Tally {
    n: usize,
    within_25: usize,
    within_100: usize,
    /// By [`level_index`]; compound last, so the columns printed keep their places.
    levels: [usize; 5],
    misses: Vec<String>,
    /// Time spent geocoding this style's queries (first pass, one thread).
    busy_s: f64,
}

fn level_index(l: MatchLevel) -> usize {
    match l {
        MatchLevel::House => 0,
        MatchLevel::Street => 1,
        MatchLevel::Postcode => 2,
        MatchLevel::None => 3,
        MatchLevel::Compound => 4,
    }
}

fn score(q: &Query, g: &Geocoded, t: &mut Tally) {
    t.n += 1;
    t.levels[level_index(g.level)] += 1;
    let d = match (&q.expect, g.position) {
        (Expect::Point(p), Some(at)) => Some(distance_m(*p, at)),
        (Expect::Street { points, lines }, Some(at)) if g.level == MatchLevel::Street => points
            .iter()
            .map(|p| distance_m(*p, at))
            .chain(lines.iter().map(|line| distance_to_line_m(at, line)))
            .min_by(f64::total_cmp),
        _ => None,
    };
    let ok = match q.expect {
        Expect::Nothing => g.level == MatchLevel::None,
        _ => d.is_some_and(|d| d <= 25.0),
    };
    if d.is_some_and(|d| d <= 25.0) {
        t.within_25 += 1;
    }
    if d.is_some_and(|d| d <= 100.0) {
        t.within_100 += 1;
    }
    if !ok {
        t.misses.push(format!(
            "`{}` → {} {:?} ({}, {})",
            q.text,
            g.level,
            g.label,
            g.score,
            d.map_or("-".to_owned(), |d| format!("{d:.0} m"))
        ));
    }
}

/// Distance in metres from `p` to the nearest point of a polyline, in a plane tangent at
/// `p` (under 0.1 % off at the few hundred metres that matter here).
fn distance_to_line_m(p: LonLat, line: &[LonLat]) -> f64 {
    const M_PER_DEG: f64 = 111_195.0;
    let k = p.lat_deg().to_radians().cos();
    let xy = |q: LonLat| {
        (
            (q.lon_deg() - p.lon_deg()) * k * M_PER_DEG,
            (q.lat_deg() - p.lat_deg()) * M_PER_DEG,
        )
    };
    let to_segment = |(ax, ay): (f64, f64), (bx, by): (f64, f64)| {
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        (ax + t * dx).hypot(ay + t * dy)
    };
    match line {
        [] => f64::INFINITY,
        [only] => {
            let (x, y) = xy(*only);
            x.hypot(y)
        }
        _ => line
            .windows(2)
            .map(|w| to_segment(xy(w[0]), xy(w[1])))
            .fold(f64::INFINITY, f64::min),
    }
}

/// CPU time this thread has run, in seconds, from `/proc` (Linux; clock ticks of 10 ms):
/// unlike wall time, it does not grow when other processes take the core.
fn thread_cpu_s() -> Option<f64> {
    const TICKS_PER_S: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // After `pid (comm) `: state is field 3, utime 14, stime 15.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_S)
}

fn pct(a: usize, n: usize) -> String {
    if n == 0 {
        "-".to_owned()
    } else {
        format!("{:.1} %", 100.0 * a as f64 / n as f64)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; the first other argument is the area.
    let path: PathBuf = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .or_else(|| std::env::var("GEOCODE_BENCH_AREA").ok())
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("data/helsinki.osm.pbf"),
            PathBuf::from,
        );
    let path = path.as_path();
    let exit = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("{e}");
        std::process::exit(1)
    };
    // The truth set and the query styles come from the address points (and their
    // Swedish street names); the gazetteer is built as `catchment area load` builds it.
    let area = read_area(path).unwrap_or_else(|e| exit(&e));
    let t0 = Instant::now();
    let extract = read_extract(path, &mut |_, _| {}).unwrap_or_else(|e| exit(&e));
    let read_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let input = gazetteer_input(&extract);
    let gazetteer = Gazetteer::new(input.clone());
    let build_s = t1.elapsed().as_secs_f64();

    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let (queries, notes) = build_queries(&area, &extract.streets, &mut rng);

    // Held out: a tenth of the unique points removed from the gazetteer, then looked up;
    // measures interpolation between the remaining neighbours.
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    for a in &input.addresses {
        *count
            .entry((a.street.as_str(), a.housenumber.as_str()))
            .or_default() += 1;
    }
    let mut kept = input.clone();
    let mut held = Vec::new();
    kept.addresses.retain(|a| {
        let unique = count[&(a.street.as_str(), a.housenumber.as_str())] == 1
            && a.housenumber.chars().all(|c| c.is_ascii_digit());
        if unique && rng.random_bool(0.1) {
            held.push(a.clone());
            false
        } else {
            true
        }
    });
    let held_out = Gazetteer::new(kept);

    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for q in &queries {
        let t = Instant::now();
        let g = gazetteer.geocode(&q.text);
        let tally = tallies.entry(q.style).or_default();
        tally.busy_s += t.elapsed().as_secs_f64();
        score(q, &g, tally);
    }
    for a in &held {
        let q = Query {
            style: "held_out",
            text: format!("{} {}", a.street, a.housenumber),
            expect: Expect::Point(a.position),
        };
        let g = held_out.geocode(&q.text);
        score(&q, &g, tallies.entry("held_out").or_default());
    }

    // Throughput: every query, repeatedly, on this one thread.
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let mut done = 0usize;
    let t2 = Instant::now();
    let cpu0 = thread_cpu_s();
    while t2.elapsed().as_secs_f64() < 3.0 {
        for t in &texts {
            std::hint::black_box(gazetteer.geocode(std::hint::black_box(t)));
        }
        done += texts.len();
    }
    let per_s = done as f64 / t2.elapsed().as_secs_f64();
    let per_cpu_s = cpu0
        .zip(thread_cpu_s())
        .map(|(a, b)| b - a)
        .filter(|s| *s > 0.0)
        .map(|s| done as f64 / s);

    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    println!("## Offline geocoder on {name}\n");
    for n in &notes {
        println!("- {n}");
    }
    println!(
        "- held_out: {} unique plain-number points removed from the gazetteer and looked up (interpolation between remaining neighbours, else the street).",
        held.len()
    );
    println!(
        "- Gazetteer: {} streets, {} address points; streets with every name variant and their geometry, as `catchment area load` reads them.\n",
        gazetteer.street_count(),
        gazetteer.address_count()
    );
    println!(
        "| style | n | ≤ 25 m | ≤ 100 m | house | street | postcode | none | false matches | µs/address | target |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (style, target) in STYLES {
        let Some(t) = tallies.get(style) else {
            continue;
        };
        let false_matches = if matches!(*style, "rubbish" | "out_of_area" | "other_town") {
            pct(t.n - t.levels[3], t.n)
        } else {
            String::new()
        };
        let (w25, w100) = if false_matches.is_empty() {
            (pct(t.within_25, t.n), pct(t.within_100, t.n))
        } else {
            (String::new(), String::new())
        };
        println!(
            "| {style} | {} | {w25} | {w100} | {} | {} | {} | {} | {false_matches} | {:.1} | {target} |",
            t.n,
            pct(t.levels[0], t.n),
            pct(t.levels[1], t.n),
            pct(t.levels[2], t.n),
            pct(t.levels[3], t.n),
            1e6 * t.busy_s / t.n.max(1) as f64,
        );
    }
    println!(
        "\nLoad: reading the extract {:.0} ms, building the gazetteer {:.1} ms. Throughput: {:.0} addresses/s on one thread ({} queries of all styles, repeated for 3 s){}.",
        read_s * 1e3,
        build_s * 1e3,
        per_s,
        texts.len(),
        per_cpu_s.map_or(String::new(), |r| format!(
            "; {r:.0} addresses per second of the thread's CPU time (what one free core does, whatever else runs)"
        )),
    );
    let show: usize = std::env::var("GEOCODE_BENCH_MISSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if let Ok(style) = std::env::var("GEOCODE_BENCH_SHOW") {
        println!("\n### Queries of style {style}\n");
        for q in queries.iter().filter(|q| q.style == style).take(40) {
            let g = gazetteer.geocode(&q.text);
            println!("- `{}` → {} {:?} {:.2}", q.text, g.level, g.label, g.score);
        }
    }
    if show > 0 {
        println!("\n### Misses (up to {show} per style)\n");
        for (style, _) in STYLES {
            if let Some(t) = tallies.get(style) {
                for m in t.misses.iter().take(show) {
                    println!("- {style}: {m}");
                }
            }
        }
    }
}
