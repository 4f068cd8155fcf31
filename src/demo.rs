//! The bundled demo: a fictional beauty salon placed at a real address of an OSM extract,
//! its real competitors, and a seeded table of invented members written the way a Finnish
//! salon's till export carries them — typing variants, Finnish numbers and dates, and a
//! handful of broken rows of each kind an importer must report.
//!
//! Members live at real address points, more of them near the shop (weight ∝ e^(−d/500 m))
//! and fewer where a competitor is nearer than the shop and within 150 m; people nearer the
//! shop visit more often and stay active longer. The same area and [`DemoConfig`] give
//! byte-identical output: all randomness comes from one `ChaCha8Rng` and only sorted
//! collections are iterated.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use geo::{Distance, Geodesic, Point};
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::osm::{self, OsmAddress, OsmArea, OsmError};

/// The demo shop's name (a fictional salon).
pub const SHOP_NAME: &str = "Kauneushuone Aurora";

/// The last day of the demo data.
pub const DEMO_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
    Some(d) => d,
    None => panic!("2026-10-31 is a date"),
};

/// Header of the members table, as the till exports it.
pub const MEMBERS_HEADER: [&str; 12] = [
    "Member no",
    "Name",
    "Phone",
    "Email",
    "Address",
    "Latitude",
    "Longitude",
    "Tier",
    "Visits",
    "Total spend (EUR)",
    "First visit",
    "Last visit",
];

/// Header of the shops table.
pub const SHOPS_HEADER: [&str; 6] = ["name", "kind", "category", "lat", "lon", "address"];

/// The shop goes to the address nearest this point (central Helsinki) when it lies inside
/// the extract, else to the address nearest the middle of the extract.
const SHOP_TARGET_LONLAT: (f64, f64) = (24.9440, 60.1705);
/// Distance scale of the member weight e^(−d/scale) and of the visit-rate decay.
const DECAY_M: f64 = 500.0;
/// A competitor nearer than the shop and within this distance draws members away…
const COMPETITOR_REACH_M: f64 = 150.0;
/// …keeping this share of the address's weight.
const COMPETITOR_KEEP: f64 = 0.35;
/// Competitor categories (`shop=` values).
const COMPETITOR_CATEGORIES: [&str; 2] = ["beauty", "hairdresser"];
/// One problem row of each kind per this many members (at least one from 16 members on).
const MEMBERS_PER_PROBLEM: usize = 375;

// Column positions in a member row.
const NO: usize = 0;
const ADDRESS: usize = 4;
const LAT: usize = 5;
const LON: usize = 6;
const VISITS: usize = 8;
const FIRST: usize = 10;
const LAST: usize = 11;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed of the random generator; the same seed gives the same files.
    pub seed: u64,
    /// Number of distinct members (duplicate export lines come on top).
    pub members: usize,
    /// The data's last day: no visit is later, and some member visited that day.
    pub as_of: NaiveDate,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2026,
            members: 3000,
            as_of: DEMO_AS_OF,
        }
    }
}

/// The generated tables (CSV text, UTF-8, `\n` line endings) and a description of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoData {
    /// The members table, header `Member no,Name,…,Last visit`.
    pub members_csv: String,
    /// Our shop (first row, kind `own`) and the competitors, header `name,kind,…`.
    pub shops_csv: String,
    /// The demo shop's name.
    pub shop_name: String,
    /// One paragraph: members, problem rows by kind, the shop and its competitors.
    pub summary: String,
}

/// Why the demo could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The OSM extract could not be read.
    #[error(transparent)]
    Osm(#[from] OsmError),
    /// The extract has nowhere to put the shop and its members.
    #[error(
        "the OSM extract has no address points (addr:housenumber with addr:street); use an extract of a built-up area"
    )]
    NoAddresses,
    /// Writing CSV into memory failed.
    #[error("cannot write demo CSV: {0}")]
    Csv(#[from] csv::Error),
    /// An output file or directory could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
}

/// Reads the extract at `pbf`, generates the demo, and writes `members.csv` and `shops.csv`
/// into `out_dir` (created if missing).
///
/// # Errors
///
/// [`DemoError::Osm`] if the extract cannot be read, [`DemoError::NoAddresses`] if it has no
/// address points, [`DemoError::Write`] naming the file that could not be written.
pub fn write_files(pbf: &Path, out_dir: &Path, cfg: &DemoConfig) -> Result<DemoData, DemoError> {
    let area = osm::read_area(pbf)?;
    let data = generate(&area, cfg)?;
    let write_err = |path: PathBuf| move |source| DemoError::Write { path, source };
    std::fs::create_dir_all(out_dir).map_err(write_err(out_dir.to_path_buf()))?;
    for (name, text) in [
        ("members.csv", &data.members_csv),
        ("shops.csv", &data.shops_csv),
    ] {
        let path = out_dir.join(name);
        std::fs::write(&path, text).map_err(write_err(path.clone()))?;
    }
    Ok(data)
}

/// Generates the demo tables from an area: deterministic in `area` and `cfg`.
///
/// # Errors
///
/// [`DemoError::NoAddresses`] if the area has no address points.
pub fn generate(area: &OsmArea, cfg: &DemoConfig) -> Result<DemoData, DemoError> {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut addresses: Vec<&OsmAddress> = area.addresses.iter().collect();
    addresses.sort_by(|a, b| address_order(a, b));
    let shop = nearest(&addresses, shop_target(&addresses)).ok_or(DemoError::NoAddresses)?;
    let city = main_city(&addresses);
    let shop_address = full_address(
        &format!("{} {}", shop.street, shop.housenumber),
        shop.postcode.as_deref(),
        shop.city.as_deref().or(city),
    );

    let mut competitors: Vec<&osm::Poi> = area
        .pois
        .iter()
        .filter(|p| COMPETITOR_CATEGORIES.contains(&p.category.as_str()))
        .collect();
    competitors.sort_by(|a, b| {
        (&a.name, &a.category)
            .cmp(&(&b.name, &b.category))
            .then(a.lat.total_cmp(&b.lat))
            .then(a.lon.total_cmp(&b.lon))
    });
    let shops_csv = shops_csv(shop, &shop_address, &competitors)?;

    let places = places(&addresses, shop, &competitors);
    let weights =
        WeightedIndex::new(places.iter().map(|p| p.weight)).map_err(|_| DemoError::NoAddresses)?;
    let mut people: Vec<Person> = (0..cfg.members)
        .map(|_| Person::simulate(&places[weights.sample(&mut rng)], &mut rng))
        .collect();
    assign_tiers(&mut people, &mut rng);

    let problems = plan_problems(cfg.members, &mut rng);
    // Someone without a planted problem visited on the last day, so `as_of` is the data's.
    if let Some(p) = (0..people.len())
        .filter(|i| !problems.contains_key(i))
        .min_by_key(|&i| (people[i].last_days_ago, i))
    {
        let person = &mut people[p];
        if person.visits == 1 {
            person.first_days_ago = 0;
        }
        person.last_days_ago = 0;
    }

    let mut ids = Identities::default();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(people.len() + 16);
    let mut duplicates: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let mut row = person.render(
            i,
            cfg.as_of,
            city,
            &area.street_names_sv,
            &mut ids,
            &mut rng,
        );
        match problems.get(&i) {
            Some(Problem::DuplicateLine) => {
                // The copy turns up a few rows later, as when export pages overlap.
                let after = (i + rng.random_range(1..=40)).min(people.len() - 1);
                duplicates.push((after, row.clone()));
            }
            Some(&problem) => problem.apply(&mut row, &mut rng),
            None => {}
        }
        rows.push(row);
        while let Some(pos) = duplicates.iter().position(|(after, _)| *after == i) {
            rows.push(duplicates.remove(pos).1);
        }
    }
    let members_csv = write_csv(&MEMBERS_HEADER, &rows)?;

    let summary = summary(&Summary {
        cfg,
        people: &people,
        rows: rows.len(),
        problems: &problems,
        shop_address: &shop_address,
        competitors: &competitors,
    });
    Ok(DemoData {
        members_csv,
        shops_csv,
        shop_name: SHOP_NAME.to_owned(),
        summary,
    })
}

/// Street, number, then position: a total order independent of how the area was built.
fn address_order(a: &OsmAddress, b: &OsmAddress) -> std::cmp::Ordering {
    (&a.street, &a.housenumber)
        .cmp(&(&b.street, &b.housenumber))
        .then(a.lat.total_cmp(&b.lat))
        .then(a.lon.total_cmp(&b.lon))
}

/// Geodesic distance between two `(lon, lat)` points.
///
/// # Units
///
/// Degrees in, metres out.
fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1))
}

fn lonlat(a: &OsmAddress) -> (f64, f64) {
    (a.lon, a.lat)
}

/// [`SHOP_TARGET_LONLAT`] if inside the addresses' bounding box, else the box's middle.
fn shop_target(addresses: &[&OsmAddress]) -> (f64, f64) {
    let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for a in addresses {
        lo = (lo.0.min(a.lon), lo.1.min(a.lat));
        hi = (hi.0.max(a.lon), hi.1.max(a.lat));
    }
    let (lon, lat) = SHOP_TARGET_LONLAT;
    if (lo.0..=hi.0).contains(&lon) && (lo.1..=hi.1).contains(&lat) {
        SHOP_TARGET_LONLAT
    } else {
        ((lo.0 + hi.0) / 2.0, (lo.1 + hi.1) / 2.0)
    }
}

/// The address nearest `target` (the first one on ties).
fn nearest<'a>(addresses: &[&'a OsmAddress], target: (f64, f64)) -> Option<&'a OsmAddress> {
    addresses
        .iter()
        .map(|a| (distance_m(lonlat(a), target), *a))
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, a)| a)
}

/// The most common `addr:city` (ties: first by name), used where an address has none.
fn main_city<'a>(addresses: &[&'a OsmAddress]) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for city in addresses.iter().filter_map(|a| a.city.as_deref()) {
        *counts.entry(city).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, an), (b, bn)| an.cmp(bn).then(b.cmp(a)))
        .map(|(c, _)| c)
}

/// `Street 5, 00100 Helsinki`, leaving out what is unknown.
fn full_address(street_number: &str, postcode: Option<&str>, city: Option<&str>) -> String {
    let tail: Vec<&str> = [postcode, city].into_iter().flatten().collect();
    if tail.is_empty() {
        street_number.to_owned()
    } else {
        format!("{street_number}, {}", tail.join(" "))
    }
}

fn shops_csv(
    shop: &OsmAddress,
    shop_address: &str,
    competitors: &[&osm::Poi],
) -> Result<String, DemoError> {
    let mut rows = vec![vec![
        SHOP_NAME.to_owned(),
        "own".to_owned(),
        "beauty".to_owned(),
        format!("{:.6}", shop.lat),
        format!("{:.6}", shop.lon),
        shop_address.to_owned(),
    ]];
    rows.extend(competitors.iter().map(|p| {
        vec![
            p.name.clone(),
            "competitor".to_owned(),
            p.category.clone(),
            format!("{:.6}", p.lat),
            format!("{:.6}", p.lon),
            p.address.clone().unwrap_or_default(),
        ]
    }));
    write_csv(&SHOPS_HEADER, &rows)
}

fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, DemoError> {
    // Flexible: the stray-extra-field rows are longer than the header on purpose.
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| DemoError::Csv(e.into_error().into()))?;
    // Every field came from a `String`, so the bytes are UTF-8 and nothing is replaced.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// An address members can live at, with what decides how many do.
struct Place<'a> {
    address: &'a OsmAddress,
    shop_distance_m: f64,
    weight: f64,
}

fn places<'a>(
    addresses: &[&'a OsmAddress],
    shop: &OsmAddress,
    competitors: &[&osm::Poi],
) -> Vec<Place<'a>> {
    addresses
        .iter()
        .map(|a| {
            let shop_distance_m = distance_m(lonlat(a), lonlat(shop));
            let rival_m = competitors
                .iter()
                .map(|p| distance_m(lonlat(a), (p.lon, p.lat)))
                .fold(f64::INFINITY, f64::min);
            let shadow = if rival_m < shop_distance_m && rival_m <= COMPETITOR_REACH_M {
                COMPETITOR_KEEP
            } else {
                1.0
            };
            Place {
                address: a,
                shop_distance_m,
                weight: (-shop_distance_m / DECAY_M).exp() * shadow,
            }
        })
        .collect()
}

/// A simulated member before it is written as a row.
struct Person<'a> {
    place: &'a Place<'a>,
    female: bool,
    first_days_ago: u64,
    last_days_ago: u64,
    visits: u64,
    spend_cents: u64,
    tier: &'static str,
}

impl<'a> Person<'a> {
    /// Visit history: nearer people come back more often and stay active longer.
    fn simulate(place: &'a Place<'a>, rng: &mut ChaCha8Rng) -> Self {
        let near = (-place.shop_distance_m / DECAY_M).exp();
        let first_days_ago = if rng.random_bool(0.06) {
            rng.random_range(0..30)
        } else {
            rng.random_range(30..=4 * 365)
        };
        let one_time = first_days_ago == 0 || rng.random_bool(0.15 + 0.25 * (1.0 - near));
        let (last_days_ago, visits) = if one_time {
            (first_days_ago, 1)
        } else {
            let active = first_days_ago < 92 || rng.random_bool(0.45 + 0.35 * near);
            let last = if active {
                rng.random_range(0..first_days_ago.min(76))
            } else {
                rng.random_range(91..first_days_ago)
            };
            let span_days = first_days_ago - last;
            let per_year = 1.5 + 8.0 * near;
            let extra = poisson(per_year * span_days as f64 / 365.0, rng);
            (last, 2 + extra.min(span_days / 10))
        };
        let spend_cents = (0..visits).map(|_| rng.random_range(4000..=12000)).sum();
        Person {
            place,
            female: rng.random_bool(0.75),
            first_days_ago,
            last_days_ago,
            visits,
            spend_cents,
            tier: "Basic",
        }
    }

    fn render(
        &self,
        index: usize,
        as_of: NaiveDate,
        city: Option<&str>,
        names_sv: &std::collections::HashMap<String, String>,
        ids: &mut Identities,
        rng: &mut ChaCha8Rng,
    ) -> Vec<String> {
        let first_names: &[&str] = if self.female { &FEMALE } else { &MALE };
        let first = first_names.choose(rng).copied().unwrap_or("Aino");
        let last = LAST_NAMES.choose(rng).copied().unwrap_or("Virtanen");
        let a = self.place.address;
        let sv = names_sv.get(&a.street).map(String::as_str);
        let iso = rng.random_bool(0.1);
        let date = |days: u64| format_date(as_of.checked_sub_days(Days::new(days)), iso);
        vec![
            format!("M{:05}", index + 1),
            format!("{first} {last}"),
            ids.phone(rng),
            ids.email(first, last, rng),
            typed_address(a, sv, a.city.as_deref().or(city), rng),
            format!("{:.6}", a.lat),
            format!("{:.6}", a.lon),
            self.tier.to_owned(),
            self.visits.to_string(),
            format_eur(self.spend_cents, rng.random_bool(0.85)),
            date(self.first_days_ago),
            date(self.last_days_ago),
        ]
    }
}

/// A Poisson draw (Knuth's method; the means here stay below ~40).
fn poisson(mean: f64, rng: &mut ChaCha8Rng) -> u64 {
    let limit = (-mean.clamp(0.0, 60.0)).exp();
    let (mut k, mut p) = (0, rng.random::<f64>());
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

/// VIP for the top ~5 % and Gold for the next ~15 % by spend, blurred so tiers follow
/// spend only roughly, as tiers granted by hand do.
fn assign_tiers(people: &mut [Person<'_>], rng: &mut ChaCha8Rng) {
    let mut order: Vec<(f64, usize)> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.spend_cents as f64 * rng.random_range(0.5..1.5), i))
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let vip = (people.len() as f64 * 0.05).round() as usize;
    let gold = (people.len() as f64 * 0.20).round() as usize;
    for (rank, &(_, i)) in order.iter().enumerate() {
        people[i].tier = if rank < vip {
            "VIP"
        } else if rank < gold {
            "Gold"
        } else {
            "Basic"
        };
    }
}

/// `31.10.2026` (Finnish) or `2026-10-31`.
fn format_date(date: Option<NaiveDate>, iso: bool) -> String {
    let Some(d) = date else {
        return String::new();
    };
    if iso {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        format!("{}.{}.{}", d.day(), d.month(), d.year())
    }
}

/// `1 234,50` (Finnish, space as thousands separator) or `1234.50`.
fn format_eur(cents: u64, finnish: bool) -> String {
    let (euros, cents) = (cents / 100, cents % 100);
    if !finnish {
        return format!("{euros}.{cents:02}");
    }
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{grouped},{cents:02}")
}

/// An address as people type it: staircase and flat, postcode and city or not, the odd
/// Swedish street name, lower case, and house letters glued or spaced.
fn typed_address(
    a: &OsmAddress,
    street_sv: Option<&str>,
    city: Option<&str>,
    rng: &mut ChaCha8Rng,
) -> String {
    let swedish = street_sv.is_some() && rng.random_bool(0.07);
    let street = match street_sv {
        Some(sv) if swedish => sv,
        _ => &a.street,
    };
    let has_letter = a.housenumber.chars().any(|c| c.is_alphabetic());
    let mut text = format!("{street} ");
    if has_letter {
        text.push_str(&respell_house_letter(&a.housenumber, rng));
    } else {
        text.push_str(&a.housenumber);
        if rng.random_bool(0.55) {
            let stair = *['A', 'A', 'A', 'B', 'B', 'C', 'D']
                .choose(rng)
                .unwrap_or(&'A');
            let flat = rng.random_range(1..=60);
            if rng.random_bool(0.12) {
                // `5b 12`: the staircase glued to the number, as if it were a house letter.
                let _ = write!(text, "{} {flat}", stair.to_ascii_lowercase());
            } else {
                let _ = write!(text, " {stair} {flat}");
            }
        }
    }
    let city = match city {
        Some("Helsinki") if swedish => Some("Helsingfors"),
        c => c,
    };
    let roll = rng.random_range(0..100);
    let text = match (a.postcode.as_deref(), city) {
        (Some(pc), c) if roll < 80 => full_address(&text, Some(pc), c),
        (Some(_), Some(c)) if roll < 88 => full_address(&text, None, Some(c)),
        (None, Some(c)) if roll < 60 => full_address(&text, None, Some(c)),
        _ => text,
    };
    if rng.random_bool(0.06) {
        text.to_lowercase()
    } else {
        text
    }
}

/// `12a`, `12 A`, `12A` or `12 a` for a tagged `12a` / `12 A`.
fn respell_house_letter(housenumber: &str, rng: &mut ChaCha8Rng) -> String {
    let compact: String = housenumber.chars().filter(|c| !c.is_whitespace()).collect();
    let split = compact
        .find(|c: char| c.is_alphabetic())
        .unwrap_or(compact.len());
    let (num, letter) = compact.split_at(split);
    let all_digits = !num.is_empty() && num.chars().all(|c| c.is_ascii_digit());
    if !all_digits || letter.chars().count() != 1 {
        return housenumber.to_owned();
    }
    match rng.random_range(0..4) {
        0 => format!("{num}{}", letter.to_lowercase()),
        1 => format!("{num} {}", letter.to_uppercase()),
        2 => format!("{num}{}", letter.to_uppercase()),
        _ => format!("{num} {}", letter.to_lowercase()),
    }
}

/// Phones and emails handed out so far, so no two members share one.
#[derive(Default)]
struct Identities {
    phones: BTreeSet<(bool, u32)>,
    emails: BTreeSet<String>,
}

impl Identities {
    /// `+358 40 1xx xxxx` (sometimes `050 1xx xxxx`), unique while the 2 million numbers
    /// last.
    fn phone(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let fifty = rng.random_bool(0.2);
            let n = rng.random_range(0..1_000_000);
            if self.phones.insert((fifty, n)) || self.phones.len() >= 1_900_000 {
                let (a, b) = (n / 10_000, n % 10_000);
                let prefix = if fifty { "50" } else { "40" };
                return if rng.random_bool(0.15) {
                    format!("0{prefix} 1{a:02} {b:04}")
                } else {
                    format!("+358 {prefix} 1{a:02} {b:04}")
                };
            }
        }
    }

    /// `aino.virtanen@example.com` and variants at reserved domains, unique; ~8 % empty.
    fn email(&mut self, first: &str, last: &str, rng: &mut ChaCha8Rng) -> String {
        if rng.random_bool(0.08) {
            return String::new();
        }
        let (f, l) = (ascii_lower(first), ascii_lower(last));
        let local = match rng.random_range(0..10) {
            0..6 => format!("{f}.{l}"),
            6..8 => format!("{f}{l}"),
            _ => format!("{}.{l}", f.chars().next().unwrap_or('x')),
        };
        let domain = ["example.com", "example.net", "example.org"]
            .choose(rng)
            .copied()
            .unwrap_or("example.com");
        let mut candidate = format!("{local}@{domain}");
        let mut n = 1;
        while !self.emails.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{local}{n}@{domain}");
        }
        candidate
    }
}

fn ascii_lower(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ä' | 'Ä' | 'å' | 'Å' => 'a',
            'ö' | 'Ö' => 'o',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The kinds of broken row real till exports carry; one kind per problem row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    MissingMemberNo,
    DuplicateLine,
    ImpossibleDate,
    VisitsNotNumber,
    PendingGeocoding,
    LatitudeOutOfRange,
    AddressNotAvailable,
    ExtraField,
}

impl Problem {
    const ALL: [Problem; 8] = [
        Problem::MissingMemberNo,
        Problem::DuplicateLine,
        Problem::ImpossibleDate,
        Problem::VisitsNotNumber,
        Problem::PendingGeocoding,
        Problem::LatitudeOutOfRange,
        Problem::AddressNotAvailable,
        Problem::ExtraField,
    ];

    /// How the summary names rows of this kind, after their count.
    fn label(self) -> &'static str {
        match self {
            Problem::MissingMemberNo => "with an empty member number",
            Problem::DuplicateLine => "duplicate export lines (a member's row repeated)",
            Problem::ImpossibleDate => "with a visit date that does not exist",
            Problem::VisitsNotNumber => "with a visit count that is not a number",
            Problem::PendingGeocoding => "with an address but no coordinates (to geocode)",
            Problem::LatitudeOutOfRange => "with a latitude out of range",
            Problem::AddressNotAvailable => "with address n/a and no coordinates",
            Problem::ExtraField => "with a stray extra field at the end",
        }
    }

    /// Breaks a clean row this way (all but [`Problem::DuplicateLine`], which adds a row).
    fn apply(self, row: &mut Vec<String>, rng: &mut ChaCha8Rng) {
        match self {
            Problem::MissingMemberNo => row[NO].clear(),
            Problem::DuplicateLine => {}
            Problem::ImpossibleDate => {
                let column = if rng.random_bool(0.5) { FIRST } else { LAST };
                let year = row[column]
                    .split(['.', '-'])
                    .find(|p| p.len() == 4)
                    .unwrap_or("2026")
                    .to_owned();
                let (day, month) = *[(31, 2), (30, 2), (31, 4), (31, 6), (31, 9), (31, 11)]
                    .choose(rng)
                    .unwrap_or(&(31, 2));
                row[column] = format!("{day}.{month:02}.{year}");
            }
            Problem::VisitsNotNumber => row[VISITS] = "abc".to_owned(),
            Problem::PendingGeocoding => {
                row[LAT].clear();
                row[LON].clear();
            }
            Problem::LatitudeOutOfRange => {
                // A stray leading `1`: 60.17 → 160.17 (or −34.6 → −134.6 in the south).
                if let Ok(lat) = row[LAT].parse::<f64>() {
                    let typo = if lat > -10.0 {
                        lat + 100.0
                    } else {
                        lat - 100.0
                    };
                    row[LAT] = format!("{typo:.6}");
                }
            }
            Problem::AddressNotAvailable => {
                row[ADDRESS] = "n/a".to_owned();
                row[LAT].clear();
                row[LON].clear();
            }
            Problem::ExtraField => {
                let note = ["", "ei markkinointia"].choose(rng).copied().unwrap_or("");
                row.push(note.to_owned());
            }
        }
    }
}

/// Which member rows get which problem: the same number of each kind, one per stratum of
/// the file so they are spread out.
fn plan_problems(members: usize, rng: &mut ChaCha8Rng) -> BTreeMap<usize, Problem> {
    let kinds = Problem::ALL.len();
    let per_kind = if members < 2 * kinds {
        0
    } else {
        ((members + MEMBERS_PER_PROBLEM / 2) / MEMBERS_PER_PROBLEM).max(1)
    };
    let mut planned: Vec<Problem> = Problem::ALL
        .iter()
        .flat_map(|&p| std::iter::repeat_n(p, per_kind))
        .collect();
    planned.shuffle(rng);
    let stratum = if planned.is_empty() {
        0
    } else {
        members / planned.len()
    };
    planned
        .into_iter()
        .enumerate()
        .map(|(s, p)| (s * stratum + rng.random_range(0..stratum), p))
        .collect()
}

struct Summary<'a> {
    cfg: &'a DemoConfig,
    people: &'a [Person<'a>],
    rows: usize,
    problems: &'a BTreeMap<usize, Problem>,
    shop_address: &'a str,
    competitors: &'a [&'a osm::Poi],
}

fn summary(s: &Summary<'_>) -> String {
    let count = |f: &dyn Fn(&Person<'_>) -> bool| s.people.iter().filter(|p| f(p)).count();
    let new = count(&|p| p.first_days_ago <= 30);
    let dormant = count(&|p| p.visits >= 2 && p.last_days_ago > 90);
    let one_time = count(&|p| p.visits == 1 && p.first_days_ago > 30);
    let vip = count(&|p| p.tier == "VIP");
    let homes: BTreeSet<(&str, &str, u64, u64)> = s
        .people
        .iter()
        .map(|p| {
            let a = p.place.address;
            (
                a.street.as_str(),
                a.housenumber.as_str(),
                a.lat.to_bits(),
                a.lon.to_bits(),
            )
        })
        .collect();
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    for p in s.competitors {
        *by_category.entry(&p.category).or_default() += 1;
    }
    let categories: Vec<String> = by_category
        .iter()
        .map(|(c, n)| format!("{n} {c}"))
        .collect();
    let problems: Vec<String> = Problem::ALL
        .iter()
        .map(|&k| {
            let n = s.problems.values().filter(|&&p| p == k).count();
            format!("{n} {}", k.label())
        })
        .collect();
    format!(
        "{members} invented members of {SHOP_NAME} ({address}) in {rows} rows, living at {homes} \
         real addresses of the extract, more of them near the shop; {competitors} competitors \
         ({categories}) from the extract. As of {as_of}: {new} new (first visit within 30 days), \
         {one_time} one-time, {dormant} dormant (2+ visits, last over 90 days ago), {vip} VIP. \
         Problem rows planted for the importer ({problem_rows} rows): {problems}.",
        members = s.cfg.members,
        address = s.shop_address,
        rows = s.rows,
        homes = homes.len(),
        competitors = s.competitors.len(),
        categories = categories.join(", "),
        as_of = s.cfg.as_of,
        problem_rows = s.problems.len(),
        problems = problems.join(", "),
    )
}

const FEMALE: [&str; 28] = [
    "Aino", "Anna", "Anne", "Eeva", "Elina", "Emilia", "Emma", "Hanna", "Heidi", "Helena",
    "Johanna", "Katja", "Kirsi", "Laura", "Leena", "Liisa", "Maria", "Marjatta", "Minna", "Noora",
    "Pauliina", "Riikka", "Sanna", "Sari", "Satu", "Tiina", "Tuula", "Venla",
];

const MALE: [&str; 12] = [
    "Antti", "Eero", "Jari", "Juha", "Jukka", "Kari", "Lauri", "Matti", "Mikko", "Pekka", "Timo",
    "Ville",
];

const LAST_NAMES: [&str; 40] = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Hiltunen",
    "Leinonen",
    "Miettinen",
    "Aaltonen",
    "Pitkänen",
    "Lindholm",
    "Lindqvist",
    "Nyström",
    "Sjöberg",
    "Grönroos",
];

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

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

    /// Whether typed address text names this address (Finnish or Swedish street, number).
    fn names(text: &str, a: &OsmAddress, area: &OsmArea) -> bool {
        let text = text.to_lowercase();
        let street_ok = text.starts_with(&a.street.to_lowercase())
            || area
                .street_names_sv
                .get(&a.street)
                .is_some_and(|sv| text.starts_with(&sv.to_lowercase()));
        let digits: String = a
            .housenumber
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        street_ok && text.contains(&digits)
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
    fn classify(
        row: &[String],
        seen: &mut BTreeSet<Vec<String>>,
        as_of: NaiveDate,
    ) -> Option<Problem> {
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
            assert!(row[LAT].is_empty() && row[LON].is_empty(), "{row:?}");
            Problem::AddressNotAvailable
        } else if row[LAT].is_empty() && row[LON].is_empty() {
            Problem::PendingGeocoding
        } else if row[LAT].parse::<f64>().is_ok_and(|l| l.abs() > 90.0) {
            Problem::LatitudeOutOfRange
        } else {
            // A clean row: every field makes sense.
            assert!(row[NO].starts_with('M') && row[NO].len() == 6, "{row:?}");
            let (first, last) = (first.unwrap(), last.unwrap());
            assert!(first <= last && last <= as_of, "{row:?}");
            let visits: u64 = row[VISITS].parse().unwrap();
            assert!(visits >= 1 && (visits == 1) == (first == last), "{row:?}");
            let cents = parse_eur_cents(&row[9]).unwrap();
            assert!((4000 * visits..=12000 * visits).contains(&cents), "{row:?}");
            assert!(
                ["VIP", "Gold", "Basic"].contains(&row[7].as_str()),
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
    fn every_member_lives_at_a_real_address_of_the_extract() {
        let area = helsinki();
        let points = by_point(area);
        let mut checked = 0;
        for row in records(&demo().members_csv) {
            if row[ADDRESS] == "n/a" {
                continue;
            }
            let candidates: Vec<&OsmAddress> = match row[LAT].parse::<f64>() {
                Ok(lat) => {
                    let lat = if lat > 90.0 { lat - 100.0 } else { lat };
                    let at = format!("{lat:.6},{}", row[LON]);
                    points.get(&at).cloned().unwrap_or_default()
                }
                // Pending geocoding: the text alone must name an address of the extract.
                _ => area.addresses.iter().collect(),
            };
            assert!(
                candidates.iter().any(|a| names(&row[ADDRESS], a, area)),
                "{row:?}"
            );
            checked += 1;
        }
        assert!(checked > 2900);
    }

    #[test]
    fn members_thin_out_with_distance_from_the_shop() {
        let shop = shop_lonlat(demo());
        let median = |mut d: Vec<f64>| {
            d.sort_by(f64::total_cmp);
            d[d.len() / 2]
        };
        let member_m = median(
            records(&demo().members_csv)
                .iter()
                .filter_map(|r| Some((r[LON].parse().ok()?, r[LAT].parse::<f64>().ok()?)))
                .filter(|(_, lat)| *lat <= 90.0)
                .map(|p| distance_m(p, shop))
                .collect(),
        );
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
        let shop = shop_lonlat(demo());
        let (mut near, mut far) = (Vec::new(), Vec::new());
        for r in records(&demo().members_csv) {
            let (Ok(lat), Ok(lon), Ok(visits)) = (
                r[LAT].parse::<f64>(),
                r[LON].parse::<f64>(),
                r[VISITS].parse::<f64>(),
            ) else {
                continue;
            };
            let d = distance_m((lon, lat), shop);
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
        let vip = share(&|r| r[7] == "VIP");
        let gold = share(&|r| r[7] == "Gold");
        assert!(
            (0.04..0.06).contains(&vip) && (0.13..0.17).contains(&gold),
            "{vip} {gold}"
        );
        let dormant = share(&|r| {
            parse_date(&r[LAST]).is_some_and(|d| (DEMO_AS_OF - d).num_days() > 90)
                && r[VISITS].parse::<u32>().is_ok_and(|v| v >= 2)
        });
        let new =
            share(&|r| parse_date(&r[FIRST]).is_some_and(|d| (DEMO_AS_OF - d).num_days() <= 30));
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
}
