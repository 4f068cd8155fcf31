//! Chinese addresses at the level people write them: the residential compound (`小区`,
//! `花园`, `苑`, `大厦`), school or shopping centre an address names, and the district or
//! street office (`徐汇区`, `田林街道`) it says it is in.
//!
//! Rules, in the order [`matching`](super::matching) applies them:
//! 1. A district-level segment (`…区`, `…县`, `…旗`) or a street-office-level segment
//!    (`…街道`, `…镇`, `…乡`) at the start of a Chinese run is checked against the area's
//!    districts of that level (OSM `place=city_district|district|suburb|…`): when the area
//!    knows some of that level but not this one, the address is elsewhere and answers
//!    `none`. When it knows it, candidates are kept to those nearer that district's point
//!    than any other district's of its level (a point-based stand-in for the boundary);
//!    if that keeps none, all are kept, with a lower score.
//! 2. Every substring of a Chinese run is looked up among the names of compounds and POIs;
//!    a name inside a longer one found (`徐汇` inside `徐汇苑`) is dropped.
//! 3. A house (a road and its number) beats a compound, and a compound beats a street
//!    without a usable number: `漕溪北路595弄3号502室` is house 595 of 漕溪北路 (a lane,
//!    `弄` or `巷`, starts at the road's number of the same value, and OSM tags Shanghai
//!    lanes as `addr:housenumber=595弄`; `3号` inside the lane and `502室` are not placed),
//!    and `漕溪北路XX小区5栋2单元301室` is the compound, not the road's middle: a number
//!    before `栋`, `幢`, `号楼`, `座`, `单元`, `室` is never the road's (`parse`).
//!    A numbered building written after the compound (`徐汇苑5栋`) that the area has
//!    (a named `building=residential|apartments` called `5号楼`, `5栋`, `5幢`, `5座` within
//!    500 m of the compound) answers at level `house`, at the building.
//! 4. Two places of one name further apart than `matching::AGREE_M` are a tie: `none`
//!    (for review).
//!
//! Only Chinese runs are searched, so a Finnish neighbourhood name never turns an address
//! into a compound-level answer.

use std::collections::HashMap;

use super::chinese::{self, admin_core, split_admin};
use super::normalise::{Class, is_cjk, name_key, tokenise};
use super::parse::Parsed;
use crate::coord::LonLat;
use crate::geodesy::distance_m;

/// Score of an answer at a compound or POI the address names exactly (a house found
/// beats it whatever its score; it beats a street without a number).
pub(crate) const SCORE_COMPOUND: f32 = 0.8;
/// Score factor when the named district is the area's but none of the candidates lies in
/// it by the nearest-district rule.
const SCORE_DISTRICT_DISAGREES: f32 = 0.85;

/// Suffixes of district-level administrative segments.
const DISTRICT_SUFFIXES: &[&str] = &["新区", "区", "县", "旗"];
/// Suffixes of street-office-level segments.
const SUBDISTRICT_SUFFIXES: &[&str] = &["街道", "镇", "乡"];
/// Markers of a numbered building of a compound: `5栋`, `5幢`, `5号楼`, `5座`, `5号`.
const BUILDING_MARKERS: &[&str] = &["号楼", "栋", "幢", "座", "号"];
/// A numbered building answers for a compound only this close to the compound's point.
const BUILDING_NEAR_M: f64 = 500.0;
/// Score of an answer at a numbered building of the compound named.
const SCORE_BUILDING: f32 = 0.95;

/// A named place an address can give instead of, or beside, a road and number.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInput {
    /// The name as tagged: `徐汇苑`, `港汇恒隆广场`, `徐汇区`.
    pub name: String,
    /// What it is.
    pub kind: PlaceInputKind,
    /// Where it is (an area's centroid).
    pub position: LonLat,
}

/// What a [`PlaceInput`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceInputKind {
    /// A residential compound: answers at level `compound`.
    Compound,
    /// A named shop or amenity (a shopping centre, school, hospital): answers at level
    /// `compound` when the address names it.
    Poi,
    /// A district or subdistrict: only checks that the address is in the area.
    District,
}

/// The level of an administrative segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum AdminLevel {
    District,
    Subdistrict,
}

fn admin_level(name: &str) -> Option<AdminLevel> {
    let ends = |list: &[&str]| {
        list.iter()
            .any(|s| name.ends_with(s) && name.len() > s.len())
    };
    if ends(SUBDISTRICT_SUFFIXES) {
        Some(AdminLevel::Subdistrict)
    } else if ends(DISTRICT_SUFFIXES) {
        Some(AdminLevel::District)
    } else {
        None
    }
}

/// Whether the core of an address's segment names the district of core `district`:
/// equal, or ending with it (`上海徐汇` — a city written without `市` joins the segment).
fn names_district(core: &str, district: &str) -> bool {
    core == district || (district.chars().count() >= 2 && core.ends_with(district))
}

/// A compound or POI the geocoder can answer with.
#[derive(Debug, Clone)]
struct Named {
    name: String,
    position: LonLat,
}

/// The area's named places, indexed.
#[derive(Debug, Default)]
pub(crate) struct Places {
    named: Vec<Named>,
    /// Name key → indexes into `named`.
    by_name: HashMap<String, Vec<u32>>,
    /// `(level, core of the name, point)` of the area's Chinese districts.
    districts: Vec<(AdminLevel, String, LonLat)>,
    /// `(number, point, name)` of named numbered residential buildings (`5号楼`).
    buildings: Vec<(u32, LonLat, String)>,
}

/// The number of a building named like `5号楼`, `５栋`, `5 幢`.
fn building_number(name: &str) -> Option<u32> {
    match tokenise(name).as_slice() {
        [number, marker] if number.class == Class::Num && marker.class == Class::Cjk => {
            BUILDING_MARKERS
                .contains(&marker.text.as_str())
                .then(|| number.text.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

impl Places {
    /// Indexes compounds and POIs by name, and Chinese districts by level.
    pub fn new(input: Vec<PlaceInput>) -> Self {
        let mut places = Places::default();
        for p in input {
            let name = p.name.trim();
            let key = name_key(name);
            if key.is_empty() {
                continue;
            }
            match p.kind {
                PlaceInputKind::District => {
                    if let Some(level) = admin_level(&key).filter(|_| key.chars().any(is_cjk)) {
                        places
                            .districts
                            .push((level, admin_core(&key).0.to_owned(), p.position));
                    }
                }
                PlaceInputKind::Compound if building_number(name).is_some() => {
                    if let Some(n) = building_number(name) {
                        places.buildings.push((n, p.position, name.to_owned()));
                    }
                }
                PlaceInputKind::Compound | PlaceInputKind::Poi => {
                    // A one-character name would match inside almost any address.
                    if key.chars().count() < 2 {
                        continue;
                    }
                    let Ok(id) = u32::try_from(places.named.len()) else {
                        break;
                    };
                    places.named.push(Named {
                        name: name.to_owned(),
                        position: p.position,
                    });
                    places.by_name.entry(key).or_default().push(id);
                }
            }
        }
        places
    }

    /// Number of compounds and POIs indexed.
    pub fn len(&self) -> usize {
        self.named.len()
    }

    /// The building numbered `n` nearest `compound`, within [`BUILDING_NEAR_M`].
    fn building(&self, n: u32, compound: LonLat) -> Option<(LonLat, &str)> {
        self.buildings
            .iter()
            .filter(|(m, _, _)| *m == n)
            .map(|(_, p, name)| (distance_m(*p, compound), *p, name.as_str()))
            .filter(|(d, _, _)| *d <= BUILDING_NEAR_M)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p, name)| (p, name))
    }

    fn knows_level(&self, level: AdminLevel) -> bool {
        self.districts.iter().any(|(l, _, _)| *l == level)
    }

    /// Whether `at` lies nearer the district `(level, point)` than any other district of
    /// that level.
    fn in_district(&self, level: AdminLevel, point: LonLat, at: LonLat) -> bool {
        let own = distance_m(point, at);
        self.districts
            .iter()
            .filter(|(l, _, p)| *l == level && *p != point)
            .all(|(_, _, p)| distance_m(*p, at) >= own)
    }
}

/// A compound or POI an address names.
#[derive(Debug, Clone)]
pub(crate) struct PlaceHit {
    pub position: LonLat,
    /// Its name.
    pub label: String,
    /// Score factor (below 1 when the named district disagrees).
    pub factor: f32,
    /// Whether it is the numbered building of the compound the address names (`5栋`),
    /// found among the area's buildings: an answer at level `house`.
    pub building: bool,
    /// Token of the address it was found in, and its character range.
    pub token: usize,
    pub cover: (usize, usize),
}

/// What the address says in Chinese beside its road: districts and named places.
pub(crate) struct Said {
    /// A district or street office the area does not have.
    pub elsewhere: bool,
    /// `(level, point)` of the area's districts the address names.
    districts: Vec<(AdminLevel, LonLat)>,
    /// Compounds and POIs named.
    places: Vec<PlaceHit>,
}

impl Said {
    /// Reads the Chinese runs of an address against the area's places.
    pub fn new(places: &Places, p: &Parsed) -> Self {
        let mut said = Said {
            elsewhere: false,
            districts: Vec::new(),
            places: Vec::new(),
        };
        if !p.tokens.iter().any(|t| t.class == Class::Cjk) {
            return said;
        }
        let offsets = p.char_offsets();
        for (i, t) in p.tokens.iter().enumerate() {
            if t.class != Class::Cjk {
                continue;
            }
            let run = chinese::strip_country(&t.text);
            let (parts, _) = split_admin(run);
            for part in parts {
                let Some(level) = admin_level(part) else {
                    continue;
                };
                if !places.knows_level(level) {
                    continue;
                }
                let core = admin_core(part).0;
                let found: Vec<LonLat> = places
                    .districts
                    .iter()
                    .filter(|(l, c, _)| *l == level && names_district(core, c))
                    .map(|(_, _, p)| *p)
                    .collect();
                if found.is_empty() {
                    said.elsewhere = true;
                }
                said.districts.extend(found.into_iter().map(|p| (level, p)));
            }
            let building = building_after(p, i);
            said.places.extend(
                compound_hits(places, &t.text, i, offsets[i])
                    .into_iter()
                    .map(|h| match building {
                        Some(n) if h.cover.1 == offsets[i + 1] => in_building(places, h, n),
                        _ => h,
                    }),
            );
        }
        said
    }

    /// Keeps the answers inside the districts the address names (see the module docs);
    /// when none is, keeps all, each score multiplied through `score`.
    pub fn restrict<T>(
        &self,
        places: &Places,
        answers: Vec<T>,
        position: impl Fn(&T) -> LonLat,
        score: impl Fn(&mut T) -> &mut f32,
    ) -> Vec<T> {
        if self.districts.is_empty() || answers.is_empty() {
            return answers;
        }
        let inside = |a: &T| {
            self.districts
                .iter()
                .all(|&(level, point)| places.in_district(level, point, position(a)))
        };
        if answers.iter().any(inside) {
            answers.into_iter().filter(inside).collect()
        } else {
            answers
                .into_iter()
                .map(|mut a| {
                    *score(&mut a) *= SCORE_DISTRICT_DISAGREES;
                    a
                })
                .collect()
        }
    }

    /// The compounds and POIs named, after the district rule.
    pub fn places(&self, places: &Places) -> Vec<PlaceHit> {
        self.restrict(
            places,
            self.places.clone(),
            |h| h.position,
            |h| &mut h.factor,
        )
    }
}

/// The number of the building written right after token `i` (`5栋`, `12号楼`).
fn building_after(p: &Parsed, i: usize) -> Option<u32> {
    let (number, marker) = (p.tokens.get(i + 1)?, p.tokens.get(i + 2)?);
    if number.class != Class::Num || marker.class != Class::Cjk {
        return None;
    }
    let n: u32 = number.text.parse().ok()?;
    BUILDING_MARKERS
        .iter()
        .any(|m| marker.text.starts_with(m))
        .then_some(n)
}

/// A compound hit moved to its building numbered `n`, when the area has that building.
fn in_building(places: &Places, hit: PlaceHit, n: u32) -> PlaceHit {
    match places.building(n, hit.position) {
        Some((position, name)) => PlaceHit {
            position,
            label: format!("{} {name}", hit.label),
            factor: hit.factor * SCORE_BUILDING,
            building: true,
            ..hit
        },
        None => hit,
    }
}

/// Compound and POI names inside one Chinese run (token `token`, starting at character
/// `at` of the address), longest first, none inside another.
fn compound_hits(places: &Places, run: &str, token: usize, at: usize) -> Vec<PlaceHit> {
    if places.by_name.is_empty() {
        return Vec::new();
    }
    let char_of: HashMap<usize, usize> = run
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(run.len()))
        .enumerate()
        .map(|(k, b)| (b, at + k))
        .collect();
    let mut covers: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (s, e, _) in chinese::substrings(run) {
        let Some(ids) = run.get(s..e).and_then(|k| places.by_name.get(k)) else {
            continue;
        };
        let cover = (
            char_of.get(&s).copied().unwrap_or(at),
            char_of.get(&e).copied().unwrap_or(at),
        );
        if covers.iter().any(|&(a, b)| a <= cover.0 && cover.1 <= b) {
            continue;
        }
        covers.push(cover);
        out.extend(ids.iter().filter_map(|&id| {
            let n = places.named.get(id as usize)?;
            Some(PlaceHit {
                position: n.position,
                label: n.name.clone(),
                factor: 1.0,
                building: false,
                token,
                cover,
            })
        }));
    }
    out
}
