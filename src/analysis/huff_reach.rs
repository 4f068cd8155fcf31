//! The Huff denominator at chain scale: exact over a shop's nearest rivals, the farther
//! shops taken from the shop's own position (a far field), with a bound on what that
//! changes.
//!
//! A Huff share needs, for every home or member, the pull of every shop of the workspace:
//! with 10 M members and 4,000 shops that is 4·10¹⁰ distances. Around one shop S the
//! members and homes that matter lie near S, so [`HuffReach::around`] sorts the other
//! shops by their distance Dₖ from S, keeps the [`HUFF_NEAR_SHOPS`] nearest exactly
//! (their distances from each point) and replaces the distance of every farther shop by
//! Dₖ (from S). When the workspace has at most [`HUFF_NEAR_SHOPS`] other shops nothing
//! is replaced and the share is exact.
//!
//! # The bound
//!
//! A point ρ metres from S is between Dₖ − ρ and Dₖ + ρ from a far shop k, so with
//! D = the nearest far shop's distance (ρ < D) the far pull Σₖ Dₖ^−λ is off by at most
//! Σₖ Dₖ^−λ · ((1 − ρ/D)^−λ − 1). [`HuffReach::error_bound`] gives that as a share of the
//! point's denominator (infinite when ρ ≥ D); the comparison reports how many members
//! stay within [`HUFF_ERROR_TARGET`] and the largest bound.

use crate::geodesy::{chord_m, ecef_m, geodesic_from_chord_m};
use crate::model::Shop;

/// Huff distances are floored at this many metres.
pub const HUFF_MIN_DISTANCE_M: f64 = 50.0;
/// Other shops taken exactly around each shop; farther ones from the shop's position.
pub const HUFF_NEAR_SHOPS: usize = 32;
/// The share of the denominator the far field may change that the report counts as good.
pub const HUFF_ERROR_TARGET: f64 = 0.01;

/// The other shops around one shop, split into the nearest (exact) and the far field.
#[derive(Debug, Clone)]
pub struct HuffReach {
    shop_e: [f64; 3],
    near_e: Vec<[f64; 3]>,
    far_ln_d: Vec<f64>,
    first_far_m: f64,
}

/// The distance the Huff model weighs between two ECEF points: the chord-derived
/// geodesic, floored at [`HUFF_MIN_DISTANCE_M`], metres.
pub(crate) fn huff_distance_m(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    geodesic_from_chord_m(chord_m(a, b)).max(HUFF_MIN_DISTANCE_M)
}

/// The Huff pull d^−λ of a shop at distance d, from `ln_distance` = ln d: an exponential
/// of the log, which a fit over many exponents keeps, and cheaper than a power function.
pub(crate) fn huff_pull(ln_distance: f64, lambda: f64) -> f64 {
    (-lambda * ln_distance).exp()
}

impl HuffReach {
    /// `others` seen from `shop`: the [`HUFF_NEAR_SHOPS`] nearest kept exactly.
    pub fn around(shop: &Shop, others: &[&Shop]) -> Self {
        let shop_e = ecef_m(shop.position);
        let mut by_distance: Vec<([f64; 3], f64)> = others
            .iter()
            .map(|s| {
                let e = ecef_m(s.position);
                (e, geodesic_from_chord_m(chord_m(&e, &shop_e)))
            })
            .collect();
        by_distance.sort_by(|a, b| a.1.total_cmp(&b.1));
        let split = by_distance.len().min(HUFF_NEAR_SHOPS);
        let first_far_m = by_distance.get(split).map_or(f64::INFINITY, |x| x.1);
        Self {
            shop_e,
            near_e: by_distance[..split].iter().map(|x| x.0).collect(),
            far_ln_d: by_distance[split..]
                .iter()
                .map(|x| x.1.max(HUFF_MIN_DISTANCE_M).ln())
                .collect(),
            first_far_m,
        }
    }

    /// Other shops taken exactly.
    pub fn near_shops(&self) -> usize {
        self.near_e.len()
    }

    /// Whether every shop is taken exactly.
    pub fn is_exact(&self) -> bool {
        self.far_ln_d.is_empty()
    }

    /// At the point `p` (ECEF metres): ln of the floored distance to the shop, and
    /// ln(d₀ / dₖ) for each near shop k.
    pub fn logs_at(&self, p: &[f64; 3]) -> (f64, Vec<f64>) {
        let ln_d0 = huff_distance_m(p, &self.shop_e).ln();
        let near = self
            .near_e
            .iter()
            .map(|e| ln_d0 - huff_distance_m(p, e).ln())
            .collect();
        (ln_d0, near)
    }

    /// Σₖ Dₖ^−λ over the far shops (0 when exact); the same for every point around the
    /// shop, so a fit computes it once per exponent.
    pub fn far_pull(&self, lambda: f64) -> f64 {
        self.far_ln_d.iter().map(|&l| huff_pull(l, lambda)).sum()
    }

    /// The shop's Huff share at a point with [`Self::logs_at`] `logs`, exponent `lambda`
    /// and [`Self::far_pull`] `far`.
    pub fn share(logs: &(f64, Vec<f64>), lambda: f64, far: f64) -> f64 {
        1.0 / Self::relative_denominator(logs.0, logs.1.iter().copied(), lambda, far)
    }

    /// The denominator divided by the shop's own pull d₀^−λ, from ln d₀ and each near
    /// shop's ln(d₀ / dₖ): every pull a power taken as an exponential of logs, which the
    /// fit keeps and a power function would take again.
    fn relative_denominator(
        ln_d0: f64,
        near: impl Iterator<Item = f64>,
        lambda: f64,
        far: f64,
    ) -> f64 {
        let far_rel = if far > 0.0 {
            (lambda * ln_d0).exp() * far
        } else {
            0.0
        };
        1.0 + near.map(|x| (lambda * x).exp()).sum::<f64>() + far_rel
    }

    /// The shop's Huff share at the point `p` (ECEF metres) `rho_m` metres from the shop,
    /// and [`Self::error_bound`] there, without keeping the logs.
    pub fn share_and_bound(&self, p: &[f64; 3], rho_m: f64, lambda: f64, far: f64) -> (f64, f64) {
        let ln_d0 = huff_distance_m(p, &self.shop_e).ln();
        let near = self
            .near_e
            .iter()
            .map(|e| ln_d0 - huff_distance_m(p, e).ln());
        let denom = Self::relative_denominator(ln_d0, near, lambda, far);
        (1.0 / denom, self.bound_at(ln_d0, denom, rho_m, lambda, far))
    }

    /// The largest share of the denominator by which the far field can be off at a point
    /// `rho_m` metres from the shop (0 when exact, infinite when the point is as far from
    /// the shop as the nearest far shop).
    pub fn error_bound(&self, logs: &(f64, Vec<f64>), rho_m: f64, lambda: f64, far: f64) -> f64 {
        let denom = Self::relative_denominator(logs.0, logs.1.iter().copied(), lambda, far);
        self.bound_at(logs.0, denom, rho_m, lambda, far)
    }

    /// [`Self::error_bound`] at a point with ln d₀ `ln_d0` and relative denominator
    /// `denom`.
    fn bound_at(&self, ln_d0: f64, denom: f64, rho_m: f64, lambda: f64, far: f64) -> f64 {
        if self.is_exact() {
            return 0.0;
        }
        if rho_m >= self.first_far_m {
            return f64::INFINITY;
        }
        let factor = (1.0 - rho_m / self.first_far_m).powf(-lambda) - 1.0;
        let far_rel = (lambda * ln_d0).exp() * far;
        far_rel * factor / denom
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::LonLat;
    use crate::model::ShopKind;

    fn shop(i: usize, lon: f64, lat: f64) -> Shop {
        Shop {
            name: format!("S{i}"),
            kind: ShopKind::Competitor,
            position: LonLat::new(lon, lat).unwrap(),
            category: None,
            address: None,
        }
    }

    #[test]
    fn exact_with_few_shops_and_within_bound_with_many() {
        let ours = shop(0, 24.94, 60.17);
        let few: Vec<Shop> = (1..10)
            .map(|i| shop(i, 24.94 + 0.01 * i as f64, 60.17))
            .collect();
        let many: Vec<Shop> = (1..400)
            .map(|i| {
                let (a, b) = ((i % 20) as f64, (i / 20) as f64);
                shop(i, 24.5 + 0.05 * a, 60.0 + 0.02 * b)
            })
            .collect();
        let p = LonLat::new(24.945, 60.172).unwrap();
        let e = ecef_m(p);
        let rho = geodesic_from_chord_m(chord_m(&e, &ecef_m(ours.position)));
        for (others, exact) in [(&few, true), (&many, false)] {
            let refs: Vec<&Shop> = others.iter().collect();
            let reach = HuffReach::around(&ours, &refs);
            assert_eq!(reach.is_exact(), exact);
            for lambda in [1.0, 2.0, 3.5] {
                let far = reach.far_pull(lambda);
                let logs = reach.logs_at(&e);
                let got = HuffReach::share(&logs, lambda, far);
                // Brute force: every shop's own distance.
                let d = |s: &Shop| huff_distance_m(&e, &ecef_m(s.position));
                let d0 = d(&ours);
                let want = 1.0 / refs.iter().fold(1.0, |a, s| a + (d0 / d(s)).powf(lambda));
                let bound = reach.error_bound(&logs, rho, lambda, far);
                let (direct, direct_bound) = reach.share_and_bound(&e, rho, lambda, far);
                assert!((direct - got).abs() < 1e-12 && (direct_bound - bound).abs() < 1e-12);
                assert!(exact || bound < 0.2, "a useful bound: {bound}");
                assert!(
                    (got / want - 1.0).abs() <= bound * 1.01 + 1e-12,
                    "λ {lambda}: {got} vs {want}, bound {bound}"
                );
            }
        }
    }
}
