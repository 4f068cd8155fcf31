//! One address point per house: the same street and number tagged on both an entrance node
//! and its building (or twice nearby) becomes one point, the node's.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use geo::{Distance, Geodesic, Point};

use super::OsmAddress;

/// Two points with the same street and number closer than this are one address.
pub(super) const DEDUP_RADIUS_M: f64 = 30.0;

/// Which OSM element an address came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Source {
    /// Nodes sort first: a node marks the door, a way only the building's middle.
    Node(i64),
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

/// Keeps, per street and number, nodes before ways (then by id), dropping any point within
/// [`DEDUP_RADIUS_M`] of one already kept; returns them sorted by street and number.
pub(super) fn dedup(candidates: Vec<Candidate>) -> Vec<OsmAddress> {
    let mut groups: BTreeMap<(String, String), Vec<Candidate>> = BTreeMap::new();
    for c in candidates {
        let key = (c.address.street.clone(), c.address.housenumber.clone());
        groups.entry(key).or_default().push(c);
    }
    let mut kept: Vec<OsmAddress> = Vec::new();
    for (_, mut group) in groups {
        group.sort_by_key(|c| c.source);
        let first = kept.len();
        for c in group {
            if kept[first..]
                .iter()
                .all(|k| distance_m(k, &c.address) > DEDUP_RADIUS_M)
            {
                kept.push(c.address);
            }
        }
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
            cand(Source::Node(9), "10", 24.9402, 60.17), // ~11 m east of the way
            cand(Source::Node(8), "10", 24.9500, 60.17), // ~550 m away: another street part
            cand(Source::Node(7), "2", 24.9300, 60.17),
        ]);
        let got: Vec<(&str, f64)> = out.iter().map(|a| (a.housenumber.as_str(), a.lon)).collect();
        assert_eq!(got, vec![("2", 24.93), ("10", 24.9402), ("10", 24.95)]);
    }

    #[test]
    fn numbers_sort_numerically() {
        let mut keys = vec!["10", "2a", "2", "b", "3-5"];
        keys.sort_by_key(|k| number_key(k));
        assert_eq!(keys, vec!["2", "2a", "3-5", "10", "b"]);
    }
}
