//! Flat geometry inside one street, in the [`LocalFrame`] of a point: the point of a line
//! nearest a position, a point part-way along a line, a point between two houses.
//!
//! Within a few hundred metres the plane is flat to millimetres, which is exact enough for
//! placing an interpolated number; every distance the geocoder decides on is still
//! measured with [`crate::geodesy::distance_m`].

use crate::coord::LonLat;
use crate::geodesy::LocalFrame;

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
    let frame = LocalFrame::at(p);
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
    let frame = LocalFrame::at(first);
    line.windows(2)
        .map(|w| norm_sq(sub(frame.xy_m(w[1]), frame.xy_m(w[0]))).sqrt())
        .sum()
}

/// The point a fraction `t` (0..=1) of the way along `line` by length, between vertex
/// `from` and vertex `to` (`from < to`); `None` if the indices are outside the line.
pub(crate) fn along(line: &[LonLat], from: usize, to: usize, t: f64) -> Option<LonLat> {
    let part = line.get(from..=to)?;
    let frame = LocalFrame::at(*part.first()?);
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
    let frame = LocalFrame::at(a);
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
