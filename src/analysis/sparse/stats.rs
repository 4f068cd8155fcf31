//! The statistics of the sparse test: the Poisson and negative binomial lower tails and
//! Benjamini–Hochberg q-values, written out so that no statistics crate (and its linear
//! algebra dependencies) is built for three functions.

/// Poisson P(X ≤ k; λ), summed from the term at k downward (terms fall geometrically
/// below the mode, so the sum stops once they no longer matter).
pub fn poisson_cdf(k: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    let kf = k as f64;
    // ln pmf(k) = −λ + k ln λ − ln k!
    let ln_fact: f64 = (2..=k).map(|j| (j as f64).ln()).sum();
    let mut term = (-lambda + kf * lambda.ln() - ln_fact).exp();
    let mut sum = term;
    let mut j = kf;
    while j > 0.0 {
        term *= j / lambda;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
        j -= 1.0;
    }
    sum.min(1.0)
}

/// ln Γ(x) for x > 0: Lanczos' approximation (g = 7, 9 terms; relative error ~1e-15),
/// with the reflection-free form valid for x ≥ 0.5 and the recurrence Γ(x) = Γ(x+1)/x
/// below.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// P(X ≤ k) for X negative binomial with mean `mean` and size r = `size` (the variance is
/// mean + mean²/r; an infinite size is [`poisson_cdf`]).
///
/// Summed from the term at k downward, in logs at the start so a large mean does not
/// underflow the first term, stopping once the terms below the mode no longer matter.
///
/// ```
/// use catchment::analysis::sparse::neg_binomial_cdf;
/// // Size 1 is the geometric distribution: P(X ≤ 2) = 1 − (μ / (1 + μ))³.
/// let p = neg_binomial_cdf(2, 4.0, 1.0);
/// assert!((p - (1.0 - 0.8f64.powi(3))).abs() < 1e-12);
/// ```
pub fn neg_binomial_cdf(k: u64, mean: f64, size: f64) -> f64 {
    if mean <= 0.0 {
        return 1.0;
    }
    if !size.is_finite() {
        return poisson_cdf(k, mean);
    }
    let r = size;
    // Success probability q = r / (r + μ); 1 − q = μ / (r + μ).
    let (ln_q, fail) = ((r / (r + mean)).ln(), mean / (r + mean));
    let kf = k as f64;
    let mut term =
        (ln_gamma(kf + r) - ln_gamma(r) - ln_gamma(kf + 1.0) + r * ln_q + kf * fail.ln()).exp();
    let mut sum = term;
    let mut j = kf;
    while j > 0.0 {
        // pmf(j − 1) / pmf(j) = j / ((j − 1 + r)(1 − q)): below 1 under the mode.
        let ratio = j / ((j - 1.0 + r) * fail);
        term *= ratio;
        sum += term;
        if ratio < 1.0 && term < sum * 1e-17 {
            break;
        }
        j -= 1.0;
    }
    sum.min(1.0)
}

/// The negative binomial size of a count with mean `mean` and variance
/// `variance_factor` × mean (the quasi-Poisson variance): mean / (factor − 1), infinite
/// (Poisson) for a factor of 1 or less.
pub(super) fn nb_size(mean: f64, variance_factor: f64) -> f64 {
    if variance_factor > 1.0 {
        mean / (variance_factor - 1.0)
    } else {
        f64::INFINITY
    }
}

/// The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation,
/// relative error below 1.2e-9).
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// How much to widen a variance estimated on `dof` degrees of freedom for a one-sided
/// test at `alpha`: (t / z)², with z the normal and t the Student-t quantile (Cornish–Fisher
/// expansion to 1/dof²) — what a t test does for a normal one when the variance is
/// estimated rather than known.
pub(super) fn estimation_widening(alpha: f64, dof: f64) -> f64 {
    let z = normal_quantile(1.0 - alpha);
    let t = z
        + (z.powi(3) + z) / (4.0 * dof)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * dof * dof);
    (t / z).powi(2)
}

/// Benjamini–Hochberg q-values of the given p-values (`None` stays `None`).
pub(super) fn bh_qvalues(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<(usize, f64)> = p
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    idx.sort_by(|a, b| a.1.total_cmp(&b.1));
    let m = idx.len() as f64;
    let mut out = vec![None; p.len()];
    let mut running = 1.0f64;
    for (rank, (i, v)) in idx.iter().enumerate().rev() {
        running = running.min(v * m / (rank + 1) as f64);
        out[*i] = Some(running.min(1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_tail_matches_direct_sums() {
        // P(X ≤ 0; 3) = e^-3; P(X ≤ 2; 3) = e^-3 (1 + 3 + 4.5).
        assert!((poisson_cdf(0, 3.0) - (-3.0f64).exp()).abs() < 1e-15);
        assert!((poisson_cdf(2, 3.0) - 8.5 * (-3.0f64).exp()).abs() < 1e-14);
        // Large λ: near the normal approximation at the mean.
        let p = poisson_cdf(1000, 1000.0);
        assert!((p - 0.5084).abs() < 1e-3, "{p}");
        assert!(poisson_cdf(10, 100.0) < 1e-25);
        assert_eq!(poisson_cdf(5, 0.0), 1.0);
    }

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        let mut fact = 1.0f64;
        for n in 1..30u32 {
            // Γ(n + 1) = n!
            fact *= f64::from(n);
            let got = ln_gamma(f64::from(n) + 1.0);
            assert!((got - fact.ln()).abs() < 1e-12 * fact.ln().max(1.0), "{n}");
        }
        // Γ(1/2) = √π, Γ(3/2) = √π / 2.
        let sqrt_pi = std::f64::consts::PI.sqrt();
        assert!((ln_gamma(0.5) - sqrt_pi.ln()).abs() < 1e-13);
        assert!((ln_gamma(1.5) - (sqrt_pi / 2.0).ln()).abs() < 1e-13);
        assert!((ln_gamma(0.1) - 2.252_712_651_734_206).abs() < 1e-12);
    }

    /// The quasi-Poisson tail: mean μ, variance φμ.
    fn qp(k: u64, mean: f64, phi: f64) -> f64 {
        neg_binomial_cdf(k, mean, nb_size(mean, phi))
    }

    #[test]
    fn normal_quantiles_and_the_widening_for_an_estimated_variance() {
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-8);
        assert!((normal_quantile(0.01) + 2.326_347_874).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        // Student t quantiles: t(0.99; 16) = 2.583, t(0.99; 40) = 2.423.
        let w16 = estimation_widening(0.01, 16.0);
        assert!((w16.sqrt() * 2.326_348 - 2.583).abs() < 0.005, "{w16}");
        let w40 = estimation_widening(0.01, 40.0);
        assert!((w40.sqrt() * 2.326_348 - 2.423).abs() < 0.003, "{w40}");
        assert!(estimation_widening(0.01, 1e6) - 1.0 < 1e-5);
    }

    /// P(X ≤ k) summed upward from P(X = 0) = q^r by the product recursion: another way to
    /// the same numbers, for sizes and means where nothing underflows.
    fn upward(k: u64, mean: f64, phi: f64) -> f64 {
        let (r, q) = (mean / (phi - 1.0), 1.0 / phi);
        let mut term = q.powf(r);
        let mut sum = term;
        for j in 0..k {
            let j = j as f64;
            term *= (j + r) / (j + 1.0) * (1.0 - q);
            sum += term;
        }
        sum
    }

    #[test]
    fn neg_binomial_tail_matches_closed_forms() {
        // Size 1 (mean = φ − 1) is geometric: P(X ≤ k) = 1 − (1 − q)^(k+1).
        for (k, phi) in [(0u64, 2.0f64), (3, 5.0), (20, 11.0)] {
            let q = 1.0 / phi;
            let want = 1.0 - (1.0 - q).powi(k as i32 + 1);
            let got = qp(k, phi - 1.0, phi);
            assert!((got - want).abs() < 1e-12, "k {k} φ {phi}: {got} vs {want}");
        }
        // Size 2 (mean = 2(φ − 1)): P(X ≤ k) = P(Bin(k + 2, q) ≥ 2)
        // = 1 − (1 − q)^(k+2) − (k + 2) q (1 − q)^(k+1).
        for (k, phi) in [(0u64, 3.0f64), (5, 4.0), (40, 21.0)] {
            let q = 1.0 / phi;
            let n = k as i32;
            let want = 1.0 - (1.0 - q).powi(n + 2) - f64::from(n + 2) * q * (1.0 - q).powi(n + 1);
            let got = qp(k, 2.0 * (phi - 1.0), phi);
            assert!((got - want).abs() < 1e-12, "k {k} φ {phi}: {got} vs {want}");
        }
    }

    #[test]
    fn neg_binomial_tail_matches_an_upward_sum_and_tends_to_poisson() {
        for (k, mean, phi) in [
            (3u64, 7.5, 2.5),
            (40, 120.0, 6.0),
            (150, 200.0, 81.0),
            (0, 50.0, 1.3),
        ] {
            let (got, want) = (qp(k, mean, phi), upward(k, mean, phi));
            assert!(
                (got - want).abs() <= 1e-11 * want.max(1e-300),
                "k {k} μ {mean} φ {phi}: {got} vs {want}"
            );
        }
        // Clustering widens the tail: the same shortfall is less surprising.
        assert!(qp(60, 100.0, 4.0) > 100.0 * poisson_cdf(60, 100.0));
        // φ → 1 is Poisson; φ ≤ 1 is Poisson exactly.
        let near = qp(80, 100.0, 1.0 + 1e-7);
        assert!((near - poisson_cdf(80, 100.0)).abs() < 1e-6, "{near}");
        assert_eq!(qp(80, 100.0, 0.7), poisson_cdf(80, 100.0));
        // A cell of hundreds expected and none there stays far beyond chance even at 81×
        // the Poisson variance: P(X = 0) = q^r = (1/81)^(300/80).
        let empty = qp(0, 300.0, 81.0);
        assert!(
            (empty - (1.0f64 / 81.0).powf(300.0 / 80.0)).abs() < 1e-18,
            "{empty}"
        );
        assert!(empty < 1e-6);
        // Large counts: summing thousands of terms down from k.
        let big = qp(9_000, 10_000.0, 3.0);
        assert!(big > 0.0 && big < 0.5, "{big}");
        assert_eq!(qp(5, 0.0, 3.0), 1.0);
    }

    #[test]
    fn bh_qvalues_are_monotone_and_capped() {
        let q = bh_qvalues(&[Some(0.01), None, Some(0.04), Some(0.03)]);
        assert_eq!(q[1], None);
        assert!((q[0].unwrap() - 0.03).abs() < 1e-12);
        assert!((q[3].unwrap() - 0.04).abs() < 1e-12);
        assert!((q[2].unwrap() - 0.04).abs() < 1e-12);
    }
}
