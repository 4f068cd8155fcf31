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
    for (name, text) in [("members.csv", &data.members_csv), ("shops.csv", &data.shops_csv)] {
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
    let weights = WeightedIndex::new(places.iter().map(|p| p.weight))
        .map_err(|_| DemoError::NoAddresses)?;
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
        let mut row = person.render(i, cfg.as_of, city, &area.street_names_sv, &mut ids, &mut rng);
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
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
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
            let stair = *['A', 'A', 'A', 'B', 'B', 'C', 'D'].choose(rng).unwrap_or(&'A');
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
    /// `+358 40 1xx xxxx` (sometimes `050 1xx xxxx`), unique.
    fn phone(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let fifty = rng.random_bool(0.2);
            let n = rng.random_range(0..1_000_000);
            if self.phones.insert((fifty, n)) {
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
            _ => format!("{}.{l}", &f[..1]),
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
                    let typo = if lat >= -10.0 { lat + 100.0 } else { lat - 100.0 };
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
    let stratum = if planned.is_empty() { 0 } else { members / planned.len() };
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
            (a.street.as_str(), a.housenumber.as_str(), a.lat.to_bits(), a.lon.to_bits())
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
    "Johanna", "Katja", "Kirsi", "Laura", "Leena", "Liisa", "Maria", "Marjatta", "Minna",
    "Noora", "Pauliina", "Riikka", "Sanna", "Sari", "Satu", "Tiina", "Tuula", "Venla",
];

const MALE: [&str; 12] = [
    "Antti", "Eero", "Jari", "Juha", "Jukka", "Kari", "Lauri", "Matti", "Mikko", "Pekka",
    "Timo", "Ville",
];

const LAST_NAMES: [&str; 40] = [
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
    "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen",
    "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen",
    "Ahonen", "Hiltunen", "Leinonen", "Miettinen", "Aaltonen", "Pitkänen", "Lindholm",
    "Lindqvist", "Nyström", "Sjöberg", "Grönroos",
];
