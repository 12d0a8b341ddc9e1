//! Li & Ma (1983, ApJ 272, 317) equation 17: the significance of an ON/OFF measurement,
//! the number IACT analyses quote for "is there a signal".

/// Li & Ma eq. 17 significance for `n_on` counts in the ON region, `n_off` in the OFF
/// regions and `alpha` = ON exposure / OFF exposure (1/N for N reflected regions).
///
/// Signed: negative when the ON counts are below the scaled OFF counts, so a deficit
/// is visible as such. A term with zero counts contributes zero (its limit), so empty
/// regions give a finite number; `alpha <= 0` or no counts at all give 0.
pub fn significance(n_on: f64, n_off: f64, alpha: f64) -> f64 {
    let total = n_on + n_off;
    if alpha <= 0.0 || total <= 0.0 || !alpha.is_finite() {
        return 0.0;
    }
    let term = |n: f64, ratio: f64| if n > 0.0 { n * ratio.ln() } else { 0.0 };
    let t_on = term(n_on, (1.0 + alpha) / alpha * (n_on / total));
    let t_off = term(n_off, (1.0 + alpha) * (n_off / total));
    let s = (2.0 * (t_on + t_off)).max(0.0).sqrt();
    if n_on < alpha * n_off {
        -s
    } else {
        s
    }
}

/// The excess counts, N_on − α·N_off.
pub fn excess(n_on: f64, n_off: f64, alpha: f64) -> f64 {
    n_on - alpha * n_off
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values computed by hand from eq. 17 with 30-digit arithmetic (Python `decimal`):
    /// S = sqrt(2) * sqrt(N_on ln[(1+a)/a · N_on/(N_on+N_off)] + N_off ln[(1+a) N_off/(N_on+N_off)]).
    #[test]
    fn matches_hand_computed_values() {
        let cases = [
            // (n_on, n_off, alpha, S)
            (18.0, 97.0, 0.1, 2.242170442484479), // gammapy's docs example: 2.2
            (13.0, 11.0, 0.5, 2.0928323684932785),
            (100.0, 300.0, 0.25, 2.43014353080209),
            (1000.0, 4000.0, 1.0 / 6.0, 11.000068242825326),
        ];
        for (on, off, a, want) in cases {
            let got = significance(on, off, a);
            assert!(
                (got - want).abs() < 1e-12,
                "S({on},{off},{a}) = {got}, want {want}"
            );
        }
    }

    #[test]
    fn deficit_is_negative_and_balance_is_zero() {
        assert!(significance(5.0, 100.0, 0.1) < -1.0);
        assert_eq!(significance(10.0, 100.0, 0.1), 0.0);
        // Swapping roles mirrors the sign for alpha = 1.
        let s = significance(30.0, 10.0, 1.0);
        assert!((s + significance(10.0, 30.0, 1.0)).abs() < 1e-12 && s > 3.0);
    }

    #[test]
    fn empty_regions_are_finite() {
        // N_off = 0: S = sqrt(2 N_on ln((1+a)/a)).
        let s = significance(4.0, 0.0, 0.2);
        assert!((s - (8.0 * 6.0f64.ln()).sqrt()).abs() < 1e-12);
        // N_on = 0: S = -sqrt(2 N_off ln(1+a)).
        let s = significance(0.0, 50.0, 0.2);
        assert!((s + (100.0 * 1.2f64.ln()).sqrt()).abs() < 1e-12);
        assert_eq!(significance(0.0, 0.0, 0.2), 0.0);
        assert_eq!(significance(3.0, 3.0, 0.0), 0.0);
    }

    #[test]
    fn large_counts_approach_the_gaussian_limit() {
        // For large counts with N_on ≈ α N_off, S ≈ excess / sqrt(α (1 + α) N_off).
        let (off, a): (f64, f64) = (1.0e8, 0.1);
        let on = a * off + 3.0 * (a * (1.0 + a) * off).sqrt();
        let s = significance(on, off, a);
        assert!((s - 3.0).abs() < 1e-3, "{s}");
    }
}
