//! Geodesic circles, arcs and ring wedges as polygons: the rings and cells that the
//! GeoJSON reports write and the printed map draws, traced the same way for both.
//!
//! Vertices are [`destination`](super::destination)s from the centre, enough of them that
//! no edge strays more than half a metre from the true circle ([`circle_vertex_count`]).
//! Rings built here run as RFC 7946 asks of an exterior: counter-clockwise.

use super::destination;
use crate::coord::LonLat;

/// Vertices for a full circle of `radius_m` so that the inscribed polygon's sagitta
/// r·(1 − cos(π/n)) stays within 0.5 m (and never fewer than 64).
///
/// # Units
/// Metres in.
///
/// # Examples
/// ```
/// use catchment::geodesy::circle_vertex_count;
/// assert_eq!(circle_vertex_count(150.0), 64);
/// assert!(circle_vertex_count(5000.0) > 200);
/// ```
pub fn circle_vertex_count(radius_m: f64) -> usize {
    let half_angle = (1.0 - 0.5 / radius_m).clamp(-1.0, 1.0).acos();
    let n = if half_angle > 0.0 {
        (std::f64::consts::PI / half_angle).ceil()
    } else {
        64.0
    };
    (n as usize).max(64)
}

/// Points on the circle of `radius_m` around `centre` from bearing `from_deg` to `to_deg`
/// (both included), stepping clockwise when `to_deg > from_deg` and counter-clockwise
/// otherwise, as densely as [`circle_vertex_count`] asks; the centre alone for radius 0.
///
/// # Units
/// Metres and degrees (clockwise from north) in.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::{arc, distance_m};
/// let shop = LonLat::new(24.94, 60.17).unwrap();
/// let quarter = arc(shop, 300.0, 0.0, 90.0);
/// assert_eq!(quarter.len(), 17);
/// assert!(quarter.iter().all(|p| (distance_m(shop, *p) - 300.0).abs() < 1e-6));
/// assert_eq!(arc(shop, 0.0, 0.0, 90.0), [shop]);
/// ```
pub fn arc(centre: LonLat, radius_m: f64, from_deg: f64, to_deg: f64) -> Vec<LonLat> {
    if radius_m == 0.0 {
        return vec![centre];
    }
    let full = circle_vertex_count(radius_m) as f64;
    let steps = ((full * (to_deg - from_deg).abs() / 360.0).ceil() as usize).max(2);
    (0..=steps)
        .map(|i| {
            let b = from_deg + (to_deg - from_deg) * i as f64 / steps as f64;
            destination(centre, b, radius_m)
        })
        .collect()
}

/// The closed circle of `radius_m` around `centre`, starting and ending due north:
/// counter-clockwise for an exterior ring, clockwise for a hole.
///
/// # Units
/// Metres in.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::{circle, circle_vertex_count};
/// let shop = LonLat::new(24.94, 60.17).unwrap();
/// let ring = circle(shop, 1000.0, true);
/// assert_eq!(ring.len(), circle_vertex_count(1000.0) + 1);
/// assert_eq!(ring.first(), ring.last());
/// ```
pub fn circle(centre: LonLat, radius_m: f64, counter_clockwise: bool) -> Vec<LonLat> {
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

/// The closed exterior ring of the annulus wedge between `inner_m` and `outer_m` around
/// `centre` and bearings `from_deg` to `to_deg`: the outer arc counter-clockwise, then the
/// inner arc clockwise (the centre when `inner_m` is 0), so the ring runs
/// counter-clockwise.
///
/// # Units
/// Metres and degrees (clockwise from north) in.
///
/// # Examples
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geodesy::wedge_ring;
/// let shop = LonLat::new(24.94, 60.17).unwrap();
/// let slice = wedge_ring(shop, 0.0, 150.0, 337.5, 382.5);
/// assert_eq!(slice.first(), slice.last());
/// assert!(slice.contains(&shop));
/// ```
pub fn wedge_ring(
    centre: LonLat,
    inner_m: f64,
    outer_m: f64,
    from_deg: f64,
    to_deg: f64,
) -> Vec<LonLat> {
    let mut ring = arc(centre, outer_m, to_deg, from_deg);
    ring.extend(arc(centre, inner_m, from_deg, to_deg));
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    ring
}
