//! Dates as astronomers type them (ISO 8601, UTC) and as ObsCore stores them (MJD).

/// MJD of 1970-01-01T00:00:00.
const MJD_UNIX_EPOCH: f64 = 40587.0;

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Reads "2019-03-14", "2019-03-14T02:30", "2019-03-14 02:30:15.5", with an optional
/// trailing "Z", as UTC, into MJD. A plain number is taken as an MJD already.
pub fn iso_to_mjd(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if let Ok(v) = t.parse::<f64>() {
        if (0.0..200_000.0).contains(&v) {
            return Ok(v);
        }
    }
    let bad = || {
        format!("{t:?} is not a date: write it as 2019-03-14 or 2019-03-14T02:30:00 (UTC), or as an MJD")
    };
    let t = t.trim_end_matches('Z');
    let (date, clock) = match t.find(['T', ' ']) {
        Some(p) => (&t[..p], Some(&t[p + 1..])),
        None => (t, None),
    };
    let mut d = date.split('-');
    let y: i64 = d.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    let m: u32 = d.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    let day: u32 = d.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    if d.next().is_some()
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&day)
        || !(1000..=9999).contains(&y)
    {
        return Err(bad());
    }
    let days_in_month = civil_from_days(days_from_civil(y, m % 12 + 1, 1) - 1).2;
    let days_in_month = if m == 12 { 31 } else { days_in_month };
    if day > days_in_month {
        return Err(format!("{date:?} has no such day"));
    }
    let mut seconds = 0.0;
    if let Some(c) = clock.filter(|c| !c.is_empty()) {
        let parts: Vec<&str> = c.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return Err(bad());
        }
        let h: f64 = parts[0].parse().map_err(|_| bad())?;
        let mi: f64 = parts[1].parse().map_err(|_| bad())?;
        let s: f64 = parts
            .get(2)
            .map_or(Ok(0.0), |s| s.parse())
            .map_err(|_| bad())?;
        if !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&mi) || !(0.0..61.0).contains(&s) {
            return Err(bad());
        }
        seconds = h * 3600.0 + mi * 60.0 + s;
    }
    Ok(days_from_civil(y, m, day) as f64 + MJD_UNIX_EPOCH + seconds / 86400.0)
}

/// "2019-03-14T02:30:15" (UTC, to the second) for an MJD.
pub fn mjd_to_iso(mjd: f64) -> String {
    let total = ((mjd - MJD_UNIX_EPOCH) * 86400.0).round() as i64;
    let days = total.div_euclid(86400);
    let secs = total.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(iso_to_mjd("1858-11-17").unwrap(), 0.0);
        assert_eq!(iso_to_mjd("2000-01-01T12:00:00").unwrap(), 51544.5);
        assert_eq!(
            iso_to_mjd("2004-03-26T02:57:46Z").unwrap(),
            53090.0 + (2.0 * 3600.0 + 57.0 * 60.0 + 46.0) / 86400.0
        );
        assert_eq!(iso_to_mjd("53090.5").unwrap(), 53090.5);
        assert!(iso_to_mjd("2019-02-30").is_err());
        assert!(iso_to_mjd("yesterday").is_err());
        assert!(iso_to_mjd("2019-13-01").is_err());
    }

    #[test]
    fn round_trip() {
        for mjd in [0.0, 51544.5, 53090.12345, 60676.999] {
            let iso = mjd_to_iso(mjd);
            assert!(
                (iso_to_mjd(&iso).unwrap() - mjd).abs() < 1.0 / 86400.0,
                "{mjd} {iso}"
            );
        }
        assert_eq!(mjd_to_iso(51544.5), "2000-01-01T12:00:00");
    }
}
