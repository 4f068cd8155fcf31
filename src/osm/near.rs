//! Points within a radius, fast: a grid over ECEF positions (cells sorted for binary
//! search), so finding a point's neighbours costs the points in 27 cells instead of all
//! points of a street or a house number (a region extract has the same street name and
//! number in many towns).

use crate::coord::LonLat;
use crate::geodesy::{chord_sq_m2, ecef_m};

/// Points indexed for radius queries.
pub(super) struct Near {
    cell_m: f64,
    /// `(cell, point index, ECEF position)`, sorted by cell then index.
    entries: Vec<([i64; 3], usize, [f64; 3])>,
}

impl Near {
    /// Indexes `points` (`None` is left out, its index never returned) for queries of up
    /// to `radius_m`.
    pub fn new(points: impl IntoIterator<Item = Option<LonLat>>, radius_m: f64) -> Self {
        let cell_m = radius_m.max(1.0);
        let mut entries: Vec<([i64; 3], usize, [f64; 3])> = points
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let e = ecef_m(p?);
                Some((cell(&e, cell_m), i, e))
            })
            .collect();
        entries.sort_unstable_by_key(|e| (e.0, e.1));
        Near { cell_m, entries }
    }

    /// `(index, chord in metres)` of the points within `radius_m` (at most the radius given
    /// to [`new`](Self::new)) of `p`, in index order.
    ///
    /// # Units
    ///
    /// Metres of chord, which is never longer than the geodesic: a caller deciding by the
    /// geodesic filters these, and misses nothing.
    pub fn around(&self, p: LonLat, radius_m: f64) -> Vec<(usize, f64)> {
        let e = ecef_m(p);
        let c = cell(&e, self.cell_m);
        let r2 = radius_m * radius_m;
        let mut out = Vec::new();
        for dx in -1..=1 {
            for dy in -1..=1 {
                for dz in -1..=1 {
                    let key = [c[0] + dx, c[1] + dy, c[2] + dz];
                    let from = self.entries.partition_point(|x| x.0 < key);
                    for (_, i, q) in self.entries[from..].iter().take_while(|x| x.0 == key) {
                        let d2 = chord_sq_m2(&e, q);
                        if d2 <= r2 {
                            out.push((*i, d2.sqrt()));
                        }
                    }
                }
            }
        }
        out.sort_unstable_by_key(|x| x.0);
        out
    }
}

fn cell(p: &[f64; 3], cell_m: f64) -> [i64; 3] {
    [
        (p[0] / cell_m).floor() as i64,
        (p[1] / cell_m).floor() as i64,
        (p[2] / cell_m).floor() as i64,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    #[test]
    fn finds_exactly_the_points_within_the_radius() {
        let points: Vec<LonLat> = (0..400)
            .map(|i| {
                let (a, b) = ((i * 37 % 101) as f64, (i * 53 % 97) as f64);
                LonLat::new(24.94 + a * 2e-5, 60.17 + b * 1e-5).unwrap()
            })
            .collect();
        let near = Near::new(points.iter().copied().map(Some).chain([None]), 30.0);
        for (i, &p) in points.iter().enumerate() {
            let brute: Vec<usize> = (0..points.len())
                .filter(|&j| distance_m(p, points[j]) <= 30.0 - 1e-6)
                .collect();
            let got: Vec<usize> = near.around(p, 30.0).into_iter().map(|x| x.0).collect();
            assert!(brute.iter().all(|j| got.contains(j)), "{i}");
            assert!(got.iter().all(|&j| distance_m(p, points[j]) <= 30.0 + 1e-6));
            assert!(got.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
