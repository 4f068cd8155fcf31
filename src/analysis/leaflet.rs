//! Leaflet plans: the streets of an area with the homes on each, in an order one person
//! can walk.
//!
//! A home belongs to the street of its address point (the OSM `addr:street`); a home
//! without an address (a residential building counted at its centroid) belongs to the
//! nearest named street within [`STREET_REACH_M`], else to no street, listed last as
//! `(no street)`. Streets are visited in a sweep: sorted along the direction in which
//! their centres spread most, starting from the end nearer the shop, so the walk never
//! doubles back across the area (a boustrophedon over parallel streets; not the shortest
//! route, but a stable one a person can follow). Within a street the walker goes from
//! the home nearest where they came from to the far end.

use crate::geodesy::LocalFrame;
use crate::osm::{Area, Home};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A home without an address goes to the nearest named street within this many metres.
pub const STREET_REACH_M: f64 = 100.0;

/// Label of the homes on no named street.
pub const NO_STREET: &str = "(no street)";

/// One street of a leaflet plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeafletStreet {
    /// Street name.
    pub street: String,
    /// Dwellings (letterboxes) on it in the area.
    pub homes: u64,
    /// Home points (addresses or buildings) on it in the area.
    pub home_points: u64,
    /// Distance from the shop to its nearest home, metres.
    pub nearest_m: f64,
}

/// A walkable list of streets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LeafletRoute {
    /// Streets in walking order.
    pub streets: Vec<LeafletStreet>,
    /// Dwellings over all streets.
    pub homes: u64,
    /// Rough walking length in metres: along each street's homes and between streets,
    /// as the crow flies.
    pub walk_m: f64,
}

/// Which street each home is on.
#[derive(Debug, Clone)]
pub struct StreetLookup {
    by_position: HashMap<(u64, u64), String>,
    /// Street segments in the shop's plane with the street's main name.
    segments: Vec<([f64; 2], [f64; 2], u32)>,
    names: Vec<String>,
}

impl StreetLookup {
    /// Indexes the area's address points, and its streets within `reach_m` of the shop.
    ///
    /// # Units
    /// Metres.
    pub fn new(area: &Area, frame: &LocalFrame, reach_m: f64) -> Self {
        let by_position = area
            .addresses
            .iter()
            .map(|a| ((a.lon.to_bits(), a.lat.to_bits()), a.street.clone()))
            .collect();
        let mut segments = Vec::new();
        let mut names = Vec::new();
        let limit = reach_m + STREET_REACH_M;
        for s in &area.streets {
            let Some(name) = s.names.first() else {
                continue;
            };
            let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
            let mut used = false;
            for line in &s.lines {
                let pts: Vec<[f64; 2]> = line.iter().map(|p| frame.xy_m(*p)).collect();
                for w in pts.windows(2) {
                    if w[0][0].hypot(w[0][1]) <= limit || w[1][0].hypot(w[1][1]) <= limit {
                        segments.push((w[0], w[1], id));
                        used = true;
                    }
                }
            }
            if used {
                names.push(name.clone());
            }
        }
        Self {
            by_position,
            segments,
            names,
        }
    }

    /// The street of a home: its address's street, else the nearest named street within
    /// [`STREET_REACH_M`]. `xy_m` is the home in the shop's plane.
    pub fn street_of(&self, home: &Home, xy_m: [f64; 2]) -> Option<&str> {
        let key = (
            home.position.lon_deg().to_bits(),
            home.position.lat_deg().to_bits(),
        );
        if let Some(s) = self.by_position.get(&key) {
            return Some(s);
        }
        let mut best: Option<(f64, u32)> = None;
        for (a, b, id) in &self.segments {
            let d = point_segment_m(xy_m, *a, *b);
            if d <= STREET_REACH_M && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, *id));
            }
        }
        best.and_then(|(_, id)| self.names.get(id as usize).map(String::as_str))
    }
}

fn point_segment_m(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p[0] - a[0] - t * ab[0]).hypot(p[1] - a[1] - t * ab[1])
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// A home on a street: its plane position and dwellings.
type StreetHome = ([f64; 2], u32);

/// Orders the streets of `homes` (homes with their positions in the shop's plane) into a
/// walk, as the module doc describes.
pub fn leaflet_route(homes: &[(&Home, [f64; 2])], lookup: &StreetLookup) -> LeafletRoute {
    // Street → its homes' plane positions and dwellings; BTreeMap for a stable order.
    let mut by_street: BTreeMap<String, Vec<StreetHome>> = BTreeMap::new();
    for (h, xy) in homes {
        let name = lookup.street_of(h, *xy).unwrap_or(NO_STREET).to_owned();
        by_street
            .entry(name)
            .or_default()
            .push((*xy, h.dwellings.max(1)));
    }
    let no_street = by_street.remove(NO_STREET);
    let mut streets: Vec<(String, Vec<StreetHome>, [f64; 2])> = by_street
        .into_iter()
        .map(|(name, pts)| {
            let n = pts.len().max(1) as f64;
            let c = pts
                .iter()
                .fold([0.0, 0.0], |a, (p, _)| [a[0] + p[0] / n, a[1] + p[1] / n]);
            (name, pts, c)
        })
        .collect();
    // Sweep along the principal axis of the streets' centres, from the end nearer the shop.
    let axis = principal_axis(&streets.iter().map(|s| s.2).collect::<Vec<_>>());
    let along = |c: [f64; 2]| c[0] * axis[0] + c[1] * axis[1];
    streets.sort_by(|a, b| along(a.2).total_cmp(&along(b.2)).then(a.0.cmp(&b.0)));
    if let (Some(first), Some(last)) = (streets.first(), streets.last())
        && first.2[0].hypot(first.2[1]) > last.2[0].hypot(last.2[1])
    {
        streets.reverse();
    }
    let mut route = LeafletRoute::default();
    let mut here: Option<[f64; 2]> = None;
    for (name, pts, _) in streets {
        let from = here.unwrap_or([0.0, 0.0]);
        let entry = pts
            .iter()
            .map(|(p, _)| *p)
            .min_by(|a, b| dist(from, *a).total_cmp(&dist(from, *b)))
            .unwrap_or(from);
        // Walk to the street's far end from where we entered it.
        let far = pts
            .iter()
            .map(|(p, _)| *p)
            .max_by(|a, b| dist(entry, *a).total_cmp(&dist(entry, *b)))
            .unwrap_or(entry);
        if let Some(h) = here {
            route.walk_m += dist(h, entry);
        }
        route.walk_m += dist(entry, far);
        here = Some(far);
        route.streets.push(street_row(name, &pts));
    }
    if let Some(pts) = no_street {
        route.streets.push(street_row(NO_STREET.to_owned(), &pts));
    }
    route.homes = route.streets.iter().map(|s| s.homes).sum();
    route
}

/// Unit direction of greatest spread of `points` (east when they do not spread).
fn principal_axis(points: &[[f64; 2]]) -> [f64; 2] {
    let n = points.len().max(1) as f64;
    let m = points
        .iter()
        .fold([0.0, 0.0], |a, p| [a[0] + p[0] / n, a[1] + p[1] / n]);
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for p in points {
        let (dx, dy) = (p[0] - m[0], p[1] - m[1]);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    [angle.cos(), angle.sin()]
}

fn street_row(street: String, pts: &[StreetHome]) -> LeafletStreet {
    LeafletStreet {
        street,
        homes: pts.iter().map(|(_, w)| u64::from(*w)).sum(),
        home_points: pts.len() as u64,
        nearest_m: pts
            .iter()
            .map(|(p, _)| p[0].hypot(p[1]))
            .fold(f64::INFINITY, f64::min),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::LonLat;
    use crate::osm::{DwellingEstimate, HomeKind, OsmAddress, Street};

    #[test]
    fn streets_come_in_walking_order_with_their_homes() {
        let shop = LonLat::new(24.94, 60.17).unwrap();
        let frame = LocalFrame::at(shop);
        // Three streets running north at 100, 200 and 300 m east (≈ 0.0018° of lon per 100 m).
        let lon = |east_m: f64| 24.94 + east_m / 55_500.0;
        let lat = |north_m: f64| 60.17 + north_m / 111_300.0;
        let mut area = Area::default();
        let mut homes = Vec::new();
        for (k, name) in ["Near", "Middle", "Far"].iter().enumerate() {
            let x = 100.0 * (k + 1) as f64;
            area.streets.push(Street {
                names: vec![name.to_string()],
                class: crate::osm::RoadClass::Residential,
                lines: vec![vec![
                    LonLat::new(lon(x), lat(0.0)).unwrap(),
                    LonLat::new(lon(x), lat(300.0)).unwrap(),
                ]],
            });
            for j in 0..3 {
                let p = LonLat::new(lon(x + 5.0), lat(50.0 + 100.0 * j as f64)).unwrap();
                area.addresses.push(OsmAddress {
                    street: name.to_string(),
                    housenumber: j.to_string(),
                    postcode: None,
                    city: None,
                    lon: p.lon_deg(),
                    lat: p.lat_deg(),
                    filled: Default::default(),
                    element: Default::default(),
                });
                homes.push(Home {
                    position: p,
                    kind: HomeKind::AddressPoint,
                    dwellings: 2,
                    estimate: DwellingEstimate::FootprintLevels,
                });
            }
        }
        // A building without an address, 20 m from "Far".
        homes.push(Home {
            position: LonLat::new(lon(320.0), lat(150.0)).unwrap(),
            kind: HomeKind::ResidentialBuilding,
            dwellings: 10,
            estimate: DwellingEstimate::Flats,
        });
        let lookup = StreetLookup::new(&area, &frame, 1000.0);
        let with_xy: Vec<(&Home, [f64; 2])> =
            homes.iter().map(|h| (h, frame.xy_m(h.position))).collect();
        let route = leaflet_route(&with_xy, &lookup);
        let names: Vec<&str> = route.streets.iter().map(|s| s.street.as_str()).collect();
        assert_eq!(names, ["Near", "Middle", "Far"]);
        assert_eq!(route.streets[2].homes, 16);
        assert_eq!(route.homes, 28);
        assert!(
            route.walk_m > 600.0 && route.walk_m < 1200.0,
            "{}",
            route.walk_m
        );
    }
}
