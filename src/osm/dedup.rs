//! One address point per house: the same street and number tagged on both an entrance node
//! and its building (or twice nearby) becomes one point, the node's. The house remembers
//! what every object carrying its address is used for, for deciding whether it is a home.

use std::collections::HashMap;

use crate::coord::LonLat;
use crate::geodesy;

use super::OsmAddress;
use super::model::ElementKind;
use super::near::Near;
use super::tags::{BuildingUse, Housing};

/// Two points with the same street and number closer than this are one address.
pub(super) const DEDUP_RADIUS_M: f64 = 30.0;

/// Which OSM element an address came from; the derived order is the preference for the
/// point that stands for a house.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Source {
    /// A node that is only an address (often the door).
    AddressNode(i64),
    /// A shop, office or the like inside the building, carrying the building's address.
    PoiNode(i64),
    /// A building (or other way): its centroid.
    Way(i64),
    /// A multipolygon building: its centroid. Joins a house found from the others rather
    /// than linking two of them, so adding multipolygons never changes those houses.
    Relation(i64),
}

impl Source {
    /// The kind of element.
    pub fn element(self) -> ElementKind {
        match self {
            Source::AddressNode(_) | Source::PoiNode(_) => ElementKind::Node,
            Source::Way(_) => ElementKind::Way,
            Source::Relation(_) => ElementKind::Relation,
        }
    }
}

/// What the object carrying an address is used for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Usage {
    /// Its `building=*` type, if it is a building.
    pub building: Option<BuildingUse>,
    /// Its kind of housing, if it is a residential building.
    pub housing: Option<Housing>,
    /// Its `building:flats`.
    pub flats: Option<u32>,
    /// Its `building:levels`.
    pub levels: Option<u32>,
    /// Its footprint in whole m², for a building whose outline the extract holds.
    pub footprint_m2: Option<u32>,
    /// The element a residential building was read from, linking it to its outline.
    pub building_id: Option<Source>,
    /// It carries `shop`, `amenity`, `office`, … (see `Tags::non_residential_use`).
    pub non_residential: bool,
}

/// An address before deduplication.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub source: Source,
    pub address: OsmAddress,
    pub usage: Usage,
}

/// One house: its address point and what each object carrying the address is used for.
#[derive(Debug, Clone)]
pub(super) struct House {
    pub address: OsmAddress,
    pub objects: Vec<Usage>,
}

/// Geodesic distance between two address points; infinite when either is no position on
/// Earth (the reader keeps only valid ones), so such a point is near nothing.
///
/// # Units
///
/// Metres.
pub(super) fn distance_m(a: &OsmAddress, b: &OsmAddress) -> f64 {
    let position = |x: &OsmAddress| LonLat::new(x.lon, x.lat).ok();
    position(a)
        .zip(position(b))
        .map_or(f64::INFINITY, |(a, b)| geodesy::distance_m(a, b))
}

/// One point per house: points with the same street and number that are chained by gaps
/// of at most [`DEDUP_RADIUS_M`] are one house (a department store's twenty shops all carry
/// its address), represented by its preferred [`Source`]: a plain address node, else a POI
/// node, else the building. Multipolygon candidates then join the nearest such house within
/// the radius, or form houses among themselves. Returns them sorted by street and number.
pub(super) fn dedup(candidates: Vec<Candidate>) -> Vec<House> {
    let (relations, others): (Vec<Candidate>, Vec<Candidate>) = candidates
        .into_iter()
        .partition(|c| matches!(c.source, Source::Relation(_)));
    let mut houses = houses(others);
    if relations.is_empty() {
        return houses;
    }
    let joins: Vec<Option<usize>> = {
        let mut by_key: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, h) in houses.iter().enumerate() {
            by_key
                .entry((&h.address.street, &h.address.housenumber))
                .or_default()
                .push(i);
        }
        relations
            .iter()
            .map(|c| {
                by_key
                    .get(&(c.address.street.as_str(), c.address.housenumber.as_str()))
                    .into_iter()
                    .flatten()
                    .map(|&i| (distance_m(&houses[i].address, &c.address), i))
                    .filter(|&(d, _)| d <= DEDUP_RADIUS_M)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, i)| i)
            })
            .collect()
    };
    let mut left = Vec::new();
    for (c, join) in relations.into_iter().zip(joins) {
        match join {
            Some(i) => houses[i].objects.push(c.usage),
            None => left.push(c),
        }
    }
    if !left.is_empty() {
        houses.extend(self::houses(left));
        sort_houses(&mut houses);
    }
    houses
}

/// Sorts `items` by their `keys` (same length; ties keep their order), moving each item
/// at most twice: big structs sorted directly move ~log n times each, and sorted through
/// references their fields are fetched from all over memory at every comparison.
fn sort_by_keys<T, K: Ord>(items: &mut [T], keys: Vec<K>) {
    let mut keyed: Vec<(K, usize)> = keys.into_iter().zip(0..).collect();
    keyed.sort_unstable();
    // order[k]: the index of the item that belongs at k.
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    for start in 0..order.len().min(items.len()) {
        let mut k = start;
        loop {
            let from = order[k];
            order[k] = k;
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// The rank of each distinct string in byte order, so sort keys compare numbers instead
/// of strings.
fn ranks<'a>(values: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
    let mut distinct: Vec<&str> = values.collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.into_iter().zip(0..).collect()
}

/// Sorts houses by street, then house number in reading order (`2` < `2a` < `10`), then
/// position (latitude, longitude).
fn sort_houses(houses: &mut [House]) {
    let keys: Vec<(u32, u64, u32, i64, i64)> = {
        let streets = ranks(houses.iter().map(|h| h.address.street.as_str()));
        let numbers = ranks(houses.iter().map(|h| h.address.housenumber.as_str()));
        houses
            .iter()
            .map(|h| {
                let a = &h.address;
                (
                    streets.get(a.street.as_str()).copied().unwrap_or(u32::MAX),
                    number_key(&a.housenumber).0,
                    numbers
                        .get(a.housenumber.as_str())
                        .copied()
                        .unwrap_or(u32::MAX),
                    total_key(a.lat),
                    total_key(a.lon),
                )
            })
            .collect()
    };
    sort_by_keys(houses, keys);
}

/// An integer ordered as [`f64::total_cmp`] orders the floats.
fn total_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// Chains candidates of one street and number into houses (see [`dedup`]).
fn houses(mut candidates: Vec<Candidate>) -> Vec<House> {
    // Groups of one street and number, each in order of preference.
    let keys: Vec<(u32, u32, Source)> = {
        let streets = ranks(candidates.iter().map(|c| c.address.street.as_str()));
        let numbers = ranks(candidates.iter().map(|c| c.address.housenumber.as_str()));
        candidates
            .iter()
            .map(|c| {
                let rank =
                    |map: &HashMap<&str, u32>, s: &str| map.get(s).copied().unwrap_or(u32::MAX);
                (
                    rank(&streets, &c.address.street),
                    rank(&numbers, &c.address.housenumber),
                    c.source,
                )
            })
            .collect()
    };
    sort_by_keys(&mut candidates, keys);
    let mut kept: Vec<House> = Vec::with_capacity(candidates.len());
    let mut rest = candidates.into_iter().peekable();
    while let Some(first) = rest.next() {
        let mut group = vec![first];
        while let Some(c) = rest.next_if(|c| {
            c.address.street == group[0].address.street
                && c.address.housenumber == group[0].address.housenumber
        }) {
            group.push(c);
        }
        let component = if group.len() == 1 {
            vec![0]
        } else {
            components(&group)
        };
        // Each component's seed is its first, i.e. preferred, member, and comes before
        // the others: at_seed[seed] is its house.
        let mut at_seed: Vec<usize> = Vec::with_capacity(group.len());
        for (i, (c, comp)) in group.into_iter().zip(component).enumerate() {
            at_seed.push(kept.len());
            if comp == i {
                let mut address = c.address;
                address.element = c.source.element();
                kept.push(House {
                    address,
                    objects: vec![c.usage],
                });
            } else if let Some(&h) = at_seed.get(comp) {
                kept[h].objects.push(c.usage);
            }
        }
    }
    sort_houses(&mut kept);
    kept
}

/// The component (its first member's index) of each candidate of one street and number,
/// under "within [`DEDUP_RADIUS_M`]". A group is mostly a handful of points, but one
/// number on a street name many towns share can be hundreds: those look for neighbours in
/// a grid.
fn components(group: &[Candidate]) -> Vec<usize> {
    let near = (group.len() > 8).then(|| {
        Near::new(
            group
                .iter()
                .map(|c| LonLat::new(c.address.lon, c.address.lat).ok()),
            DEDUP_RADIUS_M,
        )
    });
    let neighbours = |i: usize| -> Vec<usize> {
        let a = &group[i].address;
        match (&near, LonLat::new(a.lon, a.lat)) {
            (Some(near), Ok(p)) => near
                .around(p, DEDUP_RADIUS_M)
                .into_iter()
                .map(|x| x.0)
                .collect(),
            _ => (0..group.len()).collect(),
        }
    };
    let mut component: Vec<Option<usize>> = vec![None; group.len()];
    for seed in 0..group.len() {
        if component[seed].is_some() {
            continue;
        }
        component[seed] = Some(seed);
        let mut stack = vec![seed];
        while let Some(i) = stack.pop() {
            for j in neighbours(i) {
                if component[j].is_none()
                    && distance_m(&group[i].address, &group[j].address) <= DEDUP_RADIUS_M
                {
                    component[j] = Some(seed);
                    stack.push(j);
                }
            }
        }
    }
    component
        .into_iter()
        .enumerate()
        .map(|(i, c)| c.unwrap_or(i))
        .collect()
}

/// The order [`sort_houses`] sorts in, written plainly: the tests' oracle.
#[cfg(test)]
fn compare(a: &OsmAddress, b: &OsmAddress) -> std::cmp::Ordering {
    a.street
        .cmp(&b.street)
        .then_with(|| number_key(&a.housenumber).cmp(&number_key(&b.housenumber)))
        .then(a.lat.total_cmp(&b.lat))
        .then(a.lon.total_cmp(&b.lon))
}

/// The leading number (if any) and the rest, so numbers sort numerically.
fn number_key(housenumber: &str) -> (u64, &str) {
    let digits = housenumber
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(housenumber.len());
    let n = housenumber[..digits].parse().unwrap_or(u64::MAX);
    (n, housenumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(source: Source, n: &str, lon: f64, lat: f64) -> Candidate {
        Candidate {
            source,
            address: OsmAddress {
                street: "Testikatu".into(),
                housenumber: n.into(),
                postcode: None,
                city: None,
                lon,
                lat,
                filled: Default::default(),
                element: source.element(),
            },
            usage: Usage::default(),
        }
    }

    #[test]
    fn node_wins_over_building_within_30_m_and_far_twins_stay() {
        let out = dedup(vec![
            cand(Source::Way(1), "10", 24.9400, 60.17),
            cand(Source::PoiNode(9), "10", 24.9402, 60.17), // ~11 m east of the way
            cand(Source::AddressNode(8), "10", 24.9500, 60.17), // ~550 m away
            cand(Source::AddressNode(7), "2", 24.9300, 60.17),
        ]);
        let got: Vec<(&str, f64, usize)> = out
            .iter()
            .map(|h| {
                (
                    h.address.housenumber.as_str(),
                    h.address.lon,
                    h.objects.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![("2", 24.93, 1), ("10", 24.9402, 2), ("10", 24.95, 1)]
        );
    }

    #[test]
    fn multipolygons_join_a_house_or_make_their_own_but_never_link_two() {
        // Two nodes 50 m apart: two houses. A multipolygon centroid halfway between joins
        // the nearer one instead of chaining them; one far away is a house of its own.
        let step = 25.0 / 111_320.0 / 60f64.to_radians().cos();
        let mut building = cand(Source::Relation(5), "7", 24.94 + 0.9 * step, 60.17);
        building.usage.building = Some(BuildingUse::Residential);
        let out = dedup(vec![
            cand(Source::AddressNode(1), "7", 24.94, 60.17),
            cand(Source::AddressNode(2), "7", 24.94 + 2.0 * step, 60.17),
            building,
            cand(Source::Relation(6), "7", 24.95, 60.17),
        ]);
        let got: Vec<(ElementKind, usize)> = out
            .iter()
            .map(|h| (h.address.element, h.objects.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (ElementKind::Node, 2),
                (ElementKind::Node, 1),
                (ElementKind::Relation, 1)
            ]
        );
        assert_eq!(out[0].objects[1].building, Some(BuildingUse::Residential));
    }

    #[test]
    fn a_chain_of_shops_in_one_building_is_one_address_at_the_plain_node() {
        // Five shops 20 m apart (80 m end to end) and the address node at one end.
        let step = 20.0 / 111_320.0 / 60f64.to_radians().cos();
        let mut points: Vec<Candidate> = (0..5)
            .map(|i| cand(Source::PoiNode(i), "52", 24.94 + i as f64 * step, 60.17))
            .collect();
        points.push(cand(
            Source::AddressNode(99),
            "52",
            24.94 + 4.5 * step,
            60.17,
        ));
        let out = dedup(points);
        assert_eq!(out.len(), 1);
        assert!((out[0].address.lon - (24.94 + 4.5 * step)).abs() < 1e-12);
        assert_eq!(out[0].objects.len(), 6);
    }

    #[test]
    fn a_number_repeated_in_many_towns_stays_one_house_per_town() {
        // 200 towns 1 km apart, each with the plain node and a shop 20 m away.
        let step = 1.0 / 111_320.0 / 60f64.to_radians().cos();
        let mut points = Vec::new();
        for town in 0..200 {
            let lon = 20.0 + town as f64 * 1000.0 * step;
            points.push(cand(Source::AddressNode(town), "1", lon, 60.17));
            points.push(cand(Source::PoiNode(town), "1", lon + 20.0 * step, 60.17));
        }
        let out = dedup(points);
        assert_eq!(out.len(), 200);
        assert!(
            out.iter()
                .all(|h| h.objects.len() == 2 && h.address.element == ElementKind::Node)
        );
    }

    #[test]
    fn sorting_by_keys_matches_a_stable_sort() {
        let mut v: Vec<(u8, usize)> = (0..500).map(|i| ((i * 7919 % 13) as u8, i)).collect();
        let mut expected = v.clone();
        expected.sort_by_key(|x| x.0);
        let keys = v.iter().map(|x| x.0).collect();
        sort_by_keys(&mut v, keys);
        assert_eq!(v, expected);
        sort_by_keys::<u8, u8>(&mut [], Vec::new());
    }

    #[test]
    fn house_sort_keys_order_as_compare_does() {
        let mut floats = vec![-1.5, 0.0, -0.0, 2.0, f64::INFINITY, -3.0, 1e-300];
        let mut by_key = floats.clone();
        floats.sort_by(f64::total_cmp);
        by_key.sort_by_key(|&x| total_key(x));
        assert_eq!(floats, by_key);
        let mut houses: Vec<House> = ["10", "2a", "2", "b", "3-5", "2"]
            .iter()
            .enumerate()
            .map(|(i, n)| House {
                address: cand(
                    Source::AddressNode(i as i64),
                    n,
                    24.9,
                    60.2 - i as f64 * 1e-3,
                )
                .address,
                objects: Vec::new(),
            })
            .collect();
        let mut expected = houses.clone();
        expected.sort_by(|a, b| compare(&a.address, &b.address));
        sort_houses(&mut houses);
        let numbers = |h: &[House]| -> Vec<(String, f64)> {
            h.iter()
                .map(|h| (h.address.housenumber.clone(), h.address.lat))
                .collect()
        };
        assert_eq!(numbers(&houses), numbers(&expected));
    }

    #[test]
    fn numbers_sort_numerically() {
        let mut keys = vec!["10", "2a", "2", "b", "3-5"];
        keys.sort_by_key(|k| number_key(k));
        assert_eq!(keys, vec!["2", "2a", "3-5", "10", "b"]);
    }
}
