//! One address point per house: the same street and number tagged on both an entrance node
//! and its building (or twice nearby) becomes one point, the node's.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use geo::{Distance, Geodesic, Point};

use super::OsmAddress;

/// Two points with the same street and number closer than this are one address.
pub(super) const DEDUP_RADIUS_M: f64 = 30.0;

/// Which OSM element an address came from; the derived order is the preference for the
/// point that stands for a house.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Source {
    /// A node that is only an address (often the door).
    AddressNode(i64),
    /// A shop, office or the like inside the building, carrying the building's address.
    PoiNode(i64),
    /// A building (or other way): its centroid.
    Way(i64),
}

/// An address before deduplication.
pub(super) struct Candidate {
    pub source: Source,
    pub address: OsmAddress,
}

/// Geodesic distance between two address points.
///
/// # Units
///
/// Metres.
pub(super) fn distance_m(a: &OsmAddress, b: &OsmAddress) -> f64 {
    Geodesic.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat))
}

/// One point per house: points with the same street and number that are chained by gaps
/// of at most [`DEDUP_RADIUS_M`] are one house (a department store's twenty shops all carry
/// its address), represented by its preferred [`Source`]: a plain address node, else a POI
/// node, else the building. Returns them sorted by street and number.
pub(super) fn dedup(candidates: Vec<Candidate>) -> Vec<OsmAddress> {
    let mut groups: BTreeMap<(String, String), Vec<Candidate>> = BTreeMap::new();
    for c in candidates {
        let key = (c.address.street.clone(), c.address.housenumber.clone());
        groups.entry(key).or_default().push(c);
    }
    let mut kept: Vec<OsmAddress> = Vec::new();
    for (_, mut group) in groups {
        group.sort_by_key(|c| c.source);
        // Connected components of "within the radius"; a group is a handful of points.
        let mut component: Vec<Option<usize>> = vec![None; group.len()];
        for seed in 0..group.len() {
            if component[seed].is_some() {
                continue;
            }
            component[seed] = Some(seed);
            let mut stack = vec![seed];
            while let Some(i) = stack.pop() {
                for j in 0..group.len() {
                    if component[j].is_none()
                        && distance_m(&group[i].address, &group[j].address) <= DEDUP_RADIUS_M
                    {
                        component[j] = Some(seed);
                        stack.push(j);
                    }
                }
            }
        }
        // Each component's seed is its first, i.e. preferred, member.
        kept.extend(
            group
                .into_iter()
                .zip(component)
                .enumerate()
                .filter(|(i, (_, comp))| *comp == Some(*i))
                .map(|(_, (c, _))| c.address),
        );
    }
    kept.sort_by(compare);
    kept
}

/// Street, then house number in reading order (`2` < `2a` < `10`), then position.
fn compare(a: &OsmAddress, b: &OsmAddress) -> Ordering {
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
            },
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
        let got: Vec<(&str, f64)> = out
            .iter()
            .map(|a| (a.housenumber.as_str(), a.lon))
            .collect();
        assert_eq!(got, vec![("2", 24.93), ("10", 24.9402), ("10", 24.95)]);
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
        assert!((out[0].lon - (24.94 + 4.5 * step)).abs() < 1e-12);
    }

    #[test]
    fn numbers_sort_numerically() {
        let mut keys = vec!["10", "2a", "2", "b", "3-5"];
        keys.sort_by_key(|k| number_key(k));
        assert_eq!(keys, vec!["2", "2a", "3-5", "10", "b"]);
    }
}
