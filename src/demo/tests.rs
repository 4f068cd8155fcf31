//! The demo's promises, checked on the bundled Helsinki extract: same input same bytes, a
//! real shop address and real competitors, every planted problem findable, members at
//! addresses people live at (read back from the address text alone: the table has no
//! coordinates), and realistic shares of tiers and segments.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::members::{format_date, format_eur};
use super::problems::{ELSEWHERE, Problem};
use super::*;

// Columns the generator never addresses by position.
const TIER: usize = 5;
const SPEND: usize = 7;

fn helsinki() -> &'static OsmArea {
    osm::helsinki_for_tests()
}

/// The default demo, generated once for all tests.
fn demo() -> &'static DemoData {
    static DATA: std::sync::OnceLock<DemoData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| generate(helsinki(), &DemoConfig::default()).expect("demo generates"))
}

fn records(csv_text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

fn parse_eur_cents(text: &str) -> Option<u64> {
    let plain: String = text.chars().filter(|c| *c != ' ').collect();
    let (euros, cents) = plain.split_once([',', '.'])?;
    Some(euros.parse::<u64>().ok()? * 100 + cents.parse::<u64>().ok()?)
}

/// A point as the CSV writes it (6 decimals).
fn key(lat: f64, lon: f64) -> String {
    format!("{lat:.6},{lon:.6}")
}

fn by_point(area: &OsmArea) -> HashMap<String, Vec<&OsmAddress>> {
    let mut map: HashMap<String, Vec<&OsmAddress>> = HashMap::new();
    for a in &area.addresses {
        map.entry(key(a.lat, a.lon)).or_default().push(a);
    }
    map
}

/// The extract's address points by lower-case street name, Finnish and Swedish.
struct Streets<'a> {
    by_name: HashMap<String, Vec<&'a OsmAddress>>,
}

impl<'a> Streets<'a> {
    fn new(area: &'a OsmArea) -> Self {
        let mut by_name: HashMap<String, Vec<&OsmAddress>> = HashMap::new();
        for a in &area.addresses {
            by_name.entry(a.street.to_lowercase()).or_default().push(a);
            if let Some(sv) = area.street_names_sv.get(&a.street) {
                by_name.entry(sv.to_lowercase()).or_default().push(a);
            }
        }
        Streets { by_name }
    }

    /// The address points typed text names: its part before the first comma is a street
    /// of the extract (Finnish or Swedish, any case), then a house number of that street
    /// (`12a`, `12 A`) and perhaps staircase and flat. Longest house number first.
    fn homes(&self, text: &str) -> Vec<&'a OsmAddress> {
        let head = text.split(',').next().unwrap_or("").to_lowercase();
        let mut found: Vec<&OsmAddress> = Vec::new();
        for (i, _) in head.match_indices(' ') {
            let (street, rest) = (&head[..i], head[i + 1..].replace(' ', ""));
            if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            for &a in self.by_name.get(street).into_iter().flatten() {
                let number: String = a
                    .housenumber
                    .to_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let after = rest.strip_prefix(&number);
                if after.is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_digit())) {
                    found.push(a);
                }
            }
        }
        found.sort_by_key(|a| std::cmp::Reverse(a.housenumber.len()));
        found
    }

    /// Whether `text` is a street of the extract alone, then perhaps `, postcode city`.
    fn is_street(&self, text: &str) -> bool {
        let (head, tail) = text.split_once(", ").unwrap_or((text, ""));
        self.by_name.contains_key(&head.to_lowercase())
            && tail.split(' ').all(|w| {
                w.is_empty()
                    || (w.len() == 5 && w.chars().all(|c| c.is_ascii_digit()))
                    || w.chars().all(char::is_alphabetic)
            })
    }
}

fn shop_lonlat(data: &DemoData) -> (f64, f64) {
    let shop = &records(&data.shops_csv)[0];
    (shop[4].parse().unwrap(), shop[3].parse().unwrap())
}

#[test]
fn same_area_and_config_give_identical_output() {
    let again = generate(helsinki(), &DemoConfig::default()).unwrap();
    assert_eq!(&again, demo());
    let other = generate(
        helsinki(),
        &DemoConfig {
            seed: 7,
            ..DemoConfig::default()
        },
    )
    .unwrap();
    assert_ne!(other.members_csv, demo().members_csv);
    assert_eq!(other.shops_csv, demo().shops_csv);
}

#[test]
fn shop_is_at_a_real_address_and_competitors_are_the_extracts_salons() {
    let area = helsinki();
    let rows = records(&demo().shops_csv);
    let shop = &rows[0];
    assert_eq!(&shop[..3], &[SHOP_NAME, "own", "beauty"]);
    assert_eq!(demo().shop_name, SHOP_NAME);
    let (lat, lon): (f64, f64) = (shop[3].parse().unwrap(), shop[4].parse().unwrap());
    let at = &by_point(area)[&format!("{},{}", shop[3], shop[4])];
    assert!(
        at.iter()
            .any(|a| shop[5].starts_with(&format!("{} {}", a.street, a.housenumber)))
    );
    // Near the middle of the extract.
    assert!(
        distance_m((lon, lat), SHOP_TARGET_LONLAT) < 100.0,
        "{shop:?}"
    );

    let competitors = &rows[1..];
    let expected = area
        .pois
        .iter()
        .filter(|p| p.category == "beauty" || p.category == "hairdresser")
        .count();
    assert_eq!(competitors.len(), expected);
    assert!(competitors.iter().all(|r| r[1] == "competitor"));
    assert!(
        competitors.windows(2).all(|w| w[0][0] <= w[1][0]),
        "sorted by name"
    );
    for r in competitors {
        assert!(area.pois.iter().any(|p| p.name == r[0]
            && p.category == r[2]
            && key(p.lat, p.lon) == format!("{},{}", r[3], r[4])
            && p.address.clone().unwrap_or_default() == r[5]));
    }
}

/// Which planted problem a row shows, judged from the row alone (and the rows before
/// it, for duplicates); a clean row is checked for consistency instead.
fn classify(row: &[String], seen: &mut BTreeSet<Vec<String>>, as_of: NaiveDate) -> Option<Problem> {
    if !seen.insert(row.to_vec()) {
        return Some(Problem::DuplicateLine);
    }
    if row.len() != MEMBERS_HEADER.len() {
        return Some(Problem::ExtraField);
    }
    let (first, last) = (parse_date(&row[FIRST]), parse_date(&row[LAST]));
    let problem = if row[NO].is_empty() {
        Problem::MissingMemberNo
    } else if first.is_none() || last.is_none() {
        Problem::ImpossibleDate
    } else if row[VISITS].parse::<u64>().is_err() {
        Problem::VisitsNotNumber
    } else if row[ADDRESS] == "n/a" {
        Problem::AddressNotAvailable
    } else if ELSEWHERE.contains(&row[ADDRESS].as_str()) {
        Problem::AddressElsewhere
    } else if !row[ADDRESS]
        .split(',')
        .next()
        .is_some_and(|head| head.contains(|c: char| c.is_ascii_digit()))
    {
        Problem::StreetOnly
    } else {
        // A clean row: every field makes sense.
        assert!(row[NO].starts_with('M') && row[NO].len() == 6, "{row:?}");
        let (first, last) = (first.unwrap(), last.unwrap());
        assert!(first <= last && last <= as_of, "{row:?}");
        let visits: u64 = row[VISITS].parse().unwrap();
        assert!(visits >= 1 && (visits == 1) == (first == last), "{row:?}");
        let cents = parse_eur_cents(&row[SPEND]).unwrap();
        assert!((4000 * visits..=12000 * visits).contains(&cents), "{row:?}");
        assert!(
            ["VIP", "Gold", "Basic"].contains(&row[TIER].as_str()),
            "{row:?}"
        );
        return None;
    };
    Some(problem)
}

/// The planted problems found in the members CSV, by kind; checks someone visited on
/// `as_of` among the clean rows.
fn problems_found(csv_text: &str, as_of: NaiveDate) -> BTreeMap<Problem, usize> {
    let mut found: BTreeMap<Problem, usize> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut latest = None;
    for row in records(csv_text) {
        match classify(&row, &mut seen, as_of) {
            Some(p) => *found.entry(p).or_default() += 1,
            None => latest = latest.max(parse_date(&row[LAST])),
        }
    }
    assert_eq!(latest, Some(as_of), "someone visited on the last day");
    found
}

#[test]
fn summary_counts_the_problem_rows_that_are_in_the_file() {
    let data = demo();
    let found = problems_found(&data.members_csv, DEMO_AS_OF);
    for kind in Problem::ALL {
        let n = found.get(&kind).copied().unwrap_or(0);
        assert!((5..=12).contains(&n), "{kind:?}: {n}");
        assert!(
            data.summary.contains(&format!("{n} {}", kind.label())),
            "{kind:?} {n}"
        );
    }
    let total: usize = found.values().sum();
    assert!(
        data.summary.contains(&format!("({total} rows)")),
        "{}",
        data.summary
    );
    let rows = records(&data.members_csv).len();
    assert_eq!(rows, 3000 + found[&Problem::DuplicateLine]);
    assert!(
        data.summary
            .starts_with("3000 invented members of Kauneushuone Aurora (")
    );
    assert!(data.summary.contains(&format!("in {rows} rows")));
}

#[test]
fn problem_rows_are_spread_through_the_file() {
    let rows = records(&demo().members_csv);
    let mut seen = BTreeSet::new();
    let at: Vec<usize> = (0..rows.len())
        .filter(|&i| classify(&rows[i], &mut seen, DEMO_AS_OF).is_some())
        .collect();
    let n = rows.len();
    assert!(at[0] < n / 20 && at[at.len() - 1] > n - n / 20, "{at:?}");
    assert!(at.windows(2).all(|w| w[1] - w[0] < n / 16), "{at:?}");
}

#[test]
fn members_table_has_addresses_and_no_coordinates() {
    assert!(
        !MEMBERS_HEADER
            .iter()
            .any(|h| ["lat", "lon"].iter().any(|c| h.to_lowercase().contains(c))),
        "{MEMBERS_HEADER:?}"
    );
    let first = demo().members_csv.lines().next().unwrap();
    assert_eq!(first, MEMBERS_HEADER.join(","));
    assert_eq!(MEMBERS_HEADER[ADDRESS], "Address");
    assert_eq!(MEMBERS_HEADER[VISITS], "Visits");
    assert_eq!(MEMBERS_HEADER[FIRST], "First visit");
    assert_eq!(MEMBERS_HEADER[LAST], "Last visit");
    assert_eq!(MEMBERS_HEADER[TIER], "Tier");
    assert_eq!(MEMBERS_HEADER[SPEND], "Total spend (EUR)");
}

#[test]
fn every_member_lives_at_a_real_address_of_the_extract() {
    let area = helsinki();
    let streets = Streets::new(area);
    let mut seen = BTreeSet::new();
    let (mut clean, mut street_only, mut elsewhere) = (0, 0, 0);
    for row in records(&demo().members_csv) {
        match classify(&row, &mut seen, DEMO_AS_OF) {
            Some(Problem::AddressNotAvailable) => {}
            Some(Problem::AddressElsewhere) => elsewhere += 1,
            Some(Problem::StreetOnly) => {
                assert!(streets.is_street(&row[ADDRESS]), "{row:?}");
                street_only += 1;
            }
            // Every other row names a street and house number of the extract.
            _ => {
                assert!(!streets.homes(&row[ADDRESS]).is_empty(), "{row:?}");
                clean += 1;
            }
        }
    }
    assert!(clean > 2900 && street_only >= 5 && elsewhere >= 5);
}

#[test]
fn other_city_addresses_are_streets_the_extract_lacks() {
    let streets = Streets::new(helsinki());
    for text in ELSEWHERE {
        assert!(streets.homes(text).is_empty(), "{text}");
        let street = text.split(' ').next().unwrap();
        assert!(!streets.is_street(street), "{text}");
        let city = text.rsplit(' ').next().unwrap();
        assert!(!["Helsinki", "Helsingfors"].contains(&city), "{text}");
    }
}

/// Each row whose address names a house of the extract, with the house's distance from
/// the shop.
fn member_distances(data: &DemoData) -> Vec<(Vec<String>, f64)> {
    let shop = shop_lonlat(data);
    let streets = Streets::new(helsinki());
    records(&data.members_csv)
        .into_iter()
        .filter_map(|r| {
            let home = *streets.homes(&r[ADDRESS]).first()?;
            let d = distance_m(lonlat(home), shop);
            Some((r, d))
        })
        .collect()
}

#[test]
fn members_thin_out_with_distance_from_the_shop() {
    let shop = shop_lonlat(demo());
    let median = |mut d: Vec<f64>| {
        d.sort_by(f64::total_cmp);
        d[d.len() / 2]
    };
    let located = member_distances(demo());
    assert!(located.len() > 2900);
    let member_m = median(located.into_iter().map(|(_, d)| d).collect());
    let address_m = median(
        helsinki()
            .addresses
            .iter()
            .map(|a| distance_m(lonlat(a), shop))
            .collect(),
    );
    assert!(
        member_m < 0.9 * address_m,
        "members {member_m:.0} m, addresses {address_m:.0} m"
    );
}

#[test]
fn nearer_members_visit_more_often() {
    let (mut near, mut far) = (Vec::new(), Vec::new());
    for (r, d) in member_distances(demo()) {
        let Ok(visits) = r[VISITS].parse::<f64>() else {
            continue;
        };
        if d < 300.0 {
            near.push(visits);
        } else if d > 600.0 {
            far.push(visits);
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(
        mean(&near) > 1.5 * mean(&far),
        "{} vs {}",
        mean(&near),
        mean(&far)
    );
}

#[test]
fn tiers_and_segments_have_realistic_shares() {
    let rows = records(&demo().members_csv);
    let share = |f: &dyn Fn(&Vec<String>) -> bool| {
        rows.iter().filter(|r| f(r)).count() as f64 / rows.len() as f64
    };
    let vip = share(&|r| r[TIER] == "VIP");
    let gold = share(&|r| r[TIER] == "Gold");
    assert!(
        (0.04..0.06).contains(&vip) && (0.13..0.17).contains(&gold),
        "{vip} {gold}"
    );
    let dormant = share(&|r| {
        parse_date(&r[LAST]).is_some_and(|d| (DEMO_AS_OF - d).num_days() > 90)
            && r[VISITS].parse::<u32>().is_ok_and(|v| v >= 2)
    });
    let new = share(&|r| parse_date(&r[FIRST]).is_some_and(|d| (DEMO_AS_OF - d).num_days() <= 30));
    assert!((0.15..0.45).contains(&dormant), "dormant {dormant}");
    assert!((0.03..0.12).contains(&new), "new {new}");
    let iso = share(&|r| r[LAST].contains('-'));
    let swedish = share(&|r| r[ADDRESS].contains("gatan") || r[ADDRESS].contains("vägen"));
    assert!(iso > 0.05 && iso < 0.2 && swedish > 0.01, "{iso} {swedish}");
}

#[test]
fn write_files_writes_what_generate_returns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let pbf = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/helsinki.osm.pbf"
    ));
    let data = write_files(pbf, &out, &DemoConfig::default()).unwrap();
    assert_eq!(&data, demo());
    let members = std::fs::read_to_string(out.join("members.csv")).unwrap();
    assert_eq!(members, data.members_csv);
    assert!(!members.contains('\r') && members.ends_with('\n'));
    assert!(members.starts_with(&format!("{}\n", MEMBERS_HEADER.join(","))));
    assert_eq!(
        std::fs::read_to_string(out.join("shops.csv")).unwrap(),
        data.shops_csv
    );
}

#[test]
fn errors_say_what_is_missing() {
    let cfg = DemoConfig::default();
    let err = generate(&OsmArea::default(), &cfg).unwrap_err();
    assert!(matches!(err, DemoError::NoAddresses), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let err = write_files(&dir.path().join("none.osm.pbf"), dir.path(), &cfg).unwrap_err();
    assert!(err.to_string().contains("none.osm.pbf"), "{err}");
}

#[test]
fn small_tables_work() {
    for members in [0, 1, 10, 16, 100] {
        let cfg = DemoConfig {
            members,
            ..DemoConfig::default()
        };
        let data = generate(helsinki(), &cfg).unwrap();
        let rows = records(&data.members_csv);
        assert!(
            rows.len() >= members && rows.len() <= members + 1,
            "{members}: {}",
            rows.len()
        );
        if members > 0 {
            problems_found(&data.members_csv, cfg.as_of);
        }
    }
}

#[test]
fn finnish_money_and_dates() {
    assert_eq!(format_eur(123_450, true), "1 234,50");
    assert_eq!(format_eur(123_456_705, true), "1 234 567,05");
    assert_eq!(format_eur(4_000, true), "40,00");
    assert_eq!(format_eur(123_450, false), "1234.50");
    assert_eq!(format_date(Some(DEMO_AS_OF), false), "31.10.2026");
    assert_eq!(
        format_date(NaiveDate::from_ymd_opt(2026, 3, 5), false),
        "5.3.2026"
    );
    assert_eq!(format_date(Some(DEMO_AS_OF), true), "2026-10-31");
}
