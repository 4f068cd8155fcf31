//! The bundled demo: a fictional beauty salon placed at a real address of an OSM extract,
//! its real competitors, and a seeded table of invented members written the way a Finnish
//! salon's till export carries them — addresses only (the offline geocoder places members
//! from the loaded OSM area), typing variants, Finnish numbers and dates, and a handful of
//! broken rows of each kind an importer must reject or a geocoder must cope with.
//!
//! Members live at real address points, more of them near the shop (weight ∝ e^(−d/500 m))
//! and fewer where a competitor is nearer than the shop and within 150 m; people nearer the
//! shop visit more often and stay active longer. The same area and [`DemoConfig`] give
//! byte-identical output: all randomness comes from one `ChaCha8Rng` and only sorted
//! collections are iterated.
//!
//! This file generates; `addresses` places the shop and weighs every address as a home,
//! `members` simulates and writes the members, `problems` plants the broken rows and
//! writes the summary.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::coord::LonLat;
use crate::geodesy;
use crate::osm::{self, OsmAddress, OsmArea, OsmError};

mod addresses;
pub mod bundled;
mod members;
mod problems;
#[cfg(test)]
mod tests;

use addresses::{full_address, main_city, nearest, places, shop_target};
use members::{Identities, Person, assign_tiers};
use problems::{Problem, Summary, plan_problems, summary};

/// The demo shop's name (a fictional salon).
pub const SHOP_NAME: &str = "Kauneushuone Aurora";

/// The last day of the demo data.
pub const DEMO_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
    Some(d) => d,
    None => panic!("2026-10-31 is a date"),
};

/// Header of the members table, as the till exports it.
pub const MEMBERS_HEADER: [&str; 10] = [
    "Member no",
    "Name",
    "Phone",
    "Email",
    "Address",
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
const VISITS: usize = 6;
const FIRST: usize = 8;
const LAST: usize = 9;

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
            Some(&problem) => problem.apply(&mut row, person.place.address, city, &mut rng),
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

/// Geodesic distance between two `(lon, lat)` points; infinite when either is no position
/// on Earth (the OSM reader keeps only valid ones), so such a point is near nothing.
///
/// # Units
///
/// Degrees in, metres out.
fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    match (LonLat::new(a.0, a.1), LonLat::new(b.0, b.1)) {
        (Ok(a), Ok(b)) => geodesy::distance_m(a, b),
        _ => f64::INFINITY,
    }
}

fn lonlat(a: &OsmAddress) -> (f64, f64) {
    (a.lon, a.lat)
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
