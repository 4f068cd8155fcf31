//! Building the geocoder's indexes from a [`GazetteerInput`]: streets (ways of one name
//! that lie together merged into one street, address points attached to the nearest street
//! of their name), house numbers, street-name keys, postcodes and the area's cities.
//!
//! Two ways share a street when their names have the same key and their bounding boxes
//! are within `MERGE_GAP_M` (see `drafts`); the same name further apart is another street
//! (another town's `Koulukatu`). Address points missing a postcode or city take them from the
//! nearest point of the same street that has one.
//!
//! A street whose geometry comes within [`EDGE_TOUCH_M`] of the edge of the loaded data
//! (or crosses it) leaves the area: its houses beyond the numbers known inside are not
//! here (see [`Street::beyond_known_numbers`]).

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::compound::Places;
use super::drafts::{BBox, Draft, MERGE_GAP_M, drafts_by_name, merge_close, nearest_draft};
use super::fuzzy::FuzzyIndex;
use super::names::{Form, name_keys};
use super::normalise::{is_cjk, name_key};
use super::parse::parse_osm_housenumber;
use super::plane;
use super::vocab::{CITY_ALIASES, KNOWN_CITIES};
use super::{GazetteerInput, InterpolationInput, PlaceInput, PlaceInputKind};
use crate::coord::LonLat;
use crate::geodesy::{LocalFrame, distance_m};
use crate::osm::DataEdge;

/// An address point joins the nearest street of its name within this distance.
const ATTACH_GAP_M: f64 = 1000.0;
/// A missing postcode is taken from a point of the same street at most this far away.
const FILL_POSTCODE_M: f64 = 300.0;
/// Ranges wider than this (`1-99`) are not spread over every number they span.
const MAX_RANGE_SPAN: u32 = 20;
/// A street with a vertex this near the edge of the data (or beyond it) leaves the area:
/// an extract cuts a way at its last node inside, up to a block's length from the edge.
const EDGE_TOUCH_M: f64 = 60.0;

/// One address point, its postcode and city filled in where the street knew them.
#[derive(Debug, Clone)]
pub(crate) struct House {
    pub housenumber: String,
    pub position: LonLat,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

/// How a house answers a number; the order is the preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum HouseKind {
    /// The number (and letter) as tagged.
    Exact,
    /// A number inside a tagged range (`32` in `30-34`).
    Range,
    /// The number of a house tagged with a letter (`7` for `7b`).
    LetterOf,
}

/// Which numbers an interpolation line carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Odd,
    Even,
    All,
}

/// An OSM `addr:interpolation` way with the numbers at its tagged vertices.
#[derive(Debug, Clone)]
pub(crate) struct InterpLine {
    pub line: Vec<LonLat>,
    /// `(vertex index, number)`, by vertex.
    pub stops: Vec<(usize, u32)>,
    pub step: Step,
}

/// One street: its names, geometry, numbered houses and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Street {
    /// Display names, the main one first.
    pub names: Vec<String>,
    /// The street-level point (see [`street_point`]).
    pub point: LonLat,
    /// `(number, house)` of plain numbers and range ends, by number.
    pub numbered: Vec<(u32, u32)>,
    pub interpolations: Vec<InterpLine>,
    /// Postcode keys of its houses.
    pub postcodes: Vec<String>,
    /// City keys of its houses.
    pub cities: Vec<String>,
    /// The most common city, for labels.
    pub city: Option<String>,
    /// Whether its geometry touches or crosses the edge of the loaded data.
    pub leaves_area: bool,
}

impl Street {
    /// Whether house number `n` lies beyond the numbers known on a street that leaves the
    /// area (`Mannerheimintie 100` where the extract holds its first numbers): that house
    /// is outside the data, not somewhere on the part inside. `false` on a street wholly
    /// inside, or without any number known.
    pub fn beyond_known_numbers(&self, n: u32) -> bool {
        if !self.leaves_area {
            return false;
        }
        let known = self.numbered.iter().map(|(m, _)| *m).chain(
            self.interpolations
                .iter()
                .flat_map(|l| l.stops.iter().map(|s| s.1)),
        );
        let (lo, hi) = known.fold((u32::MAX, 0), |(lo, hi), m| (lo.min(m), hi.max(m)));
        lo <= hi && (n < lo || n > hi)
    }
}

/// One street found under a name key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameHit {
    pub street: u32,
    /// Index into [`Street::names`].
    pub name: u16,
    pub form: Form,
}

/// Everything the matcher looks things up in (hashed with FxHash: the keys are the area's
/// own names and numbers, and every address looks up dozens of them).
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub streets: Vec<Street>,
    pub houses: Vec<House>,
    /// `(street, number, letter or '\0')` → best house.
    pub house_keys: FxHashMap<(u32, u32, char), (u32, HouseKind)>,
    /// `(street, first, last)` of a tagged range (`30-34`, both orders) → house.
    pub ranges: FxHashMap<(u32, u32, u32), u32>,
    pub names: FxHashMap<String, Vec<NameHit>>,
    pub fuzzy: FuzzyIndex,
    /// Postcode key → centroid of the points tagged with it.
    pub postcodes: FxHashMap<String, LonLat>,
    /// Postcode key → the postcode as tagged.
    pub postcode_labels: FxHashMap<String, String>,
    /// City key → the city as tagged.
    pub city_labels: FxHashMap<String, String>,
    /// Name keys of the area's cities (with their other-language names).
    pub cities: FxHashSet<String>,
    /// Well-known cities that are not the area's.
    pub foreign_cities: FxHashSet<String>,
    /// Whether the area's cities are written in Chinese (enables the 市 check).
    pub cjk_cities: bool,
    /// Compounds, POIs and districts, for Chinese addresses.
    pub places: Places,
    /// Whether most of the area's postcodes have four digits (CH, AT, LI, DK, NO, BE).
    pub four_digit_postcodes: bool,
    /// Whether some street name has a number among its words (`Boulevard Albert 1er`):
    /// only then are runs of words read across numbers.
    pub numeral_names: bool,
}

/// The key a postcode is compared under: `00100`, `sw1a1aa`, `11455`.
pub(crate) fn postcode_key(raw: &str) -> String {
    super::normalise::normalise_key(raw).replace(' ', "")
}

/// Builds every index from the input.
pub(crate) fn build(input: GazetteerInput) -> Index {
    let GazetteerInput {
        addresses,
        streets,
        interpolations,
        places,
        edge,
    } = input;
    let mut drafts: Vec<Draft> = Vec::new();
    let mut name_only: Vec<Vec<String>> = Vec::new();

    for s in streets {
        let names: Vec<String> = s
            .names
            .iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !name_key(n).is_empty())
            .collect();
        let Some(main) = names.first() else { continue };
        let lines: Vec<Vec<LonLat>> = s.lines.into_iter().filter(|l| !l.is_empty()).collect();
        let Some(bbox) = BBox::of(lines.iter().flatten()) else {
            name_only.push(names);
            continue;
        };
        let mut d = Draft {
            key: name_key(main),
            lines,
            bbox: Some(bbox),
            alive: true,
            ..Draft::default()
        };
        for (i, n) in names.iter().enumerate() {
            d.vote(n, i == 0);
        }
        drafts.push(d);
    }
    merge_close(&mut drafts);

    // Address points join the nearest street of their name, or make address-only streets.
    let by_name = drafts_by_name(&drafts);
    let mut address_only: HashMap<String, Vec<usize>> = HashMap::new();
    for a in addresses {
        let key = name_key(&a.street);
        if key.is_empty() || a.housenumber.trim().is_empty() {
            continue;
        }
        let b = BBox::point(a.position);
        let target = nearest_draft(&drafts, by_name.get(&key), &b, ATTACH_GAP_M)
            .or_else(|| nearest_draft(&drafts, address_only.get(&key), &b, MERGE_GAP_M));
        let i = target.unwrap_or_else(|| {
            drafts.push(Draft {
                key: key.clone(),
                alive: true,
                ..Draft::default()
            });
            address_only.entry(key).or_default().push(drafts.len() - 1);
            drafts.len() - 1
        });
        let d = &mut drafts[i];
        d.grow(b);
        if d.lines.is_empty() {
            d.vote(a.street.trim(), true);
        }
        d.addresses.push(a);
    }
    merge_close(&mut drafts);

    // Names of streets without geometry (a street just outside the extract, say, with its
    // `name` and `name:sv`) go to every street whose main name is theirs. Only the main
    // ones: an `old_name` among them may be another street's name today.
    for names in &name_only {
        let Some(main) = names.first().map(|n| name_key(n)) else {
            continue;
        };
        let targets: Vec<usize> = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.alive && d.key == main)
            .map(|(i, _)| i)
            .collect();
        for i in targets {
            for n in names {
                drafts[i].vote(n, false);
            }
        }
    }

    for interp in interpolations {
        let key = name_key(&interp.street);
        let Some(b) = BBox::of(&interp.line) else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        let i = nearest_draft(&drafts, by_name.get(&key), &b, ATTACH_GAP_M).unwrap_or_else(|| {
            let mut d = Draft {
                key: key.clone(),
                alive: true,
                ..Draft::default()
            };
            d.vote(interp.street.trim(), true);
            drafts.push(d);
            drafts.len() - 1
        });
        drafts[i].grow(b);
        drafts[i].interps.push(interp);
    }

    let mut index = finish(drafts, edge.as_ref());
    add_place_towns(&mut index, &places);
    index.places = Places::new(places);
    index
}

/// The area's towns, villages and districts named by OSM places (not only by the address
/// points' `addr:city`) are the area's too: an address naming one is not of another town.
/// Chinese names stay with the district rules of `compound`.
fn add_place_towns(index: &mut Index, places: &[PlaceInput]) {
    let towns = places
        .iter()
        .filter(|p| p.kind == PlaceInputKind::District && !p.name.chars().any(is_cjk))
        .map(|p| name_key(&p.name))
        .filter(|k| !k.is_empty());
    for town in towns {
        index.foreign_cities.remove(&town);
        index.cities.insert(town);
    }
}

/// Whether a line comes within [`EDGE_TOUCH_M`] of the edge or crosses it. The box shrunk
/// by twice that in degrees decides most vertices without a geodesic.
fn touches_edge(edge: &DataEdge, lines: &[Vec<LonLat>]) -> bool {
    const M_PER_DEG: f64 = 111_000.0;
    let (sw, ne) = (edge.south_west(), edge.north_east());
    let lat_margin = 2.0 * EDGE_TOUCH_M / M_PER_DEG;
    lines.iter().flatten().any(|&p| {
        let lon_margin = lat_margin / p.lat_deg().to_radians().cos().max(0.01);
        let deep = p.lon_deg() > sw.lon_deg() + lon_margin
            && p.lon_deg() < ne.lon_deg() - lon_margin
            && p.lat_deg() > sw.lat_deg() + lat_margin
            && p.lat_deg() < ne.lat_deg() - lat_margin;
        !deep && (!edge.contains(p) || edge.distance_inside_m(p) <= EDGE_TOUCH_M)
    })
}

fn finish(drafts: Vec<Draft>, edge: Option<&DataEdge>) -> Index {
    let mut index = Index::default();
    let mut city_counts: HashMap<String, usize> = HashMap::new();
    let mut postcode_sums: HashMap<String, (f64, f64, usize)> = HashMap::new();
    for d in drafts.into_iter().filter(|d| d.alive) {
        let Ok(sid) = u32::try_from(index.streets.len()) else {
            break;
        };
        let mut names = d.names;
        names.sort_by(|a, b| b.main.cmp(&a.main).then(a.seen.cmp(&b.seen)));
        let names: Vec<String> = names.into_iter().map(|v| v.text).collect();
        let interpolations: Vec<InterpLine> = d.interps.iter().filter_map(interp_line).collect();
        let first_house = index.houses.len();
        for a in &d.addresses {
            let postcode = a
                .postcode
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty());
            let city = a
                .city
                .as_deref()
                .map(str::trim)
                .filter(|c| c.chars().any(char::is_alphabetic));
            if let Some(p) = postcode {
                let k = postcode_key(p);
                index
                    .postcode_labels
                    .entry(k.clone())
                    .or_insert_with(|| p.to_owned());
                let e = postcode_sums.entry(k).or_default();
                *e = (
                    e.0 + a.position.lon_deg(),
                    e.1 + a.position.lat_deg(),
                    e.2 + 1,
                );
            }
            if let Some(c) = city {
                let k = name_key(c);
                index
                    .city_labels
                    .entry(k.clone())
                    .or_insert_with(|| c.to_owned());
                *city_counts.entry(k).or_default() += 1;
            }
            index.houses.push(House {
                housenumber: a.housenumber.trim().to_owned(),
                position: a.position,
                postcode: postcode.map(str::to_owned),
                city: city.map(str::to_owned),
            });
        }
        let houses = first_house..index.houses.len();
        fill_from_neighbours(&mut index.houses[houses.clone()]);
        let Some(point) = street_point(&d.lines, &index.houses[houses.clone()], &interpolations)
        else {
            index.houses.truncate(first_house);
            continue;
        };
        let mut postcodes: Vec<String> = Vec::new();
        let mut cities: Vec<(String, usize, String)> = Vec::new();
        for h in &index.houses[houses.clone()] {
            if let Some(p) = &h.postcode {
                let k = postcode_key(p);
                if !postcodes.contains(&k) {
                    postcodes.push(k);
                }
            }
            if let Some(c) = &h.city {
                let k = name_key(c);
                match cities.iter_mut().find(|(ck, _, _)| *ck == k) {
                    Some(e) => e.1 += 1,
                    None => cities.push((k, 1, c.clone())),
                }
            }
        }
        let city = cities
            .iter()
            .max_by_key(|(_, n, _)| *n)
            .map(|(_, _, c)| c.clone());
        let leaves_area = edge.is_some_and(|e| touches_edge(e, &d.lines));
        index.streets.push(Street {
            names,
            point,
            numbered: Vec::new(),
            interpolations,
            postcodes,
            cities: with_city_aliases(cities.into_iter().map(|(k, _, _)| k).collect()),
            city,
            leaves_area,
        });
        index_houses(&mut index, sid, houses);
    }
    index_names(&mut index);
    let four_digits = postcode_sums.keys().filter(|k| k.len() == 4).count();
    index.four_digit_postcodes = 2 * four_digits > postcode_sums.len();
    index.postcodes = postcode_sums
        .into_iter()
        .filter_map(|(k, (lon, lat, n))| {
            let n = n as f64;
            Some((k, LonLat::new(lon / n, lat / n).ok()?))
        })
        .collect();
    index.cities = city_counts.into_keys().collect();
    for keys in city_alias_keys() {
        if keys.iter().any(|k| index.cities.contains(k)) {
            index.cities.extend(keys.iter().cloned());
        }
    }
    let stripped: Vec<String> = index
        .cities
        .iter()
        .filter_map(|c| c.strip_suffix('市').map(str::to_owned))
        .collect();
    index.cities.extend(stripped);
    index.cjk_cities = index.cities.iter().any(|c| c.chars().any(is_cjk));
    index.foreign_cities = KNOWN_CITIES
        .iter()
        .map(|c| name_key(c))
        .filter(|k| !index.cities.contains(k))
        .collect();
    index
}

/// City keys with the other-language names of each (`helsinki` with `helsingfors`, …):
/// an address naming its city in Swedish agrees with a street tagged in Finnish.
fn with_city_aliases(mut keys: Vec<String>) -> Vec<String> {
    for group in city_alias_keys() {
        if group.iter().any(|k| keys.contains(k)) {
            for k in group {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    keys
}

/// The name keys of [`CITY_ALIASES`], made once.
fn city_alias_keys() -> &'static [Vec<String>] {
    static KEYS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        CITY_ALIASES
            .iter()
            .map(|group| group.iter().map(|c| name_key(c)).collect())
            .collect()
    })
}

fn interp_line(i: &InterpolationInput) -> Option<InterpLine> {
    let mut stops: Vec<(usize, u32)> = i
        .numbers
        .iter()
        .filter(|(v, _)| *v < i.line.len())
        .filter_map(|(v, n)| Some((*v, parse_osm_housenumber(n)?.number)))
        .collect();
    stops.sort_unstable();
    stops.dedup_by_key(|s| s.0);
    if stops.len() < 2 {
        return None;
    }
    let step = match i.scheme.trim().to_lowercase().as_str() {
        "odd" => Step::Odd,
        "even" => Step::Even,
        _ => Step::All,
    };
    Some(InterpLine {
        line: i.line.clone(),
        stops,
        step,
    })
}

/// Gives houses without a postcode the one of the nearest house on the street within
/// [`FILL_POSTCODE_M`], and houses without a city the nearest one's city.
fn fill_from_neighbours(houses: &mut [House]) {
    let Some(origin) = houses.first().map(|h| h.position) else {
        return;
    };
    let frame = LocalFrame::at(origin);
    let xy: Vec<[f64; 2]> = houses.iter().map(|h| frame.xy_m(h.position)).collect();
    let nearest = |i: usize, has: &dyn Fn(&House) -> bool| -> Option<usize> {
        (0..houses.len())
            .filter(|&j| j != i && has(&houses[j]))
            .min_by(|&a, &b| {
                let da = (xy[a][0] - xy[i][0]).hypot(xy[a][1] - xy[i][1]);
                let db = (xy[b][0] - xy[i][0]).hypot(xy[b][1] - xy[i][1]);
                da.total_cmp(&db)
            })
    };
    let mut postcodes: Vec<Option<String>> = Vec::with_capacity(houses.len());
    let mut cities: Vec<Option<String>> = Vec::with_capacity(houses.len());
    for i in 0..houses.len() {
        let p = houses[i].postcode.clone().or_else(|| {
            let j = nearest(i, &|h| h.postcode.is_some())?;
            (distance_m(houses[i].position, houses[j].position) <= FILL_POSTCODE_M)
                .then(|| houses[j].postcode.clone())
                .flatten()
        });
        let c = houses[i]
            .city
            .clone()
            .or_else(|| houses[nearest(i, &|h| h.city.is_some())?].city.clone());
        postcodes.push(p);
        cities.push(c);
    }
    for ((h, p), c) in houses.iter_mut().zip(postcodes).zip(cities) {
        h.postcode = p;
        h.city = c;
    }
}

/// The street-level point: on the geometry nearest its houses' centroid, else the middle of
/// its longest line, else the house nearest the centroid, else the middle of an
/// interpolation line.
fn street_point(lines: &[Vec<LonLat>], houses: &[House], interps: &[InterpLine]) -> Option<LonLat> {
    let centroid = (!houses.is_empty()).then(|| {
        let n = houses.len() as f64;
        let lon = houses.iter().map(|h| h.position.lon_deg()).sum::<f64>() / n;
        let lat = houses.iter().map(|h| h.position.lat_deg()).sum::<f64>() / n;
        LonLat::new(lon, lat).ok()
    });
    let centroid = centroid.flatten();
    if let Some(c) = centroid {
        if let Some(p) = plane::nearest_on_lines(lines, c) {
            return Some(p);
        }
    }
    let longest = lines
        .iter()
        .max_by(|a, b| plane::length_m(a).total_cmp(&plane::length_m(b)));
    if let Some(p) = longest.and_then(|l| plane::middle(l)) {
        return Some(p);
    }
    if let Some(c) = centroid {
        return houses
            .iter()
            .map(|h| h.position)
            .min_by(|a, b| distance_m(*a, c).total_cmp(&distance_m(*b, c)));
    }
    houses
        .first()
        .map(|h| h.position)
        .or_else(|| interps.first().and_then(|i| plane::middle(&i.line)))
}

fn index_houses(index: &mut Index, sid: u32, houses: std::ops::Range<usize>) {
    let mut numbered: Vec<(u32, HouseKind, u32)> = Vec::new();
    for h in houses {
        let Ok(hid) = u32::try_from(h) else { break };
        let Some(n) = parse_osm_housenumber(&index.houses[h].housenumber) else {
            continue;
        };
        let mut put = |number: u32, letter: char, kind: HouseKind| {
            let e = index
                .house_keys
                .entry((sid, number, letter))
                .or_insert((hid, kind));
            if kind < e.1 {
                *e = (hid, kind);
            }
        };
        match (n.letter, n.range_end) {
            (Some(l), _) => {
                put(n.number, l, HouseKind::Exact);
                put(n.number, '\0', HouseKind::LetterOf);
                numbered.push((n.number, HouseKind::LetterOf, hid));
            }
            (None, Some(end)) => {
                let (lo, hi) = (n.number.min(end), n.number.max(end));
                put(n.number, '\0', HouseKind::Exact);
                index.ranges.entry((sid, n.number, end)).or_insert(hid);
                index.ranges.entry((sid, end, n.number)).or_insert(hid);
                if hi > lo && hi - lo <= MAX_RANGE_SPAN {
                    let step = if (hi - lo) % 2 == 0 { 2 } else { 1 };
                    for m in (lo..=hi).step_by(step) {
                        put(m, '\0', HouseKind::Range);
                    }
                    numbered.push((end, HouseKind::Range, hid));
                }
                numbered.push((n.number, HouseKind::Exact, hid));
            }
            (None, None) => {
                put(n.number, '\0', HouseKind::Exact);
                numbered.push((n.number, HouseKind::Exact, hid));
            }
        }
    }
    numbered.sort_unstable();
    numbered.dedup_by_key(|e| e.0);
    if let Some(s) = index.streets.get_mut(sid as usize) {
        s.numbered = numbered.into_iter().map(|(n, _, h)| (n, h)).collect();
    }
}

fn index_names(index: &mut Index) {
    for (sid, street) in index.streets.iter().enumerate() {
        let Ok(sid) = u32::try_from(sid) else { break };
        for (ni, name) in street.names.iter().enumerate() {
            let Ok(ni) = u16::try_from(ni) else { break };
            for (key, form) in name_keys(name) {
                let hits = index.names.entry(key).or_default();
                match hits.iter_mut().find(|h| h.street == sid) {
                    Some(h) if form < h.form => {
                        h.form = form;
                        h.name = ni;
                    }
                    Some(_) => {}
                    None => hits.push(NameHit {
                        street: sid,
                        name: ni,
                        form,
                    }),
                }
            }
        }
    }
    index.numeral_names = index
        .names
        .keys()
        .any(|k| k.contains(|c: char| c.is_ascii_digit()) && !k.chars().any(is_cjk));
    let mut keys: Vec<String> = index.names.keys().cloned().collect();
    keys.sort_unstable();
    index.fuzzy = FuzzyIndex::new(keys);
}
