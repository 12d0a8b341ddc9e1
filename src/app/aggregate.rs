//! Looking at more rows than a browser should hold: the service computes histograms and
//! sky densities with ADQL aggregates (GROUP BY over binned expressions; HEALPix indexes
//! where the service declares ivo_healpix_index), and only the bins travel.

use crate::standards::adql::number;
use crate::standards::adql::quote::identifier;
use crate::standards::votable::Table;

/// The query, made into a derived table: `SELECT … FROM (query) AS q`. TOP is kept (the
/// user asked for it); a trailing ORDER BY is harmless inside for most services but is
/// dropped to be safe.
fn derived(query: &str) -> String {
    let q = query.trim().trim_end_matches(';');
    let upper = q.to_ascii_uppercase();
    let body = match upper.rfind("ORDER BY") {
        Some(p) if !upper[p..].contains(')') => &q[..p],
        _ => q,
    };
    format!("({}) AS q", body.trim())
}

pub fn count(query: &str) -> String {
    format!("SELECT COUNT(*) AS n FROM {}", derived(query))
}

/// Min and max of a column over the whole query.
pub fn range(query: &str, column: &str) -> String {
    let c = identifier(column);
    format!(
        "SELECT MIN({c}) AS lo, MAX({c}) AS hi, COUNT({c}) AS n FROM {}",
        derived(query)
    )
}

/// A histogram of `column` with `bins` bins over [lo, hi] (log10 bins when `log`).
pub fn histogram(
    query: &str,
    column: &str,
    lo: f64,
    hi: f64,
    bins: u32,
    log: bool,
) -> Option<String> {
    let c = identifier(column);
    let (a, b) = if log {
        (lo.log10(), hi.log10())
    } else {
        (lo, hi)
    };
    if !(a.is_finite() && b.is_finite() && b > a) || bins == 0 {
        return None;
    }
    let width = (b - a) / bins as f64;
    let value = if log {
        format!("LOG10({c})")
    } else {
        c.clone()
    };
    let positive = if log {
        format!(" AND {c} > 0")
    } else {
        String::new()
    };
    Some(format!(
        "SELECT FLOOR(({value} - {a}) / {w}) AS bin, COUNT(*) AS n FROM {d} WHERE {c} >= {lo} AND {c} <= {hi}{positive} GROUP BY FLOOR(({value} - {a}) / {w})",
        a = number(a)?,
        w = number(width)?,
        lo = number(lo)?,
        hi = number(hi)?,
        d = derived(query)
    ))
}

/// Counts per sky cell: HEALPix (nested, `order`) when the service has
/// ivo_healpix_index, else a grid of `step`-degree cells in RA/Dec.
pub fn sky_density(
    query: &str,
    ra: &str,
    dec: &str,
    healpix_order: Option<u8>,
    step: f64,
) -> Option<String> {
    let (a, d) = (identifier(ra), identifier(dec));
    let from = derived(query);
    Some(match healpix_order {
        Some(order) => format!(
            "SELECT ivo_healpix_index({order}, {a}, {d}) AS hpx, COUNT(*) AS n FROM {from} WHERE {a} IS NOT NULL AND {d} IS NOT NULL GROUP BY ivo_healpix_index({order}, {a}, {d})"
        ),
        None => {
            let s = number(step)?;
            format!(
                "SELECT FLOOR({a} / {s}) AS ra_bin, FLOOR(({d} + 90) / {s}) AS dec_bin, COUNT(*) AS n FROM {from} WHERE {a} IS NOT NULL AND {d} IS NOT NULL GROUP BY FLOOR({a} / {s}), FLOOR(({d} + 90) / {s})"
            )
        }
    })
}

/// The centre (ra, dec) of a nested HEALPix cell at `order`.
pub fn healpix_center(order: u8, index: u64) -> (f64, f64) {
    use std::f64::consts::PI;
    let nside = 1u64 << order;
    let npface = nside * nside;
    let face = index / npface;
    let within = index % npface;
    // De-interleave the bits: x from the even ones, y from the odd ones.
    let (mut ix, mut iy) = (0u64, 0u64);
    for b in 0..order as u32 {
        ix |= ((within >> (2 * b)) & 1) << b;
        iy |= ((within >> (2 * b + 1)) & 1) << b;
    }
    let jrll = [2i64, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
    let jpll = [1i64, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];
    let ns = nside as i64;
    let jr = jrll[face as usize] * ns - ix as i64 - iy as i64 - 1;
    let (nr, z, kshift) = if jr < ns {
        let nr = jr;
        (nr, 1.0 - (nr * nr) as f64 / (3.0 * (ns * ns) as f64), 0)
    } else if jr > 3 * ns {
        let nr = 4 * ns - jr;
        (nr, -(1.0 - (nr * nr) as f64 / (3.0 * (ns * ns) as f64)), 0)
    } else {
        (
            ns,
            (2 * ns - jr) as f64 * 2.0 / (3 * ns) as f64,
            (jr - ns) & 1,
        )
    };
    let mut jp = (jpll[face as usize] * nr + ix as i64 - iy as i64 + 1 + kshift) / 2;
    if jp > 4 * ns {
        jp -= 4 * ns;
    }
    if jp < 1 {
        jp += 4 * ns;
    }
    let phi = (jp as f64 - (kshift + 1) as f64 * 0.5) * (PI / 2.0 / nr as f64);
    (
        phi.to_degrees().rem_euclid(360.0),
        z.clamp(-1.0, 1.0).asin().to_degrees(),
    )
}

/// The number in the first row of a column, from an aggregate's answer.
pub fn scalar(table: &Table, column: &str) -> Option<f64> {
    let c = table.column(column)?;
    (!c.is_empty()).then(|| c.f64_at(0)).flatten()
}

/// Bin counts from the answer of [`histogram`]: `bins` counts, the value equal to the
/// upper edge counted in the last bin (FLOOR puts it one past the end).
pub fn histogram_counts(table: &Table, bins: u32) -> Result<Vec<u64>, String> {
    let (Some(b), Some(n)) = (table.column("bin"), table.column("n")) else {
        return Err("the service's answer has no bin/n columns".into());
    };
    let mut counts = vec![0u64; bins as usize];
    for i in 0..b.len() {
        let (Some(bin), Some(count)) = (b.f64_at(i), n.f64_at(i)) else {
            continue;
        };
        if !(bin >= 0.0 && count >= 0.0) {
            continue;
        }
        let k = (bin as usize).min(counts.len().saturating_sub(1));
        if let Some(slot) = counts.get_mut(k) {
            *slot += count as u64;
        }
    }
    Ok(counts)
}

/// Cells of a sky density from the answer of [`sky_density`]: (ra, dec, count) at each
/// cell's centre.
pub fn sky_cells(
    table: &Table,
    healpix_order: Option<u8>,
    step: f64,
) -> Result<Vec<(f64, f64, u64)>, String> {
    let n = table
        .column("n")
        .ok_or("the service's answer has no n column")?;
    let mut out = Vec::with_capacity(n.len());
    match healpix_order {
        Some(order) => {
            let h = table
                .column("hpx")
                .ok_or("the service's answer has no hpx column")?;
            let cells = 12u64 << (2 * order as u32);
            for i in 0..h.len() {
                let (Some(index), Some(count)) = (h.f64_at(i), n.f64_at(i)) else {
                    continue;
                };
                if index >= 0.0 && (index as u64) < cells {
                    let (ra, dec) = healpix_center(order, index as u64);
                    out.push((ra, dec, count as u64));
                }
            }
        }
        None => {
            let (Some(a), Some(d)) = (table.column("ra_bin"), table.column("dec_bin")) else {
                return Err("the service's answer has no ra_bin/dec_bin columns".into());
            };
            for i in 0..a.len() {
                let (Some(x), Some(y), Some(count)) = (a.f64_at(i), d.f64_at(i), n.f64_at(i))
                else {
                    continue;
                };
                let ra = ((x + 0.5) * step).rem_euclid(360.0);
                let dec = ((y + 0.5) * step - 90.0).clamp(-90.0, 90.0);
                out.push((ra, dec, count as u64));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::adql::{check, Dialect};

    const Q: &str = "SELECT TOP 1000 * FROM ivoa.obscore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.6, 22.0, 1)) ORDER BY t_min";

    #[test]
    fn aggregate_queries_are_valid_adql() {
        let d = Dialect {
            allow_ivo_prefix: true,
            ..Dialect::default()
        };
        for q in [
            count(Q),
            range(Q, "t_exptime"),
            histogram(Q, "t_exptime", 0.0, 2000.0, 20, false).unwrap(),
            histogram(Q, "em_min", 1e-20, 1e-17, 30, true).unwrap(),
            sky_density(Q, "s_ra", "s_dec", Some(5), 1.0).unwrap(),
            sky_density(Q, "s_ra", "s_dec", None, 2.0).unwrap(),
        ] {
            check(&q, &d).unwrap_or_else(|e| panic!("{q}: {e}"));
            assert!(!q.contains("ORDER BY"), "{q}");
        }
        assert!(histogram(Q, "x", 1.0, 1.0, 10, false).is_none());
    }

    #[test]
    fn answers_become_bins_and_cells() {
        let doc = crate::standards::votable::parse(
            br#"<VOTABLE><RESOURCE type="results"><TABLE>
            <FIELD name="bin" datatype="double"/><FIELD name="n" datatype="long"/>
            <DATA><TABLEDATA><TR><TD>0</TD><TD>5</TD></TR><TR><TD>3</TD><TD>2</TD></TR>
            <TR><TD>4</TD><TD>1</TD></TR><TR><TD/><TD>9</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#,
        )
        .unwrap();
        let t = doc.results_table().unwrap();
        // Bin 4 is the upper edge (FLOOR of (hi-lo)/w): counted in the last bin.
        assert_eq!(histogram_counts(t, 4).unwrap(), vec![5, 0, 0, 3]);
        assert_eq!(scalar(t, "n"), Some(5.0));
        let doc = crate::standards::votable::parse(
            br#"<VOTABLE><RESOURCE type="results"><TABLE>
            <FIELD name="ra_bin" datatype="double"/><FIELD name="dec_bin" datatype="double"/><FIELD name="n" datatype="long"/>
            <DATA><TABLEDATA><TR><TD>41</TD><TD>112</TD><TD>7</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#,
        )
        .unwrap();
        let t = doc.results_table().unwrap();
        // 0.5-degree cells: ra 20.5..21, dec -34..-33.5.
        assert_eq!(sky_cells(t, None, 0.5).unwrap(), vec![(20.75, -33.75, 7)]);
        assert!(sky_cells(t, Some(3), 0.5).is_err());
    }

    #[test]
    fn healpix_centres() {
        // Order 0: the 12 base pixels; pixel 4 is centred on (0°, 0°), pixel 0 at (45°, 41.8°).
        let (ra, dec) = healpix_center(0, 4);
        assert!(ra.abs() < 1e-9 || (ra - 360.0).abs() < 1e-9, "{ra}");
        assert!(dec.abs() < 1e-9);
        let (ra, dec) = healpix_center(0, 0);
        assert!(
            (ra - 45.0).abs() < 1e-9 && (dec - 41.8103).abs() < 1e-3,
            "{ra} {dec}"
        );
        // Nested order 1, index 0 lies within base pixel 0.
        let (ra, dec) = healpix_center(1, 0);
        assert!(ra > 0.0 && ra < 90.0 && dec > 0.0, "{ra} {dec}");
    }
}
