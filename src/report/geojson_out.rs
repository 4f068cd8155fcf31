//! Ring and cell reports as GeoJSON (RFC 7946): the shop as a point, each ring as an
//! annulus polygon and each cell as an annulus wedge, with the report's figures as
//! properties. Polygons are the geodesic circles and wedges of [`crate::geodesy`],
//! positions rounded to a centimetre; exteriors run counter-clockwise and holes
//! clockwise, as the RFC asks.

use crate::analysis::rings::RingReport;
use crate::coord::LonLat;
use crate::geodesy::{circle, wedge_ring};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};

/// A ring's vertices as GeoJSON positions, rounded to 7 decimals (about a centimetre).
pub(super) fn positions(ring: &[LonLat]) -> Vec<[f64; 2]> {
    let round7 = |x: f64| (x * 1e7).round() / 1e7;
    ring.iter()
        .map(|p| [round7(p.lon_deg()), round7(p.lat_deg())])
        .collect()
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
            let mut rings = vec![positions(&circle(centre, outer_m, true))];
            if row.inner_m > 0.0 {
                rings.push(positions(&circle(centre, row.inner_m, false)));
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
            let ring = positions(&wedge_ring(centre, c.inner_m, c.outer_m, from, to));
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
        for r in [150.0, 1000.0, 5000.0] {
            let ring = positions(&circle(c, r, true));
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
