//! Barriers between a shop and the places its members live: motorways, trunk and primary
//! roads, railways, named waterways and water areas, from the loaded OSM area.
//!
//! A barrier lies "between" the shop and a home when the straight segment from the shop
//! to the home crosses it. Segments are drawn in the shop's [`LocalFrame`], in which a
//! straight line from the shop is exactly a line of constant bearing; at catchment
//! distances the plane is flat to centimetres. What counts:
//!
//! - roads of class motorway, trunk and primary (their `_link` ramps are folded in by the
//!   OSM reader); smaller roads have crossings at every corner;
//! - railways of class `rail` (main lines, fenced); trams, light rail and subways are not
//!   barriers: trams and most light rail run in the street, subways underground;
//! - waterways with a name (rivers, canals); unnamed ditches and drains are not;
//! - water areas the segment runs through for at least [`WATER_MIN_M`] metres.
//!
//! Lines of one kind and one name form one barrier (a motorway is many OSM ways); unnamed
//! lines of a kind form one barrier per kind.

use crate::coord::LonLat;
use crate::geodesy::LocalFrame;
use crate::osm::{Area, AreaClass, LineClass, RailClass, RoadClass};
use serde::Serialize;
use std::collections::HashMap;

/// A segment must run this far through water for the water to be a barrier, metres.
pub const WATER_MIN_M: f64 = 50.0;

/// What kind of barrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BarrierKind {
    /// A motorway.
    Motorway,
    /// A trunk road.
    Trunk,
    /// A primary road.
    Primary,
    /// A railway line.
    Railway,
    /// A named river or canal.
    Waterway,
    /// A lake, bay or river area.
    Water,
}

impl BarrierKind {
    /// `motorway`, `trunk`, `primary`, `railway`, `waterway` or `water`.
    pub fn as_str(self) -> &'static str {
        match self {
            BarrierKind::Motorway => "motorway",
            BarrierKind::Trunk => "trunk",
            BarrierKind::Primary => "primary",
            BarrierKind::Railway => "railway",
            BarrierKind::Waterway => "waterway",
            BarrierKind::Water => "water",
        }
    }

    fn of_line(class: LineClass, named: bool) -> Option<Self> {
        match class {
            LineClass::Road(RoadClass::Motorway) => Some(Self::Motorway),
            LineClass::Road(RoadClass::Trunk) => Some(Self::Trunk),
            LineClass::Road(RoadClass::Primary) => Some(Self::Primary),
            LineClass::Railway(RailClass::Rail) => Some(Self::Railway),
            LineClass::Waterway if named => Some(Self::Waterway),
            _ => None,
        }
    }
}

/// One barrier: a kind and a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Barrier {
    /// What it is.
    pub kind: BarrierKind,
    /// The OSM `name`, when tagged.
    pub name: Option<String>,
}

impl Barrier {
    /// `Mannerheimintie (primary)`, or `unnamed railway`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({})", self.kind.as_str()),
            None => format!("unnamed {}", self.kind.as_str()),
        }
    }
}

type Xy = [f64; 2];

/// The barriers around one shop, in its local plane, ready for crossing tests.
#[derive(Debug, Clone)]
pub struct BarrierMap {
    frame: LocalFrame,
    barriers: Vec<Barrier>,
    segments: Vec<(Xy, Xy, u32)>,
    /// Water polygons: rings (outer first) and barrier id.
    water: Vec<(Vec<Vec<Xy>>, [f64; 4], u32)>,
}

impl BarrierMap {
    /// Collects the barriers of `area` within `radius_m` of `shop` (plus a margin).
    ///
    /// # Units
    /// Metres.
    pub fn new(area: &Area, shop: LonLat, radius_m: f64) -> Self {
        let frame = LocalFrame::at(shop);
        let reach = radius_m * 1.1 + 100.0;
        let mut ids: HashMap<Barrier, u32> = HashMap::new();
        let mut barriers = Vec::new();
        let mut id_of = |b: Barrier| {
            *ids.entry(b.clone()).or_insert_with(|| {
                barriers.push(b);
                u32::try_from(barriers.len() - 1).unwrap_or(u32::MAX)
            })
        };
        let xy = |p: LonLat| frame.xy_m(p);
        let near = |a: Xy, b: Xy| {
            a[0].min(b[0]) <= reach
                && a[0].max(b[0]) >= -reach
                && a[1].min(b[1]) <= reach
                && a[1].max(b[1]) >= -reach
        };
        let mut segments = Vec::new();
        for line in &area.basemap.lines {
            let Some(kind) = BarrierKind::of_line(line.class, line.name.is_some()) else {
                continue;
            };
            let pts: Vec<Xy> = line.points.iter().map(|p| xy(*p)).collect();
            let mut id = None;
            for w in pts.windows(2) {
                if near(w[0], w[1]) {
                    let id = *id.get_or_insert_with(|| {
                        id_of(Barrier {
                            kind,
                            name: line.name.clone(),
                        })
                    });
                    segments.push((w[0], w[1], id));
                }
            }
        }
        let mut water = Vec::new();
        for a in &area.basemap.areas {
            if a.class != AreaClass::Water || a.rings.is_empty() {
                continue;
            }
            let rings: Vec<Vec<Xy>> = a
                .rings
                .iter()
                .map(|r| r.iter().map(|p| xy(*p)).collect())
                .collect();
            let mut bbox = [f64::INFINITY, f64::INFINITY, -f64::INFINITY, -f64::INFINITY];
            for p in rings.iter().flatten() {
                bbox = [
                    bbox[0].min(p[0]),
                    bbox[1].min(p[1]),
                    bbox[2].max(p[0]),
                    bbox[3].max(p[1]),
                ];
            }
            if !near([bbox[0], bbox[1]], [bbox[2], bbox[3]]) {
                continue;
            }
            let id = id_of(Barrier {
                kind: BarrierKind::Water,
                name: a.name.clone(),
            });
            water.push((rings, bbox, id));
        }
        Self {
            frame,
            barriers,
            segments,
            water,
        }
    }

    /// The shop's local plane position of `p`: metres east and north of the shop.
    pub fn xy_m(&self, p: LonLat) -> [f64; 2] {
        self.frame.xy_m(p)
    }

    /// The barrier with id `id` (as returned by [`crossed_by`](Self::crossed_by)).
    pub fn barrier(&self, id: u32) -> Option<&Barrier> {
        self.barriers.get(id as usize)
    }

    /// Number of distinct barriers near the shop.
    pub fn len(&self) -> usize {
        self.barriers.len()
    }

    /// Whether there are no barriers near the shop.
    pub fn is_empty(&self) -> bool {
        self.barriers.is_empty()
    }

    /// Ids of the barriers the straight segment from the shop to `to_xy_m` crosses,
    /// sorted and without repeats.
    pub fn crossed_by(&self, to_xy_m: [f64; 2]) -> Vec<u32> {
        let o = [0.0, 0.0];
        let (minx, maxx) = (to_xy_m[0].min(0.0), to_xy_m[0].max(0.0));
        let (miny, maxy) = (to_xy_m[1].min(0.0), to_xy_m[1].max(0.0));
        let mut out: Vec<u32> = Vec::new();
        for (a, b, id) in &self.segments {
            if a[0].max(b[0]) < minx
                || a[0].min(b[0]) > maxx
                || a[1].max(b[1]) < miny
                || a[1].min(b[1]) > maxy
            {
                continue;
            }
            if segments_cross(o, to_xy_m, *a, *b) {
                out.push(*id);
            }
        }
        for (rings, bbox, id) in &self.water {
            if bbox[2] < minx || bbox[0] > maxx || bbox[3] < miny || bbox[1] > maxy {
                continue;
            }
            if length_inside(o, to_xy_m, rings) >= WATER_MIN_M {
                out.push(*id);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn orient(a: Xy, b: Xy, c: Xy) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Whether segments pq and ab cross (touching counts; collinear overlaps do not).
fn segments_cross(p: Xy, q: Xy, a: Xy, b: Xy) -> bool {
    let (d1, d2) = (orient(p, q, a), orient(p, q, b));
    let (d3, d4) = (orient(a, b, p), orient(a, b, q));
    if d1 == 0.0 && d2 == 0.0 {
        return false;
    }
    d1 * d2 <= 0.0 && d3 * d4 <= 0.0
}

/// Parameter t along p→q where it meets segment ab, if it does.
fn crossing_t(p: Xy, q: Xy, a: Xy, b: Xy) -> Option<f64> {
    let r = [q[0] - p[0], q[1] - p[1]];
    let s = [b[0] - a[0], b[1] - a[1]];
    let denom = r[0] * s[1] - r[1] * s[0];
    if denom == 0.0 {
        return None;
    }
    let ap = [a[0] - p[0], a[1] - p[1]];
    let t = (ap[0] * s[1] - ap[1] * s[0]) / denom;
    let u = (ap[0] * r[1] - ap[1] * r[0]) / denom;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some(t)
}

/// Even-odd point in polygon over all rings (outer and holes).
fn inside(pt: Xy, rings: &[Vec<Xy>]) -> bool {
    let mut inside = false;
    for ring in rings {
        for w in ring.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a[1] > pt[1]) != (b[1] > pt[1]) {
                let x = a[0] + (pt[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                if pt[0] < x {
                    inside = !inside;
                }
            }
        }
    }
    inside
}

/// Length in metres of segment p→q that lies inside the polygon.
fn length_inside(p: Xy, q: Xy, rings: &[Vec<Xy>]) -> f64 {
    let mut ts = vec![0.0, 1.0];
    for ring in rings {
        for w in ring.windows(2) {
            if let Some(t) = crossing_t(p, q, w[0], w[1]) {
                ts.push(t);
            }
        }
    }
    ts.sort_unstable_by(f64::total_cmp);
    let len = (q[0] - p[0]).hypot(q[1] - p[1]);
    ts.windows(2)
        .filter(|w| w[1] > w[0])
        .filter(|w| {
            let t = 0.5 * (w[0] + w[1]);
            inside([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])], rings)
        })
        .map(|w| (w[1] - w[0]) * len)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::destination;
    use crate::osm::{Basemap, MapArea, MapLine};

    fn at(shop: LonLat, bearing_deg: f64, d_m: f64) -> LonLat {
        destination(shop, bearing_deg, d_m)
    }

    #[test]
    fn finds_the_railway_and_the_lake_and_ignores_trams() {
        let shop = LonLat::new(24.94, 60.17).unwrap();
        let line = |class, name: Option<&str>, pts: Vec<LonLat>| MapLine {
            class,
            name: name.map(String::from),
            points: pts,
        };
        let area = Area {
            basemap: Basemap {
                lines: vec![
                    line(
                        LineClass::Railway(RailClass::Rail),
                        Some("Rantarata"),
                        vec![at(shop, 315.0, 400.0), at(shop, 45.0, 400.0)],
                    ),
                    line(
                        LineClass::Railway(RailClass::Tram),
                        Some("Tram 4"),
                        vec![at(shop, 135.0, 300.0), at(shop, 225.0, 300.0)],
                    ),
                ],
                areas: vec![MapArea {
                    class: AreaClass::Water,
                    name: Some("Lake".into()),
                    rings: vec![vec![
                        at(shop, 80.0, 500.0),
                        at(shop, 100.0, 500.0),
                        at(shop, 100.0, 700.0),
                        at(shop, 80.0, 700.0),
                        at(shop, 80.0, 500.0),
                    ]],
                }],
            },
            ..Default::default()
        };
        let map = BarrierMap::new(&area, shop, 1000.0);
        let labels = |p: LonLat| -> Vec<String> {
            map.crossed_by(map.xy_m(p))
                .into_iter()
                .filter_map(|id| map.barrier(id).map(Barrier::label))
                .collect()
        };
        assert_eq!(labels(at(shop, 0.0, 800.0)), ["Rantarata (railway)"]);
        assert!(labels(at(shop, 0.0, 200.0)).is_empty());
        assert!(
            labels(at(shop, 180.0, 800.0)).is_empty(),
            "tram is no barrier"
        );
        assert_eq!(labels(at(shop, 90.0, 900.0)), ["Lake (water)"]);
        assert!(labels(at(shop, 90.0, 450.0)).is_empty());
    }
}
