//! Ring and cell reports as GeoJSON (RFC 7946): the shop as a point, each ring as an
//! annulus polygon and each cell as an annulus wedge, with the report's figures as
//! properties. Polygons are traced with geodesic destinations and enough vertices that
//! no edge strays more than half a metre from the true circle; exteriors run
//! counter-clockwise and holes clockwise, as the RFC asks.

use crate::analysis::rings::RingReport;
use crate::coord::LonLat;
use crate::geodesy::destination;
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};

/// Vertices for a full circle of `radius_m` so that the inscribed polygon's sagitta
/// r·(1 − cos(π/n)) stays within 0.5 m (and never fewer than 64).
pub fn ring_polygon_vertices(radius_m: f64) -> usize {
    let half_angle = (1.0 - 0.5 / radius_m).clamp(-1.0, 1.0).acos();
    let n = if half_angle > 0.0 {
        (std::f64::consts::PI / half_angle).ceil()
    } else {
        64.0
    };
    (n as usize).max(64)
}

fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

/// Points on the circle of `radius_m` from `from_deg` to `to_deg` (inclusive), stepping
/// clockwise when `to_deg > from_deg` and counter-clockwise otherwise.
fn arc(centre: LonLat, radius_m: f64, from_deg: f64, to_deg: f64) -> Vec<[f64; 2]> {
    if radius_m == 0.0 {
        return vec![[round7(centre.lon_deg()), round7(centre.lat_deg())]];
    }
    let full = ring_polygon_vertices(radius_m) as f64;
    let steps = ((full * (to_deg - from_deg).abs() / 360.0).ceil() as usize).max(2);
    (0..=steps)
        .map(|i| {
            let b = from_deg + (to_deg - from_deg) * i as f64 / steps as f64;
            let p = destination(centre, b, radius_m);
            [round7(p.lon_deg()), round7(p.lat_deg())]
        })
        .collect()
}

fn circle(centre: LonLat, radius_m: f64, counter_clockwise: bool) -> Vec<[f64; 2]> {
    let mut ring = if counter_clockwise {
        arc(centre, radius_m, 360.0, 0.0)
    } else {
        arc(centre, radius_m, 0.0, 360.0)
    };
    if let (Some(first), Some(last)) = (ring.first().copied(), ring.last_mut()) {
        *last = first;
    }
    ring
}

/// The closed exterior ring of the annulus wedge between `inner_m` and `outer_m` metres
/// and bearings `from_deg` to `to_deg` (clockwise from north) around `centre`: the outer
/// arc counter-clockwise, then the inner arc clockwise (a point when `inner_m` is 0), so
/// the ring runs counter-clockwise as RFC 7946 asks.
pub fn wedge_ring(
    centre: LonLat,
    inner_m: f64,
    outer_m: f64,
    from_deg: f64,
    to_deg: f64,
) -> Vec<[f64; 2]> {
    let mut ring = arc(centre, outer_m, to_deg, from_deg);
    ring.extend(arc(centre, inner_m, from_deg, to_deg));
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    ring
}

/// A feature with `props` (a JSON object) as its properties.
pub(super) fn feature(geometry: GeometryValue, props: serde_json::Value) -> Feature {
    let properties: Option<JsonObject> = match props {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    };
    Feature {
        geometry: Some(Geometry::new(geometry)),
        properties,
        ..Default::default()
    }
}

/// All reports as one FeatureCollection; cells are included when `cells` is set.
pub fn rings_geojson(reports: &[RingReport], cells: bool) -> FeatureCollection {
    let mut features = Vec::new();
    for r in reports {
        features.push(feature(
            GeometryValue::new_point([r.shop.lon, r.shop.lat]),
            serde_json::json!({ "feature": "shop", "shop": r.shop.name, "kind": r.shop.kind, "members": r.members,
                "radius_50_m": r.radius_50_m, "radius_70_m": r.radius_70_m, "median_distance_m": r.median_distance_m }),
        ));
        let Some(centre) = r.shop.position() else {
            continue;
        };
        for row in &r.rings {
            let Some(outer_m) = row.outer_m else { continue };
            let mut rings = vec![circle(centre, outer_m, true)];
            if row.inner_m > 0.0 {
                rings.push(circle(centre, row.inner_m, false));
            }
            let mut props = serde_json::to_value(row).unwrap_or_default();
            if let serde_json::Value::Object(m) = &mut props {
                m.insert("feature".into(), "ring".into());
                m.insert("shop".into(), r.shop.name.clone().into());
            }
            features.push(feature(GeometryValue::new_polygon(rings), props));
        }
        if !cells {
            continue;
        }
        for c in &r.cells {
            let (from, to) = (
                c.bearing_to_deg - 360.0 / r.sectors as f64,
                c.bearing_to_deg,
            );
            let ring = wedge_ring(centre, c.inner_m, c.outer_m, from, to);
            let mut props = serde_json::to_value(c).unwrap_or_default();
            if let serde_json::Value::Object(m) = &mut props {
                m.insert("feature".into(), "cell".into());
                m.insert("shop".into(), r.shop.name.clone().into());
            }
            features.push(feature(GeometryValue::new_polygon([ring]), props));
        }
    }
    FeatureCollection::new(features)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    #[test]
    fn circle_edges_stay_within_a_metre_of_the_true_circle() {
        let c = LonLat::new(24.94, 60.17).unwrap();
        let centre = c;
        for r in [150.0, 1000.0, 5000.0] {
            let ring = circle(centre, r, true);
            assert_eq!(ring.first(), ring.last());
            for w in ring.windows(2) {
                let mid =
                    LonLat::new((w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0).unwrap();
                let d = distance_m(c, mid);
                assert!((r - d).abs() < 1.0, "edge midpoint at {d} m for r={r}");
            }
            // Counter-clockwise: positive shoelace area in lon/lat.
            let area2: f64 = ring
                .windows(2)
                .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
                .sum();
            assert!(area2 > 0.0);
        }
    }
}
