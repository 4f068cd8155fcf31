//! The statistics of the sparse test: the Poisson lower tail and Benjamini–Hochberg
//! q-values, written out so that no statistics crate is needed for two functions.

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
    fn bh_qvalues_are_monotone_and_capped() {
        let q = bh_qvalues(&[Some(0.01), None, Some(0.04), Some(0.03)]);
        assert_eq!(q[1], None);
        assert!((q[0].unwrap() - 0.03).abs() < 1e-12);
        assert!((q[3].unwrap() - 0.04).abs() < 1e-12);
        assert!((q[2].unwrap() - 0.04).abs() < 1e-12);
    }
}
