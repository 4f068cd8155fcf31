//! The one home of distances and bearings on the WGS84 ellipsoid.
//!
//! Reported distances and the ring a member falls in are decided by the geodesic
//! (Karney's algorithm, via `geo::Geodesic`). Computing that for every member–shop pair is
//! the slow part of a ring report, so [`ShopFrame`] first measures the straight-line chord
//! through the Earth between the two ECEF positions: the geodesic is never shorter than the
//! chord and exceeds it by less than [`chord_excess_bound_m`], so only pairs whose chord
//! lies within that sliver of a boundary need the exact geodesic. Bearings work the same
//! way: the chord's direction in the shop's local east-north-up frame is the normal-section
//! azimuth, which differs from the geodesic azimuth by far less than a microdegree at
//! catchment distances; only members that close to a sector boundary get the exact one.

use crate::coord::LonLat;
use geo::{Bearing, Distance, Geodesic};

/// WGS84 semi-major axis in metres.
pub const WGS84_A_M: f64 = 6_378_137.0;
/// WGS84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);
/// The smallest radius of curvature on the ellipsoid (the meridian at the equator), in metres.
const MIN_CURVATURE_RADIUS_M: f64 = WGS84_A_M * (1.0 - WGS84_E2);

/// Geodesic distance on the WGS84 ellipsoid in metres.
///
/// # Units
/// Metres.
pub fn distance_m(a: LonLat, b: LonLat) -> f64 {
    Geodesic.distance(a.to_point(), b.to_point())
}

/// Initial geodesic bearing from `from` to `to`, degrees clockwise from true north in
/// `[0, 360)`. Coincident points have bearing 0 (north), as DESIGN.md asks.
pub fn bearing_deg(from: LonLat, to: LonLat) -> f64 {
    if from == to {
        return 0.0;
    }
    let b = Geodesic.bearing(from.to_point(), to.to_point());
    if b >= 360.0 { 0.0 } else { b }
}

/// Earth-centred, earth-fixed cartesian position in metres.
pub fn ecef_m(p: LonLat) -> [f64; 3] {
    let (lat, lon) = (p.lat_deg().to_radians(), p.lon_deg().to_radians());
    let (sin_lat, cos_lat) = lat.sin_cos();
    let (sin_lon, cos_lon) = lon.sin_cos();
    let n = WGS84_A_M / (1.0 - WGS84_E2 * sin_lat * sin_lat).sqrt();
    [
        n * cos_lat * cos_lon,
        n * cos_lat * sin_lon,
        n * (1.0 - WGS84_E2) * sin_lat,
    ]
}

/// Straight-line distance between two ECEF positions, in metres.
pub fn chord_m(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    chord_sq_m2(a, b).sqrt()
}

/// Squared chord in m², for R-tree queries which work in squared units.
pub fn chord_sq_m2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

/// An upper bound on (geodesic − chord) for a chord of `chord_m` metres.
///
/// A curve whose curvature never exceeds 1/ρ has arc length s with chord
/// c ≥ 2ρ·sin(s/2ρ), so s − c ≤ s³/(24ρ²); a geodesic's curvature in space is its normal
/// curvature, at most 1/`MIN_CURVATURE_RADIUS_M`. The 1.01 factor covers s vs c in the
/// cube, and the constant covers rounding in the ECEF arithmetic.
///
/// # Units
/// Metres in, metres out.
pub fn chord_excess_bound_m(chord_m: f64) -> f64 {
    1.01 * chord_m.powi(3) / (24.0 * MIN_CURVATURE_RADIUS_M * MIN_CURVATURE_RADIUS_M) + 1e-6
}

/// Approximate geodesic length from a chord, good to well under a millimetre at ring
/// distances (the mid-point of the bound above, on the mean sphere).
pub fn geodesic_from_chord_m(chord_m: f64) -> f64 {
    const MEAN_RADIUS_M: f64 = 6_371_008.8;
    chord_m + chord_m.powi(3) / (24.0 * MEAN_RADIUS_M * MEAN_RADIUS_M)
}

/// A shop's position prepared for measuring many members against it.
#[derive(Debug, Clone)]
pub struct ShopFrame {
    origin: LonLat,
    ecef: [f64; 3],
    east: [f64; 3],
    north: [f64; 3],
}

impl ShopFrame {
    /// Prepares the local east-north-up frame at `origin`.
    pub fn new(origin: LonLat) -> Self {
        let (lat, lon) = (origin.lat_deg().to_radians(), origin.lon_deg().to_radians());
        let (sin_lat, cos_lat) = lat.sin_cos();
        let (sin_lon, cos_lon) = lon.sin_cos();
        Self {
            origin,
            ecef: ecef_m(origin),
            east: [-sin_lon, cos_lon, 0.0],
            north: [-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat],
        }
    }

    /// The shop's position.
    pub fn origin(&self) -> LonLat {
        self.origin
    }

    /// The shop's ECEF position in metres.
    pub fn ecef(&self) -> &[f64; 3] {
        &self.ecef
    }

    /// Chord length (m) and normal-section azimuth (degrees in `[0, 360)`) to a member.
    pub fn chord_and_azimuth(&self, member_ecef: &[f64; 3]) -> (f64, f64) {
        let d = [
            member_ecef[0] - self.ecef[0],
            member_ecef[1] - self.ecef[1],
            member_ecef[2] - self.ecef[2],
        ];
        let e = d[0] * self.east[0] + d[1] * self.east[1];
        let n = d[0] * self.north[0] + d[1] * self.north[1] + d[2] * self.north[2];
        let chord = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        let az = e.atan2(n).to_degrees();
        (chord, if az < 0.0 { az + 360.0 } else { az })
    }
    /// Metres east and north of the origin in its tangent plane: the chord to `p` laid
    /// along its azimuth (dropping the chord's vertical part moves a point by under a
    /// millimetre at 5 km).
    pub fn xy_m(&self, p: LonLat) -> [f64; 2] {
        let (chord, az) = self.chord_and_azimuth(&ecef_m(p));
        let (s, c) = az.to_radians().sin_cos();
        [chord * s, chord * c]
    }
}

/// Largest gap (degrees) between the chord-frame azimuth and the geodesic azimuth that
/// we allow for at a chord of `chord_m` metres; members closer than this to a sector
/// boundary get the exact geodesic azimuth. The true gap is of order e²·(s/a)² radians;
/// this is ~100× that, plus slack for rounding at very short range.
pub fn azimuth_tolerance_deg(chord_m: f64) -> f64 {
    let rel = chord_m / WGS84_A_M;
    (rel * rel).to_degrees() + 1e-7 + 1e-6 / chord_m.max(1e-3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Destination;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn chord_is_never_longer_and_bound_holds() {
        let shop = p(24.94, 60.17);
        let frame = ShopFrame::new(shop);
        for i in 0..360 {
            for dist in [1.0, 150.0, 1000.0, 20_000.0, 200_000.0] {
                let q = Geodesic.destination(shop.to_point(), i as f64, dist);
                let q = p(q.x(), q.y());
                let (c, az) = frame.chord_and_azimuth(&ecef_m(q));
                let s = distance_m(shop, q);
                assert!(c <= s + 1e-8, "chord {c} > geodesic {s}");
                assert!(
                    s - c <= chord_excess_bound_m(c),
                    "excess {} at {dist}",
                    s - c
                );
                let gap = ((az - bearing_deg(shop, q) + 540.0) % 360.0 - 180.0).abs();
                assert!(
                    gap <= azimuth_tolerance_deg(c),
                    "azimuth gap {gap} at {dist} m"
                );
            }
        }
    }

    #[test]
    fn coincident_points_face_north() {
        let shop = p(24.94, 60.17);
        assert_eq!(bearing_deg(shop, shop), 0.0);
        assert_eq!(distance_m(shop, shop), 0.0);
    }
}
