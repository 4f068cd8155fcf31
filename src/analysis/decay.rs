//! The shop's own distance decay: how penetration (members per dwelling; reports say per
//! 100 dwellings) falls with distance, fitted from where its members live and where the
//! homes are.
//!
//! # Model
//!
//! Members live at homes. Each home h at geodesic distance dₕ from the shop, holding wₕ
//! dwellings, holds a Poisson number of members with mean
//!
//! ```text
//! μₕ = wₕ · p(dₕ),   p(d) = exp(a − b·d)
//! ```
//!
//! so p(d) is the penetration at distance d: `exp(a)` at the shop, halving every ln 2 / b.
//!
//! # Fit
//!
//! Poisson maximum likelihood over the homes within the fitted range. With members at
//! (or near) homes, the log-likelihood is Σᵢ (a − b·dᵢ) − Σₕ wₕ·e^(a − b·dₕ) over members
//! i, which needs no binning:
//!
//! - for any b, the best a makes the expected total equal the members counted,
//!   e^a = N / Σₕ wₕ e^(−b·dₕ) (so total expected = total members in the fitted range);
//! - the profile score in b is `mean member distance − Σₕ wₕ dₕ e^(−b·dₕ) / Σₕ wₕ e^(−b·dₕ)`:
//!   the member mean must equal the decay-weighted mean home distance. The right-hand side
//!   falls strictly with b (its derivative is minus a variance), so the root is unique
//!   and bisection finds it.
//!
//! The decay must fall: when the members live on average no nearer the shop than the
//! dwellings do (the root has b ≤ 0), penetration does not fall with distance, the
//! members are not drawn from around the shop (a chain's members counted at every shop,
//! or a member list unrelated to the homes), and the fit is refused
//! ([`DecayError::NotFalling`]) rather than extrapolating a rising penetration outward.
//!
//! The standard error of b is 1 / √(N · Var_b(d)), the inverse Fisher information of the
//! profile likelihood. Fitting on cells of a grid would give the same estimate in the
//! limit of fine cells; using member distances directly keeps the fit independent of
//! the grid a report is drawn on.

use serde::Serialize;

/// Upper bound of the decay rate b searched, per metre: penetration falls at most e¹⁰⁰ per
/// km (a 7 m half distance).
const B_MAX_PER_M: f64 = 0.1;

/// Why a decay could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecayError {
    /// There are no homes (or only homes with no dwellings) to fit against.
    #[error(
        "no homes within the fitted range: load an OSM extract that covers the shop's area (`catchment area load FILE.osm.pbf`)"
    )]
    NoHomes,
    /// There are no members to fit.
    #[error("no members within the fitted range: nothing to fit a distance decay to")]
    NoMembers,
    /// Members live no nearer the shop than the dwellings do: penetration does not fall
    /// with distance.
    #[error(
        "members live on average {member_mean_m:.0} m from the shop, no nearer than the dwellings ({dwelling_mean_m:.0} m): penetration does not fall with distance, so there is no decay to expect members from (members counted at every shop of a chain, or a member list unrelated to this area's homes?)"
    )]
    NotFalling {
        /// Mean distance of the members, metres.
        member_mean_m: f64,
        /// Mean distance of the dwellings, metres.
        dwelling_mean_m: f64,
    },
    /// A distance or weight is not a finite non-negative number.
    #[error("distance or weight {0} is not a finite non-negative number")]
    BadInput(f64),
}

/// One home as the fit sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HomeAt {
    /// Geodesic distance from the shop, metres.
    pub distance_m: f64,
    /// Dwellings (households) at this home.
    pub dwellings: f64,
}

/// The fitted decay p(d) = exp(a − b·d).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DecayFit {
    /// exp(a): members per dwelling at the shop's door.
    pub penetration_at_shop: f64,
    /// b in 1/km, always positive: how fast penetration falls.
    pub decay_per_km: f64,
    /// Standard error of `decay_per_km`.
    pub decay_se_per_km: f64,
    /// 1 / b in metres: the distance over which penetration falls by e.
    pub decay_distance_m: f64,
    /// ln 2 / b in metres: distance over which penetration halves.
    pub half_distance_m: f64,
    /// Members the fit was made on.
    pub members: u64,
    /// Dwellings the fit was made on.
    pub dwellings: f64,
    /// Whether b hit the upper bound of the search (the data asks for a steeper decay
    /// than is plausible; the bound is used).
    pub at_bound: bool,
}

impl DecayFit {
    /// Expected members per dwelling at `distance_m` metres from the shop.
    ///
    /// # Units
    /// Metres in, members per dwelling out.
    pub fn penetration(&self, distance_m: f64) -> f64 {
        self.penetration_at_shop * (-self.decay_per_km * distance_m / 1000.0).exp()
    }

    /// The model in one line, e.g. `penetration 3.12 · e^(−d / 480 m) per 100 dwellings,
    /// halving every 333 m`.
    pub fn describe(&self) -> String {
        format!(
            "penetration {} · e^(−d / {:.0} m) per 100 dwellings, halving every {:.0} m",
            self.penetration_per_100_text(),
            self.decay_distance_m,
            self.half_distance_m
        )
    }

    /// Members per 100 dwellings at the shop's door, to three significant figures (whole
    /// numbers once that many are left of the point).
    pub fn penetration_per_100_text(&self) -> String {
        let per_100 = 100.0 * self.penetration_at_shop;
        let digits = (2 - per_100.abs().max(1e-3).log10().floor() as i32).clamp(0, 4) as usize;
        format!("{per_100:.digits$}")
    }

    /// The same decay with its level set so that `homes` expect `members` in all: the
    /// maximum-likelihood level for this decay over those homes. A fit made without some
    /// cells (see the sparse test) is brought back to the members counted over all.
    pub fn leveled(&self, homes: &[HomeAt], members: u64) -> DecayFit {
        let b_per_m = self.decay_per_km / 1000.0;
        let d_min_m = homes
            .iter()
            .filter(|h| h.dwellings > 0.0)
            .map(|h| h.distance_m)
            .fold(f64::INFINITY, f64::min);
        let (s0, _, _) = weighted_moments(homes, b_per_m, d_min_m);
        if s0 <= 0.0 {
            return *self;
        }
        let a = (members as f64 / s0).ln() + b_per_m * d_min_m;
        DecayFit {
            penetration_at_shop: a.exp(),
            ..*self
        }
    }
}

/// Mean home distance under decay b, and its variance: E_b[d], Var_b[d].
fn weighted_moments(homes: &[HomeAt], b_per_m: f64, d_min_m: f64) -> (f64, f64, f64) {
    let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
    for h in homes {
        // Shifting by the nearest distance keeps exp() in range for either sign of b.
        let x = h.distance_m - d_min_m;
        let w = h.dwellings * (-b_per_m * x).exp();
        s0 += w;
        s1 += w * x;
        s2 += w * x * x;
    }
    if s0 <= 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let mean = s1 / s0;
    (s0, mean + d_min_m, (s2 / s0 - mean * mean).max(0.0))
}

/// Fits p(d) = exp(a − b·d) to `member_distances_m` (members within the fitted range)
/// against `homes` (homes within the same range) by Poisson maximum likelihood.
///
/// # Errors
/// [`DecayError::NoHomes`] without dwellings, [`DecayError::NoMembers`] without members,
/// [`DecayError::BadInput`] on a negative or non-finite distance or weight.
///
/// # Units
/// Metres.
///
/// ```
/// use catchment::analysis::decay::{HomeAt, fit_decay};
/// let homes: Vec<HomeAt> = (0..1000)
///     .map(|i| HomeAt { distance_m: i as f64, dwellings: 1.0 })
///     .collect();
/// // Members at a mean distance of 300 m over homes spread evenly to 1000 m.
/// let members = vec![100.0, 200.0, 300.0, 400.0, 500.0];
/// let fit = fit_decay(&homes, &members).unwrap();
/// assert!(fit.decay_per_km > 0.0);
/// let total: f64 = homes.iter().map(|h| fit.penetration(h.distance_m)).sum();
/// assert!((total - 5.0).abs() < 1e-6);
/// ```
pub fn fit_decay(homes: &[HomeAt], member_distances_m: &[f64]) -> Result<DecayFit, DecayError> {
    for h in homes {
        for v in [h.distance_m, h.dwellings] {
            if !v.is_finite() || v < 0.0 {
                return Err(DecayError::BadInput(v));
            }
        }
    }
    if let Some(bad) = member_distances_m
        .iter()
        .find(|d| !d.is_finite() || **d < 0.0)
    {
        return Err(DecayError::BadInput(*bad));
    }
    let dwellings: f64 = homes.iter().map(|h| h.dwellings).sum();
    if dwellings <= 0.0 {
        return Err(DecayError::NoHomes);
    }
    if member_distances_m.is_empty() {
        return Err(DecayError::NoMembers);
    }
    let n = member_distances_m.len() as f64;
    let target = member_distances_m.iter().sum::<f64>() / n;
    let d_min_m = homes
        .iter()
        .filter(|h| h.dwellings > 0.0)
        .map(|h| h.distance_m)
        .fold(f64::INFINITY, f64::min);
    // E_b[d] falls with b: bisect for E_b[d] = target, on b > 0 only.
    let excess = |b: f64| weighted_moments(homes, b, d_min_m).1 - target;
    let (mut lo, mut hi) = (0.0, B_MAX_PER_M);
    let flat = excess(lo);
    let (b, at_bound) = if flat <= 0.0 {
        return Err(DecayError::NotFalling {
            member_mean_m: target,
            dwelling_mean_m: target + flat,
        });
    } else if excess(hi) >= 0.0 {
        (hi, true)
    } else {
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if excess(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo < 1e-12 {
                break;
            }
        }
        (0.5 * (lo + hi), false)
    };
    let (s0, _, var) = weighted_moments(homes, b, d_min_m);
    // Σ wₕ e^(−b dₕ) = s0 · e^(−b d_min).
    let a = (n / s0).ln() + b * d_min_m;
    Ok(DecayFit {
        penetration_at_shop: a.exp(),
        decay_per_km: b * 1000.0,
        decay_se_per_km: if var > 0.0 {
            1000.0 / (n * var).sqrt()
        } else {
            f64::INFINITY
        },
        decay_distance_m: 1.0 / b,
        half_distance_m: std::f64::consts::LN_2 / b,
        members: member_distances_m.len() as u64,
        dwellings,
        at_bound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn recovers_a_planted_decay() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let homes: Vec<HomeAt> = (0..20_000)
            .map(|_| HomeAt {
                // Uniform over a disc of 1 km.
                distance_m: 1000.0 * rng.random::<f64>().sqrt(),
                dwellings: 1.0,
            })
            .collect();
        let (a, b) = (0.5f64.ln(), 2.0 / 1000.0);
        let mut members = Vec::new();
        for h in &homes {
            let p = (a - b * h.distance_m).exp();
            if rng.random::<f64>() < p {
                members.push(h.distance_m);
            }
        }
        let fit = fit_decay(&homes, &members).unwrap();
        assert!(
            (fit.decay_per_km - 2.0).abs() < 3.0 * fit.decay_se_per_km,
            "{fit:?}"
        );
        assert!((fit.penetration_at_shop - 0.5).abs() < 0.05, "{fit:?}");
        let total: f64 = homes.iter().map(|h| fit.penetration(h.distance_m)).sum();
        assert!((total - members.len() as f64).abs() < 1e-6 * total);
    }

    #[test]
    fn rejects_empty_and_bad_input() {
        let homes = [HomeAt {
            distance_m: 10.0,
            dwellings: 1.0,
        }];
        assert_eq!(fit_decay(&[], &[1.0]), Err(DecayError::NoHomes));
        assert_eq!(fit_decay(&homes, &[]), Err(DecayError::NoMembers));
        assert!(matches!(
            fit_decay(&homes, &[f64::NAN]),
            Err(DecayError::BadInput(_))
        ));
    }

    #[test]
    fn a_penetration_rising_with_distance_is_refused() {
        // Homes evenly from the shop to 1 km; members drawn with a penetration that rises
        // with distance (as a chain's members, counted at every shop, or members of
        // another town): the unconstrained root would be a negative decay.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let homes: Vec<HomeAt> = (0..5_000)
            .map(|_| HomeAt {
                distance_m: 1000.0 * rng.random::<f64>().sqrt(),
                dwellings: 1.0 + (rng.random::<f64>() * 20.0).floor(),
            })
            .collect();
        let members: Vec<f64> = homes
            .iter()
            .filter(|h| rng.random::<f64>() < 0.01 * h.dwellings * (h.distance_m / 400.0).exp())
            .map(|h| h.distance_m)
            .collect();
        assert!(members.len() > 500, "{}", members.len());
        match fit_decay(&homes, &members) {
            Err(DecayError::NotFalling {
                member_mean_m,
                dwelling_mean_m,
            }) => assert!(member_mean_m > dwelling_mean_m),
            other => panic!("not refused: {other:?}"),
        }
        // Members farther than every home: refused too.
        assert!(matches!(
            fit_decay(&homes, &[2000.0]),
            Err(DecayError::NotFalling { .. })
        ));
    }

    #[test]
    fn leveling_matches_the_expected_total_to_the_members() {
        let homes: Vec<HomeAt> = (0..1000)
            .map(|i| HomeAt {
                distance_m: i as f64,
                dwellings: 2.0,
            })
            .collect();
        let fit = fit_decay(&homes, &[100.0, 200.0, 300.0]).unwrap();
        let total = |f: &DecayFit| -> f64 {
            homes
                .iter()
                .map(|h| h.dwellings * f.penetration(h.distance_m))
                .sum()
        };
        assert!((total(&fit) - 3.0).abs() < 1e-9);
        let more = fit.leveled(&homes, 30);
        assert!((total(&more) - 30.0).abs() < 1e-9);
        assert_eq!(more.decay_per_km, fit.decay_per_km);
    }
}
