//! How much of a ring, cell or hexagon lies inside the loaded data, so that reports can
//! say where the data ends instead of reading its edge as a lack of members.
//!
//! Beyond the [`DataEdge`] no addresses were loaded (members living there cannot be placed
//! from the map) and no homes (nothing to compare them with): a count there says nothing
//! about the shop. A cell's **coverage** is the share of its geodesic area inside the
//! edge's box: the cell's polygon (the annulus wedge of [`crate::geodesy::wedge_ring`], or
//! a hexagon) is clipped to the box (Sutherland–Hodgman, exact for a convex clip region in
//! longitude/latitude, where the box's sides are straight) and both areas are measured
//! geodesically. The box's sides are parallels and meridians rather than geodesics; over
//! a few kilometres the two part by centimetres.
//!
//! A cell with less than [`NO_DATA_BELOW`] of its area inside is **no data**: never
//! tested, never sparse, never hatched. Half is where the inside part stops being the
//! cell: below it, most of what the cell's figures would describe is unknown, while a
//! cell mostly inside still counts the bulk of its homes and members (and its expected
//! members are computed from the homes actually loaded, so the part outside adds to
//! neither side).

use crate::coord::LonLat;
use crate::geodesy::wedge_ring;
use crate::osm::{DataEdge, EdgeSource};
use geo::{GeodesicArea, LineString, Polygon};
use serde::Serialize;

/// A cell with less than this share of its area inside the data is `no data`.
pub const NO_DATA_BELOW: f64 = 0.5;

/// Whether a cell of coverage `share` is `no data`.
pub fn is_no_data(share: f64) -> bool {
    share < NO_DATA_BELOW
}

/// The share (0–1) of the polygon `ring` (closed or not) inside the edge's box, by
/// geodesic area; a polygon of no area counts by its first vertex.
pub fn share_inside(edge: &DataEdge, ring: &[LonLat]) -> f64 {
    let Some(first) = ring.first() else {
        return 0.0;
    };
    let whole = geodesic_area_m2(ring);
    if whole <= 0.0 {
        return if edge.contains(*first) { 1.0 } else { 0.0 };
    }
    let (sw, ne) = (edge.south_west(), edge.north_east());
    let mut pts: Vec<[f64; 2]> = ring.iter().map(|p| [p.lon_deg(), p.lat_deg()]).collect();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    // Each side of the box keeps the points whose coordinate `axis` is on its `inside`.
    let sides: [(usize, f64, bool); 4] = [
        (0, sw.lon_deg(), true),
        (0, ne.lon_deg(), false),
        (1, sw.lat_deg(), true),
        (1, ne.lat_deg(), false),
    ];
    for (axis, at, above) in sides {
        pts = clip(&pts, axis, at, above);
        if pts.is_empty() {
            return 0.0;
        }
    }
    let clipped: Vec<LonLat> = pts
        .iter()
        .filter_map(|p| LonLat::new(p[0], p[1]).ok())
        .collect();
    (geodesic_area_m2(&clipped) / whole).clamp(0.0, 1.0)
}

/// One Sutherland–Hodgman step: the polygon cut by the line `coordinate[axis] = at`,
/// keeping the side at or above it (`above`) or at or below it.
fn clip(pts: &[[f64; 2]], axis: usize, at: f64, above: bool) -> Vec<[f64; 2]> {
    let inside = |p: &[f64; 2]| if above { p[axis] >= at } else { p[axis] <= at };
    let cross = |a: &[f64; 2], b: &[f64; 2]| {
        let t = (at - a[axis]) / (b[axis] - a[axis]);
        let mut q = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        q[axis] = at;
        q
    };
    let mut out = Vec::with_capacity(pts.len() + 4);
    for (i, b) in pts.iter().enumerate() {
        let a = &pts[(i + pts.len() - 1) % pts.len()];
        match (inside(a), inside(b)) {
            (true, true) => out.push(*b),
            (true, false) => out.push(cross(a, b)),
            (false, true) => {
                out.push(cross(a, b));
                out.push(*b);
            }
            (false, false) => {}
        }
    }
    out
}

fn geodesic_area_m2(ring: &[LonLat]) -> f64 {
    let line: LineString<f64> = ring
        .iter()
        .map(|p| geo::Coord {
            x: p.lon_deg(),
            y: p.lat_deg(),
        })
        .collect();
    Polygon::new(line, vec![]).geodesic_area_unsigned()
}

/// The share of the annulus wedge around `centre` (radii in metres, bearings in degrees
/// clockwise from north, `to_deg` > `from_deg`) inside the edge's box. Rings wholly inside
/// or wholly outside are decided without tracing the wedge.
///
/// # Units
/// Metres and degrees in.
pub fn wedge_share_inside(
    edge: &DataEdge,
    centre: LonLat,
    inner_m: f64,
    outer_m: f64,
    from_deg: f64,
    to_deg: f64,
) -> f64 {
    // A metre of slack for the polygon's straight edges and the sides' shape.
    if edge.distance_inside_m(centre) > outer_m + 1.0 {
        return 1.0;
    }
    if edge.distance_outside_m(centre) > outer_m + 1.0 {
        return 0.0;
    }
    share_inside(
        edge,
        &wedge_ring(centre, inner_m, outer_m, from_deg, to_deg),
    )
}

/// The edge of the data as reports write it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EdgeBox {
    /// Western side, degrees of longitude.
    pub west_deg: f64,
    /// Southern side, degrees of latitude.
    pub south_deg: f64,
    /// Eastern side, degrees of longitude.
    pub east_deg: f64,
    /// Northern side, degrees of latitude.
    pub north_deg: f64,
    /// `declared` (the extract's box) or `extent` (of its data).
    pub source: EdgeSource,
}

impl From<&DataEdge> for EdgeBox {
    fn from(e: &DataEdge) -> Self {
        Self {
            west_deg: e.south_west().lon_deg(),
            south_deg: e.south_west().lat_deg(),
            east_deg: e.north_east().lon_deg(),
            north_deg: e.north_east().lat_deg(),
            source: e.source(),
        }
    }
}

/// How much of a report's grid lies inside the loaded data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Where the data ends.
    pub edge: EdgeBox,
    /// Share (0–1) of the whole grid (the outer ring's disc) inside the data.
    pub area_coverage: f64,
    /// Whether the grid reaches past the edge of the data.
    pub data_ends: bool,
    /// Whether the shop itself stands inside the data.
    pub shop_inside: bool,
    /// From the shop to the nearest side of the data's box when inside (the data reaches
    /// at least this far in every direction), else from the shop to the box; metres.
    pub edge_distance_m: f64,
    /// Cells with less than [`NO_DATA_BELOW`] of their area inside: `no data`.
    pub no_data_cells: Vec<String>,
}

impl Coverage {
    /// The coverage of a grid of outer radius `outer_m` around `shop` whose cells have
    /// the labels and shares in `cells` and which has `area_coverage` of its area inside.
    pub fn new<'a>(
        edge: &DataEdge,
        shop: LonLat,
        area_coverage: f64,
        cells: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> Self {
        let shop_inside = edge.contains(shop);
        Self {
            edge: EdgeBox::from(edge),
            area_coverage,
            data_ends: area_coverage < 1.0,
            shop_inside,
            edge_distance_m: if shop_inside {
                edge.distance_inside_m(shop)
            } else {
                edge.distance_outside_m(shop)
            },
            no_data_cells: cells
                .into_iter()
                .filter(|(_, share)| is_no_data(*share))
                .map(|(label, _)| label.to_owned())
                .collect(),
        }
    }

    /// The sentence a text report prints when the data ends inside its grid, e.g. "the
    /// loaded map data ends 480 m from the shop: 62 % of the area within 1000 m lies
    /// inside it; 9 cells lie mostly beyond it (no data)"; `None` when it does not.
    pub fn note(&self, outer_m: f64) -> Option<String> {
        if !self.data_ends {
            return None;
        }
        let place = if self.shop_inside {
            format!(
                "the loaded map data ends {:.0} m from the shop",
                self.edge_distance_m
            )
        } else {
            format!(
                "the shop stands outside the loaded map data ({:.0} m from its edge)",
                self.edge_distance_m
            )
        };
        let cells = match self.no_data_cells.len() {
            0 => String::new(),
            1 => format!(
                "; cell {} lies mostly beyond it (no data)",
                self.no_data_cells[0]
            ),
            n => format!(
                "; {n} cells lie mostly beyond it (no data): {}",
                self.no_data_cells.join(", ")
            ),
        };
        Some(format!(
            "{place}: {:.0} % of the area within {outer_m:.0} m lies inside it, so counts further out are short (members there cannot be placed from the map, homes there are not loaded){cells}",
            (100.0 * self.area_coverage).floor(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::destination;

    fn at(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    fn helsinki() -> DataEdge {
        DataEdge::of(Some((at(24.935, 60.164), at(24.953, 60.179))), None).unwrap()
    }

    #[test]
    fn a_box_halving_a_disc_keeps_half_of_it() {
        let edge = helsinki();
        // A shop on the western side: the box's side is its meridian, so half of every
        // ring and of each pair of mirrored sectors lies inside.
        let shop = at(24.935, 60.1715);
        let half = wedge_share_inside(&edge, shop, 0.0, 600.0, 0.0, 360.0);
        assert!((half - 0.5).abs() < 2e-3, "{half}");
        let east = wedge_share_inside(&edge, shop, 150.0, 300.0, 45.0, 135.0);
        assert!((east - 1.0).abs() < 1e-9, "{east}");
        let west = wedge_share_inside(&edge, shop, 150.0, 300.0, 225.0, 315.0);
        assert!(west < 1e-9, "{west}");
        // Wholly inside and wholly outside, decided without tracing.
        let centre = at(24.944, 60.1715);
        assert_eq!(
            wedge_share_inside(&edge, centre, 0.0, 150.0, 0.0, 360.0),
            1.0
        );
        let far = at(25.5, 60.5);
        assert_eq!(wedge_share_inside(&edge, far, 0.0, 1000.0, 0.0, 360.0), 0.0);
    }

    #[test]
    fn clipped_share_matches_counting_points_on_a_grid() {
        // An independent oracle: the share of an even polar grid of points (area-weighted
        // by radius) of the wedge that lies inside the box.
        let edge = helsinki();
        let shop = at(24.9431, 60.1705);
        for (inner, outer, from, to) in [
            (600.0, 1000.0, -22.5, 22.5),
            (450.0, 600.0, 67.5, 112.5),
            (0.0, 1000.0, 0.0, 360.0),
            (600.0, 1000.0, 202.5, 247.5),
        ] {
            let ours = wedge_share_inside(&edge, shop, inner, outer, from, to);
            let (mut hit, mut all) = (0.0, 0.0);
            let (nr, nb) = (200, 400);
            for i in 0..nr {
                let r = inner + (outer - inner) * (i as f64 + 0.5) / nr as f64;
                for j in 0..nb {
                    let b = from + (to - from) * (j as f64 + 0.5) / nb as f64;
                    all += r;
                    if edge.contains(destination(shop, b, r)) {
                        hit += r;
                    }
                }
            }
            let oracle = hit / all;
            assert!(
                (ours - oracle).abs() < 5e-3,
                "{inner}-{outer} m, {from}..{to}°: {ours} vs {oracle}"
            );
        }
    }

    #[test]
    fn coverage_names_the_cells_beyond_and_says_so() {
        let edge = helsinki();
        let shop = at(24.9431, 60.1705);
        let c = Coverage::new(
            &edge,
            shop,
            0.62,
            [("5-E", 0.3), ("5-N", 0.7), ("4-W", 0.49)],
        );
        assert!(c.data_ends && c.shop_inside);
        assert_eq!(c.no_data_cells, ["5-E", "4-W"]);
        let note = c.note(1000.0).unwrap();
        assert!(
            note.starts_with("the loaded map data ends ")
                && note.contains("62 % of the area within 1000 m")
                && note.contains("2 cells lie mostly beyond it (no data): 5-E, 4-W"),
            "{note}"
        );
        let full = Coverage::new(&edge, shop, 1.0, [("1-N", 1.0)]);
        assert!(!full.data_ends && full.no_data_cells.is_empty());
        assert_eq!(full.note(150.0), None);
        let outside = Coverage::new(&edge, at(24.99, 60.17), 0.0, []);
        assert!(!outside.shop_inside && outside.edge_distance_m > 2000.0);
        assert!(
            outside
                .note(1000.0)
                .unwrap()
                .starts_with("the shop stands outside the loaded map data (")
        );
    }
}
