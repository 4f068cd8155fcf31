//! The map's projection: azimuthal equidistant, centred on the shop, north up.
//!
//! Built on the crate's [`ShopFrame`]: a point's chord and normal-section azimuth from the
//! shop give its geodesic distance s (via [`geodesic_from_chord_m`]) and bearing, and it is
//! drawn at distance s in that direction. So every point lies at its true geodesic
//! distance from the shop (a ring of radius r traced with geodesic destinations is a
//! perfect circle of radius r on paper), and scale across the map is true to a few parts
//! per million at catchment distances; the scale bar holds anywhere on the sheet.

use crate::coord::LonLat;
use crate::geodesy::{ShopFrame, destination, ecef_m, geodesic_from_chord_m};

use super::page::Rect;

/// From WGS84 to page millimetres for one map frame.
#[derive(Debug, Clone)]
pub(crate) struct Projection {
    frame: ShopFrame,
    centre_mm: (f64, f64),
    mm_per_m: f64,
    /// Longitude/latitude box holding the frame (with a margin), for cheap rejection.
    bbox: (f64, f64, f64, f64),
    /// How far the frame's centre lies from the shop (a panned screen view), metres.
    pan_m: f64,
}

impl Projection {
    /// Centres `shop` in `map` with `half_short_side_m` metres from the centre to the
    /// nearer edge.
    pub(crate) fn new(shop: LonLat, map: &Rect, half_short_side_m: f64) -> Self {
        let half_mm = map.w.min(map.h) / 2.0;
        let mm_per_m = half_mm / half_short_side_m.max(1.0);
        // The frame's corners are at most this far from the shop.
        let reach_m = (map.w.hypot(map.h) / 2.0) / mm_per_m * 1.05 + 50.0;
        let mut bbox = (
            shop.lon_deg(),
            shop.lat_deg(),
            shop.lon_deg(),
            shop.lat_deg(),
        );
        for bearing in [0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0] {
            let q = destination(shop, bearing, reach_m);
            bbox.0 = bbox.0.min(q.lon_deg());
            bbox.1 = bbox.1.min(q.lat_deg());
            bbox.2 = bbox.2.max(q.lon_deg());
            bbox.3 = bbox.3.max(q.lat_deg());
        }
        Self {
            frame: ShopFrame::new(shop),
            centre_mm: map.centre(),
            mm_per_m,
            bbox,
            pan_m: 0.0,
        }
    }

    /// The same projection (still measured from the shop) with `centre` in the middle of
    /// `map` instead of the shop: a screen view panned away from it.
    pub(crate) fn panned_to(self, centre: LonLat, map: &Rect) -> Self {
        let half_m = (map.w.min(map.h) / 2.0) / self.mm_per_m;
        let around_centre = Projection::new(centre, map, half_m);
        let (x, y) = self.project(centre);
        let (cx, cy) = map.centre();
        Self {
            centre_mm: (self.centre_mm.0 - (x - cx), self.centre_mm.1 - (y - cy)),
            bbox: around_centre.bbox,
            pan_m: crate::geodesy::distance_m(self.frame.origin(), centre),
            ..self
        }
    }

    /// Millimetres on paper per metre on the ground.
    pub(crate) fn mm_per_m(&self) -> f64 {
        self.mm_per_m
    }

    /// The shop's ECEF position and frame, for member queries.
    pub(crate) fn frame(&self) -> &ShopFrame {
        &self.frame
    }

    /// The page position of a point given by its ECEF position.
    pub(crate) fn project_ecef(&self, ecef: &[f64; 3]) -> (f64, f64) {
        let (chord, az_deg) = self.frame.chord_and_azimuth(ecef);
        let s_mm = geodesic_from_chord_m(chord) * self.mm_per_m;
        let (sin, cos) = az_deg.to_radians().sin_cos();
        (self.centre_mm.0 + s_mm * sin, self.centre_mm.1 - s_mm * cos)
    }

    /// The page position of a point.
    pub(crate) fn project(&self, p: LonLat) -> (f64, f64) {
        self.project_ecef(&ecef_m(p))
    }

    /// The page position of the point a geodesic `distance_m` from the shop at
    /// `bearing_deg`, traced on the ellipsoid (how rings are drawn).
    pub(crate) fn destination(&self, bearing_deg: f64, distance_m: f64) -> (f64, f64) {
        self.project(destination(self.frame.origin(), bearing_deg, distance_m))
    }

    /// Whether a longitude/latitude box (min lon, min lat, max lon, max lat) can touch the
    /// frame.
    pub(crate) fn may_touch(&self, b: (f64, f64, f64, f64)) -> bool {
        b.0 <= self.bbox.2 && b.2 >= self.bbox.0 && b.1 <= self.bbox.3 && b.3 >= self.bbox.1
    }

    /// Whether a point can be in the frame (by the longitude/latitude box).
    pub(crate) fn may_hold(&self, p: LonLat) -> bool {
        self.may_touch((p.lon_deg(), p.lat_deg(), p.lon_deg(), p.lat_deg()))
    }

    /// The ground distance the frame reaches from the shop to its farthest corner, metres.
    pub(crate) fn reach_m(&self, map: &Rect) -> f64 {
        (map.w.hypot(map.h) / 2.0) / self.mm_per_m + self.pan_m
    }
}

/// Longitude/latitude box of some points.
pub(crate) fn bbox_of<'a>(points: impl IntoIterator<Item = &'a LonLat>) -> (f64, f64, f64, f64) {
    let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in points {
        b.0 = b.0.min(p.lon_deg());
        b.1 = b.1.min(p.lat_deg());
        b.2 = b.2.max(p.lon_deg());
        b.3 = b.3.max(p.lat_deg());
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    #[test]
    fn points_sit_at_their_geodesic_distance() {
        let shop = LonLat::new(24.9437, 60.1703).unwrap();
        let map = Rect::new(10.0, 27.0, 190.0, 198.0);
        let p = Projection::new(shop, &map, 1000.0);
        let (cx, cy) = p.project(shop);
        assert!((cx - 105.0).abs() < 1e-9 && (cy - 126.0).abs() < 1e-9);
        for (lon, lat) in [(24.95, 60.17), (24.93, 60.175), (24.944, 60.16)] {
            let q = LonLat::new(lon, lat).unwrap();
            let (x, y) = p.project(q);
            let on_paper_m = (x - cx).hypot(y - cy) / p.mm_per_m();
            let d = distance_m(shop, q);
            assert!((on_paper_m - d).abs() < 1e-3, "{on_paper_m} vs {d}");
        }
        // North is up: a point due north has the same x and a smaller y.
        let (x, y) = p.destination(0.0, 500.0);
        assert!((x - cx).abs() < 1e-6 && y < cy);
        assert!(p.may_hold(shop));
        assert!(!p.may_hold(LonLat::new(25.5, 60.17).unwrap()));
    }
}
