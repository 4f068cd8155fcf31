//! Flat local frames for the short geometry inside one street: the point of a line nearest
//! a position, a point part-way along a line, a point between two houses.
//!
//! Within a few hundred metres the ellipsoid is flat to millimetres, so an east/north
//! frame scaled by the WGS84 radii of curvature at its origin is exact enough for placing
//! an interpolated number; every distance the geocoder decides on is still measured with
//! [`crate::geodesy::distance_m`].

use crate::coord::LonLat;
use crate::geodesy::{WGS84_A_M, WGS84_F};

/// East/north metres around an origin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    origin: LonLat,
    m_per_deg_lon: f64,
    m_per_deg_lat: f64,
}

impl Frame {
    /// A frame tangent at `origin`.
    pub fn at(origin: LonLat) -> Self {
        let e2 = WGS84_F * (2.0 - WGS84_F);
        let (sin, cos) = origin.lat_deg().to_radians().sin_cos();
        let w = 1.0 - e2 * sin * sin;
        let meridian_m = WGS84_A_M * (1.0 - e2) / (w * w.sqrt());
        let prime_vertical_m = WGS84_A_M / w.sqrt();
        let rad = std::f64::consts::PI / 180.0;
        Self {
            origin,
            m_per_deg_lon: prime_vertical_m * cos * rad,
            m_per_deg_lat: meridian_m * rad,
        }
    }

    /// East and north of the origin, in metres.
    pub fn xy_m(&self, p: LonLat) -> [f64; 2] {
        let mut d_lon = p.lon_deg() - self.origin.lon_deg();
        if d_lon > 180.0 {
            d_lon -= 360.0;
        } else if d_lon < -180.0 {
            d_lon += 360.0;
        }
        [
            d_lon * self.m_per_deg_lon,
            (p.lat_deg() - self.origin.lat_deg()) * self.m_per_deg_lat,
        ]
    }

    /// The position `xy_m` metres east/north of the origin; `None` off the globe (only
    /// possible for absurd inputs near the poles).
    pub fn lonlat(&self, xy_m: [f64; 2]) -> Option<LonLat> {
        if self.m_per_deg_lon.abs() < 1e-9 {
            return None;
        }
        let mut lon = self.origin.lon_deg() + xy_m[0] / self.m_per_deg_lon;
        if lon > 180.0 {
            lon -= 360.0;
        } else if lon < -180.0 {
            lon += 360.0;
        }
        LonLat::new(lon, self.origin.lat_deg() + xy_m[1] / self.m_per_deg_lat).ok()
    }
}

fn sub(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [a[0] - b[0], a[1] - b[1]]
}

fn norm_sq(a: [f64; 2]) -> f64 {
    a[0] * a[0] + a[1] * a[1]
}

/// The point of segment `a`–`b` nearest `p`, all in one frame.
fn nearest_on_segment(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> [f64; 2] {
    let ab = sub(b, a);
    let len_sq = norm_sq(ab);
    if len_sq <= f64::EPSILON {
        return a;
    }
    let t = ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / len_sq;
    let t = t.clamp(0.0, 1.0);
    [a[0] + t * ab[0], a[1] + t * ab[1]]
}

/// The point of any of `lines` nearest `p` (in a frame at `p`); `None` without vertices.
pub(crate) fn nearest_on_lines(lines: &[Vec<LonLat>], p: LonLat) -> Option<LonLat> {
    let frame = Frame::at(p);
    let mut best: Option<([f64; 2], f64)> = None;
    for line in lines {
        let xy: Vec<[f64; 2]> = line.iter().map(|&q| frame.xy_m(q)).collect();
        let candidates: Box<dyn Iterator<Item = [f64; 2]>> = if xy.len() == 1 {
            Box::new(xy.iter().copied())
        } else {
            Box::new(
                xy.windows(2)
                    .map(|w| nearest_on_segment(w[0], w[1], [0.0, 0.0])),
            )
        };
        for c in candidates {
            let d = norm_sq(c);
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((c, d));
            }
        }
    }
    frame.lonlat(best?.0)
}

/// Length of a line in metres, measured in a frame at its first vertex.
pub(crate) fn length_m(line: &[LonLat]) -> f64 {
    let Some(&first) = line.first() else {
        return 0.0;
    };
    let frame = Frame::at(first);
    line.windows(2)
        .map(|w| norm_sq(sub(frame.xy_m(w[1]), frame.xy_m(w[0]))).sqrt())
        .sum()
}

/// The point a fraction `t` (0..=1) of the way along `line` by length, between vertex
/// `from` and vertex `to` (`from < to`); `None` if the indices are outside the line.
pub(crate) fn along(line: &[LonLat], from: usize, to: usize, t: f64) -> Option<LonLat> {
    let part = line.get(from..=to)?;
    let frame = Frame::at(*part.first()?);
    let xy: Vec<[f64; 2]> = part.iter().map(|&q| frame.xy_m(q)).collect();
    let total: f64 = xy.windows(2).map(|w| norm_sq(sub(w[1], w[0])).sqrt()).sum();
    let mut left = total * t.clamp(0.0, 1.0);
    for w in xy.windows(2) {
        let seg = norm_sq(sub(w[1], w[0])).sqrt();
        if left <= seg && seg > 0.0 {
            let f = left / seg;
            return frame.lonlat([
                w[0][0] + f * (w[1][0] - w[0][0]),
                w[0][1] + f * (w[1][1] - w[0][1]),
            ]);
        }
        left -= seg;
    }
    frame.lonlat(*xy.last()?)
}

/// The point halfway along a line by length.
pub(crate) fn middle(line: &[LonLat]) -> Option<LonLat> {
    along(line, 0, line.len().checked_sub(1)?, 0.5)
}

/// The point a fraction `t` of the way from `a` to `b`.
pub(crate) fn between(a: LonLat, b: LonLat, t: f64) -> Option<LonLat> {
    let frame = Frame::at(a);
    let q = frame.xy_m(b);
    frame.lonlat([q[0] * t, q[1] * t])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn frame_round_trips_and_measures_like_the_geodesic() {
        let o = p(24.94, 60.17);
        let f = Frame::at(o);
        let q = p(24.945, 60.172);
        let xy = f.xy_m(q);
        let back = f.lonlat(xy).unwrap();
        assert!(distance_m(q, back) < 1e-6);
        let flat = norm_sq(xy).sqrt();
        assert!((flat - distance_m(o, q)).abs() < 0.05, "{flat}");
    }

    #[test]
    fn nearest_point_and_along() {
        let line = vec![p(24.940, 60.170), p(24.950, 60.170)];
        let n = nearest_on_lines(std::slice::from_ref(&line), p(24.945, 60.1705)).unwrap();
        assert!(distance_m(n, p(24.945, 60.170)) < 0.5, "{n}");
        let m = middle(&line).unwrap();
        assert!(distance_m(m, p(24.945, 60.170)) < 0.5, "{m}");
        assert!(along(&line, 0, 5, 0.5).is_none());
        let b = between(line[0], line[1], 0.25).unwrap();
        assert!(distance_m(b, p(24.9425, 60.170)) < 0.5, "{b}");
        assert!((length_m(&line) - distance_m(line[0], line[1])).abs() < 0.1);
    }
}
