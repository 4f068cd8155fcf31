//! The one home of distances, bearings, destinations and local planes on the WGS84
//! ellipsoid.
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
//!
//! Flat geometry (a line crossing a barrier, the nearest point of a street, a centroid)
//! is done in the one [`LocalFrame`], and the polygons of rings and ring wedges come from
//! one place ([`circle`], [`wedge_ring`]), so every stage above measures and draws the
//! same way.

mod circles;
mod frame;

pub use circles::{arc, circle, circle_vertex_count, wedge_ring};
pub use frame::{LocalFrame, ShopFrame};

use crate::coord::LonLat;
use geo::{Bearing, Destination, Distance, Geodesic};

/// WGS84 semi-major axis in metres.
pub const WGS84_A_M: f64 = 6_378_137.0;
/// WGS84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);
/// The smallest radius of curvature on the ellipsoid (the meridian at the equator), in metres.
const MIN_CURVATURE_RADIUS_M: f64 = WGS84_A_M * (1.0 - WGS84_E2);

/// Geodesic distance on the WGS84 ellipsoid.
///
/// # Units
/// Metres.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::distance_m;
/// let a = LonLat::new(24.94, 60.17).unwrap();
/// let b = LonLat::new(24.94, 60.18).unwrap();
/// assert!((distance_m(a, b) - 1114.15).abs() < 0.01);
/// ```
pub fn distance_m(a: LonLat, b: LonLat) -> f64 {
    Geodesic.distance(a.to_point(), b.to_point())
}

/// Whether `b` lies within `radius_m` of `a` (geodesic, inclusive): exactly
/// `distance_m(a, b) <= radius_m`, with the chord (never longer than the geodesic, but
/// for rounding well under a micrometre) ruling out far points before the geodesic is
/// solved.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::within_m;
/// let a = LonLat::new(24.94, 60.17).unwrap();
/// let b = LonLat::new(24.94, 60.18).unwrap();
/// assert!(within_m(a, b, 1114.2) && !within_m(a, b, 1114.1));
/// ```
pub fn within_m(a: LonLat, b: LonLat, radius_m: f64) -> bool {
    chord_m(&ecef_m(a), &ecef_m(b)) <= radius_m + 1e-6 && distance_m(a, b) <= radius_m
}

/// Initial geodesic bearing from `from` to `to`, clockwise from true north in `[0, 360)`.
/// Coincident points have bearing 0 (north), as DESIGN.md asks.
///
/// # Units
/// Degrees.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::bearing_deg;
/// let shop = LonLat::new(24.94, 60.17).unwrap();
/// let east = LonLat::new(24.95, 60.17).unwrap();
/// assert!((bearing_deg(shop, east) - 90.0).abs() < 0.01);
/// assert_eq!(bearing_deg(shop, shop), 0.0);
/// ```
pub fn bearing_deg(from: LonLat, to: LonLat) -> f64 {
    if from == to {
        return 0.0;
    }
    let b = Geodesic.bearing(from.to_point(), to.to_point());
    if b >= 360.0 { 0.0 } else { b }
}

/// The point `distance_m` from `from` along the geodesic leaving it at `bearing_deg`
/// (clockwise from true north). A finite bearing and distance always give a position;
/// a non-finite one gives `from` back.
///
/// # Units
/// Degrees and metres in.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::{bearing_deg, destination, distance_m};
/// let shop = LonLat::new(24.94, 60.17).unwrap();
/// let q = destination(shop, 45.0, 300.0);
/// assert!((distance_m(shop, q) - 300.0).abs() < 1e-6);
/// assert!((bearing_deg(shop, q) - 45.0).abs() < 1e-6);
/// ```
pub fn destination(from: LonLat, bearing_deg: f64, distance_m: f64) -> LonLat {
    try_destination(from, bearing_deg, distance_m).unwrap_or(from)
}

/// [`destination`], `None` where the result is no position (non-finite input).
fn try_destination(from: LonLat, bearing_deg: f64, distance_m: f64) -> Option<LonLat> {
    let p = Geodesic.destination(from.to_point(), bearing_deg, distance_m);
    LonLat::new(p.x(), p.y()).ok()
}

/// The WGS84 radii of curvature at latitude `lat_deg`: of the meridian (north–south) and
/// of the prime vertical (east–west), as `(meridian_m, prime_vertical_m)`.
///
/// # Units
/// Degrees in, metres out.
///
/// # Examples
/// ```
/// use catchment::geodesy::{WGS84_A_M, radii_of_curvature_m};
/// let (meridian_m, prime_vertical_m) = radii_of_curvature_m(0.0);
/// assert_eq!(prime_vertical_m, WGS84_A_M);
/// assert!((meridian_m - 6_335_439.3).abs() < 0.1);
/// let (m, n) = radii_of_curvature_m(60.17);
/// assert!(m < n && n < 6_400_000.0);
/// ```
pub fn radii_of_curvature_m(lat_deg: f64) -> (f64, f64) {
    let sin_lat = lat_deg.to_radians().sin();
    let w = 1.0 - WGS84_E2 * sin_lat * sin_lat;
    (
        WGS84_A_M * (1.0 - WGS84_E2) / (w * w.sqrt()),
        WGS84_A_M / w.sqrt(),
    )
}

/// Earth-centred, earth-fixed cartesian position.
///
/// # Units
/// Metres (x towards 0° E on the equator, y towards 90° E, z towards the north pole).
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::{WGS84_A_M, ecef_m};
/// let [x, y, z] = ecef_m(LonLat::new(0.0, 0.0).unwrap());
/// assert_eq!((x, y, z), (WGS84_A_M, 0.0, 0.0));
/// ```
pub fn ecef_m(p: LonLat) -> [f64; 3] {
    let (lat, lon) = (p.lat_deg().to_radians(), p.lon_deg().to_radians());
    let (sin_lat, cos_lat) = lat.sin_cos();
    let (sin_lon, cos_lon) = lon.sin_cos();
    let (_, n) = radii_of_curvature_m(p.lat_deg());
    [
        n * cos_lat * cos_lon,
        n * cos_lat * sin_lon,
        n * (1.0 - WGS84_E2) * sin_lat,
    ]
}

/// Straight-line distance between two ECEF positions.
///
/// # Units
/// Metres.
///
/// # Examples
/// ```
/// use catchment::geodesy::chord_m;
/// assert_eq!(chord_m(&[0.0, 3.0, 0.0], &[0.0, 0.0, 4.0]), 5.0);
/// ```
pub fn chord_m(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    chord_sq_m2(a, b).sqrt()
}

/// Squared chord, for R-tree queries which work in squared units.
///
/// # Units
/// Square metres.
///
/// # Examples
/// ```
/// use catchment::geodesy::chord_sq_m2;
/// assert_eq!(chord_sq_m2(&[0.0, 3.0, 0.0], &[0.0, 0.0, 4.0]), 25.0);
/// ```
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
///
/// # Examples
/// ```
/// use catchment::geodesy::chord_excess_bound_m;
/// // A kilometre of chord is shorter than its geodesic by about a micrometre.
/// assert!(chord_excess_bound_m(1000.0) < 1e-5);
/// ```
pub fn chord_excess_bound_m(chord_m: f64) -> f64 {
    1.01 * chord_m.powi(3) / (24.0 * MIN_CURVATURE_RADIUS_M * MIN_CURVATURE_RADIUS_M) + 1e-6
}

/// Approximate geodesic length from a chord, good to well under a millimetre at ring
/// distances (the mid-point of the bound above, on the mean sphere).
///
/// # Units
/// Metres in, metres out.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::{chord_m, distance_m, ecef_m, geodesic_from_chord_m};
/// let a = LonLat::new(24.94, 60.17).unwrap();
/// let b = LonLat::new(24.95, 60.175).unwrap();
/// let s = geodesic_from_chord_m(chord_m(&ecef_m(a), &ecef_m(b)));
/// assert!((s - distance_m(a, b)).abs() < 1e-3);
/// ```
pub fn geodesic_from_chord_m(chord_m: f64) -> f64 {
    const MEAN_RADIUS_M: f64 = 6_371_008.8;
    chord_m + chord_m.powi(3) / (24.0 * MEAN_RADIUS_M * MEAN_RADIUS_M)
}

/// Largest gap between the chord-frame azimuth and the geodesic azimuth that we allow
/// for at a chord of `chord_m` metres; members closer than this to a sector boundary get
/// the exact geodesic azimuth. The true gap is of order e²·(s/a)² radians; this is ~100×
/// that, plus slack for rounding at very short range.
///
/// # Units
/// Metres in, degrees out.
///
/// # Examples
/// ```
/// use catchment::geodesy::azimuth_tolerance_deg;
/// assert!(azimuth_tolerance_deg(1000.0) < 1e-5);
/// ```
pub fn azimuth_tolerance_deg(chord_m: f64) -> f64 {
    let rel = chord_m / WGS84_A_M;
    (rel * rel).to_degrees() + 1e-7 + 1e-6 / chord_m.max(1e-3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn chord_is_never_longer_and_bound_holds() {
        let shop = p(24.94, 60.17);
        let frame = ShopFrame::new(shop);
        for i in 0..360 {
            for dist in [1.0, 150.0, 1000.0, 20_000.0, 200_000.0] {
                let q = destination(shop, i as f64, dist);
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

    #[test]
    fn destination_of_nothing_stays_put() {
        let shop = p(24.94, 60.17);
        assert_eq!(destination(shop, f64::NAN, 100.0), shop);
        assert_eq!(destination(shop, 90.0, f64::INFINITY), shop);
    }
}
