//! The single pass: what to keep from each node and way, and how a way gets a point.

use std::collections::{BTreeMap, HashMap};

use geo::{Centroid, Coord, LineString, Polygon};

use super::dedup::{self, Candidate, Source};
use super::tags::Tags;
use super::{OsmArea, Poi};

/// Accumulates one extract; feed nodes before ways (the PBF order), then [`finish`](Self::finish).
#[derive(Default)]
pub(super) struct Collector {
    /// Every node's `(lon, lat)` in degrees, so ways can be placed.
    node_lonlat: HashMap<i64, (f64, f64)>,
    addresses: Vec<Candidate>,
    pois: Vec<Poi>,
    /// Finnish name → Swedish name → number of ways saying so.
    names_sv: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Collector {
    pub fn node<'a>(
        &mut self,
        id: i64,
        lon: f64,
        lat: f64,
        tags: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
    ) {
        self.node_lonlat.insert(id, (lon, lat));
        if tags.len() == 0 {
            return;
        }
        let tags = Tags::new(tags);
        let source = if tags.is_feature() {
            Source::PoiNode(id)
        } else {
            Source::AddressNode(id)
        };
        self.take(&tags, source, (lon, lat));
    }

    pub fn way<'a>(
        &mut self,
        id: i64,
        refs: impl Iterator<Item = i64>,
        tags: impl Iterator<Item = (&'a str, &'a str)>,
    ) {
        let tags = Tags::new(tags);
        if tags.is_empty() {
            return;
        }
        if let Some((fi, sv)) = tags.street_names() {
            *self
                .names_sv
                .entry(fi.to_owned())
                .or_default()
                .entry(sv.to_owned())
                .or_default() += 1;
        }
        if tags.address().is_none() && tags.poi().is_none() {
            return;
        }
        let refs: Vec<i64> = refs.collect();
        if let Some(lonlat) = self.way_point(&refs) {
            self.take(&tags, Source::Way(id), lonlat);
        }
    }

    fn take(&mut self, tags: &Tags<'_>, source: Source, (lon, lat): (f64, f64)) {
        let address = tags.address();
        if let Some((name, category)) = tags.poi() {
            self.pois.push(Poi {
                name: name.to_owned(),
                category: category.to_owned(),
                lon,
                lat,
                address: address
                    .as_ref()
                    .map(|a| format!("{} {}", a.street, a.housenumber)),
            });
        }
        if let Some(a) = address {
            self.addresses.push(Candidate {
                source,
                address: super::OsmAddress {
                    street: a.street.to_owned(),
                    housenumber: a.housenumber.to_owned(),
                    postcode: a.postcode.map(str::to_owned),
                    city: a.city.map(str::to_owned),
                    lon,
                    lat,
                },
            });
        }
    }

    /// The area centroid of a complete closed way, else the mean of its resolvable nodes;
    /// `None` when no node is in the extract.
    fn way_point(&self, refs: &[i64]) -> Option<(f64, f64)> {
        let known: Vec<(f64, f64)> = refs
            .iter()
            .filter_map(|r| self.node_lonlat.get(r).copied())
            .collect();
        if known.is_empty() {
            return None;
        }
        let closed = refs.len() >= 4 && refs.first() == refs.last();
        if closed && known.len() == refs.len() {
            let ring: LineString = known.iter().map(|&(x, y)| Coord { x, y }).collect();
            if let Some(c) = Polygon::new(ring, vec![]).centroid() {
                return Some((c.x(), c.y()));
            }
        }
        // A closed way repeats its first node at the end; count it once.
        let vertices = if closed && known.len() == refs.len() {
            &known[1..]
        } else {
            &known[..]
        };
        let n = vertices.len() as f64;
        let (sx, sy) = vertices
            .iter()
            .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x, sy + y));
        Some((sx / n, sy / n))
    }

    pub fn finish(self) -> OsmArea {
        let mut pois = self.pois;
        pois.sort_by(|a, b| {
            (&a.name, &a.category)
                .cmp(&(&b.name, &b.category))
                .then(a.lat.total_cmp(&b.lat))
                .then(a.lon.total_cmp(&b.lon))
        });
        // Where ways disagree on the Swedish name, the most common wins (ties: first by name).
        let street_names_sv = self
            .names_sv
            .into_iter()
            .filter_map(|(fi, counts)| {
                let sv = counts
                    .into_iter()
                    .max_by(|(a_name, a_n), (b_name, b_n)| a_n.cmp(b_n).then(b_name.cmp(a_name)))?
                    .0;
                Some((fi, sv))
            })
            .collect();
        OsmArea {
            addresses: dedup::dedup(self.addresses),
            pois,
            street_names_sv,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_tags() -> std::vec::IntoIter<(&'static str, &'static str)> {
        Vec::new().into_iter()
    }

    fn house(n: &'static str) -> std::vec::IntoIter<(&'static str, &'static str)> {
        vec![
            ("building", "yes"),
            ("addr:street", "Testikatu"),
            ("addr:housenumber", n),
        ]
        .into_iter()
    }

    #[test]
    fn ways_are_placed_at_their_centroid_and_skipped_when_clipped_away() {
        let mut c = Collector::default();
        // A unit square and a node for a half-clipped way.
        for (id, lon, lat) in [
            (1, 0.0, 0.0),
            (2, 0.001, 0.0),
            (3, 0.001, 0.001),
            (4, 0.0, 0.001),
        ] {
            c.node(id, lon, lat, no_tags());
        }
        c.way(10, [1, 2, 3, 4, 1].into_iter(), house("1"));
        c.way(11, [2, 98, 99, 2].into_iter(), house("2"));
        c.way(12, [97, 98, 99, 97].into_iter(), house("3"));
        let area = c.finish();
        assert_eq!(area.addresses.len(), 2);
        let a1 = &area.addresses[0];
        assert_eq!(a1.housenumber, "1");
        assert!((a1.lon - 0.0005).abs() < 1e-12 && (a1.lat - 0.0005).abs() < 1e-12);
        let a2 = &area.addresses[1];
        assert_eq!((a2.housenumber.as_str(), a2.lon, a2.lat), ("2", 0.001, 0.0));
    }

    #[test]
    fn swedish_name_is_the_most_common_one() {
        let mut c = Collector::default();
        let road = |sv: &'static str| {
            vec![
                ("highway", "residential"),
                ("name", "Katu"),
                ("name:sv", sv),
            ]
            .into_iter()
        };
        c.way(1, [].into_iter(), road("Gatan"));
        c.way(2, [].into_iter(), road("Gata"));
        c.way(3, [].into_iter(), road("Gata"));
        c.way(
            4,
            [].into_iter(),
            vec![("name", "Puisto"), ("name:sv", "Parken")].into_iter(),
        );
        let area = c.finish();
        assert_eq!(area.street_names_sv.len(), 1);
        assert_eq!(area.street_names_sv["Katu"], "Gata");
    }
}
